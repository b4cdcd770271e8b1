//! Installations, their repositories and each repository's refresh schedule and position.

use anyhow::{Context, Result};
use sqlx::Row;

use super::{Store, now_ms};

/// A repository minibot can act on, with its refresh state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedRepo {
    pub repo: String,
    pub installation_id: i64,
    pub schedule: String,
    pub last_period: Option<String>,
    pub last_result: Option<String>,
    pub last_run_at: Option<i64>,
    pub refreshed_sha: Option<String>,
    pub refresh_pr: Option<i64>,
    pub refresh_branch_sha: Option<String>,
    /// `from..to` of the open refresh pull request.
    pub refresh_range: Option<String>,
    /// The range of a refresh pull request closed without merging (not proposed again).
    pub closed_range: Option<String>,
}

const REPO_COLUMNS: &str = "repo, installation_id, schedule, last_period, last_result, \
     last_run_at, refreshed_sha, refresh_pr, refresh_branch_sha, refresh_range, closed_range";

fn tracked(r: &sqlx::any::AnyRow) -> Result<TrackedRepo> {
    Ok(TrackedRepo {
        repo: r.try_get("repo")?,
        installation_id: r.try_get("installation_id")?,
        schedule: r.try_get("schedule")?,
        last_period: r.try_get("last_period")?,
        last_result: r.try_get("last_result")?,
        last_run_at: r.try_get("last_run_at")?,
        refreshed_sha: r.try_get("refreshed_sha")?,
        refresh_pr: r.try_get("refresh_pr")?,
        refresh_branch_sha: r.try_get("refresh_branch_sha")?,
        refresh_range: r.try_get("refresh_range")?,
        closed_range: r.try_get("closed_range")?,
    })
}

