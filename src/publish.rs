//! Publishing: one multi-file commit on minibot's branch and ONE pull request per branch.
//!
//! The branch name is the pull request's stable identity. Publishing again force-moves the branch
//! (it belongs to minibot) to a fresh commit on top of the target, and updates the open pull
//! request from that branch instead of opening another; GitHub's own state is asked first, so a
//! lost database row or a retried job still finds the pull request.

use anyhow::{Context, Result};

use crate::github::{FileWrite, GithubError, Installation, RepoName};
use crate::store::{BotPull, Store};

/// What to publish.
#[derive(Debug, Clone)]
pub struct Publication<'a> {
    pub repo: &'a RepoName,
    /// minibot's branch, e.g. `minibot/docs/pr-12`.
    pub branch: &'a str,
    /// The commit the new commit builds on (the target branch's tip).
    pub parent_sha: &'a str,
    /// The branch the pull request merges into.
    pub target_branch: &'a str,
    pub files: &'a [FileWrite],
    pub commit_message: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// `docs`, `tests`, …
    pub kind: &'a str,
    pub source_pr: u64,
}

/// The pull request after publishing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub number: u64,
    pub url: String,
    /// True when this run opened it; false when it updated an open one.
    pub opened: bool,
    pub commit_sha: String,
}

/// Commits the files on the branch and opens or updates the pull request.
pub async fn publish(gh: &Installation, store: &Store, p: &Publication<'_>) -> Result<Published> {
    let base_tree = gh
        .commit_tree(p.repo, p.parent_sha)
        .await
        .context("reading the target commit")?;
    let tree = gh
        .create_tree(p.repo, &base_tree, p.files)
        .await
        .context("creating the tree")?;
    let commit = gh
        .create_commit(p.repo, p.commit_message, &tree, &[p.parent_sha])
        .await
        .context("creating the commit")?;
    move_branch(gh, p.repo, p.branch, &commit).await?;

    let existing = gh
        .find_open_pull(p.repo, p.repo.owner(), p.branch)
        .await
        .context("looking for minibot's open pull request")?;
    let (pull, opened) = match existing {
        Some(pr) => (
            gh.update_pull(p.repo, pr.number, p.title, p.body)
                .await
                .context("updating the pull request")?,
            false,
        ),
        None => match gh
            .create_pull(p.repo, p.title, p.branch, p.target_branch, p.body)
            .await
        {
            Ok(pr) => (pr, true),
            // Another run opened it between our look and our create: update that one.
            Err(e) if is_status(&e, 422) => {
                let pr = gh
                    .find_open_pull(p.repo, p.repo.owner(), p.branch)
                    .await?
                    .context("GitHub refused to open the pull request and none is open")?;
                (
                    gh.update_pull(p.repo, pr.number, p.title, p.body).await?,
                    false,
                )
            }
            Err(e) => return Err(e.context("opening the pull request")),
        },
    };
    store
        .upsert_bot_pull(&BotPull {
            repo: p.repo.to_string(),
            branch: p.branch.to_string(),
            kind: p.kind.to_string(),
            source_pr: p.source_pr as i64,
            number: pull.number as i64,
            url: pull.html_url.clone(),
        })
        .await?;
    Ok(Published {
        number: pull.number,
        url: pull.html_url,
        opened,
        commit_sha: commit,
    })
}

/// Points `branch` at `sha`, creating it when missing. minibot owns the branch, so the move is
/// forced: every run is one fresh commit on top of the current target.
async fn move_branch(gh: &Installation, repo: &RepoName, branch: &str, sha: &str) -> Result<()> {
    if gh.branch_sha(repo, branch).await?.is_some() {
        return gh
            .update_branch(repo, branch, sha, true)
            .await
            .context("moving minibot's branch");
    }
    match gh.create_branch(repo, branch, sha).await {
        Ok(()) => Ok(()),
        // Created concurrently: move it instead.
        Err(e) if is_status(&e, 422) => gh
            .update_branch(repo, branch, sha, true)
            .await
            .context("moving minibot's branch"),
        Err(e) => Err(e.context("creating minibot's branch")),
    }
}

fn is_status(e: &anyhow::Error, status: u16) -> bool {
    e.downcast_ref::<GithubError>()
        .and_then(GithubError::status)
        == Some(status)
}
