//! `../shared/data/facets-dev`: pages labelled by hand with the regions,
//! countries and topics they are about (`labels.tsv`), read with the page's
//! domain and its part of the project split ([`Split`]): for a page of
//! `corpus/real/<site>/…` the domain is the site folder's name, for a page of
//! `data/wcxb-dev/html/<id>.html.gz` it is the `domain` column of
//! `data/wcxb-dev/pages.tsv` (the rule of the common brief).

use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use polsearch::corpus::SourcePage;
use polsearch::extract::{self, Article, Rules};
use polsearch::facets::Classifier;
use serde::Serialize;

use crate::facets::{ErrorKind, Prf};
use crate::split::Split;

/// How sure the annotator was of a page's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Another careful annotator could well differ.
    Low,
    /// Fairly sure.
    Medium,
    /// Sure.
    High,
}

/// One labelled page.
#[derive(Debug, Clone)]
pub struct LabelledPage {
    /// `path` as written in `labels.tsv` (relative to `shared/`).
    pub rel: String,
    /// The page file.
    pub path: PathBuf,
    /// The page's own domain (see the module documentation).
    pub domain: String,
    /// Its part of the split.
    pub split: Split,
    /// Gold regions.
    pub regions: BTreeSet<String>,
    /// Gold countries, ISO 3166 alpha-2.
    pub countries: BTreeSet<String>,
    /// Gold topics.
    pub topics: BTreeSet<String>,
    /// The annotator's confidence.
    pub confidence: Confidence,
    /// The annotator's note.
    pub note: String,
}

impl LabelledPage {
    /// Reads the page (gunzipped when its name ends in `.gz`) as the indexer
    /// would see it.
    pub fn source(&self) -> anyhow::Result<SourcePage> {
        let bytes =
            std::fs::read(&self.path).with_context(|| format!("{}", self.path.display()))?;
        let Some(stem) = self.rel.strip_suffix(".gz") else {
            return Ok(SourcePage::from_bytes(&self.path, bytes));
        };
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes.as_slice())
            .read_to_end(&mut out)
            .with_context(|| format!("{}: not gzip", self.path.display()))?;
        Ok(SourcePage::from_bytes(stem, out))
    }
}

fn set(cell: &str) -> BTreeSet<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The `id → domain` table of `data/wcxb-dev/pages.tsv`.
fn wcxb_domains(shared: &Path) -> anyhow::Result<HashMap<String, String>> {
    let path = shared.join("data/wcxb-dev/pages.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            (cols.len() >= 3).then(|| (cols[0].to_string(), cols[2].to_string()))
        })
        .collect())
}

/// The page's own domain: the site folder of `corpus/real`, the `pages.tsv`
/// domain of a wcxb-dev page.
fn domain_of(rel: &str, wcxb: &HashMap<String, String>) -> Option<String> {
    if let Some(rest) = rel.strip_prefix("corpus/real/") {
        return rest.split('/').next().map(str::to_string);
    }
    let file = rel.rsplit('/').next()?;
    let id = file.split('.').next()?;
    wcxb.get(id).cloned()
}

/// Reads `shared/data/facets-dev/labels.tsv`.
pub fn read_labels(shared: &Path) -> anyhow::Result<Vec<LabelledPage>> {
    let path = shared.join("data/facets-dev/labels.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let wcxb = wcxb_domains(shared)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 6 {
            bail!(
                "{} line {}: {} columns, expected 7",
                path.display(),
                n + 1,
                cols.len()
            );
        }
        let rel = cols[0].to_string();
        let Some(domain) = domain_of(&rel, &wcxb) else {
            bail!("{} line {}: no domain for {rel}", path.display(), n + 1);
        };
        let confidence = match cols[5] {
            "high" => Confidence::High,
            "medium" => Confidence::Medium,
            "low" => Confidence::Low,
            other => bail!("{} line {}: confidence `{other}`", path.display(), n + 1),
        };
        out.push(LabelledPage {
            path: shared.join(&rel),
            split: Split::of(domain.trim_start_matches("www.")),
            domain,
            rel,
            regions: set(cols[1]),
            countries: set(cols[4]),
            topics: set(cols[3]),
            confidence,
            note: cols.get(6).unwrap_or(&"").to_string(),
        });
    }
    Ok(out)
}

/// Extracts every page as the indexer would (region, country and topic left
/// empty). A page the extractor refuses is an error naming it.
pub fn extract_pages(pages: &[LabelledPage], rules: &Rules) -> anyhow::Result<Vec<Article>> {
    pages
        .iter()
        .map(|p| {
            let src = p.source()?;
            extract::extract(&src, rules).with_context(|| p.rel.clone())
        })
        .collect()
}

