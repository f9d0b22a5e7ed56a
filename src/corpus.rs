//! Walking folders of scraped pages: every `.html`, `.htm`, `.xhtml` and `.txt`
//! file under the roots becomes a [`SourcePage`]. Problems with single entries are
//! returned as errors naming the path; the walk itself goes on.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How a page is stored on disk, decided from its file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageFormat {
    /// An HTML document (`.html`, `.htm`, `.xhtml`).
    Html,
    /// A plain-text scrape (`.txt`): the page's visible text, one block per line.
    Text,
}

impl PageFormat {
    /// The format for a path, or `None` if the extension is not one we index.
    pub fn of(path: &Path) -> Option<PageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Some(PageFormat::Html),
            "txt" => Some(PageFormat::Text),
            _ => None,
        }
    }
}

/// One scraped page: its path, format and raw bytes.
#[derive(Debug, Clone)]
pub struct SourcePage {
    /// Where the page was read from.
    pub path: PathBuf,
    /// HTML or plain text.
    pub format: PageFormat,
    /// The file's bytes, undecoded.
    pub bytes: Vec<u8>,
}

impl SourcePage {
    /// A page from bytes already in memory; the format comes from `path`'s
    /// extension (HTML when unknown and the bytes start with `<`, else text).
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> SourcePage {
        let path = path.into();
        let format = PageFormat::of(&path).unwrap_or_else(|| {
            let start = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if start == Some(&b'<') { PageFormat::Html } else { PageFormat::Text }
        });
        SourcePage { path, format, bytes }
    }

    /// Reads a page from disk.
    pub fn read(path: &Path) -> Result<SourcePage> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(SourcePage::from_bytes(path, bytes))
    }
}

/// Walks `roots` and yields the path of every indexable page, sorted within each
/// folder; a root that is itself a file is yielded as is. Unreadable entries and
/// symlink loops come out as errors naming the path.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf>> + '_ {
    roots.iter().flat_map(|root| {
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|entry| match entry {
                Ok(e) if e.file_type().is_file() && PageFormat::of(e.path()).is_some() => {
                    Some(Ok(e.into_path()))
                }
                Ok(_) => None,
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                    let reason = if err.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else {
                        err.io_error().map(|e| e.to_string()).unwrap_or_else(|| err.to_string())
                    };
                    Some(Err(Error::Skipped { path, reason }))
                }
            })
    })
}
