//! The doc engine shared by `/mini docs` on GitHub and `minibot docs` on a local checkout: the
//! plan (which pages, why, what it should cost), the model request, and the reading and checking
//! of the model's answer. Where the files come from and where the result goes is the caller's.

use anyhow::Result;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::rank::{self, Change, Page, Target};
use super::{ProposedEdit, Site, links, mdx, sections, validate_edits};
use crate::context::{self, DiffContext};
use crate::cost::PriceTable;
use crate::github::CommitSummary;
use crate::llm::{ChatRequest, Usage, json_from_answer, tokens};
use crate::templates::Texts;

/// Tokens of one existing page shown to the model.
pub const PAGE_TOKENS: usize = 3_000;

/// The site's pages and titles, sorted by path (at most 400): the part of a docs prompt that
/// stays the same from one pull request to the next, so the provider's prompt cache applies.
pub fn outline(pages: &[Page]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pages
        .iter()
        .map(|p| {
            let (front, body) = rank::split_front_matter(&p.text);
            let title = rank::front_title(front)
                .or_else(|| {
                    body.lines()
                        .find_map(|l| l.strip_prefix("# ").map(|t| t.trim().to_string()))
                })
                .unwrap_or_default();
            (p.path.clone(), title)
        })
        .collect();
    out.sort();
    out.truncate(400);
    out
}
/// A page after the first is shown to the model when its score is at least this share of the
/// best page's.
const MODEL_PAGE_CUTOFF: f64 = 0.5;
/// Targets listed in a plan.
const PLAN_TARGETS: usize = 10;

/// A page the change may need that does not exist yet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewPage {
    pub path: String,
    pub reason: String,
}

/// What `/mini docs` would do, before any model call.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The folder holding `docusaurus.config.*` ("" for the repository root).
    pub site_dir: String,
    pub docs_dir: String,
    /// Best first.
    pub targets: Vec<Target>,
    pub new_pages: Vec<NewPage>,
    /// What the model call should cost (0 for an unpriced model; see `notes`).
    pub estimated_cost_usd: f64,
    pub estimated_input_tokens: usize,
    pub estimated_output_tokens: usize,
    pub model: String,
    /// Pages the model is shown (the first `max_pages` targets).
    pub pages_for_model: Vec<String>,
    /// What could not be read and was assumed, or is worth knowing.
    pub notes: Vec<String>,
}

/// Picks, among the repository's sites, the one whose pages relate best to the change (a repository
/// may hold several Docusaurus sites); says so when there was a choice.
pub fn choose_site(
    mut candidates: Vec<(Site, Vec<Page>)>,
    change: &Change,
) -> Option<(Site, Vec<Page>)> {
    if candidates.len() <= 1 {
        return candidates.pop();
    }
    // All sites' pages ranked together, so that every signal is scaled against the same best
    // page (a one-page site would otherwise score its only page at the top of every scale).
    let all: Vec<Page> = candidates
        .iter()
        .flat_map(|(_, pages)| pages.iter().cloned())
        .collect();
    let top = rank::rank(&all, change).into_iter().next();
    let best = top
        .and_then(|t| {
            candidates
                .iter()
                .position(|(_, pages)| pages.iter().any(|p| p.path == t.path))
        })
        .unwrap_or(0);
    let names: Vec<String> = candidates
        .iter()
        .map(|(s, _)| {
            if s.site_dir.is_empty() {
                ".".to_string()
            } else {
                s.site_dir.clone()
            }
        })
        .collect();
    let (mut site, pages) = candidates.swap_remove(best);
    site.notes.push(format!(
        "{} Docusaurus sites in this repository ({}): chose `{}`, whose pages match the change best (set docs.site in .github/minibot.yml to choose)",
        names.len(),
        names.join(", "),
        if site.site_dir.is_empty() { "." } else { &site.site_dir }
    ));
    Some((site, pages))
}

