//! What breaks a Docusaurus 3 build, or silently ruins a page, found without Node, and the
//! mechanical repairs for what can be repaired.
//!
//! The rules come from building a real Docusaurus 3.10 site with each mistake (the failure table
//! in `DOCUSAURUS.md`, section 4):
//! - front matter: unclosed, invalid YAML, wrong types for the keys the docs plugin validates;
//! - in every mode, the silent breakers: an unclosed code fence or `:::` admonition swallows the
//!   rest of the page, an unknown `:::type` renders as text, `:::tip Title` is the old title syntax;
//! - when the file is parsed as MDX: `<` and `{` in prose, generics like `Vec<String>`, autolinks,
//!   void tags without `/>`, unclosed or unknown tags, `style="…"`, prose lines starting with
//!   `import`/`export`, indented code, components used without an import, and with the `v4` flag
//!   HTML comments and `{#id}` heading ids.
//!
//! Code spans and fenced code blocks are never checked nor changed. Block structure (fences, lists,
//! indented code, links) comes from pulldown-cmark, run on a copy of the page in which every `<`
//! is hidden (MDX has no HTML blocks); the inline rules are an MDX-like scanner over the source.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_norway::{Mapping, Value};

/// How the site parses Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MdxMode {
    /// `markdown.format` of the site config.
    pub format: Format,
    /// `future.v4` (or `future: {v4: true}`): no MDX 1 compatibility (HTML comments, `{#id}`
    /// heading ids and `:::tip Title` stop working).
    pub v4: bool,
}

/// The site's `markdown.format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Every `.md` and `.mdx` file is MDX (the Docusaurus default).
    #[default]
    Mdx,
    /// Only `.mdx` files are MDX; `.md` files are CommonMark.
    Detect,
    /// Every file is CommonMark.
    Md,
}

/// One problem, with a 1-based line counted from the top of the file (front matter included), a
/// stable machine code, and a human message that says how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub code: &'static str,
    pub message: String,
}

/// Every problem code, stable for machines (tests, prompts, metrics).
pub const CODES: &[&str] = &[
    // front matter (every mode)
    "front-matter-unclosed",
    "front-matter-yaml",
    "front-matter-not-mapping",
    "front-matter-not-list",
    "front-matter-not-number",
    "front-matter-id-slash",
    "front-matter-not-text",
    // silent breakers (every mode)
    "unclosed-fence",
    "unclosed-admonition",
    "unknown-admonition",
    "stray-admonition-close",
    "admonition-title",
    // MDX only
    "bad-lt",
    "generic",
    "invalid-tag",
    "unknown-tag",
    "missing-import",
    "unclosed-tag",
    "unmatched-closing-tag",
    "void-tag",
    "style-string",
    "brace",
    "autolink",
    "import-export",
    "indented-code",
    "unclosed-comment",
    // MDX with the v4 flag
    "html-comment",
    "heading-id",
];

/// Codes of problems that do not break the build nor the page today (see [`Problem::is_warning`]).
pub const WARNING_CODES: &[&str] = &["admonition-title"];

impl Problem {
    /// A warning-level problem: worth fixing, but the page builds and renders.
    pub fn is_warning(&self) -> bool {
        WARNING_CODES.contains(&self.code)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {} [{}]", self.line, self.message, self.code)
    }
}

/// Everything wrong with `text` (a whole page file, front matter included) at `path` (used for
/// the .md/.mdx decision and for messages).
pub fn check(path: &str, text: &str, mode: MdxMode) -> Vec<Problem> {
    let lines = LineIndex::new(text);
    let mut problems: Vec<Problem> = analyze(path, text, mode)
        .into_iter()
        .map(|f| Problem {
            line: lines.line_of(f.at),
            code: f.code,
            message: f.message,
        })
        .collect();
    problems.sort_by(|a, b| (a.line, a.code, &a.message).cmp(&(b.line, b.code, &b.message)));
    problems.dedup();
    problems
}

/// A repaired copy of `text` and the list of what was changed (human sentences); problems that
/// cannot be repaired mechanically are left for `check` to report.
pub fn repair(path: &str, text: &str, mode: MdxMode) -> (String, Vec<String>) {
    let mut current = text.to_string();
    let mut notes: Vec<String> = Vec::new();
    // A repair can uncover another (escaping `{` turns the nested `{` into prose): a few passes.
    for _ in 0..MAX_REPAIR_PASSES {
        let lines = LineIndex::new(&current);
        let fixes: Vec<(usize, Fix)> = analyze(path, &current, mode)
            .into_iter()
            .filter_map(|f| f.fix.map(|fix| (lines.line_of(f.at), fix)))
            .filter(|(_, fix)| !fix.edits.is_empty())
            .collect();
        if fixes.is_empty() {
            break;
        }
        let (next, applied) = apply_fixes(&current, fixes);
        if next == current {
            break;
        }
        notes.extend(applied);
        current = next;
    }
    let mut seen = BTreeSet::new();
    notes.retain(|n| seen.insert(n.clone()));
    (current, notes)
}

/// The front matter, parsed (None when absent), or the problem.
pub fn front_matter(text: &str) -> Result<Option<Mapping>, Problem> {
    match split_front_matter(text) {
        Split::Absent { .. } => Ok(None),
        Split::Unclosed { .. } => Err(Problem {
            line: 1,
            code: "front-matter-unclosed",
            message: UNCLOSED_FRONT_MATTER.into(),
        }),
        Split::Closed { yaml, .. } => match parse_yaml(&text[yaml]) {
            Ok(m) => Ok(Some(m)),
            Err(e) => Err(Problem {
                line: 1 + e.line,
                code: e.code,
                message: e.message,
            }),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Findings and fixes

const MAX_REPAIR_PASSES: usize = 8;

/// A problem at a byte offset of the text, with its mechanical fix when there is one.
#[derive(Debug)]
struct Finding {
    at: usize,
    code: &'static str,
    message: String,
    fix: Option<Fix>,
}

#[derive(Debug, Clone)]
struct Fix {
    edits: Vec<Edit>,
    note: String,
}

/// Replace `start..end` by `text`; `order` sorts insertions made at the same offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Edit {
    start: usize,
    end: usize,
    text: String,
    order: u8,
}

impl Edit {
    fn replace(range: Range<usize>, text: impl Into<String>) -> Edit {
        Edit {
            start: range.start,
            end: range.end,
            text: text.into(),
            order: 0,
        }
    }

    fn insert(at: usize, text: impl Into<String>, order: u8) -> Edit {
        Edit {
            start: at,
            end: at,
            text: text.into(),
            order,
        }
    }

    fn conflicts(&self, other: &Edit) -> bool {
        if self == other {
            return false;
        }
        let (a, b) = (self, other);
        match (a.start == a.end, b.start == b.end) {
            (true, true) => false,
            (true, false) => b.start < a.start && a.start < b.end,
            (false, true) => a.start < b.start && b.start < a.end,
            (false, false) => a.start < b.end && b.start < a.end,
        }
    }
}

fn fix(edits: Vec<Edit>, note: impl Into<String>) -> Option<Fix> {
    Some(Fix {
        edits,
        note: note.into(),
    })
}

/// Applies the fixes that do not overlap an earlier one (the rest wait for the next pass).
fn apply_fixes(text: &str, mut fixes: Vec<(usize, Fix)>) -> (String, Vec<String>) {
    fixes.sort_by_key(|(_, f)| f.edits.iter().map(|e| e.start).min().unwrap_or(usize::MAX));
    let mut kept: Vec<Edit> = Vec::new();
    let mut notes = Vec::new();
    for (line, f) in fixes {
        if f.edits.iter().any(|e| kept.iter().any(|k| e.conflicts(k))) {
            continue;
        }
        if f.edits.iter().all(|e| kept.contains(e)) {
            // The same fix, found from another problem (one import for several tags).
            continue;
        }
        for e in f.edits {
            if !kept.contains(&e) {
                kept.push(e);
            }
        }
        notes.push(format!("line {line}: {}", f.note));
    }
    kept.sort_by_key(|e| (e.start, e.end, e.order));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    for e in &kept {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.text);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    (out, notes)
}

// ---------------------------------------------------------------------------------------------
// The whole analysis

fn analyze(path: &str, text: &str, mode: MdxMode) -> Vec<Finding> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = Vec::new();
    let split = split_front_matter(text);
    let (body, fm) = front_matter_findings(text, &split, nl, &mut out);
    let mdx = is_mdx(path, mode, fm.as_ref());
    let blocks = collect_blocks(text, body, mdx);
    let mut code: Vec<Range<usize>> = blocks.fenced.clone();
    if mdx {
        let mut scan = MdxScan::new(text, body, mode.v4, nl, &blocks);
        scan.run();
        code.extend(scan.code_regions.iter().cloned());
        out.append(&mut scan.out);
    } else {
        code.extend(blocks.indented.iter().cloned());
    }
    code.sort_by_key(|r| r.start);
    fence_findings(text, body, &blocks, mdx, nl, &mut out);
    admonition_findings(text, body, &blocks, &code, mode.v4, nl, &mut out);
    out
}

fn is_mdx(path: &str, mode: MdxMode, fm: Option<&Mapping>) -> bool {
    let ext_mdx = path.to_ascii_lowercase().ends_with(".mdx");
    let per_file = fm
        .and_then(|m| m.get("mdx"))
        .and_then(|v| v.get("format"))
        .and_then(Value::as_str);
    match per_file {
        Some("md") => false,
        Some("mdx") => true,
        Some("detect") => ext_mdx,
        _ => match mode.format {
            Format::Mdx => true,
            Format::Detect => ext_mdx,
            Format::Md => false,
        },
    }
}

/// 1-based line numbers of byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).max(1)
    }

    fn start_of(&self, line: usize) -> usize {
        self.starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0)
    }
}

// ---------------------------------------------------------------------------------------------
// Front matter

const UNCLOSED_FRONT_MATTER: &str = "the front matter opened by `---` on line 1 is never closed: \
     add a `---` line after the last `key: value` line";

enum Split {
    /// No front matter; the body starts at `body` (after a byte order mark).
    Absent {
        body: usize,
    },
    /// `---` on the first line and no closing `---`; the YAML would start at `yaml_start`.
    Unclosed {
        open: usize,
        yaml_start: usize,
    },
    Closed {
        yaml: Range<usize>,
        body: usize,
    },
}

fn split_front_matter(text: &str) -> Split {
    let open = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[open..];
    let first_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_end].trim_end() != "---" {
        return Split::Absent { body: open };
    }
    let yaml_start = open + first_end;
    let mut pos = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Split::Closed {
                yaml: yaml_start..pos,
                body: pos + line.len(),
            };
        }
        pos += line.len();
    }
    Split::Unclosed { open, yaml_start }
}

struct YamlError {
    /// Line inside the YAML text (1-based).
    line: usize,
    code: &'static str,
    message: String,
}

fn parse_yaml(src: &str) -> Result<Mapping, YamlError> {
    if src.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_norway::from_str::<Value>(src) {
        Ok(Value::Mapping(m)) => Ok(m),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(YamlError {
            line: 1,
            code: "front-matter-not-mapping",
            message: "the front matter must be a YAML mapping of `key: value` lines".into(),
        }),
        Err(e) => {
            // Errors found at the end of the text point at the line after it.
            let last = src.trim_end().lines().count().max(1);
            let line = e.location().map_or(1, |l| l.line()).min(last);
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            Err(YamlError {
                line,
                code: "front-matter-yaml",
                message: format!(
                    "the front matter is not valid YAML ({msg}): quote values that contain `: `, \
                     `#` or start with `[`, `{{`, `'`, `@` or a backtick, e.g. \
                     `title: \"Setup: the basics\"`"
                ),
            })
        }
    }
}

/// The front matter findings; returns where the body starts and the parsed mapping.
fn front_matter_findings(
    text: &str,
    split: &Split,
    nl: &str,
    out: &mut Vec<Finding>,
) -> (usize, Option<Mapping>) {
    match split {
        Split::Absent { body } => (*body, None),
        Split::Unclosed { open, yaml_start } => {
            let guess = guess_front_matter_end(text, *yaml_start);
            let fix = guess.and_then(|end| {
                let pre = if end > 0 && !text[..end].ends_with('\n') {
                    nl
                } else {
                    ""
                };
                fix(
                    vec![Edit::insert(end, format!("{pre}---{nl}"), 0)],
                    "closed the front matter with a `---` line",
                )
            });
            out.push(Finding {
                at: *open,
                code: "front-matter-unclosed",
                message: UNCLOSED_FRONT_MATTER.into(),
                fix,
            });
            match guess {
                Some(end) => (end, parse_yaml(&text[*yaml_start..end]).ok()),
                None => (text.len(), None),
            }
        }
        Split::Closed { yaml, body } => {
            let lines = LineIndex::new(text);
            let first = lines.line_of(yaml.start);
            match parse_yaml(&text[yaml.clone()]) {
                Ok(m) => {
                    field_findings(text, yaml.clone(), &m, out);
                    (*body, Some(m))
                }
                Err(e) => {
                    let at = if e.code == "front-matter-yaml" {
                        lines.start_of(first + e.line - 1)
                    } else {
                        yaml.start
                    };
                    let fix = if e.code == "front-matter-yaml" {
                        yaml_quote_fix(text, yaml.clone())
                    } else {
                        None
                    };
                    out.push(Finding {
                        at,
                        code: e.code,
                        message: e.message,
                        fix,
                    });
                    (*body, None)
                }
            }
        }
    }
}

/// Where a `---` line most likely belongs when the front matter is not closed: before the first
/// line that does not look like YAML, when the lines before it form a mapping.
fn guess_front_matter_end(text: &str, yaml_start: usize) -> Option<usize> {
    let mut pos = yaml_start;
    let mut seen_key = false;
    for line in text[yaml_start..].split_inclusive('\n') {
        let l = line.trim_end();
        let yamlish = top_key_value(l).is_some()
            || (seen_key
                && (l.starts_with([' ', '\t']) || l.starts_with("- "))
                && !l.trim().is_empty());
        if !yamlish {
            break;
        }
        seen_key = true;
        pos += line.len();
    }
    if !seen_key {
        return None;
    }
    matches!(
        serde_norway::from_str::<Value>(&text[yaml_start..pos]),
        Ok(Value::Mapping(_))
    )
    .then_some(pos)
}

/// `key: value` at column 0: the byte index where the value starts (after the spaces).
fn top_key_value(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    let key_end = b
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-'))
        .unwrap_or(b.len());
    let mut i = key_end;
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    if i < b.len() && b[i] != b' ' && b[i] != b'\t' {
        return None;
    }
    while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    Some(i)
}

