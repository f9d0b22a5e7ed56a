//! Ranking of a natural query (words typed without operators): BM25F over the
//! text fields, a reward for matching more of the query's distinct words, and a
//! reward for query words near each other.
//!
//! [`WordsQuery`] is a tantivy [`Query`] over the query's words. It matches a
//! document holding at least `min_match` of them (in any text field), which lets
//! the search relax "every word" to "most words" when few articles have them
//! all, and scores it as
//!
//! ```text
//! score = (Σ_w idf(w) · tf~(w)·(k1+1) / (tf~(w) + k1)  +  proximity · P) · (matched / words)^coverage
//! tf~(w) = max_view Σ_{f in view} weight_f · tf(w, f) / (1 − b_f + b_f · len_f / avglen_f)
//! P      = Σ_{pairs w<v both matched} min(idf w, idf v) / d(w, v)   (d ≤ window)
//! ```
//!
//! where `d(w, v)` is the smallest distance between an occurrence of `w` and
//! one of `v` in the same field. Term frequencies of all fields are combined
//! before saturation (BM25F), so a word in a one-word title cannot outweigh an
//! article that has the other words too. The fields and their parameters are a
//! list ([`RankField`]): a new text field (another language's analysis, an
//! unstemmed field) joins by adding an entry and a term per word.

use serde::{Deserialize, Serialize};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25StatisticsProvider, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

use crate::schema::Fields;

/// Weight and length normalisation of one text field in BM25F.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FieldParams {
    /// How much one occurrence in this field counts, relative to the body.
    pub weight: f32,
    /// Length normalisation: 0 ignores the field's length, 1 divides by it.
    pub b: f32,
}

/// The parameters of the ranking and of relaxed matching. The defaults were
/// tuned on the tuning part of the relevance benchmark
/// (`polsearch-tools relevance --tune`, README "Relevance benchmark").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RankParams {
    /// BM25 term-frequency saturation.
    pub k1: f32,
    /// The headline.
    pub title: FieldParams,
    /// The dek.
    pub subtitle: FieldParams,
    /// The main text.
    pub body: FieldParams,
    /// Exponent of the share of the query's words an article has (0: no reward).
    pub coverage: f32,
    /// Weight of the proximity score (0: none).
    pub proximity: f32,
    /// Largest distance (in words) at which two query words count as near.
    pub window: u32,
    /// Relax "every word" while fewer articles than this have every word…
    pub relax_below: usize,
    /// …or than this share of the index's articles, when that is fewer (so a
    /// small index relaxes only when no article has every word).
    pub relax_share: f32,
}

impl Default for RankParams {
    /// Tuned on the tuning part of the relevance benchmark (README, "Relevance
    /// benchmark"); on it the ranking is flat near these values (MRR@10 within
    /// 0.01 for k1 2–3, title weight 2–3, coverage 0–1), so round values in
    /// the middle of that plateau were kept rather than the noisiest best.
    fn default() -> RankParams {
        RankParams {
            k1: 3.0,
            title: FieldParams {
                weight: 3.0,
                b: 0.5,
            },
            subtitle: FieldParams {
                weight: 1.5,
                b: 0.5,
            },
            body: FieldParams {
                weight: 1.0,
                b: 1.0,
            },
            coverage: 0.5,
            proximity: 0.5,
            window: 8,
            relax_below: 20,
            relax_share: 0.01,
        }
    }
}

impl RankParams {
    /// The number of articles with every word below which a natural query is
    /// relaxed, in an index of `docs` articles: `relax_share` of them, at
    /// least 1 and at most `relax_below`.
    pub fn relax_threshold(&self, docs: u64) -> usize {
        let share = (self.relax_share as f64 * docs as f64).ceil() as usize;
        share.clamp(1, self.relax_below.max(1))
    }

    /// The text fields a natural query searches, with their parameters.
    pub fn fields(&self, f: &Fields) -> Vec<RankField> {
        vec![
            RankField::new(f.title, self.title),
            RankField::new(f.subtitle, self.subtitle),
            RankField::new(f.body, self.body),
        ]
    }
}

/// One text field of BM25F.
///
/// Fields belong to *views* of the text: the base fields (view 0) and each
/// language's second analysis of the same title, dek and body (view 1, 2…,
/// see [`crate::analysis`]). A word's frequency is combined over the fields
/// of one view, and the best view counts: a page in French whose word
/// matches both its base and its French fields is scored once, as an English
/// page whose word matches its base fields. A language field is normalised
/// by the length of the base field holding the same text (`norm`), so the
/// two views of one page are weighed alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankField {
    /// The field.
    pub field: Field,
    /// Its weight and length normalisation.
    pub params: FieldParams,
    /// Its view (0: the base fields).
    pub view: usize,
    /// The index (in the query's field list) of the field whose length
    /// normalises this one: itself for a base field.
    pub norm: Option<usize>,
}

impl RankField {
    /// A base field with its parameters.
    pub fn new(field: Field, params: FieldParams) -> RankField {
        RankField {
            field,
            params,
            view: 0,
            norm: None,
        }
    }

