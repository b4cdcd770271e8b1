//! The cost ledger: one row per model call.

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Store, now_ms};

/// A model call to record.
#[derive(Debug, Clone)]
pub struct NewLedgerEntry {
    /// Identity of the exact request within its job: a retry finds it and does not pay again.
    pub work_key: String,
    pub job_id: Option<i64>,
    pub repo: String,
    pub pr_number: Option<i64>,
    pub task: String,
    pub model: String,
    pub input_tokens: i64,
    pub cached_tokens: i64,
    pub output_tokens: i64,
    /// Micro-dollars; None when the model has no price (unpriced, not free).
    pub cost_micros: Option<i64>,
    /// The model's answer, kept so that a retried job reuses it.
    pub response: String,
    /// Why the model stopped (`stop`, `length`, `refusal`, …).
    pub finish_reason: Option<String>,
}

/// A recorded model call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    pub id: i64,
    pub work_key: String,
    pub job_id: Option<i64>,
    pub repo: String,
    pub pr_number: Option<i64>,
    pub task: String,
    pub model: String,
    pub input_tokens: i64,
    pub cached_tokens: i64,
    pub output_tokens: i64,
    pub cost_micros: Option<i64>,
    pub response: String,
    pub finish_reason: Option<String>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, work_key, job_id, repo, pr_number, task, model, input_tokens, \
     cached_tokens, output_tokens, cost_micros, response, finish_reason, created_at";

impl Store {
    /// Records a model call. Returns false when a call with the same work key was already
    /// recorded (the first one stands).
    pub async fn record_llm_call(&self, e: &NewLedgerEntry) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO llm_calls (work_key, job_id, repo, pr_number, task, model, input_tokens, \
             cached_tokens, output_tokens, cost_micros, response, finish_reason, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
             ON CONFLICT (work_key) DO NOTHING",
        )
        .bind(&e.work_key)
        .bind(e.job_id)
        .bind(&e.repo)
        .bind(e.pr_number)
        .bind(&e.task)
        .bind(&e.model)
        .bind(e.input_tokens)
        .bind(e.cached_tokens)
        .bind(e.output_tokens)
        .bind(e.cost_micros)
        .bind(&e.response)
        .bind(&e.finish_reason)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record model call")?
        .rows_affected();
        Ok(n == 1)
    }

    /// The recorded call with this work key, if any.
    pub async fn llm_call_by_work_key(&self, work_key: &str) -> Result<Option<LedgerEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM llm_calls WHERE work_key = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(work_key)
            .fetch_optional(&self.pool)
            .await
            .context("read model call")?;
        row.map(|r| entry_from_row(&r)).transpose()
    }

    /// Every call a job made, oldest first.
    pub async fn llm_calls_for_job(&self, job_id: i64) -> Result<Vec<LedgerEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM llm_calls WHERE job_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(job_id)
            .fetch_all(&self.pool)
            .await
            .context("read job's model calls")?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Every call made for a pull request, oldest first.
    pub async fn llm_calls_for_pr(&self, repo: &str, pr: i64) -> Result<Vec<LedgerEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM llm_calls WHERE repo = $1 AND pr_number = $2 ORDER BY id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(repo)
            .bind(pr)
            .fetch_all(&self.pool)
            .await
            .context("read pull request's model calls")?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Every call, oldest first.
    pub async fn llm_calls(&self) -> Result<Vec<LedgerEntry>> {
        let sql = format!("SELECT {COLUMNS} FROM llm_calls ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .context("read model calls")?;
        rows.iter().map(entry_from_row).collect()
    }
}

fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<LedgerEntry> {
    Ok(LedgerEntry {
        id: r.try_get("id")?,
        work_key: r.try_get("work_key")?,
        job_id: r.try_get("job_id")?,
        repo: r.try_get("repo")?,
        pr_number: r.try_get("pr_number")?,
        task: r.try_get("task")?,
        model: r.try_get("model")?,
        input_tokens: r.try_get("input_tokens")?,
        cached_tokens: r.try_get("cached_tokens")?,
        output_tokens: r.try_get("output_tokens")?,
        cost_micros: r.try_get("cost_micros")?,
        response: r.try_get("response")?,
        finish_reason: r.try_get("finish_reason")?,
        created_at: r.try_get("created_at")?,
    })
}
