//! `/mini tests`'s engine, without I/O: which changed files and definitions to test, the prompt,
//! the answer's shape, and the checks every generated file passes before it is committed (a real
//! parser for its language, a path where tests belong, existing code left as it was).

use std::collections::{BTreeMap, HashSet};
use std::ops::RangeInclusive;

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::code::conventions::{self, Placement, TestTarget};
use crate::code::symbols::{self, Touched};
use crate::code::{self, Lang, patch, syntax};
use crate::github::FileChange;
use crate::llm::{ChatRequest, json_from_answer, tokens};
use crate::templates::Texts;

/// Largest generated test file, in bytes.
pub const MAX_FILE_BYTES: usize = 200_000;
/// Most tokens of one source file shown to the model.
const SOURCE_TOKENS: usize = 3_000;
/// Most tokens of an existing test file or style example shown to the model.
const EXAMPLE_TOKENS: usize = 1_500;
/// Most source files read to find what changed (the best-ranked by added lines).
pub const MAX_SOURCES_READ: usize = 20;

/// A changed file that was not considered, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub path: String,
    pub why: String,
}

/// Changed source files worth reading, best first (most added lines), and the ones skipped.
/// `named` (from `/mini tests path…`) limits the choice to those files or folders.
pub fn candidates(files: &[FileChange], named: &[String]) -> (Vec<String>, Vec<Skipped>) {
    let mut ranked: Vec<(usize, &str)> = Vec::new();
    let mut skipped = Vec::new();
    for f in files {
        let skip = |why: &str| Skipped {
            path: f.path.clone(),
            why: why.to_string(),
        };
        if f.status == "removed" {
            continue;
        }
        if !named.is_empty()
            && !named.iter().any(|n| {
                f.path == *n || f.path.starts_with(&format!("{}/", n.trim_end_matches('/')))
            })
        {
            continue;
        }
        if Lang::of_path(&f.path).is_none() {
            continue;
        }
        if code::is_generated_or_vendored(&f.path) {
            skipped.push(skip("generated, vendored or a lock file"));
            continue;
        }
        if conventions::is_test_path(&f.path) {
            continue;
        }
        let added = match &f.patch {
            Some(p) => patch::added_count(p),
            None => f.additions as usize,
        };
        if added == 0 {
            continue;
        }
        ranked.push((added, &f.path));
    }
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    (
        ranked.into_iter().map(|(_, p)| p.to_string()).collect(),
        skipped,
    )
}

/// A source file read at the head commit.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
    /// Added lines (new-file numbers); None when GitHub gave no patch (the whole file counts).
    pub added: Option<Vec<RangeInclusive<usize>>>,
}

/// What to test in one file.
#[derive(Debug, Clone, Serialize)]
pub struct FilePlan {
    pub target: TestTarget,
    /// Changed definitions, most user-visible first.
    pub symbols: Vec<Touched>,
    pub score: f64,
}

/// The plan of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TestsPlan {
    pub files: Vec<FilePlan>,
    pub skipped: Vec<Skipped>,
}

/// Chooses the files and definitions to test: the `max_files` files whose changed definitions
/// matter most to users.
pub fn plan(
    sources: &[Source],
    tree: &[&str],
    manifests: &BTreeMap<String, String>,
    max_files: usize,
) -> TestsPlan {
    let mut out = TestsPlan::default();
    let mut scored: Vec<FilePlan> = Vec::new();
    for s in sources {
        let skip = |why: &str| Skipped {
            path: s.path.clone(),
            why: why.to_string(),
        };
        let Some(lang) = Lang::of_path(&s.path) else {
            continue;
        };
        if code::has_generated_banner(&s.text) {
            out.skipped.push(skip("marked as generated"));
            continue;
        }
        let lines = s.text.lines().count().max(1);
        let added = s.added.clone().unwrap_or_else(|| vec![1..=lines]);
        let mut touched = symbols::touched(&s.path, lang, &s.text, &added);
        if touched.is_empty() {
            out.skipped
                .push(skip("no function, method or type changed"));
            continue;
        }
        touched.sort_by(|a, b| b.score.total_cmp(&a.score));
        touched.truncate(12);
        let Some(target) = conventions::target_for(&s.path, &s.text, tree, manifests) else {
            continue;
        };
        let score = touched[0].score + 0.1 * touched.iter().skip(1).map(|t| t.score).sum::<f64>();
        scored.push(FilePlan {
            target,
            symbols: touched,
            score,
        });
    }
    scored.sort_by(|a, b| b.score.total_cmp(&a.score));
    // Two sources sharing one test file (two modules of one Go package) are one target.
    let mut seen = HashSet::new();
    for f in scored {
        if out.files.len() >= max_files {
            out.skipped.push(Skipped {
                path: f.target.source.clone(),
                why: format!("beyond `tests.max_files` ({max_files})"),
            });
            continue;
        }
        if seen.insert(f.target.test_path.clone()) {
            out.files.push(f);
        }
    }
    out
}

