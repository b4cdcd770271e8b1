//! `/mini tests [path…]`: find the definitions the pull request changes, write test cases for them
//! in the repository's own style, check every file with a real parser (one repair round for the
//! ones that fail), and publish one tests pull request (updated, never duplicated, on later runs).

use std::collections::BTreeMap;

use anyhow::Result;
use serde_json::{Value, json};

use super::{
    CommandJob, Ctx, budget_gate, cost_table, load_config, model_used, publish_target, read_files,
    render_reply, total, upsert_reply,
};
use crate::code::conventions;
use crate::code::patch;
use crate::commands::Invocation;
use crate::context;
use crate::github::{FileWrite, Installation};
use crate::llm::metered::CallScope;
use crate::publish::{self, Publication};
use crate::store::ClaimedJob;
use crate::templates::pull_marker;
use crate::testgen::{self, BadFile, Judged, PromptInput, Source};

/// The branch minibot's tests pull request for `pr` lives on.
pub fn branch_for(pr: u64) -> String {
    format!("minibot/tests/pr-{pr}")
}

/// Runs `/mini tests`.
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
    let named: Vec<String> = invocation
        .args
        .split_whitespace()
        .map(|a| a.trim_start_matches("./").to_string())
        .collect();

    // The head commit's tree (the code under test), and the files worth reading, best first.
    let head_tree = gh.tree(repo, &pr.head_sha).await?;
    let tree_files: Vec<&str> = head_tree.files().collect();
    let (ranked, mut skipped) = testgen::candidates(&files, &named);
    let mut left_out: Vec<String> = ranked
        .iter()
        .skip(testgen::MAX_SOURCES_READ)
        .cloned()
        .collect();
    let to_read: Vec<String> = ranked.into_iter().take(testgen::MAX_SOURCES_READ).collect();
    let texts = read_files(ctx, gh, repo, &head_tree, &to_read, &pr.head_sha).await?;
    let sources: Vec<Source> = to_read
        .iter()
        .zip(texts)
        .filter_map(|(path, text)| {
            let change = files.iter().find(|f| &f.path == path)?;
            Some(Source {
                path: path.clone(),
                text: text?,
                added: change.patch.as_deref().map(patch::added_ranges),
            })
        })
        .collect();
    let source_paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    let manifest_paths: Vec<String> = conventions::manifests_needed(&source_paths, &tree_files)
        .into_iter()
        .map(String::from)
        .collect();
    let manifest_texts =
        read_files(ctx, gh, repo, &head_tree, &manifest_paths, &pr.head_sha).await?;
    let manifests: BTreeMap<String, String> = manifest_paths
        .into_iter()
        .zip(manifest_texts)
        .filter_map(|(p, t)| Some((p, t?)))
        .collect();
    let plan = testgen::plan(&sources, &tree_files, &manifests, config.tests.max_files);
    skipped.extend(plan.skipped.iter().cloned());
    tracing::info!(
        targets = ?plan.files.iter().map(|f| &f.target.test_path).collect::<Vec<_>>(),
        skipped = skipped.len(),
        "tests plan"
    );
    if plan.files.is_empty() {
        let text = render_reply(
            ctx,
            "reply_tests_none.md",
            cmd,
            json!({"summary": "", "skipped": skipped, "bad": [], "unusable": null,
                   "cost": "$0.000000", "named": named, "planned": false}),
        )?;
        return upsert_reply(ctx, gh, cmd, &text).await;
    }

    // Texts the prompt shows and the checks compare against: sources, existing test files
    // (in the tree minibot commits on), style examples.
    let parent_tree = if parent_sha == pr.head_sha {
        head_tree.clone()
    } else {
        gh.tree(repo, &parent_sha).await?
    };
    let mut shown: BTreeMap<String, String> = sources
        .iter()
        .filter(|s| plan.files.iter().any(|f| f.target.source == s.path))
        .map(|s| (s.path.clone(), s.text.clone()))
        .collect();
    let wanted: Vec<String> = plan
        .files
        .iter()
        .flat_map(|f| {
            std::iter::once(f.target.test_path.clone())
                .chain(f.target.examples.iter().take(1).cloned())
        })
        .filter(|p| !shown.contains_key(p) && parent_tree.blob_sha(p).is_some())
        .collect();
    for (p, t) in wanted
        .iter()
        .zip(read_files(ctx, gh, repo, &parent_tree, &wanted, &parent_sha).await?)
    {
        if let Some(t) = t {
            shown.insert(p.clone(), t);
        }
    }
    // What exists where minibot commits: the test files it may only extend.
    let existing: BTreeMap<String, String> = plan
        .files
        .iter()
        .filter_map(|f| {
            let p = &f.target.test_path;
            parent_tree
                .blob_sha(p)
                .and(shown.get(p))
                .map(|t| (p.clone(), t.clone()))
        })
        .collect();

    // Screenshots in the pull request and its conversation, for a model that accepts images.
    let comments = gh.issue_comments(repo, pr.number).await?;
    let mut image_texts: Vec<&str> = vec![pr.body.as_str()];
    image_texts.extend(
        comments
            .iter()
            .filter(|c| !c.author_is_bot)
            .map(|c| c.body.as_str()),
    );
    let vision = ctx.models.get(&ctx.model_for("tests")).vision;
    let (images, images_skipped) = if vision {
        ctx.attachments.images(&image_texts).await
    } else {
        (Vec::new(), 0)
    };
    let image_links = image_texts
        .iter()
        .map(|t| crate::github::attachments::image_urls(t).len())
        .sum::<usize>();

    let diff = context::fit(&files, &commits, ctx.context_budget("tests"));
    for p in &diff.omitted {
        if !left_out.contains(p) {
            left_out.push(p.clone());
        }
    }
    let request = testgen::request(
        &ctx.texts,
        &ctx.model_for("tests"),
        ctx.max_output_tokens,
        &PromptInput {
            number: pr.number,
            title: &pr.title,
            body: &pr.body,
            args: &invocation.args,
            diff: &diff,
            plan: &plan,
            texts: &shown,
            images: images.iter().map(|i| i.data_url.clone()).collect(),
        },
    )?;
    let repo_name = repo.to_string();
    let scope = CallScope {
        job_id: job.id,
        job_key: &job.job_key,
        repo: &repo_name,
        pr_number: Some(pr.number as i64),
        task: "tests",
        installation_id: Some(cmd.installation_id as i64),
        batch: false,
    };
    let Some(budget_warning) = budget_gate(ctx, gh, job, cmd, &config, &request).await? else {
        return Ok(());
    };
    let answer = ctx.chat(&scope, &request).await?;
    let mut judged = testgen::judge(
        &answer.content,
        answer.finish_reason.as_deref(),
        &plan,
        &existing,
    );
    // One repair round for the files that failed their checks.
    let repairable = judged.unusable.is_none()
        && !judged.bad.is_empty()
        && !matches!(answer.finish_reason.as_deref(), Some("length" | "refusal"));
    let mut repaired: Vec<String> = Vec::new();
    if repairable {
        tracing::info!(
            count = judged.bad.len(),
            "asking the model to repair test files"
        );
        let repair = testgen::repair_request(&ctx.texts, &request, &answer.content, &judged.bad)?;
        let second = ctx.chat(&scope, &repair).await?;
        let again = testgen::judge(
            &second.content,
            second.finish_reason.as_deref(),
            &plan,
            &existing,
        );
        judged = merge_repair(judged, again, &mut repaired);
    }

    let calls = ctx.store.llm_calls_for_job(job.id).await?;
    let cost = total(&calls);
    if judged.good.is_empty() {
        let text = render_reply(
            ctx,
            "reply_tests_none.md",
            cmd,
            json!({"summary": judged.summary, "skipped": skipped, "bad": judged.bad,
                   "unusable": judged.unusable, "cost": cost.display(), "named": named,
                   "planned": true, "budget_warning": budget_warning}),
        )?;
        return upsert_reply(ctx, gh, cmd, &text).await;
    }

    let writes: Vec<FileWrite> = judged
        .good
        .iter()
        .map(|f| FileWrite {
            path: f.path.clone(),
            content: f.content.clone(),
        })
        .collect();
    let listed: Vec<Value> = judged
        .good
        .iter()
        .map(|f| {
            let source = plan
                .files
                .iter()
                .find(|p| p.target.test_path == f.path)
                .map(|p| p.target.clone());
            json!({
                "path": f.path,
                "action": if f.extended { "extended" } else { "created" },
                "source": source.as_ref().map(|t| t.source.clone()),
                "framework": source.as_ref().map(|t| t.framework.name()),
                "tests": f.tests,
                "repaired": repaired.contains(&f.path),
            })
        })
        .collect();
    let cost_table = ctx.texts.render("cost_table.md", &cost_table(&calls))?;
    let body = ctx.texts.render(
        "tests_pr_body.md",
        &json!({
            "source_pr": pr.number,
            "summary": judged.summary,
            "from_fork": from_fork,
            "base": target_branch,
            "files": listed,
            "bad": judged.bad,
            "skipped": skipped,
            "left_out": left_out,
            "images": images.len(),
            "image_links": image_links,
            "images_skipped": images_skipped,
            "vision": vision,
            "cost_table": cost_table,
            "marker": pull_marker("tests", pr.number),
        }),
    )?;
    let branch = branch_for(pr.number);
    let title = format!("test: add tests for #{}", pr.number);
    let message = format!(
        "test: add tests for #{}\n\n{}",
        pr.number,
        crate::templates::neutralize(&judged.summary)
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
            kind: "tests",
            source_pr: pr.number,
        },
    )
    .await?;
    tracing::info!(tests_pr = published.number, opened = published.opened, cost = %cost.display(), "tests published");
    let text = render_reply(
        ctx,
        "reply_tests_done.md",
        cmd,
        json!({
            "action": if published.opened { "Opened" } else { "Updated" },
            "number": published.number,
            "url": published.url,
            "files": judged.good.len(),
            "tests": judged.good.iter().map(|f| f.tests.len()).sum::<usize>(),
            "left_out": judged.bad.len(),
            "cost": cost.display(),
            "calls": calls.len(),
            "model": model_used(&calls),
            "budget_warning": budget_warning,
        }),
    )?;
    upsert_reply(ctx, gh, cmd, &text).await
}

/// The first answer's good files, plus the repaired ones; what is still bad is left out.
fn merge_repair(first: Judged, again: Judged, repaired: &mut Vec<String>) -> Judged {
    let mut out = Judged {
        summary: first.summary,
        good: first.good,
        bad: Vec::new(),
        unusable: None,
    };
    for g in again.good {
        if !out.good.iter().any(|x| x.path == g.path) {
            repaired.push(g.path.clone());
            out.good.push(g);
        }
    }
    for bad in first.bad {
        if out.good.iter().any(|g| g.path == bad.path) {
            continue;
        }
        let problems = again
            .bad
            .iter()
            .find(|b| b.path == bad.path)
            .map(|b| b.problems.clone())
            .unwrap_or(bad.problems);
        out.bad.push(BadFile {
            path: bad.path,
            problems,
        });
    }
    out
}
