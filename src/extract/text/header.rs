//! The article's header in a text scrape: the lines just above the main run of
//! prose hold the title (often printed twice), the dek, the `Analysis | Africa`
//! label line, the byline and the date. The title is the heading-like line there
//! whose words the body uses most.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::blocks::{is_stopword, key, Block};
use super::{Role, TextRules};
use crate::extract::{authors, date};

/// How many lines above the body the header may start.
const WINDOW: usize = 30;

/// How much lower an earlier title candidate may score than the best one.
const TITLE_MARGIN: f32 = 0.3;

/// How far into the main run the title may sit (the run can start with a stray
/// paragraph above the headline).
const TITLE_REACH: usize = 3;
/// How much lower the line right above the best candidate may score and still
/// be taken as the title (the best one, longer, being its dek).
const DEK_MARGIN: f32 = 1.0;

/// How many lines below the body a closing byline may sit.
const BYLINE_BELOW: usize = 3;

/// How many lines at the top and bottom of a scrape may hold its URL.
const URL_EDGE: usize = 3;

/// What the header yields.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: Option<String>,
    pub labels: Vec<String>,
    pub authors: Vec<String>,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub site: Option<String>,
    /// Index of the title's block.
    pub start: usize,
    /// Index of the first block after the title and dek.
    pub end: usize,
}

