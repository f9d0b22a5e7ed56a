//! The taxonomy data: regions (site-label synonyms and region words), countries
//! (gazetteer aliases under a region) and topics (keywords and site-tag
//! mappings), plus the scoring settings. The defaults are embedded
//! (`data/taxonomy.toml` + `data/countries.csv`); a user's TOML file of the same
//! shape extends them, or replaces them with `replace = true`.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The embedded default taxonomy (regions, topics, settings, country extras).
pub const DEFAULT_TAXONOMY: &str = include_str!("data/taxonomy.toml");
/// The embedded country table: `code,name,region,secondary,aliases` (aliases `|`-separated).
pub const DEFAULT_COUNTRIES: &str = include_str!("data/countries.csv");
/// Country, city and region names in other languages (CLDR, made by
/// `tools/places_i18n.py`): `kind`, `key`, `lang`, `names` (`|`-separated), tab-separated.
pub const DEFAULT_PLACES_I18N: &str = include_str!("data/places-i18n.tsv");

/// A fingerprint of the embedded tables the facet models' features depend
/// on: `taxonomy.toml` (its lines that are not comments or blank, settings
/// included, since the rules' decisions are features), `countries.csv`,
/// `places-i18n.tsv` and the feature names. `polsearch-tools train-facets`
/// records it in the model files; a unit test fails when the embedded
/// tables have changed since (the models must then be retrained).
pub fn tables_fingerprint() -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut add = |s: &str| {
        h.update(s.as_bytes());
        h.update(b"\n");
    };
    DEFAULT_TAXONOMY
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .for_each(&mut add);
    add("\x00countries.csv");
    DEFAULT_COUNTRIES.lines().for_each(&mut add);
    add("\x00places-i18n.tsv");
    DEFAULT_PLACES_I18N.lines().for_each(&mut add);
    add("\x00features");
    for kind in super::models::ModelKind::ALL {
        kind.feature_names().into_iter().for_each(&mut add);
    }
    format!("xxh3:{:016x}", h.digest())
}

/// How regions, countries and topics are chosen (`method` in `[settings]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    /// Hand-weighted hit scores and thresholds (the weights and minimums of
    /// [`Settings`]).
    #[default]
    Rules,
    /// The learned models of [`super::models`] and the `*_threshold`
    /// probabilities.
    Model,
}

/// Scoring settings (`[settings]`); see `data/taxonomy.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Which classifier chooses the facets: the default of
    /// [`Settings::place_method`] and [`Settings::topic_method`].
    #[serde(default)]
    pub method: Method,
    /// Which classifier chooses regions and countries (`place_method`;
    /// `method` when not given).
    #[serde(default, rename = "place_method")]
    pub place: Option<Method>,
    /// Which classifier chooses topics (`topic_method`; `method` when not
    /// given).
    #[serde(default, rename = "topic_method")]
    pub topic: Option<Method>,
    /// Weight of a hit in the title.
    pub title_weight: f64,
    /// Weight of a hit in the subtitle (dek).
    pub dek_weight: f64,
    /// Weight of a hit in the lead paragraphs.
    pub lead_weight: f64,
    /// Weight of a hit in the rest of the body.
    pub body_weight: f64,
    /// How many body paragraphs form the lead (read for compatibility; the
    /// lead is the first two paragraphs).
    pub lead_paragraphs: usize,
    /// Minimum score of a region.
    pub region_min: f64,
    /// Minimum score of a region relative to the top region.
    pub region_relative: f64,
    /// Minimum score of a country.
    pub country_min: f64,
    /// Minimum score of a country relative to the top country.
    pub country_relative: f64,
    /// Text-only regions at or above this count add `Global` (0: never).
    pub global_min_regions: usize,
    /// When the `Global` region's own terms outscore every other region, keep
    /// only `Global` (and regions scoring as much). Defaults to true.
    #[serde(default = "yes")]
    pub global_subject: bool,
    /// Share of all country evidence a background country (the US) needs.
    pub background_share: f64,
    /// Minimum score of a topic.
    pub topic_min: f64,
    /// Minimum score of a topic relative to the top topic.
    pub topic_relative: f64,
    /// Minimum topic score per 100 words of text.
    pub topic_density: f64,
    /// Probability a region needs (`method = "model"`); when not given, the
    /// threshold training chose, recorded in the region model file.
    #[serde(default)]
    pub region_threshold: Option<f64>,
    /// Probability a country needs (`method = "model"`); by default the
    /// country model file's.
    #[serde(default)]
    pub country_threshold: Option<f64>,
    /// Probability a topic needs (`method = "model"`); by default the topic
    /// model file's.
    #[serde(default)]
    pub topic_threshold: Option<f64>,
    /// Share of the most probable topic's probability a topic needs
    /// (`method = "model"`); by default the topic model file's.
    #[serde(default)]
    pub topic_dominance: Option<f64>,
    /// Thresholds of single topics by name (`topic_thresholds = { "Law &
    /// Courts" = 0.5 }`), over `topic_threshold` and the topic model file's.
    #[serde(default)]
    pub topic_thresholds: std::collections::BTreeMap<String, f64>,
    /// At most this many countries per article.
    pub max_countries: usize,
    /// At most this many topics per article.
    pub max_topics: usize,
}

