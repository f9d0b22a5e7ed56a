//! The parser: tokens → a query tree ([`Node`]). The tree knows nothing of the
//! index or of tantivy (as tantivy's own `query-grammar` crate): fields are the
//! query language's names ([`QueryField`]), leaves keep their text as typed.
//! `AND` binds tighter than `OR`; a bare sequence of clauses is an `AND`.

use super::lex::{Tok, Token};
use crate::error::{QueryError, QueryErrorKind as Kind};

/// A field a leaf can be scoped to (`title:`, `region:`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QueryField {
    /// `title:`
    Title,
    /// `subtitle:`, `dek:`
    Subtitle,
    /// `body:`, `text:`
    Body,
    /// `author:`, `authors:`, `by:`
    Author,
    /// `caption:`, `captions:`
    Caption,
    /// `site:`
    Site,
    /// `kind:`, `type:`
    Kind,
    /// `date:`
    Date,
    /// `region:`
    Region,
    /// `country:`
    Country,
    /// `topic:`
    Topic,
    /// `page_type:`
    PageType,
    /// `lang:`, `language:`
    Lang,
}

impl QueryField {
    /// The field a name (any case) stands for.
    fn named(name: &str) -> Option<QueryField> {
        Some(match name.to_ascii_lowercase().as_str() {
            "title" => QueryField::Title,
            "subtitle" | "dek" => QueryField::Subtitle,
            "body" | "text" => QueryField::Body,
            "author" | "authors" | "by" => QueryField::Author,
            "caption" | "captions" => QueryField::Caption,
            "site" => QueryField::Site,
            "kind" | "type" => QueryField::Kind,
            "date" => QueryField::Date,
            "region" => QueryField::Region,
            "country" => QueryField::Country,
            "topic" => QueryField::Topic,
            "page_type" | "pagetype" => QueryField::PageType,
            "lang" | "language" => QueryField::Lang,
            _ => return None,
        })
    }
}

/// Where a leaf searches: the default fields, or one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Title, subtitle and body, with their boosts.
    Default,
    /// One field.
    Field(QueryField),
}

/// Whether a clause of an `AND` must or must not match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Clause {
    /// Written without an operator beside it (`a b`): it must match, unless a
    /// natural query relaxes to most of its words.
    Default,
    /// It must match: `+a`, or an operand of an explicit `AND`.
    Must,
    /// It must not match (`NOT`, `-`, `!`).
    MustNot,
}

/// A word or a phrase as typed, with its modifiers.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Text {
    /// The text (the words of a phrase, without quotes).
    pub text: String,
    /// A `"phrase"` rather than a word.
    pub phrase: bool,
    /// `word*`, `"phrase prefix"*`.
    pub prefix: bool,
    /// `word~N`: edit distance (words only).
    pub fuzzy: Option<u8>,
    /// `"phrase"~N`: word moves allowed (0 for words).
    pub slop: u32,
    /// `^B`.
    pub boost: Option<f32>,
}

/// A `[lo TO hi]` range as typed (`*` for an open end).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Range {
    /// Lower end.
    pub lo: String,
    /// Upper end.
    pub hi: String,
    /// `[`: the lower end is included.
    pub lo_incl: bool,
    /// `]`: the upper end is included.
    pub hi_incl: bool,
}

/// What a leaf holds.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Term {
    /// A word or phrase.
    Text(Text),
    /// A range.
    Range(Range),
}

/// A leaf of the tree: a term in a scope, and its column for errors.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Leaf {
    /// Where it searches.
    pub scope: Scope,
    /// What it searches for.
    pub term: Term,
    /// Column where its word, phrase or range starts.
    pub col: usize,
}

/// The query tree.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    /// Every `Must` clause matches and no `MustNot` one.
    And(Vec<(Clause, Node)>),
    /// Any of these.
    Or(Vec<Node>),
    /// A word, phrase or range.
    Leaf(Leaf),
    /// `( … )^B`.
    Boost(Box<Node>, f32),
}

