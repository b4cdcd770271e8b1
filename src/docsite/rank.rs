//! Choosing the pages a change concerns.
//!
//! Signals, each normalized to 0..1 and combined with fixed weights:
//! - **identifiers**: names the diff adds, removes or renames (functions, types, options, CLI
//!   flags, config keys, env vars) and where pages mention them; a page that *defines* a name (in a
//!   heading, a table's first column, a list item that starts with it) counts more than one that
//!   uses it in an example; names are matched across conventions (`maxRetries`, `max_retries`,
//!   `--max-retries`, `MAX_RETRIES`); rare names weigh more (IDF over the site's pages); names
//!   from the diff's unchanged context lines count a little, which finds the reference page of a
//!   brand-new option by its neighbours; plain words (`out`, `config`) count half, as they may be
//!   local variables or common nouns; a page quoting a message of a changed string literal (an
//!   error, a log line) counts as strongly as one defining a name;
//! - **paths**: words of the changed code paths against the page's path and title, a file's own
//!   name counting more than its folders;
//! - **links**: the page names a changed source file;
//! - **intent**: the PR title, body and commit messages against the page's title and headings;
//! - **kind**: env vars, flags and error codes changed against env-var, CLI and troubleshooting
//!   pages;
//! - **text**: BM25 of the page text against the diff (one signal among several);
//! - **section**: BM25 of the page's best section (between headings) against the diff, which
//!   finds the one relevant section of a long page.
//!
//! A case whose best evidence of a kind is weak (plain words only, folder words only) does not
//! have it scaled up to full weight by the normalization.
//!
//! Documentation files the change edits itself only count as "already edited".

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{BuildHasher, Hash, Hasher};

use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use serde::Serialize;

use crate::github::FileChange;

/// A documentation page and its text.
#[derive(Debug, Clone)]
pub struct Page {
    /// Repository-relative path.
    pub path: String,
    pub text: String,
}

/// The change to document.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub title: String,
    pub body: String,
    pub messages: Vec<String>,
    pub files: Vec<FileChange>,
}

/// A ranked page with the reasons in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub path: String,
    pub score: f64,
    pub reasons: Vec<String>,
}

/// Weights of the signals (each signal is normalized to 0..1 first).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    pub ident: f64,
    pub path: f64,
    pub link: f64,
    pub intent: f64,
    pub text: f64,
    /// The change already edits this page.
    pub touched: f64,
    /// Names and words from test files count this much.
    pub test_files: f64,
    /// The kind of names changed (env vars, CLI flags, error codes, config keys) against the kind
    /// of page (environment variables, CLI reference, troubleshooting, configuration).
    pub kind: f64,
    /// BM25 of the page's best section (between headings) against the diff.
    pub section: f64,
}

impl Default for Weights {
    fn default() -> Self {
        // Chosen with `tests/rank_eval.rs` `tune` on the dev sites of eval/ (rounded; the
        // held-out sites were not used).
        Weights {
            ident: 1.0,
            path: 1.0,
            link: 0.3,
            intent: 0.45,
            text: 0.3,
            touched: 0.5,
            test_files: 0.0,
            kind: 0.6,
            section: 1.0,
        }
    }
}

/// How much a page quoting a changed message counts (against one name it defines, 1.5).
const MESSAGE_WEIGHT: f64 = 2.0;

/// The share of a full identifier signal below which a case's best page is not scaled up.
const IDENT_FLOOR: f64 = 1.0;

/// How much a plain word counts as a name against a name with a shape (see [`shape_weight`]).
const PLAIN_WORD_WEIGHT: f64 = 0.5;

/// How much a path's folder words count against its file name's words.
const FOLDER_WEIGHT: f64 = 0.5;

/// How much a page defining a new name's family counts, against a page defining the name itself.
const FAMILY_WEIGHT: f64 = 1.5;

/// How a name appears in the diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    /// Only in unchanged context lines.
    Context,
    /// In an unchanged line right next to a changed one (often the same statement).
    Near,
    /// On both added and removed lines (an edited line that keeps the name).
    Kept,
    /// Added.
    Added,
    /// Removed and not added back: renamed away or deleted; pages naming it are now wrong.
    Removed,
}

impl Role {
    fn weight(self) -> f64 {
        match self {
            Role::Context => 0.2,
            Role::Near => 0.6,
            Role::Kept => 0.6,
            Role::Added => 1.0,
            Role::Removed => 1.3,
        }
    }
}

/// How a page mentions a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Mention {
    /// In a fenced code block (an example).
    Example,
    /// In running text.
    Prose,
    /// In inline code.
    Code,
    /// Where names are defined: a heading, a table's first column, a list item that starts with it.
    Definition,
}

impl Mention {
    fn weight(self) -> f64 {
        match self {
            Mention::Example => 0.35,
            Mention::Prose => 0.45,
            Mention::Code => 0.75,
            Mention::Definition => 1.5,
        }
    }
}

/// What the ranking knows of one page.
struct PageIndex {
    path: String,
    title: String,
    /// canonical name → strongest mention
    names: HashMap<String, Mention>,
    /// term frequencies of the page text (lowercased words and name parts)
    terms: HashMap<String, u32>,
    len: usize,
    /// words of the title and headings
    heading_terms: HashMap<String, u32>,
    heading_len: usize,
    /// words of the path and title
    path_words: BTreeSet<String>,
    /// words of the file name and title (the page's own subject, not its section)
    name_words: BTreeSet<String>,
    /// the page text in [`plain_text`] form, to find quoted messages
    plain: String,
    /// every run of four words of `plain` (what a quoted message must start with)
    shingles: HashSet<u64>,
    /// things in the page that look like source file paths (lowercased)
    file_refs: BTreeSet<String>,
    /// family → how many names of that family the page defines (see [`family`])
    families: HashMap<String, u32>,
    /// term frequencies and length of each section (the text between headings)
    sections: Vec<Section>,
}

/// The text between two headings.
struct Section {
    /// Its heading (empty for the text before the first one).
    heading: String,
    terms: HashMap<String, u32>,
    len: usize,
}

/// Ranks every page for the change, best first. Pages with no signal at all are left out.
pub fn rank(pages: &[Page], change: &Change) -> Vec<Target> {
    rank_with(pages, change, &Weights::default())
}

/// Per page, the normalized signals: touched, identifiers, paths, links, intent, text, kind,
/// section.
pub type Signals = [f64; 8];

/// The signals of every page for a change, for tuning the weights: `(path, signals)`.
pub fn signals(pages: &[Page], change: &Change, test_files: f64) -> Vec<(String, Signals)> {
    let a = analyze(pages, change, test_files);
    a.index
        .iter()
        .zip(a.signals)
        .map(|(p, s)| (p.path.clone(), s))
        .collect()
}

/// Combines signals with weights.
pub fn combine(s: &Signals, w: &Weights) -> f64 {
    w.touched * s[0]
        + w.ident * s[1]
        + w.path * s[2]
        + w.link * s[3]
        + w.intent * s[4]
        + w.text * s[5]
        + w.kind * s[6]
        + w.section * s[7]
}

