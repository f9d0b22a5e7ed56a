//! Walking folders of scraped pages: every `.html`, `.htm`, `.xhtml`, `.txt` and
//! `.pdf` file under the roots becomes a [`SourcePage`]. Problems with single entries are
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
    /// A PDF document (`.pdf`), e.g. a report.
    Pdf,
}

impl PageFormat {
    /// The format for a path, or `None` if the extension is not one we index.
    pub fn of(path: &Path) -> Option<PageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "html" | "htm" | "xhtml" => Some(PageFormat::Html),
            "txt" => Some(PageFormat::Text),
            "pdf" => Some(PageFormat::Pdf),
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
    /// extension (when unknown: PDF when the bytes start with `%PDF-`, HTML when
    /// they start with `<`, else text).
    pub fn from_bytes(path: impl Into<PathBuf>, bytes: Vec<u8>) -> SourcePage {
        let path = path.into();
        let format = PageFormat::of(&path).unwrap_or_else(|| {
            let start = bytes.iter().find(|b| !b.is_ascii_whitespace());
            if bytes.starts_with(b"%PDF-") {
                PageFormat::Pdf
            } else if start == Some(&b'<') {
                PageFormat::Html
            } else {
                PageFormat::Text
            }
        });
        SourcePage {
            path,
            format,
            bytes,
        }
    }

    /// Reads a page from disk.
    pub fn read(path: &Path) -> Result<SourcePage> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(SourcePage::from_bytes(path, bytes))
    }
}

/// Walks `roots` and yields the path of every indexable page, sorted within each
/// folder; a root that is itself a file is yielded as is. Symlinks are followed.
/// Problems come out as [`Error::Skipped`] naming the path, and the walk goes on:
/// symlink loops, unreadable folders, broken symlinks, and entries with a page's
/// extension that are not regular files (a FIFO named `x.html` is never opened,
/// as reading it could block forever). Hidden entries (`.name`) are not walked.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<PathBuf>> + '_ {
    roots.iter().flat_map(|root| {
        walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
            .filter_map(|entry| match entry {
                Ok(e) if e.file_type().is_dir() => None,
                Ok(e) if PageFormat::of(e.path()).is_none() => None,
                Ok(e) if e.file_type().is_file() => Some(Ok(e.into_path())),
                Ok(e) => Some(Err(Error::Skipped {
                    path: e.into_path(),
                    reason: "not a regular file".into(),
                })),
                Err(err) => {
                    let path = err.path().map(Path::to_path_buf).unwrap_or_default();
                    // A broken link named `photo.jpg` is none of our business.
                    if path.extension().is_some() && PageFormat::of(&path).is_none() {
                        return None;
                    }
                    let reason = if err.loop_ancestor().is_some() {
                        "symlink loop".to_string()
                    } else if path
                        .symlink_metadata()
                        .is_ok_and(|m| m.file_type().is_symlink())
                        && std::fs::metadata(&path).is_err()
                    {
                        "broken symlink (its target does not exist)".to_string()
                    } else {
                        err.io_error()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| err.to_string())
                    };
                    Some(Err(Error::Skipped { path, reason }))
                }
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_extension() {
        assert_eq!(
            PageFormat::of(Path::new("a/B.HTML")),
            Some(PageFormat::Html)
        );
        assert_eq!(PageFormat::of(Path::new("a/b.txt")), Some(PageFormat::Text));
        assert_eq!(PageFormat::of(Path::new("a/b.PDF")), Some(PageFormat::Pdf));
        let pdf = SourcePage::from_bytes("upload", b"%PDF-1.4\n".to_vec());
        assert_eq!(pdf.format, PageFormat::Pdf);
        assert_eq!(PageFormat::of(Path::new("a/b.png")), None);
        assert_eq!(PageFormat::of(Path::new("a/html")), None);
    }
}
