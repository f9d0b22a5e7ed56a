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

/// The lines a header is read from, with what the rules and the body scorer
/// say of each.
struct Lines<'a> {
    blocks: &'a [Block],
    roles: &'a [Role],
    prose: &'a [bool],
    rules: &'a TextRules,
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
    let l = Lines {
        blocks,
        roles,
        prose,
        rules,
    };
    let s = body_start.unwrap_or(blocks.len()).min(blocks.len());
    let lo = s.saturating_sub(WINDOW);
    let mut h = Header::default();
    let title_at = l
        .title(lo, s)
        .or_else(|| (0..blocks.len()).find(|&i| roles[i] == Role::Text));
    if let Some(t) = title_at {
        h.title = blocks[t].text.clone();
        h.start = t;
        h.end = t + 1;
        // the dek is looked for between title and body (none on a page without
        // a run of prose: its sentences are the body)
        let dek_end = if body_start.is_some() {
            s.max(t + 1).min(blocks.len())
        } else {
            t + 1
        };
        l.dek(&mut h, dek_end);
    }
    // labels, kind, byline, date in the header window
    let hi = (s + 5).min(blocks.len());
    l.labels_and_byline(&mut h, lo, hi);
    if h.authors.is_empty() {
        h.authors = l.names_beside_date(lo, hi, h.start);
    }
    if h.authors.is_empty() {
        h.authors = l.name_in_dated_line(lo, hi);
    }
    // a byline at the end of the article (`Text by Jane Doe`)
    if h.authors.is_empty() {
        let end = body_end.map_or(hi, |e| (e + BYLINE_BELOW).min(blocks.len()));
        if let Some(i) = (hi..end).find(|&i| roles[i] == Role::Byline) {
            h.authors = byline_names(&blocks[i].text, rules);
        }
    }
    h.date = l.date(lo, hi);
    l.url_line(&mut h);
    h
}

