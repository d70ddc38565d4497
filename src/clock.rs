//! The day and the moment of a run, read once, here, and passed down.
//!
//! Every command that dates something or counts from a day (a new record's
//! date, who is due for contact, this quarter, a report's "generated" line,
//! a seal's or credential's time stamp) gets it from the [`Clock`] in the
//! command's `Context`; no other code of nosfolio reads the system clock, and
//! the library crates take the day as an argument.
//!
//! A candidate's "today" is their local day: the computer's time zone (the
//! `TZ` variable, else the system's setting; UTC when neither can be read)
//! decides it, not UTC, so that an entry made in the evening is not dated
//! tomorrow.
//!
//! `--today YYYY-MM-DD`, or else the environment variable `NOSFOLIO_TODAY`,
//! fixes the day: for a run as of another day, and for reproducible output
//! (the test suite sets it). Time stamps are then that day at 00:00 UTC, so
//! that the same inputs give the same output, byte for byte.

use std::ffi::OsString;
use std::fmt;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use nosfolio_core::{Problem, parse_date};

/// The environment variable that fixes the day when `--today` is not given.
pub(crate) const TODAY_VAR: &str = "NOSFOLIO_TODAY";

/// The day and the moment of this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock {
    /// The candidate's day: what new records are dated, and what "due",
    /// "this quarter" and a report's "generated" date count from.
    pub(crate) today: Date,
    /// The moment, where a time stamp is needed (a seal, a credential's
    /// issuance). The same instant as `today`: read at the same time, or
    /// `today` at 00:00 UTC when the day is fixed.
    pub(crate) now: Timestamp,
    /// Whether the day was given (`--today`, `NOSFOLIO_TODAY`) rather than
    /// read from the system.
    pub(crate) fixed: bool,
}

/// Why the day given by `--today` or `NOSFOLIO_TODAY` cannot be used: a
/// usage error (exit 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BadToday {
    /// `NOSFOLIO_TODAY` is set to something that is not a date.
    NotADate {
        /// The value as set.
        value: String,
        /// Why it is not a date.
        reason: String,
    },
    /// `NOSFOLIO_TODAY` is not valid UTF-8.
    NotUtf8 {
        /// The value, with what is not UTF-8 replaced.
        value: String,
    },
    /// The day is a date, but 00:00 UTC on it is not a time stamp jiff can
    /// hold (9999-12-31).
    OutOfRange {
        /// The day.
        day: Date,
        /// Where it came from: `--today` or `NOSFOLIO_TODAY`.
        source: &'static str,
    },
}

impl fmt::Display for BadToday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotADate { value, reason } => write!(
                f,
                "{TODAY_VAR}=`{value}` is not a date: {reason}\n  help: write the day as YYYY-MM-DD, e.g. {TODAY_VAR}=2026-03-04, or unset {TODAY_VAR} to use today"
            ),
            Self::NotUtf8 { value } => write!(
                f,
                "{TODAY_VAR}=`{value}` is not a date: it is not valid UTF-8\n  help: write the day as YYYY-MM-DD, e.g. {TODAY_VAR}=2026-03-04, or unset {TODAY_VAR} to use today"
            ),
            Self::OutOfRange { day, source } => write!(
                f,
                "{source} {day} is out of range: nosfolio cannot date anything on that day\n  help: give a day up to 9999-12-30, as YYYY-MM-DD"
            ),
        }
    }
}

impl std::error::Error for BadToday {}

impl Clock {
    /// The clock for this run: the day from `flag` (`--today`), else from
    /// `NOSFOLIO_TODAY`, else the system clock in the local time zone. The
    /// one place in nosfolio that reads the system clock.
    pub(crate) fn read(flag: Option<Date>) -> Result<Self, BadToday> {
        if let Some(day) = flag {
            return Self::fixed(day, "--today");
        }
        if let Some(day) = day_from_env(std::env::var_os(TODAY_VAR))? {
            return Self::fixed(day, TODAY_VAR);
        }
        let now = Zoned::now();
        Ok(Self {
            today: now.date(),
            now: now.timestamp(),
            fixed: false,
        })
    }

