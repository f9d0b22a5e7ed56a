//! Resolving what a user types for a region, country or topic (`mali`,
//! `Africa/Mali`, `/war & conflict`) against the facet terms the index itself
//! holds, so that filters follow the data rather than a hard-coded list, and
//! against the names of the taxonomy the index was built with (kept in the
//! index, see [`TaxonomyNames`]; the built-in taxonomy's when it keeps none).

use std::collections::BTreeSet;

use tantivy::schema::Facet;
use tantivy::Searcher;

use super::distance::edit_distance;
use crate::error::{QueryError, QueryErrorKind};
use crate::facets::normalize_label;
use crate::index::TaxonomyNames;
use crate::schema::field;
pub use crate::schema::FacetKind;

/// Every facet path present in an index (`/Africa`, `/Africa/Mali`, `/War &
/// Conflict`), and the names of the index's taxonomy.
#[derive(Debug, Clone, Default)]
pub struct FacetDict {
    /// Region facet paths, both levels.
    pub region: BTreeSet<String>,
    /// Topic facet paths.
    pub topic: BTreeSet<String>,
    /// The names of the taxonomy the index was built with; None for the
    /// built-in one.
    pub taxonomy: Option<TaxonomyNames>,
}

impl FacetDict {
    /// Reads the facet dictionaries of every segment; `taxonomy` holds the
    /// names of the index's taxonomy (None: the built-in taxonomy's).
    pub fn load(
        searcher: &Searcher,
        taxonomy: Option<TaxonomyNames>,
    ) -> tantivy::Result<FacetDict> {
        let mut dict = FacetDict {
            taxonomy,
            ..FacetDict::default()
        };
        for segment in searcher.segment_readers() {
            for (name, set) in [
                (field::REGION, &mut dict.region),
                (field::TOPIC, &mut dict.topic),
            ] {
                // One pass over the dictionary's stream decodes each block once;
                // `facet_from_ord` per ordinal decoded (and set up a zstd context
                // for) a block per facet: 74% of the CPU of a `search` process.
                let reader = segment.facet_reader(name)?;
                let mut stream = reader.facet_dict().stream()?;
                while stream.advance() {
                    let facet = Facet::from_encoded(stream.key().to_vec())
                        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
                    set.insert(facet.to_path_string());
                }
            }
        }
        Ok(dict)
    }

