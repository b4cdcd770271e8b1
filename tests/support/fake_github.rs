#![allow(dead_code)]
//! A stateful fake of GitHub's REST API, served over real HTTP (axum on 127.0.0.1, random port).
//!
//! The response shapes are copied from GitHub's REST description (`corpus/rest-subset.json`,
//! response examples) and from the webhook payloads in `corpus/payloads/`.
//!
//! The world holds repositories with a small git model (text blobs, full-snapshot trees, commits,
//! branches), pull requests and issues (one number counter per repository), issue comments with
//! reactions, collaborator permissions, installation tokens, a request log and failure switches.
//! Every `/repos/...` route requires `Authorization: Bearer <token minted by this fake>`; the
//! `/app...` routes require a JWT-looking bearer value (two dots; the signature is not checked).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use base64::Engine as _;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// The App's id.
pub const APP_ID: u64 = 4242;
/// The single installation, covering every repository of the fake.
pub const INSTALLATION_ID: u64 = 9001;
/// The App's slug.
pub const APP_SLUG: &str = "minibot";
/// The login of the App's bot user: comments, reactions, commits and PRs made through the API are
/// authored by it.
pub const BOT_LOGIN: &str = "minibot[bot]";
/// The bot user's id.
pub const BOT_USER_ID: u64 = 142_420_001;

const DOCS_URL: &str = "https://docs.github.com/rest";
const WEB: &str = "https://github.com";
const CONTEXT_LINES: usize = 3;
const REACTIONS: [&str; 8] = [
    "+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes",
];

// ---------------------------------------------------------------------------------------------
// Public snapshots
// ---------------------------------------------------------------------------------------------

/// A pull request as it stands in the fake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullSnapshot {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub head_ref: String,
    /// Full name of the head repository (`owner/name`).
    pub head_repo: String,
    pub base_ref: String,
    /// `"open"` or `"closed"`.
    pub state: String,
    pub author: String,
}

/// An issue comment as it stands in the fake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentSnapshot {
    pub id: u64,
    pub body: String,
    pub author: String,
    pub html_url: String,
}

/// An inline review comment as it stands in the fake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewCommentSnapshot {
    pub id: u64,
    pub review_id: u64,
    pub path: String,
    pub line: u64,
    pub start_line: Option<u64>,
    pub side: String,
    pub body: String,
    pub author: String,
}

/// A submitted review as it stands in the fake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewSnapshot {
    pub id: u64,
    pub state: String,
    pub body: String,
    pub commit_id: String,
    pub author: String,
}

/// One request received by the fake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordedRequest {
    pub method: String,
    /// The path, percent-decoded, without the query.
    pub path: String,
    /// The raw query string (empty if none).
    pub query: String,
    /// Whether a non-empty `Authorization` header was sent.
    pub had_auth: bool,
    /// The status the fake answered.
    pub status: u16,
    /// The request body as text (empty if none).
    pub body: String,
}

// ---------------------------------------------------------------------------------------------
// World
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct CommitObj {
    sha: String,
    tree: String,
    parents: Vec<String>,
    message: String,
    author_name: String,
    author_email: String,
    date: String,
    author_login: Option<String>,
}

#[derive(Clone, Debug)]
struct PrData {
    /// When the pull request was merged (squash), and the commit it made.
    merged_at: Option<String>,
    merge_commit: Option<String>,
    head_repo: String,
    head_ref: String,
    /// The head sha when last seen (used if the head branch disappears).
    head_sha: String,
    base_ref: String,
    draft: bool,
}

#[derive(Clone, Debug)]
struct IssueObj {
    id: u64,
    number: u64,
    title: String,
    body: String,
    author: String,
    state: String,
    created_at: String,
    updated_at: String,
    closed_at: Option<String>,
    pr: Option<PrData>,
}

#[derive(Clone, Debug)]
struct ReactionObj {
    id: u64,
    content: String,
    user: String,
    created_at: String,
}

#[derive(Clone, Debug)]
struct CommentObj {
    id: u64,
    repo: String,
    number: u64,
    body: String,
    author: String,
    created_at: String,
    updated_at: String,
    reactions: Vec<ReactionObj>,
}

#[derive(Clone, Debug)]
struct Repo {
    id: u64,
    full_name: String,
    owner: String,
    name: String,
    default_branch: String,
    branches: BTreeMap<String, String>,
    fork_of: Option<String>,
    permissions: BTreeMap<String, String>,
    issues: BTreeMap<u64, IssueObj>,
    next_number: u64,
    omitted_patches: BTreeSet<String>,
    created_at: String,
    pushed_at: String,
}

#[derive(Clone, Debug)]
struct FailRule {
    method: String,
    path_contains: String,
    status: u16,
    remaining: u32,
    headers: Vec<(String, String)>,
}

#[derive(Clone, Debug)]
struct ReviewObj {
    id: u64,
    repo: String,
    number: u64,
    state: String,
    body: String,
    commit_id: String,
    author: String,
    submitted_at: String,
}

#[derive(Clone, Debug)]
struct ReviewCommentObj {
    id: u64,
    review_id: u64,
    repo: String,
    number: u64,
    path: String,
    line: u64,
    start_line: Option<u64>,
    side: String,
    body: String,
    author: String,
    commit_id: String,
    diff_hunk: String,
    created_at: String,
}

type Snapshot = BTreeMap<String, String>;

#[derive(Debug, Default)]
struct World {
    base_url: String,
    next_id: u64,
    next_seq: u64,
    user_types: BTreeMap<String, String>,
    repos: BTreeMap<String, Repo>,
    blobs: HashMap<String, String>,
    trees: HashMap<String, Snapshot>,
    commits: HashMap<String, CommitObj>,
    comments: BTreeMap<u64, CommentObj>,
    tokens: HashSet<String>,
    requests: Vec<RecordedRequest>,
    fail_rules: Vec<FailRule>,
    api_calls: u64,
    reviews: BTreeMap<u64, ReviewObj>,
    review_comments: BTreeMap<u64, ReviewCommentObj>,
    /// Uploaded attachments (`/user-attachments/assets/<id>`): content type and bytes.
    attachments: HashMap<String, (String, Vec<u8>)>,
    /// How far the fake's clock is ahead of the real one (timestamps of new objects).
    clock_offset_secs: i64,
    /// Repositories removed from the installation (no longer listed for it).
    uninstalled: BTreeSet<String>,
}

fn now_at(offset_secs: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::seconds(offset_secs))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

fn hash40(kind: &str, data: &str) -> String {
    let mut h = Sha256::new();
    h.update(kind.as_bytes());
    h.update([0u8]);
    h.update(data.as_bytes());
    let mut s = hex::encode(h.finalize());
    s.truncate(40);
    s
}

fn blob_sha(content: &str) -> String {
    hash40("blob", content)
}

fn tree_sha(snapshot: &Snapshot) -> String {
    let mut data = String::new();
    for (path, content) in snapshot {
        data.push_str(path);
        data.push('\0');
        data.push_str(&blob_sha(content));
        data.push('\n');
    }
    hash40("tree", &data)
}

fn node_id(kind: &str, id: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{id}"))
}

fn user_id_for(login: &str) -> u64 {
    if login == BOT_LOGIN {
        return BOT_USER_ID;
    }
    let digest = Sha256::digest(login.as_bytes());
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    1_000_000 + u64::from(n % 90_000_000)
}

/// Every directory prefix of the snapshot's paths (`"a"`, `"a/b"` for `a/b/c.txt`).
fn directories(snapshot: &Snapshot) -> BTreeSet<String> {
    let mut dirs = BTreeSet::new();
    for path in snapshot.keys() {
        let mut acc = String::new();
        let parts: Vec<&str> = path.split('/').collect();
        for part in &parts[..parts.len() - 1] {
            if !acc.is_empty() {
                acc.push('/');
            }
            acc.push_str(part);
            dirs.insert(acc.clone());
        }
    }
    dirs
}

fn subtree(snapshot: &Snapshot, dir: &str) -> Snapshot {
    let prefix = format!("{dir}/");
    snapshot
        .iter()
        .filter_map(|(p, c)| {
            p.strip_prefix(&prefix)
                .map(|rest| (rest.to_string(), c.clone()))
        })
        .collect()
}

impl World {
    /// The fake's current time, as GitHub writes timestamps.
    fn now(&self) -> String {
        now_at(self.clock_offset_secs)
    }

    fn api(&self) -> &str {
        &self.base_url
    }

    fn alloc_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    fn user_type(&self, login: &str) -> String {
        if login == BOT_LOGIN {
            return "Bot".to_string();
        }
        self.user_types
            .get(login)
            .cloned()
            .unwrap_or_else(|| "User".to_string())
    }

    fn find_repo_key(&self, full_name: &str) -> Option<String> {
        if self.repos.contains_key(full_name) {
            return Some(full_name.to_string());
        }
        self.repos
            .keys()
            .find(|k| k.eq_ignore_ascii_case(full_name))
            .cloned()
    }

    fn repo(&self, full_name: &str) -> &Repo {
        let key = self
            .find_repo_key(full_name)
            .unwrap_or_else(|| panic!("fake github: no repository {full_name}"));
        &self.repos[&key]
    }

    fn repo_mut(&mut self, full_name: &str) -> &mut Repo {
        let key = self
            .find_repo_key(full_name)
            .unwrap_or_else(|| panic!("fake github: no repository {full_name}"));
        self.repos.get_mut(&key).expect("repo exists")
    }

    fn store_tree(&mut self, snapshot: Snapshot) -> String {
        let sha = tree_sha(&snapshot);
        if self.trees.contains_key(&sha) {
            return sha;
        }
        for content in snapshot.values() {
            self.blobs.insert(blob_sha(content), content.clone());
        }
        for dir in directories(&snapshot) {
            let sub = subtree(&snapshot, &dir);
            self.trees.insert(tree_sha(&sub), sub);
        }
        self.trees.insert(sha.clone(), snapshot);
        sha
    }

    #[allow(clippy::too_many_arguments)]
    fn make_commit(
        &mut self,
        tree: &str,
        parents: Vec<String>,
        message: &str,
        author_login: Option<&str>,
        author_name: Option<&str>,
        author_email: Option<&str>,
        date: Option<&str>,
    ) -> String {
        self.next_seq += 1;
        let data = format!(
            "tree {tree}\nparents {}\nseq {}\n\n{message}",
            parents.join(" "),
            self.next_seq
        );
        let sha = hash40("commit", &data);
        let login = author_login.map(str::to_string);
        let default_name = login.clone().unwrap_or_else(|| "Fake Author".to_string());
        let default_email = match &login {
            Some(l) => format!("{}+{l}@users.noreply.github.com", user_id_for(l)),
            None => "author@example.com".to_string(),
        };
        let commit = CommitObj {
            sha: sha.clone(),
            tree: tree.to_string(),
            parents,
            message: message.to_string(),
            author_name: author_name.map(str::to_string).unwrap_or(default_name),
            author_email: author_email.map(str::to_string).unwrap_or(default_email),
            date: date.map(str::to_string).unwrap_or_else(|| self.now()),
            author_login: login,
        };
        self.commits.insert(sha.clone(), commit);
        sha
    }

    /// Resolves a branch name, `refs/heads/X`, `heads/X`, a full commit sha or a unique prefix
    /// (7+ hex chars) to a commit sha.
    fn resolve_commit(&self, repo: &Repo, refish: &str) -> Option<String> {
        let name = refish
            .strip_prefix("refs/heads/")
            .or_else(|| refish.strip_prefix("heads/"))
            .unwrap_or(refish);
        if let Some(sha) = repo.branches.get(name) {
            return Some(sha.clone());
        }
        if self.commits.contains_key(refish) {
            return Some(refish.to_string());
        }
        if refish.len() >= 7 && refish.chars().all(|c| c.is_ascii_hexdigit()) {
            let matches: Vec<&String> = self
                .commits
                .keys()
                .filter(|k| k.starts_with(refish))
                .collect();
            if matches.len() == 1 {
                return Some(matches[0].clone());
            }
        }
        None
    }

    fn snapshot_of(&self, commit_sha: &str) -> Snapshot {
        self.commits
            .get(commit_sha)
            .and_then(|c| self.trees.get(&c.tree))
            .cloned()
            .unwrap_or_default()
    }

    fn ancestors(&self, sha: &str) -> HashSet<String> {
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([sha.to_string()]);
        while let Some(s) = queue.pop_front() {
            if !seen.insert(s.clone()) {
                continue;
            }
            if let Some(c) = self.commits.get(&s) {
                queue.extend(c.parents.iter().cloned());
            }
        }
        seen
    }

    fn merge_base(&self, base: &str, head: &str) -> Option<String> {
        let base_set = self.ancestors(base);
        let mut seen = HashSet::new();
        let mut queue = VecDeque::from([head.to_string()]);
        while let Some(s) = queue.pop_front() {
            if base_set.contains(&s) {
                return Some(s);
            }
            if !seen.insert(s.clone()) {
                continue;
            }
            if let Some(c) = self.commits.get(&s) {
                queue.extend(c.parents.iter().cloned());
            }
        }
        None
    }

    /// Commits on `head` not reachable from `base`, oldest first (first-parent walk).
    fn commits_between(&self, base: &str, head: &str) -> Vec<String> {
        let base_set = self.ancestors(base);
        let mut out = Vec::new();
        let mut cur = Some(head.to_string());
        while let Some(s) = cur {
            if base_set.contains(&s) {
                break;
            }
            cur = self
                .commits
                .get(&s)
                .and_then(|c| c.parents.first().cloned());
            out.push(s);
        }
        out.reverse();
        out
    }

