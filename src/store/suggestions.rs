//! Fingerprints of the suggestions minibot posted on a pull request, so none is posted twice.

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Store, now_ms};

/// A suggestion that was posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostedSuggestion {
    pub fingerprint: String,
    pub path: String,
    pub line: i64,
}

impl Store {
    /// Fingerprints of everything already suggested on `repo`#`pr`.
    pub async fn suggestion_fingerprints(&self, repo: &str, pr: i64) -> Result<Vec<String>> {
        Ok(self
            .suggestions_by_job(repo, pr)
            .await?
            .into_iter()
            .map(|(fp, _)| fp)
            .collect())
    }

    /// (fingerprint, the job that posted it) of everything suggested on `repo`#`pr`.
    pub async fn suggestions_by_job(&self, repo: &str, pr: i64) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT fingerprint, job_id FROM suggestions WHERE repo = $1 AND pr_number = $2 \
             ORDER BY fingerprint",
        )
        .bind(repo)
        .bind(pr)
        .fetch_all(&self.pool)
        .await
        .context("read suggestion fingerprints")?;
        rows.iter()
            .map(|r| Ok((r.try_get("fingerprint")?, r.try_get("job_id")?)))
            .collect()
    }

    /// Records posted suggestions; ones already recorded are left as they are.
    pub async fn record_suggestions(
        &self,
        repo: &str,
        pr: i64,
        job_id: i64,
        posted: &[PostedSuggestion],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.context("begin")?;
        for s in posted {
            sqlx::query(
                "INSERT INTO suggestions (repo, pr_number, fingerprint, path, line, job_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) \
                 ON CONFLICT (repo, pr_number, fingerprint) DO NOTHING",
            )
            .bind(repo)
            .bind(pr)
            .bind(&s.fingerprint)
            .bind(&s.path)
            .bind(s.line)
            .bind(job_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .context("record suggestion")?;
        }
        tx.commit().await.context("commit suggestions")?;
        Ok(())
    }
}