    /// A field of view `view`, normalised by the length of the field at
    /// index `norm` of the query's field list.
    pub fn in_view(field: Field, params: FieldParams, view: usize, norm: usize) -> RankField {
        RankField {
            field,
            params,
            view,
            norm: Some(norm),
        }
    }
}

/// The words of a natural query, matched when at least `min_match` of them
/// occur, ranked as the module describes.
#[derive(Debug, Clone)]
pub struct WordsQuery {
    fields: Vec<RankField>,
    /// Per word, its term in each field (in the order of `fields`).
    words: Vec<Vec<Term>>,
    min_match: usize,
    params: RankParams,
}

impl WordsQuery {
    /// A query over `words` (one term per field each), every word required.
    pub fn new(fields: Vec<RankField>, words: Vec<Vec<Term>>, params: RankParams) -> WordsQuery {
        let min_match = words.len().max(1);
        WordsQuery {
            fields,
            words,
            min_match,
            params,
        }
    }

    /// The same query matching articles with at least `min` of the words.
    pub fn with_min_match(&self, min: usize) -> WordsQuery {
        WordsQuery {
            min_match: min.clamp(1, self.words.len().max(1)),
            ..self.clone()
        }
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Query for WordsQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let (idf, avg_len) = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => statistics(statistics_provider, &self.fields, &self.words)?,
            EnableScoring::Disabled { .. } => {
                (vec![0.0; self.words.len()], vec![1.0; self.fields.len()])
            }
        };
        Ok(Box::new(WordsWeight {
            query: self.clone(),
            idf,
            avg_len,
            scoring: scoring.is_scoring_enabled(),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for terms in &self.words {
            for t in terms {
                visitor(t, false);
            }
        }
    }
}

/// Per word its idf (its document frequency taken as the largest over the
/// fields), and per field its average length.
fn statistics(
    stats: &dyn Bm25StatisticsProvider,
    fields: &[RankField],
    words: &[Vec<Term>],
) -> tantivy::Result<(Vec<f32>, Vec<f32>)> {
    let docs = stats.total_num_docs()?.max(1);
    let mut idf = Vec::with_capacity(words.len());
    for terms in words {
        let mut df = 0;
        for t in terms {
            df = df.max(stats.doc_freq(t)?);
        }
        let df = df.min(docs);
        let x = ((docs - df) as f32 + 0.5) / (df as f32 + 0.5);
        idf.push((1.0 + x).ln());
    }
    let mut avg_len = Vec::with_capacity(fields.len());
    for f in fields {
        let tokens = stats.total_num_tokens(f.field)? as f32;
        avg_len.push((tokens / docs as f32).max(1.0));
    }
    Ok((idf, avg_len))
}

struct WordsWeight {
    query: WordsQuery,
    idf: Vec<f32>,
    avg_len: Vec<f32>,
    scoring: bool,
}

impl WordsWeight {
    fn words_scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<WordsScorer> {
        let q = &self.query;
        let positions = self.scoring && q.params.proximity > 0.0 && q.words.len() > 1;
        let mut postings = Vec::with_capacity(q.words.len());
        for terms in &q.words {
            let mut per_field = Vec::with_capacity(terms.len());
            for t in terms {
                let option = if positions {
                    IndexRecordOption::WithFreqsAndPositions
                } else {
                    IndexRecordOption::WithFreqs
                };
                per_field.push(reader.inverted_index(t.field())?.read_postings(t, option)?);
            }
            postings.push(per_field);
        }
        let mut norms = Vec::with_capacity(q.fields.len());
        for f in &q.fields {
            norms.push(if self.scoring {
                Some(reader.get_fieldnorms_reader(f.field)?)
            } else {
                None
            });
        }
        let mut scorer = WordsScorer {
            postings,
            norms,
            idf: self.idf.clone(),
            avg_len: self.avg_len.clone(),
            fields: q.fields.clone(),
            params: q.params,
            min_match: q.min_match,
            positions,
            boost,
            doc: 0,
            buf: vec![Vec::new(); q.fields.len() * q.words.len()],
            word_docs: Vec::with_capacity(q.words.len()),
        };
        scorer.settle();
        Ok(scorer)
    }
}

impl Weight for WordsWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.words_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.words_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "BM25F with coverage and proximity",
            scorer.score(),
        ))
    }
}

/// Walks every word's postings in every field, stopping on the documents
/// that hold at least `min_match` words (skipping ahead past the documents
/// that cannot, see [`WordsScorer::settle`]).
struct WordsScorer {
    /// `[word][field]`: the word's postings in the field, if the segment has it.
    postings: Vec<Vec<Option<SegmentPostings>>>,
    norms: Vec<Option<FieldNormReader>>,
    idf: Vec<f32>,
    avg_len: Vec<f32>,
    fields: Vec<RankField>,
    params: RankParams,
    min_match: usize,
    /// Whether the postings carry positions (proximity is scored).
    positions: bool,
    boost: Score,
    doc: DocId,
    /// Position buffers, `[word * fields + field]`.
    buf: Vec<Vec<u32>>,
    /// Scratch of [`WordsScorer::settle`]: each word's next document.
    word_docs: Vec<DocId>,
}

