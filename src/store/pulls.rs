//! Pull requests minibot opened, keyed by their branch: the stable identity that makes a second
//! `/mini docs` update the first pull request instead of opening another.

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Store, now_ms};

/// A pull request minibot opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotPull {
    pub repo: String,
    pub branch: String,
    pub kind: String,
    pub source_pr: i64,
    pub number: i64,
    pub url: String,
}

impl Store {
    /// The pull request minibot opened from `branch` in `repo`, if recorded.
    pub async fn bot_pull(&self, repo: &str, branch: &str) -> Result<Option<BotPull>> {
        let row = sqlx::query(
            "SELECT repo, branch, kind, source_pr, number, url FROM bot_pulls \
             WHERE repo = $1 AND branch = $2",
        )
        .bind(repo)
        .bind(branch)
        .fetch_optional(&self.pool)
        .await
        .context("read bot pull request")?;
        row.map(|r| -> Result<BotPull> {
            Ok(BotPull {
                repo: r.try_get("repo")?,
                branch: r.try_get("branch")?,
                kind: r.try_get("kind")?,
                source_pr: r.try_get("source_pr")?,
                number: r.try_get("number")?,
                url: r.try_get("url")?,
            })
        })
        .transpose()
    }

    /// Records (or refreshes) the pull request minibot opened from a branch.
    pub async fn upsert_bot_pull(&self, p: &BotPull) -> Result<()> {
        sqlx::query(
            "INSERT INTO bot_pulls (repo, branch, kind, source_pr, number, url, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (repo, branch) DO UPDATE SET number = excluded.number, \
             url = excluded.url, updated_at = excluded.updated_at",
        )
        .bind(&p.repo)
        .bind(&p.branch)
        .bind(&p.kind)
        .bind(p.source_pr)
        .bind(p.number)
        .bind(&p.url)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record bot pull request")?;
        Ok(())
    }
}