    fn author_association(&self, repo: &Repo, login: &str) -> &'static str {
        if login.eq_ignore_ascii_case(&repo.owner) {
            return "OWNER";
        }
        match repo.permissions.get(login).map(String::as_str) {
            Some("admin" | "write" | "maintain" | "triage") => "COLLABORATOR",
            _ => {
                let authored = self.commits.values().any(|c| {
                    c.author_login
                        .as_deref()
                        .is_some_and(|l| l.eq_ignore_ascii_case(login))
                });
                if authored && login != BOT_LOGIN {
                    "CONTRIBUTOR"
                } else {
                    "NONE"
                }
            }
        }
    }

    fn pr_head_sha(&self, pr: &PrData) -> String {
        self.find_repo_key(&pr.head_repo)
            .and_then(|k| self.repos[&k].branches.get(&pr.head_ref).cloned())
            .unwrap_or_else(|| pr.head_sha.clone())
    }

    fn pr_base_sha(&self, repo: &Repo, pr: &PrData) -> String {
        repo.branches.get(&pr.base_ref).cloned().unwrap_or_default()
    }

    // ----- JSON builders (shapes copied from corpus/rest-subset.json examples) -----

    fn user_json(&self, login: &str) -> Value {
        let api = self.api();
        let id = user_id_for(login);
        let kind = self.user_type(login);
        let html = if kind == "Bot" {
            format!("{WEB}/apps/{}", login.trim_end_matches("[bot]"))
        } else {
            format!("{WEB}/{login}")
        };
        json!({
            "login": login,
            "id": id,
            "node_id": node_id("User", &id.to_string()),
            "avatar_url": format!("https://avatars.githubusercontent.com/u/{id}?v=4"),
            "gravatar_id": "",
            "url": format!("{api}/users/{login}"),
            "html_url": html,
            "followers_url": format!("{api}/users/{login}/followers"),
            "following_url": format!("{api}/users/{login}/following{{/other_user}}"),
            "gists_url": format!("{api}/users/{login}/gists{{/gist_id}}"),
            "starred_url": format!("{api}/users/{login}/starred{{/owner}}{{/repo}}"),
            "subscriptions_url": format!("{api}/users/{login}/subscriptions"),
            "organizations_url": format!("{api}/users/{login}/orgs"),
            "repos_url": format!("{api}/users/{login}/repos"),
            "events_url": format!("{api}/users/{login}/events{{/privacy}}"),
            "received_events_url": format!("{api}/users/{login}/received_events"),
            "type": kind,
            "user_view_type": "public",
            "site_admin": false
        })
    }

    fn repo_json(&self, repo: &Repo, full: bool) -> Value {
        let api = self.api();
        let fname = &repo.full_name;
        let u = format!("{api}/repos/{fname}");
        let open_issues = repo.issues.values().filter(|i| i.state == "open").count();
        let forks = self
            .repos
            .values()
            .filter(|r| r.fork_of.as_deref() == Some(fname.as_str()))
            .count();
        let mut obj = serde_json::Map::new();
        let mut put = |k: &str, v: Value| {
            obj.insert(k.to_string(), v);
        };
        put("id", json!(repo.id));
        put(
            "node_id",
            json!(node_id("Repository", &repo.id.to_string())),
        );
        put("name", json!(repo.name));
        put("full_name", json!(fname));
        put("private", json!(false));
        put("owner", self.user_json(&repo.owner));
        put("html_url", json!(format!("{WEB}/{fname}")));
        put("description", Value::Null);
        put("fork", json!(repo.fork_of.is_some()));
        put("url", json!(u));
        let url_fields = [
            ("forks_url", "/forks"),
            ("keys_url", "/keys{/key_id}"),
            ("collaborators_url", "/collaborators{/collaborator}"),
            ("teams_url", "/teams"),
            ("hooks_url", "/hooks"),
            ("issue_events_url", "/issues/events{/number}"),
            ("events_url", "/events"),
            ("assignees_url", "/assignees{/user}"),
            ("branches_url", "/branches{/branch}"),
            ("tags_url", "/tags"),
            ("blobs_url", "/git/blobs{/sha}"),
            ("git_tags_url", "/git/tags{/sha}"),
            ("git_refs_url", "/git/refs{/sha}"),
            ("trees_url", "/git/trees{/sha}"),
            ("statuses_url", "/statuses/{sha}"),
            ("languages_url", "/languages"),
            ("stargazers_url", "/stargazers"),
            ("contributors_url", "/contributors"),
            ("subscribers_url", "/subscribers"),
            ("subscription_url", "/subscription"),
            ("commits_url", "/commits{/sha}"),
            ("git_commits_url", "/git/commits{/sha}"),
            ("comments_url", "/comments{/number}"),
            ("issue_comment_url", "/issues/comments{/number}"),
            ("contents_url", "/contents/{+path}"),
            ("compare_url", "/compare/{base}...{head}"),
            ("merges_url", "/merges"),
            ("archive_url", "/{archive_format}{/ref}"),
            ("downloads_url", "/downloads"),
            ("issues_url", "/issues{/number}"),
            ("pulls_url", "/pulls{/number}"),
            ("milestones_url", "/milestones{/number}"),
            (
                "notifications_url",
                "/notifications{?since,all,participating}",
            ),
            ("labels_url", "/labels{/name}"),
            ("releases_url", "/releases{/id}"),
            ("deployments_url", "/deployments"),
        ];
        for (k, suffix) in url_fields {
            put(k, json!(format!("{u}{suffix}")));
        }
        put("created_at", json!(repo.created_at));
        put("updated_at", json!(repo.pushed_at));
        put("pushed_at", json!(repo.pushed_at));
        put("git_url", json!(format!("git://github.com/{fname}.git")));
        put("ssh_url", json!(format!("git@github.com:{fname}.git")));
        put("clone_url", json!(format!("{WEB}/{fname}.git")));
        put("svn_url", json!(format!("{WEB}/{fname}")));
        let scalars = json!({
            "homepage": null,
            "size": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "language": null,
            "has_issues": true,
            "has_projects": true,
            "has_downloads": true,
            "has_wiki": true,
            "has_pages": false,
            "has_discussions": false,
            "mirror_url": null,
            "archived": false,
            "disabled": false,
            "license": null,
            "allow_forking": true,
            "is_template": false,
            "web_commit_signoff_required": false,
            "topics": [],
            "visibility": "public",
            "watchers": 0,
            "custom_properties": {},
        });
        for (k, v) in scalars.as_object().expect("object") {
            put(k, v.clone());
        }
        put("forks_count", json!(forks));
        put("forks", json!(forks));
        put("open_issues_count", json!(open_issues));
        put("open_issues", json!(open_issues));
        put("default_branch", json!(repo.default_branch));
        let mut v = Value::Object(obj);
        if full {
            let obj = v.as_object_mut().expect("object");
            obj.insert("network_count".into(), json!(forks));
            obj.insert("subscribers_count".into(), json!(0));
            obj.insert("allow_rebase_merge".into(), json!(true));
            obj.insert("allow_squash_merge".into(), json!(true));
            obj.insert("allow_merge_commit".into(), json!(true));
            obj.insert("allow_auto_merge".into(), json!(false));
            obj.insert("delete_branch_on_merge".into(), json!(false));
            obj.insert(
                "permissions".into(),
                json!({"admin": false, "maintain": false, "push": true, "triage": true, "pull": true}),
            );
            if let Some(parent) = repo.fork_of.as_deref().and_then(|p| self.find_repo_key(p)) {
                let pj = self.repo_json(&self.repos[&parent], false);
                obj.insert("parent".into(), pj.clone());
                obj.insert("source".into(), pj);
            }
        }
        v
    }

    fn reactions_rollup(&self, url: &str, reactions: &[ReactionObj]) -> Value {
        let mut v = json!({"url": url, "total_count": reactions.len()});
        let obj = v.as_object_mut().expect("object");
        for r in REACTIONS {
            let n = reactions.iter().filter(|x| x.content == r).count();
            obj.insert(r.to_string(), json!(n));
        }
        v
    }

    fn comment_html_url(&self, repo: &Repo, number: u64, id: u64) -> String {
        let kind = match repo.issues.get(&number) {
            Some(i) if i.pr.is_some() => "pull",
            _ => "issues",
        };
        format!("{WEB}/{}/{kind}/{number}#issuecomment-{id}", repo.full_name)
    }

    fn comment_json(&self, c: &CommentObj) -> Value {
        let repo = self.repo(&c.repo);
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let url = format!("{u}/issues/comments/{}", c.id);
        let performed_via = if c.author == BOT_LOGIN {
            self.app_json()
        } else {
            Value::Null
        };
        json!({
            "url": url,
            "html_url": self.comment_html_url(repo, c.number, c.id),
            "issue_url": format!("{u}/issues/{}", c.number),
            "id": c.id,
            "node_id": node_id("IssueComment", &c.id.to_string()),
            "user": self.user_json(&c.author),
            "created_at": c.created_at,
            "updated_at": c.updated_at,
            "author_association": self.author_association(repo, &c.author),
            "body": c.body,
            "reactions": self.reactions_rollup(&format!("{url}/reactions"), &c.reactions),
            "performed_via_github_app": performed_via,
        })
    }

    fn review_json(&self, r: &ReviewObj) -> Value {
        let repo = self.repo(&r.repo);
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let html = format!(
            "{WEB}/{}/pull/{}#pullrequestreview-{}",
            repo.full_name, r.number, r.id
        );
        let mut v = json!({
            "id": r.id,
            "node_id": node_id("PullRequestReview", &r.id.to_string()),
            "user": self.user_json(&r.author),
            "body": r.body,
            "state": r.state,
            "html_url": html,
            "pull_request_url": format!("{u}/pulls/{}", r.number),
            "_links": {"html": {"href": html}, "pull_request": {"href": format!("{u}/pulls/{}", r.number)}},
            "commit_id": r.commit_id,
            "author_association": self.author_association(repo, &r.author),
        });
        if r.state != "PENDING" {
            v["submitted_at"] = json!(r.submitted_at);
        }
        v
    }

    fn review_comment_json(&self, c: &ReviewCommentObj) -> Value {
        let repo = self.repo(&c.repo);
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let html = format!(
            "{WEB}/{}/pull/{}#discussion_r{}",
            repo.full_name, c.number, c.id
        );
        json!({
            "url": format!("{u}/pulls/comments/{}", c.id),
            "pull_request_review_id": c.review_id,
            "id": c.id,
            "node_id": node_id("PullRequestReviewComment", &c.id.to_string()),
            "diff_hunk": c.diff_hunk,
            "path": c.path,
            "commit_id": c.commit_id,
            "original_commit_id": c.commit_id,
            "user": self.user_json(&c.author),
            "body": c.body,
            "created_at": c.created_at,
            "updated_at": c.created_at,
            "html_url": html,
            "pull_request_url": format!("{u}/pulls/{}", c.number),
            "author_association": self.author_association(repo, &c.author),
            "_links": {"self": {"href": format!("{u}/pulls/comments/{}", c.id)}, "html": {"href": html}},
            "start_line": c.start_line,
            "original_start_line": c.start_line,
            "start_side": c.start_line.map(|_| c.side.clone()),
            "line": c.line,
            "original_line": c.line,
            "side": c.side,
        })
    }

    fn reaction_json(&self, r: &ReactionObj) -> Value {
        json!({
            "id": r.id,
            "node_id": node_id("Reaction", &r.id.to_string()),
            "user": self.user_json(&r.user),
            "content": r.content,
            "created_at": r.created_at,
        })
    }

    fn issue_json(&self, repo: &Repo, issue: &IssueObj) -> Value {
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let n = issue.number;
        let comments = self
            .comments
            .values()
            .filter(|c| c.repo == repo.full_name && c.number == n)
            .count();
        let kind = if issue.pr.is_some() { "pull" } else { "issues" };
        let mut v = json!({
            "url": format!("{u}/issues/{n}"),
            "repository_url": u,
            "labels_url": format!("{u}/issues/{n}/labels{{/name}}"),
            "comments_url": format!("{u}/issues/{n}/comments"),
            "events_url": format!("{u}/issues/{n}/events"),
            "html_url": format!("{WEB}/{}/{kind}/{n}", repo.full_name),
            "id": issue.id,
            "node_id": node_id("Issue", &issue.id.to_string()),
            "number": n,
            "title": issue.title,
            "user": self.user_json(&issue.author),
            "labels": [],
            "state": issue.state,
            "locked": false,
            "assignee": null,
            "assignees": [],
            "milestone": null,
            "comments": comments,
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
            "author_association": self.author_association(repo, &issue.author),
            "active_lock_reason": null,
            "body": issue.body,
            "reactions": self.reactions_rollup(&format!("{u}/issues/{n}/reactions"), &[]),
        });
        if let Some(pr) = &issue.pr {
            let obj = v.as_object_mut().expect("object");
            obj.insert("draft".into(), json!(pr.draft));
            obj.insert(
                "pull_request".into(),
                json!({
                    "url": format!("{u}/pulls/{n}"),
                    "html_url": format!("{WEB}/{}/pull/{n}", repo.full_name),
                    "diff_url": format!("{WEB}/{}/pull/{n}.diff", repo.full_name),
                    "patch_url": format!("{WEB}/{}/pull/{n}.patch", repo.full_name),
                    "merged_at": null
                }),
            );
        }
        v
    }

    fn pr_json(&self, repo: &Repo, issue: &IssueObj) -> Value {
        let pr = issue.pr.as_ref().expect("a pull request");
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let n = issue.number;
        let head_sha = self.pr_head_sha(pr);
        let base_sha = self.pr_base_sha(repo, pr);
        let head_repo = self
            .find_repo_key(&pr.head_repo)
            .map(|k| &self.repos[&k])
            .unwrap_or(repo);
        let files = self.pr_diff(repo, pr);
        let additions: usize = files.iter().map(|f| f.additions).sum();
        let deletions: usize = files.iter().map(|f| f.deletions).sum();
        let commits = self.commits_between(&base_sha, &head_sha).len();
        let comments = self
            .comments
            .values()
            .filter(|c| c.repo == repo.full_name && c.number == n)
            .count();
        let head = json!({
            "label": format!("{}:{}", head_repo.owner, pr.head_ref),
            "ref": pr.head_ref,
            "sha": head_sha,
            "user": self.user_json(&head_repo.owner),
            "repo": self.repo_json(head_repo, false),
        });
        let base = json!({
            "label": format!("{}:{}", repo.owner, pr.base_ref),
            "ref": pr.base_ref,
            "sha": base_sha,
            "user": self.user_json(&repo.owner),
            "repo": self.repo_json(repo, false),
        });
        let html = format!("{WEB}/{}/pull/{n}", repo.full_name);
        let mut links = serde_json::Map::new();
        for (k, href) in [
            ("self", format!("{u}/pulls/{n}")),
            ("html", html.clone()),
            ("issue", format!("{u}/issues/{n}")),
            ("comments", format!("{u}/issues/{n}/comments")),
            ("review_comments", format!("{u}/pulls/{n}/comments")),
            ("review_comment", format!("{u}/pulls/comments{{/number}}")),
            ("commits", format!("{u}/pulls/{n}/commits")),
            ("statuses", format!("{u}/statuses/{head_sha}")),
        ] {
            links.insert(k.to_string(), json!({ "href": href }));
        }
        let mut v = json!({
            "url": format!("{u}/pulls/{n}"),
            "id": issue.id,
            "node_id": node_id("PullRequest", &issue.id.to_string()),
            "html_url": html,
            "diff_url": format!("{html}.diff"),
            "patch_url": format!("{html}.patch"),
            "issue_url": format!("{u}/issues/{n}"),
            "commits_url": format!("{u}/pulls/{n}/commits"),
            "review_comments_url": format!("{u}/pulls/{n}/comments"),
            "review_comment_url": format!("{u}/pulls/comments{{/number}}"),
            "comments_url": format!("{u}/issues/{n}/comments"),
            "statuses_url": format!("{u}/statuses/{head_sha}"),
            "number": n,
            "state": issue.state,
            "locked": false,
            "title": issue.title,
            "user": self.user_json(&issue.author),
            "body": issue.body,
            "labels": [],
            "milestone": null,
            "active_lock_reason": null,
            "created_at": issue.created_at,
            "updated_at": issue.updated_at,
            "closed_at": issue.closed_at,
        });
        let rest = json!({
            "merged_at": pr.merged_at,
            "merge_commit_sha": pr.merge_commit,
            "assignee": null,
            "assignees": [],
            "requested_reviewers": [],
            "requested_teams": [],
            "head": head,
            "base": base,
            "_links": Value::Object(links),
            "author_association": self.author_association(repo, &issue.author),
            "auto_merge": null,
            "draft": pr.draft,
            "merged": pr.merged_at.is_some(),
            "mergeable": pr.merged_at.is_none(),
            "rebaseable": true,
            "mergeable_state": "clean",
            "merged_by": null,
            "comments": comments,
            "review_comments": 0,
            "maintainer_can_modify": false,
            "commits": commits,
            "additions": additions,
            "deletions": deletions,
            "changed_files": files.len(),
        });
        let obj = v.as_object_mut().expect("object");
        for (k, x) in rest.as_object().expect("object") {
            obj.insert(k.clone(), x.clone());
        }
        v
    }

    fn git_commit_json(&self, repo: &Repo, c: &CommitObj) -> Value {
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let parents: Vec<Value> = c
            .parents
            .iter()
            .map(|p| {
                json!({
                    "url": format!("{u}/git/commits/{p}"),
                    "sha": p,
                    "html_url": format!("{WEB}/{}/commit/{p}", repo.full_name),
                })
            })
            .collect();
        json!({
            "sha": c.sha,
            "node_id": node_id("Commit", &c.sha),
            "url": format!("{u}/git/commits/{}", c.sha),
            "author": {"date": c.date, "name": c.author_name, "email": c.author_email},
            "committer": {"date": c.date, "name": c.author_name, "email": c.author_email},
            "message": c.message,
            "tree": {"url": format!("{u}/git/trees/{}", c.tree), "sha": c.tree},
            "parents": parents,
            "verification": {
                "verified": false, "reason": "unsigned", "signature": null,
                "payload": null, "verified_at": null
            },
            "html_url": format!("{WEB}/{}/commit/{}", repo.full_name, c.sha),
        })
    }

    fn commit_item_json(&self, repo: &Repo, c: &CommitObj) -> Value {
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let user = c
            .author_login
            .as_deref()
            .map(|l| self.user_json(l))
            .unwrap_or(Value::Null);
        let parents: Vec<Value> = c
            .parents
            .iter()
            .map(|p| {
                json!({
                    "url": format!("{u}/commits/{p}"),
                    "sha": p,
                    "html_url": format!("{WEB}/{}/commit/{p}", repo.full_name),
                })
            })
            .collect();
        json!({
            "url": format!("{u}/commits/{}", c.sha),
            "sha": c.sha,
            "node_id": node_id("Commit", &c.sha),
            "html_url": format!("{WEB}/{}/commit/{}", repo.full_name, c.sha),
            "comments_url": format!("{u}/commits/{}/comments", c.sha),
            "commit": {
                "url": format!("{u}/git/commits/{}", c.sha),
                "author": {"name": c.author_name, "email": c.author_email, "date": c.date},
                "committer": {"name": c.author_name, "email": c.author_email, "date": c.date},
                "message": c.message,
                "tree": {"url": format!("{u}/git/trees/{}", c.tree), "sha": c.tree},
                "comment_count": 0,
                "verification": {
                    "verified": false, "reason": "unsigned", "signature": null,
                    "payload": null, "verified_at": null
                }
            },
            "author": user.clone(),
            "committer": user,
            "parents": parents,
        })
    }

    fn ref_json(&self, repo: &Repo, branch: &str, sha: &str) -> Value {
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        json!({
            "ref": format!("refs/heads/{branch}"),
            "node_id": node_id("Ref", &format!("{}:refs/heads/{branch}", repo.full_name)),
            "url": format!("{u}/git/refs/heads/{branch}"),
            "object": {"type": "commit", "sha": sha, "url": format!("{u}/git/commits/{sha}")},
        })
    }

    fn tree_json(&self, repo: &Repo, sha: &str, snapshot: &Snapshot, recursive: bool) -> Value {
        let u = format!("{}/repos/{}", self.api(), repo.full_name);
        let blob_entry = |path: &str, content: &str| {
            let bs = blob_sha(content);
            json!({
                "path": path, "mode": "100644", "type": "blob", "sha": bs,
                "size": content.len(), "url": format!("{u}/git/blobs/{bs}"),
            })
        };
        let tree_entry = |path: &str, sub: &Snapshot| {
            let ts = tree_sha(sub);
            json!({
                "path": path, "mode": "040000", "type": "tree", "sha": ts,
                "url": format!("{u}/git/trees/{ts}"),
            })
        };
        let mut entries: Vec<(String, Value)> = Vec::new();
        let dirs = directories(snapshot);
        if recursive {
            for (path, content) in snapshot {
                entries.push((path.clone(), blob_entry(path, content)));
            }
            for dir in &dirs {
                entries.push((dir.clone(), tree_entry(dir, &subtree(snapshot, dir))));
            }
        } else {
            for (path, content) in snapshot {
                if !path.contains('/') {
                    entries.push((path.clone(), blob_entry(path, content)));
                }
            }
            for dir in dirs.iter().filter(|d| !d.contains('/')) {
                entries.push((dir.clone(), tree_entry(dir, &subtree(snapshot, dir))));
            }
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        json!({
            "sha": sha,
            "url": format!("{u}/git/trees/{sha}"),
            "tree": entries.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            "truncated": false,
        })
    }

    fn app_json(&self) -> Value {
        json!({
            "id": APP_ID,
            "slug": APP_SLUG,
            "client_id": "Iv1.fakeminibot00000",
            "node_id": node_id("Integration", &APP_ID.to_string()),
            "owner": self.user_json("minibot-dev"),
            "name": "minibot",
            "description": "Fake minibot App",
            "external_url": "https://example.com/minibot",
            "html_url": format!("{WEB}/apps/{APP_SLUG}"),
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "permissions": {
                "contents": "write", "pull_requests": "write",
                "issues": "write", "metadata": "read"
            },
            "events": ["issue_comment", "pull_request", "push"],
            "installations_count": 1,
        })
    }

    fn installation_json(&self) -> Value {
        let api = self.api();
        json!({
            "id": INSTALLATION_ID,
            "account": self.user_json("minibot-dev"),
            "repository_selection": "all",
            "access_tokens_url": format!("{api}/app/installations/{INSTALLATION_ID}/access_tokens"),
            "repositories_url": format!("{api}/installation/repositories"),
            "html_url": format!("{WEB}/settings/installations/{INSTALLATION_ID}"),
            "app_id": APP_ID,
            "client_id": "Iv1.fakeminibot00000",
            "target_id": user_id_for("minibot-dev"),
            "target_type": "User",
            "permissions": {
                "contents": "write", "pull_requests": "write",
                "issues": "write", "metadata": "read"
            },
            "events": ["issue_comment", "pull_request", "push"],
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
            "single_file_name": null,
            "has_multiple_single_files": false,
            "single_file_paths": [],
            "app_slug": APP_SLUG,
            "suspended_at": null,
            "suspended_by": null,
        })
    }

    fn pr_diff(&self, repo: &Repo, pr: &PrData) -> Vec<FileDiff> {
        let head = self.pr_head_sha(pr);
        let base_tip = self.pr_base_sha(repo, pr);
        let base = self.merge_base(&base_tip, &head).unwrap_or(base_tip);
        diff_snapshots(&self.snapshot_of(&base), &self.snapshot_of(&head))
    }
}

