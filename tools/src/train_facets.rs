//! Training the facet models of `polsearch::facets::models` (region, country
//! and topic) on labelled data, with [`crate::gbdt`]. Each candidate region,
//! country or topic of an article ([`Classifier::candidates`], the same code
//! the classifier runs) is a row, labelled by what the data says about it:
//!
//! - facets-dev, **tuning part only** (pages whose domain the project split
//!   puts in tuning): every candidate is labelled by the page's hand labels;
//! - BBC folders, tuning part: a politics story is about the United Kingdom
//!   and Europe and never about the US or U.S. politics (other candidates are
//!   unknown and left out); a sport or entertainment story has no policy
//!   topic (its region candidates are left out);
//! - Reuters-21578 `TRAIN` stories (never `TEST`): regions and countries by
//!   `<PLACES>`, every `reuters_every`-th story.
//!
//! Thresholds are chosen on out-of-fold probabilities of the facets-dev
//! tuning pages (folds by domain), then the models are trained on all the
//! rows. The validation part is never read here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::Context;
use polsearch::extract::{Article, Rules};
use polsearch::facets::models::{FacetModels, ModelKind, Thresholds};
use polsearch::facets::taxonomy::{tables_fingerprint, Method, Settings};
use polsearch::facets::{Candidate, Candidates, Classifier, Decision, Scored};
use polsearch::model::Forest;
use serde::Serialize;

use crate::bbc::read_bbc;
use crate::facets::{read_reuters, story_article, Prf};
use crate::facets_dev::{extract_pages, read_labels, Confidence};
use crate::gbdt::{self, Dataset, Params};
use crate::places::PlaceMap;
use crate::split::Split;

/// Where an example comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// facets-dev, tuning part.
    Dev,
    /// The same pages without their labels and URL (as a text scrape): rows
    /// of the topic model only.
    DevBare,
    /// BBC folders, tuning part.
    Bbc,
    /// Reuters-21578 `TRAIN`.
    Reuters,
}

/// What the data says about an example.
#[derive(Debug, Clone)]
pub enum Gold {
    /// Hand labels: every candidate is labelled.
    Full {
        /// Regions.
        regions: BTreeSet<String>,
        /// Countries (ISO codes).
        countries: BTreeSet<String>,
        /// Topics.
        topics: BTreeSet<String>,
    },
    /// A BBC politics story: UK politics.
    UkPolitics,
    /// A BBC sport or entertainment story: no policy topic.
    NoTopic,
    /// Reuters places: regions and countries only.
    Places {
        /// Regions.
        regions: BTreeSet<String>,
        /// Countries (ISO codes).
        countries: BTreeSet<String>,
    },
}

impl Gold {
    /// The label of candidate `c` of model `kind`, or None when unknown.
    pub fn label(&self, kind: ModelKind, c: &Candidate) -> Option<bool> {
        let n = c.name.as_str();
        match (self, kind) {
            (Gold::Full { regions, .. }, ModelKind::Region) => Some(regions.contains(n)),
            (Gold::Full { countries, .. }, ModelKind::Country) => Some(countries.contains(n)),
            (Gold::Full { topics, .. }, ModelKind::Topic) => Some(topics.contains(n)),
            (Gold::UkPolitics, ModelKind::Region) => match n {
                "Europe" => Some(true),
                "North America" => Some(false),
                _ => None,
            },
            (Gold::UkPolitics, ModelKind::Country) => match n {
                "GB" => Some(true),
                "US" => Some(false),
                _ => None,
            },
            (Gold::UkPolitics, ModelKind::Topic) => {
                (n == "U.S. Politics & Congress").then_some(false)
            }
            (Gold::NoTopic, ModelKind::Topic) => Some(false),
            (Gold::NoTopic, _) => None,
            (Gold::Places { regions, .. }, ModelKind::Region) => Some(regions.contains(n)),
            (Gold::Places { countries, .. }, ModelKind::Country) => Some(countries.contains(n)),
            (Gold::Places { .. }, ModelKind::Topic) => None,
        }
    }
}

