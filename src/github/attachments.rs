//! Screenshots attached to a pull request: image links in its body and comments that point at
//! GitHub's attachment hosts, fetched with a size cap and checked to really be images, so they can
//! be shown to a model that accepts image input.

use std::time::Duration;

use anyhow::{Context, Result};
use base64::Engine;

/// Largest image fetched, in bytes.
pub const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;
/// Most images sent with one request.
pub const MAX_IMAGES: usize = 4;

/// Fetches attachments from GitHub's hosts only.
#[derive(Debug, Clone)]
pub struct Attachments {
    http: reqwest::Client,
    /// `host[:port]` of the configured GitHub (GitHub Enterprise Server keeps attachments there).
    own_host: Option<String>,
    max_bytes: usize,
}

/// A fetched image, ready for a model request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub url: String,
    pub mime: &'static str,
    pub bytes: usize,
    /// `data:<mime>;base64,…`
    pub data_url: String,
}

impl Attachments {
    /// A fetcher that also accepts attachments served by the GitHub at `api_url`.
    pub fn new(api_url: &str) -> Result<Attachments> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .context("building the attachment HTTP client")?;
        Ok(Attachments {
            http,
            own_host: host_of(api_url)
                .filter(|h| *h != "api.github.com")
                .map(String::from),
            max_bytes: MAX_IMAGE_BYTES,
        })
    }

    /// Whether `url` is a GitHub attachment minibot may fetch.
    pub fn allowed(&self, url: &str) -> bool {
        let Some(host) = host_of(url) else {
            return false;
        };
        let path = url
            .split_once("://")
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .unwrap_or("/");
        match host {
            "github.com" => path.starts_with("/user-attachments/assets/"),
            "user-images.githubusercontent.com" | "private-user-images.githubusercontent.com" => {
                true
            }
            h => self.own_host.as_deref() == Some(h) && path.starts_with("/user-attachments/"),
        }
    }

    /// The images of `texts` (at most [`MAX_IMAGES`]), and how many links were skipped (not an
    /// attachment host, too big, not an image, or unreachable).
    pub async fn images(&self, texts: &[&str]) -> (Vec<Image>, usize) {
        let mut urls: Vec<String> = Vec::new();
        for t in texts {
            for u in image_urls(t) {
                if !urls.contains(&u) {
                    urls.push(u);
                }
            }
        }
        let mut images = Vec::new();
        let mut skipped = 0;
        for url in urls {
            if images.len() >= MAX_IMAGES || !self.allowed(&url) {
                skipped += 1;
                continue;
            }
            match self.fetch(&url).await {
                Ok(Some(img)) => images.push(img),
                Ok(None) => skipped += 1,
                Err(e) => {
                    tracing::warn!(error = %format!("{e:#}"), "screenshot not fetched");
                    skipped += 1;
                }
            }
        }
        (images, skipped)
    }

    /// One image, or None when it is too big or not an image.
    async fn fetch(&self, url: &str) -> Result<Option<Image>> {
        let mut response = self.http.get(url).send().await.context("fetching")?;
        if !response.status().is_success() {
            anyhow::bail!("status {}", response.status());
        }
        if response
            .content_length()
            .is_some_and(|n| n as usize > self.max_bytes)
        {
            return Ok(None);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.context("reading")? {
            body.extend_from_slice(&chunk);
            if body.len() > self.max_bytes {
                return Ok(None);
            }
        }
        let Some(mime) = sniff(&body) else {
            return Ok(None);
        };
        Ok(Some(Image {
            url: url.to_string(),
            mime,
            bytes: body.len(),
            data_url: format!(
                "data:{mime};base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&body)
            ),
        }))
    }
}

/// `host[:port]` of an http(s) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty() && !host.contains('@')).then_some(host)
}

/// The image type by its first bytes (the server's content type is not trusted).
fn sniff(b: &[u8]) -> Option<&'static str> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if b.len() > 12 && &b[..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// The image links of a Markdown text: `![alt](url)` and `<img src="url">`.
pub fn image_urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("![") {
        rest = &rest[i + 2..];
        let Some(close) = rest.find("](") else { break };
        if rest[..close].contains('\n') {
            continue;
        }
        let after = &rest[close + 2..];
        let url: String = after
            .trim_start_matches('<')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ')' && *c != '>')
            .collect();
        if !url.is_empty() {
            out.push(url);
        }
    }
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..]
            .find('>')
            .map(|e| start + e)
            .unwrap_or(lower.len());
        let tag = &text[start..end];
        let tag_lower = &lower[start..end];
        if let Some(s) = tag_lower.find("src=") {
            let v = &tag[s + 4..];
            let (quote, v) = match v.chars().next() {
                Some(q @ ('"' | '\'')) => (Some(q), &v[1..]),
                _ => (None, v),
            };
            let url: String = v
                .chars()
                .take_while(|c| match quote {
                    Some(q) => *c != q,
                    None => !c.is_whitespace() && *c != '>',
                })
                .collect();
            if !url.is_empty() {
                out.push(url);
            }
        }
        from = end.max(start + 4);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_links_in_markdown_and_html() {
        let body = "Before/after:\n![before](https://github.com/user-attachments/assets/abc-1)\n<img width=\"400\" alt=\"after\" src=\"https://github.com/user-attachments/assets/def-2\" />\n[not an image](https://example.com/x.png)\n<IMG SRC='https://user-images.githubusercontent.com/1/x.png'>";
        assert_eq!(
            image_urls(body),
            [
                "https://github.com/user-attachments/assets/abc-1",
                "https://github.com/user-attachments/assets/def-2",
                "https://user-images.githubusercontent.com/1/x.png"
            ]
        );
    }

    #[test]
    fn only_attachment_hosts_are_fetched() {
        let a = Attachments::new("https://api.github.com").unwrap();
        assert!(a.allowed("https://github.com/user-attachments/assets/abc"));
        assert!(a.allowed("https://private-user-images.githubusercontent.com/1/2.png?jwt=x"));
        assert!(!a.allowed("https://github.com/octo/repo/raw/main/x.png"));
        assert!(!a.allowed("https://evil.example/user-attachments/assets/x"));
        assert!(!a.allowed("http://169.254.169.254/latest/meta-data"));
        assert!(!a.allowed("file:///etc/passwd"));
        let ghes = Attachments::new("http://127.0.0.1:8080/api/v3").unwrap();
        assert!(ghes.allowed("http://127.0.0.1:8080/user-attachments/assets/1"));
        assert!(!ghes.allowed("http://127.0.0.1:8080/admin"));
    }

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"<html>"), None);
    }
}
