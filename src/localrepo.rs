//! A local git checkout, read and written through the `git` command: the files at a revision, the
//! diff and commit messages between two revisions, and a branch made with plumbing so the user's
//! working tree and current branch are never touched.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

use crate::github::{FileChange, FileWrite};

/// A git repository on disk.
#[derive(Debug, Clone)]
pub struct LocalRepo {
    root: PathBuf,
}

impl LocalRepo {
    /// Opens the repository containing `path`.
    pub fn open(path: &Path) -> Result<LocalRepo> {
        let out = git_in(path, &["rev-parse", "--show-toplevel"], None)
            .with_context(|| format!("{} is not inside a git repository", path.display()))?;
        Ok(LocalRepo {
            root: PathBuf::from(out.trim()),
        })
    }

    /// The repository's top folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn git(&self, args: &[&str]) -> Result<String> {
        git_in(&self.root, args, None)
    }

    /// The full sha of a revision.
    pub fn resolve(&self, rev: &str) -> Result<String> {
        Ok(self
            .git(&["rev-parse", "--verify", &format!("{rev}^{{commit}}")])
            .with_context(|| format!("unknown revision {rev}"))?
            .trim()
            .to_string())
    }

    /// The base to compare `head` with when none is given: where `head` left the default branch
    /// (`main`, `master` or `origin/HEAD`), else its parent.
    pub fn default_base(&self, head: &str) -> Result<String> {
        let head_sha = self.resolve(head)?;
        for candidate in ["origin/HEAD", "main", "master"] {
            if let Ok(base) = self.git(&["merge-base", head, candidate]) {
                let base = base.trim().to_string();
                if !base.is_empty() && base != head_sha {
                    return Ok(base);
                }
            }
        }
        self.resolve(&format!("{head}~1"))
    }

    /// Every file path at `rev`.
    pub fn files(&self, rev: &str) -> Result<Vec<String>> {
        let out = self.git(&["ls-tree", "-r", "-z", "--name-only", rev])?;
        Ok(out
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect())
    }

    /// The text of each path at `rev` (None for a missing or binary file), read through one
    /// `git cat-file --batch` process.
    pub fn read_files(&self, rev: &str, paths: &[String]) -> Result<Vec<Option<String>>> {
        if paths.is_empty() {
            return Ok(Vec::new());
        }
        let mut child = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("running git cat-file")?;
        let mut stdin = child.stdin.take().context("git stdin")?;
        let input: String = paths.iter().map(|p| format!("{rev}:{p}\n")).collect();
        let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
        let mut out = Vec::new();
        child
            .stdout
            .take()
            .context("git stdout")?
            .read_to_end(&mut out)
            .context("reading git cat-file")?;
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("writer thread panicked"))?
            .context("writing to git cat-file")?;
        child.wait()?;
        let mut texts = Vec::with_capacity(paths.len());
        let mut pos = 0;
        for _ in paths {
            let Some(nl) = out[pos..].iter().position(|b| *b == b'\n') else {
                bail!("short answer from git cat-file");
            };
            let header = String::from_utf8_lossy(&out[pos..pos + nl]).to_string();
            pos += nl + 1;
            if header.ends_with(" missing") {
                texts.push(None);
                continue;
            }
            let size: usize = header
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse().ok())
                .with_context(|| format!("unexpected git cat-file header {header:?}"))?;
            let Some(body) = out.get(pos..pos + size) else {
                bail!("short answer from git cat-file");
            };
            pos += size + 1;
            texts.push(String::from_utf8(body.to_vec()).ok());
        }
        Ok(texts)
    }

    /// The changed files between two revisions, with GitHub-style header-less patches.
    pub fn diff(&self, base: &str, head: &str) -> Result<Vec<FileChange>> {
        let out = self.git(&[
            "diff",
            "--no-color",
            "--no-ext-diff",
            "-M",
            "-U3",
            base,
            head,
        ])?;
        Ok(parse_diff(&out))
    }

    /// Commit messages from `base` (exclusive) to `head`, newest first.
    pub fn messages(&self, base: &str, head: &str) -> Result<Vec<String>> {
        let out = self.git(&["log", "--format=%B%x00", &format!("{base}..{head}")])?;
        Ok(out
            .split('\0')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect())
    }

    /// Makes a commit of `files` on top of `parent` and points `branch` at it, through a private
    /// index: the working tree, the real index and the current branch are left alone. Fails if
    /// the branch already exists.
    pub fn commit_to_new_branch(
        &self,
        branch: &str,
        parent: &str,
        files: &[FileWrite],
        message: &str,
    ) -> Result<String> {
        if self
            .git(&[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("refs/heads/{branch}"),
            ])
            .is_ok()
        {
            bail!("branch {branch} already exists");
        }
        let index = tempfile_path(&self.root)?;
        let env = [("GIT_INDEX_FILE", index.as_os_str())];
        git_env(&self.root, &["read-tree", parent], &env, None)?;
        for f in files {
            let sha = git_env(
                &self.root,
                &["hash-object", "-w", "--stdin"],
                &env,
                Some(f.content.as_bytes()),
            )?;
            git_env(
                &self.root,
                &[
                    "update-index",
                    "--add",
                    "--cacheinfo",
                    &format!("100644,{},{}", sha.trim(), f.path),
                ],
                &env,
                None,
            )?;
        }
        let tree = git_env(&self.root, &["write-tree"], &env, None)?;
        let _ = std::fs::remove_file(&index);
        // The user's identity when git has one, else minibot's.
        let has_identity = self
            .git(&["config", "user.email"])
            .is_ok_and(|e| !e.trim().is_empty());
        let fallback: [(&str, &std::ffi::OsStr); 4] = [
            ("GIT_AUTHOR_NAME", "minibot".as_ref()),
            ("GIT_AUTHOR_EMAIL", "minibot@localhost".as_ref()),
            ("GIT_COMMITTER_NAME", "minibot".as_ref()),
            ("GIT_COMMITTER_EMAIL", "minibot@localhost".as_ref()),
        ];
        let identity: &[(&str, &std::ffi::OsStr)] = if has_identity { &[] } else { &fallback };
        let commit = git_env(
            &self.root,
            &["commit-tree", tree.trim(), "-p", parent, "-F", "-"],
            identity,
            Some(message.as_bytes()),
        )?;
        let commit = commit.trim().to_string();
        self.git(&["update-ref", &format!("refs/heads/{branch}"), &commit, ""])?;
        Ok(commit)
    }
}

