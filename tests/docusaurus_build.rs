//! The real Docusaurus build as the judge: `/mini docs` with a model whose edits contain the
//! mistakes that break a Docusaurus 3 build (or silently ruin a page), then `docusaurus build` of
//! the resulting branch, with broken links, anchors, routes and markdown links set to throw. It
//! must pass. A control build of the same edits without minibot's repairs must fail, which
//! proves the edits really were broken.
//!
//! Runs when `MINIBOT_TEST_DOCUSAURUS=1` (`.ci/run` sets it). The first run installs Docusaurus
//! into `~/.cache/minibot/` (about a minute); later builds take seconds.

#![recursion_limit = "256"]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::fake_github::FakeGithub;
use support::fake_model::FakeModel;
use support::harness::{REPO, TestApp, USAGE};

const BRANCH: &str = "minibot/docs/pr-1";

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docusaurus-site")
}

fn fixture_files() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, text));
            }
        }
    }
    let mut out = Vec::new();
    walk(&fixture_dir(), &fixture_dir(), &mut out);
    out.sort();
    out
}

/// Builds a site tree with `scripts/docusaurus-build.sh`; returns (success, output).
fn build(files: &std::collections::BTreeMap<String, String>) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/docusaurus-build.sh");
    let out = Command::new("bash")
        .arg(script)
        .arg(dir.path())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A section of `cli/serve.md` written with every mechanical mistake of the failure table.
const BROKEN_SECTION: &str = "## Options\n\n\
Returns a Vec<String> of routes. Values <5 are ignored, and {version} is replaced.\n\
In CI use ${{ secrets.OCTO_TOKEN }}. See <https://octo.example.com/docs> for more.<br>\n\
<div style=\"color: red\">Careful</div>\n\n\
<details>\n<summary>Advanced</summary>\n\nTuning knobs.\n\n\
    octo serve --workers 8\n\n\
:::warn\n\nUse `--dry-run` first.\n\n:::\n\n\
:::tip Good to know\n\nWorkers default to the CPU count.\n\n:::\n\n\
Read [the guide](../guides/missing.md) and [the page](/docs/missing-page).\n\n\
:::note\n\nThis note is never closed.\n";

fn adversarial_answer(new_page_front: &str, section: &str) -> String {
    serde_json::json!({
        "summary": "Documents the new worker flags.",
        "edits": [
            {"path": "docs/cli/serve.md", "action": "update", "reason": "new flags", "content": "",
             "sections": [{"heading": "## Options", "content": section, "after": ""}]},
            {"path": "docs/guides/retries.md", "action": "create", "reason": "new page", "sections": [],
             "content": format!("{new_page_front}\n# Retries\n\nFailed deliveries retry with backoff: 1s, 2s, 4s.\n\n```bash\nocto serve --retries 5\n```\n\nSee [serve](../cli/serve.md).\n")}
        ]
    })
    .to_string()
}

#[tokio::test]
async fn generated_docs_keep_the_site_building() {
    if std::env::var_os("MINIBOT_TEST_DOCUSAURUS").is_none() {
        eprintln!("skipped: set MINIBOT_TEST_DOCUSAURUS=1 to run the real Docusaurus build");
        return;
    }
    // The site as it is builds.
    let original: std::collections::BTreeMap<String, String> =
        fixture_files().into_iter().collect();
    let (ok, out) = build(&original);
    assert!(ok, "the fixture site itself must build:\n{out}");

    let github = FakeGithub::start().await;
    let mut files = fixture_files();
    files.push(("src/serve.ts".into(), "export const WORKERS = 4;\n".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    github.create_repo(REPO, "main", &refs);
    github.push_commit(
        REPO,
        "feature",
        "serve: retries and worker tuning",
        &[(
            "src/serve.ts",
            Some("export const WORKERS = 8;\nexport const RETRIES = 5;\n"),
        )],
    );
    github.open_pr(
        REPO,
        "alice",
        REPO,
        "feature",
        "main",
        "serve: retries and worker tuning",
        "",
    );
    github.set_permission(REPO, "alice", "write");
    let model = FakeModel::start().await;
    // First answer: also what mechanical repairs cannot fix (a non-numeric position, an
    // `export` line, an unclosed `<details>`), so the repair round runs; the second answer fixes
    // those three but keeps every other mistake, which minibot repairs itself.
    let first = adversarial_answer(
        "---\ntitle: Retries: how they work\ntags: retries\nsidebar_position: second\n---\n\nexport const secret = process.env.TOKEN;\n",
        BROKEN_SECTION,
    );
    let closed = BROKEN_SECTION.replace("Tuning knobs.\n\n", "Tuning knobs.\n\n</details>\n\n");
    let second = adversarial_answer(
        "---\ntitle: Retries: how they work\ntags: retries\nsidebar_position: 3\n---\n",
        &closed,
    );
    model.push_reply(&first, USAGE);
    model.push_reply(&second, USAGE);
    let mut app = TestApp::start_with(github, model, support::db::sqlite()).await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    let pulls = app.github.pull_requests(REPO);
    assert_eq!(
        pulls.len(),
        2,
        "a docs PR was opened: {:?}",
        app.bot_comments(1)
    );
    assert_eq!(app.model.call_count(), 2, "one answer and one repair round");
    let tree = app.github.files_at(REPO, BRANCH);
    assert!(tree.contains_key("docs/guides/retries.md"));

    // minibot's branch builds.
    let (ok, out) = build(&tree);
    assert!(
        ok,
        "the generated docs broke the build:\n{out}\n\n{}",
        tree["docs/cli/serve.md"]
    );

    // Control: the same answer applied without minibot's repairs breaks the build.
    let mut raw = original.clone();
    let serve = &original["docs/cli/serve.md"];
    let start = serve.find("## Options").unwrap();
    let end = serve.find("## Exit codes").unwrap();
    raw.insert(
        "docs/cli/serve.md".into(),
        format!("{}{}\n{}", &serve[..start], BROKEN_SECTION, &serve[end..]),
    );
    let (ok, out) = build(&raw);
    assert!(
        !ok,
        "the unrepaired edits should have broken the build:\n{out}"
    );
}
