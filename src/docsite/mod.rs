//! Docusaurus knowledge: find the site and its docs folder, pick the pages a change concerns, and
//! check the model's edits before anything is committed.

mod validate;

use std::collections::BTreeSet;

use crate::github::{FileChange, Tree};
use crate::repo_config::DocsConfig;

pub use validate::{EditProblem, ProposedEdit, validate_edits};

/// The config file names Docusaurus 3 reads, in its order of preference.
pub const CONFIG_NAMES: [&str; 4] = [
    "docusaurus.config.ts",
    "docusaurus.config.js",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
];

/// Where a repository's Docusaurus site is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Path of `docusaurus.config.*`, or None when only `docs.path` in minibot.yml names the docs.
    pub config_path: Option<String>,
    /// The docs folder, relative to the repository root, without a trailing slash.
    pub docs_dir: String,
}

/// Finds the site config in the tree: under `docs.site` when set, else the shallowest
/// `docusaurus.config.*` outside `node_modules`.
pub fn find_config(tree: &Tree, cfg: &DocsConfig) -> Option<String> {
    let wanted_dir = cfg.site.as_deref().map(|s| s.trim_end_matches('/'));
    tree.files()
        .filter(|p| !p.split('/').any(|seg| seg == "node_modules"))
        .filter(|p| {
            let (dir, name) = split_dir(p);
            CONFIG_NAMES.contains(&name) && wanted_dir.is_none_or(|w| w == dir)
        })
        .min_by_key(|p| {
            let (_, name) = split_dir(p);
            let rank = CONFIG_NAMES.iter().position(|n| *n == name).unwrap_or(9);
            (p.matches('/').count(), rank, p.to_string())
        })
        .map(String::from)
}

/// Decides the docs folder: `docs.path` from minibot.yml wins; else the `path` of the docs
/// preset/plugin in the config text; else `docs/` next to the config. None when the config turns
/// the docs plugin off (`docs: false`) and minibot.yml does not name a folder.
pub fn resolve_site(
    config_path: Option<&str>,
    config_text: &str,
    cfg: &DocsConfig,
) -> Option<Site> {
    if let Some(p) = &cfg.path {
        return Some(Site {
            config_path: config_path.map(String::from),
            docs_dir: p.trim_end_matches('/').to_string(),
        });
    }
    let config_path = config_path?;
    let (site_dir, _) = split_dir(config_path);
    let docs = match docs_path_in_config(config_text) {
        DocsSetting::Disabled => return None,
        DocsSetting::Path(p) => p,
        DocsSetting::Default => "docs".to_string(),
    };
    let docs = docs.trim_start_matches("./").trim_end_matches('/');
    let docs_dir = if site_dir.is_empty() {
        docs.to_string()
    } else {
        format!("{site_dir}/{docs}")
    };
    Some(Site {
        config_path: Some(config_path.to_string()),
        docs_dir,
    })
}

#[derive(Debug, PartialEq, Eq)]
enum DocsSetting {
    Default,
    Disabled,
    Path(String),
}

/// Reads `docs: { path: '…' }` (or `docs: false`) out of a Docusaurus config without running it.
fn docs_path_in_config(text: &str) -> DocsSetting {
    let mut from = 0;
    while let Some(i) = text[from..].find("docs") {
        let at = from + i;
        from = at + 4;
        // A key: not part of a longer identifier, followed by `:`.
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.') {
            continue;
        }
        let rest = text[at + 4..].trim_start_matches(['\'', '"']).trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if rest.starts_with("false") {
            return DocsSetting::Disabled;
        }
        if !rest.starts_with('{') {
            continue;
        }
        // Look for `path:` before the object's first closing brace at depth 0.
        let mut depth = 0;
        let mut end = rest.len();
        for (j, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = j;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[..end];
        if let Some(p) = string_value_of(body, "path") {
            return DocsSetting::Path(p);
        }
        return DocsSetting::Default;
    }
    DocsSetting::Default
}

fn string_value_of(body: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = body[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before = body[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = body[at + key.len()..]
            .trim_start_matches(['\'', '"'])
            .trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|c| matches!(c, '\'' | '"' | '`'))?;
        let value = &rest[1..];
        let close = value.find(quote)?;
        return Some(value[..close].to_string());
    }
    None
}

fn split_dir(path: &str) -> (&str, &str) {
    match path.rsplit_once('/') {
        Some((d, n)) => (d, n),
        None => ("", path),
    }
}

/// The Markdown/MDX pages under the docs folder.
pub fn doc_pages<'a>(tree: &'a Tree, docs_dir: &str) -> Vec<&'a str> {
    let prefix = format!("{docs_dir}/");
    tree.files()
        .filter(|p| p.starts_with(&prefix) && is_doc_file(p))
        .collect()
}

/// `.md` or `.mdx`.
pub fn is_doc_file(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".mdx")
}

