//! Resolving what a user types for a region, country or topic (`mali`,
//! `Africa/Mali`, `/war & conflict`) against the facet terms the index itself
//! holds, so that filters follow the data rather than a hard-coded list.

use std::collections::BTreeSet;

use tantivy::schema::Facet;
use tantivy::Searcher;

use super::distance::edit_distance;
use crate::error::{QueryError, QueryErrorKind};
use crate::schema::field;
pub use crate::schema::FacetKind;

/// Every facet path present in an index (`/Africa`, `/Africa/Mali`, `/War & Conflict`).
#[derive(Debug, Clone, Default)]
pub struct FacetDict {
    /// Region facet paths, both levels.
    pub region: BTreeSet<String>,
    /// Topic facet paths.
    pub topic: BTreeSet<String>,
}

impl FacetDict {
    /// Reads the facet dictionaries of every segment.
    pub fn load(searcher: &Searcher) -> tantivy::Result<FacetDict> {
        let mut dict = FacetDict::default();
        for segment in searcher.segment_readers() {
            for (name, set) in [
                (field::REGION, &mut dict.region),
                (field::TOPIC, &mut dict.topic),
            ] {
                let reader = segment.facet_reader(name)?;
                let mut facet = Facet::root();
                for ord in 0..reader.num_facets() as u64 {
                    reader.facet_from_ord(ord, &mut facet)?;
                    set.insert(facet.to_path_string());
                }
            }
        }
        Ok(dict)
    }

    /// The top-level region facets (`/Africa`…), the parents of the countries.
    pub fn region_roots(&self) -> Vec<Facet> {
        self.region
            .iter()
            .filter(|p| depth(p) == 1)
            .filter_map(|p| Facet::from_text(p).ok())
            .collect()
    }

    /// Resolves `input` to the facets it names, case-insensitively: a full path
    /// (`Africa/Mali`, leading `/` optional) or a last component (`mali`). A name
    /// that matches several paths resolves to all of them. A name the index lacks
    /// is still accepted when it is one of the seven regions or a country the
    /// gazetteer knows (the filter then simply matches nothing); anything else is
    /// an error with a suggestion.
    pub fn resolve(&self, kind: FacetKind, input: &str) -> Result<Vec<Facet>, QueryError> {
        let wanted = input.trim().trim_matches('/').to_lowercase();
        if wanted.is_empty() {
            return Err(QueryErrorKind::EmptyFacetName(kind).into());
        }
        let set = if kind == FacetKind::Topic {
            &self.topic
        } else {
            &self.region
        };
        let allowed = |p: &str| kind != FacetKind::Country || depth(p) == 2;
        let found: Vec<&String> = set
            .iter()
            .filter(|p| allowed(p) && p.trim_start_matches('/').to_lowercase() == wanted)
            .collect();
        let found = if found.is_empty() {
            set.iter()
                .filter(|p| allowed(p) && last(p).to_lowercase() == wanted)
                .collect()
        } else {
            found
        };
        if !found.is_empty() {
            return Ok(found
                .iter()
                .filter_map(|p| Facet::from_text(p).ok())
                .collect());
        }
        if kind != FacetKind::Topic {
            if let Some(r) = crate::facets::REGIONS
                .iter()
                .find(|r| r.to_lowercase() == wanted)
            {
                if kind == FacetKind::Region {
                    return Ok(vec![Facet::from_path([*r])]);
                }
            }
            if let Some(path) = crate::facets::Classifier::default().country_path(input.trim()) {
                return Ok(vec![Facet::from_path(path.split('/'))]);
            }
        }
        Err(QueryErrorKind::UnknownFacet {
            kind,
            name: input.trim().to_string(),
            suggestion: self.suggest(set, &wanted, allowed),
        }
        .into())
    }

    fn suggest(
        &self,
        set: &BTreeSet<String>,
        wanted: &str,
        allowed: impl Fn(&str) -> bool,
    ) -> Option<String> {
        set.iter()
            .filter(|p| allowed(p))
            .map(|p| (edit_distance(&last(p).to_lowercase(), wanted), p))
            .filter(|(d, _)| *d <= 2)
            .min_by_key(|(d, _)| *d)
            .map(|(_, p)| p.trim_start_matches('/').to_string())
    }
}

/// Number of components of a facet path (`/Africa/Mali` → 2).
pub fn depth(path: &str) -> usize {
    path.trim_start_matches('/').split('/').count()
}

/// Last component of a facet path (`/Africa/Mali` → `Mali`).
pub fn last(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
