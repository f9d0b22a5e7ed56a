//! Topics from the text: keyword phrases of each topic scored over the title,
//! dek and body (inflections allowed), kept when strong enough in absolute,
//! relative and per-word terms.

use super::matcher::{is_caps, CaseRule, Entry, PhraseSet};
use super::taxonomy::{Settings, Taxonomy};
use super::Field;

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

    /// Keyword score per topic over the weighted fields.
    pub(crate) fn scores(&self, fields: &[Field<'_>]) -> Vec<f64> {
        let mut score = vec![0.0; self.topics];
        for f in fields {
            for h in self.phrases.find(f.text, is_caps(f.text)) {
                for e in self.phrases.entries(h.pattern) {
                    score[e.target] += f.weight;
                }
            }
        }
        score
    }

    /// Topics to keep, strongest first: `fixed` ones (from site labels) first,
    /// then text topics passing the thresholds, up to `max_topics`.
    pub(crate) fn choose(
        &self,
        score: &[f64],
        words: usize,
        s: &Settings,
        fixed: &[usize],
    ) -> Vec<usize> {
        // Site tags first (the strongest in the text first), then text topics.
        let mut out: Vec<usize> = fixed.to_vec();
        out.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
        out.truncate(s.max_topics);
        let top = score.iter().cloned().fold(0.0, f64::max);
        let per_100 = (words.max(100) as f64) / 100.0;
        let mut cands: Vec<usize> = (0..score.len())
            .filter(|&t| {
                score[t] >= s.topic_min
                    && score[t] >= s.topic_relative * top
                    && score[t] / per_100 >= s.topic_density
            })
            .collect();
        cands.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
        for t in cands {
            if out.len() >= s.max_topics {
                break;
            }
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
    }
}
