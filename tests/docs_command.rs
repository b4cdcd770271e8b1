//! `/mini docs` end to end: the real app against the fake GitHub and the fake model.

#![recursion_limit = "256"]

mod support;

use std::time::Duration;

use support::fake_model::Usage;
use support::harness::{REPO, TestApp, USAGE, USAGE_COST_MICROS, docs_reply};

const BRANCH: &str = "minibot/docs/pr-1";

#[tokio::test]
async fn a_maintainers_docs_command_opens_a_docs_pr_that_states_its_cost() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    let comment = app.comment(1, "alice", "Looks good.\n\n/mini docs").await;
    app.wait_idle().await;

    // The pull request exists, from minibot's branch into the PR's head branch.
    let pulls = app.github.pull_requests(REPO);
    assert_eq!(pulls.len(), 2, "{pulls:?}");
    let docs = &pulls[1];
    assert_eq!(docs.title, "docs: update for #1");
    assert_eq!(
        (docs.head_ref.as_str(), docs.base_ref.as_str()),
        (BRANCH, "feature")
    );
    assert_eq!(docs.author, app.github.bot_login());
    // Its body states the cost: model, tokens, dollars, and carries the hidden marker.
    assert!(
        docs.body
            .contains("| gpt-4o-mini | 1200 | 200 | 350 | $0.000375 |"),
        "{}",
        docs.body
    );
    assert!(docs.body.contains("**$0.000375**"), "{}", docs.body);
    assert!(
        docs.body.contains("`docs/webhooks.md` (updated)"),
        "{}",
        docs.body
    );
    assert!(docs.body.contains("<!-- minibot:docs:pr-1 -->"));

    // The page is on the branch, under the docs folder, on top of the PR's code.
    let page = app
        .github
        .file_at(REPO, BRANCH, "docs/webhooks.md")
        .unwrap();
    assert!(page.contains("five times"), "{page}");
    assert_eq!(
        app.github.file_at(REPO, BRANCH, "src/webhook.rs").unwrap(),
        "pub const RETRIES: u32 = 5;\n"
    );
    assert_eq!(
        app.github.commit_count(REPO, BRANCH),
        app.github.commit_count(REPO, "feature") + 1,
        "one commit on top of the PR's head"
    );

    // The ledger has the call, priced from the server's usage.
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 1);
    let c = &calls[0];
    assert_eq!(
        (
            c.model.as_str(),
            c.input_tokens,
            c.cached_tokens,
            c.output_tokens,
            c.cost_micros
        ),
        ("gpt-4o-mini", 1200, 200, 350, Some(USAGE_COST_MICROS))
    );
    assert_eq!(
        (c.repo.as_str(), c.pr_number, c.task.as_str()),
        (REPO, Some(1), "docs")
    );

    // The command got 👀 and a reply with the link and the cost.
    assert_eq!(app.github.reactions(REPO, comment), vec!["eyes"]);
    let replies = app.bot_comments(1);
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(
        replies[0].contains(&format!("Opened docs pull request #{}", docs.number)),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains("/pull/2"), "{}", replies[0]);
    assert!(replies[0].contains("$0.000375"), "{}", replies[0]);

    // The prompt carried the PR, its diff and the related page, with the stable part first.
    let requests = app.model.requests();
    assert_eq!(requests.len(), 1);
    let messages = &requests[0]["messages"];
    assert_eq!(messages[0]["role"], "system");
    let user = messages[1]["content"].as_str().unwrap();
    assert!(user.contains("Retry webhooks five times"), "{user}");
    assert!(user.contains("+pub const RETRIES: u32 = 5;"), "{user}");
    assert!(user.contains("<page path=\"docs/webhooks.md\">"), "{user}");
    assert_eq!(requests[0]["model"], "gpt-4o-mini");
    assert_eq!(requests[0]["response_format"]["type"], "json_schema");
    // What the prompt would cost on gpt-4o-mini, counted locally with o200k.
    let system = messages[0]["content"].as_str().unwrap();
    let prompt_tokens = minibot::llm::tokens::count(system) + minibot::llm::tokens::count(user);
    eprintln!("/mini docs prompt: {prompt_tokens} o200k tokens");
    assert!(prompt_tokens < 12_000 + 3 * 3_000, "{prompt_tokens}");
}

