//! The hunks of a GitHub patch (`files[].patch`: hunks without file headers) and which lines of
//! the new file they show. GitHub accepts a review comment only on a line the diff shows: on the
//! RIGHT side, an added or context line of one hunk, with `start_line` in the same hunk.

use std::ops::RangeInclusive;

/// One hunk, in new-file (RIGHT side) line numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// First new-file line the hunk shows (1-based).
    pub new_start: usize,
    /// Number of new-file lines it shows (added + context).
    pub new_len: usize,
    /// New-file line numbers of the added lines.
    pub added: Vec<usize>,
}

impl Hunk {
    /// The RIGHT-side lines the hunk shows; empty for a pure deletion.
    pub fn right_lines(&self) -> Option<RangeInclusive<usize>> {
        (self.new_len > 0).then(|| self.new_start..=self.new_start + self.new_len - 1)
    }

    /// Whether a comment on lines `start..=end` (RIGHT side) lies inside this hunk.
    pub fn contains(&self, start: usize, end: usize) -> bool {
        self.right_lines()
            .is_some_and(|r| start <= end && r.contains(&start) && r.contains(&end))
    }
}

/// Parses a patch's hunks. Malformed headers end the parse (what was read is kept).
pub fn hunks(patch: &str) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    let mut line_no = 0usize;
    let mut remaining_new = 0usize;
    let mut remaining_old = 0usize;
    for line in patch.lines() {
        if let Some(rest) = line.strip_prefix("@@ ") {
            let Some((old, new)) = header(rest) else {
                break;
            };
            out.push(Hunk {
                new_start: new.0,
                new_len: new.1,
                added: Vec::new(),
            });
            line_no = new.0;
            remaining_new = new.1;
            remaining_old = old.1;
            continue;
        }
        let Some(h) = out.last_mut() else { continue };
        match line.as_bytes().first() {
            Some(b'+') if remaining_new > 0 => {
                h.added.push(line_no);
                line_no += 1;
                remaining_new -= 1;
            }
            Some(b'-') if remaining_old > 0 => remaining_old -= 1,
            Some(b'\\') => {} // "\ No newline at end of file"
            _ if remaining_new > 0 => {
                // Context (a blank context line may have lost its leading space).
                line_no += 1;
                remaining_new -= 1;
                remaining_old = remaining_old.saturating_sub(1);
            }
            _ => {}
        }
    }
    out
}

/// `-a,b +c,d @@ …` → ((a, b), (c, d)); a missing count is 1.
fn header(rest: &str) -> Option<((usize, usize), (usize, usize))> {
    let mut parts = rest.split_whitespace();
    let old = range(parts.next()?.strip_prefix('-')?)?;
    let new = range(parts.next()?.strip_prefix('+')?)?;
    Some((old, new))
}

fn range(s: &str) -> Option<(usize, usize)> {
    match s.split_once(',') {
        Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
        None => Some((s.parse().ok()?, 1)),
    }
}

/// The added lines of a patch, as ranges of new-file lines.
pub fn added_ranges(patch: &str) -> Vec<RangeInclusive<usize>> {
    let mut out: Vec<RangeInclusive<usize>> = Vec::new();
    for h in hunks(patch) {
        for &l in &h.added {
            match out.last_mut() {
                Some(r) if *r.end() + 1 == l => *r = *r.start()..=l,
                _ => out.push(l..=l),
            }
        }
    }
    out
}

/// How many lines a patch adds.
pub fn added_count(patch: &str) -> usize {
    hunks(patch).iter().map(|h| h.added.len()).sum()
}

/// The hunk that holds RIGHT-side lines `start..=end`, if one does.
pub fn hunk_for(hunks: &[Hunk], start: usize, end: usize) -> Option<&Hunk> {
    hunks.iter().find(|h| h.contains(start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATCH: &str = "@@ -1,4 +1,5 @@\n use std::fmt;\n-fn old() {}\n+fn new() {}\n+fn extra() {}\n \n fn keep() {}\n@@ -20,3 +21,4 @@ impl X {\n     a();\n+    b();\n     c();\n }\n";

    #[test]
    fn hunks_map_to_new_file_lines() {
        let hs = hunks(PATCH);
        assert_eq!(hs.len(), 2);
        assert_eq!(hs[0].right_lines(), Some(1..=5));
        assert_eq!(hs[0].added, vec![2, 3]);
        assert_eq!(hs[1].right_lines(), Some(21..=24));
        assert_eq!(hs[1].added, vec![22]);
        assert_eq!(added_ranges(PATCH), vec![2..=3, 22..=22]);
        assert_eq!(added_count(PATCH), 3);
    }

    #[test]
    fn comments_must_stay_inside_one_hunk() {
        let hs = hunks(PATCH);
        assert!(hunk_for(&hs, 2, 3).is_some());
        assert!(hunk_for(&hs, 21, 24).is_some());
        assert!(hunk_for(&hs, 5, 21).is_none(), "spans two hunks");
        assert!(hunk_for(&hs, 10, 10).is_none(), "between hunks");
        assert!(hunk_for(&hs, 25, 25).is_none(), "after the last hunk");
        assert!(hunk_for(&hs, 3, 2).is_none(), "reversed");
    }

    #[test]
    fn new_files_and_deletions() {
        let added = "@@ -0,0 +1,3 @@\n+a\n+b\n+c\n";
        let hs = hunks(added);
        assert_eq!(hs[0].right_lines(), Some(1..=3));
        let deleted = "@@ -1,2 +0,0 @@\n-a\n-b\n";
        assert_eq!(hunks(deleted)[0].right_lines(), None);
        assert_eq!(hunks("@@ -1 +1 @@\n-a\n+b\n")[0].added, vec![1]);
        assert!(hunks("not a patch").is_empty());
    }
}
