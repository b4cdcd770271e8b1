//! Cost, budgets and routing end to end: fallback, the response cache, budgets, `/mini cost`, the
//! `minibot cost` report, `/metrics`, the dashboard, and config reloads, on the fake servers.

#![recursion_limit = "256"]

mod support;

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use support::fake_model::Usage;
use support::harness::{REPO, TestApp, USAGE, USAGE_COST_MICROS, docs_reply};

/// minibot with a config file holding `yaml` (kept alive by the returned guard).
async fn app_with_config(yaml: &str) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("minibot.yml");
    std::fs::write(&path, yaml).unwrap();
    let app = TestApp::start_configured(|s| s.config = Some(path.clone())).await;
    (app, dir)
}

#[tokio::test]
async fn a_429_falls_back_to_the_next_model_two_ledger_rows_one_answer() {
    let (mut app, _dir) = app_with_config("models:\n  docs: [gpt-4.1-mini, gpt-4o-mini]\n").await;
    // The client retries a 429 three times (briefly, or as `retry-after` says); then the
    // route's next model is asked.
    app.model.fail_next(429, 4);
    app.model.push_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    let requests = app.model.requests();
    let asked: Vec<&str> = requests
        .iter()
        .map(|r| r["model"].as_str().unwrap())
        .collect();
    assert_eq!(
        asked,
        [
            "gpt-4.1-mini",
            "gpt-4.1-mini",
            "gpt-4.1-mini",
            "gpt-4.1-mini",
            "gpt-4o-mini"
        ],
        "routed in order"
    );
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(
        (
            calls[0].model.as_str(),
            calls[0].outcome.as_str(),
            calls[0].cost_micros
        ),
        ("gpt-4.1-mini", "error", Some(0))
    );
    assert!(calls[0].error.as_deref().unwrap_or("").contains("429") || calls[0].error.is_some());
    assert_eq!(
        (
            calls[1].model.as_str(),
            calls[1].outcome.as_str(),
            calls[1].cost_micros
        ),
        ("gpt-4o-mini", "ok", Some(USAGE_COST_MICROS))
    );
    assert_eq!(calls[1].model_asked.as_deref(), Some("gpt-4.1-mini"));
    // One answer: one docs pull request, and the reply names the model that answered.
    assert_eq!(app.github.pull_requests(REPO).len(), 2);
    let reply = &app.bot_comments(1)[0];
    assert!(reply.contains("answered by gpt-4o-mini"), "{reply}");
    assert!(reply.contains("$0.000375"), "{reply}");
}

#[tokio::test]
async fn an_unusable_answer_falls_back_too() {
    let (mut app, _dir) = app_with_config("models:\n  default: [gpt-4o, gpt-4o-mini]\n").await;
    app.model
        .push_reply("I cannot answer in JSON, sorry.", USAGE);
    app.model.push_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let calls = app.store().llm_calls().await.unwrap();
    let outcomes: Vec<(&str, &str)> = calls
        .iter()
        .map(|c| (c.model.as_str(), c.outcome.as_str()))
        .collect();
    assert_eq!(outcomes, [("gpt-4o", "unusable"), ("gpt-4o-mini", "ok")]);
    // The unusable answer was paid for, at gpt-4o's price: 1000×2.50 + 200×1.25 + 350×10.
    assert_eq!(calls[0].cost_micros, Some(2_500 + 250 + 3_500));
    assert_eq!(app.github.pull_requests(REPO).len(), 2);
}