// ---------------------------------------------------------------------------------------------
// Diffs
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct FileDiff {
    filename: String,
    previous_filename: Option<String>,
    status: &'static str,
    additions: usize,
    deletions: usize,
    patch: Option<String>,
    sha: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Op {
    Eq,
    Del,
    Ins,
}

fn diff_snapshots(old: &Snapshot, new: &Snapshot) -> Vec<FileDiff> {
    let mut removed: Vec<&String> = old.keys().filter(|p| !new.contains_key(*p)).collect();
    let mut out = Vec::new();
    let mut renamed_from: HashMap<&String, &String> = HashMap::new();
    for path in new.keys().filter(|p| !old.contains_key(*p)) {
        if let Some(pos) = removed.iter().position(|r| old[*r] == new[path]) {
            renamed_from.insert(path, removed.remove(pos));
        }
    }
    let mut paths: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for from in renamed_from.values() {
        paths.remove(*from);
    }
    for path in paths {
        let entry = match (old.get(path), new.get(path)) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => file_diff(path, "modified", a, b),
            (None, Some(b)) => match renamed_from.get(path) {
                Some(from) => FileDiff {
                    filename: path.clone(),
                    previous_filename: Some((*from).clone()),
                    status: "renamed",
                    additions: 0,
                    deletions: 0,
                    patch: None,
                    sha: blob_sha(b),
                },
                None => file_diff(path, "added", "", b),
            },
            (Some(a), None) => {
                let mut d = file_diff(path, "removed", a, "");
                d.sha = blob_sha(a);
                d
            }
            (None, None) => continue,
        };
        out.push(entry);
    }
    out
}

fn file_diff(path: &str, status: &'static str, old: &str, new: &str) -> FileDiff {
    let (patch, additions, deletions) = unified_patch(old, new);
    FileDiff {
        filename: path.to_string(),
        previous_filename: None,
        status,
        additions,
        deletions,
        patch: Some(patch),
        sha: blob_sha(new),
    }
}

fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let am = &a[prefix..a.len() - suffix];
    let bm = &b[prefix..b.len() - suffix];
    let mut ops = vec![Op::Eq; prefix];
    if am.len().saturating_mul(bm.len()) > 4_000_000 {
        ops.extend(std::iter::repeat_n(Op::Del, am.len()));
        ops.extend(std::iter::repeat_n(Op::Ins, bm.len()));
    } else {
        // LCS table over the middle part.
        let (n, m) = (am.len(), bm.len());
        let mut t = vec![0u32; (n + 1) * (m + 1)];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                t[i * (m + 1) + j] = if am[i] == bm[j] {
                    t[(i + 1) * (m + 1) + j + 1] + 1
                } else {
                    t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if am[i] == bm[j] {
                ops.push(Op::Eq);
                i += 1;
                j += 1;
            } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
                ops.push(Op::Del);
                i += 1;
            } else {
                ops.push(Op::Ins);
                j += 1;
            }
        }
        ops.extend(std::iter::repeat_n(Op::Del, n - i));
        ops.extend(std::iter::repeat_n(Op::Ins, m - j));
    }
    ops.extend(std::iter::repeat_n(Op::Eq, suffix));
    ops
}

fn hunk_range(start: usize, count: usize) -> String {
    match count {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{count}", start + 1),
    }
}

