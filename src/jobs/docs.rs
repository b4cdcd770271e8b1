//! `/mini docs`: read the pull request, find the Docusaurus site, ask the model for page edits,
//! check them, and publish one docs pull request (updated, never duplicated, on later runs).

use std::collections::HashMap;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use super::{
    CommandJob, Ctx, budget_gate, cost_table, load_config, model_used, publish_target, read_files,
    render_reply, total, upsert_reply,
};
use crate::commands::Invocation;
use crate::context;
use crate::docsite;
use crate::docsite::engine::{self, JudgeContext, PromptInput, Verdict};
use crate::docsite::rank::{Change, Page};
use crate::github::{CommitSummary, FileWrite, Installation, RepoName, Tree};
use crate::llm::ChatRequest;
use crate::llm::metered::CallScope;
use crate::publish::{self, Publication};
use crate::repo_config::RepoConfig;
use crate::store::ClaimedJob;
use crate::templates::pull_marker;

/// Most pages read for ranking in one run (unchanged pages come from the blob cache).
const MAX_PAGES_READ: usize = 2_000;

/// The branch minibot's docs pull request for `pr` lives on.
pub fn branch_for(pr: u64) -> String {
    format!("minibot/docs/pr-{pr}")
}

/// A change the doc engine is asked about: a pull request, or what reached the default branch.
pub(super) struct DocsInput<'a> {
    pub repo: &'a RepoName,
    pub config: &'a RepoConfig,
    /// The commit the edits apply to.
    pub parent_sha: &'a str,
    pub change: &'a Change,
    pub commits: &'a [CommitSummary],
    pub number: Option<u64>,
    /// Instructions (the words after `/mini docs`).
    pub args: &'a str,
}

/// Everything known before the model is asked.
pub(super) struct Prepared {
    site: docsite::Site,
    tree: Tree,
    known: HashMap<String, String>,
    doc_ids: Vec<String>,
    named: Vec<String>,
    pub request: ChatRequest,
}

/// What the engine decided.
pub(super) struct Finished {
    pub verdict: Verdict,
    /// Files to commit (edited pages and new folders' categories) and their list for the body.
    pub writes: Vec<FileWrite>,
    pub listed: Vec<Value>,
    pub notes: Vec<String>,
}

/// Finds the site and ranks its pages for the change, and builds the request. None when the
/// repository has no Docusaurus site.
pub(super) async fn prepare(
    ctx: &Ctx,
    gh: &Installation,
    input: &DocsInput<'_>,
) -> Result<Option<Prepared>> {
    let repo = input.repo;
    let config = input.config;
    let parent_sha = input.parent_sha;
    let change = input.change;
    let tree = gh.tree(repo, parent_sha).await?;
    // Every site of the repository (usually one), with its pages; the one the change concerns
    // most is used.
    let configs = docsite::find_configs_in(tree.files(), &config.docs);
    let mut sites = Vec::new();
    for path in &configs {
        let text = gh
            .file_text(repo, path, parent_sha)
            .await?
            .map(|f| f.text)
            .unwrap_or_default();
        sites.extend(docsite::resolve_site(Some(path), &text, &config.docs));
    }
    if configs.is_empty() {
        sites.extend(docsite::resolve_site(None, "", &config.docs));
    }
    if sites.is_empty() {
        return Ok(None);
    }
    let mut candidates = Vec::new();
    for mut site in sites {
        let mut page_paths: Vec<String> = docsite::doc_pages(&tree, &site.docs_dir)
            .into_iter()
            .map(String::from)
            .collect();
        if page_paths.len() > MAX_PAGES_READ {
            site.notes.push(format!(
                "the site has {} pages; the first {MAX_PAGES_READ} were ranked",
                page_paths.len()
            ));
            page_paths.truncate(MAX_PAGES_READ);
        }
        let texts = read_files(ctx, gh, repo, &tree, &page_paths, parent_sha).await?;
        let pages: Vec<Page> = page_paths
            .into_iter()
            .zip(texts)
            .filter_map(|(path, text)| text.map(|text| Page { path, text }))
            .collect();
        candidates.push((site, pages));
    }
    let (site, pages) = engine::choose_site(candidates, change).context("no site")?;
    let max_pages = config.docs.max_pages;
    let plan = engine::plan(
        &site,
        &pages,
        change,
        max_pages,
        ctx.context_budget("docs"),
        &ctx.model_for("docs"),
        &ctx.prices,
    );
    tracing::info!(targets = ?plan.pages_for_model, estimate_usd = plan.estimated_cost_usd, "docs plan");
    let diff = context::fit(&change.files, input.commits, ctx.context_budget("docs"));
    let tree_files: Vec<&str> = tree.files().collect();
    let named = engine::named_paths(input.args, &site, &tree_files);
    let mut shown: Vec<(String, String)> = plan
        .pages_for_model
        .iter()
        .filter_map(|p| pages.iter().find(|x| &x.path == p))
        .map(|p| (p.path.clone(), p.text.clone()))
        .collect();
    // Pages the maintainer named are shown too.
    let named_pages: Vec<String> = named
        .iter()
        .filter(|n| docsite::is_doc_file(n))
        .cloned()
        .collect();
    for (path, text) in named_pages
        .iter()
        .zip(read_files(ctx, gh, repo, &tree, &named_pages, parent_sha).await?)
    {
        if let Some(text) = text {
            shown.push((path.clone(), text));
        }
    }
    let outline = engine::outline(&pages);
    let request = engine::request(
        &ctx.texts,
        &ctx.model_for("docs"),
        ctx.max_output_tokens,
        &PromptInput {
            site: &site,
            number: input.number,
            title: &change.title,
            body: &change.body,
            args: input.args,
            diff: &diff,
            pages: shown,
            outline,
            new_pages: &plan.new_pages,
            max_pages,
            named: &named,
        },
    )?;
    // The pages as they are, by path, and their doc ids; pages an answer edits that were not
    // read for ranking are read when needed, so a page is never overwritten blindly.
    let doc_ids = engine::doc_ids(&site, &pages);
    let known: HashMap<String, String> = pages.into_iter().map(|p| (p.path, p.text)).collect();
    Ok(Some(Prepared {
        site,
        tree,
        known,
        doc_ids,
        named,
        request,
    }))
}