/// Builds the plan for a change over the site's pages.
pub fn plan(
    site: &Site,
    pages: &[Page],
    change: &Change,
    max_pages: usize,
    context_tokens: usize,
    model: &str,
    prices: &PriceTable,
) -> Plan {
    let ranked = rank::rank(pages, change);
    // The best page always; the next ones only when they are close enough to it.
    let best = ranked.first().map(|t| t.score).unwrap_or(0.0);
    let pages_for_model: Vec<String> = ranked
        .iter()
        .take(max_pages)
        .enumerate()
        .filter(|(i, t)| *i == 0 || t.score >= best * MODEL_PAGE_CUTOFF)
        .map(|(_, t)| t.path.clone())
        .collect();
    let new_pages = propose_new_pages(site, pages, change, &ranked);
    let diff = context::fit(&change.files, &commits_of(change), context_tokens);
    let page_tokens: usize = pages_for_model
        .iter()
        .filter_map(|p| pages.iter().find(|x| &x.path == p))
        .map(|p| tokens::count(&p.text).min(PAGE_TOKENS))
        .sum();
    // The instructions and framing take about 600 tokens; the answer repeats each page whole.
    let input = 600 + diff.tokens + page_tokens;
    let output = page_tokens.max(300) + 150 * new_pages.len();
    let usage = Usage {
        input_tokens: input as u64,
        cached_tokens: 0,
        output_tokens: output as u64,
    };
    let mut notes = site.notes.clone();
    let estimated_cost_usd = match prices.cost_micros(model, &usage) {
        Some(m) => m as f64 / 1_000_000.0,
        None => {
            notes.push(format!(
                "model {model} has no price: the cost estimate is 0"
            ));
            0.0
        }
    };
    if !diff.omitted.is_empty() {
        notes.push(format!(
            "{} changed files do not fit the prompt budget and are left out",
            diff.omitted.len()
        ));
    }
    Plan {
        site_dir: site.site_dir.clone(),
        docs_dir: site.docs_dir.clone(),
        targets: ranked.into_iter().take(PLAN_TARGETS).collect(),
        new_pages,
        estimated_cost_usd,
        estimated_input_tokens: input,
        estimated_output_tokens: output,
        model: model.to_string(),
        pages_for_model,
        notes,
    }
}

fn commits_of(change: &Change) -> Vec<CommitSummary> {
    change
        .messages
        .iter()
        .map(|m| CommitSummary {
            sha: String::new(),
            message: m.clone(),
        })
        .collect()
}

/// Folders whose code files are user-facing features (a new file there may need its own page).
const FEATURE_DIRS: &[&str] = &[
    "commands",
    "command",
    "cmd",
    "cli",
    "plugins",
    "plugin",
    "providers",
    "provider",
    "adapters",
    "adapter",
    "integrations",
    "integration",
    "drivers",
    "driver",
    "middleware",
    "handlers",
];

/// A new code file in a feature folder (`src/commands/export.ts`) whose name no page carries
/// gets a new page next to the pages of its siblings.
fn propose_new_pages(
    site: &Site,
    pages: &[Page],
    change: &Change,
    ranked: &[Target],
) -> Vec<NewPage> {
    let mut out = Vec::new();
    for f in change.files.iter().filter(|f| f.status == "added") {
        let segments: Vec<&str> = f.path.split('/').collect();
        let Some(feature_dir) = segments
            .iter()
            .rev()
            .skip(1)
            .find(|s| FEATURE_DIRS.contains(&s.to_lowercase().as_str()))
        else {
            continue;
        };
        let stem = segments
            .last()
            .and_then(|n| n.split('.').next())
            .unwrap_or("")
            .to_string();
        if stem.len() < 3 || matches!(stem.as_str(), "index" | "mod" | "main" | "types" | "utils") {
            continue;
        }
        let slug = slugify(&stem);
        if pages.iter().any(|p| {
            let name = p.path.rsplit('/').next().unwrap_or("");
            name.split('.').next() == Some(slug.as_str())
        }) {
            continue;
        }
        // Place it beside the best-ranked page whose folder looks like the feature folder, else
        // in a folder of that name.
        let section = ranked
            .iter()
            .filter_map(|t| t.path.rsplit_once('/').map(|(d, _)| d))
            .find(|d| d != &site.docs_dir)
            .map(String::from)
            .unwrap_or_else(|| format!("{}/{}", site.docs_dir, slugify(feature_dir)));
        out.push(NewPage {
            path: format!("{section}/{slug}.md"),
            reason: format!(
                "`{}` adds a new {} with no page yet",
                f.path,
                feature_dir.trim_end_matches('s')
            ),
        });
    }
    out
}

