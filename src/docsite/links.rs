//! Links and images in a generated page must resolve, or the build fails (`onBrokenLinks`,
//! `onBrokenMarkdownLinks`, missing images). A link that points nowhere is repaired by keeping its
//! text and dropping the link; a missing image cannot be repaired and is reported.

use pulldown_cmark::{Event, LinkType, Parser, Tag};

/// What the site has, for resolving links.
pub struct LinkContext<'a> {
    /// The page's repository path.
    pub page: &'a str,
    /// The docs folder.
    pub docs_dir: &'a str,
    /// The docs plugin's route base path (`docs`, or `/` …).
    pub route_base_path: &'a str,
    /// Whether a repository path exists (after the pull request).
    pub exists: &'a dyn Fn(&str) -> bool,
    /// Doc ids of the site's pages (after the pull request).
    pub doc_ids: &'a [String],
}

/// A link or image that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub target: String,
    pub image: bool,
    /// Byte range of the whole `[text](target)` in the page.
    pub range: std::ops::Range<usize>,
}

/// Every link and image of the page that does not resolve.
pub fn broken_links(text: &str, cx: &LinkContext<'_>) -> Vec<BrokenLink> {
    let mut out = Vec::new();
    for (event, range) in Parser::new(text).into_offset_iter() {
        let (target, image) = match event {
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => (dest_url.to_string(), false),
            Event::Start(Tag::Image {
                link_type: LinkType::Inline,
                dest_url,
                ..
            }) => (dest_url.to_string(), true),
            _ => continue,
        };
        if !resolves(&target, image, cx) {
            out.push(BrokenLink {
                target,
                image,
                range,
            });
        }
    }
    out
}

fn resolves(target: &str, image: bool, cx: &LinkContext<'_>) -> bool {
    let target = target.trim();
    if target.is_empty()
        || target.starts_with('#')
        || target.contains("://")
        || target.starts_with("mailto:")
        || target.starts_with("tel:")
    {
        return true;
    }
    let path = target.split(['#', '?']).next().unwrap_or(target);
    if let Some(abs) = path.strip_prefix('/') {
        if image {
            return true; // served from static/; not checked
        }
        let base = cx.route_base_path.trim_matches('/');
        let rest = if base.is_empty() {
            Some(abs)
        } else {
            abs.strip_prefix(base).map(|r| r.trim_start_matches('/'))
        };
        return match rest {
            // Links outside the docs (blog, pages, assets) are not ours to judge.
            None => true,
            Some(r) => {
                let r = r.trim_end_matches('/');
                r.is_empty()
                    || cx
                        .doc_ids
                        .iter()
                        .any(|id| id == r || id == &format!("{r}/index"))
            }
        };
    }
    // Relative to the page's folder.
    let dir = cx.page.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let Some(resolved) = join(dir, path) else {
        return false;
    };
    if (cx.exists)(&resolved) {
        return true;
    }
    if image {
        return false;
    }
    // A link without extension may name a doc by id, relative to the page.
    let rel_to_docs = resolved
        .strip_prefix(&format!("{}/", cx.docs_dir))
        .unwrap_or(&resolved);
    cx.doc_ids.iter().any(|id| id == rel_to_docs)
        || (cx.exists)(&format!("{resolved}.md"))
        || (cx.exists)(&format!("{resolved}.mdx"))
}

fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Replaces each broken (non-image) link by its text. Returns the page and what was changed.
pub fn unlink_broken(text: &str, broken: &[BrokenLink]) -> (String, Vec<String>) {
    let mut out = text.to_string();
    let mut notes = Vec::new();
    let mut links: Vec<&BrokenLink> = broken.iter().filter(|b| !b.image).collect();
    links.sort_by_key(|b| std::cmp::Reverse(b.range.start));
    for b in links {
        let whole = &text[b.range.clone()];
        // `[text](target)`: keep `text`.
        let Some(close) = whole.rfind("](") else {
            continue;
        };
        let label = whole[1..close].to_string();
        out.replace_range(b.range.clone(), &label);
        notes.push(format!(
            "removed the link to `{}`, which does not exist",
            b.target
        ));
    }
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx<'a>(exists: &'a dyn Fn(&str) -> bool, ids: &'a [String]) -> LinkContext<'a> {
        LinkContext {
            page: "docs/guides/webhooks.md",
            docs_dir: "docs",
            route_base_path: "docs",
            exists,
            doc_ids: ids,
        }
    }

    #[test]
    fn links_resolve_against_files_and_ids() {
        let files = [
            "docs/intro.md",
            "docs/guides/signatures.md",
            "docs/img/a.png",
        ];
        let exists = |p: &str| files.contains(&p);
        let ids = vec!["intro".to_string(), "guides/signatures".to_string()];
        let page = "See [intro](../intro.md), [sig](./signatures.md#top), [abs](/docs/intro), \
                    [web](https://x.io), [anchor](#x), [gone](./missing.md), [abs gone](/docs/nope), \
                    ![img](../img/a.png) ![no](./b.png) [blog](/blog/post)";
        let broken = broken_links(page, &cx(&exists, &ids));
        let targets: Vec<_> = broken.iter().map(|b| b.target.as_str()).collect();
        assert_eq!(targets, ["./missing.md", "/docs/nope", "./b.png"]);
        let (fixed, notes) = unlink_broken(page, &broken);
        assert!(fixed.contains(", gone, abs gone, "), "{fixed}");
        assert!(fixed.contains("![no](./b.png)"), "images are not unlinked");
        assert_eq!(notes.len(), 2);
    }
}