impl Lines<'_> {
    /// The title: the best heading-like line in the window `[lo, s)` above
    /// the body `s` (or in the run's first lines).
    fn title(&self, lo: usize, s: usize) -> Option<usize> {
        let blocks = self.blocks;
        let scored = self.title_candidates(lo, s);
        // the title comes first: an earlier headline-shaped line scoring nearly
        // as well as the best wins over a dek or a heading further down
        let top = scored.iter().map(|c| c.0).fold(f32::MIN, f32::max);
        let &(sc, i) = scored
            .iter()
            .find(|&&(sc, i)| sc >= top - TITLE_MARGIN && (blocks[i].words >= 4 || sc >= top))?;
        // the title comes before its dek: when the line right above the best
        // one is a headline-shaped candidate too, it is the title
        let above = (lo..i).rev().find(|&j| self.roles[j] == Role::Text);
        Some(match above.and_then(|j| scored.iter().find(|c| c.1 == j)) {
            Some(&(sa, j))
                if j + 1 == i
                    && blocks[j].words >= 4
                    && blocks[i].words > blocks[j].words
                    && sa >= sc - DEK_MARGIN =>
            {
                j
            }
            _ => i,
        })
    }

    /// The headline-shaped lines around the body's start `s`, with their
    /// scores as a title, in page order.
    fn title_candidates(&self, lo: usize, s: usize) -> Vec<(f32, usize)> {
        let blocks = self.blocks;
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
        let hi = (s + TITLE_REACH).min(blocks.len());
        let last_break = (lo..s.min(blocks.len()))
            .rev()
            .find(|&k| self.roles[k] == Role::Break);
        (lo..hi)
            .filter_map(|i| {
                let score = self.title_score(i, s, &vocab)?;
                // below a list heading (`Most popular`) and above the body: a list item
                let listed = last_break.is_some_and(|k| k < i && i < s);
                Some((if listed { score - 1.5 } else { score }, i))
            })
            .collect()
    }

    /// How much line `i` looks like the title of the body starting at `s`
    /// whose first words are `vocab`; `None` for a line that cannot be one.
    fn title_score(&self, i: usize, s: usize, vocab: &HashSet<String>) -> Option<f32> {
        let (blocks, roles) = (self.blocks, self.roles);
        let b = &blocks[i];
        if roles[i] != Role::Text || b.words == 0 || b.words > 30 || b.chars > 250 {
            return None;
        }
        if b.text.ends_with(['.', ',', ';', ':']) && !b.text.ends_with("...") {
            return None;
        }
        let words = content_words(&b.text);
        if words.is_empty() {
            return None;
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
        if i + 1 < blocks.len() && i + 1 >= s && self.prose[i + 1] {
            score -= 1.0;
        }
        // running text is a dek or a paragraph rather than a headline
        if self.prose[i] {
            score -= 0.5;
        }
        if near.clone().any(|j| {
            j > i && (matches!(roles[j], Role::Byline | Role::Date | Role::Label) || self.dated(j))
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
        Some(score - 0.05 * distance as f32)
    }

    /// The dek: the first substantial line between the title `h.start` and
    /// `dek_end`; a repeat of the title is skipped.
    fn dek(&self, h: &mut Header, dek_end: usize) {
        let t = h.start;
        let title_key = self.blocks[t].key();
        for j in t + 1..dek_end {
            let b = &self.blocks[j];
            if b.key() == title_key {
                h.end = j + 1;
                continue;
            }
            match self.roles[j] {
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

    /// The label lines, the kind and the byline of the window `[lo, hi)`.
    fn labels_and_byline(&self, h: &mut Header, lo: usize, hi: usize) {
        let (blocks, rules) = (self.blocks, self.rules);
        for i in lo..hi {
            let t = blocks[i].text.as_str();
            match self.roles[i] {
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
    }

    /// A short line with a date in it.
    fn dated(&self, j: usize) -> bool {
        self.blocks[j].words <= 20 && date::find_in_line(&self.blocks[j].text).is_some()
    }

    /// A line of person's names (not a section name or a content kind).
    fn person(&self, t: &str) -> bool {
        is_name_line(t)
            && !key(t)
                .split(' ')
                .any(|w| self.rules.kinds.contains(w) || self.rules.not_names.contains(w))
    }

    /// A line of names right beside the header's date line (`Jane Doe` /
    /// `12 March 2025`): the byline of a site that does not print `By`. The
    /// title (`title_at`) is not one.
    fn names_beside_date(&self, lo: usize, hi: usize, title_at: usize) -> Vec<String> {
        let blocks = self.blocks;
        (lo..hi)
            .filter(|&i| {
                self.roles[i] == Role::Text && i != title_at && self.person(&blocks[i].text)
            })
            .find(|&i| (i > 0 && self.dated(i - 1)) || (i + 1 < blocks.len() && self.dated(i + 1)))
            .map(|i| authors::split(&blocks[i].text))
            .unwrap_or_default()
    }

    /// The name in a dated line of parts (`Jane Doe • Oct 20, 2025`) with
    /// one part that is a name.
    fn name_in_dated_line(&self, lo: usize, hi: usize) -> Vec<String> {
        (lo..hi)
            .filter(|&i| self.dated(i) && self.blocks[i].words <= 12)
            .find_map(|i| {
                let parts: Vec<&str> = self.blocks[i]
                    .text
                    .split(['•', '|', '·'])
                    .map(str::trim)
                    .collect();
                let names: Vec<&str> = parts.iter().copied().filter(|p| self.person(p)).collect();
                (parts.len() >= 2 && names.len() == 1).then(|| authors::split(names[0]))
            })
            .unwrap_or_default()
    }

    /// The date: from the short dated line of `[lo, hi)` that best says it is
    /// the publication date (`Published …`, then a date or byline line, then
    /// any other, then `Updated …`), the first of its kind in the header.
    fn date(&self, lo: usize, hi: usize) -> Option<NaiveDate> {
        (lo..hi)
            .filter(|&i| {
                self.blocks[i].words <= 20
                    && !matches!(self.roles[i], Role::Teaser | Role::TeaserEnd)
            })
            .filter_map(|i| ranked_date(&self.blocks[i].text, self.roles[i]))
            .min_by_key(|(rank, _)| *rank)
            .map(|(_, d)| d)
    }

    /// A URL line at the top or the bottom gives the URL, the site and (when
    /// the header has none) the date: scrapers print the page's address there
    /// (one inside the page is a link of the text).
    fn url_line(&self, h: &mut Header) {
        let n = self.blocks.len();
        let Some(url) = (0..n)
            .filter(|&i| (i < URL_EDGE || i + URL_EDGE >= n) && self.roles[i] == Role::Url)
            .find_map(|i| url_in(&self.blocks[i].text))
        else {
            return;
        };
        h.site = crate::extract::site::site_of_url(&url);
        if h.date.is_none() {
            h.date = date::in_url(&url);
        }
        h.url = Some(url);
    }
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
