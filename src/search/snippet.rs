//! Snippets: the best passage of a hit's body with the query's terms marked,
//! made only for the hits that are shown. Exact terms go straight to tantivy's
//! [`SnippetGenerator`]; prefix and fuzzy terms are first expanded against the
//! hit's own words, so `refug*` highlights "refugees" too.

use std::collections::BTreeMap;
use std::ops::Range;

use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;

use super::highlight::Matcher;

/// Maximum snippet length in characters.
pub const SNIPPET_CHARS: usize = 240;

/// A cleaned snippet: one line of text and the byte ranges of the matched terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snip {
    /// The passage, whitespace collapsed, control characters removed.
    pub text: String,
    /// Byte ranges of highlighted terms in `text`.
    pub highlights: Vec<Range<usize>>,
}

/// Makes snippets for one query.
pub struct Snippets {
    matchers: Vec<Matcher>,
    analyzer: TextAnalyzer,
    field: Field,
    exact: BTreeMap<String, f32>,
    needs_expansion: bool,
    /// Lowercase substrings that start a word matching an exact term.
    probes: Vec<String>,
    /// The query's phrases (terms with positions, slop).
    phrases: Vec<(Vec<(usize, String)>, u32)>,
    /// Terms that occur only inside phrases: not highlighted on their own.
    phrase_only: std::collections::BTreeSet<String>,
    /// The snippet makers of the pages in other languages (analysis code),
    /// with the query's terms in that language's analysis.
    others: Vec<(&'static str, Snippets)>,
}

impl Snippets {
    /// A snippet maker for `matchers` on the body `field`, analyzed with `analyzer`.
    pub fn new(matchers: Vec<Matcher>, analyzer: TextAnalyzer, field: Field) -> Snippets {
        let mut exact: BTreeMap<String, f32> = matchers
            .iter()
            .filter_map(|m| match m {
                Matcher::Exact(t) => Some((t.clone(), 1.0)),
                _ => None,
            })
            .collect();
        let phrases: Vec<(Vec<(usize, String)>, u32)> = matchers
            .iter()
            .filter_map(|m| match m {
                Matcher::Phrase(terms, slop) => Some((terms.clone(), *slop)),
                _ => None,
            })
            .collect();
        let mut phrase_only = std::collections::BTreeSet::new();
        for (terms, _) in &phrases {
            for (_, t) in terms {
                if !exact.contains_key(t) {
                    phrase_only.insert(t.clone());
                }
            }
        }
        // tantivy's generator chooses the passage by the phrase's words too;
        // `phrase_ranges` then keeps only whole phrases of them
        for t in &phrase_only {
            exact.insert(t.clone(), 1.0);
        }
        let needs_expansion = matchers
            .iter()
            .any(|m| matches!(m, Matcher::Prefix(_) | Matcher::Fuzzy(..)));
        let probes = exact
            .keys()
            .map(|t: &String| probe(t))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        Snippets {
            matchers,
            analyzer,
            field,
            exact,
            needs_expansion,
            probes,
            phrases,
            phrase_only,
            others: Vec::new(),
        }
    }

    /// Makes the snippets of the pages of the analysis `code` with `snippets`.
    pub fn add_language(&mut self, code: &'static str, snippets: Snippets) {
        self.others.push((code, snippets));
    }

    /// The snippet of `body` of a page analyzed as `analysis` (`None`: English).
    pub fn make_in(&mut self, analysis: Option<&str>, body: &str) -> Snip {
        match self.others.iter_mut().find(|(c, _)| Some(*c) == analysis) {
            Some((_, s)) => s.make(body),
            None => self.make(body),
        }
    }

    /// The snippet of `body`; its beginning when no term occurs in it.
    ///
    /// Long bodies are not analyzed whole: the window where the query's terms
    /// (as lowercase stem prefixes) cluster is found by plain substring search,
    /// and only that window goes through the analyzer. When the window yields
    /// no highlight (a stem that is not a prefix of the word), the whole body is used.
    pub fn make(&mut self, body: &str) -> Snip {
        let terms = if self.needs_expansion {
            self.expand(body)
        } else {
            self.exact.clone()
        };
        if terms.is_empty() {
            return lead(body);
        }
        if body.len() > 6 * SNIPPET_CHARS {
            if let Some((start, end)) = self.best_window(body) {
                if let Some(snip) = self.snippet_in(body, start, end, &terms) {
                    return snip;
                }
            }
        }
        self.snippet_in(body, 0, body.len(), &terms)
            .unwrap_or_else(|| lead(body))
    }

