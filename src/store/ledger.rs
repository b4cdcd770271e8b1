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
    /// The first model of the task's route (what was asked for).
    pub model_asked: String,
    pub installation_id: Option<i64>,
    /// `ok`, `unusable` (fell back), `final_unusable` (the route ended on it), `error`,
    /// `cache_hit`.
    pub outcome: String,
    pub error: Option<String>,
    pub latency_ms: i64,
    /// What a cache hit saved (the cost of the answer it reused).
    pub saved_micros: i64,
    /// Priced at the Batch API rate.
    pub batch: bool,
    pub work_group: Option<String>,
    pub request_hash: Option<String>,
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
    pub model_asked: Option<String>,
    pub installation_id: Option<i64>,
    pub outcome: String,
    pub error: Option<String>,
    pub latency_ms: i64,
    pub saved_micros: i64,
    pub batch: bool,
}

const COLUMNS: &str = "id, work_key, job_id, repo, pr_number, task, model, input_tokens, \
     cached_tokens, output_tokens, cost_micros, response, finish_reason, created_at, model_asked, \
     installation_id, outcome, error, latency_ms, saved_micros, batch";

/// Outcomes whose answer was used: a retried job reuses it, the cache serves it.
const USED: &str = "('ok', 'cache_hit', 'final_unusable')";

impl Store {
    /// Records a model call. Returns false when a call with the same work key was already
    /// recorded (the first one stands).
    pub async fn record_llm_call(&self, e: &NewLedgerEntry) -> Result<bool> {
        let n = sqlx::query(
            "INSERT INTO llm_calls (work_key, job_id, repo, pr_number, task, model, input_tokens, \
             cached_tokens, output_tokens, cost_micros, response, finish_reason, created_at, \
             model_asked, installation_id, outcome, error, latency_ms, saved_micros, batch, \
             work_group, request_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
             $18, $19, $20, $21, $22) \
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
        .bind(&e.model_asked)
        .bind(e.installation_id)
        .bind(&e.outcome)
        .bind(&e.error)
        .bind(e.latency_ms)
        .bind(e.saved_micros)
        .bind(i64::from(e.batch))
        .bind(&e.work_group)
        .bind(&e.request_hash)
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

    /// The answer a job already used for this work (an earlier attempt's), if any.
    pub async fn used_answer_of_group(&self, work_group: &str) -> Result<Option<LedgerEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM llm_calls WHERE work_group = $1 AND outcome IN {USED} \
             ORDER BY id DESC LIMIT 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(work_group)
            .fetch_optional(&self.pool)
            .await
            .context("read a job's earlier answer")?;
        row.map(|r| entry_from_row(&r)).transpose()
    }

