//! The lexer: query text → tokens, each with the column (1-based, in
//! characters) where it starts, so that every later error can point at it.

use crate::error::{QueryError, QueryErrorKind as Kind};

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `AND`, `&&`
    And,
    /// `OR`, `||`
    Or,
    /// `NOT`, `-` or `!` before a word
    Not,
    /// `+` before a word
    Must,
    /// `name:`
    Field(String),
    /// A word with its modifiers: `refug*`, `sahel~2`, `coup^2`.
    Word {
        text: String,
        prefix: bool,
        fuzzy: Option<u8>,
        boost: Option<f32>,
    },
    /// A `"phrase"` with its modifiers: `"a b"~3`, `"west afr"*`, `"a b"^2`.
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
        boost: Option<f32>,
    },
    /// `[lo TO hi]`, `{lo TO hi}` (after a field).
    Range {
        lo: String,
        hi: String,
        lo_incl: bool,
        hi_incl: bool,
    },
    /// `^B` after a `)`.
    Boost(f32),
}

/// A token and its column.
#[derive(Debug, Clone)]
pub(super) struct Token {
    /// What it is.
    pub kind: Tok,
    /// Column of its first character.
    pub col: usize,
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

/// Suffix modifiers of a word or phrase: `*`, `~N`, `^B` (in that order).
#[derive(Default)]
struct Mods {
    prefix: bool,
    tilde: Option<Option<u32>>,
    boost: Option<f32>,
}

fn split_mods(raw: &str, col: usize) -> Result<(&str, Mods), QueryError> {
    let mut rest = raw;
    let mut mods = Mods::default();
    if let Some(i) = rest.rfind('^') {
        if i > 0 {
            let b = &rest[i + 1..];
            let value: f32 = b
                .parse()
                .map_err(|_| QueryError::at(Kind::BadBoost(b.into()), col))?;
            if !(value.is_finite() && value >= 0.0) {
                return Err(QueryError::at(Kind::BoostOutOfRange(b.into()), col));
            }
            mods.boost = Some(value);
            rest = &rest[..i];
        }
    }
    if let Some(i) = rest.rfind('~') {
        if i > 0 {
            let n = &rest[i + 1..];
            let value = if n.is_empty() {
                None
            } else {
                Some(
                    n.parse::<u32>()
                        .map_err(|_| QueryError::at(Kind::BadTilde(n.into()), col))?,
                )
            };
            mods.tilde = Some(value);
            rest = &rest[..i];
        }
    }
    if rest.len() > 1 && rest.ends_with('*') {
        mods.prefix = true;
        rest = &rest[..rest.len() - 1];
    }
    Ok((rest, mods))
}

/// Splits `text` into tokens.
pub(super) fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    Lexer {
        text,
        chars: text.char_indices().collect(),
        i: 0,
        after_field: false,
        tokens: Vec::new(),
    }
    .run()
}

/// The lexer's state: `chars[i]` is the next character.
struct Lexer<'t> {
    text: &'t str,
    chars: Vec<(usize, char)>,
    i: usize,
    /// The last token was a field name (`title:`).
    after_field: bool,
    tokens: Vec<Token>,
}

impl<'t> Lexer<'t> {
    fn run(mut self) -> Result<Vec<Token>, QueryError> {
        while self.i < self.chars.len() {
            let c = self.chars[self.i].1;
            if c.is_whitespace() {
                if self.after_field {
                    return Err(QueryError::at(Kind::SpaceAfterField, self.col(self.i)));
                }
                self.i += 1;
                continue;
            }
            let was_field = std::mem::take(&mut self.after_field);
            match c {
                '(' => {
                    self.push(Tok::LParen, self.i);
                    self.i += 1;
                }
                ')' => self.group_end()?,
                '"' => self.phrase()?,
                '[' | '{' if was_field => self.range(c)?,
                '+' | '-' | '!' if !was_field && self.starts_operand(self.i + 1) => {
                    self.push(if c == '+' { Tok::Must } else { Tok::Not }, self.i);
                    self.i += 1;
                }
                _ => self.word()?,
            }
        }
        if self.after_field {
            return Err(QueryError::at(Kind::NothingAfterField, self.chars.len()));
        }
        Ok(self.tokens)
    }

    /// Column (1-based, in characters) of `chars[i]`.
    fn col(&self, i: usize) -> usize {
        i + 1
    }