/// Reads the header above `body_start` (the first block of the main run).
pub(super) fn read(
    blocks: &[Block],
    roles: &[Role],
    prose: &[bool],
    body_start: Option<usize>,
    body_end: Option<usize>,
    rules: &TextRules,
) -> Header {
    let s = body_start.unwrap_or(blocks.len()).min(blocks.len());
    let lo = s.saturating_sub(WINDOW);
    let mut h = Header::default();

    // vocabulary of the body's first few hundred words
    let mut vocab: HashSet<String> = HashSet::new();
    let mut taken = 0;
    for b in &blocks[s..] {
        if taken > 400 {
            break;
        }
        if b.words >= 8 {
            taken += b.words;
            vocab.extend(content_words(&b.text));
        }
    }

    // title: the best heading-like line in the window (or the run's first lines)
    let hi = (s + TITLE_REACH).min(blocks.len());
    let last_break = (lo..s.min(blocks.len()))
        .rev()
        .find(|&k| roles[k] == Role::Break);
    let mut scored: Vec<(f32, usize)> = Vec::new();
    for i in lo..hi {
        let b = &blocks[i];
        if roles[i] != Role::Text || b.words == 0 || b.words > 30 || b.chars > 250 {
            continue;
        }
        if b.text.ends_with(['.', ',', ';', ':']) && !b.text.ends_with("...") {
            continue;
        }
        let words = content_words(&b.text);
        if words.is_empty() {
            continue;
        }
        let shared = words.iter().filter(|w| vocab.contains(*w)).count();
        let mut score = 1.5 * shared as f32 / words.len() as f32 + 0.4 * shared.min(5) as f32;
        // printed twice in a row (headline and its repeat in the hero)
        let near = i.saturating_sub(3)..(i + 4).min(blocks.len());
        if b.repeated
            && near
                .clone()
                .any(|j| j != i && blocks[j].key() == blocks[i].key())
        {
            score += 0.75;
        }
        // a section heading is followed by its paragraph; a title by the dek,
        // byline, date or share bar
        if i + 1 < blocks.len() && i + 1 >= s && prose[i + 1] {
            score -= 1.0;
        }
        // running text is a dek or a paragraph rather than a headline
        if prose[i] {
            score -= 0.5;
        }
        let dated =
            |j: usize| blocks[j].words <= 20 && date::find_in_line(&blocks[j].text).is_some();
        if near.clone().any(|j| {
            j > i && (matches!(roles[j], Role::Byline | Role::Date | Role::Label) || dated(j))
        }) {
            score += 0.5;
        }
        // one item of a list (menu, table of contents) rather than a headline
        if !b.gap_before && !b.gap_after {
            score -= 0.5;
        }
        // inside the body: a section heading more likely than the title
        if i >= s {
            score -= 0.75;
        }
        if b.gap_before && b.gap_after {
            score += 0.5;
        }
        // headlines run to about a dozen words; deks are longer
        score += match b.words {
            4..=16 => 1.0,
            17..=20 => 0.5,
            _ => 0.0,
        };
        if b.text.chars().next().is_some_and(char::is_uppercase) {
            score += 0.25;
        }
        let distance = s.saturating_sub(i);
        score -= 0.05 * distance as f32;
        // below a list heading (`Most popular`) and above the body: a list item
        if last_break.is_some_and(|k| k < i && i < s) {
            score -= 1.5;
        }
        scored.push((score, i));
    }
    // the title comes first: an earlier headline-shaped line scoring nearly as
    // well as the best wins over a dek or a heading further down
    let top = scored.iter().map(|c| c.0).fold(f32::MIN, f32::max);
    let best = scored
        .iter()
        .find(|&&(sc, i)| sc >= top - TITLE_MARGIN && (blocks[i].words >= 4 || sc >= top));
    // the title comes before its dek: when the line right above the best one
    // is a headline-shaped candidate too, it is the title
    let best = best.map(|&(sc, i)| {
        let above = (lo..i).rev().find(|&j| roles[j] == Role::Text);
        match above.and_then(|j| scored.iter().find(|c| c.1 == j)) {
            Some(&(sa, j))
                if j + 1 == i
                    && blocks[j].words >= 4
                    && blocks[i].words > blocks[j].words
                    && sa >= sc - DEK_MARGIN =>
            {
                (sa, j)
            }
            _ => (sc, i),
        }
    });
    let title_at = best
        .map(|(_, i)| i)
        .or_else(|| (0..blocks.len()).find(|&i| roles[i] == Role::Text));
    if let Some(t) = title_at {
        h.title = blocks[t].text.clone();
        h.start = t;
        h.end = t + 1;
        let title_key = blocks[t].key();
        // dek: the first substantial line between title and body
        // (none on a page without a run of prose: its sentences are the body)
        let dek_end = if body_start.is_some() {
            s.max(t + 1).min(blocks.len())
        } else {
            t + 1
        };
        for j in t + 1..dek_end {
            let b = &blocks[j];
            if b.key() == title_key {
                h.end = j + 1;
                continue;
            }
            match roles[j] {
                Role::Text if b.words >= 5 && b.words <= 80 && reads_as_sentence(&b.text) => {
                    h.subtitle = Some(b.text.clone());
                    h.end = j + 1;
                    break;
                }
                Role::Text => break,
                _ => {}
            }
        }
    }

    // labels, kind, byline, date in the header window
    let hi = (s + 5).min(blocks.len());
    for i in lo..hi {
        let t = blocks[i].text.as_str();
        match roles[i] {
            Role::Label => {
                if !h.labels.iter().any(|l| l == t) {
                    h.labels.push(t.to_string());
                }
                if h.kind.is_none() {
                    let first = t.split(['|', '/']).next().unwrap_or("").trim();
                    if rules.kinds.contains(&key(first)) {
                        h.kind = Some(first.to_string());
                    }
                }
            }
            Role::Text
                if h.kind.is_none()
                    && blocks[i].words <= 3
                    && (blocks[i].gap_before || blocks[i].gap_after)
                    && rules.kinds.contains(&blocks[i].key()) =>
            {
                h.kind = Some(t.to_string());
                h.labels.push(t.to_string());
            }
            Role::Byline if h.authors.is_empty() => {
                h.authors = byline_names(t, rules);
            }
            // `By` on a line of its own, the names on the next
            Role::Text
                if h.authors.is_empty()
                    && matches!(key(t).as_str(), "by" | "written by" | "words by")
                    && i + 1 < blocks.len() =>
            {
                let next = &blocks[i + 1].text;
                let names = next.split(',').next().unwrap_or("");
                if is_name_line(names) {
                    h.authors = authors::split(names);
                }
            }
            _ => {}
        }
    }
    // a line of names right beside the header's date line (`Jane Doe` /
    // `12 March 2025`) is the byline of a site that does not print `By`
    let dated = |j: usize| blocks[j].words <= 20 && date::find_in_line(&blocks[j].text).is_some();
    let person = |t: &str| {
        is_name_line(t)
            && !key(t)
                .split(' ')
                .any(|w| rules.kinds.contains(w) || rules.not_names.contains(w))
    };
    if h.authors.is_empty() {
        h.authors = (lo..hi)
            .filter(|&i| roles[i] == Role::Text && i != h.start && person(&blocks[i].text))
            .find(|&i| (i > 0 && dated(i - 1)) || (i + 1 < blocks.len() && dated(i + 1)))
            .map(|i| authors::split(&blocks[i].text))
            .unwrap_or_default();
    }
    // a dated line of parts (`Jane Doe • Oct 20, 2025`) with one part that is a name
    if h.authors.is_empty() {
        h.authors = (lo..hi)
            .filter(|&i| dated(i) && blocks[i].words <= 12)
            .find_map(|i| {
                let parts: Vec<&str> = blocks[i]
                    .text
                    .split(['•', '|', '·'])
                    .map(str::trim)
                    .collect();
                let names: Vec<&str> = parts.iter().copied().filter(|p| person(p)).collect();
                (parts.len() >= 2 && names.len() == 1).then(|| authors::split(names[0]))
            })
            .unwrap_or_default();
    }
    // a byline at the end of the article (`Text by Jane Doe`)
    if h.authors.is_empty() {
        let end = body_end.map_or(hi, |e| (e + BYLINE_BELOW).min(blocks.len()));
        if let Some(i) = (hi..end).find(|&i| roles[i] == Role::Byline) {
            h.authors = byline_names(&blocks[i].text, rules);
        }
    }
    // the date: from the short dated line that best says it is the publication
    // date (`Published …`, then a date or byline line, then any other, then
    // `Updated …`), the first of its kind in the header
    h.date = (lo..hi)
        .filter(|&i| blocks[i].words <= 20 && !matches!(roles[i], Role::Teaser | Role::TeaserEnd))
        .filter_map(|i| ranked_date(&blocks[i].text, roles[i]))
        .min_by_key(|(rank, _)| *rank)
        .map(|(_, d)| d);
    // a URL line at the top or the bottom: scrapers print the page's address
    // there (one inside the page is a link of the text)
    let n = blocks.len();
    if let Some(url) = (0..n)
        .filter(|&i| (i < URL_EDGE || i + URL_EDGE >= n) && roles[i] == Role::Url)
        .find_map(|i| url_in(&blocks[i].text))
    {
        h.site = url
            .split('/')
            .nth(2)
            .map(|host| host.trim_start_matches("www.").to_string());
        if h.date.is_none() {
            h.date = date::in_url(&url);
        }
        h.url = Some(url);
    }
    h
}

