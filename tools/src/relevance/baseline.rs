//! The plain-BM25 baselines the issue compares against: tantivy's BM25 with
//! English stemming (`en_stem`), fields title ×2 and body, queries parsed by
//! tantivy's query parser with its default OR. Two inputs: the full visible
//! text of each page (chrome included: every text node of `<body>` outside
//! scripts and styles; the `<title>` as title), and a good extractor's main
//! text (trafilatura through `python3` when it is installed, else dom_smoothie,
//! a Rust port of Readability).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context};
use scraper::{Html, Node};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, Value, STORED, STRING, TEXT};
use tantivy::{doc, Index, TantivyDocument};

use super::{rank_of, Query, DEPTH};

/// A page's title and text as a baseline indexes it.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Page path relative to the corpus root.
    pub path: String,
    /// Title.
    pub title: String,
    /// Body text.
    pub body: String,
}

/// Which text a baseline indexes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Every visible text node of the page.
    FullPage,
    /// trafilatura's main text (Python package).
    Trafilatura,
    /// dom_smoothie's (Readability's) main text.
    DomSmoothie,
}

impl Input {
    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Input::FullPage => "BM25, full visible page text",
            Input::Trafilatura => "BM25, trafilatura main text",
            Input::DomSmoothie => "BM25, dom_smoothie main text",
        }
    }

    /// trafilatura when `python3 -c 'import trafilatura'` works, else dom_smoothie.
    pub fn best_extractor() -> Input {
        let ok = Command::new("python3")
            .args(["-c", "import trafilatura"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            Input::Trafilatura
        } else {
            Input::DomSmoothie
        }
    }
}

/// The documents of `pages` (relative to `root`) for `input`; trafilatura's
/// output is cached in `cache` (one JSON line per page) and reused when it
/// holds every page.
pub fn documents(
    root: &Path,
    pages: &[String],
    input: Input,
    cache: &Path,
) -> anyhow::Result<Vec<Doc>> {
    if input == Input::Trafilatura {
        return trafilatura(root, pages, cache);
    }
    let mut out = Vec::with_capacity(pages.len());
    for p in pages {
        let bytes = std::fs::read(root.join(p)).with_context(|| format!("reading {p}"))?;
        let html = String::from_utf8_lossy(&bytes);
        let (title, body) = match input {
            Input::FullPage => visible_text(&html),
            _ => readability(&html),
        };
        out.push(Doc {
            path: p.clone(),
            title,
            body,
        });
    }
    Ok(out)
}

/// The `<title>` and every text node of `<body>` outside script, style,
/// noscript, template and svg elements.
pub fn visible_text(html: &str) -> (String, String) {
    let doc = Html::parse_document(html);
    let mut title = String::new();
    let mut body = String::new();
    for node in doc.tree.root().descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let mut in_body = false;
        let mut in_title = false;
        let mut hidden = false;
        for a in node.ancestors() {
            if let Node::Element(e) = a.value() {
                match e.name() {
                    "script" | "style" | "noscript" | "template" | "svg" => hidden = true,
                    "title" => in_title = true,
                    "body" => in_body = true,
                    _ => {}
                }
            }
        }
        let target = if in_title {
            &mut title
        } else if in_body && !hidden {
            &mut body
        } else {
            continue;
        };
        target.push_str(text);
        target.push(' ');
    }
    (title.trim().to_string(), body)
}

fn readability(html: &str) -> (String, String) {
    let parsed = dom_smoothie::Readability::new(html, None, None)
        .ok()
        .and_then(|mut r| r.parse().ok());
    match parsed {
        Some(a) => (a.title, a.text_content.to_string()),
        None => (String::new(), String::new()),
    }
}

