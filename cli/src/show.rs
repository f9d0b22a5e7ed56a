//! `polsearch show HIT`: one article for reading in the terminal, rendered by
//! html2text from what the index stores (the body's structure when the page
//! had one), wrapped to the terminal width, through `$PAGER` on a terminal.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use polsearch::search::Document;

use super::output::ColorChoice;
use super::search::{open_or_build, LastSearch, DEFAULT_INDEX, LAST_SEARCH};
use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch show`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
The article is named by its indexed path (or a trailing part of it, such as the
file name), its URL, or its document id; or by its number in the last search
run on this index (-n 2 is the second hit listed).

Examples:
  polsearch search 'wagner mali' && polsearch show -n 1
  polsearch show corpus/meridian-review/2025/wagner-leaves-mali-africa-corps.html
  polsearch show https://example.org/analysis/wagner-in-mali --width 72 | less")]
pub struct ShowArgs {
    /// The article: indexed path (or its file name), URL or document id
    #[arg(required_unless_present = "nth", conflicts_with = "nth")]
    pub hit: Option<String>,
    /// The K-th hit of the last search on this index
    #[arg(short = 'n', long = "nth", value_name = "K")]
    pub nth: Option<usize>,
    /// Index folder [default: index, built from `corpus/` on first use when missing]
    #[arg(long, value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Wrap at this many columns [default: the terminal's width, else 80]
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
    /// Print one JSON object (the stored fields, body and markup)
    #[arg(long)]
    pub json: bool,
    /// Print straight to stdout, never through $PAGER
    #[arg(long)]
    pub no_pager: bool,
    /// Colour the heading lines: auto (a terminal without NO_COLOR), always, never
    #[arg(long, value_enum, default_value = "auto", value_name = "WHEN")]
    pub color: ColorChoice,
    /// Rules and taxonomy used when the index is built on first use.
    #[command(flatten)]
    pub data: DataArgs,
}

/// The path of the `k`-th hit of the last search on `index`.
fn last_hit(index: &Path, k: usize) -> anyhow::Result<String> {
    let file = index.join(LAST_SEARCH);
    let text = std::fs::read_to_string(&file).map_err(|_| {
        anyhow::anyhow!(
            "no search run yet on {}: `show -n` needs one",
            index.display()
        )
    })?;
    let last: LastSearch = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a saved search", file.display()))?;
    last.hits
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, p)| p.clone())
        .ok_or_else(|| {
            let numbers = match (last.hits.first(), last.hits.last()) {
                (Some(a), Some(b)) => format!("hits {}–{}", a.0, b.0),
                _ => "no hits".to_string(),
            };
            anyhow::anyhow!(
                "the last search ('{}') listed {numbers}, not {k}",
                last.query
            )
        })
}

/// Runs `polsearch show`.
pub fn run(args: ShowArgs) -> anyhow::Result<u8> {
    let engine = open_or_build(args.index.as_deref(), &args.data)?;
    let dir = args.index.as_deref().unwrap_or(Path::new(DEFAULT_INDEX));
    let key = match (&args.hit, args.nth) {
        (Some(h), _) => h.clone(),
        (None, Some(k)) => last_hit(dir, k)?,
        (None, None) => unreachable!("clap requires HIT or -n"),
    };
    let doc = engine.document(&key)?.ok_or_else(|| {
        anyhow::anyhow!(
            "{key}: not in the index {} (by path, URL or id)",
            dir.display()
        )
    })?;
    if args.json {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let terminal = std::io::stdout().is_terminal();
    let width = args
        .width
        .or_else(|| terminal.then(terminal_width).flatten())
        .unwrap_or(80)
        .clamp(20, 400);
    let text = render(&doc, width, args.color.enabled())?;
    if terminal && !args.no_pager {
        if let Some(done) = page(&text) {
            return done.map(|()| EXIT_OK);
        }
    }
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(EXIT_OK)
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// The article as text: the heading lines (title, dek, byline and date, site
/// and URL, places and topics), then the body rendered by html2text at `width`.
pub fn render(doc: &Document, width: usize, color: bool) -> anyhow::Result<String> {
    let clean = |s: &str| polsearch::terminal::sanitize(s, false);
    let wrap = |s: &str| -> anyhow::Result<String> {
        let mut p = String::from("<p>");
        polsearch::extract::html::markup::escape(&mut p, &clean(s));
        p.push_str("</p>");
        Ok(html2text::from_read(p.as_bytes(), width)?)
    };
    let paint = |style: &str, s: String| {
        if color {
            s.lines().map(|l| format!("{style}{l}{RESET}\n")).collect()
        } else {
            s
        }
    };
    let mut out = String::new();
    let title = if doc.title.is_empty() {
        "(untitled)"
    } else {
        &doc.title
    };
    out.push_str(&paint(BOLD, wrap(title)?));
    if let Some(dek) = doc.subtitle.as_deref().filter(|d| !d.trim().is_empty()) {
        out.push_str(&wrap(dek)?);
    }
    let (meta, about) = header_lines(doc);
    for line in [meta.join(" · "), about.join(" · ")] {
        if !line.is_empty() {
            out.push_str(&paint(DIM, wrap(&line)?));
        }
    }
    out.push_str(&clean(doc.url.as_deref().unwrap_or(&doc.path)));
    out.push_str("\n\n");
    out.push_str(&render_body(doc, width)?);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The lines above an article's body, as their parts: who, when, where
/// and what (authors, date, site, kind), then what it is about (regions
/// with their countries, topics); empty parts left out. `polsearch serve`
/// shows the same.
pub fn header_lines(doc: &Document) -> (Vec<String>, Vec<String>) {
    let mut meta: Vec<String> = Vec::new();
    if !doc.authors.is_empty() {
        meta.push(format!("By {}", doc.authors.join(", ")));
    }
    meta.extend(doc.date.clone());
    meta.extend(doc.site.clone());
    meta.extend(doc.kind.clone());
    let mut places = doc.region.join(", ");
    if !doc.country.is_empty() {
        places.push_str(&format!(" ({})", doc.country.join(", ")));
    }
    let about = [places, doc.topic.join(", ")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    (meta, about)
}

/// The body as text, as the page structured it (headings, lists, quotes,
/// tables, links as numbered references), wrapped at `width` by html2text;
/// control characters removed. `polsearch serve` shows the same text.
pub fn render_body(doc: &Document, width: usize) -> anyhow::Result<String> {
    let html = match &doc.markup {
        Some(m) => m.clone(),
        None => polsearch::extract::html::markup::paragraphs(&doc.body),
    };
    let body = html2text::from_read(html.as_bytes(), width)
        .with_context(|| format!("{}: cannot render the body", doc.path))?;
    Ok(polsearch::terminal::sanitize(&body, true))
}

/// The terminal's width from `COLUMNS` or the terminal itself.
fn terminal_width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()) {
        return Some(n);
    }
    // SAFETY: TIOCGWINSZ writes one `winsize` into the struct we pass.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(ws.ws_col as usize)
}

/// Shows `text` through `$PAGER` (default `less -R`); `None` when no pager
/// could be started (then the caller prints it).
fn page(text: &str) -> Option<anyhow::Result<()>> {
    let pager = std::env::var("PAGER")
        .ok()
        .filter(|p| !p.trim().is_empty())
        .unwrap_or_else(|| "less -R".to_string());
    let mut parts = pager.split_whitespace();
    let mut child = std::process::Command::new(parts.next()?)
        .args(parts)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    // a pager quit early closes its input: not an error
    let written = stdin.write_all(text.as_bytes());
    drop(stdin);
    let status = child.wait();
    Some(match (written, status) {
        (Err(e), _) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        (_, Err(e)) => Err(e.into()),
        _ => Ok(()),
    })
}