impl Store {
    /// Records an installation (created, or seen by a sync); it is live again.
    pub async fn upsert_installation(&self, id: i64, account: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO installations (id, account, suspended, deleted, updated_at) \
             VALUES ($1, $2, 0, 0, $3) ON CONFLICT (id) DO UPDATE SET account = excluded.account, \
             deleted = 0, updated_at = excluded.updated_at",
        )
        .bind(id)
        .bind(account)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record installation")?;
        Ok(())
    }

    /// Marks an installation suspended (or not), or deleted.
    pub async fn set_installation_state(
        &self,
        id: i64,
        suspended: Option<bool>,
        deleted: bool,
    ) -> Result<()> {
        let sql = match suspended {
            Some(_) => "UPDATE installations SET suspended = $2, updated_at = $3 WHERE id = $1",
            None => "UPDATE installations SET deleted = $2, updated_at = $3 WHERE id = $1",
        };
        let flag = match suspended {
            Some(s) => i64::from(s),
            None => i64::from(deleted),
        };
        sqlx::query(sql)
            .bind(id)
            .bind(flag)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .context("update installation")?;
        if deleted {
            sqlx::query(
                "UPDATE repositories SET active = 0, updated_at = $2 WHERE installation_id = $1",
            )
            .bind(id)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .context("deactivate repositories")?;
        }
        Ok(())
    }

    /// Records a repository of an installation as active with its schedule. A new repository
    /// starts at `period` (its first refresh is the next due one, not one in the past).
    pub async fn upsert_repo(
        &self,
        repo: &str,
        installation_id: i64,
        schedule: &str,
        period: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO repositories (repo, installation_id, active, schedule, last_period, updated_at) \
             VALUES ($1, $2, 1, $3, $4, $5) ON CONFLICT (repo) DO UPDATE SET \
             installation_id = excluded.installation_id, active = 1, schedule = excluded.schedule, \
             updated_at = excluded.updated_at",
        )
        .bind(repo)
        .bind(installation_id)
        .bind(schedule)
        .bind(period)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record repository")?;
        Ok(())
    }

    /// The App lost access to these repositories.
    pub async fn deactivate_repos(&self, repos: &[String]) -> Result<()> {
        for r in repos {
            sqlx::query("UPDATE repositories SET active = 0, updated_at = $2 WHERE repo = $1")
                .bind(r)
                .bind(now_ms())
                .execute(&self.pool)
                .await
                .context("deactivate repository")?;
        }
        Ok(())
    }

    /// Active repositories of live installations (the ones the scheduler looks at).
    pub async fn scheduled_repos(&self) -> Result<Vec<TrackedRepo>> {
        let sql = format!(
            "SELECT {REPO_COLUMNS} FROM repositories r WHERE r.active = 1 AND EXISTS \
             (SELECT 1 FROM installations i WHERE i.id = r.installation_id AND i.suspended = 0 \
             AND i.deleted = 0) ORDER BY repo"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .context("read scheduled repositories")?;
        rows.iter().map(tracked).collect()
    }

    /// Every tracked repository (for `minibot schedule list`), with whether it is live.
    pub async fn tracked_repos(&self) -> Result<Vec<(TrackedRepo, bool)>> {
        let sql = format!(
            "SELECT {REPO_COLUMNS}, CASE WHEN r.active = 1 AND EXISTS (SELECT 1 FROM installations i \
             WHERE i.id = r.installation_id AND i.suspended = 0 AND i.deleted = 0) THEN 1 ELSE 0 END \
             AS live FROM repositories r ORDER BY repo"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await
            .context("read repositories")?;
        rows.iter()
            .map(|r| Ok((tracked(r)?, r.try_get::<i64, _>("live")? == 1)))
            .collect()
    }

    /// One tracked repository.
    pub async fn tracked_repo(&self, repo: &str) -> Result<Option<TrackedRepo>> {
        let sql = format!("SELECT {REPO_COLUMNS} FROM repositories WHERE repo = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(repo)
            .fetch_optional(&self.pool)
            .await
            .context("read repository")?;
        row.map(|r| tracked(&r)).transpose()
    }

    /// Moves the scheduler's position for `repo` to `period`.
    pub async fn set_last_period(&self, repo: &str, period: &str) -> Result<()> {
        sqlx::query("UPDATE repositories SET last_period = $2, updated_at = $3 WHERE repo = $1")
            .bind(repo)
            .bind(period)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .context("advance the schedule")?;
        Ok(())
    }

    /// Records minibot's refresh pull request: its number, the commit minibot pushed, its range.
    pub async fn set_refresh_pr(
        &self,
        repo: &str,
        number: Option<i64>,
        branch_sha: Option<&str>,
        range: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE repositories SET refresh_pr = $2, refresh_branch_sha = $3, refresh_range = $4, \
             updated_at = $5 WHERE repo = $1",
        )
        .bind(repo)
        .bind(number)
        .bind(branch_sha)
        .bind(range)
        .bind(now_ms())
        .execute(&self.pool)
        .await
        .context("record the refresh pull request")?;
        Ok(())
    }

    /// Remembers a range whose refresh pull request was closed without merging.
    pub async fn set_closed_range(&self, repo: &str, range: &str) -> Result<()> {
        sqlx::query("UPDATE repositories SET closed_range = $2, updated_at = $3 WHERE repo = $1")
            .bind(repo)
            .bind(range)
            .bind(now_ms())
            .execute(&self.pool)
            .await
            .context("record the closed range")?;
        Ok(())
    }

    /// Live installations (for the periodic sync).
    pub async fn live_installations(&self) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT id FROM installations WHERE suspended = 0 AND deleted = 0 ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await
        .context("read installations")?;
        rows.iter().map(|r| r.try_get("id").context("id")).collect()
    }

    /// Repositories tracked for an installation.
    pub async fn repos_of_installation(&self, installation_id: i64) -> Result<Vec<String>> {
        let rows = sqlx::query(
            "SELECT repo FROM repositories WHERE installation_id = $1 AND active = 1 ORDER BY repo",
        )
        .bind(installation_id)
        .fetch_all(&self.pool)
        .await
        .context("read repositories")?;
        rows.iter()
            .map(|r| r.try_get("repo").context("repo"))
            .collect()
    }

    /// Records a refresh's result, and the commit the docs are now up to date with (if it moved).
    pub async fn record_refresh(
        &self,
        repo: &str,
        result: &str,
        refreshed_sha: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE repositories SET last_result = $2, last_run_at = $3, \
             refreshed_sha = COALESCE($4, refreshed_sha), updated_at = $3 WHERE repo = $1",
        )
        .bind(repo)
        .bind(result)
        .bind(now_ms())
        .bind(refreshed_sha)
        .execute(&self.pool)
        .await
        .context("record the refresh")?;
        Ok(())
    }
}
