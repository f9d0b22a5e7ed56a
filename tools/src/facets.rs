//! Facet quality against labelled data: Reuters-21578 `<PLACES>` (region and
//! country precision/recall of the inferred regions) and the fundus expected
//! parses' `topics` (agreement of inferred topics and regions with the sites'
//! own tags mapped through the taxonomy). Reads the data at run time; nothing
//! of it is embedded.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use std::time::Instant;

use anyhow::{bail, Context};
use polsearch::corpus::SourcePage;
use polsearch::extract::{self, Article, Rules};
use polsearch::facets::Classifier;

use crate::fundus::{expected_files, find_page, load_expected};
use crate::places::PlaceMap;
use crate::reuters::{parse_reuters, Story};

/// True/false positive and false negative counts, with precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Correct predictions.
    pub tp: usize,
    /// Predictions not in the gold set.
    pub fp: usize,
    /// Gold items not predicted.
    pub fn_: usize,
    /// tp / (tp + fp); 1 when nothing was predicted.
    pub precision: f64,
    /// tp / (tp + fn); 1 when there was nothing to find.
    pub recall: f64,
}

impl Prf {
    /// Counts one item's predicted and gold sets.
    pub fn add<T: Ord>(&mut self, predicted: &BTreeSet<T>, gold: &BTreeSet<T>) {
        let tp = predicted.intersection(gold).count();
        self.tp += tp;
        self.fp += predicted.len() - tp;
        self.fn_ += gold.len() - tp;
    }

    /// Fills in precision and recall from the counts.
    pub fn finish(mut self) -> Prf {
        self.precision = if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        };
        self.recall = if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        };
        self
    }
}

/// A count of one kind of error.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorKind {
    /// What went wrong.
    pub kind: String,
    /// How often.
    pub count: usize,
}

/// Which Reuters-21578 stories an evaluation reads. The benchmark's `TEST`
/// split is never read: polsearch's models train on `TRAIN` and are
/// validated on `NOT-USED`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum ReutersPart {
    /// `TRAIN` and `NOT-USED`.
    All,
    /// `LEWISSPLIT="TRAIN"`: what the models are trained on.
    Train,
    /// `LEWISSPLIT="NOT-USED"`: never trained on.
    NotUsed,
}

impl ReutersPart {
    /// True when `story` belongs to this part (never for a `TEST` story).
    pub fn holds(self, story: &Story) -> bool {
        match self {
            ReutersPart::All => !story.is_test(),
            ReutersPart::Train => story.lewis_split == "TRAIN",
            ReutersPart::NotUsed => story.lewis_split == "NOT-USED",
        }
    }
}

/// Region and country precision/recall on Reuters-21578.
#[derive(Debug, Clone, Serialize)]
pub struct ReutersReport {
    /// The stories read.
    pub part: ReutersPart,
    /// Stories with a body and at least one mapped place.
    pub stories: usize,
    /// Whether the dateline (`TOKYO, March 3 -`) was fed as the body's start.
    pub with_dateline: bool,
    /// Region-level micro scores.
    pub region: Prf,
    /// Country-level micro scores.
    pub country: Prf,
    /// Per-region scores.
    pub per_region: BTreeMap<String, Prf>,
    /// Main error kinds, most frequent first.
    pub errors: Vec<ErrorKind>,
    /// Countries most often missed (gold but not predicted), with counts.
    pub missed_countries: Vec<(String, usize)>,
    /// Countries most often predicted wrongly, with counts.
    pub spurious_countries: Vec<(String, usize)>,
    /// Place codes the gazetteer could not map.
    pub unmapped_places: Vec<String>,
    /// Stories classified per second (one thread).
    pub stories_per_sec: f64,
    /// Peer in the same run: stories per second of just lowercasing the
    /// title and body and counting their words (one thread).
    pub peer_lowercase_words_per_sec: f64,
}

/// Builds the article polsearch sees for a story: title + body (dateline first when asked).
pub fn story_article(story: &Story, with_dateline: bool) -> Article {
    let body = if with_dateline && !story.dateline.is_empty() {
        format!("{} {}", story.dateline, story.body)
    } else {
        story.body.clone()
    };
    Article {
        title: story.title.clone(),
        body,
        ..Article::default()
    }
}

fn top(map: HashMap<String, usize>, n: usize) -> Vec<(String, usize)> {
    let mut v: Vec<(String, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

/// The stories of the `reut2-*.sgm` files in `dir`, in file order.
pub fn read_reuters(dir: &Path) -> anyhow::Result<Vec<Story>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    if files.is_empty() {
        bail!("{}: no Reuters-21578 .sgm files", dir.display());
    }
    let mut stories = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("{}", f.display()))?;
        stories.extend(parse_reuters(&String::from_utf8_lossy(&bytes)));
    }
    Ok(stories)
}

