//! Rendering results for people (highlighted snippets, facet counts) or as
//! JSON (one object) / JSON Lines (one hit per line).

use std::io::{IsTerminal, Write};

use polsearch::search::{Hit, SearchResults};

/// When to colour the output.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is unset or empty.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// An output format.
#[derive(Debug, Clone, Copy)]
pub enum Format {
    /// For people; `true` = with colour.
    Human(bool),
    /// One JSON object.
    Json,
    /// One JSON object per hit, one per line.
    Jsonl,
    /// A table of the hits with a header row, fields separated by this byte
    /// (`,` for CSV, tab for TSV), quoted by the `csv` crate where needed.
    Table(u8),
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const MATCH: &str = "\x1b[1;31m";
const RESET: &str = "\x1b[0m";

/// Prints `results` in `format`; `offset` numbers the hits of a later page.
pub fn print(results: &SearchResults, format: Format, offset: usize) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        Format::Json => {
            serde_json::to_writer(&mut out, results)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for hit in &results.hits {
                serde_json::to_writer(&mut out, hit)?;
                writeln!(out)?;
            }
        }
        Format::Table(delimiter) => super::table::write(&mut out, results, delimiter)?,
        Format::Human(color) => print_human(&mut out, results, color, offset)?,
    }
    out.flush()?;
    Ok(())
}

fn paint(color: bool, style: &str, text: &str) -> String {
    if color {
        format!("{style}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// The snippet with its highlights in colour; without colour it is printed as is.
fn snippet(hit: &Hit, color: bool) -> String {
    if !color {
        return hit.snippet.clone();
    }
    let mut s = String::with_capacity(hit.snippet.len() + 16 * hit.highlights.len());
    let mut at = 0;
    for &(start, end) in &hit.highlights {
        if start < at
            || end > hit.snippet.len()
            || !hit.snippet.is_char_boundary(start)
            || !hit.snippet.is_char_boundary(end)
        {
            continue;
        }
        s.push_str(&hit.snippet[at..start]);
        s.push_str(MATCH);
        s.push_str(&hit.snippet[start..end]);
        s.push_str(RESET);
        at = end;
    }
    s.push_str(&hit.snippet[at..]);
    s
}

fn print_human(
    out: &mut impl Write,
    results: &SearchResults,
    color: bool,
    offset: usize,
) -> std::io::Result<()> {
    let shown = results.hits.len();
    let noun = if results.total == 1 {
        "article"
    } else {
        "articles"
    };
    if let Some(relaxed) = &results.relaxed {
        writeln!(out, "{}", relaxed.notice)?;
    }
    if shown > 0 && (offset > 0 || shown < results.total) {
        writeln!(
            out,
            "{} matching {noun}, showing {}–{}",
            results.total,
            offset + 1,
            offset + shown
        )?;
    } else {
        writeln!(out, "{} matching {noun}", results.total)?;
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let title = if hit.title.is_empty() {
            "(untitled)"
        } else {
            hit.title.as_str()
        };
        writeln!(
            out,
            "\n{:>2}. {}  {}",
            offset + i + 1,
            paint(color, BOLD, title),
            paint(color, DIM, &format!("{:.2}", hit.score))
        )?;
        let mut meta: Vec<String> = Vec::new();
        // the site's own name, with its domain when they differ in words
        meta.extend(match (&hit.site_name, &hit.site) {
            (Some(n), Some(s)) if !same_site(n, s) => Some(format!("{n} ({s})")),
            (Some(n), None) => Some(n.clone()),
            (_, s) => s.clone(),
        });
        meta.extend(hit.date.clone());
        meta.extend(hit.kind.clone());
        if !hit.authors.is_empty() {
            meta.push(hit.authors.join(", "));
        }
        let mut places = hit.region.join(", ");
        if !hit.country.is_empty() {
            places.push_str(&format!(" ({})", hit.country.join(", ")));
        }
        if !places.is_empty() {
            meta.push(places);
        }
        if !hit.topic.is_empty() {
            meta.push(hit.topic.join(", "));
        }
        if !meta.is_empty() {
            writeln!(out, "    {}", paint(color, DIM, &meta.join(" · ")))?;
        }
        writeln!(out, "    {}", hit.url.as_deref().unwrap_or(&hit.path))?;
        if !hit.also.is_empty() {
            let copies: Vec<&str> = (hit.also.iter())
                .map(|c| c.site.as_deref().unwrap_or(&c.path))
                .collect();
            writeln!(
                out,
                "    {}",
                paint(color, DIM, &format!("also at: {}", copies.join(", ")))
            )?;
        }
        if !hit.snippet.is_empty() {
            writeln!(out, "    {}", snippet(hit, color))?;
        }
    }
    let mut first = true;
    for (name, counts) in [
        ("region", &results.facets.region),
        ("country", &results.facets.country),
        ("topic", &results.facets.topic),
        ("page type", &results.facets.page_type),
    ] {
        if counts.is_empty() {
            continue;
        }
        if first {
            writeln!(out)?;
            first = false;
        }
        let mut list: Vec<(&String, &u64)> = counts.iter().collect();
        list.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let list: Vec<String> = list.iter().map(|(k, v)| format!("{k} ({v})")).collect();
        writeln!(
            out,
            "{}{}",
            paint(color, BOLD, &format!("{name}: ")),
            list.join(", ")
        )?;
    }
    Ok(())
}

/// A display name that is only the domain spelled out (`Reuters` for
/// `reuters.com`) adds nothing beside it.
fn same_site(name: &str, site: &str) -> bool {
    let compact = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let label = site.split('.').next().unwrap_or(site);
    compact(name) == compact(label) || compact(name) == compact(site)
}
