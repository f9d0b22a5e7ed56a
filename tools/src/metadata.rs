//! Article metadata against gold labels: title, authors and publication day,
//! per split (tuning / validation, [`crate::split`]), on wcxb-dev (HTML), a
//! gold folder (`html/` or `text/` beside `gold/<id>.json`) and the fundus
//! expected parses of `corpus/real`.
//!
//! When a field counts as right (the same rule for every set):
//! - **title**: the lowercase `\w+` words of extracted and gold title are the
//!   same, or their bag-of-words F1 is at least [`TITLE_MIN_F1`] (a word of
//!   punctuation or a subtitle's tail apart);
//! - **authors**: the gold author string is cut into parts at `,` `;` `&` `|`
//!   `/` and ` and `; a part after the first that is only credentials
//!   (`MS, RD`, `Ph.D.`, `E-RYT 200`) is dropped, and one that describes the
//!   person before it (`Shipping Expert`, `CEO of CaseBasix`: [`is_descriptor`])
//!   is optional. Names are compared as their lowercase words without
//!   honorifics (`Dr`, `Prof`) and generational suffixes. Right when every
//!   extracted name is a gold part and every required gold part is extracted:
//!   a missing third author or a job title glued to a name is wrong;
//! - **day**: the same `YYYY-MM-DD`.
//!
//! Pages without a gold value for a field are not counted for it; that an
//! author or a date was extracted where the gold has none is reported apart
//! (`spurious`), as is a gold value with nothing extracted (`missing`).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::corpus::SourcePage;
use polsearch::extract::{self, Article, Rules};
use serde::Serialize;

use crate::split::{domain_of_url, Split};

/// Least bag-of-words F1 between extracted and gold title that counts as right.
pub const TITLE_MIN_F1: f64 = 0.9;

/// One labelled page: where its bytes are and what its metadata should be.
#[derive(Debug, Clone)]
pub struct Case {
    /// An id naming the set and the page (`wcxb:0003`).
    pub id: String,
    /// The page's domain (the split is by it).
    pub domain: String,
    /// The gold page type, when the set has one (`article`…).
    pub page_type: Option<String>,
    /// Where the page is (the file name gives the format).
    pub path: PathBuf,
    /// The page's bytes when they are not read from `path` as they are
    /// (wcxb's pages are gzipped).
    pub source: Source,
    /// The gold title.
    pub title: Option<String>,
    /// The gold authors: one string to cut into parts, or a list of names.
    pub authors: Option<GoldAuthors>,
    /// The gold day (`YYYY-MM-DD`).
    pub date: Option<String>,
}

/// How a case's bytes are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The file as it is.
    File,
    /// A wcxb `html.gz` file, named `<id>.html` for the extractor.
    WcxbGz,
}

/// Gold authors as a set gives them.
#[derive(Debug, Clone)]
pub enum GoldAuthors {
    /// One string as printed (`Ann Lee, MS, RD and Bo Chen`).
    Line(String),
    /// A list of names (fundus).
    List(Vec<String>),
}

impl Case {
    /// The page, ready for the extractor.
    pub fn page(&self) -> anyhow::Result<SourcePage> {
        match self.source {
            Source::File => Ok(SourcePage::read(&self.path)?),
            Source::WcxbGz => Ok(SourcePage::from_bytes(
                self.path.with_extension(""),
                crate::wcxb_dev::gunzip(&self.path)?,
            )),
        }
    }
}

/// The cases of wcxb-dev (`dir` = `../shared/data/wcxb-dev`).
pub fn wcxb_cases(dir: &Path) -> anyhow::Result<Vec<Case>> {
    Ok(crate::wcxb_dev::pages(dir)?
        .into_iter()
        .map(|p| Case {
            id: format!("wcxb:{}", p.id),
            domain: p.domain,
            page_type: Some(p.page_type),
            path: p.html_gz,
            source: Source::WcxbGz,
            title: p.title,
            authors: p.author.map(GoldAuthors::Line),
            date: p.date,
        })
        .collect())
}

