//! In-process workers over the durable queue: claim with a lease, renew it while running, retry
//! with exponential backoff, give up as `failed` with the reason after the last attempt. On
//! shutdown a worker stops claiming, lets its running job finish within a grace period, and
//! otherwise gives the job back.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, broadcast, watch};
use tokio::task::JoinHandle;
use tracing::Instrument;

use super::Ctx;
use crate::github::GithubError;
use crate::store::{ClaimedJob, now_ms};

/// How the workers behave.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub workers: usize,
    pub lease: Duration,
    pub retry_base: Duration,
    pub poll: Duration,
    /// How long a running job may continue after shutdown starts before it is given back.
    pub shutdown_grace: Duration,
}

/// What happened to a job (for tests and metrics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobEvent {
    Done {
        id: i64,
        kind: String,
    },
    Retrying {
        id: i64,
        kind: String,
        error: String,
    },
    Failed {
        id: i64,
        kind: String,
        error: String,
    },
    Released {
        id: i64,
        kind: String,
    },
}

/// The running workers.
pub struct WorkerPool {
    handles: Vec<JoinHandle<()>>,
    stop: watch::Sender<bool>,
    wake: Arc<Notify>,
    events: broadcast::Sender<JobEvent>,
}

impl WorkerPool {
    /// Starts `settings.workers` workers.
    pub fn start(ctx: Arc<Ctx>, settings: WorkerSettings) -> WorkerPool {
        let (stop, stop_rx) = watch::channel(false);
        let wake = Arc::new(Notify::new());
        let (events, _) = broadcast::channel(1024);
        let instance = uuid::Uuid::new_v4().simple().to_string();
        let handles = (0..settings.workers)
            .map(|i| {
                let worker = Worker {
                    ctx: ctx.clone(),
                    settings: settings.clone(),
                    owner: format!("{}-{}-w{i}", std::process::id(), &instance[..8]),
                    stop: stop_rx.clone(),
                    wake: wake.clone(),
                    events: events.clone(),
                };
                tokio::spawn(worker.run())
            })
            .collect();
        WorkerPool {
            handles,
            stop,
            wake,
            events,
        }
    }

    /// Wakes idle workers (called after intake queued something).
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    /// Job outcomes as they happen.
    pub fn subscribe(&self) -> broadcast::Receiver<JobEvent> {
        self.events.subscribe()
    }

    /// Stops claiming, waits for running jobs (each within its grace period) and returns.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        for h in self.handles {
            let _ = h.await;
        }
    }

    /// Stops the workers at once, as a crash would: running jobs keep their lease until it
    /// expires. (Used to test recovery.)
    pub fn abort(self) {
        for h in &self.handles {
            h.abort();
        }
    }
}

struct Worker {
    ctx: Arc<Ctx>,
    settings: WorkerSettings,
    owner: String,
    stop: watch::Receiver<bool>,
    wake: Arc<Notify>,
    events: broadcast::Sender<JobEvent>,
}

