//! Jobs: what a webhook delivery asks for (planned at intake, without any network call) and how
//! each kind runs in a worker. Job functions are plain async functions over [`Ctx`]; they know
//! nothing of HTTP or SQL.

pub mod docs;
pub mod refresh;
pub mod suggest;
pub mod tests;
mod worker;

use std::sync::Arc;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use serde_json::json;
use tracing::Instrument;

use crate::commands::{self, Command, Invocation};
use crate::cost::{CostTotal, PriceTable, format_usd};
use crate::github::attachments::Attachments;
use crate::github::webhook::{Envelope, IssueCommentEvent};
use crate::github::{GithubApp, Installation, PullRequest, RepoName, Tree};
use crate::live::LiveConfig;
use crate::llm::metered::{self, CallScope, Meter};
use crate::llm::models::ModelTable;
use crate::llm::{ChatRequest, LlmClient};
use crate::metrics::Metrics;
use crate::repo_config::{self, RepoConfig};
use crate::store::{ClaimedJob, LedgerEntry, NewDelivery, NewJob, Store};
use crate::templates::{Texts, reply_marker};

pub use worker::{JobEvent, WorkerPool, WorkerSettings};

/// What every job can use.
#[derive(Debug)]
pub struct Ctx {
    pub store: Store,
    /// None when the GitHub App is not configured: jobs then fail with a clear error.
    pub github: Option<GithubApp>,
    pub llm: LlmClient,
    pub prices: PriceTable,
    /// What each model can take (context window, image input).
    pub models: ModelTable,
    /// Fetches screenshots attached to pull requests.
    pub attachments: Attachments,
    /// The config file in force (routing, budgets, cache), reloadable.
    pub live: Arc<LiveConfig>,
    /// Counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    pub texts: Texts,
    /// The model of tasks the config file does not route.
    pub model: String,
    /// Token budget of the pull request context in a prompt.
    pub context_tokens: usize,
    /// Longest answer asked of the model.
    pub max_output_tokens: u32,
}

impl Ctx {
    /// The first model of `task`'s route: the one prompts are sized for.
    pub fn model_for(&self, task: &str) -> String {
        self.live
            .get()
            .route(task)
            .into_iter()
            .next()
            .unwrap_or_else(|| self.model.clone())
    }

    /// One model call for a job: routed, cached, metered (see [`metered::chat`]).
    pub async fn chat(
        &self,
        scope: &CallScope<'_>,
        request: &ChatRequest,
    ) -> Result<metered::MeteredAnswer> {
        let config = self.live.get();
        let route = config.route(scope.task);
        let meter = Meter {
            store: &self.store,
            llm: &self.llm,
            prices: &self.prices,
            models: &self.models,
            route: &route,
            cache_ttl: config.cache_ttl,
        };
        metered::chat(&meter, scope, request).await
    }

    /// Tokens of pull request context a prompt for `task` may carry: the configured budget, cut
    /// to what the model's context window leaves after the longest answer and the instructions.
    pub fn context_budget(&self, task: &str) -> usize {
        const INSTRUCTIONS: usize = 4_000;
        match self.models.get(&self.model_for(task)).context_window {
            Some(window) => self.context_tokens.min(
                window
                    .saturating_sub(self.max_output_tokens as usize)
                    .saturating_sub(INSTRUCTIONS)
                    .max(1_000),
            ),
            None => self.context_tokens,
        }
    }

    fn app(&self) -> Result<&GithubApp> {
        self.github
            .as_ref()
            .context("the GitHub App is not configured (set GITHUB_APP_ID and GITHUB_PRIVATE_KEY)")
    }

    fn installation(&self, id: u64) -> Result<Installation> {
        self.app()?.installation(id)
    }
}

/// A `/mini` command taken from a comment: the payload of every command job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandJob {
    pub repo: RepoName,
    pub installation_id: u64,
    /// The issue or pull request number the comment is on.
    pub number: u64,
    pub is_pull_request: bool,
    pub comment_id: u64,
    pub author: String,
    /// The command, or None for an unknown one (answered with help).
    pub invocation: Option<Invocation>,
    /// The unknown command's name.
    #[serde(default)]
    pub unknown: Option<String>,
}