fn yes() -> bool {
    true
}

impl Settings {
    /// The classifier of regions and countries.
    pub fn place_method(&self) -> Method {
        self.place.unwrap_or(self.method)
    }

    /// The classifier of topics.
    pub fn topic_method(&self) -> Method {
        self.topic.unwrap_or(self.method)
    }
}

/// One region of the taxonomy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionDef {
    /// Facet value, e.g. `Africa`.
    pub name: String,
    /// Site labels, sections and URL segments that give this region outright.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Region words counted as text evidence (`Sahel`, `Latin America`).
    #[serde(default)]
    pub terms: Vec<String>,
    /// Labels that give this region only when nothing else does (`World`).
    #[serde(default)]
    pub fallback_labels: Vec<String>,
}

/// One country: a row of `countries.csv`, or a `[[country]]` table that adds to one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryDef {
    /// ISO 3166 alpha-2 code (the key when extending).
    pub code: String,
    /// Display name, used in the facet path (`Africa/Mali`).
    pub name: Option<String>,
    /// Primary region.
    pub region: Option<String>,
    /// Secondary region (Mexico: North America), used when only it is on the page.
    pub secondary: Option<String>,
    /// Names, capitals, demonyms, cities, metonyms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases that also name people, US states or things: they need corroboration.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Mentioned nearly everywhere (the US): counts only when dominant or in the title.
    pub background: Option<bool>,
}

/// One topic of the taxonomy.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicDef {
    /// Facet value, e.g. `War & Conflict`.
    pub name: String,
    /// Phrases scored over title, dek and body.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Keywords that are also everyday words (`AI`, `software`, `energy`,
    /// `vote`): the rules count them only when the page also has one of
    /// the topic's other `keywords` (co-evidence). A word in both lists is
    /// weak, so a file extending the embedded taxonomy can mark an embedded
    /// keyword weak.
    #[serde(default)]
    pub weak: Vec<String>,
    /// Site tags and sections that give this topic outright.
    #[serde(default)]
    pub labels: Vec<String>,
    /// A region implied by the topic when neither labels nor text give one
    /// (`U.S. Politics & Congress` → `North America`).
    pub region: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    replace: bool,
    #[serde(default)]
    settings: toml::Table,
    #[serde(default)]
    region: Vec<RegionDef>,
    #[serde(default)]
    country: Vec<CountryDef>,
    #[serde(default)]
    topic: Vec<TopicDef>,
}

/// The merged taxonomy: what a [`crate::facets::Classifier`] is built from.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Scoring settings.
    pub settings: Settings,
    /// Regions in display order.
    pub regions: Vec<RegionDef>,
    /// Countries, each with a name and a region.
    pub countries: Vec<CountryDef>,
    /// Topics in display order.
    pub topics: Vec<TopicDef>,
}

impl Default for Taxonomy {
    fn default() -> Self {
        Taxonomy::embedded().expect("embedded taxonomy is valid").0
    }
}

