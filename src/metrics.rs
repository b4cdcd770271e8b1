//! `GET /metrics` in the Prometheus text format. Webhook deliveries and job durations are counted
//! in the process; everything about money and models is read from the ledger at scrape time, so
//! it is exact, survives restarts and is the same on every replica.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

use crate::store::Store;

/// Upper bounds (seconds) of the job duration histogram.
const BUCKETS: [f64; 10] = [0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// In-process counters.
#[derive(Debug, Default)]
pub struct Metrics {
    /// (event, outcome) → deliveries.
    webhooks: Mutex<BTreeMap<(String, String), u64>>,
    /// (kind, result) → durations.
    jobs: Mutex<BTreeMap<(String, String), Histogram>>,
}

impl Metrics {
    /// Counts one webhook delivery. `event` is `-` when the request had none (or was not signed).
    pub fn webhook(&self, event: &str, outcome: &str) {
        let event: String = event
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        let event = if event.is_empty() { "-".into() } else { event };
        *self
            .webhooks
            .lock()
            .expect("metrics lock")
            .entry((event, outcome.to_string()))
            .or_default() += 1;
    }

    /// Records how long a job attempt took, and how it ended (`done`, `retry`, `failed`).
    pub fn job(&self, kind: &str, result: &str, took: Duration) {
        let secs = took.as_secs_f64();
        let mut jobs = self.jobs.lock().expect("metrics lock");
        let h = jobs
            .entry((kind.to_string(), result.to_string()))
            .or_default();
        h.count += 1;
        h.sum += secs;
        for (i, b) in BUCKETS.iter().enumerate() {
            if secs <= *b {
                h.counts[i] += 1;
            }
        }
    }

    /// The whole exposition.
    pub async fn render(&self, store: &Store) -> String {
        let mut out = String::new();
        family(
            &mut out,
            "minibot_webhook_deliveries_total",
            "counter",
            "Webhook deliveries by event and outcome.",
        );
        for ((event, outcome), n) in self.webhooks.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "minibot_webhook_deliveries_total{{event=\"{event}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        if let Ok(rows) = store.job_counts_by_kind().await {
            family(&mut out, "minibot_jobs", "gauge", "Jobs by kind and state.");
            for (kind, state, n) in rows {
                let _ = writeln!(
                    out,
                    "minibot_jobs{{kind=\"{}\",state=\"{state}\"}} {n}",
                    esc(&kind)
                );
            }
        }
        family(
            &mut out,
            "minibot_job_duration_seconds",
            "histogram",
            "Job attempt duration by kind and result.",
        );
        for ((kind, result), h) in self.jobs.lock().expect("metrics lock").iter() {
            let labels = format!("kind=\"{}\",result=\"{result}\"", esc(kind));
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "minibot_job_duration_seconds_bucket{{{labels},le=\"{b}\"}} {}",
                    h.counts[i]
                );
            }
            let _ = writeln!(
                out,
                "minibot_job_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "minibot_job_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "minibot_job_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        if let Ok(rows) = store.ledger_totals().await {
            family(
                &mut out,
                "minibot_model_calls_total",
                "counter",
                "Model calls by model and outcome (ok, unusable, final_unusable, error, cache_hit).",
            );
            let mut calls: BTreeMap<(String, String), i64> = BTreeMap::new();
            for r in &rows {
                *calls
                    .entry((r.model.clone(), r.outcome.clone()))
                    .or_default() += r.calls;
            }
            for ((model, outcome), n) in &calls {
                let _ = writeln!(
                    out,
                    "minibot_model_calls_total{{model=\"{}\",outcome=\"{outcome}\"}} {n}",
                    esc(model)
                );
            }
            family(
                &mut out,
                "minibot_model_tokens_total",
                "counter",
                "Tokens by model, command, repository and type (input includes cached).",
            );
            for r in &rows {
                for (kind, n) in [
                    ("input", r.input_tokens),
                    ("cached", r.cached_tokens),
                    ("output", r.output_tokens),
                ] {
                    let _ = writeln!(
                        out,
                        "minibot_model_tokens_total{{model=\"{}\",command=\"{}\",repo=\"{}\",type=\"{kind}\"}} {n}",
                        esc(&r.model),
                        esc(&r.task),
                        esc(&r.repo)
                    );
                }
            }
            family(
                &mut out,
                "minibot_model_cost_micros_total",
                "counter",
                "Spend in micro-dollars by model, command and repository (priced calls).",
            );
            for r in &rows {
                let _ = writeln!(
                    out,
                    "minibot_model_cost_micros_total{{model=\"{}\",command=\"{}\",repo=\"{}\"}} {}",
                    esc(&r.model),
                    esc(&r.task),
                    esc(&r.repo),
                    r.cost_micros
                );
            }
            family(
                &mut out,
                "minibot_model_unpriced_calls_total",
                "counter",
                "Calls to models without a price, by model.",
            );
            let mut unpriced: BTreeMap<String, i64> = BTreeMap::new();
            for r in &rows {
                *unpriced.entry(r.model.clone()).or_default() += r.unpriced_calls;
            }
            for (model, n) in &unpriced {
                let _ = writeln!(
                    out,
                    "minibot_model_unpriced_calls_total{{model=\"{}\"}} {n}",
                    esc(model)
                );
            }
            family(
                &mut out,
                "minibot_cache_hits_total",
                "counter",
                "Requests answered from the response cache, by model.",
            );
            family_only_values(&mut out, &rows, "minibot_cache_hits_total", |r| {
                (r.outcome == "cache_hit").then_some(r.calls)
            });
            family(
                &mut out,
                "minibot_cache_saved_micros_total",
                "counter",
                "What the response cache saved, in micro-dollars, by model.",
            );
            family_only_values(&mut out, &rows, "minibot_cache_saved_micros_total", |r| {
                (r.outcome == "cache_hit").then_some(r.saved_micros)
            });
        }
        if let Ok(rows) = store.budget_refusal_counts().await {
            family(
                &mut out,
                "minibot_budget_refusals_total",
                "counter",
                "Jobs a budget stopped before any model call, by scope.",
            );
            for scope in ["installation", "repository"] {
                let n = rows
                    .iter()
                    .find(|(s, _)| s == scope)
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                let _ = writeln!(
                    out,
                    "minibot_budget_refusals_total{{scope=\"{scope}\"}} {n}"
                );
            }
        }
        out
    }
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn family_only_values(
    out: &mut String,
    rows: &[crate::store::LedgerTotal],
    name: &str,
    value: impl Fn(&crate::store::LedgerTotal) -> Option<i64>,
) {
    let mut by_model: BTreeMap<&str, i64> = BTreeMap::new();
    for r in rows {
        if let Some(v) = value(r) {
            *by_model.entry(&r.model).or_default() += v;
        }
    }
    for (model, n) in by_model {
        let _ = writeln!(out, "{name}{{model=\"{}\"}} {n}", esc(model));
    }
}

/// A label value with `\`, `"` and newlines escaped.
fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_events_sanitised() {
        assert_eq!(esc("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
        let m = Metrics::default();
        m.webhook("issue_comment", "accepted");
        m.webhook("issue_comment", "accepted");
        m.webhook("bad\"event{}", "bad_request");
        let w = m.webhooks.lock().unwrap().clone();
        assert_eq!(w[&("issue_comment".into(), "accepted".into())], 2);
        assert_eq!(w[&("badevent".into(), "bad_request".into())], 1);
        m.job("docs", "done", Duration::from_millis(700));
        let j = m.jobs.lock().unwrap().clone();
        let h = &j[&("docs".into(), "done".into())];
        assert_eq!((h.count, h.counts[0], h.counts[2]), (1, 0, 1));
    }
}
