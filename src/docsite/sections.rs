//! Editing a page by section: the model names the sections it rewrites (by their heading line)
//! and everything else in the page stays byte-for-byte as it was.
//!
//! A section is a heading line and what follows it up to the next heading of the same or a
//! higher level (so a `##` section includes its `###` subsections). The part before the first
//! heading (after the front matter) is the section with the empty heading.

use serde::{Deserialize, Serialize};

/// One section the model rewrites or adds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionEdit {
    /// The section's heading line as it is in the page (`## Retries`), or "" for the text before
    /// the first heading. A heading the page does not have adds a new section.
    pub heading: String,
    /// The new text of the whole section, its heading line included (for "", the intro text).
    pub content: String,
    /// For a new section: the heading line of the section it goes after ("" = at the end).
    #[serde(default)]
    pub after: String,
}

/// Why section edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionProblem(pub String);

#[derive(Debug)]
struct Span {
    heading: String,
    level: usize,
    start: usize,
    end: usize,
}

fn heading_level(line: &str) -> Option<usize> {
    let t = line.trim_end();
    let hashes = t.chars().take_while(|c| *c == '#').count();
    ((1..=6).contains(&hashes) && (t.len() == hashes || t[hashes..].starts_with(' ')))
        .then_some(hashes)
}

fn normalize_heading(h: &str) -> String {
    h.trim().trim_end_matches('#').trim().to_string()
}

/// Byte offset where the body starts (after the front matter).
fn body_start(text: &str) -> usize {
    if let Some(rest) = text.strip_prefix("---\n") {
        let mut offset = 4;
        for line in rest.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == "---" {
                return offset;
            }
        }
    }
    0
}

/// The front matter block of a page, `---` lines and trailing newline included ("" if none).
pub fn front_matter_block(text: &str) -> &str {
    &text[..body_start(text)]
}

/// The sections of a page body, in order; the first one is the intro (heading "").
fn spans(text: &str) -> Vec<Span> {
    let start = body_start(text);
    let mut heads: Vec<(usize, usize, String)> = Vec::new(); // (offset, level, heading)
    let mut offset = start;
    let mut fence: Option<String> = None;
    for line in text[start..].split_inclusive('\n') {
        let t = line.trim_start();
        let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
        if marker.len() >= 3 {
            match &fence {
                None => fence = Some(marker),
                Some(open) if marker.starts_with(open.as_str()) => fence = None,
                _ => {}
            }
        } else if fence.is_none()
            && let Some(level) = heading_level(line)
        {
            heads.push((offset, level, normalize_heading(line)));
        }
        offset += line.len();
    }
    let mut out = vec![Span {
        heading: String::new(),
        level: 0,
        start,
        end: heads.first().map(|h| h.0).unwrap_or(text.len()),
    }];
    for (i, (at, level, heading)) in heads.iter().enumerate() {
        let end = heads[i + 1..]
            .iter()
            .find(|(_, l, _)| l <= level)
            .map(|h| h.0)
            .unwrap_or(text.len());
        out.push(Span {
            heading: heading.clone(),
            level: *level,
            start: *at,
            end,
        });
    }
    out
}

