//! Spend reports from the ledger, grouped by day, repository, model, command or pull request, as a
//! table, JSON or CSV (`minibot cost`, `/api/costs`, `/mini cost`). Sums are of integer
//! micro-dollars, so a total is exactly the sum of its rows.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::{NaiveDate, TimeZone, Utc};
use serde::Serialize;

use super::format_usd;
use crate::store::LedgerEntry;

/// What rows are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum By {
    Day,
    Repo,
    Model,
    Command,
    Pr,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// One group's sums.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Row {
    pub key: String,
    pub calls: i64,
    pub input_tokens: i64,
    pub cached_tokens: i64,
    pub output_tokens: i64,
    /// Sum of the priced calls, micro-dollars.
    pub cost_micros: i64,
    /// Calls to models without a price (not counted in `cost_micros`).
    pub unpriced_calls: i64,
    pub cache_hits: i64,
    /// What cache hits saved, micro-dollars.
    pub saved_micros: i64,
}

impl Row {
    fn add(&mut self, e: &LedgerEntry) {
        self.calls += 1;
        self.input_tokens += e.input_tokens;
        self.cached_tokens += e.cached_tokens;
        self.output_tokens += e.output_tokens;
        match e.cost_micros {
            Some(c) => self.cost_micros += c,
            None => self.unpriced_calls += 1,
        }
        if e.outcome == "cache_hit" {
            self.cache_hits += 1;
            self.saved_micros += e.saved_micros;
        }
    }
}

/// A report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub by: By,
    pub since: String,
    pub repo: Option<String>,
    pub rows: Vec<Row>,
    pub total: Row,
}

fn day_of(ms: i64) -> String {
    Utc.timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// Groups `entries` by `by`.
pub fn build(entries: &[LedgerEntry], by: By, since_ms: i64, repo: Option<&str>) -> Report {
    let mut groups: BTreeMap<String, Row> = BTreeMap::new();
    let mut total = Row {
        key: "total".into(),
        ..Row::default()
    };
    for e in entries {
        let key = match by {
            By::Day => day_of(e.created_at),
            By::Repo => e.repo.clone(),
            By::Model => e.model.clone(),
            By::Command => e.task.clone(),
            By::Pr => match e.pr_number {
                Some(n) => format!("{}#{n}", e.repo),
                None => format!("{} (no pull request)", e.repo),
            },
        };
        let row = groups.entry(key.clone()).or_insert_with(|| Row {
            key,
            ..Row::default()
        });
        row.add(e);
        total.add(e);
    }
    Report {
        by,
        since: day_of(since_ms),
        repo: repo.map(String::from),
        rows: groups.into_values().collect(),
        total,
    }
}

/// `30d`, `12h`, `2w` before `now_ms`, or a `YYYY-MM-DD` date (midnight UTC), in milliseconds.
pub fn parse_since(s: &str, now_ms: i64) -> Result<i64> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d
            .and_hms_opt(0, 0, 0)
            .expect("midnight")
            .and_utc()
            .timestamp_millis());
    }
    let (n, unit) = s.split_at(s.len().saturating_sub(1));
    let n: i64 = n
        .parse()
        .with_context(|| format!("--since: `{s}` is not like 30d, 12h, 2w or 2026-11-01"))?;
    let hour = 3_600_000;
    let ms = match unit {
        "h" => n * hour,
        "d" => n * 24 * hour,
        "w" => n * 7 * 24 * hour,
        _ => anyhow::bail!("--since: `{s}` is not like 30d, 12h, 2w or 2026-11-01"),
    };
    Ok(now_ms - ms)
}

impl Report {
    /// The report in `format`.
    pub fn render(&self, format: Format) -> String {
        match format {
            Format::Table => self.table(),
            Format::Json => serde_json::to_string_pretty(self).expect("a report serializes") + "\n",
            Format::Csv => self.csv(),
        }
    }

    fn table(&self) -> String {
        let head = [
            match self.by {
                By::Day => "day",
                By::Repo => "repository",
                By::Model => "model",
                By::Command => "command",
                By::Pr => "pull request",
            },
            "calls",
            "input",
            "cached",
            "output",
            "cost",
            "unpriced",
            "cache hits",
            "saved",
        ];
        let cells = |r: &Row| -> Vec<String> {
            vec![
                r.key.clone(),
                r.calls.to_string(),
                r.input_tokens.to_string(),
                r.cached_tokens.to_string(),
                r.output_tokens.to_string(),
                format_usd(r.cost_micros),
                r.unpriced_calls.to_string(),
                r.cache_hits.to_string(),
                format_usd(r.saved_micros),
            ]
        };
        let mut lines: Vec<Vec<String>> = vec![head.iter().map(|s| s.to_string()).collect()];
        lines.extend(self.rows.iter().map(cells));
        lines.push(cells(&self.total));
        let widths: Vec<usize> = (0..head.len())
            .map(|i| {
                lines
                    .iter()
                    .map(|l| l[i].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = format!(
            "Model spend since {}{}\n\n",
            self.since,
            self.repo
                .as_deref()
                .map(|r| format!(" for {r}"))
                .unwrap_or_default()
        );
        for (n, l) in lines.iter().enumerate() {
            let row: Vec<String> = l
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    if i == 0 {
                        format!("{c:<w$}", w = widths[i])
                    } else {
                        format!("{c:>w$}", w = widths[i])
                    }
                })
                .collect();
            out.push_str(row.join("  ").trim_end());
            out.push('\n');
            if n == 0 || n == lines.len() - 2 {
                out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
                out.push('\n');
            }
        }
        out
    }

    fn csv(&self) -> String {
        let mut out = String::from(
            "key,calls,input_tokens,cached_tokens,output_tokens,cost_micros,unpriced_calls,cache_hits,saved_micros\n",
        );
        for r in self.rows.iter().chain(std::iter::once(&self.total)) {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\n",
                csv_field(&r.key),
                r.calls,
                r.input_tokens,
                r.cached_tokens,
                r.output_tokens,
                r.cost_micros,
                r.unpriced_calls,
                r.cache_hits,
                r.saved_micros
            ));
        }
        out
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_durations_and_dates() {
        let now = 1_796_014_800_000;
        assert_eq!(parse_since("1d", now).unwrap(), now - 86_400_000);
        assert_eq!(parse_since("2w", now).unwrap(), now - 14 * 86_400_000);
        assert_eq!(parse_since("2026-11-01", now).unwrap(), 1_793_491_200_000);
        assert!(parse_since("soon", now).is_err());
        assert!(parse_since("5y", now).is_err());
        assert_eq!(csv_field("a,b"), "\"a,b\"");
    }
}
