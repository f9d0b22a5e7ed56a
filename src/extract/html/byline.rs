//! The authors of an HTML page, strongest evidence first: the people of its
//! own JSON-LD article, else its `<meta>` author tags, else the page's
//! visible byline elements (the `byline_selectors` of the rules). Names are
//! cleaned by [`authors::split`]; then news agencies and the site's own name
//! are dropped ([`authors::is_agency`], [`site::is_site_name`]): a page
//! credited to `BBC News` or `Associated Press` has no author to show.

use std::collections::HashSet;

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
    let sources: [&dyn Fn() -> Vec<String>; 3] = [
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
}