/// A git-style unified patch without file headers (like GitHub's `patch` field), with three
/// lines of context, `\ No newline at end of file` markers, and git's range format
/// (`@@ -3,7 +3,8 @@`, the count left out when it is 1, `-0,0` for an empty side).
/// Returns (patch, additions, deletions).
fn unified_patch(old: &str, new: &str) -> (String, usize, usize) {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    // Position (old index, new index) before each op.
    let mut pos = Vec::with_capacity(ops.len() + 1);
    let (mut oi, mut ni) = (0usize, 0usize);
    for op in &ops {
        pos.push((oi, ni));
        match op {
            Op::Eq => {
                oi += 1;
                ni += 1;
            }
            Op::Del => oi += 1,
            Op::Ins => ni += 1,
        }
    }
    pos.push((oi, ni));
    let mut out: Vec<String> = Vec::new();
    let (mut additions, mut deletions) = (0, 0);
    let mut i = 0;
    while i < ops.len() {
        if ops[i] == Op::Eq {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(CONTEXT_LINES);
        let mut last_change = i;
        let mut j = i;
        while j < ops.len() {
            if ops[j] != Op::Eq {
                last_change = j;
            } else if j - last_change > 2 * CONTEXT_LINES {
                break;
            }
            j += 1;
        }
        let end = (last_change + CONTEXT_LINES + 1).min(ops.len());
        let (os, ns) = pos[start];
        let (oe, ne) = pos[end];
        out.push(format!(
            "@@ -{} +{} @@",
            hunk_range(os, oe - os),
            hunk_range(ns, ne - ns)
        ));
        for k in start..end {
            let (prefix, line) = match ops[k] {
                Op::Eq => (' ', a[pos[k].0]),
                Op::Del => {
                    deletions += 1;
                    ('-', a[pos[k].0])
                }
                Op::Ins => {
                    additions += 1;
                    ('+', b[pos[k].1])
                }
            };
            match line.strip_suffix('\n') {
                Some(text) => out.push(format!("{prefix}{text}")),
                None => {
                    out.push(format!("{prefix}{line}"));
                    out.push("\\ No newline at end of file".to_string());
                }
            }
        }
        i = end;
    }
    (out.join("\n"), additions, deletions)
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------------------------

struct Reply {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn json(status: u16, body: Value) -> Reply {
        Reply {
            status,
            body: Some(body),
            headers: Vec::new(),
        }
    }

    fn empty(status: u16) -> Reply {
        Reply {
            status,
            body: None,
            headers: Vec::new(),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply::json(
            status,
            json!({"message": message, "documentation_url": DOCS_URL, "status": status.to_string()}),
        )
    }

    fn not_found() -> Reply {
        Reply::error(404, "Not Found")
    }

    fn validation(message: &str, errors: Value) -> Reply {
        Reply::json(
            422,
            json!({
                "message": message,
                "errors": errors,
                "documentation_url": DOCS_URL,
                "status": "422"
            }),
        )
    }
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

struct Query {
    raw: String,
    pairs: Vec<(String, String)>,
}

impl Query {
    fn parse(raw: &str) -> Query {
        let pairs = raw
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k, true), percent_decode(v, true))
            })
            .collect();
        Query {
            raw: raw.to_string(),
            pairs,
        }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn has(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }
}

struct Req<'a> {
    method: &'a str,
    raw_path: &'a str,
    segs: Vec<String>,
    query: Query,
    body: Value,
}

/// Answers one page of `items`, with GitHub's `Link` header when there are other pages.
fn paginate(base_url: &str, req: &Req<'_>, items: Vec<Value>) -> Reply {
    let per_page = req
        .query
        .get("per_page")
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or(30)
        .min(100);
    let page = req
        .query
        .get("page")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let total = items.len();
    let last = total.div_ceil(per_page).max(1);
    let slice: Vec<Value> = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut reply = Reply::json(200, Value::Array(slice));
    let kept: Vec<&str> = req
        .query
        .raw
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page=") && *p != "page")
        .collect();
    let link_to = |p: usize| {
        let mut q = kept.clone();
        let page_param = format!("page={p}");
        q.push(&page_param);
        format!("<{base_url}{}?{}>", req.raw_path, q.join("&"))
    };
    let mut links = Vec::new();
    if page < last {
        links.push(format!("{}; rel=\"next\"", link_to(page + 1)));
        links.push(format!("{}; rel=\"last\"", link_to(last)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"prev\"", link_to(page - 1)));
        links.push(format!("{}; rel=\"first\"", link_to(1)));
    }
    if !links.is_empty() {
        reply.headers.push(("link".into(), links.join(", ")));
    }
    reply
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthKind {
    Jwt,
    Token,
}

fn bearer(headers: &HeaderMap) -> Option<(String, String)> {
    let value = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, cred) = value.split_once(' ')?;
    Some((scheme.to_ascii_lowercase(), cred.trim().to_string()))
}

fn looks_like_jwt(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| !p.is_empty())
}

type Shared = Arc<Mutex<World>>;

fn lock(shared: &Shared) -> MutexGuard<'_, World> {
    shared.lock().unwrap_or_else(|e| e.into_inner())
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    serve(&shared, &method, &uri, &headers, &body)
}

fn serve(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response {
    let mut w = lock(shared);
    let raw_path = uri.path();
    // Attachments are served from the web host, not the API: no token needed.
    if method == Method::GET
        && let Some(id) = raw_path.strip_prefix("/user-attachments/assets/")
    {
        return match w.attachments.get(id) {
            Some((content_type, bytes)) => Response::builder()
                .status(StatusCode::OK)
                .header("content-type", content_type.as_str())
                .body(Body::from(bytes.clone()))
                .expect("valid response"),
            None => Response::builder()
                .status(StatusCode::NOT_FOUND)
                .body(Body::empty())
                .expect("valid response"),
        };
    }
    let segs: Vec<String> = raw_path
        .trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let path = format!("/{}", segs.join("/"));
    let query_raw = uri.query().unwrap_or("");
    let had_auth = headers
        .get("authorization")
        .is_some_and(|v| !v.as_bytes().is_empty());
    let body_text = String::from_utf8_lossy(body).into_owned();
    let index = w.requests.len();
    w.requests.push(RecordedRequest {
        method: method.as_str().to_string(),
        path: path.clone(),
        query: query_raw.to_string(),
        had_auth,
        status: 0,
        body: body_text.clone(),
    });
    w.api_calls += 1;

    let reply = (|| {
        let auth = match segs.first().map(String::as_str) {
            Some("app") => AuthKind::Jwt,
            Some("repos") if segs.len() == 4 && segs[3] == "installation" => AuthKind::Jwt,
            _ => AuthKind::Token,
        };
        let ok = match (auth, bearer(headers)) {
            (AuthKind::Jwt, Some((scheme, cred))) => scheme == "bearer" && looks_like_jwt(&cred),
            (AuthKind::Token, Some((scheme, cred))) => {
                (scheme == "bearer" || scheme == "token") && w.tokens.contains(&cred)
            }
            _ => false,
        };
        if !ok {
            return if auth == AuthKind::Jwt && had_auth {
                Reply::error(401, "A JSON web token could not be decoded")
            } else {
                Reply::error(401, "Bad credentials")
            };
        }
        if let Some(rule) = w.fail_rules.iter_mut().find(|r| {
            r.remaining > 0
                && (r.method == "*"
                    || r.method.is_empty()
                    || r.method.eq_ignore_ascii_case(method.as_str()))
                && path.contains(&r.path_contains)
        }) {
            rule.remaining -= 1;
            let message = match rule.status {
                403 | 429 => {
                    format!("API rate limit exceeded for installation ID {INSTALLATION_ID}.")
                }
                404 => "Not Found".to_string(),
                500 => "Server Error".to_string(),
                502 => "Bad Gateway".to_string(),
                503 => "Service Unavailable".to_string(),
                _ => "Fake failure".to_string(),
            };
            let mut reply = Reply::error(rule.status, &message);
            reply.headers = rule.headers.clone();
            return reply;
        }
        let body_json = if body.is_empty() {
            Value::Null
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(v) => v,
                Err(_) => return Reply::error(400, "Problems parsing JSON"),
            }
        };
        let req = Req {
            method: method.as_str(),
            raw_path,
            segs: segs.clone(),
            query: Query::parse(query_raw),
            body: body_json,
        };
        route(&mut w, &req)
    })();

    w.requests[index].status = reply.status;
    let used = w.api_calls;
    let reset = chrono::Utc::now().timestamp() + 3600;
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
    let mut hm = HeaderMap::new();
    let defaults = [
        ("x-ratelimit-limit", "5000".to_string()),
        (
            "x-ratelimit-remaining",
            5000u64.saturating_sub(used).to_string(),
        ),
        ("x-ratelimit-used", used.to_string()),
        ("x-ratelimit-reset", reset.to_string()),
        ("x-ratelimit-resource", "core".to_string()),
        ("x-github-api-version-selected", "2022-11-28".to_string()),
        (
            "x-github-request-id",
            uuid::Uuid::new_v4().simple().to_string().to_uppercase(),
        ),
    ];
    for (k, v) in defaults {
        if let Ok(v) = HeaderValue::from_str(&v) {
            hm.insert(HeaderName::from_static(k), v);
        }
    }
    for (k, v) in &reply.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()),
            HeaderValue::from_str(v),
        ) {
            hm.insert(name, value);
        }
    }
    let body = match &reply.body {
        Some(v) => {
            hm.insert(
                HeaderName::from_static("content-type"),
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            Body::from(serde_json::to_vec(v).expect("serializable"))
        }
        None => Body::empty(),
    };
    if let Some(h) = builder.headers_mut() {
        h.extend(hm);
    }
    builder.body(body).expect("valid response")
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

fn route(w: &mut World, req: &Req<'_>) -> Reply {
    let s: Vec<&str> = req.segs.iter().map(String::as_str).collect();
    match (req.method, s.as_slice()) {
        ("GET", ["app"]) => Reply::json(200, w.app_json()),
        ("GET", ["app", "installations"]) => Reply::json(200, json!([w.installation_json()])),
        ("GET", ["app", "installations", id]) if *id == INSTALLATION_ID.to_string() => {
            Reply::json(200, w.installation_json())
        }
        ("POST", ["app", "installations", id, "access_tokens"]) => {
            if *id != INSTALLATION_ID.to_string() {
                return Reply::not_found();
            }
            let token = format!("ghs_{}", uuid::Uuid::new_v4().simple());
            w.tokens.insert(token.clone());
            let expires = (chrono::Utc::now() + chrono::Duration::hours(1))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string();
            Reply::json(
                201,
                json!({
                    "token": token,
                    "expires_at": expires,
                    "permissions": {
                        "contents": "write", "pull_requests": "write",
                        "issues": "write", "metadata": "read"
                    },
                    "repository_selection": "all",
                }),
            )
        }
        ("GET", ["installation", "repositories"]) => {
            let repos: Vec<Value> = w
                .repos
                .values()
                .filter(|r| !w.uninstalled.contains(&r.full_name))
                .map(|r| w.repo_json(r, false))
                .collect();
            let total = repos.len();
            let mut reply = paginate(&w.base_url, req, repos);
            let page = reply.body.take().unwrap_or(Value::Null);
            reply.body = Some(json!({
                "total_count": total,
                "repository_selection": "all",
                "repositories": page,
            }));
            reply
        }
        ("GET", ["rate_limit"]) => {
            let used = w.api_calls;
            let reset = chrono::Utc::now().timestamp() + 3600;
            let core = json!({"limit": 5000, "used": used, "remaining": 5000u64.saturating_sub(used), "reset": reset});
            Reply::json(
                200,
                json!({"resources": {"core": core.clone()}, "rate": core}),
            )
        }
        (_, ["repos", owner, name, rest @ ..]) => {
            let Some(key) = w.find_repo_key(&format!("{owner}/{name}")) else {
                return Reply::not_found();
            };
            repo_route(w, req, &key, rest)
        }
        _ => Reply::not_found(),
    }
}

fn parse_u64(s: &str) -> Option<u64> {
    s.parse().ok()
}

fn repo_route(w: &mut World, req: &Req<'_>, key: &str, rest: &[&str]) -> Reply {
    // GitHub accepts POST wherever it accepts PATCH (octocrab's `update_comment` relies on it).
    let method = match (req.method, rest) {
        ("POST", ["issues", "comments", _] | ["pulls", _] | ["git", "refs", "heads", _, ..]) => {
            "PATCH"
        }
        (m, _) => m,
    };
    match (method, rest) {
        ("GET", []) => Reply::json(200, w.repo_json(&w.repos[key], true)),
        ("GET", ["installation"]) => Reply::json(200, w.installation_json()),
        ("GET", ["pulls"]) => list_pulls(w, req, key),
        ("POST", ["pulls"]) => create_pull(w, req, key),
        ("GET", ["pulls", n]) => match pull_issue(w, key, n) {
            Some(issue) => Reply::json(200, w.pr_json(&w.repos[key], &issue)),
            None => Reply::not_found(),
        },
        ("PATCH", ["pulls", n]) => update_pull(w, req, key, n),
        ("GET", ["pulls", n, "files"]) => pull_files(w, req, key, n),
        ("GET", ["pulls", n, "commits"]) => pull_commits(w, req, key, n),
        ("GET", ["compare", basehead]) => compare(w, key, basehead),
        ("POST", ["pulls", n, "reviews"]) => create_review(w, req, key, n),
        ("GET", ["pulls", n, "reviews"]) => {
            let Some(issue) = pull_issue(w, key, n) else {
                return Reply::not_found();
            };
            let items = w
                .reviews
                .values()
                .filter(|r| r.repo == key && r.number == issue.number)
                .map(|r| w.review_json(r))
                .collect();
            paginate(&w.base_url, req, items)
        }
        ("GET", ["pulls", n, "comments"]) => {
            let Some(issue) = pull_issue(w, key, n) else {
                return Reply::not_found();
            };
            let items = w
                .review_comments
                .values()
                .filter(|c| c.repo == key && c.number == issue.number)
                .map(|c| w.review_comment_json(c))
                .collect();
            paginate(&w.base_url, req, items)
        }
        ("GET", ["issues", "comments", id]) => match find_comment(w, key, id) {
            Some(c) => Reply::json(200, w.comment_json(&c)),
            None => Reply::not_found(),
        },
        ("PATCH", ["issues", "comments", id]) => update_comment(w, req, key, id),
        ("DELETE", ["issues", "comments", id]) => match find_comment(w, key, id) {
            Some(c) => {
                w.comments.remove(&c.id);
                Reply::empty(204)
            }
            None => Reply::not_found(),
        },
        ("GET", ["issues", "comments", id, "reactions"]) => match find_comment(w, key, id) {
            Some(c) => {
                let items = c.reactions.iter().map(|r| w.reaction_json(r)).collect();
                paginate(&w.base_url, req, items)
            }
            None => Reply::not_found(),
        },
        ("POST", ["issues", "comments", id, "reactions"]) => create_reaction(w, req, key, id),
        ("GET", ["issues", n]) => {
            let repo = &w.repos[key];
            match parse_u64(n).and_then(|n| repo.issues.get(&n)) {
                Some(issue) => Reply::json(200, w.issue_json(repo, issue)),
                None => Reply::not_found(),
            }
        }
        ("GET", ["issues", n, "comments"]) => {
            let Some(n) = parse_u64(n).filter(|n| w.repos[key].issues.contains_key(n)) else {
                return Reply::not_found();
            };
            let items: Vec<Value> = w
                .comments
                .values()
                .filter(|c| c.repo == key && c.number == n)
                .map(|c| w.comment_json(c))
                .collect();
            paginate(&w.base_url, req, items)
        }
        ("POST", ["issues", n, "comments"]) => create_comment(w, req, key, n),
        ("GET", ["collaborators", user, "permission"]) => {
            let repo = &w.repos[key];
            let perm = repo
                .permissions
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(user))
                .map(|(l, p)| (l.clone(), p.clone()));
            match perm {
                Some((login, permission)) => {
                    let mut user = w.user_json(&login);
                    let p = permission.as_str();
                    user["permissions"] = json!({
                        "admin": p == "admin",
                        "maintain": p == "admin",
                        "push": p == "admin" || p == "write",
                        "triage": p != "none",
                        "pull": p != "none",
                    });
                    user["role_name"] = json!(permission);
                    Reply::json(
                        200,
                        json!({"permission": permission, "role_name": permission, "user": user}),
                    )
                }
                None => Reply::not_found(),
            }
        }
        ("GET", ["contents", path @ ..]) => get_contents(w, req, key, &path.join("/")),
        ("GET", ["git", "trees", sha]) => {
            let repo = &w.repos[key];
            let found = if let Some(t) = w.trees.get(*sha) {
                Some(((*sha).to_string(), t.clone()))
            } else {
                w.resolve_commit(repo, sha).map(|c| {
                    let tree = w.commits[&c].tree.clone();
                    let snap = w.trees.get(&tree).cloned().unwrap_or_default();
                    (tree, snap)
                })
            };
            match found {
                Some((tsha, snap)) => Reply::json(
                    200,
                    w.tree_json(repo, &tsha, &snap, req.query.has("recursive")),
                ),
                None => Reply::not_found(),
            }
        }
        ("POST", ["git", "trees"]) => create_tree(w, req, key),
        ("GET", ["git", "ref" | "refs", "heads", branch @ ..]) if !branch.is_empty() => {
            let branch = branch.join("/");
            let repo = &w.repos[key];
            match repo.branches.get(&branch) {
                Some(sha) => Reply::json(200, w.ref_json(repo, &branch, sha)),
                None => Reply::not_found(),
            }
        }
        ("GET", ["git", "matching-refs", "heads", prefix @ ..]) => {
            let prefix = prefix.join("/");
            let repo = &w.repos[key];
            let items: Vec<Value> = repo
                .branches
                .iter()
                .filter(|(b, _)| b.starts_with(&prefix))
                .map(|(b, s)| w.ref_json(repo, b, s))
                .collect();
            Reply::json(200, Value::Array(items))
        }
        ("POST", ["git", "refs"]) => create_ref(w, req, key),
        ("PATCH", ["git", "refs", "heads", branch @ ..]) if !branch.is_empty() => {
            update_ref(w, req, key, &branch.join("/"))
        }
        ("DELETE", ["git", "refs", "heads", branch @ ..]) if !branch.is_empty() => {
            let branch = branch.join("/");
            match w
                .repos
                .get_mut(key)
                .and_then(|r| r.branches.remove(&branch))
            {
                Some(_) => Reply::empty(204),
                None => Reply::error(422, "Reference does not exist"),
            }
        }
        ("GET", ["git", "commits", sha]) => match w.commits.get(*sha) {
            Some(c) => Reply::json(200, w.git_commit_json(&w.repos[key], c)),
            None => Reply::not_found(),
        },
        ("POST", ["git", "commits"]) => create_commit(w, req, key),
        ("GET", ["git", "blobs", sha]) => match w.blobs.get(*sha) {
            Some(content) => {
                let u = format!("{}/repos/{key}/git/blobs/{sha}", w.base_url);
                Reply::json(
                    200,
                    json!({
                        "content": github_base64(content),
                        "encoding": "base64",
                        "url": u,
                        "sha": sha,
                        "size": content.len(),
                        "node_id": node_id("Blob", sha),
                    }),
                )
            }
            None => Reply::not_found(),
        },
        ("POST", ["git", "blobs"]) => {
            let Some(content) = req.body.get("content").and_then(Value::as_str) else {
                return Reply::validation(
                    "Invalid request.",
                    json!([{"resource": "Blob", "field": "content", "code": "missing_field"}]),
                );
            };
            let text = match req.body.get("encoding").and_then(Value::as_str) {
                Some("base64") => {
                    let clean: String = content.split_whitespace().collect();
                    match base64::engine::general_purpose::STANDARD.decode(clean) {
                        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
                        Err(_) => return Reply::error(422, "Invalid base64 content"),
                    }
                }
                _ => content.to_string(),
            };
            let sha = blob_sha(&text);
            w.blobs.insert(sha.clone(), text);
            Reply::json(
                201,
                json!({"url": format!("{}/repos/{key}/git/blobs/{sha}", w.base_url), "sha": sha}),
            )
        }
        _ => Reply::not_found(),
    }
}