/// Parses the tokens of a whole query.
pub(super) fn parse(tokens: Vec<Token>) -> Result<Node, QueryError> {
    if tokens.is_empty() {
        return Err(Kind::Empty.into());
    }
    let mut parser = Parser { tokens, pos: 0 };
    let node = parser.parse_or(Scope::Default)?;
    if let Some(t) = parser.tokens.get(parser.pos) {
        let what = if t.kind == Tok::RParen {
            Kind::UnmatchedParen
        } else {
            Kind::UnexpectedInput
        };
        return Err(QueryError::at(what, t.col));
    }
    Ok(node)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
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
        let mut clauses: Vec<(Clause, Node)> = Vec::new();
        loop {
            let mut after_and = false;
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
                    after_and = true;
                    if let Some(last) = clauses.last_mut().filter(|c| c.0 == Clause::Default) {
                        last.0 = Clause::Must;
                    }
                }
                _ => {}
            }
            let clause = match self.peek() {
                Some(Tok::Not) => {
                    self.pos += 1;
                    Clause::MustNot
                }
                Some(Tok::Must) => {
                    self.pos += 1;
                    Clause::Must
                }
                _ if after_and => Clause::Must,
                _ => Clause::Default,
            };
            if clause == Clause::MustNot && matches!(self.peek(), Some(Tok::Not)) {
                let col = self.tokens[self.pos].col;
                return Err(QueryError::at(Kind::DoubleNegation, col));
            }
            clauses.push((clause, self.parse_primary(scope)?));
        }
        if clauses.is_empty() {
            let col = self
                .tokens
                .get(self.pos)
                .map(|t| t.col)
                .unwrap_or_else(|| self.end_col());
            return Err(QueryError::at(Kind::ExpectedTerm, col));
        }
        if clauses.len() == 1 && clauses[0].0 == Clause::Default {
            return Ok(clauses.pop().unwrap().1);
        }
        Ok(Node::And(clauses))
    }

    fn parse_primary(&mut self, scope: Scope) -> Result<Node, QueryError> {
        let Some(token) = self.tokens.get(self.pos).cloned() else {
            let col = self.end_col();
            return Err(QueryError::at(Kind::ExpectedWordAfterOperator, col));
        };
        self.pos += 1;
        let col = token.col;
        match token.kind {
            Tok::LParen => {
                let inner = self.parse_or(scope)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(QueryError::at(Kind::UnclosedParen, col));
                }
                self.pos += 1;
                // a group's words are all required: it never relaxes
                let inner = match inner {
                    Node::And(clauses) => Node::And(
                        clauses
                            .into_iter()
                            .map(|(c, n)| match c {
                                Clause::Default => (Clause::Must, n),
                                c => (c, n),
                            })
                            .collect(),
                    ),
                    other => other,
                };
                if let Some(Tok::Boost(b)) = self.peek().cloned() {
                    self.pos += 1;
                    return Ok(Node::Boost(Box::new(inner), b));
                }
                Ok(inner)
            }
            Tok::Field(name) => {
                if scope != Scope::Default {
                    return Err(QueryError::at(Kind::NestedField(name), col));
                }
                let field = QueryField::named(&name)
                    .ok_or_else(|| QueryError::at(Kind::UnknownField(name), col))?;
                self.parse_primary(Scope::Field(field))
            }
            Tok::Word {
                text,
                prefix,
                fuzzy,
                boost,
            } => Ok(leaf(
                scope,
                col,
                Term::Text(Text::word(text, prefix, fuzzy, boost)),
            )),
            Tok::Phrase {
                text,
                slop,
                prefix,
                boost,
            } => Ok(leaf(
                scope,
                col,
                Term::Text(Text::phrase(text, slop, prefix, boost)),
            )),
            Tok::Range {
                lo,
                hi,
                lo_incl,
                hi_incl,
            } => {
                let range = Range {
                    lo,
                    hi,
                    lo_incl,
                    hi_incl,
                };
                Ok(leaf(scope, col, Term::Range(range)))
            }
            Tok::RParen => Err(QueryError::at(Kind::UnmatchedParen, col)),
            Tok::And | Tok::Or => Err(QueryError::at(Kind::OperatorWithoutWordBefore, col)),
            Tok::Not | Tok::Must => Err(QueryError::at(Kind::OperatorWithoutWordAfter, col)),
            Tok::Boost(_) => Err(QueryError::at(Kind::BoostWithoutGroup, col)),
        }
    }
}

