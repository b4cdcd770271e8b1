//! GitHub REST calls, as a GitHub App, through octocrab.
//!
//! octocrab does the App authentication (JWT → installation token, cached and renewed before it
//! expires); this file adds one method per REST call we make, our own retry on 5xx and rate
//! limits (honouring `retry-after` and `x-ratelimit-reset`), and the conversion to our types.
//!
//! Every request uses a path relative to the configured base URL: octocrab only attaches the
//! token to relative URIs (or to `api.github.com`), so pagination builds its own page requests
//! instead of following GitHub's absolute `Link` URLs (which would lose the token on GHES and
//! against a test server).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result};
use base64::Engine;
use http::{HeaderMap, Method, StatusCode};
use octocrab::Octocrab;
use octocrab::models::{AppId, InstallationId};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::{
    CommentRef, CommitSummary, FileChange, FileContent, FileWrite, IssueComment, NewReviewComment,
    Permission, PullRef, PullRequest, RepoName, ReviewComment, Tree, TreeEntry,
};

/// An error a caller may branch on.
#[derive(Debug, thiserror::Error)]
pub enum GithubError {
    /// GitHub answered with an error status.
    #[error("GitHub answered {status} to {method} {path}: {message}")]
    Status {
        method: Method,
        path: String,
        status: u16,
        message: String,
    },
    /// Rate limited for longer than we wait in-process: retry the job later.
    #[error("GitHub rate limit on {method} {path}; retry after {retry_after_secs} s")]
    RateLimited {
        method: Method,
        path: String,
        retry_after_secs: u64,
    },
    /// The request did not get an answer.
    #[error("request to GitHub failed: {method} {path}: {source}")]
    Transport {
        method: Method,
        path: String,
        #[source]
        source: octocrab::Error,
    },
}

impl GithubError {
    /// The HTTP status GitHub answered, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            GithubError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// How the client retries.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Attempts per request, the first included.
    pub attempts: u32,
    /// First wait after a 5xx or a transport error; doubles each time.
    pub base_delay: Duration,
    /// Longest rate-limit wait taken in-process; longer ones fail the job, which the queue retries.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 4,
            base_delay: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// The GitHub App: creates installation clients, caching one per installation so that the
/// installation token is reused until shortly before it expires.
#[derive(Clone)]
pub struct GithubApp {
    app: Octocrab,
    // Shared, not cloned: cloning an Octocrab copies its token cache, so each clone would mint
    // its own installation token.
    installations: Arc<Mutex<HashMap<u64, Arc<Octocrab>>>>,
    retry: RetryPolicy,
    login: Arc<tokio::sync::OnceCell<String>>,
}

impl std::fmt::Debug for GithubApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GithubApp").finish_non_exhaustive()
    }
}

impl GithubApp {
    /// Builds the App client. `private_key` is PEM text (literal `\n` accepted) or a path to it.
    pub fn new(app_id: u64, private_key: &SecretString, api_url: &str) -> Result<GithubApp> {
        let pem = load_private_key(private_key)?;
        let key = octocrab::jsonwebtoken::EncodingKey::from_rsa_pem(pem.expose_secret().as_bytes())
            .context("GITHUB_PRIVATE_KEY is not an RSA private key in PEM form")?;
        let app = Octocrab::builder()
            .base_uri(api_url)
            .with_context(|| format!("GITHUB_API_URL is not a valid URL: {api_url}"))?
            .app(AppId(app_id), key)
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(60)))
            .build()
            .context("building the GitHub client")?;
        Ok(GithubApp {
            app,
            installations: Arc::default(),
            retry: RetryPolicy::default(),
            login: Arc::default(),
        })
    }

    /// Replaces the retry policy (tests use short delays).
    pub fn with_retry(mut self, retry: RetryPolicy) -> GithubApp {
        self.retry = retry;
        self
    }

    /// The App's installations: (id, account login).
    pub async fn installations(&self) -> Result<Vec<(u64, String)>> {
        let list: Vec<Value> = self
            .app
            .get("/app/installations?per_page=100", None::<&()>)
            .await
            .context("listing the App's installations")?;
        Ok(list
            .iter()
            .filter_map(|i| {
                Some((
                    i["id"].as_u64()?,
                    i["account"]["login"].as_str().unwrap_or("").to_string(),
                ))
            })
            .collect())
    }

    /// The App's own account (`<slug>[bot]`), read once from `GET /app`.
    pub async fn bot_login(&self) -> Result<String> {
        self.login
            .get_or_try_init(|| async {
                let app: Value = self
                    .app
                    .get("/app", None::<&()>)
                    .await
                    .context("reading the App (GET /app)")?;
                let slug = app["slug"].as_str().context("GET /app answered no slug")?;
                Ok::<_, anyhow::Error>(format!("{slug}[bot]"))
            })
            .await
            .cloned()
    }

    /// A client acting as the installation `id`.
    pub fn installation(&self, id: u64) -> Result<Installation> {
        let mut map = self
            .installations
            .lock()
            .expect("installation cache poisoned");
        let crab = match map.get(&id) {
            Some(c) => c.clone(),
            None => {
                let c = Arc::new(
                    self.app
                        .installation(InstallationId(id))
                        .context("creating the installation client")?,
                );
                map.insert(id, c.clone());
                c
            }
        };
        Ok(Installation {
            crab,
            retry: self.retry,
        })
    }
}

