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
    /// Each phrase's topic and whether it is one of the topic's `weak`
    /// keywords (an everyday word that needs co-evidence).
    phrases: PhraseSet<(usize, bool)>,
    topics: usize,
}

impl TopicMatcher {
    pub(crate) fn new(tax: &Taxonomy) -> Result<TopicMatcher, aho_corasick::BuildError> {
        let phrases = tax.topics.iter().enumerate().flat_map(|(i, t)| {
            // a keyword also listed as weak is weak (so a user's file can
            // mark an embedded keyword weak)
            let is_weak = |k: &String| t.weak.iter().any(|w| w.eq_ignore_ascii_case(k));
            let strong = t
                .keywords
                .iter()
                .filter(move |k| !is_weak(k))
                .map(|k| (k, false));
            strong
                .chain(t.weak.iter().map(|k| (k, true)))
                .map(move |(k, weak)| {
                    let case = CaseRule::of(k, false);
                    (
                        k.clone(),
                        Entry {
                            target: (i, weak),
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
        self.mentions_where(fields, |_| true)
    }

    /// [`TopicMatcher::mentions`] counting only the (topic, weak) entries
    /// `keep` accepts.
    fn mentions_where(
        &self,
        fields: &[(Field<'_>, &[Hit])],
        keep: impl Fn(&(usize, bool)) -> bool,
    ) -> Vec<Mentions> {
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
                for e in self
                    .phrases
                    .entries(h.pattern)
                    .iter()
                    .filter(|e| keep(&e.target))
                {
                    out[e.target.0].add(f.part, h.pattern, pos);
                }
            }
            if f.part != Part::Labels {
                offset += f.text.len();
            }
        }
        out
    }

    /// Which topics `fields` name with a keyword that is not weak, or, on a
    /// page that names some topic with a keyword that is not weak, with any
    /// keyword in the title (a title names the page's subject: a weak word
    /// there is not a passing mention on a policy page).
    fn corroborated(&self, fields: &[(Field<'_>, &[Hit])]) -> Vec<bool> {
        let mut strong = vec![false; self.topics];
        let mut titled = vec![false; self.topics];
        for (f, hits) in fields {
            for h in *hits {
                for e in self.phrases.entries(h.pattern) {
                    strong[e.target.0] |= !e.target.1;
                    titled[e.target.0] |= f.part == Part::Title;
                }
            }
        }
        let policy = strong.contains(&true);
        (strong.iter().zip(&titled))
            .map(|(&s, &t)| s || policy && t)
            .collect()
    }

    /// The rules' reading of [`TopicMatcher::mentions`]: a topic's weak
    /// keywords (everyday words such as `AI`, `software`, `energy`, `vote`)
    /// count only when one of its other keywords is also on the page (or,
    /// on a page with another topic's keyword, is in the title), so a how-to
    /// page about software or a solar-panel shop gets no topic from them
    /// while a story on a cyberattack still counts its `software`, and a
    /// defence story titled on military AI its `AI`.
    pub(crate) fn rule_mentions(&self, fields: &[(Field<'_>, &[Hit])]) -> Vec<Mentions> {
        let ok = self.corroborated(fields);
        self.mentions_where(fields, |&(t, weak)| !weak || ok[t])
    }
}

/// What the topic keywords found for one topic in an article, as the rules
/// read it (tags counted as a dek): for error analysis
/// (`polsearch-tools eval-facets --topic-evidence`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TopicEvidence {
    /// The topic's name.
    pub topic: String,
    /// The rules' weighted score.
    pub score: f64,
    /// Hits in the title, dek (tags included), lead, body.
    pub hits: [u32; 4],
    /// Each keyword that matched with its hits per part (same order).
    pub keywords: Vec<(String, [u32; 4])>,
}

impl super::Classifier {
    /// The evidence of every topic with at least one keyword hit in
    /// `article`, strongest first.
    pub fn topic_evidence(&self, article: &crate::extract::Article) -> Vec<TopicEvidence> {
        let inner = &*self.inner;
        let s = &inner.tax.settings;
        let w = [s.title_weight, s.dek_weight, s.lead_weight, s.body_weight];
        let hits = super::candidates::TextHits::new(self, article);
        let tags = article.labels.join(" ; ");
        let tags = Field {
            text: &tags,
            part: Part::Dek,
        };
        let tag_hits = inner.topics.hits(&tags);
        let mut out: Vec<TopicEvidence> = Vec::new();
        for (f, list) in hits.with(hits.topics(), Some((tags, &tag_hits))) {
            let part = (f.part as usize).min(3);
            for h in list {
                let word = &f.text[h.start..h.end];
                for e in inner.topics.phrases.entries(h.pattern) {
                    let name = &inner.tax.topics[e.target.0].name;
                    let i = match out.iter().position(|t| &t.topic == name) {
                        Some(i) => i,
                        None => {
                            out.push(TopicEvidence {
                                topic: name.clone(),
                                score: 0.0,
                                hits: [0; 4],
                                keywords: Vec::new(),
                            });
                            out.len() - 1
                        }
                    };
                    let t = &mut out[i];
                    t.hits[part] += 1;
                    t.score += w[part];
                    let key = word.to_lowercase();
                    match t.keywords.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, n)) => n[part] += 1,
                        None => {
                            let mut n = [0; 4];
                            n[part] = 1;
                            t.keywords.push((key, n));
                        }
                    }
                }
            }
        }
        for t in &mut out {
            t.keywords
                .sort_by_key(|k| std::cmp::Reverse(k.1.iter().sum::<u32>()));
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }
}
