//! The gazetteer: country names, capitals, demonyms, cities and metonyms, and
//! region words, found in an article's weighted parts. What it gives is
//! evidence (where and how often each country and region is named); which of
//! them the article is about is for the models of [`super::features`].

use super::matcher::{CaseRule, Entry, Hit, Mentions, PhraseSet};
use super::taxonomy::Taxonomy;
use super::{Field, Part};

/// What a gazetteer phrase points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// A country (index into the taxonomy's countries).
    Country(usize),
    /// A region word (index into the taxonomy's regions).
    Region(usize),
}

/// The compiled gazetteer.
#[derive(Debug, Clone)]
pub(crate) struct Gazetteer {
    phrases: PhraseSet<Place>,
    /// Primary region index per country.
    pub country_region: Vec<usize>,
    /// Secondary region index per country.
    pub country_secondary: Vec<Option<usize>>,
    /// Background flag per country.
    pub background: Vec<bool>,
}

/// Region and country evidence of one article.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence {
    /// Mentions per country.
    pub country: Vec<Mentions>,
    /// Mentions of each region's own words (`Sahel`, `Latin America`).
    pub region_terms: Vec<Mentions>,
}

fn region_index(tax: &Taxonomy, name: &str) -> usize {
    tax.regions
        .iter()
        .position(|r| r.name == name)
        .expect("validated region")
}

impl Gazetteer {
    /// The gazetteer of a validated taxonomy (every country's regions exist).
    pub(crate) fn new(tax: &Taxonomy) -> Result<Gazetteer, aho_corasick::BuildError> {
        let mut phrases = Vec::new();
        for (i, c) in tax.countries.iter().enumerate() {
            // aliases (ambiguous when also listed as such), then the ambiguous names
            let names = c
                .aliases
                .iter()
                .map(|a| (a, c.ambiguous.contains(a)))
                .chain(c.ambiguous.iter().map(|a| (a, true)));
            for (a, ambiguous) in names {
                phrases.push((a.clone(), entry(Place::Country(i), a, ambiguous)));
            }
        }
        for (i, r) in tax.regions.iter().enumerate() {
            for t in &r.terms {
                phrases.push((t.clone(), entry(Place::Region(i), t, false)));
            }
        }
        // An alias listed twice (ambiguous and plain) keeps its first entry's
        // flags; ambiguous wins so that a user's `ambiguous` list takes effect.
        let mut seen = std::collections::HashMap::new();
        let mut dedup = Vec::new();
        for (p, e) in phrases {
            let key = p.to_ascii_lowercase();
            match seen.get(&key) {
                Some(&i) => {
                    let prev: &mut (String, Entry<Place>) = &mut dedup[i];
                    if prev.1.target == e.target {
                        prev.1.ambiguous |= e.ambiguous;
                    }
                }
                None => {
                    seen.insert(key, dedup.len());
                    dedup.push((p, e));
                }
            }
        }
        Ok(Gazetteer {
            phrases: PhraseSet::new(dedup)?,
            country_region: tax
                .countries
                .iter()
                .map(|c| region_index(tax, c.region.as_deref().unwrap_or("")))
                .collect(),
            country_secondary: tax
                .countries
                .iter()
                .map(|c| c.secondary.as_deref().map(|s| region_index(tax, s)))
                .collect(),
            background: tax
                .countries
                .iter()
                .map(|c| c.background.unwrap_or(false))
                .collect(),
        })
    }

    /// The place an exact phrase (any case) stands for, unambiguous only.
    pub(crate) fn lookup(&self, phrase: &str) -> Option<Place> {
        let hits = self.phrases.find(phrase, true);
        match hits.as_slice() {
            [h] if h.start == 0 && h.end == phrase.len() => {
                let e = self.phrases.entries(h.pattern)[0];
                (!e.ambiguous).then_some(e.target)
            }
            _ => None,
        }
    }

    /// The accepted gazetteer hits in `field` ([`super::matcher::field_hits`]).
    pub(crate) fn hits(&self, field: &Field<'_>) -> Vec<Hit> {
        super::matcher::field_hits(&self.phrases, field)
    }

    /// Gazetteer evidence over the parts of an article (each with its
    /// [`Gazetteer::hits`]). Ambiguous names
    /// (`Georgia`, `Jordan`) count only when the same country, another
    /// country of its region, or the region's own words are named
    /// unambiguously.
    pub(crate) fn evidence(&self, fields: &[(Field<'_>, &[Hit])], regions: usize) -> Evidence {
        let mut ev = Evidence {
            country: vec![Mentions::none(); self.country_region.len()],
            region_terms: vec![Mentions::none(); regions],
        };
        let total: usize = fields
            .iter()
            .filter(|(f, _)| f.part != Part::Labels)
            .map(|(f, _)| f.text.len())
            .sum::<usize>()
            .max(1);
        let mut offset = 0usize;
        let mut ambiguous: Vec<(usize, Part, usize, f32)> = Vec::new();
        for (f, hits) in fields {
            for &h in *hits {
                let e = self.phrases.entries(h.pattern)[0];
                let pos = (offset + h.start) as f32 / total as f32;
                match e.target {
                    Place::Country(c) if e.ambiguous => ambiguous.push((c, f.part, h.pattern, pos)),
                    Place::Country(c) => ev.country[c].add(f.part, h.pattern, pos),
                    Place::Region(r) => ev.region_terms[r].add(f.part, h.pattern, pos),
                }
            }
            if f.part != Part::Labels {
                offset += f.text.len();
            }
        }
        let named = |ev: &Evidence, c: usize| ev.country[c].hits.iter().any(|&h| h > 0);
        let corroborated = |ev: &Evidence, c: usize| {
            let r = self.country_region[c];
            named(ev, c)
                || ev.region_terms[r].hits.iter().any(|&h| h > 0)
                || (0..ev.country.len()).any(|o| {
                    o != c && self.country_region[o] == r && named(ev, o) && !self.background[o]
                })
        };
        let accepted: Vec<_> = ambiguous
            .into_iter()
            .filter(|&(c, ..)| corroborated(&ev, c))
            .collect();
        for (c, part, pattern, pos) in accepted {
            ev.country[c].add(part, pattern, pos);
        }
        ev
    }
}

fn entry(target: Place, phrase: &str, ambiguous: bool) -> Entry<Place> {
    Entry {
        target,
        case: CaseRule::of(phrase, true),
        inflect: false,
        ambiguous,
    }
}