    /// The clock fixed to `day`, time stamps at 00:00 UTC on it.
    fn fixed(day: Date, source: &'static str) -> Result<Self, BadToday> {
        let midnight = day
            .to_zoned(TimeZone::UTC)
            .map_err(|_| BadToday::OutOfRange { day, source })?;
        Ok(Self {
            today: day,
            now: midnight.timestamp(),
            fixed: true,
        })
    }

    /// Today as a long-running command (the web app) asks for it, again and
    /// again: the day given, or the system's day at each asking.
    pub(crate) fn today_fn(&self) -> std::sync::Arc<dyn Fn() -> Date + Send + Sync> {
        let day = self.today;
        if self.fixed {
            std::sync::Arc::new(move || day)
        } else {
            std::sync::Arc::new(|| Zoned::now().date())
        }
    }

    /// The moment as `2026-03-04T09:15:00Z`: UTC, to the second.
    pub(crate) fn now_utc_seconds(&self) -> String {
        self.now.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }
}

/// The day `NOSFOLIO_TODAY` gives: none when it is unset or empty.
fn day_from_env(value: Option<OsString>) -> Result<Option<Date>, BadToday> {
    let Some(value) = value else {
        return Ok(None);
    };
    let Some(text) = value.to_str() else {
        return Err(BadToday::NotUtf8 {
            value: value.to_string_lossy().into_owned(),
        });
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(text)
        .map(Some)
        .map_err(|problem| BadToday::NotADate {
            value: text.to_owned(),
            reason: match problem {
                Problem::InvalidDate { reason, .. } => reason,
                other => other.to_string(),
            },
        })
}

/// Parses a `YYYY-MM-DD` option value (`--today`, `--date`, `--next`): the
/// error names the value and the expected form.
pub(crate) fn date_arg(text: &str) -> Result<Date, String> {
    parse_date(text.trim()).map_err(|problem| problem.explained())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unset_or_empty_variable_fixes_nothing() {
        assert_eq!(day_from_env(None), Ok(None));
        assert_eq!(day_from_env(Some(OsString::from(""))), Ok(None));
        assert_eq!(day_from_env(Some(OsString::from("  "))), Ok(None));
    }

    #[test]
    fn the_variable_gives_a_day() {
        assert_eq!(
            day_from_env(Some(OsString::from("2026-03-04"))),
            Ok(Some(jiff::civil::date(2026, 3, 4)))
        );
    }

    #[test]
    fn a_bad_variable_names_the_value_and_the_form() {
        let error = day_from_env(Some(OsString::from("2026-13-01"))).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("NOSFOLIO_TODAY=`2026-13-01`"), "{message}");
        assert!(message.contains("there is no month 13"), "{message}");
        assert!(message.contains("YYYY-MM-DD"), "{message}");
        let error = day_from_env(Some(OsString::from("tomorrow"))).unwrap_err();
        assert!(error.to_string().contains("expected YYYY-MM-DD"), "{error}");
    }

    #[test]
    fn a_fixed_day_stamps_midnight_utc() {
        let clock = Clock::fixed(jiff::civil::date(2026, 3, 4), "--today").unwrap();
        assert_eq!(clock.today, jiff::civil::date(2026, 3, 4));
        assert_eq!(clock.now_utc_seconds(), "2026-03-04T00:00:00Z");
    }

    #[test]
    fn a_day_whose_midnight_is_no_time_stamp_is_refused() {
        let error = Clock::fixed(jiff::civil::date(9999, 12, 31), "--today").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("--today 9999-12-31 is out of range")
        );
    }

    #[test]
    fn the_flag_gives_the_day() {
        let day = jiff::civil::date(2025, 6, 23);
        assert_eq!(Clock::read(Some(day)).map(|c| c.today), Ok(day));
    }
}
