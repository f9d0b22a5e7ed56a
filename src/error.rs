//! The library's error type: every variant names what it is about (a file, the
//! index, the query) so that the CLI can print one line with the file and the
//! reason. A variant that carries a `source` says what failed and leaves the
//! cause to the error chain (`std::error::Error::source`), so that printing the
//! chain (as the CLI does, joined by `: `) shows each cause once.

use std::path::PathBuf;

/// Errors returned at the library boundary.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}", path.display())]
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
    #[error("index {}", path.display())]
    Index {
        /// The index folder.
        path: PathBuf,
        /// The underlying tantivy error.
        source: tantivy::TantivyError,
    },
    /// The index folder could not be opened as a directory of index files.
    #[error("index {}: cannot open", path.display())]
    IndexDir {
        /// The index folder.
        path: PathBuf,
        /// Why tantivy could not open it.
        source: tantivy::directory::error::OpenDirectoryError,
    },
    /// A folder holds no index.
    #[error(
        "{}: no index there (build one with `polsearch index PATH… --index {}`)",
        path.display(),
        path.display()
    )]
    NoIndex {
        /// The folder.
        path: PathBuf,
    },
    /// The index was opened without a tokenizer that its schema needs.
    #[error("index {}: analyzer {name} missing", path.display())]
    Tokenizer {
        /// The index folder.
        path: PathBuf,
        /// The tokenizer's name.
        name: String,
    },
    /// Another process holds the index writer lock.
    #[error("index {}: another `polsearch index` is writing to it; wait for it to finish", path.display())]
    Locked {
        /// The index folder.
        path: PathBuf,
    },
    /// A worker thread could not be started.
    #[error("cannot start a worker thread")]
    Thread {
        /// Why the operating system refused.
        source: std::io::Error,
    },
    /// The user's query could not be parsed.
    #[error("query: {0}")]
    Query(String),
    /// A command-line option has a value that cannot be used (`--since
    /// yesterday`).
    #[error("{option}: {reason}")]
    Option {
        /// The option, as the user writes it (`--since`).
        option: String,
        /// What is wrong with its value.
        reason: String,
    },
    /// A region, country or topic filter that names no facet of the index
    /// (the message says which, with a suggestion when there is one).
    #[error("{0}")]
    Facet(String),
    /// A page given by path or URL is not in the index.
    #[error("'{key}' is not in the index (give an indexed path, URL or a page file)")]
    NotIndexed {
        /// The path or URL as given.
        key: String,
    },
    /// A page given by part of its path matches several indexed pages.
    #[error(
        "'{key}' matches {} indexed pages ({}, …); give more of the path",
        matches.len(),
        matches.iter().take(2).map(String::as_str).collect::<Vec<_>>().join(", ")
    )]
    AmbiguousPage {
        /// The part of a path as given.
        key: String,
        /// The indexed pages it matches.
        matches: Vec<String>,
    },
    /// An article has too few distinctive words to look for similar ones.
    #[error("the article has too little text to find similar ones")]
    TooLittleText,
    /// A folder holds none of the files a command reads.
    #[error("{}: no {what}", path.display())]
    NoInput {
        /// The folder.
        path: PathBuf,
        /// What was looked for (`Reuters-21578 .sgm files`).
        what: String,
    },
    /// A configuration or data file (rules, taxonomy) is invalid.
    #[error("{}: {reason}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// An invalid argument or option value. A catch-all being replaced by the
    /// specific variants above ([`Error::NoIndex`], [`Error::Option`],
    /// [`Error::Facet`], [`Error::NotIndexed`]…); do not add uses.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_is_left_to_the_chain() {
        let e = Error::io("a.html", std::io::Error::other("gone"));
        assert_eq!(e.to_string(), "a.html");
        let cause = std::error::Error::source(&e).map(ToString::to_string);
        assert_eq!(cause.as_deref(), Some("gone"));
    }

    #[test]
    fn an_ambiguous_page_names_two_matches() {
        let e = Error::AmbiguousPage {
            key: "mali".into(),
            matches: vec![
                "a/mali.html".into(),
                "b/mali.html".into(),
                "c/mali.txt".into(),
            ],
        };
        assert_eq!(
            e.to_string(),
            "'mali' matches 3 indexed pages (a/mali.html, b/mali.html, …); give more of the path"
        );
    }
}
