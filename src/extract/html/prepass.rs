//! A byte-level pass before parsing: drops `<script>`, `<style>`, `<svg>`,
//! `<noscript>`, `<template>` elements and comments, which are most of a modern
//! page's bytes and never article text. JSON-LD scripts are kept (metadata).
//! The pass only cuts whole elements at tag boundaries, so what remains parses
//! the same as before, minus those elements.

/// Elements whose whole content is dropped (raw-text or foreign content).
const DROPPED: [&[u8]; 5] = [b"script", b"style", b"svg", b"noscript", b"template"];

/// Returns `html` without script/style/svg/noscript/template elements (JSON-LD
/// scripts excepted) and comments.
pub fn strip(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut copied = 0;
    let mut at = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[at..]) {
        let lt = at + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            let end = find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            out.push_str(&html[copied..lt]);
            copied = end;
            at = end;
            continue;
        }
        let Some(name) = DROPPED.iter().find(|n| starts_with_tag(rest, n)) else {
            at = lt + 1;
            continue;
        };
        let open_end = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
        if *name == b"script" && is_json_ld(&bytes[lt..open_end]) {
            at = open_end;
            continue;
        }
        // self-closing `<svg/>` has no end tag
        let end = if bytes[..open_end].ends_with(b"/>") {
            open_end
        } else {
            close_tag(bytes, open_end, name).unwrap_or(bytes.len())
        };
        out.push_str(&html[copied..lt]);
        out.push(' ');
        copied = end;
        at = end;
    }
    out.push_str(&html[copied..]);
    out
}

/// True when `rest` (the bytes after `<`) starts with tag `name` (ASCII
/// case-insensitive) followed by a delimiter.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b' ' | b'>' | b'/' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn is_json_ld(open_tag: &[u8]) -> bool {
    open_tag.windows(7).any(|w| w.eq_ignore_ascii_case(b"ld+json"))
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
    fn unclosed_script_drops_the_rest() {
        assert_eq!(strip("<p>a</p><script>var x = '</p>"), "<p>a</p> ");
        assert_eq!(strip("<p>a</p><!-- open"), "<p>a</p>");
        assert_eq!(strip("<scripts>a"), "<scripts>a");
    }
}
