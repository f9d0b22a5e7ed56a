//! Topic keywords: each topic's phrases found in an article's parts (whole
//! words, plural and verb endings allowed, acronyms as written). What it gives
//! is evidence per topic; which topics the article is about is for the topic
//! model of [`super::features`].

use super::matcher::{CaseRule, Entry, Hit, Mentions, PhraseSet};
use super::taxonomy::Taxonomy;
use super::{Field, Part};

/// The compiled topic keywords.
#[derive(Debug, Clone)]
pub(crate) struct TopicMatcher {
    phrases: PhraseSet<usize>,
    topics: usize,
}

impl TopicMatcher {
    pub(crate) fn new(tax: &Taxonomy) -> Result<TopicMatcher, aho_corasick::BuildError> {
        let phrases = tax.topics.iter().enumerate().flat_map(|(i, t)| {
            t.keywords.iter().map(move |k| {
                let case = CaseRule::of(k, false);
                (
                    k.clone(),
                    Entry {
                        target: i,
                        case,
                        inflect: case != CaseRule::Exact,
                        ambiguous: false,
                    },
                )
            })
        });
        Ok(TopicMatcher {
            phrases: PhraseSet::new(phrases)?,
            topics: tax.topics.len(),
        })
    }

    /// The accepted keyword hits in `field` ([`super::matcher::field_hits`]).
    pub(crate) fn hits(&self, field: &Field<'_>) -> Vec<Hit> {
        super::matcher::field_hits(&self.phrases, field)
    }

    /// Keyword mentions per topic over the parts of an article (each with
    /// its [`TopicMatcher::hits`]) (a phrase
    /// shared by two topics counts for both).
    pub(crate) fn mentions(&self, fields: &[(Field<'_>, &[Hit])]) -> Vec<Mentions> {
        let mut out = vec![Mentions::none(); self.topics];
        let total: usize = fields
            .iter()
            .filter(|(f, _)| f.part != Part::Labels)
            .map(|(f, _)| f.text.len())
            .sum::<usize>()
            .max(1);
        let mut offset = 0usize;
        for (f, hits) in fields {
            for h in *hits {
                let pos = (offset + h.start) as f32 / total as f32;
                for e in self.phrases.entries(h.pattern) {
                    out[e.target].add(f.part, h.pattern, pos);
                }
            }
            if f.part != Part::Labels {
                offset += f.text.len();
            }
        }
        out
    }
}
