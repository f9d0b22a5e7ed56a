//! polsearch: full-text search for scraped policy and foreign-affairs articles.
//!
//! The data flows through one module per stage:
//!
//! 1. [`corpus`] walks folders of scraped pages (`.html`, `.htm`, `.xhtml`, `.txt`);
//! 2. [`extract`] strips site boilerplate and turns a page into an [`Article`];
//! 3. [`facets`] assigns regions, countries and topics from site labels and the text;
//! 4. [`index`] writes articles into a tantivy index (schema in [`schema`]);
//! 5. [`search`] runs queries with filters, snippets and facet counts;
//! 6. [`export`] hands the index to a distributed engine (Elasticsearch, Quickwit…).
//!
//! ```
//! use polsearch::{corpus::SourcePage, extract::{extract, Rules}};
//! let page = SourcePage::from_bytes("a.txt", b"Title\n\nTitle\n\nAnalysis | Africa\n\nBody text.".to_vec());
//! let article = extract(&page, &Rules::default()).unwrap();
//! assert_eq!(article.title, "Title");
//! ```
#![deny(missing_docs)]

pub mod analysis;
pub mod corpus;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod facets;
pub mod index;
pub mod model;
pub mod schema;
pub mod search;
pub mod terminal;

pub use error::{Error, Result};
pub use extract::{Article, PageType};
