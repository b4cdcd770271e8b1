//! The scheduled docs refresh: the scheduler's tick (each due period queued once under a unique
//! key), installation tracking (events and a periodic sync), and the refresh job itself, which
//! brings a repository's Docusaurus site up to date with what reached its default branch, in ONE
//! pull request from `minibot/docs-refresh`, Renovate-style.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::docs::{self, DocsInput};
use super::{Ctx, cost_table, total};
use crate::code;
use crate::code::conventions::is_test_path;
use crate::cost::budget::{self, Decision};
use crate::docsite;
use crate::docsite::engine::Verdict;
use crate::docsite::rank::{self, Change, Page};
use crate::github::{CommitSummary, FileChange, Installation, RepoName};
use crate::llm::metered::CallScope;
use crate::publish::{self, Publication};
use crate::repo_config;
use crate::schedule::{self, Schedule};
use crate::store::{ClaimedJob, NewJob, Store, TrackedRepo};
use crate::templates::pull_marker;

/// Job kinds.
pub const REFRESH: &str = "scheduled_refresh";
pub const SYNC: &str = "sync";

/// The branch of minibot's refresh pull request.
pub const BRANCH: &str = "minibot/docs-refresh";

/// How often installations are synced with GitHub (hours).
const SYNC_EVERY_HOURS: i64 = 6;

/// A due refresh.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshJob {
    pub repo: RepoName,
    pub installation_id: u64,
    /// The period's key (its due minute).
    pub period: String,
    /// When it was due (milliseconds): "the last 7 days" of a first refresh count from here.
    pub due_ms: i64,
}

/// An installation change to apply, or a periodic sync (`action` = `sync`; installation 0 =
/// every installation of the App).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SyncJob {
    pub installation_id: u64,
    #[serde(default)]
    pub account: Option<String>,
    pub action: String,
    #[serde(default)]
    pub removed: Vec<String>,
}

/// Queues what is due at `now`: each repository's refresh for its latest due period (once,
/// whatever the number of replicas ticking or of periods missed while minibot was down), and the
/// periodic installation sync. Returns how many jobs were queued.
pub async fn tick(store: &Store, now: DateTime<Utc>, max_attempts: i64) -> Result<usize> {
    let mut queued = 0;
    for r in store.scheduled_repos().await? {
        let Ok(schedule) = Schedule::from_text(&r.schedule) else {
            continue;
        };
        let Some(due) = schedule.last_due(now) else {
            continue;
        };
        let period = schedule::period_key(due);
        if r.last_period
            .as_deref()
            .is_some_and(|p| p >= period.as_str())
        {
            continue;
        }
        let repo: RepoName = match r.repo.parse() {
            Ok(n) => n,
            Err(_) => continue,
        };
        let job = RefreshJob {
            repo,
            installation_id: r.installation_id as u64,
            period: period.clone(),
            due_ms: due.timestamp_millis(),
        };
        if store
            .enqueue(&NewJob {
                kind: REFRESH.into(),
                job_key: format!("{}:refresh:{period}", r.repo),
                payload: serde_json::to_string(&job)?,
                max_attempts,
                run_after: 0,
            })
            .await?
        {
            tracing::info!(repo = %r.repo, %period, "refresh queued");
            queued += 1;
        }
        store.set_last_period(&r.repo, &period).await?;
    }
    let bucket = now.timestamp() / (SYNC_EVERY_HOURS * 3600);
    let sync = SyncJob {
        installation_id: 0,
        action: "sync".into(),
        ..SyncJob::default()
    };
    if store
        .enqueue(&NewJob {
            kind: SYNC.into(),
            job_key: format!("app:sync:{bucket}"),
            payload: serde_json::to_string(&sync)?,
            max_attempts,
            run_after: 0,
        })
        .await?
    {
        queued += 1;
    }
    Ok(queued)
}