#[tokio::test]
async fn an_identical_request_is_answered_from_the_cache_at_no_cost() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    assert_eq!(
        app.model.call_count(),
        1,
        "the re-run on an unchanged PR paid nothing"
    );
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        (
            calls[1].outcome.as_str(),
            calls[1].cost_micros,
            calls[1].saved_micros
        ),
        ("cache_hit", Some(0), USAGE_COST_MICROS)
    );
    let replies = app.bot_comments(1);
    assert!(replies[1].contains("Cost: **$0.000000**"), "{}", replies[1]);
    // /mini cost shows the spend and the saving.
    app.comment(1, "alice", "/mini cost").await;
    app.wait_idle().await;
    let cost = app.bot_comments(1)[2].clone();
    assert!(
        cost.contains("**#1** has cost **$0.000375** in 2 model calls"),
        "{cost}"
    );
    assert!(
        cost.contains("| `/mini docs` | 2 | 1200 | 350 | $0.000375 |"),
        "{cost}"
    );
    assert!(
        cost.contains("| gpt-4o-mini | 2 | 1200 | 350 | $0.000375 |"),
        "{cost}"
    );
    assert!(
        cost.contains("($0.000375 saved by the response cache)"),
        "{cost}"
    );
    assert_eq!(app.model.call_count(), 1, "/mini cost calls no model");
}

#[tokio::test]
async fn a_job_over_budget_does_not_run_and_says_why() {
    let mut app = TestApp::start().await;
    app.github.push_commit(
        REPO,
        "main",
        "Set a budget",
        &[(
            ".github/minibot.yml",
            Some("budget:\n  monthly_usd: \"0.0001\"\n"),
        )],
    );
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;

    assert_eq!(app.model.call_count(), 0, "no model call");
    assert!(app.store().llm_calls().await.unwrap().is_empty());
    assert_eq!(app.github.pull_requests(REPO).len(), 1);
    let reply = &app.bot_comments(1)[0];
    assert!(reply.contains("`/mini docs` did not run"), "{reply}");
    assert!(
        reply.contains("$0.000000 spent of $0.000100 this month"),
        "{reply}"
    );
    assert!(reply.contains("estimated at $0.000"), "{reply}");
    let metrics = scrape(&app).await;
    assert_eq!(
        metrics["minibot_budget_refusals_total{scope=\"repository\"}"],
        1.0
    );
}

/// A ledger row of earlier spend this month for the standard world's installation.
fn earlier_spend(app: &TestApp, micros: i64) -> minibot::store::NewLedgerEntry {
    minibot::store::NewLedgerEntry {
        work_key: format!("earlier-{micros}"),
        job_id: None,
        repo: "octo-org/other-repo".into(),
        pr_number: Some(9),
        task: "docs".into(),
        model: "gpt-4o".into(),
        input_tokens: 1,
        cached_tokens: 0,
        output_tokens: 1,
        cost_micros: Some(micros),
        response: "{}".into(),
        finish_reason: Some("stop".into()),
        model_asked: "gpt-4o".into(),
        installation_id: Some(app.github.installation_id() as i64),
        outcome: "ok".into(),
        error: None,
        latency_ms: 1,
        saved_micros: 0,
        batch: false,
        work_group: None,
        request_hash: None,
    }
}

#[tokio::test]
async fn from_80_percent_of_the_budget_replies_carry_a_warning() {
    let (mut app, _dir) = app_with_config("budgets:\n  installation_monthly_usd: \"1.00\"\n").await;
    // The installation spent $0.85 this month on another repository.
    app.store()
        .record_llm_call(&earlier_spend(&app, 850_000))
        .await
        .unwrap();
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let first = &app.bot_comments(1)[0];
    assert!(first.contains("Opened docs pull request"), "{first}");
    assert!(
        first.contains("**Budget:** the installation has used $0.85"),
        "{first}"
    );
    assert!(
        first.contains("of its $1.000000 monthly budget (85%"),
        "{first}"
    );
    // Spend reaches $0.999 995: the next run would go over, so it does not run.
    app.store()
        .record_llm_call(&earlier_spend(&app, 149_620))
        .await
        .unwrap();
    let calls = app.model.call_count();
    app.comment(1, "alice", "/mini docs please add an example")
        .await;
    app.wait_idle().await;
    assert_eq!(app.model.call_count(), calls);
    let second = &app.bot_comments(1)[1];
    assert!(
        second.contains("over its monthly budget: $0.999995 spent of $1.000000"),
        "{second}"
    );
}