    /// The snippet of `body[start..end]` when it has a highlighted term.
    fn snippet_in(
        &self,
        body: &str,
        start: usize,
        end: usize,
        terms: &BTreeMap<String, f32>,
    ) -> Option<Snip> {
        let mut generator = SnippetGenerator::new(
            terms.clone(),
            self.analyzer.clone(),
            self.field,
            SNIPPET_CHARS,
        );
        generator.set_max_num_chars(SNIPPET_CHARS);
        let s = generator.snippet(&body[start..end]);
        if s.is_empty() || s.fragment().is_empty() || s.highlighted().is_empty() {
            return None;
        }
        let mut snip = if self.phrases.is_empty() {
            clean(s.fragment(), s.highlighted())
        } else {
            let ranges = self.phrase_ranges(s.fragment(), terms);
            if ranges.is_empty() {
                return None;
            }
            clean(s.fragment(), &ranges)
        };
        let range = s.fragment_range();
        if start + range.start > 0 {
            snip = prepend_ellipsis(snip);
        }
        let rest = body[start + range.end..].trim();
        if rest.chars().count() <= 2 && rest.chars().all(|c| c.is_ascii_punctuation()) {
            snip.text.push_str(rest);
        } else {
            snip.text.push('…');
        }
        Some(snip)
    }

    /// The highlights of `fragment` when the query has phrases: each whole
    /// occurrence of a phrase as one range, and the other terms' words; a
    /// word that belongs only to a phrase is not highlighted on its own.
    fn phrase_ranges(&self, fragment: &str, terms: &BTreeMap<String, f32>) -> Vec<Range<usize>> {
        let mut tokens: Vec<(usize, Range<usize>, String)> = Vec::new();
        let mut analyzer = self.analyzer.clone();
        let mut stream = analyzer.token_stream(fragment);
        while stream.advance() {
            let t = stream.token();
            tokens.push((t.position, t.offset_from..t.offset_to, t.text.clone()));
        }
        let mut ranges: Vec<Range<usize>> = tokens
            .iter()
            .filter(|(_, _, t)| terms.contains_key(t) && !self.phrase_only.contains(t))
            .map(|(_, r, _)| r.clone())
            .collect();
        for (phrase, slop) in &self.phrases {
            ranges.extend(phrase_matches(&tokens, phrase, *slop));
        }
        ranges.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        // merge overlaps (a term inside a phrase match)
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match merged.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => merged.push(r),
            }
        }
        merged
    }

    /// Byte range of `body` around the densest cluster of the terms' probes.
    fn best_window(&self, body: &str) -> Option<(usize, usize)> {
        let probes: Vec<&str> = self.probes.iter().map(String::as_str).take(64).collect();
        if probes.is_empty() {
            return None;
        }
        let lower = body.to_ascii_lowercase();
        let bytes = lower.as_bytes();
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (k, probe) in probes.iter().enumerate() {
            for (pos, _) in lower.match_indices(probe).take(200) {
                if pos == 0 || !bytes[pos - 1].is_ascii_alphanumeric() {
                    hits.push((pos, k));
                }
            }
        }
        if hits.is_empty() {
            return None;
        }
        hits.sort_unstable();
        let span = SNIPPET_CHARS;
        let mut best = (0u32, hits[0].0);
        for (i, &(pos, _)) in hits.iter().enumerate() {
            let mut seen = 0u64;
            for &(p, k) in &hits[i..] {
                if p >= pos + span {
                    break;
                }
                seen |= 1 << k;
            }
            if seen.count_ones() > best.0 {
                best = (seen.count_ones(), pos);
            }
        }
        let floor = |mut i: usize| {
            while !body.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(best.1.saturating_sub(span));
        let end = floor((best.1 + 2 * span).min(body.len()));
        Some((start, end))
    }

    /// Exact terms plus the words of `body` that a prefix or fuzzy matcher accepts.
    fn expand(&mut self, body: &str) -> BTreeMap<String, f32> {
        let mut terms = self.exact.clone();
        let mut stream = self.analyzer.token_stream(body);
        while stream.advance() {
            let t = &stream.token().text;
            if terms.contains_key(t) {
                continue;
            }
            if self.matchers.iter().any(|m| m.expands_to(t)) {
                terms.insert(t.clone(), 1.0);
            }
        }
        // a prefix longer than the stem ("refugees*" vs the token "refuge") is
        // matched on the unstemmed word by the prefix of the stem already added.
        terms
    }
}

/// The byte ranges where `phrase` (terms with their offsets in the phrase)
/// occurs among `tokens` (position, byte range, text), with at most `slop`
/// word moves in all, from the first word's start to the last word's end.
fn phrase_matches(
    tokens: &[(usize, Range<usize>, String)],
    phrase: &[(usize, String)],
    slop: u32,
) -> Vec<Range<usize>> {
    let Some((first_off, first)) = phrase.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, (pos, range, text)) in tokens.iter().enumerate() {
        if text != first {
            continue;
        }
        let (mut prev_pos, mut prev_off, mut at, mut left) = (*pos, *first_off, i, slop as usize);
        let mut end = range.end;
        let mut whole = true;
        for (off, term) in &phrase[1..] {
            let want = prev_pos + off.saturating_sub(prev_off);
            let found = tokens[at + 1..]
                .iter()
                .enumerate()
                .take_while(|(_, (p, _, _))| *p <= want + left)
                .find(|(_, (p, _, t))| t == term && *p >= want.saturating_sub(left));
            match found {
                Some((k, (p, r, _))) => {
                    left -= p.abs_diff(want);
                    prev_pos = *p;
                    prev_off = *off;
                    at += 1 + k;
                    end = r.end;
                }
                None => {
                    whole = false;
                    break;
                }
            }
        }
        if whole {
            out.push(range.start..end);
        }
    }
    out
}

