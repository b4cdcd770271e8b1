//! The only module that speaks GitHub. Everything outside sees our own small types
//! ([`RepoName`], [`PullRequest`], [`FileChange`], …), never octocrab's.

pub mod attachments;
pub mod client;
pub mod webhook;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use client::{GithubApp, GithubError, Installation};

/// `owner/name` of a repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RepoName {
    owner: String,
    name: String,
}

impl RepoName {
    /// Builds a name from its two parts.
    pub fn new(owner: &str, name: &str) -> RepoName {
        RepoName {
            owner: owner.to_string(),
            name: name.to_string(),
        }
    }
    /// The owner (user or organization) login.
    pub fn owner(&self) -> &str {
        &self.owner
    }
    /// The repository name without its owner.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for RepoName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

impl TryFrom<String> for RepoName {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl From<RepoName> for String {
    fn from(r: RepoName) -> String {
        r.to_string()
    }
}

impl std::str::FromStr for RepoName {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('/') {
            Some((o, n)) if !o.is_empty() && !n.is_empty() && !n.contains('/') => {
                Ok(RepoName::new(o, n))
            }
            _ => Err(format!("not an owner/name repository: {s:?}")),
        }
    }
}

/// A pull request as minibot reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub author: String,
    pub state: String,
    pub html_url: String,
    pub head_ref: String,
    pub head_sha: String,
    /// The repository the head branch lives in (a fork for outside contributions).
    pub head_repo: Option<RepoName>,
    pub base_ref: String,
    pub base_sha: String,
}

impl PullRequest {
    /// True when the head branch lives outside `repo` (a fork, or a deleted fork).
    pub fn is_from_fork(&self, repo: &RepoName) -> bool {
        self.head_repo.as_ref() != Some(repo)
    }
}

/// One changed file of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    /// added | modified | removed | renamed | copied | changed | unchanged
    pub status: String,
    pub additions: u64,
    pub deletions: u64,
    /// GitHub's header-less unified diff; absent for binary and very large files.
    pub patch: Option<String>,
    pub previous_path: Option<String>,
}

/// A commit of a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSummary {
    pub sha: String,
    pub message: String,
}

/// A comment on an issue or pull request conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueComment {
    pub id: u64,
    pub body: String,
    pub author: String,
    pub author_is_bot: bool,
    pub html_url: String,
}

/// A collaborator's effective permission on a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    Admin,
    Maintain,
    Write,
    Triage,
    Read,
    None,
}

impl Permission {
    /// Parses GitHub's `permission` / `role_name` values; unknown values are treated as no access.
    pub fn parse(s: &str) -> Permission {
        match s {
            "admin" => Permission::Admin,
            "maintain" => Permission::Maintain,
            "write" | "push" => Permission::Write,
            "triage" => Permission::Triage,
            "read" | "pull" => Permission::Read,
            _ => Permission::None,
        }
    }
    /// True for write, maintain and admin: the people allowed to run commands.
    pub fn can_write(self) -> bool {
        matches!(
            self,
            Permission::Admin | Permission::Maintain | Permission::Write
        )
    }
}

/// One entry of a git tree listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub path: String,
    pub is_dir: bool,
    pub size: Option<u64>,
    /// The git object sha (for files, the blob's).
    pub sha: Option<String>,
}

/// A repository's file tree at a ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tree {
    pub entries: Vec<TreeEntry>,
    /// GitHub cut the listing short (over 100,000 entries or 7 MB).
    pub truncated: bool,
}

impl Tree {
    /// The blob sha of a file.
    pub fn blob_sha(&self, path: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|e| !e.is_dir && e.path == path)
            .and_then(|e| e.sha.as_deref())
    }

    /// Paths of the files (not directories).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.entries
            .iter()
            .filter(|e| !e.is_dir)
            .map(|e| e.path.as_str())
    }
}

/// A file's text at a ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileContent {
    pub path: String,
    pub text: String,
}

/// A file to write in a commit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileWrite {
    pub path: String,
    pub content: String,
}

/// A pull request minibot opened or updated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRef {
    pub number: u64,
    pub html_url: String,
}

/// One inline comment of a review, on the RIGHT side (the head commit's lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReviewComment {
    pub path: String,
    /// Last line the comment covers.
    pub line: usize,
    /// First line, for a comment on several lines.
    pub start_line: Option<usize>,
    pub body: String,
}

/// An inline review comment already on a pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewComment {
    pub id: u64,
    pub path: String,
    pub body: String,
    pub author: String,
}

/// A comment minibot posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRef {
    pub id: u64,
    pub html_url: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_names_parse_and_print() {
        let r: RepoName = "octo-org/docs".parse().unwrap();
        assert_eq!(r.owner(), "octo-org");
        assert_eq!(r.name(), "docs");
        assert_eq!(r.to_string(), "octo-org/docs");
        assert!("nope".parse::<RepoName>().is_err());
        assert!("a/b/c".parse::<RepoName>().is_err());
    }

    #[test]
    fn only_write_and_above_may_run_commands() {
        assert!(Permission::parse("admin").can_write());
        assert!(Permission::parse("maintain").can_write());
        assert!(Permission::parse("write").can_write());
        assert!(!Permission::parse("triage").can_write());
        assert!(!Permission::parse("read").can_write());
        assert!(!Permission::parse("none").can_write());
        assert!(!Permission::parse("something-new").can_write());
    }
}
