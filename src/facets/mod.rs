//! Region, country and topic facets. A site's own labels (the `Analysis |
//! Africa` line, `article:section`, breadcrumbs, tags, URL segments like
//! `/world/africa/`) win when they map through the synonym tables; otherwise
//! regions and countries come from a gazetteer over the title, lead and body
//! (`region`), and topics from the keyword taxonomy (`topic`). All tables are
//! data ([`taxonomy`]): embedded defaults a user can extend or replace.
//!
//! ```
//! use polsearch::{facets::Classifier, Article};
//! let mut a = Article { title: "Wagner's grip on Mali".into(), body: "Bamako's junta…".into(), ..Default::default() };
//! let c = Classifier::default();
//! c.classify(&mut a);
//! assert_eq!(a.region, ["Africa"]);
//! assert_eq!(a.country, ["Africa/Mali"]);
//! assert_eq!(c.resolve_region("MENA").as_deref(), Some("Middle East"));
//! ```

mod matcher;
mod region;
pub mod taxonomy;
mod topic;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::error::Result;
use crate::extract::Article;
use region::{Gazetteer, Place};
use taxonomy::Taxonomy;
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

/// One weighted piece of an article's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field<'a> {
    text: &'a str,
    weight: f64,
    title: bool,
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
                region_labels,
                fallback_labels,
                topic_labels,
                country_names,
            }),
        })
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

    /// The weighted fields of an article: title, dek, lead paragraphs, rest of the body.
    fn fields<'a>(&self, article: &'a Article) -> Vec<Field<'a>> {
        let s = &self.inner.tax.settings;
        let mut fields = vec![Field {
            text: &article.title,
            weight: s.title_weight,
            title: true,
        }];
        if let Some(d) = &article.subtitle {
            fields.push(Field {
                text: d,
                weight: s.dek_weight,
                title: false,
            });
        }
        let mut rest = article.body.as_str();
        for _ in 0..s.lead_paragraphs {
            let trimmed = rest.trim_start();
            if trimmed.is_empty() {
                break;
            }
            let (para, tail) = trimmed.split_once("\n\n").unwrap_or((trimmed, ""));
            fields.push(Field {
                text: para,
                weight: s.lead_weight,
                title: false,
            });
            rest = tail;
        }
        if !rest.trim().is_empty() {
            fields.push(Field {
                text: rest,
                weight: s.body_weight,
                title: false,
            });
        }
        fields
    }

    /// Fills `article.region`, `article.country` and `article.topic` (replacing
    /// what was there).
    pub fn classify(&self, article: &mut Article) {
        let inner = &*self.inner;
        let s = &inner.tax.settings;
        let parts = Self::label_parts(article);
        let mut label_regions: Vec<usize> = Vec::new();
        let mut fallback: Vec<usize> = Vec::new();
        let mut label_topics: Vec<usize> = Vec::new();
        let mut label_countries: Vec<usize> = Vec::new();
        for p in &parts {
            let n = normalize_label(p);
            if let Some(&r) = inner.region_labels.get(&n) {
                push(&mut label_regions, r);
            } else if let Some(&r) = inner.fallback_labels.get(&n) {
                push(&mut fallback, r);
            } else if let Some(Place::Country(c)) = inner.gazetteer.lookup(p) {
                push(&mut label_countries, c);
            }
            for &t in inner.topic_labels.get(&n).into_iter().flatten() {
                push(&mut label_topics, t);
            }
        }

        let fields = self.fields(article);
        let mut ev = inner.gazetteer.evidence(&fields, inner.tax.regions.len());
        for &c in &label_countries {
            ev.country[c] += s.title_weight;
            ev.in_title[c] = true;
        }
        let allowed = (!label_regions.is_empty()).then_some(label_regions.as_slice());
        let mut choice = inner.gazetteer.choose(&ev, s, allowed);
        if choice.regions.is_empty() && !fallback.is_empty() {
            choice.regions = fallback;
        }
        let regions: Vec<String> = choice
            .regions
            .iter()
            .map(|&r| inner.tax.regions[r].name.clone())
            .collect();
        let countries: Vec<String> = choice
            .countries
            .iter()
            .map(|&(c, r)| self.country_info(c, Some(r)).path)
            .collect();

        let mut topic_fields = fields;
        let tags = article.labels.join(" ; ");
        topic_fields.push(Field {
            text: &tags,
            weight: s.dek_weight,
            title: false,
        });
        let scores = inner.topics.scores(&topic_fields);
        let words = article.title.split_whitespace().count()
            + article
                .subtitle
                .as_deref()
                .map_or(0, |d| d.split_whitespace().count())
            + article.body.split_whitespace().count();
        let topics = inner.topics.choose(&scores, words, s, &label_topics);
        drop(topic_fields);
        let mut regions = regions;
        if regions.is_empty() {
            for &t in &topics {
                if let Some(r) = &inner.tax.topics[t].region {
                    if !regions.contains(r) {
                        regions.push(r.clone());
                    }
                }
            }
        }
        article.region = regions;
        article.country = countries;
        article.topic = topics
            .iter()
            .map(|&t| inner.tax.topics[t].name.clone())
            .collect();
    }
}

fn push(list: &mut Vec<usize>, x: usize) {
    if !list.contains(&x) {
        list.push(x);
    }
}

#[cfg(test)]
mod tests;