/// The cases of a gold folder: `dir/html/<id>.html` (or `dir/text/<id>.txt`
/// with `text`) beside `dir/gold/<id>.json` with `title`, `author`, `date`
/// and optionally `page_type` and `domain` (else the host of its `url`).
pub fn folder_cases(dir: &Path, text: bool) -> anyhow::Result<Vec<Case>> {
    let (sub, ext) = if text {
        ("text", "txt")
    } else {
        ("html", "html")
    };
    let gold = dir.join("gold");
    let mut ids: Vec<String> = std::fs::read_dir(&gold)
        .with_context(|| format!("{}", gold.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    ids.sort();
    let mut out = Vec::new();
    for id in ids {
        let path = dir.join(sub).join(format!("{id}.{ext}"));
        if !path.is_file() {
            continue;
        }
        let json_path = gold.join(format!("{id}.json"));
        let v: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&json_path)
                .with_context(|| format!("{}", json_path.display()))?,
        )
        .with_context(|| format!("{}", json_path.display()))?;
        let s = |k: &str| {
            v[k].as_str()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(domain) = s("domain").or_else(|| s("url").as_deref().and_then(domain_of_url))
        else {
            continue;
        };
        let authors = match &v["author"] {
            serde_json::Value::String(a) if !a.trim().is_empty() => {
                Some(GoldAuthors::Line(a.clone()))
            }
            serde_json::Value::Array(a) => Some(GoldAuthors::List(
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect(),
            )),
            _ => None,
        };
        out.push(Case {
            id: format!(
                "{}:{id}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            ),
            domain,
            page_type: s("page_type"),
            path,
            source: Source::File,
            title: s("title"),
            authors,
            date: s("date"),
        });
    }
    Ok(out)
}

/// The fundus pages of `corpus/real` (`real_dir`) with their expected parses;
/// the domain is the site folder's name.
pub fn fundus_cases(real_dir: &Path) -> anyhow::Result<Vec<Case>> {
    let mut out = Vec::new();
    for f in crate::fundus::expected_files(real_dir) {
        let folder = f.parent().unwrap_or(Path::new("."));
        for exp in crate::fundus::load_expected(&f)? {
            let Some(path) = crate::fundus::find_page(folder, &exp.title) else {
                continue;
            };
            out.push(Case {
                id: format!(
                    "fundus:{}",
                    path.file_name().unwrap_or_default().to_string_lossy()
                ),
                domain: folder
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .to_string(),
                page_type: Some("article".into()),
                path,
                source: Source::File,
                title: Some(exp.title),
                authors: (!exp.authors.is_empty()).then_some(GoldAuthors::List(exp.authors)),
                date: exp.date,
            });
        }
    }
    Ok(out)
}

/// Right answers out of the pages with a gold value, and the two ways of
/// being wrong that say most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// Pages where the field is right.
    pub right: usize,
    /// Pages with a gold value.
    pub total: usize,
    /// Pages with a gold value where nothing was extracted.
    pub missing: usize,
    /// Pages without a gold value where something was extracted.
    pub spurious: usize,
    /// Pages without a gold value.
    pub unlabelled: usize,
}

impl FieldScore {
    /// right / total (1 when there is nothing to score).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.right as f64 / self.total as f64
        }
    }

    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Right => {
                self.right += 1;
                self.total += 1;
            }
            Verdict::Wrong => self.total += 1,
            Verdict::Missing => {
                self.missing += 1;
                self.total += 1;
            }
            Verdict::Spurious => {
                self.spurious += 1;
                self.unlabelled += 1;
            }
            Verdict::Unlabelled => self.unlabelled += 1,
        }
    }
}

/// How one field of one page compares with its gold value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Right.
    Right,
    /// A value other than the gold one.
    Wrong,
    /// No value where the gold has one.
    Missing,
    /// A value where the gold has none.
    Spurious,
    /// Neither has a value.
    Unlabelled,
}

impl Verdict {
    fn of(gold: bool, got: bool, right: impl FnOnce() -> bool) -> Verdict {
        match (gold, got) {
            (true, false) => Verdict::Missing,
            (true, true) if right() => Verdict::Right,
            (true, true) => Verdict::Wrong,
            (false, true) => Verdict::Spurious,
            (false, false) => Verdict::Unlabelled,
        }
    }
}

/// Title, authors and day of one part of the data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct PartScore {
    /// Pages scored.
    pub pages: usize,
    /// The title.
    pub title: FieldScore,
    /// The author set.
    pub authors: FieldScore,
    /// The publication day.
    pub day: FieldScore,
}

