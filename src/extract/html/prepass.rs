//! A byte-level pass before parsing: drops `<script>`, `<style>`, `<svg>`,
//! `<noscript>`, `<template>` elements and comments, which are most of a modern
//! page's bytes and never article text. JSON-LD scripts are kept (metadata).
//! The pass only cuts whole elements at tag boundaries, so what remains parses
//! the same as before, minus those elements. It also caps the nesting depth (as
//! browsers do): tags nested deeper than [`MAX_DEPTH`] are cut, their text kept,
//! since an HTML tree builder spends time quadratic in the depth.
//!
//! A page whose text is in its `<noscript>` fallback (an app rendered by
//! script, such as a Discourse or Flarum forum, whose server-side view for
//! readers without script is the thread itself) keeps that fallback: when
//! the text inside `<noscript>` elements is at least [`NOSCRIPT_MIN_TEXT`]
//! bytes and [`NOSCRIPT_RATIO`] times the text outside them, the pass is
//! run again with only the `<noscript>` tags cut and their content kept.

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 1024;

/// Elements without an end tag.
const VOID: [&[u8]; 14] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements whose end tag may be left out: a new one closes the open one.
const OPTIONAL_END: [&[u8]; 8] = [b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th"];

/// Elements whose whole content is dropped (raw-text or foreign content).
const DROPPED: [&[u8]; 5] = [b"script", b"style", b"svg", b"noscript", b"template"];

/// Bytes of text (outside tags, whitespace excluded) the `<noscript>`
/// elements of a page must hold at least for their content to be kept.
pub const NOSCRIPT_MIN_TEXT: usize = 1000;

/// How many times the text outside `<noscript>` elements the text inside
/// them must be for their content to be kept.
pub const NOSCRIPT_RATIO: usize = 2;

/// Returns `html` without script/style/svg/noscript/template elements (JSON-LD
/// scripts excepted) and comments; a page whose text is mostly in its
/// `<noscript>` fallback keeps that fallback's content.
pub fn strip(html: &str) -> String {
    let (out, text) = strip_with(html, false);
    if text.noscript >= NOSCRIPT_MIN_TEXT && text.noscript >= NOSCRIPT_RATIO * text.outside {
        return strip_with(html, true).0;
    }
    out
}

/// Text bytes (whitespace excluded) outside tags seen by [`strip_with`].
#[derive(Default)]
struct TextCount {
    /// In what the pass keeps (JSON-LD excepted).
    outside: usize,
    /// Inside `<noscript>` elements.
    noscript: usize,
}

/// Non-whitespace bytes outside tags in `bytes` (a fragment of markup).
fn text_bytes(bytes: &[u8]) -> usize {
    let mut in_tag = false;
    let mut n = 0;
    for &b in bytes {
        match b {
            b'<' => in_tag = true,
            b'>' => in_tag = false,
            _ if !in_tag && !b.is_ascii_whitespace() => n += 1,
            _ => {}
        }
    }
    n
}

/// The pass; with `keep_noscript` the `<noscript>` tags are cut and their
/// content kept. Also counts the text kept and the text inside `<noscript>`.
fn strip_with(html: &str, keep_noscript: bool) -> (String, TextCount) {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut text = TextCount::default();
    let mut copied = 0;
    let mut at = 0;
    // open elements: (name, cut because too deep)
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    while let Some(off) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + off;
        text.outside += bytes[at..lt]
            .iter()
            .filter(|b| !b.is_ascii_whitespace())
            .count();
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            out.push_str(&html[copied..lt]);
            copied = end;
            at = end;
            continue;
        }
        let noscript_tag = |r: &[u8]| keep_noscript && starts_with_tag(r, b"noscript");
        let dropped = DROPPED.iter().find(|n| starts_with_tag(rest, n));
        let Some(name) = dropped.filter(|_| !noscript_tag(rest)) else {
            let tag_end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
            let cut_tag = noscript_tag(rest) || rest.strip_prefix(b"/").is_some_and(noscript_tag);
            if cut_tag || depth_cut(bytes, lt, tag_end, &mut open) {
                out.push_str(&html[copied..lt]);
                copied = tag_end;
            }
            at = if tag_end > lt + 1 { tag_end } else { lt + 1 };
            continue;
        };
        let open_end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
        if *name == b"script" && is_json_ld(&bytes[lt..open_end]) {
            // the JSON is not text: skip to its end tag, copying it
            at = close_tag(bytes, open_end, name).map_or(open_end, |e| {
                bytes[..e]
                    .iter()
                    .rposition(|&b| b == b'<')
                    .unwrap_or(open_end)
            });
            continue;
        }
        // self-closing `<svg/>` has no end tag
        let end = if bytes[..open_end].ends_with(b"/>") {
            open_end
        } else {
            close_tag(bytes, open_end, name).unwrap_or(bytes.len())
        };
        if *name == b"noscript" {
            text.noscript += text_bytes(&bytes[open_end..end]);
        }
        out.push_str(&html[copied..lt]);
        out.push(' ');
        copied = end;
        at = end;
    }
    text.outside += bytes[at..]
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .count();
    out.push_str(&html[copied..]);
    (out, text)
}

