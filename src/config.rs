//! Process settings: every flag is also an environment variable, secrets are `SecretString`s so
//! they cannot be printed by accident.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use secrecy::{ExposeSecret, SecretString};

/// minibot: a GitHub App that writes Docusaurus doc updates, tests and code suggestions with a
/// language model, and tells you what each pull request cost.
#[derive(Debug, Parser)]
#[command(name = "minibot", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the webhook endpoint, health checks and metrics, and run the workers.
    Serve(Settings),
    /// Apply the database migrations and exit.
    Migrate {
        #[arg(
            long,
            env = "MINIBOT_DATABASE_URL",
            default_value = "sqlite://minibot.db"
        )]
        database_url: String,
    },
    /// Post a payload file to a running minibot as if GitHub sent it (signed with the first
    /// webhook secret), for debugging.
    Replay(ReplayArgs),
    /// Run the doc engine on a local git checkout: plan the pages a change concerns, or write
    /// the updates to a new local branch (no GitHub needed).
    Docs(DocsArgs),
    /// Print what the model calls cost, from the ledger.
    Cost(CostArgs),
    /// The scheduled docs refreshes.
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
    },
}

/// `minibot schedule …`.
#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Each repository's refresh schedule, next run and last result.
    List {
        #[arg(
            long,
            env = "MINIBOT_DATABASE_URL",
            default_value = "sqlite://minibot.db"
        )]
        database_url: String,
    },
}

/// Arguments of `minibot cost`.
#[derive(Debug, Clone, Args)]
pub struct CostArgs {
    #[arg(
        long,
        env = "MINIBOT_DATABASE_URL",
        default_value = "sqlite://minibot.db"
    )]
    pub database_url: String,
    /// Only this repository (`owner/name`).
    #[arg(long)]
    pub repo: Option<String>,
    /// From when: `30d`, `12h`, `2w`, or a date `2026-11-01` (UTC).
    #[arg(long, default_value = "30d")]
    pub since: String,
    /// How rows are grouped.
    #[arg(long, value_enum, default_value = "model")]
    pub by: crate::cost::report::By,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::cost::report::Format,
}

/// Output format of `minibot docs --plan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

/// Arguments of `minibot docs`.
#[derive(Debug, Clone, Args)]
pub struct DocsArgs {
    /// The checkout (any folder inside the git repository).
    #[arg(long, default_value = ".")]
    pub path: PathBuf,
    /// Where the change starts (default: where HEAD left main/master, else HEAD's parent).
    #[arg(long)]
    pub base: Option<String>,
    /// Where the change ends.
    #[arg(long, default_value = "HEAD")]
    pub head: String,
    /// Print the plan (pages, reasons, estimated cost) without calling the model.
    #[arg(long)]
    pub plan: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
    /// Print the edits as a diff instead of writing a branch.
    #[arg(long)]
    pub dry_run: bool,
    /// Extra instructions for the model, like the words after `/mini docs`.
    #[arg(long, default_value = "")]
    pub instructions: String,
    /// The model endpoint, the price table and the token budgets.
    #[command(flatten)]
    pub llm: ModelSettings,
}

/// Arguments of `minibot replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The payload file (a webhook body as GitHub sends it).
    pub file: PathBuf,
    /// The event name sent as `X-GitHub-Event` (e.g. `issue_comment`).
    #[arg(long)]
    pub event: String,
    /// The delivery id sent as `X-GitHub-Delivery` (a new UUID when absent).
    #[arg(long)]
    pub delivery: Option<String>,
    /// Where minibot listens.
    #[arg(long, env = "MINIBOT_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Webhook secret(s); the first one signs the payload.
    #[arg(long, env = "MINIBOT_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: SecretString,
}

/// The model endpoint, the price table and the token budgets (shared by `serve` and `docs`).
#[derive(Debug, Clone, Args)]
pub struct ModelSettings {
    /// OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, llama.cpp server, Ollama, …).
    #[arg(
        long,
        env = "OPENAI_BASE_URL",
        default_value = "https://api.openai.com/v1"
    )]
    pub openai_base_url: String,
    /// API key for the model endpoint.
    #[arg(long, env = "OPENAI_API_KEY", hide_env_values = true)]
    pub openai_api_key: Option<SecretString>,
    /// Model used for every task.
    #[arg(long, env = "MINIBOT_MODEL", default_value = "gpt-4o-mini")]
    pub model: String,
    /// Price table (YAML) replacing the built-in one.
    #[arg(long, env = "MINIBOT_PRICES")]
    pub prices: Option<PathBuf>,
    /// Model capability table (YAML: context window, longest answer, image input) replacing the
    /// built-in one.
    #[arg(long, env = "MINIBOT_MODELS")]
    pub models: Option<PathBuf>,
    /// How often a Batch API batch (scheduled refreshes) is polled (milliseconds).
    #[arg(long, env = "MINIBOT_BATCH_POLL_MS", default_value_t = 30_000)]
    pub batch_poll_ms: u64,
    /// How long a batch may take before minibot cancels it and calls the model directly (seconds).
    #[arg(long, env = "MINIBOT_BATCH_DEADLINE_SECS", default_value_t = 7_200)]
    pub batch_deadline_secs: u64,
    /// Timeout of one model call (seconds).
    #[arg(long, env = "MINIBOT_MODEL_TIMEOUT_SECS", default_value_t = 120)]
    pub model_timeout_secs: u64,
    /// Longest answer asked of the model (tokens); a longer one is cut short and rejected.
    #[arg(long, env = "MINIBOT_MAX_OUTPUT_TOKENS", default_value_t = 8_000)]
    pub max_output_tokens: u32,
    /// Token budget for the pull request context (diff, commits) sent to the model.
    #[arg(long, env = "MINIBOT_CONTEXT_TOKENS", default_value_t = 12_000)]
    pub context_tokens: usize,
}