struct Analysis {
    index: Vec<PageIndex>,
    signals: Vec<Signals>,
    ident_reasons: Vec<Vec<(f64, String)>>,
    path_reasons: Vec<Vec<String>>,
    link_reasons: Vec<Vec<String>>,
    /// the heading of the page's best-matching section
    section_reasons: Vec<Option<String>>,
}

/// [`rank`] with other weights (for tuning).
pub fn rank_with(pages: &[Page], change: &Change, w: &Weights) -> Vec<Target> {
    let Analysis {
        index,
        signals,
        mut ident_reasons,
        path_reasons,
        link_reasons,
        section_reasons,
    } = analyze(pages, change, w.test_files);
    let mut out: Vec<Target> = Vec::new();
    for (i, p) in index.iter().enumerate() {
        let sig = &signals[i];
        let score = combine(sig, w);
        if score <= 0.0 {
            continue;
        }
        let mut reasons = Vec::new();
        if sig[0] > 0.0 {
            reasons.push("the change already edits this page".to_string());
        }
        let mut idr = std::mem::take(&mut ident_reasons[i]);
        idr.sort_by(|a, b| b.0.total_cmp(&a.0));
        reasons.extend(idr.into_iter().take(3).map(|(_, r)| r));
        reasons.extend(path_reasons[i].iter().take(2).cloned());
        reasons.extend(link_reasons[i].iter().take(2).cloned());
        if sig[4] >= 0.5 {
            reasons.push(format!(
                "its title or headings match the change's description (“{}”)",
                p.title
            ));
        }
        if sig[5] >= 0.5 {
            reasons.push(format!(
                "its text is similar to the diff (BM25 {:.0}% of the best)",
                sig[5] * 100.0
            ));
        }
        if sig[7] >= 0.5
            && let Some(h) = &section_reasons[i]
        {
            reasons.push(format!(
                "its section “{h}” is similar to the diff (BM25 {:.0}% of the best section)",
                sig[7] * 100.0
            ));
        }
        if reasons.is_empty() {
            reasons.push("weakly related to the change".into());
        }
        out.push(Target {
            path: p.path.clone(),
            score: (score * 1000.0).round() / 1000.0,
            reasons,
        });
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.path.cmp(&b.path)));
    out
}

