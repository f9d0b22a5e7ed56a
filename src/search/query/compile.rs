//! The compiler: a query tree → a tantivy query, using the index's field
//! handles ([`Fields`]), its analyzers and facet dictionary, and its terms
//! (prefix and fuzzy words are expanded into the index's own terms). It also
//! collects the [`Matcher`]s that snippets highlight.

use std::collections::BTreeSet;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, DfaWrapper, DisjunctionMaxQuery, ExistsQuery,
    FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery, RegexQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::lex;
use super::parse::{self, Clause, Leaf, Node, QueryField, Range, Scope, Text};
use crate::analysis::Analyzer;
use crate::error::{QueryError, QueryErrorKind as Kind};
use crate::schema::{field, FacetKind, Fields, LangFields};
use crate::search::dates::{day_seconds, parse_period};
use crate::search::facet::FacetDict;
use crate::search::highlight::Matcher;
use crate::search::rank::{RankField, RankParams, WordsQuery};

/// Words so common that a query made only of them would match nearly everything.
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "he",
    "her", "his", "i", "in", "is", "it", "its", "not", "of", "on", "or", "she", "that", "the",
    "their", "they", "this", "to", "was", "we", "were", "will", "with", "you",
];

/// Shortest prefix accepted before `*`.
pub const MIN_PREFIX_CHARS: usize = 2;

/// Most index terms a prefix or fuzzy word is expanded into for BM25 scoring;
/// past that it is matched by an automaton with a constant score.
pub const MAX_EXPANSIONS: usize = 64;

