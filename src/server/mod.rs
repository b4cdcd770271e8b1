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
