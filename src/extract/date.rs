//! Date normalisation: the many ways pages write a date become `YYYY-MM-DD`.

use chrono::NaiveDate;

/// Parses a date written as ISO 8601 / RFC 3339, RFC 2822, or `14 November 2023`,
/// `November 14, 2023`, `2023/11/14`; returns `YYYY-MM-DD`.
pub fn normalize(raw: &str) -> Option<String> {
    let s = raw.trim();
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(dt.date_naive().to_string());
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive().to_string());
    }
    if s.len() >= 10 {
        if let Ok(d) = NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d") {
            return Some(d.to_string());
        }
    }
    let cleaned = s
        .replace(',', " ")
        .replace(". ", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for fmt in [
        "%d %B %Y", "%B %d %Y", "%d %b %Y", "%b %d %Y", "%Y/%m/%d", "%m/%d/%Y", "%m-%d-%Y",
        "%d.%m.%Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(&cleaned, fmt) {
            return Some(d.to_string());
        }
    }
    in_text(&cleaned)
}

/// A `Month D YYYY` or `D Month YYYY` date inside a longer text
/// ("Published Tuesday November 14 2023 10:00 ET").
fn in_text(s: &str) -> Option<String> {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        let month = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
        regex::Regex::new(&format!(
            "(?i)\\b(?:{month} (\\d{{1,2}})(?:st|nd|rd|th)? (\\d{{4}})|(\\d{{1,2}}) {month} (\\d{{4}}))\\b"
        ))
        .unwrap()
    });
    let c = DATE.captures(s)?;
    let (mon, day, year) = match c.get(1) {
        Some(m) => (m.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
        None => (c.get(5)?.as_str(), c.get(4)?.as_str(), c.get(6)?.as_str()),
    };
    let d = NaiveDate::parse_from_str(&format!("{day} {} {year}", &mon[..3]), "%d %b %Y").ok()?;
    Some(d.to_string())
}

/// Days between two `YYYY-MM-DD` dates (absolute), if both parse.
pub fn days_apart(a: &str, b: &str) -> Option<i64> {
    let a = NaiveDate::parse_from_str(a, "%Y-%m-%d").ok()?;
    let b = NaiveDate::parse_from_str(b, "%Y-%m-%d").ok()?;
    Some((a - b).num_days().abs())
}

/// Finds a `/YYYY/MM/DD/` date in a URL path.
pub fn from_url(url: &str) -> Option<String> {
    let parts: Vec<&str> = url.split('/').collect();
    parts.windows(3).find_map(|w| {
        let (y, m, d) = (
            w[0].parse::<i32>().ok()?,
            w[1].parse::<u32>().ok()?,
            w[2].parse::<u32>().ok()?,
        );
        if w[0].len() != 4 {
            return None;
        }
        NaiveDate::from_ymd_opt(y, m, d).map(|d| d.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_common_forms() {
        assert_eq!(
            normalize("2023-11-14T10:00:00Z").as_deref(),
            Some("2023-11-14")
        );
        assert_eq!(
            normalize("November 14, 2023").as_deref(),
            Some("2023-11-14")
        );
        assert_eq!(normalize("14 November 2023").as_deref(), Some("2023-11-14"));
        assert_eq!(
            normalize("Tue, 14 Nov 2023 10:00:00 +0000").as_deref(),
            Some("2023-11-14")
        );
        assert_eq!(normalize("yesterday"), None);
        assert_eq!(normalize("03-09-2026").as_deref(), Some("2026-03-09"));
        assert_eq!(
            normalize("Published Tue. Nov. 14, 2023, 10:00 ET").as_deref(),
            Some("2023-11-14")
        );
        assert_eq!(normalize("Updated 5th March 2024").as_deref(), None);
        assert_eq!(
            normalize("Updated 5 March 2024 at noon").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            from_url("https://x.org/2023/07/27/slug/").as_deref(),
            Some("2023-07-27")
        );
    }
}
