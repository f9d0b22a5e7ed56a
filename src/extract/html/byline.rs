//! The authors of an HTML page, strongest evidence first: the people of its
//! own JSON-LD article, else its `<meta>` author tags, else the page's
//! visible byline elements (the `byline_selectors` of the rules). Names are
//! cleaned by [`authors::split`]; then news agencies and the site's own name
//! are dropped ([`authors::is_agency`], [`site::is_site_name`]): a page
//! credited to `BBC News` or `Associated Press` has no author to show.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::dom::Dom;
use super::meta::Meta;
use super::HtmlRules;
use crate::extract::{authors, site};

/// Longest text of a byline element read for names (an author box with a
/// bio is longer; its name is in a shorter element inside it).
const MAX_BYLINE: usize = 150;

/// The page's authors; `domain` is its registrable domain.
///
/// Sources are tried in order (JSON-LD, `<meta>`, visible bylines) until one
/// names a person; a name that is only an organisation's credit (a news
/// agency, the site itself) is dropped beside people, and kept when the page
/// credits nobody else (a wire story, a site's own post).
pub(super) fn authors(
    doc: &scraper::Html,
    dom: &Dom,
    rules: &HtmlRules,
    meta: &Meta,
    domain: Option<&str>,
) -> Vec<String> {
    let site_name = meta.site_name.as_deref();
    let credit = |n: &String| {
        authors::is_credit(n)
            || (site::is_site_name(n, site_name, domain)
                && (meta.ld_org_authors.contains(n) || site::looks_like_org(n)))
    };
    let trim = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .filter_map(|n| without_site_suffix(&n, site_name, domain))
            .collect()
    };
    let sources: [&dyn Fn() -> Vec<String>; 4] = [
        &|| trim(meta.ld_authors.clone()),
        &|| {
            trim(
                meta.meta_authors
                    .iter()
                    .flat_map(|(key, a)| meta_names(key, a))
                    .collect(),
            )
        },
        &|| trim(visible(doc, dom, rules)),
        &|| trim(labelled(dom)),
    ];
    let mut fallback: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for source in sources {
        let found = source();
        if found.iter().any(|n| !credit(n)) {
            names = found.into_iter().filter(|n| !credit(n)).collect();
            break;
        }
        if fallback.is_empty() {
            fallback = found;
        }
    }
    if names.is_empty() {
        names = fallback;
    }
    let mut seen = HashSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
    names
}

/// A name with the site's name glued after it cut (`Brian Truitt USA
/// TODAY` → `Brian Truitt`); `None` when nothing is left.
fn without_site_suffix(
    name: &str,
    site_name: Option<&str>,
    domain: Option<&str>,
) -> Option<String> {
    let tokens: Vec<&str> = name.split_whitespace().collect();
    // a site named after its author (`Cathy Horvath Buchanan` on
    // cathyhorvathbuchanan.com) keeps the name whole
    if site::within_site_name(name, site_name, domain) {
        return (!tokens.is_empty()).then(|| name.to_string());
    }
    for k in 1..=3.min(tokens.len().saturating_sub(2)) {
        let tail = tokens[tokens.len() - k..].join(" ");
        if site::is_whole_site_name(&tail, site_name, domain) && site::looks_like_org(&tail) {
            return Some(tokens[..tokens.len() - k].join(" "));
        }
    }
    (!tokens.is_empty()).then(|| name.to_string())
}

/// The names of one `<meta>` author tag: `citation_author` writes one
/// person as `Last, First`.
fn meta_names(key: &str, value: &str) -> Vec<String> {
    if key == "citation_author" {
        if let Some((last, first)) = value.split_once(',') {
            if !first.contains(',') {
                return authors::split(&format!("{} {}", first.trim(), last.trim()));
            }
        }
    }
    authors::split(value)
}

