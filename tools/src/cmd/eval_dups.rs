//! `polsearch-tools eval-dups SET…`: precision and recall of the near-duplicate
//! grouping (`polsearch::index::minhash`, `polsearch::index::groups`) on pairs built from an extraction gold
//! set (`html/<id>.html`, `text/<id>.txt`, `gold/<id>.txt|json`, as made by
//! the lead's `gold_sets.py`, one folder per split):
//!
//! - **re-scrapes** (copies): a page's HTML and its plain-text scrape;
//! - **reprints** (copies): a page's article (its gold title and text) wrapped
//!   in the chrome of a page of another domain (that page's `<header>`,
//!   `<nav>`, `<aside>` and `<footer>`, its site name), with a credit line;
//! - **same-topic articles** (not copies): each page and the page of another
//!   id whose extracted body is closest to it by tf-idf cosine, the hardest
//!   "different article on the same subject" the set holds.
//!
//! Both sides are extracted by polsearch as the indexer would, and a pair is
//! called a copy by the pair rule (the bodies share an LSH band and their
//! shingle Jaccard reaches the threshold) and, in the line `index-time groups`,
//! as the indexer groups it: every document of the set (pages, scrapes,
//! reprints, in path order) goes through `polsearch::index::groups::Grouper`
//! as one indexing run, and a pair is a copy when both got the same group.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::corpus::{PageFormat, SourcePage};
use polsearch::index::minhash as dups;

use super::DataArgs;

