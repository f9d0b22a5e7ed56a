//! The wcxb-dev set of `../shared/data/wcxb-dev`: `pages.tsv` (id, page type,
//! domain), `ground-truth/<id>.json` (`ground_truth.{title, author,
//! publish_date, main_content}`, the page `url`) and `html/<id>.html.gz`.
//! Read in place: nothing is copied out of `../shared`.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// One page of wcxb-dev with its gold metadata.
#[derive(Debug, Clone)]
pub struct WcxbPage {
    /// The page id (`0003`).
    pub id: String,
    /// The gold page type (`article`, `forum`, `listing`…).
    pub page_type: String,
    /// The page's domain (the split is by it).
    pub domain: String,
    /// The page URL, when the ground truth has one.
    pub url: Option<String>,
    /// The gold title.
    pub title: Option<String>,
    /// The gold author, as written (`Ann Lee, MS, RD`).
    pub author: Option<String>,
    /// The gold publication date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// The gold main text.
    pub body: String,
    /// The gzipped page.
    pub html_gz: PathBuf,
}

impl WcxbPage {
    /// The page's HTML bytes (gunzipped).
    pub fn html(&self) -> anyhow::Result<Vec<u8>> {
        gunzip(&self.html_gz)
    }
}

/// The contents of a gzipped file.
pub fn gunzip(path: &Path) -> anyhow::Result<Vec<u8>> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut out)
        .with_context(|| format!("{}: not gzip", path.display()))?;
    Ok(out)
}

/// Every page of the wcxb-dev folder `dir`, in `pages.tsv` order (the rows
/// as [`crate::wcxb::pages`] reads them).
pub fn pages(dir: &Path) -> anyhow::Result<Vec<WcxbPage>> {
    let mut out = Vec::new();
    for row in crate::wcxb::pages(dir)? {
        let id = row.id;
        let gt_path = dir.join("ground-truth").join(format!("{id}.json"));
        let gt: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&gt_path).with_context(|| format!("{}", gt_path.display()))?,
        )
        .with_context(|| format!("{}", gt_path.display()))?;
        let g = &gt["ground_truth"];
        let s = |v: &serde_json::Value| {
            v.as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        out.push(WcxbPage {
            page_type: row.page_type,
            domain: row.domain,
            url: s(&gt["url"]),
            title: s(&g["title"]),
            author: s(&g["author"]),
            date: s(&g["publish_date"]),
            body: s(&g["main_content"]).unwrap_or_default(),
            html_gz: dir.join("html").join(format!("{id}.html.gz")),
            id,
        });
    }
    Ok(out)
}