/// What the classifier gave one labelled page, beside its labels.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The page (`labels.tsv` path).
    pub page: String,
    /// Its part of the split.
    pub split: Split,
    /// The annotator's confidence.
    pub confidence: Confidence,
    /// Gold regions.
    pub gold_regions: BTreeSet<String>,
    /// Predicted regions.
    pub regions: BTreeSet<String>,
    /// Gold countries (ISO codes).
    pub gold_countries: BTreeSet<String>,
    /// Predicted countries (ISO codes).
    pub countries: BTreeSet<String>,
    /// Gold topics.
    pub gold_topics: BTreeSet<String>,
    /// Predicted topics.
    pub topics: BTreeSet<String>,
}

/// Classifies the extracted `articles` of `pages` (same order).
pub fn outcomes(pages: &[LabelledPage], articles: &[Article], c: &Classifier) -> Vec<Outcome> {
    pages
        .iter()
        .zip(articles)
        .map(|(p, a)| {
            let mut a = a.clone();
            c.classify(&mut a);
            Outcome {
                page: p.rel.clone(),
                split: p.split,
                confidence: p.confidence,
                gold_regions: p.regions.clone(),
                regions: a.region.iter().cloned().collect(),
                gold_countries: p.countries.clone(),
                countries: a
                    .country
                    .iter()
                    .filter_map(|path| c.country_code(path.rsplit('/').next().unwrap_or(path)))
                    .collect(),
                gold_topics: p.topics.clone(),
                topics: a.topic.iter().cloned().collect(),
            }
        })
        .collect()
}

/// Scores of a set of labelled pages.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    /// Pages scored.
    pub pages: usize,
    /// Of those, pages labelled with at least one region (news about places).
    pub news_pages: usize,
    /// Regions on the news pages: micro precision/recall over (page, region).
    pub news_region: Prf,
    /// "No region" as a class: precision = pages given no region that have
    /// none in the labels, recall = pages without a region in the labels that
    /// were given none.
    pub no_place: Prf,
    /// Regions over every page.
    pub region: Prf,
    /// Share of pages whose region set is exactly the labelled one.
    pub region_exact: f64,
    /// Countries over every page (ISO codes).
    pub country: Prf,
    /// Topics over every page.
    pub topic: Prf,
}

/// Scores `outcomes`.
pub fn score<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Scores {
    let (mut news, mut none, mut region, mut country, mut topic) = (
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
        Prf::default(),
    );
    let (mut pages, mut news_pages, mut exact) = (0, 0, 0);
    for o in outcomes {
        pages += 1;
        if o.gold_regions.is_empty() {
            let gave = o.regions.is_empty();
            none.add(
                &BTreeSet::from_iter(gave.then_some(())),
                &BTreeSet::from([()]),
            );
        } else {
            news_pages += 1;
            news.add(&o.regions, &o.gold_regions);
            if o.regions.is_empty() {
                none.fp += 1;
            }
        }
        region.add(&o.regions, &o.gold_regions);
        exact += usize::from(o.regions == o.gold_regions);
        country.add(&o.countries, &o.gold_countries);
        topic.add(&o.topics, &o.gold_topics);
    }
    Scores {
        pages,
        news_pages,
        news_region: news.finish(),
        no_place: none.finish(),
        region: region.finish(),
        region_exact: exact as f64 / pages.max(1) as f64,
        country: country.finish(),
        topic: topic.finish(),
    }
}

/// The error kinds of `outcomes`, most frequent first.
pub fn error_kinds<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Vec<ErrorKind> {
    let mut kinds: HashMap<String, usize> = HashMap::new();
    let mut count = |k: String| *kinds.entry(k).or_default() += 1;
    for o in outcomes {
        let news = !o.gold_regions.is_empty();
        for r in o.regions.difference(&o.gold_regions) {
            count(if news {
                format!("region {r} added to a page about other places")
            } else {
                format!("region {r} invented for a page about no place")
            });
        }
        for r in o.gold_regions.difference(&o.regions) {
            count(if o.regions.is_empty() {
                format!("region {r} missed (no region given)")
            } else {
                format!("region {r} missed (other regions given)")
            });
        }
        let extra_c = o.countries.difference(&o.gold_countries).count();
        let missed_c = o.gold_countries.difference(&o.countries).count();
        for _ in 0..extra_c {
            count("country added".into());
        }
        for _ in 0..missed_c {
            count("country missed".into());
        }
        for t in o.topics.difference(&o.gold_topics) {
            count(format!("topic {t} added"));
        }
        for t in o.gold_topics.difference(&o.topics) {
            count(format!("topic {t} missed"));
        }
    }
    let mut v: Vec<ErrorKind> = kinds
        .into_iter()
        .map(|(kind, count)| ErrorKind { kind, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.kind.cmp(&b.kind)));
    v
}

/// facets-dev scored by part of the split and by confidence.
#[derive(Debug, Clone, Serialize)]
pub struct DevReport {
    /// Scores per part (`tuning`, `validation`) and subset (`all`,
    /// `high+medium`).
    pub scores: Vec<(Split, String, Scores)>,
    /// Error kinds per part.
    pub errors: Vec<(Split, Vec<ErrorKind>)>,
    /// Every page's outcome.
    pub pages: Vec<Outcome>,
}