/// One labelled article, as candidates.
#[derive(Debug, Clone)]
pub struct Example {
    /// Its data set.
    pub source: Source,
    /// Its domain (facets-dev) or id.
    pub group: String,
    /// Its candidates.
    pub cands: Candidates,
    /// What the data says.
    pub gold: Gold,
    /// Weight of its rows before the source's weight.
    pub weight: f32,
    /// The hand-weighted rules' decision (nothing is trained on it: the
    /// baseline the models' out-of-fold decisions are compared with).
    pub rules: Decision,
}

/// `c` deciding every facet by the rules.
pub fn rules_classifier(c: &Classifier) -> anyhow::Result<Classifier> {
    let mut tax = c.taxonomy().clone();
    tax.settings.method = Method::Rules;
    tax.settings.place = None;
    tax.settings.topic = None;
    Ok(Classifier::new(tax)?)
}

/// The training options.
#[derive(Debug, Clone, Serialize)]
pub struct Options {
    /// Weight of a BBC story's rows (a facets-dev page's weigh 1).
    pub bbc_weight: f32,
    /// Weight of a Reuters story's rows.
    pub reuters_weight: f32,
    /// Use every n-th Reuters `TRAIN` story.
    pub reuters_every: usize,
    /// Weight of a BBC sport or entertainment story's rows (no topic), in
    /// place of `bbc_weight`.
    pub no_topic_weight: f32,
    /// Weight of a facets-dev page's copy without labels and URL (topic
    /// rows only).
    pub bare_weight: f32,
    /// Weight of a low-confidence facets-dev page (others weigh 1).
    pub low_confidence_weight: f32,
    /// Folds of the out-of-fold threshold choice.
    pub folds: usize,
    /// Boosting rounds.
    pub rounds: usize,
    /// Depth of a tree.
    pub max_depth: usize,
    /// Shrinkage.
    pub learning_rate: f32,
    /// Minimum hessian sum in a child.
    pub min_child_weight: f64,
    /// Page features the region and country models are trained not to read
    /// (held at 0 in their rows), e.g. [`PLACE_UNREAD`]; none by default.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub place_unread: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            bbc_weight: 1.0,
            reuters_weight: 0.03,
            reuters_every: 3,
            no_topic_weight: 1.0,
            bare_weight: 1.0,
            low_confidence_weight: 0.5,
            folds: 5,
            rounds: 150,
            max_depth: 3,
            learning_rate: 0.1,
            min_child_weight: 2.0,
            place_unread: Vec::new(),
        }
    }
}

impl Options {
    fn params(&self) -> Params {
        Params {
            rounds: self.rounds,
            max_depth: self.max_depth,
            learning_rate: self.learning_rate,
            min_child_weight: self.min_child_weight,
            ..Params::default()
        }
    }

    fn source_weight(&self, s: Source) -> f32 {
        match s {
            Source::Dev => 1.0,
            Source::DevBare => self.bare_weight,
            Source::Bbc => self.bbc_weight,
            Source::Reuters => self.reuters_weight,
        }
    }
}

