//! Prices and money. Amounts are integer micro-dollars (1 USD = 1,000,000); prices are integer
//! micro-dollars per 1,000,000 tokens, parsed exactly from decimal strings.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::llm::Usage;

/// The built-in price table (`prices.yml` at the repository root).
pub const BUILTIN_PRICES: &str = include_str!("../../prices.yml");

/// Micro-dollars per 1M tokens for one model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelPrice {
    pub input: i64,
    pub cached_input: i64,
    pub output: i64,
}

/// Prices by model name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTable {
    models: BTreeMap<String, ModelPrice>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceFile {
    models: BTreeMap<String, PriceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceEntry {
    input: String,
    cached_input: Option<String>,
    output: String,
}

impl PriceTable {
    /// Parses a price table in the `prices.yml` format.
    pub fn parse(text: &str) -> Result<PriceTable> {
        let file: PriceFile = serde_norway::from_str(text).context("reading the price table")?;
        let mut models = BTreeMap::new();
        for (name, e) in file.models {
            let input = parse_usd(&e.input).with_context(|| format!("{name}.input"))?;
            let cached_input = match &e.cached_input {
                Some(c) => parse_usd(c).with_context(|| format!("{name}.cached_input"))?,
                None => input,
            };
            let output = parse_usd(&e.output).with_context(|| format!("{name}.output"))?;
            models.insert(
                name,
                ModelPrice {
                    input,
                    cached_input,
                    output,
                },
            );
        }
        Ok(PriceTable { models })
    }

    /// The table at `path`, or the built-in one.
    pub fn load(path: Option<&std::path::Path>) -> Result<PriceTable> {
        match path {
            Some(p) => PriceTable::parse(
                &std::fs::read_to_string(p)
                    .with_context(|| format!("reading the price table {}", p.display()))?,
            ),
            None => Ok(PriceTable::builtin()),
        }
    }

    /// The built-in table.
    pub fn builtin() -> PriceTable {
        PriceTable::parse(BUILTIN_PRICES).expect("the built-in price table parses")
    }

    /// The price of `model`. Servers often answer with a dated snapshot name
    /// (`gpt-4o-mini-2024-07-18`): that falls back to the undated name.
    pub fn price(&self, model: &str) -> Option<ModelPrice> {
        if let Some(p) = self.models.get(model) {
            return Some(*p);
        }
        let undated = strip_date_suffix(model)?;
        self.models.get(undated).copied()
    }

    /// Cost of one call in micro-dollars, rounded half up; None for an unpriced model.
    pub fn cost_micros(&self, model: &str, usage: &Usage) -> Option<i64> {
        let p = self.price(model)?;
        let cached = usage.cached_tokens.min(usage.input_tokens) as i128;
        let fresh = usage.input_tokens as i128 - cached;
        let numerator = fresh * p.input as i128
            + cached * p.cached_input as i128
            + usage.output_tokens as i128 * p.output as i128;
        Some(((numerator + 500_000) / 1_000_000) as i64)
    }
}

fn strip_date_suffix(model: &str) -> Option<&str> {
    let (head, tail) = model.rsplit_once('-')?;
    let (head2, _) = head.rsplit_once('-')?;
    let (head3, year) = head2.rsplit_once('-')?;
    let _ = tail;
    (year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())).then_some(head3)
}

/// Parses a decimal dollar amount ("0.075") into micro-dollars, exactly.
pub fn parse_usd(s: &str) -> Result<i64> {
    let s = s.trim().trim_start_matches('$');
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    anyhow::ensure!(
        !whole.is_empty() || !frac.is_empty(),
        "not a dollar amount: {s:?}"
    );
    anyhow::ensure!(
        whole.chars().all(|c| c.is_ascii_digit()) && frac.chars().all(|c| c.is_ascii_digit()),
        "not a dollar amount: {s:?}"
    );
    anyhow::ensure!(frac.len() <= 6, "more than 6 decimals: {s:?}");
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse()? };
    let frac_micros: i64 = format!("{frac:0<6}").parse()?;
    Ok(whole * 1_000_000 + frac_micros)
}

