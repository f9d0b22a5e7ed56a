//! Segmentation: a text scrape becomes a list of [`Block`]s, one per non-empty
//! line, each with the shape features the scorer reads (length, words, stopword
//! density, sentence punctuation, blank lines around it, repetition).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// Function words of several languages (see `stopwords.txt`).
static STOPWORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("stopwords.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect()
});

/// True for a function word (lowercase input).
pub(super) fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(w)
}

/// Lines longer than this are not matched against the rule patterns (they are
/// prose or garbage, never a boilerplate line), which bounds the regex work.
pub(super) const MAX_PATTERN_LINE: usize = 2_000;

/// One line of the scrape with its features.
#[derive(Debug, Clone)]
pub(super) struct Block {
    /// The line, whitespace collapsed, control characters removed.
    pub text: String,
    /// A blank line (or the start of the page) precedes it: a paragraph or
    /// heading rather than one item of a list/menu.
    pub gap_before: bool,
    /// A blank line (or the end of the page) follows it.
    pub gap_after: bool,
    /// Length in characters.
    pub chars: usize,
    /// Number of whitespace-separated words.
    pub words: usize,
    /// Share of the words that are function words (0 when the language has none in the list).
    pub stop: f32,
    /// Ends like a sentence (`.`, `!`, `?`, `…`, possibly inside closing quotes).
    pub sentence: bool,
    /// Sentence punctuation inside the line (`. `, `? `, `! `, `; `, `, `) count.
    pub punct: usize,
    /// The same text occurs on another line of the page.
    pub repeated: bool,
    /// How many lines of the page hold this text (1 for a line of its own).
    pub copies: usize,
}

impl Block {
    /// Key used to compare lines: lowercased words only.
    pub fn key(&self) -> String {
        key(&self.text)
    }
}

/// Lowercased `\w` words of `s` joined by single spaces (quotes, dashes and
/// punctuation ignored), so that `FDA’s Concerns` and `FDA's concerns` compare equal.
pub(super) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Cleans one raw line: ANSI escape sequences and control characters removed,
/// whitespace runs (including no-break spaces) collapsed, ends trimmed.
fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    let mut space = false;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI `ESC [ params final`, or a two-character escape
            if chars.peek() == Some(&'[') {
                chars.next();
                while let Some(&n) = chars.peek() {
                    chars.next();
                    if ('@'..='~').contains(&n) {
                        break;
                    }
                }
            } else {
                chars.next();
            }
            continue;
        }
        if c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Splits a scrape into blocks (non-empty lines) with their features.
pub(super) fn segment(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut gap = true;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        // a lone CR is a line break too (old Mac files)
        for part in raw.split('\r') {
            let line = clean_line(part);
            if line.is_empty() {
                gap = true;
                if let Some(last) = blocks.last_mut() {
                    last.gap_after = true;
                }
                continue;
            }
            blocks.push(features(line, gap));
            gap = false;
        }
    }
    if let Some(last) = blocks.last_mut() {
        last.gap_after = true;
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let keys: Vec<String> = blocks
        .iter()
        .map(|b| {
            if b.chars <= MAX_PATTERN_LINE {
                b.key()
            } else {
                String::new()
            }
        })
        .collect();
    for k in &keys {
        if !k.is_empty() {
            *seen.entry(k.clone()).or_insert(0) += 1;
        }
    }
    for (b, k) in blocks.iter_mut().zip(&keys) {
        b.copies = if k.is_empty() { 1 } else { seen[k] };
        b.repeated = b.copies > 1;
    }
    blocks
}

fn features(text: String, gap_before: bool) -> Block {
    let mut words = 0;
    let mut stops = 0;
    let mut lower = String::new();
    for w in text.split(' ') {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.is_empty() {
            continue;
        }
        words += 1;
        lower.clear();
        lower.extend(w.chars().flat_map(char::to_lowercase));
        if STOPWORDS.contains(lower.as_str()) {
            stops += 1;
        }
    }
    let end = text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '*']);
    let sentence = end.ends_with(['.', '!', '?', '…', '。', '！', '？', ':', ';'])
        && !end.ends_with("...")
        || end.ends_with("…");
    let punct = text
        .as_bytes()
        .windows(2)
        .filter(|w| matches!(w[0], b'.' | b',' | b';' | b'?' | b'!') && w[1] == b' ')
        .count()
        + text.matches(['。', '，', '、']).count();
    Block {
        chars: text.chars().count(),
        words,
        stop: if words == 0 {
            0.0
        } else {
            stops as f32 / words as f32
        },
        sentence,
        punct,
        repeated: false,
        copies: 1,
        gap_before,
        gap_after: false,
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_blocks_with_gaps() {
        let b = segment("Menu\nHome\n\nA sentence of the body, with words.\n\nMenu\n");
        assert_eq!(b.len(), 4);
        assert!(b[0].gap_before && !b[0].gap_after);
        assert!(!b[1].gap_before && b[1].gap_after);
        assert!(b[2].sentence && b[2].gap_before && b[2].gap_after);
        assert!(b[0].repeated && b[3].repeated && !b[2].repeated);
    }

    #[test]
    fn control_characters_and_ansi_are_removed() {
        assert_eq!(
            clean_line("\u{1b}[31mred\u{1b}[0m\u{7} text\u{a0} "),
            "red text"
        );
        assert_eq!(key("FDA’s  Concerns!"), "fda s concerns");
    }
}