    /// A paid, usable answer to exactly this request, made after `since_ms` (the response
    /// cache); cache hits themselves are not sources.
    pub async fn cached_answer(
        &self,
        request_hash: &str,
        since_ms: i64,
    ) -> Result<Option<LedgerEntry>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM llm_calls WHERE request_hash = $1 AND outcome = 'ok' \
             AND created_at >= $2 ORDER BY id DESC LIMIT 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(request_hash)
            .bind(since_ms)
            .fetch_optional(&self.pool)
            .await
            .context("read the response cache")?;
        row.map(|r| entry_from_row(&r)).transpose()
    }

    /// Calls made since `since_ms` (inclusive), optionally for one repository, oldest first.
    pub async fn llm_calls_since(
        &self,
        since_ms: i64,
        repo: Option<&str>,
    ) -> Result<Vec<LedgerEntry>> {
        let sql = match repo {
            Some(_) => format!(
                "SELECT {COLUMNS} FROM llm_calls WHERE created_at >= $1 AND repo = $2 ORDER BY id"
            ),
            None => format!("SELECT {COLUMNS} FROM llm_calls WHERE created_at >= $1 ORDER BY id"),
        };
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(since_ms);
        if let Some(r) = repo {
            q = q.bind(r);
        }
        let rows = q.fetch_all(&self.pool).await.context("read model calls")?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Priced spend since `since_ms` of a repository, or of an installation.
    pub async fn spend_since(
        &self,
        since_ms: i64,
        repo: Option<&str>,
        installation_id: Option<i64>,
    ) -> Result<i64> {
        const SUM: &str =
            "SELECT CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS s FROM llm_calls";
        let row = match (repo, installation_id) {
            (Some(r), _) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{SUM} WHERE created_at >= $1 AND repo = $2"
                )))
                .bind(since_ms)
                .bind(r.to_string())
                .fetch_one(&self.pool)
                .await
            }
            (None, Some(i)) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{SUM} WHERE created_at >= $1 AND installation_id = $2"
                )))
                .bind(since_ms)
                .bind(i)
                .fetch_one(&self.pool)
                .await
            }
            (None, None) => {
                sqlx::query(sqlx::AssertSqlSafe(format!("{SUM} WHERE created_at >= $1")))
                    .bind(since_ms)
                    .fetch_one(&self.pool)
                    .await
            }
        }
        .context("sum spend")?;
        Ok(row.try_get("s")?)
    }

    /// Ledger totals grouped by model, command, repository and outcome (for `/metrics`).
    pub async fn ledger_totals(&self) -> Result<Vec<LedgerTotal>> {
        let rows = sqlx::query(
            "SELECT model, task, repo, outcome, COUNT(*) AS calls, \
             CAST(COALESCE(SUM(input_tokens), 0) AS BIGINT) AS input_tokens, \
             CAST(COALESCE(SUM(cached_tokens), 0) AS BIGINT) AS cached_tokens, \
             CAST(COALESCE(SUM(output_tokens), 0) AS BIGINT) AS output_tokens, \
             CAST(COALESCE(SUM(cost_micros), 0) AS BIGINT) AS cost_micros, \
             CAST(COALESCE(SUM(CASE WHEN cost_micros IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS unpriced, \
             CAST(COALESCE(SUM(saved_micros), 0) AS BIGINT) AS saved_micros \
             FROM llm_calls GROUP BY model, task, repo, outcome ORDER BY model, task, repo, outcome",
        )
        .fetch_all(&self.pool)
        .await
        .context("sum the ledger")?;
        rows.iter()
            .map(|r| {
                Ok(LedgerTotal {
                    model: r.try_get("model")?,
                    task: r.try_get("task")?,
                    repo: r.try_get("repo")?,
                    outcome: r.try_get("outcome")?,
                    calls: r.try_get("calls")?,
                    input_tokens: r.try_get("input_tokens")?,
                    cached_tokens: r.try_get("cached_tokens")?,
                    output_tokens: r.try_get("output_tokens")?,
                    cost_micros: r.try_get("cost_micros")?,
                    unpriced_calls: r.try_get("unpriced")?,
                    saved_micros: r.try_get("saved_micros")?,
                })
            })
            .collect()
    }

    /// Records a job that a budget stopped.
    pub async fn record_budget_refusal(&self, r: &BudgetRefusal) -> Result<()> {
        sqlx::query(
            "INSERT INTO budget_refusals (job_id, repo, installation_id, scope, spent_micros, \
             estimate_micros, budget_micros, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(r.job_id)
        .bind(&r.repo)
        .bind(r.installation_id)
        .bind(&r.scope)
        .bind(r.spent_micros)
        .bind(r.estimate_micros)
        .bind(r.budget_micros)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record budget refusal")?;
        Ok(())
    }

    /// Budget refusals by scope (`repository`, `installation`).
    pub async fn budget_refusal_counts(&self) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT scope, COUNT(*) AS n FROM budget_refusals GROUP BY scope ORDER BY scope",
        )
        .fetch_all(&self.pool)
        .await
        .context("count budget refusals")?;
        rows.iter()
            .map(|r| Ok((r.try_get("scope")?, r.try_get("n")?)))
            .collect()
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
        model_asked: r.try_get("model_asked")?,
        installation_id: r.try_get("installation_id")?,
        outcome: r.try_get("outcome")?,
        error: r.try_get("error")?,
        latency_ms: r.try_get("latency_ms")?,
        saved_micros: r.try_get("saved_micros")?,
        batch: r.try_get::<i64, _>("batch")? != 0,
    })
}

/// Sums of ledger rows sharing a model, command, repository and outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerTotal {
    pub model: String,
    pub task: String,
    pub repo: String,
    pub outcome: String,
    pub calls: i64,
    pub input_tokens: i64,
    pub cached_tokens: i64,
    pub output_tokens: i64,
    pub cost_micros: i64,
    pub unpriced_calls: i64,
    pub saved_micros: i64,
}

/// A job stopped by a budget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetRefusal {
    pub job_id: Option<i64>,
    pub repo: String,
    pub installation_id: Option<i64>,
    /// `repository` or `installation`.
    pub scope: String,
    pub spent_micros: i64,
    pub estimate_micros: i64,
    pub budget_micros: i64,
}