/// `$0.000123` — six decimals, so a single cheap call never shows as `$0.00`.
pub fn format_usd(micros: i64) -> String {
    let sign = if micros < 0 { "-" } else { "" };
    let m = micros.unsigned_abs();
    format!("{sign}${}.{:06}", m / 1_000_000, m % 1_000_000)
}

/// A sum of costs that stays honest about unpriced calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CostTotal {
    pub priced_micros: i64,
    pub unpriced_calls: usize,
}

impl CostTotal {
    /// Adds one call's cost (None = unpriced).
    pub fn add(&mut self, cost: Option<i64>) {
        match cost {
            Some(c) => self.priced_micros += c,
            None => self.unpriced_calls += 1,
        }
    }

    /// `$0.000123`, or `$0.000123 + 2 unpriced calls`.
    pub fn display(&self) -> String {
        match self.unpriced_calls {
            0 => format_usd(self.priced_micros),
            1 => format!("{} + 1 unpriced call", format_usd(self.priced_micros)),
            n => format!("{} + {n} unpriced calls", format_usd(self.priced_micros)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(i: u64, c: u64, o: u64) -> Usage {
        Usage {
            input_tokens: i,
            cached_tokens: c,
            output_tokens: o,
        }
    }

    #[test]
    fn gpt_4o_mini_is_priced_as_published() {
        let t = PriceTable::builtin();
        let p = t.price("gpt-4o-mini").unwrap();
        assert_eq!(
            (p.input, p.cached_input, p.output),
            (150_000, 75_000, 600_000)
        );
        // 1M fresh input tokens = $0.15; 1M cached = $0.075; 1M output = $0.60
        assert_eq!(
            t.cost_micros("gpt-4o-mini", &usage(1_000_000, 0, 0)),
            Some(150_000)
        );
        assert_eq!(
            t.cost_micros("gpt-4o-mini", &usage(1_000_000, 1_000_000, 0)),
            Some(75_000)
        );
        assert_eq!(
            t.cost_micros("gpt-4o-mini", &usage(0, 0, 1_000_000)),
            Some(600_000)
        );
        // 2,000 in (500 cached), 300 out: 1500*0.15 + 500*0.075 + 300*0.6 = 225 + 37.5 + 180 = 442.5 → 443
        assert_eq!(
            t.cost_micros("gpt-4o-mini", &usage(2_000, 500, 300)),
            Some(443)
        );
    }

    #[test]
    fn dated_snapshots_use_the_base_price_and_unknown_models_are_unpriced() {
        let t = PriceTable::builtin();
        assert_eq!(t.price("gpt-4o-mini-2024-07-18"), t.price("gpt-4o-mini"));
        assert_eq!(t.cost_micros("smollm2", &usage(10, 0, 10)), None);
        assert_eq!(t.cost_micros("my-model-v2", &usage(10, 0, 10)), None);
    }

    #[test]
    fn dollar_amounts_parse_exactly() {
        assert_eq!(parse_usd("0.075").unwrap(), 75_000);
        assert_eq!(parse_usd("10").unwrap(), 10_000_000);
        assert_eq!(parse_usd(".5").unwrap(), 500_000);
        assert!(parse_usd("0.0000001").is_err());
        assert!(parse_usd("abc").is_err());
        assert!(parse_usd("-1").is_err());
    }

    #[test]
    fn money_prints_with_six_decimals() {
        assert_eq!(format_usd(443), "$0.000443");
        assert_eq!(format_usd(12_345_678), "$12.345678");
        let mut t = CostTotal::default();
        t.add(Some(100));
        t.add(None);
        assert_eq!(t.display(), "$0.000100 + 1 unpriced call");
    }
}
