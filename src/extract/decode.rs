//! Decoding page bytes to text, the way a browser would but never giving up:
//! a byte-order mark wins; then bytes that are valid UTF-8 are UTF-8 (whatever the
//! page declares); then the charset the page declares (`<meta charset>`,
//! `http-equiv` or `<?xml encoding>`) when it decodes cleanly; then a statistical
//! guess ([`chardetng`]). The last step always succeeds (lossily), so a page with
//! a wrong declaration is never dropped. HTML nested absurdly deep is flattened
//! (see [`limit_nesting`]) so that no later stage can overflow its stack.

use std::borrow::Cow;

use encoding_rs::Encoding;

/// HTML elements nested deeper than this are flattened by [`decode`]. Real pages
/// stay far below it (a few dozen levels); hostile ones go to 100,000.
pub const MAX_HTML_DEPTH: usize = 1000;

/// Decodes `bytes`; returns an error reason for input that is not text at all
/// (an empty file, or e.g. a binary file named `.html`).
pub fn decode(bytes: &[u8], html: bool) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    let text = decode_text(bytes, html)?;
    if html {
        if let Cow::Owned(flat) = limit_nesting(&text, MAX_HTML_DEPTH) {
            return Ok(flat);
        }
    }
    Ok(text)
}

fn decode_text(bytes: &[u8], html: bool) -> Result<String, String> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned());
    }
    if looks_binary(bytes) {
        return Err("binary content, not text".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    // Not UTF-8, so a UTF-8 declaration is wrong; any other one is tried strictly.
    if html {
        if let Some(enc) = declared_charset(bytes).filter(|e| *e != encoding_rs::UTF_8) {
            if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return Ok(text.into_owned());
            }
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    Ok(guess.decode_without_bom_handling(bytes).0.into_owned())
}

/// True when the first few KB hold NUL bytes or mostly control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head
        .iter()
        .filter(|&&b| b < 9 || (b > 13 && b < 32))
        .count();
    nul > 0 || ctrl * 10 > head.len()
}

/// The charset declared in the first 4 KB: `<meta charset=…>`, `<meta
/// http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
/// A UTF-16 declaration in a page that is not UTF-16 means UTF-8 (as in browsers).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = ["charset=", "encoding="]
        .iter()
        .filter_map(|key| head.find(key).map(|i| i + key.len()))
        .min()?;
    let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let enc = Encoding::for_label(label.as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        },
    )
}

/// Elements whose end tag may be left out (the parser closes them itself), and
/// void elements: neither counts as a nesting level.
fn is_flat_element(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "option"
            | "optgroup"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
    )
}

/// Elements whose content is raw text, skipped up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// Drops the tags (never the text) of elements nested deeper than `max_depth`,
/// so that a page nested 100,000 levels deep parses into a tree at most about
/// `max_depth` deep. Depth is counted on the tag stream (open tags minus close
/// tags, leaving out void elements and those with optional end tags), which is
/// an upper bound of the DOM depth html5ever builds. Returns the input unchanged
/// (borrowed) when it is shallow enough, which is the case for real pages.
pub fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    // Cheap exit: fewer tags than the limit cannot nest deeper than it.
    if html.bytes().filter(|&b| b == b'<').count() <= max_depth {
        return Cow::Borrowed(html);
    }
    let mut out: Option<String> = None;
    let mut depth = 0usize;
    let mut copied = 0usize; // bytes of `html` already handled in `out`
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let Some(tag) = Tag::parse(html, start) else {
            i = start + 1;
            continue;
        };
        let mut end = tag.end;
        let drop = match tag.kind {
            TagKind::Other => false,
            TagKind::Open {
                ref name,
                self_closing,
            } => {
                if is_raw_text(name) {
                    end = skip_raw_text(html, tag.end, name);
                    false
                } else if self_closing || is_flat_element(name) {
                    false
                } else {
                    depth += 1;
                    depth > max_depth
                }
            }
            TagKind::Close { ref name } => {
                if is_flat_element(name) {
                    false
                } else {
                    let dropped = depth > max_depth;
                    depth = depth.saturating_sub(1);
                    dropped
                }
            }
        };
        if drop {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..start]);
            copied = end;
        }
        i = end;
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

