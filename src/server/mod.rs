//! The HTTP surface: `POST /webhook`, `GET /healthz`, `GET /readyz`, `GET /metrics`.

mod webhook;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use secrecy::SecretString;
use serde_json::json;
use tokio::sync::Notify;

use crate::store::Store;

/// GitHub caps webhook payloads at 25 MB; anything larger is not from GitHub.
pub const MAX_BODY_BYTES: usize = 25 * 1024 * 1024;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub secrets: Arc<Vec<SecretString>>,
    /// Wakes in-process workers after intake queued work (None for `--role web`).
    pub wake: Option<Arc<Notify>>,
    pub max_attempts: i64,
    pub readiness: Arc<Readiness>,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub texts: Arc<crate::templates::Texts>,
}

/// What `/readyz` reports besides the database.
#[derive(Debug, Clone)]
pub struct Readiness {
    pub github_app_configured: bool,
    pub webhook_secret_configured: bool,
    pub model_endpoint: String,
    pub model_api_key_configured: bool,
    pub model: String,
}

/// The router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route(
            "/webhook",
            post(webhook::receive).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .route("/", get(dashboard))
        .route("/api/costs", get(api_costs))
        .with_state(state)
}

async fn healthz() -> impl IntoResponse {
    (StatusCode::OK, axum::Json(json!({"status": "ok"})))
}

async fn readyz(State(s): State<AppState>) -> Response {
    let r = &s.readiness;
    let db = s.store.ping().await;
    let body = json!({
        "status": if db.is_ok() { "ready" } else { "unavailable" },
        "database": match &db { Ok(()) => "ok".to_string(), Err(e) => format!("error: {e:#}") },
        "github_app": if r.github_app_configured { "configured" } else { "not configured (set GITHUB_APP_ID and GITHUB_PRIVATE_KEY)" },
        "webhook_secret": if r.webhook_secret_configured { "configured" } else { "not configured (every webhook is refused)" },
        "model_endpoint": redact_url(&r.model_endpoint),
        "model_api_key": if r.model_api_key_configured { "configured" } else { "not set" },
        "model": r.model,
    });
    let status = if db.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, axum::Json(body)).into_response()
}

/// A URL without credentials or query (which may carry keys), for public endpoints.
fn redact_url(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            let host = authority.rsplit('@').next().unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_string(),
    }
}

async fn metrics(State(s): State<AppState>) -> Response {
    let out = s.metrics.render(&s.store).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], out).into_response()
}

/// Query of `/api/costs`: the same choices as `minibot cost`.
#[derive(Debug, serde::Deserialize)]
struct CostQuery {
    since: Option<String>,
    by: Option<String>,
    repo: Option<String>,
}

/// `GET /api/costs?since=30d&by=model&repo=owner/name`: the spend report as JSON.
async fn api_costs(
    State(s): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<CostQuery>,
) -> Response {
    use crate::cost::report::{self, By};
    use clap::ValueEnum;
    let now = crate::store::now_ms();
    let since = match report::parse_since(q.since.as_deref().unwrap_or("30d"), now) {
        Ok(t) => t,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"error": format!("{e:#}")})),
            )
                .into_response();
        }
    };
    let by = match q.by.as_deref().map(|b| By::from_str(b, true)) {
        None => By::Model,
        Some(Ok(b)) => b,
        Some(Err(_)) => {
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(json!({"error": "by: one of day, repo, model, command, pr"})),
            )
                .into_response();
        }
    };
    match s.store.llm_calls_since(since, q.repo.as_deref()).await {
        Ok(calls) => {
            axum::Json(report::build(&calls, by, since, q.repo.as_deref())).into_response()
        }
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"error": format!("{e:#}")})),
        )
            .into_response(),
    }
}

/// `GET /`: this month's spend by repository, model, command and day, and the latest calls.
async fn dashboard(State(s): State<AppState>) -> Response {
    use crate::cost::report::{self, By};
    let now = crate::store::now_ms();
    let month = crate::cost::budget::month_start_ms(now);
    let calls = match s.store.llm_calls_since(month, None).await {
        Ok(c) => c,
        Err(e) => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database unavailable: {e:#}"),
            )
                .into_response();
        }
    };
    let usd = |m: i64| crate::cost::format_usd(m);
    let table = |by: By| -> serde_json::Value {
        let r = report::build(&calls, by, month, None);
        json!(
            r.rows
                .iter()
                .map(|row| json!({
                    "key": row.key, "calls": row.calls, "input": row.input_tokens,
                    "cached": row.cached_tokens, "output": row.output_tokens,
                    "cost": usd(row.cost_micros), "unpriced": row.unpriced_calls,
                    "hits": row.cache_hits, "saved": usd(row.saved_micros),
                }))
                .collect::<Vec<_>>()
        )
    };
    let total = report::build(&calls, By::Model, month, None);
    let recent: Vec<serde_json::Value> = calls
        .iter()
        .rev()
        .take(20)
        .map(|c| {
            json!({
                "when": chrono::DateTime::from_timestamp_millis(c.created_at)
                    .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_default(),
                "repo": c.repo, "pr": c.pr_number, "command": c.task, "model": c.model,
                "outcome": c.outcome, "input": c.input_tokens, "output": c.output_tokens,
                "cost": c.cost_micros.map(usd).unwrap_or_else(|| "unpriced".into()),
            })
        })
        .collect();
    let values = json!({
        "month": total.since,
        "total": usd(total.total.cost_micros),
        "unpriced": total.total.unpriced_calls,
        "calls": total.total.calls,
        "saved": usd(total.total.saved_micros),
        "by_repo": table(By::Repo),
        "by_model": table(By::Model),
        "by_command": table(By::Command),
        "by_day": table(By::Day),
        "recent": recent,
    });
    match s.texts.render("dashboard.html", &values) {
        Ok(html) => axum::response::Html(html).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn urls_lose_credentials_and_queries() {
        assert_eq!(
            redact_url("https://user:key@llm.example.com/v1?api-key=x"),
            "https://llm.example.com/v1"
        );
        assert_eq!(
            redact_url("http://127.0.0.1:8090/v1"),
            "http://127.0.0.1:8090/v1"
        );
    }
}
