//! Four small code repositories, one per language minibot writes tests for (Rust, TypeScript,
//! Python, Go), each with its own test conventions and an open pull request #1 that adds a
//! function: the worlds `/mini tests` and `/mini suggest` run on.
#![allow(dead_code)]

use super::fake_github::FakeGithub;

/// One fixture repository.
#[derive(Debug, Clone, Copy)]
pub struct CodeRepo {
    pub name: &'static str,
    pub language: &'static str,
    /// Files on `main`.
    pub base: &'static [(&'static str, &'static str)],
    /// Files the pull request changes (new content).
    pub change: &'static [(&'static str, &'static str)],
    pub title: &'static str,
    pub body: &'static str,
    /// The changed source file.
    pub source: &'static str,
    /// Where the repository's conventions put its tests.
    pub test_path: &'static str,
    /// A test file in that style that parses.
    pub good_test: &'static str,
    /// A line of the change a reviewer would improve, and the improvement.
    pub suggest_original: &'static str,
    pub suggest_replacement: &'static str,
    /// A line of the source that the diff does not show (a comment there gets a 422).
    pub outside_line: &'static str,
}

pub const RUST: CodeRepo = CodeRepo {
    name: "octo-org/slugger",
    language: "Rust",
    base: &[
        (
            "Cargo.toml",
            "[package]\nname = \"slugger\"\nversion = \"0.3.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", "//! URL slugs.\n\npub mod slug;\n"),
        ("src/slug.rs", RUST_BASE),
        ("README.md", "# slugger\n\nTurns titles into URL slugs.\n"),
    ],
    change: &[("src/slug.rs", RUST_HEAD)],
    title: "Add slugify_with for custom separators",
    body: "Lets callers pick the separator (`_` for file names).",
    source: "src/slug.rs",
    test_path: "src/slug.rs",
    good_test: RUST_TESTED,
    suggest_original: "        .collect::<Vec<_>>()",
    suggest_replacement: "        .collect::<Vec<&str>>()",
    outside_line: "/// Characters kept as they are.",
};

const RUST_BASE: &str = r#"//! Slugs: lowercase words joined by a separator.