/// A dek reads as a sentence: lowercase words make up a good part of it (a
/// Title Case line under the headline is a section name or a teaser).
pub(super) fn reads_as_sentence(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    lower * 10 >= words.len() * 4
        || t.trim_end_matches(['"', '”', '’'])
            .ends_with(['.', '!', '?'])
}

/// Lowercased words of 3+ letters that are not function words.
fn content_words(s: &str) -> Vec<String> {
    key(s)
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !is_stopword(w))
        .map(str::to_string)
        .collect()
}

/// The names of a byline line, its date cut out.
fn byline_names(t: &str, rules: &TextRules) -> Vec<String> {
    let names_only = without_date(t);
    rules
        .bylines
        .iter()
        .find_map(|r| r.captures(&names_only)?.get(1))
        .map(|names| authors::split(names.as_str()))
        .unwrap_or_default()
}

/// A line that is only a person's name or a few names (`Jane Doe`, `Ana de
/// Souza and Li Wei`): two to eight capitalised words, no digits.
fn is_name_line(t: &str) -> bool {
    const PARTICLES: [&str; 14] = [
        "de", "van", "von", "der", "den", "bin", "al", "da", "di", "le", "la", "du", "del", "and",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    (2..=8).contains(&words.len())
        && t.chars().count() <= 60
        && words.iter().all(|w| {
            PARTICLES.contains(w)
                || (w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’')))
        })
        && !words.iter().all(|w| PARTICLES.contains(w))
}

/// The date of a header line with how strongly the line says it is the
/// publication date (lower is stronger), or `None` for a line without a date.
fn ranked_date(t: &str, role: Role) -> Option<(u8, NaiveDate)> {
    static UPDATED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\W*(last )?(updated|modified|edited|reviewed)(?-u:\b)").unwrap()
    });
    if let Some(d) = published_date_in(t) {
        return Some((0, d));
    }
    let rank = if UPDATED.is_match(t) {
        3
    } else if matches!(role, Role::Date | Role::Byline) {
        1
    } else if matches!(role, Role::Drop | Role::Label | Role::Text) {
        2
    } else {
        return None;
    };
    Some((rank, date::find_in_line(t)?))
}