/// Classifies every story of the `reut2-*.sgm` files in `dir` that has a body
/// and at least one place, and scores regions and countries against the gold
/// places mapped through `places`.
pub fn eval_reuters(
    dir: &Path,
    places: &PlaceMap,
    classifier: &Classifier,
    with_dateline: bool,
    part: ReutersPart,
) -> anyhow::Result<ReutersReport> {
    let stories = read_reuters(dir)?;
    let mut tally = Tally::default();
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    let mut n = 0;
    let mut seconds = 0.0;
    let mut peer_seconds = 0.0;
    for story in stories
        .iter()
        .filter(|s| part.holds(s) && !s.body.is_empty() && !s.places.is_empty())
    {
        let mut gold_c = BTreeSet::new();
        let mut gold_r = BTreeSet::new();
        for p in &story.places {
            match places.get(p) {
                Some((code, reg)) => {
                    gold_c.insert(code.clone());
                    gold_r.insert(reg.clone());
                }
                None => {
                    unmapped.insert(p.clone());
                }
            }
        }
        if gold_c.is_empty() {
            continue;
        }
        n += 1;
        let mut article = story_article(story, with_dateline);
        let t = Instant::now();
        classifier.classify(&mut article);
        seconds += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let words = article.title.to_lowercase().split_whitespace().count()
            + article.body.to_lowercase().split_whitespace().count();
        std::hint::black_box(words);
        peer_seconds += t.elapsed().as_secs_f64();
        let pred_r: BTreeSet<String> = article.region.iter().cloned().collect();
        let pred_c: BTreeSet<String> = article
            .country
            .iter()
            .filter_map(|p| classifier.country_code(p.rsplit('/').next().unwrap_or(p)))
            .collect();
        tally.add(&pred_r, &gold_r, &pred_c, &gold_c);
    }
    let per_sec = |secs: f64| if secs > 0.0 { n as f64 / secs } else { 0.0 };
    Ok(ReutersReport {
        part,
        stories: n,
        with_dateline,
        region: tally.region.finish(),
        country: tally.country.finish(),
        per_region: tally
            .per_region
            .into_iter()
            .map(|(k, v)| (k, v.finish()))
            .collect(),
        errors: top(tally.errors, 12)
            .into_iter()
            .map(|(kind, count)| ErrorKind { kind, count })
            .collect(),
        missed_countries: top(tally.missed, 10),
        spurious_countries: top(tally.spurious, 10),
        unmapped_places: unmapped.into_iter().collect(),
        stories_per_sec: per_sec(seconds),
        peer_lowercase_words_per_sec: per_sec(peer_seconds),
    })
}

/// The counts of the Reuters evaluation, story by story.
#[derive(Default)]
struct Tally {
    region: Prf,
    country: Prf,
    per_region: BTreeMap<String, Prf>,
    errors: HashMap<String, usize>,
    missed: HashMap<String, usize>,
    spurious: HashMap<String, usize>,
}

impl Tally {
    /// Counts one story's predicted and gold regions and countries.
    fn add(
        &mut self,
        pred_r: &BTreeSet<String>,
        gold_r: &BTreeSet<String>,
        pred_c: &BTreeSet<String>,
        gold_c: &BTreeSet<String>,
    ) {
        self.region.add(pred_r, gold_r);
        self.country.add(pred_c, gold_c);
        for r in pred_r.union(gold_r) {
            self.per_region.entry(r.clone()).or_default().add(
                &pred_r.iter().filter(|x| *x == r).collect(),
                &gold_r.iter().filter(|x| *x == r).collect(),
            );
        }
        let correct = pred_r.intersection(gold_r).count();
        for r in gold_r.difference(pred_r) {
            let kind = if pred_r.is_empty() {
                format!("missed {r}: no region inferred (no or too little place evidence)")
            } else {
                format!("missed {r}: other region(s) inferred")
            };
            *self.errors.entry(kind).or_default() += 1;
        }
        for r in pred_r.difference(gold_r) {
            let kind = if correct > 0 {
                format!("extra {r} beside a correct region")
            } else {
                format!("wrong region {r} (no correct region)")
            };
            *self.errors.entry(kind).or_default() += 1;
        }
        for c in gold_c.difference(pred_c) {
            *self.missed.entry(c.clone()).or_default() += 1;
        }
        for c in pred_c.difference(gold_c) {
            *self.spurious.entry(c.clone()).or_default() += 1;
        }
    }
}

/// One fundus page: the site's tags, what they map to, and what we inferred.
#[derive(Debug, Clone, Serialize)]
pub struct FundusDoc {
    /// Expected-parse file and version key (`V1`).
    pub source: String,
    /// Title.
    pub title: String,
    /// The site's own `topics` tags.
    pub tags: Vec<String>,
    /// Topics the tags map to through the taxonomy's labels.
    pub gold_topics: Vec<String>,
    /// Regions the tags map to (region labels and country names).
    pub gold_regions: Vec<String>,
    /// Topics inferred from title + body.
    pub topics: Vec<String>,
    /// Regions inferred from title + body.
    pub regions: Vec<String>,
}