/// The model's answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TestsAnswer {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub files: Vec<AnswerFile>,
}

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct AnswerFile {
    pub path: String,
    pub content: String,
    #[serde(default)]
    pub tests: Vec<TestCase>,
}

/// One test case and what it covers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct TestCase {
    pub name: String,
    pub covers: String,
}

/// The JSON schema of the answer (strict mode: every property required, nothing else allowed).
pub fn answer_schema() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["summary", "files"],
        "properties": {
            "summary": {"type": "string"},
            "files": {"type": "array", "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["path", "content", "tests"],
                "properties": {
                    "path": {"type": "string"},
                    "content": {"type": "string"},
                    "tests": {"type": "array", "items": {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["name", "covers"],
                        "properties": {
                            "name": {"type": "string"},
                            "covers": {"type": "string"}
                        }
                    }}
                }
            }}
        }
    })
}

/// What the prompt shows about the pull request.
#[derive(Debug, Clone)]
pub struct PromptInput<'a> {
    pub number: u64,
    pub title: &'a str,
    pub body: &'a str,
    pub args: &'a str,
    pub diff: &'a crate::context::DiffContext,
    pub plan: &'a TestsPlan,
    /// Texts by path: the sources, existing test files, style examples.
    pub texts: &'a BTreeMap<String, String>,
    /// Screenshots sent with the request (`data:` URLs).
    pub images: Vec<String>,
}

/// The request: rules first (stable), then the pull request and the files.
pub fn request(
    texts: &Texts,
    model: &str,
    max_output_tokens: u32,
    input: &PromptInput<'_>,
) -> Result<ChatRequest> {
    let system = texts.render("tests_system.md", &json!({}))?;
    let shown = |path: &str, budget: usize| {
        input
            .texts
            .get(path)
            .map(|t| tokens::truncate_lines(t, budget).0)
    };
    let targets: Vec<Value> = input
        .plan
        .files
        .iter()
        .map(|f| {
            let t = &f.target;
            let existing = if t.placement == Placement::Inline {
                None
            } else {
                shown(&t.test_path, EXAMPLE_TOKENS * 2)
            };
            let example = t
                .examples
                .iter()
                .find(|e| **e != t.test_path && **e != t.source)
                .and_then(|e| {
                    shown(e, EXAMPLE_TOKENS).map(|text| json!({"path": e, "text": text}))
                });
            json!({
                "source": t.source,
                "language": t.lang.name(),
                "framework": t.framework.name(),
                "test_path": t.test_path,
                "inline": t.placement == Placement::Inline,
                "import_hint": t.import_hint,
                "symbols": f.symbols.iter().map(|s| json!({
                    "name": s.symbol.qualified,
                    "kind": s.symbol.kind,
                    "public": s.symbol.public,
                    "lines": format!("{}-{}", s.symbol.start_line, s.symbol.end_line),
                    "new": s.new,
                })).collect::<Vec<_>>(),
                "source_text": shown(&t.source, SOURCE_TOKENS),
                "existing": existing,
                "example": example,
            })
        })
        .collect();
    let user = texts.render(
        "tests_user.md",
        &json!({
            "pr": {"number": input.number, "title": input.title, "body": input.body},
            "args": input.args,
            "commits": input.diff.commits,
            "files": input.diff.files,
            "omitted": input.diff.omitted,
            "targets": targets,
            "images": input.images.len(),
        }),
    )?;
    Ok(ChatRequest {
        model: model.to_string(),
        system,
        user,
        schema_name: "test_files".into(),
        schema: answer_schema(),
        max_output_tokens,
        images: input.images.clone(),
    })
}

