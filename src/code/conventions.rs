//! A repository's own test conventions, read from its tree and manifests: the framework, where
//! test files go, how they are named, and how they import the code under test. minibot writes
//! tests the way the repository already does.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Lang;

/// The test framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    CargoTest,
    Jest,
    Vitest,
    Pytest,
    GoTest,
}

impl Framework {
    pub fn name(self) -> &'static str {
        match self {
            Framework::CargoTest => "cargo test",
            Framework::Jest => "Jest",
            Framework::Vitest => "Vitest",
            Framework::Pytest => "pytest",
            Framework::GoTest => "go test",
        }
    }
}

/// Where tests for a source file go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// Rust: a `#[cfg(test)] mod tests` in the source file itself.
    Inline,
    /// Rust: `<crate>/tests/<name>.rs` integration tests.
    Integration,
    /// Next to the source file (`slug.test.ts`, `slug_test.go`).
    Beside,
    /// In a `__tests__/` folder next to the source file.
    UnderscoreTests,
    /// Under a tests folder of the package (`tests/test_slug.py`, `test/util/slug.test.ts`).
    TestsDir(String),
}

/// How to test one source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestTarget {
    /// The source file under test.
    pub source: String,
    pub lang: Lang,
    pub framework: Framework,
    pub placement: Placement,
    /// The file the tests go in.
    pub test_path: String,
    /// How the test file reaches the code: an import line or a note.
    pub import_hint: String,
    /// Existing test files of the same kind, as style examples.
    pub examples: Vec<String>,
}

/// Manifests whose text the conventions need for `sources`: the nearest `package.json`,
/// `Cargo.toml`, `pyproject.toml` of each.
pub fn manifests_needed<'a>(sources: &[&str], tree: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&'a str> = Vec::new();
    for s in sources {
        let Some(lang) = Lang::of_path(s) else {
            continue;
        };
        let names: &[&str] = match lang {
            Lang::Rust => &["Cargo.toml"],
            Lang::TypeScript | Lang::Tsx | Lang::JavaScript => &["package.json"],
            Lang::Python => &["pyproject.toml", "setup.py", "setup.cfg"],
            Lang::Go => &[],
        };
        if let Some(m) = nearest(s, names, tree)
            && !out.contains(&m)
        {
            out.push(m);
        }
    }
    out
}