/// Quotes the top-level one-line values that YAML rejects (`title: Setup: the basics`), when
/// the result parses as a mapping.
fn yaml_quote_fix(text: &str, yaml: Range<usize>) -> Option<Fix> {
    let src = &text[yaml.clone()];
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut edits = Vec::new();
    let mut fixed = String::with_capacity(src.len() + 16);
    let mut pos = yaml.start;
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim_end_matches(['\n', '\r']);
        let next_indented = lines.get(i + 1).is_some_and(|n| n.starts_with([' ', '\t']));
        if let Some(v) = top_key_value(l)
            && !next_indented
        {
            let value = l[v..].trim_end();
            if !value.is_empty()
                && !value.starts_with(['|', '>'])
                && serde_norway::from_str::<Value>(l).is_err()
            {
                let quoted = yaml_quote(strip_quotes(value));
                edits.push(Edit::replace(
                    pos + v..pos + v + value.len(),
                    quoted.clone(),
                ));
                fixed.push_str(&l[..v]);
                fixed.push_str(&quoted);
                fixed.push_str(&line[v + value.len()..]);
                pos += line.len();
                continue;
            }
        }
        fixed.push_str(line);
        pos += line.len();
    }
    if edits.is_empty() {
        return None;
    }
    match serde_norway::from_str::<Value>(&fixed) {
        Ok(Value::Mapping(_)) => fix(edits, "quoted front matter values that broke the YAML"),
        _ => None,
    }
}

/// The text a broken scalar meant: without its quotes, even an unmatched opening one.
fn strip_quotes(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q) {
            return inner.strip_suffix(q).unwrap_or(inner);
        }
    }
    v
}

/// A YAML double-quoted scalar (JSON string escapes are valid YAML).
fn yaml_quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\t' => q.push_str("\\t"),
            c if c.is_control() => q.push_str(&format!("\\u{:04x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// The line of `key: value` at the top level of the front matter.
struct KeyLine {
    /// Offset of the line in the text.
    line: usize,
    /// The raw value (trimmed), as offsets in the text.
    value: Range<usize>,
    /// The value is all on this line.
    single: bool,
}

fn key_line(text: &str, yaml: Range<usize>, key: &str) -> Option<KeyLine> {
    let src = &text[yaml.clone()];
    let lines: Vec<&str> = src.split_inclusive('\n').collect();
    let mut pos = yaml.start;
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim_end_matches(['\n', '\r']);
        if l.starts_with(key)
            && let Some(v) = top_key_value(l)
            && l[..v].trim_end().trim_end_matches(':').trim_end() == key
        {
            let value = l[v..].trim_end();
            let next_indented = lines.get(i + 1).is_some_and(|n| n.starts_with([' ', '\t']));
            return Some(KeyLine {
                line: pos,
                value: pos + v..pos + v + value.len(),
                single: !value.is_empty() && !next_indented && !value.starts_with(['|', '>']),
            });
        }
        pos += line.len();
    }
    None
}

/// The checks of the docs plugin's front matter schema that LLM pages break.
fn field_findings(text: &str, yaml: Range<usize>, m: &Mapping, out: &mut Vec<Finding>) {
    let at_key = |key: &str| key_line(text, yaml.clone(), key);
    let line_of = |kl: &Option<KeyLine>| kl.as_ref().map_or(yaml.start, |k| k.line);

    for key in ["tags", "keywords"] {
        let Some(v) = m.get(key) else { continue };
        let kl = at_key(key);
        let items_ok = |items: &Vec<Value>| {
            items
                .iter()
                .all(|i| i.is_string() || (key == "tags" && i.is_mapping()))
        };
        let (ok, items): (bool, Option<Vec<String>>) = match v {
            Value::Sequence(items) => (
                items_ok(items),
                items.iter().map(scalar_text).collect::<Option<Vec<_>>>(),
            ),
            Value::String(s) => (
                false,
                Some(
                    s.split(',')
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect(),
                ),
            ),
            _ => (false, None),
        };
        if ok {
            continue;
        }
        let fix = match (&kl, items) {
            (Some(k), Some(items)) if k.single && !items.is_empty() => {
                let list: Vec<String> = items.iter().map(|s| yaml_quote(s)).collect();
                fix(
                    vec![Edit::replace(
                        k.value.clone(),
                        format!("[{}]", list.join(", ")),
                    )],
                    format!("made front matter `{key}` a YAML list"),
                )
            }
            _ => None,
        };
        out.push(Finding {
            at: line_of(&kl),
            code: "front-matter-not-list",
            message: format!(
                "front matter `{key}` must be a YAML list of text, e.g. `{key}: [setup, rust]`"
            ),
            fix,
        });
    }

    if let Some(v) = m.get("sidebar_position") {
        let ok = v.is_number() || v.as_str().is_some_and(|s| s.trim().parse::<f64>().is_ok());
        if !ok {
            out.push(Finding {
                at: line_of(&at_key("sidebar_position")),
                code: "front-matter-not-number",
                message: "front matter `sidebar_position` must be a number, e.g. \
                          `sidebar_position: 2`"
                    .into(),
                fix: None,
            });
        }
    }

    if let Some(id) = m.get("id").and_then(Value::as_str)
        && id.contains('/')
    {
        out.push(Finding {
            at: line_of(&at_key("id")),
            code: "front-matter-id-slash",
            message: format!(
                "front matter `id: {id}` contains `/`, which Docusaurus refuses: the id is only \
                 the last segment of the path (use `{}` or move the file)",
                id.rsplit('/').next().unwrap_or(id)
            ),
            fix: None,
        });
    }

    for key in ["id", "title", "description", "sidebar_label", "slug"] {
        let Some(v) = m.get(key) else { continue };
        let kl = at_key(key);
        let raw = kl.as_ref().map_or("", |k| &text[k.value.clone()]);
        let unquoted = !raw.starts_with(['"', '\'']);
        let bad = match v {
            Value::String(_) => unquoted && looks_like_timestamp(raw),
            _ => true,
        };
        if !bad {
            continue;
        }
        let fix = match &kl {
            Some(k) if k.single && unquoted && !v.is_null() && !raw.contains(" #") => fix(
                vec![Edit::replace(k.value.clone(), yaml_quote(raw))],
                format!("quoted front matter `{key}` so that it is text"),
            ),
            _ => None,
        };
        let message = if v.is_null() {
            format!("front matter `{key}` is empty: give it text or remove the line")
        } else {
            format!("front matter `{key}` must be text: quote it, e.g. `{key}: \"{raw}\"`")
        };
        out.push(Finding {
            at: line_of(&kl),
            code: "front-matter-not-text",
            message,
            fix,
        });
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// js-yaml reads an unquoted `2024-01-31` as a date, which the schema rejects as text.
fn looks_like_timestamp(raw: &str) -> bool {
    let b = raw.as_bytes();
    let digits = |r: Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    b.len() >= 8 && digits(0..4) && b[4] == b'-' && {
        let rest: Vec<&str> = raw[5..]
            .split(['T', 't', ' '])
            .next()
            .unwrap_or("")
            .split('-')
            .collect();
        rest.len() == 2
            && rest
                .iter()
                .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|c| c.is_ascii_digit()))
    }
}

// ---------------------------------------------------------------------------------------------
// Block structure (pulldown-cmark)

/// Block-level facts, as offsets in the whole text.
#[derive(Debug, Default)]
struct Blocks {
    fenced: Vec<Range<usize>>,
    indented: Vec<Range<usize>>,
    /// The `](dest)` part of links and images: never MDX expressions.
    link_dests: Vec<Range<usize>>,
    refdefs: Vec<Range<usize>>,
    /// Starts of paragraphs outside lists and quotes (where MDX reads `import`/`export`).
    top_paras: Vec<usize>,
    /// List items and block quotes.
    containers: Vec<Range<usize>>,
}

fn collect_blocks(text: &str, body: usize, mdx: bool) -> Blocks {
    let src = &text[body..];
    // MDX has no HTML blocks, autolinks nor inline HTML: hide every `<` from pulldown-cmark
    // (same length, so offsets stay right), except in `](<dest>)`.
    let hidden;
    let src = if mdx {
        let orig = src.as_bytes();
        let bytes: Vec<u8> = orig
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if c == b'<' && !(i >= 2 && &orig[i - 2..i] == b"](") {
                    0x01
                } else {
                    c
                }
            })
            .collect();
        hidden = String::from_utf8(bytes).unwrap_or_else(|_| src.to_string());
        hidden.as_str()
    } else {
        src
    };
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let mut blocks = Blocks::default();
    let mut depth = 0usize;
    // (start, end of the link text, whole end, is an autolink)
    let mut links: Vec<(usize, usize, bool)> = Vec::new();
    let shift = |r: &Range<usize>| r.start + body..r.end + body;
    let mut it = Parser::new_ext(src, opts).into_offset_iter();
    for (ev, r) in &mut it {
        if let Event::End(TagEnd::Link | TagEnd::Image) = ev {
            if let Some((_, text_end, auto)) = links.pop()
                && !auto
            {
                blocks.link_dests.push(text_end + body..r.end + body);
            }
            if let Some(outer) = links.last_mut() {
                outer.1 = outer.1.max(r.end);
            }
            continue;
        }
        if let Some(top) = links.last_mut() {
            top.1 = top.1.max(r.end);
        }
        match ev {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => blocks.fenced.push(shift(&r)),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => {
                blocks.indented.push(shift(&r))
            }
            Event::Start(Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => {
                blocks.containers.push(shift(&r));
                depth += 1;
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1)
            }
            // (a setext heading or a table is a paragraph for MDX's import/export too)
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_)) if depth == 0 => {
                blocks.top_paras.push(r.start + body)
            }
            Event::Start(Tag::Link { link_type, .. }) => links.push((
                r.start,
                r.start + 1,
                matches!(link_type, LinkType::Autolink | LinkType::Email),
            )),
            Event::Start(Tag::Image { .. }) => links.push((r.start, r.start + 2, false)),
            _ => {}
        }
    }
    blocks.refdefs = it
        .reference_definitions()
        .iter()
        .map(|(_, d)| shift(&d.span))
        .collect();
    if mdx {
        indented_fences(text, &mut blocks);
    }
    blocks.fenced.sort_by_key(|r| r.start);
    blocks.refdefs.sort_by_key(|r| r.start);
    blocks.link_dests.sort_by_key(|r| r.start);
    blocks
}

/// MDX has no indented code, so a fence indented by 4 spaces or more (common inside JSX
/// elements) is still a fence, where CommonMark sees indented code: turn those into fences.
fn indented_fences(text: &str, blocks: &mut Blocks) {
    let b = text.as_bytes();
    let mut fences: Vec<Range<usize>> = Vec::new();
    // The same, from where pulldown-cmark's indented code starts.
    let mut spans: Vec<Range<usize>> = Vec::new();
    for r in &blocks.indented {
        if spans.last().is_some_and(|f| r.start < f.end) {
            continue;
        }
        let opener = text[r.start..line_end(b, r.start)].trim_start_matches([' ', '\t']);
        let start = line_end(b, r.start) - opener.len();
        let Some(ch) = opener.chars().next().filter(|c| *c == '`' || *c == '~') else {
            continue;
        };
        let n = opener.chars().take_while(|c| *c == ch).count();
        if n < 3 || (ch == '`' && opener[n..].contains('`')) {
            continue;
        }
        let end = lines_from(text, line_end(b, r.start).min(text.len()))
            .skip(1)
            .find(|(_, l)| {
                let t = l.trim();
                t.len() >= n && t.chars().all(|c| c == ch)
            })
            .map_or(text.len(), |(s, l)| s + l.len());
        fences.push(start..end);
        spans.push(r.start..end);
    }
    if fences.is_empty() {
        return;
    }
    let inside = |p: usize| spans.iter().any(|f| f.start <= p && p < f.end);
    blocks.indented.retain(|r| !inside(r.start));
    blocks.fenced.retain(|r| !inside(r.start));
    blocks.refdefs.retain(|r| !inside(r.start));
    blocks.link_dests.retain(|r| !inside(r.start));
    blocks.top_paras.retain(|p| !inside(*p));
    blocks.fenced.extend(fences);
}

// ---------------------------------------------------------------------------------------------
// Byte helpers

fn line_start(b: &[u8], i: usize) -> usize {
    let i = i.min(b.len());
    match b[..i].iter().rposition(|&c| c == b'\n') {
        Some(p) => p + 1,
        // A byte order mark is not part of the first line.
        None if i >= 3 && b.starts_with("\u{feff}".as_bytes()) => 3,
        None => 0,
    }
}

/// Offset of the `\n` ending the line of `i` (or the end of the text).
fn line_end(b: &[u8], i: usize) -> usize {
    b[i.min(b.len())..]
        .iter()
        .position(|&c| c == b'\n')
        .map_or(b.len(), |p| i + p)
}