fn pull_issue(w: &World, key: &str, n: &str) -> Option<IssueObj> {
    let n = parse_u64(n)?;
    w.repos[key]
        .issues
        .get(&n)
        .filter(|i| i.pr.is_some())
        .cloned()
}

fn find_comment(w: &World, key: &str, id: &str) -> Option<CommentObj> {
    let id = parse_u64(id)?;
    w.comments.get(&id).filter(|c| c.repo == key).cloned()
}

fn list_pulls(w: &World, req: &Req<'_>, key: &str) -> Reply {
    let repo = &w.repos[key];
    let state = req.query.get("state").unwrap_or("open");
    if !matches!(state, "open" | "closed" | "all") {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "field": "state", "code": "invalid"}]),
        );
    }
    let head = req.query.get("head");
    let base = req.query.get("base");
    let mut items: Vec<&IssueObj> = repo
        .issues
        .values()
        .filter(|i| i.pr.is_some())
        .filter(|i| state == "all" || i.state == state)
        .filter(|i| {
            let pr = i.pr.as_ref().expect("pr");
            let head_ok = match head {
                None => true,
                Some(h) => {
                    let head_owner = pr.head_repo.split('/').next().unwrap_or("");
                    match h.split_once(':') {
                        Some((o, b)) => o.eq_ignore_ascii_case(head_owner) && b == pr.head_ref,
                        None => h.eq_ignore_ascii_case(head_owner),
                    }
                }
            };
            head_ok && base.is_none_or(|b| b == pr.base_ref)
        })
        .collect();
    if req.query.get("direction") != Some("asc") {
        items.reverse();
    }
    let values = items.into_iter().map(|i| w.pr_json(repo, i)).collect();
    paginate(&w.base_url, req, values)
}

fn create_pull(w: &mut World, req: &Req<'_>, key: &str) -> Reply {
    let b = &req.body;
    let title = b.get("title").and_then(Value::as_str);
    let head = b.get("head").and_then(Value::as_str);
    let base = b.get("base").and_then(Value::as_str);
    let (Some(title), Some(head), Some(base)) = (title, head, base) else {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "code": "missing_field", "field": "head, base or title"}]),
        );
    };
    let body = b.get("body").and_then(Value::as_str).unwrap_or("");
    let draft = b.get("draft").and_then(Value::as_bool).unwrap_or(false);
    let repo = &w.repos[key];
    let (head_repo, head_ref) = match head.split_once(':') {
        Some((owner, branch)) => {
            let candidates: Vec<&Repo> = w
                .repos
                .values()
                .filter(|r| r.owner.eq_ignore_ascii_case(owner))
                .filter(|r| {
                    r.full_name == repo.full_name
                        || r.fork_of.as_deref() == Some(repo.full_name.as_str())
                        || repo.fork_of.as_deref() == Some(r.full_name.as_str())
                })
                .collect();
            match candidates.first() {
                Some(r) => (r.full_name.clone(), branch.to_string()),
                None => {
                    return Reply::validation(
                        "Validation Failed",
                        json!([{"resource": "PullRequest", "field": "head", "code": "invalid"}]),
                    );
                }
            }
        }
        None => (repo.full_name.clone(), head.to_string()),
    };
    if !repo.branches.contains_key(base) {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "field": "base", "code": "invalid"}]),
        );
    }
    let Some(head_sha) = w.repos[&head_repo].branches.get(&head_ref).cloned() else {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "field": "head", "code": "invalid"}]),
        );
    };
    let head_label = format!("{}:{head_ref}", w.repos[&head_repo].owner);
    let exists = repo.issues.values().any(|i| {
        i.state == "open"
            && i.pr.as_ref().is_some_and(|p| {
                p.head_repo == head_repo && p.head_ref == head_ref && p.base_ref == base
            })
    });
    if exists {
        return Reply::validation(
            "Validation Failed",
            json!([{
                "resource": "PullRequest",
                "code": "custom",
                "message": format!("A pull request already exists for {head_label}.")
            }]),
        );
    }
    let base_sha = repo.branches[base].clone();
    if w.ancestors(&base_sha).contains(&head_sha) {
        return Reply::validation(
            "Validation Failed",
            json!([{
                "resource": "PullRequest",
                "code": "custom",
                "message": format!("No commits between {base} and {head_label}")
            }]),
        );
    }
    let number = insert_issue(
        w,
        key,
        BOT_LOGIN,
        title,
        body,
        Some(PrData {
            merged_at: None,
            merge_commit: None,
            head_repo,
            head_ref,
            head_sha,
            base_ref: base.to_string(),
            draft,
        }),
    );
    let repo = &w.repos[key];
    Reply::json(201, w.pr_json(repo, &repo.issues[&number]))
}

fn insert_issue(
    w: &mut World,
    key: &str,
    author: &str,
    title: &str,
    body: &str,
    pr: Option<PrData>,
) -> u64 {
    let id = w.alloc_id();
    let ts = w.now();
    let repo = w.repos.get_mut(key).expect("repo");
    let number = repo.next_number;
    repo.next_number += 1;
    repo.issues.insert(
        number,
        IssueObj {
            id,
            number,
            title: title.to_string(),
            body: body.to_string(),
            author: author.to_string(),
            state: "open".to_string(),
            created_at: ts.clone(),
            updated_at: ts,
            closed_at: None,
            pr,
        },
    );
    number
}

fn update_pull(w: &mut World, req: &Req<'_>, key: &str, n: &str) -> Reply {
    let Some(issue) = pull_issue(w, key, n) else {
        return Reply::not_found();
    };
    let b = &req.body;
    if let Some(state) = b.get("state").and_then(Value::as_str)
        && !matches!(state, "open" | "closed")
    {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "field": "state", "code": "invalid"}]),
        );
    }
    if let Some(base) = b.get("base").and_then(Value::as_str)
        && !w.repos[key].branches.contains_key(base)
    {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "PullRequest", "field": "base", "code": "invalid"}]),
        );
    }
    let ts = w.now();
    let head_sha = w.pr_head_sha(issue.pr.as_ref().expect("pr"));
    let repo = w.repos.get_mut(key).expect("repo");
    let i = repo.issues.get_mut(&issue.number).expect("issue");
    if let Some(t) = b.get("title").and_then(Value::as_str) {
        i.title = t.to_string();
    }
    if let Some(body) = b.get("body").and_then(Value::as_str) {
        i.body = body.to_string();
    }
    if let Some(state) = b.get("state").and_then(Value::as_str) {
        if state == "closed" && i.state != "closed" {
            i.closed_at = Some(ts.clone());
        }
        if state == "open" {
            i.closed_at = None;
        }
        i.state = state.to_string();
    }
    let pr = i.pr.as_mut().expect("pr");
    pr.head_sha = head_sha;
    if let Some(base) = b.get("base").and_then(Value::as_str) {
        pr.base_ref = base.to_string();
    }
    i.updated_at = ts;
    let repo = &w.repos[key];
    Reply::json(200, w.pr_json(repo, &repo.issues[&issue.number]))
}