/// The names in the page's first byline element that has some: short
/// elements only, names capitalised as a person's, or a name however written
/// when it is all the element says ([`authors::sole_name`]).
fn visible(doc: &scraper::Html, dom: &Dom, rules: &HtmlRules) -> Vec<String> {
    let Some(sel) = &rules.byline_sel else {
        return Vec::new();
    };
    for i in 0..dom.nodes.len() {
        if dom.nodes[i].el.is_none()
            || !dom.element_ref(doc, i).is_some_and(|e| sel.matches(&e))
            || names_a_title(dom, i)
            || in_comments(dom, i)
        {
            continue;
        }
        let text = dom.text(i, |_| false);
        if text.len() > MAX_BYLINE {
            continue;
        }
        let found: Vec<String> = authors::split(&text)
            .into_iter()
            .filter(|n| authors::is_capitalised(n))
            .collect();
        if !found.is_empty() {
            return found;
        }
        if let Some(name) = authors::sole_name(&text) {
            return vec![name];
        }
    }
    Vec::new()
}

/// Longest line read as a `By …` byline.
const MAX_BY_LINE: usize = 120;

/// The names the page's text credits where no byline element is marked as
/// one: a line that opens with a byline's label (`By Ann Lee`, `Written by:
/// Ann Lee`, `Author: Ann Lee`), a label alone on its line with the name on
/// the next (`Written by` / `Ann Lee`; `Authors` / one name a line), or a
/// link to the person's author page whose address ends in the name
/// (`/authors/ann-lee`). The first such credit at or after the headline wins
/// (one before it is a teaser's or a menu's more often), else the first one.
fn labelled(dom: &Dom) -> Vec<String> {
    let lines = text_lines(dom);
    let headline = dom
        .nodes
        .iter()
        .position(|n| n.tag == super::dom::Tag::H1)
        .unwrap_or(0);
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let names = credited_in_line(dom, line, &lines[k + 1..]);
        if !names.is_empty() {
            found.push((line.at, names));
        }
    }
    found.extend(author_links(dom));
    found.sort_by_key(|(at, _)| *at);
    // a collective credit (`By Team Acme`) gives way to a person credited
    // further on (the author box below the article)
    let person = |names: &[String]| {
        names.iter().any(|n| {
            !authors::is_credit(n)
                && !n
                    .split_whitespace()
                    .next()
                    .is_some_and(|w| w.eq_ignore_ascii_case("team"))
        })
    };
    let after = |at: usize| at >= headline;
    let pick = found
        .iter()
        .position(|(at, n)| after(*at) && person(n))
        .or_else(|| found.iter().position(|(at, _)| after(*at)))
        .unwrap_or(0);
    found
        .into_iter()
        .nth(pick)
        .map(|(_, n)| n)
        .unwrap_or_default()
}

/// The names one text line credits (`next`: the lines after it).
fn credited_in_line(dom: &Dom, line: &Line, next: &[Line]) -> Vec<String> {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:written|posted|authored|article|words|story)\s+)?by\s*:?$|^(?:the\s+)?(authors?|author\s*\(s\))\s*:?$")
            .expect("valid label regex")
    });
    // the label in any case, the name capitalised
    static BY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?i:(?:(?:written|posted|authored|article)\s+)?by\s*:?\s+)\p{Lu}|^(?i:authors?\s*:\s*)\p{Lu}")
            .expect("valid by regex")
    });
    if let Some(c) = LABEL.captures(&line.text) {
        let several = c.get(1).is_some();
        let mut out: Vec<String> = Vec::new();
        let mut last: Option<&Line> = None;
        for l in next.iter().take(if several { 8 } else { 1 }) {
            // co-authors one a line are siblings (the items of one list)
            if last.is_some_and(|p| dom.nodes[p.block].parent != dom.nodes[l.block].parent) {
                break;
            }
            if l.text.len() > MAX_BYLINE {
                break;
            }
            let names = names_in(&l.text);
            if names.is_empty() {
                break;
            }
            out.extend(names);
            if authors::sole_name(&l.text).is_none() {
                break;
            }
            last = Some(l);
        }
        return out;
    }
    if line.text.len() <= MAX_BY_LINE && BY.is_match(&line.text) {
        return names_in(&line.text);
    }
    Vec::new()
}