/// Asks the model (one answer, and at most one repair round for what the mechanical repairs
/// cannot fix), checks the edits, and works out the files to commit.
pub(super) async fn complete(
    ctx: &Ctx,
    gh: &Installation,
    input: &DocsInput<'_>,
    prepared: Prepared,
    scope: &CallScope<'_>,
) -> Result<Finished> {
    let Prepared {
        site,
        tree,
        mut known,
        doc_ids,
        named,
        request,
    } = prepared;
    let (repo, parent_sha) = (input.repo, input.parent_sha);
    let max_pages = input.config.docs.max_pages;
    let file_exists = |p: &str| tree.files().any(|f| f == p);
    let mut round_request = request.clone();
    let mut round = 0;
    let verdict = loop {
        let answer = ctx.chat(scope, &round_request).await?;
        let unread: Vec<String> = engine::edit_paths(&answer.content)
            .into_iter()
            .filter(|p| !known.contains_key(p) && file_exists(p))
            .collect();
        for (path, text) in unread
            .iter()
            .zip(read_files(ctx, gh, repo, &tree, &unread, parent_sha).await?)
        {
            if let Some(text) = text {
                known.insert(path.clone(), text);
            }
        }
        let page_text = |p: &str| known.get(p).cloned();
        let cx = JudgeContext {
            site: &site,
            max_pages,
            page_text: &page_text,
            file_exists: &file_exists,
            doc_ids: &doc_ids,
            named: &named,
        };
        let verdict = engine::judge(&answer.content, answer.finish_reason.as_deref(), &cx);
        match engine::repair_round(
            &ctx.texts,
            &request,
            round,
            (&answer.content, answer.finish_reason.as_deref()),
            &verdict,
        )? {
            Some(next) => {
                round_request = next;
                round += 1;
            }
            None => break verdict,
        }
    };
    let Verdict::Edits { edits, .. } = &verdict else {
        return Ok(Finished {
            verdict,
            writes: Vec::new(),
            listed: Vec::new(),
            notes: Vec::new(),
        });
    };
    // New pages: categories for new folders, and what a hand-written sidebar needs.
    let tree_files: Vec<&str> = tree.files().collect();
    let sidebars_path = site.sidebars_file(&|p| tree.files().any(|f| f == p));
    let sidebars = match sidebars_path {
        Some(p) => gh
            .file_text(repo, &p, parent_sha)
            .await?
            .map(|f| (p, f.text)),
        None => None,
    };
    let extras = engine::new_page_extras(
        &site,
        edits,
        &tree_files,
        sidebars.as_ref().map(|(p, t)| (p.as_str(), t.as_str())),
    );
    let mut writes: Vec<FileWrite> = edits
        .iter()
        .map(|e| FileWrite {
            path: e.path.clone(),
            content: e.content.clone(),
        })
        .collect();
    writes.extend(extras.files.iter().cloned());
    let mut listed: Vec<Value> = edits
        .iter()
        .map(|e| {
            json!({"path": e.path, "action": if file_exists(&e.path) { "updated" } else { "created" }, "reason": e.reason})
        })
        .collect();
    listed.extend(extras.files.iter().map(
        |f| json!({"path": f.path, "action": "created", "reason": "category of a new docs folder"}),
    ));
    Ok(Finished {
        verdict,
        writes,
        listed,
        notes: extras.notes,
    })
}

