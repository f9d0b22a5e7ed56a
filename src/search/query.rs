//! polsearch's query language: a small hand-written parser (lexer → tree →
//! tantivy queries) so that every form analysts need works and every mistake is
//! reported with its column.
//!
//! | form | meaning |
//! | --- | --- |
//! | `wagner sahel` | both words (AND is the default) |
//! | `a OR b`, `a AND b`, `NOT a`, `+a`, `-a`, `( … )` | boolean logic; AND binds tighter than OR |
//! | `"security assistance"`, `"troops withdraw"~3` | phrase, phrase with slop |
//! | `refug*`, `"west afr"*` | prefix of a word, phrase whose last word is a prefix |
//! | `refuge~1`, `sahel~` | fuzzy word (edit distance 0–2, default 1) |
//! | `title:`, `subtitle:`, `body:`, `author:`, `caption:`, `site:`, `kind:` | field scopes |
//! | `region:Africa`, `country:Mali`, `topic:"War & Conflict"` | facet scopes |
//! | `date:2023-11`, `date:[2023-01 TO 2023-06]`, `date:>=2024` | dates and ranges |
//! | `term^2`, `(a b)^0.5` | boosts |
//! | `*` | every article (use with filters) |

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery,
    Query, RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use super::dates::{day_seconds, parse_period};
use super::facet::{FacetDict, FacetKind};
use super::highlight::Matcher;
use crate::error::{QueryError, QueryErrorKind as Kind};
use crate::schema::Fields;

/// Words so common that a query made only of them would match nearly everything.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "in", "is", "it", "its", "not", "of", "on", "or", "she", "that", "the",
    "their", "they", "this", "to", "was", "we", "were", "will", "with", "you",
];

/// Shortest prefix accepted before `*`.
pub const MIN_PREFIX_CHARS: usize = 2;

/// A parsed and compiled query.
pub struct Compiled {
    /// The tantivy query.
    pub query: Box<dyn Query>,
    /// The positive text terms, for snippets.
    pub matchers: Vec<Matcher>,
}

/// What the compiler needs from the index.
pub struct Context<'a> {
    /// Field handles.
    pub fields: &'a Fields,
    /// The analyzer of the text fields (lowercase, folding, stemming).
    pub analyzer: TextAnalyzer,
    /// Lowercasing and folding only, for prefixes.
    pub normalizer: TextAnalyzer,
    /// The index's facets.
    pub facets: &'a FacetDict,
    /// The searcher, to expand prefix and fuzzy words into the index's terms.
    pub searcher: &'a tantivy::Searcher,
}

/// Parses and compiles `text`. Errors are one line naming the problem and its column.
pub fn compile(text: &str, ctx: &mut Context) -> Result<Compiled, QueryError> {
    compile_text(text, ctx).map_err(|e| e.in_query(text))
}

fn compile_text(text: &str, ctx: &mut Context) -> Result<Compiled, QueryError> {
    let tokens = lex(text)?;
    if tokens.is_empty() {
        return Err(Kind::Empty.into());
    }
    let mut parser = Parser {
        tokens,
        pos: 0,
        fields: *ctx.fields,
    };
    let node = parser.parse_or(Scope::Default)?;
    if let Some(t) = parser.tokens.get(parser.pos) {
        let what = if t.kind == Tok::RParen {
            Kind::UnmatchedParen
        } else {
            Kind::UnexpectedInput
        };
        return Err(QueryError::at(what, t.col));
    }
    let mut state = State::default();
    let query = compile_node(&node, ctx, false, &mut state)?;
    let Some(query) = query else {
        return Err(Kind::NothingToSearch(text.to_string()).into());
    };
    if state.content == 0 && state.stop_words > 0 {
        return Err(Kind::OnlyCommonWords(text.to_string()).into());
    }
    Ok(Compiled {
        query,
        matchers: state.matchers,
    })
}

