//! Region, country and topic facets: what an article is *about*, not every
//! place or word it mentions. A gazetteer over the title, dek, lead, body and
//! the site's own labels (`region`), and the topic keywords (`topic`), give
//! evidence for candidate regions, countries and topics. Hand-set weights and
//! thresholds (the `rules` module, `"rules"`) or learned models ([`models`],
//! `"model"`) choose among them, places and topics apart (`place_method`,
//! `topic_method`, both defaulting to `method`); the models weigh each
//! candidate's evidence ([`features`]: where it is named, its share of all
//! such evidence, the site's labels, the country of the site's domain, and
//! signals that tell news from how-tos, reviews and product pages) into a
//! probability, and the candidates above the taxonomy's thresholds are kept.
//! All tables are data ([`taxonomy`]): embedded defaults a user can extend or
//! replace.
//!
//! ```
//! use polsearch::{facets::Classifier, Article};
//! let mut a = Article {
//!     title: "Wagner's grip on Mali".into(),
//!     body: "Russian mercenaries of the Wagner group guard the junta in Bamako, Mali's capital. \
//!            Malian officials said on Tuesday that the fighters would stay in Mali.".into(),
//!     ..Default::default()
//! };
//! let c = Classifier::default();
//! c.classify(&mut a);
//! // most probable first (on so short a text the one mention of Russians
//! // also makes Europe probable enough to be kept)
//! assert_eq!(a.region.first().map(String::as_str), Some("Africa"));
//! assert_eq!(a.country.first().map(String::as_str), Some("Africa/Mali"));
//! assert_eq!(c.resolve_region("MENA").as_deref(), Some("Middle East"));
//! ```

mod candidates;
pub mod features;
mod matcher;
pub mod models;
mod region;
mod rules;
pub mod taxonomy;
mod topic;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::error::Result;
use crate::extract::Article;
use candidates::SiteSignals;
pub use candidates::{Candidate, Candidates};
use features::Cues;
use models::FacetModels;
use region::{Gazetteer, Place};
use taxonomy::{Method, Settings, Taxonomy};
pub use topic::TopicEvidence;
use topic::TopicMatcher;

/// The seven world regions of the default taxonomy, in display order.
pub const REGIONS: [&str; 7] = [
    "Africa",
    "Asia-Pacific",
    "Europe",
    "Latin America",
    "Middle East",
    "North America",
    "Global",
];

/// The parts of an article that evidence is counted in, apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// The headline.
    Title = 0,
    /// The standfirst.
    Dek = 1,
    /// The first paragraphs of the body ([`LEAD_PARAGRAPHS`]).
    Lead = 2,
    /// The rest of the body.
    Body = 3,
    /// The site's labels, tags and URL path segments.
    Labels = 4,
}

/// How many body paragraphs form the lead.
const LEAD_PARAGRAPHS: usize = 2;

/// One part of an article's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'a> {
    text: &'a str,
    part: Part,
}

/// A country as listed by [`Classifier::countries`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryInfo {
    /// ISO 3166 alpha-2 code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// Primary region.
    pub region: String,
    /// Facet path `Region/Name`.
    pub path: String,
}

/// Assigns regions, countries and topics to articles; built once from the
/// embedded taxonomy (or a user's file) and shared by all indexing threads
/// (cloning is cheap).
#[derive(Debug, Clone)]
pub struct Classifier {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    tax: Taxonomy,
    gazetteer: Gazetteer,
    topics: TopicMatcher,
    cues: Cues,
    models: Arc<FacetModels>,
    /// `models` laid out for prediction (the same probabilities).
    flat: models::FlatModels,
    /// Normalised region label → region index.
    region_labels: HashMap<String, usize>,
    /// Normalised fallback label → region index.
    fallback_labels: HashMap<String, usize>,
    /// Normalised topic label → topic indexes.
    topic_labels: HashMap<String, Vec<usize>>,
    /// Normalised country name, alias or code → country index.
    country_names: HashMap<String, usize>,
}

impl Default for Classifier {
    fn default() -> Self {
        static DEFAULT: std::sync::LazyLock<Classifier> = std::sync::LazyLock::new(|| {
            Classifier::new(Taxonomy::default()).expect("embedded taxonomy compiles")
        });
        DEFAULT.clone()
    }
}