fn leaf(scope: Scope, col: usize, term: Term) -> Node {
    Node::Leaf(Leaf { scope, term, col })
}

impl Text {
    fn word(text: String, prefix: bool, fuzzy: Option<u8>, boost: Option<f32>) -> Text {
        Text {
            text,
            phrase: false,
            prefix,
            fuzzy,
            slop: 0,
            boost,
        }
    }

    fn phrase(text: String, slop: u32, prefix: bool, boost: Option<f32>) -> Text {
        Text {
            text,
            phrase: true,
            prefix,
            fuzzy: None,
            slop,
            boost,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn tree(text: &str) -> Node {
        parse(lex(text).unwrap()).unwrap()
    }

    fn word(text: &str, col: usize) -> Node {
        leaf(
            Scope::Default,
            col,
            Term::Text(Text::word(text.into(), false, None, None)),
        )
    }

    #[test]
    fn and_binds_tighter_than_or_and_fields_scope_one_leaf() {
        assert_eq!(
            tree("a b OR -c"),
            Node::Or(vec![
                Node::And(vec![
                    (Clause::Default, word("a", 1)),
                    (Clause::Default, word("b", 3))
                ]),
                Node::And(vec![(Clause::MustNot, word("c", 9))]),
            ])
        );
        let Node::Leaf(l) = tree("Title:\"a b\"~2") else {
            panic!("a leaf")
        };
        assert_eq!(l.scope, Scope::Field(QueryField::Title));
        assert_eq!(l.col, 7);
        assert_eq!(
            l.term,
            Term::Text(Text::phrase("a b".into(), 2, false, None))
        );
    }

    #[test]
    fn explicit_and_and_plus_are_marked_must() {
        let Node::And(clauses) = tree("a AND b c +d") else {
            panic!("an AND")
        };
        let kinds: Vec<Clause> = clauses.iter().map(|c| c.0).collect();
        assert_eq!(
            kinds,
            [Clause::Must, Clause::Must, Clause::Default, Clause::Must]
        );
        assert_eq!(tree("+a"), Node::And(vec![(Clause::Must, word("a", 2))]));
        let Node::And(clauses) = tree("(a b) c") else {
            panic!("an AND")
        };
        assert_eq!(clauses[1].0, Clause::Default);
        assert_eq!(
            clauses[0].1,
            Node::And(vec![
                (Clause::Must, word("a", 2)),
                (Clause::Must, word("b", 4))
            ])
        );
    }

    #[test]
    fn parse_errors_give_a_column() {
        for (q, kind, col) in [
            ("(a", Kind::UnclosedParen, 1),
            ("a)", Kind::UnmatchedParen, 2),
            ("a OR", Kind::OrWithoutOperand, 3),
            ("a AND", Kind::AndWithoutOperand, 3),
            ("NOT -a", Kind::DoubleNegation, 5),
            ("color:red", Kind::UnknownField("color".into()), 1),
            ("title:(body:a)", Kind::NestedField("body".into()), 8),
        ] {
            let e = parse(lex(q).unwrap()).unwrap_err();
            assert_eq!((e.kind, e.column), (kind, Some(col)), "{q}");
        }
        assert_eq!(parse(Vec::new()).unwrap_err().kind, Kind::Empty);
    }
}