fn pull_files(w: &World, req: &Req<'_>, key: &str, n: &str) -> Reply {
    let Some(issue) = pull_issue(w, key, n) else {
        return Reply::not_found();
    };
    let repo = &w.repos[key];
    let pr = issue.pr.as_ref().expect("pr");
    let head_sha = w.pr_head_sha(pr);
    let u = format!("{}/repos/{}", w.base_url, repo.full_name);
    let items: Vec<Value> = w
        .pr_diff(repo, pr)
        .into_iter()
        .map(|f| {
            let mut v = json!({
                "sha": f.sha,
                "filename": f.filename,
                "status": f.status,
                "additions": f.additions,
                "deletions": f.deletions,
                "changes": f.additions + f.deletions,
                "blob_url": format!("{WEB}/{}/blob/{head_sha}/{}", repo.full_name, f.filename),
                "raw_url": format!("{WEB}/{}/raw/{head_sha}/{}", repo.full_name, f.filename),
                "contents_url": format!("{u}/contents/{}?ref={head_sha}", f.filename),
            });
            let obj = v.as_object_mut().expect("object");
            if let Some(p) = f.patch
                && !repo.omitted_patches.contains(&f.filename)
            {
                obj.insert("patch".into(), json!(p));
            }
            if let Some(prev) = f.previous_filename {
                obj.insert("previous_filename".into(), json!(prev));
            }
            v
        })
        .collect();
    paginate(&w.base_url, req, items)
}

/// A hunk of a patch: its header and the lines each side shows.
struct FakeHunk {
    header: String,
    /// None when the side shows no line (a new or deleted file).
    old: Option<std::ops::RangeInclusive<u64>>,
    new: Option<std::ops::RangeInclusive<u64>>,
}

/// The hunks of one of the fake's own patches.
fn patch_hunks(patch: &str) -> Vec<FakeHunk> {
    let range = |s: &str| -> (u64, u64) {
        let (a, b) = s.split_once(',').unwrap_or((s, "1"));
        (a.parse().unwrap_or(0), b.parse().unwrap_or(0))
    };
    patch
        .lines()
        .filter(|l| l.starts_with("@@ "))
        .filter_map(|l| {
            let mut parts = l[3..].split_whitespace();
            let (os, oc) = range(parts.next()?.strip_prefix('-')?);
            let (ns, nc) = range(parts.next()?.strip_prefix('+')?);
            Some(FakeHunk {
                header: l.to_string(),
                old: (oc > 0).then(|| os..=os + oc - 1),
                new: (nc > 0).then(|| ns..=ns + nc - 1),
            })
        })
        .collect()
}

/// `POST /pulls/{n}/reviews`, validated as GitHub does: every comment's path must be in the
/// diff, and its `line` (and `start_line`, on the same hunk) must be a line the diff shows on its
/// side; otherwise the WHOLE review is refused with 422.
fn create_review(w: &mut World, req: &Req<'_>, key: &str, n: &str) -> Reply {
    let Some(issue) = pull_issue(w, key, n) else {
        return Reply::not_found();
    };
    let repo = w.repos[key].clone();
    let pr = issue.pr.clone().expect("pr");
    let event = req.body.get("event").and_then(Value::as_str);
    let state = match event {
        None => "PENDING",
        Some("COMMENT") => "COMMENTED",
        Some("APPROVE") => "APPROVED",
        Some("REQUEST_CHANGES") => "CHANGES_REQUESTED",
        Some(_) => {
            return Reply::validation(
                "Unprocessable Entity",
                json!(["Event must be one of APPROVE, REQUEST_CHANGES, COMMENT"]),
            );
        }
    };
    let body = req
        .body
        .get("body")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    let comments = req
        .body
        .get("comments")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if matches!(event, Some("REQUEST_CHANGES") | Some("COMMENT"))
        && body.is_empty()
        && comments.is_empty()
    {
        return Reply::validation(
            "Unprocessable Entity",
            json!(["Body is required for a COMMENT or REQUEST_CHANGES review"]),
        );
    }
    let head = w.pr_head_sha(&pr);
    let commit_id = req
        .body
        .get("commit_id")
        .and_then(Value::as_str)
        .unwrap_or(&head)
        .to_string();
    if !w.commits.contains_key(&commit_id) {
        return Reply::validation(
            "Unprocessable Entity",
            json!(["Commit could not be resolved"]),
        );
    }
    let diff = w.pr_diff(&repo, &pr);
    let mut accepted = Vec::new();
    for c in &comments {
        let path = c.get("path").and_then(Value::as_str).unwrap_or("");
        let Some(file) = diff.iter().find(|f| f.filename == path) else {
            return Reply::validation(
                "Unprocessable Entity",
                json!(["Path could not be resolved"]),
            );
        };
        let Some(line) = c.get("line").and_then(Value::as_u64) else {
            return Reply::validation(
                "Unprocessable Entity",
                json!(["Line could not be resolved"]),
            );
        };
        let side = c
            .get("side")
            .and_then(Value::as_str)
            .unwrap_or("RIGHT")
            .to_string();
        let start_line = c.get("start_line").and_then(Value::as_u64);
        let hunks = patch_hunks(file.patch.as_deref().unwrap_or(""));
        let shows = |h: &FakeHunk, l: u64| {
            let lines = if side == "LEFT" { &h.old } else { &h.new };
            lines.as_ref().is_some_and(|r| r.contains(&l))
        };
        let Some(hunk) = hunks.iter().find(|h| shows(h, line)) else {
            return Reply::validation(
                "Unprocessable Entity",
                json!(["Pull request review thread line must be part of the diff"]),
            );
        };
        if let Some(start) = start_line
            && (start >= line || !shows(hunk, start))
        {
            return Reply::validation(
                "Unprocessable Entity",
                json!([
                    "Pull request review thread start line must be part of the same hunk as the line."
                ]),
            );
        }
        accepted.push((
            path.to_string(),
            line,
            start_line,
            side,
            c.get("body")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            hunk.header.clone(),
        ));
    }
    let review_id = w.alloc_id();
    let ts = w.now();
    w.reviews.insert(
        review_id,
        ReviewObj {
            id: review_id,
            repo: key.to_string(),
            number: issue.number,
            state: state.to_string(),
            body,
            commit_id: commit_id.clone(),
            author: BOT_LOGIN.to_string(),
            submitted_at: ts.clone(),
        },
    );
    for (path, line, start_line, side, body, diff_hunk) in accepted {
        let id = w.alloc_id();
        w.review_comments.insert(
            id,
            ReviewCommentObj {
                id,
                review_id,
                repo: key.to_string(),
                number: issue.number,
                path,
                line,
                start_line,
                side,
                body,
                author: BOT_LOGIN.to_string(),
                commit_id: commit_id.clone(),
                diff_hunk,
                created_at: ts.clone(),
            },
        );
    }
    Reply::json(200, w.review_json(&w.reviews[&review_id]))
}

/// `GET /compare/{base}...{head}`: the commits and files between two commits (first page).
fn compare(w: &World, key: &str, basehead: &str) -> Reply {
    let repo = &w.repos[key];
    let Some((base, head)) = basehead.split_once("...") else {
        return Reply::not_found();
    };
    let (Some(base), Some(head)) = (w.resolve_commit(repo, base), w.resolve_commit(repo, head))
    else {
        return Reply::not_found();
    };
    let merge_base = w.merge_base(&base, &head).unwrap_or(base.clone());
    let commits: Vec<Value> = w
        .commits_between(&merge_base, &head)
        .iter()
        .map(|s| w.commit_item_json(repo, &w.commits[s]))
        .collect();
    let behind = w.commits_between(&merge_base, &base).len();
    let u = format!("{}/repos/{}", w.base_url, repo.full_name);
    let files: Vec<Value> = diff_snapshots(&w.snapshot_of(&merge_base), &w.snapshot_of(&head))
        .into_iter()
        .take(300)
        .map(|f| {
            let mut v = json!({
                "sha": f.sha, "filename": f.filename, "status": f.status,
                "additions": f.additions, "deletions": f.deletions,
                "changes": f.additions + f.deletions,
                "blob_url": format!("{WEB}/{}/blob/{head}/{}", repo.full_name, f.filename),
                "raw_url": format!("{WEB}/{}/raw/{head}/{}", repo.full_name, f.filename),
                "contents_url": format!("{u}/contents/{}?ref={head}", f.filename),
            });
            if let Some(p) = f.patch {
                v["patch"] = json!(p);
            }
            if let Some(prev) = f.previous_filename {
                v["previous_filename"] = json!(prev);
            }
            v
        })
        .collect();
    let status = match (commits.len(), behind) {
        (0, 0) => "identical",
        (_, 0) => "ahead",
        (0, _) => "behind",
        _ => "diverged",
    };
    Reply::json(
        200,
        json!({
            "url": format!("{u}/compare/{basehead}"),
            "html_url": format!("{WEB}/{}/compare/{basehead}", repo.full_name),
            "base_commit": w.commit_item_json(repo, &w.commits[&base]),
            "merge_base_commit": w.commit_item_json(repo, &w.commits[&merge_base]),
            "status": status,
            "ahead_by": commits.len(),
            "behind_by": behind,
            "total_commits": commits.len(),
            "commits": commits,
            "files": files,
        }),
    )
}

fn pull_commits(w: &World, req: &Req<'_>, key: &str, n: &str) -> Reply {
    let Some(issue) = pull_issue(w, key, n) else {
        return Reply::not_found();
    };
    let repo = &w.repos[key];
    let pr = issue.pr.as_ref().expect("pr");
    let shas = w.commits_between(&w.pr_base_sha(repo, pr), &w.pr_head_sha(pr));
    let items = shas
        .iter()
        .map(|s| w.commit_item_json(repo, &w.commits[s]))
        .collect();
    paginate(&w.base_url, req, items)
}

fn create_comment(w: &mut World, req: &Req<'_>, key: &str, n: &str) -> Reply {
    let Some(n) = parse_u64(n).filter(|n| w.repos[key].issues.contains_key(n)) else {
        return Reply::not_found();
    };
    let Some(body) = req.body.get("body").and_then(Value::as_str) else {
        return Reply::validation(
            "Invalid request.\n\n\"body\" wasn't supplied.",
            json!([{"resource": "IssueComment", "field": "body", "code": "missing_field"}]),
        );
    };
    if body.chars().count() > 65_536 {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "IssueComment", "field": "data", "code": "custom",
                    "message": "Body is too long (maximum is 65536 characters)"}]),
        );
    }
    let id = insert_comment(w, key, n, BOT_LOGIN, body);
    Reply::json(201, w.comment_json(&w.comments[&id]))
}

fn insert_comment(w: &mut World, key: &str, number: u64, login: &str, body: &str) -> u64 {
    let id = w.alloc_id();
    let ts = w.now();
    w.comments.insert(
        id,
        CommentObj {
            id,
            repo: key.to_string(),
            number,
            body: body.to_string(),
            author: login.to_string(),
            created_at: ts.clone(),
            updated_at: ts.clone(),
            reactions: Vec::new(),
        },
    );
    if let Some(i) = w.repos.get_mut(key).and_then(|r| r.issues.get_mut(&number)) {
        i.updated_at = ts;
    }
    id
}

fn update_comment(w: &mut World, req: &Req<'_>, key: &str, id: &str) -> Reply {
    let Some(c) = find_comment(w, key, id) else {
        return Reply::not_found();
    };
    let Some(body) = req.body.get("body").and_then(Value::as_str) else {
        return Reply::validation(
            "Invalid request.\n\n\"body\" wasn't supplied.",
            json!([{"resource": "IssueComment", "field": "body", "code": "missing_field"}]),
        );
    };
    let entry = w.comments.get_mut(&c.id).expect("comment");
    entry.body = body.to_string();
    entry.updated_at = now_at(w.clock_offset_secs);
    Reply::json(200, w.comment_json(&w.comments[&c.id]))
}

fn create_reaction(w: &mut World, req: &Req<'_>, key: &str, id: &str) -> Reply {
    let Some(c) = find_comment(w, key, id) else {
        return Reply::not_found();
    };
    let content = req
        .body
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or("");
    if !REACTIONS.contains(&content) {
        return Reply::validation(
            "Validation Failed",
            json!([{"resource": "Reaction", "field": "content", "code": "invalid"}]),
        );
    }
    if let Some(r) = c
        .reactions
        .iter()
        .find(|r| r.user == BOT_LOGIN && r.content == content)
    {
        return Reply::json(200, w.reaction_json(r));
    }
    let rid = w.alloc_id();
    let reaction = ReactionObj {
        id: rid,
        content: content.to_string(),
        user: BOT_LOGIN.to_string(),
        created_at: w.now(),
    };
    let json = w.reaction_json(&reaction);
    w.comments
        .get_mut(&c.id)
        .expect("comment")
        .reactions
        .push(reaction);
    Reply::json(201, json)
}

/// GitHub's base64: 60 characters a line, each line ending with `\n`.
fn github_base64(content: &str) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(content.as_bytes());
    let mut out = String::with_capacity(b64.len() + b64.len() / 60 + 1);
    for chunk in b64.as_bytes().chunks(60) {
        out.push_str(std::str::from_utf8(chunk).expect("ascii"));
        out.push('\n');
    }
    out
}

