//! The wcxb-dev pool (`../shared/data/wcxb-dev`: 1,358 pages of seven page
//! types with gold main text, `with`/`without` snippets and metadata) as two
//! gold folders that `polsearch eval` reads: `OUT/wcxb-tune` and
//! `OUT/wcxb-valid`, split by domain with [`crate::split`]. Each holds
//! `html/<id>.html`, `gold/<id>.txt` (the gold main text) and `gold/<id>.json`
//! (`title`, `author`, `date`, `with`, `without`, `page_type`, `domain`,
//! `url`); [`build`] can also render `text/<id>.txt` scrapes with
//! `../shared/tools/make_text_scrapes.py`.
//!
//! The folders are built under `target/` (never committed): the pages are the
//! publishers' text, for evaluation only.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use crate::split::Split;

/// One row of `pages.tsv`.
#[derive(Debug, Clone)]
pub struct PoolPage {
    /// The page id (`0001`).
    pub id: String,
    /// Its page type (`article`, `forum`…).
    pub page_type: String,
    /// Its domain (the split key).
    pub domain: String,
}

/// Reads `pages.tsv` of the pool folder.
pub fn pages(pool: &Path) -> anyhow::Result<Vec<PoolPage>> {
    let path = pool.join("pages.tsv");
    let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, page_type, domain] = cols[..] else {
            bail!("{}: line {}: expected 3 columns", path.display(), n + 1);
        };
        out.push(PoolPage {
            id: id.to_string(),
            page_type: page_type.to_string(),
            domain: domain.to_string(),
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct GroundTruthFile {
    #[serde(default)]
    url: Option<String>,
    ground_truth: GroundTruth,
}

#[derive(Deserialize)]
struct GroundTruth {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    author: Option<serde_json::Value>,
    #[serde(default)]
    publish_date: Option<String>,
    #[serde(default)]
    main_content: Option<String>,
    #[serde(default)]
    with: Option<Vec<String>>,
    #[serde(default)]
    without: Option<Vec<String>>,
}

/// What `gold/<id>.json` holds.
#[derive(Debug, Serialize)]
struct GoldJson<'a> {
    id: &'a str,
    title: Option<String>,
    author: Option<serde_json::Value>,
    date: Option<String>,
    with: Vec<String>,
    without: Vec<String>,
    page_type: &'a str,
    domain: &'a str,
    url: Option<String>,
}

/// Writes the two gold folders under `out` from the pool at `pool`; returns
/// the number of pages per part. With `scrapes`, also renders their `text/`
/// folders with the shared scrape script (needs python3 with lxml).
pub fn build(
    pool: &Path,
    out: &Path,
    scrapes: Option<&Path>,
) -> anyhow::Result<BTreeMap<Split, usize>> {
    let mut counts = BTreeMap::new();
    for p in [Split::Tuning, Split::Validation] {
        for sub in ["html", "gold"] {
            let d = set_dir(out, p).join(sub);
            std::fs::create_dir_all(&d).with_context(|| format!("{}", d.display()))?;
        }
    }
    for page in pages(pool)? {
        let p = Split::of(&page.domain);
        let dir = set_dir(out, p);
        let gz = pool.join("html").join(format!("{}.html.gz", page.id));
        let mut html = Vec::new();
        std::fs::File::open(&gz)
            .map(flate2::read::GzDecoder::new)
            .and_then(|mut r| r.read_to_end(&mut html))
            .with_context(|| format!("{}", gz.display()))?;
        std::fs::write(dir.join("html").join(format!("{}.html", page.id)), &html)?;
        let gt_path = pool.join("ground-truth").join(format!("{}.json", page.id));
        let gt: GroundTruthFile = serde_json::from_str(
            &std::fs::read_to_string(&gt_path).with_context(|| format!("{}", gt_path.display()))?,
        )
        .with_context(|| format!("{}", gt_path.display()))?;
        let g = gt.ground_truth;
        let gold = dir.join("gold");
        std::fs::write(
            gold.join(format!("{}.txt", page.id)),
            g.main_content.unwrap_or_default(),
        )?;
        let meta = GoldJson {
            id: &page.id,
            title: g.title,
            author: g.author,
            date: g.publish_date,
            with: g.with.unwrap_or_default(),
            without: g.without.unwrap_or_default(),
            page_type: &page.page_type,
            domain: &page.domain,
            url: gt.url,
        };
        std::fs::write(
            gold.join(format!("{}.json", page.id)),
            serde_json::to_string(&meta)?,
        )?;
        *counts.entry(p).or_insert(0) += 1;
    }
    if let Some(script) = scrapes {
        for p in [Split::Tuning, Split::Validation] {
            let status = std::process::Command::new("python3")
                .arg(script)
                .arg(set_dir(out, p))
                .status()
                .with_context(|| format!("python3 {}", script.display()))?;
            if !status.success() {
                bail!(
                    "{} failed on {}",
                    script.display(),
                    set_dir(out, p).display()
                );
            }
        }
    }
    Ok(counts)
}

/// The gold folder of a part: `out/wcxb-tune` or `out/wcxb-valid`.
pub fn set_dir(out: &Path, p: Split) -> PathBuf {
    out.join(format!("wcxb-{}", p.suffix()))
}

/// Where the tests and the training commands keep the gold folders:
/// `target/gold-sets` of the repository.
pub fn default_out() -> PathBuf {
    crate::shared::repository().join("target/gold-sets")
}

/// The gold folders under [`default_out`], built from `shared` when missing.
/// Returns the folder that holds `wcxb-tune` and `wcxb-valid`.
/// Several tests may ask at once: the folders are built in a folder of this
/// process and renamed into place, so nobody reads a half-written set.
pub fn ensure(shared: &Path) -> anyhow::Result<PathBuf> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let out = default_out();
    if out.join(".complete").exists() {
        return Ok(out);
    }
    let tmp = out.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    build(&shared.join("data/wcxb-dev"), &tmp, None)?;
    std::fs::write(tmp.join(".complete"), "")?;
    let _ = std::fs::remove_dir_all(&out);
    if std::fs::rename(&tmp, &out).is_err() && !out.join(".complete").exists() {
        bail!("could not move {} to {}", tmp.display(), out.display());
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(out)
}