/// Arguments of `polsearch-tools eval-dups`.
#[derive(Debug, clap::Args)]
pub struct EvalDupsArgs {
    /// Gold set folders (e.g. `wcxb-tune wcxb-valid`), each reported apart.
    #[arg(required = true)]
    pub sets: Vec<PathBuf>,
    /// Also print the precision/recall at these thresholds (a sweep).
    #[arg(long, value_delimiter = ',', default_value = "0.3,0.4,0.5,0.6,0.7")]
    pub sweep: Vec<f64>,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// One page of a set, extracted.
struct Page {
    id: String,
    domain: String,
    html: String,
    body: String,
    shingles: HashSet<u64>,
}

/// A pair to judge: a label, the two documents (keys of the set's bodies),
/// their similarity and whether they share a band.
struct Pair {
    kind: &'static str,
    a: String,
    b: String,
    copy: bool,
    jaccard: f64,
    share_band: bool,
}

/// How well one way of calling pairs copies does on the labelled pairs.
struct Score {
    /// Copies called copies.
    tp: usize,
    /// Distinct pages called copies.
    fp: usize,
    /// Copies among the pairs.
    pos: usize,
    /// Share of re-scrape pairs called copies.
    rescrape: f64,
    /// Share of reprint pairs called copies.
    reprint: f64,
}

impl Score {
    /// Scores `called` (is this pair called a copy?) on `pairs`.
    fn of(pairs: &[Pair], called: impl Fn(&Pair) -> bool) -> Score {
        let recall_of = |kind: &str| {
            let all: Vec<&Pair> = pairs.iter().filter(|p| p.kind == kind).collect();
            all.iter().filter(|p| called(p)).count() as f64 / all.len().max(1) as f64
        };
        Score {
            tp: pairs.iter().filter(|p| p.copy && called(p)).count(),
            fp: pairs.iter().filter(|p| !p.copy && called(p)).count(),
            pos: pairs.iter().filter(|p| p.copy).count(),
            rescrape: recall_of("rescrape"),
            reprint: recall_of("reprint"),
        }
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (tp, fp, pos) = (self.tp, self.fp, self.pos);
        write!(
            f,
            "precision {:.3} ({tp}/{})  recall {:.3} ({tp}/{pos})  re-scrape recall {:.3}  \
             reprint recall {:.3}  same-topic merged {fp}",
            tp as f64 / (tp + fp).max(1) as f64,
            tp + fp,
            tp as f64 / pos.max(1) as f64,
            self.rescrape,
            self.reprint,
        )
    }
}

/// Runs `polsearch-tools eval-dups`.
pub fn run(args: EvalDupsArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let mut out = std::io::stdout().lock();
    for set in &args.sets {
        let pages = load(set, &rules)?;
        let mut bodies: std::collections::BTreeMap<String, String> = (pages.iter())
            .map(|p| (format!("html/{}", p.id), p.body.clone()))
            .collect();
        let mut pairs = Vec::new();
        pairs.extend(rescrapes(set, &pages, &rules, &mut bodies)?);
        pairs.extend(reprints(set, &pages, &rules, &mut bodies)?);
        pairs.extend(neighbours(&pages));
        writeln!(out, "{} ({} pages)", set.display(), pages.len())?;
        for kind in ["rescrape", "reprint", "same-topic"] {
            let js: Vec<f64> = pairs
                .iter()
                .filter(|p| p.kind == kind)
                .map(|p| p.jaccard)
                .collect();
            writeln!(
                out,
                "  {kind:<10} pairs {:>4}  jaccard median {:.2}  p10 {:.2}  p90 {:.2}",
                js.len(),
                quantile(&js, 0.5),
                quantile(&js, 0.1),
                quantile(&js, 0.9)
            )?;
        }
        let mut thresholds = vec![dups::THRESHOLD];
        thresholds.extend(args.sweep.iter().copied().filter(|t| *t != dups::THRESHOLD));
        for t in thresholds {
            let sc = Score::of(&pairs, |p| p.share_band && p.jaccard >= t);
            let default = if t == dups::THRESHOLD {
                " (default)"
            } else {
                ""
            };
            writeln!(out, "  threshold {t:.2}{default}: {sc}")?;
        }
        let groups = index_groups(&bodies)?;
        let sc = Score::of(&pairs, |p| {
            (groups.get(&p.a)).is_some_and(|g| groups.get(&p.b) == Some(g))
        });
        writeln!(
            out,
            "  index-time groups ({} documents): {sc}",
            bodies.len()
        )?;
    }
    Ok(())
}

/// The group id the indexer gives each document of `bodies` when they are
/// indexed in one run, in key order (an index in RAM, nothing committed).
fn index_groups(
    bodies: &std::collections::BTreeMap<String, String>,
) -> anyhow::Result<HashMap<String, u64>> {
    use tantivy::schema::Value;
    let index = tantivy::Index::create_in_ram(polsearch::schema::build_schema());
    polsearch::schema::register_tokenizers(&index);
    let fields = polsearch::schema::Fields::new(&index.schema())?;
    let reader = index.reader()?;
    let mut grouper = polsearch::index::groups::Grouper::new(fields, reader.searcher());
    let mut out = HashMap::new();
    for (key, body) in bodies {
        let article = polsearch::extract::Article {
            body: body.clone(),
            ..Default::default()
        };
        let doc = grouper.document(Path::new(key), &article)?;
        let group = doc.get_first(fields.dup_group).and_then(|v| v.as_u64());
        out.insert(key.clone(), group.unwrap_or_default());
    }
    Ok(out)
}

fn quantile(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// Extracts `path` as the indexer would; the body only.
fn body_of(path: &Path, bytes: Vec<u8>, rules: &polsearch::extract::Rules) -> String {
    let format = if path.extension().is_some_and(|e| e == "txt") {
        PageFormat::Text
    } else {
        PageFormat::Html
    };
    let page = SourcePage {
        path: path.to_path_buf(),
        format,
        bytes,
    };
    polsearch::extract::extract(&page, rules)
        .map(|a| a.body)
        .unwrap_or_default()
}

/// The set's HTML pages with their domain, extracted.
fn load(set: &Path, rules: &polsearch::extract::Rules) -> anyhow::Result<Vec<Page>> {
    let mut ids: Vec<String> = std::fs::read_dir(set.join("html"))
        .with_context(|| format!("{}: no html/ folder", set.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".html")
                .map(String::from)
        })
        .collect();
    ids.sort();
    let mut pages = Vec::new();
    for id in ids {
        let path = set.join("html").join(format!("{id}.html"));
        let bytes = std::fs::read(&path).with_context(|| path.display().to_string())?;
        let gold = set.join("gold").join(format!("{id}.json"));
        let meta: serde_json::Value = std::fs::read_to_string(&gold)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        let html = String::from_utf8_lossy(&bytes).into_owned();
        let body = body_of(&path, bytes, rules);
        let shingles = dups::shingles(&body);
        pages.push(Page {
            id,
            domain: meta["domain"].as_str().unwrap_or_default().to_string(),
            html,
            shingles,
            body,
        });
    }
    Ok(pages)
}

fn pair(
    kind: &'static str,
    copy: bool,
    (ka, a): (String, &HashSet<u64>),
    (kb, b): (String, &HashSet<u64>),
) -> Pair {
    let (ba, bb) = (dups::band_keys_of(a), dups::band_keys_of(b));
    Pair {
        kind,
        a: ka,
        b: kb,
        copy,
        jaccard: if a.len() < dups::MIN_SHINGLES || b.len() < dups::MIN_SHINGLES {
            0.0
        } else {
            dups::jaccard(a, b)
        },
        share_band: ba.iter().zip(&bb).any(|(x, y)| x == y),
    }
}

/// The pair of `page` and its copy `body` (of `kind`, under `key`), whose body
/// joins the set's bodies.
fn copy_of(
    page: &Page,
    kind: &'static str,
    key: String,
    body: String,
    bodies: &mut std::collections::BTreeMap<String, String>,
) -> Pair {
    let other = dups::shingles(&body);
    let p = pair(
        kind,
        true,
        (format!("html/{}", page.id), &page.shingles),
        (key.clone(), &other),
    );
    bodies.insert(key, body);
    p
}

/// Each page with enough text against its plain-text scrape.
fn rescrapes(
    set: &Path,
    pages: &[Page],
    rules: &polsearch::extract::Rules,
    bodies: &mut std::collections::BTreeMap<String, String>,
) -> anyhow::Result<Vec<Pair>> {
    let mut out = Vec::new();
    for p in pages
        .iter()
        .filter(|p| p.shingles.len() >= dups::MIN_SHINGLES)
    {
        let path = set.join("text").join(format!("{}.txt", p.id));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let body = body_of(&path, bytes, rules);
        out.push(copy_of(
            p,
            "rescrape",
            format!("text/{}", p.id),
            body,
            bodies,
        ));
    }
    Ok(out)
}

/// The outer HTML of the page's top-level `header`, `nav`, `aside` and `footer`.
fn chrome(html: &str) -> (String, String) {
    let doc = scraper::Html::parse_document(html);
    let pick = |sel: &str| -> String {
        let s = scraper::Selector::parse(sel).expect("a valid selector");
        doc.select(&s)
            .take(3)
            .map(|e| e.html())
            .collect::<Vec<_>>()
            .join("\n")
    };
    (pick("header, nav"), pick("aside, footer"))
}

/// Each page's gold article in the chrome of a page of another domain.
fn reprints(
    set: &Path,
    pages: &[Page],
    rules: &polsearch::extract::Rules,
    bodies: &mut std::collections::BTreeMap<String, String>,
) -> anyhow::Result<Vec<Pair>> {
    let mut out = Vec::new();
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        if p.shingles.len() < dups::MIN_SHINGLES {
            continue;
        }
        let gold = set.join("gold").join(format!("{}.txt", p.id));
        let Ok(text) = std::fs::read_to_string(&gold) else {
            continue;
        };
        let meta: serde_json::Value =
            std::fs::read_to_string(set.join("gold").join(format!("{}.json", p.id)))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
        // the host: the page half the set away that is of another domain
        let Some(host) = (1..n)
            .map(|k| &pages[(i + n / 2 + k) % n])
            .find(|h| h.domain != p.domain)
        else {
            continue;
        };
        let (top, bottom) = chrome(&host.html);
        let escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let title = escape(meta["title"].as_str().unwrap_or(""));
        let mut html = format!(
            "<!doctype html><html><head><title>{title} | {}</title>\
             <meta property=\"og:site_name\" content=\"{}\"></head><body>{top}<main><article><h1>{title}</h1>",
            escape(&host.domain),
            escape(&host.domain)
        );
        for para in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            html.push_str(&format!("<p>{}</p>", escape(para)));
        }
        html.push_str(&format!(
            "<p>This article first appeared on {}. Republished with permission.</p></article></main>{bottom}</body></html>",
            escape(&p.domain)
        ));
        let path = PathBuf::from(format!("reprint-{}.html", p.id));
        let body = body_of(&path, html.into_bytes(), rules);
        out.push(copy_of(
            p,
            "reprint",
            format!("reprint/{}", p.id),
            body,
            bodies,
        ));
    }
    Ok(out)
}