fn analyze(pages: &[Page], change: &Change, test_files: f64) -> Analysis {
    let index = index_pages(pages);
    if index.is_empty() {
        return Analysis {
            index,
            signals: Vec::new(),
            ident_reasons: Vec::new(),
            path_reasons: Vec::new(),
            link_reasons: Vec::new(),
            section_reasons: Vec::new(),
        };
    }
    let n = index.len() as f64;
    let diff = DiffNames::from_change(change, test_files);

    // Identifier signal.
    let mut df: HashMap<&str, usize> = HashMap::default();
    for p in &index {
        for k in p.names.keys() {
            *df.entry(k.as_str()).or_default() += 1;
        }
    }
    let idf = |k: &str| -> f64 {
        let d = df.get(k).copied().unwrap_or(0) as f64;
        ((n + 1.0) / (d + 0.5)).ln().max(0.05)
    };
    let mut ident_scores = vec![0.0; index.len()];
    let mut ident_reasons: Vec<Vec<(f64, String)>> = vec![Vec::new(); index.len()];
    // Pages have far fewer names than a large diff: walk the pages' names.
    for (i, p) in index.iter().enumerate() {
        for (key, &m) in &p.names {
            let Some((role, display, fw)) = diff.names.get(key) else {
                continue;
            };
            let s = role.weight() * idf(key) * m.weight() * fw * shape_weight(display);
            ident_scores[i] += s;
            if *role > Role::Near {
                let how = match m {
                    Mention::Definition => "documents",
                    Mention::Code | Mention::Prose => "mentions",
                    Mention::Example => "uses in an example",
                };
                let what = match role {
                    Role::Removed => "removed or renamed",
                    Role::Added => "added",
                    _ => "changed",
                };
                ident_reasons[i].push((s, format!("{how} `{display}` ({what} in the diff)")));
            }
        }
    }

    // A page that quotes a message the change edits (an error, a log line) shows it to users.
    let messages: Vec<(&String, &Role, u64)> = diff
        .messages
        .iter()
        .map(|(m, role)| (m, role, shingle(&m.split(' ').take(4).collect::<Vec<_>>())))
        .collect();
    for (i, p) in index.iter().enumerate() {
        for (message, role, start) in &messages {
            if p.shingles.contains(start) && p.plain.contains(message.as_str()) {
                let s = MESSAGE_WEIGHT * role.weight();
                ident_scores[i] += s;
                ident_reasons[i].push((
                    s,
                    format!("quotes the message “{message}” (changed in the diff)"),
                ));
            }
        }
    }

    // A name no page mentions yet belongs where its family is documented (`SKYHOP_NEW_VAR` on
    // the page that defines the other `SKYHOP_*` variables).
    let unseen: Vec<(String, f64, String)> = diff
        .names
        .iter()
        .filter(|(k, (role, _, _))| *role >= Role::Added && !df.contains_key(k.as_str()))
        .filter_map(|(_, (role, display, fw))| {
            family(display).map(|f| (f, role.weight() * fw, display.clone()))
        })
        .collect();
    for (i, p) in index.iter().enumerate() {
        for (fam, w, display) in &unseen {
            if let Some(&count) = p.families.get(fam) {
                let s = FAMILY_WEIGHT * w * (count.min(5) as f64 / 5.0);
                ident_scores[i] += s;
                ident_reasons[i].push((
                    s,
                    format!("documents the `{fam}…` names that the new `{display}` joins"),
                ));
            }
        }
    }

    // Path signal: words of changed code paths vs page path and title.
    let mut path_df: HashMap<&str, usize> = HashMap::default();
    for p in &index {
        for w in &p.path_words {
            *path_df.entry(w.as_str()).or_default() += 1;
        }
    }
    // A code file's own name says more than its folders (`commands/new.rs`: “new” over
    // “commands”); each word keeps its strongest use.
    let mut code_words: BTreeMap<String, (String, f64)> = BTreeMap::new();
    // Documentation the change edits itself says which pages are touched; its words and names
    // would only find the page they came from (also left out of the diff's names and query).
    for f in change.files.iter().filter(|f| !super::is_doc_file(&f.path)) {
        let (folder, name) = f.path.rsplit_once('/').unwrap_or(("", f.path.as_str()));
        for (ws, weight) in [(path_words(folder), FOLDER_WEIGHT), (path_words(name), 1.0)] {
            for w in ws {
                let e = code_words.entry(w).or_insert((f.path.clone(), weight));
                if weight > e.1 {
                    *e = (f.path.clone(), weight);
                }
            }
        }
    }
    let mut path_scores = vec![0.0; index.len()];
    let mut path_reasons: Vec<Vec<String>> = vec![Vec::new(); index.len()];
    for (i, p) in index.iter().enumerate() {
        for (w, (file, weight)) in &code_words {
            if let Some(pw) = p.path_words.iter().find(|pw| related(pw, w)) {
                let d = path_df.get(pw.as_str()).copied().unwrap_or(1) as f64;
                let exact = if pw == w { 1.0 } else { 0.6 };
                let own = if p.name_words.contains(pw) {
                    1.0
                } else {
                    FOLDER_WEIGHT
                };
                path_scores[i] += exact * weight * own * ((n + 1.0) / d).ln().max(0.1);
                path_reasons[i].push(format!("its path or title matches `{file}` (“{w}”)"));
            }
        }
    }

    // Link signal: the page names a changed file.
    let mut link_scores = vec![0.0; index.len()];
    let mut link_reasons: Vec<Vec<String>> = vec![Vec::new(); index.len()];
    for (i, p) in index.iter().enumerate() {
        for link in &p.file_refs {
            if let Some(f) = change.files.iter().find(|f| {
                let path = f.path.to_lowercase();
                path.ends_with(link.as_str()) || link.ends_with(path.as_str())
            }) {
                link_scores[i] += 1.0;
                link_reasons[i].push(format!("links to `{}`", f.path));
            }
        }
    }

    // Kind signal: the kinds of names the diff changes against the kinds of pages.
    let mut kinds_changed: BTreeMap<NameKind, f64> = BTreeMap::new();
    for (role, display, fw) in diff.names.values() {
        if *role >= Role::Near
            && let Some(k) = name_kind(display)
        {
            *kinds_changed.entry(k).or_default() += role.weight() * fw;
        }
    }
    let kind_scores: Vec<f64> = index
        .iter()
        .map(|p| {
            kinds_changed
                .iter()
                .filter(|(k, _)| page_is_kind(&p.path_words, **k))
                .map(|(_, w)| w)
                .sum()
        })
        .collect();

    // Intent signal: PR title, body and messages vs titles and headings (BM25).
    let mut intent_query: Vec<String> = words(&change.title);
    intent_query.extend(words(&change.title)); // the title counts double
    intent_query.extend(words(&change.body));
    for m in &change.messages {
        intent_query.extend(words(m));
    }
    let intent_scores = bm25(
        &index
            .iter()
            .map(|p| (&p.heading_terms, p.heading_len))
            .collect::<Vec<_>>(),
        &intent_query,
    );

    // Text signal: BM25 of page text vs the diff's changed lines.
    let text_scores = bm25(
        &index.iter().map(|p| (&p.terms, p.len)).collect::<Vec<_>>(),
        &diff.query,
    );

    // Likewise, one name with a shape that a single page defines is a full identifier signal;
    // plain words found here and there are not.
    let ident_n = normalize_at_least(
        &ident_scores,
        IDENT_FLOOR * Mention::Definition.weight() * ((n + 1.0) / 1.5).ln(),
    );
    // One match of a file name's word with a single page's name is a full path signal; a case
    // whose best match is weaker (folder words, common words) does not get the whole weight.
    let path_n = normalize_at_least(&path_scores, (n + 1.0).ln());
    let link_n = normalize(&link_scores);
    let intent_n = normalize(&intent_scores);
    let text_n = normalize(&text_scores);
    let kind_n = normalize(&kind_scores);
    // Section signal: BM25 over every section of every page; a page scores its best section.
    let owners: Vec<usize> = index
        .iter()
        .enumerate()
        .flat_map(|(i, p)| std::iter::repeat_n(i, p.sections.len()))
        .collect();
    let section_scores = bm25(
        &index
            .iter()
            .flat_map(|p| p.sections.iter().map(|s| (&s.terms, s.len)))
            .collect::<Vec<_>>(),
        &diff.query,
    );
    let mut best_section = vec![0.0f64; index.len()];
    let mut best_heading: Vec<&str> = vec![""; index.len()];
    let headings = index
        .iter()
        .flat_map(|p| p.sections.iter().map(|s| s.heading.as_str()));
    for ((owner, s), heading) in owners.iter().zip(section_scores).zip(headings) {
        if s > best_section[*owner] {
            best_section[*owner] = s;
            best_heading[*owner] = heading;
        }
    }
    let section_reasons: Vec<Option<String>> = best_heading
        .iter()
        .map(|h| (!h.is_empty()).then(|| h.to_string()))
        .collect();
    let section_n = normalize(&best_section);
    let signals = index
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let touched = change.files.iter().any(|f| f.path == p.path);
            [
                if touched { 1.0 } else { 0.0 },
                ident_n[i],
                path_n[i],
                link_n[i],
                intent_n[i],
                text_n[i],
                kind_n[i],
                section_n[i],
            ]
        })
        .collect();
    Analysis {
        index,
        signals,
        ident_reasons,
        path_reasons,
        link_reasons,
        section_reasons,
    }
}

/// The baseline the ranking is measured against: BM25 of each page's text against the diff.
pub fn bm25_baseline(pages: &[Page], change: &Change) -> Vec<Target> {
    let index = index_pages(pages);
    let mut query = Vec::new();
    for f in &change.files {
        if let Some(p) = &f.patch {
            for line in p.lines() {
                if line.starts_with('@') {
                    continue;
                }
                query.extend(words(line));
            }
        }
    }
    let scores = bm25(
        &index.iter().map(|p| (&p.terms, p.len)).collect::<Vec<_>>(),
        &query,
    );
    let mut out: Vec<Target> = index
        .iter()
        .zip(scores)
        .filter(|(_, s)| *s > 0.0)
        .map(|(p, s)| Target {
            path: p.path.clone(),
            score: s,
            reasons: vec![],
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.path.cmp(&b.path)));
    out
}

fn normalize(v: &[f64]) -> Vec<f64> {
    let max = v.iter().copied().fold(0.0, f64::max);
    if max <= 0.0 {
        return vec![0.0; v.len()];
    }
    v.iter().map(|x| x / max).collect()
}

/// [`normalize`], but a maximum below `floor` is scaled against `floor` instead.
fn normalize_at_least(v: &[f64], floor: f64) -> Vec<f64> {
    let max = v.iter().copied().fold(floor, f64::max);
    v.iter().map(|x| x / max).collect()
}

/// Okapi BM25 (k1 = 1.2, b = 0.75) of each document against the query terms. Walks each
/// document's terms once (documents are far smaller than a large diff's query).
fn bm25(docs: &[(&HashMap<String, u32>, usize)], query: &[String]) -> Vec<f64> {
    let n = docs.len() as f64;
    if docs.is_empty() {
        return Vec::new();
    }
    let avg = docs.iter().map(|d| d.1 as f64).sum::<f64>() / n;
    let mut qtf: HashMap<&str, u32> = HashMap::default();
    for q in query {
        *qtf.entry(q.as_str()).or_default() += 1;
    }
    let mut df: HashMap<&str, u32> = HashMap::default();
    for (tf, _) in docs {
        for term in tf.keys() {
            if let Some((q, _)) = qtf.get_key_value(term.as_str()) {
                *df.entry(q).or_default() += 1;
            }
        }
    }
    docs.iter()
        .map(|(tf, len)| {
            let norm = 1.2 * (1.0 - 0.75 + 0.75 * (*len as f64) / avg.max(1.0));
            tf.iter()
                .filter_map(|(term, &f)| {
                    let qcount = *qtf.get(term.as_str())?;
                    let df = df[term.as_str()] as f64;
                    let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
                    // Repeated query terms count with diminishing weight.
                    let qw = 1.0 + (qcount as f64).ln();
                    let f = f as f64;
                    Some(qw * idf * f * 2.2 / (f + norm))
                })
                .sum()
        })
        .collect()
}