impl CommandJob {
    /// The command's name (`help` for an unknown one): with the comment, the reply's identity.
    pub fn kind(&self) -> &'static str {
        self.invocation
            .as_ref()
            .map(|i| i.command.name())
            .unwrap_or("help")
    }
}

/// A delivery the intake understood: the row to record and the jobs it implies.
#[derive(Debug, Clone)]
pub struct Plan {
    pub delivery: NewDelivery,
    pub jobs: Vec<NewJob>,
}

/// A delivery whose body minibot cannot read (answered 400).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadPayload(pub String);

/// Plans the jobs a delivery implies. Pure and cheap: one JSON parse, no I/O.
pub fn plan(
    event: &str,
    delivery_id: &str,
    body: &[u8],
    max_attempts: i64,
) -> Result<Plan, BadPayload> {
    let mut jobs = Vec::new();
    let delivery = if event == "issue_comment" {
        let e: IssueCommentEvent = serde_json::from_slice(body)
            .map_err(|err| BadPayload(format!("not an issue_comment payload: {err}")))?;
        let repo: Option<RepoName> = e.repository.full_name.parse().ok();
        if let (Some(repo), Some(inst)) = (&repo, &e.installation)
            && e.action == "created"
            && !e.comment.user.is_bot()
        {
            let body = e.comment.body.as_deref().unwrap_or("");
            let mut seen = Vec::new();
            for parsed in commands::parse_commands(body) {
                let (kind, invocation, unknown) = match parsed {
                    Ok(inv) => (inv.command.name(), Some(inv), None),
                    Err(u) => ("help", None, Some(u.name)),
                };
                // One job per command kind and comment: `/mini docs` twice is one run.
                if seen.contains(&kind) {
                    continue;
                }
                seen.push(kind);
                let job = CommandJob {
                    repo: repo.clone(),
                    installation_id: inst.id,
                    number: e.issue.number,
                    is_pull_request: e.issue.pull_request.is_some(),
                    comment_id: e.comment.id,
                    author: e.comment.user.login.clone(),
                    invocation,
                    unknown,
                };
                jobs.push(NewJob {
                    kind: kind.to_string(),
                    job_key: format!("{repo}:comment:{}:{kind}", e.comment.id),
                    payload: serde_json::to_string(&job).expect("a job serializes"),
                    max_attempts,
                    run_after: 0,
                });
            }
        }
        NewDelivery {
            id: delivery_id.to_string(),
            event: event.to_string(),
            action: Some(e.action),
            installation_id: e.installation.map(|i| i.id as i64),
            repo: repo.map(|r| r.to_string()),
        }
    } else {
        let e: Envelope = serde_json::from_slice(body)
            .map_err(|err| BadPayload(format!("the body is not a JSON webhook payload: {err}")))?;
        if event == "installation" || event == "installation_repositories" {
            let v: serde_json::Value = serde_json::from_slice(body)
                .map_err(|err| BadPayload(format!("not an {event} payload: {err}")))?;
            jobs.extend(refresh::plan_installation_event(
                event,
                delivery_id,
                &v,
                max_attempts,
            ));
        }
        NewDelivery {
            id: delivery_id.to_string(),
            event: event.to_string(),
            action: e.action,
            installation_id: e.installation.map(|i| i.id as i64),
            repo: e.repository.map(|r| r.full_name),
        }
    };
    Ok(Plan { delivery, jobs })
}

/// Runs one claimed job.
pub async fn run(ctx: &Ctx, job: &ClaimedJob) -> Result<()> {
    match job.kind.as_str() {
        refresh::REFRESH => {
            let span = tracing::info_span!("refresh", key = %job.job_key);
            return refresh::run(ctx, job).instrument(span).await;
        }
        refresh::SYNC => return refresh::sync(ctx, job).await,
        _ => {}
    }
    let cmd: CommandJob =
        serde_json::from_str(&job.payload).context("reading the job's payload")?;
    let span =
        tracing::info_span!("command", repo = %cmd.repo, pr = cmd.number, author = %cmd.author);
    run_command(ctx, job, &cmd).instrument(span).await
}

