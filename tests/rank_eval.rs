//! Ranking quality on the evaluation set in `eval/` (see eval/README.md): for each case, the
//! code part of a change goes in, and the pages the maintainers changed with it are the truth.
//! minibot's ranking is compared with a plain BM25 ranking of page text against the diff.
//!
//! `cargo test --release --test rank_eval -- --nocapture` prints the report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use minibot::docsite::rank::{self, Change, Page, Target};
use minibot::docsite::{self};
use minibot::github::FileChange;
use minibot::repo_config::DocsConfig;

/// Every page's signals for one case.
type PageSignals = Vec<(String, rank::Signals)>;

/// Sites the weights were tuned on; the others are held out. `kiln` (Rust) was added later as a
/// dev site, with its truth written before any ranking was run on it.
const DEV_SITES: &[&str] = &["kiln", "skyhop", "spool", "strata"];

#[derive(serde::Deserialize)]
struct Case {
    id: String,
    #[serde(default)]
    kind: String,
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    message: String,
    files: Vec<CaseFile>,
    truth: Vec<String>,
}

#[derive(serde::Deserialize)]
struct CaseFile {
    path: String,
    status: String,
    patch: String,
}

#[derive(Default, Clone, Copy)]
struct Score {
    n: usize,
    r1: f64,
    r3: f64,
    r5: f64,
    rr: f64,
}

impl Score {
    fn add(&mut self, ranked: &[Target], truth: &[String]) {
        let recall = |k: usize| {
            let top: Vec<&str> = ranked.iter().take(k).map(|t| t.path.as_str()).collect();
            truth.iter().filter(|t| top.contains(&t.as_str())).count() as f64 / truth.len() as f64
        };
        self.n += 1;
        self.r1 += recall(1);
        self.r3 += recall(3);
        self.r5 += recall(5);
        self.rr += ranked
            .iter()
            .position(|t| truth.contains(&t.path))
            .map(|i| 1.0 / (i as f64 + 1.0))
            .unwrap_or(0.0);
    }
    /// Adds another score's cases to this one.
    fn absorb(&mut self, other: &Score) {
        self.n += other.n;
        self.r1 += other.r1;
        self.r3 += other.r3;
        self.r5 += other.r5;
        self.rr += other.rr;
    }
    fn line(&self) -> String {
        let n = self.n.max(1) as f64;
        format!(
            "n={:>3}  recall@1 {:.3}  recall@3 {:.3}  recall@5 {:.3}  MRR {:.3}",
            self.n,
            self.r1 / n,
            self.r3 / n,
            self.r5 / n,
            self.rr / n
        )
    }
    fn metrics(&self) -> (f64, f64, f64, f64) {
        let n = self.n.max(1) as f64;
        (self.r1 / n, self.r3 / n, self.r5 / n, self.rr / n)
    }
}

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n == "node_modules") {
                continue;
            }
            walk(&p, root, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

struct Site {
    name: String,
    pages: Vec<Page>,
    cases: Vec<Case>,
}

fn load_sites() -> Vec<Site> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("eval/sites");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .expect("eval/sites exists")
        .flatten()
        .filter(|e| e.path().join("cases.jsonl").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let dir = root.join(&name);
            let mut files = Vec::new();
            walk(&dir, &dir, &mut files);
            files.sort();
            let cfg = DocsConfig::default();
            let config = docsite::find_config_in(files.iter().map(String::as_str), &cfg)
                .unwrap_or_else(|| panic!("{name}: no docusaurus config"));
            let text = std::fs::read_to_string(dir.join(&config)).unwrap();
            let site = docsite::resolve_site(Some(&config), &text, &cfg).unwrap();
            let pages = docsite::pages_in(files.iter().map(String::as_str), &site.docs_dir)
                .into_iter()
                .map(|p| Page {
                    path: p.to_string(),
                    text: std::fs::read_to_string(dir.join(p)).unwrap(),
                })
                .collect();
            let cases = std::fs::read_to_string(dir.join("cases.jsonl"))
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
                .collect();
            Site { name, pages, cases }
        })
        .collect()
}

fn change_of(case: &Case) -> Change {
    Change {
        title: case.title.clone(),
        body: case.body.clone(),
        messages: vec![case.message.clone()],
        files: case
            .files
            .iter()
            .map(|f| FileChange {
                path: f.path.clone(),
                status: f.status.clone(),
                additions: f.patch.lines().filter(|l| l.starts_with('+')).count() as u64,
                deletions: f.patch.lines().filter(|l| l.starts_with('-')).count() as u64,
                patch: Some(f.patch.clone()),
                previous_path: None,
            })
            .collect(),
    }
}

