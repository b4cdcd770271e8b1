//! `/mini tests` and `/mini suggest` end to end: the real app against the fake GitHub and the fake
//! model, on four fixture repositories (Rust, TypeScript, Python, Go).

#![recursion_limit = "256"]

mod support;

use serde_json::{Value, json};
use support::code_repos::{self, CodeRepo};
use support::db;
use support::fake_github::FakeGithub;
use support::fake_model::{FakeModel, Usage};
use support::harness::{TestApp, USAGE, USAGE_COST_MICROS};

/// minibot on a world holding the given fixture repositories.
async fn app_with(repos: &[CodeRepo]) -> TestApp {
    let github = FakeGithub::start().await;
    for r in repos {
        r.create(&github);
    }
    TestApp::start_with(github, FakeModel::start().await, db::sqlite()).await
}

fn tests_answer(files: &[(&str, &str)]) -> String {
    json!({
        "summary": "Covers the new function.",
        "files": files.iter().map(|(path, content)| json!({
            "path": path,
            "content": content,
            "tests": [{"name": "covers_the_change", "covers": "the new function's result"}],
        })).collect::<Vec<_>>(),
    })
    .to_string()
}

/// The user message of a recorded model request, as text (its first part when it has parts).
fn user_text(request: &Value) -> String {
    let content = &request["messages"][1]["content"];
    match content {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts[0]["text"].as_str().unwrap_or("").to_string(),
        _ => String::new(),
    }
}