fn get_contents(w: &World, req: &Req<'_>, key: &str, path: &str) -> Reply {
    let repo = &w.repos[key];
    let refish = req.query.get("ref").unwrap_or(&repo.default_branch);
    let Some(commit) = w.resolve_commit(repo, refish) else {
        return Reply::error(404, &format!("No commit found for the ref {refish}"));
    };
    let snapshot = w.snapshot_of(&commit);
    let path = path.trim_matches('/');
    let u = format!("{}/repos/{}", w.base_url, repo.full_name);
    let entry = |p: &str, kind: &str, sha: &str, size: usize| {
        let name = p.rsplit('/').next().unwrap_or(p);
        let self_url = format!("{u}/contents/{p}?ref={refish}");
        let (git_url, html_url, download) = if kind == "file" {
            (
                format!("{u}/git/blobs/{sha}"),
                format!("{WEB}/{}/blob/{refish}/{p}", repo.full_name),
                json!(format!(
                    "https://raw.githubusercontent.com/{}/{refish}/{p}",
                    repo.full_name
                )),
            )
        } else {
            (
                format!("{u}/git/trees/{sha}"),
                format!("{WEB}/{}/tree/{refish}/{p}", repo.full_name),
                Value::Null,
            )
        };
        json!({
            "type": kind,
            "size": size,
            "name": name,
            "path": p,
            "sha": sha,
            "url": self_url,
            "git_url": git_url,
            "html_url": html_url,
            "download_url": download,
            "_links": {"self": self_url, "git": git_url, "html": html_url},
        })
    };
    if let Some(content) = snapshot.get(path) {
        let mut v = entry(path, "file", &blob_sha(content), content.len());
        v["encoding"] = json!("base64");
        v["content"] = json!(github_base64(content));
        return Reply::json(200, v);
    }
    let dir_snapshot = if path.is_empty() {
        snapshot.clone()
    } else {
        subtree(&snapshot, path)
    };
    if dir_snapshot.is_empty() {
        return Reply::not_found();
    }
    let join = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}/{name}")
        }
    };
    let mut items: Vec<(String, Value)> = Vec::new();
    for (p, content) in &dir_snapshot {
        if !p.contains('/') {
            let full = join(p);
            items.push((
                full.clone(),
                entry(&full, "file", &blob_sha(content), content.len()),
            ));
        }
    }
    for d in directories(&dir_snapshot)
        .iter()
        .filter(|d| !d.contains('/'))
    {
        let full = join(d);
        let sha = tree_sha(&subtree(&dir_snapshot, d));
        items.push((full.clone(), entry(&full, "dir", &sha, 0)));
    }
    items.sort_by(|a, b| a.0.cmp(&b.0));
    Reply::json(
        200,
        Value::Array(items.into_iter().map(|(_, v)| v).collect()),
    )
}

fn create_tree(w: &mut World, req: &Req<'_>, key: &str) -> Reply {
    let invalid = |msg: &str| Reply::validation(msg, json!([]));
    let mut snapshot: Snapshot = match req.body.get("base_tree") {
        None | Some(Value::Null) => Snapshot::new(),
        Some(Value::String(sha)) => {
            if let Some(t) = w.trees.get(sha) {
                t.clone()
            } else if let Some(c) = w.commits.get(sha) {
                w.trees.get(&c.tree).cloned().unwrap_or_default()
            } else {
                return invalid("base_tree is not a valid tree oid");
            }
        }
        Some(_) => return invalid("Invalid request.\n\nbase_tree must be a string."),
    };
    let Some(entries) = req.body.get("tree").and_then(Value::as_array) else {
        return invalid("Invalid request.\n\n\"tree\" wasn't supplied.");
    };
    for (index, e) in entries.iter().enumerate() {
        let Some(path) = e.get("path").and_then(Value::as_str) else {
            return invalid(&format!("Invalid tree info: tree.{index}.path is missing"));
        };
        let path = path.trim_matches('/').to_string();
        let kind = e.get("type").and_then(Value::as_str).unwrap_or("blob");
        let mode = e.get("mode").and_then(Value::as_str).unwrap_or("100644");
        if !matches!(mode, "100644" | "100755" | "040000" | "160000" | "120000") {
            return invalid(&format!("Invalid tree info: tree.{index}.mode is invalid"));
        }
        let content = e.get("content");
        let sha = e.get("sha");
        if content.is_some() && sha.is_some() {
            return invalid("Only one of 'content' or 'sha' may be provided per tree entry");
        }
        let prefix = format!("{path}/");
        match (content, sha) {
            (Some(Value::String(text)), None) => {
                snapshot.retain(|p, _| !p.starts_with(&prefix));
                snapshot.insert(path, text.clone());
            }
            (None, Some(Value::Null)) => {
                snapshot.remove(&path);
                snapshot.retain(|p, _| !p.starts_with(&prefix));
            }
            (None, Some(Value::String(s))) if kind == "tree" => {
                let Some(sub) = w.trees.get(s).cloned() else {
                    return invalid(&format!(
                        "Invalid tree info: tree.{index}.sha {s} not found"
                    ));
                };
                snapshot.retain(|p, _| !p.starts_with(&prefix) && *p != path);
                for (p, c) in sub {
                    snapshot.insert(format!("{path}/{p}"), c);
                }
            }
            (None, Some(Value::String(s))) => {
                let Some(text) = w.blobs.get(s).cloned() else {
                    return invalid(&format!(
                        "Invalid tree info: tree.{index}.sha {s} not found"
                    ));
                };
                snapshot.retain(|p, _| !p.starts_with(&prefix));
                snapshot.insert(path, text);
            }
            _ => {
                return invalid(&format!(
                    "Invalid tree info: tree.{index} needs either content or sha"
                ));
            }
        }
    }
    let sha = w.store_tree(snapshot);
    let snap = w.trees[&sha].clone();
    Reply::json(201, w.tree_json(&w.repos[key], &sha, &snap, false))
}

fn create_commit(w: &mut World, req: &Req<'_>, key: &str) -> Reply {
    let b = &req.body;
    let Some(message) = b.get("message").and_then(Value::as_str) else {
        return Reply::validation(
            "Invalid request.\n\n\"message\" wasn't supplied.",
            json!([]),
        );
    };
    let Some(tree) = b.get("tree").and_then(Value::as_str) else {
        return Reply::validation("Invalid request.\n\n\"tree\" wasn't supplied.", json!([]));
    };
    if !w.trees.contains_key(tree) {
        return Reply::validation("Tree SHA does not exist", json!([]));
    }
    let parents: Vec<String> = match b.get("parents") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|p| p.as_str().map(str::to_string))
            .collect(),
        Some(_) => {
            return Reply::validation("Invalid request.\n\nparents must be an array.", json!([]));
        }
    };
    if parents.iter().any(|p| !w.commits.contains_key(p)) {
        return Reply::validation(
            "Parent SHA does not exist or is not a commit object",
            json!([]),
        );
    }
    let author = b.get("author");
    let name = author.and_then(|a| a.get("name")).and_then(Value::as_str);
    let email = author.and_then(|a| a.get("email")).and_then(Value::as_str);
    let date = author.and_then(|a| a.get("date")).and_then(Value::as_str);
    let sha = w.make_commit(tree, parents, message, Some(BOT_LOGIN), name, email, date);
    Reply::json(201, w.git_commit_json(&w.repos[key], &w.commits[&sha]))
}

fn create_ref(w: &mut World, req: &Req<'_>, key: &str) -> Reply {
    let b = &req.body;
    let (Some(full_ref), Some(sha)) = (
        b.get("ref").and_then(Value::as_str),
        b.get("sha").and_then(Value::as_str),
    ) else {
        return Reply::validation(
            "Invalid request.\n\n\"ref\" or \"sha\" wasn't supplied.",
            json!([]),
        );
    };
    if !full_ref.starts_with("refs/") || full_ref.matches('/').count() < 2 {
        return Reply::error(422, "Reference name is invalid");
    }
    let Some(branch) = full_ref.strip_prefix("refs/heads/") else {
        return Reply::error(422, "Only refs/heads/ references are supported by the fake");
    };
    if !w.commits.contains_key(sha) {
        return Reply::error(422, "Object does not exist");
    }
    if w.repos[key].branches.contains_key(branch) {
        return Reply::error(422, "Reference already exists");
    }
    let clock = w.clock_offset_secs;
    let repo = w.repos.get_mut(key).expect("repo");
    repo.branches.insert(branch.to_string(), sha.to_string());
    repo.pushed_at = now_at(clock);
    Reply::json(201, w.ref_json(&w.repos[key], branch, sha))
}

fn update_ref(w: &mut World, req: &Req<'_>, key: &str, branch: &str) -> Reply {
    let Some(sha) = req.body.get("sha").and_then(Value::as_str) else {
        return Reply::validation("Invalid request.\n\n\"sha\" wasn't supplied.", json!([]));
    };
    let force = req
        .body
        .get("force")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let Some(current) = w.repos[key].branches.get(branch).cloned() else {
        return Reply::error(422, "Reference does not exist");
    };
    if !w.commits.contains_key(sha) {
        return Reply::error(422, "Object does not exist");
    }
    if !force && !w.ancestors(sha).contains(&current) {
        return Reply::error(422, "Update is not a fast forward");
    }
    let clock = w.clock_offset_secs;
    let repo = w.repos.get_mut(key).expect("repo");
    repo.branches.insert(branch.to_string(), sha.to_string());
    repo.pushed_at = now_at(clock);
    Reply::json(200, w.ref_json(&w.repos[key], branch, sha))
}

// ---------------------------------------------------------------------------------------------
// The public handle
// ---------------------------------------------------------------------------------------------

struct ServerGuard(tokio::task::JoinHandle<()>);

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The fake GitHub. Cloning shares the same world and server; the server stops when the last
/// clone is dropped.
#[derive(Clone)]
pub struct FakeGithub {
    world: Shared,
    base_url: String,
    _server: Arc<ServerGuard>,
}

impl FakeGithub {
    /// Binds 127.0.0.1 on a random port and serves the fake there.
    pub async fn start() -> FakeGithub {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let base_url = format!("http://{addr}");
        let world = Arc::new(Mutex::new(World {
            base_url: base_url.clone(),
            next_id: 2_000_000_000,
            ..World::default()
        }));
        let app = Router::new().fallback(handle).with_state(world.clone());
        let handle = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        FakeGithub {
            world,
            base_url,
            _server: Arc::new(ServerGuard(handle)),
        }
    }

    fn w(&self) -> MutexGuard<'_, World> {
        lock(&self.world)
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    pub fn app_id(&self) -> u64 {
        APP_ID
    }

    pub fn installation_id(&self) -> u64 {
        INSTALLATION_ID
    }