// ---------------------------------------------------------------- lexer

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Must,
    Field(String),
    Word {
        text: String,
        prefix: bool,
        fuzzy: Option<u8>,
        boost: Option<f32>,
    },
    Phrase {
        text: String,
        slop: u32,
        prefix: bool,
        boost: Option<f32>,
    },
    Range {
        lo: String,
        hi: String,
        lo_incl: bool,
        hi_incl: bool,
    },
    Boost(f32),
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    col: usize,
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

fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    // column (1-based, in characters) of chars[i]
    let col = |i: usize| i + 1;
    let mut after_field = false;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            if after_field {
                return Err(QueryError::at(Kind::SpaceAfterField, col(i)));
            }
            i += 1;
            continue;
        }
        let start = i;
        let was_field = std::mem::take(&mut after_field);
        match c {
            '(' => {
                tokens.push(Token {
                    kind: Tok::LParen,
                    col: col(i),
                });
                i += 1;
            }
            ')' => {
                tokens.push(Token {
                    kind: Tok::RParen,
                    col: col(i),
                });
                i += 1;
                // boost on a group: (a b)^2
                if i < chars.len() && chars[i].1 == '^' {
                    let s = i;
                    i += 1;
                    while i < chars.len() && !is_word_end(chars[i].1) {
                        i += 1;
                    }
                    let raw = slice(text, &chars, s + 1, i);
                    let b: f32 = raw
                        .parse()
                        .map_err(|_| QueryError::at(Kind::BadBoost(raw.into()), col(s)))?;
                    tokens.push(Token {
                        kind: Tok::Boost(b),
                        col: col(s),
                    });
                }
            }
            '"' => {
                let mut phrase = String::new();
                i += 1;
                let mut closed = false;
                while i < chars.len() {
                    match chars[i].1 {
                        '\\' if i + 1 < chars.len() => {
                            phrase.push(chars[i + 1].1);
                            i += 2;
                        }
                        '"' => {
                            closed = true;
                            i += 1;
                            break;
                        }
                        ch => {
                            phrase.push(ch);
                            i += 1;
                        }
                    }
                }
                if !closed {
                    return Err(QueryError::at(Kind::UnclosedQuote, col(start)));
                }
                let s = i;
                while i < chars.len() && !is_word_end(chars[i].1) {
                    i += 1;
                }
                let suffix = format!("\"{}", slice(text, &chars, s, i));
                let (_, mods) = split_mods(&suffix, col(s))?;
                let rest_ok = suffix.len() == 1
                    || suffix
                        .trim_end_matches(|ch: char| ch.is_ascii_digit() || ".~^*".contains(ch))
                        .len()
                        == 1;
                if !rest_ok {
                    let rest = suffix[1..].to_string();
                    return Err(QueryError::at(Kind::AfterPhrase(rest), col(s)));
                }
                let slop = mods.tilde.map(|t| t.unwrap_or(1)).unwrap_or(0);
                tokens.push(Token {
                    kind: Tok::Phrase {
                        text: phrase,
                        slop,
                        prefix: mods.prefix,
                        boost: mods.boost,
                    },
                    col: col(start),
                });
            }
            '[' | '{' if was_field => {
                let close = if c == '[' { ']' } else { '}' };
                let Some(end) =
                    (i + 1..chars.len()).find(|&j| chars[j].1 == ']' || chars[j].1 == '}')
                else {
                    return Err(QueryError::at(Kind::UnclosedRange(c), col(i)));
                };
                let inner = slice(text, &chars, i + 1, end);
                let parts: Vec<&str> = inner.split_whitespace().collect();
                let [lo, to, hi] = parts[..] else {
                    let range = format!("{c}{inner}{close}");
                    return Err(QueryError::at(Kind::BadRange(range), col(i)));
                };
                if to != "TO" {
                    let range = format!("{c}{inner}{close}");
                    return Err(QueryError::at(Kind::RangeWithoutTo(range), col(i)));
                }
                let hi_incl = chars[end].1 == ']';
                tokens.push(Token {
                    kind: Tok::Range {
                        lo: lo.into(),
                        hi: hi.into(),
                        lo_incl: c == '[',
                        hi_incl,
                    },
                    col: col(i),
                });
                i = end + 1;
            }
            '+' | '-' | '!'
                if !was_field
                    && chars
                        .get(i + 1)
                        .is_some_and(|&(_, n)| n.is_alphanumeric() || matches!(n, '"' | '(')) =>
            {
                tokens.push(Token {
                    kind: if c == '+' { Tok::Must } else { Tok::Not },
                    col: col(i),
                });
                i += 1;
            }
            _ => {
                while i < chars.len() && !is_word_end(chars[i].1) {
                    // a field scope: letters then ':'
                    if chars[i].1 == ':' && i > start {
                        let name = slice(text, &chars, start, i);
                        // "https://…" is a word, not a field
                        let url = slice(text, &chars, i + 1, (i + 3).min(chars.len())) == "//";
                        if name.chars().all(|ch| ch.is_ascii_alphabetic()) && !url {
                            tokens.push(Token {
                                kind: Tok::Field(name.to_string()),
                                col: col(start),
                            });
                            i += 1;
                            after_field = true;
                            break;
                        }
                    }
                    i += 1;
                }
                if after_field {
                    if i >= chars.len() || matches!(chars[i].1, ')') {
                        return Err(QueryError::at(Kind::NothingAfterField, col(start)));
                    }
                    continue;
                }
                let raw = slice(text, &chars, start, i);
                let kind = match raw {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => {
                        let (word, mods) = split_mods(raw, col(start))?;
                        if word.len() > 1 && word.contains('*') {
                            return Err(QueryError::at(
                                Kind::MisplacedWildcard(raw.into()),
                                col(start),
                            ));
                        }
                        let fuzzy = match mods.tilde {
                            None => None,
                            Some(None) => Some(1),
                            Some(Some(d)) if d <= 2 => Some(d as u8),
                            Some(Some(d)) => {
                                return Err(QueryError::at(Kind::FuzzyTooFar(d), col(start)))
                            }
                        };
                        if mods.prefix && fuzzy.is_some() {
                            return Err(QueryError::at(Kind::PrefixAndFuzzy, col(start)));
                        }
                        Tok::Word {
                            text: word.to_string(),
                            prefix: mods.prefix,
                            fuzzy,
                            boost: mods.boost,
                        }
                    }
                };
                tokens.push(Token {
                    kind,
                    col: col(start),
                });
            }
        }
    }
    if after_field {
        return Err(QueryError::at(Kind::NothingAfterField, chars.len()));
    }
    Ok(tokens)
}