/// A parsed and compiled query.
pub struct Compiled {
    /// The tantivy query (a natural query with every word required).
    pub query: Box<dyn Query>,
    /// The positive text terms, for snippets.
    pub matchers: Vec<Matcher>,
    /// For a natural query, its words, so that the search can relax it.
    pub words: Option<Words>,
    /// The query names a page type (`page_type:`), so it asks for pages of
    /// every type, listings and collections included.
    pub names_page_type: bool,
    /// Per analysis language of the index (code), the terms that highlight
    /// its pages' snippets (as that language's analyzer made them).
    pub lang_matchers: Vec<(&'static str, Vec<Matcher>)>,
}

/// A language the index holds pages in (besides English): its fields and the
/// analyzer they were indexed with, which the query's words go through too.
#[derive(Clone)]
pub struct LangSearch {
    /// The language's fields.
    pub fields: LangFields,
    /// The language's analyzer.
    pub analyzer: Analyzer,
}

/// The words of a natural query (written without operators beside them: not
/// `AND`, `+`, a phrase, a field scope, a prefix, fuzzy or boosted word), and
/// the rest of the query, which stays strict. Stop words are left out of the
/// words; they do not block a match.
pub struct Words {
    /// The words, ranked by BM25F with coverage and proximity.
    pub query: WordsQuery,
    /// The other clauses (`+`/`AND` operands, phrases, field scopes, `NOT`…).
    pub rest: Vec<(Occur, Box<dyn Query>)>,
}

impl Words {
    /// The query matching articles with at least `min` of the words (and the rest).
    pub fn with_min_match(&self, min: usize) -> Box<dyn Query> {
        let words: Box<dyn Query> = Box::new(self.query.with_min_match(min));
        if self.rest.is_empty() {
            return words;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            self.rest.iter().map(|(o, q)| (*o, q.box_clone())).collect();
        clauses.push((Occur::Must, words));
        Box::new(BooleanQuery::new(clauses))
    }
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
    pub searcher: &'a Searcher,
    /// How natural queries are ranked.
    pub rank: &'a RankParams,
    /// The languages of the index besides English, each searched in its own
    /// fields with its own analysis.
    pub langs: Vec<LangSearch>,
}

/// Parses and compiles `text`. Errors are one line naming the problem and its column.
pub fn compile(text: &str, ctx: &mut Context) -> Result<Compiled, QueryError> {
    compile_text(text, ctx).map_err(|e| e.in_query(text))
}

fn compile_text(text: &str, ctx: &mut Context) -> Result<Compiled, QueryError> {
    let node = parse::parse(lex::lex(text)?)?;
    let lang_matchers = vec![Vec::new(); ctx.langs.len()];
    let mut compiler = Compiler {
        fields: *ctx.fields,
        ctx,
        matchers: Vec::new(),
        lang_matchers,
        content: 0,
        stop_words: 0,
        names_page_type: false,
    };
    let (query, words) = match compiler.natural(&node)? {
        Some(words) => {
            let query = if words.query.is_empty() {
                combine(
                    words
                        .rest
                        .iter()
                        .map(|(o, q)| (*o, q.box_clone()))
                        .collect(),
                )
            } else {
                Some(words.with_min_match(words.query.len()))
            };
            (query, Some(words).filter(|w| !w.query.is_empty()))
        }
        None => (compiler.node(&node, false)?, None),
    };
    if compiler.content == 0 && compiler.stop_words > 0 {
        return Err(Kind::OnlyCommonWords(text.to_string()).into());
    }
    let Some(query) = query else {
        return Err(Kind::NothingToSearch(text.to_string()).into());
    };
    let lang_matchers = compiler
        .ctx
        .langs
        .iter()
        .map(|l| l.fields.code)
        .zip(compiler.lang_matchers)
        .collect();
    Ok(Compiled {
        query,
        matchers: compiler.matchers,
        words,
        names_page_type: compiler.names_page_type,
        lang_matchers,
    })
}

/// The clauses of a top-level node: an `AND`'s, or a single leaf's.
fn top_clauses(node: &Node) -> Option<Vec<(Clause, &Node)>> {
    match node {
        Node::And(clauses) => Some(clauses.iter().map(|(c, n)| (*c, n)).collect()),
        Node::Leaf(_) => Some(vec![(Clause::Default, node)]),
        _ => None,
    }
}

/// A clause that is a plain word of the default fields, written without an
/// operator beside it.
fn plain_word(clause: Clause, node: &Node) -> Option<&Text> {
    let Node::Leaf(leaf) = node else {
        return None;
    };
    match &leaf.term {
        parse::Term::Text(t)
            if clause == Clause::Default
                && leaf.scope == Scope::Default
                && !t.phrase
                && !t.prefix
                && t.fuzzy.is_none()
                && t.boost.is_none() =>
        {
            Some(t)
        }
        _ => None,
    }
}

/// Default text fields and their boosts.
pub fn default_fields(f: &Fields) -> [(Field, f32); 3] {
    [(f.title, 3.0), (f.subtitle, 1.5), (f.body, 1.0)]
}

/// The query for the pages in the language `name` (a code or a name, see
/// [`crate::search::lang::resolve`]) in the `lang` field.
pub fn lang_query(field: Field, name: &str) -> Result<Box<dyn Query>, QueryError> {
    let code = crate::search::lang::resolve(name).map_err(|suggestion| Kind::UnknownLang {
        name: name.trim().to_string(),
        suggestion,
    })?;
    Ok(Box::new(TermQuery::new(
        Term::from_field_text(field, code),
        IndexRecordOption::Basic,
    )))
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
        return Ok(Box::new(ExistsQuery::new(field::DATE.into(), false)));
    }
    Ok(Box::new(RangeQuery::new(lower, upper)))
}

/// What a scope searches in the index.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    /// The default text fields.
    Default,
    /// An analyzed text field.
    Text(Field),
    /// A keyword field (whole value, lowercased).
    Keyword(Field),
    /// The date field.
    Date,
    /// A facet.
    Facet(FacetKind),
    /// The page-type facet.
    PageType,
    /// The language field.
    Lang,
}

impl Target {
    fn of(f: &Fields, scope: Scope) -> Target {
        let Scope::Field(field) = scope else {
            return Target::Default;
        };
        match field {
            QueryField::Title => Target::Text(f.title),
            QueryField::Subtitle => Target::Text(f.subtitle),
            QueryField::Body => Target::Text(f.body),
            QueryField::Author => Target::Text(f.authors),
            QueryField::Caption => Target::Text(f.captions),
            QueryField::Site => Target::Keyword(f.site),
            QueryField::Kind => Target::Keyword(f.kind),
            QueryField::Date => Target::Date,
            QueryField::Region => Target::Facet(FacetKind::Region),
            QueryField::Country => Target::Facet(FacetKind::Country),
            QueryField::Topic => Target::Facet(FacetKind::Topic),
            QueryField::PageType => Target::PageType,
            QueryField::Lang => Target::Lang,
        }
    }
}

