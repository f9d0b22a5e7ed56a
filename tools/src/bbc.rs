//! The BBC News data set (Greene & Cunningham 2006) of `../shared/corpus/bulk/bbc`:
//! one folder per category (`business`, `entertainment`, `politics`, `sport`,
//! `tech`), one story per `.txt` file: the headline on the first line, then the
//! body. What the folders say about facets: every politics story is UK
//! politics (region Europe, country United Kingdom, never U.S. politics), and
//! sport and entertainment stories have none of the taxonomy's policy topics.
//!
//! Stories are split like every labelled set ([`Split`]), keyed by
//! `bbc/<category>/<file stem>`; a story whose headline repeats an earlier
//! one's (the data set holds duplicates) is left out.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{bail, Context};
use polsearch::extract::Article;
use polsearch::facets::Classifier;
use serde::Serialize;

use crate::split::Split;

/// The categories of the data set, as folder names.
pub const CATEGORIES: [&str; 5] = ["business", "entertainment", "politics", "sport", "tech"];

/// One BBC story.
#[derive(Debug, Clone)]
pub struct Story {
    /// `category/file` (e.g. `politics/001.txt`).
    pub id: String,
    /// Its folder.
    pub category: String,
    /// Its part of the split.
    pub split: Split,
    /// First line.
    pub title: String,
    /// The rest, paragraphs separated by blank lines.
    pub body: String,
}

impl Story {
    /// The article polsearch sees for the story: its title and body.
    pub fn article(&self) -> Article {
        Article {
            title: self.title.clone(),
            body: self.body.clone(),
            ..Article::default()
        }
    }
}

/// Reads every story under `dir` (the `bbc` folder), category by category,
/// files in name order, duplicates by headline left out.
pub fn read_bbc(dir: &Path) -> anyhow::Result<Vec<Story>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for cat in CATEGORIES {
        let folder = dir.join(cat);
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .with_context(|| format!("{}", folder.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).with_context(|| format!("{}", f.display()))?;
            let text = String::from_utf8_lossy(&bytes);
            let text = text.trim_start();
            let (title, body) = text.split_once('\n').unwrap_or((text, ""));
            let title = title.trim().to_string();
            if title.is_empty() || !seen.insert(title.to_lowercase()) {
                continue;
            }
            let name = f.file_name().unwrap_or_default().to_string_lossy();
            let stem = name.trim_end_matches(".txt");
            out.push(Story {
                id: format!("{cat}/{name}"),
                category: cat.to_string(),
                split: Split::of(&format!("bbc/{cat}/{stem}")),
                title,
                body: body.trim().to_string(),
            });
        }
    }
    if out.is_empty() {
        bail!(
            "{}: no BBC stories (expected {CATEGORIES:?} folders)",
            dir.display()
        );
    }
    Ok(out)
}

/// How one category's stories were tagged.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CategoryReport {
    /// The folder.
    pub category: String,
    /// The part of the split.
    pub split: Option<Split>,
    /// Stories.
    pub stories: usize,
    /// Stories with region Europe and country United Kingdom.
    pub europe_uk: usize,
    /// Stories whose only region is Europe and whose countries include the United Kingdom.
    pub only_europe_uk: usize,
    /// Stories with no region.
    pub no_region: usize,
    /// Stories with region North America.
    pub north_america: usize,
    /// Stories with the topic `U.S. Politics & Congress`.
    pub us_politics: usize,
    /// Stories with no topic.
    pub no_topic: usize,
    /// Some stories of the politics folder not tagged Europe / United
    /// Kingdom: `id: title -> regions | countries | topics`.
    pub misses: Vec<String>,
}

/// Classifies every story and counts, per category and part of the split,
/// the tags the folders speak about.
pub fn eval_bbc(stories: &[Story], c: &Classifier) -> Vec<CategoryReport> {
    let mut out: Vec<CategoryReport> = Vec::new();
    for s in stories {
        let mut a = s.article();
        c.classify(&mut a);
        let i = match out
            .iter()
            .position(|r| r.category == s.category && r.split == Some(s.split))
        {
            Some(i) => i,
            None => {
                out.push(CategoryReport {
                    category: s.category.clone(),
                    split: Some(s.split),
                    ..CategoryReport::default()
                });
                out.len() - 1
            }
        };
        let r = &mut out[i];
        let europe = a.region.iter().any(|x| x == "Europe");
        let uk = a
            .country
            .iter()
            .any(|x| c.country_code(x.rsplit('/').next().unwrap_or(x)).as_deref() == Some("GB"));
        r.stories += 1;
        r.europe_uk += usize::from(europe && uk);
        r.only_europe_uk += usize::from(europe && uk && a.region.len() == 1);
        r.no_region += usize::from(a.region.is_empty());
        r.north_america += usize::from(a.region.iter().any(|x| x == "North America"));
        r.us_politics += usize::from(a.topic.iter().any(|x| x == "U.S. Politics & Congress"));
        r.no_topic += usize::from(a.topic.is_empty());
        if s.category == "politics" && !(europe && uk) && r.misses.len() < 40 {
            r.misses.push(format!(
                "{}: {} -> {} | {} | {}",
                s.id,
                s.title,
                a.region.join(", "),
                a.country.join(", "),
                a.topic.join(", ")
            ));
        }
    }
    out.sort_by(|a, b| (&a.category, a.split).cmp(&(&b.category, b.split)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_categories_and_drops_repeated_headlines() {
        let t = tempfile::tempdir().unwrap();
        for cat in CATEGORIES {
            std::fs::create_dir_all(t.path().join(cat)).unwrap();
        }
        let p = t.path().join("politics");
        std::fs::write(
            p.join("001.txt"),
            "Labour plans a rise\n\nMinisters said so.\n",
        )
        .unwrap();
        std::fs::write(p.join("002.txt"), "Labour plans a rise\n\nAgain.\n").unwrap();
        std::fs::write(t.path().join("sport/001.txt"), "Cup final\n\nA goal.\n").unwrap();
        let s = read_bbc(t.path()).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].id, "politics/001.txt");
        assert_eq!(s[0].title, "Labour plans a rise");
        assert_eq!(s[0].body, "Ministers said so.");
        assert_eq!(s[1].category, "sport");
    }
}