fn slice<'t>(text: &'t str, chars: &[(usize, char)], from: usize, to: usize) -> &'t str {
    let a = chars.get(from).map(|c| c.0).unwrap_or(text.len());
    let b = chars.get(to).map(|c| c.0).unwrap_or(text.len());
    &text[a..b]
}

// ---------------------------------------------------------------- parser

/// Where a leaf searches.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scope {
    Default,
    Text(Field),
    Keyword(Field),
    Date,
    Facet(FacetKind),
}

#[derive(Debug)]
enum Node {
    And(Vec<(Occur, Node)>),
    Or(Vec<Node>),
    Leaf { scope: Scope, tok: Tok, col: usize },
    Boost(Box<Node>, f32),
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    fields: Fields,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn end_col(&self) -> usize {
        self.tokens.last().map(|t| t.col + 1).unwrap_or(1)
    }

    fn parse_or(&mut self, scope: Scope) -> Result<Node, QueryError> {
        let mut items = vec![self.parse_and(scope)?];
        while self.peek() == Some(&Tok::Or) {
            let col = self.tokens[self.pos].col;
            self.pos += 1;
            if matches!(
                self.peek(),
                None | Some(Tok::RParen) | Some(Tok::Or) | Some(Tok::And)
            ) {
                return Err(QueryError::at(Kind::OrWithoutOperand, col));
            }
            items.push(self.parse_and(scope)?);
        }
        Ok(if items.len() == 1 {
            items.pop().unwrap()
        } else {
            Node::Or(items)
        })
    }

