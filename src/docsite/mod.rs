//! Docusaurus knowledge: find the site and its docs folder, pick the pages a change concerns, and
//! check the model's edits before anything is committed.

pub mod engine;
pub mod links;
pub mod mdx;
pub mod rank;
pub mod sections;
mod validate;

use crate::github::Tree;
use crate::repo_config::DocsConfig;

pub use validate::{EditProblem, ProposedEdit, validate_edits};

/// The config file names Docusaurus 3 reads, in its order of preference.
pub const CONFIG_NAMES: [&str; 4] = [
    "docusaurus.config.ts",
    "docusaurus.config.js",
    "docusaurus.config.mjs",
    "docusaurus.config.cjs",
];

/// A repository's Docusaurus site, as read from its config (as text: no Node needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Path of `docusaurus.config.*`, or None when only `docs.path` in minibot.yml names the docs.
    pub config_path: Option<String>,
    /// The folder holding the config ("" for the repository root).
    pub site_dir: String,
    /// The docs folder, relative to the repository root, without a trailing slash.
    pub docs_dir: String,
    /// The docs plugin's `routeBasePath` (default `docs`).
    pub route_base_path: String,
    /// `markdown.format`: `mdx` (the default), `md` or `detect`.
    pub format: String,
    /// `future.v4` is on (stricter MDX: no HTML comments, no `{#id}` in headings).
    pub v4: bool,
    /// The sidebars file, relative to the repository root, when the config names one.
    pub sidebars_path: Option<String>,
    /// What could not be read and was assumed.
    pub notes: Vec<String>,
}

/// Finds the site config in the tree: under `docs.site` when set, else the shallowest
/// `docusaurus.config.*` outside `node_modules`.
pub fn find_config(tree: &Tree, cfg: &DocsConfig) -> Option<String> {
    find_config_in(tree.files(), cfg)
}

/// [`find_config`] over any list of paths.
pub fn find_config_in<'a>(
    files: impl Iterator<Item = &'a str>,
    cfg: &DocsConfig,
) -> Option<String> {
    find_configs_in(files, cfg).into_iter().next()
}

/// Every Docusaurus site config (one per folder), shallowest first; under `docs.site` only when
/// that is set.
pub fn find_configs_in<'a>(files: impl Iterator<Item = &'a str>, cfg: &DocsConfig) -> Vec<String> {
    let wanted_dir = cfg.site.as_deref().map(|s| s.trim_end_matches('/'));
    let mut found: Vec<&str> = files
        .filter(|p| !p.split('/').any(|seg| seg == "node_modules"))
        .filter(|p| {
            let (dir, name) = split_dir(p);
            CONFIG_NAMES.contains(&name) && wanted_dir.is_none_or(|w| w == dir)
        })
        .collect();
    let key = |p: &&str| {
        let (_, name) = split_dir(p);
        let rank = CONFIG_NAMES.iter().position(|n| *n == name).unwrap_or(9);
        (p.matches('/').count(), rank, p.to_string())
    };
    found.sort_by_key(key);
    // One config per folder (a folder with both .ts and .js uses the preferred one).
    let mut dirs = std::collections::BTreeSet::new();
    found
        .into_iter()
        .filter(|p| dirs.insert(split_dir(p).0.to_string()))
        .map(String::from)
        .collect()
}

impl Site {
    /// The sidebars file: the one the config names, else `sidebars.js`/`.ts` next to the config.
    pub fn sidebars_file(&self, exists: &dyn Fn(&str) -> bool) -> Option<String> {
        self.sidebars_path.clone().or_else(|| {
            ["sidebars.js", "sidebars.ts"]
                .iter()
                .map(|n| match self.site_dir.as_str() {
                    "" => n.to_string(),
                    d => format!("{d}/{n}"),
                })
                .find(|p| exists(p))
        })
    }
}

