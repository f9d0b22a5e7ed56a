//! The candidates of one article: every region, country and topic it gives
//! evidence for, each with its feature vector ([`super::features`]).

use super::features::{
    self, per_100, ranks, share, PageInput, RegionTotals, PLACE_WEIGHTS, TOPIC_WEIGHTS,
};
use super::matcher::{Hit, Mentions};
use super::region::Evidence;
use super::{Classifier, Decision, Field, Part};
use crate::extract::Article;

/// One candidate region, country or topic and its features.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Index of the region, country or topic in the taxonomy.
    pub index: usize,
    /// Its name: a region or topic name, or a country's ISO code.
    pub name: String,
    /// Its features, in the order of the model's feature names.
    pub features: Vec<f32>,
}

/// The candidates of an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Candidates {
    /// Regions with evidence (text, labels, the site's country domain).
    pub regions: Vec<Candidate>,
    /// Countries with evidence.
    pub countries: Vec<Candidate>,
    /// Topics with evidence.
    pub topics: Vec<Candidate>,
}

/// What the site says about the article: label regions, fallback regions,
/// label topics, and the country of its domain.
pub(crate) struct SiteSignals {
    pub label_parts: usize,
    pub regions: Vec<usize>,
    pub fallback: Vec<usize>,
    pub topics: Vec<usize>,
    pub tld_country: Option<usize>,
}

/// Vanity country-code domains used by sites anywhere (`.io`, `.tv`, `.ai`…).
const GENERIC_TLDS: [&str; 20] = [
    "io", "co", "tv", "me", "ai", "ly", "fm", "gg", "to", "ws", "cc", "sh", "ac", "vc", "la", "so",
    "st", "nu", "tk", "ag",
];

/// The country-code top-level domain of a URL's host (`uk` for
/// `www.bbc.co.uk`), unless it is a generic or vanity one.
pub(crate) fn cc_tld(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let tld = host.rsplit('.').next()?.to_ascii_lowercase();
    (tld.len() == 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
        && !GENERIC_TLDS.contains(&tld.as_str()))
    .then_some(tld)
}

/// The gazetteer's and the topic keywords' hits in the parts of an article
/// that the rules' decision and the models' candidates both read (title,
/// dek, lead, body), each part matched once; the label texts, which the two
/// read differently (the rules the labels as a dek, the models the labels
/// and URL segments as labels), are matched apart ([`TextHits::with`]).
pub(crate) struct TextHits<'a> {
    /// The parts, labels left out.
    fields: Vec<Field<'a>>,
    /// The gazetteer's hits of each part.
    places: Vec<Vec<Hit>>,
    /// The topic keywords' hits of each part.
    topics: Vec<Vec<Hit>>,
}

impl<'a> TextHits<'a> {
    /// Matches the parts of `article` once.
    pub(crate) fn new(c: &Classifier, article: &'a Article) -> TextHits<'a> {
        let mut fields = c.fields(article, "");
        fields.retain(|f| f.part != Part::Labels);
        let inner = &*c.inner;
        TextHits {
            places: fields.iter().map(|f| inner.gazetteer.hits(f)).collect(),
            topics: fields.iter().map(|f| inner.topics.hits(f)).collect(),
            fields,
        }
    }

    /// The parts with their hits (`places` or `topics`), then `extra` (a
    /// label text and its hits) when given, in the order of
    /// `Classifier::fields`.
    pub(crate) fn with<'b>(
        &'b self,
        hits: &'b [Vec<Hit>],
        extra: Option<(Field<'b>, &'b [Hit])>,
    ) -> Vec<(Field<'b>, &'b [Hit])> {
        self.fields
            .iter()
            .zip(hits)
            .map(|(&f, h)| (f, h.as_slice()))
            .chain(extra)
            .collect()
    }

    /// The parts with the gazetteer's hits.
    pub(crate) fn places(&self) -> &[Vec<Hit>] {
        &self.places
    }

    /// The parts with the topic keywords' hits.
    pub(crate) fn topics(&self) -> &[Vec<Hit>] {
        &self.topics
    }
}

/// What the three candidate builders share.
struct Context<'a> {
    ev: &'a Evidence,
    totals: RegionTotals,
    topics: &'a [Mentions],
    site: &'a SiteSignals,
    page: Vec<f32>,
    words: usize,
    /// What the hand-weighted rules keep (a feature of each candidate).
    rules: Decision,
}

impl Classifier {
    /// The candidates of `article` and their features: what the facet models
    /// are trained on (by `polsearch-tools train-facets`) and applied to.
    pub fn candidates(&self, article: &Article) -> Candidates {
        self.candidates_and_rules(article).0
    }

