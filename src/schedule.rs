//! When a repository's docs refresh is due: `weekly` (Monday 06:00), `daily` (06:00), `off`, or a
//! five-field cron expression, in the repository's timezone (default UTC). Pure time arithmetic:
//! the scheduler asks for the latest due instant at or before now, and a run is identified by
//! that instant, so however many replicas tick, and however long minibot was down, each period
//! runs once and a missed period is caught up once.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

/// One field of a cron expression: the values it allows.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    allowed: Vec<u32>,
    /// `*` (matters for the day-of-month / day-of-week rule).
    any: bool,
}

impl Field {
    fn parse(text: &str, min: u32, max: u32, name: &str) -> Result<Field, String> {
        let mut allowed = Vec::new();
        let any = text == "*";
        for part in text.split(',') {
            let (range, step) = match part.split_once('/') {
                Some((r, s)) => (
                    r,
                    s.parse::<u32>()
                        .ok()
                        .filter(|s| *s > 0)
                        .ok_or(format!("{name}: bad step in `{part}`"))?,
                ),
                None => (part, 1),
            };
            let (lo, hi) = if range == "*" {
                (min, max)
            } else if let Some((a, b)) = range.split_once('-') {
                (num(a, name)?, num(b, name)?)
            } else {
                let v = num(range, name)?;
                (v, if part.contains('/') { max } else { v })
            };
            // Sunday may be written 7.
            let (lo, hi) = if name == "day of week" {
                (lo.min(7), hi.min(7))
            } else {
                (lo, hi)
            };
            let top = if name == "day of week" { 7 } else { max };
            if lo < min || hi > top || lo > hi {
                return Err(format!("{name}: `{part}` is outside {min}–{max}"));
            }
            let mut v = lo;
            while v <= hi {
                allowed.push(if name == "day of week" { v % 7 } else { v });
                v += step;
            }
        }
        allowed.sort_unstable();
        allowed.dedup();
        Ok(Field { allowed, any })
    }

    fn has(&self, v: u32) -> bool {
        self.allowed.binary_search(&v).is_ok()
    }
}

fn num(s: &str, name: &str) -> Result<u32, String> {
    s.parse()
        .map_err(|_| format!("{name}: `{s}` is not a number"))
}

/// A five-field cron expression: minute, hour, day of month, month, day of week.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    minute: Field,
    hour: Field,
    dom: Field,
    month: Field,
    dow: Field,
}

impl Cron {
    pub fn parse(text: &str) -> Result<Cron, String> {
        let f: Vec<&str> = text.split_whitespace().collect();
        if f.len() != 5 {
            return Err(format!(
                "`{text}` is not a cron expression (5 fields: minute hour day-of-month month day-of-week)"
            ));
        }
        Ok(Cron {
            minute: Field::parse(f[0], 0, 59, "minute")?,
            hour: Field::parse(f[1], 0, 23, "hour")?,
            dom: Field::parse(f[2], 1, 31, "day of month")?,
            month: Field::parse(f[3], 1, 12, "month")?,
            dow: Field::parse(f[4], 0, 6, "day of week")?,
        })
    }

    /// Cron's rule: when both day fields are restricted, either may match.
    fn day_matches(&self, d: NaiveDate) -> bool {
        if !self.month.has(d.month()) {
            return false;
        }
        let dom = self.dom.has(d.day());
        let dow = self.dow.has(d.weekday().num_days_from_sunday());
        match (self.dom.any, self.dow.any) {
            (true, true) => true,
            (true, false) => dow,
            (false, true) => dom,
            (false, false) => dom || dow,
        }
    }
}

/// A repository's refresh schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// `weekly`, `daily`, the cron text, or None when off.
    pub label: Option<String>,
    cron: Option<Cron>,
    pub tz: Tz,
}

impl Schedule {
    /// From `docs.refresh` and `docs.refresh_timezone`; no value means `weekly` when the
    /// repository has a Docusaurus site, `off` otherwise.
    pub fn parse(
        refresh: Option<&str>,
        timezone: Option<&str>,
        has_site: bool,
    ) -> Result<Schedule, String> {
        let tz: Tz = match timezone {
            None => Tz::UTC,
            Some(t) => t
                .parse()
                .map_err(|_| format!("`{t}` is not a timezone name like Europe/Berlin or UTC"))?,
        };
        let text = refresh
            .map(str::trim)
            .unwrap_or(if has_site { "weekly" } else { "off" });
        let (label, cron) = match text {
            "off" => (None, None),
            "weekly" => (Some("weekly".to_string()), Some(Cron::parse("0 6 * * 1")?)),
            "daily" => (Some("daily".to_string()), Some(Cron::parse("0 6 * * *")?)),
            other => (Some(other.to_string()), Some(Cron::parse(other)?)),
        };
        Ok(Schedule { label, cron, tz })
    }

    /// The text stored for the repository: `weekly@UTC`, `0 3 * * *@Europe/Berlin`, or `off`.
    pub fn to_text(&self) -> String {
        match &self.label {
            Some(l) => format!("{l}@{}", self.tz.name()),
            None => "off".into(),
        }
    }