/// A case's page signals, computed once; weights are then only a dot product.
struct Prepared<'a> {
    site: &'a str,
    signals: PageSignals,
    truth: &'a Vec<String>,
}

fn prepare<'a>(sites: &'a [Site], test_files: f64) -> Vec<Prepared<'a>> {
    sites
        .iter()
        .flat_map(|site| {
            site.cases.iter().map(move |case| Prepared {
                site: &site.name,
                signals: rank::signals(&site.pages, &change_of(case), test_files),
                truth: &case.truth,
            })
        })
        .collect()
}

fn score_with<'a>(cases: impl Iterator<Item = &'a Prepared<'a>>, w: &rank::Weights) -> Score {
    let mut score = Score::default();
    for c in cases {
        let mut ranked: Vec<Target> = c
            .signals
            .iter()
            .map(|(p, s)| Target {
                path: p.clone(),
                score: rank::combine(s, w),
                reasons: vec![],
            })
            .filter(|t| t.score > 0.0)
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.path.cmp(&b.path)));
        score.add(&ranked, c.truth);
    }
    score
}

/// The grid search: the weights with the best recall@1 + recall@3 + MRR on `cases` (those for
/// which `keep` holds). `sections` limits the section weights tried.
fn best_weights(
    by_test_weight: &[(f64, Vec<Prepared>)],
    keep: &dyn Fn(&Prepared) -> bool,
    sections: &[f64],
    verbose: bool,
) -> (f64, rank::Weights) {
    let grid = [0.0, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0];
    let mut best = (f64::MIN, rank::Weights::default());
    for (test_files, cases) in by_test_weight {
        for path in grid {
            for intent in grid {
                for text in grid {
                    for link in [0.0, 0.3] {
                        for kind in grid {
                            for &section in sections {
                                let w = rank::Weights {
                                    path,
                                    intent,
                                    text,
                                    link,
                                    kind,
                                    section,
                                    test_files: *test_files,
                                    ..rank::Weights::default()
                                };
                                let (r1, r3, _, mrr) =
                                    score_with(cases.iter().filter(|c| keep(c)), &w).metrics();
                                let objective = r1 + r3 + mrr;
                                if objective > best.0 {
                                    best = (objective, w);
                                    if verbose {
                                        println!(
                                            "{objective:.3} r1 {r1:.2} r3 {r3:.2} mrr {mrr:.2} {w:?}"
                                        );
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    best
}

/// `MINIBOT_EVAL_TUNE=1 cargo test --release --test rank_eval tune -- --nocapture` searches the
/// signal weights on the dev sites only (the held-out sites are never looked at) and prints the
/// best ones, to be copied into `Weights::default()`.
///
/// `MINIBOT_EVAL_TUNE=cv` instead judges whether a signal earns its place: for each dev site, the
/// weights are tuned on the other dev sites and scored on it, with and without the section signal.
#[test]
fn tune() {
    let Some(mode) = std::env::var_os("MINIBOT_EVAL_TUNE") else {
        return;
    };
    let sites: Vec<Site> = load_sites()
        .into_iter()
        .filter(|s| DEV_SITES.contains(&s.name.as_str()))
        .collect();
    let by_test_weight: Vec<(f64, Vec<Prepared>)> = [0.0, 0.3, 0.6, 1.0]
        .into_iter()
        .map(|t| (t, prepare(&sites, t)))
        .collect();
    if mode != "cv" {
        best_weights(&by_test_weight, &|_| true, &[0.0, 0.3, 0.6, 1.0], true);
        return;
    }
    for (label, sections) in [
        ("without sections", &[0.0][..]),
        ("with sections", &[0.0, 0.3, 0.6, 1.0][..]),
    ] {
        let mut total = Score::default();
        for held in DEV_SITES {
            let (_, w) = best_weights(&by_test_weight, &|c| c.site != *held, sections, false);
            let cases = &by_test_weight
                .iter()
                .find(|(t, _)| *t == w.test_files)
                .expect("tuned on one of them")
                .1;
            let s = score_with(cases.iter().filter(|c| c.site == *held), &w);
            println!(
                "{label}: tuned without {held}, scored on it: {} {w:?}",
                s.line()
            );
            total.absorb(&s);
        }
        println!("{label}: out of sample {}", total.line());
    }
}

#[test]
fn ranking_beats_bm25_and_meets_the_targets() {
    // `MINIBOT_EVAL_DEV_ONLY=1` scores the dev sites only, e.g. while reading the misses.
    let dev_only = std::env::var_os("MINIBOT_EVAL_DEV_ONLY").is_some();
    let sites: Vec<Site> = load_sites()
        .into_iter()
        .filter(|s| !dev_only || DEV_SITES.contains(&s.name.as_str()))
        .collect();
    assert!(!sites.is_empty(), "no evaluation sites");
    let mut ours: BTreeMap<String, Score> = BTreeMap::new();
    let mut base: BTreeMap<String, Score> = BTreeMap::new();
    let verbose = std::env::var_os("MINIBOT_EVAL_VERBOSE").is_some();
    for site in &sites {
        let group = if DEV_SITES.contains(&site.name.as_str()) {
            "dev"
        } else {
            "held-out"
        };
        for case in &site.cases {
            let change = change_of(case);
            let ranked = rank::rank(&site.pages, &change);
            let baseline = rank::bm25_baseline(&site.pages, &change);
            for key in [
                "all".to_string(),
                format!("site {}", site.name),
                format!("kind {}", case.kind),
                group.to_string(),
            ] {
                ours.entry(key.clone())
                    .or_default()
                    .add(&ranked, &case.truth);
                base.entry(key).or_default().add(&baseline, &case.truth);
            }
            // `MINIBOT_EVAL_CASE=<id>` prints a dev case's signals for its top pages and truth.
            if group == "dev" && std::env::var("MINIBOT_EVAL_CASE").is_ok_and(|id| id == case.id) {
                let signals = rank::signals(&site.pages, &change, 0.0);
                let shown: Vec<&str> = ranked
                    .iter()
                    .take(5)
                    .map(|t| t.path.as_str())
                    .chain(case.truth.iter().map(String::as_str))
                    .collect();
                println!("{} truth {:?}", case.id, case.truth);
                println!("  [touched, ident, path, link, intent, text, kind, section]");
                for (p, s) in signals.iter().filter(|(p, _)| shown.contains(&p.as_str())) {
                    let reasons = ranked
                        .iter()
                        .find(|t| &t.path == p)
                        .map(|t| t.reasons.join("; "))
                        .unwrap_or_default();
                    println!("  {p} {s:.2?}\n      {reasons}");
                }
            }
            // Only the dev sites' misses are printed: the held-out cases stay unread.
            if verbose
                && group == "dev"
                && !ranked.first().is_some_and(|t| case.truth.contains(&t.path))
            {
                println!(
                    "MISS {} [{}] truth {:?}\n   got {:?}",
                    case.id,
                    case.kind,
                    case.truth,
                    ranked
                        .iter()
                        .take(3)
                        .map(|t| (&t.path, t.score))
                        .collect::<Vec<_>>()
                );
            }
        }
    }
    println!("{:<24} {:<66} | BM25 baseline", "", "minibot");
    for (key, s) in &ours {
        println!("{key:<24} {} | {}", s.line(), base[key].line());
    }
    let (r1, r3, _, mrr) = ours["all"].metrics();
    let (b1, _, _, bmrr) = base["all"].metrics();
    let judged = if dev_only { "dev" } else { "held-out" };
    let (j1, j3, _, jmrr) = ours[judged].metrics();
    let met = j1 >= 0.70 && j3 >= 0.90 && jmrr >= 0.85;
    println!(
        "targets on {judged} (recall@1 ≥ 0.70, recall@3 ≥ 0.90, MRR ≥ 0.85): {}",
        if met { "met" } else { "not met yet" }
    );
    if dev_only {
        return;
    }
    // A regression guard at the level reached so far, and the targets on the held-out
    // sites alone.
    assert!(r1 > b1 && mrr > bmrr, "minibot must beat BM25");
    assert!(
        r1 >= 0.70 && r3 >= 0.92 && mrr >= 0.89,
        "ranking quality fell: recall@1 {r1:.2}, recall@3 {r3:.2}, MRR {mrr:.2}"
    );
    let (h1, h3, _, hmrr) = ours["held-out"].metrics();
    assert!(
        h1 >= 0.70 && h3 >= 0.90 && hmrr >= 0.85,
        "held-out below the targets: recall@1 {h1:.2}, recall@3 {h3:.2}, MRR {hmrr:.2}"
    );
}