    /// The candidates of `article` and the hand-weighted rules' decision
    /// (one of their features), the article's text matched once for both.
    pub(crate) fn candidates_and_rules(&self, article: &Article) -> (Candidates, Decision) {
        let inner = &*self.inner;
        let parts = Self::label_parts(article);
        let site = self.site_signals(article, &parts);
        let hits = TextHits::new(self, article);
        let rules = self.rules_decision(article, &hits);
        let labels = Self::label_text(article);
        let labels = Field {
            text: &labels,
            part: Part::Labels,
        };
        let (label_places, label_topics) =
            (inner.gazetteer.hits(&labels), inner.topics.hits(&labels));
        let ev = inner.gazetteer.evidence(
            &hits.with(hits.places(), Some((labels, &label_places))),
            inner.tax.regions.len(),
        );
        let topics = inner
            .topics
            .mentions(&hits.with(hits.topics(), Some((labels, &label_topics))));
        let g = &inner.gazetteer;
        let totals = RegionTotals::new(&ev, &g.country_region, &g.country_secondary, &g.background);
        let text: String = hits
            .fields
            .iter()
            .map(|f| f.text)
            .collect::<Vec<_>>()
            .join("\n");
        let words = text.split_whitespace().count();
        let place_hits: u32 = ev
            .country
            .iter()
            .chain(&ev.region_terms)
            .map(Mentions::text_hits)
            .sum();
        let all_regions: f64 = totals.region.iter().sum();
        let top_region = totals.region.iter().copied().fold(0.0, f64::max);
        let page = features::page(
            &inner.cues,
            &PageInput {
                title: &article.title,
                body: &article.body,
                text: &text,
                words,
                label_parts: site.label_parts,
                region_labels: site.regions.len(),
                place_hits,
                policy_hits: topics.iter().map(Mentions::text_hits).sum(),
                countries: ev.country.iter().filter(|m| m.text_hits() > 0).count(),
                top_region_share: share(top_region, all_regions),
            },
        );
        let cx = Context {
            ev: &ev,
            totals,
            topics: &topics,
            site: &site,
            page,
            words,
            rules,
        };
        let cands = Candidates {
            countries: self.country_candidates(&cx),
            regions: self.region_candidates(&cx),
            topics: self.topic_candidates(&cx),
        };
        (cands, cx.rules)
    }

    fn country_candidates(&self, cx: &Context<'_>) -> Vec<Candidate> {
        let g = &self.inner.gazetteer;
        let tax = &self.inner.tax;
        let total: f64 = cx.totals.country.iter().sum();
        let top = cx.totals.country.iter().copied().fold(0.0, f64::max);
        let rank = ranks(&cx.totals.country);
        let all_regions: f64 = cx.totals.region.iter().sum();
        let region_rank = ranks(&cx.totals.region);
        let mut out = Vec::new();
        for (c, m) in cx.ev.country.iter().enumerate() {
            let tld = cx.site.tld_country == Some(c);
            let by_rules = cx.rules.countries.iter().any(|&(k, _)| k == c);
            if m.hits.iter().all(|&h| h == 0) && !tld && !by_rules {
                continue;
            }
            let (r, sec) = (g.country_region[c], g.country_secondary[c]);
            let in_label =
                cx.site.regions.contains(&r) || sec.is_some_and(|s| cx.site.regions.contains(&s));
            let w = cx.totals.country[c];
            let mut f: Vec<f32> = features::parts(m).to_vec();
            f.extend([
                m.names as f32,
                m.first,
                share(w, total) as f32,
                share(w, top) as f32,
                rank[c] as f32,
                f32::from(u8::from(g.background[c])),
                f32::from(u8::from(tld)),
                f32::from(u8::from(in_label)),
                f32::from(u8::from(!cx.site.regions.is_empty() && !in_label)),
                share(cx.totals.region[r], all_regions) as f32,
                region_rank[r] as f32,
                f32::from(u8::from(by_rules)),
            ]);
            f.extend(&cx.page);
            out.push(Candidate {
                index: c,
                name: tax.countries[c].code.clone(),
                features: f,
            });
        }
        out
    }