/// Names of a diff with their roles, and the BM25 query of its changed lines.
struct DiffNames {
    /// canonical key → (role, how it was written, weight of the file it came from)
    names: BTreeMap<String, (Role, String, f64)>,
    query: Vec<String>,
    /// Messages in string literals of changed code lines (normalized, see [`messages_in`]), with
    /// whether they were removed: pages quoting a changed error or log message.
    messages: BTreeMap<String, Role>,
}

impl DiffNames {
    fn from_change(change: &Change, test_weight: f64) -> DiffNames {
        // canonical key → (role, display, file weight)
        let mut names: BTreeMap<String, (Role, String, f64)> = BTreeMap::new();
        let mut added: BTreeMap<String, f64> = BTreeMap::new();
        let mut removed: BTreeMap<String, f64> = BTreeMap::new();
        let mut query = Vec::new();
        let mut messages: BTreeMap<String, Role> = BTreeMap::new();
        for f in change.files.iter().filter(|f| !super::is_doc_file(&f.path)) {
            let Some(patch) = &f.patch else {
                continue;
            };
            let fw = if is_test_path(&f.path) {
                test_weight
            } else {
                1.0
            };
            let lines: Vec<&str> = patch.lines().collect();
            let changed = |i: usize| {
                lines
                    .get(i)
                    .is_some_and(|l| l.starts_with('+') || l.starts_with('-'))
            };
            for (i, line) in lines.iter().enumerate() {
                let Some(first) = line.as_bytes().first() else {
                    continue;
                };
                let body = &line[1..];
                let found: Vec<String> = names_in(body)
                    .into_iter()
                    .chain(declared_words(body))
                    .collect();
                match first {
                    b'+' | b'-' => {
                        if fw >= 1.0 {
                            query.extend(words(body));
                            let role = if *first == b'+' {
                                Role::Added
                            } else {
                                Role::Removed
                            };
                            for m in messages_in(body) {
                                let e = messages.entry(m).or_insert(role);
                                if *e != role {
                                    *e = Role::Kept;
                                }
                            }
                        }
                        let side = if *first == b'+' {
                            &mut added
                        } else {
                            &mut removed
                        };
                        for n in &found {
                            let k = canonical(n);
                            let e = side.entry(k.clone()).or_insert(0.0);
                            *e = e.max(fw);
                            names.entry(k).or_insert((Role::Added, n.clone(), fw));
                        }
                    }
                    b' ' => {
                        let near = changed(i.wrapping_sub(1)) || changed(i + 1);
                        let role = if near { Role::Near } else { Role::Context };
                        for n in &found {
                            let e = names.entry(canonical(n)).or_insert((role, n.clone(), fw));
                            if e.0 < role && e.0 <= Role::Near {
                                e.0 = role;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = BTreeMap::new();
        for (k, (ctx_role, display, fw)) in names {
            let role = match (added.get(&k), removed.get(&k)) {
                (Some(_), Some(_)) => Role::Kept,
                (Some(_), None) => Role::Added,
                (None, Some(_)) => Role::Removed,
                (None, None) => ctx_role,
            };
            let fw = added
                .get(&k)
                .copied()
                .or(removed.get(&k).copied())
                .unwrap_or(fw);
            out.insert(k, (role, display, fw));
        }
        DiffNames {
            names: out,
            query,
            messages,
        }
    }
}

/// A plain lowercase word (`out`, `config`, `timeout`) may be a name or just a word (a local
/// variable, a common noun); names with a shape (`max_retries`, `maxRetries`, `--dir`,
/// `SKYHOP_TOKEN`, `build.publish`) are surely names.
fn shape_weight(name: &str) -> f64 {
    if name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    {
        PLAIN_WORD_WEIGHT
    } else {
        1.0
    }
}

/// Text as pages and messages are compared: lowercase words separated by single spaces, without
/// Markdown's and code's punctuation.
fn plain_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.')) {
        let w = w.trim_matches(['.', '-']);
        if !w.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// Every run of four consecutive words of a [`plain_text`], hashed (see [`shingle`]).
fn shingles(plain: &str) -> HashSet<u64> {
    let words: Vec<&str> = plain.split(' ').collect();
    words.windows(4).map(shingle).collect()
}

/// The hash of a run of words.
fn shingle(words: &[&str]) -> u64 {
    let mut h = FxBuildHasher.build_hasher();
    for w in words {
        w.hash(&mut h);
    }
    h.finish()
}

/// Messages in a code line's string literals, as docs would quote them: each run of at least
/// four words between placeholders (`${dir}`, `{}`, `%s`), in [`plain_text`] form.
fn messages_in(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find(['"', '\'', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else {
            break;
        };
        let literal = &after[..close];
        rest = &after[close + 1..];
        let mut piece = String::new();
        let mut chars = literal.chars().peekable();
        let mut pieces = Vec::new();
        while let Some(c) = chars.next() {
            match c {
                '{' => {
                    pieces.push(std::mem::take(&mut piece));
                    for d in chars.by_ref() {
                        if d == '}' {
                            break;
                        }
                    }
                }
                '$' if chars.peek() == Some(&'{') => {}
                '%' if chars.peek().is_some_and(|d| d.is_ascii_alphabetic()) => {
                    chars.next();
                    pieces.push(std::mem::take(&mut piece));
                }
                _ => piece.push(c),
            }
        }
        pieces.push(piece);
        for p in pieces {
            let plain = plain_text(&p);
            if plain.split(" ").filter(|w| w.len() >= 2).count() >= 4 && plain.len() >= 16 {
                out.push(plain);
            }
        }
    }
    out
}

/// The family of a name, where docs list siblings together: `SKYHOP_UPLOAD_TIMEOUT` → `skyhop_`
/// (the product's env vars), `build.dotenv` → `build.` (a config section), `--upload-retries` →
/// `--upload-` (a flag group).
fn family(name: &str) -> Option<String> {
    let bare = name.trim_start_matches('$');
    if bare.len() >= 5
        && bare.contains('_')
        && bare
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return bare
            .split_once('_')
            .map(|(p, _)| format!("{}_", p.to_lowercase()));
    }
    if let Some(flag) = name.strip_prefix("--") {
        return flag.split_once('-').map(|(p, _)| format!("--{p}-"));
    }
    if name.contains('.') && !name.contains('/') {
        return name
            .rsplit_once('.')
            .map(|(p, _)| format!("{}.", p.to_lowercase()));
    }
    None
}

/// Kinds of names that documentation gathers on pages of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameKind {
    EnvVar,
    Flag,
    ErrorCode,
}

fn name_kind(name: &str) -> Option<NameKind> {
    if name.starts_with("--") {
        return Some(NameKind::Flag);
    }
    let bare = name.trim_start_matches('$');
    let screaming = bare.len() >= 4
        && bare.contains('_')
        && bare
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if screaming {
        return Some(if bare.starts_with("E_") || bare.starts_with("ERR_") {
            NameKind::ErrorCode
        } else {
            NameKind::EnvVar
        });
    }
    None
}

fn page_is_kind(path_words: &BTreeSet<String>, kind: NameKind) -> bool {
    let has = |w: &str| path_words.iter().any(|p| p == w);
    match kind {
        NameKind::EnvVar => has("environment") || has("env"),
        NameKind::Flag => has("cli") || has("command") || has("flag") || has("option"),
        NameKind::ErrorCode => has("troubleshoot") || has("error") || has("exit"),
    }
}

/// Test code: its names say less about user-facing behaviour.
fn is_test_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.split('/').any(|s| {
        matches!(
            s,
            "test" | "tests" | "__tests__" | "spec" | "testdata" | "e2e"
        )
    }) || lower.contains(".test.")
        || lower.contains(".spec.")
        || lower.ends_with("_test.go")
        || lower.ends_with("_test.rs")
}

/// Indexes every page, on all cores for a large site.
fn index_pages(pages: &[Page]) -> Vec<PageIndex> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || pages.len() < 200 {
        return pages.iter().map(index_page).collect();
    }
    let chunk = pages.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = pages
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(index_page).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("indexing a page does not panic"))
            .collect()
    })
}