async fn run_command(ctx: &Ctx, job: &ClaimedJob, cmd: &CommandJob) -> Result<()> {
    let gh = ctx.installation(cmd.installation_id)?;
    let Some(invocation) = &cmd.invocation else {
        return reply_help(ctx, &gh, cmd).await;
    };
    if invocation.command == Command::Help {
        return reply_help(ctx, &gh, cmd).await;
    }
    // Permission first: an outsider's command costs nothing and changes nothing.
    let permission = gh
        .collaborator_permission(&cmd.repo, &cmd.author)
        .await
        .context("checking the commenter's permission")?;
    if !permission.can_write() {
        tracing::info!(author = %cmd.author, ?permission, "command refused: no write access");
        let text = render_reply(
            ctx,
            "reply_refused.md",
            cmd,
            json!({"author": cmd.author, "command": invocation.command.name()}),
        )?;
        return upsert_reply(ctx, &gh, cmd, &text).await;
    }
    gh.add_reaction(&cmd.repo, cmd.comment_id, "eyes")
        .await
        .context("adding the 👀 reaction")?;
    if invocation.command == Command::Refresh {
        return refresh::run_now(ctx, &gh, job, cmd).await;
    }
    if !cmd.is_pull_request {
        let text = render_reply(
            ctx,
            "reply_not_a_pr.md",
            cmd,
            json!({"command": invocation.command.name()}),
        )?;
        return upsert_reply(ctx, &gh, cmd, &text).await;
    }
    match invocation.command {
        Command::Docs => docs::run(ctx, &gh, job, cmd, invocation).await,
        Command::Tests => tests::run(ctx, &gh, job, cmd, invocation).await,
        Command::Suggest => suggest::run(ctx, &gh, job, cmd).await,
        Command::Cost => reply_cost(ctx, &gh, cmd).await,
        Command::Refresh => refresh::run_now(ctx, &gh, job, cmd).await,
        Command::Help => reply_help(ctx, &gh, cmd).await,
    }
}

/// The repository's `.github/minibot.yml` on `branch` (all defaults when there is none), or what
/// is wrong with it.
async fn read_config(
    gh: &Installation,
    repo: &RepoName,
    branch: &str,
) -> Result<Result<RepoConfig, repo_config::ConfigError>> {
    Ok(match gh.file_text(repo, repo_config::PATH, branch).await? {
        Some(file) => RepoConfig::parse(&file.text),
        None => Ok(RepoConfig::default()),
    })
}

/// The repository's `.github/minibot.yml` (default branch), or None after replying with which key
/// is wrong.
async fn load_config(ctx: &Ctx, gh: &Installation, cmd: &CommandJob) -> Result<Option<RepoConfig>> {
    let default_branch = gh.default_branch(&cmd.repo).await?;
    match read_config(gh, &cmd.repo, &default_branch).await? {
        Ok(c) => Ok(Some(c)),
        Err(e) => {
            let text = render_reply(
                ctx,
                "reply_bad_config.md",
                cmd,
                json!({"path": repo_config::PATH, "message": e.message, "line": e.line}),
            )?;
            upsert_reply(ctx, gh, cmd, &text).await?;
            Ok(None)
        }
    }
}

/// Where minibot's pull request for `pr` goes: (target branch, parent commit, from a fork). A
/// fork's branch is not ours to push to, so the pull request then targets the base branch.
async fn publish_target(
    gh: &Installation,
    repo: &RepoName,
    pr: &PullRequest,
) -> Result<(String, String, bool)> {
    if pr.is_from_fork(repo) {
        let sha = gh
            .branch_sha(repo, &pr.base_ref)
            .await?
            .with_context(|| format!("the base branch {} is gone", pr.base_ref))?;
        Ok((pr.base_ref.clone(), sha, true))
    } else {
        Ok((pr.head_ref.clone(), pr.head_sha.clone(), false))
    }
}