/// Lines of `text[from..]`: (start offset, line without its line ending).
fn lines_from(text: &str, from: usize) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = from;
    text[from..].split_inclusive('\n').map(move |l| {
        let start = pos;
        pos += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

fn is_blank(line: &str) -> bool {
    line.bytes().all(|c| c.is_ascii_whitespace())
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$'
}

fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'-'
}

fn skip_ws(b: &[u8], mut i: usize, limit: usize) -> usize {
    while i < limit && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The leading whitespace and `>` markers of a line, then the rest.
fn strip_prefix_markers(line: &str) -> (&str, &str) {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    (&line[..line.len() - rest.len()], rest)
}

/// The text of the line before `at`, with list markers turned into spaces: the indentation a
/// closing fence needs to stay in the same container.
fn container_prefix(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    text[line_start(b, at)..at]
        .chars()
        .map(|c| if c == '>' || c == '\t' { c } else { ' ' })
        .collect()
}

/// Where to insert a closing line for a block that runs to `end`: before trailing blank lines,
/// never before `min`.
fn closing_point(text: &str, min: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut e = end;
    while e > min {
        let ls = line_start(b, e - 1);
        if ls < min || !is_blank(&text[ls..e]) {
            break;
        }
        e = ls;
    }
    e
}

fn closing_edit(text: &str, at: usize, line: &str, nl: &str, order: u8) -> Edit {
    let pre = if at > 0 && text.as_bytes()[at - 1] != b'\n' {
        nl
    } else {
        ""
    };
    Edit::insert(at, format!("{pre}{line}{nl}"), order)
}

/// A short quote of the text at `i` for messages.
fn snippet(text: &str, i: usize, end: usize) -> String {
    let b = text.as_bytes();
    let mut end = end.min(line_end(b, i)).max(i);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let s: String = text[i..end].chars().take(40).collect();
    s.trim_end().to_string()
}

// ---------------------------------------------------------------------------------------------
// Code fences and admonitions (every mode)

/// The fenced block (as pulldown-cmark gives it) ends with its closing fence.
fn fence_closed(block: &str) -> bool {
    let Some(ch) = block.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return true;
    };
    let open_len = block.chars().take_while(|c| *c == ch).count();
    let last = block
        .split('\n')
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .last();
    last.is_some_and(|l| {
        let (_, t) = strip_prefix_markers(l);
        let t = t.trim_end();
        t.len() >= open_len && t.chars().all(|c| c == ch)
    })
}

fn fence_findings(
    text: &str,
    body: usize,
    blocks: &Blocks,
    mdx: bool,
    nl: &str,
    out: &mut Vec<Finding>,
) {
    let b = text.as_bytes();
    for r in &blocks.fenced {
        let block = &text[r.clone()];
        if fence_closed(block) {
            continue;
        }
        let ch = block.chars().next().unwrap_or('`');
        let open_len = block.chars().take_while(|c| *c == ch).count();
        let opener_end = line_end(b, r.start);
        let at = closing_point(text, opener_end.max(body), r.end);
        let fence: String = std::iter::repeat_n(ch, open_len).collect();
        let closer = format!("{}{fence}", container_prefix(text, r.start));
        let edit = closing_edit(text, at, &closer, nl, 0);
        // Containers make the right indentation subtle: keep the fix only if it closes the fence.
        let mut patched = text.to_string();
        patched.insert_str(edit.start, &edit.text);
        let closes = collect_blocks(&patched, body, mdx)
            .fenced
            .iter()
            .find(|f| f.start == r.start)
            .is_some_and(|f| fence_closed(&patched[f.clone()]));
        out.push(Finding {
            at: r.start,
            code: "unclosed-fence",
            message: format!(
                "the code fence `{}` is never closed, so the rest of the page renders as code: \
                 add a `{fence}` line after the code",
                snippet(text, r.start, r.end)
            ),
            fix: if closes {
                fix(vec![edit], format!("closed the code fence with `{fence}`"))
            } else {
                None
            },
        });
    }
}

const ADMONITIONS: [&str; 9] = [
    "note",
    "tip",
    "info",
    "warning",
    "danger",
    "caution",
    "important",
    "success",
    "secondary",
];

fn admonition_alias(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    if let Some(known) = ADMONITIONS.iter().find(|k| **k == lower) {
        return Some(known);
    }
    Some(match lower.as_str() {
        "warn" | "warnings" | "attention" => "warning",
        "error" | "alert" => "danger",
        "hint" | "tips" => "tip",
        "notice" | "notes" => "note",
        "information" => "info",
        _ => return None,
    })
}

#[allow(clippy::too_many_arguments)]
fn admonition_findings(
    text: &str,
    body: usize,
    blocks: &Blocks,
    code: &[Range<usize>],
    v4: bool,
    nl: &str,
    out: &mut Vec<Finding>,
) {
    let b = text.as_bytes();
    struct Open {
        at: usize,
        colons: usize,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut ci = 0;
    for (ls, line) in lines_from(text, body) {
        let le = ls + line.len();
        while ci < code.len() && code[ci].end <= ls {
            ci += 1;
        }
        if code[ci..]
            .iter()
            .take(2)
            .any(|r| r.start <= le && ls < r.end)
        {
            continue;
        }
        let (prefix, content) = strip_prefix_markers(line);
        if !content.starts_with(":::") {
            continue;
        }
        let at = ls + prefix.len();
        let colons = content.bytes().take_while(|c| *c == b':').count();
        let rest = &content[colons..];
        let name_len = rest
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'-' || *c == b'_')
            .count();
        let spaced = rest.len() - rest.trim_start().len();
        if rest.trim().is_empty() {
            match stack.last() {
                Some(top) if colons >= top.colons => {
                    stack.pop();
                }
                _ => out.push(Finding {
                    at,
                    code: "stray-admonition-close",
                    message: format!(
                        "this `{}` closes no admonition and renders as text: remove it, or \
                         open the admonition with as many colons",
                        ":".repeat(colons)
                    ),
                    fix: None,
                }),
            }
            continue;
        }
        if name_len == 0 && spaced > 0 && rest.trim_start().as_bytes()[0].is_ascii_alphabetic() {
            // `::: note`: the type must follow the colons.
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            stack.push(Open { at, colons });
            out.push(Finding {
                at,
                code: "unknown-admonition",
                message: format!(
                    "`::: {name}` renders as text: write the type right after the colons, \
                     `:::{name}`"
                ),
                fix: fix(
                    vec![Edit::replace(at + colons..at + colons + spaced, "")],
                    format!("wrote `:::{name}` without a space"),
                ),
            });
            continue;
        }
        if name_len == 0 || !rest.as_bytes()[0].is_ascii_alphabetic() {
            continue;
        }
        stack.push(Open { at, colons });
        let name = &rest[..name_len];
        let name_at = at + colons;
        if !ADMONITIONS.contains(&name) {
            let alias = admonition_alias(name);
            out.push(Finding {
                at,
                code: "unknown-admonition",
                message: format!(
                    "`:::{name}` is not an admonition type, so it renders as text: use one of \
                     {}{}",
                    ADMONITIONS.join(", "),
                    alias.map_or(String::new(), |a| format!(" (probably `:::{a}`)"))
                ),
                fix: alias.and_then(|a| {
                    fix(
                        vec![Edit::replace(name_at..name_at + name_len, a)],
                        format!("renamed admonition `:::{name}` to `:::{a}`"),
                    )
                }),
            });
        }
        let after = &rest[name_len..];
        let title = after.trim();
        if !title.is_empty() && !after.starts_with(['[', '{']) {
            let message = if v4 {
                format!(
                    "with the v4 flag `:::{name} {title}` renders as literal text: write the \
                     title in brackets, `:::{name}[{title}]`"
                )
            } else {
                format!(
                    "`:::{name} {title}` is the old title syntax (removed by the v4 flag): write \
                     `:::{name}[{title}]`"
                )
            };
            let title_start = name_at + name_len;
            out.push(Finding {
                at,
                code: "admonition-title",
                message,
                fix: (!title.contains(['[', ']'])).then(|| Fix {
                    edits: vec![Edit::replace(
                        title_start..title_start + after.trim_end().len(),
                        format!("[{title}]"),
                    )],
                    note: format!("wrote the admonition title as `:::{name}[{title}]`"),
                }),
            });
        }
    }
    for (k, open) in stack.into_iter().rev().enumerate() {
        let container = blocks
            .containers
            .iter()
            .filter(|c| c.start <= open.at && open.at < c.end)
            .min_by_key(|c| c.end - c.start);
        let end = container.map_or(text.len(), |c| c.end);
        let at = closing_point(text, line_end(b, open.at), end);
        let closer = format!(
            "{}{}",
            container_prefix(text, open.at),
            ":".repeat(open.colons)
        );
        out.push(Finding {
            at: open.at,
            code: "unclosed-admonition",
            message: format!(
                "the admonition `{}` is never closed, so the rest of the page ends up inside it: \
                 add a `{}` line after its text",
                snippet(text, open.at, line_end(b, open.at)),
                ":".repeat(open.colons)
            ),
            fix: fix(
                vec![closing_edit(
                    text,
                    at,
                    &closer,
                    nl,
                    // innermost first, after a closing fence at the same place
                    u8::try_from(k + 1).unwrap_or(u8::MAX),
                )],
                format!("closed the admonition with `{}`", ":".repeat(open.colons)),
            ),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// MDX

/// HTML and SVG elements (lowercase), which MDX renders as such.
#[rustfmt::skip]
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "big",
    "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt",
    "em", "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img", "input",
    "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter",
    "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture",
    "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "script", "search", "section",
    "select", "slot", "small", "source", "span", "strike", "strong", "style", "sub", "summary",
    "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time", "title",
    "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "svg", "path", "circle", "rect", "line",
    "polyline", "polygon", "g", "defs", "use", "symbol", "text", "tspan", "ellipse",
    "lineargradient", "radialgradient", "stop", "mask", "pattern", "clippath", "foreignobject",
    "marker", "image", "filter", "math",
];

#[rustfmt::skip]
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Components the classic theme provides to every MDX page without an import.
const GLOBAL_COMPONENTS: &[&str] = &["Head", "Details"];

/// Names an MDX page can use in expressions without defining them.
const MDX_GLOBALS: &[&str] = &[
    "frontMatter",
    "toc",
    "metadata",
    "contentTitle",
    "assets",
    "props",
];

/// Components a page usually means, and where to import them from.
const KNOWN_COMPONENTS: &[(&str, &str)] = &[
    ("Tabs", "@theme/Tabs"),
    ("TabItem", "@theme/TabItem"),
    ("CodeBlock", "@theme/CodeBlock"),
    ("Admonition", "@theme/Admonition"),
    ("DocCardList", "@theme/DocCardList"),
    ("ThemedImage", "@theme/ThemedImage"),
    ("BrowserOnly", "@docusaurus/BrowserOnly"),
    ("Link", "@docusaurus/Link"),
];

fn is_html_element(name: &str) -> bool {
    HTML_ELEMENTS.contains(&name.to_ascii_lowercase().as_str())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RegionKind {
    Fenced,
    /// `col`: where the code starts on its first line (container indentation + 4).
    Indented {
        col: usize,
    },
    RefDef,
    /// `split`: where the valid statements end when other lines follow them without a blank
    /// line (MDX reads up to the blank line as JavaScript).
    Esm {
        valid: bool,
        split: Option<usize>,
    },
}

#[derive(Debug, Clone)]
struct Region {
    range: Range<usize>,
    kind: RegionKind,
}

/// A tag left open, waiting for its closing tag.
#[derive(Debug)]
struct OpenTag {
    name: String,
    at: usize,
    tag: Range<usize>,
    /// Alone on its line (a block element: may hold paragraphs); else it must close in its
    /// paragraph.
    flow: bool,
    /// The finding already made about this tag (unknown tag, missing import).
    finding: Option<usize>,
    /// No attributes: `<name>` only.
    plain: bool,
}

#[derive(Debug)]
enum AttrValue {
    None,
    Str(Range<usize>),
    Expr,
}

#[derive(Debug)]
struct Attr {
    name: String,
    range: Range<usize>,
    value: AttrValue,
}

#[derive(Debug)]
struct JsxTag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    self_closing: bool,
    attrs: Vec<Attr>,
}

struct MdxScan<'a> {
    text: &'a str,
    b: &'a [u8],
    body: usize,
    v4: bool,
    nl: &'static str,
    blocks: &'a Blocks,
    regions: Vec<Region>,
    masks: Vec<Range<usize>>,
    bounds: Vec<usize>,
    names: BTreeSet<String>,
    stack: Vec<OpenTag>,
    /// (finding index, component) for components used without an import.
    missing: Vec<(usize, String)>,
    ri: usize,
    mi: usize,
    bi: usize,
    prose_region: Option<usize>,
    /// Unclosed text-level tags that start their line: (name, finding, end of the tag).
    line_openers: Vec<(String, usize, usize)>,
    /// The last line classified by `flow_at`: (start, end, made only of tags).
    flow_span: Option<(usize, usize, bool)>,
    code_regions: Vec<Range<usize>>,
    out: Vec<Finding>,
}

impl<'a> MdxScan<'a> {
    fn new(
        text: &'a str,
        body: usize,
        v4: bool,
        nl: &'static str,
        blocks: &'a Blocks,
    ) -> MdxScan<'a> {
        let mut s = MdxScan {
            text,
            b: text.as_bytes(),
            body,
            v4,
            nl,
            blocks,
            regions: Vec::new(),
            masks: blocks.link_dests.clone(),
            bounds: Vec::new(),
            names: BTreeSet::new(),
            stack: Vec::new(),
            missing: Vec::new(),
            ri: 0,
            mi: 0,
            bi: 0,
            prose_region: None,
            flow_span: None,
            line_openers: Vec::new(),
            code_regions: Vec::new(),
            out: Vec::new(),
        };
        s.prepare();
        s
    }

    /// Regions, masks and paragraph boundaries, before the scan.
    fn prepare(&mut self) {
        let (text, b) = (self.text, self.b);
        let mut regions: Vec<Region> = Vec::new();
        for r in &self.blocks.fenced {
            regions.push(Region {
                range: line_start(b, r.start)..r.end,
                kind: RegionKind::Fenced,
            });
        }
        for r in &self.blocks.indented {
            let ls = line_start(b, r.start);
            regions.push(Region {
                range: ls..r.end,
                kind: RegionKind::Indented { col: r.start - ls },
            });
        }
        for r in &self.blocks.refdefs {
            regions.push(Region {
                range: r.clone(),
                kind: RegionKind::RefDef,
            });
        }
        for &p in &self.blocks.top_paras {
            if p != line_start(b, p) {
                continue;
            }
            let first = &text[p..line_end(b, p)];
            if !(starts_keyword(first, "import") || starts_keyword(first, "export")) {
                continue;
            }
            let end = lines_from(text, p)
                .find(|(_, l)| is_blank(l))
                .map_or(text.len(), |(s, _)| s);
            // Statements that are valid on their own line count as defined even when the
            // block is not (that is reported, and must not bring a second import).
            for (s, line) in lines_from(text, p).take_while(|(s, _)| *s < end) {
                if s > p && (starts_keyword(line, "import") || starts_keyword(line, "export")) {
                    self.names.extend(esm_names(line).unwrap_or_default());
                }
            }
            let names = esm_names(&text[p..end]);
            let valid = names.is_some();
            let mut split = None;
            match names {
                Some(names) => self.names.extend(names),
                None => {
                    // The longest run of valid statements, followed by a line that is not one.
                    let starts: Vec<usize> = lines_from(text, p)
                        .map(|(s, _)| s)
                        .take_while(|s| *s < end)
                        .skip(1)
                        .collect();
                    for &s in starts.iter().rev() {
                        let next = &text[s..line_end(b, s)];
                        if starts_keyword(next, "import") || starts_keyword(next, "export") {
                            continue;
                        }
                        if let Some(names) = esm_names(&text[p..s]) {
                            self.names.extend(names);
                            split = Some(s);
                            break;
                        }
                    }
                }
            }
            regions.push(Region {
                range: p..end,
                kind: RegionKind::Esm { valid, split },
            });
        }
        regions.sort_by_key(|r| r.range.start);
        for k in 1..regions.len() {
            let next = regions[k].range.start;
            let prev = &mut regions[k - 1].range;
            if prev.end > next {
                prev.end = next.max(prev.start);
            }
        }
        let mut bounds: Vec<usize> = Vec::new();
        for r in &regions {
            bounds.push(r.range.start);
            bounds.push(r.range.end);
        }
        let fenced = &self.blocks.fenced;
        let mut fi = 0;
        for (ls, line) in lines_from(text, self.body) {
            let le = ls + line.len();
            while fi < fenced.len() && fenced[fi].end <= ls {
                fi += 1;
            }
            if fi < fenced.len() && fenced[fi].start <= le && ls < fenced[fi].end {
                continue;
            }
            if is_blank(line) {
                bounds.push(ls);
                continue;
            }
            let (prefix, content) = strip_prefix_markers(line);
            if is_atx_heading(content) {
                bounds.push(ls);
                bounds.push(le);
                self.heading_id(ls + prefix.len(), content);
            } else if content.starts_with(":::") {
                bounds.push(ls);
                bounds.push(le);
                self.directive_attrs(ls + prefix.len(), content);
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        self.masks.sort_by_key(|r| r.start);
        self.regions = regions;
        self.bounds = bounds;
    }

    /// `## Title {#id}`: fine with MDX 1 compatibility, an expression error with v4.
    fn heading_id(&mut self, at: usize, content: &str) {
        let t = content.trim_end();
        if !t.ends_with('}') || t.ends_with("\\}") {
            return;
        }
        let Some(open) = t.rfind("{#") else { return };
        let id = &t[open + 2..t.len() - 1];
        if id.is_empty()
            || !id
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            || t[..open].ends_with('\\')
        {
            return;
        }
        let start = at + open;
        let end = at + t.len();
        self.masks.push(start..end);
        if self.v4 {
            self.out.push(Finding {
                at: start,
                code: "heading-id",
                message: format!(
                    "with the v4 flag the heading id `{{#{id}}}` is read as a JavaScript \
                     expression and fails: escape it as `\\{{#{id}\\}}`"
                ),
                fix: fix(
                    vec![Edit::insert(start, "\\", 0), Edit::insert(end - 1, "\\", 0)],
                    format!("escaped the heading id as `\\{{#{id}\\}}`"),
                ),
            });
        }
    }

    /// `:::note{.class}`: the braces are directive attributes, not an expression.
    fn directive_attrs(&mut self, at: usize, content: &str) {
        let b = content.as_bytes();
        let mut i = b.iter().take_while(|c| **c == b':').count();
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'-' || b[i] == b'_') {
            i += 1;
        }
        if i < b.len() && b[i] == b'[' {
            let mut depth = 0;
            while i < b.len() {
                match b[i] {
                    b'[' => depth += 1,
                    b']' => {
                        depth -= 1;
                        if depth == 0 {
                            i += 1;
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        if i < b.len()
            && b[i] == b'{'
            && let Some(close) = content[i..].find('}')
        {
            self.masks.push(at + i..at + i + close + 1);
        }
    }

    fn limit(&self) -> usize {
        self.bounds.get(self.bi).copied().unwrap_or(self.text.len())
    }

    fn flow_open(&self) -> bool {
        self.stack.iter().any(|o| o.flow)
    }

    fn push(&mut self, at: usize, code: &'static str, message: String, fix: Option<Fix>) -> usize {
        self.out.push(Finding {
            at,
            code,
            message,
            fix,
        });
        self.out.len() - 1
    }

    fn run(&mut self) {
        let n = self.text.len();
        let mut i = self.body;
        while i < n {
            while self.bi < self.bounds.len() && self.bounds[self.bi] <= i {
                self.flush_text();
                self.bi += 1;
            }
            while self.ri < self.regions.len() && self.regions[self.ri].range.end <= i {
                self.ri += 1;
            }
            if self.ri < self.regions.len()
                && self.regions[self.ri].range.start <= i
                && self.prose_region != Some(self.ri)
            {
                if let Some(next) = self.region(self.ri) {
                    // Always move on (a region handled as prose is marked so).
                    i = if next > i || self.prose_region == Some(self.ri) {
                        next
                    } else {
                        i + 1
                    };
                    continue;
                }
                self.prose_region = Some(self.ri);
            }
            while self.mi < self.masks.len() && self.masks[self.mi].end <= i {
                self.mi += 1;
            }
            if self.mi < self.masks.len() && self.masks[self.mi].start <= i {
                i = self.masks[self.mi].end.max(i + 1);
                continue;
            }
            i = match self.b[i] {
                b'\\' if i + 1 < n && self.b[i + 1].is_ascii_punctuation() => i + 2,
                b'h' | b'H' | b'w' | b'W' => {
                    literal_url_end(self.b, i, self.limit()).unwrap_or(i + 1)
                }
                b'`' => self.backticks(i),
                b'<' => self.lt(i),
                b'{' => self.brace(i),
                _ => i + 1,
            };
        }
        self.flush_text();
        let rest = std::mem::take(&mut self.stack);
        for o in rest {
            self.unclosed(o);
        }
        self.import_fix();
    }

    /// A block region at the scan position: where to go next, or None to scan it as prose.
    fn region(&mut self, k: usize) -> Option<usize> {
        let r = self.regions[k].clone();
        match r.kind {
            RegionKind::Fenced | RegionKind::RefDef => Some(r.range.end),
            RegionKind::Indented { col } => {
                // Inside a JSX element, indentation is layout: MDX reads the lines as prose.
                if self.flow_open() {
                    return None;
                }
                self.indented_code(r.range.clone(), col);
                self.code_regions.push(r.range.clone());
                Some(r.range.end)
            }
            RegionKind::Esm { valid, split } => {
                if self.flow_open() {
                    return None;
                }
                if let Some(s) = split {
                    let next = snippet(self.text, s, r.range.end);
                    self.push(
                        s,
                        "import-export",
                        format!(
                            "MDX reads every line after `import`/`export` up to the next blank \
                             line as JavaScript, “{next}” included: add a blank line after the \
                             import/export statements"
                        ),
                        fix(
                            vec![Edit::insert(s, self.nl, 0)],
                            "added a blank line after the import/export statements",
                        ),
                    );
                    // Scan the lines after the statements as the page they will be.
                    self.prose_region = Some(k);
                    return Some(s);
                }
                if !valid {
                    let first = snippet(self.text, r.range.start, r.range.end);
                    self.push(
                        r.range.start,
                        "import-export",
                        format!(
                            "MDX reads a paragraph starting with `import`/`export` as JavaScript \
                             (“{first}”): reword it so that it does not start with that word"
                        ),
                        None,
                    );
                }
                Some(r.range.end)
            }
        }
    }

    fn indented_code(&mut self, r: Range<usize>, col: usize) {
        let block = &self.text[r.clone()];
        let lines: Vec<&str> = block.split_inclusive('\n').collect();
        let pad = " ".repeat(col.saturating_sub(4));
        let fixable = col >= 4
            && lines
                .iter()
                .filter(|l| !l.trim().is_empty())
                .all(|l| l.len() > col && l.is_char_boundary(col) && l[..col].trim().is_empty())
            && !lines
                .iter()
                .any(|l| l[..l.len() - l.trim_start().len()].contains('\t'));
        let fix = if fixable {
            let longest = block.split(|c| c != '`').map(str::len).max().unwrap_or(0);
            let fence = "`".repeat((longest + 1).max(3));
            let mut code = format!("{pad}{fence}{}", self.nl);
            for l in &lines {
                if l.trim().is_empty() {
                    code.push_str(if l.ends_with("\r\n") { "\r\n" } else { "\n" });
                } else {
                    // Inside a fence at `pad`, content lines lose that indentation.
                    code.push_str(&pad);
                    code.push_str(&l[col..]);
                }
            }
            if !code.ends_with('\n') {
                code.push_str(self.nl);
            }
            code.push_str(&format!("{pad}{fence}{}", self.nl));
            fix(
                vec![Edit::replace(r.clone(), code)],
                "turned indented code into a fenced code block",
            )
        } else {
            None
        };
        let indent = col.min(block.len());
        let first = snippet(self.text, r.start + indent, r.end);
        self.push(
            r.start,
            "indented-code",
            format!(
                "MDX has no indented code blocks, so “{first}” renders as a paragraph (and any \
                 `<` or `{{` in it breaks the build): use a fenced block with a language, \
                 ```` ```bash ````"
            ),
            fix,
        );
    }

    fn backticks(&mut self, i: usize) -> usize {
        let b = self.b;
        let limit = self.limit();
        let run = |k: usize| b[k..limit].iter().take_while(|c| **c == b'`').count();
        let n = run(i);
        let mut k = i + n;
        while k < limit {
            if b[k] == b'`' {
                let m = run(k);
                if m == n {
                    return k + m;
                }
                k += m;
            } else {
                k += 1;
            }
        }
        i + n
    }

    /// Text-level tags must close in their paragraph.
    fn flush_text(&mut self) {
        if !self.stack.iter().any(|o| !o.flow) {
            return;
        }
        let all = std::mem::take(&mut self.stack);
        let mut kept = Vec::new();
        for o in all {
            if o.flow {
                kept.push(o);
            } else {
                self.unclosed(o);
            }
        }
        self.stack = kept;
    }

    fn unclosed(&mut self, o: OpenTag) {
        if let Some(idx) = o.finding {
            // A placeholder like `<url>` or `<T>`: show it as code.
            let tag = &self.text[o.tag.clone()];
            if o.plain && !tag.contains('`') && self.out[idx].fix.is_none() {
                self.out[idx].fix = code_or_escape(self.text, o.tag.clone(), o.tag.start);
            }
            return;
        }
        let shown = if o.name.is_empty() {
            "<>".to_string()
        } else {
            format!("<{}>", o.name)
        };
        let close = if o.name.is_empty() {
            "</>".to_string()
        } else {
            format!("</{}>", o.name)
        };
        let where_ = if o.flow {
            "before the end of the page"
        } else {
            "in the same paragraph"
        };
        let idx = self.push(
            o.at,
            "unclosed-tag",
            format!(
                "`{shown}` is never closed: MDX needs `{close}` {where_} (or a self-closing \
                 `<{} />`), or write it as `&lt;` / in backticks if it is not a tag",
                o.name
            ),
            None,
        );
        // `<details><summary>…` starts a paragraph: if a `</details>` alone on its line comes
        // later, the opening tag belongs alone on its line too.
        let ls = line_start(self.b, o.at);
        if !o.flow && self.b[ls..o.at].iter().all(|c| matches!(c, b' ' | b'\t')) {
            self.line_openers.push((o.name, idx, o.tag.end));
        }
    }

    fn lt(&mut self, i: usize) -> usize {
        let (text, b) = (self.text, self.b);
        let limit = self.limit();
        if text[i..].starts_with("<!--") {
            return self.comment(i);
        }
        let le = line_end(b, i);
        if let Some(end) = autolink_end(b, i, le) {
            self.autolink(i, end);
            return end;
        }
        // `a < b` is text, but a `<` that ends its paragraph is a broken tag.
        let ends = match b.get(i + 1) {
            None => true,
            Some(b'\n' | b'\r') => skip_ws(b, i + 1, limit) >= limit,
            Some(_) => i + 1 >= limit,
        };
        if ends {
            self.bad_lt(i);
            return i + 1;
        }
        let next = b[i + 1];
        if next.is_ascii_whitespace() {
            return i + 1;
        }
        let prev_ident = i > self.body && is_ident_byte(b[i - 1]);
        let parsed = if next == b'/' || is_name_start(next) || next == b'>' {
            parse_tag(b, i, limit)
        } else {
            Err(i + 1)
        };
        if prev_ident && !matches!(next, b'=' | b'-' | b'<' | b'/' | b'0'..=b'9' | b'>') {
            let html = parsed
                .as_ref()
                .is_ok_and(|t| !t.closing && is_html_element(&t.name));
            if !html && let Some(span) = generic_span(b, self.body, i, le) {
                let g = &text[span.clone()];
                self.push(
                    i,
                    "generic",
                    format!(
                        "MDX reads the `<` of `{g}` as the start of a JSX tag: put it in \
                         backticks, `` `{g}` ``"
                    ),
                    code_or_escape(text, span.clone(), i),
                );
                return span.end;
            }
        }
        match parsed {
            Ok(t) if t.name.is_empty() && !t.closing && !text[t.end..].contains("</>") => {
                self.bad_lt(i);
                i + 1
            }
            Ok(t) => {
                let end = t.end;
                self.tag(t);
                end
            }
            Err(_) => {
                let after = text[i + 1..].trim_start_matches('/');
                if !after.as_bytes().first().is_some_and(|c| is_name_start(*c)) {
                    self.bad_lt(i);
                    return i + 1;
                }
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if name.is_empty() {
                    self.bad_lt(i);
                    return i + 1;
                }
                let tag_like = is_html_element(&name)
                    || name.as_bytes()[0].is_ascii_uppercase()
                        && self.names.contains(name.as_str());
                let fixable = !tag_like || !text[i + 1..le].contains('>');
                let shown = snippet(text, i, le);
                self.push(
                    i,
                    "invalid-tag",
                    format!(
                        "“{shown}” starts a JSX tag in MDX but is not a valid one: write `<` as \
                         `&lt;` or put the code in backticks; for HTML, quote every attribute \
                         value"
                    ),
                    if fixable {
                        fix(
                            vec![Edit::replace(i..i + 1, "&lt;")],
                            format!("wrote `<` as `&lt;` in “{shown}”"),
                        )
                    } else {
                        None
                    },
                );
                i + 1
            }
        }
    }

    fn bad_lt(&mut self, i: usize) {
        let shown = snippet(self.text, i, i + 12);
        self.push(
            i,
            "bad-lt",
            format!(
                "MDX reads `<` followed by a character that cannot start a tag name as a broken \
                 tag (“{shown}”): write it as `&lt;` or put it in backticks"
            ),
            fix(
                vec![Edit::replace(i..i + 1, "&lt;")],
                format!("wrote `<` as `&lt;` in “{shown}”"),
            ),
        );
    }

    fn comment(&mut self, i: usize) -> usize {
        let Some(close) = self.text[i + 4..].find("-->") else {
            self.push(
                i,
                "unclosed-comment",
                "this HTML comment `<!--` is never closed with `-->`: close it, or remove it"
                    .into(),
                None,
            );
            return i + 4;
        };
        let end = i + 4 + close + 3;
        if self.v4 {
            let inner = &self.text[i + 4..end - 3];
            let mut edits = vec![
                Edit::replace(i..i + 4, "{/*"),
                Edit::replace(end - 3..end, "*/}"),
            ];
            for (k, _) in inner.match_indices("*/") {
                edits.push(Edit::replace(i + 4 + k..i + 4 + k + 2, "* /"));
            }
            self.push(
                i,
                "html-comment",
                "with the v4 flag, HTML comments `<!-- … -->` break MDX: write `{/* … */}`".into(),
                fix(
                    edits,
                    "turned an HTML comment into an MDX comment `{/* … */}`",
                ),
            );
        }
        end
    }

    fn autolink(&mut self, i: usize, end: usize) {
        let url = &self.text[i + 1..end - 1];
        let label: String = url
            .chars()
            .flat_map(|c| match c {
                '{' | '[' | ']' | '*' | '_' | '`' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        let email = !url.contains(':');
        let mut dest = if email {
            format!("mailto:{url}")
        } else {
            url.to_string()
        };
        dest = dest.replace('(', "\\(").replace(')', "\\)");
        let link = format!("[{label}]({dest})");
        self.push(
            i,
            "autolink",
            format!(
                "MDX does not support autolinks like `<{url}>`: write a Markdown link, `{link}`"
            ),
            fix(
                vec![Edit::replace(i..end, link.clone())],
                format!("turned `<{url}>` into `{link}`"),
            ),
        );
    }

    fn brace(&mut self, i: usize) -> usize {
        let limit = self.limit();
        let end = expr_end(self.b, i, limit);
        if let Some(e) = end
            && expression_ok(&self.text[i + 1..e - 1], &self.names)
        {
            return e;
        }
        let shown = snippet(self.text, i, end.unwrap_or(i + 30));
        let message = match end {
            Some(_) => format!(
                "MDX reads `{shown}` as a JavaScript expression (it fails the build, or renders \
                 nothing): escape the brace as `\\{{` or put the text in backticks"
            ),
            None => format!(
                "MDX reads `{{` as the start of a JavaScript expression that is never closed \
                 (“{shown}”): escape it as `\\{{` or put the text in backticks"
            ),
        };
        self.push(
            i,
            "brace",
            message,
            fix(
                vec![Edit::insert(i, "\\", 0)],
                format!("escaped `{{` as `\\{{` in “{shown}”"),
            ),
        );
        // One problem per expression (`${{ x }}`): braces inside come out once it is escaped.
        end.unwrap_or(i + 1)
    }

    fn tag(&mut self, t: JsxTag) {
        let (text, b) = (self.text, self.b);
        let limit = self.limit();
        // A line of tags only is a block of its own: it ends the paragraph before it.
        let flow = self.flow_at(t.start);
        if flow {
            self.flush_text();
        }
        if t.closing {
            let same_level = self
                .stack
                .iter()
                .rposition(|o| o.name == t.name && o.flow == flow);
            let any_level = self.stack.iter().rposition(|o| o.name == t.name);
            if let Some(k) = same_level {
                let above: Vec<OpenTag> = self.stack.drain(k + 1..).collect();
                for o in above {
                    self.unclosed(o);
                }
                self.stack.pop();
            } else if let Some(k) = any_level {
                // `text</div>` for a `<div>` alone on its line: MDX wants `</div>` alone too.
                let ls = line_start(b, t.start);
                let (prefix, _) = strip_prefix_markers(&text[ls..line_end(b, ls)]);
                let rest_blank = text[t.end..line_end(b, t.end)].trim().is_empty();
                let opened = self.stack[k].at;
                let line = text[..opened].matches('\n').count() + 1;
                self.push(
                    t.start,
                    "unmatched-closing-tag",
                    format!(
                        "`</{0}>` closes the `<{0}>` of line {line} only when it is alone on its \
                         line, like the opening tag: put it on a line of its own",
                        t.name
                    ),
                    if rest_blank && t.start > ls + prefix.len() && !prefix.contains('>') {
                        fix(
                            vec![Edit::insert(t.start, format!("{}{prefix}", self.nl), 0)],
                            format!("put `</{}>` on a line of its own", t.name),
                        )
                    } else {
                        None
                    },
                );
                let above: Vec<OpenTag> = self.stack.drain(k + 1..).collect();
                for o in above {
                    self.unclosed(o);
                }
                self.stack.pop();
            } else if let Some(pos) = self
                .line_openers
                .iter()
                .rposition(|(name, _, _)| flow && *name == t.name)
            {
                let (_, idx, after) = self.line_openers.remove(pos);
                let ls = line_start(b, after);
                let indent = &text[ls..ls + (text[ls..].len() - text[ls..].trim_start().len())];
                let indent = indent.trim_end_matches(['\n', '\r']);
                let opener = snippet(text, self.out[idx].at, after);
                self.out[idx].message.push_str(&format!(
                    ": `</{}>` is alone on its line, so `{opener}` must be too",
                    t.name
                ));
                self.out[idx].fix = fix(
                    vec![Edit::insert(after, format!("{}{indent}", self.nl), 0)],
                    format!("put `{opener}` on a line of its own"),
                );
                self.push(
                    t.start,
                    "unmatched-closing-tag",
                    format!(
                        "`</{0}>` closes nothing, because `<{0}>` is not alone on its line",
                        t.name
                    ),
                    None,
                );
            } else if VOID_ELEMENTS.contains(&t.name.as_str()) {
                self.push(
                    t.start,
                    "void-tag",
                    format!(
                        "`</{0}>` closes nothing: write the element as `<{0} />`",
                        t.name
                    ),
                    fix(
                        vec![Edit::replace(t.start..t.end, format!("<{} />", t.name))],
                        format!("wrote `</{0}>` as `<{0} />`", t.name),
                    ),
                );
            } else {
                self.push(
                    t.start,
                    "unmatched-closing-tag",
                    format!(
                        "`</{}>` closes a tag that is not open here: remove it or add the \
                         opening tag",
                        t.name
                    ),
                    None,
                );
            }
            return;
        }
        for a in &t.attrs {
            if a.name == "style"
                && let AttrValue::Str(v) = &a.value
            {
                self.style_attr(a, v.clone());
            }
        }
        let name = t.name.clone();
        let mut finding = None;
        if !name.is_empty() {
            let first = name.as_bytes()[0];
            if first.is_ascii_uppercase() || name.contains('.') {
                let base = name.split('.').next().unwrap_or(&name);
                if !self.names.contains(base) && !GLOBAL_COMPONENTS.contains(&base) {
                    let import = KNOWN_COMPONENTS.iter().find(|(c, _)| *c == base);
                    let message = match import {
                        Some((c, m)) => format!(
                            "`<{name}>` is used without an import, so the page fails to render: \
                             add `import {c} from '{m}';` after the front matter"
                        ),
                        None => format!(
                            "`<{name}>` is a component that this page neither imports nor \
                             defines, so the page fails to render: import it, or if it is a \
                             type or placeholder, put it in backticks"
                        ),
                    };
                    let idx = self.push(t.start, "missing-import", message, None);
                    if import.is_some() {
                        self.missing.push((idx, base.to_string()));
                    }
                    finding = Some(idx);
                }
            } else if !is_html_element(&name) {
                finding = Some(self.push(
                    t.start,
                    "unknown-tag",
                    format!(
                        "`<{name}>` is not an HTML element: MDX reads it as one (it is probably \
                         a placeholder or a type): put it in backticks or write `&lt;{name}>`"
                    ),
                    None,
                ));
            }
        }
        if t.self_closing {
            return;
        }
        if VOID_ELEMENTS.contains(&name.as_str()) && finding.is_none() {
            let after = skip_ws(self.b, t.end, limit);
            if !text[after..].starts_with(&format!("</{name}>")) {
                let gt = t.end - 1;
                let slash = if self.b[gt - 1].is_ascii_whitespace() {
                    "/"
                } else {
                    " /"
                };
                self.push(
                    t.start,
                    "void-tag",
                    format!("MDX needs `<{name}>` to be self-closing: write `<{name} />`"),
                    fix(
                        vec![Edit::insert(gt, slash, 0)],
                        format!("made `<{name}>` self-closing"),
                    ),
                );
                return;
            }
        }
        self.stack.push(OpenTag {
            name,
            at: t.start,
            tag: t.start..t.end,
            flow,
            finding,
            plain: t.attrs.is_empty(),
        });
    }

    /// The tag starts its line and only tags follow it on the line.
    /// The tag at `i` is on a line made only of tags (and expressions): a JSX block, which may
    /// hold paragraphs, and which interrupts a paragraph.
    fn flow_at(&mut self, i: usize) -> bool {
        if let Some((s, e, f)) = self.flow_span
            && s <= i
            && i < e
        {
            return f;
        }
        let (text, b) = (self.text, self.b);
        let limit = self.limit();
        let ls = line_start(b, i).max(self.body);
        let mut j = ls;
        while j < limit && matches!(b[j], b' ' | b'\t' | b'>') {
            j += 1;
        }
        let flow = loop {
            while j < limit && matches!(b[j], b' ' | b'\t' | b'\r') {
                j += 1;
            }
            if j >= limit || b[j] == b'\n' {
                break true;
            }
            let next = match b[j] {
                b'<' if text[j..].starts_with("<!--") => {
                    text[j + 4..].find("-->").map(|k| j + 4 + k + 3)
                }
                b'<' => parse_tag(b, j, limit).ok().map(|t| t.end),
                b'{' => expr_end(b, j, limit),
                _ => None,
            };
            match next {
                Some(n) => j = n,
                None => break false,
            }
        };
        self.flow_span = Some((ls, j.max(i + 1), flow));
        flow
    }

    fn style_attr(&mut self, a: &Attr, value: Range<usize>) {
        let css = &self.text[value];
        let (edit, note) = match style_object(css) {
            Some(obj) => (
                Edit::replace(a.range.clone(), format!("style={obj}")),
                format!("wrote `style=\"{css}\"` as `style={obj}`"),
            ),
            None => {
                let mut start = a.range.start;
                while start > 0 && self.b[start - 1].is_ascii_whitespace() {
                    start -= 1;
                }
                (
                    Edit::replace(start..a.range.end, ""),
                    format!("dropped `style=\"{css}\"`, which MDX cannot render"),
                )
            }
        };
        self.push(
            a.range.start,
            "style-string",
            format!(
                "MDX needs `style` as an object, not a string: write `style={{{{color: 'red'}}}}` \
                 instead of `style=\"{css}\"`, or use `className`"
            ),
            fix(vec![edit], note),
        );
    }

    /// One import edit for all the known components used without an import.
    fn import_fix(&mut self) {
        if self.missing.is_empty() {
            return;
        }
        let wanted: BTreeMap<&str, &str> = self
            .missing
            .iter()
            .filter_map(|(_, n)| KNOWN_COMPONENTS.iter().find(|(c, _)| c == n).copied())
            .collect();
        let mut lines: String = wanted
            .iter()
            .map(|(c, m)| format!("import {c} from '{m}';{}", self.nl))
            .collect();
        let first = &self.text[self.body..line_end(self.b, self.body)];
        // A blank line keeps the imports a block of their own, whatever follows.
        if !(is_blank(first) || self.body == self.text.len()) {
            lines.push_str(self.nl);
        }
        let names: Vec<&str> = wanted.keys().copied().collect();
        let f = fix(
            vec![Edit::insert(self.body, lines, 0)],
            format!("imported {}", names.join(", ")),
        );
        for (idx, _) in std::mem::take(&mut self.missing) {
            self.out[idx].fix = f.clone();
        }
    }
}

/// Puts `span` in backticks, or when a backtick or backslash touches it (the new backticks
/// would join another run), writes the `<` at `lt` as `&lt;`.
fn code_or_escape(text: &str, span: Range<usize>, lt: usize) -> Option<Fix> {
    let b = text.as_bytes();
    let shown = &text[span.clone()];
    let touches = span.start > 0 && matches!(b[span.start - 1], b'`' | b'\\')
        || b.get(span.end) == Some(&b'`');
    if touches {
        return fix(
            vec![Edit::replace(lt..lt + 1, "&lt;")],
            format!("wrote `<` as `&lt;` in `{shown}`"),
        );
    }
    fix(
        vec![
            Edit::insert(span.start, "`", 0),
            Edit::insert(span.end, "`", 0),
        ],
        format!("put `{shown}` in backticks"),
    )
}

fn is_atx_heading(content: &str) -> bool {
    let n = content.bytes().take_while(|c| *c == b'#').count();
    (1..=6).contains(&n) && (content.len() == n || content[n..].starts_with([' ', '\t']))
}

fn starts_keyword(line: &str, kw: &str) -> bool {
    line.strip_prefix(kw)
        .is_some_and(|r| r.starts_with([' ', '\t', '{', '*', '"', '\'']))
}

/// A bare `https://…` or `www.…` URL, which GFM turns into a link (braces included, so they
/// are no expression): its end.
fn literal_url_end(b: &[u8], i: usize, limit: usize) -> Option<usize> {
    let rest = &b[i..limit];
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    let skip = if starts(b"https://") {
        8
    } else if starts(b"http://") {
        7
    } else if starts(b"www.") {
        0
    } else {
        return None;
    };
    if i > 0 && !(b[i - 1].is_ascii_whitespace() || b"*_~(".contains(&b[i - 1])) {
        return None;
    }
    let domain = rest[skip..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_'))
        .count();
    if !rest[skip..skip + domain].contains(&b'.') {
        return None;
    }
    let len = rest
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'<')
        .unwrap_or(rest.len());
    Some(i + len)
}

/// `<scheme:…>` or `<user@host>`: the end of the autolink.
fn autolink_end(b: &[u8], i: usize, le: usize) -> Option<usize> {
    let close = i + 1 + b[i + 1..le].iter().position(|c| *c == b'>')?;
    let inner = &b[i + 1..close];
    if inner.is_empty() || inner.iter().any(|c| c.is_ascii_whitespace() || *c == b'<') {
        return None;
    }
    let scheme_len = inner
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'.' | b'-'))
        .count();
    let uri = inner[0].is_ascii_alphabetic()
        && (2..=32).contains(&scheme_len)
        && inner.get(scheme_len) == Some(&b':')
        && inner.len() > scheme_len + 1;
    let email = {
        let at = inner.iter().position(|c| *c == b'@');
        at.is_some_and(|a| {
            a > 0
                && a + 1 < inner.len()
                && inner[..a]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(c))
                && inner[a + 1..]
                    .iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
                && inner[a + 1..].contains(&b'.')
        })
    };
    (uri || email).then_some(close + 1)
}

/// `Vec<String>`, `HashMap<K, V>`, `Option<Box<T>>::new()`: the whole span to put in backticks.
fn generic_span(b: &[u8], body: usize, i: usize, le: usize) -> Option<Range<usize>> {
    let ls = line_start(b, i).max(body);
    let mut s = i;
    while s > ls && (is_ident_byte(b[s - 1]) || b[s - 1] == b':' || b[s - 1] == b'.') {
        s -= 1;
    }
    while s < i && (b[s] == b':' || b[s] == b'.') {
        s += 1;
    }
    if s == i || !b[s].is_ascii_alphabetic() && b[s] != b'_' {
        return None;
    }
    let mut depth = 0usize;
    let mut k = i;
    loop {
        if k >= le || k - i > 120 {
            return None;
        }
        match b[k] {
            b'<' => depth += 1,
            b'>' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            b'`' | b'{' | b'}' | b'\n' | b'\r' => return None,
            _ => {}
        }
        k += 1;
    }
    let mut e = k + 1;
    while e + 2 < le && &b[e..e + 2] == b"::" && is_name_start(b[e + 2]) {
        e += 2;
        while e < le && is_ident_byte(b[e]) {
            e += 1;
        }
    }
    if e < le
        && b[e] == b'('
        && let Some(p) = b[e..le].iter().position(|c| *c == b')')
        && !b[e + 1..e + p]
            .iter()
            .any(|c| matches!(c, b'`' | b'(' | b'{'))
    {
        e += p + 1;
    }
    Some(s..e)
}

/// A JSX tag at `i` (`<`), as MDX reads it; Err is where it stops being one.
fn parse_tag(b: &[u8], i: usize, limit: usize) -> Result<JsxTag, usize> {
    let text = std::str::from_utf8(b).unwrap_or("");
    let at = |j: usize| if j < limit { Some(b[j]) } else { None };
    let mut j = i + 1;
    let closing = at(j) == Some(b'/');
    if closing {
        j = skip_ws(b, j + 1, limit);
    }
    let mut tag = JsxTag {
        start: i,
        end: i,
        name: String::new(),
        closing,
        self_closing: false,
        attrs: Vec::new(),
    };
    if at(j) == Some(b'>') {
        tag.end = j + 1;
        return Ok(tag);
    }
    if !at(j).is_some_and(is_name_start) {
        return Err(j);
    }
    let name_start = j;
    while at(j).is_some_and(|c| is_name_byte(c) || c == b'.' || c == b':') {
        j += 1;
    }
    tag.name = text[name_start..j].to_string();
    loop {
        j = skip_ws(b, j, limit);
        match at(j) {
            None => return Err(j),
            Some(b'>') => {
                tag.end = j + 1;
                return Ok(tag);
            }
            Some(b'/') if !closing => {
                j = skip_ws(b, j + 1, limit);
                if at(j) != Some(b'>') {
                    return Err(j);
                }
                tag.self_closing = true;
                tag.end = j + 1;
                return Ok(tag);
            }
            Some(b'{') if !closing => {
                j = expr_end(b, j, limit).ok_or(j)?;
            }
            Some(c) if !closing && is_name_start(c) => {
                let a0 = j;
                while at(j).is_some_and(|c| is_name_byte(c) || c == b':' || c == b'.') {
                    j += 1;
                }
                let name = text[a0..j].to_string();
                let k = skip_ws(b, j, limit);
                let value = if at(k) == Some(b'=') {
                    let v = skip_ws(b, k + 1, limit);
                    match at(v) {
                        Some(q @ (b'"' | b'\'')) => {
                            let close = b[v + 1..limit].iter().position(|c| *c == q).ok_or(v)?;
                            j = v + 1 + close + 1;
                            AttrValue::Str(v + 1..v + 1 + close)
                        }
                        Some(b'{') => {
                            j = expr_end(b, v, limit).ok_or(v)?;
                            AttrValue::Expr
                        }
                        _ => return Err(v),
                    }
                } else {
                    AttrValue::None
                };
                tag.attrs.push(Attr {
                    name,
                    range: a0..j,
                    value,
                });
            }
            Some(_) => return Err(j),
        }
    }
}

/// The end of the `{…}` expression at `i`, counting braces outside strings and comments.
fn expr_end(b: &[u8], i: usize, limit: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    while j < limit {
        match b[j] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            q @ (b'"' | b'\'' | b'`') => {
                j += 1;
                while j < limit && b[j] != q {
                    if b[j] == b'\\' {
                        j += 1;
                    }
                    j += 1;
                }
                if j >= limit {
                    return None;
                }
            }
            b'/' if b.get(j + 1) == Some(&b'*') => {
                let close = b[j + 2..limit].windows(2).position(|w| w == b"*/")?;
                j += 2 + close + 1;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// An expression that renders fine: a comment, a string, or a name the page defines.
fn expression_ok(content: &str, names: &BTreeSet<String>) -> bool {
    let t = content.trim();
    if t.len() >= 4 && t.starts_with("/*") && t.ends_with("*/") && !t[2..t.len() - 2].contains("*/")
    {
        return true;
    }
    if t.len() >= 2
        && (t.starts_with('\'') && t.ends_with('\'') || t.starts_with('"') && t.ends_with('"'))
        && !t[1..t.len() - 1].contains(['\'', '"', '\n'])
    {
        return true;
    }
    let ident: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    !ident.is_empty() && (names.contains(&ident) || MDX_GLOBALS.contains(&ident.as_str()))
}

/// `style="color: red; font-size: 2em"` as `{{color: 'red', fontSize: '2em'}}`, when trivial.
fn style_object(css: &str) -> Option<String> {
    let mut parts = Vec::new();
    for decl in css.split(';') {
        let d = decl.trim();
        if d.is_empty() {
            continue;
        }
        let (prop, value) = d.split_once(':')?;
        let (prop, value) = (prop.trim(), value.trim());
        if prop.is_empty()
            || value.is_empty()
            || !prop.bytes().all(|c| c.is_ascii_lowercase() || c == b'-')
            || value.contains(['\'', '"', '\\', '{', '}', '\n', '!'])
        {
            return None;
        }
        let mut camel = String::new();
        let mut upper = false;
        let vendor = prop.starts_with('-') && !prop.starts_with("-ms-");
        for (k, c) in prop.trim_start_matches('-').chars().enumerate() {
            if c == '-' {
                upper = true;
            } else if upper || (k == 0 && vendor) {
                camel.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                camel.push(c);
            }
        }
        parts.push(format!("{camel}: '{value}'"));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!("{{{{{}}}}}", parts.join(", ")))
}

/// The names an ESM block defines, or None when it is not valid `import`/`export` statements.
fn esm_names(block: &str) -> Option<Vec<String>> {
    let mut statements: Vec<String> = Vec::new();
    for line in block.lines() {
        if starts_keyword(line, "import") || starts_keyword(line, "export") {
            statements.push(line.to_string());
        } else if let Some(last) = statements.last_mut() {
            last.push('\n');
            last.push_str(line);
        } else {
            return None;
        }
    }
    let mut names = Vec::new();
    for s in &statements {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("import") {
            import_names(rest, &mut names)?;
        } else {
            export_names(&s["export".len()..], &mut names)?;
        }
    }
    Some(names)
}

fn is_js_ident(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && is_name_start(b[0])
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
}

fn is_string_literal(s: &str) -> bool {
    s.len() >= 2
        && (s.starts_with('\'') && s.ends_with('\'') || s.starts_with('"') && s.ends_with('"'))
        && !s[1..s.len() - 1].contains(['\n', '\'', '"'])
}

fn import_names(rest: &str, names: &mut Vec<String>) -> Option<()> {
    let rest = rest.trim().trim_end_matches(';').trim_end();
    if is_string_literal(rest) {
        return Some(());
    }
    let from = rest.rfind("from")?;
    let (clause, source) = (rest[..from].trim(), rest[from + 4..].trim());
    if !is_string_literal(source) || clause.is_empty() {
        return None;
    }
    let clause = clause.strip_prefix("type ").unwrap_or(clause).trim();
    // `Default`, `{a, b as c}`, `* as ns`, or a default then one of the others.
    let items: Vec<&str> = match clause.split_once(',') {
        Some((first, rest)) if !clause.starts_with('{') => vec![first.trim(), rest.trim()],
        _ => vec![clause],
    };
    for item in items {
        if let Some(inner) = item.strip_prefix('{') {
            let inner = inner.strip_suffix('}')?;
            for spec in inner.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let spec = spec.strip_prefix("type ").unwrap_or(spec);
                let local = spec.rsplit(" as ").next()?.trim();
                if !is_js_ident(local) {
                    return None;
                }
                names.push(local.to_string());
            }
        } else if let Some(ns) = item.strip_prefix('*') {
            let local = ns.trim().strip_prefix("as")?.trim();
            if !is_js_ident(local) {
                return None;
            }
            names.push(local.to_string());
        } else if is_js_ident(item) {
            names.push(item.to_string());
        } else {
            return None;
        }
    }
    Some(())
}

fn export_names(rest: &str, names: &mut Vec<String>) -> Option<()> {
    let rest = rest.trim_start();
    if rest.starts_with('{') || rest.starts_with('*') {
        return Some(());
    }
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    let after = rest[word.len()..].trim_start();
    let ident_len = |s: &str| {
        s.bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'$')
            .count()
    };
    match word.as_str() {
        "default" => {
            // `export default function …`, `… class …`, `(…)`, `{…}`, a literal or one name.
            let n = ident_len(after);
            let tail = after[n..].trim();
            let ok = ["function", "class", "async"].contains(&&after[..n])
                || after.starts_with(['(', '{', '[', '<', '\'', '"', '`'])
                || after.as_bytes().first().is_some_and(u8::is_ascii_digit)
                || (n > 0 && (tail.is_empty() || tail == ";"));
            ok.then_some(())
        }
        "type" | "interface" => (ident_len(after) > 0).then_some(()),
        "const" | "let" | "var" | "function" | "class" | "async" => {
            let after = after
                .strip_prefix("function")
                .map_or(after, str::trim_start)
                .trim_start_matches('*')
                .trim_start();
            let n = ident_len(after);
            let name = &after[..n];
            let tail = after[n..].trim_start();
            let follows = match word.as_str() {
                "const" | "let" | "var" => tail.starts_with(['=', ':']),
                "class" => tail.starts_with('{') || tail.starts_with("extends"),
                _ => tail.starts_with(['(', '<']),
            };
            if is_js_ident(name) && follows {
                names.push(name.to_string());
                Some(())
            } else if n == 0 && after.starts_with(['{', '[']) {
                Some(())
            } else {
                None
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MDX: MdxMode = MdxMode {
        format: Format::Mdx,
        v4: false,
    };
    const V4: MdxMode = MdxMode {
        format: Format::Mdx,
        v4: true,
    };
    const DETECT: MdxMode = MdxMode {
        format: Format::Detect,
        v4: false,
    };
    const MD: MdxMode = MdxMode {
        format: Format::Md,
        v4: true,
    };

    /// The page shape of the measured cases: the body starts on line 5.
    fn page(body: &str) -> String {
        format!("---\ntitle: Case\n---\n\n{body}")
    }

    fn found(text: &str, mode: MdxMode) -> Vec<(usize, &'static str)> {
        found_at("docs/case.md", text, mode)
    }

    fn found_at(path: &str, text: &str, mode: MdxMode) -> Vec<(usize, &'static str)> {
        check(path, text, mode)
            .into_iter()
            .map(|p| (p.line, p.code))
            .collect()
    }

    fn fixed(text: &str, mode: MdxMode) -> String {
        repair("docs/case.md", text, mode).0
    }

    fn clean(text: &str, mode: MdxMode) {
        let p = check("docs/case.md", text, mode);
        assert!(p.is_empty(), "expected no problem in {text:?}, got {p:#?}");
    }

    /// The failure table of DOCUSAURUS.md section 4: (page, mode, code, line).
    fn failure_table() -> Vec<(String, MdxMode, &'static str, usize)> {
        let b = |body: &str, mode, code, line| (page(body), mode, code, line);
        let raw = |text: &str, code, line| (text.to_string(), MDX, code, line);
        vec![
            b("Returns a Vec<String> of names.\n", MDX, "generic", 5),
            b("Values under <5 are ignored.\n", MDX, "bad-lt", 5),
            b("Use it when a <= b.\n", MDX, "bad-lt", 5),
            b("Arrows <-> go both ways.\n", MDX, "bad-lt", 5),
            b("See <https://example.com/docs>.\n", MDX, "autolink", 5),
            b("Write to <team@example.com>.\n", MDX, "autolink", 5),
            b("Install version {version}.\n", MDX, "brace", 5),
            b("Send {\"a\": 1} as the body.\n", MDX, "brace", 5),
            b("Use ${{ secrets.TOKEN }} in CI.\n", MDX, "brace", 5),
            b("A lone { here.\n", MDX, "brace", 5),
            b("<div>\n\nNever closed.\n", MDX, "unclosed-tag", 5),
            b(
                "<details>\n<summary>More</summary>\n\nBody.\n",
                MDX,
                "unclosed-tag",
                5,
            ),
            b("Some <b>bold text.\n", MDX, "unclosed-tag", 5),
            b("Line<br>break.\n", MDX, "void-tag", 5),
            b("Above.\n\n<hr>\n\nBelow.\n", MDX, "void-tag", 7),
            b(
                "<img src=\"/img/logo.png\" alt=\"logo\">\n",
                MDX,
                "void-tag",
                5,
            ),
            b(
                "<div style=\"color: red\">Red</div>\n",
                MDX,
                "style-string",
                5,
            ),
            b(
                "<div style=\"color: red !important\">Red</div>\n",
                MDX,
                "style-string",
                5,
            ),
            b(
                "<Tabs>\n<TabItem value=\"a\">A</TabItem>\n</Tabs>\n",
                MDX,
                "missing-import",
                5,
            ),
            b("import the file first.\n", MDX, "import-export", 5),
            b("export the data as CSV.\n", MDX, "import-export", 5),
            b(
                "Run this:\n\n    if a < b { go() }\n",
                MDX,
                "indented-code",
                7,
            ),
            raw(
                "---\ntitle: Setup: the basics\n---\n\n# Setup\n",
                "front-matter-yaml",
                2,
            ),
            raw("---\ntitle: 'unclosed\n---\n", "front-matter-yaml", 2),
            raw("---\ntitle: x\n\n# Page\n", "front-matter-unclosed", 1),
            raw("---\ntags: rust\n---\n", "front-matter-not-list", 2),
            raw(
                "---\nkeywords: rust, docs\n---\n",
                "front-matter-not-list",
                2,
            ),
            raw(
                "---\nsidebar_position: first\n---\n",
                "front-matter-not-number",
                2,
            ),
            raw("---\nid: a/b\n---\n", "front-matter-id-slash", 2),
            raw("---\ntitle: 2024\n---\n", "front-matter-not-text", 2),
            b(
                ":::note\n\nNever closed.\n\n## Later\n",
                MDX,
                "unclosed-admonition",
                5,
            ),
            b(
                "```bash\necho never closed\n\n## Later\n",
                MDX,
                "unclosed-fence",
                5,
            ),
            b(":::warn\n\nCareful.\n\n:::\n", MDX, "unknown-admonition", 5),
            b(
                ":::tip My title\n\nText.\n\n:::\n",
                MDX,
                "admonition-title",
                5,
            ),
            b(
                ":::tip My title\n\nText.\n\n:::\n",
                V4,
                "admonition-title",
                5,
            ),
            b("<!-- a comment -->\n\nText.\n", V4, "html-comment", 5),
            b("## Heading {#custom-id}\n", V4, "heading-id", 5),
            b("A link <a href=x>here</a>.\n", MDX, "invalid-tag", 5),
            b("Type <T> here.\n", MDX, "missing-import", 5),
            b("Replace <your-token> with yours.\n", MDX, "unknown-tag", 5),
        ]
    }

    #[test]
    fn every_case_of_the_failure_table_is_found_on_its_line() {
        for (text, mode, code, line) in failure_table() {
            let got = found(&text, mode);
            assert!(got.iter().all(|(_, c)| CODES.contains(c)), "{got:?}");
            assert!(
                got.contains(&(line, code)),
                "{code} on line {line} expected in {text:?}, got {got:?}"
            );
        }
    }

    #[test]
    fn after_repair_no_repaired_code_is_left() {
        for (text, mode, code, _) in failure_table() {
            let repaired_codes: BTreeSet<&str> = analyze("docs/case.md", &text, mode)
                .into_iter()
                .filter(|f| f.fix.is_some())
                .map(|f| f.code)
                .collect();
            let (out, notes) = repair("docs/case.md", &text, mode);
            let left = found(&out, mode);
            for (line, c) in &left {
                assert!(
                    !repaired_codes.contains(c),
                    "{c} (line {line}) is still there after repairing {text:?}:\n{out}"
                );
            }
            assert_eq!(notes.is_empty(), repaired_codes.is_empty(), "{text:?}");
            // Repairing twice changes nothing more.
            let (again, more) = repair("docs/case.md", &out, mode);
            assert_eq!(again, out, "repair is not idempotent on {text:?}");
            assert!(more.is_empty(), "{more:?}");
            // The cases with a mechanical repair come out clean.
            let unrepairable = [
                "front-matter-not-number",
                "front-matter-id-slash",
                "import-export",
                "unclosed-tag",
                "invalid-tag",
            ];
            if !unrepairable.contains(&code) {
                assert!(left.is_empty(), "{text:?} repaired as {out:?}: {left:?}");
            }
        }
    }

    #[test]
    fn what_the_build_accepts_is_not_reported() {
        for body in [
            "Compare a < b and a > b.\n",
            "In code: `Vec<String>`, `{version}`, `<br>`, `<https://x>`.\n",
            "A lone } is fine.\n",
            "<div class=\"x\">ok</div>\n",
            "Line<br />break and <hr/> and <img src=\"/a.png\" alt=\"a\" />.\n",
            "<br></br>\n",
            "<!-- a comment with {braces} and <tags> -->\n",
            "## Heading {#custom-id}\n",
            "## Heading \\{#custom-id\\}\n",
            "&, &nbsp;, &copy; and &lt;5 and \\{x\\} and \\<y.\n",
            "Press <kbd>Ctrl</kbd>+<kbd>C</kbd>, H<sub>2</sub>O, x<sup>2</sup>.\n",
            "<p align=\"center\">\n  <img src=\"/img/a.png\" width=\"200\" />\n</p>\n",
            "<a id=\"anchor\"></a>\n\n# Title\n",
            "<div style={{color: 'red', marginTop: 4}}>Red</div>\n",
            "{/* an MDX comment */} and {' '}\n",
            "- [ ] a task\n- [x] done\n",
            "Text[^1].\n\n[^1]: The note.\n",
            "<Details>\n<summary>More</summary>\n\nBody.\n\n</Details>\n",
            "| a | b |\n|---|---|\n| `x<y>` | `{z}` |\n",
            "Send mail to team@example.com or see https://example.com.\n",
            ":::note\n\nText.\n\n:::\n\n:::tip[Custom title]\n\nText.\n\n:::\n",
            "::::note{.wide}\n\nOuter.\n\n:::tip\n\nInner.\n\n:::\n\n::::\n",
            "<div>\n\n**Markdown** inside.\n\n</div>\n",
            "<div\n  className=\"card\"\n  title=\"multi-line tag\"\n>\n\nBody.\n\n</div>\n",
        ] {
            clean(&page(body), MDX);
        }
        // The v4 flag only changes comments, heading ids and admonition titles.
        clean(&page("## Heading \\{#custom-id\\}\n\n{/* note */}\n"), V4);
        clean(&page("---\n\n***\n"), MDX);
        clean("---\nunknown_key: 1\nother: [a, b]\n---\n\n# Hello\n", MDX);
    }

    #[test]
    fn code_spans_and_fences_are_never_flagged() {
        let text = page(concat!(
            "Inline `Vec<String>`, `{`, `}`, `<br>`, `<5`, `${{ x }}`, `<!-- c -->`.\n",
            "Double ``a ` {b} <c>`` and triple ```{d}``` spans.\n",
            "\n",
            "```html\n",
            "<br>\n",
            "<div style=\"color: red\">{x}\n",
            "<https://example.com>\n",
            "import x from nowhere\n",
            "```\n",
            "\n",
            "~~~js\n",
            "const a = { b: 1 }; if (a < b) {}\n",
            "```\n",
            "still code\n",
            "~~~\n",
            "\n",
            "````md\n",
            "```\n",
            ":::note\n",
            "```\n",
            "````\n",
            "\n",
            "1. Step:\n",
            "\n",
            "   ```rust\n",
            "   let v: Vec<String> = vec![];\n",
            "   ```\n",
            "\n",
            "   - nested `Option<T>` and `{}`\n",
            "\n",
            "> Quote with `<x>`:\n",
            "> ```\n",
            "> {y} <z>\n",
            "> ```\n",
            "\n",
            "## Heading with `HashMap<K, V>`\n",
        ));
        for mode in [MDX, V4] {
            clean(&text, mode);
            assert_eq!(fixed(&text, mode), text);
        }
    }

    #[test]
    fn an_unclosed_backtick_is_not_code() {
        assert_eq!(found(&page("A `b {c}\n"), MDX), vec![(5, "brace")]);
        assert_eq!(found(&page("Escaped \\`{c}\\`\n"), MDX), vec![(5, "brace")]);
        // A code span cannot cross a blank line.
        assert_eq!(found(&page("A `b\n\n{c}` d\n"), MDX), vec![(7, "brace")]);
    }

    #[test]
    fn fences_inside_jsx_without_blank_lines_are_code() {
        let text = "---\ntitle: Tabs\n---\n\nimport Tabs from '@theme/Tabs';\nimport TabItem \
                    from '@theme/TabItem';\n\n<Tabs>\n<TabItem value=\"rust\" label=\"Rust\">\n\
                    ```rust\nfn main() { let v: Vec<String> = vec![]; }\n```\n</TabItem>\n\
                    <TabItem value=\"js\">\n\n    ```js\n    const a = {b: 1};\n\n    if (a < b) \
                    {}\n    ```\n\n</TabItem>\n</Tabs>\n";
        clean(text, MDX);
        assert_eq!(fixed(text, MDX), text);
    }

    #[test]
    fn indented_text_inside_jsx_is_prose_not_code() {
        let text = page("<div>\n\n    Indented <b>text</b>.\n\n</div>\n");
        clean(&text, MDX);
        let text = page("<div>\n\n    Indented Vec<u8> text.\n\n</div>\n");
        assert_eq!(found(&text, MDX), vec![(7, "generic")]);
    }

    #[test]
    fn mdx_checks_follow_the_format() {
        let bad = page("Vec<String>, <5, {x}, <https://x>, <br>, <!-- c -->\n\n    code\n");
        // format mdx: .md and .mdx are MDX
        assert!(!found_at("docs/a.md", &bad, MDX).is_empty());
        assert!(!found_at("docs/a.mdx", &bad, MDX).is_empty());
        // detect: only .mdx
        assert!(found_at("docs/a.md", &bad, DETECT).is_empty());
        assert!(!found_at("docs/a.mdx", &bad, DETECT).is_empty());
        assert!(!found_at("docs/a.MDX", &bad, DETECT).is_empty());
        // md: none
        assert!(found_at("docs/a.mdx", &bad, MD).is_empty());
        // front matter `mdx: {format: md}` makes one file CommonMark, and `mdx` makes it MDX
        let md = bad.replacen("title: Case", "title: Case\nmdx:\n  format: md", 1);
        assert!(found_at("docs/a.mdx", &md, MDX).is_empty());
        let mdx = bad.replacen("title: Case", "title: Case\nmdx: {format: mdx}", 1);
        assert!(!found_at("docs/a.md", &mdx, MD).is_empty());
        let detect = bad.replacen("title: Case", "title: Case\nmdx: {format: detect}", 1);
        assert!(found_at("docs/a.md", &detect, MDX).is_empty());
        // The silent breakers count in every mode.
        let silent = page(":::warn\n\n:::tip Title\n\nx\n\n:::\n\n```\nnever closed\n");
        assert_eq!(
            found_at("docs/a.md", &silent, MD),
            vec![
                (5, "unclosed-admonition"),
                (5, "unknown-admonition"),
                (7, "admonition-title"),
                (13, "unclosed-fence"),
            ]
        );
        // Repairs in CommonMark files touch no MDX syntax.
        let (out, _) = repair("docs/a.md", &bad, DETECT);
        assert_eq!(out, bad);
    }

    #[test]
    fn v4_only_changes_comments_heading_ids_and_titles() {
        let text = page("<!-- c -->\n\n## H {#h}\n\n:::tip Old\n\nx\n\n:::\n");
        assert_eq!(found(&text, MDX), vec![(9, "admonition-title")]);
        assert_eq!(
            found(&text, V4),
            vec![
                (5, "html-comment"),
                (7, "heading-id"),
                (9, "admonition-title")
            ]
        );
        assert!(check("docs/case.md", &text, MDX)[0].is_warning());
        // in CommonMark files (detect, .md) comments and heading ids are fine
        assert_eq!(
            found_at("docs/case.md", &text, MdxMode { v4: true, ..DETECT }),
            vec![(9, "admonition-title")]
        );
        assert_eq!(
            fixed(&text, V4),
            page("{/* c */}\n\n## H \\{#h\\}\n\n:::tip[Old]\n\nx\n\n:::\n")
        );
        let tricky = page("<!-- a */ b -->\n");
        assert_eq!(fixed(&tricky, V4), page("{/* a * / b */}\n"));
        assert_eq!(
            found(&page("<!-- never closed\n"), MDX),
            vec![(5, "unclosed-comment")]
        );
    }

    #[test]
    fn line_numbers_count_from_the_top_of_the_file() {
        let text = "---\ntitle: Lines\ndescription: x\n---\n\n# Title\n\nFine.\n\n```\n{ok}\n```\n\
                    \nBad {x} here.\n\n- item Vec<u8>\n\n> quote <5\n";
        assert_eq!(
            found(text, MDX),
            vec![(14, "brace"), (16, "generic"), (18, "bad-lt")]
        );
        // Same lines with CRLF line endings and a byte order mark.
        let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
        assert_eq!(
            found(&crlf, MDX),
            vec![(14, "brace"), (16, "generic"), (18, "bad-lt")]
        );
        // and without front matter
        assert_eq!(found("\n\nx {y}\n", MDX), vec![(3, "brace")]);
        // front matter problems point at their key
        let fm = "---\ntitle: ok\ndescription: ok\ntags: rust\nsidebar_position: x\nid: a/b\n---\n";
        assert_eq!(
            found(fm, MDX),
            vec![
                (4, "front-matter-not-list"),
                (5, "front-matter-not-number"),
                (6, "front-matter-id-slash"),
            ]
        );
        let yaml = "---\ntitle: ok\ndescription: Setup: the basics\n---\n";
        assert_eq!(found(yaml, MDX), vec![(3, "front-matter-yaml")]);
    }

    #[test]
    fn front_matter_is_parsed() {
        assert_eq!(front_matter("# No front matter\n"), Ok(None));
        let m = front_matter("---\ntitle: Hi\nsidebar_position: 2\n---\nBody\n")
            .unwrap()
            .unwrap();
        assert_eq!(m.get("title").and_then(Value::as_str), Some("Hi"));
        assert_eq!(front_matter("---\n---\n"), Ok(Some(Mapping::new())));
        assert_eq!(
            front_matter("---\n# only a comment\n---\n"),
            Ok(Some(Mapping::new()))
        );
        let e = front_matter("---\ntitle: x\n").unwrap_err();
        assert_eq!((e.line, e.code), (1, "front-matter-unclosed"));
        let e = front_matter("---\ntitle: ok\ntitle2: Setup: the basics\n---\n").unwrap_err();
        assert_eq!((e.line, e.code), (3, "front-matter-yaml"));
        assert!(e.message.contains("quote"), "{}", e.message);
        let e = front_matter("---\n- a\n- b\n---\n").unwrap_err();
        assert_eq!(e.code, "front-matter-not-mapping");
        let e = front_matter("---\ntitle: a\ntitle: b\n---\n").unwrap_err();
        assert_eq!(e.code, "front-matter-yaml");
    }

    #[test]
    fn front_matter_types() {
        for (fm, code) in [
            ("tags: rust", "front-matter-not-list"),
            ("tags: [1, 2]", "front-matter-not-list"),
            ("keywords: {a: 1}", "front-matter-not-list"),
            ("sidebar_position: first", "front-matter-not-number"),
            ("sidebar_position:", "front-matter-not-number"),
            ("id: guides/setup", "front-matter-id-slash"),
            ("title: 2024", "front-matter-not-text"),
            ("title: true", "front-matter-not-text"),
            ("title:", "front-matter-not-text"),
            ("title: [Beta]", "front-matter-not-text"),
            ("description: 2024-01-31", "front-matter-not-text"),
            ("sidebar_label: 3", "front-matter-not-text"),
            ("slug: {a: b}", "front-matter-not-text"),
            ("id: 12", "front-matter-not-text"),
        ] {
            let text = format!("---\n{fm}\n---\n");
            assert_eq!(found(&text, MDX), vec![(2, code)], "{fm}");
        }
        for fm in [
            "tags: [rust, {label: Docs, permalink: /docs}]",
            "tags:\n  - rust\n  - docs",
            "keywords: [a, b]",
            "sidebar_position: 2.5",
            "sidebar_position: \"3\"",
            "id: setup",
            "title: \"2024\"",
            "description: '2024-01-31'",
            "title: Don't panic",
            "title: C# in 5 minutes",
            "slug: /setup",
            "hide_title: true",
        ] {
            clean(&format!("---\n{fm}\n---\n"), MDX);
        }
    }

    #[test]
    fn front_matter_repairs() {
        let r = |t: &str| fixed(t, MDX);
        assert_eq!(
            r("---\ntitle: Setup: the basics\n---\n# x\n"),
            "---\ntitle: \"Setup: the basics\"\n---\n# x\n"
        );
        assert_eq!(
            r("---\ntitle: 'Don't panic'\n---\n"),
            "---\ntitle: \"Don't panic\"\n---\n"
        );
        assert_eq!(
            r("---\ndescription: Use \"x\": always\n---\n"),
            "---\ndescription: \"Use \\\"x\\\": always\"\n---\n"
        );
        assert_eq!(
            r("---\ntitle: \"Unclosed\nid: x\n---\n"),
            "---\ntitle: \"Unclosed\"\nid: x\n---\n"
        );
        assert_eq!(r("---\ntags: rust\n---\n"), "---\ntags: [\"rust\"]\n---\n");
        assert_eq!(
            r("---\nkeywords: rust, docs\n---\n"),
            "---\nkeywords: [\"rust\", \"docs\"]\n---\n"
        );
        assert_eq!(
            r("---\nkeywords: [2024, rust]\n---\n"),
            "---\nkeywords: [\"2024\", \"rust\"]\n---\n"
        );
        assert_eq!(r("---\ntitle: 2024\n---\n"), "---\ntitle: \"2024\"\n---\n");
        assert_eq!(
            r("---\ndescription: 2024-01-31\n---\n"),
            "---\ndescription: \"2024-01-31\"\n---\n"
        );
        assert_eq!(
            r("---\ntitle: x\nsidebar_position: 2\n\n# Page\n\nText.\n"),
            "---\ntitle: x\nsidebar_position: 2\n---\n\n# Page\n\nText.\n"
        );
        // What cannot be guessed is left alone.
        for t in [
            "---\nsidebar_position: first\n---\n",
            "---\nid: a/b\n---\n",
            "---\ntitle:\n---\n",
            "---\ntitle: [unclosed\n  more: x\n---\n",
            "---\n\n# never closed\n",
        ] {
            assert_eq!(r(t), t);
        }
    }

    #[test]
    fn repairs_are_exact_and_leave_the_rest_alone() {
        let cases = [
            (
                "Returns a Vec<String> of names.\n",
                "Returns a `Vec<String>` of names.\n",
            ),
            (
                "Use HashMap<String, Vec<u8>> and Option<Box<T>>::new() here.\n",
                "Use `HashMap<String, Vec<u8>>` and `Option<Box<T>>::new()` here.\n",
            ),
            (
                "std::vec::Vec<T> is a type.\n",
                "`std::vec::Vec<T>` is a type.\n",
            ),
            (
                "Values <5, <= 3 and <-> and x<3.\n",
                "Values &lt;5, &lt;= 3 and &lt;-> and x&lt;3.\n",
            ),
            (
                "See <https://example.com/a_(b)> now.\n",
                "See [https://example.com/a\\_(b)](https://example.com/a_\\(b\\)) now.\n",
            ),
            (
                "Mail <team@example.com>.\n",
                "Mail [team@example.com](mailto:team@example.com).\n",
            ),
            (
                "Version {version} and {\"a\": 1}.\n",
                "Version \\{version} and \\{\"a\": 1}.\n",
            ),
            (
                "Use ${{ secrets.TOKEN }}.\n",
                "Use $\\{\\{ secrets.TOKEN }}.\n",
            ),
            ("A lone { here.\n", "A lone \\{ here.\n"),
            ("Empty {} object.\n", "Empty \\{} object.\n"),
            (
                "a<br>b <hr> <img src=\"x.png\">\n",
                "a<br />b <hr /> <img src=\"x.png\" />\n",
            ),
            ("<img src=\"x.png\" >\n", "<img src=\"x.png\" />\n"),
            ("Line</br>break\n", "Line<br />break\n"),
            (
                "<div style=\"color: red; background-color: #fff;\">x</div>\n",
                "<div style={{color: 'red', backgroundColor: '#fff'}}>x</div>\n",
            ),
            (
                "<span style=\"-webkit-line-clamp: 2\">x</span>\n",
                "<span style={{WebkitLineClamp: '2'}}>x</span>\n",
            ),
            (
                "<div  style=\"color: red !important\" class=\"x\">x</div>\n",
                "<div class=\"x\">x</div>\n",
            ),
            (
                "Replace <your-token> and <T>.\n",
                "Replace `<your-token>` and `<T>`.\n",
            ),
            (
                "Run:\n\n    cargo build\n    cargo test\n\nDone.\n",
                "Run:\n\n```\ncargo build\ncargo test\n```\n\nDone.\n",
            ),
            (
                "Run:\n\n    let x = 1;\n\n        nested\n\nDone.\n",
                "Run:\n\n```\nlet x = 1;\n\n    nested\n```\n\nDone.\n",
            ),
            (
                "- item\n\n      code in item\n",
                "- item\n\n  ```\n  code in item\n  ```\n",
            ),
            (
                "- item\n\n        code in item\n\n          more\n",
                "- item\n\n  ```\n    code in item\n\n      more\n  ```\n",
            ),
            ("    has ``` inside\n", "````\nhas ``` inside\n````\n"),
            ("```bash\necho hi\n", "```bash\necho hi\n```\n"),
            ("```bash\necho hi", "```bash\necho hi\n```\n"),
            (
                "````md\n```\nx\n```\n\n\n",
                "````md\n```\nx\n```\n````\n\n\n",
            ),
            (
                "- step\n\n  ```bash\n  echo\n- next\n",
                "- step\n\n  ```bash\n  echo\n  ```\n- next\n",
            ),
            (":::note\n\nText.\n", ":::note\n\nText.\n:::\n"),
            (
                "::::note\n\n:::tip\n\nIn.\n\n```\ncode\n",
                "::::note\n\n:::tip\n\nIn.\n\n```\ncode\n```\n:::\n::::\n",
            ),
            (
                "- step\n\n  :::tip\n\n  Text.\n\nAfter.\n",
                "- step\n\n  :::tip\n\n  Text.\n  :::\n\nAfter.\n",
            ),
            (":::warn\n\nx\n\n:::\n", ":::warning\n\nx\n\n:::\n"),
            (":::Note\n\nx\n\n:::\n", ":::note\n\nx\n\n:::\n"),
            ("::: note\n\nx\n\n:::\n", ":::note\n\nx\n\n:::\n"),
            (
                ":::tip My title\n\nx\n\n:::\n",
                ":::tip[My title]\n\nx\n\n:::\n",
            ),
        ];
        for (body, want) in cases {
            assert_eq!(fixed(&page(body), MDX), page(want), "repairing {body:?}");
        }
    }

    #[test]
    fn components_get_their_import() {
        let text = page("<Tabs>\n<TabItem value=\"a\">\n\nA\n\n</TabItem>\n</Tabs>\n");
        let (out, notes) = repair("docs/case.mdx", &text, MDX);
        assert_eq!(
            out,
            format!(
                "---\ntitle: Case\n---\nimport TabItem from '@theme/TabItem';\nimport Tabs from \
                 '@theme/Tabs';\n\n<Tabs>\n<TabItem value=\"a\">\n\nA\n\n</TabItem>\n</Tabs>\n"
            )
        );
        assert_eq!(notes, vec!["line 5: imported TabItem, Tabs".to_string()]);
        // An unknown component is reported, never guessed.
        let text = page("<Chart data={data} />\n");
        assert_eq!(found(&text, MDX), vec![(5, "missing-import")]);
        assert_eq!(fixed(&text, MDX), text);
        // Imported, defined or global components are fine.
        clean(
            &page(
                "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\
                 import {Chart as Plot, Other} from '../components/Chart';\nimport * as Ns from \
                 './ns';\n\nexport const Highlight = ({children, color}) => (\n  <span style={{color}}>\
                 {children}</span>\n);\n\n<Tabs groupId=\"os\" values={[{label: 'A', value: 'a'}]}>\n\
                 <TabItem value=\"a\">\n\n<Highlight color=\"#25c2a0\">green</Highlight> \
                 {frontMatter.title}\n\n</TabItem>\n</Tabs>\n\n<Plot /> <Other /> <Ns.Thing /> \
                 <Head><title>x</title></Head>\n",
            ),
            MDX,
        );
    }

    #[test]
    fn tags_must_nest_and_close() {
        assert_eq!(
            found(&page("<b><i>x</b></i>\n"), MDX),
            vec![(5, "unclosed-tag"), (5, "unmatched-closing-tag")]
        );
        assert_eq!(
            found(&page("Some <b>bold\n\ntext</b> here.\n"), MDX),
            vec![(5, "unclosed-tag"), (7, "unmatched-closing-tag")]
        );
        assert_eq!(
            found(&page("</div>\n"), MDX),
            vec![(5, "unmatched-closing-tag")]
        );
        assert_eq!(
            found(&page("<foo>bar</foo>\n"), MDX),
            vec![(5, "unknown-tag")]
        );
        // a block element may hold paragraphs, headings and code
        clean(
            &page("<section>\n\n## Title\n\nText.\n\n```\n</section>\n```\n\n</section>\n"),
            MDX,
        );
        // text-level tags close inside their heading
        assert_eq!(
            found(&page("## A <b>title\n\ntext</b>\n"), MDX),
            vec![(5, "unclosed-tag"), (7, "unmatched-closing-tag")]
        );
    }

    #[test]
    fn a_line_of_tags_only_is_a_block() {
        // as @mdx-js/mdx 3 parses them
        clean(&page("a <b>x\n</b> y\n"), MDX);
        clean(&page("a\n<div>\nb\n</div>\n"), MDX);
        clean(&page("<p>Para\ncontinues</p>\n"), MDX);
        let text = page("<details><summary>S</summary>\n\nBody.\n\n</details>\n");
        assert_eq!(
            found(&text, MDX),
            vec![(5, "unclosed-tag"), (9, "unmatched-closing-tag")]
        );
        assert_eq!(
            fixed(&text, MDX),
            page("<details>\n<summary>S</summary>\n\nBody.\n\n</details>\n")
        );
        let text = page("  <div>Text\n\n  more\n\n  </div>\n");
        assert_eq!(
            fixed(&text, MDX),
            page("  <div>\n  Text\n\n  more\n\n  </div>\n")
        );
        assert_eq!(
            found(&page("a <b>x\n</b>\n"), MDX),
            vec![(5, "unclosed-tag"), (6, "unmatched-closing-tag")]
        );
        assert_eq!(
            found(&page("<div>text\n</div>\n"), MDX),
            vec![(5, "unclosed-tag"), (6, "unmatched-closing-tag")]
        );
        // `text</div>` cannot close a `<div>` that is alone on its line
        let text = page("<div>\n\n  text</div>\n");
        assert_eq!(found(&text, MDX), vec![(7, "unmatched-closing-tag")]);
        assert_eq!(fixed(&text, MDX), page("<div>\n\n  text\n  </div>\n"));
    }

    #[test]
    fn where_lt_and_braces_are_text() {
        // `<` followed by a space is text, `<` ending its paragraph is not
        clean(&page("a <  \nb <\nc\n"), MDX);
        assert_eq!(found(&page("a <\n\nb\n"), MDX), vec![(5, "bad-lt")]);
        assert_eq!(found(&page("a <"), MDX), vec![(5, "bad-lt")]);
        // GFM turns bare URLs into links, braces included; an email stops before them
        clean(
            &page("See https://example.com/users/{id} and www.example.com/{x}.\n"),
            MDX,
        );
        assert_eq!(found(&page("Mail a@b.co{x}\n"), MDX), vec![(5, "brace")]);
        assert_eq!(
            found(&page("x https://a.b/{x} {y}\n"), MDX),
            vec![(5, "brace")]
        );
        // link destinations and reference definitions are no expressions
        clean(
            &page("[a](https://x.y/{id} \"t{\") ![b](./{c}.png)\n\n[r]: https://x.y/{id}\n"),
            MDX,
        );
    }

    #[test]
    fn admonition_structure() {
        assert_eq!(
            found(&page("Text.\n\n:::\n"), MDX),
            vec![(7, "stray-admonition-close")]
        );
        // fewer colons do not close a longer opener
        assert_eq!(
            found(&page("::::note\n\nx\n\n:::\n"), MDX),
            vec![(5, "unclosed-admonition"), (9, "stray-admonition-close")]
        );
        clean(&page("> :::note\n>\n> quoted\n>\n> :::\n"), MDX);
        clean(&page("```md\n:::note\n```\n"), MDX);
        // in CommonMark, indented code is code
        clean(&page("Text.\n\n    :::note\n"), MD);
        assert_eq!(
            found(&page(":::danger\n\n:::unknown-thing\n\n:::\n\n:::\n"), MDX),
            vec![(7, "unknown-admonition")]
        );
        assert_eq!(
            fixed(&page(":::unknown-thing\n\nx\n\n:::\n"), MDX),
            page(":::unknown-thing\n\nx\n\n:::\n")
        );
    }

    #[test]
    fn esm_lines() {
        clean(
            &page(
                "import Tabs from '@theme/Tabs'\nimport './styles.css';\nexport {x} from './x';\n",
            ),
            MDX,
        );
        clean(&page("We use the\nimport statement here.\n"), MDX);
        clean(
            &page("- import the file\n\n> export it\n\nImport it.\n"),
            MDX,
        );
        assert_eq!(
            found(&page("import {a} from nowhere\n"), MDX),
            vec![(5, "import-export")]
        );
        assert_eq!(
            found(&page("# T\nexport default is the way\n"), MDX),
            vec![(6, "import-export")]
        );
        // Statements followed by other lines without a blank line: a blank line is added.
        let text = page(
            "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n<Tabs>\n\
             <TabItem value=\"a\">A {x}</TabItem>\n</Tabs>\n",
        );
        assert_eq!(found(&text, MDX), vec![(7, "import-export"), (8, "brace")]);
        assert_eq!(
            fixed(&text, MDX),
            page(
                "import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n<Tabs>\n\
                 <TabItem value=\"a\">A \\{x}</TabItem>\n</Tabs>\n",
            )
        );
        // (a setext underline is part of the block too)
        assert_eq!(
            found(&page("import x from 'y';\n- \n"), MDX),
            vec![(6, "import-export")]
        );
        let text = page("import A from 'a';\n# Title\n");
        assert_eq!(fixed(&text, MDX), page("import A from 'a';\n\n# Title\n"));
    }

    #[test]
    fn odd_text_does_not_panic() {
        for text in [
            "",
            "---",
            "---\n",
            "---\n---",
            "\u{feff}",
            "<",
            "{",
            "`",
            "<!--",
            "<a",
            "</",
            "<>",
            "a <> b </>",
            ":::",
            ":::note",
            "```",
            "    ",
            "é{x} ü<5 ñVec<T> — <ñ> {ü} «<b»",
            "<div title=\"é\">ü</div>\n<img alt=\"ñ\">",
            "x\r\n\r\n    code\r\n",
            "\t\tcode with tabs <x>\n\n\tmore",
        ] {
            for mode in [MDX, V4, DETECT, MD] {
                let _ = check("docs/x.mdx", text, mode);
                let (out, _) = repair("docs/x.mdx", text, mode);
                let _ = check("docs/x.mdx", &out, mode);
            }
        }
        assert_eq!(
            fixed("é{x} ü<5 ñVec<T>\n", MDX),
            "é\\{x} ü&lt;5 `ñVec<T>`\n".replace("`ñVec", "ñ`Vec")
        );
    }

    #[test]
    fn random_pages_are_safe() {
        // Markdown-significant pieces, glued at random: no panic, only listed codes, and
        // repairing twice changes nothing more.
        let pieces = [
            "<",
            ">",
            "{",
            "}",
            "`",
            "```",
            "~~~",
            "\n",
            "\n\n",
            "    ",
            "\t",
            "\r\n",
            "<br>",
            "<div>",
            "</div>",
            "<b>",
            "</b>",
            "Vec<String>",
            "<https://x.y>",
            "<a@b.co>",
            "<!-- c -->",
            "## H {#id}",
            "import x from 'y';",
            "import the",
            "export const Z = 1;",
            "word ",
            "- ",
            "> ",
            "1. ",
            "[l](u{x})",
            "\\",
            "é",
            "<T>",
            "<Tabs>",
            "</Tabs>",
            "style=\"color: red\"",
            "<img src=\"x\">",
            ":::",
            ":::note",
            ":::tip Title",
            "{x}",
            "{/* c */}",
            "&lt;",
            "*",
            "_",
            "|",
            "$",
            "5",
            "<5",
            "x<y",
            "</br>",
            "-->",
            "(<",
            "https://a.b/{c}",
            "---\n",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let len = (next() % 30) as usize;
            let mut text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            if next() % 2 == 0 {
                text = format!("---\ntitle: x\n---\n{text}");
            }
            for mode in [MDX, V4, MD] {
                for p in check("docs/x.mdx", &text, mode) {
                    assert!(CODES.contains(&p.code), "{p:?}");
                    assert!(
                        p.line >= 1 && p.line <= text.lines().count().max(1),
                        "{p:?}"
                    );
                }
                let (once, _) = repair("docs/x.mdx", &text, mode);
                let (twice, _) = repair("docs/x.mdx", &once, mode);
                assert_eq!(once, twice, "repair of {text:?} in {mode:?} is not stable");
            }
        }
    }

    #[test]
    fn crlf_is_kept() {
        let text = "---\r\ntitle: x\r\n---\r\n\r\n```bash\r\necho\r\n";
        let out = fixed(text, MDX);
        assert_eq!(
            out,
            "---\r\ntitle: x\r\n---\r\n\r\n```bash\r\necho\r\n```\r\n"
        );
        clean(&out, MDX);
        let text = "\u{feff}<Tabs>\r\n\r\nx\r\n\r\n</Tabs>\r\n";
        assert_eq!(
            fixed(text, MDX),
            "\u{feff}import Tabs from '@theme/Tabs';\r\n\r\n<Tabs>\r\n\r\nx\r\n\r\n</Tabs>\r\n"
        );
    }

    #[test]
    fn big_pages_are_fast_enough() {
        let section = "## Section {#s}\n\nSome Vec<String> and {x} and <br> here, `code {y}`.\n\n\
                       ```rust\nfn f() -> Vec<u8> { vec![] }\n```\n\n";
        let text = page(&section.repeat(1500));
        let start = std::time::Instant::now();
        let problems = check("docs/big.md", &text, MDX);
        assert_eq!(problems.len(), 3 * 1500);
        let (out, _) = repair("docs/big.md", &text, MDX);
        assert!(check("docs/big.md", &out, MDX).is_empty());
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }
}