fn index_page(page: &Page) -> PageIndex {
    let mut names: HashMap<String, Mention> = HashMap::default();
    let mut families: HashMap<String, u32> = HashMap::default();
    let mut note = |name: &str, m: Mention| {
        if m == Mention::Definition
            && let Some(f) = family(name)
        {
            *families.entry(f).or_default() += 1;
        }
        let key = canonical(name);
        for k in with_prefix_variants(&key, name) {
            let e = names.entry(k).or_insert(m);
            if m > *e {
                *e = m;
            }
        }
    };
    let (front, body) = split_front_matter(&page.text);
    let mut title = front_title(front).unwrap_or_default();
    let mut heading_text = String::new();
    let mut in_fence = false;
    // The body cut at its `##`-and-deeper headings: (heading, text), the first piece without one.
    let mut pieces: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in body.lines() {
        let t = line.trim_start();
        if !in_fence && t.starts_with("##") {
            pieces.push((t.trim_start_matches('#').trim().to_string(), String::new()));
        }
        let piece = &mut pieces.last_mut().expect("one piece at least").1;
        piece.push_str(line);
        piece.push('\n');
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            for n in names_in(line) {
                note(&n, Mention::Example);
            }
            continue;
        }
        let heading = t.starts_with('#');
        if heading {
            let h = t.trim_start_matches('#').trim();
            if title.is_empty() && t.starts_with("# ") {
                title = h.to_string();
            }
            heading_text.push_str(h);
            heading_text.push('\n');
        }
        // The first column of a table row, or the start of a list item, defines names.
        let defining: Option<&str> = if heading {
            Some(t)
        } else if let Some(row) = t.strip_prefix('|') {
            row.split('|').next()
        } else if let Some(item) = t
            .strip_prefix("- ")
            .or_else(|| t.strip_prefix("* "))
            .or_else(|| t.strip_prefix("+ "))
        {
            item.split([':', '—', '–']).next()
        } else {
            None
        };
        if let Some(def) = defining {
            // In a definition, inline code holds names even when they are plain words (`port`).
            for (i, seg) in def.split('`').enumerate() {
                let found = if i % 2 == 1 {
                    code_span_names(seg)
                } else {
                    names_in(seg)
                };
                for n in found {
                    note(&n, Mention::Definition);
                }
            }
        }
        // Inline code vs prose.
        for (i, seg) in t.split('`').enumerate() {
            let (m, found) = if i % 2 == 1 {
                (Mention::Code, code_span_names(seg))
            } else {
                (Mention::Prose, names_in(seg))
            };
            for n in found {
                note(&n, m);
            }
        }
    }
    heading_text.push_str(&title);
    // The page's terms are the sum of its sections' terms: the text is split into words once.
    let mut terms: HashMap<String, u32> = HashMap::default();
    let mut len = 0;
    let mut sections = Vec::new();
    for (heading, text) in pieces {
        let mut tf: HashMap<String, u32> = HashMap::default();
        let ws = words(&text);
        for w in &ws {
            *terms.entry(w.clone()).or_default() += 1;
            *tf.entry(w.clone()).or_default() += 1;
        }
        if !ws.is_empty() {
            len += ws.len();
            sections.push(Section {
                heading,
                terms: tf,
                len: ws.len(),
            });
        }
    }
    let mut heading_terms: HashMap<String, u32> = HashMap::default();
    let hw = words(&heading_text);
    for w in &hw {
        *heading_terms.entry(w.clone()).or_default() += 1;
    }
    let plain = plain_text(body);
    let mut pw: BTreeSet<String> = path_words(&page.path).into_iter().collect();
    pw.extend(words(&title));
    let file_name = page.path.rsplit('/').next().unwrap_or(&page.path);
    let mut name_words: BTreeSet<String> = path_words(file_name).into_iter().collect();
    name_words.extend(words(&title));
    PageIndex {
        path: page.path.clone(),
        title,
        names,
        terms,
        len,
        heading_terms,
        heading_len: hw.len(),
        path_words: pw,
        name_words,
        shingles: shingles(&plain),
        plain,
        file_refs: file_refs(&page.text),
        families,
        sections,
    }
}

/// Tokens that look like source file paths (`src/cli/serve.ts`, `blob/main/pkg/x.go`).
fn file_refs(text: &str) -> BTreeSet<String> {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '`' | '(' | ')' | '[' | ']' | '"' | '\'' | '<' | '>' | ','
            )
    })
    .map(|t| t.trim_end_matches(['.', ':', ';']).to_lowercase())
    .filter(|t| t.contains('/') && !t.starts_with("http") || t.contains("/blob/"))
    .filter_map(|t| {
        let t = match t.split_once("/blob/") {
            Some((_, rest)) => rest.split_once('/').map(|(_, p)| p.to_string())?,
            None => t,
        };
        let (_, ext) = t.rsplit_once('.')?;
        (FILE_EXTENSIONS.contains(&ext) && !matches!(ext, "md" | "mdx")).then_some(t)
    })
    .collect()
}