const STOP_WORDS: &[&str] = &[
    "src", "lib", "mod", "main", "index", "rs", "ts", "js", "tsx", "jsx", "py", "go", "md", "mdx",
    "the", "and", "for", "with", "from", "into", "add", "fix", "update", "docs", "doc", "test",
    "tests", "spec", "readme", "new", "use",
];

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(|w| w.to_lowercase())
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// Same word, or one is the other plus an ending (`webhook` / `webhooks`, `config` / `configuration`).
fn related(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short.len() >= 4 && long.starts_with(short)
}

/// Picks up to `max` pages for a change: pages the pull request already touches first, then pages
/// whose path shares the most words with the changed paths and the title, then the intro page.
pub fn rank_pages(pages: &[&str], changed: &[FileChange], title: &str, max: usize) -> Vec<String> {
    // Title words weigh double; an exact word match counts double a related one.
    let mut signal: Vec<(String, i64)> = words(title).into_iter().map(|w| (w, 2)).collect();
    for f in changed {
        signal.extend(words(&f.path).into_iter().map(|w| (w, 1)));
    }
    let touched: BTreeSet<&str> = changed.iter().map(|f| f.path.as_str()).collect();
    let mut scored: Vec<(i64, &str)> = pages
        .iter()
        .map(|p| {
            if touched.contains(p) {
                return (1000, *p);
            }
            let score = words(p)
                .iter()
                .flat_map(|w| signal.iter().map(move |(s, weight)| (w, s, weight)))
                .map(|(w, s, weight)| {
                    if w == s {
                        2 * weight
                    } else if related(w, s) {
                        *weight
                    } else {
                        0
                    }
                })
                .sum::<i64>();
            (score, *p)
        })
        .filter(|(s, _)| *s > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let mut picked: Vec<String> = scored
        .into_iter()
        .take(max)
        .map(|(_, p)| p.to_string())
        .collect();
    if picked.is_empty()
        && let Some(intro) = pages
            .iter()
            .find(|p| {
                let name = split_dir(p).1;
                name.starts_with("intro.") || name.starts_with("index.")
            })
            .or(pages.first())
    {
        picked.push(intro.to_string());
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::TreeEntry;

    fn tree(paths: &[&str]) -> Tree {
        Tree {
            entries: paths
                .iter()
                .map(|p| TreeEntry {
                    path: p.to_string(),
                    is_dir: false,
                    size: Some(1),
                })
                .collect(),
            truncated: false,
        }
    }

    fn change(path: &str) -> FileChange {
        FileChange {
            path: path.into(),
            status: "modified".into(),
            additions: 1,
            deletions: 0,
            patch: None,
            previous_path: None,
        }
    }

    #[test]
    fn finds_the_shallowest_config_and_ignores_node_modules() {
        let t = tree(&[
            "node_modules/x/docusaurus.config.js",
            "website/docusaurus.config.ts",
            "website/docs/intro.md",
            "examples/site/docusaurus.config.js",
        ]);
        let cfg = DocsConfig::default();
        assert_eq!(
            find_config(&t, &cfg).as_deref(),
            Some("website/docusaurus.config.ts")
        );
        let cfg = DocsConfig {
            site: Some("examples/site".into()),
            ..DocsConfig::default()
        };
        assert_eq!(
            find_config(&t, &cfg).as_deref(),
            Some("examples/site/docusaurus.config.js")
        );
        assert_eq!(
            find_config(&tree(&["README.md"]), &DocsConfig::default()),
            None
        );
    }

    #[test]
    fn reads_the_docs_path_from_the_preset() {
        let cfg = DocsConfig::default();
        let text = "presets: [['classic', { docs: { sidebarPath: './sidebars.js', path: 'guides', routeBasePath: '/' }, blog: false }]]";
        assert_eq!(
            resolve_site(Some("website/docusaurus.config.js"), text, &cfg)
                .unwrap()
                .docs_dir,
            "website/guides"
        );
        let text =
            "presets: [['classic', { docs: { sidebarPath: require.resolve('./sidebars.js') } }]]";
        assert_eq!(
            resolve_site(Some("docusaurus.config.js"), text, &cfg)
                .unwrap()
                .docs_dir,
            "docs"
        );
        assert_eq!(
            resolve_site(Some("docusaurus.config.js"), "docs: false,", &cfg),
            None
        );
        let over = DocsConfig {
            path: Some("handbook/".into()),
            ..DocsConfig::default()
        };
        assert_eq!(resolve_site(None, "", &over).unwrap().docs_dir, "handbook");
    }

    #[test]
    fn ranks_pages_by_shared_words() {
        let pages = [
            "docs/intro.md",
            "docs/cli/serve.md",
            "docs/config.mdx",
            "docs/webhooks.md",
        ];
        let picked = rank_pages(
            &pages,
            &[change("src/server/webhook.rs"), change("src/config.rs")],
            "Webhook retries",
            2,
        );
        assert_eq!(picked, vec!["docs/webhooks.md", "docs/config.mdx"]);
        let picked = rank_pages(&pages, &[change("Cargo.lock")], "bump", 3);
        assert_eq!(picked, vec!["docs/intro.md"]);
        let picked = rank_pages(&pages, &[change("docs/cli/serve.md")], "x", 1);
        assert_eq!(picked, vec!["docs/cli/serve.md"]);
    }
}