/// Tracks the open elements for the tag at `lt..tag_end`; true when the tag
/// is to be cut because it is nested too deep (or closes such a tag).
fn depth_cut<'a>(
    bytes: &'a [u8],
    lt: usize,
    tag_end: usize,
    open: &mut Vec<(&'a [u8], bool)>,
) -> bool {
    let tag = &bytes[lt + 1..tag_end];
    if let Some(close) = tag.strip_prefix(b"/") {
        let name = tag_name(close);
        if name.is_empty() {
            return false;
        }
        // look a few levels down only, so that stray end tags stay cheap
        let low = open.len().saturating_sub(64);
        if let Some(pos) = open[low..]
            .iter()
            .rposition(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            let cut = open[low + pos].1;
            open.truncate(low + pos);
            return cut;
        }
        return false;
    }
    let name = tag_name(tag);
    if name.is_empty() || tag.ends_with(b"/>") || VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
    {
        return false;
    }
    if OPTIONAL_END.iter().any(|v| v.eq_ignore_ascii_case(name))
        && open
            .last()
            .is_some_and(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        open.pop();
    }
    let cut = open.len() >= MAX_DEPTH;
    open.push((name, cut));
    cut
}

/// The tag name at the start of `tag` (letters, digits, `-`, `:`).
fn tag_name(tag: &[u8]) -> &[u8] {
    if !tag.first().is_some_and(u8::is_ascii_alphabetic) {
        return &[];
    }
    let len = tag
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b':'))
        .count();
    &tag[..len]
}

/// True when `rest` (the bytes after `<`) starts with tag `name` (ASCII
/// case-insensitive) followed by a delimiter.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

fn is_json_ld(open_tag: &[u8]) -> bool {
    open_tag
        .windows(7)
        .any(|w| w.eq_ignore_ascii_case(b"ld+json"))
}

/// The byte after the `</name ...>` that closes an element opened before `from`.
fn close_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        let lt = at + find(&bytes[at..], 0, b"</")?;
        if starts_with_tag(&bytes[lt + 2..], name) {
            return Some(memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1));
        }
        at = lt + 2;
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(&hay[from.min(hay.len())..], needle).map(|i| i + from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_and_comments() {
        let html = "<p>a<!-- c --></p><SCRIPT>x</script ><style>s</style><svg/><p>b</p>\
                    <svg><path/></svg><script type=\"application/ld+json\">{}</script>";
        assert_eq!(
            strip(html),
            "<p>a</p>   <p>b</p> <script type=\"application/ld+json\">{}</script>"
        );
    }

    #[test]
    fn caps_nesting_depth_keeping_text() {
        let deep = format!(
            "{}x{}",
            "<div>".repeat(MAX_DEPTH + 10),
            "</div>".repeat(MAX_DEPTH + 10)
        );
        let out = strip(&deep);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains('x'));
        let flat = "<p>a<p>b<br><img src=x><li>c<li>d</p>".repeat(2000);
        assert_eq!(strip(&flat), flat);
    }

    #[test]
    fn a_page_whose_text_is_in_noscript_keeps_it() {
        let post = "<p>The update stalls on every reboot, and the devices stay offline.</p>";
        // an app shell: the thread is only in the fallback for readers without script
        let shell = format!(
            "<body><div id=app></div><noscript><div class=post>{}</div></noscript>\
             <script>boot()</script></body>",
            post.repeat(30)
        );
        let out = strip(&shell);
        assert!(!out.contains("noscript"), "{out}");
        assert_eq!(out.matches("devices stay offline").count(), 30);
        assert!(!out.contains("boot()"));
        // a page with its own text drops a fallback of the same size
        let page = format!(
            "<body><article>{}</article><noscript>{}</noscript></body>",
            post.repeat(20),
            post.repeat(30)
        );
        assert_eq!(strip(&page).matches("devices stay offline").count(), 20);
        // a short "enable JavaScript" notice on an empty shell stays dropped
        let notice =
            "<body><div id=app></div><noscript>Please enable JavaScript.</noscript></body>";
        assert_eq!(strip(notice), "<body><div id=app></div> </body>");
    }

    #[test]
    fn unclosed_script_drops_the_rest() {
        assert_eq!(strip("<p>a</p><script>var x = '</p>"), "<p>a</p> ");
        assert_eq!(strip("<p>a</p><!-- open"), "<p>a</p>");
        assert_eq!(strip("<scripts>a"), "<scripts>a");
    }
}
