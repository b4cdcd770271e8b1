//! The `minibot` binary.

use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use secrecy::ExposeSecret;

use minibot::config::{Cli, Command, ReplayArgs, split_secrets};
use minibot::store::Store;

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MINIBOT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let json_logs = matches!(&cli.command, Command::Serve(s) if s.log_json);
    init_tracing(json_logs);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("minibot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Serve(settings) => minibot::app::serve(settings).await,
        Command::Migrate { database_url } => {
            let store = Store::connect_without_migrating(&database_url).await?;
            let n = store.migrate().await?;
            println!("database is migrated ({n} migrations)");
            Ok(())
        }
        Command::Replay(args) => replay(args).await,
        Command::Docs(args) => minibot::local_docs::run(args).await,
        Command::Schedule {
            command: minibot::config::ScheduleCommand::List { database_url },
        } => {
            let store = Store::connect(&database_url).await?;
            print!(
                "{}",
                minibot::jobs::refresh::schedule_table(&store, chrono::Utc::now()).await?
            );
            Ok(())
        }
        Command::Cost(args) => {
            let store = Store::connect(&args.database_url).await?;
            let now = minibot::store::now_ms();
            let since = minibot::cost::report::parse_since(&args.since, now)?;
            let calls = store.llm_calls_since(since, args.repo.as_deref()).await?;
            let report = minibot::cost::report::build(&calls, args.by, since, args.repo.as_deref());
            print!("{}", report.render(args.format));
            Ok(())
        }
    }
}

/// Posts a payload file to a running minibot, signed like GitHub would.
async fn replay(args: ReplayArgs) -> Result<()> {
    let body =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let secrets = split_secrets(Some(&args.webhook_secret));
    let secret = secrets.first().context("MINIBOT_WEBHOOK_SECRET is empty")?;
    let signature = minibot::github::webhook::sign(secret.expose_secret(), &body);
    let delivery = args
        .delivery
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let url = format!("http://{}/webhook", args.listen);
    let response = reqwest::Client::new()
        .post(&url)
        .header("content-type", "application/json")
        .header("x-github-event", &args.event)
        .header("x-github-delivery", &delivery)
        .header("x-hub-signature-256", signature)
        .header("user-agent", "GitHub-Hookshot/minibot-replay")
        .body(body)
        .send()
        .await
        .with_context(|| format!("posting to {url}"))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    println!("{} {} (delivery {delivery})", status.as_u16(), text.trim());
    anyhow::ensure!(status.is_success(), "minibot answered {status}");
    Ok(())
}