/// One page's metadata, extracted and gold, with the verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct PageResult {
    /// The case's id.
    pub id: String,
    /// Its domain.
    pub domain: String,
    /// Its split.
    pub split: Split,
    /// Gold title / extracted title.
    pub title: (Option<String>, String),
    /// Gold authors (as given) / extracted authors.
    pub authors: (Option<String>, Vec<String>),
    /// Gold day / extracted day.
    pub day: (Option<String>, Option<String>),
    /// Verdicts for title, authors, day.
    pub verdicts: [Verdict; 3],
    /// The extraction error, when the page was lost.
    pub error: Option<String>,
}

/// The evaluation of a set of cases.
#[derive(Debug, Clone, Serialize)]
pub struct MetaReport {
    /// Scores per split.
    pub parts: BTreeMap<Split, PartScore>,
    /// Every page's result.
    pub pages: Vec<PageResult>,
}

/// Extracts every case and scores its metadata. `page_type` keeps only the
/// cases of that gold type (cases without a type are kept).
pub fn evaluate(cases: &[Case], rules: &Rules, page_type: Option<&str>) -> MetaReport {
    let mut parts: BTreeMap<Split, PartScore> = BTreeMap::new();
    let mut pages = Vec::new();
    for c in cases {
        if page_type.is_some_and(|t| c.page_type.as_deref().is_some_and(|p| p != t)) {
            continue;
        }
        let split = Split::of(&c.domain);
        let (article, error) = match c.page().and_then(|p| Ok(extract::extract(&p, rules)?)) {
            Ok(a) => (a, None),
            Err(e) => (Article::default(), Some(format!("{e:#}"))),
        };
        let r = score(c, split, &article, error);
        let part = parts.entry(split).or_default();
        part.pages += 1;
        part.title.add(r.verdicts[0]);
        part.authors.add(r.verdicts[1]);
        part.day.add(r.verdicts[2]);
        pages.push(r);
    }
    MetaReport { parts, pages }
}

fn score(c: &Case, split: Split, a: &Article, error: Option<String>) -> PageResult {
    let gold_day = c
        .date
        .as_deref()
        .and_then(|d| d.get(..10))
        .map(str::to_string);
    let got_day = a.date.map(|d| d.format("%Y-%m-%d").to_string());
    let gold_names = c.authors.as_ref().map(gold_parts).filter(|g| !g.is_empty());
    let verdicts = [
        Verdict::of(c.title.is_some(), !a.title.trim().is_empty(), || {
            title_right(c.title.as_deref().unwrap_or(""), &a.title)
        }),
        Verdict::of(gold_names.is_some(), !a.authors.is_empty(), || {
            gold_names
                .as_ref()
                .is_some_and(|g| authors_right(g, &a.authors))
        }),
        Verdict::of(gold_day.is_some(), got_day.is_some(), || {
            gold_day == got_day
        }),
    ];
    PageResult {
        id: c.id.clone(),
        domain: c.domain.clone(),
        split,
        title: (c.title.clone(), a.title.clone()),
        authors: (
            c.authors.as_ref().map(|g| match g {
                GoldAuthors::Line(s) => s.clone(),
                GoldAuthors::List(v) => v.join("; "),
            }),
            a.authors.clone(),
        ),
        day: (gold_day, got_day),
        verdicts,
        error,
    }
}

/// Lowercase `\w+` words.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The title rule: the same words, or a bag-of-words F1 of at least [`TITLE_MIN_F1`].
pub fn title_right(gold: &str, got: &str) -> bool {
    let (g, p) = (words(gold), words(got));
    if g.is_empty() || p.is_empty() {
        return g == p;
    }
    if g == p {
        return true;
    }
    let mut bag: HashMap<&str, usize> = HashMap::new();
    for w in &g {
        *bag.entry(w).or_default() += 1;
    }
    let mut overlap = 0;
    for w in &p {
        if let Some(n) = bag.get_mut(w.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            overlap += 1;
        }
    }
    let f1 = 2.0 * overlap as f64 / (g.len() + p.len()) as f64;
    f1 >= TITLE_MIN_F1
}

