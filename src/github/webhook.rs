//! GitHub's webhook protocol: the signature check and the few payload fields minibot reads.
//!
//! Payload types are deliberately lean: serde skips every field not named here, and optional
//! fields are optional because older payloads lack many of them.

use hmac::{KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use sha2::Sha256;

/// True when `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under one of `secrets`.
/// The comparison is constant-time (`verify_slice`).
pub fn verify_signature(secrets: &[SecretString], body: &[u8], header: Option<&str>) -> bool {
    let Some(hex_sig) = header.and_then(|h| h.trim().strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(expected) = hex::decode(hex_sig) else {
        return false;
    };
    secrets.iter().any(|secret| {
        let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes())
        else {
            return false;
        };
        mac.update(body);
        mac.verify_slice(&expected).is_ok()
    })
}

/// `sha256=<hex>` for `body` under `secret` (used by `minibot replay` and the tests).
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Fields common to the events minibot reads.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    pub action: Option<String>,
    pub installation: Option<Id>,
    pub repository: Option<Repository>,
}

/// `{ "id": … }`
#[derive(Debug, Deserialize)]
pub struct Id {
    pub id: u64,
}

/// The `repository` object (only what we read).
#[derive(Debug, Deserialize)]
pub struct Repository {
    pub full_name: String,
}

/// A user or bot account.
#[derive(Debug, Deserialize)]
pub struct Account {
    pub login: String,
    #[serde(rename = "type", default)]
    pub kind: String,
}

impl Account {
    /// Bots (minibot itself included) never drive minibot.
    pub fn is_bot(&self) -> bool {
        self.kind == "Bot" || self.login.ends_with("[bot]")
    }
}

/// `issue_comment` (created / edited / deleted).
#[derive(Debug, Deserialize)]
pub struct IssueCommentEvent {
    pub action: String,
    pub issue: Issue,
    pub comment: Comment,
    pub repository: Repository,
    pub installation: Option<Id>,
}

/// The issue an `issue_comment` belongs to.
#[derive(Debug, Deserialize)]
pub struct Issue {
    pub number: u64,
    /// Set when the issue is a pull request. Only its presence matters.
    pub pull_request: Option<serde::de::IgnoredAny>,
}

/// A conversation comment.
#[derive(Debug, Deserialize)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: Account,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(s: &str) -> SecretString {
        SecretString::from(s.to_string())
    }

    /// GitHub's documented test vector (validating-webhook-deliveries).
    #[test]
    fn githubs_documented_vector() {
        let header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        let secrets = [secret("It's a Secret to Everybody")];
        assert!(verify_signature(&secrets, b"Hello, World!", Some(header)));
        assert_eq!(sign("It's a Secret to Everybody", b"Hello, World!"), header);
        assert!(!verify_signature(&secrets, b"Hello, World?", Some(header)));
    }

    #[test]
    fn any_rotated_secret_verifies() {
        let body = b"{}";
        let header = sign("old", body);
        assert!(verify_signature(
            &[secret("new"), secret("old")],
            body,
            Some(&header)
        ));
        assert!(!verify_signature(&[secret("new")], body, Some(&header)));
    }

    #[test]
    fn malformed_headers_fail_closed() {
        let secrets = [secret("s")];
        assert!(!verify_signature(&secrets, b"x", None));
        assert!(!verify_signature(&secrets, b"x", Some("")));
        assert!(!verify_signature(&secrets, b"x", Some("sha1=abcd")));
        assert!(!verify_signature(&secrets, b"x", Some("sha256=zz")));
        assert!(!verify_signature(&secrets, b"x", Some("sha256=")));
        assert!(!verify_signature(&[], b"x", Some(&sign("s", b"x"))));
    }
}
