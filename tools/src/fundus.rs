//! The fundus expected parses of `../shared/corpus/real` (`fundus-*.expected.json`
//! beside the `fundus-*.html` pages they describe): their reader, the match of
//! a parse to its page, and the extraction score against them.

use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::eval::{self, EvalReport, Gold};
use polsearch::extract::Rules;

/// Scores polsearch's extractor on the fundus pages under `real_dir`
/// (`fundus-*.html` beside a `fundus-*.expected.json`) against their expected
/// parses: the body against the parse's paragraphs, title, authors and
/// publishing day. A parse is matched to the page of its folder that holds
/// most of its title's words; parses without a page are skipped.
pub fn evaluate(real_dir: &Path, rules: &Rules) -> anyhow::Result<EvalReport> {
    let mut golds = Vec::new();
    for f in expected_files(real_dir) {
        for exp in load_expected(&f)? {
            let Some(path) = find_page(f.parent().unwrap_or(Path::new(".")), &exp.title) else {
                continue;
            };
            golds.push(Gold {
                id: exp.source,
                path,
                body: exp.body,
                title: Some(exp.title),
                authors: (!exp.authors.is_empty()).then_some(exp.authors),
                date: exp.date,
                ..Gold::default()
            });
        }
    }
    Ok(eval::evaluate_golds(real_dir.to_path_buf(), golds, rules)?)
}

/// A fundus expected parse: title, summary, paragraphs, topics, authors,
/// publishing date.
#[derive(Debug, Clone)]
pub struct Expected {
    /// `FILE#key` of the parse.
    pub source: String,
    /// The headline.
    pub title: String,
    /// The summary paragraphs, joined by spaces.
    pub summary: String,
    /// The body paragraphs, separated by blank lines.
    pub body: String,
    /// The site's own `topics` tags.
    pub tags: Vec<String>,
    /// The author names.
    pub authors: Vec<String>,
    /// `YYYY-MM-DD…` as fundus prints it.
    pub date: Option<String>,
}

/// The `fundus-*.expected.json` files under `real_dir`, sorted.
pub fn expected_files(real_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(real_dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .map(|e| e.into_path())
        .filter(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with("fundus-")
                    && n.to_string_lossy().ends_with(".expected.json")
            })
        })
        .collect();
    files.sort();
    files
}

/// The parses of one `fundus-*.expected.json` file.
pub fn load_expected(path: &Path) -> anyhow::Result<Vec<Expected>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (key, v) in json.as_object().into_iter().flatten() {
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .into_iter()
                .flatten()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        };
        let body = &v["body"];
        let paragraphs: Vec<String> = body["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| strings(&s["paragraphs"]))
            .collect();
        out.push(Expected {
            source: format!("{}#{key}", path.display()),
            title: v["title"].as_str().unwrap_or("").to_string(),
            summary: strings(&body["summary"]).join(" "),
            body: paragraphs.join("\n\n"),
            tags: strings(&v["topics"]),
            authors: strings(&v["authors"]),
            date: v["publishing_date"].as_str().map(str::to_string),
        });
    }
    Ok(out)
}

fn title_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() > 3)
        .map(str::to_lowercase)
        .collect()
}

/// The HTML page of a fundus folder whose text holds most of the title's words.
pub fn find_page(dir: &Path, title: &str) -> Option<PathBuf> {
    let words = title_words(title);
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(usize, PathBuf)> = None;
    for e in std::fs::read_dir(dir).ok()?.flatten() {
        let p = e.path();
        let name = p.file_name()?.to_string_lossy().to_string();
        if !name.starts_with("fundus-") || !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&std::fs::read(&p).ok()?).to_lowercase();
        let hits = words.iter().filter(|w| html.contains(w.as_str())).count();
        if hits * 10 >= words.len() * 8 && best.as_ref().is_none_or(|(b, _)| hits > *b) {
            best = Some((hits, p));
        }
    }
    best.map(|(_, p)| p)
}