fn tempfile_path(root: &Path) -> Result<PathBuf> {
    let git_dir = git_in(root, &["rev-parse", "--absolute-git-dir"], None)?;
    Ok(PathBuf::from(git_dir.trim())
        .join(format!("minibot-index-{}", uuid::Uuid::new_v4().simple())))
}

fn git_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Result<String> {
    git_env(dir, args, &[], stdin)
}

fn git_env(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &std::ffi::OsStr)],
    stdin: Option<&[u8]>,
) -> Result<String> {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().context("running git (is it installed?)")?;
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .context("git stdin")?
            .write_all(input)
            .context("writing to git")?;
    }
    let out = child.wait_with_output().context("waiting for git")?;
    if !out.status.success() {
        bail!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Parses `git diff` output into files with GitHub-style patches (hunks only, no headers).
pub fn parse_diff(text: &str) -> Vec<FileChange> {
    let mut files: Vec<FileChange> = Vec::new();
    let mut in_hunks = false;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("diff --git ") {
            let rest = rest.trim_end();
            // `a/PATH b/PATH`; the b-side is the new path.
            let path = rest
                .split_once(" b/")
                .map(|(_, b)| b.to_string())
                .unwrap_or_else(|| rest.to_string());
            files.push(FileChange {
                path,
                status: "modified".into(),
                additions: 0,
                deletions: 0,
                patch: None,
                previous_path: None,
            });
            in_hunks = false;
            continue;
        }
        let Some(f) = files.last_mut() else {
            continue;
        };
        if !in_hunks {
            if line.starts_with("new file mode") {
                f.status = "added".into();
            } else if line.starts_with("deleted file mode") {
                f.status = "removed".into();
            } else if let Some(from) = line.strip_prefix("rename from ") {
                f.status = "renamed".into();
                f.previous_path = Some(from.trim_end().to_string());
            } else if let Some(to) = line.strip_prefix("+++ ") {
                let to = to.trim_end();
                if let Some(p) = to.strip_prefix("b/") {
                    f.path = p.to_string();
                }
            } else if line.starts_with("@@") {
                in_hunks = true;
            }
            if !in_hunks {
                continue;
            }
        }
        if line.starts_with('+') {
            f.additions += 1;
        } else if line.starts_with('-') {
            f.deletions += 1;
        }
        f.patch.get_or_insert_with(String::new).push_str(line);
    }
    for f in &mut files {
        if let Some(p) = &mut f.patch
            && p.ends_with('\n')
        {
            p.pop();
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_git_diff_output() {
        let diff = "diff --git a/src/a.ts b/src/a.ts\nindex 1..2 100644\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;\n keep\ndiff --git a/new.go b/new.go\nnew file mode 100644\nindex 0..1\n--- /dev/null\n+++ b/new.go\n@@ -0,0 +1 @@\n+package x\ndiff --git a/old.rs b/new.rs\nsimilarity index 90%\nrename from old.rs\nrename to new.rs\ndiff --git a/img.png b/img.png\nBinary files a/img.png and b/img.png differ\n";
        let files = parse_diff(diff);
        assert_eq!(files.len(), 4);
        assert_eq!(files[0].path, "src/a.ts");
        assert_eq!(
            files[0].patch.as_deref(),
            Some("@@ -1,2 +1,2 @@\n-const a = 1;\n+const a = 2;\n keep")
        );
        assert_eq!((files[0].additions, files[0].deletions), (1, 1));
        assert_eq!(
            (files[1].path.as_str(), files[1].status.as_str()),
            ("new.go", "added")
        );
        assert_eq!(files[2].status, "renamed");
        assert_eq!(files[2].previous_path.as_deref(), Some("old.rs"));
        assert_eq!(files[3].patch, None);
    }
}
