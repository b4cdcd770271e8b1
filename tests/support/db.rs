//! Fresh databases for tests: a new SQLite file always, and a new PostgreSQL database whenever
//! `MINIBOT_TEST_POSTGRES_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432/postgres`).
#![allow(dead_code)]

use sqlx::Executor;

/// A database that exists for one test.
pub struct TestDb {
    pub label: &'static str,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

/// A fresh SQLite database file.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("minibot.db").display());
    TestDb {
        label: "sqlite",
        url,
        _dir: Some(dir),
    }
}

/// A fresh PostgreSQL database, when `MINIBOT_TEST_POSTGRES_URL` is set. An unreachable server
/// is a test failure, not a skip.
pub async fn postgres() -> Option<TestDb> {
    let admin = std::env::var("MINIBOT_TEST_POSTGRES_URL").ok()?;
    sqlx::any::install_default_drivers();
    let name = format!("minibot_test_{}", uuid::Uuid::new_v4().simple());
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("MINIBOT_TEST_POSTGRES_URL is set but unreachable: {e}"));
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .expect("create test database");
    let (base, _) = admin
        .rsplit_once('/')
        .expect("MINIBOT_TEST_POSTGRES_URL ends with /DATABASE");
    Some(TestDb {
        label: "postgres",
        url: format!("{base}/{name}"),
        _dir: None,
    })
}

/// SQLite, plus PostgreSQL when configured.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite()];
    if let Some(pg) = postgres().await {
        dbs.push(pg);
    }
    dbs
}