enum TagKind {
    Open {
        name: String,
        self_closing: bool,
    },
    Close {
        name: String,
    },
    /// Comment, doctype, processing instruction.
    Other,
}

struct Tag {
    kind: TagKind,
    /// Byte offset just past the tag.
    end: usize,
}

impl Tag {
    /// Parses the tag starting at `html[start] == '<'`; `None` when it is not a tag.
    fn parse(html: &str, start: usize) -> Option<Tag> {
        let rest = &html[start..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").map_or(html.len(), |i| start + 4 + i + 3);
            return Some(Tag {
                kind: TagKind::Other,
                end,
            });
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let end = rest.find('>').map_or(html.len(), |i| start + i + 1);
            return Some(Tag {
                kind: TagKind::Other,
                end,
            });
        }
        let (close, name_at) = if rest.starts_with("</") {
            (true, 2)
        } else {
            (false, 1)
        };
        let name: String = rest[name_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == ':')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return None;
        }
        let gt = tag_end(html, start + name_at + name.len());
        let self_closing = html[..gt].ends_with("/>");
        let kind = if close {
            TagKind::Close { name }
        } else {
            TagKind::Open { name, self_closing }
        };
        Some(Tag { kind, end: gt })
    }
}

/// Offset just past the `>` closing a tag whose attributes start at `from`,
/// honouring quoted attribute values.
fn tag_end(html: &str, from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (i, &b) in html.as_bytes()[from..].iter().enumerate() {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return from + i + 1,
            _ => {}
        }
    }
    html.len()
}

/// Offset of the `</name` that ends a raw-text element opened before `from`
/// (or the end of the input).
fn skip_raw_text(html: &str, from: usize, name: &str) -> usize {
    let lower = |s: &str| s.to_ascii_lowercase();
    let needle = format!("</{name}");
    let mut at = from;
    while let Some(i) = html[at..].find("</") {
        let cand = at + i;
        if html.len() >= cand + needle.len()
            && html.is_char_boundary(cand + needle.len())
            && lower(&html[cand..cand + needle.len()]) == needle
        {
            return cand;
        }
        at = cand + 2;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declaration() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=\"iso-8859-1\">café".as_bytes());
        assert!(decode(&bytes, true).unwrap().ends_with("café"));
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_latin1_declaration() {
        let page = "<meta charset=\"iso-8859-1\"><p>Zürich talks</p>";
        assert!(decode(page.as_bytes(), true).unwrap().contains("Zürich"));
    }

    #[test]
    fn declared_charset_used_for_non_utf8_bytes() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("<meta charset=\"windows-1251\"><p>Москва</p>");
        assert!(decode(&bytes, true).unwrap().contains("Москва"));
    }

    #[test]
    fn wrong_utf8_declaration_falls_back_to_detection() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<meta charset=\"utf-8\"><p>Les négociations à Genève ont échoué</p>");
        let text = decode(&bytes, true).unwrap();
        assert!(text.contains("négociations à Genève"), "{text}");
    }

    #[test]
    fn undeclared_legacy_text_is_detected() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Переговоры в Москве завершились без соглашения");
        assert!(decode(&bytes, false).unwrap().contains("Москве"));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"", true).unwrap_err(), "empty file");
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true).is_err());
    }

    #[test]
    fn shallow_html_is_borrowed() {
        let page = "<html><body><div><p>One<p>Two</div><script>if (a<b) {}</script></body></html>";
        assert!(matches!(limit_nesting(page, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_html_is_flattened_keeping_text() {
        let page = format!("{}deep text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let flat = limit_nesting(&page, 100);
        assert!(flat.contains("deep text"));
        assert_eq!(flat.matches("<div>").count(), 100);
        assert_eq!(flat.matches("</div>").count(), 100);
    }

    #[test]
    fn unclosed_paragraphs_do_not_count_as_nesting() {
        let page = format!("<div>{}</div>", "<p>para".repeat(3000));
        assert!(matches!(limit_nesting(&page, 10), Cow::Borrowed(_)));
    }
}
