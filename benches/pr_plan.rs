//! Benchmark: planning `/mini tests`, `/mini suggest` and the docs diff context on a 3,000-file pull
//! request (GitHub's maximum for the files listing). Target: under 1 s each, bounded memory.
//!
//! The baseline, measured in the same process on the same input, is reading every patch once
//! (parsing its hunks): the work no planner can avoid. Reported: the median of several runs, its
//! ratio to the baseline, and the process's peak resident memory.
//!
//!   cargo bench --bench pr_plan            (RUNS=9 to change the number of runs)

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use minibot::code::patch;
use minibot::context;
use minibot::github::{CommitSummary, FileChange};
use minibot::jobs::suggest::shown_files;
use minibot::testgen::{self, Source};

const FILES: usize = 3_000;

/// A deterministic 3,000-file change in four languages: each file gets a new function and an
/// edited line; 1 in 20 is a test, 1 in 50 vendored or generated.
fn change() -> (Vec<FileChange>, BTreeMap<String, String>) {
    let mut files = Vec::with_capacity(FILES);
    let mut heads = BTreeMap::new();
    for i in 0..FILES {
        let (path, head) = match i % 4 {
            0 => (format!("crates/c{}/src/m{i:04}.rs", i % 37), rust_file(i)),
            1 => (format!("web/src/feature{}/m{i:04}.ts", i % 41), ts_file(i)),
            2 => (format!("py/pkg{}/m{i:04}.py", i % 29), py_file(i)),
            _ => (format!("go/internal/p{}/m{i:04}.go", i % 31), go_file(i)),
        };
        let path = if i % 20 == 0 {
            path.replace("/m", "/m_test_")
        } else if i % 50 == 1 {
            format!("vendor/{path}")
        } else {
            path
        };
        let lines: Vec<&str> = head.lines().collect();
        // The last 12 lines are new (a function), one line in the middle changed.
        let n = lines.len();
        let mut p = "@@ -18,7 +18,7 @@ fn context()\n".to_string();
        for (k, l) in lines[17..24].iter().enumerate() {
            if k == 3 {
                p.push_str(&format!("-{l} // old\n+{l}\n"));
            } else {
                p.push_str(&format!(" {l}\n"));
            }
        }
        p.push_str(&format!("@@ -{},0 +{},12 @@\n", n - 12, n - 11));
        for l in &lines[n - 12..] {
            p.push_str(&format!("+{l}\n"));
        }
        files.push(FileChange {
            path: path.clone(),
            status: "modified".into(),
            additions: 13,
            deletions: 1,
            patch: Some(p),
            previous_path: None,
        });
        heads.insert(path, head);
    }
    (files, heads)
}

fn body_lines(i: usize, prefix: &str) -> String {
    (0..40)
        .map(|k| format!("{prefix}value_{i}_{k} = compute({k}, {i})\n"))
        .collect()
}

fn rust_file(i: usize) -> String {
    format!(
        "//! Module {i}.\n\npub struct Config{i} {{\n    pub limit: usize,\n}}\n\nimpl Config{i} {{\n    pub fn new() -> Self {{\n        Config{i} {{ limit: {i} }}\n    }}\n}}\n\npub fn helper_{i}(x: usize) -> usize {{\n{}    x + 1\n}}\n\n/// New in this change.\npub fn added_{i}(a: usize, b: usize) -> usize {{\n    let s = a + b;\n    if s > {i} {{\n        return s - {i};\n    }}\n    let t = s * 2;\n    let u = t + 1;\n    let v = u - 1;\n    let w = v / 2;\n    w\n}}\n",
        body_lines(i, "    let ")
            .replace(" = ", ": usize = ")
            .replace("compute(", "std::cmp::max(")
    )
}

fn ts_file(i: usize) -> String {
    format!(
        "// Module {i}.\nexport class Store{i} {{\n  get(k: string) {{ return k; }}\n}}\n\nexport function helper{i}(x: number): number {{\n{}  return x + 1;\n}}\n\n// New in this change.\nexport function added{i}(a: number, b: number): number {{\n  const s = a + b;\n  if (s > {i}) {{\n    return s - {i};\n  }}\n  const t = s * 2;\n  const u = t + 1;\n  const v = u - 1;\n  const w = v / 2;\n  return w;\n}}\n",
        body_lines(i, "  const ").replace("compute(", "Math.max(")
    )
}

