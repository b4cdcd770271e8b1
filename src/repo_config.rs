//! Per-repository settings: `.github/minibot.yml` on the default branch.
//!
//! Unknown keys are errors (`deny_unknown_fields`), reported back on the pull request with the key
//! and line, so a typo never silently falls back to a default.
//!
//! ```yaml
//! docs:
//!   path: website/docs     # the docs folder (default: from docusaurus.config, else docs/)
//!   site: website          # the folder holding docusaurus.config.* (default: found by search)
//!   max_pages: 3           # pages one /mini docs run may touch
//! tests:
//!   max_files: 3           # source files one /mini tests run writes tests for
//! suggest:
//!   max_comments: 10       # most inline suggestions in one /mini suggest review
//! budget:
//!   monthly_usd: "5.00"    # this repository's model spend per calendar month (UTC)
//! ```

use serde::Deserialize;

/// Where the file lives in a repository.
pub const PATH: &str = ".github/minibot.yml";

/// The parsed file. Every field has a documented default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoConfig {
    /// Documentation settings.
    #[serde(default)]
    pub docs: DocsConfig,
    /// `/mini tests` settings.
    #[serde(default)]
    pub tests: TestsConfig,
    /// `/mini suggest` settings.
    #[serde(default)]
    pub suggest: SuggestConfig,
    /// Spending limits.
    #[serde(default)]
    pub budget: BudgetConfig,
}

/// The `budget:` section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetConfig {
    /// This repository's monthly model spend, in US dollars (a decimal string or number).
    pub monthly_usd: Option<serde_norway::Value>,
}

impl BudgetConfig {
    /// The monthly budget in micro-dollars, if set.
    pub fn monthly_micros(&self) -> Option<i64> {
        self.monthly_usd.as_ref().and_then(usd_value)
    }
}

/// `5`, `5.5` or `"5.50"` as micro-dollars.
fn usd_value(v: &serde_norway::Value) -> Option<i64> {
    let text = match v {
        serde_norway::Value::String(s) => s.clone(),
        serde_norway::Value::Number(n) => n.to_string(),
        _ => return None,
    };
    crate::cost::parse_usd(&text).ok()
}

/// The `tests:` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TestsConfig {
    /// Most source files one run writes tests for (1–10, default 3).
    #[serde(default = "default_max_files")]
    pub max_files: usize,
}

impl Default for TestsConfig {
    fn default() -> Self {
        TestsConfig {
            max_files: default_max_files(),
        }
    }
}

fn default_max_files() -> usize {
    3
}

/// The `suggest:` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestConfig {
    /// Most inline suggestions in one review (1–50, default 10).
    #[serde(default = "default_max_comments")]
    pub max_comments: usize,
}

impl Default for SuggestConfig {
    fn default() -> Self {
        SuggestConfig {
            max_comments: default_max_comments(),
        }
    }
}

fn default_max_comments() -> usize {
    10
}

/// The `docs:` section.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocsConfig {
    /// The docs folder, relative to the repository root.
    pub path: Option<String>,
    /// The Docusaurus site folder (where `docusaurus.config.*` is), relative to the root.
    pub site: Option<String>,
    /// Most pages one run may create or update (1–10, default 3).
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
    /// The scheduled refresh: `weekly` (Monday 06:00), `daily`, `off` or a cron expression.
    /// Default: `weekly` when a Docusaurus site is found, `off` otherwise.
    pub refresh: Option<String>,
    /// The timezone of the refresh schedule (default UTC).
    pub refresh_timezone: Option<String>,
    /// Scheduled refreshes may use the Batch API at half price (default: true on OpenAI).
    pub refresh_batch: Option<bool>,
}

impl Default for DocsConfig {
    fn default() -> Self {
        DocsConfig {
            path: None,
            site: None,
            max_pages: default_max_pages(),
            refresh: None,
            refresh_timezone: None,
            refresh_batch: None,
        }
    }
}

fn default_max_pages() -> usize {
    3
}

/// A configuration file minibot cannot use, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    /// What is wrong, naming the key.
    pub message: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
}

impl RepoConfig {
    /// Parses the file's text. An empty file means all defaults.
    pub fn parse(text: &str) -> Result<RepoConfig, ConfigError> {
        if text.trim().is_empty() {
            return Ok(RepoConfig::default());
        }
        let config: RepoConfig = serde_norway::from_str(text).map_err(|e| ConfigError {
            line: e.location().map(|l| l.line()),
            message: e.to_string(),
        })?;
        config.validate(text)?;
        Ok(config)
    }

