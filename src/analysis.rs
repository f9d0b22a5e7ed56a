//! Text analysis per language. English pages are analyzed as before (the
//! `polsearch_en` analyzer of [`crate::schema`]); a page in another language
//! gets, beside that, its title, dek and body indexed in that language's own
//! fields (`title_fr`, `subtitle_fr`, `body_fr`…) by that language's analyzer:
//! each word lowercased and stemmed by the language's Snowball stemmer (the 17
//! besides English that tantivy ships), accent-folded, and its unstemmed
//! folded form at the same position, so that an inflected query word (through
//! the stem) and an exact name or word (through the folded form, also for
//! prefix expansion) both find it. Chinese is segmented into words by jieba
//! (dictionary words, and the dictionary words inside longer ones at the same
//! position: `航天` finds `航天员`). Turkish, and the languages without a
//! stemmer of their own (Czech, Polish… in the [`OTHER`] fields), are
//! stemmed by truncation: a word of the Latin, Greek or Cyrillic script
//! longer than [`TRUNCATE_TO`] letters stands for its first [`TRUNCATE_TO`]
//! (folded), the "F5" stemming that matches a lemmatizer on agglutinative
//! and richly inflected languages (Can et al. 2008 on Turkish), where
//! Snowball's Turkish misses possessive and case endings (`amacası` is not
//! `amaca`); other scripts (Japanese…) keep the folded form only.
//!
//! A query is analyzed by each field's own analyzer ([`Analyzer::query_term`]),
//! so a word is stemmed the way each page that could hold it was.

use std::sync::OnceLock;

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenStream,
    Tokenizer,
};

/// The code of the fields of languages without an analysis of their own.
pub const OTHER: &str = "other";

/// Longest token kept, in bytes (as the English analyzer's `RemoveLongFilter`).
pub const MAX_TOKEN_BYTES: usize = 40;

/// The languages with fields of their own (ISO 639-1, and [`OTHER`]) and
/// their stemmer; English is not here: its analysis is the base fields'.
pub const LANGUAGES: [(&str, Option<Language>); LANGUAGE_COUNT] = [
    ("ar", Some(Language::Arabic)),
    ("da", Some(Language::Danish)),
    ("de", Some(Language::German)),
    ("el", Some(Language::Greek)),
    ("es", Some(Language::Spanish)),
    ("fi", Some(Language::Finnish)),
    ("fr", Some(Language::French)),
    ("hu", Some(Language::Hungarian)),
    ("it", Some(Language::Italian)),
    ("nl", Some(Language::Dutch)),
    ("nb", Some(Language::Norwegian)),
    ("pt", Some(Language::Portuguese)),
    ("ro", Some(Language::Romanian)),
    ("ru", Some(Language::Russian)),
    ("sv", Some(Language::Swedish)),
    ("ta", Some(Language::Tamil)),
    // (stemmed by truncation, see [`TRUNCATE_TO`])
    ("tr", None),
    ("zh", None),
    (OTHER, None),
];

/// The letters a word of a language stemmed by truncation keeps.
pub const TRUNCATE_TO: usize = 5;

/// Whether the analysis of a [`LANGUAGES`] code stems by truncation.
fn truncates(code: &str) -> bool {
    code == "tr" || code == OTHER
}

/// The first [`TRUNCATE_TO`] letters of a folded word of the Latin, Greek or
/// Cyrillic script (letters only) longer than that; `None` otherwise.
fn truncated(folded: &str) -> Option<String> {
    let alphabetic = folded
        .chars()
        .all(|c| c.is_alphabetic() && (c as u32) < 0x0530 || is_mark(c));
    (alphabetic && folded.chars().count() > TRUNCATE_TO)
        .then(|| folded.chars().take(TRUNCATE_TO).collect())
}

/// The number of [`LANGUAGES`].
pub const LANGUAGE_COUNT: usize = 19;

/// The analysis (a [`LANGUAGES`] code) a page in `lang` gets besides the
/// English one: `None` for English (and for a page of no known language).
pub fn analysis_of(lang: Option<&str>) -> Option<&'static str> {
    let lang = lang?;
    if lang == "en" {
        return None;
    }
    Some(
        LANGUAGES
            .iter()
            .find(|(c, _)| *c == lang)
            .map_or(OTHER, |(c, _)| *c),
    )
}

/// The name of the analyzer of a [`LANGUAGES`] code.
pub fn tokenizer_name(code: &str) -> String {
    format!("polsearch_{code}")
}