impl Worker {
    async fn run(mut self) {
        let lease_ms = self.settings.lease.as_millis() as i64;
        while !*self.stop.borrow() {
            match self.ctx.store.claim_next_job(&self.owner, lease_ms).await {
                Ok(Some(job)) => self.process(job).await,
                Ok(None) => {
                    tokio::select! {
                        _ = self.wake.notified() => {}
                        _ = tokio::time::sleep(self.settings.poll) => {}
                        _ = self.stop.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), "claiming a job failed");
                    tokio::time::sleep(self.settings.poll).await;
                }
            }
        }
    }

    async fn process(&self, job: ClaimedJob) {
        let span = tracing::info_span!("job", job = job.id, kind = %job.kind, key = %job.job_key,
            delivery = job.delivery_id.as_deref().unwrap_or(""), attempt = job.attempts);
        async {
            if job.attempts > job.max_attempts {
                // Its earlier holders died mid-run more times than it may be tried.
                let error = format!("gave up after {} attempts (the job's lease kept expiring)", job.max_attempts);
                self.finish_failed(&job, error).await;
                return;
            }
            tracing::info!("job started");
            let started = std::time::Instant::now();
            let outcome = self.run_job(&job).await;
            let result = match &outcome {
                Outcome::Finished(Ok(())) => "done",
                Outcome::Finished(Err(_)) if job.attempts >= job.max_attempts => "failed",
                Outcome::Finished(Err(_)) => "retry",
                Outcome::Stopped => "released",
                Outcome::LeaseLost => "lease_lost",
            };
            self.ctx.metrics.job(&job.kind, result, started.elapsed());
            let store = &self.ctx.store;
            match outcome {
                Outcome::Stopped => {
                    tracing::warn!("shutdown: job given back to the queue");
                    if let Err(e) = store.release_job(job.id, &self.owner).await {
                        tracing::error!(error = %format!("{e:#}"), "releasing the job failed");
                    }
                    self.emit(JobEvent::Released { id: job.id, kind: job.kind.clone() });
                }
                Outcome::LeaseLost => {
                    // Another worker owns the job now; it decides the result.
                    tracing::warn!("lease lost: the job was stopped here");
                }
                Outcome::Finished(Ok(())) => {
                    if self.record_done(&job).await {
                        tracing::info!("job done");
                        self.emit(JobEvent::Done { id: job.id, kind: job.kind.clone() });
                    }
                }
                Outcome::Finished(Err(e)) => {
                    let error = format!("{e:#}");
                    if job.attempts >= job.max_attempts {
                        self.finish_failed(&job, error).await;
                    } else {
                        let delay = self.retry_delay(job.attempts, &e);
                        tracing::warn!(error = %error, retry_in_ms = delay.as_millis() as u64, "job failed; will retry");
                        if let Err(e) = store
                            .fail_job(job.id, &self.owner, &error, Some(now_ms() + delay.as_millis() as i64))
                            .await
                        {
                            tracing::error!(error = %format!("{e:#}"), "recording the retry failed");
                        }
                        self.emit(JobEvent::Retrying { id: job.id, kind: job.kind.clone(), error });
                    }
                }
            }
        }
        .instrument(span)
        .await
    }

    /// Runs the job in its own task (a panic there is a failed attempt, not a dead worker) while
    /// renewing its lease. The job is stopped when the lease is lost, or when shutdown comes and
    /// the grace period runs out.
    async fn run_job(&self, job: &ClaimedJob) -> Outcome {
        let ctx = self.ctx.clone();
        let claimed = job.clone();
        let span = tracing::Span::current();
        // Aborted when this future is dropped too (a worker stopped at once takes its job down).
        let mut task = AbortOnDrop(tokio::spawn(
            async move { super::run(&ctx, &claimed).await }.instrument(span),
        ));
        let heartbeat = heartbeat(
            self.ctx.store.clone(),
            self.owner.clone(),
            job.id,
            self.settings.lease,
        );
        tokio::pin!(heartbeat);
        let mut stop = self.stop.clone();
        let grace = async {
            let _ = stop.wait_for(|s| *s).await;
            tokio::time::sleep(self.settings.shutdown_grace).await;
        };
        tokio::pin!(grace);
        let outcome = tokio::select! {
            joined = &mut task.0 => Outcome::Finished(match joined {
                Ok(result) => result,
                Err(e) if e.is_panic() => Err(anyhow::anyhow!("the job panicked: {}", panic_message(e))),
                Err(e) => Err(anyhow::anyhow!("the job was cancelled: {e}")),
            }),
            _ = &mut heartbeat => Outcome::LeaseLost,
            _ = &mut grace => Outcome::Stopped,
        };
        drop(task);
        outcome
    }

    /// Records success, retrying a failing database a few times so that a finished job is not
    /// run again; false when the job is not ours any more or the write kept failing.
    async fn record_done(&self, job: &ClaimedJob) -> bool {
        for attempt in 1..=5u32 {
            match self.ctx.store.complete_job(job.id, &self.owner).await {
                Ok(true) => return true,
                Ok(false) => {
                    tracing::warn!("job finished after its lease was taken over");
                    return false;
                }
                Err(e) => {
                    tracing::error!(error = %format!("{e:#}"), attempt, "recording the job as done failed");
                    tokio::time::sleep(Duration::from_millis(200) * 2u32.pow(attempt)).await;
                }
            }
        }
        false
    }

    async fn finish_failed(&self, job: &ClaimedJob, error: String) {
        tracing::error!(error = %error, "job failed for good");
        if let Err(e) = self
            .ctx
            .store
            .fail_job(job.id, &self.owner, &error, None)
            .await
        {
            tracing::error!(error = %format!("{e:#}"), "recording the failure failed");
        }
        if let Err(e) = super::report_failure(&self.ctx, job).await {
            tracing::warn!(error = %format!("{e:#}"), "could not tell the commenter about the failure");
        }
        self.emit(JobEvent::Failed {
            id: job.id,
            kind: job.kind.clone(),
            error,
        });
    }

    fn retry_delay(&self, attempts: i64, error: &anyhow::Error) -> Duration {
        let exp = (attempts - 1).clamp(0, 16) as u32;
        let backoff = self.settings.retry_base.saturating_mul(2u32.pow(exp));
        let limited = error
            .chain()
            .find_map(|c| match c.downcast_ref::<GithubError>() {
                Some(GithubError::RateLimited {
                    retry_after_secs, ..
                }) => Some(Duration::from_secs(*retry_after_secs)),
                _ => None,
            });
        backoff
            .max(limited.unwrap_or_default())
            .min(Duration::from_secs(3600))
    }

    fn emit(&self, event: JobEvent) {
        let _ = self.events.send(event);
    }
}

/// Aborts the task when dropped.
struct AbortOnDrop<T>(JoinHandle<T>);

impl<T> Drop for AbortOnDrop<T> {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// How a run of a job ended.
enum Outcome {
    Finished(anyhow::Result<()>),
    /// Shutdown came and the grace period ran out.
    Stopped,
    /// The lease could not be renewed; another worker may hold the job.
    LeaseLost,
}

fn panic_message(e: tokio::task::JoinError) -> String {
    let payload = e.into_panic();
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}

/// Renews a running job's lease every third of its length; returns when the lease is lost.
async fn heartbeat(store: crate::store::Store, owner: String, id: i64, lease: Duration) {
    let mut renewed_at = tokio::time::Instant::now();
    loop {
        tokio::time::sleep(lease / 3).await;
        match store
            .extend_lease(id, &owner, lease.as_millis() as i64)
            .await
        {
            Ok(true) => renewed_at = tokio::time::Instant::now(),
            Ok(false) => {
                tracing::warn!(job = id, "lease lost");
                return;
            }
            Err(e) => {
                tracing::warn!(job = id, error = %format!("{e:#}"), "renewing the lease failed");
                // Past the lease, another worker may have claimed the job: stop here.
                if renewed_at.elapsed() >= lease {
                    return;
                }
            }
        }
    }
}