    /// The names of the index's taxonomy.
    pub fn taxonomy(&self) -> &TaxonomyNames {
        self.taxonomy
            .as_ref()
            .unwrap_or_else(|| TaxonomyNames::built_in())
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
    /// is still accepted when its taxonomy has it: a region, a country by path,
    /// name, alias or code (`Malian` → `Africa/Mali`), a topic (the filter then
    /// simply matches nothing); anything else is an error with a suggestion.
    pub fn resolve(&self, kind: FacetKind, input: &str) -> Result<Vec<Facet>, QueryError> {
        let wanted = input.trim().trim_matches('/').to_lowercase();
        if wanted.is_empty() {
            return Err(QueryErrorKind::EmptyFacetName(kind).into());
        }
        let set = self.indexed(kind);
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
        if let Some(facet) = self.in_taxonomy(kind, input.trim(), &wanted) {
            return Ok(vec![facet]);
        }
        let mut candidates: Vec<(String, String)> = set
            .iter()
            .map(|p| (last(p).to_string(), p.clone()))
            .collect();
        candidates.extend(self.taxonomy_paths(kind));
        Err(QueryErrorKind::UnknownFacet {
            kind,
            name: input.trim().to_string(),
            suggestion: suggest(&candidates, &wanted, allowed),
        }
        .into())
    }

    /// The facet paths of `kind`'s field that the index holds.
    fn indexed(&self, kind: FacetKind) -> &BTreeSet<String> {
        if kind == FacetKind::Topic {
            &self.topic
        } else {
            &self.region
        }
    }

    /// The facet of a name of the index's taxonomy (`wanted` is `input` in
    /// lower case): a region by name or synonym (`MENA`), a country by path,
    /// name, alias or code, or a topic by name, synonym (`terrorism`) or the
    /// start of one topic's name (`military`), compared as labels are
    /// ([`normalize_label`]: case, `&`, `and`, punctuation aside).
    fn in_taxonomy(&self, kind: FacetKind, input: &str, wanted: &str) -> Option<Facet> {
        let tax = self.taxonomy();
        let key = normalize_label(input);
        let named = |names: &[String], labels: &[Vec<String>]| {
            let by_name = names
                .iter()
                .find(|n| n.to_lowercase() == wanted || normalize_label(n) == key);
            let by_label = || {
                names
                    .iter()
                    .zip(labels)
                    .find_map(|(n, ls)| ls.iter().any(|l| normalize_label(l) == key).then_some(n))
            };
            by_name
                .or_else(by_label)
                .map(|n| Facet::from_path([n.as_str()]))
        };
        let country = || {
            let by_path = tax
                .countries
                .iter()
                .find(|c| c.path.to_lowercase() == wanted);
            by_path
                .map(|c| Facet::from_path(c.path.split('/')))
                .or_else(|| country_path(tax, input))
        };
        match kind {
            FacetKind::Topic => {
                named(&tax.topics, &tax.topic_labels).or_else(|| topic_by_prefix(&tax.topics, &key))
            }
            FacetKind::Region => {
                let region = match input.trim().trim_matches('/').split_once('/') {
                    Some((r, c)) => self
                        .in_taxonomy(FacetKind::Region, r, &r.to_lowercase())
                        .filter(|f| depth(&f.to_path_string()) == 1)
                        .and_then(|r| {
                            let c = country_path(tax, c)?;
                            let wanted = r.to_path_string();
                            c.to_path_string()
                                .starts_with(&format!("{wanted}/"))
                                .then_some(c)
                        }),
                    None => None,
                };
                region
                    .or_else(|| named(&tax.regions, &tax.region_labels))
                    .or_else(country)
            }
            FacetKind::Country => country(),
        }
    }

    /// Every name a user could have meant for `kind`, with the facet path it
    /// stands for: the paths the index holds and its taxonomy's regions,
    /// countries (by name and alias) and topics, with their synonyms.
    fn taxonomy_paths(&self, kind: FacetKind) -> Vec<(String, String)> {
        let tax = self.taxonomy();
        let path = |p: &str| Facet::from_path(p.split('/')).to_path_string();
        let one = |n: &String| Facet::from_path([n.as_str()]).to_path_string();
        let with_labels = |names: &[String], labels: &[Vec<String>]| {
            let mut out: Vec<(String, String)> =
                names.iter().map(|n| (n.clone(), one(n))).collect();
            for (n, ls) in names.iter().zip(labels) {
                out.extend(ls.iter().map(|l| (l.clone(), one(n))));
            }
            out
        };
        let countries = tax.countries.iter().flat_map(|c| {
            let p = path(&c.path);
            c.names.iter().map(move |n| (n.clone(), p.clone()))
        });
        match kind {
            FacetKind::Topic => with_labels(&tax.topics, &tax.topic_labels),
            FacetKind::Country => countries.collect(),
            FacetKind::Region => {
                let mut out = with_labels(&tax.regions, &tax.region_labels);
                out.extend(countries);
                out
            }
        }
    }
}

/// The one topic whose name, read as labels are, starts with the words of
/// `key` (`military` → `Military & Defense`); None when none or several do.
fn topic_by_prefix(topics: &[String], key: &str) -> Option<Facet> {
    if key.len() < 3 {
        return None;
    }
    let mut found = topics.iter().filter(|t| {
        let name = normalize_label(t);
        name == key || name.starts_with(&format!("{key} "))
    });
    let first = found.next()?;
    found
        .next()
        .is_none()
        .then(|| Facet::from_path([first.as_str()]))
}

/// The facet of the country that `name` names (by name, alias or, failing
/// those, ISO code), compared as labels are (`normalize_label`); the first
/// country of the taxonomy wins.
fn country_path(tax: &TaxonomyNames, name: &str) -> Option<Facet> {
    let key = normalize_label(name);
    let countries = &tax.countries;
    countries
        .iter()
        .find(|c| c.names.iter().any(|n| normalize_label(n) == key))
        .or_else(|| countries.iter().find(|c| normalize_label(&c.code) == key))
        .map(|c| Facet::from_path(c.path.split('/')))
}

/// The facet path of the candidate name closest to `wanted` (`(name, path)`
/// pairs; at most two edits, a third of the name's length for short names;
/// the first in order among equals).
fn suggest(
    candidates: &[(String, String)],
    wanted: &str,
    allowed: impl Fn(&str) -> bool,
) -> Option<String> {
    let wanted = wanted.rsplit('/').next().unwrap_or(wanted).trim();
    let limit = (wanted.chars().count() / 3).clamp(1, 2);
    candidates
        .iter()
        .filter(|(_, p)| allowed(p))
        .map(|(n, p)| (edit_distance(&n.to_lowercase(), wanted), p))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p.trim_start_matches('/').to_string())
}

/// Number of components of a facet path (`/Africa/Mali` → 2).
pub fn depth(path: &str) -> usize {
    path.trim_start_matches('/').split('/').count()
}

/// Last component of a facet path (`/Africa/Mali` → `Mali`).
pub fn last(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}
