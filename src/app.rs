//! Wiring: settings → store, clients, router and workers; start, stop, crash.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use tokio::sync::{broadcast, oneshot};
use tokio::task::JoinHandle;

use crate::config::{Role, Settings};
use crate::cost::PriceTable;
use crate::github::GithubApp;
use crate::github::attachments::Attachments;
use crate::github::client::RetryPolicy;
use crate::jobs::{Ctx, JobEvent, WorkerPool, WorkerSettings};
use crate::live::LiveConfig;
use crate::llm::LlmClient;
use crate::llm::models::ModelTable;
use crate::metrics::Metrics;
use crate::server::{self, AppState, Readiness};
use crate::store::Store;
use crate::templates::Texts;

/// A running minibot: the HTTP server and (unless `--role web`) the workers.
pub struct Running {
    /// Where the server listens (the real port when `:0` was asked for).
    pub addr: SocketAddr,
    pub store: Store,
    workers: Option<WorkerPool>,
    server: JoinHandle<()>,
    stop_server: oneshot::Sender<()>,
    watcher: JoinHandle<()>,
    scheduler: Option<JoinHandle<()>>,
}

/// Builds the job context from the settings.
pub async fn build_ctx(settings: &Settings, store: Store) -> Result<Ctx> {
    let prices = PriceTable::load(settings.llm.prices.as_deref())?;
    let github = match (&settings.github_app_id, &settings.github_private_key) {
        (Some(id), Some(key)) => Some(
            GithubApp::new(*id, key, &settings.github_api_url)?.with_retry(RetryPolicy {
                base_delay: Duration::from_millis(settings.github_retry_base_ms),
                ..RetryPolicy::default()
            }),
        ),
        _ => None,
    };
    Ok(Ctx {
        store,
        github,
        llm: {
            let mut llm = LlmClient::new(
                &settings.llm.openai_base_url,
                settings.llm.openai_api_key.as_ref(),
                Duration::from_secs(settings.llm.model_timeout_secs),
            )?;
            llm.batch_poll = Duration::from_millis(settings.llm.batch_poll_ms.max(10));
            llm.batch_deadline = Duration::from_secs(settings.llm.batch_deadline_secs);
            llm
        },
        prices,
        models: ModelTable::load(settings.llm.models.as_deref())?,
        attachments: Attachments::new(&settings.github_api_url)?,
        live: Arc::new(LiveConfig::load(
            settings.config.as_deref(),
            &settings.llm.model,
        )?),
        metrics: Arc::new(Metrics::default()),
        texts: Texts::load()?,
        model: settings.llm.model.clone(),
        context_tokens: settings.llm.context_tokens,
        max_output_tokens: settings.llm.max_output_tokens,
    })
}

