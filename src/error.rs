//! The library's error type: every variant names what it is about (a file, the
//! index, the query) so that the CLI can print one line with the file and the reason.

use std::path::PathBuf;

/// Errors returned at the library boundary.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// A page was read but could not be turned into an article.
    #[error("{}: {reason}", path.display())]
    Parse {
        /// The page.
        path: PathBuf,
        /// Why it was rejected, in a few words.
        reason: String,
    },
    /// A page was deliberately not indexed (too large, binary, empty…).
    #[error("{}: skipped: {reason}", path.display())]
    Skipped {
        /// The page.
        path: PathBuf,
        /// Why it was skipped.
        reason: String,
    },
    /// The tantivy index could not be opened, written or read.
    #[error("index {}: {source}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
    /// Another process holds the index writer lock.
    #[error("index {}: another `polsearch index` is writing to it; wait for it to finish", path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// The user's query could not be parsed.
    #[error("query: {0}")]
    Query(String),
    /// A configuration or data file (rules, taxonomy) is invalid.
    #[error("{}: {reason}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An invalid argument or option value.
    #[error("{0}")]
    Invalid(String),
}

/// Result alias used throughout the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// Builds an [`Error::Config`] for a TOML file whose `text` does not
    /// deserialize: the parser's message, after the line it points at.
    pub(crate) fn toml(path: &std::path::Path, text: &str, e: &toml::de::Error) -> Self {
        let reason = match e.span() {
            Some(span) => {
                let line = text.as_bytes()[..span.start.min(text.len())]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
                format!("line {}: {}", line + 1, e.message())
            }
            None => e.message().to_string(),
        };
        Error::Config {
            path: path.to_path_buf(),
            reason,
        }
    }

    /// Builds an [`Error::Index`] for the index at `path`.
    pub fn index(path: impl Into<PathBuf>, source: tantivy::TantivyError) -> Self {
        Error::Index {
            path: path.into(),
            source,
        }
    }
}
