//! Extraction quality: bag-of-words precision, recall and F1 of extracted bodies
//! against gold texts (lowercased Unicode `\w+` tokens, multiset overlap), plus
//! title/author/date accuracy and single-threaded throughput.
//!
//! A gold folder holds `html/<id>.html` (or `text/<id>.txt`) and `gold/<id>.txt`
//! with the gold body, optionally `gold/<id>.json` with `title`, `author`, `date`.
//! [`evaluate`] extracts every page with [`crate::extract::extract`] and scores it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::corpus::{PageFormat, SourcePage};
use crate::error::{Error, Result};
use crate::extract::{extract, Article, PageType, Rules};

/// Precision, recall and F1 of one prediction.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Score {
    /// Overlap / predicted tokens.
    pub precision: f64,
    /// Overlap / gold tokens.
    pub recall: f64,
    /// Harmonic mean of the two (0 for an empty prediction).
    pub f1: f64,
}

fn tokens(text: &str) -> HashMap<String, usize> {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\w+").unwrap());
    let mut bag = HashMap::new();
    for m in WORD.find_iter(text) {
        *bag.entry(m.as_str().to_lowercase()).or_insert(0) += 1;
    }
    bag
}

/// Scores `predicted` against `gold`.
pub fn score(predicted: &str, gold: &str) -> Score {
    let (p, g) = (tokens(predicted), tokens(gold));
    let np: usize = p.values().sum();
    let ng: usize = g.values().sum();
    if np == 0 || ng == 0 {
        return Score::default();
    }
    let overlap: usize = p
        .iter()
        .map(|(t, n)| (*n).min(*g.get(t).unwrap_or(&0)))
        .sum();
    let precision = overlap as f64 / np as f64;
    let recall = overlap as f64 / ng as f64;
    let f1 = if overlap == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    Score {
        precision,
        recall,
        f1,
    }
}

/// The result for one page.
#[derive(Debug, Clone, Serialize)]
pub struct PageScore {
    /// The page id (file stem).
    pub id: String,
    /// Body score against the gold text.
    pub score: Score,
    /// Title right, when the gold has a title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_ok: Option<bool>,
    /// Authors right, when the gold has authors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authors_ok: Option<bool>,
    /// Publication day right, when the gold has a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_ok: Option<bool>,
    /// Why extraction failed, if it did (the page then scores 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The gold page type, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_type: Option<String>,
    /// The page type the extractor gave (none when extraction failed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub predicted_type: Option<PageType>,
    /// Gold `with` snippets found in the body.
    pub with: Found,
    /// Gold `without` (boilerplate) snippets found in the body: leaks.
    pub without: Found,
}

/// How many of some snippets a body contains.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Found {
    /// Snippets found in the body.
    pub found: usize,
    /// Snippets looked for.
    pub total: usize,
}

impl Found {
    /// found / total (0 when there is nothing to look for).
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.found as f64 / self.total as f64
        }
    }

    fn add(&mut self, other: Found) {
        self.found += other.found;
        self.total += other.total;
    }

    /// Counts the `snippets` whose words occur, in order and adjacent, in
    /// `body_words` (the body's lowercase `\w+` words joined by spaces, as the
    /// benchmark compares them).
    fn count(snippets: &[String], body_words: &str) -> Found {
        let mut f = Found::default();
        for s in snippets {
            let w = joined_words(s);
            if w.is_empty() {
                continue;
            }
            f.total += 1;
            f.found += usize::from(body_words.contains(&w));
        }
        f
    }
}

/// The scores of the pages of one page type.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeReport {
    /// Pages of this type.
    pub pages: usize,
    /// Mean precision, recall and F1.
    pub mean: Score,
    /// Pages with F1 below 0.80.
    pub below_080: usize,
    /// Gold `with` snippets found.
    pub with: Found,
    /// Gold `without` snippets found (leaks).
    pub without: Found,
}

/// The page-type classification against the gold types.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeAccuracy {
    /// Pages whose type was right (of those with a gold type and an extraction).
    pub right: usize,
    /// Pages with a gold type and an extraction.
    pub total: usize,
    /// Pages whose article-or-not call was right.
    pub article_right: usize,
    /// Counts per (gold type, predicted type).
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

/// Right / total for one metadata field over the pages whose gold has it.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Accuracy {
    /// Pages where the field was right.
    pub right: usize,
    /// Pages whose gold has the field.
    pub total: usize,
}

