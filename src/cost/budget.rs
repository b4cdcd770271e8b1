//! Monthly budgets: before a job calls the model, its cost is estimated from the local token count
//! (o200k, as gpt-4o-mini counts) and the price table; a job that would take a repository or an
//! installation over its budget does not run, and from 80 % on the reply carries a warning.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::{PriceTable, format_usd};
use crate::llm::{ChatRequest, Usage, tokens};

/// The share of a budget from which replies carry a warning, in percent.
pub const WARN_AT_PCT: i64 = 80;

/// A request's estimated size and cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// Prompt tokens, counted as OpenAI counts chat prompts.
    pub input_tokens: u64,
    /// Expected answer tokens (half the prompt, at least 300, at most the answer limit).
    pub output_tokens: u64,
    /// None for a model without a price.
    pub micros: Option<i64>,
}

/// Tokens of a chat prompt: each message's text plus 4, plus 3 to prime the answer; an image at
/// low detail counts 85.
pub fn prompt_tokens(request: &ChatRequest) -> u64 {
    (3 + 4
        + tokens::count(&request.system)
        + 4
        + tokens::count(&request.user)
        + 85 * request.images.len()) as u64
}

/// Estimates what `request` will cost on `model` today.
pub fn estimate(prices: &PriceTable, model: &str, request: &ChatRequest) -> Estimate {
    let input_tokens = prompt_tokens(request);
    let output_tokens = (input_tokens / 2)
        .max(300)
        .min(request.max_output_tokens as u64);
    let usage = Usage {
        input_tokens,
        cached_tokens: 0,
        output_tokens,
    };
    Estimate {
        input_tokens,
        output_tokens,
        micros: prices.cost_micros(model, &usage),
    }
}

/// Midnight UTC of the first day of the month `now_ms` falls in, in milliseconds.
pub fn month_start_ms(now_ms: i64) -> i64 {
    let now = Utc
        .timestamp_millis_opt(now_ms)
        .single()
        .unwrap_or_else(Utc::now);
    let first = NaiveDate::from_ymd_opt(now.year(), now.month(), 1).expect("a valid date");
    first
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_utc()
        .timestamp_millis()
}

/// One budget and what was spent against it this month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// `repository` or `installation`.
    pub scope: String,
    pub budget_micros: i64,
    pub spent_micros: i64,
}

/// The budget decision for a job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Run,
    /// Run, and say how close the budget is.
    Warn(String),
    /// Do not run; the reply says why, with the numbers.
    Refuse {
        standing: Standing,
        estimate_micros: i64,
        message: String,
    },
}

/// Decides whether a job costing `estimate_micros` may run against the budgets. An unpriced
/// estimate cannot be held against a budget: the job runs.
pub fn decide(standings: &[Standing], estimate_micros: Option<i64>) -> Decision {
    let Some(estimate) = estimate_micros else {
        return Decision::Run;
    };
    let mut warnings = Vec::new();
    for s in standings {
        let after = s.spent_micros + estimate;
        if after > s.budget_micros {
            let message = format!(
                "this run would take the {} over its monthly budget: {} spent of {} this month, and this run is estimated at {}",
                s.scope,
                format_usd(s.spent_micros),
                format_usd(s.budget_micros),
                format_usd(estimate)
            );
            return Decision::Refuse {
                standing: s.clone(),
                estimate_micros: estimate,
                message,
            };
        }
        if after * 100 >= s.budget_micros * WARN_AT_PCT {
            warnings.push(format!(
                "the {} has used {} of its {} monthly budget ({}%, this run included)",
                s.scope,
                format_usd(after),
                format_usd(s.budget_micros),
                after * 100 / s.budget_micros.max(1)
            ));
        }
    }
    if warnings.is_empty() {
        Decision::Run
    } else {
        Decision::Warn(warnings.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(spent: i64, budget: i64) -> Standing {
        Standing {
            scope: "repository".into(),
            budget_micros: budget,
            spent_micros: spent,
        }
    }

    #[test]
    fn budgets_refuse_warn_and_pass() {
        assert_eq!(decide(&[standing(0, 1_000_000)], Some(500)), Decision::Run);
        match decide(&[standing(790_000, 1_000_000)], Some(10_000)) {
            Decision::Warn(w) => assert!(w.contains("80%"), "{w}"),
            d => panic!("{d:?}"),
        }
        match decide(&[standing(999_000, 1_000_000)], Some(2_000)) {
            Decision::Refuse { message, .. } => {
                assert!(
                    message.contains("$0.999000 spent of $1.000000"),
                    "{message}"
                );
                assert!(message.contains("estimated at $0.002000"), "{message}");
            }
            d => panic!("{d:?}"),
        }
        // Exactly at the budget still runs; unpriced work cannot be held against it.
        assert!(matches!(
            decide(&[standing(998_000, 1_000_000)], Some(2_000)),
            Decision::Warn(_)
        ));
        assert_eq!(
            decide(&[standing(2_000_000, 1_000_000)], None),
            Decision::Run
        );
        assert_eq!(decide(&[], Some(1)), Decision::Run);
    }

    #[test]
    fn months_start_at_midnight_utc_on_the_first() {
        // 2026-11-30T05:00:00Z → 2026-11-01T00:00:00Z
        assert_eq!(month_start_ms(1_796_014_800_000), 1_793_491_200_000);
    }

    #[test]
    fn estimates_count_the_prompt_and_price_it() {
        let r = ChatRequest {
            model: "gpt-4o-mini".into(),
            system: "You are minibot.".into(),
            user: "word ".repeat(1000),
            schema_name: "x".into(),
            schema: serde_json::json!({}),
            max_output_tokens: 8000,
            images: vec![],
        };
        let e = estimate(&PriceTable::builtin(), "gpt-4o-mini", &r);
        assert!((1000..1030).contains(&e.input_tokens), "{e:?}");
        assert_eq!(e.output_tokens, e.input_tokens / 2);
        assert!(e.micros.unwrap() > 0);
        assert_eq!(
            estimate(&PriceTable::builtin(), "local-model", &r).micros,
            None
        );
    }
}