    fn parse_and(&mut self, scope: Scope) -> Result<Node, QueryError> {
        let mut clauses = Vec::new();
        loop {
            match self.peek() {
                None | Some(Tok::RParen) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    let col = self.tokens[self.pos].col;
                    self.pos += 1;
                    if clauses.is_empty()
                        || matches!(self.peek(), None | Some(Tok::RParen) | Some(Tok::Or))
                    {
                        return Err(QueryError::at(Kind::AndWithoutOperand, col));
                    }
                }
                _ => {}
            }
            let occur = match self.peek() {
                Some(Tok::Not) => {
                    self.pos += 1;
                    Occur::MustNot
                }
                Some(Tok::Must) => {
                    self.pos += 1;
                    Occur::Must
                }
                _ => Occur::Must,
            };
            if occur == Occur::MustNot && matches!(self.peek(), Some(Tok::Not)) {
                return Err(QueryError::at(
                    Kind::DoubleNegation,
                    self.tokens[self.pos].col,
                ));
            }
            clauses.push((occur, self.parse_primary(scope)?));
        }
        if clauses.is_empty() {
            let col = self
                .tokens
                .get(self.pos)
                .map(|t| t.col)
                .unwrap_or_else(|| self.end_col());
            return Err(QueryError::at(Kind::ExpectedTerm, col));
        }
        if clauses.len() == 1 && clauses[0].0 == Occur::Must {
            return Ok(clauses.pop().unwrap().1);
        }
        Ok(Node::And(clauses))
    }

    fn parse_primary(&mut self, scope: Scope) -> Result<Node, QueryError> {
        let Some(token) = self.tokens.get(self.pos).cloned() else {
            return Err(QueryError::at(
                Kind::ExpectedWordAfterOperator,
                self.end_col(),
            ));
        };
        self.pos += 1;
        match token.kind {
            Tok::LParen => {
                let inner = self.parse_or(scope)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(QueryError::at(Kind::UnclosedParen, token.col));
                }
                self.pos += 1;
                if let Some(Tok::Boost(b)) = self.peek().cloned() {
                    self.pos += 1;
                    return Ok(Node::Boost(Box::new(inner), b));
                }
                Ok(inner)
            }
            Tok::Field(name) => {
                if scope != Scope::Default {
                    return Err(QueryError::at(Kind::NestedField(name), token.col));
                }
                let scope = field_scope(&self.fields, &name)
                    .ok_or_else(|| QueryError::at(Kind::UnknownField(name), token.col))?;
                self.parse_primary(scope)
            }
            Tok::Word { .. } | Tok::Phrase { .. } | Tok::Range { .. } => Ok(Node::Leaf {
                scope,
                tok: token.kind,
                col: token.col,
            }),
            Tok::RParen => Err(QueryError::at(Kind::UnmatchedParen, token.col)),
            Tok::And | Tok::Or => Err(QueryError::at(Kind::OperatorWithoutWordBefore, token.col)),
            Tok::Not | Tok::Must => Err(QueryError::at(Kind::OperatorWithoutWordAfter, token.col)),
            Tok::Boost(_) => Err(QueryError::at(Kind::BoostWithoutGroup, token.col)),
        }
    }
}