impl Accuracy {
    /// right / total (1 when there is nothing to check).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }

    fn add(&mut self, ok: Option<bool>) {
        if let Some(ok) = ok {
            self.total += 1;
            self.right += usize::from(ok);
        }
    }
}

/// The evaluation of a gold folder.
#[derive(Debug, Clone, Serialize)]
pub struct EvalReport {
    /// The folder of pages that was evaluated (`DIR/html` or `DIR/text`).
    pub pages_dir: PathBuf,
    /// Pages scored.
    pub pages: usize,
    /// Mean precision, recall and F1 over the pages.
    pub mean: Score,
    /// Pages with F1 below 0.80.
    pub below_080: usize,
    /// Title accuracy (whitespace and case normalised).
    pub title: Accuracy,
    /// Author accuracy (the same set of names, normalised).
    pub authors: Accuracy,
    /// Publication-day accuracy.
    pub date: Accuracy,
    /// Pages per second of extraction, single-threaded (reading files excluded).
    pub pages_per_sec: f64,
    /// Megabytes of page per second of extraction.
    pub mb_per_sec: f64,
    /// Gold `with` snippets found in the bodies, over all pages.
    pub with: Found,
    /// Gold `without` (boilerplate) snippets found in the bodies: the leak.
    pub without: Found,
    /// The same scores per gold page type (empty when the gold has no types).
    pub by_type: BTreeMap<String, TypeReport>,
    /// Page-type accuracy, when the gold has types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_types: Option<TypeAccuracy>,
    /// Every page, sorted by ascending F1 (worst first).
    pub results: Vec<PageScore>,
}

impl EvalReport {
    /// The report for people: the folder and page count, the mean scores, the
    /// pages below F1 0.80, field accuracies, speed and the `worst` worst pages,
    /// one figure a line.
    pub fn summary(&self, worst: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let m = self.mean;
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{}: {} pages", self.pages_dir.display(), self.pages);
        let _ = writeln!(
            out,
            "mean  P {:.4}  R {:.4}  F1 {:.4}",
            m.precision, m.recall, m.f1
        );
        let _ = writeln!(out, "pages below F1 0.80: {}", self.below_080);
        for (name, acc) in [
            ("title", self.title),
            ("authors", self.authors),
            ("date", self.date),
        ] {
            let _ = writeln!(
                out,
                "{name:<8} {}/{} = {:.3}",
                acc.right,
                acc.total,
                acc.ratio()
            );
        }
        if self.with.total + self.without.total > 0 {
            let _ = writeln!(
                out,
                "snippets: with {}/{} = {:.3} found, without {}/{} = {:.3} leaked",
                self.with.found,
                self.with.total,
                self.with.share(),
                self.without.found,
                self.without.total,
                self.without.share()
            );
        }
        if !self.by_type.is_empty() {
            let _ = writeln!(
                out,
                "{:<14} {:>5} {:>6} {:>6} {:>6} {:>6} {:>6}",
                "page type", "pages", "F1", "P", "R", "with", "leak"
            );
            for (t, r) in &self.by_type {
                let _ = writeln!(
                    out,
                    "{t:<14} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {:>6.3}",
                    r.pages,
                    r.mean.f1,
                    r.mean.precision,
                    r.mean.recall,
                    r.with.share(),
                    r.without.share()
                );
            }
        }
        if let Some(t) = &self.page_types {
            let ratio = |a: usize| a as f64 / t.total.max(1) as f64;
            let _ = writeln!(
                out,
                "page type: {}/{} = {:.3} right (7 types), article vs rest {:.3}",
                t.right,
                t.total,
                ratio(t.right),
                ratio(t.article_right)
            );
            let teaser = |gold: bool| {
                let rows = t.confusion.iter().filter(|(g, _)| {
                    PageType::parse(g).is_some_and(|g| g.is_teaser_page()) == gold
                });
                let cells = rows.flat_map(|(_, row)| row.iter());
                let (mut pages, mut left) = (0usize, 0usize);
                for (p, n) in cells {
                    pages += n;
                    left += n * usize::from(PageType::parse(p).is_some_and(|p| p.is_teaser_page()));
                }
                (left, pages)
            };
            let ((tk, tn), (ok, on)) = (teaser(true), teaser(false));
            let _ = writeln!(
                out,
                "  left out of default search (listing, collection): {tk}/{tn} teaser pages, \
                 {ok}/{on} other pages"
            );
            let _ = writeln!(out, "  gold \\ predicted: counts");
            for (gold, row) in &t.confusion {
                let cells: Vec<String> = row.iter().map(|(p, n)| format!("{p} {n}")).collect();
                let _ = writeln!(out, "  {gold:<14} {}", cells.join(", "));
            }
        }
        let _ = writeln!(
            out,
            "speed: {:.1} pages/s, {:.2} MB/s (one thread)",
            self.pages_per_sec, self.mb_per_sec
        );
        let _ = writeln!(out, "worst pages:");
        for r in self.results.iter().take(worst) {
            let s = r.score;
            let err = r
                .error
                .as_deref()
                .map(|e| format!("  error: {e}"))
                .unwrap_or_default();
            let kind = r
                .page_type
                .as_deref()
                .map(|t| format!("  {t}"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<24} F1 {:.3}  P {:.3}  R {:.3}{kind}{err}",
                r.id, s.f1, s.precision, s.recall
            );
        }
        out
    }
}