/// Runs `/mini docs`.
pub async fn run(
    ctx: &Ctx,
    gh: &Installation,
    job: &ClaimedJob,
    cmd: &CommandJob,
    invocation: &Invocation,
) -> Result<()> {
    let repo = &cmd.repo;
    let Some(config) = load_config(ctx, gh, cmd).await? else {
        return Ok(());
    };
    let pr = gh.pull_request(repo, cmd.number).await?;
    let (target_branch, parent_sha, from_fork) = publish_target(gh, repo, &pr).await?;
    let files = gh.pull_request_files(repo, pr.number).await?;
    let commits = gh.pull_request_commits(repo, pr.number).await?;
    let change = Change {
        title: pr.title.clone(),
        body: pr.body.clone(),
        messages: commits.iter().map(|c| c.message.clone()).collect(),
        files,
    };
    let input = DocsInput {
        repo,
        config: &config,
        parent_sha: &parent_sha,
        change: &change,
        commits: &commits,
        number: Some(pr.number),
        args: &invocation.args,
    };
    let Some(prepared) = prepare(ctx, gh, &input).await? else {
        let text = render_reply(ctx, "reply_no_site.md", cmd, json!({}))?;
        return upsert_reply(ctx, gh, cmd, &text).await;
    };
    let repo_name = repo.to_string();
    let scope = CallScope {
        job_id: job.id,
        job_key: &job.job_key,
        repo: &repo_name,
        pr_number: Some(pr.number as i64),
        task: "docs",
        installation_id: Some(cmd.installation_id as i64),
        batch: false,
    };
    let Some(budget_warning) = budget_gate(ctx, gh, job, cmd, &config, &prepared.request).await?
    else {
        return Ok(());
    };
    let finished = complete(ctx, gh, &input, prepared, &scope).await?;
    let calls = ctx.store.llm_calls_for_job(job.id).await?;
    let cost = total(&calls);
    let (summary, repairs) = match finished.verdict {
        Verdict::Edits {
            summary, repairs, ..
        } => (summary, repairs),
        Verdict::NoChange { summary } => {
            let text = render_reply(
                ctx,
                "reply_no_changes.md",
                cmd,
                json!({"summary": summary, "cost": cost.display(), "budget_warning": budget_warning}),
            )?;
            return upsert_reply(ctx, gh, cmd, &text).await;
        }
        Verdict::Rejected { problems } => {
            tracing::info!(count = problems.len(), "model edits rejected");
            let text = render_reply(
                ctx,
                "reply_docs_rejected.md",
                cmd,
                json!({"problems": problems, "cost": cost.display(), "budget_warning": budget_warning}),
            )?;
            return upsert_reply(ctx, gh, cmd, &text).await;
        }
    };
    let writes = finished.writes;
    let listed = finished.listed;
    let notes = finished.notes;
    let cost_table = ctx.texts.render("cost_table.md", &cost_table(&calls))?;
    let body = ctx.texts.render(
        "docs_pr_body.md",
        &json!({
            "source_pr": pr.number,
            "summary": summary,
            "from_fork": from_fork,
            "base": target_branch,
            "files": listed,
            "notes": notes,
            "repairs": repairs,
            "cost_table": cost_table,
            "marker": pull_marker("docs", pr.number),
        }),
    )?;
    let branch = branch_for(pr.number);
    let title = format!("docs: update for #{}", pr.number);
    let message = format!(
        "docs: update for #{}\n\n{}",
        pr.number,
        crate::templates::neutralize(&summary)
    );
    let published = publish::publish(
        gh,
        &ctx.store,
        &Publication {
            repo,
            branch: &branch,
            parent_sha: &parent_sha,
            target_branch: &target_branch,
            files: &writes,
            commit_message: &message,
            title: &title,
            body: &body,
            kind: "docs",
            source_pr: pr.number,
        },
    )
    .await?;
    tracing::info!(docs_pr = published.number, opened = published.opened, cost = %cost.display(), "docs published");
    let text = render_reply(
        ctx,
        "reply_docs_done.md",
        cmd,
        json!({
            "action": if published.opened { "Opened" } else { "Updated" },
            "number": published.number,
            "url": published.url,
            "cost": cost.display(),
            "calls": calls.len(),
            "model": model_used(&calls),
            "budget_warning": budget_warning,
        }),
    )?;
    upsert_reply(ctx, gh, cmd, &text).await
}