fn load_private_key(value: &SecretString) -> Result<SecretString> {
    let v = value.expose_secret().trim();
    if v.starts_with("-----BEGIN") {
        return Ok(SecretString::from(v.replace("\\n", "\n")));
    }
    let text = std::fs::read_to_string(v)
        .context("GITHUB_PRIVATE_KEY is neither PEM text nor a readable file path")?;
    Ok(SecretString::from(text))
}

/// A client acting as one installation of the App.
#[derive(Clone)]
pub struct Installation {
    crab: Arc<Octocrab>,
    retry: RetryPolicy,
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

const PER_PAGE: usize = 100;

impl Installation {
    /// Sends one request with retries; returns the answer for any status below 500 that is not a
    /// rate limit.
    async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Answer> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match method {
                Method::GET => self.crab._get(path).await,
                Method::POST => self.crab._post(path, body).await,
                Method::PATCH => self.crab._patch(path, body).await,
                Method::PUT => self.crab._put(path, body).await,
                Method::DELETE => self.crab._delete(path, body).await,
                _ => anyhow::bail!("unsupported method {method}"),
            };
            let last = attempt >= self.retry.attempts;
            let response = match result {
                Ok(r) => r,
                Err(source) if last => {
                    return Err(GithubError::Transport {
                        method,
                        path: path.to_string(),
                        source,
                    }
                    .into());
                }
                Err(e) => {
                    tracing::warn!(%method, path, attempt, error = %e, "GitHub request failed; retrying");
                    tokio::time::sleep(self.backoff(attempt)).await;
                    continue;
                }
            };
            let status = response.status();
            let headers = response.headers().clone();
            let body = self
                .crab
                .body_to_string(response)
                .await
                .context("reading GitHub's answer")?;
            if let Some(wait) = rate_limit_wait(status, &headers, &body) {
                if wait > self.retry.max_wait || last {
                    return Err(GithubError::RateLimited {
                        method,
                        path: path.to_string(),
                        retry_after_secs: wait.as_secs().max(1),
                    }
                    .into());
                }
                tracing::warn!(%method, path, attempt, wait_ms = wait.as_millis() as u64, "GitHub rate limit; waiting");
                tokio::time::sleep(wait).await;
                continue;
            }
            // A POST that creates a comment or a pull request may have worked despite the 5xx:
            // not retried here; the job's retry looks for what exists before creating again.
            let repeatable =
                method != Method::POST || path.contains("/git/") || path.ends_with("/reactions");
            if status.is_server_error() && !last && repeatable {
                tracing::warn!(%method, path, attempt, status = status.as_u16(), "GitHub server error; retrying");
                tokio::time::sleep(self.backoff(attempt)).await;
                continue;
            }
            return Ok(Answer {
                status,
                headers,
                body,
            });
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        self.retry.base_delay * 2u32.saturating_pow(attempt.saturating_sub(1))
    }

    /// Sends a request and decodes a 2xx answer; any other status is a [`GithubError::Status`].
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T> {
        let answer = self.send(method.clone(), path, body).await?;
        if !answer.status.is_success() {
            return Err(status_error(method, path, &answer).into());
        }
        serde_json::from_str(&answer.body)
            .with_context(|| format!("decoding GitHub's answer to {method} {path}"))
    }

