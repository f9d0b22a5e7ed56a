//! Whole-word phrase matching for the gazetteer and the topic keywords: one
//! Aho-Corasick automaton (ASCII case-insensitive) over all phrases, then
//! word-boundary and case checks on the original text, then leftmost-longest
//! selection so that `South Sudan` wins over `Sudan` and `Nigerian` over `Niger`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::{Field, Part};

/// How a phrase must appear in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseRule {
    /// Exactly as written (acronyms: `US`, `EU`, `ICE`).
    Exact,
    /// Starting with a capital letter when the phrase does (proper names).
    Proper,
    /// Any case (common words: `sanctions`).
    Any,
}

impl CaseRule {
    /// Acronyms (no lowercase letter, two letters or more) are exact; names
    /// starting with a capital are proper when `proper_names`, else any case.
    pub(crate) fn of(phrase: &str, proper_names: bool) -> CaseRule {
        let letters = phrase.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 && !phrase.chars().any(char::is_lowercase) {
            CaseRule::Exact
        } else if proper_names && phrase.chars().next().is_some_and(char::is_uppercase) {
            CaseRule::Proper
        } else {
            CaseRule::Any
        }
    }
}

/// What a phrase stands for, and how it must match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Entry<T> {
    /// The target (a country, region or topic index).
    pub target: T,
    /// Case rule.
    pub case: CaseRule,
    /// Allow the endings -s, -es, -ed, -d, -ing after the phrase.
    pub inflect: bool,
    /// Also names people or things: rejected beside a capitalised word.
    pub ambiguous: bool,
}

/// A set of phrases, each with one or more entries.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet<T> {
    ac: Option<AhoCorasick>,
    patterns: Vec<String>,
    entries: Vec<Vec<Entry<T>>>,
}

/// One accepted match.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    /// Pattern index.
    pub pattern: usize,
    /// Byte range in the text.
    pub start: usize,
    /// End of the match (before any inflection).
    pub end: usize,
}

const SUFFIXES: [&str; 5] = ["ing", "es", "ed", "s", "d"];

/// Words that may stand before an ambiguous name without making it a person's
/// name (`In Jordan`, `The Georgia`…).
const FUNCTION_WORDS: [&str; 24] = [
    "The",
    "In",
    "Of",
    "From",
    "To",
    "And",
    "For",
    "With",
    "By",
    "On",
    "At",
    "As",
    "But",
    "While",
    "After",
    "Before",
    "Since",
    "Both",
    "Neighbouring",
    "Neighboring",
    "Across",
    "Inside",
    "Within",
    "Across",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl<T: Copy> PhraseSet<T> {
    /// Builds the set; identical phrases (ignoring ASCII case) share a pattern.
    /// Fails only when the automaton would be too large.
    pub(crate) fn new(
        phrases: impl IntoIterator<Item = (String, Entry<T>)>,
    ) -> Result<PhraseSet<T>, aho_corasick::BuildError> {
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<Entry<T>>> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for (phrase, entry) in phrases {
            let phrase = phrase.trim().to_string();
            if phrase.is_empty() {
                continue;
            }
            let key = phrase.to_ascii_lowercase();
            match index.get(&key) {
                Some(&i) => {
                    let list: &mut Vec<Entry<T>> = &mut entries[i];
                    list.push(entry);
                }
                None => {
                    index.insert(key, patterns.len());
                    patterns.push(phrase);
                    entries.push(vec![entry]);
                }
            }
        }
        let ac = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    .build(&patterns)?,
            )
        };
        Ok(PhraseSet {
            ac,
            patterns,
            entries,
        })
    }

    /// The entries of pattern `i`.
    pub(crate) fn entries(&self, i: usize) -> &[Entry<T>] {
        &self.entries[i]
    }

    /// The phrase of pattern `i`, as written in the data.
    #[cfg(test)]
    pub(crate) fn phrase(&self, i: usize) -> &str {
        &self.patterns[i]
    }

    /// All accepted, non-overlapping hits in `text` (leftmost-longest). In
    /// all-capital text (`caps`), case rules other than exact are not checked.
    pub(crate) fn find(&self, text: &str, caps: bool) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut cands: Vec<Hit> = ac
            .find_overlapping_iter(text)
            .filter(|m| self.accept(text, m.start(), m.end(), m.pattern().as_usize(), caps))
            .map(|m| Hit {
                pattern: m.pattern().as_usize(),
                start: m.start(),
                end: m.end(),
            })
            .collect();
        cands.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        let mut out: Vec<Hit> = Vec::with_capacity(cands.len());
        let mut covered = 0;
        for h in cands {
            if h.start >= covered {
                covered = h.end;
                out.push(h);
            }
        }
        out
    }

    /// Checks word boundaries (with the allowed endings) and the case rule.
    fn accept(&self, text: &str, start: usize, end: usize, p: usize, caps: bool) -> bool {
        // Chinese and Japanese run words together: a phrase that starts
        // (ends) with a Han or kana character needs no boundary there
        let phrase = &self.patterns[p];
        let cjk_start = phrase.chars().next().is_some_and(crate::analysis::is_cjk);
        let cjk_end = phrase
            .chars()
            .next_back()
            .is_some_and(crate::analysis::is_cjk);
        if !cjk_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return false;
        }
        let entry = &self.entries[p][0];
        let rest = &text[end..];
        let after_ok = |s: &str| cjk_end || !s.chars().next().is_some_and(is_word_char);
        let inflected = || {
            entry.inflect
                && SUFFIXES
                    .iter()
                    .any(|x| rest.starts_with(x) && after_ok(&rest[x.len()..]))
        };
        if !after_ok(rest) && !inflected() {
            return false;
        }
        let found = &text[start..end];
        let case_ok = match entry.case {
            CaseRule::Exact => found == self.patterns[p],
            CaseRule::Proper if !caps => found.chars().next().is_some_and(char::is_uppercase),
            _ => true,
        };
        case_ok && !(entry.ambiguous && !caps && beside_capitalised(text, start, end))
    }
}