/// The texts of files of `tree`: from the blob cache by sha when they did not change since an
/// earlier run, else from GitHub (and then cached).
async fn read_files(
    ctx: &Ctx,
    gh: &Installation,
    repo: &RepoName,
    tree: &Tree,
    paths: &[String],
    git_ref: &str,
) -> Result<Vec<Option<String>>> {
    let repo_name = repo.to_string();
    let shas: Vec<Option<String>> = paths
        .iter()
        .map(|p| tree.blob_sha(p).map(String::from))
        .collect();
    let known: Vec<String> = shas.iter().flatten().cloned().collect();
    let mut cached = ctx.store.cached_blobs(&repo_name, &known).await?;
    let missing: Vec<String> = known
        .iter()
        .filter(|s| !cached.contains_key(*s))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if !missing.is_empty() {
        let fetched = gh.blob_texts(repo, &missing).await?;
        let fresh: Vec<(String, String)> = missing
            .into_iter()
            .zip(fetched)
            .filter_map(|(sha, text)| text.map(|t| (sha, t)))
            .collect();
        ctx.store.cache_blobs(&repo_name, &fresh).await?;
        cached.extend(fresh);
    }
    // Paths without a sha in the listing are read by path.
    let by_path: Vec<String> = paths
        .iter()
        .zip(&shas)
        .filter(|(_, s)| s.is_none())
        .map(|(p, _)| p.clone())
        .collect();
    let mut direct = gh.file_texts(repo, &by_path, git_ref).await?.into_iter();
    Ok(shas
        .iter()
        .map(|s| match s {
            Some(sha) => cached.get(sha).cloned(),
            None => direct.next().flatten(),
        })
        .collect())
}

/// The model whose answer the job used (the last call's), for replies.
fn model_used(calls: &[LedgerEntry]) -> Option<String> {
    calls
        .iter()
        .rev()
        .find(|c| c.outcome != "error")
        .map(|c| c.model.clone())
}

/// The total of a job's model calls.
fn total(calls: &[LedgerEntry]) -> CostTotal {
    let mut t = CostTotal::default();
    for c in calls {
        t.add(c.cost_micros);
    }
    t
}

#[derive(Serialize)]
struct CostRow {
    model: String,
    input_tokens: i64,
    cached_tokens: i64,
    output_tokens: i64,
    cost: String,
}

/// The values of `cost_table.md`.
fn cost_table(calls: &[LedgerEntry]) -> serde_json::Value {
    let rows: Vec<CostRow> = calls
        .iter()
        .map(|c| CostRow {
            model: c.model.clone(),
            input_tokens: c.input_tokens,
            cached_tokens: c.cached_tokens,
            output_tokens: c.output_tokens,
            cost: c
                .cost_micros
                .map(format_usd)
                .unwrap_or_else(|| "unpriced".into()),
        })
        .collect();
    json!({
        "calls": rows,
        "totals": {
            "input_tokens": calls.iter().map(|c| c.input_tokens).sum::<i64>(),
            "cached_tokens": calls.iter().map(|c| c.cached_tokens).sum::<i64>(),
            "output_tokens": calls.iter().map(|c| c.output_tokens).sum::<i64>(),
            "cost": total(calls).display(),
        }
    })
}

/// Tells the commenter that their command failed for good (after the last attempt).
pub async fn report_failure(ctx: &Ctx, job: &ClaimedJob) -> Result<()> {
    if job.kind == refresh::REFRESH || job.kind == refresh::SYNC {
        // Scheduled work has no commenter; the failure is in the job's record and the logs.
        return Ok(());
    }
    let cmd: CommandJob = serde_json::from_str(&job.payload)?;
    let gh = ctx.installation(cmd.installation_id)?;
    let text = render_reply(
        ctx,
        "reply_failed.md",
        &cmd,
        json!({"command": cmd.kind(), "job_id": job.id}),
    )?;
    upsert_reply(ctx, &gh, &cmd, &text).await
}

async fn reply_help(ctx: &Ctx, gh: &Installation, cmd: &CommandJob) -> Result<()> {
    let commands: Vec<_> = Command::ALL
        .iter()
        .map(|c| json!({"name": c.name(), "summary": c.summary()}))
        .collect();
    let text = render_reply(
        ctx,
        "reply_help.md",
        cmd,
        json!({"commands": commands, "unknown": cmd.unknown}),
    )?;
    upsert_reply(ctx, gh, cmd, &text).await
}

/// Renders a reply template, adding the reply marker to its context, and the budget warning
/// (`budget_warning` in `values`) above the marker.
fn render_reply(
    ctx: &Ctx,
    template: &str,
    cmd: &CommandJob,
    mut values: serde_json::Value,
) -> Result<String> {
    let marker = reply_marker(cmd.comment_id, cmd.kind());
    values["marker"] = json!(marker);
    let text = ctx.texts.render(template, &values)?;
    Ok(
        match values.get("budget_warning").and_then(|w| w.as_str()) {
            Some(w) => {
                let note = ctx
                    .texts
                    .render("budget_warning.md", &json!({"warning": w}))?;
                match text.rfind(&marker) {
                    Some(at) => format!("{}{note}\n{}", &text[..at], &text[at..]),
                    None => format!("{text}\n{note}"),
                }
            }
            None => text,
        },
    )
}