/// Every sample of a Prometheus text exposition, by `name{labels}`; panics on a malformed line.
fn parse_prometheus(text: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    let mut typed = std::collections::HashSet::new();
    for line in text.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let mut parts = rest.split(' ');
            let name = parts.next().unwrap();
            let kind = parts.next().unwrap();
            assert!(
                ["counter", "gauge", "histogram"].contains(&kind),
                "bad type line: {line}"
            );
            typed.insert(name.to_string());
            continue;
        }
        if line.starts_with("# HELP ") {
            continue;
        }
        assert!(!line.starts_with('#'), "stray comment: {line}");
        let (series, value) = line.rsplit_once(' ').expect("`series value`");
        let value: f64 = value
            .parse()
            .unwrap_or_else(|_| panic!("bad value: {line}"));
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad metric name: {line}"
        );
        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .filter(|f| typed.contains(*f))
            .unwrap_or(name);
        assert!(typed.contains(family), "sample without a TYPE: {line}");
        let labels = &series[name.len()..];
        if !labels.is_empty() {
            assert!(
                labels.starts_with('{') && labels.ends_with('}'),
                "bad labels: {line}"
            );
            for pair in labels[1..labels.len() - 1].split("\",") {
                let (k, _) = pair
                    .split_once("=\"")
                    .unwrap_or_else(|| panic!("bad label: {line}"));
                assert!(
                    k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                    "{line}"
                );
            }
        }
        out.insert(series.to_string(), value);
    }
    out
}

