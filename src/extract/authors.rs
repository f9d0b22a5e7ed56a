//! Author names: splitting a byline ("By Ann Lee and Bo Chen") into names,
//! for the HTML path (metadata, byline elements) and the text path (byline
//! lines) alike.

use std::sync::LazyLock;

use regex::Regex;

/// Splits a byline into author names: drops a leading "By", splits on `,`,
/// `;`, `&`, `|` and the word "and" (`und`, `et`, `y`, `e`) between spaces
/// (so that the initial of `Sarah E. Needleman` stays), trims trailing
/// punctuation, and drops parts that are not names (URLs, e-mails, dates,
/// long phrases, pieces of a parenthesis).
pub fn split(byline: &str) -> Vec<String> {
    static SEP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\s*[,;&|]\s*(?:(?:and|und|et|y|e)\s+)?|\s+(?:and|und|et|y|e)\s+")
            .expect("valid separator regex")
    });
    let s = byline.split_whitespace().collect::<Vec<_>>().join(" ");
    SEP.split(strip_by(&s))
        .map(|p| {
            strip_by(p.trim())
                .trim()
                .trim_end_matches(['.', ':', '|', '-', '–', '—'])
                .trim()
                .to_string()
        })
        .filter(|p| is_name(p))
        .collect()
}

/// Drops a leading "By", "Written by", "Text by"… (up to two words before "by").
fn strip_by(s: &str) -> &str {
    for prefix in ["Von ", "Por ", "Par "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest;
        }
    }
    let words: Vec<&str> = s.splitn(4, ' ').collect();
    for (k, w) in words.iter().enumerate().take(3) {
        if w.eq_ignore_ascii_case("by") {
            let skip: usize = words[..=k].iter().map(|w| w.len() + 1).sum();
            return s.get(skip..).unwrap_or("");
        }
    }
    s
}

/// A plausible person or organisation name.
fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=5).contains(&words)
        && s.len() <= 60
        && !s.contains("://")
        && !s.contains('@')
        && !s.chars().any(|c| c.is_ascii_digit())
        && s.chars().next().is_some_and(char::is_alphabetic)
        && !s.split_whitespace().all(is_calendar_word)
        && s.matches('(').count() == s.matches(')').count()
}

/// A weekday name or a weekday/month abbreviation ("Sat", "Dec."): part of a
/// dateline, not a name. Full month names stay (April, June are names).
fn is_calendar_word(w: &str) -> bool {
    matches!(
        w.trim_end_matches(['.', ',']).to_ascii_lowercase().as_str(),
        "mon"
            | "monday"
            | "tue"
            | "tues"
            | "tuesday"
            | "wed"
            | "wednesday"
            | "thu"
            | "thur"
            | "thurs"
            | "thursday"
            | "fri"
            | "friday"
            | "sat"
            | "saturday"
            | "sun"
            | "sunday"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_bylines() {
        assert_eq!(split("By Ann Lee and Bo Chen"), ["Ann Lee", "Bo Chen"]);
        assert_eq!(
            split("Ann Lee, Bo Chen & Cy Diaz"),
            ["Ann Lee", "Bo Chen", "Cy Diaz"]
        );
        assert_eq!(split("Text by Hunter Dukes"), ["Hunter Dukes"]);
        assert_eq!(split("https://x.org/ann"), Vec::<String>::new());
        assert_eq!(split("Updated 12 May 2024"), Vec::<String>::new());
        assert_eq!(split("Sat"), Vec::<String>::new());
        assert_eq!(split("Maya Lin"), ["Maya Lin"]);
        assert_eq!(
            split("Jane Doe, John Roe and Ann Poe"),
            ["Jane Doe", "John Roe", "Ann Poe"]
        );
        assert_eq!(split("Ana Lima, e Rui Costa"), ["Ana Lima", "Rui Costa"]);
        assert_eq!(split("Sarah E. Needleman"), ["Sarah E. Needleman"]);
        assert_eq!(
            split("Martin Untersinger (avec Damien Leloup et Morgane Tual)"),
            Vec::<String>::new()
        );
    }
}
