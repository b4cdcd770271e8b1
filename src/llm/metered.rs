//! Every model call goes through here: routed to the task's models in order (a model failing with
//! 429 or 5xx after the client's own brief retries, a timeout or an unusable answer falls back to
//! the next), answered from the response
//! cache when the exact request was paid for recently, recorded in the ledger attempt by attempt,
//! and never paid twice for the same work: a retried job (after a crash, a GitHub error, a lost
//! lease) reuses the answer its earlier attempt used.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::models::ModelTable;
use super::{ChatAnswer, ChatRequest, LlmClient, Usage, json_from_answer};
use crate::cost::PriceTable;
use crate::store::{LedgerEntry, NewLedgerEntry, Store, now_ms};

/// Who a call is for.
#[derive(Debug, Clone)]
pub struct CallScope<'a> {
    pub job_id: i64,
    /// The job's unique key: part of the work identity.
    pub job_key: &'a str,
    pub repo: &'a str,
    pub pr_number: Option<i64>,
    /// `docs`, `tests`, … (for routing and reports).
    pub task: &'a str,
    pub installation_id: Option<i64>,
    /// Not urgent: try the Batch API (half price) first.
    pub batch: bool,
}

/// What a call needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct Meter<'a> {
    pub store: &'a Store,
    pub llm: &'a LlmClient,
    pub prices: &'a PriceTable,
    pub models: &'a ModelTable,
    /// The task's models, in order.
    pub route: &'a [String],
    /// How old a cached answer may be; None = no cache.
    pub cache_ttl: Option<Duration>,
}

/// A model answer and its ledger row.
#[derive(Debug, Clone)]
pub struct MeteredAnswer {
    pub content: String,
    pub entry: LedgerEntry,
    /// True when the answer came from an earlier attempt of the same job (nothing was paid now).
    pub reused: bool,
    /// Why the model stopped (`stop`, `length`, `refusal`, …).
    pub finish_reason: Option<String>,
}

fn hash(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
        h.update([0]);
    }
    hex::encode(h.finalize())
}

/// The identity of one piece of a job's work, whichever model does it.
pub fn work_group(scope: &CallScope<'_>, request: &ChatRequest) -> String {
    let mut body = request.body();
    body.as_object_mut().map(|o| o.remove("model"));
    body.as_object_mut().map(|o| o.remove("max_tokens"));
    hash(&[
        scope.job_key.as_bytes(),
        scope.task.as_bytes(),
        body.to_string().as_bytes(),
    ])
}

/// The response cache's key: the exact request (model, messages, parameters).
pub fn request_hash(request: &ChatRequest) -> String {
    hash(&[request.body().to_string().as_bytes()])
}

/// A ledger row for one attempt of `scope`'s work on `model`, with nothing paid yet; callers
/// fill in what happened.
fn attempt_row(
    scope: &CallScope<'_>,
    group: &str,
    asked: &str,
    model: &str,
    req_hash: String,
    outcome: &str,
) -> NewLedgerEntry {
    NewLedgerEntry {
        work_key: format!("{group}:{}", uuid::Uuid::new_v4().simple()),
        job_id: Some(scope.job_id),
        repo: scope.repo.to_string(),
        pr_number: scope.pr_number,
        task: scope.task.to_string(),
        model: model.to_string(),
        input_tokens: 0,
        cached_tokens: 0,
        output_tokens: 0,
        cost_micros: Some(0),
        response: String::new(),
        finish_reason: None,
        model_asked: asked.to_string(),
        installation_id: scope.installation_id,
        outcome: outcome.to_string(),
        error: None,
        latency_ms: 0,
        saved_micros: 0,
        batch: false,
        work_group: Some(group.to_string()),
        request_hash: Some(req_hash),
    }
}

/// Why an answer cannot be used, if it cannot.
fn unusable(answer: &ChatAnswer) -> Option<String> {
    match answer.finish_reason.as_deref() {
        Some("length") => Some("cut short at the output token limit".into()),
        Some("refusal") => Some("refused".into()),
        _ if json_from_answer(&answer.content).is_err() => Some("not valid JSON".into()),
        _ => None,
    }
}

/// The request as sent to `model`: its name, and an answer limit the model allows.
fn for_model(request: &ChatRequest, model: &str, models: &ModelTable) -> ChatRequest {
    let mut r = request.clone();
    r.model = model.to_string();
    if let Some(max) = models.get(model).max_output {
        r.max_output_tokens = r.max_output_tokens.min(max);
    }
    // Images only go to models that accept them.
    if !models.get(model).vision {
        r.images.clear();
    }
    r
}