    fn validate(&self, text: &str) -> Result<(), ConfigError> {
        let line_of = |key: &str| {
            text.lines()
                .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                .map(|i| i + 1)
        };
        if !(1..=10).contains(&self.docs.max_pages) {
            return Err(ConfigError {
                message: format!(
                    "docs.max_pages: must be between 1 and 10, got {}",
                    self.docs.max_pages
                ),
                line: line_of("max_pages"),
            });
        }
        for (key, value, range) in [
            ("tests.max_files", self.tests.max_files, 1..=10),
            ("suggest.max_comments", self.suggest.max_comments, 1..=50),
        ] {
            if !range.contains(&value) {
                return Err(ConfigError {
                    message: format!(
                        "{key}: must be between {} and {}, got {value}",
                        range.start(),
                        range.end()
                    ),
                    line: line_of(key.rsplit('.').next().unwrap_or(key)),
                });
            }
        }
        if let Err(e) = crate::schedule::Schedule::parse(
            self.docs.refresh.as_deref(),
            self.docs.refresh_timezone.as_deref(),
            true,
        ) {
            let key = if e.contains("timezone") {
                "refresh_timezone"
            } else {
                "refresh"
            };
            return Err(ConfigError {
                message: format!("docs.{key}: {e}"),
                line: line_of(key),
            });
        }
        if let Some(v) = &self.budget.monthly_usd
            && usd_value(v).is_none()
        {
            return Err(ConfigError {
                message: format!(
                    "budget.monthly_usd: must be an amount in US dollars like \"5.00\", got {}",
                    serde_norway::to_string(v).unwrap_or_default().trim()
                ),
                line: line_of("monthly_usd"),
            });
        }
        for (key, value) in [("path", &self.docs.path), ("site", &self.docs.site)] {
            if let Some(v) = value
                && !is_safe_relative_dir(v)
            {
                return Err(ConfigError {
                    message: format!(
                        "docs.{key}: must be a folder inside the repository (relative, no `..`), got {v:?}"
                    ),
                    line: line_of(key),
                });
            }
        }
        Ok(())
    }
}

/// A relative folder path that stays inside the repository.
pub fn is_safe_relative_dir(p: &str) -> bool {
    let p = p.trim_end_matches('/');
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/')
            .all(|seg| !seg.is_empty() && seg != ".." && seg != ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_means_defaults() {
        assert_eq!(RepoConfig::parse("").unwrap(), RepoConfig::default());
        assert_eq!(RepoConfig::default().docs.max_pages, 3);
    }

    #[test]
    fn a_full_file_parses() {
        let c = RepoConfig::parse("docs:\n  path: website/docs\n  site: website\n  max_pages: 5\n")
            .unwrap();
        assert_eq!(c.docs.path.as_deref(), Some("website/docs"));
        assert_eq!(c.docs.site.as_deref(), Some("website"));
        assert_eq!(c.docs.max_pages, 5);
        let c = RepoConfig::parse("tests:\n  max_files: 2\nsuggest:\n  max_comments: 4\n").unwrap();
        assert_eq!((c.tests.max_files, c.suggest.max_comments), (2, 4));
        assert_eq!(RepoConfig::default().suggest.max_comments, 10);
        let err = RepoConfig::parse("suggest:\n  max_comments: 0\n").unwrap_err();
        assert!(
            err.message.contains("suggest.max_comments"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(2));
        let c = RepoConfig::parse("budget:\n  monthly_usd: \"2.50\"\n").unwrap();
        assert_eq!(c.budget.monthly_micros(), Some(2_500_000));
        let c = RepoConfig::parse("budget:\n  monthly_usd: 3\n").unwrap();
        assert_eq!(c.budget.monthly_micros(), Some(3_000_000));
        let err = RepoConfig::parse("budget:\n  monthly_usd: lots\n").unwrap_err();
        assert!(
            err.message.contains("budget.monthly_usd"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(2));
        let c = RepoConfig::parse("docs:\n  refresh: \"0 3 * * 1\"\n  refresh_timezone: Europe/Berlin\n  refresh_batch: false\n").unwrap();
        assert_eq!(c.docs.refresh.as_deref(), Some("0 3 * * 1"));
        assert_eq!(c.docs.refresh_batch, Some(false));
        let err = RepoConfig::parse("docs:\n  refresh: fortnightly\n").unwrap_err();
        assert!(err.message.starts_with("docs.refresh:"), "{}", err.message);
        assert_eq!(err.line, Some(2));
        let err = RepoConfig::parse("docs:\n  refresh: weekly\n  refresh_timezone: Moon/Base\n")
            .unwrap_err();
        assert!(
            err.message.starts_with("docs.refresh_timezone:"),
            "{}",
            err.message
        );
        assert_eq!(err.line, Some(3));
        let err = RepoConfig::parse("suggest:\n  max_coments: 3\n").unwrap_err();
        assert!(err.message.contains("max_coments"), "{}", err.message);
    }

    #[test]
    fn an_unknown_key_is_named_with_its_line() {
        let err = RepoConfig::parse("docs:\n  path: docs\n  pth: oops\n").unwrap_err();
        assert!(err.message.contains("pth"), "{}", err.message);
        assert_eq!(err.line, Some(3));
        let err = RepoConfig::parse("doc:\n  path: docs\n").unwrap_err();
        assert!(err.message.contains("doc"), "{}", err.message);
        assert_eq!(err.line, Some(1));
    }

    #[test]
    fn wrong_types_and_ranges_are_reported() {
        let err = RepoConfig::parse("docs:\n  max_pages: lots\n").unwrap_err();
        assert!(err.message.contains("max_pages"), "{}", err.message);
        let err = RepoConfig::parse("docs:\n  max_pages: 50\n").unwrap_err();
        assert!(err.message.contains("docs.max_pages"), "{}", err.message);
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn paths_must_stay_inside_the_repository() {
        let err = RepoConfig::parse("docs:\n  path: ../elsewhere\n").unwrap_err();
        assert!(err.message.contains("docs.path"), "{}", err.message);
        assert!(RepoConfig::parse("docs:\n  path: /etc\n").is_err());
        assert!(is_safe_relative_dir("website/docs/"));
    }
}