    /// Like [`call`](Self::call) for a GET, with 404 as `None`.
    async fn get_optional<T: DeserializeOwned>(&self, path: &str) -> Result<Option<T>> {
        let answer = self.send(Method::GET, path, None).await?;
        if answer.status == StatusCode::NOT_FOUND {
            return Ok(None);
        }
        if !answer.status.is_success() {
            return Err(status_error(Method::GET, path, &answer).into());
        }
        let value = serde_json::from_str(&answer.body)
            .with_context(|| format!("decoding GitHub's answer to GET {path}"))?;
        Ok(Some(value))
    }

    /// Reads every page of a list (up to `max_items`), `per_page=100`.
    async fn get_all<T: DeserializeOwned>(&self, path: &str, max_items: usize) -> Result<Vec<T>> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut page = 1;
        loop {
            let page_path = format!("{path}{sep}per_page={PER_PAGE}&page={page}");
            let answer = self.send(Method::GET, &page_path, None).await?;
            if !answer.status.is_success() {
                return Err(status_error(Method::GET, &page_path, &answer).into());
            }
            let batch: Vec<T> = serde_json::from_str(&answer.body)
                .with_context(|| format!("decoding GitHub's answer to GET {page_path}"))?;
            let n = batch.len();
            items.extend(batch);
            let has_next = answer
                .headers
                .get(http::header::LINK)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|l| l.contains("rel=\"next\""));
            if n < PER_PAGE && !has_next || n == 0 || items.len() >= max_items {
                break;
            }
            page += 1;
        }
        items.truncate(max_items);
        Ok(items)
    }

    /// The repositories this installation can access.
    pub async fn installation_repositories(&self) -> Result<Vec<RepoName>> {
        #[derive(Deserialize)]
        struct Page {
            repositories: Vec<ApiRepoName>,
        }
        #[derive(Deserialize)]
        struct ApiRepoName {
            full_name: String,
        }
        let mut out = Vec::new();
        for page in 1..=100 {
            let p: Page = self
                .call(
                    Method::GET,
                    &format!("/installation/repositories?per_page={PER_PAGE}&page={page}"),
                    None,
                )
                .await?;
            let n = p.repositories.len();
            out.extend(
                p.repositories
                    .into_iter()
                    .filter_map(|r| r.full_name.parse().ok()),
            );
            if n < PER_PAGE {
                break;
            }
        }
        Ok(out)
    }

    /// The repository's default branch.
    pub async fn default_branch(&self, repo: &RepoName) -> Result<String> {
        #[derive(Deserialize)]
        struct Repo {
            default_branch: String,
        }
        let r: Repo = self
            .call(Method::GET, &format!("/repos/{repo}"), None)
            .await?;
        Ok(r.default_branch)
    }

    /// A pull request.
    pub async fn pull_request(&self, repo: &RepoName, number: u64) -> Result<PullRequest> {
        let p: ApiPull = self
            .call(Method::GET, &format!("/repos/{repo}/pulls/{number}"), None)
            .await?;
        Ok(p.into_domain())
    }

    /// The changed files of a pull request with their patches (GitHub lists at most 3,000).
    pub async fn pull_request_files(
        &self,
        repo: &RepoName,
        number: u64,
    ) -> Result<Vec<FileChange>> {
        #[derive(Deserialize)]
        struct Entry {
            filename: String,
            status: String,
            #[serde(default)]
            additions: u64,
            #[serde(default)]
            deletions: u64,
            // Why optional: GitHub leaves `patch` out for binary files and very large diffs.
            patch: Option<String>,
            previous_filename: Option<String>,
        }
        let entries: Vec<Entry> = self
            .get_all(&format!("/repos/{repo}/pulls/{number}/files"), 3000)
            .await?;
        Ok(entries
            .into_iter()
            .map(|e| FileChange {
                path: e.filename,
                status: e.status,
                additions: e.additions,
                deletions: e.deletions,
                patch: e.patch,
                previous_path: e.previous_filename,
            })
            .collect())
    }

    /// The commits of a pull request (GitHub lists at most 250).
    pub async fn pull_request_commits(
        &self,
        repo: &RepoName,
        number: u64,
    ) -> Result<Vec<CommitSummary>> {
        #[derive(Deserialize)]
        struct Entry {
            sha: String,
            commit: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            message: String,
        }
        let entries: Vec<Entry> = self
            .get_all(&format!("/repos/{repo}/pulls/{number}/commits"), 250)
            .await?;
        Ok(entries
            .into_iter()
            .map(|e| CommitSummary {
                sha: e.sha,
                message: e.commit.message,
            })
            .collect())
    }

    /// Whether a pull request was merged.
    pub async fn pull_request_merged(&self, repo: &RepoName, number: u64) -> Result<bool> {
        #[derive(Deserialize)]
        struct Merged {
            #[serde(default)]
            merged: bool,
            merged_at: Option<String>,
        }
        let m: Merged = self
            .call(Method::GET, &format!("/repos/{repo}/pulls/{number}"), None)
            .await?;
        Ok(m.merged || m.merged_at.is_some())
    }

    /// The commits and files between two commits (GitHub's compare: up to 250 commits and 300
    /// files).
    pub async fn compare(
        &self,
        repo: &RepoName,
        base: &str,
        head: &str,
    ) -> Result<(Vec<CommitSummary>, Vec<FileChange>)> {
        #[derive(Deserialize)]
        struct Comparison {
            #[serde(default)]
            commits: Vec<CommitEntry>,
            #[serde(default)]
            files: Vec<FileEntry>,
        }
        #[derive(Deserialize)]
        struct CommitEntry {
            sha: String,
            commit: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            message: String,
        }
        #[derive(Deserialize)]
        struct FileEntry {
            filename: String,
            status: String,
            #[serde(default)]
            additions: u64,
            #[serde(default)]
            deletions: u64,
            patch: Option<String>,
            previous_filename: Option<String>,
        }
        let c: Comparison = self
            .call(
                Method::GET,
                &format!(
                    "/repos/{repo}/compare/{}...{}",
                    encode_component(base),
                    encode_component(head)
                ),
                None,
            )
            .await?;
        Ok((
            c.commits
                .into_iter()
                .map(|e| CommitSummary {
                    sha: e.sha,
                    message: e.commit.message,
                })
                .collect(),
            c.files
                .into_iter()
                .map(|e| FileChange {
                    path: e.filename,
                    status: e.status,
                    additions: e.additions,
                    deletions: e.deletions,
                    patch: e.patch,
                    previous_path: e.previous_filename,
                })
                .collect(),
        ))
    }

    /// A commit's parents and its committer date (RFC 3339).
    pub async fn commit_parents_and_date(
        &self,
        repo: &RepoName,
        sha: &str,
    ) -> Result<(Vec<String>, String)> {
        #[derive(Deserialize)]
        struct Commit {
            #[serde(default)]
            parents: Vec<Sha>,
            committer: Option<Person>,
            author: Option<Person>,
        }
        #[derive(Deserialize)]
        struct Person {
            #[serde(default)]
            date: String,
        }
        let c: Commit = self
            .call(
                Method::GET,
                &format!("/repos/{repo}/git/commits/{sha}"),
                None,
            )
            .await?;
        let date = c.committer.or(c.author).map(|p| p.date).unwrap_or_default();
        Ok((c.parents.into_iter().map(|p| p.sha).collect(), date))
    }

    /// The conversation comments of an issue or pull request.
    pub async fn issue_comments(&self, repo: &RepoName, number: u64) -> Result<Vec<IssueComment>> {
        let entries: Vec<ApiComment> = self
            .get_all(&format!("/repos/{repo}/issues/{number}/comments"), 1000)
            .await?;
        Ok(entries.into_iter().map(ApiComment::into_domain).collect())
    }

    /// A file's text at `git_ref`; None when there is no such file.
    pub async fn file_text(
        &self,
        repo: &RepoName,
        path: &str,
        git_ref: &str,
    ) -> Result<Option<FileContent>> {
        #[derive(Deserialize)]
        struct Contents {
            #[serde(rename = "type")]
            kind: String,
            content: Option<String>,
            encoding: Option<String>,
        }
        let url = format!(
            "/repos/{repo}/contents/{}?ref={}",
            encode_path(path),
            encode_component(git_ref)
        );
        let Some(c) = self.get_optional::<Value>(&url).await? else {
            return Ok(None);
        };
        // A directory answers with an array: not a file.
        let Ok(c) = serde_json::from_value::<Contents>(c) else {
            return Ok(None);
        };
        if c.kind != "file" {
            return Ok(None);
        }
        let raw = c.content.unwrap_or_default();
        let text = match c.encoding.as_deref() {
            Some("base64") | None => {
                let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
                let bytes = base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .with_context(|| format!("decoding the contents of {path}"))?;
                String::from_utf8_lossy(&bytes).into_owned()
            }
            Some(_) => raw,
        };
        Ok(Some(FileContent {
            path: path.to_string(),
            text,
        }))
    }

    /// The text of a blob.
    pub async fn blob_text(&self, repo: &RepoName, sha: &str) -> Result<Option<String>> {
        #[derive(Deserialize)]
        struct Blob {
            content: String,
            encoding: String,
        }
        let Some(b) = self
            .get_optional::<Blob>(&format!("/repos/{repo}/git/blobs/{sha}"))
            .await?
        else {
            return Ok(None);
        };
        Ok(Some(if b.encoding == "base64" {
            let compact: String = b.content.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .with_context(|| format!("decoding blob {sha}"))?;
            String::from_utf8_lossy(&bytes).into_owned()
        } else {
            b.content
        }))
    }

    /// The texts of several blobs, fetched a few at a time; a missing blob is None.
    pub async fn blob_texts(
        &self,
        repo: &RepoName,
        shas: &[String],
    ) -> Result<Vec<Option<String>>> {
        self.fetch_each(shas, |me, sha| {
            let repo = repo.clone();
            async move { me.blob_text(&repo, &sha).await }
        })
        .await
    }

    /// The texts of several files at `git_ref`, fetched a few at a time; a missing file is None.
    pub async fn file_texts(
        &self,
        repo: &RepoName,
        paths: &[String],
        git_ref: &str,
    ) -> Result<Vec<Option<String>>> {
        self.fetch_each(paths, |me, path| {
            let (repo, git_ref) = (repo.clone(), git_ref.to_string());
            async move { Ok(me.file_text(&repo, &path, &git_ref).await?.map(|f| f.text)) }
        })
        .await
    }

    /// Runs `fetch` for every key, a few requests at a time, keeping the keys' order.
    async fn fetch_each<F, Fut>(&self, keys: &[String], fetch: F) -> Result<Vec<Option<String>>>
    where
        F: Fn(Installation, String) -> Fut,
        Fut: std::future::Future<Output = Result<Option<String>>> + Send + 'static,
    {
        const AT_ONCE: usize = 6;
        let mut out: Vec<Option<String>> = vec![None; keys.len()];
        for (chunk_no, chunk) in keys.chunks(AT_ONCE).enumerate() {
            let mut set = tokio::task::JoinSet::new();
            for (i, key) in chunk.iter().enumerate() {
                let fut = fetch(self.clone(), key.clone());
                set.spawn(async move { (i, fut.await) });
            }
            while let Some(joined) = set.join_next().await {
                let (i, result) = joined.context("reading from GitHub")?;
                out[chunk_no * AT_ONCE + i] = result?;
            }
        }
        Ok(out)
    }

    /// The whole file tree at `git_ref` (a branch, tag or sha).
    pub async fn tree(&self, repo: &RepoName, git_ref: &str) -> Result<Tree> {
        #[derive(Deserialize)]
        struct ApiTree {
            tree: Vec<Entry>,
            #[serde(default)]
            truncated: bool,
        }
        #[derive(Deserialize)]
        struct Entry {
            path: String,
            #[serde(rename = "type")]
            kind: String,
            size: Option<u64>,
            sha: Option<String>,
        }
        let t: ApiTree = self
            .call(
                Method::GET,
                &format!(
                    "/repos/{repo}/git/trees/{}?recursive=1",
                    encode_path(git_ref)
                ),
                None,
            )
            .await?;
        Ok(Tree {
            entries: t
                .tree
                .into_iter()
                .filter(|e| e.kind == "blob" || e.kind == "tree")
                .map(|e| TreeEntry {
                    is_dir: e.kind == "tree",
                    path: e.path,
                    size: e.size,
                    sha: e.sha,
                })
                .collect(),
            truncated: t.truncated,
        })
    }

    /// A user's effective permission on the repository (404 = not a collaborator = none).
    pub async fn collaborator_permission(
        &self,
        repo: &RepoName,
        login: &str,
    ) -> Result<Permission> {
        #[derive(Deserialize)]
        struct Answer {
            permission: String,
            role_name: Option<String>,
        }
        let path = format!(
            "/repos/{repo}/collaborators/{}/permission",
            encode_component(login)
        );
        Ok(match self.get_optional::<Answer>(&path).await? {
            None => Permission::None,
            Some(a) => {
                // `permission` maps maintain to write; `role_name` keeps the finer grade.
                let fine = a.role_name.as_deref().map(Permission::parse);
                match fine {
                    Some(p) if p != Permission::None => p,
                    _ => Permission::parse(&a.permission),
                }
            }
        })
    }

    /// The commit sha a branch points to; None when the branch does not exist.
    pub async fn branch_sha(&self, repo: &RepoName, branch: &str) -> Result<Option<String>> {
        let r: Option<ApiRef> = self
            .get_optional(&format!(
                "/repos/{repo}/git/ref/heads/{}",
                encode_path(branch)
            ))
            .await?;
        Ok(r.map(|r| r.object.sha))
    }

    /// Creates a branch at `sha`.
    pub async fn create_branch(&self, repo: &RepoName, branch: &str, sha: &str) -> Result<()> {
        let _: ApiRef = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/git/refs"),
                Some(&json!({"ref": format!("refs/heads/{branch}"), "sha": sha})),
            )
            .await?;
        Ok(())
    }

    /// Moves a branch to `sha` (`force` allows a non-fast-forward move).
    pub async fn update_branch(
        &self,
        repo: &RepoName,
        branch: &str,
        sha: &str,
        force: bool,
    ) -> Result<()> {
        let _: ApiRef = self
            .call(
                Method::PATCH,
                &format!("/repos/{repo}/git/refs/heads/{}", encode_path(branch)),
                Some(&json!({"sha": sha, "force": force})),
            )
            .await?;
        Ok(())
    }

    /// The tree sha of a commit.
    pub async fn commit_tree(&self, repo: &RepoName, commit_sha: &str) -> Result<String> {
        #[derive(Deserialize)]
        struct Commit {
            tree: Sha,
        }
        let c: Commit = self
            .call(
                Method::GET,
                &format!("/repos/{repo}/git/commits/{commit_sha}"),
                None,
            )
            .await?;
        Ok(c.tree.sha)
    }

    /// Creates a tree: `base_tree` plus the files given (inline contents).
    pub async fn create_tree(
        &self,
        repo: &RepoName,
        base_tree: &str,
        files: &[FileWrite],
    ) -> Result<String> {
        let entries: Vec<Value> = files
            .iter()
            .map(
                |f| json!({"path": f.path, "mode": "100644", "type": "blob", "content": f.content}),
            )
            .collect();
        let t: Sha = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/git/trees"),
                Some(&json!({"base_tree": base_tree, "tree": entries})),
            )
            .await?;
        Ok(t.sha)
    }

    /// Creates a commit of `tree` on top of `parents`.
    pub async fn create_commit(
        &self,
        repo: &RepoName,
        message: &str,
        tree: &str,
        parents: &[&str],
    ) -> Result<String> {
        let c: Sha = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/git/commits"),
                Some(&json!({"message": message, "tree": tree, "parents": parents})),
            )
            .await?;
        Ok(c.sha)
    }

    /// The open pull request whose head is `head_owner:branch`, if any.
    pub async fn find_open_pull(
        &self,
        repo: &RepoName,
        head_owner: &str,
        branch: &str,
    ) -> Result<Option<PullRef>> {
        let head = encode_component(&format!("{head_owner}:{branch}"));
        let list: Vec<ApiPull> = self
            .get_all(&format!("/repos/{repo}/pulls?state=open&head={head}"), 100)
            .await?;
        Ok(list.into_iter().next().map(|p| PullRef {
            number: p.number,
            html_url: p.html_url,
        }))
    }

    /// Opens a pull request.
    pub async fn create_pull(
        &self,
        repo: &RepoName,
        title: &str,
        head: &str,
        base: &str,
        body: &str,
    ) -> Result<PullRef> {
        let p: ApiPull = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/pulls"),
                Some(
                    &json!({"title": title, "head": head, "base": base, "body": body,
                             "maintainer_can_modify": true}),
                ),
            )
            .await?;
        Ok(PullRef {
            number: p.number,
            html_url: p.html_url,
        })
    }

    /// Updates a pull request's title and body.
    pub async fn update_pull(
        &self,
        repo: &RepoName,
        number: u64,
        title: &str,
        body: &str,
    ) -> Result<PullRef> {
        let p: ApiPull = self
            .call(
                Method::PATCH,
                &format!("/repos/{repo}/pulls/{number}"),
                Some(&json!({"title": title, "body": body})),
            )
            .await?;
        Ok(PullRef {
            number: p.number,
            html_url: p.html_url,
        })
    }

    /// Posts a comment on an issue or pull request conversation.
    pub async fn create_issue_comment(
        &self,
        repo: &RepoName,
        number: u64,
        body: &str,
    ) -> Result<CommentRef> {
        let c: ApiComment = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/issues/{number}/comments"),
                Some(&json!({"body": body})),
            )
            .await?;
        Ok(CommentRef {
            id: c.id,
            html_url: c.html_url,
        })
    }

    /// Replaces the body of a comment.
    pub async fn update_issue_comment(&self, repo: &RepoName, id: u64, body: &str) -> Result<()> {
        let _: ApiComment = self
            .call(
                Method::PATCH,
                &format!("/repos/{repo}/issues/comments/{id}"),
                Some(&json!({"body": body})),
            )
            .await?;
        Ok(())
    }

    /// Posts ONE review with inline comments (`event: COMMENT`) on `commit_id`. GitHub refuses
    /// the whole review (422) if any comment is not on a line of the diff.
    pub async fn create_review(
        &self,
        repo: &RepoName,
        number: u64,
        commit_id: &str,
        body: &str,
        comments: &[NewReviewComment],
    ) -> Result<CommentRef> {
        let comments: Vec<Value> = comments
            .iter()
            .map(|c| {
                let mut v =
                    json!({"path": c.path, "line": c.line, "side": "RIGHT", "body": c.body});
                if let Some(start) = c.start_line.filter(|s| *s < c.line) {
                    v["start_line"] = json!(start);
                    v["start_side"] = json!("RIGHT");
                }
                v
            })
            .collect();
        #[derive(Deserialize)]
        struct ApiReview {
            id: u64,
            #[serde(default)]
            html_url: String,
        }
        let r: ApiReview = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/pulls/{number}/reviews"),
                Some(
                    &json!({"commit_id": commit_id, "body": body, "event": "COMMENT",
                             "comments": comments}),
                ),
            )
            .await?;
        Ok(CommentRef {
            id: r.id,
            html_url: r.html_url,
        })
    }

    /// The inline review comments of a pull request.
    pub async fn review_comments(
        &self,
        repo: &RepoName,
        number: u64,
    ) -> Result<Vec<ReviewComment>> {
        #[derive(Deserialize)]
        struct ApiReviewComment {
            id: u64,
            #[serde(default)]
            path: String,
            #[serde(default)]
            body: String,
            user: Option<ApiUser>,
        }
        let entries: Vec<ApiReviewComment> = self
            .get_all(&format!("/repos/{repo}/pulls/{number}/comments"), 3000)
            .await?;
        Ok(entries
            .into_iter()
            .map(|c| ReviewComment {
                id: c.id,
                path: c.path,
                body: c.body,
                author: c.user.map(|u| u.login).unwrap_or_default(),
            })
            .collect())
    }

    /// Adds a reaction (`eyes`, `+1`, …) to a conversation comment.
    pub async fn add_reaction(
        &self,
        repo: &RepoName,
        comment_id: u64,
        content: &str,
    ) -> Result<()> {
        let _: Value = self
            .call(
                Method::POST,
                &format!("/repos/{repo}/issues/comments/{comment_id}/reactions"),
                Some(&json!({"content": content})),
            )
            .await?;
        Ok(())
    }
}