/// What a `serve` process does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// Intake and workers.
    All,
    /// Intake only (the workers run elsewhere against the same database).
    Web,
    /// Workers only (plus health endpoints).
    Worker,
}

/// Settings of `minibot serve`.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "MINIBOT_LISTEN", default_value = "127.0.0.1:3000")]
    pub listen: SocketAddr,
    /// Database URL: `sqlite://PATH` (created if missing) or `postgres://…`.
    #[arg(
        long,
        env = "MINIBOT_DATABASE_URL",
        default_value = "sqlite://minibot.db"
    )]
    pub database_url: String,
    /// Webhook secret; a comma-separated list is accepted while rotating secrets.
    #[arg(long, env = "MINIBOT_WEBHOOK_SECRET", hide_env_values = true)]
    pub webhook_secret: Option<SecretString>,
    /// The GitHub App's id.
    #[arg(long, env = "GITHUB_APP_ID")]
    pub github_app_id: Option<u64>,
    /// The GitHub App's private key: PEM text or a path to a PEM file.
    #[arg(long, env = "GITHUB_PRIVATE_KEY", hide_env_values = true)]
    pub github_private_key: Option<SecretString>,
    /// GitHub's REST API base URL (GitHub Enterprise Server: `https://HOST/api/v3`).
    #[arg(long, env = "GITHUB_API_URL", default_value = "https://api.github.com")]
    pub github_api_url: String,
    /// How often the scheduler looks for due docs refreshes (seconds; 0 = never).
    #[arg(long, env = "MINIBOT_SCHEDULER_SECS", default_value_t = 60)]
    pub scheduler_secs: u64,
    /// Config file (YAML): model routing per task, default budgets, the response cache.
    /// Reloaded on SIGHUP and when it changes.
    #[arg(long, env = "MINIBOT_CONFIG")]
    pub config: Option<PathBuf>,
    /// The model endpoint, the price table and the token budgets.
    #[command(flatten)]
    pub llm: ModelSettings,
    /// What this process runs.
    #[arg(long, env = "MINIBOT_ROLE", value_enum, default_value = "all")]
    pub role: Role,
    /// Concurrent job workers in this process.
    #[arg(long, env = "MINIBOT_WORKERS", default_value_t = 2)]
    pub workers: usize,
    /// How long a claimed job is leased before another worker may take it over (seconds). The
    /// lease is renewed while the job runs.
    #[arg(long, env = "MINIBOT_JOB_LEASE_SECS", default_value_t = 120)]
    pub job_lease_secs: u64,
    /// Attempts before a job ends as `failed`.
    #[arg(long, env = "MINIBOT_JOB_MAX_ATTEMPTS", default_value_t = 5)]
    pub job_max_attempts: i64,
    /// First retry delay (milliseconds); doubles on every attempt.
    #[arg(long, env = "MINIBOT_JOB_RETRY_BASE_MS", default_value_t = 10_000)]
    pub job_retry_base_ms: u64,
    /// How often an idle worker looks for work (milliseconds).
    #[arg(long, env = "MINIBOT_POLL_MS", default_value_t = 1_000)]
    pub poll_ms: u64,
    /// How long running jobs may continue after SIGTERM before they are given back (seconds).
    #[arg(long, env = "MINIBOT_SHUTDOWN_GRACE_SECS", default_value_t = 30)]
    pub shutdown_grace_secs: u64,
    /// First wait before retrying a failed GitHub request (milliseconds); doubles each time.
    #[arg(long, env = "MINIBOT_GITHUB_RETRY_BASE_MS", default_value_t = 500)]
    pub github_retry_base_ms: u64,
    /// Log as JSON lines instead of text.
    #[arg(long, env = "MINIBOT_LOG_JSON", default_value_t = false)]
    pub log_json: bool,
}

impl Settings {
    /// Settings with every default, for tests and embedding.
    pub fn defaults() -> Settings {
        Settings::parse_from_args::<&str>(&[])
    }

    fn parse_from_args<S: AsRef<str>>(args: &[S]) -> Settings {
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            settings: Settings,
        }
        let argv = std::iter::once("minibot").chain(args.iter().map(|s| s.as_ref()));
        Wrapper::parse_from(argv).settings
    }

    /// The webhook secrets, in the order given.
    pub fn webhook_secrets(&self) -> Vec<SecretString> {
        split_secrets(self.webhook_secret.as_ref())
    }

    /// The job lease as a duration.
    pub fn job_lease(&self) -> Duration {
        Duration::from_secs(self.job_lease_secs.max(1))
    }
}

/// Splits a comma-separated list of secrets, dropping empty entries.
pub fn split_secrets(value: Option<&SecretString>) -> Vec<SecretString> {
    value
        .map(|s| {
            s.expose_secret()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| SecretString::from(s.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_documented_interface() {
        let s = Settings::defaults();
        assert_eq!(s.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database_url, "sqlite://minibot.db");
        assert_eq!(s.llm.model, "gpt-4o-mini");
        assert_eq!(s.github_api_url, "https://api.github.com");
        assert_eq!(s.llm.openai_base_url, "https://api.openai.com/v1");
    }

    #[test]
    fn secrets_split_on_commas_for_rotation() {
        let s = SecretString::from("new-secret, old-secret,,".to_string());
        let list = split_secrets(Some(&s));
        let exposed: Vec<&str> = list.iter().map(|s| s.expose_secret()).collect();
        assert_eq!(exposed, ["new-secret", "old-secret"]);
        let debug = format!("{:?}", Settings::defaults());
        assert!(!debug.contains("old-secret"));
    }
}