/// jieba with its dictionary, loaded on first use (a Chinese page or query).
fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// The analyzer of one language: a tantivy [`Tokenizer`] (registered under
/// [`tokenizer_name`]) and the query-side analysis of a word.
#[derive(Clone)]
pub struct Analyzer {
    stemmer: Option<TextAnalyzer>,
    folder: TextAnalyzer,
    chinese: bool,
    truncate: bool,
}

impl Analyzer {
    /// The analyzer of a [`LANGUAGES`] code; `None` for another code.
    pub fn new(code: &str) -> Option<Analyzer> {
        let (_, stemmer) = LANGUAGES.iter().find(|(c, _)| *c == code)?;
        Some(Analyzer {
            stemmer: stemmer.map(|l| {
                TextAnalyzer::builder(RawTokenizer::default())
                    .filter(Stemmer::new(l))
                    .build()
            }),
            folder: TextAnalyzer::builder(RawTokenizer::default())
                .filter(AsciiFoldingFilter)
                .build(),
            chinese: code == "zh",
            truncate: truncates(code),
        })
    }

    fn one(analyzer: &mut TextAnalyzer, word: &str) -> String {
        let mut stream = analyzer.token_stream(word);
        if stream.advance() {
            stream.token().text.clone()
        } else {
            word.to_string()
        }
    }

    /// A lowercased word's stem (folded) and, when it differs, its folded form.
    fn forms(&mut self, lower: &str) -> (String, Option<String>) {
        let folded = Self::one(&mut self.folder, lower);
        let stem = match &mut self.stemmer {
            Some(s) => {
                let stem = Self::one(s, lower);
                Self::one(&mut self.folder, &stem)
            }
            None if self.truncate => truncated(&folded).unwrap_or_else(|| folded.clone()),
            None => folded.clone(),
        };
        let other = (folded != stem).then_some(folded);
        (stem, other)
    }

    /// The tokens of `text`: per word its stem, then its folded form at the
    /// same position when it differs (and for Chinese the dictionary words
    /// inside a longer word, at its position).
    pub fn tokens(&mut self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut position = 0usize;
        for (start, word) in self.words(text) {
            let lower = word.to_lowercase();
            if lower.len() > MAX_TOKEN_BYTES {
                continue;
            }
            let (stem, other) = self.forms(&lower);
            let token = |text: String| Token {
                offset_from: start,
                offset_to: start + word.len(),
                position,
                text,
                position_length: 1,
            };
            out.push(token(stem));
            out.extend(other.map(token));
            if self.chinese {
                for sub in dictionary_parts(word) {
                    out.push(token(sub.to_string()));
                }
            }
            position += 1;
        }
        out
    }

    /// The words of `text` with their byte offsets: runs of letters and
    /// digits, Chinese runs segmented by jieba.
    fn words<'t>(&self, text: &'t str) -> Vec<(usize, &'t str)> {
        // (the same cut as `query_words`, with offsets)
        let mut out = Vec::new();
        for (start, run) in runs(text) {
            if self.chinese && run.chars().any(is_cjk) {
                for t in jieba().cut(run, false) {
                    if t.word.chars().any(char::is_alphanumeric) {
                        out.push((start + t.byte_start, t.word));
                    }
                }
            } else {
                out.push((start, run));
            }
        }
        out
    }

    /// The terms a query word stands for in this language's fields, one per
    /// word of it (a Chinese run may hold several words): the stems, as the
    /// pages were indexed.
    pub fn query_terms(&mut self, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, (_, word)) in self.words(text).into_iter().enumerate() {
            let lower = word.to_lowercase();
            if lower.len() <= MAX_TOKEN_BYTES {
                out.push((i, self.forms(&lower).0));
            }
        }
        out
    }

    /// Whether this is the Chinese analysis.
    pub fn is_chinese(&self) -> bool {
        self.chinese
    }

    /// The term of one query word (its first word's stem), as indexed.
    pub fn query_term(&mut self, word: &str) -> Option<String> {
        self.query_terms(word).into_iter().next().map(|(_, t)| t)
    }
}

/// The words of a query text as the language fields see them: runs of
/// letters and digits, a Chinese run cut into jieba's words when `chinese`.
pub fn query_words(text: &str, chinese: bool) -> Vec<&str> {
    let mut out = Vec::new();
    for (_, run) in runs(text) {
        if chinese && run.chars().any(is_cjk) {
            out.extend(
                jieba()
                    .cut(run, false)
                    .into_iter()
                    .map(|t| t.word)
                    .filter(|w| w.chars().any(char::is_alphanumeric)),
            );
        } else {
            out.push(run);
        }
    }
    out
}