/// The person names of a credit line: the text before a separator that
/// starts a dateline, a job title or a section (`Ann Lee · May 2`, `Ann Lee
/// - Product marketer`, `Ann Lee at 3 pm`, `Ann Lee in News`), names
/// capitalised as a person's; initials alone (an avatar's `AL`) are none.
fn names_in(text: &str) -> Vec<String> {
    static CUT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s*[·•⋅|]|\s+[-–—]\s|\s+(?:on|at|in)\s").expect("valid cut regex")
    });
    let text = CUT.find(text).map_or(text, |m| &text[..m.start()]).trim();
    let initials =
        |n: &String| n.chars().count() <= 3 && n.chars().all(|c| c.is_uppercase() || c == '.');
    authors::split(text)
        .into_iter()
        .filter(|n| authors::is_capitalised(n) && !initials(n))
        .collect()
}

/// Links to an author's page whose last path segment is the link's text as
/// a slug (`<a href="/authors/ann-lee">Ann Lee</a>`), with the node index.
fn author_links(dom: &Dom) -> Vec<(usize, Vec<String>)> {
    const AUTHOR_PATHS: &[&str] = &[
        "author",
        "authors",
        "writer",
        "writers",
        "contributor",
        "contributors",
        "people",
        "staff",
        "profile",
        "profiles",
        "experts",
        "producers",
    ];
    let slug = |s: &str| {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("-")
    };
    let mut out = Vec::new();
    for i in 0..dom.nodes.len() {
        if dom.nodes[i].tag != super::dom::Tag::A || in_comments(dom, i) {
            continue;
        }
        let Some(href) = dom.attr(i, "href") else {
            continue;
        };
        let path = href.split(['?', '#']).next().unwrap_or("");
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let [.., parent, last] = segments.as_slice() else {
            continue;
        };
        if !AUTHOR_PATHS.contains(&parent.to_ascii_lowercase().as_str()) {
            continue;
        }
        let text = dom.text(i, |_| false);
        let words = text.split_whitespace().count();
        if !(2..=5).contains(&words) || slug(&text) != slug(last) || !authors::is_capitalised(&text)
        {
            continue;
        }
        if let Some(name) = authors::sole_name(&text) {
            out.push((i, vec![name]));
        }
    }
    out
}

/// One line of the page's visible text.
struct Line {
    /// Index of its first text node.
    at: usize,
    /// Its nearest block element.
    block: usize,
    /// Its text, whitespace collapsed.
    text: String,
}

/// The page's visible text as lines (the text of each run of text nodes
/// under one nearest block element); scripts, styles, menus, buttons and
/// comments left out.
fn text_lines(dom: &Dom) -> Vec<Line> {
    let n = dom.nodes.len();
    let mut hidden = vec![false; n];
    let mut lines: Vec<Line> = Vec::new();
    for i in 1..n {
        let p = dom.nodes[i].parent;
        hidden[i] = hidden[p]
            || matches!(
                dom.name(i),
                "script"
                    | "style"
                    | "noscript"
                    | "template"
                    | "head"
                    | "svg"
                    | "nav"
                    | "button"
                    | "select"
            )
            || ["class", "id"].iter().any(|a| {
                dom.attr(i, a).is_some_and(|v| {
                    v.split_whitespace().any(|t| {
                        let t = t.to_ascii_lowercase();
                        ["comment", "menu", "nav"].iter().any(|w| t.starts_with(w))
                    })
                })
            });
        let Some(t) = dom.nodes[i].text else { continue };
        if hidden[i] || t.trim().is_empty() {
            continue;
        }
        let block = dom
            .ancestors(i)
            .find(|&a| dom.nodes[a].tag.is_block())
            .unwrap_or(0);
        match lines.last_mut() {
            Some(line) if line.block == block => {
                // text nodes apart are words apart (`<span>By</span><span>Ann</span>`)
                line.text.push(' ');
                super::dom::push_collapsed(&mut line.text, t.trim());
            }
            _ => {
                let mut text = String::new();
                super::dom::push_collapsed(&mut text, t.trim());
                lines.push(Line { at: i, block, text });
            }
        }
    }
    lines
}

/// An element of an author box classed as the author's job title or role
/// (`author-title`, `author__job`), not the name.
fn names_a_title(dom: &Dom, i: usize) -> bool {
    dom.attr(i, "class").is_some_and(|c| {
        c.split(|ch: char| ch.is_whitespace() || ch == '-' || ch == '_')
            .any(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "title" | "job" | "jobtitle" | "position" | "role"
                )
            })
    })
}