/// `fooBar_baz` → `foo-bar-baz`.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_uppercase() && prev_lower {
            out.push('-');
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
    }
    out.trim_matches('-').to_string()
}

/// What the prompt is built from.
#[derive(Debug, Clone)]
pub struct PromptInput<'a> {
    pub site: &'a Site,
    pub number: Option<u64>,
    pub title: &'a str,
    pub body: &'a str,
    /// The maintainer's words after the command.
    pub args: &'a str,
    pub diff: &'a DiffContext,
    /// (path, text) of the pages shown in full.
    pub pages: Vec<(String, String)>,
    /// Other pages, by path only.
    /// Every page of the site with its title, sorted by path: stable for a repository, so it
    /// opens the prompt (see [`outline`]).
    pub outline: Vec<(String, String)>,
    pub new_pages: &'a [NewPage],
    pub max_pages: usize,
    /// Pages or folders outside the current docs the maintainer named.
    pub named: &'a [String],
}

/// The model's structured answer.
#[derive(Debug, Clone, Deserialize)]
pub struct DocsAnswer {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub edits: Vec<ProposedEdit>,
}

/// The JSON schema of [`DocsAnswer`] (strict structured-output form).
pub fn answer_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "summary": {"type": "string"},
            "edits": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "path": {"type": "string"},
                        "action": {"type": "string", "enum": ["update", "create"]},
                        "reason": {"type": "string"},
                        "content": {"type": "string"},
                        "sections": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "heading": {"type": "string"},
                                    "content": {"type": "string"},
                                    "after": {"type": "string"}
                                },
                                "required": ["heading", "content", "after"],
                                "additionalProperties": false
                            }
                        }
                    },
                    "required": ["path", "action", "reason", "content", "sections"],
                    "additionalProperties": false
                }
            }
        },
        "required": ["summary", "edits"],
        "additionalProperties": false
    })
}

/// The chat request for a docs run.
pub fn request(
    texts: &Texts,
    model: &str,
    max_output_tokens: u32,
    input: &PromptInput<'_>,
) -> Result<ChatRequest> {
    let system = texts.render(
        "docs_system.md",
        &json!({"docs_dir": input.site.docs_dir, "max_pages": input.max_pages, "named": input.named}),
    )?;
    let pages: Vec<Value> = input
        .pages
        .iter()
        .map(|(path, text)| {
            let (text, _) = tokens::truncate_lines(text, PAGE_TOKENS);
            json!({"path": path, "text": text})
        })
        .collect();
    let user = texts.render(
        "docs_user.md",
        &json!({
            "pr": {"number": input.number, "title": input.title, "body": input.body},
            "args": input.args,
            "commits": input.diff.commits,
            "files": input.diff.files,
            "omitted": input.diff.omitted,
            "pages": pages,
            "docs_dir": input.site.docs_dir,
            "outline": input.outline.iter().map(|(p, t)| json!({"path": p, "title": t})).collect::<Vec<_>>(),
            "new_pages": input.new_pages,
        }),
    )?;
    Ok(ChatRequest {
        model: model.to_string(),
        system,
        user,
        schema_name: "docs_edits".into(),
        schema: answer_schema(),
        max_output_tokens,
        images: Vec::new(),
    })
}

/// After an answer was judged: the request of the repair round when one should be made (only
/// after the first answer, and not for a cut-short or refused one, which a repair cannot fix).
pub fn repair_round(
    texts: &Texts,
    first: &ChatRequest,
    round: usize,
    (content, finish_reason): (&str, Option<&str>),
    verdict: &Verdict,
) -> Result<Option<ChatRequest>> {
    let repairable = !matches!(finish_reason, Some("length" | "refusal"));
    match verdict {
        Verdict::Rejected { problems } if round == 0 && repairable => {
            tracing::info!(
                count = problems.len(),
                "asking the model to repair its answer"
            );
            repair_request(texts, first, content, problems).map(Some)
        }
        _ => Ok(None),
    }
}