fn config_err(path: &Path, reason: impl Into<String>) -> Error {
    Error::Config {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn parse_raw(text: &str, path: &Path) -> Result<RawFile> {
    toml::from_str(text).map_err(|e| Error::toml(path, text, &e))
}

/// Parses the `code,name,region,secondary,aliases` table.
fn parse_countries(text: &str, path: &Path) -> Result<Vec<CountryDef>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split(',').collect();
        if cols.len() != 5 {
            return Err(config_err(
                path,
                format!("line {}: expected 5 columns, found {}", n + 1, cols.len()),
            ));
        }
        let name = cols[1].to_string();
        let mut aliases: Vec<String> = cols[4]
            .split('|')
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if !aliases.contains(&name) {
            aliases.insert(0, name.clone());
        }
        out.push(CountryDef {
            code: cols[0].to_string(),
            name: Some(name),
            region: Some(cols[2].to_string()),
            secondary: (!cols[3].is_empty()).then(|| cols[3].to_string()),
            aliases,
            ambiguous: Vec::new(),
            background: None,
        });
    }
    Ok(out)
}

impl Taxonomy {
    /// Adds the names of a `places-i18n.tsv` table: a country row's names
    /// become aliases of that country, a region row's names labels and terms
    /// of that region, a `fallback` row's fallback labels, a `term` row's
    /// terms. A row for a country or region the taxonomy does not
    /// have is an error naming the line.
    fn add_translations(&mut self, text: &str, path: &Path) -> Result<()> {
        for (n, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [kind, key, _lang, names] = cols[..] else {
                return Err(config_err(
                    path,
                    format!("line {}: expected 4 columns, found {}", n + 1, cols.len()),
                ));
            };
            let names: Vec<String> = names
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let unknown = || config_err(path, format!("line {}: no {kind} '{key}'", n + 1));
            match kind {
                "country" => {
                    let c = self
                        .countries
                        .iter_mut()
                        .find(|c| c.code == key)
                        .ok_or_else(unknown)?;
                    push_unique(&mut c.aliases, names);
                }
                "region" | "fallback" | "term" => {
                    let r = self
                        .regions
                        .iter_mut()
                        .find(|r| r.name == key)
                        .ok_or_else(unknown)?;
                    match kind {
                        "region" => {
                            push_unique(&mut r.labels, names.clone());
                            push_unique(&mut r.terms, names);
                        }
                        "fallback" => push_unique(&mut r.fallback_labels, names),
                        _ => push_unique(&mut r.terms, names),
                    }
                }
                _ => {
                    return Err(config_err(
                        path,
                        format!("line {}: unknown kind '{kind}'", n + 1),
                    ))
                }
            }
        }
        Ok(())
    }
}

