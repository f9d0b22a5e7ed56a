//! Development tools for polsearch: readers for the labelled data sets in
//! `../shared` (beside the repository) and the evaluations run on them. None of
//! this is part of the product: the `polsearch` library knows no particular
//! data set, and its generic gold-folder scorer ([`polsearch::eval`]) is what
//! these evaluations feed.
//!
//! - [`shared`] finds `../shared` (and fails under `CI=true` when it is missing);
//! - [`fundus`] reads the fundus expected parses and scores the extractor on them;
//! - [`reuters`] parses Reuters-21578 SGML, [`places`] maps its place codes to regions;
//! - [`facets`] scores regions and topics on Reuters places and fundus tags,
//!   [`facets_dev`] on the hand-labelled pages of facets-dev, [`bbc`] on the
//!   BBC folders; [`train_facets`] trains the facet models;
//! - [`textset`] scores text scrapes of gold sets per page type, [`text_model`]
//!   trains the body classifier of text scrapes;
//! - [`gbdt`] trains the gradient-boosted trees that [`polsearch::model`] runs;
//! - [`split`] is the project's tuning/validation split by domain, [`wcxb`]
//!   builds the wcxb-dev pool's gold folders with it;
//! - [`blocks`] trains the main-content block model of the HTML extractor;
//! - [`page_types`] trains its page-type model;
//! - [`wcxb_dev`] reads wcxb-dev in place, [`metadata`] scores title, authors and
//!   publication day on it;
//! - [`relevance`] is the relevance benchmark (known-item queries, MRR@10,
//!   beside plain-BM25 baselines) and the tuning of the ranking on it.
//!
//! The `polsearch-tools` binary runs the evaluations (`eval-fundus`, `eval-facets`,
//! `eval-meta`, `relevance`);
//! the integration tests call them to hold the quality floors.
#![deny(missing_docs)]

pub mod bbc;
pub mod blocks;
pub mod domestic;
pub mod facets;
pub mod facets_dev;
pub mod fundus;
pub mod gbdt;
pub mod metadata;
pub mod page_types;
pub mod places;
pub mod relevance;
pub mod reuters;
pub mod shared;
pub mod split;
pub mod text_model;
pub mod textset;
pub mod train_facets;
pub mod wcxb;
pub mod wcxb_dev;
