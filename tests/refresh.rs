//! The scheduled docs refresh end to end, with the fake GitHub's clock: installation events start
//! and stop schedules, each period runs once however many schedulers tick, a week of merged
//! changes becomes ONE refresh pull request, and minibot keeps Renovate's manners.

#![recursion_limit = "256"]

mod support;

use chrono::Duration;
use serde_json::{Value, json};
use support::harness::{REPO, TestApp, USAGE, docs_reply};

/// The corpus `installation.created` payload, for the fake's installation and `repos`.
fn installation_event(app: &TestApp, action: &str, repos: &[&str]) -> Value {
    let text = std::fs::read_to_string("../shared/corpus/payloads/installation.created.1.json")
        .expect("corpus payload");
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["action"] = json!(action);
    v["installation"]["id"] = json!(app.github.installation_id());
    v["installation"]["account"]["login"] = json!("octo-org");
    v["repositories"] = json!(
        repos
            .iter()
            .map(|r| json!({"full_name": r, "name": r.split('/').nth(1), "private": false}))
            .collect::<Vec<_>>()
    );
    v
}

/// minibot with the site repository installed (the `installation` event delivered and synced).
async fn installed() -> TestApp {
    installed_with(|_| {}).await
}

async fn installed_with(configure: impl FnOnce(&mut minibot::config::Settings)) -> TestApp {
    let mut app = TestApp::start_configured(configure).await;
    let body = installation_event(&app, "created", &[REPO]);
    let (status, _) = app
        .post_event("installation", body.to_string().as_bytes())
        .await;
    assert_eq!(status, 202);
    app.wait_idle().await;
    let tracked = app
        .store()
        .tracked_repo(REPO)
        .await
        .unwrap()
        .expect("tracked");
    assert_eq!(
        tracked.schedule, "weekly@UTC",
        "a site was found: weekly by default"
    );
    app
}

/// One scheduler tick at the fake's current time.
async fn tick(app: &mut TestApp) -> usize {
    let n = minibot::jobs::refresh::tick(app.store(), app.github.now(), 4)
        .await
        .unwrap();
    app.wait_idle().await;
    n
}

fn refresh_pulls(app: &TestApp) -> Vec<support::fake_github::PullSnapshot> {
    app.github
        .pull_requests(REPO)
        .into_iter()
        .filter(|p| p.head_ref == "minibot/docs-refresh")
        .collect()
}