    /// The bot's login, `minibot[bot]`.
    pub fn bot_login(&self) -> &'static str {
        BOT_LOGIN
    }

    /// Mints an installation token directly (as if the App had asked for one), for tests that
    /// call the fake without going through the App JWT flow.
    pub fn issue_token(&self) -> String {
        let token = format!("ghs_{}", uuid::Uuid::new_v4().simple());
        self.w().tokens.insert(token.clone());
        token
    }

    // ----- world building -----

    /// Creates `owner/name` with one initial commit holding `files` on `default_branch`.
    pub fn create_repo(&self, full_name: &str, default_branch: &str, files: &[(&str, &str)]) {
        let mut w = self.w();
        let (owner, name) = full_name
            .split_once('/')
            .unwrap_or_else(|| panic!("fake github: repo name {full_name} needs owner/name"));
        assert!(
            w.find_repo_key(full_name).is_none(),
            "fake github: repository {full_name} exists already"
        );
        let snapshot: Snapshot = files
            .iter()
            .map(|(p, c)| (p.trim_matches('/').to_string(), c.to_string()))
            .collect();
        let tree = w.store_tree(snapshot);
        let sha = w.make_commit(
            &tree,
            Vec::new(),
            "Initial commit",
            Some(owner),
            None,
            None,
            None,
        );
        let id = w.alloc_id();
        let ts = w.now();
        w.repos.insert(
            full_name.to_string(),
            Repo {
                id,
                full_name: full_name.to_string(),
                owner: owner.to_string(),
                name: name.to_string(),
                default_branch: default_branch.to_string(),
                branches: BTreeMap::from([(default_branch.to_string(), sha)]),
                fork_of: None,
                permissions: BTreeMap::new(),
                issues: BTreeMap::new(),
                next_number: 1,
                omitted_patches: BTreeSet::new(),
                created_at: ts.clone(),
                pushed_at: ts,
            },
        );
    }

    /// Creates `fork_full_name` as a fork of `upstream`, holding only the upstream's default
    /// branch (same commit).
    pub fn create_fork(&self, upstream: &str, fork_full_name: &str) {
        let mut w = self.w();
        let up = w.repo(upstream).clone();
        let (owner, name) = fork_full_name
            .split_once('/')
            .unwrap_or_else(|| panic!("fake github: repo name {fork_full_name} needs owner/name"));
        let id = w.alloc_id();
        let ts = w.now();
        let sha = up.branches[&up.default_branch].clone();
        w.repos.insert(
            fork_full_name.to_string(),
            Repo {
                id,
                full_name: fork_full_name.to_string(),
                owner: owner.to_string(),
                name: name.to_string(),
                default_branch: up.default_branch.clone(),
                branches: BTreeMap::from([(up.default_branch.clone(), sha)]),
                fork_of: Some(up.full_name.clone()),
                permissions: BTreeMap::new(),
                issues: BTreeMap::new(),
                next_number: 1,
                omitted_patches: BTreeSet::new(),
                created_at: ts.clone(),
                pushed_at: ts,
            },
        );
    }

    /// Sets `login`'s permission on `repo` ("admin" | "write" | "read" | "none"). Users never
    /// set get 404 from the permission endpoint.
    pub fn set_permission(&self, repo: &str, login: &str, permission: &str) {
        self.w()
            .repo_mut(repo)
            .permissions
            .insert(login.to_string(), permission.to_string());
    }

    /// Sets the `type` reported for a user ("User", "Bot", "Organization").
    pub fn set_user_type(&self, login: &str, user_type: &str) {
        self.w()
            .user_types
            .insert(login.to_string(), user_type.to_string());
    }

    /// Commits `files` on top of `branch` (created from the default branch if missing);
    /// `None` deletes a path. Returns the new commit's sha.
    pub fn push_commit(
        &self,
        repo: &str,
        branch: &str,
        message: &str,
        files: &[(&str, Option<&str>)],
    ) -> String {
        let mut w = self.w();
        let r = w.repo(repo).clone();
        let parent = r
            .branches
            .get(branch)
            .or_else(|| r.branches.get(&r.default_branch))
            .cloned()
            .expect("default branch exists");
        let mut snapshot = w.snapshot_of(&parent);
        for (path, content) in files {
            let path = path.trim_matches('/').to_string();
            match content {
                Some(c) => {
                    snapshot.insert(path, c.to_string());
                }
                None => {
                    snapshot.remove(&path);
                }
            }
        }
        let tree = w.store_tree(snapshot);
        let sha = w.make_commit(
            &tree,
            vec![parent],
            message,
            Some(&r.owner),
            None,
            None,
            None,
        );
        let clock = w.clock_offset_secs;
        let repo_mut = w.repo_mut(repo);
        repo_mut.branches.insert(branch.to_string(), sha.clone());
        repo_mut.pushed_at = now_at(clock);
        sha
    }

    /// Opens a pull request on `repo` from `head_repo:head_branch` into `base_branch`.
    /// Returns its number (shared counter with issues, from 1).
    #[allow(clippy::too_many_arguments)]
    pub fn open_pr(
        &self,
        repo: &str,
        author: &str,
        head_repo: &str,
        head_branch: &str,
        base_branch: &str,
        title: &str,
        body: &str,
    ) -> u64 {
        let mut w = self.w();
        let key = w
            .find_repo_key(repo)
            .unwrap_or_else(|| panic!("fake github: no repository {repo}"));
        let head_key = w
            .find_repo_key(head_repo)
            .unwrap_or_else(|| panic!("fake github: no repository {head_repo}"));
        assert!(
            w.repos[&key].branches.contains_key(base_branch),
            "fake github: no branch {base_branch} in {repo}"
        );
        let head_sha = w.repos[&head_key]
            .branches
            .get(head_branch)
            .cloned()
            .unwrap_or_else(|| panic!("fake github: no branch {head_branch} in {head_repo}"));
        insert_issue(
            &mut w,
            &key,
            author,
            title,
            body,
            Some(PrData {
                merged_at: None,
                merge_commit: None,
                head_repo: head_key,
                head_ref: head_branch.to_string(),
                head_sha,
                base_ref: base_branch.to_string(),
                draft: false,
            }),
        )
    }

    /// Opens a plain issue (not a pull request). Returns its number.
    pub fn open_issue(&self, repo: &str, author: &str, title: &str, body: &str) -> u64 {
        let mut w = self.w();
        let key = w
            .find_repo_key(repo)
            .unwrap_or_else(|| panic!("fake github: no repository {repo}"));
        insert_issue(&mut w, &key, author, title, body, None)
    }

    /// Closes (or reopens, with `open = true`) a pull request or issue.
    pub fn set_issue_state(&self, repo: &str, number: u64, open: bool) {
        let mut w = self.w();
        let ts = w.now();
        let i = w
            .repo_mut(repo)
            .issues
            .get_mut(&number)
            .unwrap_or_else(|| panic!("fake github: no issue #{number} in {repo}"));
        i.state = if open { "open" } else { "closed" }.to_string();
        i.closed_at = if open { None } else { Some(ts.clone()) };
        i.updated_at = ts;
    }

    /// Adds a comment by `login` (of type "User" or "Bot") on issue/PR `number`. Returns its id.
    pub fn add_issue_comment(
        &self,
        repo: &str,
        number: u64,
        login: &str,
        user_type: &str,
        body: &str,
    ) -> u64 {
        let mut w = self.w();
        let key = w
            .find_repo_key(repo)
            .unwrap_or_else(|| panic!("fake github: no repository {repo}"));
        assert!(
            w.repos[&key].issues.contains_key(&number),
            "fake github: no issue #{number} in {repo}"
        );
        if login != BOT_LOGIN {
            w.user_types
                .insert(login.to_string(), user_type.to_string());
        }
        insert_comment(&mut w, &key, number, login, body)
    }

    /// Marks `path` so that its entry in `GET /pulls/{n}/files` has no `patch` key (as GitHub
    /// does for very large diffs).
    pub fn omit_patch(&self, repo: &str, path: &str) {
        self.w()
            .repo_mut(repo)
            .omitted_patches
            .insert(path.to_string());
    }

    // ----- webhook payloads -----

    /// An `issue_comment` / `created` payload for `comment_id`, built from the current state, in
    /// the shape of `corpus/payloads/synthetic/issue_comment.created.on_pr.synthetic.1.json`.
    pub fn issue_comment_payload(&self, repo: &str, comment_id: u64) -> Value {
        let w = self.w();
        let r = w.repo(repo);
        let c = w
            .comments
            .get(&comment_id)
            .unwrap_or_else(|| panic!("fake github: no comment {comment_id}"));
        let issue = &r.issues[&c.number];
        json!({
            "action": "created",
            "issue": w.issue_json(r, issue),
            "comment": w.comment_json(c),
            "repository": w.repo_json(r, false),
            "sender": w.user_json(&c.author),
            "installation": {
                "id": INSTALLATION_ID,
                "node_id": node_id("Installation", &INSTALLATION_ID.to_string()),
            },
        })
    }

    // ----- reading the outcome -----

    /// All pull requests of `repo`, in creation order.
    pub fn pull_requests(&self, repo: &str) -> Vec<PullSnapshot> {
        let w = self.w();
        w.repo(repo)
            .issues
            .values()
            .filter_map(|i| {
                let pr = i.pr.as_ref()?;
                Some(PullSnapshot {
                    number: i.number,
                    title: i.title.clone(),
                    body: i.body.clone(),
                    head_ref: pr.head_ref.clone(),
                    head_repo: pr.head_repo.clone(),
                    base_ref: pr.base_ref.clone(),
                    state: i.state.clone(),
                    author: i.author.clone(),
                })
            })
            .collect()
    }

    /// The comments on issue/PR `number`, oldest first.
    pub fn comments(&self, repo: &str, number: u64) -> Vec<CommentSnapshot> {
        let w = self.w();
        let r = w.repo(repo);
        w.comments
            .values()
            .filter(|c| c.repo == r.full_name && c.number == number)
            .map(|c| CommentSnapshot {
                id: c.id,
                body: c.body.clone(),
                author: c.author.clone(),
                html_url: w.comment_html_url(r, c.number, c.id),
            })
            .collect()
    }

    /// The reaction contents on a comment (e.g. `"eyes"`), oldest first.
    pub fn reactions(&self, repo: &str, comment_id: u64) -> Vec<String> {
        let w = self.w();
        let r = w.repo(repo);
        w.comments
            .get(&comment_id)
            .filter(|c| c.repo == r.full_name)
            .map(|c| c.reactions.iter().map(|x| x.content.clone()).collect())
            .unwrap_or_default()
    }

    /// A file's content at a branch (or commit sha).
    pub fn file_at(&self, repo: &str, branch: &str, path: &str) -> Option<String> {
        let w = self.w();
        let sha = w.resolve_commit(w.repo(repo), branch)?;
        w.snapshot_of(&sha).get(path.trim_matches('/')).cloned()
    }

    /// Every file at a branch (or commit sha); empty if the branch does not exist.
    pub fn files_at(&self, repo: &str, branch: &str) -> BTreeMap<String, String> {
        let w = self.w();
        w.resolve_commit(w.repo(repo), branch)
            .map(|sha| w.snapshot_of(&sha))
            .unwrap_or_default()
    }

    pub fn branch_sha(&self, repo: &str, branch: &str) -> Option<String> {
        self.w().repo(repo).branches.get(branch).cloned()
    }

    /// The branches of `repo`.
    pub fn branches(&self, repo: &str) -> Vec<String> {
        self.w().repo(repo).branches.keys().cloned().collect()
    }

    /// Commits reachable from the branch tip (0 if the branch does not exist).
    pub fn commit_count(&self, repo: &str, branch: &str) -> usize {
        let w = self.w();
        match w.repo(repo).branches.get(branch) {
            Some(sha) => w.ancestors(sha).len(),
            None => 0,
        }
    }

    /// The message of a commit.
    pub fn commit_message(&self, sha: &str) -> Option<String> {
        self.w().commits.get(sha).map(|c| c.message.clone())
    }

    /// The parents of a commit.
    pub fn commit_parents(&self, sha: &str) -> Vec<String> {
        self.w()
            .commits
            .get(sha)
            .map(|c| c.parents.clone())
            .unwrap_or_default()
    }

    /// Every request received so far, in arrival order.
    /// The inline review comments on a pull request, oldest first.
    pub fn review_comments(&self, repo: &str, number: u64) -> Vec<ReviewCommentSnapshot> {
        let w = self.w();
        let key = w.find_repo_key(repo).expect("repo");
        w.review_comments
            .values()
            .filter(|c| c.repo == key && c.number == number)
            .map(|c| ReviewCommentSnapshot {
                id: c.id,
                review_id: c.review_id,
                path: c.path.clone(),
                line: c.line,
                start_line: c.start_line,
                side: c.side.clone(),
                body: c.body.clone(),
                author: c.author.clone(),
            })
            .collect()
    }

    /// The reviews on a pull request, oldest first.
    pub fn reviews(&self, repo: &str, number: u64) -> Vec<ReviewSnapshot> {
        let w = self.w();
        let key = w.find_repo_key(repo).expect("repo");
        w.reviews
            .values()
            .filter(|r| r.repo == key && r.number == number)
            .map(|r| ReviewSnapshot {
                id: r.id,
                state: r.state.clone(),
                body: r.body.clone(),
                commit_id: r.commit_id.clone(),
                author: r.author.clone(),
            })
            .collect()
    }

    /// Uploads an attachment (as a user dropping a screenshot into a comment does) and returns
    /// its URL, `<base>/user-attachments/assets/<uuid>`.
    pub fn upload_attachment(&self, content_type: &str, bytes: &[u8]) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.w()
            .attachments
            .insert(id.clone(), (content_type.to_string(), bytes.to_vec()));
        format!("{}/user-attachments/assets/{id}", self.base_url)
    }

    /// Removes a repository from the App's installation (as the owner would in the settings).
    pub fn remove_from_installation(&self, repo: &str) {
        self.w().uninstalled.insert(repo.to_string());
    }

    /// Moves the fake's clock forward: objects created from now on carry later timestamps.
    pub fn advance_clock(&self, by: chrono::Duration) {
        self.w().clock_offset_secs += by.num_seconds();
    }

    /// The fake's current time.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now() + chrono::Duration::seconds(self.w().clock_offset_secs)
    }

    /// Squash-merges pull request `number`: one commit `<title> (#N)` on its base branch with
    /// the head's files, and the pull request closed as merged. Returns the new commit.
    pub fn merge_pr(&self, repo: &str, number: u64) -> String {
        let (base_ref, head_sha, title) = {
            let w = self.w();
            let r = w.repo(repo);
            let issue = &r.issues[&number];
            let pr = issue.pr.as_ref().expect("a pull request");
            (pr.base_ref.clone(), w.pr_head_sha(pr), issue.title.clone())
        };
        let files: Vec<(String, Option<String>)> = {
            let w = self.w();
            let r = w.repo(repo);
            let pr = r.issues[&number].pr.clone().expect("pr");
            let head = w.snapshot_of(&head_sha);
            w.pr_diff(r, &pr)
                .into_iter()
                .map(|f| {
                    let text = head.get(&f.filename).cloned();
                    (f.filename, text)
                })
                .collect()
        };
        let files_ref: Vec<(&str, Option<&str>)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_deref()))
            .collect();
        let sha = self.push_commit(repo, &base_ref, &format!("{title} (#{number})"), &files_ref);
        let mut w = self.w();
        let ts = w.now();
        let key = w.find_repo_key(repo).expect("repo");
        let issue = w
            .repos
            .get_mut(&key)
            .and_then(|r| r.issues.get_mut(&number))
            .expect("issue");
        issue.state = "closed".into();
        issue.closed_at = Some(ts.clone());
        if let Some(pr) = issue.pr.as_mut() {
            pr.merged_at = Some(ts);
            pr.merge_commit = Some(sha.clone());
        }
        sha
    }

    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.w().requests.clone()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.w().requests.clear();
    }

    // ----- failure switches -----

    /// The next `times` requests whose method is `method` (case-insensitive; `"*"` or `""` for
    /// any) and whose decoded path contains `path_contains` are answered with `status`, these
    /// headers and a GitHub-style error body `{message, documentation_url}`. Checked after auth.
    pub fn fail_next(
        &self,
        method: &str,
        path_contains: &str,
        status: u16,
        times: u32,
        headers: &[(&str, &str)],
    ) {
        self.w().fail_rules.push(FailRule {
            method: method.to_string(),
            path_contains: path_contains.to_string(),
            status,
            remaining: times,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
    }
}
