//! Facet quality against labelled data: Reuters-21578 `<PLACES>` (region and
//! country precision/recall of the inferred regions) and the fundus expected
//! parses' `topics` (agreement of inferred topics and regions with the sites'
//! own tags mapped through the taxonomy). Reads the data at run time; nothing
//! of it is embedded.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{normalize_label, Classifier};
use crate::error::{Error, Result};
use crate::eval::{expected_files, find_page, load_expected};
use crate::extract::{Article, Rules};

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
    fn add<T: Ord>(&mut self, predicted: &BTreeSet<T>, gold: &BTreeSet<T>) {
        let tp = predicted.intersection(gold).count();
        self.tp += tp;
        self.fp += predicted.len() - tp;
        self.fn_ += gold.len() - tp;
    }

    fn finish(mut self) -> Prf {
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

/// One Reuters story with its gold places.
#[derive(Debug, Clone)]
pub struct Story {
    /// `NEWID` attribute.
    pub id: String,
    /// `<TITLE>`.
    pub title: String,
    /// `<DATELINE>` (city, date).
    pub dateline: String,
    /// `<BODY>`, paragraphs separated by blank lines, trailing `Reuter` removed.
    pub body: String,
    /// `<PLACES>` codes (`usa`, `west-germany`).
    pub places: Vec<String>,
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(j) = rest.as_bytes()[..rest.len().min(10)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..j];
        match ent {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            _ if ent.starts_with('#') => {
                if let Some(c) = ent[1..].parse::<u32>().ok().and_then(char::from_u32) {
                    if !c.is_control() || c == '\n' {
                        out.push(c);
                    }
                }
            }
            _ => out.push_str(&rest[..=j]),
        }
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

fn tag<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = doc.find(&open)? + open.len();
    let end = start + doc[start..].find(&close)?;
    Some(&doc[start..end])
}

/// Re-paragraphs a wire body: an indented line starts a new paragraph.
fn paragraphs(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        if line.starts_with([' ', '\t']) && !out.is_empty() {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    let out = out.trim_end();
    out.strip_suffix("Reuter")
        .unwrap_or(out)
        .trim_end()
        .to_string()
}

/// Parses one Reuters-21578 SGML file's text into stories.
pub fn parse_reuters(sgml: &str) -> Vec<Story> {
    let mut out = Vec::new();
    for doc in sgml.split("<REUTERS ").skip(1) {
        let id = doc
            .split("NEWID=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string();
        let places = tag(doc, "PLACES")
            .map(|p| {
                p.split("<D>")
                    .filter_map(|d| d.split("</D>").next())
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.push(Story {
            id,
            title: tag(doc, "TITLE")
                .map(decode_entities)
                .unwrap_or_default()
                .trim()
                .to_string(),
            dateline: tag(doc, "DATELINE")
                .map(decode_entities)
                .unwrap_or_default()
                .trim()
                .to_string(),
            body: tag(doc, "BODY")
                .map(|b| paragraphs(&decode_entities(b)))
                .unwrap_or_default(),
            places,
        });
    }
    out
}

/// Maps Reuters place codes to ISO codes and regions through the gazetteer CSV
/// (`country-region-gazetteer.csv`: name, official and alternative names).
#[derive(Debug, Clone)]
pub struct PlaceMap {
    by_name: HashMap<String, (String, String)>,
}

/// Reuters codes of countries that no longer exist or are spelled otherwise.
const HISTORICAL: [(&str, &str); 13] = [
    ("ussr", "RU"),
    ("west-germany", "DE"),
    ("east-germany", "DE"),
    ("czechoslovakia", "CZ"),
    ("yugoslavia", "RS"),
    ("zaire", "CD"),
    ("kampuchea", "KH"),
    ("yemen-arab-republic", "YE"),
    ("yemen-demo-republic", "YE"),
    ("netherlands-antilles", "CW"),
    ("western-samoa", "WS"),
    ("uae", "AE"),
    ("trinidad-tobago", "TT"),
];

impl PlaceMap {
    /// Reads the gazetteer CSV at `path`.
    pub fn load(path: &Path) -> Result<PlaceMap> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let col = |n: &str| {
            header
                .iter()
                .position(|h| *h == n)
                .ok_or_else(|| Error::Config {
                    path: path.to_path_buf(),
                    reason: format!("no `{n}` column"),
                })
        };
        let (iso2, name, official, alt, region) = (
            col("iso2")?,
            col("name")?,
            col("official_name")?,
            col("alt_names")?,
            col("facet_region")?,
        );
        let mut by_name = HashMap::new();
        let mut by_code = HashMap::new();
        for line in lines {
            let cols = split_csv(line);
            if cols.len() <= region {
                continue;
            }
            let entry = (cols[iso2].clone(), cols[region].clone());
            by_code.insert(cols[iso2].clone(), entry.clone());
            for n in [&cols[name], &cols[official]].into_iter().chain(
                cols[alt]
                    .split('|')
                    .collect::<Vec<_>>()
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .iter(),
            ) {
                by_name
                    .entry(normalize_label(n))
                    .or_insert_with(|| entry.clone());
            }
        }
        for (code, iso) in HISTORICAL {
            if let Some(e) = by_code.get(iso) {
                by_name.insert(normalize_label(code), e.clone());
            }
        }
        for (code, iso) in [
            ("usa", "US"),
            ("uk", "GB"),
            ("ivory-coast", "CI"),
            ("swaziland", "SZ"),
            ("burma", "MM"),
            ("macao", "MO"),
            ("vatican", "VA"),
            ("us-virgin-islands", "VI"),
            ("congo", "CG"),
            ("antigua", "AG"),
            ("turkey", "TR"),
            ("south-korea", "KR"),
            ("north-korea", "KP"),
        ] {
            if let Some(e) = by_code.get(iso) {
                by_name.insert(normalize_label(code), e.clone());
            }
        }
        Ok(PlaceMap { by_name })
    }

    /// `(ISO code, region)` of a Reuters place code.
    pub fn get(&self, code: &str) -> Option<&(String, String)> {
        self.by_name.get(&normalize_label(&code.replace('-', " ")))
    }
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// A count of one kind of error.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorKind {
    /// What went wrong.
    pub kind: String,
    /// How often.
    pub count: usize,
}

/// Region and country precision/recall on Reuters-21578.
#[derive(Debug, Clone, Serialize)]
pub struct ReutersReport {
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

/// Classifies every story of the `reut2-*.sgm` files in `dir` that has a body
/// and at least one place, and scores regions and countries against the gold
/// places mapped through `places`.
pub fn eval_reuters(
    dir: &Path,
    places: &PlaceMap,
    classifier: &Classifier,
    with_dateline: bool,
) -> Result<ReutersReport> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sgm"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Invalid(format!(
            "{}: no Reuters-21578 .sgm files",
            dir.display()
        )));
    }
    let mut stories = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| Error::io(f, e))?;
        stories.extend(parse_reuters(&String::from_utf8_lossy(&bytes)));
    }
    let mut region = Prf::default();
    let mut country = Prf::default();
    let mut per_region: BTreeMap<String, Prf> = BTreeMap::new();
    let mut errors: HashMap<String, usize> = HashMap::new();
    let mut missed: HashMap<String, usize> = HashMap::new();
    let mut spurious: HashMap<String, usize> = HashMap::new();
    let mut unmapped: BTreeSet<String> = BTreeSet::new();
    let mut n = 0;
    let mut seconds = 0.0;
    let mut peer_seconds = 0.0;
    for story in stories
        .iter()
        .filter(|s| !s.body.is_empty() && !s.places.is_empty())
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
        let t = std::time::Instant::now();
        classifier.classify(&mut article);
        seconds += t.elapsed().as_secs_f64();
        let t = std::time::Instant::now();
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
        region.add(&pred_r, &gold_r);
        country.add(&pred_c, &gold_c);
        for r in pred_r.union(&gold_r) {
            per_region.entry(r.clone()).or_default().add(
                &pred_r.iter().filter(|x| *x == r).collect(),
                &gold_r.iter().filter(|x| *x == r).collect(),
            );
        }
        let correct = pred_r.intersection(&gold_r).count();
        for r in gold_r.difference(&pred_r) {
            let kind = if pred_r.is_empty() {
                format!("missed {r}: no region inferred (no or too little place evidence)")
            } else {
                format!("missed {r}: other region(s) inferred")
            };
            *errors.entry(kind).or_default() += 1;
        }
        for r in pred_r.difference(&gold_r) {
            let kind = if correct > 0 {
                format!("extra {r} beside a correct region")
            } else {
                format!("wrong region {r} (no correct region)")
            };
            *errors.entry(kind).or_default() += 1;
        }
        for c in gold_c.difference(&pred_c) {
            *missed.entry(c.clone()).or_default() += 1;
        }
        for c in pred_c.difference(&gold_c) {
            *spurious.entry(c.clone()).or_default() += 1;
        }
    }
    Ok(ReutersReport {
        stories: n,
        with_dateline,
        region: region.finish(),
        country: country.finish(),
        per_region: per_region
            .into_iter()
            .map(|(k, v)| (k, v.finish()))
            .collect(),
        errors: top(errors, 12)
            .into_iter()
            .map(|(kind, count)| ErrorKind { kind, count })
            .collect(),
        missed_countries: top(missed, 10),
        spurious_countries: top(spurious, 10),
        unmapped_places: unmapped.into_iter().collect(),
        stories_per_sec: if seconds > 0.0 {
            n as f64 / seconds
        } else {
            0.0
        },
        peer_lowercase_words_per_sec: if peer_seconds > 0.0 {
            n as f64 / peer_seconds
        } else {
            0.0
        },
    })
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

/// Topic and region agreement over `real_dir/**/fundus-*.expected.json`.
/// `input` is `expected`, `extracted` or `extracted+labels` (see [`FundusReport::input`]).
pub fn eval_fundus(
    real_dir: &Path,
    classifier: &Classifier,
    rules: &Rules,
    input: &str,
) -> Result<FundusReport> {
    let files = expected_files(real_dir);
    let mut report = FundusReport {
        input: input.to_string(),
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
                "expected" => Article {
                    title: exp.title.clone(),
                    subtitle: (!exp.summary.is_empty()).then(|| exp.summary.clone()),
                    body: exp.body.clone(),
                    ..Article::default()
                },
                _ => {
                    let Some(page) = find_page(f.parent().unwrap_or(Path::new(".")), &exp.title)
                    else {
                        continue;
                    };
                    let src = crate::corpus::SourcePage::read(&page)?;
                    let Ok(mut a) = crate::extract::extract(&src, rules) else {
                        continue;
                    };
                    if input != "extracted+labels" {
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
