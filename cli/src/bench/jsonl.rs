//! `polsearch bench CORPUS --dump-jsonl FILE` (hidden): polsearch's extracted
//! articles as JSON lines, the input of the bare tantivy indexer that
//! `benches/compare.sh` measures side by side with polsearch.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use polsearch::corpus;
use polsearch::index::{self, IndexConfig};
use polsearch::Error;
use serde::Serialize;

/// One line of [`dump_jsonl`]'s output: the text fields polsearch indexes.
#[derive(Debug, Serialize)]
struct JsonArticle<'a> {
    path: &'a str,
    url: &'a str,
    title: &'a str,
    subtitle: &'a str,
    authors: String,
    body: &'a str,
}

/// Extracts and classifies every page under `config.roots` and writes one JSON
/// object per article to `out` (`path`, `url`, `title`, `subtitle`, `authors`,
/// `body`), the input of a bare tantivy indexer measured side by side with
/// polsearch. Unreadable or rejected pages are counted, not written. Returns
/// (articles written, pages skipped).
pub fn dump_jsonl(
    config: &IndexConfig,
    out: &mut dyn Write,
    out_path: &Path,
) -> anyhow::Result<(usize, usize)> {
    let (mut written, mut skipped) = (0, 0);
    for entry in corpus::walk(&config.roots) {
        let Ok(path) = entry else {
            skipped += 1;
            continue;
        };
        let article = match index::process_page(&path, &config.rules, &config.classifier) {
            Ok(a) => a,
            Err(Error::Skipped { .. } | Error::Parse { .. } | Error::Io { .. }) => {
                skipped += 1;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let path_str = path.to_string_lossy();
        let line = JsonArticle {
            path: &path_str,
            url: article.url.as_deref().unwrap_or(""),
            title: &article.title,
            subtitle: article.subtitle.as_deref().unwrap_or(""),
            authors: article.authors.join(", "),
            body: &article.body,
        };
        let context = || format!("{}", out_path.display());
        serde_json::to_writer(&mut *out, &line).with_context(context)?;
        out.write_all(b"\n").with_context(context)?;
        written += 1;
    }
    out.flush()
        .with_context(|| format!("{}", out_path.display()))?;
    Ok((written, skipped))
}