/// One page to score: the page file and what extracting it should give.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    /// The page id, as reported in [`PageScore::id`].
    pub id: String,
    /// The page file.
    pub path: PathBuf,
    /// The gold body text.
    pub body: String,
    /// The gold title, when known.
    pub title: Option<String>,
    /// The gold author names, when known.
    pub authors: Option<Vec<String>>,
    /// The gold publication date (`YYYY-MM-DD…`), when known.
    pub date: Option<String>,
    /// The gold page type (`article`, `forum`…), when known.
    pub page_type: Option<String>,
    /// Snippets a correct body contains.
    pub with: Vec<String>,
    /// Snippets of the page's boilerplate a correct body does not contain.
    pub without: Vec<String>,
}

/// Gold metadata of one page (`gold/<id>.json`); absent fields are unknown.
#[derive(Debug, Default, serde::Deserialize)]
struct GoldMeta {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<serde_json::Value>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    page_type: Option<String>,
    #[serde(default)]
    with: Option<Vec<String>>,
    #[serde(default)]
    without: Option<Vec<String>>,
}

/// Evaluates the pages in `dir/html` (or `dir/text` when `format` is
/// [`PageFormat::Text`]) against `dir/gold`. Pages without a gold text are skipped.
pub fn evaluate(dir: &Path, format: PageFormat, rules: &Rules) -> Result<EvalReport> {
    let (pages_dir, golds) = read_golds(dir, format)?;
    evaluate_golds(pages_dir, golds, rules)
}

/// The gold pages of a folder in [`evaluate`]'s layout, sorted by id, and the
/// folder of their pages (`dir/html` or `dir/text`); for scoring a part of
/// them through [`evaluate_golds`].
pub fn read_golds(dir: &Path, format: PageFormat) -> Result<(PathBuf, Vec<Gold>)> {
    let sub = if format == PageFormat::Text {
        "text"
    } else {
        "html"
    };
    let pages_dir = dir.join(sub);
    let gold_dir = dir.join("gold");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&pages_dir)
        .map_err(|e| Error::io(&pages_dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| PageFormat::of(p) == Some(format))
        .collect();
    paths.sort();
    let mut golds = Vec::new();
    for path in paths {
        let Some(id) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .map(str::to_string)
        else {
            continue;
        };
        let Ok(body) = std::fs::read_to_string(gold_dir.join(format!("{id}.txt"))) else {
            continue;
        };
        let meta: GoldMeta = std::fs::read_to_string(gold_dir.join(format!("{id}.json")))
            .ok()
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        golds.push(Gold {
            id,
            path,
            body,
            title: meta.title,
            authors: meta.author.as_ref().and_then(author_names),
            date: meta.date,
            page_type: meta.page_type,
            with: meta.with.unwrap_or_default(),
            without: meta.without.unwrap_or_default(),
        });
    }
    Ok((pages_dir, golds))
}

