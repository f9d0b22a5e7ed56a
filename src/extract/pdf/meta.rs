//! The document Info dictionary: `/Title`, `/Author`, `/CreationDate`.

use chrono::NaiveDate;
use pdf_extract::{Dictionary, Document, Object};

/// The Info fields polsearch uses, decoded.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Info {
    /// `/Title`, trimmed, when present.
    pub title: Option<String>,
    /// `/Author` split into names, when they look like people's names.
    pub authors: Vec<String>,
    /// `/CreationDate`.
    pub date: Option<NaiveDate>,
}

/// Reads the Info dictionary; a missing or unreadable one gives empty fields.
pub(crate) fn read(doc: &Document) -> Info {
    let Some(dict) = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| dictionary(doc, o))
    else {
        return Info::default();
    };
    let field = |key: &[u8]| {
        let value = dict.get(key).ok()?;
        let value = match value {
            Object::Reference(id) => doc.get_object(*id).ok()?,
            other => other,
        };
        let Object::String(bytes, _) = value else {
            return None;
        };
        let text = decode(bytes)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        (!text.is_empty()).then_some(text)
    };
    Info {
        title: field(b"Title"),
        authors: field(b"Author").map(|a| authors(&a)).unwrap_or_default(),
        date: field(b"CreationDate").and_then(|d| pdf_date(&d)),
    }
}

fn dictionary<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    match obj {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    }
}

/// A PDF text string: UTF-16BE with its byte-order mark, else PDFDocEncoding
/// (read as Latin-1, which it extends).
fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// `D:20070212093000-05'00'` → 2007-02-12.
fn pdf_date(raw: &str) -> Option<NaiveDate> {
    let digits = raw.trim().strip_prefix("D:").unwrap_or(raw.trim());
    let num = |r: std::ops::Range<usize>| digits.get(r)?.parse::<u32>().ok();
    let year = num(0..4)?;
    let month = num(4..6).unwrap_or(1);
    let day = num(6..8).unwrap_or(1);
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// The names in an `/Author` value; none when it is a login, a program or an
/// organisation's abbreviation rather than people (`jsmith`, `Microsoft Office
/// User`, `GAO`).
fn authors(raw: &str) -> Vec<String> {
    let names = super::super::authors::split(raw);
    names
        .into_iter()
        .filter(|n| {
            let words: Vec<&str> = n.split_whitespace().collect();
            (2..=4).contains(&words.len())
                && words.iter().all(|w| w.starts_with(char::is_uppercase))
                && !n
                    .chars()
                    .any(|c| c.is_ascii_digit() || c == '@' || c == '_')
                && !n.to_lowercase().contains("user")
        })
        .collect()
}

/// A title worth keeping: words, not a file name or a word processor's placeholder.
pub(crate) fn good_title(title: &str) -> bool {
    let t = title.trim();
    let lower = t.to_lowercase();
    let words = t.split_whitespace().count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    words >= 2
        && letters >= 6
        && ![
            "untitled",
            "microsoft word",
            "powerpoint",
            "document1",
            "slide 1",
        ]
        .iter()
        .any(|p| lower.starts_with(p))
        && ![".doc", ".docx", ".pdf", ".indd", ".qxd", ".tex", ".dvi"]
            .iter()
            .any(|e| lower.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            pdf_date("D:20070212093000-05'00'"),
            NaiveDate::from_ymd_opt(2007, 2, 12)
        );
        assert_eq!(pdf_date("D:2031"), NaiveDate::from_ymd_opt(2031, 1, 1));
        assert_eq!(pdf_date("yesterday"), None);
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode(&[0xFE, 0xFF, 0, b'A', 0x00, 0xE9]), "Aé");
        assert_eq!(decode(b"Caf\xe9"), "Café");
    }

    #[test]
    fn authors_are_people() {
        assert_eq!(
            authors("Ilse Vermeer; Tomas Ruiz"),
            ["Ilse Vermeer", "Tomas Ruiz"]
        );
        assert!(authors("jsmith").is_empty());
        assert!(authors("GAO").is_empty());
        assert!(authors("Microsoft Office User").is_empty());
    }

    #[test]
    fn titles() {
        assert!(good_title("Crude Oil: Uncertainty about Future Oil Supply"));
        assert!(!good_title("Microsoft Word - d07283.doc"));
        assert!(!good_title("report.pdf"));
        assert!(!good_title("Untitled"));
        assert!(!good_title("x"));
    }
}