/// A word of a natural query: its term in the base (English) fields and in
/// each language's fields (in the order of [`Context::langs`]).
type WordTerms = (String, Vec<String>);

/// A compiled leaf or subtree; `None` when nothing is left after analysis.
type CResult = Result<Option<Box<dyn Query>>, QueryError>;

/// Per-field clauses of a text leaf and the matchers that highlight it.
type TextParts = (Vec<(Occur, Box<dyn Query>)>, Vec<Matcher>);

/// Compiles one tree, counting what its positive leaves mean.
struct Compiler<'c, 'a> {
    ctx: &'c mut Context<'a>,
    fields: Fields,
    /// The positive text terms, for snippets.
    matchers: Vec<Matcher>,
    /// The same per language of `ctx.langs`, in that language's analysis.
    lang_matchers: Vec<Vec<Matcher>>,
    /// Positive leaves that carry meaning.
    content: usize,
    /// Positive bare words that are stop words.
    stop_words: usize,
    /// A `page_type:` leaf was compiled.
    names_page_type: bool,
}

impl Compiler<'_, '_> {
    /// A natural query (one with plain words that are one term each): its
    /// words and its other clauses compiled; `None` for any other query.
    fn natural(&mut self, node: &Node) -> Result<Option<Words>, QueryError> {
        let Some(clauses) = top_clauses(node) else {
            return Ok(None);
        };
        // a plain word's tokens (a word such as "US-China" has several, a
        // Chinese run as many as its words), each with whether it is a stop
        // word, and its term in the base fields and in each language's
        let chinese = self.ctx.langs.iter().any(|l| l.analyzer.is_chinese());
        let split = |c: &mut Self, clause, n| -> Option<Vec<(bool, WordTerms)>> {
            let t = plain_word(clause, n)?;
            let mut out = Vec::new();
            for piece in crate::analysis::query_words(&t.text, chinese) {
                let langs: Vec<String> = c
                    .ctx
                    .langs
                    .iter_mut()
                    .map(|l| l.analyzer.query_term(piece).unwrap_or_default())
                    .collect();
                for (_, raw) in analyze(&mut c.ctx.normalizer, piece) {
                    let stop = STOP_WORDS.contains(&raw.as_str());
                    for (_, stem) in analyze(&mut c.ctx.analyzer, &raw) {
                        out.push((stop, (stem, langs.clone())));
                    }
                }
            }
            (!out.is_empty()).then_some(out)
        };
        if !clauses.iter().any(|(c, n)| split(self, *c, n).is_some()) {
            return Ok(None);
        }
        let mut tokens: Vec<WordTerms> = Vec::new();
        let mut rest = Vec::new();
        for (clause, item) in clauses {
            if let Some(parts) = split(self, clause, item) {
                if parts.iter().all(|(stop, _)| *stop) {
                    self.stop_words += 1;
                    continue;
                }
                self.content += 1;
                for (_, token) in parts.into_iter().filter(|(stop, _)| !stop) {
                    if !tokens.contains(&token) {
                        tokens.push(token);
                    }
                }
                continue;
            }
            let must_not = clause == Clause::MustNot;
            let compiled = match item {
                Node::Leaf(leaf) => self.leaf(leaf, must_not).map_err(|e| e.or_at(leaf.col))?,
                _ => self.node(item, must_not)?,
            };
            if let Some(q) = compiled {
                rest.push((
                    if must_not {
                        Occur::MustNot
                    } else {
                        Occur::Must
                    },
                    q,
                ));
            }
        }
        if tokens.is_empty() && !rest.is_empty() && rest.iter().all(|(o, _)| *o == Occur::MustNot) {
            rest.push((Occur::Must, Box::new(AllQuery)));
        }
        let rank = *self.ctx.rank;
        let mut fields = rank.fields(&self.fields);
        let base = fields.len();
        // each language's fields are a view of their own, normalised by the
        // base field of the same text (see `RankField`)
        for (i, l) in self.ctx.langs.iter().enumerate() {
            fields.push(RankField::in_view(l.fields.title, rank.title, i + 1, 0));
            fields.push(RankField::in_view(
                l.fields.subtitle,
                rank.subtitle,
                i + 1,
                1,
            ));
            fields.push(RankField::in_view(l.fields.body, rank.body, i + 1, 2));
        }
        for (en, langs) in &tokens {
            self.matchers.push(Matcher::Exact(en.clone()));
            for (m, t) in self.lang_matchers.iter_mut().zip(langs) {
                m.push(Matcher::Exact(t.clone()));
            }
        }
        let words = tokens
            .iter()
            .map(|(en, langs)| {
                fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let text = if i < base { en } else { &langs[(i - base) / 3] };
                        Term::from_field_text(f.field, text)
                    })
                    .collect()
            })
            .collect();
        Ok(Some(Words {
            query: WordsQuery::new(fields, words, *self.ctx.rank),
            rest,
        }))
    }

    fn node(&mut self, node: &Node, negated: bool) -> CResult {
        match node {
            Node::Boost(inner, b) => Ok(self.node(inner, negated)?.map(|q| boost(q, *b))),
            Node::Or(items) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for item in items {
                    if let Some(q) = self.node(item, negated)? {
                        subs.push((Occur::Should, q));
                    }
                }
                Ok(combine(subs))
            }
            Node::And(clauses) => {
                let mut subs: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (clause, item) in clauses {
                    let must_not = *clause == Clause::MustNot;
                    if let Some(q) = self.node(item, negated ^ must_not)? {
                        let occur = if must_not {
                            Occur::MustNot
                        } else {
                            Occur::Must
                        };
                        subs.push((occur, q));
                    }
                }
                if !subs.is_empty() && subs.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subs.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(combine(subs))
            }
            Node::Leaf(leaf) => self.leaf(leaf, negated).map_err(|e| e.or_at(leaf.col)),
        }
    }

    /// Counts a positive leaf that carries meaning.
    fn count(&mut self, negated: bool) {
        if !negated {
            self.content += 1;
        }
    }

    fn leaf(&mut self, leaf: &Leaf, negated: bool) -> CResult {
        let target = Target::of(&self.fields, leaf.scope);
        let text = match &leaf.term {
            parse::Term::Range(range) => return self.range(target, range, negated).map(Some),
            parse::Term::Text(text) => text,
        };
        if text.text == "*" && !text.phrase {
            if leaf.scope != Scope::Default {
                return Err(Kind::StarInField.into());
            }
            self.content += 1;
            return Ok(Some(Box::new(AllQuery)));
        }
        let q = match target {
            Target::Default => {
                let targets = default_fields(&self.fields);
                self.text_leaf(&targets, text, true, negated)?
            }
            Target::Text(field) => self.text_leaf(&[(field, 1.0)], text, false, negated)?,
            Target::Keyword(field) => self.keyword_leaf(field, text, negated)?,
            Target::Date => Some(self.date_leaf(text, negated)?),
            Target::Facet(kind) => self.facet_leaf(kind, text, negated)?,
            Target::PageType => Some(self.page_type_leaf(text, negated)?),
            Target::Lang => Some(self.lang_leaf(text, negated)?),
        };
        Ok(q.map(|q| boost(q, text.boost.unwrap_or(1.0))))
    }

    fn range(
        &mut self,
        target: Target,
        r: &Range,
        negated: bool,
    ) -> Result<Box<dyn Query>, QueryError> {
        if target != Target::Date {
            return Err(Kind::RangeOutsideDate.into());
        }
        self.count(negated);
        date_range(self.fields.date, &r.lo, &r.hi, r.lo_incl, r.hi_incl)
    }

    /// A word or phrase in text fields; a bare stop word in the default
    /// fields counts as such, not as content.
    fn text_leaf(
        &mut self,
        targets: &[(Field, f32)],
        text: &Text,
        default: bool,
        negated: bool,
    ) -> CResult {
        let is_stop = !text.phrase
            && !text.prefix
            && text.fuzzy.is_none()
            && STOP_WORDS.contains(&text.text.to_lowercase().as_str());
        let q = self.text_query(targets, text, negated)?;
        if !negated && q.is_some() {
            if is_stop && default {
                self.stop_words += 1;
            } else {
                self.content += 1;
            }
        }
        Ok(q)
    }

    /// A value of a keyword field (`site:`, `kind:`): whole, prefix or fuzzy.
    fn keyword_leaf(&mut self, field: Field, text: &Text, negated: bool) -> CResult {
        let value = text.text.trim().to_lowercase();
        if value.is_empty() {
            return Ok(None);
        }
        self.count(negated);
        let q: Box<dyn Query> = if text.prefix {
            let pattern = format!("{}.*", regex::escape(&value));
            Box::new(
                RegexQuery::from_pattern(&pattern, field)
                    .map_err(|e| Kind::Pattern(e.to_string()))?,
            )
        } else if let Some(d) = text.fuzzy {
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
        Ok(Some(q))
    }

    /// `date:2023-11`, `date:>=2024`…
    fn date_leaf(&mut self, text: &Text, negated: bool) -> Result<Box<dyn Query>, QueryError> {
        if text.prefix || text.fuzzy.is_some() {
            return Err(Kind::DateModifiers.into());
        }
        self.count(negated);
        let t = text.text.trim();
        let (op, rest) = ["<=", ">=", "<", ">"]
            .iter()
            .find_map(|op| t.strip_prefix(op).map(|r| (*op, r)))
            .unwrap_or(("", t));
        let date = self.fields.date;
        match op {
            ">=" => date_range(date, rest, "*", true, true),
            ">" => date_range(date, rest, "*", false, true),
            "<=" => date_range(date, "*", rest, true, true),
            "<" => date_range(date, "*", rest, true, false),
            _ => date_range(date, rest, rest, true, true),
        }
    }

    /// `page_type:listing`: the pages of one type.
    fn page_type_leaf(&mut self, text: &Text, negated: bool) -> Result<Box<dyn Query>, QueryError> {
        let name = text.text.trim();
        let t = crate::PageType::parse(name)
            .filter(|_| !text.prefix && text.fuzzy.is_none())
            .ok_or_else(|| Kind::UnknownPageType(name.to_string()))?;
        self.names_page_type = true;
        self.count(negated);
        Ok(Box::new(TermQuery::new(
            Term::from_facet(
                self.fields.page_type,
                &crate::schema::page_type_facet(t.name()),
            ),
            IndexRecordOption::Basic,
        )))
    }

    /// `lang:fr`, `lang:french`: the pages in one language.
    fn lang_leaf(&mut self, text: &Text, negated: bool) -> Result<Box<dyn Query>, QueryError> {
        let code = lang_query(self.fields.lang, &text.text)?;
        self.count(negated);
        Ok(code)
    }

    /// `region:…`, `country:…`, `topic:…`: any of the facets the name resolves to.
    fn facet_leaf(&mut self, kind: FacetKind, text: &Text, negated: bool) -> CResult {
        if text.prefix || text.fuzzy.is_some() {
            return Err(Kind::FacetModifiers(kind).into());
        }
        self.count(negated);
        let facets = self.ctx.facets.resolve(kind, &text.text)?;
        let field = if kind == FacetKind::Topic {
            self.fields.topic
        } else {
            self.fields.region
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
        Ok(combine(subs))
    }

    /// A word or phrase over `targets` (field, boost): plain, prefix or fuzzy.
    fn text_query(&mut self, targets: &[(Field, f32)], text: &Text, negated: bool) -> CResult {
        let analyzed = analyze(&mut self.ctx.analyzer, &text.text);
        if analyzed.is_empty() {
            return Ok(None);
        }
        let one_word = analyze(&mut self.ctx.normalizer, &text.text).len() == 1;
        if text.fuzzy.is_some() || (text.prefix && one_word) {
            return self.word_expansion(targets, text, negated);
        }
        let (mut per_field, matchers) = if text.prefix {
            self.prefix_query(targets, &text.text, &analyzed)?
        } else {
            plain_query(targets, text, analyzed)
        };
        if !negated {
            self.matchers.extend(matchers);
        }
        // each language's fields, the words analyzed as their pages were
        // (prefix and fuzzy words stay in the base fields, which hold every
        // page); each language is a view of the same text, and a page scores
        // by its best view (as `RankField`'s views), not by their sum
        let mut views: Vec<Box<dyn Query>> = Vec::new();
        if !text.prefix && text.fuzzy.is_none() {
            for i in 0..self.ctx.langs.len() {
                let lang = &mut self.ctx.langs[i];
                let mapped = map_targets(&lang.fields, &self.fields, targets);
                if mapped.is_empty() {
                    continue;
                }
                let analyzed = lang.analyzer.query_terms(&text.text);
                if analyzed.is_empty() {
                    continue;
                }
                let (fields, matchers) = plain_query(&mapped, text, analyzed);
                views.extend(combine(fields));
                if !negated {
                    self.lang_matchers[i].extend(matchers);
                }
            }
        }
        if views.is_empty() {
            return Ok(combine(per_field));
        }
        views.splice(0..0, combine(std::mem::take(&mut per_field)));
        Ok(Some(Box::new(DisjunctionMaxQuery::new(views))))
    }

    /// `refug*`, `refugeez~1`: one word that stands for the index's words
    /// starting with it, or within an edit distance of it. They are found
    /// among the unstemmed (folded) words of every page ([`field::WORDS`]), so
    /// that `refugeez~1` finds "refugees" whatever a stemmer made of it, in
    /// every language; each word found is then searched as if it had been
    /// typed: in the base fields by its English stem and in each language's
    /// fields by that language's analysis, a page scored by its best view. When
    /// more than [`MAX_EXPANSIONS`] words match, the words field is matched by
    /// the pattern or automaton itself.
    fn word_expansion(&mut self, targets: &[(Field, f32)], text: &Text, negated: bool) -> CResult {
        let normal = analyze(&mut self.ctx.normalizer, &text.text);
        let word = match normal.as_slice() {
            [] => return Ok(None),
            [(_, w)] => w.clone(),
            _ if text.fuzzy.is_some() => return Err(Kind::FuzzyPhrase(text.text.clone()).into()),
            _ => unreachable!("a prefix of several words is a phrase prefix"),
        };
        let words_field = self.fields.words;
        let (expanded, fallback): (_, Box<dyn Query>) = match text.fuzzy {
            None => {
                if word.chars().count() < MIN_PREFIX_CHARS {
                    return Err(Kind::PrefixTooShort {
                        prefix: word,
                        min: MIN_PREFIX_CHARS,
                    }
                    .into());
                }
                let prefixes = [word.clone()];
                let expanded = expand(
                    self.ctx.searcher,
                    words_field,
                    Expansion::Prefix(&prefixes, &[]),
                );
                let pattern = format!("{}.*", regex::escape(&word));
                let q = RegexQuery::from_pattern(&pattern, words_field)
                    .map_err(|e| Kind::Pattern(e.to_string()))?;
                (expanded, Box::new(q))
            }
            Some(d) => {
                let fuzzy = FuzzyTermQuery::new(Term::from_field_text(words_field, &word), d, true);
                let expanded = fuzzy
                    .automaton()
                    .ok()
                    .and_then(|dfa| expand(self.ctx.searcher, words_field, Expansion::Fuzzy(&dfa)));
                (expanded, Box::new(fuzzy))
            }
        };
        let Some(found) = expanded else {
            // too many words: the words field alone, and snippets match the word
            if !negated {
                let stem = analyze(&mut self.ctx.analyzer, &word).pop().map(|t| t.1);
                for w in std::iter::once(word.clone()).chain(stem) {
                    self.matchers.push(match text.fuzzy {
                        Some(d) => Matcher::Fuzzy(w, d),
                        None => Matcher::Prefix(w),
                    });
                }
            }
            return Ok(Some(fallback));
        };
        // the base view: the words' English stems
        let mut stems = BTreeSet::new();
        for w in &found {
            stems.extend(analyze(&mut self.ctx.analyzer, w).into_iter().map(|t| t.1));
        }
        let mut views: Vec<Box<dyn Query>> = Vec::new();
        let (view, matchers) = terms_view(targets, stems.into_iter().collect(), negated);
        views.extend(view);
        self.matchers.extend(matchers);
        // each language's view: the words as that language analyzes them
        for i in 0..self.ctx.langs.len() {
            let lang = &mut self.ctx.langs[i];
            let mapped = map_targets(&lang.fields, &self.fields, targets);
            if mapped.is_empty() {
                continue;
            }
            let terms: BTreeSet<String> = found
                .iter()
                .filter_map(|w| lang.analyzer.query_term(w))
                .collect();
            let (view, matchers) = terms_view(&mapped, terms.into_iter().collect(), negated);
            views.extend(view);
            self.lang_matchers[i].extend(matchers);
        }
        Ok(Some(if views.len() == 1 {
            views.pop().expect("one view")
        } else {
            Box::new(DisjunctionMaxQuery::new(views))
        }))
    }

    /// `"junta in bam"*`, `U.S*`: a prefix after other words ends a phrase
    /// prefix in the base fields (the words before it as analyzed, the last
    /// one as typed, lowercased and folded).
    fn prefix_query(
        &mut self,
        targets: &[(Field, f32)],
        text: &str,
        analyzed: &[(usize, String)],
    ) -> Result<TextParts, QueryError> {
        let normal = analyze(&mut self.ctx.normalizer, text);
        let (last_pos, last) = normal.last().cloned().unwrap_or_default();
        if last.chars().count() < MIN_PREFIX_CHARS {
            return Err(Kind::PrefixTooShort {
                prefix: last,
                min: MIN_PREFIX_CHARS,
            }
            .into());
        }
        let heads: Vec<(usize, String)> = analyzed
            .iter()
            .filter(|(p, _)| *p < last_pos)
            .cloned()
            .collect();
        let mut per_field = Vec::new();
        for (field, b) in targets {
            let mut terms: Vec<(usize, Term)> = heads
                .iter()
                .map(|(p, t)| (*p, Term::from_field_text(*field, t)))
                .collect();
            terms.push((last_pos, Term::from_field_text(*field, &last)));
            let q: Box<dyn Query> = Box::new(PhrasePrefixQuery::new_with_offset(terms));
            per_field.push((Occur::Should, boost(q, *b)));
        }
        let mut matchers: Vec<Matcher> =
            heads.into_iter().map(|(_, t)| Matcher::Exact(t)).collect();
        matchers.push(Matcher::Prefix(last));
        Ok((per_field, matchers))
    }
}

/// The fields of one language that stand for `targets` (title, dek, body),
/// with the same boosts; the other base fields have none.
fn map_targets(lang: &LangFields, base: &Fields, targets: &[(Field, f32)]) -> Vec<(Field, f32)> {
    targets
        .iter()
        .filter_map(|(f, b)| {
            let mapped = if *f == base.title {
                lang.title
            } else if *f == base.subtitle {
                lang.subtitle
            } else if *f == base.body {
                lang.body
            } else {
                return None;
            };
            Some((mapped, *b))
        })
        .collect()
}

/// One view of an expanded word ([`Compiler::word_expansion`]): any of
/// `terms` in each of `targets` with its boost, and the snippet matchers of
/// the terms (none for a negated word).
fn terms_view(
    targets: &[(Field, f32)],
    terms: Vec<String>,
    negated: bool,
) -> (Option<Box<dyn Query>>, Vec<Matcher>) {
    let subs = targets
        .iter()
        .map(|(f, b)| (Occur::Should, boost(terms_query(*f, terms.clone()), *b)))
        .collect();
    let matchers = if negated {
        Vec::new()
    } else {
        terms.into_iter().map(Matcher::Exact).collect()
    };
    (combine(subs), matchers)
}

/// A word (one term) or a phrase (its terms in order, with the phrase's slop).
fn plain_query(targets: &[(Field, f32)], text: &Text, analyzed: Vec<(usize, String)>) -> TextParts {
    let mut per_field = Vec::new();
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
            let slop = if text.phrase { text.slop } else { 0 };
            Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
        };
        per_field.push((Occur::Should, boost(q, *b)));
    }
    let matchers = if analyzed.len() == 1 {
        analyzed
            .into_iter()
            .map(|(_, t)| Matcher::Exact(t))
            .collect()
    } else {
        let slop = if text.phrase { text.slop } else { 0 };
        vec![Matcher::Phrase(analyzed, slop)]
    };
    (per_field, matchers)
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

fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

enum Expansion<'q> {
    /// Terms starting with any of the prefixes, or equal to one of the whole terms.
    Prefix(&'q [String], &'q [String]),
    Fuzzy(&'q DfaWrapper),
}

/// The index terms of `field` that the expansion matches, over all segments;
/// `None` when there are more than [`MAX_EXPANSIONS`] (or on a read error).
fn expand(searcher: &Searcher, field: Field, expansion: Expansion) -> Option<Vec<String>> {
    let mut found = BTreeSet::new();
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
