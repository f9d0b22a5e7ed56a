//! The hand-weighted classifier (`method = "rules"` in `[settings]`, the
//! default for topics; its decisions are also a feature of the models):
//! gazetteer and keyword hits weighted by where they occur (title,
//! dek, lead, body), regions and countries kept when strong enough in absolute
//! terms and relative to the strongest, the site's own region labels fixing
//! the regions, topics kept when strong enough in absolute, relative and
//! per-word terms. The learned models ([`super::models`], `method = "model"`)
//! replace it when they are chosen.

use super::candidates::TextHits;
use super::matcher::Mentions;
use super::region::{Gazetteer, Place};
use super::taxonomy::Settings;
use super::{normalize_label, push, Classifier, Decision, Field, Part};
use crate::extract::Article;

/// The weight of a hit per [`Part`] (labels are counted apart).
fn part_weights(s: &Settings) -> [f64; 5] {
    [
        s.title_weight,
        s.dek_weight,
        s.lead_weight,
        s.body_weight,
        0.0,
    ]
}

/// Regions and countries from weighted gazetteer scores. `allowed`, when
/// given (the site's own region labels), fixes the regions; countries must
/// fit them.
fn choose_places(
    g: &Gazetteer,
    country: &[f64],
    in_title: &[bool],
    region_terms: &[f64],
    global: Option<usize>,
    s: &Settings,
    allowed: Option<&[usize]>,
) -> (Vec<usize>, Vec<(usize, usize)>) {
    let mut country = country.to_vec();
    let total: f64 = country.iter().sum();
    for (c, score) in country.iter_mut().enumerate() {
        if g.background[c] && !in_title[c] && *score < s.background_share * total {
            *score = 0.0;
        }
    }
    let mut region_score = region_terms.to_vec();
    for (c, score) in country.iter().enumerate() {
        region_score[g.country_region[c]] += score;
    }
    let regions: Vec<usize> = match allowed {
        Some(a) => a.to_vec(),
        None => {
            let top = region_score.iter().copied().fold(0.0, f64::max);
            let mut r: Vec<usize> = (0..region_score.len())
                .filter(|&r| {
                    region_score[r] >= s.region_min && region_score[r] >= s.region_relative * top
                })
                .collect();
            r.sort_by(|a, b| region_score[*b].total_cmp(&region_score[*a]));
            // Multilateral vocabulary outweighing every single region makes
            // the world the subject: venue or party countries do not add
            // their regions unless they weigh as much.
            if let Some(gl) = global.filter(|gl| s.global_subject && r.first() == Some(gl)) {
                let gs = region_score[gl];
                r.retain(|&x| region_score[x] >= gs);
            }
            if s.global_min_regions > 0 && r.len() >= s.global_min_regions {
                if let Some(gl) = global.filter(|gl| !r.contains(gl)) {
                    r.push(gl);
                }
            }
            r
        }
    };
    let top = country.iter().copied().fold(0.0, f64::max);
    let mut countries: Vec<(usize, usize)> = (0..country.len())
        .filter(|&c| {
            country[c] > 0.0
                && country[c] >= s.country_min
                && country[c] >= s.country_relative * top
        })
        .filter_map(|c| {
            let primary = g.country_region[c];
            if regions.contains(&primary) {
                Some((c, primary))
            } else {
                g.country_secondary[c]
                    .filter(|r| regions.contains(r))
                    .map(|r| (c, r))
            }
        })
        .collect();
    countries.sort_by(|a, b| country[b.0].total_cmp(&country[a.0]));
    countries.truncate(s.max_countries);
    (regions, countries)
}

/// Topics to keep, strongest first: `fixed` ones (from site labels) first,
/// then text topics passing the thresholds, up to `max_topics`.
fn choose_topics(score: &[f64], words: usize, s: &Settings, fixed: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = fixed.to_vec();
    out.sort_by(|a, b| score[*b].total_cmp(&score[*a]));
    out.truncate(s.max_topics);
    let top = score.iter().copied().fold(0.0, f64::max);
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

impl Classifier {
    /// The facets of `article` under the hand-weighted rules of the
    /// taxonomy's `[settings]` (see the module documentation).
    pub(crate) fn decide_by_rules(&self, article: &Article) -> Decision {
        self.rules_decision(article, &TextHits::new(self, article))
    }

    /// [`Classifier::decide_by_rules`] over the article's parts matched
    /// once (`hits`).
    pub(crate) fn rules_decision(&self, article: &Article, hits: &TextHits<'_>) -> Decision {
        let inner = &*self.inner;
        let s = &inner.tax.settings;
        let g = &inner.gazetteer;
        let parts = Self::label_parts(article);
        let (mut label_regions, mut fallback, mut label_topics, mut label_countries) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for p in &parts {
            let n = normalize_label(p);
            if let Some(&r) = inner.region_labels.get(&n) {
                push(&mut label_regions, r);
            } else if let Some(&r) = inner.fallback_labels.get(&n) {
                push(&mut fallback, r);
            } else if let Some(Place::Country(c)) = g.lookup(p) {
                push(&mut label_countries, c);
            }
            for &t in inner.topic_labels.get(&n).into_iter().flatten() {
                push(&mut label_topics, t);
            }
        }
        let ev = g.evidence(&hits.with(hits.places(), None), inner.tax.regions.len());
        let w = part_weights(s);
        let mut country: Vec<f64> = ev.country.iter().map(|m| m.weighted(&w)).collect();
        let mut in_title: Vec<bool> = ev.country.iter().map(|m| m.hits[0] > 0).collect();
        for &c in &label_countries {
            country[c] += s.title_weight;
            in_title[c] = true;
        }
        let region_terms: Vec<f64> = ev.region_terms.iter().map(|m| m.weighted(&w)).collect();
        let global = inner.tax.regions.iter().position(|r| r.name == "Global");
        let allowed = (!label_regions.is_empty()).then_some(label_regions.as_slice());
        let (mut regions, countries) =
            choose_places(g, &country, &in_title, &region_terms, global, s, allowed);
        if regions.is_empty() && !fallback.is_empty() {
            regions = fallback;
        }
        // Site tags count for topics as a dek would.
        let tags = article.labels.join(" ; ");
        let tags = Field {
            text: &tags,
            part: Part::Dek,
        };
        let tag_hits = inner.topics.hits(&tags);
        let scores: Vec<f64> = inner
            .topics
            .rule_mentions(&hits.with(hits.topics(), Some((tags, &tag_hits))))
            .iter()
            .map(|m: &Mentions| m.weighted(&w))
            .collect();
        let words = article.title.split_whitespace().count()
            + article
                .subtitle
                .as_deref()
                .map_or(0, |d| d.split_whitespace().count())
            + article.body.split_whitespace().count();
        let topics = choose_topics(&scores, words, s, &label_topics);
        if regions.is_empty() {
            for &t in &topics {
                let implied = inner.tax.topics[t]
                    .region
                    .as_ref()
                    .and_then(|n| inner.tax.regions.iter().position(|r| &r.name == n));
                if let Some(r) = implied {
                    push(&mut regions, r);
                }
            }
        }
        Decision {
            regions,
            countries,
            topics,
        }
    }
}
