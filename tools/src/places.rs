//! The place map of the Reuters evaluation: Reuters place codes (`usa`,
//! `west-germany`) to ISO codes and regions, through the gazetteer CSV of
//! `../shared/data`.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{anyhow, Context};
use polsearch::facets::normalize_label;

/// Maps Reuters place codes to ISO codes and regions through the gazetteer CSV
/// (`country-region-gazetteer.csv`: name, official and alternative names).
#[derive(Debug, Clone)]
pub struct PlaceMap {
    by_name: HashMap<String, (String, String)>,
}

/// Reuters codes of countries that no longer exist or are spelled otherwise.
const HISTORICAL: [(&str, &str); 13] = [
    ("ussr", "RU"),
    ("west-germany", "DE"),
    ("east-germany", "DE"),
    ("czechoslovakia", "CZ"),
    ("yugoslavia", "RS"),
    ("zaire", "CD"),
    ("kampuchea", "KH"),
    ("yemen-arab-republic", "YE"),
    ("yemen-demo-republic", "YE"),
    ("netherlands-antilles", "CW"),
    ("western-samoa", "WS"),
    ("uae", "AE"),
    ("trinidad-tobago", "TT"),
];

impl PlaceMap {
    /// Reads the gazetteer CSV at `path`.
    pub fn load(path: &Path) -> anyhow::Result<PlaceMap> {
        let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
        let col = |n: &str| {
            header
                .iter()
                .position(|h| *h == n)
                .ok_or_else(|| anyhow!("{}: no `{n}` column", path.display()))
        };
        let (iso2, name, official, alt, region) = (
            col("iso2")?,
            col("name")?,
            col("official_name")?,
            col("alt_names")?,
            col("facet_region")?,
        );
        let mut by_name = HashMap::new();
        let mut by_code = HashMap::new();
        for line in lines {
            let cols = split_csv(line);
            if cols.len() <= region {
                continue;
            }
            let entry = (cols[iso2].clone(), cols[region].clone());
            by_code.insert(cols[iso2].clone(), entry.clone());
            let alt_names = cols[alt].split('|');
            for n in [cols[name].as_str(), &cols[official]]
                .into_iter()
                .chain(alt_names)
            {
                by_name
                    .entry(normalize_label(n))
                    .or_insert_with(|| entry.clone());
            }
        }
        for (code, iso) in HISTORICAL {
            if let Some(e) = by_code.get(iso) {
                by_name.insert(normalize_label(code), e.clone());
            }
        }
        for (code, iso) in [
            ("usa", "US"),
            ("uk", "GB"),
            ("ivory-coast", "CI"),
            ("swaziland", "SZ"),
            ("burma", "MM"),
            ("macao", "MO"),
            ("vatican", "VA"),
            ("us-virgin-islands", "VI"),
            ("congo", "CG"),
            ("antigua", "AG"),
            ("turkey", "TR"),
            ("south-korea", "KR"),
            ("north-korea", "KP"),
        ] {
            if let Some(e) = by_code.get(iso) {
                by_name.insert(normalize_label(code), e.clone());
            }
        }
        Ok(PlaceMap { by_name })
    }

    /// `(ISO code, region)` of a Reuters place code.
    pub fn get(&self, code: &str) -> Option<&(String, String)> {
        self.by_name.get(&normalize_label(&code.replace('-', " ")))
    }
}

fn split_csv(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}