    fn push(&mut self, kind: Tok, at: usize) {
        let col = self.col(at);
        self.tokens.push(Token { kind, col });
    }

    /// The text of `chars[from..to]`.
    fn slice(&self, from: usize, to: usize) -> &'t str {
        let a = self.chars.get(from).map(|c| c.0).unwrap_or(self.text.len());
        let b = self.chars.get(to).map(|c| c.0).unwrap_or(self.text.len());
        &self.text[a..b]
    }

    /// True when `chars[i]` can start what `+`, `-` or `!` applies to.
    fn starts_operand(&self, i: usize) -> bool {
        self.chars
            .get(i)
            .is_some_and(|&(_, n)| n.is_alphanumeric() || matches!(n, '"' | '('))
    }

    /// Moves past the characters of a word; returns where it ends.
    fn skip_word(&mut self) -> usize {
        while self.i < self.chars.len() && !is_word_end(self.chars[self.i].1) {
            self.i += 1;
        }
        self.i
    }

    /// `)`, and the boost of the group when one follows: `(a b)^2`.
    fn group_end(&mut self) -> Result<(), QueryError> {
        self.push(Tok::RParen, self.i);
        self.i += 1;
        if self.i < self.chars.len() && self.chars[self.i].1 == '^' {
            let s = self.i;
            self.i += 1;
            let end = self.skip_word();
            let raw = self.slice(s + 1, end);
            let b: f32 = raw
                .parse()
                .map_err(|_| QueryError::at(Kind::BadBoost(raw.into()), self.col(s)))?;
            self.push(Tok::Boost(b), s);
        }
        Ok(())
    }

    /// A `"phrase"` (`\"` is a literal quote) and its modifiers.
    fn phrase(&mut self) -> Result<(), QueryError> {
        let start = self.i;
        let mut phrase = String::new();
        self.i += 1;
        let mut closed = false;
        while self.i < self.chars.len() {
            match self.chars[self.i].1 {
                '\\' if self.i + 1 < self.chars.len() => {
                    phrase.push(self.chars[self.i + 1].1);
                    self.i += 2;
                }
                '"' => {
                    closed = true;
                    self.i += 1;
                    break;
                }
                ch => {
                    phrase.push(ch);
                    self.i += 1;
                }
            }
        }
        if !closed {
            return Err(QueryError::at(Kind::UnclosedQuote, self.col(start)));
        }
        let s = self.i;
        let end = self.skip_word();
        let suffix = format!("\"{}", self.slice(s, end));
        let (_, mods) = split_mods(&suffix, self.col(s))?;
        let rest_ok = suffix.len() == 1
            || suffix
                .trim_end_matches(|ch: char| ch.is_ascii_digit() || ".~^*".contains(ch))
                .len()
                == 1;
        if !rest_ok {
            let rest = suffix[1..].to_string();
            return Err(QueryError::at(Kind::AfterPhrase(rest), self.col(s)));
        }
        let slop = mods.tilde.map(|t| t.unwrap_or(1)).unwrap_or(0);
        let kind = Tok::Phrase {
            text: phrase,
            slop,
            prefix: mods.prefix,
            boost: mods.boost,
        };
        self.push(kind, start);
        Ok(())
    }

    /// A date range after a field: `[lo TO hi]`, `{lo TO hi}` (or mixed).
    fn range(&mut self, c: char) -> Result<(), QueryError> {
        let i = self.i;
        let close = if c == '[' { ']' } else { '}' };
        let Some(end) =
            (i + 1..self.chars.len()).find(|&j| self.chars[j].1 == ']' || self.chars[j].1 == '}')
        else {
            return Err(QueryError::at(Kind::UnclosedRange(c), self.col(i)));
        };
        let inner = self.slice(i + 1, end);
        let parts: Vec<&str> = inner.split_whitespace().collect();
        let [lo, to, hi] = parts[..] else {
            let range = format!("{c}{inner}{close}");
            return Err(QueryError::at(Kind::BadRange(range), self.col(i)));
        };
        if to != "TO" {
            let range = format!("{c}{inner}{close}");
            return Err(QueryError::at(Kind::RangeWithoutTo(range), self.col(i)));
        }
        let kind = Tok::Range {
            lo: lo.into(),
            hi: hi.into(),
            lo_incl: c == '[',
            hi_incl: self.chars[end].1 == ']',
        };
        self.push(kind, i);
        self.i = end + 1;
        Ok(())
    }

    /// A word, an operator word, or a field name (`title:`; a `https://…`
    /// word is not one).
    fn word(&mut self) -> Result<(), QueryError> {
        let start = self.i;
        while self.i < self.chars.len() && !is_word_end(self.chars[self.i].1) {
            let i = self.i;
            if self.chars[i].1 == ':' && i > start {
                let name = self.slice(start, i);
                let url = self.slice(i + 1, (i + 3).min(self.chars.len())) == "//";
                if name.chars().all(|ch| ch.is_ascii_alphabetic() || ch == '_') && !url {
                    self.push(Tok::Field(name.to_string()), start);
                    self.i += 1;
                    self.after_field = true;
                    break;
                }
            }
            self.i += 1;
        }
        if self.after_field {
            if self.i >= self.chars.len() || matches!(self.chars[self.i].1, ')') {
                return Err(QueryError::at(Kind::NothingAfterField, self.col(start)));
            }
            return Ok(());
        }
        let raw = self.slice(start, self.i);
        let kind = match raw {
            "AND" | "&&" => Tok::And,
            "OR" | "||" => Tok::Or,
            "NOT" => Tok::Not,
            _ => word_token(raw, self.col(start))?,
        };
        self.push(kind, start);
        Ok(())
    }
}