#[tokio::test]
async fn a_week_of_merged_changes_becomes_one_refresh_pull_request() {
    let mut app = installed().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    // Nothing is due right after installing.
    tick(&mut app).await;
    assert!(refresh_pulls(&app).is_empty());
    assert_eq!(app.model.call_count(), 0);

    // A week passes; #1 (retries 3 → 5) is merged.
    app.github.advance_clock(Duration::days(7));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;

    let pulls = refresh_pulls(&app);
    assert_eq!(pulls.len(), 1, "{pulls:?}");
    let pr = &pulls[0];
    assert_eq!(pr.base_ref, "main");
    assert!(
        pr.title.starts_with("docs: weekly refresh ("),
        "{}",
        pr.title
    );
    assert!(
        pr.body.contains("`docs/webhooks.md` (updated), from #1"),
        "{}",
        pr.body
    );
    assert!(
        pr.body.contains("- #1 Retry webhooks five times"),
        "{}",
        pr.body
    );
    assert!(pr.body.contains("$0.000375"), "{}", pr.body);
    assert!(
        app.github
            .file_at(REPO, "minibot/docs-refresh", "docs/webhooks.md")
            .unwrap()
            .contains("five times")
    );
    // The prompt carried the merged pull request.
    let prompt = app.model.requests()[0]["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(prompt.contains("#1: Retry webhooks five times"), "{prompt}");
    let tracked = app.store().tracked_repo(REPO).await.unwrap().unwrap();
    assert!(
        tracked
            .last_result
            .as_deref()
            .unwrap_or("")
            .starts_with(&format!("opened #{}", pr.number)),
        "{tracked:?}"
    );
    // The schedule list shows the repository's next run and last result.
    let table = minibot::jobs::refresh::schedule_table(app.store(), app.github.now())
        .await
        .unwrap();
    assert!(table.contains("octo-org/website  weekly@UTC"), "{table}");
    assert!(table.contains(&format!("opened #{}", pr.number)), "{table}");

    // Another week while it is still open: the next refresh updates that pull request (its
    // range now reaches the new head) instead of opening another.
    app.github.advance_clock(Duration::days(7));
    app.github.push_commit(
        REPO,
        "main",
        "More tests",
        &[("tests/webhook_test.rs", Some("#[test]\nfn t() {}\n"))],
    );
    tick(&mut app).await;
    let pulls = refresh_pulls(&app);
    assert_eq!(pulls.len(), 1, "{pulls:?}");
    assert_ne!(pulls[0].title, pr.title, "the range grew");
    let tracked = app.store().tracked_repo(REPO).await.unwrap().unwrap();
    assert!(
        tracked
            .last_result
            .as_deref()
            .unwrap_or("")
            .starts_with(&format!("updated #{}", pr.number)),
        "{tracked:?}"
    );

    // Once it is merged, the position moves on: a week with only a test change opens nothing.
    app.github.merge_pr(REPO, pr.number);
    app.github.advance_clock(Duration::days(7));
    app.github.push_commit(
        REPO,
        "main",
        "Even more tests",
        &[(
            "tests/webhook_test.rs",
            Some("#[test]\nfn t() {}\n#[test]\nfn u() {}\n"),
        )],
    );
    let calls = app.model.call_count();
    tick(&mut app).await;
    assert_eq!(
        app.model.call_count(),
        calls,
        "nothing doc-relevant: no model call"
    );
    assert_eq!(
        refresh_pulls(&app)
            .iter()
            .filter(|p| p.state == "open")
            .count(),
        0
    );
}

#[tokio::test]
async fn a_week_without_a_relevant_change_opens_nothing() {
    let mut app = installed().await;
    app.github.advance_clock(Duration::days(8));
    app.github.push_commit(
        REPO,
        "main",
        "Fix a typo in the README",
        &[("README.md", Some("# Octo\n"))],
    );
    tick(&mut app).await;
    assert!(refresh_pulls(&app).is_empty());
    assert_eq!(app.model.call_count(), 0);
    let tracked = app.store().tracked_repo(REPO).await.unwrap().unwrap();
    assert!(
        tracked
            .last_result
            .as_deref()
            .unwrap_or("")
            .starts_with("no doc-relevant change"),
        "{tracked:?}"
    );
}

#[tokio::test]
async fn each_period_runs_once_however_many_schedulers_tick() {
    let mut app = installed().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    // minibot was down for three weeks: the missed periods are caught up once, not three times.
    app.github.advance_clock(Duration::days(21));
    app.github.merge_pr(REPO, 1);
    let now = app.github.now();
    let (a, b) = tokio::join!(
        minibot::jobs::refresh::tick(app.store(), now, 4),
        minibot::jobs::refresh::tick(app.store(), now, 4)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    app.wait_idle().await;
    let refresh_jobs = app
        .store()
        .list_jobs()
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "scheduled_refresh")
        .count();
    assert_eq!(
        refresh_jobs, 1,
        "two schedulers ({a} + {b} queued), one job"
    );
    assert_eq!(refresh_pulls(&app).len(), 1);
    // Ticking again in the same period queues nothing.
    tick(&mut app).await;
    assert_eq!(
        app.store()
            .list_jobs()
            .await
            .unwrap()
            .iter()
            .filter(|j| j.kind == "scheduled_refresh")
            .count(),
        1
    );
}

#[tokio::test]
async fn removing_the_repository_from_the_installation_stops_its_schedule() {
    let mut app = installed().await;
    app.github.remove_from_installation(REPO);
    let mut body = installation_event(&app, "removed", &[]);
    body["repositories_removed"] = json!([{"full_name": REPO, "name": "website"}]);
    body["repositories_added"] = json!([]);
    let (status, _) = app
        .post_event("installation_repositories", body.to_string().as_bytes())
        .await;
    assert_eq!(status, 202);
    app.wait_idle().await;
    app.github.advance_clock(Duration::days(8));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;
    assert!(refresh_pulls(&app).is_empty());
    assert_eq!(app.model.call_count(), 0);
    let table = minibot::jobs::refresh::schedule_table(app.store(), app.github.now())
        .await
        .unwrap();
    assert!(table.contains("— (no access)"), "{table}");

    // Uninstalling the App stops everything too.
    let mut app = installed().await;
    let body = installation_event(&app, "deleted", &[]);
    app.post_event("installation", body.to_string().as_bytes())
        .await;
    app.wait_idle().await;
    app.github.advance_clock(Duration::days(8));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;
    assert!(refresh_pulls(&app).is_empty());
}

#[tokio::test]
async fn a_persons_commit_on_the_refresh_branch_is_never_overwritten() {
    let mut app = installed().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.github.advance_clock(Duration::days(7));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;
    let pr = refresh_pulls(&app)[0].clone();
    // A maintainer polishes the wording on minibot's branch.
    let theirs = app.github.push_commit(
        REPO,
        "minibot/docs-refresh",
        "Polish the wording",
        &[(
            "docs/webhooks.md",
            Some("# Webhooks\n\nOcto retries five times.\n"),
        )],
    );
    // A week later more code lands.
    app.github.advance_clock(Duration::days(7));
    app.github.push_commit(
        REPO,
        "main",
        "Retry seven times",
        &[("src/webhook.rs", Some("pub const RETRIES: u32 = 7;\n"))],
    );
    let calls = app.model.call_count();
    tick(&mut app).await;
    assert_eq!(
        app.github
            .branch_sha(REPO, "minibot/docs-refresh")
            .as_deref(),
        Some(theirs.as_str())
    );
    assert_eq!(
        app.model.call_count(),
        calls,
        "nothing was generated for a branch it must not touch"
    );
    let said: Vec<_> = app
        .bot_comments(pr.number)
        .into_iter()
        .filter(|c| c.contains("will not update this pull request"))
        .collect();
    assert_eq!(said.len(), 1);
    // And only once.
    app.github.advance_clock(Duration::days(7));
    tick(&mut app).await;
    assert_eq!(
        app.bot_comments(pr.number)
            .iter()
            .filter(|c| c.contains("will not update this pull request"))
            .count(),
        1
    );
}

#[tokio::test]
async fn a_closed_refresh_is_not_proposed_again() {
    let mut app = installed().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.github.advance_clock(Duration::days(7));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;
    let first = refresh_pulls(&app)[0].clone();
    // The maintainer closes it without merging: the same range is not proposed again.
    app.github.set_issue_state(REPO, first.number, false);
    app.github.advance_clock(Duration::days(7));
    let calls = app.model.call_count();
    tick(&mut app).await;
    assert_eq!(app.model.call_count(), calls);
    assert_eq!(
        refresh_pulls(&app)
            .iter()
            .filter(|p| p.state == "open")
            .count(),
        0
    );
    // Its range is remembered as declined, and the next refresh starts after it.
    let tracked = app.store().tracked_repo(REPO).await.unwrap().unwrap();
    assert!(tracked.closed_range.is_some(), "{tracked:?}");
    assert_eq!(
        tracked.last_result.as_deref(),
        Some("nothing new on the default branch")
    );
    // New code later gets its own, new refresh pull request.
    app.github.advance_clock(Duration::days(7));
    app.github.push_commit(
        REPO,
        "main",
        "Retry seven times",
        &[("src/webhook.rs", Some("pub const RETRIES: u32 = 7;\n"))],
    );
    tick(&mut app).await;
    let open: Vec<_> = refresh_pulls(&app)
        .into_iter()
        .filter(|p| p.state == "open")
        .collect();
    assert_eq!(open.len(), 1);
    assert_ne!(open[0].number, first.number);
}

#[tokio::test]
async fn a_maintainer_runs_the_refresh_now_from_any_issue() {
    let mut app = installed().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.github.merge_pr(REPO, 1);
    let issue = app
        .github
        .open_issue(REPO, "alice", "Docs are stale", "Please refresh.");
    // Someone without write access is refused, and nothing runs.
    app.comment(issue, "bob", "/mini refresh").await;
    app.wait_idle().await;
    let jobs = app.store().list_jobs().await.unwrap();
    assert!(jobs.iter().all(|j| j.state == "done"), "{jobs:?}");
    assert_eq!(app.model.call_count(), 0);
    assert!(app.bot_comments(issue)[0].contains("only people with write access"));

    app.comment(issue, "alice", "/mini refresh").await;
    app.wait_idle().await;
    let pulls = refresh_pulls(&app);
    assert_eq!(pulls.len(), 1);
    let reply = app.bot_comments(issue)[1].clone();
    assert!(
        reply.contains(&format!("Docs refresh: opened #{}", pulls[0].number)),
        "{reply}"
    );
    assert!(reply.contains("$0.000375"), "{reply}");
    println!("{}", pulls[0].body);
}

/// Scheduled work may go through the Batch API: the fake endpoint's batch answers the refresh,
/// and the ledger prices it at the batch rate.
/// A refresh a week after #1 was merged, in a repository that asks for the Batch API.
async fn batch_refresh(endpoint_has_batches: bool) -> TestApp {
    let mut app = installed_with(|s| s.llm.batch_poll_ms = 20).await;
    if !endpoint_has_batches {
        app.model.without_batches();
    }
    app.github.push_commit(
        REPO,
        "main",
        "Use the Batch API for refreshes",
        &[(
            ".github/minibot.yml",
            Some("docs:\n  refresh_batch: true\n"),
        )],
    );
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.github.advance_clock(Duration::days(7));
    app.github.merge_pr(REPO, 1);
    tick(&mut app).await;
    app
}

/// Scheduled work may go through the Batch API: the fake endpoint's batch answers the refresh,
/// and the ledger prices it at the batch rate.
#[tokio::test]
async fn a_batch_refresh_is_priced_at_the_batch_rate() {
    let app = batch_refresh(true).await;
    assert_eq!(app.model.batch_request_count(), 1);
    assert_eq!(app.model.call_count(), 0, "no direct chat completion");
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 1);
    // Half of 1000 × 0.15 + 200 × 0.075 + 350 × 0.60 = 375 µ$ → 187.5, rounded half up.
    assert!(calls[0].batch);
    assert_eq!(calls[0].cost_micros, Some(188));
    let pr = &refresh_pulls(&app)[0];
    assert!(pr.body.contains("$0.000188"), "{}", pr.body);

    // An endpoint without batches: the same work is done with a normal call, at the normal price.
    let app = batch_refresh(false).await;
    assert_eq!(app.model.call_count(), 1);
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!((calls[0].batch, calls[0].cost_micros), (false, Some(375)));
    assert_eq!(refresh_pulls(&app).len(), 1);
}