/// `minibot schedule list`: each repository's schedule, next run and last result.
pub async fn schedule_table(store: &Store, now: DateTime<Utc>) -> Result<String> {
    let mut rows = vec![[
        "repository".to_string(),
        "schedule".into(),
        "next run (UTC)".into(),
        "last run (UTC)".into(),
        "last result".into(),
    ]];
    for (r, live) in store.tracked_repos().await? {
        let schedule = Schedule::from_text(&r.schedule).ok();
        let next = match (live, schedule.as_ref().and_then(|s| s.next_due(now))) {
            (false, _) => "— (no access)".to_string(),
            (true, Some(t)) => t.format("%Y-%m-%d %H:%M").to_string(),
            (true, None) => "—".into(),
        };
        let last = r
            .last_run_at
            .and_then(DateTime::from_timestamp_millis)
            .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_else(|| "never".into());
        rows.push([
            r.repo.clone(),
            r.schedule.clone(),
            next,
            last,
            r.last_result.clone().unwrap_or_default(),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in &rows {
        let line: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c:<w$}", w = widths[i]))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    if rows.len() == 1 {
        out.push_str("(no repositories yet: they appear when the App is installed)\n");
    }
    Ok(out)
}

/// Plans the job of an `installation` or `installation_repositories` delivery.
pub fn plan_installation_event(
    event: &str,
    delivery_id: &str,
    body: &Value,
    max_attempts: i64,
) -> Option<NewJob> {
    let id = body["installation"]["id"].as_u64()?;
    let action = body["action"].as_str()?.to_string();
    let names = |key: &str| -> Vec<String> {
        body[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["full_name"].as_str().map(String::from))
            .collect()
    };
    let job = SyncJob {
        installation_id: id,
        account: body["installation"]["account"]["login"]
            .as_str()
            .map(String::from),
        action,
        removed: if event == "installation_repositories" {
            names("repositories_removed")
        } else {
            Vec::new()
        },
    };
    Some(NewJob {
        kind: SYNC.into(),
        job_key: format!("installation:{id}:{delivery_id}"),
        payload: serde_json::to_string(&job).ok()?,
        max_attempts,
        run_after: 0,
    })
}

/// Applies an installation change, then reads the installation's repositories and their
/// schedules from GitHub.
pub async fn sync(ctx: &Ctx, job: &ClaimedJob) -> Result<()> {
    let s: SyncJob = serde_json::from_str(&job.payload).context("reading the sync job")?;
    let Some(app) = ctx.github.as_ref() else {
        tracing::warn!("the GitHub App is not configured: no installation to sync");
        return Ok(());
    };
    let installations: Vec<(u64, Option<String>)> = if s.installation_id == 0 {
        app.installations()
            .await?
            .into_iter()
            .map(|(id, a)| (id, Some(a)))
            .collect()
    } else {
        vec![(s.installation_id, s.account.clone())]
    };
    for (id, account) in installations {
        let id64 = id as i64;
        match s.action.as_str() {
            "deleted" => {
                tracing::info!(
                    installation = id,
                    "installation deleted: its schedules stop"
                );
                ctx.store.set_installation_state(id64, None, true).await?;
                continue;
            }
            "suspend" => {
                ctx.store
                    .set_installation_state(id64, Some(true), false)
                    .await?;
                continue;
            }
            "unsuspend" => {
                ctx.store
                    .set_installation_state(id64, Some(false), false)
                    .await?;
            }
            _ => {}
        }
        ctx.store
            .upsert_installation(id64, account.as_deref().unwrap_or(""))
            .await?;
        ctx.store.deactivate_repos(&s.removed).await?;
        let gh = ctx.installation(id)?;
        let repos = gh.installation_repositories().await?;
        let names: Vec<String> = repos.iter().map(|r| r.to_string()).collect();
        let gone: Vec<String> = ctx
            .store
            .repos_of_installation(id64)
            .await?
            .into_iter()
            .filter(|r| !names.contains(r))
            .collect();
        ctx.store.deactivate_repos(&gone).await?;
        let now = Utc::now();
        for repo in repos {
            let schedule = repo_schedule(&gh, &repo).await?;
            let period = schedule.last_due(now).map(schedule::period_key);
            ctx.store
                .upsert_repo(
                    &repo.to_string(),
                    id64,
                    &schedule.to_text(),
                    period.as_deref(),
                )
                .await?;
        }
        tracing::info!(
            installation = id,
            repos = names.len(),
            "installation synced"
        );
    }
    Ok(())
}

/// A repository's refresh schedule: its `.github/minibot.yml`, and whether it has a site.
async fn repo_schedule(gh: &Installation, repo: &RepoName) -> Result<Schedule> {
    let branch = gh.default_branch(repo).await?;
    let Ok(config) = super::read_config(gh, repo, &branch).await? else {
        // A broken file: no schedule until it is fixed (commands report the error).
        return Ok(Schedule::parse(Some("off"), None, false).expect("off parses"));
    };
    let tree = gh.tree(repo, &branch).await?;
    let has_site = !docsite::find_configs_in(tree.files(), &config.docs).is_empty();
    Ok(Schedule::parse(
        config.docs.refresh.as_deref(),
        config.docs.refresh_timezone.as_deref(),
        has_site,
    )
    .unwrap_or_else(|_| Schedule::parse(Some("off"), None, false).expect("off parses")))
}

/// Whether a changed file can make docs outdated: code and configuration, not the docs
/// themselves, tests, lock files, generated files or CI.
fn doc_relevant(f: &FileChange, docs_dirs: &[String]) -> bool {
    let p = f.path.as_str();
    !(docs_dirs
        .iter()
        .any(|d| p.starts_with(&format!("{}/", d.trim_end_matches('/'))))
        || docsite::is_doc_file(p)
        || p.starts_with(".github/")
        || is_test_path(p)
        || code::is_generated_or_vendored(p)
        || p.ends_with(".lock"))
}

/// Pull request numbers a default-branch commit message names (`Title (#12)` from a squash merge,
/// `Merge pull request #12 from …`).
fn merged_pr_numbers(commits: &[CommitSummary]) -> Vec<u64> {
    let mut out = Vec::new();
    for c in commits {
        let first = c.message.lines().next().unwrap_or("");
        let n = if let Some(rest) = first.strip_prefix("Merge pull request #") {
            rest.split_whitespace().next().and_then(|n| n.parse().ok())
        } else {
            first
                .trim_end()
                .strip_suffix(')')
                .and_then(|s| s.rsplit_once("(#"))
                .and_then(|(_, n)| n.parse().ok())
        };
        if let Some(n) = n
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    out
}

fn short(sha: &str) -> &str {
    &sha[..sha.len().min(7)]
}

/// The first commit at or before `cutoff_ms` on `head`'s first-parent line (at most 500 back),
/// or the oldest one reached.
async fn commit_before(
    gh: &Installation,
    repo: &RepoName,
    head: &str,
    cutoff_ms: i64,
) -> Result<String> {
    let mut sha = head.to_string();
    for _ in 0..500 {
        let (parents, date) = gh.commit_parents_and_date(repo, &sha).await?;
        let when = DateTime::parse_from_rfc3339(&date)
            .map(|d| d.timestamp_millis())
            .unwrap_or(i64::MAX);
        if when <= cutoff_ms {
            return Ok(sha);
        }
        match parents.into_iter().next() {
            Some(p) => sha = p,
            None => return Ok(sha),
        }
    }
    Ok(sha)
}

/// `/mini refresh`: runs the repository's refresh now and replies with the outcome.
pub async fn run_now(
    ctx: &Ctx,
    gh: &Installation,
    job: &ClaimedJob,
    cmd: &super::CommandJob,
) -> Result<()> {
    let repo_name = cmd.repo.to_string();
    if ctx.store.tracked_repo(&repo_name).await?.is_none() {
        // Installed before minibot saw the installation: track it now.
        let schedule = repo_schedule(gh, &cmd.repo).await?;
        let period = schedule.last_due(Utc::now()).map(schedule::period_key);
        ctx.store
            .upsert_installation(cmd.installation_id as i64, cmd.repo.owner())
            .await?;
        ctx.store
            .upsert_repo(
                &repo_name,
                cmd.installation_id as i64,
                &schedule.to_text(),
                period.as_deref(),
            )
            .await?;
    }
    let r = RefreshJob {
        repo: cmd.repo.clone(),
        installation_id: cmd.installation_id,
        period: format!("manual-{}", cmd.comment_id),
        due_ms: crate::store::now_ms(),
    };
    refresh(ctx, job, &r).await?;
    let tracked = ctx.store.tracked_repo(&repo_name).await?;
    let result = tracked
        .and_then(|t| t.last_result)
        .unwrap_or_else(|| "done".into());
    let text = super::render_reply(ctx, "reply_refresh.md", cmd, json!({"result": result}))?;
    super::upsert_reply(ctx, gh, cmd, &text).await
}

/// Runs one scheduled refresh.
pub async fn run(ctx: &Ctx, job: &ClaimedJob) -> Result<()> {
    let r: RefreshJob = serde_json::from_str(&job.payload).context("reading the refresh job")?;
    refresh(ctx, job, &r).await
}

async fn refresh(ctx: &Ctx, job: &ClaimedJob, r: &RefreshJob) -> Result<()> {
    let repo = &r.repo;
    let repo_name = repo.to_string();
    let store = &ctx.store;
    let gh = ctx.installation(r.installation_id)?;
    let Some(tracked) = store.tracked_repo(&repo_name).await? else {
        return Ok(());
    };
    let default_branch = gh.default_branch(repo).await?;
    let config = match super::read_config(&gh, repo, &default_branch).await? {
        Ok(c) => c,
        Err(e) => {
            let msg = format!(
                "skipped: {} is not valid ({})",
                repo_config::PATH,
                e.message
            );
            return store.record_refresh(&repo_name, &msg, None).await;
        }
    };
    let head = gh
        .branch_sha(repo, &default_branch)
        .await?
        .context("the default branch is gone")?;

    // Renovate's manners with an earlier refresh pull request.
    let mut position = tracked.refreshed_sha.clone();
    if let Some(outcome) = earlier_pull(ctx, &gh, repo, &tracked, &mut position).await? {
        return store.record_refresh(&repo_name, &outcome, None).await;
    }
    let tracked = store.tracked_repo(&repo_name).await?.unwrap_or(tracked);
    let from = match &position {
        Some(sha) => sha.clone(),
        None => {
            let cutoff = r.due_ms - schedule::first_lookback().num_milliseconds();
            commit_before(&gh, repo, &head, cutoff).await?
        }
    };
    let range = format!("{}..{}", short(&from), short(&head));
    if from == head {
        return store
            .record_refresh(&repo_name, "nothing new on the default branch", None)
            .await;
    }
    if tracked.closed_range.as_deref() == Some(range.as_str()) {
        return store
            .record_refresh(
                &repo_name,
                &format!("skipped: the refresh for {range} was closed without merging"),
                None,
            )
            .await;
    }
    let (commits, files) = gh.compare(repo, &from, &head).await?;
    let docs_dirs: Vec<String> = config.docs.path.iter().cloned().collect();
    let relevant: Vec<FileChange> = files
        .into_iter()
        .filter(|f| doc_relevant(f, &docs_dirs))
        .collect();
    if relevant.is_empty() {
        tracing::info!(repo = %repo_name, %range, "refresh: no doc-relevant change");
        return store
            .record_refresh(
                &repo_name,
                &format!("no doc-relevant change in {range}"),
                Some(&head),
            )
            .await;
    }
    // The merged pull requests behind the commits, with their titles and descriptions.
    let mut merged = Vec::new();
    for n in merged_pr_numbers(&commits).into_iter().take(30) {
        if let Ok(pr) = gh.pull_request(repo, n).await {
            let files = gh.pull_request_files(repo, n).await.unwrap_or_default();
            merged.push((pr, files));
        }
    }
    let mut body = String::new();
    for (pr, _) in &merged {
        body.push_str(&format!("#{}: {}\n{}\n\n", pr.number, pr.title, pr.body));
    }
    let change = Change {
        title: format!("Changes merged into {default_branch} ({range})"),
        body,
        messages: commits.iter().map(|c| c.message.clone()).collect(),
        files: relevant,
    };
    let input = DocsInput {
        repo,
        config: &config,
        parent_sha: &head,
        change: &change,
        commits: &commits,
        number: None,
        args: "Scheduled refresh: bring the docs up to date with these merged changes.",
    };
    let Some(prepared) = docs::prepare(ctx, &gh, &input).await? else {
        return store
            .record_refresh(&repo_name, "no Docusaurus site", None)
            .await;
    };
    // Budgets hold for scheduled work too.
    let estimate = budget::estimate(&ctx.prices, &prepared.request.model, &prepared.request);
    let standings =
        super::budget_standings(ctx, &repo_name, r.installation_id as i64, &config).await?;
    if let Decision::Refuse { message, .. } = budget::decide(&standings, estimate.micros) {
        return store
            .record_refresh(&repo_name, &format!("skipped: {message}"), None)
            .await;
    }
    let scope = CallScope {
        job_id: job.id,
        job_key: &job.job_key,
        repo: &repo_name,
        pr_number: None,
        task: "refresh",
        installation_id: Some(r.installation_id as i64),
        batch: config
            .docs
            .refresh_batch
            .unwrap_or_else(|| ctx.llm.is_openai()),
    };
    let finished = docs::complete(ctx, &gh, &input, prepared, &scope).await?;
    let calls = store.llm_calls_for_job(job.id).await?;
    let cost = total(&calls);
    let summary = match &finished.verdict {
        Verdict::Edits { summary, .. } => summary.clone(),
        Verdict::NoChange { .. } => {
            return store
                .record_refresh(
                    &repo_name,
                    &format!("no doc update needed for {range} ({})", cost.display()),
                    Some(&head),
                )
                .await;
        }
        Verdict::Rejected { problems } => {
            return store
                .record_refresh(
                    &repo_name,
                    &format!(
                        "edits for {range} failed the checks ({} problems, {})",
                        problems.len(),
                        cost.display()
                    ),
                    None,
                )
                .await;
        }
    };
    // Which merged pull requests each page change comes from.
    let edited: Vec<Page> = finished
        .writes
        .iter()
        .filter(|w| docsite::is_doc_file(&w.path))
        .map(|w| Page {
            path: w.path.clone(),
            text: w.content.clone(),
        })
        .collect();
    let mut sources: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (pr, files) in &merged {
        let pr_change = Change {
            title: pr.title.clone(),
            body: pr.body.clone(),
            messages: Vec::new(),
            files: files.clone(),
        };
        let ranked = rank::rank(&edited, &pr_change);
        let best = ranked.first().map(|t| t.score).unwrap_or(0.0);
        for t in ranked
            .iter()
            .filter(|t| t.score > 0.0 && t.score >= best * 0.6)
        {
            sources.entry(t.path.clone()).or_default().push(pr.number);
        }
    }
    let listed: Vec<Value> = finished
        .listed
        .iter()
        .map(|l| {
            let mut l = l.clone();
            let path = l["path"].as_str().unwrap_or("").to_string();
            l["sources"] = json!(sources.get(&path).cloned().unwrap_or_default());
            l
        })
        .collect();
    let label = Schedule::from_text(&tracked.schedule)
        .ok()
        .and_then(|s| s.label)
        .filter(|l| l == "weekly" || l == "daily")
        .unwrap_or_else(|| "scheduled".into());
    let title = format!("docs: {label} refresh ({range})");
    let body = ctx.texts.render(
        "refresh_pr_body.md",
        &json!({
            "summary": summary,
            "label": label,
            "range": range,
            "from": from,
            "to": head,
            "branch": default_branch,
            "merged": merged.iter().map(|(p, _)| json!({"number": p.number, "title": p.title})).collect::<Vec<_>>(),
            "files": listed,
            "notes": finished.notes,
            "cost_table": ctx.texts.render("cost_table.md", &cost_table(&calls))?,
            "marker": pull_marker("refresh", 0),
        }),
    )?;
    let message = format!("{title}\n\n{}", crate::templates::neutralize(&summary));
    let published = publish::publish(
        &gh,
        store,
        &Publication {
            repo,
            branch: BRANCH,
            parent_sha: &head,
            target_branch: &default_branch,
            files: &finished.writes,
            commit_message: &message,
            title: &title,
            body: &body,
            kind: "refresh",
            source_pr: 0,
        },
    )
    .await?;
    store
        .set_refresh_pr(
            &repo_name,
            Some(published.number as i64),
            Some(&published.commit_sha),
            Some(&format!("{from}..{head}")),
        )
        .await?;
    let action = if published.opened {
        "opened"
    } else {
        "updated"
    };
    tracing::info!(repo = %repo_name, pr = published.number, action, cost = %cost.display(), "refresh published");
    store
        .record_refresh(
            &repo_name,
            &format!(
                "{action} #{} for {range} ({})",
                published.number,
                cost.display()
            ),
            None,
        )
        .await
}

/// Looks at minibot's earlier refresh pull request: merged → the position advances to what it
/// covered; closed unmerged → its range is not proposed again; open but pushed to by a person →
/// minibot leaves it alone (and says so once). Returns the run's outcome when it must stop.
async fn earlier_pull(
    ctx: &Ctx,
    gh: &Installation,
    repo: &RepoName,
    tracked: &TrackedRepo,
    position: &mut Option<String>,
) -> Result<Option<String>> {
    let Some(number) = tracked.refresh_pr else {
        return Ok(None);
    };
    let repo_name = repo.to_string();
    let pr = gh.pull_request(repo, number as u64).await?;
    let range = tracked.refresh_range.clone().unwrap_or_default();
    if pr.state == "closed" {
        let merged = gh.pull_request_merged(repo, number as u64).await?;
        ctx.store
            .set_refresh_pr(&repo_name, None, None, None)
            .await?;
        if merged {
            if let Some((_, to)) = range.split_once("..") {
                ctx.store
                    .record_refresh(&repo_name, &format!("#{number} merged"), Some(to))
                    .await?;
                *position = Some(to.to_string());
            }
        } else if let Some((from, to)) = range.split_once("..") {
            // Declined: that range is not proposed again; the next refresh starts after it.
            ctx.store
                .set_closed_range(&repo_name, &format!("{}..{}", short(from), short(to)))
                .await?;
            ctx.store
                .record_refresh(
                    &repo_name,
                    &format!("#{number} was closed without merging"),
                    Some(to),
                )
                .await?;
            *position = Some(to.to_string());
        }
        return Ok(None);
    }
    let branch_head = gh.branch_sha(repo, BRANCH).await?;
    if branch_head.is_some() && branch_head != tracked.refresh_branch_sha {
        let marker = "<!-- minibot:refresh-hands-off -->";
        let me = ctx.app()?.bot_login().await?;
        let said = gh
            .issue_comments(repo, number as u64)
            .await?
            .iter()
            .any(|c| c.author == me && c.body.contains(marker));
        if !said {
            let text = ctx.texts.render(
                "refresh_hands_off.md",
                &json!({"branch": BRANCH, "marker": marker}),
            )?;
            gh.create_issue_comment(repo, number as u64, &text).await?;
        }
        return Ok(Some(format!(
            "left #{number} alone: someone else pushed to {BRANCH}"
        )));
    }
    // Still open and minibot's: this refresh updates it, from where it started.
    if position.is_none()
        && let Some((from, _)) = range.split_once("..")
    {
        *position = Some(from.to_string());
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(message: &str) -> CommitSummary {
        CommitSummary {
            sha: "0".repeat(40),
            message: message.into(),
        }
    }

    #[test]
    fn merged_pull_requests_are_read_from_commit_messages() {
        let commits = [
            commit("Add retries (#12)\n\nDetails."),
            commit("Merge pull request #15 from octo/feature\n\nFeature"),
            commit("Fix typo"),
            commit("Revert \"Add retries (#12)\" (#16)"),
        ];
        assert_eq!(merged_pr_numbers(&commits), [12, 15, 16]);
    }

    #[test]
    fn docs_tests_and_ci_are_not_doc_relevant() {
        let f = |p: &str| FileChange {
            path: p.into(),
            status: "modified".into(),
            additions: 1,
            deletions: 0,
            patch: None,
            previous_path: None,
        };
        let dirs = vec!["website/docs".to_string()];
        assert!(doc_relevant(&f("src/webhook.rs"), &dirs));
        assert!(doc_relevant(&f("config/defaults.yml"), &dirs));
        for p in [
            "website/docs/intro.md",
            "README.md",
            ".github/workflows/ci.yml",
            "tests/api.rs",
            "src/a.test.ts",
            "Cargo.lock",
            "yarn.lock",
        ] {
            assert!(!doc_relevant(&f(p), &dirs), "{p}");
        }
    }
}