/// This month's standing against the repository's and the installation's budgets (those set).
async fn budget_standings(
    ctx: &Ctx,
    repo: &str,
    installation_id: i64,
    config: &RepoConfig,
) -> Result<Vec<crate::cost::budget::Standing>> {
    use crate::cost::budget::{self, Standing};
    let live = ctx.live.get();
    let month = budget::month_start_ms(crate::store::now_ms());
    let mut standings = Vec::new();
    if let Some(b) = config
        .budget
        .monthly_micros()
        .or(live.repository_monthly_micros)
    {
        standings.push(Standing {
            scope: "repository".into(),
            budget_micros: b,
            spent_micros: ctx.store.spend_since(month, Some(repo), None).await?,
        });
    }
    if let Some(b) = live.installation_monthly_micros {
        standings.push(Standing {
            scope: "installation".into(),
            budget_micros: b,
            spent_micros: ctx
                .store
                .spend_since(month, None, Some(installation_id))
                .await?,
        });
    }
    Ok(standings)
}

/// Checks the monthly budgets before a job's first model call: Ok(None) when the job must not
/// run (the reply says why, with the numbers; nothing was called), else the warning to carry.
async fn budget_gate(
    ctx: &Ctx,
    gh: &Installation,
    job: &ClaimedJob,
    cmd: &CommandJob,
    config: &RepoConfig,
    request: &ChatRequest,
) -> Result<Option<Option<String>>> {
    use crate::cost::budget::{self, Decision};
    let repo = cmd.repo.to_string();
    let standings = budget_standings(ctx, &repo, cmd.installation_id as i64, config).await?;
    if standings.is_empty() {
        return Ok(Some(None));
    }
    let estimate = budget::estimate(&ctx.prices, &request.model, request);
    match budget::decide(&standings, estimate.micros) {
        Decision::Run => Ok(Some(None)),
        Decision::Warn(w) => Ok(Some(Some(w))),
        Decision::Refuse {
            standing,
            estimate_micros,
            message,
        } => {
            tracing::info!(scope = %standing.scope, spent = standing.spent_micros, budget = standing.budget_micros, estimate = estimate_micros, "budget refusal");
            ctx.store
                .record_budget_refusal(&crate::store::BudgetRefusal {
                    job_id: Some(job.id),
                    repo: repo.clone(),
                    installation_id: Some(cmd.installation_id as i64),
                    scope: standing.scope.clone(),
                    spent_micros: standing.spent_micros,
                    estimate_micros,
                    budget_micros: standing.budget_micros,
                })
                .await?;
            let text = render_reply(
                ctx,
                "reply_budget_refused.md",
                cmd,
                json!({"command": cmd.kind(), "message": message,
                       "input_tokens": estimate.input_tokens, "output_tokens": estimate.output_tokens,
                       "model": request.model}),
            )?;
            upsert_reply(ctx, gh, cmd, &text).await?;
            Ok(None)
        }
    }
}