/// Reads the training examples under `shared` (facets-dev tuning part, BBC
/// tuning part, Reuters `TRAIN`) as candidates of `c`.
pub fn load_examples(
    shared: &Path,
    c: &Classifier,
    rules: &Rules,
    o: &Options,
) -> anyhow::Result<Vec<Example>> {
    let mut out = Vec::new();
    let by_rules = rules_classifier(c)?;
    let pages: Vec<_> = read_labels(shared)?
        .into_iter()
        .filter(|p| p.split == Split::Tuning)
        .collect();
    let articles = extract_pages(&pages, rules)?;
    for (p, a) in pages.iter().zip(&articles) {
        let bare = Article {
            labels: Vec::new(),
            url: None,
            ..a.clone()
        };
        for (source, a) in [(Source::Dev, a), (Source::DevBare, &bare)] {
            if source == Source::DevBare && o.bare_weight <= 0.0 {
                continue;
            }
            out.push(Example {
                source,
                group: p.domain.clone(),
                cands: c.candidates(a),
                rules: by_rules.decision(a),
                gold: Gold::Full {
                    regions: p.regions.clone(),
                    countries: p.countries.clone(),
                    topics: p.topics.clone(),
                },
                weight: if p.confidence == Confidence::Low {
                    o.low_confidence_weight
                } else {
                    1.0
                },
            });
        }
    }
    for s in read_bbc(&shared.join("corpus/bulk/bbc"))? {
        let gold = match s.category.as_str() {
            _ if s.split != Split::Tuning => continue,
            "politics" => Gold::UkPolitics,
            "sport" | "entertainment" => Gold::NoTopic,
            _ => continue,
        };
        out.push(Example {
            source: Source::Bbc,
            group: s.id.clone(),
            cands: c.candidates(&s.article()),
            rules: by_rules.decision(&s.article()),
            gold,
            weight: 1.0,
        });
    }
    let reuters = shared.join("corpus/bulk/reuters21578");
    let places = PlaceMap::load(&shared.join("data/country-region-gazetteer.csv"))?;
    let train = read_reuters(&reuters)?
        .into_iter()
        .filter(|s| s.lewis_split == "TRAIN" && !s.body.is_empty() && !s.places.is_empty());
    for s in train.step_by(o.reuters_every.max(1)) {
        let (mut regions, mut countries) = (BTreeSet::new(), BTreeSet::new());
        for (code, region) in s.places.iter().filter_map(|p| places.get(p)) {
            countries.insert(code.clone());
            regions.insert(region.clone());
        }
        if countries.is_empty() {
            continue;
        }
        out.push(Example {
            source: Source::Reuters,
            group: s.id.clone(),
            cands: c.candidates(&story_article(&s, true)),
            rules: Decision::default(),
            gold: Gold::Places { regions, countries },
            weight: 1.0,
        });
    }
    Ok(out)
}

fn candidates(cands: &Candidates, kind: ModelKind) -> &[Candidate] {
    match kind {
        ModelKind::Region => &cands.regions,
        ModelKind::Country => &cands.countries,
        ModelKind::Topic => &cands.topics,
    }
}

/// Page features the place (region and country) models can be trained not
/// to read (`--place-unread`, off by default: measured in the README, not
/// better on every figure): the density of capitalised words moves with what a site prints
/// around the same story (its name in a credit line, a byline, a caption):
/// two copies of one story on two sites got different regions through it
/// (Europe 0.63 on one copy of a Ukraine story, 0.47 on its reprint, at a
/// threshold of 0.55). A column held constant in training is never split on,
/// so the forests ignore it at inference whatever its value.
pub const PLACE_UNREAD: [&str; 1] = ["page_proper_per_100"];

/// The columns of `kind`'s features its model is trained not to read.
fn unread(kind: ModelKind, o: &Options) -> Vec<usize> {
    let names = kind.feature_names();
    match kind {
        ModelKind::Region | ModelKind::Country => o
            .place_unread
            .iter()
            .filter_map(|u| names.iter().position(|n| n == u))
            .collect(),
        ModelKind::Topic => Vec::new(),
    }
}

/// Trains the model of `kind` on `examples`.
pub fn train_one(examples: &[&Example], kind: ModelKind, o: &Options) -> Forest {
    let (mut rows, mut labels, mut weights) = (Vec::new(), Vec::new(), Vec::new());
    let unread = unread(kind, o);
    for e in examples {
        if e.source == Source::DevBare && kind != ModelKind::Topic {
            continue;
        }
        for c in candidates(&e.cands, kind) {
            if let Some(y) = e.gold.label(kind, c) {
                let mut x = c.features.clone();
                for &k in &unread {
                    x[k] = 0.0;
                }
                rows.push(x);
                labels.push(usize::from(y));
                let w = match e.gold {
                    Gold::NoTopic => o.no_topic_weight,
                    _ => o.source_weight(e.source),
                };
                weights.push(e.weight * w);
            }
        }
    }
    let names = kind.feature_names();
    let data = Dataset {
        features: names.iter().map(|s| s.to_string()).collect(),
        classes: vec!["no".into(), "yes".into()],
        rows: &rows,
        labels: &labels,
        weights: &weights,
    };
    gbdt::train(&data, &o.params())
}

