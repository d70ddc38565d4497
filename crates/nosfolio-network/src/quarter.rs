//! Calendar quarters, for the quarterly re-scoring of relationships.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;
use serde::{Serialize, Serializer};

/// A calendar quarter, written `2026Q1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    year: i16,
    /// 1 to 4.
    number: i8,
}

impl Quarter {
    /// The quarter `date` falls in.
    #[must_use]
    pub fn of(date: Date) -> Self {
        Self {
            year: date.year(),
            number: (date.month() - 1) / 3 + 1,
        }
    }

    /// Its first day.
    #[must_use]
    pub fn start(self) -> Date {
        Date::new(self.year, (self.number - 1) * 3 + 1, 1).unwrap_or(Date::MIN)
    }

    /// Its last day.
    #[must_use]
    pub fn end(self) -> Date {
        self.start()
            .checked_add(jiff::Span::new().months(3))
            .and_then(jiff::civil::Date::yesterday)
            .unwrap_or(Date::MAX)
    }

    /// Whether `date` falls in it.
    #[must_use]
    pub fn contains(self, date: Date) -> bool {
        Self::of(date) == self
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}Q{}", self.year, self.number)
    }
}

impl Serialize for Quarter {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for Quarter {
    type Err = String;

    /// Reads `2026Q1`, `2026-Q1` or `2026q1`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wrong = || format!("`{text}` is not a quarter: write it as YYYYQn, e.g. 2026Q1");
        let upper = text.trim().to_ascii_uppercase();
        let (year, number) = upper.split_once('Q').ok_or_else(wrong)?;
        let year = year.strip_suffix('-').unwrap_or(year);
        let year: i16 = year
            .parse()
            .ok()
            .filter(|y| (1000..=9999).contains(y))
            .ok_or_else(wrong)?;
        let number: i8 = number
            .parse()
            .ok()
            .filter(|n| (1..=4).contains(n))
            .ok_or_else(wrong)?;
        Ok(Self { year, number })
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn quarters_read_and_bound_dates() {
        let q: Quarter = "2026q4".parse().unwrap();
        assert_eq!(q.to_string(), "2026Q4");
        assert_eq!(
            (q.start(), q.end()),
            (date(2026, 10, 1), date(2026, 12, 31))
        );
        assert_eq!(Quarter::of(date(2024, 3, 31)).end(), date(2024, 3, 31));
        assert_eq!(
            "2024-Q1".parse::<Quarter>().unwrap().end(),
            date(2024, 3, 31)
        );
        assert!("2026Q5".parse::<Quarter>().is_err());
        assert!("Q1".parse::<Quarter>().is_err());
        assert!(Quarter::of(date(2026, 5, 1)).contains(date(2026, 6, 30)));
    }
}
