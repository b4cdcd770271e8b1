//! Webhook deliveries and the durable job queue.
//!
//! A job is claimed with a lease; a worker that dies leaves a lease that expires, and the job is
//! claimable again. Completing or failing a job checks the lease owner, so a worker whose lease
//! was taken over cannot overwrite the new owner's result.

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Backend, Store, now_ms};

/// A webhook delivery as recorded at intake.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// GitHub's `X-GitHub-Delivery` GUID (kept by redeliveries).
    pub id: String,
    pub event: String,
    pub action: Option<String>,
    pub installation_id: Option<i64>,
    pub repo: Option<String>,
}

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: String,
    /// Unique identity of the work: enqueueing the same key twice queues it once.
    pub job_key: String,
    /// JSON text.
    pub payload: String,
    pub max_attempts: i64,
    /// Unix ms before which the job is not claimed.
    pub run_after: i64,
}

/// What recording a delivery did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryOutcome {
    /// The delivery id was seen before: nothing new was queued.
    Duplicate,
    /// Recorded, with this many new jobs.
    Recorded { jobs_queued: usize },
}

/// A job a worker holds the lease on.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: i64,
    pub kind: String,
    pub job_key: String,
    pub payload: String,
    pub delivery_id: Option<String>,
    /// Attempts including this one.
    pub attempts: i64,
    pub max_attempts: i64,
}

/// A job's state as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobState {
    pub id: i64,
    pub kind: String,
    pub job_key: String,
    pub state: String,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Number of jobs in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

const INSERT_JOB: &str = "INSERT INTO jobs (kind, job_key, payload, delivery_id, state, attempts, \
     max_attempts, run_after, created_at, updated_at) \
     VALUES ($1, $2, $3, $4, 'queued', 0, $5, $6, $7, $7) ON CONFLICT (job_key) DO NOTHING";

const CLAIM_SQLITE: &str = "UPDATE jobs SET state = 'running', lease_owner = $1, \
     lease_expires_at = $2, attempts = attempts + 1, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs \
        WHERE (state = 'queued' AND run_after <= $3) OR (state = 'running' AND lease_expires_at < $3) \
        ORDER BY run_after, id LIMIT 1) \
     RETURNING id, kind, job_key, payload, delivery_id, attempts, max_attempts";

const CLAIM_POSTGRES: &str = "UPDATE jobs SET state = 'running', lease_owner = $1, \
     lease_expires_at = $2, attempts = attempts + 1, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs \
        WHERE (state = 'queued' AND run_after <= $3) OR (state = 'running' AND lease_expires_at < $3) \
        ORDER BY run_after, id LIMIT 1 FOR UPDATE SKIP LOCKED) \
     RETURNING id, kind, job_key, payload, delivery_id, attempts, max_attempts";

impl Store {
    /// Records a delivery and the jobs it implies in ONE transaction. A delivery id seen before
    /// changes nothing.
    pub async fn record_delivery(
        &self,
        delivery: &NewDelivery,
        jobs: &[NewJob],
    ) -> Result<DeliveryOutcome> {
        let now = now_ms();
        let mut tx = self
            .pool
            .begin()
            .await
            .context("begin intake transaction")?;
        let inserted = sqlx::query(
            "INSERT INTO deliveries (id, event, action, installation_id, repo, received_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING",
        )
        .bind(&delivery.id)
        .bind(&delivery.event)
        .bind(&delivery.action)
        .bind(delivery.installation_id)
        .bind(&delivery.repo)
        .bind(now)
        .execute(&mut *tx)
        .await
        .context("insert delivery")?
        .rows_affected();
        if inserted == 0 {
            tx.rollback().await.ok();
            return Ok(DeliveryOutcome::Duplicate);
        }
        let mut queued = 0;
        for job in jobs {
            queued += sqlx::query(INSERT_JOB)
                .bind(&job.kind)
                .bind(&job.job_key)
                .bind(&job.payload)
                .bind(&delivery.id)
                .bind(job.max_attempts)
                .bind(job.run_after)
                .bind(now)
                .execute(&mut *tx)
                .await
                .context("insert job")?
                .rows_affected() as usize;
        }
        tx.commit().await.context("commit intake transaction")?;
        Ok(DeliveryOutcome::Recorded {
            jobs_queued: queued,
        })
    }

    /// Enqueues one job outside a delivery (schedules, follow-ups). Returns false when a job with
    /// the same key already exists.
    pub async fn enqueue(&self, job: &NewJob) -> Result<bool> {
        let n = sqlx::query(INSERT_JOB)
            .bind(&job.kind)
            .bind(&job.job_key)
            .bind(&job.payload)
            .bind(None::<String>)
            .bind(job.max_attempts)
            .bind(job.run_after)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .context("enqueue job")?
            .rows_affected();
        Ok(n == 1)
    }