/// `/mini cost`: this pull request's spend, and the repository's this month, by command and model.
async fn reply_cost(ctx: &Ctx, gh: &Installation, cmd: &CommandJob) -> Result<()> {
    use crate::cost::budget;
    use crate::cost::report::{self, By};
    let repo = cmd.repo.to_string();
    let pr_calls = ctx.store.llm_calls_for_pr(&repo, cmd.number as i64).await?;
    let month = budget::month_start_ms(crate::store::now_ms());
    let month_calls = ctx.store.llm_calls_since(month, Some(&repo)).await?;
    let pr_by_command = report::build(&pr_calls, By::Command, 0, Some(&repo));
    let pr_by_model = report::build(&pr_calls, By::Model, 0, Some(&repo));
    let month_by_command = report::build(&month_calls, By::Command, month, Some(&repo));
    let month_by_model = report::build(&month_calls, By::Model, month, Some(&repo));
    let rows = |r: &report::Report| -> serde_json::Value {
        r.rows
            .iter()
            .map(|row| {
                json!({"key": row.key, "calls": row.calls, "input": row.input_tokens,
                       "output": row.output_tokens, "cost": format_usd(row.cost_micros),
                       "unpriced": row.unpriced_calls})
            })
            .collect()
    };
    let total = |r: &report::Report| {
        CostTotal {
            priced_micros: r.total.cost_micros,
            unpriced_calls: r.total.unpriced_calls as usize,
        }
        .display()
    };
    let text = render_reply(
        ctx,
        "reply_cost.md",
        cmd,
        json!({
            "number": cmd.number,
            "repo": repo,
            "month": report::build(&[], By::Day, month, None).since,
            "pr_total": total(&pr_by_command),
            "pr_calls": pr_calls.len(),
            "pr_by_command": rows(&pr_by_command),
            "pr_by_model": rows(&pr_by_model),
            "month_total": total(&month_by_command),
            "month_by_command": rows(&month_by_command),
            "month_by_model": rows(&month_by_model),
            "saved": format_usd(month_by_command.total.saved_micros),
        }),
    )?;
    upsert_reply(ctx, gh, cmd, &text).await
}

/// Posts the reply to a command comment, or updates the one posted by an earlier attempt (found
/// by its hidden marker), so a retried job never leaves two replies.
async fn upsert_reply(ctx: &Ctx, gh: &Installation, cmd: &CommandJob, body: &str) -> Result<()> {
    let marker = reply_marker(cmd.comment_id, cmd.kind());
    let me = ctx.app()?.bot_login().await?;
    // Only minibot's own comment, ending with the marker, is the earlier reply.
    let existing = gh
        .issue_comments(&cmd.repo, cmd.number)
        .await
        .context("listing comments to find an earlier reply")?
        .into_iter()
        .find(|c| c.author == me && c.body.trim_end().ends_with(&marker));
    match existing {
        Some(c) => gh.update_issue_comment(&cmd.repo, c.id, body).await,
        None => gh
            .create_issue_comment(&cmd.repo, cmd.number, body)
            .await
            .map(|_| ()),
    }
    .context("posting the reply")
}

#[cfg(test)]
mod planning_tests {
    use super::*;

    const COMMENT: &str = r#"{"action":"created","issue":{"number":7,"pull_request":{"url":"x"}},
        "comment":{"id":99,"body":"/mini docs\n/mini docs again\n/mini nope","user":{"login":"alice","type":"User"}},
        "repository":{"full_name":"octo/site"},"installation":{"id":5}}"#;

    #[test]
    fn a_command_comment_plans_one_job_per_kind() {
        let p = plan("issue_comment", "d-1", COMMENT.as_bytes(), 5).unwrap();
        assert_eq!(p.delivery.repo.as_deref(), Some("octo/site"));
        let keys: Vec<_> = p.jobs.iter().map(|j| j.job_key.as_str()).collect();
        assert_eq!(
            keys,
            ["octo/site:comment:99:docs", "octo/site:comment:99:help"]
        );
        let job: CommandJob = serde_json::from_str(&p.jobs[0].payload).unwrap();
        assert_eq!(job.number, 7);
        assert!(job.is_pull_request);
        assert_eq!(job.invocation.unwrap().command, Command::Docs);
        let help: CommandJob = serde_json::from_str(&p.jobs[1].payload).unwrap();
        assert_eq!(help.unknown.as_deref(), Some("nope"));
    }

    #[test]
    fn bots_and_edits_plan_nothing() {
        let bot = COMMENT.replace("\"type\":\"User\"", "\"type\":\"Bot\"");
        assert!(
            plan("issue_comment", "d", bot.as_bytes(), 5)
                .unwrap()
                .jobs
                .is_empty()
        );
        let edited = COMMENT.replace("\"created\"", "\"edited\"");
        assert!(
            plan("issue_comment", "d", edited.as_bytes(), 5)
                .unwrap()
                .jobs
                .is_empty()
        );
    }

    #[test]
    fn bodies_that_are_not_payloads_are_bad() {
        assert!(plan("issue_comment", "d", b"not json", 5).is_err());
        assert!(plan("push", "d", b"[1,2", 5).is_err());
        assert!(plan("push", "d", b"{}", 5).is_ok());
    }
}
