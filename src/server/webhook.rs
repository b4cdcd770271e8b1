//! Intake: verify, record, answer. No GitHub or model call happens here: the delivery and the
//! jobs it implies are committed in one transaction before the answer goes out, and workers do
//! the rest.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use crate::github::webhook::verify_signature;
use crate::jobs;
use crate::store::DeliveryOutcome;

fn answer(status: StatusCode, outcome: &str, detail: &str) -> Response {
    (
        status,
        axum::Json(json!({"outcome": outcome, "detail": detail})),
    )
        .into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// `POST /webhook`.
pub async fn receive(State(s): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let m = &s.metrics;
    let event_name = header(&headers, "x-github-event").unwrap_or("-");
    // The signature comes first: nothing unsigned is parsed or stored.
    if !verify_signature(&s.secrets, &body, header(&headers, "x-hub-signature-256")) {
        m.webhook("-", "unauthorized");
        return answer(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong X-Hub-Signature-256",
        );
    }
    let (Some(event), Some(delivery)) = (
        header(&headers, "x-github-event"),
        header(&headers, "x-github-delivery"),
    ) else {
        m.webhook(event_name, "bad_request");
        return answer(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "X-GitHub-Event and X-GitHub-Delivery are required",
        );
    };
    if delivery.len() > 128 || event.len() > 64 {
        m.webhook(event_name, "bad_request");
        return answer(
            StatusCode::BAD_REQUEST,
            "bad_request",
            "header value too long",
        );
    }
    let plan = match jobs::plan(event, delivery, &body, s.max_attempts) {
        Ok(p) => p,
        Err(e) => {
            m.webhook(event_name, "bad_request");
            tracing::info!(event, delivery, error = %e, "webhook refused: bad payload");
            return answer(StatusCode::BAD_REQUEST, "bad_request", &e.to_string());
        }
    };
    match s.store.record_delivery(&plan.delivery, &plan.jobs).await {
        Ok(DeliveryOutcome::Duplicate) => {
            m.webhook(event, "duplicate");
            answer(StatusCode::OK, "duplicate", "delivery already received")
        }
        Ok(DeliveryOutcome::Recorded { jobs_queued: 0 }) => {
            m.webhook(event, "ignored");
            answer(StatusCode::OK, "ignored", "nothing to do for this event")
        }
        Ok(DeliveryOutcome::Recorded { jobs_queued }) => {
            m.webhook(event, "accepted");
            if let Some(w) = &s.wake {
                for _ in 0..jobs_queued {
                    w.notify_one();
                }
            }
            tracing::info!(
                event,
                delivery,
                repo = plan.delivery.repo.as_deref().unwrap_or(""),
                jobs = jobs_queued,
                "webhook accepted"
            );
            answer(
                StatusCode::ACCEPTED,
                "accepted",
                &format!("{jobs_queued} job(s) queued"),
            )
        }
        Err(e) => {
            m.webhook(event, "failed");
            tracing::error!(event, delivery, error = %format!("{e:#}"), "recording the delivery failed");
            // Not acknowledged, so GitHub shows it as failed and it can be redelivered.
            answer(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "could not record the delivery",
            )
        }
    }
}
