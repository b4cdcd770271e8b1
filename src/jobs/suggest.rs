//! `/mini suggest`: ask the model for concrete improvements to the pull request's changed lines and
//! post them as ONE review of committable suggestions. Every suggestion is checked against the
//! diff and the head commit first (GitHub refuses a whole review for one bad line), and none is
//! posted twice on the same pull request.

use std::collections::{BTreeMap, HashSet};

use anyhow::Result;
use serde_json::{Value, json};

use super::{
    CommandJob, Ctx, budget_gate, cost_table, load_config, model_used, render_reply, total,
    upsert_reply,
};
use crate::code::{self, patch};
use crate::github::{FileChange, Installation, NewReviewComment};
use crate::llm::metered::CallScope;
use crate::llm::{ChatRequest, json_from_answer, tokens};
use crate::review::{self, Proposed, ReviewedFile};
use crate::store::{ClaimedJob, PostedSuggestion};

/// Runs `/mini suggest`.
pub async fn run(ctx: &Ctx, gh: &Installation, job: &ClaimedJob, cmd: &CommandJob) -> Result<()> {
    let repo = &cmd.repo;
    let Some(config) = load_config(ctx, gh, cmd).await? else {
        return Ok(());
    };
    let pr = gh.pull_request(repo, cmd.number).await?;
    let files = gh.pull_request_files(repo, pr.number).await?;
    let shown = shown_files(&files, ctx.context_budget("suggest"));
    if shown.files.is_empty() {
        let text = render_reply(
            ctx,
            "reply_suggest_done.md",
            cmd,
            json!({"posted": 0, "dropped": [], "repeats": 0, "over_limit": 0, "url": null,
                   "left_out": shown.left_out, "cost": "$0.000000", "calls": 0,
                   "model": null, "nothing_to_review": true}),
        )?;
        return upsert_reply(ctx, gh, cmd, &text).await;
    }
    let request = request(ctx, &pr.title, &pr.body, &shown)?;
    let repo_name = repo.to_string();
    let scope = CallScope {
        job_id: job.id,
        job_key: &job.job_key,
        repo: &repo_name,
        pr_number: Some(pr.number as i64),
        task: "suggest",
        installation_id: Some(cmd.installation_id as i64),
        batch: false,
    };
    let Some(budget_warning) = budget_gate(ctx, gh, job, cmd, &config, &request).await? else {
        return Ok(());
    };
    let answer = ctx.chat(&scope, &request).await?;
    let (summary, proposed, unusable) =
        parse_answer(&answer.content, answer.finish_reason.as_deref());

    // The head commit's text of every file a proposal names (and that the diff shows).
    let in_diff: BTreeMap<&str, &FileChange> = files
        .iter()
        .filter(|f| f.patch.is_some())
        .map(|f| (f.path.as_str(), f))
        .collect();
    let named: Vec<String> = proposed
        .iter()
        .map(|p| p.path.clone())
        .filter(|p| in_diff.contains_key(p.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let texts = gh.file_texts(repo, &named, &pr.head_sha).await?;
    let reviewed: BTreeMap<String, ReviewedFile> = named
        .iter()
        .zip(texts)
        .filter_map(|(p, t)| {
            let patch = in_diff[p.as_str()].patch.as_deref()?;
            Some((p.clone(), ReviewedFile::new(patch, &t?)))
        })
        .collect();
    let checked = review::check(&proposed, &reviewed);

    // Skip what was already suggested: minibot's record, and its comments on GitHub (so a
    // retry after posting never posts again).
    let me = ctx.app()?.bot_login().await?;
    let recorded = ctx
        .store
        .suggestions_by_job(&repo_name, pr.number as i64)
        .await?;
    // An earlier attempt of this same job that posted before failing: those count as posted.
    let by_this_job: HashSet<String> = recorded
        .iter()
        .filter(|(_, j)| *j == job.id)
        .map(|(fp, _)| fp.clone())
        .collect();
    let mut known: HashSet<String> = recorded.into_iter().map(|(fp, _)| fp).collect();
    let on_github = gh.review_comments(repo, pr.number).await?;
    known.extend(review::fingerprints_in(
        on_github
            .iter()
            .filter(|c| c.author == me)
            .map(|c| c.body.as_str()),
    ));
    let (earlier, mut fresh): (Vec<_>, Vec<_>) = checked
        .accepted
        .into_iter()
        .partition(|a| known.contains(&a.fingerprint));
    let (posted_before_retry, repeats): (Vec<_>, Vec<_>) = earlier
        .into_iter()
        .partition(|a| by_this_job.contains(&a.fingerprint));
    // Most valuable first (the model's order breaks ties), at most `max_comments`.
    fresh.sort_by_key(|a| std::cmp::Reverse(a.importance));
    let over_limit = fresh.len().saturating_sub(config.suggest.max_comments);
    fresh.truncate(config.suggest.max_comments);

    let calls = ctx.store.llm_calls_for_job(job.id).await?;
    let cost = total(&calls);
    let mut review_url: Option<String> = None;
    if !fresh.is_empty() {
        let comments: Vec<NewReviewComment> = fresh
            .iter()
            .map(|a| -> Result<NewReviewComment> {
                Ok(NewReviewComment {
                    path: a.path.clone(),
                    line: a.line,
                    start_line: (a.start_line < a.line).then_some(a.start_line),
                    body: ctx.texts.render(
                        "suggest_comment.md",
                        &json!({
                            "reason": a.reason,
                            "fence": review::fence_for(&a.replacement),
                            "replacement": a.replacement,
                            "marker": review::marker(&a.fingerprint),
                        }),
                    )?,
                })
            })
            .collect::<Result<_>>()?;
        let body = ctx.texts.render(
            "suggest_review_body.md",
            &json!({
                "summary": summary,
                "posted": fresh.len(),
                "dropped": checked.dropped.len(),
                "repeats": repeats.len(),
                "cost_table": ctx.texts.render("cost_table.md", &cost_table(&calls))?,
            }),
        )?;
        let posted = gh
            .create_review(repo, pr.number, &pr.head_sha, &body, &comments)
            .await?;
        review_url = Some(posted.html_url);
        let rows: Vec<PostedSuggestion> = fresh
            .iter()
            .map(|a| PostedSuggestion {
                fingerprint: a.fingerprint.clone(),
                path: a.path.clone(),
                line: a.line as i64,
            })
            .collect();
        ctx.store
            .record_suggestions(&repo_name, pr.number as i64, job.id, &rows)
            .await?;
    }
    let posted = fresh.len() + posted_before_retry.len();
    tracing::info!(
        posted,
        dropped = checked.dropped.len(),
        repeats = repeats.len(),
        cost = %cost.display(),
        "suggestions"
    );
    let text = render_reply(
        ctx,
        "reply_suggest_done.md",
        cmd,
        json!({
            "posted": posted,
            "dropped": checked.dropped,
            "repeats": repeats.len(),
            "over_limit": over_limit,
            "url": review_url,
            "left_out": shown.left_out,
            "unusable": unusable,
            "cost": cost.display(),
            "calls": calls.len(),
            "model": model_used(&calls),
            "nothing_to_review": false,
            "budget_warning": budget_warning,
        }),
    )?;
    upsert_reply(ctx, gh, cmd, &text).await
}

/// The changed lines shown to the model, numbered as in the head commit.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub files: Vec<Value>,
    /// Files not shown: over the token budget, no patch, generated or vendored.
    pub left_out: Vec<String>,
}

/// The files whose changed lines fit `budget` tokens, most added lines first.
pub fn shown_files(files: &[FileChange], budget: usize) -> Shown {
    let mut out = Shown::default();
    let mut ranked: Vec<(&FileChange, usize)> = Vec::new();
    for f in files {
        if f.status == "removed" {
            continue;
        }
        match &f.patch {
            Some(p) if !code::is_generated_or_vendored(&f.path) => {
                let added = patch::added_count(p);
                if added > 0 {
                    ranked.push((f, added));
                }
            }
            _ => out.left_out.push(f.path.clone()),
        }
    }
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.path.cmp(&b.0.path)));
    let mut used = 0;
    for (f, _) in ranked {
        // A full budget takes nothing more: no need to count the rest.
        if budget.saturating_sub(used) < 64 {
            out.left_out.push(f.path.clone());
            continue;
        }
        let text = numbered(f.patch.as_deref().unwrap_or(""));
        let n = tokens::count(&text) + 10;
        if used + n > budget {
            out.left_out.push(f.path.clone());
            continue;
        }
        used += n;
        out.files
            .push(json!({"path": f.path, "status": f.status, "lines": text}));
    }
    out
}