fn field_scope(f: &Fields, name: &str) -> Option<Scope> {
    Some(match name.to_ascii_lowercase().as_str() {
        "title" => Scope::Text(f.title),
        "subtitle" | "dek" => Scope::Text(f.subtitle),
        "body" | "text" => Scope::Text(f.body),
        "author" | "authors" | "by" => Scope::Text(f.authors),
        "caption" | "captions" => Scope::Text(f.captions),
        "site" => Scope::Keyword(f.site),
        "kind" | "type" => Scope::Keyword(f.kind),
        "date" => Scope::Date,
        "region" => Scope::Facet(FacetKind::Region),
        "country" => Scope::Facet(FacetKind::Country),
        "topic" => Scope::Facet(FacetKind::Topic),
        _ => return None,
    })
}

// ---------------------------------------------------------------- compiler

#[derive(Default)]
struct State {
    matchers: Vec<Matcher>,
    /// Positive leaves that carry meaning.
    content: usize,
    /// Positive bare words that are stop words.
    stop_words: usize,
}

type CResult = Result<Option<Box<dyn Query>>, QueryError>;

fn compile_node(node: &Node, ctx: &mut Context, negated: bool, st: &mut State) -> CResult {
    match node {
        Node::Boost(inner, b) => Ok(compile_node(inner, ctx, negated, st)?.map(|q| boost(q, *b))),
        Node::Or(items) => {
            let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for item in items {
                if let Some(q) = compile_node(item, ctx, negated, st)? {
                    subs.push((Occur::Should, q));
                }
            }
            Ok(combine(subs))
        }
        Node::And(clauses) => {
            let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (occur, item) in clauses {
                let neg = negated ^ (*occur == Occur::MustNot);
                if let Some(q) = compile_node(item, ctx, neg, st)? {
                    subs.push((*occur, q));
                }
            }
            if !subs.is_empty() && subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                subs.push((Occur::Must, Box::new(AllQuery)));
            }
            Ok(combine(subs))
        }
        Node::Leaf { scope, tok, col } => compile_leaf(*scope, tok, *col, ctx, negated, st),
    }
}

fn combine(mut subs: Vec<(Occur, Box<dyn Query>)>) -> Option<Box<dyn Query>> {
    match subs.len() {
        0 => None,
        1 if subs[0].0 != Occur::MustNot => Some(subs.pop().unwrap().1),
        _ => Some(Box::new(BooleanQuery::new(subs))),
    }
}

fn boost(q: Box<dyn Query>, b: f32) -> Box<dyn Query> {
    if b == 1.0 {
        q
    } else {
        Box::new(BoostQuery::new(q, b))
    }
}

/// Default text fields and their boosts.
pub fn default_fields(f: &Fields) -> [(Field, f32); 3] {
    [(f.title, 3.0), (f.subtitle, 1.5), (f.body, 1.0)]
}

fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