fn py_file(i: usize) -> String {
    format!(
        "\"\"\"Module {i}.\"\"\"\n\n\nclass Store{i}:\n    def get(self, k):\n        return k\n\n\ndef helper_{i}(x):\n{}    return x + 1\n\n\n# New in this change.\ndef added_{i}(a, b):\n    s = a + b\n    if s > {i}:\n        return s - {i}\n    t = s * 2\n    u = t + 1\n    v = u - 1\n    w = v / 2\n    return w\n",
        body_lines(i, "    ").replace("compute(", "max(")
    )
}

fn go_file(i: usize) -> String {
    format!(
        "// Package p is module {i}.\npackage p\n\ntype Store{i} struct{{ limit int }}\n\nfunc (s *Store{i}) Get(k string) string {{ return k }}\n\nfunc helper{i}(x int) int {{\n{}\treturn x + 1\n}}\n\n// Added{i} is new in this change.\nfunc Added{i}(a, b int) int {{\n\ts := a + b\n\tif s > {i} {{\n\t\treturn s - {i}\n\t}}\n\tt := s * 2\n\tu := t + 1\n\tv := u - 1\n\tw := v / 2\n\treturn w\n}}\n",
        body_lines(i, "\t")
            .replace(" = ", " := ")
            .replace("compute(", "max(")
    )
}

/// The process's peak resident set (VmHWM), in MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        std::hint::black_box(f());
        out.push(start.elapsed());
    }
    median(out)
}

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let (files, heads) = change();
    let commits: Vec<CommitSummary> = (0..250)
        .map(|i| CommitSummary {
            sha: format!("{i:040}"),
            message: format!("Change part {i}\n\nDetails of part {i}."),
        })
        .collect();
    let tree: Vec<&str> = heads.keys().map(String::as_str).collect();
    let before = peak_rss_mib();

    let baseline = time(runs, || {
        files
            .iter()
            .map(|f| patch::hunks(f.patch.as_deref().unwrap_or("")).len())
            .sum::<usize>()
    });
    // /mini tests: rank the changed files, read the best 20 (here from memory, in the app from
    // the blob cache or GitHub), find their changed definitions with tree-sitter, fit the diff.
    let tests = time(runs, || {
        let (ranked, _) = testgen::candidates(&files, &[]);
        let sources: Vec<Source> = ranked
            .iter()
            .take(testgen::MAX_SOURCES_READ)
            .map(|p| {
                let f = files.iter().find(|f| &f.path == p).expect("file");
                Source {
                    path: p.clone(),
                    text: heads[p].clone(),
                    added: f.patch.as_deref().map(patch::added_ranges),
                }
            })
            .collect();
        let plan = testgen::plan(&sources, &tree, &BTreeMap::new(), 3);
        let diff = context::fit(&files, &commits, 12_000);
        (plan.files.len(), diff.omitted.len())
    });
    // /mini suggest: rank, number the changed lines, fit the budget.
    let suggest = time(runs, || shown_files(&files, 12_000).files.len());
    let after = peak_rss_mib();

    let (ranked, skipped) = testgen::candidates(&files, &[]);
    let shown = shown_files(&files, 12_000);
    println!("pull request: {FILES} files, {} commits", commits.len());
    println!(
        "tests plan: {} candidates, {} skipped (vendored/generated); suggest: {} files shown, {} left out",
        ranked.len(),
        skipped.len(),
        shown.files.len(),
        shown.left_out.len()
    );
    println!(
        "baseline (parse every patch): {:>8.1} ms",
        baseline.as_secs_f64() * 1e3
    );
    for (name, d) in [("/mini tests plan", tests), ("/mini suggest plan", suggest)] {
        println!(
            "{name:<20} {:>8.1} ms  ({:.1}x baseline)  target < 1000 ms: {}",
            d.as_secs_f64() * 1e3,
            d.as_secs_f64() / baseline.as_secs_f64(),
            if d < Duration::from_secs(1) {
                "met"
            } else {
                "MISSED"
            }
        );
    }
    println!("peak memory: {after:.0} MiB (inputs built: {before:.0} MiB)");
}