/// The date after `Published` / `Posted` / `First published` in a line.
fn published_date_in(t: &str) -> Option<NaiveDate> {
    static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?-u:\b)(published|posted|issued|released)(?-u:\b)(\s+on)?\s*:?").unwrap()
    });
    PUBLISHED
        .find_iter(t)
        .find_map(|m| date::find_in_line(&t[m.end()..]))
}

/// True for a `Kind | Region` label line: two to five short capitalised parts
/// separated by ` | ` (or ` / `), nothing else.
pub(super) fn is_label_line(t: &str) -> bool {
    if t.chars().count() > 80 {
        return false;
    }
    let sep = if t.contains(" | ") { " | " } else { " / " };
    let parts: Vec<&str> = t.split(sep).collect();
    (2..=5).contains(&parts.len())
        && parts.iter().all(|p| {
            let words = p.split_whitespace().count();
            (1..=6).contains(&words) && p.chars().next().is_some_and(char::is_uppercase)
        })
}

/// The line with a date in it cut out (`By Jane Doe Oct. 15, 2024` → `By Jane Doe`).
pub(super) fn without_date(t: &str) -> String {
    date::blank_in_line(t)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['|', '-', '–', '—', ',', '·', ' '])
        .trim()
        .to_string()
}

/// True for a timestamp line as comments and feeds print them: a date, or a
/// relative time (`2 days ago at 07:52 am`).
pub(super) fn is_timestamp(t: &str) -> bool {
    static AGO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(about |posted |updated )?(\d+|an?|one) (sec|second|min|minute|hour|hr|day|week|month|year)s? ago(?-u:\b).{0,20}$").unwrap()
    });
    date::find_in_line(t).is_some() || AGO.is_match(t)
}

/// The URL a line consists of (optionally after `URL:` or `Source:`).
pub(super) fn url_in(t: &str) -> Option<String> {
    static URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?i:(?:url|source|link)\s*:\s*)?(https?://[^\s/]+\.[^\s]*)$").unwrap()
    });
    URL.captures(t).map(|c| c[1].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_date_wins_over_an_updated_one() {
        assert_eq!(
            published_date_in("Updated May 3, 2024 Originally published May 1, 2024"),
            NaiveDate::from_ymd_opt(2024, 5, 1)
        );
    }

    #[test]
    fn name_lines() {
        assert!(is_name_line("Jane Doe"));
        assert!(is_name_line("Ana de Souza and Li Wei"));
        assert!(!is_name_line("Doe"));
        assert!(!is_name_line("The rising tide of vulnerabilities"));
        assert!(!is_name_line("12 March 2025"));
    }

    #[test]
    fn label_lines() {
        assert!(is_label_line("Analysis | Africa"));
        assert!(is_label_line("Opinion | Middle East | Iran"));
        assert!(!is_label_line("Analysis"));
        assert!(!is_label_line(
            "the rest | of a sentence that goes on and on"
        ));
    }
}
