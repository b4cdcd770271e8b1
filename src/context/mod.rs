//! What of a pull request goes into a prompt: the patches that fit a token budget, most useful
//! first, and an honest list of what was left out.

use serde::Serialize;

use crate::github::{CommitSummary, FileChange};
use crate::llm::tokens;

/// One file as the prompt shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileContext {
    pub path: String,
    pub status: String,
    /// The (possibly shortened) patch; None when GitHub gave none or it did not fit.
    pub patch: Option<String>,
}

/// The pull request context that fits the budget.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffContext {
    pub files: Vec<FileContext>,
    /// Files left out entirely (budget, lock files, generated files).
    pub omitted: Vec<String>,
    /// First lines of the commit messages.
    pub commits: Vec<String>,
    /// Tokens the context is estimated to take.
    pub tokens: usize,
}

const LOCK_FILES: &[&str] = &[
    "Cargo.lock",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "poetry.lock",
    "go.sum",
    "Gemfile.lock",
    "composer.lock",
];

fn is_noise(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    LOCK_FILES.contains(&name)
        || name.ends_with(".min.js")
        || name.ends_with(".map")
        || path
            .split('/')
            .any(|s| s == "vendor" || s == "node_modules" || s == "dist")
}

/// Lower sorts first: source and docs before tests before config before the rest.
fn priority(path: &str) -> u8 {
    let lower = path.to_lowercase();
    if lower.contains("test") || lower.contains("spec") {
        2
    } else if lower.ends_with(".md") || lower.ends_with(".mdx") {
        1
    } else if [
        ".rs", ".ts", ".tsx", ".js", ".jsx", ".py", ".go", ".java", ".kt", ".rb", ".c", ".cpp",
        ".h", ".cs", ".swift",
    ]
    .iter()
    .any(|e| lower.ends_with(e))
    {
        0
    } else {
        3
    }
}

/// Fits the pull request's files and commits into `budget` tokens. Commits take at most a tenth.
pub fn fit(files: &[FileChange], commits: &[CommitSummary], budget: usize) -> DiffContext {
    let mut ctx = DiffContext::default();
    let commit_budget = budget / 10;
    for c in commits.iter().take(100) {
        let line = c.message.lines().next().unwrap_or("").trim().to_string();
        let n = tokens::count(&line) + 2;
        if ctx.tokens + n > commit_budget {
            break;
        }
        ctx.tokens += n;
        ctx.commits.push(line);
    }
    let mut order: Vec<&FileChange> = files.iter().collect();
    order.sort_by_key(|f| {
        (
            is_noise(&f.path),
            priority(&f.path),
            f.additions + f.deletions,
        )
    });
    for f in order {
        let header = tokens::count(&f.path) + 8;
        if is_noise(&f.path) || ctx.tokens + header > budget {
            ctx.omitted.push(f.path.clone());
            continue;
        }
        ctx.tokens += header;
        let patch = f.patch.as_ref().and_then(|p| {
            // Keep room for the "shortened" note.
            let room = budget.saturating_sub(ctx.tokens + 12);
            if room < 50 {
                return None;
            }
            let (text, cut) = tokens::truncate_lines(p, room);
            let text = if cut {
                format!("{text}… (patch shortened to fit)\n")
            } else {
                text
            };
            ctx.tokens += tokens::count(&text);
            Some(text)
        });
        ctx.files.push(FileContext {
            path: f.path.clone(),
            status: f.status.clone(),
            patch,
        });
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, patch: &str) -> FileChange {
        FileChange {
            path: path.into(),
            status: "modified".into(),
            additions: patch.lines().count() as u64,
            deletions: 0,
            patch: Some(patch.into()),
            previous_path: None,
        }
    }

    #[test]
    fn everything_fits_in_a_large_budget_except_lock_files() {
        let files = [
            change("Cargo.lock", "+x\n"),
            change("src/lib.rs", "@@ -1 +1 @@\n+pub fn a() {}\n"),
        ];
        let commits = [CommitSummary {
            sha: "1".into(),
            message: "Add a\n\nlong body".into(),
        }];
        let ctx = fit(&files, &commits, 10_000);
        assert_eq!(ctx.files.len(), 1);
        assert_eq!(ctx.files[0].path, "src/lib.rs");
        assert_eq!(ctx.omitted, vec!["Cargo.lock"]);
        assert_eq!(ctx.commits, vec!["Add a"]);
    }

    #[test]
    fn a_small_budget_shortens_and_omits() {
        let big: String = (0..2000).map(|i| format!("+line {i}\n")).collect();
        let files = [change("src/a.rs", &big), change("src/b.rs", &big)];
        let ctx = fit(&files, &[], 1_000);
        assert!(ctx.tokens <= 1_000, "{}", ctx.tokens);
        let a = &ctx.files[0];
        assert!(
            a.patch
                .as_ref()
                .unwrap()
                .ends_with("(patch shortened to fit)\n")
        );
        assert!(ctx.files.len() == 1 || ctx.files[1].patch.is_none());
    }
}