/// A patch with each RIGHT-side line numbered (`  12 + code`, `  13   code`) and removed lines
/// shown without a number.
fn numbered(p: &str) -> String {
    let mut out = String::new();
    let mut n = 0usize;
    for line in p.lines() {
        if line.starts_with("@@") {
            if let Some(h) = patch::hunks(line).first() {
                n = h.new_start;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        match line.as_bytes().first() {
            Some(b'+') => {
                out.push_str(&format!("{n:>5} + {}\n", &line[1..]));
                n += 1;
            }
            Some(b'-') => out.push_str(&format!("      - {}\n", &line[1..])),
            Some(b'\\') => {}
            _ => {
                out.push_str(&format!("{n:>5}   {}\n", line.get(1..).unwrap_or("")));
                n += 1;
            }
        }
    }
    out
}

fn request(ctx: &Ctx, title: &str, body: &str, shown: &Shown) -> Result<ChatRequest> {
    Ok(ChatRequest {
        model: ctx.model_for("suggest"),
        system: ctx.texts.render("suggest_system.md", &json!({}))?,
        user: ctx.texts.render(
            "suggest_user.md",
            &json!({"pr": {"title": title, "body": body}, "files": shown.files,
                    "left_out": shown.left_out}),
        )?,
        schema_name: "suggestions".into(),
        schema: answer_schema(),
        max_output_tokens: ctx.max_output_tokens,
        images: Vec::new(),
    })
}

/// The JSON schema of the answer.
pub fn answer_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["summary", "suggestions"],
        "properties": {
            "summary": {"type": "string"},
            "suggestions": {"type": "array", "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "start_line", "end_line", "original", "replacement", "reason", "importance"],
                "properties": {
                    "path": {"type": "string"},
                    "start_line": {"type": "integer"},
                    "end_line": {"type": "integer"},
                    "original": {"type": "string"},
                    "replacement": {"type": "string"},
                    "reason": {"type": "string"},
                    "importance": {"type": "integer"}
                }
            }}
        }
    })
}