/// The nearest file named one of `names` in `path`'s folder or above.
fn nearest<'a>(path: &str, names: &[&str], tree: &[&'a str]) -> Option<&'a str> {
    let mut dir = parent(path);
    loop {
        for n in names {
            let candidate = join(dir, n);
            if let Some(f) = tree.iter().find(|f| **f == candidate) {
                return Some(f);
            }
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// `slug.test.ts` → (`slug`, `.test`, `ts`) style split of a name: stem and extension.
fn stem_ext(path: &str) -> (&str, &str) {
    let name = file_name(path);
    name.rsplit_once('.').unwrap_or((name, ""))
}

/// Whether `path` is a test file by the usual conventions of its language.
pub fn is_test_path(path: &str) -> bool {
    let name = file_name(path);
    let in_dir = |d: &str| path.split('/').rev().skip(1).any(|s| s == d);
    match Lang::of_path(path) {
        Some(Lang::Rust) => in_dir("tests"),
        Some(Lang::TypeScript | Lang::Tsx | Lang::JavaScript) => {
            name.contains(".test.")
                || name.contains(".spec.")
                || in_dir("__tests__")
                || in_dir("test")
                || in_dir("tests")
        }
        Some(Lang::Python) => {
            name.starts_with("test_") || name.ends_with("_test.py") || name == "conftest.py"
        }
        Some(Lang::Go) => name.ends_with("_test.go"),
        None => false,
    }
}

/// How to test `source`, from the tree, the manifests' texts and the source's own text.
pub fn target_for(
    source: &str,
    source_text: &str,
    tree: &[&str],
    manifests: &BTreeMap<String, String>,
) -> Option<TestTarget> {
    let lang = Lang::of_path(source)?;
    match lang {
        Lang::Rust => Some(rust_target(source, source_text, tree, manifests)),
        Lang::TypeScript | Lang::Tsx | Lang::JavaScript => {
            Some(js_target(source, lang, tree, manifests))
        }
        Lang::Python => Some(python_target(source, tree)),
        Lang::Go => Some(go_target(source, source_text, tree)),
    }
}

fn examples(tree: &[&str], pred: impl Fn(&str) -> bool) -> Vec<String> {
    tree.iter()
        .filter(|p| pred(p))
        .take(3)
        .map(|p| p.to_string())
        .collect()
}

fn rust_target(
    source: &str,
    source_text: &str,
    tree: &[&str],
    manifests: &BTreeMap<String, String>,
) -> TestTarget {
    let manifest = nearest(source, &["Cargo.toml"], tree);
    let crate_dir = manifest.map(parent).unwrap_or("");
    let crate_name = manifest
        .and_then(|m| manifests.get(m))
        .and_then(|t| cargo_package_name(t))
        .unwrap_or_else(|| "crate_name".into())
        .replace('-', "_");
    let tests_dir = join(crate_dir, "tests");
    let integration: Vec<String> = examples(tree, |p| {
        p.starts_with(&format!("{tests_dir}/")) && p.ends_with(".rs")
    });
    let is_lib = tree.contains(&join(crate_dir, "src/lib.rs").as_str());
    let inline = source_text.contains("#[cfg(test)]") || integration.is_empty() || !is_lib;
    // The module path of the source inside its crate: `src/text/slug.rs` → `text::slug`.
    let rel = source
        .strip_prefix(&join(crate_dir, "src/"))
        .unwrap_or(source)
        .trim_end_matches(".rs");
    let module: Vec<&str> = rel
        .split('/')
        .filter(|s| *s != "lib" && *s != "mod" && *s != "main")
        .collect();
    if inline {
        let examples = if source_text.contains("#[cfg(test)]") {
            vec![source.to_string()]
        } else {
            Vec::new()
        };
        return TestTarget {
            source: source.to_string(),
            lang: Lang::Rust,
            framework: Framework::CargoTest,
            placement: Placement::Inline,
            test_path: source.to_string(),
            import_hint: "use super::*;".into(),
            examples,
        };
    }
    let stem = module.last().copied().unwrap_or(crate_name.as_str());
    let path = if module.is_empty() {
        crate_name.clone()
    } else {
        format!("{crate_name}::{}", module.join("::"))
    };
    TestTarget {
        source: source.to_string(),
        lang: Lang::Rust,
        framework: Framework::CargoTest,
        placement: Placement::Integration,
        test_path: format!("{tests_dir}/{stem}.rs"),
        import_hint: format!("use {path}::*; (only `pub` items are reachable)"),
        examples: integration,
    }
}

/// `name = "x"` of the `[package]` table.
fn cargo_package_name(text: &str) -> Option<String> {
    let mut in_package = false;
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            in_package = l == "[package]";
            continue;
        }
        if in_package
            && let Some(v) = l.strip_prefix("name")
            && let Some(v) = v.trim_start().strip_prefix('=')
        {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

fn js_target(
    source: &str,
    lang: Lang,
    tree: &[&str],
    manifests: &BTreeMap<String, String>,
) -> TestTarget {
    let manifest = nearest(source, &["package.json"], tree);
    let pkg_dir = manifest.map(parent).unwrap_or("");
    let framework = manifest
        .and_then(|m| manifests.get(m))
        .map(|t| js_framework(t))
        .unwrap_or(Framework::Jest);
    let in_pkg = |p: &str| pkg_dir.is_empty() || p.starts_with(&format!("{pkg_dir}/"));
    let existing: Vec<&str> = tree
        .iter()
        .copied()
        .filter(|p| in_pkg(p) && !super::is_generated_or_vendored(p))
        .filter(|p| matches!(Lang::of_path(p), Some(l) if l.family() == "js"))
        .filter(|p| is_test_path(p))
        .collect();
    let spec = existing.iter().filter(|p| p.contains(".spec.")).count();
    let test = existing.iter().filter(|p| p.contains(".test.")).count();
    let suffix = if spec > test { ".spec" } else { ".test" };
    let underscore = existing
        .iter()
        .filter(|p| p.contains("/__tests__/") || p.starts_with("__tests__/"))
        .count();
    let top_dir = |d: &str| {
        let prefix = join(pkg_dir, &format!("{d}/"));
        existing.iter().filter(|p| p.starts_with(&prefix)).count()
    };
    let (test_dir_count, test_dir) = [("test", top_dir("test")), ("tests", top_dir("tests"))]
        .into_iter()
        .map(|(d, n)| (n, d))
        .max()
        .unwrap_or((0, "test"));
    let beside = existing.len() - underscore - test_dir_count.min(existing.len() - underscore);
    let placement = if underscore > beside && underscore >= test_dir_count {
        Placement::UnderscoreTests
    } else if test_dir_count > beside {
        Placement::TestsDir(test_dir.to_string())
    } else {
        Placement::Beside
    };
    let (stem, ext) = stem_ext(source);
    let dir = parent(source);
    let test_path = match &placement {
        Placement::UnderscoreTests => format!("{}/{stem}{suffix}.{ext}", join(dir, "__tests__")),
        Placement::TestsDir(d) => {
            let rel_dir = dir
                .strip_prefix(pkg_dir)
                .unwrap_or(dir)
                .trim_start_matches('/');
            let rel_dir = rel_dir
                .strip_prefix("src")
                .unwrap_or(rel_dir)
                .trim_start_matches('/');
            let base = join(pkg_dir, d);
            format!("{}/{stem}{suffix}.{ext}", join(&base, rel_dir))
        }
        _ => format!("{}{stem}{suffix}.{ext}", dir_prefix(dir)),
    };
    let import = relative_import(&test_path, source);
    let import_hint = match framework {
        Framework::Vitest => format!(
            "import {{ describe, it, expect }} from 'vitest'; import {{ … }} from '{import}';"
        ),
        _ => format!("import {{ … }} from '{import}'; (Jest globals: describe, it, expect)"),
    };
    TestTarget {
        source: source.to_string(),
        lang,
        framework,
        placement,
        test_path,
        import_hint,
        examples: existing.iter().take(3).map(|s| s.to_string()).collect(),
    }
}

fn dir_prefix(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

/// Vitest or Jest, from a `package.json`'s dependencies and test script.
fn js_framework(package_json: &str) -> Framework {
    let v: serde_json::Value = serde_json::from_str(package_json).unwrap_or_default();
    let has = |name: &str| {
        ["dependencies", "devDependencies", "peerDependencies"]
            .iter()
            .any(|k| v.get(k).and_then(|d| d.get(name)).is_some())
    };
    let script = v
        .pointer("/scripts/test")
        .and_then(|s| s.as_str())
        .unwrap_or("");
    if has("vitest") || script.contains("vitest") {
        Framework::Vitest
    } else {
        Framework::Jest
    }
}

/// The import specifier of `source` from `from`: `./slug`, `../src/util/slug`.
fn relative_import(from: &str, source: &str) -> String {
    let from_dir: Vec<&str> = parent(from).split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = source.split('/').collect();
    let target_dir = &target[..target.len() - 1];
    let common = from_dir
        .iter()
        .zip(target_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let ups = from_dir.len() - common;
    let mut parts: Vec<String> = if ups == 0 {
        vec![".".into()]
    } else {
        vec!["..".into(); ups]
    };
    parts.extend(target_dir[common..].iter().map(|s| s.to_string()));
    let (stem, _) = stem_ext(source);
    parts.push(stem.to_string());
    parts.join("/")
}

fn python_target(source: &str, tree: &[&str]) -> TestTarget {
    let manifest = nearest(source, &["pyproject.toml", "setup.py", "setup.cfg"], tree);
    let root = manifest.map(parent).unwrap_or("");
    let existing: Vec<&str> = tree
        .iter()
        .copied()
        .filter(|p| p.ends_with(".py") && is_test_path(p) && !p.ends_with("conftest.py"))
        .filter(|p| root.is_empty() || p.starts_with(&format!("{root}/")))
        .collect();
    let tests_dir = join(root, "tests");
    let in_tests = existing
        .iter()
        .filter(|p| p.starts_with(&format!("{tests_dir}/")))
        .count();
    let beside = existing.len() - in_tests;
    let (stem, _) = stem_ext(source);
    let rel = source
        .strip_prefix(&dir_prefix(root))
        .unwrap_or(source)
        .trim_end_matches(".py");
    let rel = rel.strip_prefix("src/").unwrap_or(rel);
    let module = rel.trim_end_matches("/__init__").replace('/', ".");
    let name = if stem == "__init__" {
        module.rsplit('.').next().unwrap_or("package").to_string()
    } else {
        stem.to_string()
    };
    let (placement, test_path) = if beside > in_tests {
        (
            Placement::Beside,
            format!("{}test_{name}.py", dir_prefix(parent(source))),
        )
    } else {
        (
            Placement::TestsDir("tests".into()),
            format!("{tests_dir}/test_{name}.py"),
        )
    };
    TestTarget {
        source: source.to_string(),
        lang: Lang::Python,
        framework: Framework::Pytest,
        placement,
        test_path,
        import_hint: format!("from {module} import …"),
        examples: existing.iter().take(3).map(|s| s.to_string()).collect(),
    }
}

fn go_target(source: &str, source_text: &str, tree: &[&str]) -> TestTarget {
    let dir = parent(source);
    let package = source_text
        .lines()
        .find_map(|l| l.trim().strip_prefix("package "))
        .map(|p| p.trim().to_string())
        .unwrap_or_else(|| "main".into());
    let (stem, _) = stem_ext(source);
    let existing: Vec<String> = examples(tree, |p| parent(p) == dir && p.ends_with("_test.go"));
    TestTarget {
        source: source.to_string(),
        lang: Lang::Go,
        framework: Framework::GoTest,
        placement: Placement::Beside,
        test_path: format!("{}{stem}_test.go", dir_prefix(dir)),
        import_hint: format!("package {package} (same package: unexported names are reachable)"),
        examples: existing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifests(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn rust_uses_integration_tests_when_the_crate_has_them() {
        let tree = [
            "Cargo.toml",
            "src/lib.rs",
            "src/text/slug.rs",
            "tests/parse.rs",
        ];
        let m = manifests(&[("Cargo.toml", "[package]\nname = \"tiny-slug\"\n")]);
        let t = target_for("src/text/slug.rs", "pub fn slug() {}", &tree, &m).unwrap();
        assert_eq!(t.placement, Placement::Integration);
        assert_eq!(t.test_path, "tests/slug.rs");
        assert!(t.import_hint.contains("tiny_slug::text::slug"), "{t:?}");
        // A file that already has a test module keeps its tests inline.
        let t = target_for(
            "src/text/slug.rs",
            "pub fn slug() {}\n#[cfg(test)]\nmod tests {}\n",
            &tree,
            &m,
        )
        .unwrap();
        assert_eq!(t.placement, Placement::Inline);
        assert_eq!(t.test_path, "src/text/slug.rs");
    }

    #[test]
    fn javascript_follows_framework_folder_and_suffix() {
        let tree = [
            "web/package.json",
            "web/src/util/slug.ts",
            "web/src/util/__tests__/date.spec.ts",
            "web/src/components/__tests__/Nav.spec.tsx",
        ];
        let m = manifests(&[(
            "web/package.json",
            r#"{"devDependencies": {"vitest": "^2.0.0"}}"#,
        )]);
        let t = target_for("web/src/util/slug.ts", "", &tree, &m).unwrap();
        assert_eq!(t.framework, Framework::Vitest);
        assert_eq!(t.placement, Placement::UnderscoreTests);
        assert_eq!(t.test_path, "web/src/util/__tests__/slug.spec.ts");
        assert!(t.import_hint.contains("'../slug'"), "{}", t.import_hint);

        let tree = ["package.json", "src/slug.js", "src/date.test.js"];
        let m = manifests(&[("package.json", r#"{"scripts": {"test": "jest"}}"#)]);
        let t = target_for("src/slug.js", "", &tree, &m).unwrap();
        assert_eq!(t.framework, Framework::Jest);
        assert_eq!(t.test_path, "src/slug.test.js");
        assert!(t.import_hint.contains("'./slug'"));

        let tree = ["package.json", "src/lib/slug.ts", "test/lib/date.test.ts"];
        let t = target_for("src/lib/slug.ts", "", &tree, &m).unwrap();
        assert_eq!(t.test_path, "test/lib/slug.test.ts");
        assert!(t.import_hint.contains("'../../src/lib/slug'"), "{t:?}");
    }

    #[test]
    fn python_and_go() {
        let tree = [
            "pyproject.toml",
            "src/pylon/text.py",
            "tests/test_client.py",
        ];
        let t = target_for("src/pylon/text.py", "", &tree, &BTreeMap::new()).unwrap();
        assert_eq!(t.test_path, "tests/test_text.py");
        assert_eq!(t.import_hint, "from pylon.text import …");
        let t = target_for(
            "internal/slug/slug.go",
            "// Package slug.\npackage slug\n",
            &["go.mod", "internal/slug/slug.go"],
            &BTreeMap::new(),
        )
        .unwrap();
        assert_eq!(t.test_path, "internal/slug/slug_test.go");
        assert!(t.import_hint.starts_with("package slug"));
    }

    #[test]
    fn test_paths_by_language() {
        for p in [
            "tests/api.rs",
            "src/a.test.ts",
            "src/__tests__/b.tsx",
            "tests/test_x.py",
            "pkg/x_test.go",
        ] {
            assert!(is_test_path(p), "{p}");
        }
        for p in ["src/lib.rs", "src/a.ts", "pkg/x.go", "pylon/text.py"] {
            assert!(!is_test_path(p), "{p}");
        }
        assert_eq!(
            manifests_needed(
                &["web/src/a.ts", "src/lib.rs"],
                &["web/package.json", "Cargo.toml"]
            ),
            ["web/package.json", "Cargo.toml"]
        );
    }
}