/// Extracts and scores every gold page; the report's pages are sorted worst
/// first and its [`EvalReport::pages_dir`] is `pages_dir`. Gold sets in other
/// layouts than [`evaluate`]'s are read elsewhere and scored through this.
pub fn evaluate_golds(pages_dir: PathBuf, golds: Vec<Gold>, rules: &Rules) -> Result<EvalReport> {
    let mut results = Vec::new();
    let (mut elapsed, mut bytes) = (Duration::ZERO, 0usize);
    for g in golds {
        let page = SourcePage::read(&g.path)?;
        bytes += page.bytes.len();
        let start = Instant::now();
        let extracted = extract(&page, rules);
        elapsed += start.elapsed();
        results.push(match extracted {
            Ok(article) => score_page(&g, &article),
            Err(e) => PageScore {
                id: g.id.clone(),
                score: Score::default(),
                title_ok: None,
                authors_ok: None,
                date_ok: None,
                error: Some(e.to_string()),
                page_type: g.page_type.clone(),
                predicted_type: None,
                with: Found::count(&g.with, ""),
                without: Found::count(&g.without, ""),
            },
        });
    }
    let n = results.len().max(1) as f64;
    let mean = Score {
        precision: results.iter().map(|r| r.score.precision).sum::<f64>() / n,
        recall: results.iter().map(|r| r.score.recall).sum::<f64>() / n,
        f1: results.iter().map(|r| r.score.f1).sum::<f64>() / n,
    };
    let (mut title, mut authors, mut date) = Default::default();
    for r in &results {
        Accuracy::add(&mut title, r.title_ok);
        Accuracy::add(&mut authors, r.authors_ok);
        Accuracy::add(&mut date, r.date_ok);
    }
    let init = (Found::default(), Found::default());
    let (with, without) = results.iter().fold(init, |mut acc, r| {
        Found::add(&mut acc.0, r.with);
        Found::add(&mut acc.1, r.without);
        acc
    });
    let by_type = by_type(&results);
    let page_types = type_accuracy(&results);
    let secs = elapsed.as_secs_f64().max(1e-9);
    results.sort_by(|a, b| {
        a.score
            .f1
            .total_cmp(&b.score.f1)
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(EvalReport {
        pages_dir,
        pages: results.len(),
        mean,
        below_080: results.iter().filter(|r| r.score.f1 < 0.8).count(),
        title,
        authors,
        date,
        pages_per_sec: results.len() as f64 / secs,
        mb_per_sec: bytes as f64 / 1e6 / secs,
        with,
        without,
        by_type,
        page_types,
        results,
    })
}

/// The mean of some page scores.
fn mean(scores: impl Iterator<Item = Score>) -> Score {
    let (mut m, mut n) = (Score::default(), 0usize);
    for s in scores {
        m.precision += s.precision;
        m.recall += s.recall;
        m.f1 += s.f1;
        n += 1;
    }
    let n = n.max(1) as f64;
    Score {
        precision: m.precision / n,
        recall: m.recall / n,
        f1: m.f1 / n,
    }
}

/// The scores per gold page type.
fn by_type(results: &[PageScore]) -> BTreeMap<String, TypeReport> {
    let mut groups: BTreeMap<String, Vec<&PageScore>> = BTreeMap::new();
    for r in results {
        if let Some(t) = &r.page_type {
            groups.entry(t.clone()).or_default().push(r);
        }
    }
    groups
        .into_iter()
        .map(|(t, rs)| {
            let mut rep = TypeReport {
                pages: rs.len(),
                mean: mean(rs.iter().map(|r| r.score)),
                below_080: rs.iter().filter(|r| r.score.f1 < 0.8).count(),
                ..TypeReport::default()
            };
            for r in rs {
                rep.with.add(r.with);
                rep.without.add(r.without);
            }
            (t, rep)
        })
        .collect()
}

/// Page-type accuracy and confusion over the pages with a gold type.
fn type_accuracy(results: &[PageScore]) -> Option<TypeAccuracy> {
    let mut acc = TypeAccuracy::default();
    for r in results {
        let (Some(gold), Some(pred)) = (&r.page_type, r.predicted_type) else {
            continue;
        };
        acc.total += 1;
        acc.right += usize::from(gold == pred.name());
        let gold_article = gold == PageType::Article.name();
        acc.article_right += usize::from(gold_article == (pred == PageType::Article));
        *acc.confusion
            .entry(gold.clone())
            .or_default()
            .entry(pred.name().to_string())
            .or_insert(0) += 1;
    }
    (acc.total > 0).then_some(acc)
}

/// The lowercase `\w+` words of a text joined by single spaces.
fn joined_words(text: &str) -> String {
    static WORD: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"\w+").unwrap());
    let lower = text.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for m in WORD.find_iter(&lower) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(m.as_str());
    }
    out
}

