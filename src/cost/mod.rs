//! Prices and money. Amounts are integer micro-dollars (1 USD = 1,000,000); prices are integer
//! micro-dollars per 1,000,000 tokens, parsed exactly from decimal strings.

pub mod budget;
pub mod report;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
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
    /// Batch API discount, percent (0–100).
    pub batch_discount_pct: i64,
}

/// One row of a model's prices, in effect from `since`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PriceRow {
    since: NaiveDate,
    base: ModelPrice,
    fine_tuned: Option<ModelPrice>,
}

/// Prices by model name, with the date each row took effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceTable {
    /// Rows of each model, oldest first.
    models: BTreeMap<String, Vec<PriceRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceFile {
    models: BTreeMap<String, RowsEntry>,
}

/// One row, or a list of dated rows.
#[derive(Deserialize)]
#[serde(untagged)]
enum RowsEntry {
    Many(Vec<PriceEntry>),
    One(PriceEntry),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceEntry {
    /// `YYYY-MM-DD`; absent = always.
    since: Option<String>,
    input: String,
    cached_input: Option<String>,
    output: String,
    #[serde(default)]
    batch_discount: i64,
    fine_tuned: Option<Rates>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rates {
    input: String,
    cached_input: Option<String>,
    output: String,
}

fn rates(
    name: &str,
    input: &str,
    cached: Option<&str>,
    output: &str,
    batch: i64,
) -> Result<ModelPrice> {
    let input_m = parse_usd(input).with_context(|| format!("{name}.input"))?;
    let cached_input = match cached {
        Some(c) => parse_usd(c).with_context(|| format!("{name}.cached_input"))?,
        None => input_m,
    };
    anyhow::ensure!(
        (0..=100).contains(&batch),
        "{name}.batch_discount: a percentage between 0 and 100, got {batch}"
    );
    Ok(ModelPrice {
        input: input_m,
        cached_input,
        output: parse_usd(output).with_context(|| format!("{name}.output"))?,
        batch_discount_pct: batch,
    })
}

impl PriceTable {
    /// Parses a price table in the `prices.yml` format.
    pub fn parse(text: &str) -> Result<PriceTable> {
        let file: PriceFile = serde_norway::from_str(text).context("reading the price table")?;
        let mut models = BTreeMap::new();
        for (name, entry) in file.models {
            let entries = match entry {
                RowsEntry::Many(v) => v,
                RowsEntry::One(e) => vec![e],
            };
            let mut rows = Vec::new();
            for e in entries {
                let since = match &e.since {
                    Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .with_context(|| format!("{name}.since: not a YYYY-MM-DD date: {d:?}"))?,
                    None => NaiveDate::MIN,
                };
                let base = rates(
                    &name,
                    &e.input,
                    e.cached_input.as_deref(),
                    &e.output,
                    e.batch_discount,
                )?;
                let fine_tuned = match &e.fine_tuned {
                    Some(f) => Some(rates(
                        &format!("{name}.fine_tuned"),
                        &f.input,
                        f.cached_input.as_deref(),
                        &f.output,
                        e.batch_discount,
                    )?),
                    None => None,
                };
                rows.push(PriceRow {
                    since,
                    base,
                    fine_tuned,
                });
            }
            anyhow::ensure!(!rows.is_empty(), "{name}: no price rows");
            rows.sort_by_key(|r| r.since);
            anyhow::ensure!(
                rows.windows(2).all(|w| w[0].since < w[1].since),
                "{name}: two rows with the same `since` date"
            );
            models.insert(name, rows);
        }
        Ok(PriceTable { models })
    }

    /// The built-in table, with the rows of the file at `path` added or overriding.
    pub fn load(path: Option<&std::path::Path>) -> Result<PriceTable> {
        let mut table = PriceTable::builtin();
        if let Some(p) = path {
            let extra = PriceTable::parse(
                &std::fs::read_to_string(p)
                    .with_context(|| format!("reading the price table {}", p.display()))?,
            )?;
            table.models.extend(extra.models);
        }
        Ok(table)
    }

    /// The built-in table.
    pub fn builtin() -> PriceTable {
        PriceTable::parse(BUILTIN_PRICES).expect("the built-in price table parses")
    }

    /// The price of `model` today.
    pub fn price(&self, model: &str) -> Option<ModelPrice> {
        self.price_on(model, chrono::Utc::now().date_naive())
    }

    /// The price of `model` on `day`. Servers often answer with a dated snapshot name
    /// (`gpt-4o-mini-2024-07-18`): that falls back to the undated name. A fine-tuned model
    /// (`ft:<base>:org::id`) is priced at its base's fine-tuned rates.
    pub fn price_on(&self, model: &str, day: NaiveDate) -> Option<ModelPrice> {
        let (base, fine_tuned) = match model.strip_prefix("ft:") {
            Some(rest) => (rest.split(':').next().unwrap_or(rest), true),
            None => (model, false),
        };
        let rows = self
            .models
            .get(base)
            .or_else(|| strip_date_suffix(base).and_then(|b| self.models.get(b)))?;
        let row = rows.iter().rev().find(|r| r.since <= day)?;
        if fine_tuned {
            row.fine_tuned
        } else {
            Some(row.base)
        }
    }

    /// Cost of one call made today, in micro-dollars; None for an unpriced model.
    pub fn cost_micros(&self, model: &str, usage: &Usage) -> Option<i64> {
        self.cost_micros_on(model, usage, chrono::Utc::now().date_naive(), false)
    }

    /// Cost of one call made on `day` (through the Batch API when `batch`), rounded half up to a
    /// micro-dollar; None for an unpriced model.
    pub fn cost_micros_on(
        &self,
        model: &str,
        usage: &Usage,
        day: NaiveDate,
        batch: bool,
    ) -> Option<i64> {
        let p = self.price_on(model, day)?;
        let cached = usage.cached_tokens.min(usage.input_tokens) as i128;
        let fresh = usage.input_tokens as i128 - cached;
        let numerator = fresh * p.input as i128
            + cached * p.cached_input as i128
            + usage.output_tokens as i128 * p.output as i128;
        // micro-dollars = numerator / 1e6, times (100 - discount) / 100 when batched.
        let (numerator, denominator) = if batch {
            (
                numerator * (100 - p.batch_discount_pct) as i128,
                100_000_000i128,
            )
        } else {
            (numerator, 1_000_000i128)
        };
        Some(((numerator + denominator / 2) / denominator) as i64)
    }

    /// The models with a price, for reports.
    pub fn models(&self) -> impl Iterator<Item = &str> {
        self.models.keys().map(String::as_str)
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
            (p.input, p.cached_input, p.output, p.batch_discount_pct),
            (150_000, 75_000, 600_000, 50)
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

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// Every built-in row, priced by hand: 1,234,567 input tokens of which 234,567 cached, and
    /// 345,678 output tokens; normal, batch, and fine-tuned.
    #[test]
    fn every_builtin_row_prices_exactly() {
        let t = PriceTable::builtin();
        let u = usage(1_234_567, 234_567, 345_678);
        // (model, day, normal µ$, batch µ$, fine-tuned µ$)
        // normal = 1,000,000×in + 234,567×cached + 345,678×out, per 1M tokens.
        let cases: &[(&str, &str, i64, i64, Option<i64>)] = &[
            // 0.15 + 234567×0.075e-6 + 345678×0.60e-6 = 150000 + 17592.525 + 207406.8
            ("gpt-4o-mini", "2026-11-30", 374_999, 187_500, Some(749_999)),
            // 5.00 + 234567×5e-6 + 345678×15e-6 = 5000000 + 1172835 + 5185170
            ("gpt-4o", "2024-06-01", 11_358_005, 5_679_003, None),
            // 2.50 + 234567×1.25e-6 + 345678×10e-6 = 2500000 + 293208.75 + 3456780
            (
                "gpt-4o",
                "2026-11-30",
                6_249_989,
                3_124_994,
                Some(9_374_983),
            ),
            // 2.00 + 234567×0.5e-6 + 345678×8e-6 = 2000000 + 117283.5 + 2765424
            (
                "gpt-4.1",
                "2026-11-30",
                4_882_708,
                2_441_354,
                Some(7_324_061),
            ),
            // 0.40 + 234567×0.1e-6 + 345678×1.6e-6 = 400000 + 23456.7 + 553084.8
            (
                "gpt-4.1-mini",
                "2026-11-30",
                976_542,
                488_271,
                Some(1_953_083),
            ),
            // 0.10 + 234567×0.025e-6 + 345678×0.4e-6 = 100000 + 5864.175 + 138271.2
            (
                "gpt-4.1-nano",
                "2026-11-30",
                244_135,
                122_068,
                Some(488_271),
            ),
            // 1.10 + 234567×0.275e-6 + 345678×4.4e-6 = 1100000 + 64505.925 + 1520983.2;
            // fine-tuned: 4.00 + 234567×1e-6 + 345678×16e-6 = 4000000 + 234567 + 5530848
            (
                "o4-mini",
                "2026-11-30",
                2_685_489,
                1_342_745,
                Some(9_765_415),
            ),
        ];
        for &(model, d, normal, batch, fine) in cases {
            assert_eq!(
                t.cost_micros_on(model, &u, day(d), false),
                Some(normal),
                "{model} {d}"
            );
            assert_eq!(
                t.cost_micros_on(model, &u, day(d), true),
                Some(batch),
                "{model} {d} batch"
            );
            let ft = format!("ft:{model}-2024-07-18:acme::abc123");
            assert_eq!(t.cost_micros_on(&ft, &u, day(d), false), fine, "{ft} {d}");
        }
        // Before a model's first row it has no price.
        assert_eq!(
            t.cost_micros_on("gpt-4.1", &u, day("2025-01-01"), false),
            None
        );
    }

    #[test]
    fn a_configured_table_adds_and_overrides_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("prices.yml");
        std::fs::write(
            &path,
            "models:\n  my-model:\n    input: \"1\"\n    output: \"2\"\n  gpt-4o-mini:\n    - since: \"2020-01-01\"\n      input: \"0.10\"\n      output: \"0.50\"\n",
        )
        .unwrap();
        let t = PriceTable::load(Some(&path)).unwrap();
        assert_eq!(
            t.cost_micros("my-model", &usage(1_000_000, 0, 1_000_000)),
            Some(3_000_000)
        );
        assert_eq!(t.price("gpt-4o-mini").unwrap().input, 100_000);
        assert_eq!(
            t.price("gpt-4o").unwrap().input,
            2_500_000,
            "other models keep theirs"
        );
        assert!(
            PriceTable::parse(
                "models:\n  x:\n    input: \"1\"\n    output: \"1\"\n    batch_discount: 150\n"
            )
            .is_err()
        );
        assert!(PriceTable::parse("models:\n  x:\n    - since: \"yesterday\"\n      input: \"1\"\n      output: \"1\"\n").is_err());
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