fn status_error(method: Method, path: &str, answer: &Answer) -> GithubError {
    let message = serde_json::from_str::<Value>(&answer.body)
        .ok()
        .and_then(|v| v.get("message").and_then(Value::as_str).map(String::from))
        .unwrap_or_else(|| answer.body.chars().take(200).collect());
    GithubError::Status {
        method,
        path: path.to_string(),
        status: answer.status.as_u16(),
        message,
    }
}

/// How long to wait when GitHub says we are rate limited; None when the answer is not a rate
/// limit. GitHub's rules: `retry-after` seconds when present; else, with
/// `x-ratelimit-remaining: 0`, until `x-ratelimit-reset`; else (a secondary limit) one minute.
fn rate_limit_wait(status: StatusCode, headers: &HeaderMap, body: &str) -> Option<Duration> {
    if status != StatusCode::TOO_MANY_REQUESTS && status != StatusCode::FORBIDDEN {
        return None;
    }
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .map(String::from)
    };
    if let Some(secs) = header("retry-after").and_then(|v| v.parse::<u64>().ok()) {
        return Some(Duration::from_secs(secs));
    }
    if header("x-ratelimit-remaining").as_deref() == Some("0") {
        let reset = header("x-ratelimit-reset").and_then(|v| v.parse::<i64>().ok())?;
        let wait = (reset - chrono::Utc::now().timestamp()).max(1);
        return Some(Duration::from_secs(wait as u64));
    }
    // A secondary limit may come as a 403 with neither header; its message says so. Any other
    // 403 is a permission problem, not a limit.
    let secondary = body.to_ascii_lowercase().contains("rate limit");
    (status == StatusCode::TOO_MANY_REQUESTS || secondary).then(|| Duration::from_secs(60))
}