/// Agreement of inferred topics/regions with the fundus tags.
#[derive(Debug, Clone, Serialize)]
pub struct FundusReport {
    /// Input: `expected` (the expected parse's title + body), `extracted`
    /// (polsearch's HTML extractor, labels dropped) or `extracted+labels`.
    pub input: String,
    /// Pages with an expected parse.
    pub docs: usize,
    /// Pages whose tags map to at least one topic.
    pub docs_with_gold_topics: usize,
    /// Of those, pages where an inferred topic is among the mapped ones.
    pub topic_any_agreement: usize,
    /// Micro precision/recall of inferred topics against mapped tags (pages with mapped topics only).
    pub topic: Prf,
    /// Pages whose tags map to at least one region.
    pub docs_with_gold_regions: usize,
    /// Micro precision/recall of inferred regions against mapped tags.
    pub region: Prf,
    /// Every page.
    pub pages: Vec<FundusDoc>,
}

/// What the classifier reads in the fundus tag evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FundusInput {
    /// The expected parse's title, summary and body.
    Expected,
    /// polsearch's HTML extraction of the page, with its site labels and URL
    /// dropped (text evidence only).
    Extracted,
    /// polsearch's HTML extraction of the page, site labels included.
    ExtractedLabels,
}

impl FundusInput {
    /// Every input, in the order the reports list them.
    pub const ALL: [FundusInput; 3] = [
        FundusInput::Expected,
        FundusInput::Extracted,
        FundusInput::ExtractedLabels,
    ];

    /// Its name in the reports: `expected`, `extracted`, `extracted+labels`.
    pub fn name(self) -> &'static str {
        match self {
            FundusInput::Expected => "expected",
            FundusInput::Extracted => "extracted",
            FundusInput::ExtractedLabels => "extracted+labels",
        }
    }
}

/// Topic and region agreement over `real_dir/**/fundus-*.expected.json`,
/// classifying what `input` says.
pub fn eval_fundus(
    real_dir: &Path,
    classifier: &Classifier,
    rules: &Rules,
    input: FundusInput,
) -> anyhow::Result<FundusReport> {
    let files = expected_files(real_dir);
    let mut report = FundusReport {
        input: input.name().to_string(),
        docs: 0,
        docs_with_gold_topics: 0,
        topic_any_agreement: 0,
        topic: Prf::default(),
        docs_with_gold_regions: 0,
        region: Prf::default(),
        pages: Vec::new(),
    };
    for f in files {
        for exp in load_expected(&f)? {
            let mut article = match input {
                FundusInput::Expected => Article {
                    title: exp.title.clone(),
                    subtitle: (!exp.summary.is_empty()).then(|| exp.summary.clone()),
                    body: exp.body.clone(),
                    ..Article::default()
                },
                FundusInput::Extracted | FundusInput::ExtractedLabels => {
                    let Some(page) = find_page(f.parent().unwrap_or(Path::new(".")), &exp.title)
                    else {
                        continue;
                    };
                    let src = SourcePage::read(&page)?;
                    let Ok(mut a) = extract::extract(&src, rules) else {
                        continue;
                    };
                    if input == FundusInput::Extracted {
                        a.labels.clear();
                        a.url = None;
                    }
                    a
                }
            };
            classifier.classify(&mut article);
            report.docs += 1;
            let mut gold_t = BTreeSet::new();
            let mut gold_r = BTreeSet::new();
            for tag in &exp.tags {
                if let Some(t) = classifier.resolve_topic(tag) {
                    gold_t.insert(t);
                }
                if let Some(r) = classifier.resolve_region(tag) {
                    gold_r.insert(r.split('/').next().unwrap_or(&r).to_string());
                }
            }
            let pred_t: BTreeSet<String> = article.topic.iter().cloned().collect();
            let pred_r: BTreeSet<String> = article.region.iter().cloned().collect();
            if !gold_t.is_empty() {
                report.docs_with_gold_topics += 1;
                report.topic.add(&pred_t, &gold_t);
                if pred_t.intersection(&gold_t).next().is_some() {
                    report.topic_any_agreement += 1;
                }
            }
            if !gold_r.is_empty() {
                report.docs_with_gold_regions += 1;
                report.region.add(&pred_r, &gold_r);
            }
            report.pages.push(FundusDoc {
                source: exp.source,
                title: exp.title,
                tags: exp.tags,
                gold_topics: gold_t.into_iter().collect(),
                gold_regions: gold_r.into_iter().collect(),
                topics: article.topic,
                regions: article.region,
            });
        }
    }
    report.topic = report.topic.finish();
    report.region = report.region.finish();
    Ok(report)
}