/// The page paths a model answer edits (to read pages the ranking did not), if it parses.
pub fn edit_paths(content: &str) -> Vec<String> {
    json_from_answer(content)
        .ok()
        .and_then(|v| serde_json::from_value::<DocsAnswer>(v).ok())
        .map(|a| a.edits.into_iter().map(|e| e.path).collect())
        .unwrap_or_default()
}

/// The follow-up request of the one repair round: the first request, the model's answer, and the
/// problems found in it.
pub fn repair_request(
    texts: &Texts,
    first: &ChatRequest,
    answer: &str,
    problems: &[String],
) -> Result<ChatRequest> {
    let note = texts.render("docs_repair.md", &json!({"problems": problems}))?;
    let mut request = first.clone();
    request.user = format!(
        "{}\n\n<your_previous_answer>\n{answer}\n</your_previous_answer>\n\n{note}",
        first.user
    );
    Ok(request)
}

/// Pages and folders the maintainer named in the command that lie outside the current docs but
/// in the site (`versioned_docs/…`, `i18n/…`, the blog): only those may be edited there.
pub fn named_paths(args: &str, site: &Site, files: &[&str]) -> Vec<String> {
    let prefix = if site.site_dir.is_empty() {
        String::new()
    } else {
        format!("{}/", site.site_dir)
    };
    let mut out = Vec::new();
    for token in args.split_whitespace() {
        let t = token.trim_matches(|c: char| {
            matches!(c, '`' | '"' | '\'' | ',' | '.' | ';' | ':' | '(' | ')')
        });
        let t = t.trim_start_matches("./").trim_end_matches('/');
        if t.is_empty() || t.contains("..") {
            continue;
        }
        for candidate in [t.to_string(), format!("{prefix}{t}")] {
            let is_file = files.contains(&candidate.as_str()) && super::is_doc_file(&candidate);
            let dir = format!("{candidate}/");
            let is_dir = files.iter().any(|f| f.starts_with(&dir));
            let outside_docs = !candidate.starts_with(&format!("{}/", site.docs_dir));
            if (is_file || is_dir)
                && outside_docs
                && candidate.starts_with(&prefix)
                && !candidate.starts_with(".github")
            {
                out.push(candidate);
                break;
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// What the model's answer amounts to.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Edits that passed every check, and the mechanical repairs made to them.
    Edits {
        summary: String,
        edits: Vec<ProposedEdit>,
        repairs: Vec<String>,
    },
    /// The model says nothing needs to change.
    NoChange { summary: String },
    /// Nothing may be committed, for these reasons.
    Rejected { problems: Vec<String> },
}

/// What judging an answer needs to know about the repository.
pub struct JudgeContext<'a> {
    pub site: &'a Site,
    pub max_pages: usize,
    /// The current text of a page (None when it does not exist).
    pub page_text: &'a dyn Fn(&str) -> Option<String>,
    /// Whether a repository path exists now.
    pub file_exists: &'a dyn Fn(&str) -> bool,
    /// The doc ids of the site's pages now.
    pub doc_ids: &'a [String],
    /// Pages or folders outside the current docs the maintainer named (see [`named_paths`]).
    pub named: &'a [String],
}

/// The MDX rules of the site.
pub fn mdx_mode(site: &Site) -> mdx::MdxMode {
    mdx::MdxMode {
        format: match site.format.as_str() {
            "detect" => mdx::Format::Detect,
            "md" => mdx::Format::Md,
            _ => mdx::Format::Mdx,
        },
        v4: site.v4,
    }
}

/// Reads and checks the model's answer: section edits are applied to the current pages (so
/// untouched parts stay identical), mechanical repairs are made (MDX escapes, self-closed tags,
/// closed blocks, broken links unlinked), and whatever is still wrong is a problem.
pub fn judge(content: &str, finish_reason: Option<&str>, cx: &JudgeContext<'_>) -> Verdict {
    let parsed = match finish_reason {
        Some("length") => {
            Err("the model's answer was cut short (it hit the output token limit)".to_string())
        }
        Some("refusal") => Err(format!("the model refused: {content}")),
        _ => json_from_answer(content)
            .and_then(|v| serde_json::from_value::<DocsAnswer>(v).map_err(Into::into))
            .map_err(|e| format!("the model's answer was not the JSON minibot asked for ({e:#})")),
    };
    let answer = match parsed {
        Ok(a) => a,
        Err(problem) => {
            return Verdict::Rejected {
                problems: vec![problem],
            };
        }
    };
    if answer.edits.is_empty() {
        return Verdict::NoChange {
            summary: answer.summary,
        };
    }
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    for mut e in answer.edits {
        match ((cx.page_text)(&e.path), e.sections.is_empty()) {
            (Some(old), false) => match sections::apply(&old, &e.sections) {
                Ok(new) => e.content = new,
                Err(p) => problems.push(format!("`{}`: {}", e.path, p.0)),
            },
            (None, false) if e.content.is_empty() => {
                problems.push(format!(
                    "`{}` does not exist: a new page needs its whole text in `content`",
                    e.path
                ));
            }
            (Some(old), true) => {
                // A whole-page answer for an existing page keeps the page's front matter.
                let front = sections::front_matter_block(&old);
                if !front.is_empty() && !e.content.starts_with("---\n") {
                    e.content = format!("{front}\n{}", e.content.trim_start_matches('\n'));
                }
            }
            _ => {}
        }
        e.sections.clear();
        edits.push(e);
    }
    // Mechanical repairs first (they only make text inert: escapes, backticks, closed tags),
    // then the checks on what will be committed.
    let mode = mdx_mode(cx.site);
    let mut repairs = Vec::new();
    for e in &mut edits {
        let (fixed, notes) = mdx::repair(&e.path, &e.content, mode);
        repairs.extend(notes.into_iter().map(|n| format!("`{}`: {n}", e.path)));
        e.content = fixed;
    }
    // Paths and code: nothing else matters for an edit minibot will never write.
    let structural = validate_edits(&edits, &cx.site.docs_dir, cx.named, cx.max_pages);
    if !structural.is_empty() || !problems.is_empty() {
        problems.extend(structural.iter().map(ToString::to_string));
        return Verdict::Rejected { problems };
    }
    // Doc ids after the change: the site's, plus those of the new pages.
    let mut ids: Vec<String> = cx.doc_ids.to_vec();
    for e in edits.iter().filter(|e| !(cx.file_exists)(&e.path)) {
        if let Some(rel) = e.path.strip_prefix(&format!("{}/", cx.site.docs_dir)) {
            ids.push(doc_id(rel, &e.content));
        }
    }
    let edited: Vec<String> = edits.iter().map(|e| e.path.clone()).collect();
    let exists_after = |p: &str| (cx.file_exists)(p) || edited.iter().any(|e| e == p);
    for e in &mut edits {
        let lcx = links::LinkContext {
            page: &e.path,
            docs_dir: &cx.site.docs_dir,
            route_base_path: &cx.site.route_base_path,
            exists: &exists_after,
            doc_ids: &ids,
        };
        let broken = links::broken_links(&e.content, &lcx);
        let (fixed, notes) = links::unlink_broken(&e.content, &broken);
        repairs.extend(notes.into_iter().map(|n| format!("`{}`: {n}", e.path)));
        e.content = fixed;
        for b in links::broken_links(&e.content, &lcx) {
            problems.push(format!(
                "`{}`: the {} `{}` does not exist",
                e.path,
                if b.image { "image" } else { "link target" },
                b.target
            ));
        }
        for p in mdx::check(&e.path, &e.content, mode) {
            if !p.is_warning() {
                problems.push(format!("`{}` {p}", e.path));
            }
        }
    }
    // Docusaurus refuses two pages with one id.
    let mut seen = std::collections::BTreeSet::new();
    for id in &ids {
        if !seen.insert(id) {
            problems.push(format!("two pages would have the doc id `{id}`"));
        }
    }
    if problems.is_empty() {
        Verdict::Edits {
            summary: answer.summary,
            edits,
            repairs,
        }
    } else {
        Verdict::Rejected { problems }
    }
}

/// What a new page needs besides itself: a `_category_.json` for each new folder, and, when the
/// sidebars are written by hand, the ids to add (minibot does not rewrite JavaScript; the pull
/// request says which ids to add and where).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewPageExtras {
    pub files: Vec<crate::github::FileWrite>,
    /// Sentences for the pull request body.
    pub notes: Vec<String>,
}

/// Works out [`NewPageExtras`] for the created pages among `edits`. `files` are the repository's
/// paths now; `sidebars` is the sidebars file (path, text), if there is one.
pub fn new_page_extras(
    site: &Site,
    edits: &[ProposedEdit],
    files: &[&str],
    sidebars: Option<(&str, &str)>,
) -> NewPageExtras {
    let exists = |p: &str| files.contains(&p);
    let folder_has_files = |d: &str| {
        let prefix = format!("{d}/");
        files.iter().any(|f| f.starts_with(&prefix))
    };
    let mut extras = NewPageExtras::default();
    let mut new_ids = Vec::new();
    for e in edits.iter().filter(|e| !exists(&e.path)) {
        let Some(rel) = e.path.strip_prefix(&format!("{}/", site.docs_dir)) else {
            continue;
        };
        new_ids.push(doc_id(rel, &e.content));
        // Every folder between the docs root and the page that is new gets a category file.
        let mut dir = site.docs_dir.clone();
        let segments: Vec<&str> = rel.split('/').collect();
        for seg in &segments[..segments.len().saturating_sub(1)] {
            dir = format!("{dir}/{seg}");
            let category = format!("{dir}/_category_.json");
            if !folder_has_files(&dir) && !extras.files.iter().any(|f| f.path == category) {
                let label = title_case(seg);
                extras.files.push(crate::github::FileWrite {
                    path: category,
                    content: format!(
                        "{{\n  \"label\": {},\n  \"link\": {{ \"type\": \"generated-index\" }}\n}}\n",
                        serde_json::to_string(&label).unwrap_or_default()
                    ),
                });
            }
        }
    }
    let Some((file, text)) = sidebars else {
        return extras;
    };
    if new_ids.is_empty() || super::sidebars_autogenerated(text) {
        return extras;
    }
    // A hand-written sidebar: each new id goes next to a sibling's id when that can be done
    // safely; the others are listed for the maintainer.
    let mut edited = text.to_string();
    let mut left = Vec::new();
    for id in &new_ids {
        match super::insert_sidebar_id(&edited, id) {
            Some((next, after)) => {
                edited = next;
                extras
                    .notes
                    .push(format!("added `'{id}'` to `{file}` after `'{after}'`."));
            }
            None => left.push(id.clone()),
        }
    }
    if edited != text {
        extras.files.push(crate::github::FileWrite {
            path: file.to_string(),
            content: edited,
        });
    }
    if !left.is_empty() {
        extras.notes.push(format!(
            "`{file}` lists its pages by hand: add {} to it, or the new page{} will not appear in the sidebar.",
            left.iter()
                .map(|i| format!("`'{i}'`"))
                .collect::<Vec<_>>()
                .join(", "),
            if left.len() == 1 { "" } else { "s" }
        ));
    }
    extras
}

/// The doc ids of a site's pages.
pub fn doc_ids(site: &Site, pages: &[Page]) -> Vec<String> {
    let prefix = format!("{}/", site.docs_dir);
    pages
        .iter()
        .filter_map(|p| p.path.strip_prefix(&prefix).map(|rel| doc_id(rel, &p.text)))
        .collect()
}

/// The Docusaurus doc id of a page: its path in the docs folder without extension and number
/// prefixes (`01-intro.md` → `intro`); a front matter `id` replaces the last segment.
pub fn doc_id(rel_path: &str, text: &str) -> String {
    let no_ext = rel_path
        .strip_suffix(".mdx")
        .or_else(|| rel_path.strip_suffix(".md"))
        .unwrap_or(rel_path);
    let mut segs: Vec<String> = no_ext.split('/').map(strip_number_prefix).collect();
    let front = sections::front_matter_block(text);
    if let Some(id) = front.lines().find_map(|l| l.strip_prefix("id:")) {
        let id = id.trim().trim_matches(|c| c == '"' || c == '\'');
        if !id.is_empty()
            && let Some(last) = segs.last_mut()
        {
            *last = id.to_string();
        }
    }
    segs.join("/")
}

fn strip_number_prefix(seg: &str) -> String {
    let digits = seg.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return seg.to_string();
    }
    let rest = seg[digits..].trim_start();
    match rest.strip_prefix(['-', '_', '.']) {
        Some(r) => r.trim_start_matches(['-', '_', '.', ' ']).to_string(),
        None => seg.to_string(),
    }
}