/// A gold author part: its comparison key and whether it must be extracted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldName {
    /// [`name_key`] of the part.
    pub key: String,
    /// False for a descriptor of the person before it.
    pub required: bool,
}

/// The gold author parts ([`GoldAuthors::Line`] cut as the module says; a
/// list's names taken as they are).
pub fn gold_parts(g: &GoldAuthors) -> Vec<GoldName> {
    let parts: Vec<String> = match g {
        GoldAuthors::List(v) => v.clone(),
        GoldAuthors::Line(s) => s
            .replace(" and ", ",")
            .split([',', ';', '&', '|', '/'])
            .map(str::to_string)
            .collect(),
    };
    let mut out: Vec<GoldName> = Vec::new();
    for (i, p) in parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i > 0 && is_credentials(p) {
            continue;
        }
        let key = name_key(p);
        if key.is_empty() || out.iter().any(|o| o.key == key) {
            continue;
        }
        out.push(GoldName {
            required: i == 0 || !is_descriptor(p),
            key,
        });
    }
    out
}

/// The author rule: every extracted name is a gold part, every required
/// gold part is extracted.
pub fn authors_right(gold: &[GoldName], got: &[String]) -> bool {
    let got: Vec<String> = got.iter().map(|n| name_key(n)).collect();
    got.iter().all(|k| gold.iter().any(|g| &g.key == k))
        && gold
            .iter()
            .filter(|g| g.required)
            .all(|g| got.contains(&g.key))
}

/// A name's comparison key: lowercase words, honorifics before it and
/// generational suffixes after it dropped (`Dr. Ann Lee Jr.` → `ann lee`).
pub fn name_key(s: &str) -> String {
    const BEFORE: [&str; 10] = [
        "dr",
        "prof",
        "professor",
        "mr",
        "mrs",
        "ms",
        "mx",
        "miss",
        "sir",
        "rev",
    ];
    const AFTER: [&str; 6] = ["jr", "sr", "ii", "iii", "iv", "phd"];
    let mut w = words(s);
    while w.len() > 1 && BEFORE.contains(&w[0].as_str()) {
        w.remove(0);
    }
    while w.len() > 1 && w.last().is_some_and(|l| AFTER.contains(&l.as_str())) {
        w.pop();
    }
    w.join(" ")
}

/// Only credentials: every word an upper-case abbreviation (`MS`, `FAND`,
/// `M.D.`, `E-RYT`), a number, or a degree written in mixed case (`Ph.D.`).
pub fn is_credentials(part: &str) -> bool {
    const DEGREES: [&str; 8] = ["phd", "msc", "bsc", "mph", "mba", "jr", "sr", "esq"];
    let tokens: Vec<&str> = part.split_whitespace().collect();
    !tokens.is_empty()
        && tokens.iter().all(|t| {
            let bare: String = t
                .chars()
                .filter(|c| !matches!(c, '.' | '-' | '+'))
                .collect();
            let abbreviation = !bare.is_empty()
                && bare.chars().count() <= 6
                && bare
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
            abbreviation || DEGREES.contains(&bare.to_lowercase().as_str())
        })
}

/// A part that describes the person named before it: a job title, a
/// newsroom, a credential in words (`Shipping Expert`, `CEO of CaseBasix`,
/// `The Texas Newsroom`, `10+ Years in the Moving Industry`).
pub fn is_descriptor(part: &str) -> bool {
    const ROLE_WORDS: [&str; 32] = [
        "expert",
        "editor",
        "editors",
        "director",
        "dietitian",
        "ceo",
        "cfo",
        "cto",
        "founder",
        "cofounder",
        "educator",
        "writer",
        "reporter",
        "correspondent",
        "contributor",
        "staff",
        "columnist",
        "manager",
        "officer",
        "president",
        "newsroom",
        "specialist",
        "analyst",
        "coach",
        "consultant",
        "professor",
        "horticulturalist",
        "years",
        "of",
        "the",
        "at",
        "in",
    ];
    words(part).iter().any(|w| ROLE_WORDS.contains(&w.as_str()))
}