/// The part of a stemmed term that the unstemmed word surely starts with:
/// stemming rewrites at most the last two letters of what it keeps ("polici" ← "policy").
fn probe(term: &str) -> String {
    let n = term.chars().count();
    let keep = if n <= 3 { n } else { (n - 2).max(3) };
    term.chars().take(keep).collect()
}

fn prepend_ellipsis(snip: Snip) -> Snip {
    let shift = '…'.len_utf8();
    Snip {
        text: format!("…{}", snip.text),
        highlights: snip
            .highlights
            .into_iter()
            .map(|r| r.start + shift..r.end + shift)
            .collect(),
    }
}

/// The first [`SNIPPET_CHARS`] characters of `body`, cut at a word boundary.
pub fn lead(body: &str) -> Snip {
    let cut = body
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map(|(i, _)| i)
        .unwrap_or(body.len());
    let mut end = cut;
    if cut < body.len() {
        if let Some(space) = body[..cut].rfind(char::is_whitespace) {
            end = space;
        }
    }
    let mut snip = clean(&body[..end], &[]);
    if end < body.len() && !snip.text.is_empty() {
        snip.text.push('…');
    }
    snip
}

/// Collapses whitespace runs to one space, replaces control and bidi characters
/// (see [`crate::terminal::sanitize`]) and trims, moving `ranges` along.
pub fn clean(text: &str, ranges: &[Range<usize>]) -> Snip {
    let mut out = String::with_capacity(text.len());
    // map[i] = byte offset in `out` of the byte `i` of `text` (and of text.len())
    let mut map = vec![0usize; text.len() + 1];
    let mut pending_space = false;
    for (i, original) in text.char_indices() {
        let len = original.len_utf8();
        let c = crate::terminal::sanitize(original.encode_utf8(&mut [0; 4]), false)
            .chars()
            .next()
            .unwrap_or(' ');
        if c.is_whitespace() {
            pending_space = pending_space || !out.is_empty();
            map[i..i + len].fill(out.len() + usize::from(pending_space));
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        map[i..i + len].fill(out.len());
        out.push(c);
    }
    map[text.len()] = out.len();
    let highlights = ranges
        .iter()
        .filter(|r| r.end <= text.len() && r.start < r.end)
        .map(|r| {
            let start = map[r.start].min(out.len());
            start..map[r.end].clamp(start, out.len())
        })
        .map(|r| {
            // the end maps to the start of the following character; trim a space
            let mut r = r;
            while r.end > r.start && out.as_bytes()[r.end - 1] == b' ' {
                r.end -= 1;
            }
            r
        })
        .filter(|r| r.start < r.end)
        .collect();
    Snip {
        text: out,
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_whitespace_and_moves_ranges() {
        let text = "a\n\n  b\u{1b}c  d";
        let s = clean(text, &[5..6, 8..11]);
        assert_eq!(s.text, "a b c d");
        assert_eq!(&s.text[s.highlights[0].clone()], "b");
        assert_eq!(&s.text[s.highlights[1].clone()], "d");
        let s = clean("é\u{202e}x", &[Range { start: 5, end: 6 }]);
        assert_eq!(s.text, "é x");
        assert_eq!(&s.text[s.highlights[0].clone()], "x");
    }

    fn tokens(words: &[&str]) -> Vec<(usize, Range<usize>, String)> {
        let mut at = 0;
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let r = at..at + w.len();
                at += w.len() + 1;
                (i, r, w.to_string())
            })
            .collect()
    }

    #[test]
    fn a_phrase_matches_whole_and_in_order() {
        let phrase = vec![(0, "trade".to_string()), (1, "war".to_string())];
        // "trade talks ended; the trade war began" (byte ranges of the words)
        let t = tokens(&["trade", "talks", "ended", "the", "trade", "war", "began"]);
        assert_eq!(phrase_matches(&t, &phrase, 0), vec![22..31]);
        // "war trade" is not the phrase, whatever the slop in one direction
        let t = tokens(&["war", "trade", "deal"]);
        assert!(phrase_matches(&t, &phrase, 0).is_empty());
        // slop 1 lets one word in between
        let t = tokens(&["trade", "and", "war"]);
        assert!(phrase_matches(&t, &phrase, 0).is_empty());
        assert_eq!(phrase_matches(&t, &phrase, 1), vec![0..13]);
    }

    #[test]
    fn lead_cuts_at_a_word() {
        let body = "word ".repeat(100);
        let s = lead(&body);
        assert!(s.text.ends_with("word…"), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 1);
    }
}
