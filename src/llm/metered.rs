//! A model call that is recorded in the ledger and never paid twice for the same work: the answer
//! is stored with the call, keyed by the job and the exact request, so a retried job (after a
//! crash, a GitHub error, a lost lease) reuses it instead of calling the model again.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::{ChatRequest, LlmClient, Usage};
use crate::cost::PriceTable;
use crate::store::{LedgerEntry, NewLedgerEntry, Store};

/// Who a call is for.
#[derive(Debug, Clone)]
pub struct CallScope<'a> {
    pub job_id: i64,
    /// The job's unique key: part of the work identity.
    pub job_key: &'a str,
    pub repo: &'a str,
    pub pr_number: Option<i64>,
    /// `docs`, `tests`, … (for reports).
    pub task: &'a str,
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

/// The identity of one piece of model work.
pub fn work_key(scope: &CallScope<'_>, request: &ChatRequest) -> String {
    let mut h = Sha256::new();
    h.update(scope.job_key.as_bytes());
    h.update([0]);
    h.update(scope.task.as_bytes());
    h.update([0]);
    h.update(request.body().to_string().as_bytes());
    hex::encode(h.finalize())
}

/// Calls the model unless this exact work was already paid for, and records the call.
pub async fn chat(
    store: &Store,
    llm: &LlmClient,
    prices: &PriceTable,
    scope: &CallScope<'_>,
    request: &ChatRequest,
) -> Result<MeteredAnswer> {
    let key = work_key(scope, request);
    if let Some(entry) = store.llm_call_by_work_key(&key).await? {
        tracing::info!(
            job = scope.job_id,
            "reusing the model answer paid for by an earlier attempt"
        );
        return Ok(MeteredAnswer {
            content: entry.response.clone(),
            finish_reason: entry.finish_reason.clone(),
            entry,
            reused: true,
        });
    }
    let answer = llm.chat(request).await?;
    let cost = match &answer.usage {
        Some(u) => prices.cost_micros(&answer.model, u),
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
    store
        .record_llm_call(&NewLedgerEntry {
            work_key: key.clone(),
            job_id: Some(scope.job_id),
            repo: scope.repo.to_string(),
            pr_number: scope.pr_number,
            task: scope.task.to_string(),
            model: answer.model.clone(),
            input_tokens: input_tokens as i64,
            cached_tokens: cached_tokens as i64,
            output_tokens: output_tokens as i64,
            cost_micros: cost,
            response: answer.content.clone(),
            finish_reason: answer.finish_reason.clone(),
        })
        .await?;
    let entry = store
        .llm_call_by_work_key(&key)
        .await?
        .context("the ledger row just written is missing")?;
    Ok(MeteredAnswer {
        content: answer.content,
        entry,
        reused: false,
        finish_reason: answer.finish_reason,
    })
}
