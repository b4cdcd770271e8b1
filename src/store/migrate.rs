//! Embedded migrations, one folder per dialect (`migrations/sqlite`, `migrations/postgres`).
//! Append-only: a new file gets the next timestamp and is listed in both tables below.

use anyhow::{Context, Result};
use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use super::{Backend, Store};

/// (version, description, SQLite text, PostgreSQL text)
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        20261130000001,
        "init",
        include_str!("../../migrations/sqlite/20261130000001_init.sql"),
        include_str!("../../migrations/postgres/20261130000001_init.sql"),
    ),
    (
        20261130000002,
        "llm finish reason",
        include_str!("../../migrations/sqlite/20261130000002_llm_finish_reason.sql"),
        include_str!("../../migrations/postgres/20261130000002_llm_finish_reason.sql"),
    ),
    (
        20261130000003,
        "blob cache",
        include_str!("../../migrations/sqlite/20261130000003_blob_cache.sql"),
        include_str!("../../migrations/postgres/20261130000003_blob_cache.sql"),
    ),
    (
        20261130000004,
        "suggestions",
        include_str!("../../migrations/sqlite/20261130000004_suggestions.sql"),
        include_str!("../../migrations/postgres/20261130000004_suggestions.sql"),
    ),
    (
        20261130000005,
        "ledger routing",
        include_str!("../../migrations/sqlite/20261130000005_ledger_routing.sql"),
        include_str!("../../migrations/postgres/20261130000005_ledger_routing.sql"),
    ),
    (
        20261130000006,
        "installations",
        include_str!("../../migrations/sqlite/20261130000006_installations.sql"),
        include_str!("../../migrations/postgres/20261130000006_installations.sql"),
    ),
];

fn migrator(backend: Backend) -> Migrator {
    let migrations = MIGRATIONS
        .iter()
        .map(|(version, description, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => *sqlite,
                Backend::Postgres => *postgres,
            };
            Migration::new(
                *version,
                (*description).into(),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations)
}

impl Store {
    /// Applies every migration not yet applied; returns how many migrations the schema has.
    pub async fn migrate(&self) -> Result<usize> {
        let migrator = migrator(self.backend);
        migrator
            .run(&self.pool)
            .await
            .context("applying database migrations")?;
        Ok(migrator.iter().count())
    }
}
