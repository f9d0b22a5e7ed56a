//! Development tools for polsearch: readers for the labelled data sets in
//! `../shared` (beside the repository) and the evaluations run on them. None of
//! this is part of the product: the `polsearch` library knows no particular
//! data set, and its generic gold-folder scorer ([`polsearch::eval`]) is what
//! these evaluations feed.
//!
//! - [`shared`] finds `../shared` (and fails under `CI=true` when it is missing);
//! - [`fundus`] reads the fundus expected parses and scores the extractor on them;
//! - [`reuters`] parses Reuters-21578 SGML, [`places`] maps its place codes to regions;
//! - [`facets`] scores regions and topics on Reuters places and fundus tags;
//! - [`split`] is the tuning/validation split rule, [`wcxb`] reads wcxb-dev, and
//!   [`metadata`] scores title, authors and publication day on them;
//! - [`gbdt`] trains the gradient-boosted trees that [`polsearch::model`] runs.
//!
//! The `polsearch-tools` binary runs the evaluations (`eval-fundus`, `eval-facets`, `eval-meta`);
//! the integration tests call them to hold the quality floors.
#![deny(missing_docs)]

pub mod facets;
pub mod fundus;
pub mod gbdt;
pub mod metadata;
pub mod places;
pub mod reuters;
pub mod shared;
pub mod split;
pub mod wcxb;
