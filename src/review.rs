//! `/mini suggest`'s rules, without I/O: which of the model's suggestions GitHub will accept, where
//! each one anchors, what it looks like as a review comment, and its fingerprint.
//!
//! GitHub answers 422 to a whole review when one comment is not on a line the diff shows, so every
//! suggestion is checked before posting: RIGHT side, `start_line..=line` inside ONE hunk, and the
//! text it replaces equal to the file at the head commit. A suggestion whose lines are off but
//! whose text is found once inside a hunk is moved there; the rest are dropped and counted.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::code::patch::{self, Hunk};

/// A suggestion as the model proposes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Proposed {
    pub path: String,
    pub start_line: usize,
    pub end_line: usize,
    /// The lines it replaces, as the model read them.
    #[serde(default)]
    pub original: String,
    /// The new text for those lines.
    pub replacement: String,
    pub reason: String,
    /// 1 (nice to have) – 3 (a bug).
    #[serde(default = "default_importance")]
    pub importance: u8,
}

fn default_importance() -> u8 {
    1
}

/// A suggestion GitHub will accept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anchored {
    pub path: String,
    /// First line (equal to `line` for a one-line suggestion).
    pub start_line: usize,
    pub line: usize,
    pub replacement: String,
    pub reason: String,
    pub importance: u8,
    pub fingerprint: String,
    /// True when the model's line numbers were off and the text was found elsewhere in the hunk.
    pub moved: bool,
}

/// Why a suggestion was not posted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    pub path: String,
    pub start_line: usize,
    pub end_line: usize,
    pub why: String,
}

/// A changed file as the checks see it.
#[derive(Debug, Clone)]
pub struct ReviewedFile {
    pub hunks: Vec<Hunk>,
    /// The file's lines at the head commit.
    pub lines: Vec<String>,
}

impl ReviewedFile {
    pub fn new(patch_text: &str, head_text: &str) -> ReviewedFile {
        ReviewedFile {
            hunks: patch::hunks(patch_text),
            lines: head_text.lines().map(String::from).collect(),
        }
    }
}

/// The outcome of checking every proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub accepted: Vec<Anchored>,
    pub dropped: Vec<Dropped>,
}

/// Lines compared without trailing whitespace (editors and models disagree on it).
fn same_lines(a: &[String], b: &[&str]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.trim_end() == y.trim_end())
}

/// Checks the proposals against the files; the accepted ones keep the model's order.
pub fn check(proposed: &[Proposed], files: &BTreeMap<String, ReviewedFile>) -> Checked {
    let mut out = Checked::default();
    let mut seen = std::collections::HashSet::new();
    for p in proposed {
        let drop = |why: &str| Dropped {
            path: p.path.clone(),
            start_line: p.start_line,
            end_line: p.end_line,
            why: why.to_string(),
        };
        let Some(file) = files.get(&p.path) else {
            out.dropped
                .push(drop("the file is not part of this pull request's diff"));
            continue;
        };
        let original: Vec<&str> = p.original.lines().collect();
        let replacement = p.replacement.trim_end_matches('\n').to_string();
        if original.is_empty() {
            out.dropped
                .push(drop("it does not say which lines it replaces"));
            continue;
        }
        if same_lines(
            &original.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &replacement.lines().collect::<Vec<_>>(),
        ) {
            out.dropped.push(drop("it changes nothing"));
            continue;
        }
        let fits = |start: usize| -> bool {
            let end = start + original.len() - 1;
            start >= 1
                && end <= file.lines.len()
                && patch::hunk_for(&file.hunks, start, end).is_some()
                && same_lines(&file.lines[start - 1..end], &original)
        };
        let (start, moved) = if p.start_line <= p.end_line
            && p.end_line - p.start_line + 1 == original.len()
            && fits(p.start_line)
        {
            (p.start_line, false)
        } else {
            // Look for the text inside the hunks: one place, or the nearest to the claimed line.
            let mut places: Vec<usize> = file
                .hunks
                .iter()
                .filter_map(|h| h.right_lines())
                .flat_map(|r| r.collect::<Vec<_>>())
                .filter(|&s| fits(s))
                .collect();
            places.sort_by_key(|&s| s.abs_diff(p.start_line));
            match places.first() {
                Some(&s) if places.len() == 1 || s.abs_diff(p.start_line) <= 3 => (s, true),
                Some(_) => {
                    out.dropped.push(drop(
                        "its lines do not match the file and the text appears in several places",
                    ));
                    continue;
                }
                None => {
                    let anywhere = (1..=file.lines.len().saturating_sub(original.len() - 1))
                        .any(|s| same_lines(&file.lines[s - 1..s - 1 + original.len()], &original));
                    let why = if anywhere {
                        "its lines are outside the diff"
                    } else {
                        "the text it replaces is not in the file at the head commit"
                    };
                    out.dropped.push(drop(why));
                    continue;
                }
            }
        };
        let fingerprint = fingerprint(&p.path, &replacement);
        if !seen.insert(fingerprint.clone()) {
            out.dropped
                .push(drop("the same change was suggested twice in this answer"));
            continue;
        }
        out.accepted.push(Anchored {
            path: p.path.clone(),
            start_line: start,
            line: start + original.len() - 1,
            replacement,
            reason: p.reason.trim().to_string(),
            importance: p.importance.clamp(1, 3),
            fingerprint,
            moved,
        });
    }
    out
}