async fn scrape(app: &TestApp) -> BTreeMap<String, f64> {
    let text = reqwest::get(format!("{}/metrics", app.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    parse_prometheus(&text)
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_their_counters_move() {
    let mut app = TestApp::start().await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    let before = scrape(&app).await;
    assert_eq!(
        before
            .get("minibot_webhook_deliveries_total{event=\"issue_comment\",outcome=\"accepted\"}"),
        None
    );
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let after = scrape(&app).await;
    let get = |k: &str| {
        *after
            .get(k)
            .unwrap_or_else(|| panic!("no {k} in {after:#?}"))
    };
    assert_eq!(
        get("minibot_webhook_deliveries_total{event=\"issue_comment\",outcome=\"accepted\"}"),
        2.0
    );
    assert_eq!(get("minibot_jobs{kind=\"docs\",state=\"done\"}"), 2.0);
    assert_eq!(
        get("minibot_job_duration_seconds_count{kind=\"docs\",result=\"done\"}"),
        2.0
    );
    assert_eq!(
        get("minibot_model_calls_total{model=\"gpt-4o-mini\",outcome=\"ok\"}"),
        1.0
    );
    assert_eq!(
        get("minibot_model_calls_total{model=\"gpt-4o-mini\",outcome=\"cache_hit\"}"),
        1.0
    );
    let repo = "octo-org/website";
    assert_eq!(
        get(&format!(
            "minibot_model_cost_micros_total{{model=\"gpt-4o-mini\",command=\"docs\",repo=\"{repo}\"}}"
        )),
        USAGE_COST_MICROS as f64
    );
    assert_eq!(
        get(&format!(
            "minibot_model_tokens_total{{model=\"gpt-4o-mini\",command=\"docs\",repo=\"{repo}\",type=\"input\"}}"
        )),
        1200.0
    );
    assert_eq!(get("minibot_cache_hits_total{model=\"gpt-4o-mini\"}"), 1.0);
    assert_eq!(
        get("minibot_cache_saved_micros_total{model=\"gpt-4o-mini\"}"),
        USAGE_COST_MICROS as f64
    );
    assert_eq!(
        get("minibot_budget_refusals_total{scope=\"repository\"}"),
        0.0
    );
}

#[tokio::test]
async fn the_cost_report_matches_the_ledger_in_every_format() {
    let (mut app, _dir) = app_with_config("models:\n  default: [gpt-4o, gpt-4o-mini]\n").await;
    app.model.push_reply("not json", USAGE);
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), Usage::new(2_000, 500, 300));
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    app.comment(1, "alice", "/mini docs").await; // answered from the cache
    app.wait_idle().await;
    let calls = app.store().llm_calls().await.unwrap();
    assert_eq!(calls.len(), 3, "{calls:?}");
    let ledger_total: i64 = calls.iter().filter_map(|c| c.cost_micros).sum();
    // gpt-4o: 1000×2.50 + 200×1.25 + 350×10 = 6250; gpt-4o-mini: 1500×0.15 + 500×0.075 + 300×0.6 = 442.5 → 443
    assert_eq!(ledger_total, 6_250 + 443);

    let db = app.db.url.clone();
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_minibot"))
            .args([
                "cost",
                "--database-url",
                &db,
                "--since",
                "1d",
                "--by",
                "model",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json: Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["total"]["cost_micros"], ledger_total);
    assert_eq!(json["total"]["calls"], 3);
    let rows = json["rows"].as_array().unwrap();
    let sum: i64 = rows
        .iter()
        .map(|r| r["cost_micros"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, ledger_total, "the total is the sum of its rows");
    assert_eq!(rows[0]["key"], "gpt-4o");
    assert_eq!(rows[0]["cost_micros"], 6_250);
    assert_eq!(rows[1]["key"], "gpt-4o-mini");
    assert_eq!(
        (
            rows[1]["cache_hits"].as_i64(),
            rows[1]["saved_micros"].as_i64()
        ),
        (Some(1), Some(443))
    );

    let csv = run("csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "key,calls,input_tokens,cached_tokens,output_tokens,cost_micros,unpriced_calls,cache_hits,saved_micros"
    );
    assert_eq!(lines[1], "gpt-4o,1,1200,200,350,6250,0,0,0");
    assert_eq!(lines[2], "gpt-4o-mini,2,2000,500,300,443,0,1,443");
    assert_eq!(
        lines[3],
        format!("total,3,3200,700,650,{ledger_total},0,1,443")
    );

    let table = run("table");
    assert!(table.contains("gpt-4o-mini"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("total") && l.contains("$0.006693")),
        "{table}"
    );
    println!("{table}");

    // The same report over HTTP, and the dashboard.
    let api: Value = reqwest::get(format!("{}/api/costs?since=1d&by=command", app.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["rows"][0]["key"], "docs");
    assert_eq!(api["total"]["cost_micros"], ledger_total);
    let html = reqwest::get(format!("{}/", app.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<strong>$0.006693</strong>"), "{html}");
    assert!(html.contains("<td>octo-org&#x2f;website</td>"), "{html}");
    let bad = reqwest::get(format!("{}/api/costs?by=weather", app.url()))
        .await
        .unwrap();
    assert_eq!(bad.status().as_u16(), 400);
}

#[tokio::test]
async fn routing_changes_without_a_restart() {
    let (mut app, dir) = app_with_config("models:\n  docs: [gpt-4o-mini]\n").await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    // A fine-tuned model id routes like any other.
    std::fs::write(
        dir.path().join("minibot.yml"),
        "models:\n  docs: [\"ft:gpt-4o-mini-2024-07-18:octo::docs1\"]\n",
    )
    .unwrap();
    tokio::time::sleep(Duration::from_millis(2_600)).await;
    app.comment(1, "alice", "/mini docs for the new model")
        .await;
    app.wait_idle().await;
    let models: Vec<String> = app
        .model
        .requests()
        .iter()
        .map(|r| r["model"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        models,
        ["gpt-4o-mini", "ft:gpt-4o-mini-2024-07-18:octo::docs1"]
    );
    let calls = app.store().llm_calls().await.unwrap();
    // Priced at gpt-4o-mini's fine-tuned rates: 1000×0.30 + 200×0.15 + 350×1.20 = 750.
    assert_eq!(calls[1].cost_micros, Some(750));
    assert!(app.bot_comments(1)[1].contains("answered by ft:gpt-4o-mini-2024-07-18:octo::docs1"));
}

#[tokio::test]
async fn estimates_are_close_to_the_usage_the_server_reports() {
    let mut app = TestApp::start().await;
    app.model.count_usage();
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    let request = &app.model.requests()[0];
    let sent = minibot::llm::ChatRequest {
        model: "gpt-4o-mini".into(),
        system: request["messages"][0]["content"].as_str().unwrap().into(),
        user: request["messages"][1]["content"].as_str().unwrap().into(),
        schema_name: "docs_edits".into(),
        schema: Value::Null,
        max_output_tokens: 8_000,
        images: vec![],
    };
    let estimate = minibot::cost::budget::estimate(
        &minibot::cost::PriceTable::builtin(),
        "gpt-4o-mini",
        &sent,
    );
    let actual = &app.store().llm_calls().await.unwrap()[0];
    let input_error = (estimate.input_tokens as f64 - actual.input_tokens as f64).abs()
        / actual.input_tokens as f64;
    println!(
        "estimate: {} input + {} output tokens = {}; actual: {} input + {} output = {}",
        estimate.input_tokens,
        estimate.output_tokens,
        minibot::cost::format_usd(estimate.micros.unwrap()),
        actual.input_tokens,
        actual.output_tokens,
        minibot::cost::format_usd(actual.cost_micros.unwrap()),
    );
    assert!(
        input_error < 0.01,
        "input estimate off by {:.1}%",
        input_error * 100.0
    );
    // The output is not known before the call: the estimate is an upper-side guess.
    assert!(estimate.micros.unwrap() >= actual.cost_micros.unwrap());
}

/// Two jobs on the same repository send a byte-identical prompt prefix of at least 1,024 tokens
/// (instructions, then the site outline), so the provider's automatic prompt caching applies.
#[tokio::test]
async fn two_jobs_on_one_repository_share_a_long_prompt_prefix() {
    use support::fake_github::FakeGithub;
    let github = FakeGithub::start().await;
    let sections = ["guides", "reference", "cli", "operations"];
    let pages: Vec<(String, String)> = (0..80)
        .map(|i| {
            let section = sections[i % 4];
            (
                format!("docs/{section}/topic-{i:02}.md"),
                format!("---\ntitle: \"{} topic {i}: retries, limits and timeouts\"\n---\n\n# Topic {i}\n\nText.\n", section),
            )
        })
        .collect();
    let mut files: Vec<(&str, &str)> = support::harness::SITE_FILES.to_vec();
    files.extend(pages.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    github.create_repo(REPO, "main", &files);
    for (branch, value, title) in [
        ("one", "5", "Retry five times"),
        ("two", "7", "Retry seven times"),
    ] {
        github.push_commit(
            REPO,
            branch,
            title,
            &[(
                "src/webhook.rs",
                Some(&format!("pub const RETRIES: u32 = {value};\n")),
            )],
        );
        github.open_pr(
            REPO,
            "alice",
            REPO,
            branch,
            "main",
            title,
            "Changes the retry count.",
        );
    }
    github.set_permission(REPO, "alice", "write");
    let mut app = TestApp::start_with(
        github,
        support::fake_model::FakeModel::start().await,
        support::db::sqlite(),
    )
    .await;
    app.model
        .set_default_reply(&docs_reply("docs/webhooks.md"), USAGE);
    app.comment(1, "alice", "/mini docs").await;
    app.wait_idle().await;
    app.comment(2, "alice", "/mini docs").await;
    app.wait_idle().await;

    let prompts: Vec<String> = app
        .model
        .requests()
        .iter()
        .map(|r| {
            format!(
                "{}\n{}",
                r["messages"][0]["content"].as_str().unwrap(),
                r["messages"][1]["content"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(prompts.len(), 2);
    let common = prompts[0]
        .bytes()
        .zip(prompts[1].bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let prefix = &prompts[0][..common];
    let tokens = minibot::llm::tokens::count(prefix);
    println!("shared prompt prefix: {common} bytes, {tokens} o200k tokens");
    assert!(tokens >= 1_024, "only {tokens} tokens shared");
    assert!(
        prefix.contains("</site_outline>"),
        "the outline is in the shared part"
    );
}
