//! The only module that writes SQL.
//!
//! One code path serves SQLite (the embedded default) and PostgreSQL (the scale-out store) through
//! sqlx's `Any` driver: portable SQL with `$1` placeholders, times as integer unix milliseconds,
//! money as integer micro-dollars. The few statements that differ by dialect sit side by side.

mod blobs;
mod ledger;
mod migrate;
mod pulls;
mod queue;
mod repos;
mod suggestions;

use std::str::FromStr;
use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use ledger::{BudgetRefusal, LedgerEntry, LedgerTotal, NewLedgerEntry};
pub use pulls::BotPull;
pub use queue::{ClaimedJob, DeliveryOutcome, JobCounts, JobState, NewDelivery, NewJob};
pub use repos::TrackedRepo;
pub use suggestions::PostedSuggestion;

/// Which database sits behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle shared by the server and the workers.
#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

/// Current time as unix milliseconds (UTC).
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl Store {
    /// Connects to `url` (`sqlite://…` or `postgres://…`), creating a SQLite file if it is missing,
    /// and applies the migrations.
    pub async fn connect(url: &str) -> Result<Store> {
        let store = Self::connect_without_migrating(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without touching the schema (used by `minibot migrate`, which reports what it did).
    pub async fn connect_without_migrating(url: &str) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalize_url(url)?;
        let options = AnyConnectOptions::from_str(&url).context("parsing the database URL")?;
        let pool_options = match backend {
            // One writer at a time is SQLite's rule; a few connections let readers (readyz,
            // dashboards) proceed while a writer holds the lock, and the busy timeout queues writers.
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
                             PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
            }
            Backend::Postgres => AnyPoolOptions::new().max_connections(16),
        };
        let pool = pool_options
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .with_context(|| format!("connecting to the {backend:?} database"))?;
        Ok(Store { pool, backend })
    }

    /// The backend behind this store.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Checks that the database answers (for `/readyz`).
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .context("database ping")?;
        Ok(())
    }

    /// Closes the pool, waiting for connections to be returned.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Tells the backend from the URL and makes a SQLite URL create its file when missing.
fn normalize_url(url: &str) -> Result<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_string()));
    }
    if let Some(rest) = url.strip_prefix("sqlite:") {
        if rest.contains("mode=") || rest.starts_with(":memory:") {
            return Ok((Backend::Sqlite, url.to_string()));
        }
        let sep = if rest.contains('?') { '&' } else { '?' };
        return Ok((Backend::Sqlite, format!("{url}{sep}mode=rwc")));
    }
    anyhow::bail!("unsupported database URL (expected sqlite://… or postgres://…)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_create_their_file() {
        assert_eq!(
            normalize_url("sqlite://minibot.db").unwrap(),
            (Backend::Sqlite, "sqlite://minibot.db?mode=rwc".to_string())
        );
        assert_eq!(
            normalize_url("sqlite://x.db?mode=ro").unwrap().1,
            "sqlite://x.db?mode=ro"
        );
        assert_eq!(
            normalize_url("postgres://u@h/db").unwrap().0,
            Backend::Postgres
        );
        assert!(normalize_url("mysql://x").is_err());
    }
}