/// Applies section edits to `page`. Untouched bytes stay identical.
pub fn apply(page: &str, edits: &[SectionEdit]) -> Result<String, SectionProblem> {
    let spans = spans(page);
    // (start, end, replacement) over the original text, applied from the end.
    let mut replacements: Vec<(usize, usize, String)> = Vec::new();
    for e in edits {
        let wanted = normalize_heading(&e.heading);
        let mut content = e.content.clone();
        if !content.ends_with('\n') {
            content.push('\n');
        }
        if let Some(span) = spans.iter().find(|s| s.heading == wanted) {
            if !wanted.is_empty() && heading_level(content.lines().next().unwrap_or("")).is_none() {
                return Err(SectionProblem(format!(
                    "the new text of section `{wanted}` must start with its heading line"
                )));
            }
            // Keep the blank lines around the section as they were.
            let old = &page[span.start..span.end];
            let leading = old.len() - old.trim_start_matches('\n').len();
            let content_leading = content.len() - content.trim_start_matches('\n').len();
            if leading > content_leading {
                content.insert_str(0, &"\n".repeat(leading - content_leading));
            }
            if old.ends_with("\n\n") && !content.ends_with("\n\n") && span.end < page.len() {
                content.push('\n');
            }
            replacements.push((span.start, span.end, content));
        } else if wanted.is_empty() {
            return Err(SectionProblem("the page has no intro section".into()));
        } else {
            // A new section, after `after` (or at the end).
            let after = normalize_heading(&e.after);
            let at = if after.is_empty() {
                page.len()
            } else {
                spans
                    .iter()
                    .find(|s| s.heading == after)
                    .map(|s| s.end)
                    .ok_or_else(|| {
                        SectionProblem(format!("no section `{after}` to put `{wanted}` after"))
                    })?
            };
            let mut text = String::new();
            if at > 0 && !page[..at].ends_with("\n\n") {
                text.push('\n');
                if !page[..at].ends_with('\n') {
                    text.push('\n');
                }
            }
            text.push_str(&content);
            if at < page.len() && !content.ends_with("\n\n") {
                text.push('\n');
            }
            replacements.push((at, at, text));
        }
    }
    replacements.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    for w in replacements.windows(2) {
        if w[1].1 > w[0].0 && w[1].0 != w[1].1 {
            return Err(SectionProblem(
                "two edits change overlapping sections; edit the outer section once".into(),
            ));
        }
    }
    let mut out = page.to_string();
    for (start, end, text) in replacements {
        out.replace_range(start..end, &text);
    }
    Ok(out)
}

/// Heading lines of a page (for the prompt and for error messages).
pub fn headings(page: &str) -> Vec<String> {
    spans(page)
        .into_iter()
        .filter(|s| s.level > 0)
        .map(|s| s.heading)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Webhooks\n---\n\nIntro text.\n\n## Delivery\n\nOcto delivers.\n\n### Retries\n\nThree times.\n\n```sh\n# not a heading\n```\n\n## Security\n\nSigned.\n";

    fn edit(heading: &str, content: &str) -> SectionEdit {
        SectionEdit {
            heading: heading.into(),
            content: content.into(),
            after: String::new(),
        }
    }

    #[test]
    fn sections_follow_heading_levels_and_skip_code() {
        assert_eq!(
            headings(PAGE),
            vec!["## Delivery", "### Retries", "## Security"]
        );
    }

    #[test]
    fn replacing_a_subsection_keeps_every_other_byte() {
        let out = apply(
            PAGE,
            &[edit(
                "### Retries",
                "### Retries\n\nFive times, with backoff.\n",
            )],
        )
        .unwrap();
        assert_eq!(
            out,
            PAGE.replace(
                "Three times.\n\n```sh\n# not a heading\n```",
                "Five times, with backoff."
            )
        );
        assert!(out.starts_with("---\ntitle: Webhooks\n---\n\nIntro text.\n\n## Delivery\n\nOcto delivers.\n\n### Retries\n"));
        assert!(out.ends_with("\n\n## Security\n\nSigned.\n"));
    }

    #[test]
    fn the_intro_and_new_sections() {
        let out = apply(
            PAGE,
            &[
                edit("", "New intro.\n"),
                SectionEdit {
                    heading: "## Rate limits".into(),
                    content: "## Rate limits\n\n100 per minute.\n".into(),
                    after: "## Delivery".into(),
                },
            ],
        )
        .unwrap();
        assert!(
            out.starts_with("---\ntitle: Webhooks\n---\n\nNew intro.\n\n## Delivery"),
            "{out}"
        );
        let delivery_end = out.find("## Rate limits").unwrap();
        assert!(out[..delivery_end].ends_with("```\n\n"), "{out}");
        assert!(
            out.contains("100 per minute.\n\n## Security\n\nSigned.\n"),
            "{out}"
        );
        let appended = apply(PAGE, &[edit("## FAQ", "## FAQ\n\nAsk.")]).unwrap();
        assert!(
            appended.ends_with("Signed.\n\n## FAQ\n\nAsk.\n"),
            "{appended}"
        );
    }

    #[test]
    fn bad_edits_are_problems() {
        assert!(apply(PAGE, &[edit("## Delivery", "no heading line")]).is_err());
        let overlapping = [
            edit("## Delivery", "## Delivery\n\nx\n"),
            edit("### Retries", "### Retries\n\ny\n"),
        ];
        assert!(apply(PAGE, &overlapping).is_err());
        let mut e = edit("## New", "## New\n");
        e.after = "## Nope".into();
        assert!(apply(PAGE, &[e]).is_err());
    }
}