#[tokio::test]
async fn running_docs_again_updates_the_same_pull_request() {
    let mut app = TestApp::start().await;
    app.model.push_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let blob_reads = |app: &TestApp| {
        app.github
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.contains("/git/blobs/"))
            .count()
    };
    let first_reads = blob_reads(&app);
    assert_eq!(first_reads, 3, "the three pages were read once");

    let second = serde_json::json!({
        "summary": "Second pass.",
        "edits": [{"path": "docs/webhooks.md", "content": "# Webhooks\n\nFive retries, with backoff.\n", "reason": "clearer"}]
    });
    app.model
        .push_reply(&second.to_string(), Usage::new(800, 0, 100));
    // New instructions make a new request (the same one would be answered from the cache).
    app.comment(1, "alice", "/mini docs mention the backoff")
        .await;
    app.wait_idle().await;

    let pulls = app.github.pull_requests(REPO);
    assert_eq!(pulls.len(), 2, "still one docs pull request: {pulls:?}");
    assert!(pulls[1].body.contains("Second pass."), "{}", pulls[1].body);
    // 800 × 0.15 + 100 × 0.60 = 120 + 60 = 180 µ$
    assert!(pulls[1].body.contains("$0.000180"), "{}", pulls[1].body);
    assert_eq!(
        app.github
            .file_at(REPO, BRANCH, "docs/webhooks.md")
            .unwrap(),
        "---\ntitle: Webhooks\n---\n\n# Webhooks\n\nFive retries, with backoff.\n",
        "a whole-page answer keeps the page's front matter"
    );
    assert_eq!(
        app.github.commit_count(REPO, BRANCH),
        app.github.commit_count(REPO, "feature") + 1
    );
    let replies = app.bot_comments(1);
    assert_eq!(replies.len(), 2, "one reply per command: {replies:?}");
    assert!(replies[0].contains("Opened docs pull request #2"));
    assert!(
        replies[1].contains("Updated docs pull request #2"),
        "{}",
        replies[1]
    );
    assert_eq!(app.store().llm_calls().await.unwrap().len(), 2);
    assert_eq!(
        blob_reads(&app),
        first_reads,
        "unchanged pages come from the blob cache"
    );
    // The installation token was minted once and reused by both runs.
    let mints = app
        .github
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/access_tokens"))
        .count();
    assert_eq!(mints, 1);
}