    /// Claims the next ready job (or one whose lease expired) for `owner`, for `lease_ms`.
    pub async fn claim_next_job(&self, owner: &str, lease_ms: i64) -> Result<Option<ClaimedJob>> {
        let now = now_ms();
        let sql = match self.backend {
            Backend::Sqlite => CLAIM_SQLITE,
            Backend::Postgres => CLAIM_POSTGRES,
        };
        let row = sqlx::query(sql)
            .bind(owner)
            .bind(now + lease_ms)
            .bind(now)
            .fetch_optional(&self.pool)
            .await
            .context("claim job")?;
        row.map(|r| -> Result<ClaimedJob> {
            Ok(ClaimedJob {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                job_key: r.try_get("job_key")?,
                payload: r.try_get("payload")?,
                delivery_id: r.try_get("delivery_id")?,
                attempts: r.try_get("attempts")?,
                max_attempts: r.try_get("max_attempts")?,
            })
        })
        .transpose()
    }

    /// Extends the lease of a running job; false when the lease is no longer ours.
    pub async fn extend_lease(&self, id: i64, owner: &str, lease_ms: i64) -> Result<bool> {
        let now = now_ms();
        let n = sqlx::query(
            "UPDATE jobs SET lease_expires_at = $1, updated_at = $2 \
             WHERE id = $3 AND lease_owner = $4 AND state = 'running'",
        )
        .bind(now + lease_ms)
        .bind(now)
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await
        .context("extend lease")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Marks a job done; false when the lease is no longer ours.
    pub async fn complete_job(&self, id: i64, owner: &str) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL, \
             last_error = NULL, updated_at = $1 WHERE id = $2 AND lease_owner = $3 AND state = 'running'",
        )
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await
        .context("complete job")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Records a failed attempt: back to the queue at `retry_at` (unix ms), or `failed` for good
    /// when `retry_at` is None.
    pub async fn fail_job(
        &self,
        id: i64,
        owner: &str,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<bool> {
        let (state, run_after) = match retry_at {
            Some(at) => ("queued", at),
            None => ("failed", now_ms()),
        };
        let n = sqlx::query(
            "UPDATE jobs SET state = $1, run_after = $2, last_error = $3, lease_owner = NULL, \
             lease_expires_at = NULL, updated_at = $4 \
             WHERE id = $5 AND lease_owner = $6 AND state = 'running'",
        )
        .bind(state)
        .bind(run_after)
        .bind(error)
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await
        .context("fail job")?
        .rows_affected();
        Ok(n == 1)
    }

    /// Gives a job back without counting the attempt (graceful shutdown).
    pub async fn release_job(&self, id: i64, owner: &str) -> Result<bool> {
        let n = sqlx::query(
            "UPDATE jobs SET state = 'queued', attempts = attempts - 1, lease_owner = NULL, \
             lease_expires_at = NULL, updated_at = $1 \
             WHERE id = $2 AND lease_owner = $3 AND state = 'running'",
        )
        .bind(now_ms())
        .bind(id)
        .bind(owner)
        .execute(&self.pool)
        .await
        .context("release job")?
        .rows_affected();
        Ok(n == 1)
    }

    /// One job's state.
    pub async fn job_state(&self, id: i64) -> Result<Option<JobState>> {
        let row = sqlx::query(
            "SELECT id, kind, job_key, state, attempts, last_error FROM jobs WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .context("read job")?;
        row.map(|r| job_state_from_row(&r)).transpose()
    }

    /// Every job, oldest first (for tests, the dashboard and `replay`).
    pub async fn list_jobs(&self) -> Result<Vec<JobState>> {
        let rows = sqlx::query(
            "SELECT id, kind, job_key, state, attempts, last_error FROM jobs ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .context("list jobs")?;
        rows.iter().map(job_state_from_row).collect()
    }

    /// Number of jobs in each state.
    pub async fn job_counts(&self) -> Result<JobCounts> {
        let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM jobs GROUP BY state")
            .fetch_all(&self.pool)
            .await
            .context("count jobs")?;
        let mut counts = JobCounts::default();
        for row in rows {
            let state: String = row.try_get("state")?;
            let n: i64 = row.try_get("n")?;
            match state.as_str() {
                "queued" => counts.queued = n,
                "running" => counts.running = n,
                "done" => counts.done = n,
                "failed" => counts.failed = n,
                _ => {}
            }
        }
        Ok(counts)
    }

    /// Jobs by (kind, state).
    pub async fn job_counts_by_kind(&self) -> Result<Vec<(String, String, i64)>> {
        let rows = sqlx::query(
            "SELECT kind, state, COUNT(*) AS n FROM jobs GROUP BY kind, state ORDER BY kind, state",
        )
        .fetch_all(&self.pool)
        .await
        .context("count jobs")?;
        rows.iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("state")?, r.try_get("n")?)))
            .collect()
    }

    /// Number of recorded deliveries.
    pub async fn delivery_count(&self) -> Result<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM deliveries")
            .fetch_one(&self.pool)
            .await
            .context("count deliveries")?;
        Ok(row.try_get("n")?)
    }
}

fn job_state_from_row(r: &sqlx::any::AnyRow) -> Result<JobState> {
    Ok(JobState {
        id: r.try_get("id")?,
        kind: r.try_get("kind")?,
        job_key: r.try_get("job_key")?,
        state: r.try_get("state")?,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
    })
}
