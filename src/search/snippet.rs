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
}

impl Snippets {
    /// A snippet maker for `matchers` on the body `field`, analyzed with `analyzer`.
    pub fn new(matchers: Vec<Matcher>, analyzer: TextAnalyzer, field: Field) -> Snippets {
        let exact: BTreeMap<String, f32> = matchers
            .iter()
            .filter_map(|m| match m {
                Matcher::Exact(t) => Some((t.clone(), 1.0)),
                _ => None,
            })
            .collect();
        let needs_expansion = matchers.iter().any(|m| !matches!(m, Matcher::Exact(_)));
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
        let mut snip = clean(s.fragment(), s.highlighted());
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

    #[test]
    fn lead_cuts_at_a_word() {
        let body = "word ".repeat(100);
        let s = lead(&body);
        assert!(s.text.ends_with("word…"), "{}", s.text);
        assert!(s.text.chars().count() <= SNIPPET_CHARS + 1);
    }
}