/// A file that passed every check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoodFile {
    pub path: String,
    pub content: String,
    pub tests: Vec<TestCase>,
    /// True when the file exists and was extended.
    pub extended: bool,
}

/// A file that failed, with what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadFile {
    pub path: String,
    pub problems: Vec<String>,
}

/// The checks' outcome for one answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Judged {
    pub summary: String,
    pub good: Vec<GoodFile>,
    pub bad: Vec<BadFile>,
    /// The whole answer is unusable (not JSON, cut short, refused).
    pub unusable: Option<String>,
}

/// Checks an answer. `existing` holds the current text of every planned test path and inline
/// source that exists.
pub fn judge(
    content: &str,
    finish_reason: Option<&str>,
    plan: &TestsPlan,
    existing: &BTreeMap<String, String>,
) -> Judged {
    match finish_reason {
        Some("length") => {
            return Judged {
                unusable: Some("the answer was cut short (output token limit)".into()),
                ..Judged::default()
            };
        }
        Some("refusal") => {
            return Judged {
                unusable: Some(format!("the model refused: {content}")),
                ..Judged::default()
            };
        }
        _ => {}
    }
    let answer: TestsAnswer = match json_from_answer(content).and_then(|v| {
        serde_json::from_value(v).map_err(|e| anyhow::anyhow!("unexpected answer shape: {e}"))
    }) {
        Ok(a) => a,
        Err(e) => {
            return Judged {
                unusable: Some(format!("{e:#}")),
                ..Judged::default()
            };
        }
    };
    let mut out = Judged {
        summary: answer.summary.trim().to_string(),
        ..Judged::default()
    };
    let mut seen = HashSet::new();
    for f in answer.files {
        let path = f.path.trim().trim_start_matches("./").to_string();
        if !seen.insert(path.clone()) {
            out.bad.push(BadFile {
                path,
                problems: vec!["the answer has this file twice".into()],
            });
            continue;
        }
        let problems = check_file(&path, &f.content, plan, existing.get(&path));
        if problems.is_empty() {
            out.good.push(GoodFile {
                extended: existing.contains_key(&path),
                path,
                content: ensure_newline(f.content),
                tests: f.tests,
            });
        } else {
            out.bad.push(BadFile { path, problems });
        }
    }
    out
}

