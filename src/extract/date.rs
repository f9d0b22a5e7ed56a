//! Dates: the many ways pages write a date become a [`NaiveDate`]. One parser
//! reads a date string ([`parse`]: metadata, `<time>` attributes, dateline
//! text); two finders look for a date's parts where a page has one among other
//! words ([`find_in_line`] for a line of a text scrape, [`in_url`] for a URL's
//! `/YYYY/MM/DD/`); [`plausible`] keeps the years a publication can have.
//! Serialized as `YYYY-MM-DD` ([`serde_ymd`]).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// Parses a date written as ISO 8601 / RFC 3339, RFC 2822, or `14 November 2023`,
/// `November 14, 2023`, `2023/11/14`, or a `Month D YYYY` / `D Month YYYY`
/// date inside a longer text ("Published Tuesday November 14 2023 10:00 ET").
pub fn parse(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    // `get`: the 10th byte may sit inside a character (`2023年11月14日`)
    if let Some(d) = s
        .get(..10)
        .and_then(|head| NaiveDate::parse_from_str(head, "%Y-%m-%d").ok())
    {
        return Some(d);
    }
    let cleaned = s
        .replace(',', " ")
        .replace(". ", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // a year of four digits only: `%Y` also reads the `24` of `March 2024`
    // after `%d` took its `20` (which made it 0024-03-20)
    for fmt in [
        "%d %B %Y",
        "%B %d %Y",
        "%d %b %Y",
        "%b %d %Y",
        "%Y/%m/%d",
        "%m/%d/%Y",
        "%m-%d-%Y",
        "%d.%m.%Y",
        "%Y年%m月%d日",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, fmt) {
            if plausible(&d) {
                return Some(d);
            }
        }
    }
    in_text(&cleaned)
}

/// Three-letter month names, lowercase, in calendar order.
const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The month of a name or abbreviation's first three letters (`Dec`, `december`).
fn month(name: &str) -> Option<u32> {
    let abbr = name.get(..3)?;
    MONTHS
        .iter()
        .position(|m| abbr.eq_ignore_ascii_case(m))
        .map(|p| p as u32 + 1)
}

/// A `Month D YYYY` or `D Month YYYY` date inside a longer text, whitespace
/// collapsed and commas removed.
fn in_text(s: &str) -> Option<NaiveDate> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| {
        let month = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
        Regex::new(&format!(
            "(?i)\\b(?:{month} (\\d{{1,2}})(?:st|nd|rd|th)? (\\d{{4}})|(\\d{{1,2}}) {month} (\\d{{4}}))\\b"
        ))
        .expect("valid date regex")
    });
    let c = DATE.captures(s)?;
    let (mon, day, year) = match c.get(1) {
        Some(m) => (m.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
        None => (c.get(5)?.as_str(), c.get(4)?.as_str(), c.get(6)?.as_str()),
    };
    NaiveDate::from_ymd_opt(year.parse().ok()?, month(mon)?, day.parse().ok()?)
}

/// The dates a line of a text scrape may hold: `2025-12-18`, `Dec. 18, 2025`,
/// `18th December 2025`, `12/19/2025`, `23.07.2025` (dots: day first, as
/// Europe writes it, unless the second number cannot be a month).
static LINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?-u:\b)(?P<y1>\d{4})[-/.](?P<m1>\d{1,2})[-/.](?P<d1>\d{1,2})(?-u:\b)
        | (?-u:\b)(?P<mon2>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{4})(?-u:\b)
        | (?-u:\b)(?P<d3>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon3>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?P<y3>\d{4})(?-u:\b)
        | (?-u:\b)(?P<a4>\d{1,2})/(?P<b4>\d{1,2})/(?P<y4>\d{4})(?-u:\b)
        | (?-u:\b)(?P<d5>\d{1,2})\.(?P<m5>\d{1,2})\.(?P<y5>\d{4})(?-u:\b)",
    )
    .expect("valid date regex")
});

/// Splits a year glued to the next word (`August 25, 2025August 29, 2025`,
/// as scrapes of inline elements print them).
fn unglue(t: &str) -> std::borrow::Cow<'_, str> {
    static GLUE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"((?-u:\b)\d{4})(\p{Lu})").expect("valid glue regex"));
    GLUE.replace_all(t, "$1 $2")
}

/// The first date written in a line of a text scrape (`Dec. 18, 2025`,
/// `18 December 2025`, `2025-12-18`, `12/19/2025` read month first unless the
/// first number cannot be a month).
pub fn find_in_line(t: &str) -> Option<NaiveDate> {
    let t = &*unglue(t);
    let c = LINE_DATE.captures(t)?;
    let num = |name: &str| c[name].parse::<u32>().ok();
    let (y, m, d) = if let Some(y) = c.name("y1") {
        (y.as_str(), num("m1")?, num("d1")?)
    } else if let Some(y) = c.name("y4") {
        let (a, b) = (num("a4")?, num("b4")?);
        let (m, d) = if a > 12 { (b, a) } else { (a, b) };
        (y.as_str(), m, d)
    } else if let Some(y) = c.name("y5") {
        // day first unless the second number cannot be a month (`11.24.2025`)
        let (a, b) = (num("d5")?, num("m5")?);
        let (m, d) = if b > 12 { (a, b) } else { (b, a) };
        (y.as_str(), m, d)
    } else if let Some(y) = c.name("y2") {
        (y.as_str(), month(&c["mon2"])?, num("d2")?)
    } else {
        (c.name("y3")?.as_str(), month(&c["mon3"])?, num("d3")?)
    };
    NaiveDate::from_ymd_opt(y.parse().ok()?, m, d)
}