/// An env-var style name (`OCTO_MAX_RETRIES`) is also noted without its first segment, so it
/// matches the option `maxRetries`.
fn with_prefix_variants(key: &str, name: &str) -> Vec<String> {
    let mut v = vec![key.to_string()];
    let bare = name.trim_start_matches('$');
    if bare.len() > 4
        && bare
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && let Some((_, rest)) = bare.split_once('_')
        && rest.len() >= 4
    {
        v.push(canonical(rest));
    }
    v
}

pub(crate) fn split_front_matter(text: &str) -> (&str, &str) {
    if let Some(rest) = text.strip_prefix("---\n")
        && let Some(end) = rest.find("\n---")
    {
        let after = &rest[end + 4..];
        let after = after.strip_prefix('\n').unwrap_or(after);
        return (&rest[..end], after);
    }
    ("", text)
}

pub(crate) fn front_title(front: &str) -> Option<String> {
    front.lines().find_map(|l| {
        l.strip_prefix("title:")
            .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
    })
}

/// The canonical key of a name: lowercase, without leading dashes or `$`, without `_ - .`.
fn canonical(name: &str) -> String {
    name.trim_start_matches(['-', '$'])
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

const FILE_EXTENSIONS: &[&str] = &[
    "ts", "tsx", "js", "jsx", "mjs", "cjs", "go", "rs", "py", "md", "mdx", "json", "yaml", "yml",
    "toml", "txt", "html", "css", "sh",
];

/// Identifier-shaped names in a line: `--flags`, `ENV_VARS`, `snake_case`, `camelCase`,
/// `PascalCase` with two humps, `kebab-case` words and `dotted.keys`.
pub(crate) fn names_in(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in line.split(|c: char| !(c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '$'))) {
        let tok = raw.trim_end_matches(['.', '-']).trim_start_matches('.');
        if tok.len() < 3 {
            continue;
        }
        if is_name(tok) {
            out.push(tok.to_string());
        }
        // `a.b.c` also names `c`-style parts when they are names themselves (`config.maxRetries`).
        if tok.contains('.') {
            for part in tok.split('.') {
                if part.len() >= 3 && is_name(part) && !part.contains('.') {
                    out.push(part.to_string());
                }
            }
        }
    }
    out
}

/// Plain words in declaration position in code (`port: number`, `timeout = 5`, `retry(`) and
/// single quoted words (`'verbose'`): names even without an identifier shape.
fn declared_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_alphabetic() && (i == 0 || !is_word_byte(bytes[i - 1])) {
            let start = i;
            while i < bytes.len() && is_word_byte(bytes[i]) {
                i += 1;
            }
            let word = &line[start..i];
            let mut j = i;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'?') {
                j += 1;
            }
            let next = bytes.get(j).copied();
            let quoted = start > 0
                && matches!(bytes[start - 1], b'\'' | b'"' | b'`')
                && bytes.get(i) == Some(&bytes[start - 1]);
            let declared = matches!(next, Some(b':') | Some(b'=') | Some(b'('))
                && bytes.get(j + 1) != Some(&b':');
            if (declared || quoted)
                && word.len() >= 3
                && !STOP.contains(&word.to_lowercase().as_str())
            {
                out.push(word.to_string());
            }
        } else {
            i += 1;
        }
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Names in an inline code span: identifier-shaped names plus plain words (`port`).
fn code_span_names(span: &str) -> Vec<String> {
    let mut out = names_in(span);
    for w in span.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
        if w.len() >= 3
            && w.chars().next().is_some_and(|c| c.is_alphabetic())
            && !STOP.contains(&w.to_lowercase().as_str())
        {
            out.push(w.to_string());
        }
    }
    out
}

fn is_name(tok: &str) -> bool {
    let body = tok.trim_start_matches('-').trim_start_matches('$');
    if body.len() < 3 || !body.chars().next().is_some_and(|c| c.is_alphabetic()) {
        return false;
    }
    if tok.starts_with("--") {
        return body.chars().all(|c| c.is_alphanumeric() || c == '-');
    }
    if tok.starts_with('-') {
        return false;
    }
    if let Some((stem, ext)) = body.rsplit_once('.')
        && FILE_EXTENSIONS.contains(&ext)
        && !stem.contains('.')
    {
        return false;
    }
    let has_lower = body.chars().any(|c| c.is_lowercase());
    let has_upper = body.chars().any(|c| c.is_uppercase());
    if body.contains('_') {
        return true; // snake_case, ENV_VARS
    }
    if body.contains('.') {
        return body
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_alphanumeric()));
    }
    if body.contains('-') {
        // kebab-case words: two or more lowercase parts
        return body.split('-').count() >= 2
            && body.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            });
    }
    if has_lower && has_upper {
        let humps = body
            .char_indices()
            .skip(1)
            .filter(|(i, c)| {
                c.is_uppercase() && body[..*i].chars().last().is_some_and(|p| p.is_lowercase())
            })
            .count();
        // camelCase (`maxRetries`) or PascalCase with two humps (`ServeOptions`).
        return humps >= 1;
    }
    false
}

const STOP: &[&str] = &[
    "the", "and", "for", "with", "that", "this", "from", "into", "are", "was", "were", "will",
    "can", "not", "you", "your", "use", "used", "using", "when", "then", "than", "but", "has",
    "have", "its", "our", "all", "any", "new", "add", "adds", "added", "fix", "fixes", "update",
    "updates", "const", "let", "var", "func", "function", "return", "import", "export", "type",
    "string", "number", "bool", "true", "false", "null", "nil", "self", "pub", "struct", "impl",
    "err", "error", "res", "req", "ctx", "await", "async", "else", "package", "default", "value",
    "which", "should", "also", "more", "each", "one", "two", "see",
];

/// Lowercased words of a text, names split into their parts (`maxRetries` → max, retries).
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()) {
        for part in split_camel(raw) {
            let w = part.to_lowercase();
            if w.len() >= 3 && !STOP.contains(&w.as_str()) && !w.chars().all(|c| c.is_ascii_digit())
            {
                out.push(stem(&w));
            }
        }
    }
    out
}

/// A light English stemmer that maps a word's common forms together: plurals, `-ing`, `-ed`
/// and a final `e` (`image`, `images` → `imag`; `cache`, `caches`, `cached`, `caching` →
/// `cach`).
fn stem(w: &str) -> String {
    let mut s = w;
    if let Some(b) = s.strip_suffix("ies")
        && b.len() >= 2
    {
        return format!("{b}y");
    }
    if let Some(b) = s.strip_suffix("es")
        && ["s", "x", "z", "ch", "sh"].iter().any(|e| b.ends_with(e))
        && b.len() >= 3
    {
        s = b;
    } else if let Some(b) = s.strip_suffix('s')
        && !b.ends_with('s')
        && !b.ends_with('u')
        && !b.ends_with('i')
        && b.len() >= 3
    {
        s = b;
    }
    for suf in ["ing", "ed"] {
        if let Some(b) = s.strip_suffix(suf)
            && b.len() >= 3
        {
            s = b;
            break;
        }
    }
    if let Some(b) = s.strip_suffix('e')
        && b.len() >= 3
    {
        s = b;
    }
    s.to_string()
}