/// An element of the comments (it or an ancestor with a class or id that
/// begins `comment`: `comment-author`, `commentlist`, `comments`): a
/// commenter's name is no author.
fn in_comments(dom: &Dom, i: usize) -> bool {
    let mut at = i;
    loop {
        let marked = ["class", "id"].iter().any(|a| {
            dom.attr(at, a).is_some_and(|v| {
                v.split_whitespace()
                    .any(|t| t.to_ascii_lowercase().starts_with("comment"))
            })
        });
        if marked {
            return true;
        }
        let parent = dom.nodes[at].parent;
        if parent == at {
            return false;
        }
        at = parent;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authors_of(html: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        let rules = crate::extract::Rules::default();
        authors(&doc, &dom, &rules.html, &meta, None)
    }

    #[test]
    fn commenters_and_job_titles_are_no_bylines() {
        let html = r#"<body><article><h1>Refinishing a chair</h1><p>Text.</p></article>
            <ol class="commentlist"><li><p class="comment-author-name">Lori Camp</p>
            <span class="says">says</span><p>Great post!</p></li></ol></body>"#;
        assert!(authors_of(html).is_empty());
        let html = r#"<body><article><h1>Refinishing a chair</h1>
            <div class="post_author-title">Research &amp; Development</div>
            <div class="post_author-name">Jo Edin</div><p>Text.</p></article></body>"#;
        assert_eq!(authors_of(html), ["Jo Edin"]);
    }

    #[test]
    fn a_credit_the_text_labels_is_found_where_no_byline_element_is_marked() {
        // a `By` line under the headline, its parts in separate elements
        let html = r#"<body><nav><a href="/a">By Topic</a></nav><article><h1>Brewing tea</h1>
            <div class="meta"><span>By</span><span>Dana Whit</span> · <time>May 2, 2025</time></div>
            <p>Text.</p></article></body>"#;
        assert_eq!(authors_of(html), ["Dana Whit"]);
        // a label alone, the name on the next line; a job title after a dash cut
        let html = r#"<body><h1>Brewing tea</h1><div><p>Written by</p>
            <p>Dana Whit - Product marketer</p></div><p>Text.</p></body>"#;
        assert_eq!(authors_of(html), ["Dana Whit"]);
        // `Authors` over a list: every item, nothing of the next block
        let html = r#"<body><h1>Brewing tea</h1><div><h6>Author(s)</h6><ul>
            <li>Ann B. Lee</li><li>Bo Chen</li></ul></div><div><h3>Related Content</h3></div>
            <p>Text.</p></body>"#;
        assert_eq!(authors_of(html), ["Ann B. Lee", "Bo Chen"]);
        // a link to the author's page named by its address
        let html = r#"<body><h1>Brewing tea</h1><div class="x"><a href="/team/authors/dana-whit">Dana
            Whit</a></div><p>Text.</p></body>"#;
        assert_eq!(authors_of(html), ["Dana Whit"]);
    }

    #[test]
    fn sentences_menus_avatars_and_team_credits_are_no_labelled_credit() {
        // `By checking out, …`: the word after `By` is no name
        let html = r#"<body><h1>Brewing tea</h1><p>Text.</p>
            <p>By checking out, you agree to our Privacy Policy.</p></body>"#;
        assert!(authors_of(html).is_empty());
        // a menu item and a tag link
        let html = r#"<body><ul class="menu-main"><li><a href="/m">By Manufacturer</a></li></ul>
            <h1>Brewing tea</h1><a href="/tag/personal-finance">Personal Finance</a><p>Text.</p></body>"#;
        assert!(authors_of(html).is_empty());
        // an avatar's initials; a dateline's `at`
        let html = r#"<body><h1>Brewing tea</h1><p>Posted by Dana at December 16, 2025 11:15 AM</p>
            <div><p>Author</p><p>DW</p></div></body>"#;
        assert_eq!(authors_of(html), ["Dana"]);
        // a team credit over the article gives way to the person below it
        let html = r#"<body><h1>Brewing tea</h1><p>By Team Leafy</p><p>Text.</p>
            <p>Written by <a href="https://example.org/u/1">Dana Whit</a></p></body>"#;
        assert_eq!(authors_of(html), ["Dana Whit"]);
    }
}