/// Trains the three models on `examples` (with thresholds `thresholds`,
/// recorded with them; the fingerprint is that of the embedded tables).
pub fn train_all(examples: &[&Example], o: &Options, thresholds: Thresholds) -> FacetModels {
    FacetModels {
        region: train_one(examples, ModelKind::Region, o),
        country: train_one(examples, ModelKind::Country, o),
        topic: train_one(examples, ModelKind::Topic, o),
        thresholds,
        topic_thresholds: BTreeMap::new(),
        fingerprint: tables_fingerprint(),
    }
}

pub use crate::split::fold_of;

/// Out-of-fold probabilities of every example: each fold's pages (folds by
/// domain; a BBC or Reuters story by its id) scored by models trained
/// without that fold's.
pub fn out_of_fold(examples: &[Example], c: &Classifier, o: &Options) -> Vec<(usize, Scored)> {
    let mut out = Vec::new();
    for f in 0..o.folds {
        let held = |e: &Example| fold_of(&e.group, o.folds) == f;
        let train: Vec<&Example> = examples.iter().filter(|e| !held(e)).collect();
        let models = train_all(&train, o, c.models().thresholds);
        let fold_c = c.with_models(models);
        for (i, e) in examples.iter().enumerate().filter(|(_, e)| held(e)) {
            out.push((i, fold_c.score(&e.cands)));
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out
}

/// Scores of facets-dev pages under one set of thresholds.
#[derive(Debug, Clone, Serialize)]
pub struct CvScores {
    /// The thresholds.
    pub region_threshold: f64,
    /// The thresholds.
    pub country_threshold: f64,
    /// The thresholds.
    pub topic_threshold: f64,
    /// Regions on pages about places.
    pub news_region: Prf,
    /// "No region" on pages about none.
    pub no_place: Prf,
    /// Countries.
    pub country: Prf,
    /// Topics.
    pub topic: Prf,
    /// Share of the BBC politics stories (tuning part, out of fold) given
    /// region Europe and country United Kingdom.
    pub bbc_politics: f64,
    /// Regions of the Reuters-21578 `TRAIN` stories trained on (out of fold).
    pub reuters_region: Prf,
    /// Countries of those stories (out of fold).
    pub reuters_country: Prf,
}

/// The scores of the out-of-fold probabilities under `s`.
pub fn cv_scores(
    examples: &[Example],
    oof: &[(usize, Scored)],
    c: &Classifier,
    s: &Settings,
) -> CvScores {
    cv_scores_by(examples, oof, c, s, (Method::Model, Method::Model))
}

/// The scores of the facets-dev tuning pages with places and topics each
/// decided by the rules or by the models' out-of-fold probabilities under `s`
/// (`methods` = (places, topics)).
pub fn cv_scores_by(
    examples: &[Example],
    oof: &[(usize, Scored)],
    c: &Classifier,
    s: &Settings,
    methods: (Method, Method),
) -> CvScores {
    let (mut news, mut none, mut country, mut topic) = (
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
    );
    let (mut bbc, mut bbc_uk) = (0usize, 0usize);
    let (mut reuters_region, mut reuters_country) = (Prf::default(), Prf::default());
    for (i, scored) in oof {
        if examples[*i].source == Source::DevBare {
            continue;
        }
        if let Gold::Places { regions, countries } = &examples[*i].gold {
            if methods.0 == Method::Model {
                let d = c.decide(scored, s);
                let (pr, _, _) = c.names(&d);
                let pc: BTreeSet<String> = country_codes(c, &d);
                reuters_region.add(&pr.into_iter().collect(), regions);
                reuters_country.add(&pc, countries);
            }
            continue;
        }
        if matches!(examples[*i].gold, Gold::UkPolitics) {
            let d = if methods.0 == Method::Model {
                c.decide(scored, s)
            } else {
                examples[*i].rules.clone()
            };
            let (pr, _, _) = c.names(&d);
            bbc += 1;
            bbc_uk += usize::from(
                pr.iter().any(|r| r == "Europe")
                    && d.countries
                        .iter()
                        .any(|&(k, _)| c.country_code_at(k) == "GB"),
            );
            continue;
        }
        let Gold::Full {
            regions,
            countries,
            topics,
        } = &examples[*i].gold
        else {
            continue;
        };
        let model = c.decide(scored, s);
        let rules = &examples[*i].rules;
        let pick = |m: Method| if m == Method::Model { &model } else { rules };
        let (p, t) = (pick(methods.0), pick(methods.1));
        let d = Decision {
            regions: p.regions.clone(),
            countries: p.countries.clone(),
            topics: t.topics.clone(),
        };
        let (pr, _, pt) = c.names(&d);
        let pr: BTreeSet<String> = pr.into_iter().collect();
        let pc: BTreeSet<String> = country_codes(c, &d);
        let pt: BTreeSet<String> = pt.into_iter().collect();
        if regions.is_empty() {
            none.add(
                &BTreeSet::from_iter(pr.is_empty().then_some(())),
                &BTreeSet::from([()]),
            );
        } else {
            news.add(&pr, regions);
            none.fp += usize::from(pr.is_empty());
        }
        country.add(&pc, countries);
        topic.add(&pt, topics);
    }
    let th = c.thresholds(s);
    CvScores {
        region_threshold: th.region,
        country_threshold: th.country,
        topic_threshold: th.topic,
        news_region: news.finish(),
        no_place: none.finish(),
        country: country.finish(),
        topic: topic.finish(),
        bbc_politics: bbc_uk as f64 / bbc.max(1) as f64,
        reuters_region: reuters_region.finish(),
        reuters_country: reuters_country.finish(),
    }
}

fn f1(p: &Prf) -> f64 {
    if p.precision + p.recall > 0.0 {
        2.0 * p.precision * p.recall / (p.precision + p.recall)
    } else {
        0.0
    }
}

/// The threshold grid: 0.05, 0.10 … 0.90.
fn grid() -> Vec<f64> {
    (1..=18).map(|k| k as f64 * 0.05).collect()
}

/// The shares of the best topic's probability tried as `topic_dominance`.
const DOMINANCE: [f64; 7] = [0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7];

/// A topic gets a threshold of its own when it is the gold topic of at least
/// this many facets-dev tuning pages…
pub const OWN_TOPIC_PAGES: usize = 10;
/// …and its own threshold raises the out-of-fold topic F1 by at least this.
pub const OWN_TOPIC_GAIN: f64 = 0.01;

/// How far below the best out-of-fold objective a higher threshold may be
/// and still be chosen: on 132 pages the objective is flat near its top
/// (one page moves an F1 by about 0.01), and of nearly equal thresholds the
/// higher is the safer (fewer facets invented on pages unlike the tuning
/// ones).
pub const TOLERANCE: f64 = 0.01;

/// The highest of `values` (ascending) whose objective is within
/// [`TOLERANCE`] of the best, and its objective.
fn argmax(values: &[f64], obj: impl Fn(f64) -> f64) -> (f64, f64) {
    let scored: Vec<(f64, f64)> = values.iter().map(|&v| (v, obj(v))).collect();
    let best = scored.iter().map(|p| p.1).fold(f64::MIN, f64::max);
    scored
        .into_iter()
        .rev()
        .find(|p| p.1 >= best - TOLERANCE - 1e-9)
        .unwrap_or((values[0], best))
}

/// The thresholds that maximise (the highest within [`TOLERANCE`] of the
/// best), on the out-of-fold probabilities:
/// - region: the mean F1 of regions on facets-dev news pages, of "no region"
///   on its other pages and of regions on the Reuters `TRAIN` stories;
/// - country: the mean country F1 of facets-dev and of Reuters;
/// - topics: the facets-dev topic F1, over the topic threshold and the
///   dominance share jointly; then, one topic at a time (name order), a
///   threshold of its own for a topic with at least [`OWN_TOPIC_PAGES`]
///   gold pages when it raises that F1 by [`OWN_TOPIC_GAIN`] or more.
pub fn choose_thresholds(
    examples: &[Example],
    oof: &[(usize, Scored)],
    c: &Classifier,
) -> (Settings, CvScores) {
    let mut s = c.taxonomy().settings.clone();
    // every threshold explicit, so nothing falls back to the embedded models'
    s.region_threshold = Some(0.5);
    s.country_threshold = Some(0.5);
    s.topic_threshold = Some(0.5);
    s.topic_dominance = Some(0.0);
    s.topic_thresholds.clear();
    let grid = grid();
    let score = |s: &Settings| cv_scores(examples, oof, c, s);
    let at = |s: &Settings, f: &dyn Fn(&mut Settings)| {
        let mut s2 = s.clone();
        f(&mut s2);
        score(&s2)
    };
    let (t, _) = argmax(&grid, |t| {
        let v = at(&s, &|s| s.region_threshold = Some(t));
        (f1(&v.news_region) + f1(&v.no_place) + f1(&v.reuters_region)) / 3.0
    });
    s.region_threshold = Some(t);
    let (t, _) = argmax(&grid, |t| {
        let v = at(&s, &|s| s.country_threshold = Some(t));
        (f1(&v.country) + f1(&v.reuters_country)) / 2.0
    });
    s.country_threshold = Some(t);
    // (threshold, dominance) pairs: the highest threshold within TOLERANCE
    // of the best F1, then the highest dominance
    let mut pairs = Vec::new();
    for &t in &grid {
        for d in DOMINANCE {
            let v = f1(&at(&s, &|s| {
                s.topic_threshold = Some(t);
                s.topic_dominance = Some(d);
            })
            .topic);
            pairs.push((t, d, v));
        }
    }
    let top = pairs.iter().map(|p| p.2).fold(f64::MIN, f64::max);
    let &(t, d, mut current) = pairs
        .iter()
        .rev()
        .find(|p| p.2 >= top - TOLERANCE - 1e-9)
        .unwrap_or(&pairs[0]);
    s.topic_threshold = Some(t);
    s.topic_dominance = Some(d);
    for name in topics_with_pages(examples, OWN_TOPIC_PAGES) {
        let (t, v) = argmax(&grid, |t| {
            f1(&at(&s, &|s| {
                s.topic_thresholds.insert(name.clone(), t);
            })
            .topic)
        });
        if v >= current + OWN_TOPIC_GAIN {
            s.topic_thresholds.insert(name, t);
            current = v;
        }
    }
    let scores = score(&s);
    (s, scores)
}

/// The topics that are the gold topic of at least `min` facets-dev pages
/// among `examples`, by name.
fn topics_with_pages(examples: &[Example], min: usize) -> Vec<String> {
    let mut n: BTreeMap<&str, usize> = BTreeMap::new();
    for e in examples.iter().filter(|e| e.source == Source::Dev) {
        if let Gold::Full { topics, .. } = &e.gold {
            for t in topics {
                *n.entry(t.as_str()).or_default() += 1;
            }
        }
    }
    n.into_iter()
        .filter(|&(_, k)| k >= min)
        .map(|(t, _)| t.to_string())
        .collect()
}

/// One facets-dev tuning page's out-of-fold result, for reading errors.
#[derive(Debug, Clone, Serialize)]
pub struct OofPage {
    /// The page's domain.
    pub domain: String,
    /// Gold and predicted regions, `gold -> predicted`.
    pub regions: String,
    /// Gold and predicted countries.
    pub countries: String,
    /// Gold and predicted topics.
    pub topics: String,
    /// Every region candidate's probability.
    pub region_probs: Vec<(String, f32)>,
}

/// The out-of-fold result of every facets-dev tuning page under `s`.
pub fn oof_pages(
    examples: &[Example],
    oof: &[(usize, Scored)],
    c: &Classifier,
    s: &Settings,
) -> Vec<OofPage> {
    let tax = c.taxonomy();
    let join = |v: &BTreeSet<String>| v.iter().cloned().collect::<Vec<_>>().join(";");
    let mut out = Vec::new();
    for (i, scored) in oof {
        let e = &examples[*i];
        if e.source == Source::DevBare {
            continue;
        }
        let Gold::Full {
            regions,
            countries,
            topics,
        } = &e.gold
        else {
            continue;
        };
        let d = c.decide(scored, s);
        let (pr, _, pt) = c.names(&d);
        let pc: Vec<String> = country_codes(c, &d);
        out.push(OofPage {
            domain: e.group.clone(),
            regions: format!("{} -> {}", join(regions), pr.join(";")),
            countries: format!("{} -> {}", join(countries), pc.join(";")),
            topics: format!("{} -> {}", join(topics), pt.join(";")),
            region_probs: scored
                .regions
                .iter()
                .map(|&(r, p)| (tax.regions[r].name.clone(), (p * 100.0).round() / 100.0))
                .collect(),
        });
    }
    out
}

/// Counts of the rows each model was trained on, by source.
pub fn row_counts(examples: &[Example]) -> BTreeMap<String, BTreeMap<String, (usize, usize)>> {
    let mut out: BTreeMap<String, BTreeMap<String, (usize, usize)>> = BTreeMap::new();
    for kind in ModelKind::ALL {
        let m = out.entry(format!("{kind:?}").to_lowercase()).or_default();
        for e in examples {
            if e.source == Source::DevBare && kind != ModelKind::Topic {
                continue;
            }
            for c in candidates(&e.cands, kind) {
                if let Some(y) = e.gold.label(kind, c) {
                    let n = m
                        .entry(format!("{:?}", e.source).to_lowercase())
                        .or_default();
                    if y {
                        n.0 += 1;
                    } else {
                        n.1 += 1;
                    }
                }
            }
        }
    }
    out
}

/// The four ways of deciding places and topics: (places, topics).
pub const METHODS: [(Method, Method); 4] = [
    (Method::Rules, Method::Rules),
    (Method::Model, Method::Rules),
    (Method::Rules, Method::Model),
    (Method::Model, Method::Model),
];

/// What [`train`] found: the thresholds, their out-of-fold scores, what the
/// model files record, and the facets-dev tuning scores of each of
/// [`METHODS`] (the models' part out of fold, at the taxonomy's thresholds).
#[derive(Debug, Clone, Serialize)]
pub struct Trained {
    /// The chosen thresholds (and the other settings).
    #[serde(skip)]
    pub settings: Settings,
    /// Out-of-fold scores of the models under them.
    pub cv: CvScores,
    /// The `trained` text of the model files.
    pub trained: String,
    /// `(places, topics)` methods and their tuning scores.
    pub methods: Vec<(String, String, CvScores)>,
}

/// A facet model file: the forest, the threshold training chose and the
/// fingerprint of the tables it was trained on
/// ([`polsearch::facets::models::FacetModels::from_json`] reads them).
#[derive(Serialize)]
struct ModelFile<'a> {
    threshold: f64,
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    dominance: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    thresholds: Option<&'a BTreeMap<String, f64>>,
    #[serde(flatten)]
    forest: &'a Forest,
}

/// Reads the data under `shared`, chooses thresholds out of fold, trains the
/// models on everything, and writes the three model files into `out_dir`.
pub fn train(shared: &Path, out_dir: &Path, o: &Options) -> anyhow::Result<Trained> {
    let c = Classifier::default();
    let examples = load_examples(shared, &c, &Rules::default(), o)?;
    let oof = out_of_fold(&examples, &c, o);
    let (settings, cv) = choose_thresholds(&examples, &oof, &c);
    let name = |m: Method| format!("{m:?}").to_lowercase();
    let mut methods = Vec::new();
    for m in METHODS {
        let mut s = settings.clone();
        // the models' region threshold: the chosen one, and a range
        let chosen = settings.region_threshold.unwrap_or_default();
        let thresholds: Vec<f64> = if m.0 == Method::Model {
            std::iter::once(chosen)
                .chain([0.3, 0.4, 0.5, 0.6])
                .collect()
        } else {
            vec![chosen]
        };
        for t in thresholds {
            s.region_threshold = Some(t);
            let v = cv_scores_by(&examples, &oof, &c, &s, m);
            methods.push((name(m.0), name(m.1), v));
        }
    }
    if let Ok(dump) = std::env::var("POLSEARCH_OOF_DUMP") {
        let pages = oof_pages(&examples, &oof, &c, &settings);
        std::fs::write(&dump, serde_json::to_string_pretty(&pages)?)?;
    }
    let all: Vec<&Example> = examples.iter().collect();
    let th = c.thresholds(&settings);
    let mut models = train_all(&all, o, th);
    models
        .topic_thresholds
        .clone_from(&settings.topic_thresholds);
    let count = |s: Source| examples.iter().filter(|e| e.source == s).count();
    let trained = format!(
        "polsearch-tools train-facets --shared SHARED: facets-dev tuning part ({} pages; a domain is in \
         validation when int(sha1('polsearch-split-v1:'+domain),16)%100 < 30, never read here), BBC folders \
         tuning part ({} politics/sport/entertainment stories), the facets-dev pages again without labels and URL (topic model only, weight bare_weight), Reuters-21578 TRAIN ({} stories, every {}th; \
         TEST never read); options {}; thresholds chosen on {}-fold out-of-fold probabilities of the \
         facets-dev tuning pages and Reuters stories: region {:.2} country {:.2} topic {:.2} (dominance {:.2}, own {:?}); out-of-fold news-region P {:.3} R {:.3}, \
         no-place P {:.3} R {:.3}, country P {:.3} R {:.3}, topic P {:.3} R {:.3}",
        count(Source::Dev),
        count(Source::Bbc),
        count(Source::Reuters),
        o.reuters_every,
        serde_json::to_string(o)?,
        o.folds,
        th.region,
        th.country,
        th.topic,
        th.topic_dominance,
        settings.topic_thresholds,
        cv.news_region.precision,
        cv.news_region.recall,
        cv.no_place.precision,
        cv.no_place.recall,
        cv.country.precision,
        cv.country.recall,
        cv.topic.precision,
        cv.topic.recall,
    );
    std::fs::create_dir_all(out_dir).with_context(|| format!("{}", out_dir.display()))?;
    for kind in ModelKind::ALL {
        let mut f = models.get(kind).clone();
        f.about = format!(
            "P(an article is about a candidate {:?}) for polsearch's facets",
            kind
        )
        .to_lowercase();
        f.trained = trained.clone();
        let file = ModelFile {
            threshold: match kind {
                ModelKind::Region => th.region,
                ModelKind::Country => th.country,
                ModelKind::Topic => th.topic,
            },
            fingerprint: &models.fingerprint,
            dominance: (kind == ModelKind::Topic).then_some(th.topic_dominance),
            thresholds: (kind == ModelKind::Topic).then_some(&settings.topic_thresholds),
            forest: &f,
        };
        let path = out_dir.join(kind.file_name());
        std::fs::write(&path, serde_json::to_string(&file)? + "\n")
            .with_context(|| format!("{}", path.display()))?;
    }
    Ok(Trained {
        settings,
        cv,
        trained,
        methods,
    })
}

/// The ISO codes of the countries decision `d` names, as `c`'s taxonomy
/// spells them.
fn country_codes<B: FromIterator<String>>(c: &Classifier, d: &Decision) -> B {
    d.countries
        .iter()
        .map(|&(k, _)| c.country_code_at(k).to_string())
        .collect()
}