/// Calls the task's models in order until one answers usably, unless this work was already done
/// (by an earlier attempt of the job) or the exact request is in the response cache.
pub async fn chat(
    meter: &Meter<'_>,
    scope: &CallScope<'_>,
    request: &ChatRequest,
) -> Result<MeteredAnswer> {
    let group = work_group(scope, request);
    if let Some(entry) = meter.store.used_answer_of_group(&group).await? {
        tracing::info!(
            job = scope.job_id,
            "reusing the model answer an earlier attempt used"
        );
        return Ok(MeteredAnswer {
            content: entry.response.clone(),
            finish_reason: entry.finish_reason.clone(),
            entry,
            reused: true,
        });
    }
    let route: Vec<String> = if meter.route.is_empty() {
        vec![request.model.clone()]
    } else {
        meter.route.to_vec()
    };
    let asked = route[0].clone();
    // The response cache: the same request to any model of the route, paid for recently.
    if let Some(ttl) = meter.cache_ttl {
        let since = now_ms() - ttl.as_millis() as i64;
        for model in &route {
            let req_hash = request_hash(&for_model(request, model, meter.models));
            if let Some(hit) = meter.store.cached_answer(&req_hash, since).await? {
                tracing::info!(%model, saved = ?hit.cost_micros, "answered from the response cache");
                let entry = NewLedgerEntry {
                    response: hit.response.clone(),
                    finish_reason: hit.finish_reason.clone(),
                    saved_micros: hit.cost_micros.unwrap_or(0),
                    ..attempt_row(scope, &group, &asked, &hit.model, req_hash, "cache_hit")
                };
                return finish(meter.store, entry, false).await;
            }
        }
    }
    if scope.batch {
        let req = for_model(request, &asked, meter.models);
        let started = Instant::now();
        match meter.llm.chat_batch(&req).await {
            Ok(super::batch::BatchOutcome::Answer(answer)) => {
                let usage = answer.usage.unwrap_or_default();
                let cost = answer.usage.and_then(|u| {
                    meter.prices.cost_micros_on(
                        &answer.model,
                        &u,
                        chrono::Utc::now().date_naive(),
                        true,
                    )
                });
                let problem = unusable(&answer);
                let outcome = if problem.is_some() { "unusable" } else { "ok" };
                let entry = NewLedgerEntry {
                    input_tokens: usage.input_tokens as i64,
                    cached_tokens: usage.cached_tokens as i64,
                    output_tokens: usage.output_tokens as i64,
                    cost_micros: cost,
                    response: answer.content.clone(),
                    finish_reason: answer.finish_reason.clone(),
                    error: problem.clone(),
                    latency_ms: started.elapsed().as_millis() as i64,
                    batch: true,
                    ..attempt_row(
                        scope,
                        &group,
                        &asked,
                        &answer.model,
                        request_hash(&req),
                        outcome,
                    )
                };
                if problem.is_none() {
                    tracing::info!(model = %answer.model, cost = ?cost, "answered through the Batch API");
                    return finish(meter.store, entry, false).await;
                }
                meter.store.record_llm_call(&entry).await?;
            }
            Ok(super::batch::BatchOutcome::NotUsed(why)) => {
                tracing::info!(%why, "Batch API not used; calling the model directly");
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "Batch API failed; calling the model directly");
            }
        }
    }
    let mut last_error: Option<anyhow::Error> = None;
    for (i, model) in route.iter().enumerate() {
        let last = i + 1 == route.len();
        let req = for_model(request, model, meter.models);
        let req_hash = request_hash(&req);
        let row =
            |outcome: &str| attempt_row(scope, &group, &asked, model, req_hash.clone(), outcome);
        let started = Instant::now();
        let result = meter.llm.chat(&req).await;
        let latency_ms = started.elapsed().as_millis() as i64;
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                tracing::warn!(%model, error = %format!("{e:#}"), fallback = !last, "model call failed");
                meter
                    .store
                    .record_llm_call(&NewLedgerEntry {
                        error: Some(format!("{e:#}").chars().take(500).collect()),
                        latency_ms,
                        ..row("error")
                    })
                    .await?;
                last_error = Some(e);
                continue;
            }
        };
        let cost = match &answer.usage {
            Some(u) => meter.prices.cost_micros(&answer.model, u),
            None => {
                tracing::warn!(model = %answer.model, "the server sent no usage: the call is recorded unpriced");
                None
            }
        };
        if cost.is_none() && answer.usage.is_some() {
            tracing::warn!(model = %answer.model, "model has no price: the call is recorded as unpriced");
        }
        let Usage {
            input_tokens,
            cached_tokens,
            output_tokens,
        } = answer.usage.unwrap_or_default();
        let problem = unusable(&answer);
        let outcome = match (&problem, last) {
            (None, _) => "ok",
            (Some(_), false) => "unusable",
            (Some(_), true) => "final_unusable",
        };
        let entry = NewLedgerEntry {
            model: answer.model.clone(),
            input_tokens: input_tokens as i64,
            cached_tokens: cached_tokens as i64,
            output_tokens: output_tokens as i64,
            cost_micros: cost,
            response: answer.content.clone(),
            finish_reason: answer.finish_reason.clone(),
            error: problem.clone(),
            latency_ms,
            ..row(outcome)
        };
        if let Some(p) = &problem
            && !last
        {
            tracing::warn!(%model, problem = %p, "unusable answer; trying the next model");
            meter.store.record_llm_call(&entry).await?;
            continue;
        }
        return finish(meter.store, entry, false).await;
    }
    Err(last_error
        .unwrap_or_else(|| anyhow::anyhow!("no model answered"))
        .context(format!("every model of the {} route failed", scope.task)))
}

async fn finish(store: &Store, entry: NewLedgerEntry, reused: bool) -> Result<MeteredAnswer> {
    store.record_llm_call(&entry).await?;
    let row = store
        .llm_call_by_work_key(&entry.work_key)
        .await?
        .context("the ledger row just written is missing")?;
    Ok(MeteredAnswer {
        content: row.response.clone(),
        finish_reason: row.finish_reason.clone(),
        entry: row,
        reused,
    })
}
