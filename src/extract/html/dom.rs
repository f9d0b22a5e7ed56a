//! A flat, pre-order view of the parsed document: node `i`'s subtree is
//! `i..end[i]` and its parent comes before it, so every pass over the tree is a
//! loop over indices (forward for top-down, backward for bottom-up) and nothing
//! recurses, however deep the page nests.

use scraper::node::Element;

/// The element kinds the extractor treats differently; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// `<p>`
    P,
    /// `<div>`, `<section>`, `<main>`, `<center>`
    Div,
    /// `<article>`
    Article,
    /// `<h1>`
    H1,
    /// `<h2>`…`<h6>`
    Heading,
    /// `<a>`
    A,
    /// `<br>`
    Br,
    /// `<li>`
    Li,
    /// `<ul>`, `<ol>`, `<dl>`
    List,
    /// `<td>`, `<th>`
    Cell,
    /// `<table>`, `<tr>`, `<tbody>`…
    Table,
    /// `<pre>`, `<blockquote>`
    Pre,
    /// `<figure>`, `<figcaption>`
    Figure,
    /// `<img>`, `<picture>`, `<video>`, `<iframe>`
    Media,
    /// `<body>`
    Body,
    /// Any other block element (`header`, `dd`, `address`…)
    Block,
    /// Any other inline element.
    Inline,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "p" => Tag::P,
            "div" | "section" | "main" | "center" => Tag::Div,
            "article" => Tag::Article,
            "h1" => Tag::H1,
            "h2" | "h3" | "h4" | "h5" | "h6" => Tag::Heading,
            "a" => Tag::A,
            "br" | "hr" => Tag::Br,
            "li" | "dt" | "dd" => Tag::Li,
            "ul" | "ol" | "dl" => Tag::List,
            "td" | "th" => Tag::Cell,
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "caption" => Tag::Table,
            "pre" | "blockquote" => Tag::Pre,
            "figure" | "figcaption" => Tag::Figure,
            "img" | "picture" | "video" | "iframe" | "embed" | "object" => Tag::Media,
            "body" => Tag::Body,
            "header" | "footer" | "nav" | "aside" | "address" | "form" | "fieldset" | "details"
            | "summary" | "hgroup" | "html" | "menu" | "dialog" | "legend" | "option" => Tag::Block,
            _ => Tag::Inline,
        }
    }

    /// True for tags that start a new line of text.
    pub fn is_block(self) -> bool {
        !matches!(self, Tag::A | Tag::Inline | Tag::Media)
    }
}

/// One node of the flat tree.
pub struct Node<'a> {
    /// Index of the parent (0 for the root).
    pub parent: usize,
    /// One past the last node of this node's subtree.
    pub end: usize,
    /// The element, for element nodes.
    pub el: Option<&'a Element>,
    /// The element's kind (`Inline` for text nodes).
    pub tag: Tag,
    /// The text, for text nodes.
    pub text: Option<&'a str>,
    /// The node in the parsed document (for selector matching).
    pub id: ego_tree::NodeId,
}

/// The document as a flat pre-order list of element and text nodes.
pub struct Dom<'a> {
    /// The nodes; index 0 is the document root.
    pub nodes: Vec<Node<'a>>,
}

impl<'a> Dom<'a> {
    /// Flattens a parsed document (iteratively).
    pub fn new(doc: &'a scraper::Html) -> Dom<'a> {
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        for edge in doc.tree.root().traverse() {
            match edge {
                ego_tree::iter::Edge::Open(n) => {
                    let (el, text, tag) = match n.value() {
                        scraper::Node::Element(e) => (Some(e), None, Tag::of(e.name())),
                        scraper::Node::Text(t) => (None, Some(&**t), Tag::Inline),
                        scraper::Node::Document | scraper::Node::Fragment => {
                            (None, None, Tag::Block)
                        }
                        _ => continue,
                    };
                    let parent = open.last().copied().unwrap_or(0);
                    open.push(nodes.len());
                    nodes.push(Node {
                        parent,
                        end: 0,
                        el,
                        tag,
                        text,
                        id: n.id(),
                    });
                }
                ego_tree::iter::Edge::Close(n) => {
                    if matches!(
                        n.value(),
                        scraper::Node::Element(_)
                            | scraper::Node::Text(_)
                            | scraper::Node::Document
                            | scraper::Node::Fragment
                    ) {
                        if let Some(i) = open.pop() {
                            nodes[i].end = nodes.len();
                        }
                    }
                }
            }
        }
        Dom { nodes }
    }

    /// The ancestors of node `i`, nearest first, up to the root.
    pub fn ancestors(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = i;
        std::iter::from_fn(move || {
            let p = self.nodes[at].parent;
            (p != at).then(|| {
                at = p;
                p
            })
        })
    }

    /// The element name of node `i` ("" for text).
    pub fn name(&self, i: usize) -> &'a str {
        self.nodes[i].el.map_or("", |e| e.name())
    }

    /// Attribute `attr` of node `i`.
    pub fn attr(&self, i: usize, attr: &str) -> Option<&'a str> {
        self.nodes[i].el.and_then(|e| e.attr(attr))
    }

    /// Node `i` as a scraper element, for CSS selector matching.
    pub fn element_ref(&self, doc: &'a scraper::Html, i: usize) -> Option<scraper::ElementRef<'a>> {
        doc.tree
            .get(self.nodes[i].id)
            .and_then(scraper::ElementRef::wrap)
    }

    /// Indices of node `i`'s children.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[i].end;
        let mut at = i + 1;
        std::iter::from_fn(move || {
            if at >= end {
                return None;
            }
            let c = at;
            at = self.nodes[c].end.max(c + 1);
            Some(c)
        })
    }

    /// The text of node `i`'s subtree, whitespace collapsed, skipping nodes for
    /// which `skip` is true.
    pub fn text(&self, i: usize, skip: impl Fn(usize) -> bool) -> String {
        let mut out = String::new();
        let mut j = i;
        while j < self.nodes[i].end.max(i + 1) {
            if skip(j) {
                j = self.nodes[j].end.max(j + 1);
                continue;
            }
            if let Some(t) = self.nodes[j].text {
                push_collapsed(&mut out, t);
            } else if self.nodes[j].tag.is_block() && !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            j += 1;
        }
        out.trim().to_string()
    }
}

/// Appends `text` to `out` with whitespace runs collapsed to one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    if text.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    for (k, word) in text.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_in_pre_order() {
        let doc = scraper::Html::parse_document("<div><p>a <b>b</b></p><p>c</p></div>");
        let dom = Dom::new(&doc);
        let div = (0..dom.nodes.len())
            .find(|&i| dom.name(i) == "div")
            .unwrap();
        let kids: Vec<&str> = dom.children(div).map(|c| dom.name(c)).collect();
        assert_eq!(kids, ["p", "p"]);
        assert_eq!(dom.text(div, |_| false), "a b c");
    }

    #[test]
    fn collapses_whitespace() {
        let mut s = String::new();
        push_collapsed(&mut s, "  a \n b ");
        push_collapsed(&mut s, "c");
        assert_eq!(s, "a b c");
    }
}