fn ensure_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Every check one generated file must pass; empty when it may be committed.
pub fn check_file(
    path: &str,
    content: &str,
    plan: &TestsPlan,
    existing: Option<&String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    let safe = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|s| !s.is_empty() && s != ".." && s != ".");
    if !safe {
        return vec![format!(
            "`{path}` is not a relative path inside the repository"
        )];
    }
    if path.starts_with(".github/") {
        return vec!["minibot never writes under `.github/`".into()];
    }
    let Some(lang) = Lang::of_path(path) else {
        return vec![format!("`{path}` is not a source file minibot can check")];
    };
    let target = plan.files.iter().find(|f| f.target.test_path == path);
    let inline = target.is_some_and(|f| f.target.placement == Placement::Inline);
    let planned_family = plan
        .files
        .iter()
        .any(|f| f.target.lang.family() == lang.family());
    if target.is_none() && !(conventions::is_test_path(path) && planned_family) {
        problems.push(format!(
            "`{path}` is not where this repository keeps tests (expected one of: {})",
            plan.files
                .iter()
                .map(|f| format!("`{}`", f.target.test_path))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return problems;
    }
    if content.len() > MAX_FILE_BYTES {
        problems.push(format!("the file is larger than {MAX_FILE_BYTES} bytes"));
        return problems;
    }
    if content.trim().is_empty() {
        problems.push("the file is empty".into());
        return problems;
    }
    for e in syntax::check(lang, content) {
        problems.push(format!("syntax error at {e}"));
    }
    if let Some(old) = existing {
        let added = added_lines(old, content);
        match added {
            None => problems.push(
                "existing lines were changed or removed; keep the file as it is and only add tests"
                    .into(),
            ),
            Some(added) if inline => {
                let test_mods = rust_test_modules(content);
                if let Some(l) = added
                    .iter()
                    .find(|l| !test_mods.iter().any(|r| r.contains(l)))
                {
                    problems.push(format!(
                        "line {l} adds code outside the `#[cfg(test)]` module; only the test module may change"
                    ));
                }
            }
            Some(_) => {}
        }
    }
    problems
}

/// New-file numbers of the lines `new` adds to `old`, or None when it changes or removes any. A
/// removed line that comes back in the same hunk unchanged (but for trailing whitespace, or the
/// final newline) is not a change.
fn added_lines(old: &str, new: &str) -> Option<Vec<usize>> {
    let patch = diffy::create_patch(old, new);
    let mut added = Vec::new();
    for h in patch.hunks() {
        let mut n = h.new_range().start();
        let mut inserted: Vec<(usize, &str)> = Vec::new();
        let mut deleted: Vec<&str> = Vec::new();
        for line in h.lines() {
            match line {
                diffy::Line::Context(_) => n += 1,
                diffy::Line::Insert(l) => {
                    inserted.push((n, l.trim_end()));
                    n += 1;
                }
                diffy::Line::Delete(l) => deleted.push(l.trim_end()),
            }
        }
        for d in deleted {
            let i = inserted.iter().position(|(_, l)| *l == d)?;
            inserted.remove(i);
        }
        added.extend(inserted.into_iter().map(|(n, _)| n));
    }
    Some(added)
}

/// Line ranges of `#[cfg(test)]` modules in a Rust file.
fn rust_test_modules(text: &str) -> Vec<RangeInclusive<usize>> {
    let Some(tree) = code::parse(Lang::Rust, text) else {
        return Vec::new();
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let children: Vec<_> = root.children(&mut cursor).collect();
    let mut out = Vec::new();
    for (i, node) in children.iter().enumerate() {
        if node.kind() != "mod_item" {
            continue;
        }
        // Attributes precede the item as siblings.
        let mut j = i;
        let mut is_test = false;
        let mut start = node.start_position().row + 1;
        while j > 0 && children[j - 1].kind() == "attribute_item" {
            j -= 1;
            let attr = &text[children[j].byte_range()];
            if attr.replace(' ', "").contains("cfg(test)") {
                is_test = true;
            }
            start = children[j].start_position().row + 1;
        }
        if is_test {
            out.push(start..=node.end_position().row + 1);
        }
    }
    out
}

/// The repair request: the first request, the previous answer, and what is wrong with each file.
pub fn repair_request(
    texts: &Texts,
    first: &ChatRequest,
    answer: &str,
    bad: &[BadFile],
) -> Result<ChatRequest> {
    let note = texts.render("tests_repair.md", &json!({"files": bad}))?;
    let mut request = first.clone();
    request.user = format!(
        "{}\n\n<your_previous_answer>\n{answer}\n</your_previous_answer>\n\n{note}",
        first.user
    );
    Ok(request)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, patch: &str) -> FileChange {
        FileChange {
            path: path.into(),
            status: "modified".into(),
            additions: 1,
            deletions: 0,
            patch: Some(patch.into()),
            previous_path: None,
        }
    }

    #[test]
    fn candidates_skip_tests_generated_and_unnamed_files() {
        let files = [
            change("src/lib.rs", "@@ -1,1 +1,3 @@\n a\n+b\n+c\n"),
            change("src/big.rs", "@@ -1,1 +1,5 @@\n a\n+b\n+c\n+d\n+e\n"),
            change("tests/api.rs", "@@ -1,1 +1,2 @@\n a\n+b\n"),
            change("Cargo.lock", "@@ -1,1 +1,2 @@\n a\n+b\n"),
            change("README.md", "@@ -1,1 +1,2 @@\n a\n+b\n"),
            change("vendor/x/y.go", "@@ -1,1 +1,2 @@\n a\n+b\n"),
        ];
        let (c, skipped) = candidates(&files, &[]);
        assert_eq!(c, ["src/big.rs", "src/lib.rs"]);
        assert_eq!(skipped.len(), 1, "{skipped:?}");
        let (c, _) = candidates(&files, &["src/lib.rs".into()]);
        assert_eq!(c, ["src/lib.rs"]);
    }

    fn rust_plan(source_text: &str) -> TestsPlan {
        let tree = ["Cargo.toml", "src/lib.rs"];
        plan(
            &[Source {
                path: "src/lib.rs".into(),
                text: source_text.into(),
                added: Some(vec![2..=2]),
            }],
            &tree,
            &BTreeMap::new(),
            3,
        )
    }

    const LIB: &str = "pub fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n";

    #[test]
    fn inline_rust_tests_may_only_grow_the_test_module() {
        let p = rust_plan(LIB);
        assert_eq!(p.files.len(), 1);
        assert_eq!(p.files[0].target.test_path, "src/lib.rs");
        let existing = BTreeMap::from([("src/lib.rs".to_string(), LIB.to_string())]);
        let good = LIB.replace(
            "    use super::*;\n",
            "    use super::*;\n\n    #[test]\n    fn adds() {\n        assert_eq!(add(2, 2), 4);\n    }\n",
        );
        assert_eq!(
            check_file("src/lib.rs", &good, &p, existing.get("src/lib.rs")),
            Vec::<String>::new()
        );
        // Changing the code under test is refused.
        let sneaky = good.replace("    a + b\n", "    a + b + 0\n");
        let problems = check_file("src/lib.rs", &sneaky, &p, existing.get("src/lib.rs"));
        assert!(problems[0].contains("existing lines"), "{problems:?}");
        // Adding code outside the test module is refused.
        let outside = format!("{good}\npub fn extra() {{}}\n");
        let problems = check_file("src/lib.rs", &outside, &p, existing.get("src/lib.rs"));
        assert!(
            problems[0].contains("outside the `#[cfg(test)]`"),
            "{problems:?}"
        );
        // A syntax error is reported with its line.
        let broken = good.replace("assert_eq!(add(2, 2), 4);", "assert_eq!(add(2, 2), 4;");
        let problems = check_file("src/lib.rs", &broken, &p, existing.get("src/lib.rs"));
        assert!(
            problems[0].starts_with("syntax error at line"),
            "{problems:?}"
        );
    }

    #[test]
    fn paths_outside_the_test_areas_are_refused() {
        let p = rust_plan(LIB);
        for path in [
            ".github/workflows/ci.yml",
            "../x.rs",
            "/etc/passwd",
            "src/main.rs",
            "build.rs",
        ] {
            assert!(
                !check_file(path, "fn main() {}\n", &p, None).is_empty(),
                "{path}"
            );
        }
        // Another integration test file of the same language is a test path.
        assert_eq!(
            check_file("tests/more.rs", "#[test]\nfn t() {}\n", &p, None),
            Vec::<String>::new()
        );
        // A Python test in a Rust-only plan is not.
        assert!(!check_file("tests/test_x.py", "def test_x():\n    pass\n", &p, None).is_empty());
    }

    #[test]
    fn answers_are_judged_file_by_file() {
        let p = rust_plan(LIB);
        let existing = BTreeMap::from([("src/lib.rs".to_string(), LIB.to_string())]);
        let good = LIB.replace(
            "    use super::*;\n",
            "    use super::*;\n    #[test]\n    fn t() { assert_eq!(add(1, 1), 2); }\n",
        );
        let answer = json!({"summary": "adds a test", "files": [
            {"path": "src/lib.rs", "content": good, "tests": [{"name": "t", "covers": "add"}]},
            {"path": "tests/broken.rs", "content": "#[test]\nfn b( {}\n", "tests": []}
        ]})
        .to_string();
        let j = judge(&answer, Some("stop"), &p, &existing);
        assert_eq!(j.good.len(), 1);
        assert!(j.good[0].extended);
        assert_eq!(j.bad.len(), 1);
        assert_eq!(j.bad[0].path, "tests/broken.rs");
        assert!(
            judge("{}", Some("length"), &p, &existing)
                .unusable
                .is_some()
        );
        assert!(judge("not json", None, &p, &existing).unusable.is_some());
    }

    #[test]
    fn generated_files_and_unchanged_definitions_are_skipped() {
        let p = plan(
            &[
                Source {
                    path: "gen/api.rs".into(),
                    text: "// @generated by prost\npub fn x() {}\n".into(),
                    added: None,
                },
                Source {
                    path: "src/consts.rs".into(),
                    text: "pub const A: u8 = 1;\n".into(),
                    added: Some(vec![1..=1]),
                },
            ],
            &["Cargo.toml"],
            &BTreeMap::new(),
            3,
        );
        assert!(p.files.is_empty());
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
    }
}