fn split_camel(s: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for w in chars.windows(2) {
        let (_, a) = w[0];
        let (j, b) = w[1];
        if a.is_lowercase() && b.is_uppercase() {
            parts.push(&s[start..j]);
            start = j;
        }
    }
    parts.push(&s[start..]);
    parts
}

const PATH_STOP: &[&str] = &[
    "src", "lib", "internal", "pkg", "cmd", "app", "index", "main", "mod", "test", "tests", "spec",
    "docs", "doc", "website", "packages", "package", "util", "utils", "common", "core", "types",
    "api",
];

/// Words of a path (folders and file stem), without extensions and filler folders. Unlike prose,
/// short and common words stay: `commands/new.rs` and `cli/up.md` name commands.
fn path_words(path: &str) -> Vec<String> {
    let no_ext = match path.rsplit_once('.') {
        Some((s, ext)) if !ext.contains('/') => s,
        _ => path,
    };
    let mut out = Vec::new();
    for raw in no_ext.split(|c: char| !c.is_alphanumeric()) {
        for part in split_camel(raw) {
            let w = part.to_lowercase();
            if w.len() >= 2
                && !w.chars().all(|c| c.is_ascii_digit())
                && !PATH_STOP.contains(&w.as_str())
            {
                out.push(stem(&w));
            }
        }
    }
    out
}