/// The line with the dates that [`find_in_line`] finds replaced by spaces.
pub(crate) fn blank_in_line(t: &str) -> String {
    LINE_DATE.replace_all(&unglue(t), " ").into_owned()
}

/// Finds a `/YYYY/MM/DD/` date in a URL path.
pub fn in_url(url: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        if w[0].len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(w[0].parse().ok()?, w[1].parse().ok()?, w[2].parse().ok()?)
    })
}

/// Days between two dates (absolute).
pub fn days_apart(a: NaiveDate, b: NaiveDate) -> i64 {
    (a - b).num_days().abs()
}

/// True for a year a publication date can have: outside 1800–2200 a date is
/// a parsing accident.
pub fn plausible(d: &NaiveDate) -> bool {
    (1800..=2200).contains(&d.year())
}

/// Serde for an `Option<NaiveDate>` written as `YYYY-MM-DD` (or null).
pub mod serde_ymd {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    const FORMAT: &str = "%Y-%m-%d";

    /// Writes the date as `YYYY-MM-DD`, or null.
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.collect_str(&d.format(FORMAT)),
            None => s.serialize_none(),
        }
    }

    /// Reads a `YYYY-MM-DD` date, or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|s| NaiveDate::parse_from_str(&s, FORMAT).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> Option<NaiveDate> {
        Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
    }

    #[test]
    fn parses_common_forms() {
        assert_eq!(parse("2023-11-14T10:00:00Z"), ymd("2023-11-14"));
        assert_eq!(parse("November 14, 2023"), ymd("2023-11-14"));
        assert_eq!(parse("14 November 2023"), ymd("2023-11-14"));
        assert_eq!(parse("Tue, 14 Nov 2023 10:00:00 +0000"), ymd("2023-11-14"));
        assert_eq!(parse("yesterday"), None);
        assert_eq!(parse("03-09-2026"), ymd("2026-03-09"));
        assert_eq!(
            parse("Published Tue. Nov. 14, 2023, 10:00 ET"),
            ymd("2023-11-14")
        );
        assert_eq!(parse("Updated 5th March 2024"), None);
        assert_eq!(parse("Updated 5 March 2024 at noon"), ymd("2024-03-05"));
        assert_eq!(in_url("https://x.org/2023/07/27/slug/"), ymd("2023-07-27"));
    }

    #[test]
    fn a_multibyte_character_at_the_tenth_byte_is_no_panic() {
        assert_eq!(parse("2023年11月14日"), ymd("2023-11-14"));
        assert_eq!(parse("2023年11月"), None);
    }

    #[test]
    fn a_month_and_year_is_no_day_of_year_24() {
        // the issue's `normalize("March 2024")` gave 0024-03-20
        for s in ["March 2024", "Mar 2024", "2024 March", "March 20"] {
            assert!(
                parse(s).is_none_or(|d| plausible(&d)),
                "{s}: {:?}",
                parse(s)
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// No string can make a date finder panic (a panic loses the page).
        #[test]
        fn no_date_string_panics(s in "\\PC{0,40}", digits in "[0-9年月日/.:, -]{0,24}") {
            for t in [s.as_str(), digits.as_str(), &format!("{digits}{s}"), &format!("{s} {digits}")] {
                let _ = parse(t);
                let _ = find_in_line(t);
                let _ = blank_in_line(t);
                let _ = in_url(t);
            }
        }
    }

    #[test]
    fn dates_in_lines() {
        assert_eq!(find_in_line("Dec. 18, 2025"), ymd("2025-12-18"));
        assert_eq!(
            find_in_line("Published 3 September 2024 10:00"),
            ymd("2024-09-03")
        );
        assert_eq!(find_in_line("2023-11-14"), ymd("2023-11-14"));
        assert_eq!(find_in_line("February 30, 2024"), None);
        assert_eq!(find_in_line("Top 10 in 2024"), None);
        assert_eq!(find_in_line("12/19/2025 • Essays"), ymd("2025-12-19"));
        assert_eq!(find_in_line("19/12/2025"), ymd("2025-12-19"));
        assert_eq!(
            find_in_line("Ann Lee 23.07.2025 · 6 min"),
            ymd("2025-07-23")
        );
        assert_eq!(find_in_line("03.10.2023"), ymd("2023-10-03"));
        assert_eq!(find_in_line("version 1.2.2023"), ymd("2023-02-01"));
        assert_eq!(find_in_line("11.24.2025"), ymd("2025-11-24"));
        assert_eq!(find_in_line("31.13.2023"), None);
        assert_eq!(find_in_line("Fri, 19th Dec 2025"), ymd("2025-12-19"));
        assert_eq!(
            find_in_line("by Jo Doe August 25, 2025August 29, 2025"),
            ymd("2025-08-25")
        );
        assert_eq!(
            blank_in_line("By Jo Doe Oct. 15, 2024").trim_end(),
            "By Jo Doe"
        );
    }

    #[test]
    fn years_outside_the_span_are_not_plausible() {
        assert!(plausible(&ymd("1800-01-01").unwrap()));
        assert!(!plausible(&ymd("0024-03-20").unwrap()));
        assert!(!plausible(&ymd("2201-01-01").unwrap()));
    }

    #[test]
    fn serializes_as_ymd() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct T {
            #[serde(with = "serde_ymd")]
            d: Option<NaiveDate>,
        }
        let t = T {
            d: ymd("2024-03-05"),
        };
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, r#"{"d":"2024-03-05"}"#);
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), t);
        assert_eq!(serde_json::from_str::<T>(r#"{"d":null}"#).unwrap().d, None);
    }
}