fn compile_leaf(
    scope: Scope,
    tok: &Tok,
    col: usize,
    ctx: &mut Context,
    negated: bool,
    st: &mut State,
) -> CResult {
    let fields = *ctx.fields;
    let (text, prefix, fuzzy, slop, leaf_boost, phrase) = match tok {
        Tok::Word {
            text,
            prefix,
            fuzzy,
            boost,
        } => (text.as_str(), *prefix, *fuzzy, 0, *boost, false),
        Tok::Phrase {
            text,
            slop,
            prefix,
            boost,
        } => (text.as_str(), *prefix, None, *slop, *boost, true),
        Tok::Range {
            lo,
            hi,
            lo_incl,
            hi_incl,
        } => {
            if scope != Scope::Date {
                return Err(QueryError::at(Kind::RangeOutsideDate, col));
            }
            if !negated {
                st.content += 1;
            }
            return date_range(fields.date, lo, hi, *lo_incl, *hi_incl)
                .map(Some)
                .map_err(|e| e.or_at(col));
        }
        _ => unreachable!("only leaves reach compile_leaf"),
    };
    let wrap = |q: Option<Box<dyn Query>>| q.map(|q| boost(q, leaf_boost.unwrap_or(1.0)));
    if text == "*" && !phrase {
        if scope != Scope::Default {
            return Err(QueryError::at(Kind::StarInField, col));
        }
        st.content += 1;
        return Ok(Some(Box::new(AllQuery)));
    }
    match scope {
        Scope::Default | Scope::Text(_) => {
            let targets: Vec<(Field, f32)> = match scope {
                Scope::Text(f) => vec![(f, 1.0)],
                _ => default_fields(&fields).to_vec(),
            };
            let is_stop = !phrase
                && !prefix
                && fuzzy.is_none()
                && STOP_WORDS.contains(&text.to_lowercase().as_str());
            let q = text_query(
                &targets, text, prefix, fuzzy, slop, phrase, ctx, negated, st,
            )
            .map_err(|e| e.or_at(col))?;
            if !negated && q.is_some() {
                if is_stop && scope == Scope::Default {
                    st.stop_words += 1;
                } else {
                    st.content += 1;
                }
            }
            Ok(wrap(q))
        }
        Scope::Keyword(field) => {
            let value = text.trim().to_lowercase();
            if value.is_empty() {
                return Ok(None);
            }
            if !negated {
                st.content += 1;
            }
            let q: Box<dyn Query> = if prefix {
                Box::new(
                    RegexQuery::from_pattern(&format!("{}.*", regex::escape(&value)), field)
                        .map_err(|e| QueryError::at(Kind::Pattern(e.to_string()), col))?,
                )
            } else if let Some(d) = fuzzy {
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, &value),
                    d,
                    true,
                ))
            } else {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &value),
                    IndexRecordOption::Basic,
                ))
            };
            Ok(wrap(Some(q)))
        }
        Scope::Date => {
            if prefix || fuzzy.is_some() {
                return Err(QueryError::at(Kind::DateModifiers, col));
            }
            if !negated {
                st.content += 1;
            }
            let t = text.trim();
            let (op, rest) = ["<=", ">=", "<", ">"]
                .iter()
                .find_map(|op| t.strip_prefix(op).map(|r| (*op, r)))
                .unwrap_or(("", t));
            let q = match op {
                ">=" => date_range(fields.date, rest, "*", true, true),
                ">" => date_range(fields.date, rest, "*", false, true),
                "<=" => date_range(fields.date, "*", rest, true, true),
                "<" => date_range(fields.date, "*", rest, true, false),
                _ => date_range(fields.date, rest, rest, true, true),
            };
            Ok(wrap(Some(q.map_err(|e| e.or_at(col))?)))
        }
        Scope::Facet(kind) => {
            if prefix || fuzzy.is_some() {
                return Err(QueryError::at(Kind::FacetModifiers(kind), col));
            }
            if !negated {
                st.content += 1;
            }
            let facets = ctx.facets.resolve(kind, text).map_err(|e| e.or_at(col))?;
            let field = if kind == FacetKind::Topic {
                fields.topic
            } else {
                fields.region
            };
            let subs = facets
                .into_iter()
                .map(|f| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_facet(field, &f),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            Ok(wrap(combine(subs)))
        }
    }
}

/// Builds the date range query; `lo`/`hi` are partial dates or `*`.
pub fn date_range(
    field: Field,
    lo: &str,
    hi: &str,
    lo_incl: bool,
    hi_incl: bool,
) -> Result<Box<dyn Query>, QueryError> {
    let term = |secs: i64| Term::from_field_date(field, crate::schema::date_value(secs));
    let lower = if lo == "*" {
        Bound::Unbounded
    } else {
        let p = parse_period(lo)?;
        Bound::Included(term(day_seconds(if lo_incl { p.start } else { p.end })))
    };
    let upper = if hi == "*" {
        Bound::Unbounded
    } else {
        let p = parse_period(hi)?;
        Bound::Excluded(term(day_seconds(if hi_incl { p.end } else { p.start })))
    };
    if lower == Bound::Unbounded && upper == Bound::Unbounded {
        return Ok(Box::new(tantivy::query::ExistsQuery::new(
            "date".into(),
            false,
        )));
    }
    Ok(Box::new(RangeQuery::new(lower, upper)))
}

