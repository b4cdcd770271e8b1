//! The server's config file (`MINIBOT_CONFIG`, YAML): model routing per task, default budgets,
//! the response cache. It can change without a restart: minibot reloads it on SIGHUP and when the
//! file changes; a file that does not parse is refused (with a log line) and the last good one
//! stays in force.
//!
//! ```yaml
//! models:                       # ordered: a model failing (429, 5xx, timeout, unusable answer)
//!   default: [gpt-4o-mini]      # falls back to the next
//!   docs: ["ft:gpt-4o-mini-2024-07-18:acme::docs1", gpt-4o-mini]
//!   tests: [gpt-4.1-mini, gpt-4o-mini]
//!   suggest: [gpt-4o-mini]
//! budgets:                      # monthly, US dollars; a repository's .github/minibot.yml may set its own
//!   installation_monthly_usd: "50"
//!   repository_monthly_usd: "10"
//! cache:
//!   ttl_hours: 168              # identical requests are answered from the database; 0 = off
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::cost::parse_usd;

/// The parsed file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileConfig {
    /// Models per task (`docs`, `tests`, `suggest`, `default`), tried in order.
    pub routes: BTreeMap<String, Vec<String>>,
    pub installation_monthly_micros: Option<i64>,
    pub repository_monthly_micros: Option<i64>,
    /// How long a cached answer may be reused; None = no cache.
    pub cache_ttl: Option<Duration>,
}

/// Default cache lifetime: a week.
const DEFAULT_CACHE_HOURS: u64 = 168;

impl FileConfig {
    /// What applies without a file: every task uses `model`, no budgets, a week of cache.
    pub fn defaults(model: &str) -> FileConfig {
        FileConfig {
            routes: BTreeMap::from([("default".to_string(), vec![model.to_string()])]),
            installation_monthly_micros: None,
            repository_monthly_micros: None,
            cache_ttl: Some(Duration::from_secs(DEFAULT_CACHE_HOURS * 3600)),
        }
    }

    /// Parses the file; `model` is the default route when the file names none.
    pub fn parse(text: &str, model: &str) -> Result<FileConfig> {
        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            models: BTreeMap<String, OneOrMany>,
            #[serde(default)]
            budgets: RawBudgets,
            #[serde(default)]
            cache: RawCache,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrMany {
            One(String),
            Many(Vec<String>),
        }
        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct RawBudgets {
            installation_monthly_usd: Option<String>,
            repository_monthly_usd: Option<String>,
        }
        #[derive(Deserialize, Default)]
        #[serde(deny_unknown_fields)]
        struct RawCache {
            ttl_hours: Option<u64>,
        }
        let raw: Raw = if text.trim().is_empty() {
            Raw::default()
        } else {
            serde_norway::from_str(text).context("reading the config file")?
        };
        let mut routes = BTreeMap::new();
        for (task, models) in raw.models {
            anyhow::ensure!(
                ["default", "docs", "tests", "suggest", "refresh"].contains(&task.as_str()),
                "models.{task}: not a task (default, docs, tests, suggest, refresh)"
            );
            let list = match models {
                OneOrMany::One(m) => vec![m],
                OneOrMany::Many(v) => v,
            };
            anyhow::ensure!(!list.is_empty(), "models.{task}: the list is empty");
            routes.insert(task, list);
        }
        routes
            .entry("default".to_string())
            .or_insert_with(|| vec![model.to_string()]);
        let usd = |key: &str, v: &Option<String>| -> Result<Option<i64>> {
            v.as_deref()
                .map(|s| parse_usd(s).with_context(|| format!("budgets.{key}")))
                .transpose()
        };
        Ok(FileConfig {
            routes,
            installation_monthly_micros: usd(
                "installation_monthly_usd",
                &raw.budgets.installation_monthly_usd,
            )?,
            repository_monthly_micros: usd(
                "repository_monthly_usd",
                &raw.budgets.repository_monthly_usd,
            )?,
            cache_ttl: match raw.cache.ttl_hours.unwrap_or(DEFAULT_CACHE_HOURS) {
                0 => None,
                h => Some(Duration::from_secs(h * 3600)),
            },
        })
    }

    /// The models for `task`, in order (its own route, else the default).
    pub fn route(&self, task: &str) -> Vec<String> {
        self.routes
            .get(task)
            .or_else(|| self.routes.get("default"))
            .cloned()
            .unwrap_or_default()
    }
}