/// Extracts, classifies and scores every page of facets-dev under `shared`.
pub fn eval_dev(shared: &Path, rules: &Rules, c: &Classifier) -> anyhow::Result<DevReport> {
    let pages = read_labels(shared)?;
    let articles = extract_pages(&pages, rules)?;
    Ok(report(outcomes(&pages, &articles, c)))
}

/// Prints, for every TUNING page of facets-dev whose topics are wrong or
/// missed, its gold and given topics and each topic's keyword evidence
/// ([`Classifier::topic_evidence`]): `+` marks a topic given but not gold,
/// `-` one gold but not given, `=` one right.
pub fn print_topic_evidence(
    out: &mut impl std::io::Write,
    shared: &Path,
    rules: &Rules,
    c: &Classifier,
) -> anyhow::Result<()> {
    let pages: Vec<LabelledPage> = read_labels(shared)?
        .into_iter()
        .filter(|p| p.split == Split::Tuning)
        .collect();
    let articles = extract_pages(&pages, rules)?;
    for (o, a) in outcomes(&pages, &articles, c).iter().zip(&articles) {
        if o.topics == o.gold_topics {
            continue;
        }
        let words = a.body.split_whitespace().count();
        writeln!(
            out,
            "{}  [{} words, labels {:?}]\n  title: {}\n  gold {:?} given {:?}",
            o.page, words, a.labels, a.title, o.gold_topics, o.topics
        )?;
        for t in c.topic_evidence(a) {
            let mark = match (
                o.topics.contains(&t.topic),
                o.gold_topics.contains(&t.topic),
            ) {
                (true, true) => '=',
                (true, false) => '+',
                (false, true) => '-',
                (false, false) => ' ',
            };
            let kw: Vec<String> = t
                .keywords
                .iter()
                .take(8)
                .map(|(k, n)| format!("{k}{n:?}"))
                .collect();
            writeln!(
                out,
                "  {mark} {:<30} {:>5.1} t/d/l/b {:?}  {}",
                t.topic,
                t.score,
                t.hits,
                kw.join(" ")
            )?;
        }
        for g in o.gold_topics.iter().filter(|g| !o.topics.contains(*g)) {
            if !c.topic_evidence(a).iter().any(|t| &t.topic == g) {
                writeln!(out, "  - {g:<30} (no keyword)")?;
            }
        }
    }
    Ok(())
}

/// The report of already classified pages.
pub fn report(outs: Vec<Outcome>) -> DevReport {
    let mut scores = Vec::new();
    let mut errors = Vec::new();
    for split in [Split::Tuning, Split::Validation] {
        let part = || outs.iter().filter(move |o| o.split == split);
        scores.push((split, "all".to_string(), score(part())));
        scores.push((
            split,
            "high+medium".to_string(),
            score(part().filter(|o| o.confidence > Confidence::Low)),
        ));
        errors.push((split, error_kinds(part())));
    }
    DevReport {
        scores,
        errors,
        pages: outs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_come_from_the_site_folder_or_the_wcxb_table() {
        let wcxb: HashMap<String, String> =
            [("0042".to_string(), "example.org".to_string())].into();
        assert_eq!(
            domain_of("corpus/real/cnn.com/x.html", &wcxb).as_deref(),
            Some("cnn.com")
        );
        assert_eq!(
            domain_of("data/wcxb-dev/html/0042.html.gz", &wcxb).as_deref(),
            Some("example.org")
        );
        assert_eq!(domain_of("data/wcxb-dev/html/0043.html.gz", &wcxb), None);
    }

    #[test]
    fn reads_a_labels_file_with_its_split() {
        let t = tempfile::tempdir().unwrap();
        let dev = t.path().join("data/facets-dev");
        std::fs::create_dir_all(&dev).unwrap();
        std::fs::create_dir_all(t.path().join("data/wcxb-dev")).unwrap();
        std::fs::write(
            t.path().join("data/wcxb-dev/pages.tsv"),
            "id\tpage_type\tdomain\n0001\tarticle\tapnews.com\n",
        )
        .unwrap();
        std::fs::write(
            dev.join("labels.tsv"),
            "path\tregion\tcountries\ttopic\tcountries_iso2\tconfidence\tnote\n\
             corpus/real/bbc.com/a.html\tEurope\tUnited Kingdom\tLaw & Courts\tGB\thigh\tx\n\
             data/wcxb-dev/html/0001.html.gz\t\t\t\t\tlow\thow-to\n",
        )
        .unwrap();
        let pages = read_labels(t.path()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].split, Split::Validation);
        assert_eq!(pages[0].countries, BTreeSet::from(["GB".to_string()]));
        assert_eq!(pages[1].split, Split::Tuning);
        assert!(pages[1].regions.is_empty());
        assert_eq!(pages[1].confidence, Confidence::Low);
    }
}