#[allow(clippy::too_many_arguments)]
fn text_query(
    targets: &[(Field, f32)],
    text: &str,
    prefix: bool,
    fuzzy: Option<u8>,
    slop: u32,
    phrase: bool,
    ctx: &mut Context,
    negated: bool,
    st: &mut State,
) -> Result<Option<Box<dyn Query>>, QueryError> {
    let analyzed = analyze(&mut ctx.analyzer, text);
    if analyzed.is_empty() {
        return Ok(None);
    }
    let mut matchers = Vec::new();
    let mut per_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // index terms that prefix/fuzzy words expanded into, highlighted as such;
    // when a field had too many, the snippet matches the pattern itself
    let mut expanded = std::collections::BTreeSet::new();
    let mut unexpanded = false;
    if prefix {
        let normal = analyze(&mut ctx.normalizer, text);
        let (last_pos, last) = normal.last().cloned().unwrap_or_default();
        if last.chars().count() < MIN_PREFIX_CHARS {
            return Err(Kind::PrefixTooShort {
                prefix: last,
                min: MIN_PREFIX_CHARS,
            }
            .into());
        }
        // the stemmed form too: "refugees*" must find "refugee" (indexed as "refuge")
        let stem = analyze(&mut ctx.analyzer, &last)
            .pop()
            .map(|t| t.1)
            .filter(|s| *s != last);
        let heads: Vec<(usize, String)> = analyzed
            .iter()
            .filter(|(p, _)| *p < last_pos)
            .cloned()
            .collect::<Vec<_>>();
        let mut prefixes = vec![last.clone()];
        prefixes.extend(stem);
        // the stemmer may cut a word inside the typed prefix ("laukkai*" must find
        // "Laukkaing", indexed as "laukka"): a long prefix cut by up to two
        // letters is also accepted as a whole term
        let chars: Vec<char> = last.chars().collect();
        let truncations: Vec<String> = if chars.len() >= 6 {
            (chars.len() - 2..chars.len())
                .map(|k| chars[..k].iter().collect())
                .collect()
        } else {
            Vec::new()
        };
        let heads_empty = heads.is_empty();
        for (field, b) in targets {
            let q: Box<dyn Query> = if heads.is_empty() {
                match expand(
                    ctx.searcher,
                    *field,
                    Expansion::Prefix(&prefixes, &truncations),
                ) {
                    Some(terms) => {
                        expanded.extend(terms.iter().cloned());
                        terms_query(*field, terms)
                    }
                    None => {
                        unexpanded = true;
                        let alternatives =
                            |v: &[String]| v.iter().map(|p| regex::escape(p)).collect::<Vec<_>>();
                        let mut pattern = format!("({}).*", alternatives(&prefixes).join("|"));
                        for t in alternatives(&truncations) {
                            pattern.push('|');
                            pattern.push_str(&t);
                        }
                        Box::new(
                            RegexQuery::from_pattern(&pattern, *field)
                                .map_err(|e| Kind::Pattern(e.to_string()))?,
                        )
                    }
                }
            } else {
                let mut terms: Vec<(usize, Term)> = heads
                    .iter()
                    .map(|(p, t)| (*p, Term::from_field_text(*field, t)))
                    .collect();
                terms.push((last_pos, Term::from_field_text(*field, &last)));
                Box::new(PhrasePrefixQuery::new_with_offset(terms))
            };
            per_field.push((Occur::Should, boost(q, *b)));
        }
        matchers.extend(heads.into_iter().map(|(_, t)| Matcher::Exact(t)));
        if unexpanded || !heads_empty {
            matchers.extend(prefixes.into_iter().map(Matcher::Prefix));
        }
    } else if let Some(d) = fuzzy {
        if analyzed.len() > 1 {
            return Err(Kind::FuzzyPhrase(text.to_string()).into());
        }
        let term = &analyzed[0].1;
        // the automaton depends on the word only: build it once for all fields
        let dfa = FuzzyTermQuery::new(Term::from_field_text(targets[0].0, term), d, true)
            .automaton()
            .ok();
        for (field, b) in targets {
            let fuzzy = FuzzyTermQuery::new(Term::from_field_text(*field, term), d, true);
            let expansion = dfa
                .as_ref()
                .and_then(|dfa| expand(ctx.searcher, *field, Expansion::Fuzzy(dfa)));
            let q: Box<dyn Query> = match expansion {
                Some(terms) => {
                    expanded.extend(terms.iter().cloned());
                    terms_query(*field, terms)
                }
                None => {
                    unexpanded = true;
                    Box::new(fuzzy)
                }
            };
            per_field.push((Occur::Should, boost(q, *b)));
        }
        if unexpanded {
            matchers.push(Matcher::Fuzzy(term.clone(), d));
        }
    } else {
        for (field, b) in targets {
            let q: Box<dyn Query> = if analyzed.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(*field, &analyzed[0].1),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                let terms = analyzed
                    .iter()
                    .map(|(p, t)| (*p, Term::from_field_text(*field, t)))
                    .collect();
                Box::new(PhraseQuery::new_with_offset_and_slop(
                    terms,
                    if phrase { slop } else { 0 },
                ))
            };
            per_field.push((Occur::Should, boost(q, *b)));
        }
        matchers.extend(analyzed.into_iter().map(|(_, t)| Matcher::Exact(t)));
    }
    matchers.extend(expanded.into_iter().map(Matcher::Exact));
    if !negated {
        st.matchers.extend(matchers);
    }
    Ok(combine(per_field))
}