#[tokio::test]
async fn a_section_edit_changes_only_that_section() {
    let mut app = TestApp::start().await;
    let page = "---\ntitle: Webhooks\n---\n\n# Webhooks\n\nIntro stays.\n\n## Retries\n\nThree times.\n\n## Signatures\n\nHMAC, untouched   \n\n";
    app.github
        .push_commit(REPO, "feature", "page", &[("docs/webhooks.md", Some(page))]);
    let answer = serde_json::json!({
        "summary": "Retries",
        "edits": [{"path": "docs/webhooks.md", "action": "update", "reason": "r", "content": "",
                   "sections": [{"heading": "## Retries", "content": "## Retries\n\nFive times.\n", "after": ""},
                                {"heading": "## Backoff", "content": "## Backoff\n\nDoubling.\n", "after": "## Retries"}]}]
    });
    app.model.push_reply(&answer.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let got = app
        .github
        .file_at(REPO, BRANCH, "docs/webhooks.md")
        .unwrap();
    assert_eq!(
        got,
        page.replace(
            "Three times.\n\n",
            "Five times.\n\n## Backoff\n\nDoubling.\n\n"
        ),
        "everything but the edited sections is byte-for-byte the same"
    );
}

#[tokio::test]
async fn a_new_page_in_a_new_folder_gets_a_category_and_a_sidebar_note() {
    let mut app = TestApp::start().await;
    app.github.push_commit(
        REPO,
        "feature",
        "hand-written sidebar",
        &[(
            "sidebars.js",
            Some("module.exports = { docs: ['intro', 'webhooks', 'configuration'] };\n"),
        )],
    );
    let answer = serde_json::json!({
        "summary": "Documents the S3 plugin.",
        "edits": [{"path": "docs/plugins/s3-upload.md", "action": "create", "reason": "new plugin",
                   "content": "---\ntitle: \"S3 upload\"\ndescription: \"Upload to S3.\"\nsidebar_position: 1\n---\n\n# S3 upload\n\nUploads.\n",
                   "sections": []},
                  {"path": "docs/faq.md", "action": "create", "reason": "questions",
                   "content": "---\ntitle: \"FAQ\"\ndescription: \"Questions.\"\nsidebar_position: 9\n---\n\n# FAQ\n\nAsk.\n",
                   "sections": []}]
    });
    app.model.push_reply(&answer.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let category = app
        .github
        .file_at(REPO, BRANCH, "docs/plugins/_category_.json")
        .expect("a category for the new folder");
    assert!(category.contains("\"label\": \"Plugins\""), "{category}");
    let body = &app.github.pull_requests(REPO)[1].body;
    assert!(
        body.contains("`docs/plugins/s3-upload.md` (created)"),
        "{body}"
    );
    let sidebars = app.github.file_at(REPO, BRANCH, "sidebars.js").unwrap();
    assert!(sidebars.contains("'configuration', 'faq'"), "{sidebars}");
    assert!(
        body.contains("added `'faq'` to `sidebars.js` after `'configuration'`"),
        "{body}"
    );
    assert!(
        body.contains("`sidebars.js` lists its pages by hand: add `'plugins/s3-upload'`"),
        "{body}"
    );
}

#[tokio::test]
async fn another_docs_version_is_edited_only_when_named() {
    let mut app = TestApp::start().await;
    app.github.push_commit(
        REPO,
        "feature",
        "v1 docs",
        &[(
            "versioned_docs/version-1.0/webhooks.md",
            Some("# Webhooks\n\nThree retries.\n"),
        )],
    );
    let both = serde_json::json!({
        "summary": "Both versions.",
        "edits": [
            {"path": "docs/webhooks.md", "content": "# Webhooks\n\nFive retries.\n", "reason": "r"},
            {"path": "versioned_docs/version-1.0/webhooks.md", "content": "# Webhooks\n\nFive retries (from 1.0.3).\n", "reason": "r"}
        ]
    });
    // Not named: the other version is refused (twice: the answer and its repair round).
    app.model.set_default_reply(&both.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert!(app.github.branch_sha(REPO, BRANCH).is_none());
    assert!(
        app.bot_comments(1)[0].contains("outside the docs folder"),
        "{}",
        app.bot_comments(1)[0]
    );
    // Named: allowed, and the page is shown to the model.
    app.comment(
        1,
        "alice",
        "/mini docs also `versioned_docs/version-1.0/webhooks.md`",
    )
    .await;
    app.wait_idle().await;
    assert_eq!(
        app.github
            .file_at(REPO, BRANCH, "versioned_docs/version-1.0/webhooks.md")
            .as_deref(),
        Some("# Webhooks\n\nFive retries (from 1.0.3).\n")
    );
    let last = app.model.requests().last().unwrap()["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        last.contains("<page path=\"versioned_docs/version-1.0/webhooks.md\">"),
        "{last}"
    );
}

#[tokio::test]
async fn an_outsiders_command_is_refused_and_costs_nothing() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    let comment = app.comment(1, "bob", "/mini docs").await;
    app.comment(1, "mallory", "/mini docs").await; // not a collaborator at all
    app.wait_idle().await;

    assert_eq!(app.model.call_count(), 0);
    assert!(app.store().llm_calls().await.unwrap().is_empty());
    assert_eq!(app.github.pull_requests(REPO).len(), 1);
    assert!(app.github.reactions(REPO, comment).is_empty());
    let replies = app.bot_comments(1);
    assert_eq!(replies.len(), 2);
    assert!(
        replies[0].starts_with("Sorry @bob, only people with write access"),
        "{}",
        replies[0]
    );
    assert!(replies[1].starts_with("Sorry @mallory"), "{}", replies[1]);
}

#[tokio::test]
async fn edits_outside_the_docs_folder_commit_nothing() {
    let mut app = TestApp::start().await;
    let evil = serde_json::json!({
        "summary": "x",
        "edits": [
            {"path": ".github/workflows/ci.yml", "content": "on: push\n", "reason": "x"},
            {"path": "docs/webhooks.md", "content": "# ok\n", "reason": "x"}
        ]
    });
    // The repair round gets the same answer back.
    app.model.set_default_reply(&evil.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    assert_eq!(app.github.pull_requests(REPO).len(), 1);
    assert!(
        app.github.branch_sha(REPO, BRANCH).is_none(),
        "no branch was pushed"
    );
    let replies = app.bot_comments(1);
    assert_eq!(replies.len(), 1);
    assert!(
        replies[0].contains("nothing was committed"),
        "{}",
        replies[0]
    );
    assert!(
        replies[0].contains("`.github/workflows/ci.yml`"),
        "{}",
        replies[0]
    );
    assert!(
        replies[0].contains("$0.000750"),
        "the reply states what the answer and its repair round cost: {}",
        replies[0]
    );
    assert_eq!(app.store().llm_calls().await.unwrap().len(), 2);
    // The repair round told the model what was wrong.
    let second = app.model.requests()[1]["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(second.contains("<your_previous_answer>"), "{second}");
    assert!(second.contains(".github/workflows/ci.yml"), "{second}");
}

#[tokio::test]
async fn model_text_cannot_mention_close_or_forge_markers() {
    let mut app = TestApp::start().await;
    let sneaky = serde_json::json!({
        "summary": "Closes #42, cc @octo-org/everyone <!-- minibot:reply:1 -->",
        "edits": [{"path": "docs/webhooks.md", "content": "# Webhooks\n\nFive.\n", "reason": "fixes #7"}]
    });
    app.model.push_reply(&sneaky.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let body = &app.github.pull_requests(REPO)[1].body;
    assert!(
        body.contains("Closes `#42`, cc `@octo-org/everyone` &lt;!-- minibot:reply:1 --&gt;"),
        "{body}"
    );
    assert!(body.contains(": fixes `#7`"), "{body}");
    assert!(!body.contains("<!-- minibot:reply"), "{body}");
}

#[tokio::test]
async fn mechanical_mistakes_are_repaired_and_listed() {
    let mut app = TestApp::start().await;
    let sloppy = serde_json::json!({
        "summary": "x",
        "edits": [{"path": "docs/webhooks.md", "reason": "x", "content":
            "---\ntitle: Webhooks: retries\n---\n\n# Webhooks\n\nReturns a Vec<String> of ids.<br>\nSee <https://octo.dev> and [the intro](./intro.md) and [gone](./gone.md).\n"}]
    });
    app.model.push_reply(&sloppy.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let page = app
        .github
        .file_at(REPO, BRANCH, "docs/webhooks.md")
        .expect("committed");
    assert!(page.contains("title: \"Webhooks: retries\""), "{page}");
    assert!(page.contains("`Vec<String>`"), "{page}");
    assert!(page.contains("<br />"), "{page}");
    assert!(
        page.contains("[https://octo.dev](https://octo.dev)"),
        "{page}"
    );
    assert!(page.contains("[the intro](./intro.md)"), "{page}");
    assert!(
        page.contains(" and gone."),
        "the broken link became text: {page}"
    );
    let body = &app.github.pull_requests(REPO)[1].body;
    assert!(
        body.contains("minibot repaired these mechanically"),
        "{body}"
    );
    assert!(body.contains("./gone.md"), "{body}");
    assert_eq!(app.model.call_count(), 1, "no repair round was needed");
}

#[tokio::test]
async fn front_matter_broken_beyond_repair_commits_nothing() {
    let mut app = TestApp::start().await;
    let broken = serde_json::json!({
        "summary": "x",
        "edits": [{"path": "docs/webhooks.md", "reason": "x",
                   "content": "---\ntitle: Webhooks\nsidebar_position: first\nid: guides/webhooks\n---\n\n# Webhooks\n"}]
    });
    // The answer and its repair round are both broken.
    app.model.set_default_reply(&broken.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert!(
        app.github.branch_sha(REPO, BRANCH).is_none(),
        "nothing committed"
    );
    let reply = &app.bot_comments(1)[0];
    assert!(reply.contains("nothing was committed"), "{reply}");
    assert!(reply.contains("sidebar_position"), "{reply}");
    assert!(reply.contains("front-matter-id-slash"), "{reply}");
    assert_eq!(app.model.call_count(), 2);
}

#[tokio::test]
async fn one_repair_round_fixes_what_cannot_be_repaired_mechanically() {
    let mut app = TestApp::start().await;
    let bad = serde_json::json!({
        "summary": "x",
        "edits": [{"path": "docs/webhooks.md", "reason": "x",
                   "content": "---\ntitle: Webhooks\nsidebar_position: first\n---\n\n# Webhooks\n"}]
    });
    let good = serde_json::json!({
        "summary": "fixed",
        "edits": [{"path": "docs/webhooks.md", "reason": "x",
                   "content": "---\ntitle: Webhooks\nsidebar_position: 1\n---\n\n# Webhooks\n\nFive.\n"}]
    });
    app.model.push_reply(&bad.to_string(), USAGE);
    app.model.push_reply(&good.to_string(), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let page = app
        .github
        .file_at(REPO, BRANCH, "docs/webhooks.md")
        .expect("committed after the repair round");
    assert!(page.contains("sidebar_position: 1"), "{page}");
    let repair = app.model.requests()[1]["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(repair.contains("sidebar_position"), "{repair}");
    assert_eq!(app.store().llm_calls().await.unwrap().len(), 2);
    assert!(app.github.pull_requests(REPO)[1].body.contains("$0.000750"));
}

#[tokio::test]
async fn a_worker_killed_mid_job_completes_it_exactly_once_after_restart() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.model.delay_next(Duration::from_secs(3));
    app.comment(1, "alice", "/mini docs").await;
    // Wait until the job is inside its model call, then kill the process.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while app.model.call_count() == 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the job never reached the model"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    app.crash();
    assert_eq!(
        app.github.pull_requests(REPO).len(),
        1,
        "nothing published before the crash"
    );

    app.restart().await;
    app.wait_idle().await;
    let jobs = app.store().list_jobs().await.unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!((jobs[0].state.as_str(), jobs[0].attempts), ("done", 2));
    assert_eq!(
        app.github.pull_requests(REPO).len(),
        2,
        "exactly one docs PR"
    );
    assert_eq!(app.bot_comments(1).len(), 1, "exactly one reply");
    assert_eq!(
        app.store().llm_calls().await.unwrap().len(),
        1,
        "one recorded call"
    );
}

#[tokio::test]
async fn a_retry_after_a_github_failure_does_not_pay_the_model_again() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    // Creating the tree fails through all in-process retries of the first attempt.
    app.github.fail_next("POST", "/git/trees", 502, 4, &[]);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    let jobs = app.store().list_jobs().await.unwrap();
    assert_eq!((jobs[0].state.as_str(), jobs[0].attempts), ("done", 2));
    assert_eq!(
        app.model.call_count(),
        1,
        "the answer was reused, not bought twice"
    );
    assert_eq!(app.store().llm_calls().await.unwrap().len(), 1);
    assert_eq!(app.github.pull_requests(REPO).len(), 2);
    assert_eq!(app.bot_comments(1).len(), 1);
}

#[tokio::test]
async fn a_rate_limited_request_is_retried_after_retry_after() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.github.fail_next(
        "GET",
        "/pulls/1/files",
        403,
        1,
        &[("retry-after", "1"), ("x-ratelimit-remaining", "0")],
    );
    app.github.fail_next("GET", "/pulls/1/commits", 503, 2, &[]);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let jobs = app.store().list_jobs().await.unwrap();
    assert_eq!((jobs[0].state.as_str(), jobs[0].attempts), ("done", 1));
    assert_eq!(app.github.pull_requests(REPO).len(), 2);
}

#[tokio::test]
async fn no_docusaurus_site_gets_a_reply_and_no_model_call() {
    let github = support::fake_github::FakeGithub::start().await;
    github.create_repo(REPO, "main", &[("src/lib.rs", "pub fn a() {}\n")]);
    github.push_commit(
        REPO,
        "feature",
        "b",
        &[("src/lib.rs", Some("pub fn b() {}\n"))],
    );
    github.open_pr(REPO, "alice", REPO, "feature", "main", "Rename", "");
    github.set_permission(REPO, "alice", "admin");
    let model = support::fake_model::FakeModel::start().await;
    let mut app = TestApp::start_with(github, model, support::db::sqlite()).await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert_eq!(app.model.call_count(), 0);
    let replies = app.bot_comments(1);
    assert!(
        replies[0].contains("could not find a Docusaurus site"),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains(".github/minibot.yml"));
}

#[tokio::test]
async fn a_bad_repo_config_is_reported_with_key_and_line() {
    let mut app = TestApp::start().await;
    app.github.push_commit(
        REPO,
        "main",
        "config",
        &[(
            ".github/minibot.yml",
            Some("docs:\n  path: docs\n  max_page: 2\n"),
        )],
    );
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert_eq!(app.model.call_count(), 0);
    let replies = app.bot_comments(1);
    assert!(
        replies[0].contains("`.github/minibot.yml` on the default branch is not valid (line 3)"),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains("max_page"), "{}", replies[0]);
}

#[tokio::test]
async fn the_docs_path_from_minibot_yml_is_used() {
    let mut app = TestApp::start().await;
    app.github.push_commit(
        REPO,
        "feature",
        "handbook",
        &[("handbook/webhooks.md", Some("# Webhooks\n"))],
    );
    app.github.push_commit(
        REPO,
        "main",
        "config",
        &[(".github/minibot.yml", Some("docs:\n  path: handbook\n"))],
    );
    app.model
        .push_reply(&docs_reply("handbook/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert!(
        app.github
            .file_at(REPO, BRANCH, "handbook/webhooks.md")
            .unwrap()
            .contains("five times")
    );
    let system = app.model.requests()[0]["messages"][0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(system.contains("inside `handbook/`"), "{system}");
}

#[tokio::test]
async fn a_fork_pr_gets_a_docs_pr_into_the_base_branch() {
    let mut app = TestApp::start().await;
    app.github.create_fork(REPO, "carol/website");
    app.github.push_commit(
        "carol/website",
        "patch-1",
        "Retry more",
        &[("src/webhook.rs", Some("pub const RETRIES: u32 = 9;\n"))],
    );
    let n = app.github.open_pr(
        REPO,
        "carol",
        "carol/website",
        "patch-1",
        "main",
        "Retry more",
        "",
    );
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(n, "alice", "/mini docs").await;
    app.wait_idle().await;
    let pulls = app.github.pull_requests(REPO);
    let docs = pulls
        .iter()
        .find(|p| p.head_ref == format!("minibot/docs/pr-{n}"))
        .expect("docs PR");
    assert_eq!(docs.base_ref, "main");
    assert!(docs.body.contains("comes from a fork"), "{}", docs.body);
}

#[tokio::test]
async fn help_unknown_commands_and_bot_comments() {
    let mut app = TestApp::start().await;
    app.comment(1, "bob", "/mini help").await;
    app.comment(1, "alice", "/mini frobnicate").await;
    app.comment(1, "alice", "/mini cost").await;
    // minibot's own comments (and any bot's) never drive it.
    let id = app
        .github
        .add_issue_comment(REPO, 1, "dependabot[bot]", "Bot", "/mini docs");
    let payload = app.github.issue_comment_payload(REPO, id);
    let (status, _) = app
        .post_event("issue_comment", payload.to_string().as_bytes())
        .await;
    assert_eq!(status, 200);
    app.wait_idle().await;

    let replies = app.bot_comments(1);
    assert_eq!(replies.len(), 3, "{replies:?}");
    assert!(
        replies[0].contains("`/mini docs`"),
        "help lists docs: {}",
        replies[0]
    );
    assert!(
        replies[1].contains("I don't know the command `frobnicate`"),
        "{}",
        replies[1]
    );
    assert!(
        replies[2].contains("**#1** has cost **$0.000000** in 0 model calls"),
        "{}",
        replies[2]
    );
    assert_eq!(app.model.call_count(), 0);
}

#[tokio::test]
async fn an_unpriced_model_is_recorded_as_unpriced_not_free() {
    let mut app = TestApp::start_configured(|s| s.llm.model = "my-local-model".into()).await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(
        (calls[0].model.as_str(), calls[0].cost_micros),
        ("my-local-model", None)
    );
    let pulls = app.github.pull_requests(REPO);
    assert!(
        pulls[1]
            .body
            .contains("| my-local-model | 1200 | 200 | 350 | unpriced |"),
        "{}",
        pulls[1].body
    );
    assert!(
        pulls[1].body.contains("$0.000000 + 1 unpriced call"),
        "{}",
        pulls[1].body
    );
    assert!(app.bot_comments(1)[0].contains("$0.000000 + 1 unpriced call"));
}

#[tokio::test]
async fn graceful_shutdown_lets_a_running_job_finish() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.model.delay_next(Duration::from_secs(1));
    app.comment(1, "alice", "/mini docs").await;
    while app.model.call_count() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let github = app.github.clone();
    let db = app.stop().await; // grace period 5 s > the model's 1 s
    let store = minibot::store::Store::connect(&db.url).await.unwrap();
    let jobs = store.list_jobs().await.unwrap();
    assert_eq!(jobs[0].state, "done");
    assert_eq!(github.pull_requests(REPO).len(), 2);
}

#[tokio::test]
async fn shutdown_past_the_grace_period_gives_the_job_back() {
    let mut app = TestApp::start_configured(|s| s.shutdown_grace_secs = 0).await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.model.delay_next(Duration::from_secs(2));
    app.comment(1, "alice", "/mini docs").await;
    while app.model.call_count() == 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (github, model) = (app.github.clone(), app.model.clone());
    let db = app.stop().await;
    let store = minibot::store::Store::connect(&db.url).await.unwrap();
    let jobs = store.list_jobs().await.unwrap();
    assert_eq!(
        (jobs[0].state.as_str(), jobs[0].attempts),
        ("queued", 0),
        "given back, attempt not counted"
    );
    assert_eq!(github.pull_requests(REPO).len(), 1);
    store.close().await;

    // The next start picks it up and finishes it.
    let mut again = TestApp::start_with(github, model, db).await;
    again.wait_idle().await;
    assert_eq!(again.github.pull_requests(REPO).len(), 2);
    assert_eq!(again.bot_comments(1).len(), 1);
}

#[tokio::test]
async fn long_file_lists_are_paginated_with_the_token_on_every_page() {
    let mut app = TestApp::start().await;
    let files: Vec<(String, String)> = (0..130)
        .map(|i| {
            (
                format!("src/gen/file{i:03}.rs"),
                format!("pub const N: u32 = {i};\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, Option<&str>)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_str())))
        .collect();
    app.github.push_commit(REPO, "feature", "many files", &refs);
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let pages: Vec<_> = app
        .github
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/pulls/1/files"))
        .collect();
    assert!(pages.len() >= 2, "{pages:?}");
    assert!(
        pages.iter().all(|r| r.had_auth && r.status == 200),
        "{pages:?}"
    );
    let user = app.model.requests()[0]["messages"][1]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        user.contains("src/gen/file129.rs"),
        "the second page's files reach the prompt"
    );
}

#[tokio::test]
async fn the_docs_flow_on_postgresql() {
    let Some(db) = support::db::postgres().await else {
        return; // MINIBOT_TEST_POSTGRES_URL not set
    };
    let github = support::harness::standard_world().await;
    github.set_permission(REPO, "alice", "maintain");
    let model = support::fake_model::FakeModel::start().await;
    model.set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    let mut app = TestApp::start_with(github, model, db).await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    assert_eq!(app.github.pull_requests(REPO).len(), 2);
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 2);
    // The second run on the unchanged pull request is answered from the cache.
    assert_eq!(
        (calls[0].outcome.as_str(), calls[0].cost_micros),
        ("ok", Some(USAGE_COST_MICROS))
    );
    assert_eq!(
        (
            calls[1].outcome.as_str(),
            calls[1].cost_micros,
            calls[1].saved_micros
        ),
        ("cache_hit", Some(0), USAGE_COST_MICROS)
    );
    assert_eq!(app.model.call_count(), 1);
}

/// The real protocol path against a real OpenAI-compatible server: set
/// `MINIBOT_TEST_LOCAL_MODEL_URL` (e.g. the URL `../shared/tools/local-model.sh start` prints).
/// The tiny model writes poor docs, so this checks the wire, not the wording: JSON-schema mode is
/// accepted, `usage` is read into the ledger, the model is unpriced, and whatever came back was
/// either committed after passing the checks or refused with a reply.
#[tokio::test]
async fn docs_against_a_real_local_model_server() {
    let Ok(url) = std::env::var("MINIBOT_TEST_LOCAL_MODEL_URL") else {
        return;
    };
    let mut app = TestApp::start_configured(|s| {
        s.llm.openai_base_url = url;
        s.llm.model = "smollm2".into();
        s.llm.max_output_tokens = 300;
        s.llm.context_tokens = 1_500;
        s.llm.model_timeout_secs = 300;
    })
    .await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle_for(Duration::from_secs(300)).await;
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 1);
    let c = &calls[0];
    assert!(c.input_tokens > 100 && c.output_tokens > 0, "{c:?}");
    assert_eq!(c.cost_micros, None, "smollm2 is not in the price table");
    let replies = app.bot_comments(1);
    eprintln!(
        "local model: {} input / {} cached / {} output tokens; reply:\n{}",
        c.input_tokens, c.cached_tokens, c.output_tokens, replies[0]
    );
    assert_eq!(replies.len(), 1);
    assert!(replies[0].contains("1 unpriced call"), "{}", replies[0]);
    let published = app.github.pull_requests(REPO).len() == 2;
    assert!(
        published
            || replies[0].contains("nothing was committed")
            || replies[0].contains("No documentation update"),
        "{}",
        replies[0]
    );
}