/// The token of a word with its modifiers, checked.
fn word_token(raw: &str, col: usize) -> Result<Tok, QueryError> {
    let (word, mods) = split_mods(raw, col)?;
    if word.len() > 1 && word.contains('*') {
        return Err(QueryError::at(Kind::MisplacedWildcard(raw.into()), col));
    }
    let fuzzy = match mods.tilde {
        None => None,
        Some(None) => Some(1),
        Some(Some(d)) if d <= 2 => Some(d as u8),
        Some(Some(d)) => return Err(QueryError::at(Kind::FuzzyTooFar(d), col)),
    };
    if mods.prefix && fuzzy.is_some() {
        return Err(QueryError::at(Kind::PrefixAndFuzzy, col));
    }
    Ok(Tok::Word {
        text: word.to_string(),
        prefix: mods.prefix,
        fuzzy,
        boost: mods.boost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok> {
        lex(text).unwrap().into_iter().map(|t| t.kind).collect()
    }

    fn word(text: &str) -> Tok {
        Tok::Word {
            text: text.into(),
            prefix: false,
            fuzzy: None,
            boost: None,
        }
    }

    #[test]
    fn lexes_operators_words_and_modifiers() {
        assert_eq!(kinds("a AND b"), vec![word("a"), Tok::And, word("b")]);
        assert_eq!(
            kinds("-a +b !c"),
            vec![
                Tok::Not,
                word("a"),
                Tok::Must,
                word("b"),
                Tok::Not,
                word("c")
            ]
        );
        assert_eq!(kinds("al-Shabaab"), vec![word("al-Shabaab")]);
        assert_eq!(
            kinds("refug* refuge~ sahel~2^3"),
            vec![
                Tok::Word {
                    text: "refug".into(),
                    prefix: true,
                    fuzzy: None,
                    boost: None
                },
                Tok::Word {
                    text: "refuge".into(),
                    prefix: false,
                    fuzzy: Some(1),
                    boost: None
                },
                Tok::Word {
                    text: "sahel".into(),
                    prefix: false,
                    fuzzy: Some(2),
                    boost: Some(3.0)
                },
            ]
        );
        assert_eq!(
            kinds("\"a b\"~2"),
            vec![Tok::Phrase {
                text: "a b".into(),
                slop: 2,
                prefix: false,
                boost: None
            }]
        );
        assert_eq!(
            kinds("date:[2023-01 TO 2023-06}"),
            vec![
                Tok::Field("date".into()),
                Tok::Range {
                    lo: "2023-01".into(),
                    hi: "2023-06".into(),
                    lo_incl: true,
                    hi_incl: false
                }
            ]
        );
        assert_eq!(kinds("title:(a b)^2").len(), 6);
    }

    #[test]
    fn lex_errors_give_a_column() {
        for (q, col) in [
            ("foo \"bar", 5),
            ("date:[2023 TO", 6),
            ("refuge~7", 1),
            ("title: x", 7),
            ("a^x", 1),
        ] {
            let e = lex(q).unwrap_err();
            assert_eq!(e.column, Some(col), "{q}: {e}");
        }
    }
}