/// The dictionary words of two and three characters inside a longer word
/// (what jieba's search mode adds), in order.
fn dictionary_parts(word: &str) -> Vec<&str> {
    let bounds: Vec<usize> = word
        .char_indices()
        .map(|(i, _)| i)
        .chain([word.len()])
        .collect();
    let chars = bounds.len() - 1;
    let mut out = Vec::new();
    for n in [2, 3] {
        if chars <= n {
            continue;
        }
        for i in 0..=chars - n {
            let part = &word[bounds[i]..bounds[i + n]];
            if jieba().has_word(part) {
                out.push(part);
            }
        }
    }
    out
}

/// Runs of letters and digits (marks included) with their byte offsets.
fn runs(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = None;
    let mut out = Vec::new();
    for (i, c) in text.char_indices() {
        let inside = c.is_alphanumeric() || (start.is_some() && is_mark(c));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out.into_iter()
}

/// A combining mark (Arabic vowel signs, Devanagari matras…): part of its word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED
        | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0B82..=0x0BCD)
}

impl Tokenizer for Analyzer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens {
            tokens: self.tokens(text),
            next: 0,
        }
    }
}

/// The tokens of one text, made eagerly.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The analyzer of a [`LANGUAGES`] code as a tantivy [`TextAnalyzer`].
pub fn text_analyzer(code: &str) -> Option<TextAnalyzer> {
    Analyzer::new(code).map(TextAnalyzer::from)
}

/// A Han, kana or hangul character.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(code: &str, text: &str) -> Vec<(usize, String)> {
        let mut a = Analyzer::new(code).unwrap();
        a.tokens(text)
            .into_iter()
            .map(|t| (t.position, t.text))
            .collect()
    }

    #[test]
    fn french_inflections_share_a_stem_and_keep_the_folded_word() {
        let mut a = Analyzer::new("fr").unwrap();
        let page = texts("fr", "frappes israéliennes");
        let q = a.query_terms("frappe israélienne");
        for (p, t) in q {
            assert!(page.contains(&(p, t.clone())), "{t} not in {page:?}");
        }
        assert!(page.contains(&(1, "israeliennes".to_string())), "{page:?}");
    }

    #[test]
    fn german_plural_finds_singular() {
        let mut a = Analyzer::new("de").unwrap();
        assert_eq!(a.query_term("Sanktion"), a.query_term("Sanktionen"));
    }

    #[test]
    fn chinese_is_segmented_with_inner_words() {
        let page = texts("zh", "国家主席习近平在北京会见航天员代表。");
        let words: Vec<&str> = page.iter().map(|(_, t)| t.as_str()).collect();
        assert!(words.contains(&"习近平"), "{words:?}");
        assert!(words.contains(&"航天"), "{words:?}");
        let mut a = Analyzer::new("zh").unwrap();
        assert_eq!(a.query_term("航天").as_deref(), Some("航天"));
    }

    #[test]
    fn turkish_and_czech_endings_share_a_truncated_stem() {
        for (code, a, b) in [
            ("tr", "amaca", "amacası"),
            ("tr", "anlamlar", "anlamları"),
            ("other", "anglickém", "anglickému"),
            ("other", "adresu", "adres"),
        ] {
            let mut an = Analyzer::new(code).unwrap();
            assert_eq!(an.query_term(a), an.query_term(b), "{code}: {a} {b}");
        }
        // short words, numbers and other scripts stay whole
        let mut other = Analyzer::new("other").unwrap();
        assert_eq!(other.query_term("vláda").as_deref(), Some("vlada"));
        assert_eq!(other.query_term("2024123").as_deref(), Some("2024123"));
        assert_eq!(
            other.query_term("こんにちは世界").as_deref(),
            Some("こんにちは世界")
        );
        assert!(texts("other", "anglickém").contains(&(0, "anglickem".to_string())));
    }

    #[test]
    fn english_pages_get_no_second_analysis() {
        assert_eq!(analysis_of(Some("en")), None);
        assert_eq!(analysis_of(Some("fr")), Some("fr"));
        assert_eq!(analysis_of(Some("cs")), Some(OTHER));
        assert_eq!(analysis_of(None), None);
    }
}