impl WordsScorer {
    fn has(&self, word: usize, doc: DocId) -> bool {
        self.postings[word].iter().flatten().any(|p| p.doc() == doc)
    }

    fn matched(&self, doc: DocId) -> usize {
        (0..self.postings.len())
            .filter(|&w| self.has(w, doc))
            .count()
    }

    /// Moves to the first document at or after the postings' current one
    /// that holds enough words.
    fn settle(&mut self) -> DocId {
        let k = self.min_match.max(1);
        loop {
            // each word's next document (the first of its fields'); a document
            // before the k-th smallest of them holds fewer than k words, so
            // the postings behind it skip ahead to it
            let mut docs = std::mem::take(&mut self.word_docs);
            docs.clear();
            docs.extend(self.postings.iter().map(|fields| {
                (fields.iter().flatten())
                    .map(|p| p.doc())
                    .min()
                    .unwrap_or(TERMINATED)
            }));
            docs.sort_unstable();
            let target = docs.get(k - 1).copied().unwrap_or(TERMINATED);
            self.word_docs = docs;
            if target == TERMINATED {
                self.doc = TERMINATED;
                return TERMINATED;
            }
            for p in self.postings.iter_mut().flatten().flatten() {
                if p.doc() < target {
                    p.seek(target);
                }
            }
            if self.matched(target) >= k {
                self.doc = target;
                return target;
            }
            self.step_past(target);
        }
    }

    fn step_past(&mut self, d: DocId) {
        for p in self.postings.iter_mut().flatten().flatten() {
            if p.doc() == d {
                p.advance();
            }
        }
    }

    /// The smallest distance between occurrences of words `a` and `b` in one
    /// field, from the position buffers.
    fn distance(&self, a: usize, b: usize) -> Option<u32> {
        let nf = self.fields.len();
        let mut best: Option<u32> = None;
        for f in 0..nf {
            let (pa, pb) = (&self.buf[a * nf + f], &self.buf[b * nf + f]);
            let (mut i, mut j) = (0, 0);
            while i < pa.len() && j < pb.len() {
                let d = pa[i].abs_diff(pb[j]);
                if d > 0 && best.is_none_or(|b| d < b) {
                    best = Some(d);
                }
                if pa[i] < pb[j] {
                    i += 1;
                } else {
                    j += 1;
                }
            }
        }
        best
    }
}

impl DocSet for WordsScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.step_past(self.doc);
        self.settle()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for p in self.postings.iter_mut().flatten().flatten() {
            if p.doc() < target {
                p.seek(target);
            }
        }
        self.settle()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.postings
            .iter()
            .flatten()
            .flatten()
            .map(|p| p.size_hint())
            .max()
            .unwrap_or(0)
    }
}

impl Scorer for WordsScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let p = self.params;
        let nf = self.fields.len();
        let mut lengths = Vec::with_capacity(nf);
        for f in 0..nf {
            let n = self.fields[f].norm.unwrap_or(f);
            let len = self.norms[n].as_ref().map_or(1, |r| r.fieldnorm(doc)) as f32;
            let b = self.fields[f].params.b;
            lengths.push(1.0 - b + b * len / self.avg_len[n]);
        }
        let views = self.fields.iter().map(|f| f.view).max().unwrap_or(0) + 1;
        let mut per_view = vec![0.0f32; views];
        let mut bm25 = 0.0;
        let mut matched = Vec::with_capacity(self.postings.len());
        for (w, per_field) in self.postings.iter_mut().enumerate() {
            per_view.iter_mut().for_each(|t| *t = 0.0);
            for (f, postings) in per_field.iter_mut().enumerate() {
                let buf = &mut self.buf[w * nf + f];
                buf.clear();
                let Some(postings) = postings.as_mut().filter(|ps| ps.doc() == doc) else {
                    continue;
                };
                per_view[self.fields[f].view] +=
                    self.fields[f].params.weight * postings.term_freq() as f32 / lengths[f];
                if self.positions {
                    postings.positions(buf);
                }
            }
            let tf = per_view.iter().copied().fold(0.0, f32::max);
            if tf > 0.0 {
                bm25 += self.idf[w] * tf * (p.k1 + 1.0) / (tf + p.k1);
                matched.push(w);
            }
        }
        let mut near = 0.0;
        if self.positions {
            for (i, &a) in matched.iter().enumerate() {
                for &b in &matched[i + 1..] {
                    if let Some(d) = self.distance(a, b).filter(|d| *d <= p.window) {
                        near += self.idf[a].min(self.idf[b]) / d as f32;
                    }
                }
            }
        }
        let share = matched.len() as f32 / self.postings.len().max(1) as f32;
        self.boost * (bm25 + p.proximity * near) * share.powf(p.coverage)
    }
}
