//! The relevance-dev corpus and queries. The corpus is every page of
//! `corpus/real/` and of `data/wcxb-dev/html/` (gunzipped), laid out under a
//! cache folder with the paths they have in `../shared` (so a query's `path`,
//! less `.gz`, names its page); it is rebuilt only when its page count is off.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::Split;

/// The folder of the queries inside `../shared`.
pub const QUERIES_DIR: &str = "data/relevance-dev";

/// One known-item query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The target page, relative to the corpus root (`data/wcxb-dev/html/0024.html`).
    pub page: String,
    /// `entity` or `topic`.
    pub kind: String,
    /// The query as typed.
    pub text: String,
    /// The target page's domain (site folder or `pages.tsv` domain).
    pub domain: String,
    /// Its part of the split.
    pub split: Split,
}

/// Reads `queries.tsv` (`path`, `kind`, `query`) of `shared/data/relevance-dev`
/// and gives each query its target's domain and split.
pub fn load_queries(shared: &Path) -> anyhow::Result<Vec<Query>> {
    let path = shared.join(QUERIES_DIR).join("queries.tsv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let domains = wcxb_domains(shared)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [page, kind, query] = cols[..] else {
            bail!(
                "{}:{}: expected 3 tab-separated columns",
                path.display(),
                n + 1
            );
        };
        let page = page.strip_suffix(".gz").unwrap_or(page).to_string();
        let domain = domain_of(&page, &domains)
            .with_context(|| format!("{}:{}: no domain for {page}", path.display(), n + 1))?;
        out.push(Query {
            split: Split::of(&domain),
            page,
            kind: kind.to_string(),
            text: query.to_string(),
            domain,
        });
    }
    Ok(out)
}

/// `id → domain` of `data/wcxb-dev/pages.tsv`.
fn wcxb_domains(shared: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let path = shared.join("data/wcxb-dev/pages.tsv");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut header = text.lines().next().unwrap_or_default().split('\t');
    let id_col = header.clone().position(|c| c == "id");
    let domain_col = header.position(|c| c == "domain");
    let (Some(i), Some(d)) = (id_col, domain_col) else {
        bail!("{}: no id or domain column", path.display());
    };
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            Some((cols.get(i)?.to_string(), cols.get(d)?.to_string()))
        })
        .collect())
}

/// The domain of a corpus page: the site folder of `corpus/real/SITE/…`, or
/// the `pages.tsv` domain of `data/wcxb-dev/html/ID.html`.
fn domain_of(page: &str, wcxb: &[(String, String)]) -> Option<String> {
    if let Some(rest) = page.strip_prefix("corpus/real/") {
        return rest.split('/').next().map(str::to_string);
    }
    let id = page
        .strip_prefix("data/wcxb-dev/html/")?
        .split('.')
        .next()?;
    wcxb.iter().find(|(i, _)| i == id).map(|(_, d)| d.clone())
}

/// The pages of the corpus in `shared`: (source file, path under the corpus
/// root, gzipped).
fn sources(shared: &Path) -> anyhow::Result<Vec<(PathBuf, PathBuf, bool)>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(shared.join("corpus/real")).sort_by_file_name() {
        let entry = entry?;
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if entry.file_type().is_file() && matches!(ext, "html" | "htm" | "txt") {
            out.push((
                p.to_path_buf(),
                p.strip_prefix(shared)?.to_path_buf(),
                false,
            ));
        }
    }
    let html = shared.join("data/wcxb-dev/html");
    let mut gz: Vec<PathBuf> = std::fs::read_dir(&html)
        .with_context(|| format!("reading {}", html.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .collect();
    gz.sort();
    for p in gz {
        let rel = p.strip_prefix(shared)?.with_extension("");
        out.push((p, rel, true));
    }
    Ok(out)
}

/// Lays the corpus out under `out` (mirroring the paths of `shared`) unless it
/// is there already with the right number of pages; returns the page count.
pub fn build_corpus(shared: &Path, out: &Path) -> anyhow::Result<usize> {
    let pages = sources(shared)?;
    let stamp = out.join(".pages");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == pages.len().to_string()) {
        return Ok(pages.len());
    }
    for (src, rel, gzipped) in &pages {
        let dest = out.join(rel);
        std::fs::create_dir_all(dest.parent().unwrap_or(out))
            .with_context(|| format!("creating {}", dest.display()))?;
        let bytes = std::fs::read(src).with_context(|| format!("reading {}", src.display()))?;
        let bytes = if *gzipped {
            let mut plain = Vec::new();
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_end(&mut plain)
                .with_context(|| format!("{}: not gzip", src.display()))?;
            plain
        } else {
            bytes
        };
        std::fs::write(&dest, bytes).with_context(|| format!("writing {}", dest.display()))?;
    }
    std::fs::write(&stamp, pages.len().to_string())?;
    Ok(pages.len())
}

/// Every page file of the corpus at `root` (`.html`, `.htm`, `.txt`), relative
/// to it, sorted.
pub fn pages(root: &Path) -> anyhow::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry?;
        let p = entry.path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if entry.file_type().is_file() && matches!(ext, "html" | "htm" | "txt") {
            out.push(p.strip_prefix(root)?.to_string_lossy().into_owned());
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_come_from_the_site_folder_or_pages_tsv() {
        let wcxb = vec![("0024".to_string(), "example.org".to_string())];
        assert_eq!(
            domain_of("corpus/real/bbc.com/x.html", &wcxb).as_deref(),
            Some("bbc.com")
        );
        assert_eq!(
            domain_of("data/wcxb-dev/html/0024.html", &wcxb).as_deref(),
            Some("example.org")
        );
        assert_eq!(domain_of("data/wcxb-dev/html/9999.html", &wcxb), None);
    }
}
