//! The article's structure for reading (`polsearch show`): the blocks that the
//! content renderer keeps, each tagged with what it was on the page (paragraph,
//! heading, list item, quote, table cell) and its links, written back as a
//! small, clean HTML fragment. Only kept blocks appear, in body order, so the
//! fragment says exactly what the indexed body says, with its shape.

use super::dom::{Dom, Tag};

/// What a block of the body was on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A paragraph (or any other block of text).
    #[default]
    Para,
    /// A heading, `level` 2–6 (an `<h1>` in the body is written as `<h2>`).
    Heading(u8),
    /// A list item; `true` in an ordered list.
    Item(bool),
    /// A block quote.
    Quote,
    /// Preformatted text.
    Pre,
    /// A table cell, with the index of its row element.
    Cell(usize),
}

/// The kind of a block whose first text lies inside the open elements `open`
/// (node indices, outermost first): the innermost heading, list item, quote
/// or cell decides.
pub(crate) fn kind_of(dom: &Dom, open: &[usize]) -> Kind {
    for &i in open.iter().rev() {
        match dom.nodes[i].tag {
            Tag::H1 => return Kind::Heading(2),
            Tag::Heading => {
                let level = dom.name(i).as_bytes().get(1).map_or(2, |b| b - b'0');
                return Kind::Heading(level.clamp(2, 6));
            }
            Tag::Li => {
                let ordered = open.iter().rev().any(|&j| dom.name(j) == "ol");
                return Kind::Item(ordered);
            }
            Tag::Pre if dom.name(i) == "pre" => return Kind::Pre,
            Tag::Pre => return Kind::Quote,
            Tag::Cell => return Kind::Cell(dom.nodes[i].parent),
            _ => {}
        }
    }
    Kind::Para
}

/// Escapes text for HTML content and attribute values.
pub fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// The opening tag of a link to `href` when it leads somewhere a reader can
/// follow (an absolute http(s) URL); `None` for relative, `javascript:`,
/// `mailto:` and fragment links, whose text is kept without the link.
pub fn link_open(href: Option<&str>) -> Option<String> {
    let href = href?.trim();
    let lower = href.get(..8)?.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return None;
    }
    let mut s = String::from("<a href=\"");
    escape(&mut s, href);
    s.push_str("\">");
    Some(s)
}

/// Writes the kept blocks (kind, inline HTML) as one HTML fragment: runs of
/// list items become one list, runs of cells one table with a row per row element.
pub fn to_html<'a>(blocks: impl IntoIterator<Item = (Kind, &'a str)>) -> String {
    let mut out = String::new();
    let mut prev = Kind::Para;
    let mut first = true;
    for (kind, html) in blocks {
        let same_run = !first
            && match (prev, kind) {
                (Kind::Item(a), Kind::Item(b)) => a == b,
                (Kind::Cell(_), Kind::Cell(_)) => true,
                _ => false,
            };
        if !same_run && !first {
            close(&mut out, prev);
        }
        match kind {
            Kind::Para => out.push_str("<p>"),
            Kind::Heading(l) => out.push_str(&format!("<h{l}>")),
            Kind::Item(ordered) => {
                if !same_run {
                    out.push_str(if ordered { "<ol>" } else { "<ul>" });
                }
                out.push_str("<li>");
            }
            Kind::Quote => out.push_str("<blockquote>"),
            Kind::Pre => out.push_str("<pre>"),
            Kind::Cell(row) => {
                if !same_run {
                    out.push_str("<table><tr>");
                } else if !matches!(prev, Kind::Cell(r) if r == row) {
                    out.push_str("</tr><tr>");
                }
                out.push_str("<td>");
            }
        }
        out.push_str(html);
        match kind {
            Kind::Para => out.push_str("</p>\n"),
            Kind::Heading(l) => out.push_str(&format!("</h{l}>\n")),
            Kind::Item(_) => out.push_str("</li>"),
            Kind::Quote => out.push_str("</blockquote>\n"),
            Kind::Pre => out.push_str("</pre>\n"),
            Kind::Cell(_) => out.push_str("</td>"),
        }
        prev = kind;
        first = false;
    }
    if !first {
        close(&mut out, prev);
    }
    out
}

/// Closes a run of list items or cells.
fn close(out: &mut String, kind: Kind) {
    match kind {
        Kind::Item(true) => out.push_str("</ol>\n"),
        Kind::Item(false) => out.push_str("</ul>\n"),
        Kind::Cell(_) => out.push_str("</tr></table>\n"),
        _ => {}
    }
}

/// True when a fragment holds more than paragraphs of plain text (a heading,
/// list, quote, table or link), i.e. when it says more than the body does.
pub fn has_structure(fragment: &str) -> bool {
    [
        "<h",
        "<ul>",
        "<ol>",
        "<blockquote>",
        "<pre>",
        "<table>",
        "<a ",
    ]
    .iter()
    .any(|tag| fragment.contains(tag))
}

/// The fragment of a body without structure (a text scrape): one paragraph
/// per blank-line-separated block.
pub fn paragraphs(body: &str) -> String {
    let mut out = String::new();
    for p in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push_str("<p>");
        escape(&mut out, p);
        out.push_str("</p>\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_items_and_cells_are_grouped() {
        let html = to_html([
            (Kind::Heading(2), "Costs"),
            (Kind::Item(false), "one"),
            (Kind::Item(false), "two"),
            (Kind::Cell(7), "a"),
            (Kind::Cell(7), "b"),
            (Kind::Cell(9), "c"),
            (Kind::Para, "end &amp; more"),
        ]);
        assert_eq!(
            html,
            "<h2>Costs</h2>\n<ul><li>one</li><li>two</li></ul>\n\
             <table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>\n\
             <p>end &amp; more</p>\n"
        );
    }

    #[test]
    fn only_followable_links_are_kept() {
        assert_eq!(
            link_open(Some("https://x.org/a?b=1&c=\"2\"")).as_deref(),
            Some("<a href=\"https://x.org/a?b=1&amp;c=&quot;2&quot;\">")
        );
        assert_eq!(link_open(Some("/relative")), None);
        assert_eq!(link_open(Some("javascript:void(0)")), None);
        assert_eq!(link_open(None), None);
    }

    #[test]
    fn plain_paragraphs_have_no_structure() {
        assert!(!has_structure(&paragraphs("one\n\ntwo")));
        assert!(has_structure("<p>x</p>\n<h2>y</h2>"));
        assert!(has_structure("<p><a href=\"https://x.org\">x</a></p>"));
    }

    #[test]
    fn scrapes_become_paragraphs() {
        assert_eq!(paragraphs("a < b\n\n\n\nc"), "<p>a &lt; b</p>\n<p>c</p>\n");
    }
}