/// True when the word before (not a function word, same clause) or the word
/// after `start..end` is capitalised: `Michael Jordan`, `Chad Smith`.
fn beside_capitalised(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    if before.ends_with(' ') {
        let b = before.trim_end_matches(' ');
        let word_start = b
            .rfind(|c: char| !c.is_alphabetic())
            .map(|i| i + b[i..].chars().next().unwrap().len_utf8())
            .unwrap_or(0);
        let word = &b[word_start..];
        if word.chars().next().is_some_and(char::is_uppercase) && !FUNCTION_WORDS.contains(&word) {
            return true;
        }
    }
    let after = &text[end..];
    if let Some(a) = after.strip_prefix(' ') {
        if a.chars().next().is_some_and(char::is_uppercase) {
            return true;
        }
    }
    false
}

/// Where and how often one target (a country, a region's own words, a topic)
/// is named in an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Mentions {
    /// Hits per [`Part`] (title, dek, lead, body, labels).
    pub hits: [u32; 5],
    /// Position of the first hit in the text (title, dek, body), 0 at the
    /// start and 1 at the end; 1 when there is none.
    pub first: f32,
    /// Distinct phrases that named it (`Mali`, `Bamako`, `Malian`: 3).
    pub names: u32,
    /// Phrase indexes seen, to count `names`.
    seen: Vec<usize>,
}

impl Mentions {
    /// No mention yet.
    pub(crate) fn none() -> Mentions {
        Mentions {
            first: 1.0,
            ..Mentions::default()
        }
    }

    /// Counts a hit of phrase `pattern` in `part` at `position` (0..1).
    pub(crate) fn add(&mut self, part: Part, pattern: usize, position: f32) {
        self.hits[part as usize] += 1;
        if part != Part::Labels {
            self.first = self.first.min(position);
        }
        if !self.seen.contains(&pattern) {
            self.seen.push(pattern);
            self.names += 1;
        }
    }

    /// Hits in the text (title, dek, lead, body), labels left out.
    pub(crate) fn text_hits(&self) -> u32 {
        self.hits[..4].iter().sum()
    }

    /// Hits weighted per part (`weights` in [`Part`] order).
    pub(crate) fn weighted(&self, weights: &[f64; 5]) -> f64 {
        self.hits
            .iter()
            .zip(weights)
            .map(|(&h, w)| h as f64 * w)
            .sum()
    }
}

/// The accepted hits of `set` in one field of an article: labels are read
/// as capitals (no case rule but the exact one), other parts when they are
/// written in capitals ([`is_caps`]). Computed once per field and shared by
/// the rules' and the models' reading of the article.
pub(crate) fn field_hits<T: Copy>(set: &PhraseSet<T>, field: &Field<'_>) -> Vec<Hit> {
    let caps = field.part == Part::Labels || is_caps(field.text);
    set.find(field.text, caps)
}

/// True when `text` is written in capitals (a wire headline): more than 60 % of
/// its letters are upper case.
pub(crate) fn is_caps(text: &str) -> bool {
    let (mut up, mut all) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        all += 1;
        up += usize::from(c.is_uppercase());
    }
    all >= 4 && up * 10 > all * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(words: &[(&str, bool)]) -> PhraseSet<usize> {
        PhraseSet::new(words.iter().enumerate().map(|(i, (w, amb))| {
            (
                w.to_string(),
                Entry {
                    target: i,
                    case: CaseRule::of(w, true),
                    inflect: false,
                    ambiguous: *amb,
                },
            )
        }))
        .unwrap()
    }

    fn found(s: &PhraseSet<usize>, text: &str) -> Vec<String> {
        s.find(text, is_caps(text))
            .iter()
            .map(|h| s.phrase(h.pattern).to_string())
            .collect()
    }

    #[test]
    fn whole_words_and_longest() {
        let s = set(&[
            ("Niger", false),
            ("Nigeria", false),
            ("Sudan", false),
            ("South Sudan", false),
            ("Mali", false),
        ]);
        assert_eq!(
            found(&s, "Nigeria and Niger; South Sudan, Somalia"),
            ["Nigeria", "Niger", "South Sudan"]
        );
        assert!(found(&s, "Somali pirates, Malibu").is_empty());
    }

    #[test]
    fn case_rules() {
        let s = set(&[("US", false), ("Turkey", false)]);
        assert_eq!(found(&s, "Let us eat turkey in the US"), ["US"]);
        assert_eq!(found(&s, "TURKEY RAISES RATES"), ["Turkey"]);
    }

    #[test]
    fn ambiguous_names_beside_capitals() {
        let s = set(&[("Jordan", true), ("Chad", true)]);
        assert!(found(&s, "Michael Jordan scored; Chad Smith too.").is_empty());
        assert_eq!(
            found(&s, "Refugees in Jordan and Chad."),
            ["Jordan", "Chad"]
        );
    }
}