/// The identity of a suggestion: its path and its replacement with whitespace runs collapsed, so
/// the same advice is recognised after a reformat or a new push.
pub fn fingerprint(path: &str, replacement: &str) -> String {
    let normal: Vec<&str> = replacement.split_whitespace().collect();
    let mut h = Sha256::new();
    h.update(path.as_bytes());
    h.update([0]);
    h.update(normal.join(" ").as_bytes());
    hex::encode(&h.finalize()[..12])
}

/// The hidden marker that carries a comment's fingerprint.
pub fn marker(fingerprint: &str) -> String {
    format!("<!-- minibot:suggestion {fingerprint} -->")
}

/// The fingerprints in review comment bodies written by minibot.
pub fn fingerprints_in<'a>(bodies: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    bodies
        .into_iter()
        .filter_map(|b| {
            let start = b.find("<!-- minibot:suggestion ")? + "<!-- minibot:suggestion ".len();
            let rest = &b[start..];
            let end = rest.find(" -->")?;
            Some(rest[..end].to_string())
        })
        .collect()
}

/// A fence longer than any backtick run in `text`, so the suggestion block cannot be closed early.
pub fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "@@ -1,3 +1,4 @@\n fn a() {\n-    let x = 1;\n+    let x = 2;\n+    let y = x + 1;\n }\n@@ -10,2 +11,3 @@\n fn b() {\n+    todo!()\n }\n";
    const HEAD: &str =
        "fn a() {\n    let x = 2;\n    let y = x + 1;\n}\n\n\n\n\n\n\nfn b() {\n    todo!()\n}\n";

    fn files() -> BTreeMap<String, ReviewedFile> {
        BTreeMap::from([("src/a.rs".to_string(), ReviewedFile::new(PATCH, HEAD))])
    }

    fn proposed(start: usize, end: usize, original: &str, replacement: &str) -> Proposed {
        Proposed {
            path: "src/a.rs".into(),
            start_line: start,
            end_line: end,
            original: original.into(),
            replacement: replacement.into(),
            reason: "clearer".into(),
            importance: 2,
        }
    }

    #[test]
    fn suggestions_on_diff_lines_are_kept() {
        let c = check(
            &[proposed(
                2,
                3,
                "    let x = 2;\n    let y = x + 1;",
                "    let y = 3;",
            )],
            &files(),
        );
        assert_eq!(c.dropped, vec![]);
        assert_eq!((c.accepted[0].start_line, c.accepted[0].line), (2, 3));
        assert!(!c.accepted[0].moved);
    }

    #[test]
    fn wrong_lines_are_moved_to_the_text_or_dropped() {
        // Claimed line 5, but the text is on line 12 (second hunk): moved.
        let c = check(
            &[proposed(5, 5, "    todo!()", "    unimplemented!()")],
            &files(),
        );
        assert_eq!(c.accepted[0].line, 12);
        assert!(c.accepted[0].moved);
        // Text that is in the file but outside every hunk: dropped (GitHub would answer 422).
        let c = check(&[proposed(6, 6, "", "x")], &files());
        assert_eq!(c.accepted, vec![]);
        let c = check(&[proposed(7, 7, "", "// note")], &files());
        assert_eq!(c.dropped.len(), 1);
        // Lines spanning two hunks never pass.
        let c = check(
            &[proposed(
                3,
                11,
                "    let y = x + 1;\n}",
                "    let y = 0;\n}",
            )],
            &files(),
        );
        assert_eq!(c.accepted[0].start_line, 3, "re-anchored within one hunk");
        // Text the file does not hold: dropped.
        let c = check(
            &[proposed(2, 2, "    let z = 9;", "    let z = 8;")],
            &files(),
        );
        assert_eq!(c.accepted, vec![]);
        assert!(c.dropped[0].why.contains("not in the file"), "{c:?}");
        // Unknown file, no-op.
        let mut p = proposed(2, 2, "    let x = 2;", "    let x = 2;");
        assert!(
            check(&[p.clone()], &files()).dropped[0]
                .why
                .contains("nothing")
        );
        p.path = "src/other.rs".into();
        assert!(check(&[p], &files()).dropped[0].why.contains("not part"));
    }

    #[test]
    fn fingerprints_ignore_whitespace_and_round_trip_through_markers() {
        assert_eq!(
            fingerprint("a.rs", "let x =  1;\n"),
            fingerprint("a.rs", "let x = 1;")
        );
        assert_ne!(fingerprint("a.rs", "x"), fingerprint("b.rs", "x"));
        let fp = fingerprint("a.rs", "x");
        let body = format!("Use x.\n\n```suggestion\nx\n```\n{}", marker(&fp));
        assert_eq!(fingerprints_in([body.as_str(), "no marker"]), vec![fp]);
        assert_eq!(fence_for("a ``` b"), "````");
        assert_eq!(fence_for("plain"), "```");
    }

    #[test]
    fn duplicates_in_one_answer_are_dropped() {
        let p = proposed(2, 2, "    let x = 2;", "    let x = 3;");
        let c = check(&[p.clone(), p], &files());
        assert_eq!(c.accepted.len(), 1);
        assert_eq!(c.dropped.len(), 1);
    }
}