/// Connects the database, binds the listener and starts serving.
pub async fn start(settings: &Settings) -> Result<Running> {
    let store = Store::connect(&settings.database_url).await?;
    let secrets = settings.webhook_secrets();
    if secrets.is_empty() {
        tracing::warn!("MINIBOT_WEBHOOK_SECRET is not set: every webhook will be refused with 401");
    }
    let ctx = Arc::new(build_ctx(settings, store.clone()).await?);
    if ctx.github.is_none() {
        tracing::warn!("GITHUB_APP_ID / GITHUB_PRIVATE_KEY are not set: commands cannot run");
    }
    let readiness = Readiness {
        github_app_configured: ctx.github.is_some(),
        webhook_secret_configured: !secrets.is_empty(),
        model_endpoint: settings.llm.openai_base_url.clone(),
        model_api_key_configured: settings.llm.openai_api_key.is_some(),
        model: settings.llm.model.clone(),
    };
    let workers = (settings.role != Role::Web && settings.workers > 0).then(|| {
        WorkerPool::start(
            ctx.clone(),
            WorkerSettings {
                workers: settings.workers,
                lease: settings.job_lease(),
                retry_base: Duration::from_millis(settings.job_retry_base_ms),
                poll: Duration::from_millis(settings.poll_ms.max(10)),
                shutdown_grace: Duration::from_secs(settings.shutdown_grace_secs),
            },
        )
    });
    let state = AppState {
        store: store.clone(),
        secrets: Arc::new(secrets),
        wake: workers.as_ref().map(WorkerPool::waker),
        max_attempts: settings.job_max_attempts,
        readiness: Arc::new(readiness),
        metrics: ctx.metrics.clone(),
        texts: Arc::new(Texts::load()?),
    };
    let watcher = tokio::spawn(watch_config(ctx.live.clone()));
    let scheduler = (settings.role != Role::Web && settings.scheduler_secs > 0).then(|| {
        tokio::spawn(run_scheduler(
            store.clone(),
            Duration::from_secs(settings.scheduler_secs),
            settings.job_max_attempts,
            workers.as_ref().map(WorkerPool::waker),
        ))
    });
    let app = server::router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    let listener = tokio::net::TcpListener::bind(settings.listen)
        .await
        .with_context(|| format!("listening on {}", settings.listen))?;
    let addr = listener.local_addr()?;
    let (stop_server, stop_rx) = oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let result = axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stop_rx.await;
            })
            .await;
        if let Err(e) = result {
            tracing::error!(error = %e, "the HTTP server stopped with an error");
        }
    });
    tracing::info!(%addr, role = ?settings.role, workers = settings.workers, backend = ?store.backend(), "minibot is listening");
    Ok(Running {
        addr,
        store,
        workers,
        server,
        stop_server,
        watcher,
        scheduler,
    })
}

/// Every replica ticks: each due refresh is queued under a unique key, so it runs once.
async fn run_scheduler(
    store: Store,
    every: Duration,
    max_attempts: i64,
    wake: Option<Arc<tokio::sync::Notify>>,
) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match crate::jobs::refresh::tick(&store, chrono::Utc::now(), max_attempts).await {
            Ok(n) if n > 0 => {
                if let Some(w) = &wake {
                    for _ in 0..n {
                        w.notify_one();
                    }
                }
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %format!("{e:#}"), "scheduler tick failed"),
        }
    }
}

/// Reloads the config file on SIGHUP, and when it changes (checked every 2 seconds).
async fn watch_config(live: Arc<LiveConfig>) {
    #[cfg(unix)]
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut tick = tokio::time::interval(Duration::from_secs(2));
    loop {
        #[cfg(unix)]
        let hangup = async {
            match hup.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        };
        #[cfg(not(unix))]
        let hangup = std::future::pending::<()>();
        tokio::select! {
            _ = hangup => {
                tracing::info!("SIGHUP: reloading the config file");
                live.reload();
            }
            _ = tick.tick() => {
                live.reload_if_changed();
            }
        }
    }
}

impl Running {
    /// Job outcomes as they happen (None for `--role web`).
    pub fn subscribe(&self) -> Option<broadcast::Receiver<JobEvent>> {
        self.workers.as_ref().map(WorkerPool::subscribe)
    }

    /// Graceful stop: stop accepting, finish in-flight requests, let running jobs finish or give
    /// them back, close the database.
    pub async fn shutdown(self) {
        self.watcher.abort();
        if let Some(s) = &self.scheduler {
            s.abort();
        }
        let _ = self.stop_server.send(());
        let _ = self.server.await;
        if let Some(w) = self.workers {
            w.shutdown().await;
        }
        self.store.close().await;
    }

    /// Stops everything at once, as if the process were killed: running jobs keep their leases
    /// until they expire.
    pub fn crash(self) {
        self.watcher.abort();
        if let Some(s) = &self.scheduler {
            s.abort();
        }
        self.server.abort();
        if let Some(w) = self.workers {
            w.abort();
        }
    }
}

/// `minibot serve`: runs until SIGTERM or Ctrl-C, then stops gracefully.
pub async fn serve(settings: Settings) -> Result<()> {
    let running = start(&settings).await?;
    shutdown_signal().await;
    tracing::info!("shutting down: no new work is taken; running jobs finish or are given back");
    running.shutdown().await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
