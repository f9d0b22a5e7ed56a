//! Partial dates as the user types them (`2023`, `2023-11`, `2023-11-14`) turned
//! into half-open day ranges, for `--since`/`--until` and `date:` in queries.

use chrono::{Datelike, NaiveDate};

use crate::error::{QueryError, QueryErrorKind};

/// A calendar period named by a partial date: its first day and the day after its last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day of the period.
    pub start: NaiveDate,
    /// The day after the last day of the period.
    pub end: NaiveDate,
}

/// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a trailing `T…` time is ignored)
/// into the period it names; a [`QueryErrorKind::BadDate`] on error.
pub fn parse_period(text: &str) -> Result<Period, QueryError> {
    let bad = || QueryError::from(QueryErrorKind::BadDate(text.to_string()));
    let day_part = text.split(['T', ' ']).next().unwrap_or(text);
    let parts: Vec<&str> = day_part.split('-').collect();
    let num = |s: &str, len: usize| -> Result<u32, QueryError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| bad())
        } else {
            Err(bad())
        }
    };
    let year = num(parts[0], 4)? as i32;
    let (start, end) = match parts.len() {
        1 => (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year + 1, 1, 1),
        ),
        2 => {
            let month = num(parts[1], 2)?;
            let start = NaiveDate::from_ymd_opt(year, month, 1);
            (
                start,
                start.and_then(|d| d.checked_add_months(chrono::Months::new(1))),
            )
        }
        3 => {
            let (month, day) = (num(parts[1], 2)?, num(parts[2], 2)?);
            let start = NaiveDate::from_ymd_opt(year, month, day);
            (start, start.and_then(|d| d.succ_opt()))
        }
        _ => return Err(bad()),
    };
    match (start, end) {
        (Some(start), Some(end)) => Ok(Period { start, end }),
        _ => Err(bad()),
    }
}

/// Seconds since the epoch at midnight UTC of `day`.
pub fn day_seconds(day: NaiveDate) -> i64 {
    day.and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp())
        .unwrap_or_default()
}

/// Formats seconds since the epoch as `YYYY-MM-DD`.
pub fn format_day(secs: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(secs, 0).map(|d| {
        let d = d.date_naive();
        format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn partial_dates_name_periods() {
        let cases = [
            ("2023", ymd(2023, 1, 1), ymd(2024, 1, 1)),
            ("2023-11", ymd(2023, 11, 1), ymd(2023, 12, 1)),
            ("2023-12", ymd(2023, 12, 1), ymd(2024, 1, 1)),
            ("2024-02-29", ymd(2024, 2, 29), ymd(2024, 3, 1)),
            ("2023-11-14T10:00:00Z", ymd(2023, 11, 14), ymd(2023, 11, 15)),
        ];
        for (text, start, end) in cases {
            assert_eq!(parse_period(text), Ok(Period { start, end }), "{text}");
        }
    }

    #[test]
    fn bad_dates_are_rejected_with_the_input() {
        for text in [
            "",
            "23",
            "2023-13",
            "2023-02-30",
            "2023-1",
            "20231",
            "2023-11-14-1",
            "last week",
        ] {
            let err = parse_period(text).unwrap_err().to_string();
            assert!(err.contains(text), "{err}");
        }
    }

    #[test]
    fn formats_days() {
        assert_eq!(
            format_day(day_seconds(ymd(2023, 11, 14))).as_deref(),
            Some("2023-11-14")
        );
    }
}