/// Characters kept as they are.
fn is_kept(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Lowercases `title` and joins its words with `-`.
pub fn slugify(title: &str) -> String {
    title
        .split(|c: char| !is_kept(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// The longest slug a URL segment should carry.
pub const MAX_LEN: usize = 80;

/// A slug cut to `MAX_LEN` at a word boundary.
pub fn truncated(slug: &str) -> &str {
    if slug.len() <= MAX_LEN {
        return slug;
    }
    match slug[..MAX_LEN].rfind('-') {
        Some(i) => &slug[..i],
        None => &slug[..MAX_LEN],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_joins_words() {
        assert_eq!(slugify("Hello, World"), "hello-world");
    }
}
"#;

const RUST_HEAD: &str = r#"//! Slugs: lowercase words joined by a separator.

/// Characters kept as they are.
fn is_kept(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Lowercases `title` and joins its words with `-`.
pub fn slugify(title: &str) -> String {
    slugify_with(title, '-')
}

/// Lowercases `title` and joins its words with `sep`.
pub fn slugify_with(title: &str, sep: char) -> String {
    title
        .split(|c: char| !is_kept(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

/// The longest slug a URL segment should carry.
pub const MAX_LEN: usize = 80;

/// A slug cut to `MAX_LEN` at a word boundary.
pub fn truncated(slug: &str) -> &str {
    if slug.len() <= MAX_LEN {
        return slug;
    }
    match slug[..MAX_LEN].rfind('-') {
        Some(i) => &slug[..i],
        None => &slug[..MAX_LEN],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_joins_words() {
        assert_eq!(slugify("Hello, World"), "hello-world");
    }
}
"#;

const RUST_TESTED: &str = r#"//! Slugs: lowercase words joined by a separator.

/// Characters kept as they are.
fn is_kept(c: char) -> bool {
    c.is_ascii_alphanumeric()
}

/// Lowercases `title` and joins its words with `-`.
pub fn slugify(title: &str) -> String {
    slugify_with(title, '-')
}

/// Lowercases `title` and joins its words with `sep`.
pub fn slugify_with(title: &str, sep: char) -> String {
    title
        .split(|c: char| !is_kept(c))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(&sep.to_string())
}

/// The longest slug a URL segment should carry.
pub const MAX_LEN: usize = 80;

/// A slug cut to `MAX_LEN` at a word boundary.
pub fn truncated(slug: &str) -> &str {
    if slug.len() <= MAX_LEN {
        return slug;
    }
    match slug[..MAX_LEN].rfind('-') {
        Some(i) => &slug[..i],
        None => &slug[..MAX_LEN],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_and_joins_words() {
        assert_eq!(slugify("Hello, World"), "hello-world");
    }

    #[test]
    fn slugify_with_uses_the_given_separator() {
        assert_eq!(slugify_with("Release Notes 2.0", '_'), "release_notes_2_0");
    }

    #[test]
    fn slugify_with_drops_empty_words() {
        assert_eq!(slugify_with("  a -- b  ", '.'), "a.b");
    }
}
"#;

pub const TYPESCRIPT: CodeRepo = CodeRepo {
    name: "octo-org/webkit",
    language: "TypeScript",
    base: &[
        (
            "package.json",
            r#"{
  "name": "@octo/webkit",
  "version": "1.4.0",
  "type": "module",
  "scripts": { "test": "vitest run" },
  "devDependencies": { "typescript": "^5.6.0", "vitest": "^2.1.0" }
}
"#,
        ),
        (
            "src/format/bytes.ts",
            "export function formatBytes(n: number): string {\n  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;\n}\n",
        ),
        (
            "src/format/__tests__/bytes.test.ts",
            "import { describe, it, expect } from 'vitest';\nimport { formatBytes } from '../bytes';\n\ndescribe('formatBytes', () => {\n  it('keeps small sizes in bytes', () => {\n    expect(formatBytes(12)).toBe('12 B');\n  });\n});\n",
        ),
        ("src/format/duration.ts", TS_BASE),
    ],
    change: &[("src/format/duration.ts", TS_HEAD)],
    title: "Format durations as 1h 2m 3s",
    body: "The status page shows raw milliseconds; this adds `formatDuration`.",
    source: "src/format/duration.ts",
    test_path: "src/format/__tests__/duration.test.ts",
    good_test: "import { describe, it, expect } from 'vitest';\nimport { formatDuration } from '../duration';\n\ndescribe('formatDuration', () => {\n  it('shows hours, minutes and seconds', () => {\n    expect(formatDuration(3_723_000)).toBe('1h 2m 3s');\n  });\n\n  it('shows zero as 0s', () => {\n    expect(formatDuration(0)).toBe('0s');\n  });\n});\n",
    suggest_original: "  const parts = [];",
    suggest_replacement: "  const parts: string[] = [];",
    outside_line: "export const SECOND = 1000;",
};

const TS_BASE: &str = "/** Milliseconds in common units. */\nexport const SECOND = 1000;\nexport const MINUTE = 60 * SECOND;\nexport const HOUR = 60 * MINUTE;\n\n/** Whole seconds in `ms`. */\nexport function seconds(ms: number): number {\n  return Math.floor(ms / SECOND);\n}\n\n/** Whole minutes in `ms`. */\nexport function minutes(ms: number): number {\n  return Math.floor(ms / MINUTE);\n}\n\n/** Whole hours in `ms`. */\nexport function hours(ms: number): number {\n  return Math.floor(ms / HOUR);\n}\n";

const TS_HEAD: &str = "/** Milliseconds in common units. */\nexport const SECOND = 1000;\nexport const MINUTE = 60 * SECOND;\nexport const HOUR = 60 * MINUTE;\n\n/** Whole seconds in `ms`. */\nexport function seconds(ms: number): number {\n  return Math.floor(ms / SECOND);\n}\n\n/** Whole minutes in `ms`. */\nexport function minutes(ms: number): number {\n  return Math.floor(ms / MINUTE);\n}\n\n/** Whole hours in `ms`. */\nexport function hours(ms: number): number {\n  return Math.floor(ms / HOUR);\n}\n\n/** `ms` as `1h 2m 3s`, leaving out zero units; `0s` for zero. */\nexport function formatDuration(ms: number): string {\n  const parts = [];\n  const h = hours(ms);\n  const m = minutes(ms) % 60;\n  const s = seconds(ms) % 60;\n  if (h) parts.push(`${h}h`);\n  if (m) parts.push(`${m}m`);\n  if (s || parts.length === 0) parts.push(`${s}s`);\n  return parts.join(' ');\n}\n";

pub const PYTHON: CodeRepo = CodeRepo {
    name: "octo-org/pylite",
    language: "Python",
    base: &[
        (
            "pyproject.toml",
            "[project]\nname = \"pylite\"\nversion = \"0.9.0\"\n\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
        ),
        (
            "src/pylite/__init__.py",
            "\"\"\"A small HTTP toolkit.\"\"\"\n",
        ),
        ("src/pylite/text.py", PY_BASE),
        (
            "tests/test_client.py",
            "from pylite.client import Client\n\n\ndef test_default_timeout():\n    assert Client().timeout == 10\n",
        ),
    ],
    change: &[("src/pylite/text.py", PY_HEAD)],
    title: "Add truncate() for log lines",
    body: "Long response bodies flood the logs; `truncate` cuts them with an ellipsis.",
    source: "src/pylite/text.py",
    test_path: "tests/test_text.py",
    good_test: "import pytest\n\nfrom pylite.text import truncate\n\n\ndef test_short_text_is_unchanged():\n    assert truncate(\"abc\", 10) == \"abc\"\n\n\ndef test_long_text_ends_with_an_ellipsis():\n    assert truncate(\"abcdefghij\", 5) == \"abcd…\"\n\n\ndef test_limit_must_be_positive():\n    with pytest.raises(ValueError):\n        truncate(\"abc\", 0)\n",
    suggest_original: "    if limit < 1:",
    suggest_replacement: "    if limit <= 0:",
    outside_line: "DEFAULT_ENCODING = \"utf-8\"",
};

const PY_BASE: &str = "\"\"\"Text helpers for logs and headers.\"\"\"\n\nDEFAULT_ENCODING = \"utf-8\"\n\n\ndef normalize_header(name):\n    \"\"\"`content-type` -> `Content-Type`.\"\"\"\n    return \"-\".join(part.capitalize() for part in name.split(\"-\"))\n\n\ndef decode(body, encoding=None):\n    \"\"\"Bytes to text, replacing what cannot be decoded.\"\"\"\n    return body.decode(encoding or DEFAULT_ENCODING, errors=\"replace\")\n\n\ndef is_blank(text):\n    \"\"\"True for None, empty or whitespace-only text.\"\"\"\n    return text is None or not text.strip()\n";

const PY_HEAD: &str = "\"\"\"Text helpers for logs and headers.\"\"\"\n\nDEFAULT_ENCODING = \"utf-8\"\n\n\ndef normalize_header(name):\n    \"\"\"`content-type` -> `Content-Type`.\"\"\"\n    return \"-\".join(part.capitalize() for part in name.split(\"-\"))\n\n\ndef decode(body, encoding=None):\n    \"\"\"Bytes to text, replacing what cannot be decoded.\"\"\"\n    return body.decode(encoding or DEFAULT_ENCODING, errors=\"replace\")\n\n\ndef is_blank(text):\n    \"\"\"True for None, empty or whitespace-only text.\"\"\"\n    return text is None or not text.strip()\n\n\ndef truncate(text, limit):\n    \"\"\"`text` cut to `limit` characters, the last one an ellipsis.\"\"\"\n    if limit < 1:\n        raise ValueError(\"limit must be positive\")\n    if len(text) <= limit:\n        return text\n    return text[: limit - 1] + \"…\"\n";

pub const GO: CodeRepo = CodeRepo {
    name: "octo-org/gorate",
    language: "Go",
    base: &[
        ("go.mod", "module github.com/octo-org/gorate\n\ngo 1.22\n"),
        ("internal/rate/limiter.go", GO_BASE),
        (
            "internal/rate/window_test.go",
            "package rate\n\nimport \"testing\"\n\nfunc TestWindowDefault(t *testing.T) {\n\tif DefaultWindow.Seconds() != 60 {\n\t\tt.Fatalf(\"window = %v\", DefaultWindow)\n\t}\n}\n",
        ),
    ],
    change: &[("internal/rate/limiter.go", GO_HEAD)],
    title: "Add Limiter.Allow",
    body: "Callers can ask whether one more request fits before sending it.",
    source: "internal/rate/limiter.go",
    test_path: "internal/rate/limiter_test.go",
    good_test: "package rate\n\nimport \"testing\"\n\nfunc TestAllowUpToTheLimit(t *testing.T) {\n\tl := New(2)\n\tif !l.Allow() || !l.Allow() {\n\t\tt.Fatal(\"the first two requests must fit\")\n\t}\n\tif l.Allow() {\n\t\tt.Fatal(\"the third request must not fit\")\n\t}\n}\n",
    suggest_original: "\tif l.used > l.max {",
    suggest_replacement: "\tif l.used >= l.max {",
    outside_line: "// DefaultWindow is the period a limit applies to.",
};

const GO_BASE: &str = "// Package rate counts requests against a limit.\npackage rate\n\nimport \"time\"\n\n// DefaultWindow is the period a limit applies to.\nconst DefaultWindow = time.Minute\n\n// Limiter allows up to max requests per window.\ntype Limiter struct {\n\tmax  int\n\tused int\n}\n\n// New returns a limiter for max requests.\nfunc New(max int) *Limiter {\n\treturn &Limiter{max: max}\n}\n\n// Remaining is how many requests still fit.\nfunc (l *Limiter) Remaining() int {\n\treturn l.max - l.used\n}\n\n// Reset starts a new window.\nfunc (l *Limiter) Reset() {\n\tl.used = 0\n}\n";

const GO_HEAD: &str = "// Package rate counts requests against a limit.\npackage rate\n\nimport \"time\"\n\n// DefaultWindow is the period a limit applies to.\nconst DefaultWindow = time.Minute\n\n// Limiter allows up to max requests per window.\ntype Limiter struct {\n\tmax  int\n\tused int\n}\n\n// New returns a limiter for max requests.\nfunc New(max int) *Limiter {\n\treturn &Limiter{max: max}\n}\n\n// Remaining is how many requests still fit.\nfunc (l *Limiter) Remaining() int {\n\treturn l.max - l.used\n}\n\n// Reset starts a new window.\nfunc (l *Limiter) Reset() {\n\tl.used = 0\n}\n\n// Allow counts one request and reports whether it fits.\nfunc (l *Limiter) Allow() bool {\n\tl.used++\n\tif l.used > l.max {\n\t\treturn false\n\t}\n\treturn true\n}\n";

pub const ALL: [CodeRepo; 4] = [RUST, TYPESCRIPT, PYTHON, GO];

impl CodeRepo {
    /// Adds the repository to `github` with pull request #1 (by alice, who can write; bob can
    /// only read) and returns the PR number.
    pub fn create(&self, github: &FakeGithub) -> u64 {
        github.create_repo(self.name, "main", self.base);
        let files: Vec<(&str, Option<&str>)> =
            self.change.iter().map(|(p, t)| (*p, Some(*t))).collect();
        github.push_commit(self.name, "feature", self.title, &files);
        let n = github.open_pr(
            self.name, "alice", self.name, "feature", "main", self.title, self.body,
        );
        github.set_permission(self.name, "alice", "write");
        github.set_permission(self.name, "bob", "read");
        n
    }

    /// The changed file's text on the pull request's head.
    pub fn head_text(&self) -> &'static str {
        self.change
            .iter()
            .find(|(p, _)| *p == self.source)
            .map(|(_, t)| *t)
            .expect("the change has the source")
    }

    /// 1-based line of `text` in the head version of the source.
    pub fn line_of(&self, text: &str) -> usize {
        self.head_text()
            .lines()
            .position(|l| l == text)
            .unwrap_or_else(|| panic!("{text:?} is not a line of {}", self.source))
            + 1
    }
}
