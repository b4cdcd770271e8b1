//! The `minibot` binary itself: `serve` with the defaults, SIGTERM, `migrate`, `replay`.

#![recursion_limit = "256"]

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use support::harness::{SECRET, TestApp};

const BIN: &str = env!("CARGO_BIN_EXE_minibot");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn serve_runs_on_sqlite_with_defaults_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    // Only the listen address differs from the defaults; the default database is
    // `sqlite://minibot.db` in the working directory.
    let mut child = Command::new(BIN)
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .env("MINIBOT_LISTEN", format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let http = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}");
    let mut ready = None;
    for _ in 0..100 {
        if let Ok(r) = http.get(format!("{url}/readyz")).send().await {
            ready = Some(r.text().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let ready = ready.expect("minibot serve answers /readyz");
    assert!(ready.contains("\"database\":\"ok\""), "{ready}");
    assert!(ready.contains("not configured"), "{ready}");
    assert!(
        dir.path().join("minibot.db").exists(),
        "the SQLite file was created"
    );
    // Without a webhook secret, every webhook is refused.
    let r = http
        .post(format!("{url}/webhook"))
        .header("x-github-event", "ping")
        .header("x-github-delivery", "d")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut exited = None;
    for _ in 0..100 {
        if let Some(s) = child.try_wait().unwrap() {
            exited = Some(s);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let exited = exited.unwrap_or_else(|| {
        let _ = child.kill();
        panic!("minibot did not stop on SIGTERM")
    });
    assert!(exited.success(), "{exited:?}");
}

#[test]
fn migrate_creates_and_migrates_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("m.db").display());
    let out = Command::new(BIN)
        .args(["migrate", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        "database is migrated (6 migrations)"
    );
}

#[tokio::test]
async fn replay_posts_a_payload_file_signed() {
    let app = TestApp::start().await;
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus/payloads/ping.1.json");
    let addr = app.url().trim_start_matches("http://").to_string();
    let out = tokio::process::Command::new(BIN)
        .args(["replay", file.to_str().unwrap(), "--event", "ping"])
        .args(["--delivery", "replayed-1", "--listen", &addr])
        .env("MINIBOT_WEBHOOK_SECRET", SECRET)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("200 "), "{stdout}");
    assert_eq!(app.store().delivery_count().await.unwrap(), 1);
    // The wrong secret is refused, and replay says so with a failing exit.
    let out = tokio::process::Command::new(BIN)
        .args([
            "replay",
            file.to_str().unwrap(),
            "--event",
            "ping",
            "--listen",
            &addr,
        ])
        .env("MINIBOT_WEBHOOK_SECRET", "wrong")
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("401 "));
}

/// A git repository with a Docusaurus site and a change to document.
fn demo_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(["-c", "user.email=dev@example.com", "-c", "user.name=Dev"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    for (path, text) in support::harness::SITE_FILES {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(&["add", "-A"]);
    git(&["commit", "-qm", "init"]);
    git(&["checkout", "-qb", "feature"]);
    std::fs::write(
        dir.path().join("src/webhook.rs"),
        "pub const RETRIES: u32 = 5;\n",
    )
    .unwrap();
    git(&["commit", "-qam", "Retry webhooks five times"]);
    dir
}

/// `minibot docs --plan --format json` on a checkout.
fn plan_json(repo: &std::path::Path, extra: &[&str]) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(["docs", "--plan", "--format", "json"])
        .args(extra)
        .arg("--path")
        .arg(repo)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn docs_plan_prints_the_plan_as_json() {
    let repo = demo_repo();
    let plan = plan_json(repo.path(), &[]);
    assert_eq!(plan["site_dir"], "");
    assert_eq!(plan["docs_dir"], "docs");
    assert_eq!(plan["targets"][0]["path"], "docs/webhooks.md", "{plan:#}");
    assert!(plan["targets"][0]["score"].as_f64().unwrap() > 0.0);
    assert!(!plan["targets"][0]["reasons"].as_array().unwrap().is_empty());
    assert!(plan["new_pages"].is_array());
    assert!(plan["estimated_cost_usd"].as_f64().unwrap() > 0.0);
}

#[test]
fn docs_plan_picks_the_site_the_change_concerns() {
    let repo = demo_repo();
    let other = repo.path().join("examples/demo");
    std::fs::create_dir_all(other.join("docs")).unwrap();
    std::fs::write(other.join("docusaurus.config.js"), "module.exports = {};\n").unwrap();
    std::fs::write(
        other.join("docs/gardening.md"),
        "# Gardening\n\nTomatoes and basil.\n",
    )
    .unwrap();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(["-c", "user.email=d@e", "-c", "user.name=D"])
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap()
    };
    git(&["add", "-A"]);
    git(&["commit", "-qm", "a second site"]);
    let plan = plan_json(repo.path(), &["--base", "main"]);
    assert_eq!(plan["docs_dir"], "docs", "{plan:#}");
    assert!(
        plan["notes"][0]
            .as_str()
            .unwrap()
            .contains("2 Docusaurus sites"),
        "{plan:#}"
    );
}

#[tokio::test]
async fn docs_writes_a_branch_without_touching_the_checkout() {
    let repo = demo_repo();
    let model = support::fake_model::FakeModel::start().await;
    model.set_default_reply(
        &support::harness::docs_reply("docs/webhooks.md"),
        support::harness::USAGE,
    );
    let run = |extra: &'static [&'static str]| {
        let base_url = model.base_url();
        let path = repo.path().to_path_buf();
        async move {
            tokio::process::Command::new(BIN)
                .arg("docs")
                .args(extra)
                .arg("--path")
                .arg(&path)
                .env("OPENAI_BASE_URL", base_url)
                .env("OPENAI_API_KEY", "k")
                .output()
                .await
                .unwrap()
        }
    };
    let dry = run(&["--dry-run"]).await;
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    let diff = String::from_utf8_lossy(&dry.stdout);
    assert!(
        diff.contains("--- a/docs/webhooks.md")
            && diff.contains("+Octo retries failed deliveries five times"),
        "{diff}"
    );

    let out = run(&[]).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Wrote branch minibot/docs/"), "{stdout}");
    assert!(stdout.contains("updated docs/webhooks.md"), "{stdout}");
    assert!(stdout.contains("$0.000375"), "{stdout}");
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).trim().to_string()
    };
    // The checkout is untouched: same branch, clean tree, old page on disk.
    assert_eq!(git(&["rev-parse", "--abbrev-ref", "HEAD"]), "feature");
    assert_eq!(git(&["status", "--porcelain"]), "");
    assert!(
        std::fs::read_to_string(repo.path().join("docs/webhooks.md"))
            .unwrap()
            .contains("three times")
    );
    // The new branch has the page, on top of the change.
    let branch = git(&[
        "for-each-ref",
        "--format=%(refname:short)",
        "refs/heads/minibot/docs/",
    ]);
    let page = git(&["show", &format!("{branch}:docs/webhooks.md")]);
    assert!(page.contains("five times"), "{page}");
    assert_eq!(
        git(&["rev-parse", &format!("{branch}~1")]),
        git(&["rev-parse", "feature"])
    );
}