    /// Reads [`to_text`](Self::to_text)'s form back.
    pub fn from_text(text: &str) -> Result<Schedule, String> {
        match text.rsplit_once('@') {
            Some((label, tz)) => Schedule::parse(Some(label), Some(tz), true),
            None => Schedule::parse(Some(text), None, true),
        }
    }

    /// The latest due instant at or before `now` (within the last 400 days), or None when off.
    pub fn last_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let cron = self.cron.as_ref()?;
        let local_now = now.with_timezone(&self.tz).naive_local();
        let mut day = local_now.date();
        for _ in 0..400 {
            if cron.day_matches(day) {
                for &h in cron.hour.allowed.iter().rev() {
                    for &m in cron.minute.allowed.iter().rev() {
                        let t = day.and_hms_opt(h, m, 0)?;
                        if t > local_now {
                            continue;
                        }
                        if let Some(utc) = self.to_utc(t) {
                            return Some(utc);
                        }
                    }
                }
            }
            day = day.pred_opt()?;
        }
        None
    }

    /// The first due instant after `now`, or None when off.
    pub fn next_due(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let cron = self.cron.as_ref()?;
        let local_now = now.with_timezone(&self.tz).naive_local();
        let mut day = local_now.date();
        for _ in 0..400 {
            if cron.day_matches(day) {
                for &h in &cron.hour.allowed {
                    for &m in &cron.minute.allowed {
                        let t = day.and_hms_opt(h, m, 0)?;
                        if t <= local_now {
                            continue;
                        }
                        if let Some(utc) = self.to_utc(t) {
                            return Some(utc);
                        }
                    }
                }
            }
            day = day.succ_opt()?;
        }
        None
    }

    /// A local time in UTC; a time skipped by a daylight-saving change does not exist.
    fn to_utc(&self, t: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.tz
            .from_local_datetime(&t)
            .earliest()
            .map(|d| d.with_timezone(&Utc))
    }
}

/// The identity of a period: its due instant, to the minute.
pub fn period_key(due: DateTime<Utc>) -> String {
    due.with_second(0)
        .unwrap_or(due)
        .format("%Y-%m-%dT%H:%MZ")
        .to_string()
}

/// How far back a first refresh looks.
pub fn first_lookback() -> Duration {
    Duration::days(7)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn weekly_is_monday_six_utc_and_daily_six() {
        let w = Schedule::parse(None, None, true).unwrap();
        assert_eq!(w.to_text(), "weekly@UTC");
        // 2026-11-30 is a Monday.
        assert_eq!(
            w.last_due(at("2026-11-30T05:59:00Z")),
            Some(at("2026-11-23T06:00:00Z"))
        );
        assert_eq!(
            w.last_due(at("2026-11-30T06:00:00Z")),
            Some(at("2026-11-30T06:00:00Z"))
        );
        assert_eq!(
            w.next_due(at("2026-11-30T06:00:00Z")),
            Some(at("2026-12-07T06:00:00Z"))
        );
        let d = Schedule::parse(Some("daily"), None, true).unwrap();
        assert_eq!(
            d.last_due(at("2026-12-02T07:00:00Z")),
            Some(at("2026-12-02T06:00:00Z"))
        );
        // No site: off, unless asked.
        let off = Schedule::parse(None, None, false).unwrap();
        assert_eq!(
            (off.to_text(), off.last_due(at("2026-11-30T07:00:00Z"))),
            ("off".into(), None)
        );
    }

    #[test]
    fn cron_and_timezones() {
        let s = Schedule::parse(Some("30 3 * * 1-5"), Some("Europe/Berlin"), true).unwrap();
        // 03:30 in Berlin (UTC+1 in winter) is 02:30 UTC; Saturday 2026-12-05 is skipped.
        assert_eq!(
            s.last_due(at("2026-12-06T12:00:00Z")),
            Some(at("2026-12-04T02:30:00Z"))
        );
        assert_eq!(
            s.next_due(at("2026-12-06T12:00:00Z")),
            Some(at("2026-12-07T02:30:00Z"))
        );
        assert_eq!(Schedule::from_text(&s.to_text()).unwrap(), s);
        let every_15 = Schedule::parse(Some("*/15 * * * *"), None, true).unwrap();
        assert_eq!(
            every_15.last_due(at("2026-12-01T10:44:00Z")),
            Some(at("2026-12-01T10:30:00Z"))
        );
        // Day of month OR day of week when both are set: the 1st, or any Sunday (0 or 7).
        let both = Schedule::parse(Some("0 0 1 * 7"), None, true).unwrap();
        assert_eq!(
            both.next_due(at("2026-11-30T00:00:00Z")),
            Some(at("2026-12-01T00:00:00Z"))
        );
        assert_eq!(
            both.next_due(at("2026-12-01T00:00:00Z")),
            Some(at("2026-12-06T00:00:00Z"))
        );
        for bad in ["* * *", "61 * * * *", "0 6 * * mon", "*/0 * * * *"] {
            assert!(Schedule::parse(Some(bad), None, true).is_err(), "{bad}");
        }
        assert!(Schedule::parse(Some("weekly"), Some("Mars/Olympus"), true).is_err());
    }

    #[test]
    fn periods_are_named_by_their_due_minute() {
        assert_eq!(period_key(at("2026-11-30T06:00:00Z")), "2026-11-30T06:00Z");
    }
}