    fn region_candidates(&self, cx: &Context<'_>) -> Vec<Candidate> {
        let g = &self.inner.gazetteer;
        let tax = &self.inner.tax;
        let t = &cx.totals;
        let total: f64 = t.region.iter().sum();
        let top = t.region.iter().copied().fold(0.0, f64::max);
        let rank = ranks(&t.region);
        let all_countries: f64 = t.country.iter().sum();
        let mut out = Vec::new();
        for (r, def) in tax.regions.iter().enumerate() {
            let terms = &cx.ev.region_terms[r];
            // title, dek + lead, body, labels: its words and its countries'
            let mut hits = [
                terms.hits[0],
                terms.hits[1] + terms.hits[2],
                terms.hits[3],
                terms.hits[4],
            ];
            let mut first = terms.first;
            let (mut countries, mut best, mut best_title) = (0u32, 0.0f64, 0u32);
            for (c, m) in cx.ev.country.iter().enumerate() {
                if g.country_region[c] != r || m.hits.iter().all(|&h| h == 0) {
                    continue;
                }
                hits[0] += m.hits[0];
                hits[1] += m.hits[1] + m.hits[2];
                hits[2] += m.hits[3];
                hits[3] += m.hits[4];
                first = first.min(m.first);
                countries += u32::from(m.text_hits() > 0);
                if t.country[c] > best {
                    best = t.country[c];
                    best_title = m.hits[0];
                }
            }
            let label = cx.site.regions.contains(&r);
            let fallback = cx.site.fallback.contains(&r);
            let tld = cx
                .site
                .tld_country
                .is_some_and(|c| g.country_region[c] == r);
            let implied: u32 = tax
                .topics
                .iter()
                .zip(cx.topics)
                .filter(|(d, _)| d.region.as_deref() == Some(def.name.as_str()))
                .map(|(_, m)| m.text_hits())
                .sum();
            let by_rules = cx.rules.regions.contains(&r);
            if !by_rules
                && t.region[r] <= 0.0
                && hits.iter().all(|&h| h == 0)
                && !label
                && !fallback
                && !tld
                && implied == 0
                && t.secondary[r] <= 0.0
            {
                continue;
            }
            let mut f: Vec<f32> = hits.iter().map(|&h| h as f32).collect();
            f.extend([
                terms.text_hits() as f32,
                countries as f32,
                first,
                share(t.region[r], total) as f32,
                share(t.region[r], top) as f32,
                rank[r] as f32,
                share(t.secondary[r], total) as f32,
                f32::from(u8::from(label)),
                f32::from(u8::from(fallback)),
                f32::from(u8::from(!cx.site.regions.is_empty() && !label)),
                share(best, all_countries) as f32,
                best_title as f32,
                share(t.background[r], t.region[r]) as f32,
                f32::from(u8::from(def.name == "Global")),
                f32::from(u8::from(tld)),
                per_100(implied as f64, cx.words) as f32,
                f32::from(u8::from(by_rules)),
            ]);
            f.extend(&cx.page);
            out.push(Candidate {
                index: r,
                name: def.name.clone(),
                features: f,
            });
        }
        out
    }

    fn topic_candidates(&self, cx: &Context<'_>) -> Vec<Candidate> {
        let tax = &self.inner.tax;
        let scores: Vec<f64> = cx
            .topics
            .iter()
            .map(|m| m.weighted(&TOPIC_WEIGHTS))
            .collect();
        let total: f64 = scores.iter().sum();
        let top = scores.iter().copied().fold(0.0, f64::max);
        let rank = ranks(&scores);
        let all_regions: f64 = cx.totals.region.iter().sum();
        let mut out = Vec::new();
        for (i, (def, m)) in tax.topics.iter().zip(cx.topics).enumerate() {
            let label = cx.site.topics.contains(&i);
            let by_rules = cx.rules.topics.contains(&i);
            if scores[i] <= 0.0 && !label && !by_rules {
                continue;
            }
            let region = def
                .region
                .as_ref()
                .and_then(|n| tax.regions.iter().position(|r| &r.name == n));
            let h = m.hits;
            let mut f = vec![
                h[0] as f32,
                (h[1] + h[2]) as f32,
                h[3] as f32,
                h[4] as f32,
                m.names as f32,
                m.first,
                per_100(m.weighted(&PLACE_WEIGHTS), cx.words) as f32,
                share(scores[i], total) as f32,
                share(scores[i], top) as f32,
                rank[i] as f32,
                f32::from(u8::from(label)),
                f32::from(u8::from(region.is_some())),
                region.map_or(0.0, |r| share(cx.totals.region[r], all_regions)) as f32,
                f32::from(u8::from(by_rules)),
            ];
            f.extend(&cx.page);
            out.push(Candidate {
                index: i,
                name: def.name.clone(),
                features: f,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_domains_but_not_vanity_ones() {
        assert_eq!(
            cc_tld("https://www.bbc.co.uk/news/x").as_deref(),
            Some("uk")
        );
        assert_eq!(
            cc_tld("https://namibian.com.na/a-story/").as_deref(),
            Some("na")
        );
        assert_eq!(cc_tld("https://www.cnn.com/x"), None);
        assert_eq!(cc_tld("https://example.io/x"), None);
        assert_eq!(cc_tld("http://user@site.de:8080/p").as_deref(), Some("de"));
        assert_eq!(cc_tld("not a url"), None);
    }
}