fn push_unique(list: &mut Vec<String>, items: Vec<String>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

impl Taxonomy {
    /// The embedded taxonomy, and its `[settings]` table (the defaults a
    /// user's settings are merged into).
    fn embedded() -> Result<(Taxonomy, toml::Table)> {
        let path = Path::new("<embedded taxonomy.toml>");
        let raw = parse_raw(DEFAULT_TAXONOMY, path)?;
        let defaults = raw.settings.clone();
        let mut tax = Taxonomy {
            settings: Settings::deserialize(toml::Value::Table(defaults.clone()))
                .map_err(|e| config_err(path, format!("[settings]: {}", e.message())))?,
            regions: Vec::new(),
            countries: parse_countries(DEFAULT_COUNTRIES, Path::new("<embedded countries.csv>"))?,
            topics: Vec::new(),
        };
        tax.merge(raw, defaults.clone(), path)?;
        tax.add_translations(DEFAULT_PLACES_I18N, Path::new("<embedded places-i18n.tsv>"))?;
        Ok((tax, defaults))
    }

    /// Parses a user taxonomy file's text (`path` is only used in errors) and
    /// merges it into the defaults, or replaces them when it says `replace = true`.
    pub fn parse(text: &str, path: &Path) -> Result<Taxonomy> {
        let raw = parse_raw(text, path)?;
        let (base, defaults) = Taxonomy::embedded()?;
        let mut tax = if raw.replace {
            Taxonomy {
                settings: base.settings,
                regions: Vec::new(),
                countries: Vec::new(),
                topics: Vec::new(),
            }
        } else {
            base
        };
        // The models were trained on the built-in gazetteer (countries with
        // their capitals, cities and demonyms): a file that replaces it has
        // its places chosen by the rules unless it asks for the models.
        let replaced = raw.replace
            && !["method", "place_method"]
                .iter()
                .any(|k| raw.settings.contains_key(*k));
        tax.merge(raw, defaults, path)?;
        if replaced {
            tax.settings.place = Some(Method::Rules);
        }
        Ok(tax)
    }

    /// Reads and merges the taxonomy file at `path`.
    pub fn with_file(path: &Path) -> Result<Taxonomy> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Taxonomy::parse(&text, path)
    }

    fn merge(&mut self, raw: RawFile, mut settings: toml::Table, path: &Path) -> Result<()> {
        if !raw.settings.is_empty() {
            // A file's `method` is the default of both per-facet methods: it
            // overrides the defaults' `place_method` / `topic_method` unless
            // the file gives them too.
            if raw.settings.contains_key("method") {
                for key in ["place_method", "topic_method"] {
                    if !raw.settings.contains_key(key) {
                        settings.remove(key);
                    }
                }
            }
            settings.extend(raw.settings);
            self.settings = Settings::deserialize(toml::Value::Table(settings))
                .map_err(|e| config_err(path, format!("[settings]: {}", e.message())))?;
        }
        for r in raw.region {
            if r.name.trim().is_empty() {
                return Err(config_err(path, "[[region]] without a name"));
            }
            match self.regions.iter_mut().find(|x| x.name == r.name) {
                Some(x) => {
                    push_unique(&mut x.labels, r.labels);
                    push_unique(&mut x.terms, r.terms);
                    push_unique(&mut x.fallback_labels, r.fallback_labels);
                }
                None => self.regions.push(r),
            }
        }
        for c in raw.country {
            match self
                .countries
                .iter_mut()
                .find(|x| x.code.eq_ignore_ascii_case(&c.code))
            {
                Some(x) => {
                    x.name = c.name.or(x.name.take());
                    x.region = c.region.or(x.region.take());
                    x.secondary = c.secondary.or(x.secondary.take());
                    x.background = c.background.or(x.background);
                    push_unique(&mut x.aliases, c.aliases);
                    push_unique(&mut x.ambiguous, c.ambiguous);
                }
                None => {
                    if c.name.is_none() || c.region.is_none() {
                        return Err(config_err(
                            path,
                            format!("new country `{}` needs a name and a region", c.code),
                        ));
                    }
                    self.countries.push(c);
                }
            }
        }
        for t in raw.topic {
            if t.name.trim().is_empty() {
                return Err(config_err(path, "[[topic]] without a name"));
            }
            match self.topics.iter_mut().find(|x| x.name == t.name) {
                Some(x) => {
                    push_unique(&mut x.keywords, t.keywords);
                    push_unique(&mut x.weak, t.weak);
                    push_unique(&mut x.labels, t.labels);
                    x.region = t.region.or(x.region.take());
                }
                None => self.topics.push(t),
            }
        }
        self.validate(path)
    }

    /// Checks that every region a topic or country names is defined, and
    /// that every country has a region.
    pub(crate) fn validate(&self, path: &Path) -> Result<()> {
        for t in &self.topics {
            if let Some(r) = &t.region {
                if !self.regions.iter().any(|x| &x.name == r) {
                    return Err(config_err(
                        path,
                        format!("topic `{}`: unknown region `{r}`", t.name),
                    ));
                }
            }
        }
        for c in &self.countries {
            if c.region.is_none() {
                return Err(config_err(
                    path,
                    format!("country `{}` has no region", c.code),
                ));
            }
            for r in [&c.region, &c.secondary].into_iter().flatten() {
                if !self.regions.iter().any(|x| &x.name == r) {
                    return Err(config_err(
                        path,
                        format!("country `{}`: unknown region `{r}`", c.code),
                    ));
                }
            }
        }
        Ok(())
    }
}