fn title_case(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::FileChange;

    fn site() -> Site {
        Site {
            config_path: Some("website/docusaurus.config.js".into()),
            site_dir: "website".into(),
            docs_dir: "website/docs".into(),
            route_base_path: "docs".into(),
            format: "mdx".into(),
            v4: false,
            sidebars_path: None,
            notes: vec![],
        }
    }

    #[test]
    fn a_plan_ranks_estimates_and_proposes_new_pages() {
        let pages = vec![
            Page {
                path: "website/docs/cli/deploy.md".into(),
                text: "# deploy\n\n| flag | |\n| `--force` | x |\n".into(),
            },
            Page {
                path: "website/docs/intro.md".into(),
                text: "# Intro\n".into(),
            },
        ];
        let change = Change {
            title: "Add an export command".into(),
            files: vec![
                FileChange {
                    path: "src/commands/deploy.ts".into(),
                    status: "modified".into(),
                    additions: 1,
                    deletions: 1,
                    patch: Some(
                        "@@ -1 +1 @@\n-  .option('--force')\n+  .option('--force', 'skip checks')"
                            .into(),
                    ),
                    previous_path: None,
                },
                FileChange {
                    path: "src/commands/exportSite.ts".into(),
                    status: "added".into(),
                    additions: 1,
                    deletions: 0,
                    patch: Some("@@ -0,0 +1 @@\n+export const run = () => 1;".into()),
                    previous_path: None,
                },
            ],
            ..Change::default()
        };
        let p = plan(
            &site(),
            &pages,
            &change,
            3,
            12_000,
            "gpt-4o-mini",
            &PriceTable::builtin(),
        );
        assert_eq!(p.targets[0].path, "website/docs/cli/deploy.md");
        assert_eq!(p.new_pages.len(), 1);
        assert_eq!(p.new_pages[0].path, "website/docs/cli/export-site.md");
        assert!(p.estimated_cost_usd > 0.0 && p.estimated_cost_usd < 0.01);
        let json = serde_json::to_value(&p).unwrap();
        for key in [
            "site_dir",
            "docs_dir",
            "targets",
            "new_pages",
            "estimated_cost_usd",
        ] {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert!(!json["targets"][0]["reasons"].as_array().unwrap().is_empty());
    }

    #[test]
    fn new_pages_get_categories_and_sidebar_notes() {
        let s = site();
        let edit = |path: &str| ProposedEdit {
            path: path.into(),
            content: "---\ntitle: \"Export\"\n---\n# Export\n".into(),
            reason: String::new(),
            action: "create".into(),
            sections: vec![],
        };
        let edits = [
            edit("website/docs/cli/export.md"),
            edit("website/docs/plugins/s3-upload.md"),
        ];
        let files = ["website/docs/cli/serve.md", "website/sidebars.js"];
        let auto = "module.exports = { s: [{type: 'autogenerated', dirName: '.'}] };";
        let x = new_page_extras(&s, &edits, &files, Some(("website/sidebars.js", auto)));
        assert_eq!(x.files.len(), 1, "{x:?}");
        assert_eq!(x.files[0].path, "website/docs/plugins/_category_.json");
        assert!(x.files[0].content.contains("\"label\": \"Plugins\""));
        assert!(x.notes.is_empty());
        let manual = "module.exports = {\n  docs: ['intro', {type: 'category', label: 'CLI', items: ['cli/serve', \"cli/replay\"]}],\n};\n";
        let x = new_page_extras(&s, &edits, &files, Some(("website/sidebars.js", manual)));
        let sidebars = x
            .files
            .iter()
            .find(|f| f.path == "website/sidebars.js")
            .expect("edited");
        assert!(
            sidebars
                .content
                .contains("items: ['cli/serve', \"cli/replay\", \"cli/export\"]"),
            "{}",
            sidebars.content
        );
        assert!(x.notes[0].contains("added `'cli/export'`"), "{:?}", x.notes);
        assert!(
            x.notes[1].contains("add `'plugins/s3-upload'`"),
            "{:?}",
            x.notes
        );
        assert_eq!(doc_id("guides/01-intro.md", ""), "guides/intro");
        assert_eq!(doc_id("a/b.mdx", "---\nid: custom\n---\n"), "a/custom");
    }

    #[test]
    fn answers_are_judged() {
        let s = site();
        let none = |_: &str| None;
        let no_file = |_: &str| false;
        let cx = JudgeContext {
            site: &s,
            max_pages: 3,
            page_text: &none,
            file_exists: &no_file,
            doc_ids: &[],
            named: &[],
        };
        let judged = |text: &str, reason: &str| judge(text, Some(reason), &cx);
        assert!(matches!(judged("{}", "length"), Verdict::Rejected { .. }));
        assert!(matches!(judged("no", "refusal"), Verdict::Rejected { .. }));
        assert!(matches!(
            judged("{\"summary\":\"ok\",\"edits\":[]}", "stop"),
            Verdict::NoChange { .. }
        ));
        let ok = r##"{"summary":"s","edits":[{"path":"website/docs/a.md","content":"# A\n","reason":"r"}]}"##;
        assert!(matches!(judged(ok, "stop"), Verdict::Edits { .. }));
        let bad =
            r##"{"summary":"s","edits":[{"path":"docs/a.md","content":"# A\n","reason":"r"}]}"##;
        assert!(matches!(judged(bad, "stop"), Verdict::Rejected { .. }));
    }

    #[test]
    fn section_edits_leave_the_rest_of_the_page_alone() {
        let s = site();
        let old =
            "---\ntitle: A\n---\n\n# A\n\nIntro.\n\n## Flags\n\nOld.\n\n## More\n\nKeep me.\n";
        let existing = |p: &str| (p == "website/docs/a.md").then(|| old.to_string());
        let file_exists = |p: &str| p == "website/docs/a.md";
        let ids = ["a".to_string()];
        let cx = JudgeContext {
            site: &s,
            max_pages: 3,
            page_text: &existing,
            file_exists: &file_exists,
            doc_ids: &ids,
            named: &[],
        };
        let answer = r###"{"summary":"s","edits":[{"path":"website/docs/a.md","action":"update","reason":"r","content":"",
            "sections":[{"heading":"## Flags","content":"## Flags\n\nNew.\n","after":""}]}]}"###;
        let v = judge(answer, Some("stop"), &cx);
        let Verdict::Edits { edits, .. } = v else {
            panic!("accepted: {v:?}")
        };
        assert_eq!(edits[0].content, old.replace("Old.", "New."));
        // A whole-page answer keeps the page's front matter.
        let whole = r###"{"summary":"s","edits":[{"path":"website/docs/a.md","content":"# A\n\nAll new.\n","reason":"r"}]}"###;
        let v = judge(whole, Some("stop"), &cx);
        let Verdict::Edits { edits, .. } = v else {
            panic!("accepted: {v:?}")
        };
        assert_eq!(edits[0].content, "---\ntitle: A\n---\n\n# A\n\nAll new.\n");
        let create_without_text = r###"{"summary":"s","edits":[{"path":"website/docs/b.md","action":"create","reason":"r","content":"",
            "sections":[{"heading":"## X","content":"## X\n","after":""}]}]}"###;
        assert!(matches!(
            judge(create_without_text, Some("stop"), &cx),
            Verdict::Rejected { .. }
        ));
    }
}