/// The config in force, reloadable.
#[derive(Debug)]
pub struct LiveConfig {
    path: Option<PathBuf>,
    model: String,
    current: RwLock<(Arc<FileConfig>, Option<SystemTime>)>,
}

impl LiveConfig {
    /// Loads the file at `path` (defaults without one); a bad file at start is an error.
    pub fn load(path: Option<&Path>, model: &str) -> Result<LiveConfig> {
        let (config, mtime) = match path {
            Some(p) => (read(p, model)?, modified(p)),
            None => (FileConfig::defaults(model), None),
        };
        Ok(LiveConfig {
            path: path.map(Path::to_path_buf),
            model: model.to_string(),
            current: RwLock::new((Arc::new(config), mtime)),
        })
    }

    /// The config in force.
    pub fn get(&self) -> Arc<FileConfig> {
        self.current.read().expect("config lock").0.clone()
    }

    /// Reads the file again. Returns whether the config changed; a bad file keeps the old one.
    pub fn reload(&self) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        match read(path, &self.model) {
            Ok(config) => {
                let mut cur = self.current.write().expect("config lock");
                cur.1 = modified(path);
                if *cur.0 == config {
                    return false;
                }
                tracing::info!(path = %path.display(), routes = ?config.routes, "config reloaded");
                cur.0 = Arc::new(config);
                true
            }
            Err(e) => {
                tracing::error!(path = %path.display(), error = %format!("{e:#}"), "config file refused; the previous one stays in force");
                false
            }
        }
    }

    /// Reloads when the file's modification time changed since the last read.
    pub fn reload_if_changed(&self) -> bool {
        let Some(path) = &self.path else {
            return false;
        };
        let now = modified(path);
        let before = self.current.read().expect("config lock").1;
        now != before && self.reload()
    }
}

fn read(path: &Path, model: &str) -> Result<FileConfig> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading the config file {}", path.display()))?;
    FileConfig::parse(&text, model).with_context(|| format!("in {}", path.display()))
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_budgets_and_cache_parse() {
        let c = FileConfig::parse(
            "models:\n  default: [gpt-4o-mini]\n  docs: [\"ft:gpt-4o-mini-2024-07-18:acme::d1\", gpt-4o-mini]\n  tests: gpt-4.1-mini\nbudgets:\n  repository_monthly_usd: \"2.50\"\ncache:\n  ttl_hours: 0\n",
            "gpt-4o",
        )
        .unwrap();
        assert_eq!(c.route("docs")[0], "ft:gpt-4o-mini-2024-07-18:acme::d1");
        assert_eq!(c.route("tests"), ["gpt-4.1-mini"]);
        assert_eq!(c.route("suggest"), ["gpt-4o-mini"], "the default route");
        assert_eq!(c.repository_monthly_micros, Some(2_500_000));
        assert_eq!(c.installation_monthly_micros, None);
        assert_eq!(c.cache_ttl, None);
        let d = FileConfig::parse("", "gpt-4o").unwrap();
        assert_eq!(d.route("docs"), ["gpt-4o"]);
        assert_eq!(d.cache_ttl, Some(Duration::from_secs(168 * 3600)));
        assert!(FileConfig::parse("models:\n  dosc: [x]\n", "m").is_err());
        assert!(FileConfig::parse("budget:\n  x: 1\n", "m").is_err());
        assert!(FileConfig::parse("models:\n  docs: []\n", "m").is_err());
    }

    #[test]
    fn a_changed_file_is_reloaded_and_a_bad_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("minibot.yml");
        std::fs::write(&path, "models:\n  docs: [a, b]\n").unwrap();
        let live = LiveConfig::load(Some(&path), "m").unwrap();
        assert_eq!(live.get().route("docs"), ["a", "b"]);
        std::fs::write(&path, "models:\n  docs: [c]\n").unwrap();
        assert!(live.reload());
        assert_eq!(live.get().route("docs"), ["c"]);
        std::fs::write(&path, "models: [not, a, map]\n").unwrap();
        assert!(!live.reload());
        assert_eq!(live.get().route("docs"), ["c"], "the last good file stays");
        assert!(LiveConfig::load(Some(&dir.path().join("missing.yml")), "m").is_err());
    }
}
