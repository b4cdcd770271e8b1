//! Page texts cached by git blob sha.

use std::collections::HashMap;

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Store, now_ms};

impl Store {
    /// The cached texts among `shas` of `repo`.
    pub async fn cached_blobs(
        &self,
        repo: &str,
        shas: &[String],
    ) -> Result<HashMap<String, String>> {
        let mut out = HashMap::new();
        // One query per few hundred shas keeps the parameter list within every database's limit.
        for chunk in shas.chunks(200) {
            let marks: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
            let sql = format!(
                "SELECT sha, text FROM blob_cache WHERE repo = $1 AND sha IN ({})",
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(repo);
            for sha in chunk {
                q = q.bind(sha);
            }
            for row in q.fetch_all(&self.pool).await.context("read blob cache")? {
                out.insert(row.try_get("sha")?, row.try_get("text")?);
            }
        }
        Ok(out)
    }

    /// Caches texts by blob sha.
    pub async fn cache_blobs(&self, repo: &str, blobs: &[(String, String)]) -> Result<()> {
        let now = now_ms();
        let mut tx = self.pool.begin().await.context("begin blob cache write")?;
        for (sha, text) in blobs {
            sqlx::query(
                "INSERT INTO blob_cache (repo, sha, text, fetched_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (repo, sha) DO NOTHING",
            )
            .bind(repo)
            .bind(sha)
            .bind(text)
            .bind(now)
            .execute(&mut *tx)
            .await
            .context("write blob cache")?;
        }
        tx.commit().await.context("commit blob cache write")?;
        Ok(())
    }
}