/// The trafilatura script: file paths on stdin, one JSON line per page out.
const TRAFILATURA: &str = r#"
import json, sys, trafilatura
for line in sys.stdin:
    path = line.rstrip("\n")
    data = open(path, "rb").read()
    text = trafilatura.extract(data, favor_precision=False) or ""
    meta = trafilatura.extract_metadata(data)
    title = (meta.title if meta and meta.title else "") or ""
    print(json.dumps({"path": path, "title": title, "text": text}), flush=True)
"#;

fn trafilatura(root: &Path, pages: &[String], cache: &Path) -> anyhow::Result<Vec<Doc>> {
    let read_cache = || -> HashMap<String, Doc> {
        let text = std::fs::read_to_string(cache).unwrap_or_default();
        text.lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| {
                let path = v["path"].as_str()?.to_string();
                let rel = Path::new(&path).strip_prefix(root).ok()?;
                let doc = Doc {
                    path: rel.to_string_lossy().into_owned(),
                    title: v["title"].as_str()?.to_string(),
                    body: v["text"].as_str()?.to_string(),
                };
                Some((doc.path.clone(), doc))
            })
            .collect()
    };
    let mut cached = read_cache();
    if !pages.iter().all(|p| cached.contains_key(p)) {
        let out = std::fs::File::create(cache)
            .with_context(|| format!("creating {}", cache.display()))?;
        let mut child = Command::new("python3")
            .args(["-c", TRAFILATURA])
            .stdin(Stdio::piped())
            .stdout(out)
            .spawn()
            .context("running python3 for trafilatura")?;
        let mut stdin = child.stdin.take().context("python3 stdin")?;
        for p in pages {
            writeln!(stdin, "{}", root.join(p).display())?;
        }
        drop(stdin);
        if !child.wait()?.success() {
            bail!("trafilatura (python3) failed");
        }
        cached = read_cache();
    }
    pages
        .iter()
        .map(|p| {
            cached
                .remove(p)
                .with_context(|| format!("trafilatura gave nothing for {p}"))
        })
        .collect()
}

/// A RAM index of the documents, searched as the baseline.
pub struct Bm25 {
    index: Index,
    parser: QueryParser,
    path: tantivy::schema::Field,
}

impl Bm25 {
    /// Indexes `docs` (title and body with `en_stem`).
    pub fn new(docs: &[Doc]) -> anyhow::Result<Bm25> {
        let mut b = Schema::builder();
        let path = b.add_text_field("path", STRING | STORED);
        let text = TEXT.set_indexing_options(
            tantivy::schema::TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqsAndPositions),
        );
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let index = Index::create_in_ram(b.build());
        let mut writer = index.writer_with_num_threads(1, 64 << 20)?;
        for d in docs {
            writer.add_document(
                doc!(path => d.path.clone(), title => d.title.clone(), body => d.body.clone()),
            )?;
        }
        writer.commit()?;
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        Ok(Bm25 {
            index,
            parser,
            path,
        })
    }

    /// The target's rank for each query (top 10).
    pub fn ranks(&self, queries: &[Query]) -> anyhow::Result<Vec<Option<usize>>> {
        let searcher = self.index.reader()?.searcher();
        let mut out = Vec::with_capacity(queries.len());
        for q in queries {
            let (query, _) = self.parser.parse_query_lenient(&q.text);
            let top = searcher.search(&query, &TopDocs::with_limit(DEPTH).order_by_score())?;
            let mut hits = Vec::new();
            for (_, addr) in top {
                let d: TantivyDocument = searcher.doc(addr)?;
                let p = d.get_first(self.path).and_then(|v| v.as_str());
                hits.push(p.unwrap_or_default().to_string());
            }
            out.push(rank_of(&hits, &q.page));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_keeps_chrome_and_drops_scripts() {
        let (title, body) = visible_text(
            "<html><head><title>T</title><style>x{}</style></head><body><nav>Menu</nav>\
             <p>Text</p><script>var a;</script></body></html>",
        );
        assert_eq!(title, "T");
        assert_eq!(
            body.split_whitespace().collect::<Vec<_>>(),
            ["Menu", "Text"]
        );
    }
}
