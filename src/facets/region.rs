//! Regions and countries from the text: gazetteer hits (country names, capitals,
//! demonyms, cities, region words) weighted by where they occur, then thresholds
//! relative to the strongest region/country so that passing mentions drop out.

use super::matcher::{CaseRule, Entry, PhraseSet};
use super::taxonomy::{Settings, Taxonomy};
use super::Field;

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
    background: Vec<bool>,
    /// The `Global` region, if the taxonomy has one.
    global: Option<usize>,
}

/// Region and country evidence of one article.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence {
    /// Score per country.
    pub country: Vec<f64>,
    /// Score of region words per region.
    pub region_terms: Vec<f64>,
    /// Countries named in the title.
    pub in_title: Vec<bool>,
}

impl Evidence {
    fn new(countries: usize, regions: usize) -> Evidence {
        Evidence {
            country: vec![0.0; countries],
            region_terms: vec![0.0; regions],
            in_title: vec![false; countries],
        }
    }
}

/// The regions and countries chosen for an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Choice {
    /// Region indexes, strongest first.
    pub regions: Vec<usize>,
    /// `(country index, region index it is listed under)`, strongest first.
    pub countries: Vec<(usize, usize)>,
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
                phrases.push((
                    a.clone(),
                    Entry {
                        target: Place::Country(i),
                        case: CaseRule::of(a, true),
                        inflect: false,
                        ambiguous,
                    },
                ));
            }
        }
        for (i, r) in tax.regions.iter().enumerate() {
            for t in &r.terms {
                phrases.push((
                    t.clone(),
                    Entry {
                        target: Place::Region(i),
                        case: CaseRule::of(t, true),
                        inflect: false,
                        ambiguous: false,
                    },
                ));
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
            global: tax.regions.iter().position(|r| r.name == "Global"),
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

    /// Gazetteer evidence over the weighted fields of an article.
    pub(crate) fn evidence(&self, fields: &[Field<'_>], regions: usize) -> Evidence {
        let mut ev = Evidence::new(self.country_region.len(), regions);
        let mut ambiguous: Vec<(usize, f64, bool)> = Vec::new();
        for f in fields {
            let caps = super::matcher::is_caps(f.text);
            for h in self.phrases.find(f.text, caps) {
                let e = self.phrases.entries(h.pattern)[0];
                match e.target {
                    Place::Country(c) if e.ambiguous => ambiguous.push((c, f.weight, f.title)),
                    Place::Country(c) => {
                        ev.country[c] += f.weight;
                        ev.in_title[c] |= f.title;
                    }
                    Place::Region(r) => ev.region_terms[r] += f.weight,
                }
            }
        }
        // Ambiguous names count only when the country, or another country of
        // its region, or the region's own words, are named unambiguously.
        let corroborated = |c: usize| {
            let r = self.country_region[c];
            ev.country[c] > 0.0
                || ev.region_terms[r] > 0.0
                || (0..ev.country.len()).any(|o| {
                    o != c
                        && self.country_region[o] == r
                        && ev.country[o] > 0.0
                        && !self.background[o]
                })
        };
        let accepted: Vec<(usize, f64, bool)> = ambiguous
            .into_iter()
            .filter(|&(c, _, _)| corroborated(c))
            .collect();
        for (c, w, title) in accepted {
            ev.country[c] += w;
            ev.in_title[c] |= title;
        }
        ev
    }

    /// Chooses regions and countries from the evidence. `allowed`, when given
    /// (the site's own labels), fixes the regions; countries must fit them.
    pub(crate) fn choose(&self, ev: &Evidence, s: &Settings, allowed: Option<&[usize]>) -> Choice {
        let mut country = ev.country.clone();
        let total: f64 = country.iter().sum();
        for (c, score) in country.iter_mut().enumerate() {
            if self.background[c] && !ev.in_title[c] && *score < s.background_share * total {
                *score = 0.0;
            }
        }
        let mut region_score = ev.region_terms.clone();
        for (c, score) in country.iter().enumerate() {
            region_score[self.country_region[c]] += score;
        }
        let regions: Vec<usize> = match allowed {
            Some(a) => a.to_vec(),
            None => {
                let top = region_score.iter().cloned().fold(0.0, f64::max);
                let mut r: Vec<usize> = (0..region_score.len())
                    .filter(|&r| {
                        region_score[r] >= s.region_min
                            && region_score[r] >= s.region_relative * top
                    })
                    .collect();
                r.sort_by(|a, b| region_score[*b].total_cmp(&region_score[*a]));
                // Multilateral vocabulary outweighing every single region makes
                // the world the subject: venue or party countries do not add
                // their regions unless they weigh as much.
                if let Some(g) = self
                    .global
                    .filter(|g| s.global_subject && r.first() == Some(g))
                {
                    let gs = region_score[g];
                    r.retain(|&x| region_score[x] >= gs);
                }
                if s.global_min_regions > 0 && r.len() >= s.global_min_regions {
                    if let Some(g) = self.global.filter(|g| !r.contains(g)) {
                        r.push(g);
                    }
                }
                r
            }
        };
        let top = country.iter().cloned().fold(0.0, f64::max);
        let mut countries: Vec<(usize, usize)> = (0..country.len())
            .filter(|&c| {
                country[c] > 0.0
                    && country[c] >= s.country_min
                    && country[c] >= s.country_relative * top
            })
            .filter_map(|c| {
                let primary = self.country_region[c];
                if regions.contains(&primary) {
                    Some((c, primary))
                } else {
                    self.country_secondary[c]
                        .filter(|r| regions.contains(r))
                        .map(|r| (c, r))
                }
            })
            .collect();
        countries.sort_by(|a, b| country[b.0].total_cmp(&country[a.0]));
        countries.truncate(s.max_countries);
        Choice { regions, countries }
    }
}