fn score_page(gold: &Gold, article: &Article) -> PageScore {
    let title_ok = gold
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| norm(t) == norm(&article.title));
    let authors_ok = gold.authors.as_deref().and_then(gold_authors).map(|gold| {
        let mut got: Vec<String> = article.authors.iter().map(|a| norm(a)).collect();
        got.sort();
        got.dedup();
        got == gold
    });
    let date_ok = gold.date.as_deref().filter(|d| d.len() >= 10).map(|d| {
        article
            .date
            .is_some_and(|a| d.get(..10) == Some(&*a.to_string()))
    });
    let body_words = joined_words(&article.body);
    PageScore {
        id: gold.id.clone(),
        score: score(&article.body, &gold.body),
        title_ok,
        authors_ok,
        date_ok,
        error: None,
        page_type: gold.page_type.clone(),
        predicted_type: Some(article.page_type),
        with: Found::count(&gold.with, &body_words),
        without: Found::count(&gold.without, &body_words),
    }
}

/// The author names of a gold `author` value: a string is split on `,`, `;`,
/// `&` and ` and `; a JSON list is taken as is.
fn author_names(v: &serde_json::Value) -> Option<Vec<String>> {
    match v {
        serde_json::Value::String(s) => Some(
            s.replace(" and ", ",")
                .split([',', ';', '&'])
                .filter(|s| !norm(s).is_empty())
                .map(str::to_string)
                .collect(),
        ),
        serde_json::Value::Array(a) => Some(
            a.iter()
                .filter_map(|x| x.as_str())
                .map(str::to_string)
                .collect(),
        ),
        _ => None,
    }
}

/// Gold author names, normalised and sorted; `None` when there are none.
fn gold_authors(names: &[String]) -> Option<Vec<String>> {
    let mut names: Vec<String> = names.iter().map(|n| norm(n)).collect();
    names.sort();
    names.dedup();
    (!names.is_empty()).then_some(names)
}

/// Lowercase with whitespace runs collapsed to one space and typographic
/// quotes and dashes folded to their ASCII forms (applied to both sides).
fn norm(s: &str) -> String {
    s.replace(['\u{2018}', '\u{2019}', '\u{201a}', '\u{2032}'], "'")
        .replace(['\u{201c}', '\u{201d}', '\u{201e}', '\u{2033}'], "\"")
        .replace(['\u{2013}', '\u{2014}', '\u{2212}'], "-")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bag_of_words_overlap() {
        let s = score("the cat sat", "The cat sat down");
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 0.75);
        assert_eq!(score("", "x").f1, 0.0);
    }

    #[test]
    fn gold_author_lists() {
        let v = serde_json::json!("Ann Lee and Bo  Chen");
        assert_eq!(
            author_names(&v).as_deref().and_then(gold_authors),
            Some(vec!["ann lee".to_string(), "bo chen".to_string()])
        );
        assert_eq!(author_names(&serde_json::Value::Null), None);
        let list = serde_json::json!(["Bo Chen", "Ann Lee", "bo  chen"]);
        assert_eq!(
            author_names(&list).as_deref().and_then(gold_authors),
            Some(vec!["ann lee".to_string(), "bo chen".to_string()])
        );
        assert_eq!(gold_authors(&[]), None);
    }

    #[test]
    fn normalisation_folds_typography_only() {
        assert_eq!(
            norm("FDA\u{2019}s  \u{201c}Plan\u{201d} \u{2014} X"),
            norm("fda's \"plan\" - x")
        );
        assert_ne!(norm("Plan 2024"), norm("Plan 2025"));
    }

    #[test]
    fn evaluates_a_small_gold_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("html")).unwrap();
        std::fs::create_dir_all(dir.path().join("gold")).unwrap();
        let page = "<html><head><title>Port deal</title></head><body><article><h1>Port deal</h1>\
            <p>Kenyan officials met the port operators in Mombasa, and they agreed new tariffs for \
            the coming year after long talks.</p></article></body></html>";
        std::fs::write(dir.path().join("html/a.html"), page).unwrap();
        std::fs::write(
            dir.path().join("gold/a.txt"),
            "Kenyan officials met the port operators in Mombasa, and they agreed new tariffs \
             for the coming year after long talks.",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("gold/a.json"),
            r#"{"title": "Port  deal", "author": null}"#,
        )
        .unwrap();
        let report = evaluate(dir.path(), PageFormat::Html, &Rules::default()).unwrap();
        assert_eq!(report.pages, 1);
        assert_eq!(report.title.right, 1);
        assert_eq!(report.authors.total, 0);
        assert!(report.mean.f1 > 0.9, "{:?}", report.mean);
    }
}