/// Most index terms a prefix or fuzzy word is expanded into for BM25 scoring;
/// past that it is matched by an automaton with a constant score.
pub const MAX_EXPANSIONS: usize = 64;

enum Expansion<'q> {
    /// Terms starting with any of the prefixes, or equal to one of the whole terms.
    Prefix(&'q [String], &'q [String]),
    Fuzzy(&'q tantivy::query::DfaWrapper),
}

/// The index terms of `field` that the expansion matches, over all segments;
/// `None` when there are more than [`MAX_EXPANSIONS`] (or on a read error).
fn expand(searcher: &tantivy::Searcher, field: Field, expansion: Expansion) -> Option<Vec<String>> {
    let mut found = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field).ok()?;
        let dict = inverted.terms();
        match &expansion {
            Expansion::Prefix(prefixes, whole) => {
                for t in *whole {
                    if dict.get(t.as_bytes()).ok()?.is_some() {
                        found.insert(t.clone());
                    }
                }
                for p in *prefixes {
                    let mut stream = dict.range().ge(p.as_bytes()).into_stream().ok()?;
                    while stream.advance() && stream.key().starts_with(p.as_bytes()) {
                        found.insert(String::from_utf8_lossy(stream.key()).into_owned());
                        if found.len() > MAX_EXPANSIONS {
                            return None;
                        }
                    }
                }
            }
            Expansion::Fuzzy(dfa) => {
                let mut stream = dict.search(*dfa).into_stream().ok()?;
                while stream.advance() {
                    found.insert(String::from_utf8_lossy(stream.key()).into_owned());
                    if found.len() > MAX_EXPANSIONS {
                        return None;
                    }
                }
            }
        }
    }
    Some(found.into_iter().collect())
}

/// Any of `terms` in `field`, each scored by BM25.
fn terms_query(field: Field, terms: Vec<String>) -> Box<dyn Query> {
    let subs = terms
        .into_iter()
        .map(|t| {
            let q: Box<dyn Query> = Box::new(TermQuery::new(
                Term::from_field_text(field, &t),
                IndexRecordOption::WithFreqs,
            ));
            (Occur::Should, q)
        })
        .collect();
    Box::new(BooleanQuery::new(subs))
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