/// Decides the docs folder: `docs.path` from minibot.yml wins; else the `path` of the docs
/// preset/plugin in the config text; else `docs/` next to the config. None when the config turns
/// the docs plugin off (`docs: false`) and minibot.yml does not name a folder.
pub fn resolve_site(
    config_path: Option<&str>,
    config_text: &str,
    cfg: &DocsConfig,
) -> Option<Site> {
    let site_dir = config_path
        .map(|p| split_dir(p).0.to_string())
        .unwrap_or_default();
    let in_site = |rel: &str| {
        let rel = rel.trim_start_matches("./").trim_end_matches('/');
        if site_dir.is_empty() {
            rel.to_string()
        } else {
            format!("{site_dir}/{rel}")
        }
    };
    let mut notes = Vec::new();
    let docs_block = object_block(config_text, "docs");
    let docs_dir = match (&cfg.path, docs_path_in_config(config_text)) {
        (Some(p), _) => p.trim_end_matches('/').to_string(),
        (None, _) if config_path.is_none() => return None,
        (None, DocsSetting::Disabled) => return None,
        (None, DocsSetting::Path(p)) => in_site(&p),
        (None, DocsSetting::Default) => {
            if config_path.is_some() && docs_block.is_none() {
                notes.push("no docs plugin options found in the config: assumed `docs/`".into());
            }
            in_site("docs")
        }
    };
    let route_base_path = docs_block
        .and_then(|b| string_value_of(b, "routeBasePath"))
        .unwrap_or_else(|| "docs".to_string());
    let format = object_block(config_text, "markdown")
        .and_then(|b| string_value_of(b, "format"))
        .unwrap_or_else(|| "mdx".to_string());
    // `v4: true` turns every v4 flag on; an object turns on only the flags it names, and the
    // MDX one is `mdx1CompatDisabledByDefault`.
    let v4 = object_block(config_text, "future").is_some_and(|b| {
        let compact: String = b.chars().filter(|c| !c.is_whitespace()).collect();
        compact.contains("v4:true") || compact.contains("mdx1CompatDisabledByDefault:true")
    });
    let sidebars_path = docs_block
        .and_then(|b| first_string_after(b, "sidebarPath"))
        .map(|p| in_site(&p));
    Some(Site {
        config_path: config_path.map(String::from),
        site_dir,
        docs_dir,
        route_base_path,
        format,
        v4,
        sidebars_path,
        notes,
    })
}

/// True when a sidebars file lets Docusaurus list the docs itself (`type: 'autogenerated'`) for
/// every sidebar, so new pages need no sidebar edit.
pub fn sidebars_autogenerated(text: &str) -> bool {
    text.contains("autogenerated")
        && !text.contains("type: 'doc'")
        && !text.contains("type: \"doc\"")
}

/// Adds a doc id to a hand-written sidebars file, right after the last id of the same folder that
/// stands as an array element (`'cli/serve',` → `'cli/serve', 'cli/export',`), in the same quote
/// style. Returns the new text and the id it went after; None when no such place exists (then
/// the file is left alone).
pub fn insert_sidebar_id(text: &str, id: &str) -> Option<(String, String)> {
    let folder = id.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut best: Option<(usize, char, String)> = None; // (end of literal, quote, sibling)
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c != '\'' && c != '"' {
            i += 1;
            continue;
        }
        let Some(len) = text[i + 1..].find(c) else {
            break;
        };
        let literal = &text[i + 1..i + 1 + len];
        let end = i + 2 + len;
        let before = text[..i].trim_end().chars().next_back();
        let after = text[end..].trim_start().chars().next();
        let sibling_folder = literal.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let is_id = !literal.is_empty()
            && literal
                .chars()
                .all(|ch| ch.is_alphanumeric() || matches!(ch, '/' | '-' | '_' | '.'));
        if is_id
            && sibling_folder == folder
            && matches!(before, Some('[') | Some(','))
            && matches!(after, Some(']') | Some(','))
            && literal != id
        {
            best = Some((end, c, literal.to_string()));
        }
        i = end;
    }
    if text.contains(&format!("'{id}'")) || text.contains(&format!("\"{id}\"")) {
        return None;
    }
    let (end, quote, sibling) = best?;
    let mut out = text.to_string();
    out.insert_str(end, &format!(", {quote}{id}{quote}"));
    Some((out, sibling))
}

/// The `{ … }` body after `key:` (first occurrence as a key), without the braces.
fn object_block<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = text[from..].find(key) {
        let at = from + i;
        from = at + key.len();
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '/' || c == '.') {
            continue;
        }
        let rest = text[at + key.len()..]
            .trim_start_matches(['\'', '"'])
            .trim_start();
        let Some(rest) = rest.strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        if !rest.starts_with('{') {
            continue;
        }
        let mut depth = 0;
        for (j, c) in rest.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(&rest[1..j]);
                    }
                }
                _ => {}
            }
        }
        return Some(&rest[1..]);
    }
    None
}

/// The first quoted string within 120 characters after `key` (`sidebarPath: require.resolve('./s.js')`).
fn first_string_after(body: &str, key: &str) -> Option<String> {
    let at = body.find(key)?;
    let window: String = body[at + key.len()..].chars().take(120).collect();
    let start = window.find(['\'', '"', '`'])?;
    let quote = window[start..].chars().next()?;
    let rest = &window[start + 1..];
    let end = rest.find(quote)?;
    Some(rest[..end].to_string())
}