/// Normalises a label for table lookups: lower case, dots dropped, `&`, `and`,
/// `the` and punctuation removed (`Asia & the Pacific` = `asia-pacific`).
pub fn normalize_label(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .filter(|&c| c != '.')
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned
        .split_whitespace()
        .filter(|w| !matches!(*w, "and" | "the"))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Classifier {
    /// A classifier over `taxonomy`, compiled once: an [`crate::Error::Config`]
    /// when the taxonomy (built by hand) names a region it does not define.
    pub fn new(tax: Taxonomy) -> Result<Classifier> {
        Classifier::compile(tax, Path::new("<taxonomy>"))
    }

    /// The classifier of `tax`, read from `path` (named in errors).
    fn compile(tax: Taxonomy, path: &Path) -> Result<Classifier> {
        tax.validate(path)?;
        let too_large = |e: aho_corasick::BuildError| crate::Error::Config {
            path: path.to_path_buf(),
            reason: format!("too many phrases for one matcher: {e}"),
        };
        let gazetteer = Gazetteer::new(&tax).map_err(too_large)?;
        let topics = TopicMatcher::new(&tax).map_err(too_large)?;
        let cues = Cues::new().map_err(too_large)?;
        let models = FacetModels::embedded()?;
        let mut region_labels = HashMap::new();
        let mut fallback_labels = HashMap::new();
        for (i, r) in tax.regions.iter().enumerate() {
            region_labels.entry(normalize_label(&r.name)).or_insert(i);
            for l in &r.labels {
                region_labels.entry(normalize_label(l)).or_insert(i);
            }
            for l in &r.fallback_labels {
                fallback_labels.entry(normalize_label(l)).or_insert(i);
            }
        }
        let mut topic_labels: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, t) in tax.topics.iter().enumerate() {
            for l in std::iter::once(&t.name).chain(&t.labels) {
                let list = topic_labels.entry(normalize_label(l)).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let mut country_names = HashMap::new();
        for (i, c) in tax.countries.iter().enumerate() {
            for a in c.name.iter().chain(&c.aliases).chain(&c.ambiguous) {
                country_names.entry(normalize_label(a)).or_insert(i);
            }
        }
        for (i, c) in tax.countries.iter().enumerate() {
            country_names.entry(normalize_label(&c.code)).or_insert(i);
        }
        Ok(Classifier {
            inner: Arc::new(Inner {
                tax,
                gazetteer,
                topics,
                cues,
                flat: models::FlatModels::new(&models),
                models,
                region_labels,
                fallback_labels,
                topic_labels,
                country_names,
            }),
        })
    }

    /// The same classifier with other models (those `polsearch-tools
    /// train-facets` is evaluating); the taxonomy and tables are shared.
    pub fn with_models(&self, models: FacetModels) -> Classifier {
        let i = &*self.inner;
        Classifier {
            inner: Arc::new(Inner {
                tax: i.tax.clone(),
                gazetteer: i.gazetteer.clone(),
                topics: i.topics.clone(),
                cues: i.cues.clone(),
                flat: models::FlatModels::new(&models),
                models: Arc::new(models),
                region_labels: i.region_labels.clone(),
                fallback_labels: i.fallback_labels.clone(),
                topic_labels: i.topic_labels.clone(),
                country_names: i.country_names.clone(),
            }),
        }
    }

    /// The thresholds `s` gives, each defaulting to the one its model file
    /// records.
    pub fn thresholds(&self, s: &Settings) -> models::Thresholds {
        let m = self.inner.models.thresholds;
        models::Thresholds {
            region: s.region_threshold.unwrap_or(m.region),
            country: s.country_threshold.unwrap_or(m.country),
            topic: s.topic_threshold.unwrap_or(m.topic),
            topic_dominance: s.topic_dominance.unwrap_or(m.topic_dominance),
        }
    }

    /// The threshold of topic `t`: its own in `s.topic_thresholds`, else
    /// `s.topic_threshold`, else its own in the topic model file, else the
    /// topic model file's `threshold`.
    fn topic_threshold(&self, t: usize, s: &Settings, th: &models::Thresholds) -> f64 {
        let name = &self.inner.tax.topics[t].name;
        if let Some(&v) = s.topic_thresholds.get(name) {
            return v;
        }
        match s.topic_threshold {
            Some(v) => v,
            None => self
                .inner
                .models
                .topic_thresholds
                .get(name)
                .copied()
                .unwrap_or(th.topic),
        }
    }

    /// The models this classifier applies.
    pub fn models(&self) -> &FacetModels {
        &self.inner.models
    }

    /// The default taxonomy extended/replaced by the user's file at `path`.
    pub fn with_file(path: &Path) -> Result<Classifier> {
        Classifier::compile(Taxonomy::with_file(path)?, path)
    }

    /// The taxonomy this classifier was built from.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.inner.tax
    }

    /// Region names, in display order.
    pub fn regions(&self) -> Vec<&str> {
        self.inner
            .tax
            .regions
            .iter()
            .map(|r| r.name.as_str())
            .collect()
    }

    /// Topic names, in display order.
    pub fn topics(&self) -> Vec<&str> {
        self.inner
            .tax
            .topics
            .iter()
            .map(|t| t.name.as_str())
            .collect()
    }

    /// Every country with its code, region and facet path, sorted by name.
    pub fn countries(&self) -> Vec<CountryInfo> {
        let mut out: Vec<CountryInfo> = (0..self.inner.tax.countries.len())
            .map(|i| self.country_info(i, None))
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    fn country_info(&self, i: usize, under: Option<usize>) -> CountryInfo {
        let c = &self.inner.tax.countries[i];
        let region =
            &self.inner.tax.regions[under.unwrap_or(self.inner.gazetteer.country_region[i])].name;
        let name = c.name.clone().unwrap_or_default();
        CountryInfo {
            code: c.code.clone(),
            path: format!("{region}/{name}"),
            name,
            region: region.clone(),
        }
    }

    fn country_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        if let Some(&i) = self.inner.country_names.get(&normalize_label(name)) {
            return Some(i);
        }
        match self.inner.gazetteer.lookup(name) {
            Some(Place::Country(i)) => Some(i),
            _ => None,
        }
    }

    /// The `Region/Country` path of a country name, alias, demonym or ISO code
    /// (`Mali`, `Malian`, `ML` → `Africa/Mali`), if the gazetteer knows it.
    pub fn country_path(&self, name: &str) -> Option<String> {
        self.country_index(name)
            .map(|i| self.country_info(i, None).path)
    }

    /// Every facet path a country can be indexed under (primary region first;
    /// a country with a secondary region, like Mexico, has two).
    pub fn country_paths(&self, name: &str) -> Vec<String> {
        let Some(i) = self.country_index(name) else {
            return Vec::new();
        };
        let mut out = vec![self.country_info(i, None).path];
        if let Some(r) = self.inner.gazetteer.country_secondary[i] {
            out.push(self.country_info(i, Some(r)).path);
        }
        out
    }

    /// The ISO code of a country name or alias.
    pub fn country_code(&self, name: &str) -> Option<String> {
        self.country_index(name)
            .map(|i| self.inner.tax.countries[i].code.clone())
    }

    /// Resolves what a user typed for `--region`/`--country` into a facet path:
    /// a region or one of its synonyms (`latin america`, `MENA` → `Middle
    /// East`), a `Region/Country` path, or a country (`Mali` → `Africa/Mali`).
    pub fn resolve_region(&self, input: &str) -> Option<String> {
        let input = input.trim().trim_matches('/');
        if input.is_empty() {
            return None;
        }
        if let Some((r, c)) = input.split_once('/') {
            let region = self.resolve_region(r)?;
            let paths = self.country_paths(c);
            return paths
                .into_iter()
                .find(|p| p.starts_with(&format!("{region}/")));
        }
        if let Some(&i) = self.inner.region_labels.get(&normalize_label(input)) {
            return Some(self.inner.tax.regions[i].name.clone());
        }
        self.country_path(input)
    }

    /// The topic named by `input` or one of its labels, case-insensitively.
    pub fn resolve_topic(&self, input: &str) -> Option<String> {
        let list = self.inner.topic_labels.get(&normalize_label(input))?;
        Some(self.inner.tax.topics[*list.first()?].name.clone())
    }

    /// The label parts of an article: each label split on `|`, `/`, `>`, `;`,
    /// `,` and `»`, plus the URL's path segments (hyphens read as spaces).
    fn label_parts(article: &Article) -> Vec<String> {
        let mut parts: Vec<String> = Vec::new();
        for label in &article.labels {
            let label = label.trim();
            parts.push(label.to_string());
            if label.contains(['|', '/', '>', ';', ',', '»', '›']) {
                parts.extend(
                    label
                        .split(['|', '/', '>', ';', ',', '»', '›'])
                        .map(|p| p.trim().to_string()),
                );
            }
        }
        if let Some(url) = &article.url {
            let path = url.split_once("://").map_or(url.as_str(), |(_, rest)| {
                rest.split_once('/').map_or("", |(_, p)| p)
            });
            let path = path.split(['?', '#']).next().unwrap_or("");
            parts.extend(
                path.split('/')
                    .filter(|s| !s.is_empty() && s.len() < 40)
                    .map(|s| s.replace(['-', '_'], " ")),
            );
        }
        parts.retain(|p| !p.is_empty());
        parts
    }

    /// The text of an article's labels for the gazetteer and the topic
    /// keywords: each label once, then the URL's path segments (any length,
    /// hyphens read as spaces), separated by ` ; `.
    fn label_text(article: &Article) -> String {
        let mut out: Vec<String> = article
            .labels
            .iter()
            .map(|l| l.trim().to_string())
            .collect();
        if let Some(url) = &article.url {
            let path = url.split_once("://").map_or(url.as_str(), |(_, rest)| {
                rest.split_once('/').map_or("", |(_, p)| p)
            });
            let path = path.split(['?', '#']).next().unwrap_or("");
            out.extend(
                path.split('/')
                    .filter(|s| !s.is_empty())
                    .map(|s| s.replace(['-', '_'], " ")),
            );
        }
        out.retain(|p| !p.is_empty());
        out.join(" ; ")
    }

    /// The parts of an article: title, dek, lead paragraphs, rest of the
    /// body, and its labels and URL segments.
    fn fields<'a>(&self, article: &'a Article, labels: &'a str) -> Vec<Field<'a>> {
        let mut fields = vec![Field {
            text: &article.title,
            part: Part::Title,
        }];
        if let Some(d) = &article.subtitle {
            fields.push(Field {
                text: d,
                part: Part::Dek,
            });
        }
        let mut rest = article.body.as_str();
        for _ in 0..LEAD_PARAGRAPHS {
            let trimmed = rest.trim_start();
            if trimmed.is_empty() {
                break;
            }
            let (para, tail) = trimmed.split_once("\n\n").unwrap_or((trimmed, ""));
            fields.push(Field {
                text: para,
                part: Part::Lead,
            });
            rest = tail;
        }
        if !rest.trim().is_empty() {
            fields.push(Field {
                text: rest,
                part: Part::Body,
            });
        }
        fields.push(Field {
            text: labels,
            part: Part::Labels,
        });
        fields
    }

    /// What the site's labels and URL say: regions and topics their parts
    /// map to, and the country of the URL's country-code domain.
    fn site_signals(&self, article: &Article, parts: &[String]) -> SiteSignals {
        let inner = &*self.inner;
        let mut site = SiteSignals {
            label_parts: parts.len(),
            regions: Vec::new(),
            fallback: Vec::new(),
            topics: Vec::new(),
            tld_country: None,
        };
        for p in parts {
            let n = normalize_label(p);
            if let Some(&r) = inner.region_labels.get(&n) {
                push(&mut site.regions, r);
            } else if let Some(&r) = inner.fallback_labels.get(&n) {
                push(&mut site.fallback, r);
            }
            for &t in inner.topic_labels.get(&n).into_iter().flatten() {
                push(&mut site.topics, t);
            }
        }
        site.tld_country = article
            .url
            .as_deref()
            .and_then(candidates::cc_tld)
            .and_then(|tld| {
                let code = if tld == "uk" { "gb".to_string() } else { tld };
                inner
                    .tax
                    .countries
                    .iter()
                    .position(|c| c.code.eq_ignore_ascii_case(&code))
            });
        site
    }

    /// The probability of each candidate of `cands` under this classifier's
    /// models.
    pub fn score(&self, cands: &Candidates) -> Scored {
        let m = &self.inner.flat;
        let probs = |list: &[Candidate], model: &crate::model::FlatForest| {
            list.iter()
                .map(|c| (c.index, model.probability(&c.features)))
                .collect()
        };
        let labelled = |list: &[Candidate], names: &[&str], feature: &str| {
            let at = names.iter().position(|n| *n == feature);
            list.iter()
                .filter(|c| at.is_some_and(|i| c.features.get(i).is_some_and(|&v| v > 0.0)))
                .map(|c| c.index)
                .collect()
        };
        let global_subject = global_subject(&cands.regions);
        let regions = match global_subject {
            // the world is the subject: the venues and parties it names do
            // not add their regions unless their evidence is as strong
            Some(_) => {
                let names = features::names(&features::REGION_FEATURES);
                let ratio = names.iter().position(|n| *n == "ratio");
                let strong: Vec<Candidate> = cands
                    .regions
                    .iter()
                    .filter(|c| ratio.is_some_and(|i| c.features.get(i).is_some_and(|&v| v >= 1.0)))
                    .cloned()
                    .collect();
                probs(&strong, &m.region)
            }
            None => probs(&cands.regions, &m.region),
        };
        Scored {
            regions,
            global_subject,
            countries: probs(&cands.countries, &m.country),
            topics: probs(&cands.topics, &m.topic),
            label_regions: labelled(
                &cands.regions,
                &features::names(&features::REGION_FEATURES),
                "label",
            ),
            fallback_regions: labelled(
                &cands.regions,
                &features::names(&features::REGION_FEATURES),
                "fallback",
            ),
            label_topics: labelled(
                &cands.topics,
                &features::names(&features::TOPIC_FEATURES),
                "label",
            ),
        }
    }

    /// The facets kept from scored candidates under the thresholds of `s`:
    /// those whose probability reaches them, most probable first. A country
    /// is listed under its region when the article has it (primary region
    /// first, then secondary), else (an outside actor, as Russia in a story
    /// on Wagner in Mali) under the article's first region; an article with
    /// no region has no country.
    pub fn decide(&self, scored: &Scored, s: &Settings) -> Decision {
        let th = self.thresholds(s);
        let pick = |list: &[(usize, f32)], threshold: f64, max: usize| {
            let mut kept: Vec<(usize, f32)> = list
                .iter()
                .copied()
                .filter(|&(_, p)| f64::from(p) >= threshold)
                .collect();
            kept.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            kept.truncate(max);
            kept.into_iter().map(|(i, _)| i).collect::<Vec<usize>>()
        };
        // The site's own region labels, when they map, are the regions (as
        // under the rules); its topic labels come first.
        let regions = if !scored.label_regions.is_empty() {
            scored.label_regions.clone()
        } else {
            let mut r = pick(&scored.regions, th.region, usize::MAX);
            if let Some(g) = scored.global_subject.filter(|g| !r.contains(g)) {
                r.insert(0, g);
            }
            if r.is_empty() {
                r.clone_from(&scored.fallback_regions);
            }
            r
        };
        let g = &self.inner.gazetteer;
        let countries = pick(&scored.countries, th.country, s.max_countries)
            .into_iter()
            .filter_map(|c| {
                let primary = g.country_region[c];
                let under = if regions.contains(&primary) {
                    primary
                } else {
                    match g.country_secondary[c].filter(|r| regions.contains(r)) {
                        Some(r) => r,
                        None => *regions.first()?,
                    }
                };
                Some((c, under))
            })
            .collect();
        let mut topics = scored.label_topics.clone();
        topics.truncate(s.max_topics);
        // text topics: each at its threshold, and at least `topic_dominance`
        // of the most probable one's probability
        let best = scored.topics.iter().map(|&(_, p)| p).fold(0.0f32, f32::max);
        let mut text: Vec<(usize, f32)> = scored
            .topics
            .iter()
            .copied()
            .filter(|&(t, p)| {
                let p = f64::from(p);
                p >= self.topic_threshold(t, s, &th) && p >= th.topic_dominance * f64::from(best)
            })
            .collect();
        text.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        for (t, _) in text {
            if topics.len() < s.max_topics && !topics.contains(&t) {
                topics.push(t);
            }
        }
        Decision {
            topics,
            regions,
            countries,
        }
    }

    /// Fills `article.region`, `article.country` and `article.topic` (replacing
    /// what was there) by [`Classifier::decision`].
    pub fn classify(&self, article: &mut Article) {
        let d = self.decision(article);
        let tax = &self.inner.tax;
        article.country = d
            .countries
            .iter()
            .map(|&(c, r)| self.country_info(c, Some(r)).path)
            .collect();
        article.region = d
            .regions
            .iter()
            .map(|&r| tax.regions[r].name.clone())
            .collect();
        article.topic = d
            .topics
            .iter()
            .map(|&t| tax.topics[t].name.clone())
            .collect();
    }

    /// The facets of `article` by the taxonomy's methods: the hand-weighted
    /// rules (the `rules` module) or the learned models ([`Classifier::decide`]),
    /// one for regions and countries (`place_method`), one for topics
    /// (`topic_method`).
    pub fn decision(&self, article: &Article) -> Decision {
        let s = &self.inner.tax.settings;
        let by = |m: Method| match m {
            Method::Rules => self.decide_by_rules(article),
            Method::Model => self.decide(&self.score(&self.candidates(article)), s),
        };
        let (places, topics) = (s.place_method(), s.topic_method());
        if places == topics {
            return by(places);
        }
        // one is the rules': the models' candidates make their decision too
        let (cands, rules) = self.candidates_and_rules(article);
        let model = self.decide(&self.score(&cands), s);
        let (p, t) = match places {
            Method::Model => (model, rules),
            Method::Rules => (rules, model),
        };
        Decision {
            regions: p.regions,
            countries: p.countries,
            topics: t.topics,
        }
    }

    /// The facet names of a decision: regions, `Region/Country` paths, topics.
    pub fn names(&self, d: &Decision) -> (Vec<String>, Vec<String>, Vec<String>) {
        let tax = &self.inner.tax;
        (
            d.regions
                .iter()
                .map(|&r| tax.regions[r].name.clone())
                .collect(),
            d.countries
                .iter()
                .map(|&(c, r)| self.country_info(c, Some(r)).path)
                .collect(),
            d.topics
                .iter()
                .map(|&t| tax.topics[t].name.clone())
                .collect(),
        )
    }

    /// The ISO code of the country at `index` in the taxonomy.
    pub fn country_code_at(&self, index: usize) -> &str {
        &self.inner.tax.countries[index].code
    }
}

/// The probability of each candidate: `(taxonomy index, probability)`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scored {
    /// Regions.
    pub regions: Vec<(usize, f32)>,
    /// Countries.
    pub countries: Vec<(usize, f32)>,
    /// Topics.
    pub topics: Vec<(usize, f32)>,
    /// Regions the site's own labels name (they fix the regions).
    pub label_regions: Vec<usize>,
    /// Regions of the site's fallback labels (`World` → `Global`): the
    /// regions when no other is kept.
    pub fallback_regions: Vec<usize>,
    /// The `Global` region when the hand-weighted rules make the world the
    /// subject (its own terms, `United Nations`, `G20`…, outscore every other
    /// region): kept whatever its probability, since the labelled data hold
    /// too few world-level pages (5 of 180) for the model to learn it.
    pub global_subject: Option<usize>,
    /// Topics the site's own labels name (they come first).
    pub label_topics: Vec<usize>,
}

/// The facets kept for an article (taxonomy indexes), most probable first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    /// Regions.
    pub regions: Vec<usize>,
    /// `(country, region it is listed under)`.
    pub countries: Vec<(usize, usize)>,
    /// Topics.
    pub topics: Vec<usize>,
}

/// The `Global` candidate that the rules keep as the strongest region (the
/// region features `global`, `rules` and `rank` = 1), if any.
fn global_subject(regions: &[Candidate]) -> Option<usize> {
    let names = features::names(&features::REGION_FEATURES);
    let at = |n: &str| names.iter().position(|x| *x == n);
    let (g, r, k) = (at("global")?, at("rules")?, at("rank")?);
    regions
        .iter()
        .find(|c| c.features[g] > 0.0 && c.features[r] > 0.0 && c.features[k] == 1.0)
        .map(|c| c.index)
}

fn push(list: &mut Vec<usize>, x: usize) {
    if !list.contains(&x) {
        list.push(x);
    }
}

#[cfg(test)]
mod tests;