/// Each page against the other page nearest to it by tf-idf cosine of the
/// extracted bodies' words (the closest "same subject, other article").
fn neighbours(pages: &[Page]) -> Vec<Pair> {
    let words = |body: &str| -> HashMap<String, f64> {
        let mut m = HashMap::new();
        for w in body
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4)
        {
            *m.entry(w.to_lowercase()).or_insert(0.0) += 1.0;
        }
        m
    };
    let tfs: Vec<HashMap<String, f64>> = pages.iter().map(|p| words(&p.body)).collect();
    let mut df: HashMap<&str, f64> = HashMap::new();
    for tf in &tfs {
        for w in tf.keys() {
            *df.entry(w.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = pages.len() as f64;
    let vectors: Vec<HashMap<&str, f64>> = tfs
        .iter()
        .map(|tf| {
            let mut v: HashMap<&str, f64> = tf
                .iter()
                .map(|(w, c)| (w.as_str(), c * (n / df[w.as_str()]).ln()))
                .collect();
            let norm = v.values().map(|x| x * x).sum::<f64>().sqrt().max(1e-9);
            v.values_mut().for_each(|x| *x /= norm);
            v
        })
        .collect();
    let mut out = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        if p.shingles.len() < dups::MIN_SHINGLES {
            continue;
        }
        let best = (0..pages.len())
            .filter(|&j| j != i && pages[j].shingles.len() >= dups::MIN_SHINGLES)
            .map(|j| {
                let (a, b) = (&vectors[i], &vectors[j]);
                let (s, l) = if a.len() <= b.len() { (a, b) } else { (b, a) };
                (
                    s.iter()
                        .map(|(w, x)| x * l.get(w).unwrap_or(&0.0))
                        .sum::<f64>(),
                    j,
                )
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((_, j)) = best {
            out.push(pair(
                "same-topic",
                false,
                (format!("html/{}", p.id), &p.shingles),
                (format!("html/{}", pages[j].id), &pages[j].shingles),
            ));
        }
    }
    out
}
