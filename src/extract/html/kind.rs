//! The kind of content a page says it is (Analysis, Opinion, Report…): its
//! JSON-LD `@type` when that is specific (`OpinionNewsArticle`), else the
//! label the page prints around its headline (`Analysis | Africa`,
//! `Briefing / Middle East`, a kicker, `Expert Brief by …`), else its section
//! metadata and breadcrumbs. Kinds are the rules' `kinds` list (data).

use super::dom::Dom;
use super::meta::Meta;

/// How much text around the headline is searched for a kind label.
const HEADER_CHARS: usize = 300;

/// Longest text node read as a label.
const MAX_LABEL: usize = 80;

/// The page's kind; `title_at` is its headline's `<h1>` node, `labels` its
/// section labels and breadcrumbs.
pub(super) fn kind(
    dom: &Dom,
    meta: &Meta,
    title_at: Option<usize>,
    labels: &[String],
    kinds: &[String],
) -> Option<String> {
    for t in &meta.types {
        let k = match t.as_str() {
            "opinionnewsarticle" => "Opinion",
            "analysisnewsarticle" => "Analysis",
            "reviewnewsarticle" => "Review",
            "backgroundnewsarticle" => "Background",
            "reportagenewsarticle" => "Report",
            _ => continue,
        };
        return Some(k.to_string());
    }
    title_at
        .and_then(|t| near_headline(dom, t, kinds))
        .or_else(|| labels.iter().find_map(|l| label_kind(l, kinds)))
}

/// The kind a label names: the label itself, or its first part before `|`,
/// `/`, `:` or ` by ` (`Analysis | Africa`, `Expert Brief by Ann Lee`).
pub(super) fn label_kind(label: &str, kinds: &[String]) -> Option<String> {
    let l = label.trim();
    // a space after it, so that a text node `Analysis by ` (the name in a
    // link after it) still splits at ` by `
    let lower = format!("{} ", l.to_lowercase());
    let first = lower
        .split(['|', '/', ':', '•', '·'])
        .next()
        .unwrap_or("")
        .split(" by ")
        .next()
        .unwrap_or("")
        .trim();
    kinds.iter().find(|k| k.to_lowercase() == first).cloned()
}

/// A kind label in the text nodes around the headline `t` (a kicker above
/// it, a type line below it).
fn near_headline(dom: &Dom, t: usize, kinds: &[String]) -> Option<String> {
    let texts = |range: &mut dyn Iterator<Item = usize>| -> Option<String> {
        let mut seen = 0;
        for i in range {
            let Some(text) = dom.nodes[i].text.map(str::trim).filter(|x| !x.is_empty()) else {
                continue;
            };
            // the site's menu (`Explainers`, `Podcast`) names sections, not this page
            if in_nav(dom, i) {
                continue;
            }
            seen += text.len();
            if seen > HEADER_CHARS {
                return None;
            }
            if text.len() <= MAX_LABEL {
                if let Some(k) = label_kind(text, kinds) {
                    return Some(k);
                }
            }
        }
        None
    };
    let end = dom.nodes[t].end;
    texts(&mut (0..t).rev()).or_else(|| texts(&mut (end..dom.nodes.len())))
}

/// True when node `i` is inside a `<nav>`.
fn in_nav(dom: &Dom, mut i: usize) -> bool {
    while dom.nodes[i].parent != i {
        i = dom.nodes[i].parent;
        if dom.name(i) == "nav" {
            return true;
        }
        if i == 0 {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds() -> Vec<String> {
        ["Analysis", "Opinion", "Briefing", "Expert Brief"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn label_lines_name_kinds() {
        let k = kinds();
        assert_eq!(
            label_kind("Analysis | Africa", &k).as_deref(),
            Some("Analysis")
        );
        assert_eq!(
            label_kind("Briefing / Europe", &k).as_deref(),
            Some("Briefing")
        );
        assert_eq!(
            label_kind("Expert Brief by Ann Lee", &k).as_deref(),
            Some("Expert Brief")
        );
        assert_eq!(label_kind("Analysis by ", &k).as_deref(), Some("Analysis"));
        assert_eq!(label_kind("Africa", &k), None);
        assert_eq!(label_kind("Analysis of the budget", &k), None);
    }

    #[test]
    fn kind_from_the_header_or_json_ld() {
        let html = r#"<body><div class="label">Analysis | Africa</div><h1>Port talks</h1>
            <p>Text.</p></body>"#;
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        let h1 = (0..dom.nodes.len()).find(|&i| dom.name(i) == "h1");
        assert_eq!(
            kind(&dom, &meta, h1, &[], &kinds()).as_deref(),
            Some("Analysis")
        );
        // a menu link above the headline is no label of the page
        let html = r#"<body><nav><a href="/podcast">Podcast</a></nav><article><h1>Port talks</h1>
            <p>Text.</p></article></body>"#;
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        let h1 = (0..dom.nodes.len()).find(|&i| dom.name(i) == "h1");
        let k = ["Podcast".to_string()];
        assert_eq!(kind(&dom, &meta, h1, &[], &k), None);
        let html = r#"<script type="application/ld+json">{"@type":"OpinionNewsArticle"}</script>"#;
        let doc = scraper::Html::parse_document(html);
        let dom = Dom::new(&doc);
        let meta = super::super::meta::collect(&dom);
        assert_eq!(
            kind(&dom, &meta, None, &[], &kinds()).as_deref(),
            Some("Opinion")
        );
    }
}