/// Percent-encodes one URL component (query value, login).
fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Percent-encodes a path, keeping its slashes.
fn encode_path(s: &str) -> String {
    s.split('/')
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Deserialize)]
struct Sha {
    sha: String,
}

#[derive(Deserialize)]
struct ApiRef {
    object: Sha,
}

#[derive(Deserialize)]
struct ApiUser {
    login: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
struct ApiComment {
    id: u64,
    #[serde(default)]
    body: Option<String>,
    user: Option<ApiUser>,
    #[serde(default)]
    html_url: String,
}

impl ApiComment {
    fn into_domain(self) -> IssueComment {
        let (author, author_is_bot) = match self.user {
            Some(u) => {
                let bot = u.kind == "Bot" || u.login.ends_with("[bot]");
                (u.login, bot)
            }
            None => ("ghost".to_string(), false),
        };
        IssueComment {
            id: self.id,
            body: self.body.unwrap_or_default(),
            author,
            author_is_bot,
            html_url: self.html_url,
        }
    }
}

#[derive(Deserialize)]
struct ApiBranch {
    #[serde(rename = "ref")]
    git_ref: String,
    sha: String,
    repo: Option<ApiRepo>,
}

#[derive(Deserialize)]
struct ApiRepo {
    full_name: String,
}

#[derive(Deserialize)]
struct ApiPull {
    number: u64,
    #[serde(default)]
    title: String,
    body: Option<String>,
    #[serde(default)]
    state: String,
    #[serde(default)]
    html_url: String,
    user: Option<ApiUser>,
    head: ApiBranch,
    base: ApiBranch,
}

impl ApiPull {
    fn into_domain(self) -> PullRequest {
        PullRequest {
            number: self.number,
            title: self.title,
            body: self.body.unwrap_or_default(),
            author: self.user.map(|u| u.login).unwrap_or_default(),
            state: self.state,
            html_url: self.html_url,
            head_ref: self.head.git_ref,
            head_sha: self.head.sha,
            head_repo: self.head.repo.and_then(|r| r.full_name.parse().ok()),
            base_ref: self.base.git_ref,
            base_sha: self.base.sha,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn retry_after_wins() {
        let h = headers(&[("retry-after", "7"), ("x-ratelimit-remaining", "0")]);
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &h, ""),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn exhausted_primary_limit_waits_for_reset() {
        let reset = (chrono::Utc::now().timestamp() + 30).to_string();
        let h = headers(&[
            ("x-ratelimit-remaining", "0"),
            ("x-ratelimit-reset", &reset),
        ]);
        let wait = rate_limit_wait(StatusCode::FORBIDDEN, &h, "").unwrap();
        assert!(wait >= Duration::from_secs(29) && wait <= Duration::from_secs(31));
    }

    #[test]
    fn a_plain_403_is_not_a_rate_limit() {
        let none = HeaderMap::new();
        let perm = r#"{"message":"Resource not accessible by integration"}"#;
        assert_eq!(rate_limit_wait(StatusCode::FORBIDDEN, &none, perm), None);
        let secondary = r#"{"message":"You have exceeded a secondary rate limit. Please wait."}"#;
        assert_eq!(
            rate_limit_wait(StatusCode::FORBIDDEN, &none, secondary),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            rate_limit_wait(StatusCode::TOO_MANY_REQUESTS, &none, ""),
            Some(Duration::from_secs(60))
        );
        assert_eq!(rate_limit_wait(StatusCode::OK, &none, ""), None);
    }

    #[test]
    fn paths_and_components_are_encoded() {
        assert_eq!(
            encode_component("octo:minibot/docs"),
            "octo%3Aminibot%2Fdocs"
        );
        assert_eq!(encode_path("docs/my page.md"), "docs/my%20page.md");
    }
}