#[tokio::test]
async fn tests_command_writes_tests_in_each_repositorys_own_style() {
    let mut app = app_with(&code_repos::ALL).await;
    let expectations = [
        (code_repos::RUST, "cargo test", "use super::*;"),
        (
            code_repos::TYPESCRIPT,
            "Vitest",
            "import { describe, it, expect } from 'vitest'; import { … } from '../duration';",
        ),
        (code_repos::PYTHON, "pytest", "from pylite.text import …"),
        (code_repos::GO, "go test", "package rate"),
    ];
    for (i, (repo, framework, import_hint)) in expectations.into_iter().enumerate() {
        app.model
            .push_reply(&tests_answer(&[(repo.test_path, repo.good_test)]), USAGE);
        app.comment_on(repo.name, 1, "alice", "/mini tests").await;
        app.wait_idle().await;

        // The prompt followed the repository's conventions.
        let request = &app.model.requests()[i];
        let prompt = user_text(request);
        assert!(
            prompt.contains(&format!("test_path: `{}`", repo.test_path)),
            "{}: {prompt}",
            repo.language
        );
        assert!(prompt.contains(framework), "{}: {prompt}", repo.language);
        assert!(prompt.contains(import_hint), "{}: {prompt}", repo.language);

        // One pull request from minibot's branch into the PR's branch, holding the test file.
        let pulls = app.github.pull_requests(repo.name);
        assert_eq!(pulls.len(), 2, "{}: {pulls:?}", repo.language);
        let tests_pr = &pulls[1];
        assert_eq!(tests_pr.title, "test: add tests for #1");
        assert_eq!(
            (tests_pr.head_ref.as_str(), tests_pr.base_ref.as_str()),
            ("minibot/tests/pr-1", "feature")
        );
        assert_eq!(
            app.github
                .file_at(repo.name, "minibot/tests/pr-1", repo.test_path)
                .as_deref(),
            Some(repo.good_test),
            "{}",
            repo.language
        );
        // Nothing else changed: the source under test is as the PR left it.
        assert_eq!(
            app.github
                .file_at(repo.name, "minibot/tests/pr-1", repo.source)
                .as_deref(),
            Some(if repo.test_path == repo.source {
                repo.good_test
            } else {
                repo.head_text()
            })
        );
        // The body lists each test and what it covers, and the cost.
        let body = &tests_pr.body;
        assert!(body.contains(&format!("`{}`", repo.test_path)), "{body}");
        assert!(
            body.contains("- `covers_the_change`: the new function's result"),
            "{body}"
        );
        assert!(body.contains(framework), "{body}");
        assert!(
            body.contains("| gpt-4o-mini | 1200 | 200 | 350 | $0.000375 |"),
            "{body}"
        );
        // The reply links the pull request and states the cost.
        let replies = app.bot_comments_on(repo.name, 1);
        assert_eq!(replies.len(), 1, "{replies:?}");
        assert!(
            replies[0].contains(&format!("Opened tests pull request #{}", tests_pr.number)),
            "{}",
            replies[0]
        );
        assert!(replies[0].contains("Cost: **$0.000375**"), "{}", replies[0]);
        let calls = app.store().llm_calls_for_pr(repo.name, 1).await.unwrap();
        assert_eq!(calls.len(), 1);
        assert_eq!(calls[0].cost_micros, Some(USAGE_COST_MICROS));
    }

    // Running it again updates the same pull request.
    let repo = code_repos::GO;
    app.model
        .push_reply(&tests_answer(&[(repo.test_path, repo.good_test)]), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini tests").await;
    app.wait_idle().await;
    assert_eq!(app.github.pull_requests(repo.name).len(), 2);
    assert!(
        app.bot_comments_on(repo.name, 1)[1].contains("Updated tests pull request"),
        "{:?}",
        app.bot_comments_on(repo.name, 1)
    );
}

#[tokio::test]
async fn a_test_file_with_a_syntax_error_goes_back_to_the_model_once() {
    let repo = code_repos::PYTHON;
    let mut app = app_with(&[repo]).await;
    let broken = repo.good_test.replace(
        "def test_short_text_is_unchanged():",
        "def test_short_text_is_unchanged(:",
    );
    app.model
        .push_reply(&tests_answer(&[(repo.test_path, &broken)]), USAGE);
    app.model
        .push_reply(&tests_answer(&[(repo.test_path, repo.good_test)]), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini tests").await;
    app.wait_idle().await;

    assert_eq!(app.model.call_count(), 2);
    let repair = user_text(&app.model.requests()[1]);
    assert!(repair.contains("syntax error at line 6"), "{repair}");
    assert!(
        repair.contains(&broken.replace('\n', "\\n")) || repair.contains("your_previous_answer")
    );
    assert_eq!(
        app.github
            .file_at(repo.name, "minibot/tests/pr-1", repo.test_path)
            .as_deref(),
        Some(repo.good_test)
    );
    let body = &app.github.pull_requests(repo.name)[1].body;
    assert!(body.contains("fixed after a syntax check"), "{body}");
    // Both calls are in the ledger and in the stated cost.
    assert!(body.contains("**$0.000750**"), "{body}");
    assert!(app.bot_comments_on(repo.name, 1)[0].contains("$0.000750"));
}

#[tokio::test]
async fn a_test_file_that_stays_broken_is_left_out_and_reported() {
    let repo = code_repos::GO;
    let mut app = app_with(&[repo]).await;
    let broken = "package rate\n\nfunc TestBroken(t *testing.T) {\n\tif true {\n";
    let answer = tests_answer(&[
        (repo.test_path, repo.good_test),
        ("internal/rate/extra_test.go", broken),
    ]);
    app.model.push_reply(&answer, USAGE);
    app.model.push_reply(
        &tests_answer(&[("internal/rate/extra_test.go", broken)]),
        USAGE,
    );
    app.comment_on(repo.name, 1, "alice", "/mini tests").await;
    app.wait_idle().await;

    assert_eq!(app.model.call_count(), 2, "one repair round, no more");
    let files = app.github.files_at(repo.name, "minibot/tests/pr-1");
    assert_eq!(
        files.get(repo.test_path).map(String::as_str),
        Some(repo.good_test)
    );
    assert!(!files.contains_key("internal/rate/extra_test.go"));
    let body = &app.github.pull_requests(repo.name)[1].body;
    assert!(body.contains("**Left out**"), "{body}");
    assert!(
        body.contains("`internal/rate/extra_test.go`: syntax error at line"),
        "{body}"
    );
    let reply = &app.bot_comments_on(repo.name, 1)[0];
    assert!(
        reply.contains("1 file left out after failing the syntax check"),
        "{reply}"
    );
}

#[tokio::test]
async fn nothing_is_committed_when_every_file_fails_and_workflows_are_never_written() {
    let repo = code_repos::RUST;
    let mut app = app_with(&[repo]).await;
    let answer = tests_answer(&[
        (".github/workflows/ci.yml", "on: push\n"),
        ("src/lib.rs", "pub mod slug;\npub fn injected() {}\n"),
    ]);
    app.model.set_default_reply(&answer, USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini tests").await;
    app.wait_idle().await;

    assert_eq!(app.github.pull_requests(repo.name).len(), 1, "no tests PR");
    assert!(
        !app.github
            .branches(repo.name)
            .iter()
            .any(|b| b.starts_with("minibot/"))
    );
    let reply = &app.bot_comments_on(repo.name, 1)[0];
    assert!(reply.contains("No tests were committed"), "{reply}");
    assert!(reply.contains("never writes under `.github/`"), "{reply}");
    assert!(reply.contains("`src/lib.rs`"), "{reply}");
    assert!(reply.contains("$0.000750"), "{reply}");
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::test]
async fn a_screenshot_in_the_pull_request_reaches_the_model_as_an_image() {
    let repo = code_repos::TYPESCRIPT;
    let github = FakeGithub::start().await;
    let shot = github.upload_attachment("image/png", PNG);
    github.create_repo(repo.name, "main", repo.base);
    let files: Vec<(&str, Option<&str>)> =
        repo.change.iter().map(|(p, t)| (*p, Some(*t))).collect();
    github.push_commit(repo.name, "feature", repo.title, &files);
    let body = format!(
        "The status page now shows durations:\n\n<img width=\"320\" alt=\"status page\" src=\"{shot}\" />\n\n![elsewhere](https://example.com/x.png)"
    );
    github.open_pr(
        repo.name, "alice", repo.name, "feature", "main", repo.title, &body,
    );
    github.set_permission(repo.name, "alice", "write");
    let mut app = TestApp::start_with(github, FakeModel::start().await, db::sqlite()).await;
    app.model
        .push_reply(&tests_answer(&[(repo.test_path, repo.good_test)]), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini tests").await;
    app.wait_idle().await;

    let request = &app.model.requests()[0];
    let parts = request["messages"][1]["content"]
        .as_array()
        .expect("the user message has content parts");
    assert_eq!(parts.len(), 2, "text and one image: {parts:?}");
    assert_eq!(parts[1]["type"], "image_url");
    let url = parts[1]["image_url"]["url"].as_str().unwrap();
    assert!(
        url.starts_with("data:image/png;base64,iVBORw0KGgo"),
        "{url}"
    );
    assert!(user_text(request).contains("1 screenshot is attached"));
    let body = &app.github.pull_requests(repo.name)[1].body;
    assert!(
        body.contains("Screenshots: 1 of 2 sent to the model (1 not fetched"),
        "{body}"
    );
}

#[tokio::test]
async fn an_outsiders_tests_and_suggest_commands_are_refused_and_cost_nothing() {
    let repo = code_repos::TYPESCRIPT;
    let mut app = app_with(&[repo]).await;
    app.comment_on(repo.name, 1, "bob", "/mini tests\n/mini suggest")
        .await;
    app.wait_idle().await;

    assert_eq!(app.model.call_count(), 0);
    assert!(app.store().llm_calls().await.unwrap().is_empty());
    assert_eq!(app.github.pull_requests(repo.name).len(), 1);
    assert!(app.github.reviews(repo.name, 1).is_empty());
    let replies = app.bot_comments_on(repo.name, 1);
    assert_eq!(replies.len(), 2, "{replies:?}");
    for r in &replies {
        assert!(r.contains("@bob") || r.contains("bob"), "{r}");
        assert!(r.contains("write access"), "{r}");
    }
}

fn suggestion(path: &str, line: usize, original: &str, replacement: &str, importance: u8) -> Value {
    json!({
        "path": path, "start_line": line, "end_line": line + original.lines().count() - 1,
        "original": original, "replacement": replacement,
        "reason": "Clearer and safer.", "importance": importance,
    })
}

fn suggest_answer(items: &[Value]) -> String {
    json!({"summary": "A small change.", "suggestions": items}).to_string()
}

/// A valid suggestion, one outside the diff, one whose text the file does not hold.
fn mixed_answer(repo: &CodeRepo) -> String {
    suggest_answer(&[
        suggestion(
            repo.source,
            repo.line_of(repo.suggest_original),
            repo.suggest_original,
            repo.suggest_replacement,
            2,
        ),
        suggestion(
            repo.source,
            repo.line_of(repo.outside_line),
            repo.outside_line,
            &format!("{} // reviewed", repo.outside_line),
            3,
        ),
        suggestion(repo.source, 2, "this line does not exist", "nor this", 1),
    ])
}

fn review_422s(github: &FakeGithub) -> usize {
    github
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/reviews") && r.status == 422)
        .count()
}

#[tokio::test]
async fn suggest_posts_one_review_of_committable_suggestions_in_each_language() {
    let mut app = app_with(&code_repos::ALL).await;
    for repo in code_repos::ALL {
        app.model.push_reply(&mixed_answer(&repo), USAGE);
        app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
        app.wait_idle().await;

        // The prompt numbered the changed lines as in the head commit.
        let prompt = user_text(app.model.requests().last().unwrap());
        let line = repo.line_of(repo.suggest_original);
        assert!(
            prompt.lines().any(
                |l| l.starts_with(&format!("{line:>5} ")) && l.ends_with(repo.suggest_original)
            ),
            "{}: {prompt}",
            repo.language
        );

        let reviews = app.github.reviews(repo.name, 1);
        assert_eq!(reviews.len(), 1, "{}: {reviews:?}", repo.language);
        assert_eq!(reviews[0].state, "COMMENTED");
        assert!(reviews[0].body.contains("$0.000375"), "{}", reviews[0].body);
        let comments = app.github.review_comments(repo.name, 1);
        assert_eq!(comments.len(), 1, "{}: {comments:?}", repo.language);
        let c = &comments[0];
        assert_eq!(
            (c.path.as_str(), c.line as usize, c.side.as_str()),
            (repo.source, line, "RIGHT")
        );
        assert!(
            c.body
                .contains(&format!("```suggestion\n{}\n```", repo.suggest_replacement)),
            "{}",
            c.body
        );
        assert!(c.body.starts_with("Clearer and safer."), "{}", c.body);
        let reply = app.bot_comments_on(repo.name, 1)[0].clone();
        assert!(
            reply.contains("Posted 1 suggestion in one review"),
            "{reply}"
        );
        assert!(reply.contains("| 1 | 2 | 0 | 0 |"), "{reply}");
        assert!(reply.contains("its lines are outside the diff"), "{reply}");
        assert!(
            reply.contains("not in the file at the head commit"),
            "{reply}"
        );
        assert!(reply.contains("Cost: **$0.000375**"), "{reply}");
    }
    assert_eq!(review_422s(&app.github), 0, "minibot never triggers a 422");
}

#[tokio::test]
async fn the_fake_refuses_out_of_hunk_comments_exactly_as_github_does() {
    let repo = code_repos::GO;
    let github = FakeGithub::start().await;
    repo.create(&github);
    let token = github.issue_token();
    let http = reqwest::Client::new();
    let post = |comments: Value| {
        http.post(format!(
            "{}/repos/{}/pulls/1/reviews",
            github.base_url(),
            repo.name
        ))
        .bearer_auth(&token)
        .header("user-agent", "test")
        .json(&json!({"event": "COMMENT", "body": "b", "comments": comments}))
        .send()
    };
    let outside = repo.line_of(repo.outside_line);
    let inside = repo.line_of(repo.suggest_original);
    let r = post(json!([{"path": repo.source, "line": outside, "side": "RIGHT", "body": "x"}]))
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v["errors"][0],
        "Pull request review thread line must be part of the diff"
    );
    // A start line in another place than the line's hunk fails too; the whole review is refused.
    let r = post(json!([
        {"path": repo.source, "line": inside, "body": "ok"},
        {"path": repo.source, "start_line": outside, "line": inside, "body": "x"}
    ]))
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    assert!(github.reviews(repo.name, 1).is_empty());
    let r = post(json!([{"path": repo.source, "line": inside, "body": "ok"}]))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(github.review_comments(repo.name, 1).len(), 1);
}

#[tokio::test]
async fn suggest_twice_posts_each_suggestion_once() {
    let repo = code_repos::RUST;
    let mut app = app_with(&[repo]).await;
    let first = suggestion(
        repo.source,
        repo.line_of(repo.suggest_original),
        repo.suggest_original,
        repo.suggest_replacement,
        2,
    );
    app.model
        .push_reply(&suggest_answer(std::slice::from_ref(&first)), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;
    assert_eq!(app.github.review_comments(repo.name, 1).len(), 1);

    // A new push, then the same advice again (reformatted), plus a new one.
    app.github.push_commit(
        repo.name,
        "feature",
        "Mention the separator in the README",
        &[(
            "README.md",
            Some("# slugger\n\nTurns titles into URL slugs, with any separator.\n"),
        )],
    );
    let mut again = first.clone();
    again["replacement"] = json!("        .collect::<Vec<&str>>()  ");
    let second = suggestion(
        repo.source,
        repo.line_of("        .join(&sep.to_string())"),
        "        .join(&sep.to_string())",
        "        .join(sep.encode_utf8(&mut [0; 4]))",
        1,
    );
    app.model
        .push_reply(&suggest_answer(&[again, second]), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;

    let comments = app.github.review_comments(repo.name, 1);
    assert_eq!(comments.len(), 2, "{comments:?}");
    assert_eq!(app.github.reviews(repo.name, 1).len(), 2);
    assert!(comments[1].body.contains("encode_utf8"));
    let replies = app.bot_comments_on(repo.name, 1);
    assert!(replies[1].contains("| 1 | 0 | 1 | 0 |"), "{}", replies[1]);

    // A third run on the unchanged pull request is answered from the response cache ($0, no
    // model call) and posts no review at all.
    let calls = app.model.call_count();
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;
    assert_eq!(app.model.call_count(), calls);
    assert_eq!(app.github.reviews(repo.name, 1).len(), 2);
    let third = &app.bot_comments_on(repo.name, 1)[2];
    assert!(third.contains("No new suggestions"), "{third}");
    assert!(third.contains("Cost: **$0.000000**"), "{third}");
    let _ = first;
    assert_eq!(review_422s(&app.github), 0);
}

#[tokio::test]
async fn suggestions_over_the_configured_limit_are_cut_most_valuable_first() {
    let repo = code_repos::TYPESCRIPT;
    let github = FakeGithub::start().await;
    let mut base: Vec<(&str, &str)> = repo.base.to_vec();
    base.push((".github/minibot.yml", "suggest:\n  max_comments: 1\n"));
    github.create_repo(repo.name, "main", &base);
    let files: Vec<(&str, Option<&str>)> =
        repo.change.iter().map(|(p, t)| (*p, Some(*t))).collect();
    github.push_commit(repo.name, "feature", repo.title, &files);
    github.open_pr(
        repo.name, "alice", repo.name, "feature", "main", repo.title, repo.body,
    );
    github.set_permission(repo.name, "alice", "write");
    let mut app = TestApp::start_with(github, FakeModel::start().await, db::sqlite()).await;
    let low = suggestion(
        repo.source,
        repo.line_of(repo.suggest_original),
        repo.suggest_original,
        repo.suggest_replacement,
        1,
    );
    let bug = suggestion(
        repo.source,
        repo.line_of("  if (s || parts.length === 0) parts.push(`${s}s`);"),
        "  if (s || parts.length === 0) parts.push(`${s}s`);",
        "  if (s > 0 || parts.length === 0) parts.push(`${s}s`);",
        3,
    );
    app.model.push_reply(&suggest_answer(&[low, bug]), USAGE);
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;
    let comments = app.github.review_comments(repo.name, 1);
    assert_eq!(comments.len(), 1);
    assert!(comments[0].body.contains("s > 0"), "{}", comments[0].body);
    assert!(app.bot_comments_on(repo.name, 1)[0].contains("| 1 | 0 | 0 | 1 |"));
}

#[tokio::test]
async fn a_model_answer_cut_short_posts_nothing_and_says_so() {
    let repo = code_repos::PYTHON;
    let mut app = app_with(&[repo]).await;
    app.model
        .push_reply("{\"summary\": \"cut", Usage::new(900, 0, 4000));
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;
    assert!(app.github.reviews(repo.name, 1).is_empty());
    let reply = &app.bot_comments_on(repo.name, 1)[0];
    assert!(reply.contains("No suggestions"), "{reply}");
}

/// What each command spends on one realistic pull request per language, with usage counted from
/// the real requests (o200k, as OpenAI counts them) and priced from the built-in table.
/// `cargo test --test code_commands spend -- --nocapture` prints the table.
#[tokio::test]
async fn spend_per_language_and_command_is_priced_from_real_token_counts() {
    let mut app = app_with(&code_repos::ALL).await;
    app.model.count_usage();
    let prices = minibot::cost::PriceTable::builtin();
    println!("| language | command | prompt tokens | output tokens | cost | validated |");
    println!("| --- | --- | ---: | ---: | ---: | --- |");
    for repo in code_repos::ALL {
        app.model
            .push_reply(&tests_answer(&[(repo.test_path, repo.good_test)]), USAGE);
        app.comment_on(repo.name, 1, "alice", "/mini tests").await;
        app.wait_idle().await;
        app.model.push_reply(&mixed_answer(&repo), USAGE);
        app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
        app.wait_idle().await;

        let calls = app.store().llm_calls_for_pr(repo.name, 1).await.unwrap();
        assert_eq!(calls.len(), 2, "{}", repo.language);
        let requests = app.model.requests();
        for (call, command) in calls.iter().zip(["tests", "suggest"]) {
            let usage = minibot::llm::Usage {
                input_tokens: call.input_tokens as u64,
                cached_tokens: 0,
                output_tokens: call.output_tokens as u64,
            };
            assert_eq!(call.cost_micros, prices.cost_micros("gpt-4o-mini", &usage));
            assert!(
                call.input_tokens > 400,
                "{}: a real prompt: {call:?}",
                repo.language
            );
            let validated = match command {
                "tests" => format!("`{}` parsed by tree-sitter, path and preservation checked", repo.test_path),
                _ => "3 suggestions anchored: 1 posted, 1 outside the diff and 1 not in the file dropped".into(),
            };
            println!(
                "| {} | /mini {command} | {} | {} | {} | {validated} |",
                repo.language,
                call.input_tokens,
                call.output_tokens,
                minibot::cost::format_usd(call.cost_micros.unwrap()),
            );
        }
        // The ledger's prompt tokens are the fake server's count of what minibot sent.
        let sent = &requests[requests.len() - 2];
        assert_eq!(
            calls[0].input_tokens,
            support::fake_model::prompt_tokens(sent) as i64
        );
    }
}

/// A pull request at GitHub's 3,000-file listing limit: both commands rank the files, fit the
/// prompt to the budget and say what they left out.
#[tokio::test]
async fn a_3000_file_pull_request_fits_the_budget_and_says_what_was_left_out() {
    let repo = "octo-org/monorepo";
    let github = FakeGithub::start().await;
    github.create_repo(
        repo,
        "main",
        &[(
            "package.json",
            r#"{"devDependencies": {"jest": "^29.0.0"}}"#,
        )],
    );
    let texts: Vec<(String, String)> = (0..3000)
        .map(|i| {
            (
                format!("src/parts/p{i:04}.ts"),
                format!("export function part{i}(x: number): number {{\n  return x + {i};\n}}\n"),
            )
        })
        .collect();
    let files: Vec<(&str, Option<&str>)> = texts
        .iter()
        .map(|(p, t)| (p.as_str(), Some(t.as_str())))
        .collect();
    github.push_commit(repo, "feature", "Add 3,000 parts", &files);
    github.open_pr(
        repo,
        "alice",
        repo,
        "feature",
        "main",
        "Add 3,000 parts",
        "Generated by hand.",
    );
    github.set_permission(repo, "alice", "write");
    let mut app = TestApp::start_with(github, FakeModel::start().await, db::sqlite()).await;

    app.model.push_reply(&suggest_answer(&[]), USAGE);
    app.comment_on(repo, 1, "alice", "/mini suggest").await;
    app.wait_idle_for(std::time::Duration::from_secs(120)).await;
    let prompt = user_text(&app.model.requests()[0]);
    let shown = prompt.matches("--- src/parts/").count();
    assert!((100..3000).contains(&shown), "{shown} files shown");
    let reply = &app.bot_comments_on(repo, 1)[0];
    assert!(
        reply.contains(&format!("{} changed files were not reviewed", 3000 - shown)),
        "{reply}"
    );

    let test = "import { part0 } from './p0000';\n\ntest('adds', () => {\n  expect(part0(1)).toBe(1);\n});\n";
    app.model
        .push_reply(&tests_answer(&[("src/parts/p0000.test.ts", test)]), USAGE);
    app.comment_on(repo, 1, "alice", "/mini tests").await;
    app.wait_idle_for(std::time::Duration::from_secs(120)).await;
    assert_eq!(
        app.github
            .file_at(repo, "minibot/tests/pr-1", "src/parts/p0000.test.ts")
            .as_deref(),
        Some(test)
    );
    let body = &app.github.pull_requests(repo)[1].body;
    assert!(body.contains("beyond `tests.max_files` (3)"), "{body}");
    assert!(
        body.contains("more changed files left out to fit the budget"),
        "{body}"
    );
    // Only the best-ranked sources were read, never the whole pull request.
    let blob_reads = app
        .github
        .requests()
        .iter()
        .filter(|r| r.path.contains("/git/blobs/"))
        .count();
    assert!(blob_reads <= 25, "{blob_reads} blobs read");
}

/// GitHub fails the reply after the review was posted: the job's retry pays the model nothing,
/// posts no second review, and still reports the suggestion as posted.
#[tokio::test]
async fn a_retry_after_the_review_was_posted_posts_nothing_twice() {
    let repo = code_repos::GO;
    let mut app = app_with(&[repo]).await;
    app.model.push_reply(&mixed_answer(&repo), USAGE);
    app.github.fail_next(
        "POST",
        &format!("/repos/{}/issues/1/comments", repo.name),
        502,
        1,
        &[],
    );
    app.comment_on(repo.name, 1, "alice", "/mini suggest").await;
    app.wait_idle().await;

    assert!(
        app.github.requests().iter().any(|r| r.status == 502),
        "the reply failed once"
    );
    assert_eq!(
        app.model.call_count(),
        1,
        "the retry reused the stored answer"
    );
    assert_eq!(app.github.reviews(repo.name, 1).len(), 1);
    assert_eq!(app.github.review_comments(repo.name, 1).len(), 1);
    let replies = app.bot_comments_on(repo.name, 1);
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert!(
        replies[0].contains("Posted 1 suggestion in one review"),
        "{}",
        replies[0]
    );
    assert!(replies[0].contains("| 1 | 2 | 0 | 0 |"), "{}", replies[0]);
    assert_eq!(app.store().llm_calls().await.unwrap().len(), 1);
}