/// Same word, or one is the other plus an ending (`webhook` / `webhooks`).
fn related(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && long.starts_with(short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page {
            path: path.into(),
            text: text.into(),
        }
    }

    fn file(path: &str, patch: &str) -> FileChange {
        FileChange {
            path: path.into(),
            status: "modified".into(),
            additions: 1,
            deletions: 1,
            patch: Some(patch.into()),
            previous_path: None,
        }
    }

    #[test]
    fn names_are_recognized_by_shape() {
        let n = names_in(
            "  program.option('--max-retries <n>', 'retries'); const maxRetries = env.OCTO_MAX_RETRIES; use foo_bar; Serve, ServeOptions, index.ts",
        );
        for want in [
            "--max-retries",
            "maxRetries",
            "OCTO_MAX_RETRIES",
            "foo_bar",
            "ServeOptions",
            "program.option",
        ] {
            assert!(n.iter().any(|x| x == want), "{want} in {n:?}");
        }
        assert!(
            !n.iter()
                .any(|x| x == "Serve" || x == "index.ts" || x == "retries"),
            "{n:?}"
        );
        assert_eq!(canonical("--max-retries"), canonical("maxRetries"));
        assert_eq!(canonical("MAX_RETRIES"), "maxretries");
    }

    #[test]
    fn the_page_that_defines_the_name_beats_the_one_that_uses_it() {
        let pages = [
            page(
                "docs/tutorial.md",
                "# Tutorial\n\nRun it:\n\n```sh\nocto serve --max-retries 3\nocto serve --max-retries 5\n```\n\nThen `--max-retries` again.\n",
            ),
            page(
                "docs/cli/serve.md",
                "# octo serve\n\n| flag | meaning |\n| --- | --- |\n| `--max-retries` | how often |\n| `--port` | where |\n",
            ),
        ];
        let change = Change {
            title: "Raise the retry limit".into(),
            files: vec![file(
                "src/cli/serve.ts",
                "@@ -1 +1 @@\n-  .option('--max-retries <n>', 'x', 3)\n+  .option('--max-retries <n>', 'x', 5)\n",
            )],
            ..Change::default()
        };
        let ranked = rank(&pages, &change);
        assert_eq!(ranked[0].path, "docs/cli/serve.md", "{ranked:?}");
        assert!(
            ranked[0]
                .reasons
                .iter()
                .any(|r| r.contains("documents `--max-retries`")),
            "{:?}",
            ranked[0].reasons
        );
    }

    #[test]
    fn a_new_option_is_placed_by_its_neighbours() {
        let pages = [
            page(
                "docs/config.md",
                "# Configuration\n\n- `port`: where\n- `host`: which\n- `timeout`: how long\n",
            ),
            page("docs/intro.md", "# Intro\n\nOcto is nice. It has a port.\n"),
        ];
        let change = Change {
            files: vec![file(
                "src/options.ts",
                "@@ -1,3 +1,4 @@\n   port: number;\n   host: string;\n+  keepAliveMs: number;\n   timeout: number;\n",
            )],
            ..Change::default()
        };
        assert_eq!(rank(&pages, &change)[0].path, "docs/config.md");
    }

    #[test]
    fn a_new_name_goes_where_its_family_is_documented() {
        let pages = [
            page(
                "docs/reference/env.md",
                "# Environment variables\n\n| variable | meaning |\n| --- | --- |\n| `OCTO_TOKEN` | auth |\n| `OCTO_REGION` | where |\n",
            ),
            page(
                "docs/cli/upload.md",
                "# octo upload\n\nUploads files with retries.\n",
            ),
        ];
        let change = Change {
            files: vec![file(
                "src/transfer.ts",
                "@@ -1 +1,2 @@\n const RETRIES = 3;\n+const timeout = env.OCTO_UPLOAD_TIMEOUT;\n",
            )],
            ..Change::default()
        };
        let r = rank(&pages, &change);
        assert_eq!(r[0].path, "docs/reference/env.md", "{r:?}");
        assert!(
            r[0].reasons.iter().any(|x| x.contains("`octo_…` names")),
            "{:?}",
            r[0].reasons
        );
        assert_eq!(family("--upload-retries").as_deref(), Some("--upload-"));
        assert_eq!(family("build.dotenv").as_deref(), Some("build."));
        assert_eq!(family("maxRetries"), None);
    }

    #[test]
    fn a_removed_name_finds_the_pages_that_still_mention_it() {
        let pages = [
            page(
                "docs/a.md",
                "# A\n\nUse `legacyMode` to keep old behaviour.\n",
            ),
            page("docs/b.md", "# B\n\nNothing here about modes.\n"),
        ];
        let change = Change {
            files: vec![file(
                "src/x.ts",
                "@@ -1,2 +1,1 @@\n-export const legacyMode = false;\n export const x = 1;\n",
            )],
            ..Change::default()
        };
        let r = rank(&pages, &change);
        assert_eq!(r[0].path, "docs/a.md");
        assert!(
            r[0].reasons[0].contains("removed or renamed"),
            "{:?}",
            r[0].reasons
        );
    }

    #[test]
    fn code_paths_mirror_page_paths() {
        let pages = [
            page("docs/cli/deploy.md", "# Deploying\n\nShip it.\n"),
            page("docs/cli/build.md", "# Building\n\nMake it.\n"),
        ];
        let change = Change {
            files: vec![file("src/commands/deploy.ts", "@@ -1 +1 @@\n-a\n+b\n")],
            ..Change::default()
        };
        assert_eq!(rank(&pages, &change)[0].path, "docs/cli/deploy.md");
    }

    #[test]
    fn bm25_prefers_the_text_match() {
        let pages = [
            page("docs/a.md", "webhook retries backoff webhook"),
            page("docs/b.md", "database schema"),
        ];
        let change = Change {
            files: vec![file("src/x.ts", "@@ -1 +1 @@\n+webhook retries\n")],
            ..Change::default()
        };
        let r = bm25_baseline(&pages, &change);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].path, "docs/a.md");
    }
    #[test]
    fn short_and_common_command_names_in_paths_count() {
        // `new` and `up` are stop words in prose, but name commands in paths.
        let pages = [
            page("docs/cli/new.md", "# strata new\n\nCreates a file.\n"),
            page("docs/cli/up.md", "# strata up\n\nApplies files.\n"),
            page("docs/cli/status.md", "# strata status\n\nLists files.\n"),
        ];
        for (code, want) in [
            ("strata-cli/src/commands/new.rs", "docs/cli/new.md"),
            ("strata-cli/src/commands/up.rs", "docs/cli/up.md"),
        ] {
            let change = Change {
                files: vec![file(code, "@@ -1 +1 @@\n-a\n+b\n")],
                ..Change::default()
            };
            assert_eq!(rank(&pages, &change)[0].path, want, "{code}");
        }
    }

    #[test]
    fn word_forms_meet_in_one_stem() {
        for forms in [
            &["image", "images"][..],
            &["cache", "caches", "cached", "caching"],
            &["retry", "retries"],
            &["process", "processes", "processing"],
        ] {
            let stems: BTreeSet<String> = forms.iter().map(|w| stem(w)).collect();
            assert_eq!(stems.len(), 1, "{forms:?} → {stems:?}");
        }
        assert_eq!(stem("status"), "status");
    }

    #[test]
    fn the_page_with_the_matching_section_wins_over_scattered_mentions() {
        // Both pages hold the diff's words; one holds them together in one section.
        let pages = [
            page(
                "docs/guides/checksums.md",
                "# Guide\n\nIntro text about many things.\n\n## Other\n\nUnrelated words here.\n\n## Line endings\n\nA byte order mark at the start of a script is stripped before the checksum.\n",
            ),
            page(
                "docs/reference/everything.md",
                "# Reference\n\n## Marks\n\nA mark.\n\n## Bytes\n\nA byte.\n\n## Orders\n\nAn order.\n\n## Checksums\n\nA checksum.\n\n## Scripts\n\nA script is stripped.\n",
            ),
        ];
        let change = Change {
            files: vec![file(
                "src/engine.rs",
                "@@ -1 +1 @@\n-// keep the script\n+// byte order mark stripped before the checksum of a script\n",
            )],
            ..Change::default()
        };
        let signals = signals(&pages, &change, 0.0);
        // Page-level BM25 cannot tell them apart; the best section can.
        assert!(signals[1].1[5] >= signals[0].1[5], "{signals:?}");
        assert_eq!(signals[0].1[7], 1.0, "{signals:?}");
        assert!(signals[1].1[7] < 0.8, "{signals:?}");
        let top = &rank(&pages, &change)[0];
        assert_eq!(top.path, "docs/guides/checksums.md");
        assert!(
            top.reasons
                .iter()
                .any(|r| r.starts_with("its section “Line endings” is similar to the diff")),
            "{top:?}"
        );
    }

    #[test]
    fn doc_pages_in_the_change_do_not_steer_the_ranking() {
        let pages = [
            page("docs/gardening.md", "# Gardening\n\nTomatoes and basil.\n"),
            page("docs/webhooks.md", "# Webhooks\n\n`RETRIES` is 3.\n"),
        ];
        let change = Change {
            files: vec![
                file(
                    "src/webhook.rs",
                    "@@ -1 +1 @@\n-pub const RETRIES: u32 = 3;\n+pub const RETRIES: u32 = 5;\n",
                ),
                file(
                    "docs/gardening.md",
                    "@@ -1 +1,3 @@\n+# Gardening\n+\n+Tomatoes and basil.\n",
                ),
            ],
            ..Change::default()
        };
        assert_eq!(rank(&pages, &change)[0].path, "docs/webhooks.md");
    }

    #[test]
    fn a_page_quoting_a_changed_message_is_found() {
        assert_eq!(
            messages_in(
                r#"  `Publish directory "${relative(dir)}" does not exist. Did the build run?`,"#
            ),
            vec!["does not exist did the build run".to_string()]
        );
        assert_eq!(
            messages_in(r#"return fmt.Errorf("no route matches the request path %s: %w", p, err)"#),
            vec!["no route matches the request path".to_string()]
        );
        // Odd lines give nothing rather than a panic.
        for line in [
            "\"unclosed “quote” – naïve ünïcödé",
            "'{'",
            "\"%",
            "`${`",
            "\"\"\"",
            "é'",
        ] {
            let _ = messages_in(line);
        }
        assert!(messages_in("let a = \"too short\";").is_empty());
        let pages = [
            page(
                "docs/troubleshooting.md",
                "# Troubleshooting\n\n## Deploys\n\nIf you see *Publish directory \"out\" does not exist. Did the build run?*, check the folder.\n",
            ),
            page(
                "docs/cli/deploy.md",
                "# skyhop deploy\n\nThe publish directory is `build.publish` or `--dir`; the build must run first.\n",
            ),
        ];
        let change = Change {
            files: vec![file(
                "src/commands/deploy.ts",
                "@@ -1,2 +1,2 @@\n   throw new CliError(\n-    `Publish directory \"${relative(dir)}\" does not exist. Did the build run?`,\n+    `Publish directory \"${relative(dir)}\" does not exist.`,\n",
            )],
            ..Change::default()
        };
        let top = &rank(&pages, &change)[0];
        assert_eq!(top.path, "docs/troubleshooting.md", "{top:?}");
        assert!(
            top.reasons.iter().any(|r| r
                == "quotes the message “does not exist did the build run” (changed in the diff)"),
            "{top:?}"
        );
    }
    #[test]
    fn plain_words_alone_are_a_weak_identifier_signal() {
        // `name` is a plain word that the baseline page defines: not scaled up to a full
        // identifier signal, as a shaped name would be.
        let pages = [
            page(
                "docs/cli/new.md",
                "# strata new\n\nCreates a migration file.\n",
            ),
            page(
                "docs/cli/baseline.md",
                "# strata baseline\n\n| option | meaning |\n| --- | --- |\n| `name` | the baseline's name |\n| `base_name` | its file name |\n",
            ),
        ];
        let patch = |name: &str| {
            format!(
                "@@ -1,2 +1,2 @@\n fn slug(input: &str) -> String {{\n-    let {name} = input.to_lowercase();\n+    let {name} = input.trim().to_lowercase();\n"
            )
        };
        let ident = |name: &str| {
            let change = Change {
                files: vec![file("strata-cli/src/commands/new.rs", &patch(name))],
                ..Change::default()
            };
            signals(&pages, &change, 0.0)[1].1[1]
        };
        assert!(ident("name") < 0.5, "{}", ident("name"));
        assert!(ident("base_name") > ident("name"), "{}", ident("base_name"));
    }
}