/// (summary, proposals, why the answer is unusable).
fn parse_answer(
    content: &str,
    finish_reason: Option<&str>,
) -> (String, Vec<Proposed>, Option<String>) {
    if let Some(r @ ("length" | "refusal")) = finish_reason {
        return (
            String::new(),
            Vec::new(),
            Some(format!("the model's answer ended with `{r}`")),
        );
    }
    #[derive(serde::Deserialize)]
    struct Answer {
        #[serde(default)]
        summary: String,
        #[serde(default)]
        suggestions: Vec<Value>,
    }
    match json_from_answer(content).and_then(|v| Ok(serde_json::from_value::<Answer>(v)?)) {
        Ok(a) => {
            // One malformed suggestion does not sink the others.
            let proposed = a
                .suggestions
                .into_iter()
                .filter_map(|s| serde_json::from_value(s).ok())
                .collect();
            (a.summary, proposed, None)
        }
        Err(e) => (String::new(), Vec::new(), Some(format!("{e:#}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_are_shown_with_head_line_numbers() {
        let text = numbered("@@ -1,3 +1,3 @@\n a\n-b\n+c\n d\n");
        assert_eq!(
            text,
            "@@ -1,3 +1,3 @@\n    1   a\n      - b\n    2 + c\n    3   d\n"
        );
    }

    #[test]
    fn big_pull_requests_are_cut_to_the_budget_and_say_so() {
        let files: Vec<FileChange> = (0..3000)
            .map(|i| FileChange {
                path: format!("src/m{i:04}.rs"),
                status: "modified".into(),
                additions: 3,
                deletions: 0,
                patch: Some(format!(
                    "@@ -1,1 +1,4 @@\n fn f{i}() {{}}\n+fn g{i}() {{}}\n+fn h{i}() {{}}\n+fn k{i}() {{}}\n"
                )),
                previous_path: None,
            })
            .collect();
        let shown = shown_files(&files, 4_000);
        assert!(!shown.files.is_empty());
        assert_eq!(shown.files.len() + shown.left_out.len(), 3000);
    }

    #[test]
    fn answers_parse_leniently() {
        let (s, p, u) = parse_answer(
            r#"{"summary":"s","suggestions":[{"path":"a","start_line":1,"end_line":1,"original":"x","replacement":"y","reason":"r","importance":2},{"path":3}]}"#,
            Some("stop"),
        );
        assert_eq!((s.as_str(), p.len(), u), ("s", 1, None));
        assert!(parse_answer("{}", Some("length")).2.is_some());
        assert!(parse_answer("nope", None).2.is_some());
    }
}