#[derive(Debug, PartialEq, Eq)]
enum DocsSetting {
    Default,
    Disabled,
    Path(String),
}

/// Reads `docs: { path: '…' }` (or `docs: false`) out of a Docusaurus config without running it.
fn docs_path_in_config(text: &str) -> DocsSetting {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains("docs:false") {
        return DocsSetting::Disabled;
    }
    match object_block(text, "docs").and_then(|b| string_value_of(b, "path")) {
        Some(p) => DocsSetting::Path(p),
        None => DocsSetting::Default,
    }
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

/// The Markdown/MDX pages of the current docs version under the docs folder: partials (files or
/// folders starting with `_`) and other versions, translations and the blog are not pages to edit.
pub fn doc_pages<'a>(tree: &'a Tree, docs_dir: &str) -> Vec<&'a str> {
    pages_in(tree.files(), docs_dir)
}

/// [`doc_pages`] over any list of paths.
pub fn pages_in<'a>(files: impl Iterator<Item = &'a str>, docs_dir: &str) -> Vec<&'a str> {
    let prefix = format!("{docs_dir}/");
    files
        .filter(|p| p.starts_with(&prefix) && is_doc_file(p))
        .filter(|p| {
            let rel = &p[prefix.len()..];
            !rel.split('/').any(|seg| {
                seg.starts_with('_')
                    || seg == "node_modules"
                    || seg == "versioned_docs"
                    || seg == "i18n"
                    || seg == "blog"
            })
        })
        .collect()
}

/// `.md` or `.mdx`.
pub fn is_doc_file(path: &str) -> bool {
    path.ends_with(".md") || path.ends_with(".mdx")
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
                    sha: None,
                })
                .collect(),
            truncated: false,
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
    fn ids_go_next_to_their_siblings_in_a_hand_written_sidebar() {
        let text = "export default {\n  docs: [\n    'intro',\n    {type: 'doc', id: 'guides/a'},\n    {type: 'category', label: 'G', items: [\"guides/b\", \"guides/c\"]},\n  ],\n};\n";
        let (out, after) = insert_sidebar_id(text, "guides/d").unwrap();
        assert_eq!(after, "guides/c");
        assert!(
            out.contains("[\"guides/b\", \"guides/c\", \"guides/d\"]"),
            "{out}"
        );
        let (out, after) = insert_sidebar_id(text, "faq").unwrap();
        assert_eq!(after, "intro");
        assert!(out.contains("'intro', 'faq',"), "{out}");
        // Only an object's `id:` names the folder: no safe place.
        assert!(insert_sidebar_id("{ s: [{type: 'doc', id: 'x/a'}] }", "x/b").is_none());
        assert!(insert_sidebar_id(text, "intro").is_none(), "already listed");
    }

    #[test]
    fn every_site_is_found_once() {
        let files = [
            "docusaurus.config.js",
            "website/docusaurus.config.ts",
            "website/docusaurus.config.js",
            "node_modules/x/docusaurus.config.js",
            "examples/site/docusaurus.config.mjs",
        ];
        assert_eq!(
            find_configs_in(files.iter().copied(), &DocsConfig::default()),
            vec![
                "docusaurus.config.js",
                "website/docusaurus.config.ts",
                "examples/site/docusaurus.config.mjs"
            ]
        );
    }

    #[test]
    fn reads_format_v4_and_sidebars_from_the_config() {
        let cfg = DocsConfig::default();
        let text = "markdown: { format: 'detect' }, future: { v4: { removeLegacyPostBuildHeadAttribute: true }, faster: true },\n presets: [['classic', { docs: { sidebarPath: require.resolve('./sidebars.js'), routeBasePath: '/' } }]]";
        let site = resolve_site(Some("website/docusaurus.config.js"), text, &cfg).unwrap();
        assert_eq!(site.format, "detect");
        assert!(!site.v4, "only a non-MDX v4 flag is on");
        assert_eq!(site.route_base_path, "/");
        assert_eq!(site.sidebars_path.as_deref(), Some("website/sidebars.js"));
        let site =
            resolve_site(Some("docusaurus.config.ts"), "future: { v4: true }", &cfg).unwrap();
        assert!(site.v4);
        assert_eq!(site.format, "mdx");
        assert!(sidebars_autogenerated(
            "export default { s: [{type: 'autogenerated', dirName: '.'}] };"
        ));
        assert!(!sidebars_autogenerated(
            "module.exports = { s: ['intro', 'guide'] };"
        ));
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
}