impl MetaReport {
    /// The scores as a table, tuning and validation side by side.
    pub fn table(&self) -> String {
        let mut s = String::from("                 tuning                     validation\n");
        let part = |k: Split| self.parts.get(&k).copied().unwrap_or_default();
        let (t, v) = (part(Split::Tuning), part(Split::Validation));
        s.push_str(&format!("pages            {:<26} {}\n", t.pages, v.pages));
        for (name, ft, fv) in [
            ("title", t.title, v.title),
            ("authors", t.authors, v.authors),
            ("day", t.day, v.day),
        ] {
            let cell = |f: FieldScore| {
                format!(
                    "{:.3} ({}/{}) -{} +{}",
                    f.ratio(),
                    f.right,
                    f.total,
                    f.missing,
                    f.spurious
                )
            };
            s.push_str(&format!("{name:<16} {:<26} {}\n", cell(ft), cell(fv)));
        }
        s.push_str("(-N: gold value, nothing extracted; +N: extracted where the gold has none)\n");
        s
    }

    /// The wrong fields of the tuning pages, one line each (validation pages
    /// are never listed: they are not looked at while tuning).
    pub fn tuning_errors(&self, limit: usize) -> String {
        let mut s = String::new();
        let mut n = 0;
        for p in self.pages.iter().filter(|p| p.split == Split::Tuning) {
            for (i, field) in ["title", "authors", "day"].iter().enumerate() {
                if !matches!(
                    p.verdicts[i],
                    Verdict::Wrong | Verdict::Missing | Verdict::Spurious
                ) {
                    continue;
                }
                if n == limit {
                    return s;
                }
                n += 1;
                let (gold, got) = match i {
                    0 => (p.title.0.clone().unwrap_or_default(), p.title.1.clone()),
                    1 => (
                        p.authors.0.clone().unwrap_or_default(),
                        p.authors.1.join("; "),
                    ),
                    _ => (
                        p.day.0.clone().unwrap_or_default(),
                        p.day.1.clone().unwrap_or_default(),
                    ),
                };
                s.push_str(&format!(
                    "{} {} {field} {:?}: gold {gold:?} got {got:?}{}\n",
                    p.id,
                    p.domain,
                    p.verdicts[i],
                    p.error
                        .as_deref()
                        .map(|e| format!(" ({e})"))
                        .unwrap_or_default()
                ));
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(s: &str) -> Vec<GoldName> {
        gold_parts(&GoldAuthors::Line(s.into()))
    }

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn titles_match_by_words() {
        assert!(title_right(
            "Port talks: what’s next?",
            "Port Talks — What's next"
        ));
        assert!(!title_right("Port talks resume", "Port talks | The Review"));
        assert!(title_right(
            "The long road to a port deal between Kenya and its neighbours",
            "The long road to a port deal between Kenya and its neighbours again"
        ));
        assert!(!title_right("Port talks", ""));
    }

    #[test]
    fn credentials_are_dropped_and_descriptors_optional() {
        let g = line("Ann Lee, MS, RD, FAND");
        assert_eq!(g.len(), 1);
        assert!(authors_right(&g, &names(&["Ann Lee"])));
        assert!(!authors_right(&g, &names(&["Ann Lee MS"])));
        let g = line("Jo Park, Shipping Expert");
        assert!(authors_right(&g, &names(&["Jo Park"])));
        assert!(!authors_right(&g, &names(&["Jo Park Shipping Expert"])));
        assert!(authors_right(
            &line("Dr. Bo Chen, Ph.D."),
            &names(&["Bo Chen"])
        ));
        // an all-capitals name stays a name
        assert!(authors_right(
            &line("ERIC TUCKER"),
            &names(&["Eric Tucker"])
        ));
    }

    #[test]
    fn every_required_author_must_be_found() {
        let g = line("Ann Lee, Bo Chen, and Cy Diaz");
        assert!(authors_right(
            &g,
            &names(&["Ann Lee", "Bo Chen", "Cy Diaz"])
        ));
        assert!(!authors_right(&g, &names(&["Ann Lee", "Bo Chen"])));
        assert!(!authors_right(
            &g,
            &names(&["Ann Lee", "Bo Chen", "Cy Diaz", "Reuters"])
        ));
        let list = gold_parts(&GoldAuthors::List(names(&["Ann Lee"])));
        assert!(authors_right(&list, &names(&["ann  lee"])));
    }
}
