//! The publishing site of a page: one canonical key per site, its registrable
//! domain under the public-suffix list (`www.politico.com`, `politico.com`
//! and `europe.politico.com` are all `politico.com`; `bbc.co.uk` stays whole),
//! and apart from it the name the site calls itself (`og:site_name`, the
//! JSON-LD publisher: `POLITICO`, `Le Monde`), shown to people.
//!
//! [`is_site_name`] tells whether a name printed as an author is the site's
//! own (`BBC News` on bbc.com, `USA TODAY` on usatoday.com, `British Heart
//! Foundation` on bhf.org.uk): a site credited as its own author is no byline.
//! A personal site is named after its author (`Melissa Neill` on
//! melissaneill.com): a name shaped like a person's ([`looks_like_org`] false)
//! is the site's only when the page types it as an organisation.

/// The registrable domain of a host (lowercase, without a port or a trailing
/// dot): `www.politico.com` → `politico.com`, `news.bbc.co.uk` → `bbc.co.uk`.
/// A host the public-suffix list cannot place (an IP address, `localhost`)
/// is kept whole, without `www.`.
pub fn registrable_domain(host: &str) -> Option<String> {
    let host = host
        .trim()
        .trim_end_matches('.')
        .split(':')
        .next()?
        .to_lowercase();
    if host.is_empty() || !host.contains(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let numeric = host.chars().all(|c| c.is_ascii_digit() || c == '.');
    match psl::domain_str(&host) {
        Some(d) if !numeric => Some(d.to_string()),
        _ => Some(host.strip_prefix("www.").unwrap_or(&host).to_string()),
    }
}

/// The host of an absolute URL (`https://user@www.x.org:80/a` → `www.x.org`).
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host = rest
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?
        .split(':')
        .next()?;
    (!host.is_empty()).then_some(host)
}

/// The site key of a page URL: the registrable domain of its host.
pub fn site_of_url(url: &str) -> Option<String> {
    host_of(url).and_then(registrable_domain)
}

/// Lowercase letters and digits only (`USA TODAY` → `usatoday`).
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// True when `name` is the site's own name: the same words as its display
/// name (`site_name`), or the domain's first label spelled out (`usatoday`
/// = `USA TODAY`, `obesitymedicine` in `Obesity Medicine Association`), or
/// abbreviated by initials (`bhf` = `British Heart Foundation`).
pub fn is_site_name(name: &str, site_name: Option<&str>, domain: Option<&str>) -> bool {
    let n = compact(name);
    if n.is_empty() {
        return false;
    }
    if site_name.is_some_and(|s| {
        let s = compact(s);
        !s.is_empty() && (s == n || s.contains(&n) || (n.contains(&s) && s.len() >= 4))
    }) {
        return true;
    }
    let Some(label) = domain.and_then(|d| d.split('.').next()).map(compact) else {
        return false;
    };
    if label.len() < 3 {
        return false;
    }
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    n == label
        || (n.starts_with(&label) && label.len() >= 5)
        || (label.contains(&n) && n.len() >= 5)
        || (initials.len() >= 3 && initials == label)
}

/// True when `name` is exactly the site's name, not merely a part of it:
/// its display name (with or without a leading `The`), the domain's first
/// label spelled out (`USA TODAY` on usatoday.com) or its initials (`BHF`).
/// `Buchanan` is part of cathyhorvathbuchanan.com's name but is not it: a
/// suffix is cut from a byline only when it is the whole name.
pub fn is_whole_site_name(name: &str, site_name: Option<&str>, domain: Option<&str>) -> bool {
    let n = compact(name);
    if n.is_empty() {
        return false;
    }
    let display = site_name.map(|s| {
        let s = s.trim();
        let bare = s
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("the "))
            .map_or(s, |_| &s[4..]);
        (compact(s), compact(bare))
    });
    if display.is_some_and(|(s, bare)| s == n || bare == n) {
        return true;
    }
    let Some(label) = domain.and_then(|d| d.split('.').next()).map(compact) else {
        return false;
    };
    let initials: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_lowercase)
        .collect();
    label.len() >= 3 && (n == label || (initials.len() >= 3 && initials == label))
}

/// True when `name` spells the site's name or a part of it (`Cathy Horvath
/// Buchanan` on cathyhorvathbuchanan.com), not when it holds the site's name
/// and more (`Ivo Brandt Policy Review`).
pub fn within_site_name(name: &str, site_name: Option<&str>, domain: Option<&str>) -> bool {
    let n = compact(name);
    let label = domain.and_then(|d| d.split('.').next()).map(compact);
    n.chars().count() >= 5
        && [site_name.map(compact), label]
            .into_iter()
            .flatten()
            .any(|s| s.contains(&n))
}

/// Words of organisations' names.
const ORG_WORDS: &[&str] = &[
    "news",
    "magazine",
    "team",
    "clinic",
    "foundation",
    "association",
    "institute",
    "media",
    "online",
    "times",
    "post",
    "daily",
    "group",
    "inc",
    "ltd",
    "llc",
    "staff",
    "desk",
    "press",
    "journal",
    "network",
    "company",
    "corporation",
    "center",
    "centre",
    "university",
    "office",
    "agency",
    "newsroom",
    "editorial",
    "blog",
    "radio",
    "tv",
    "weekly",
    "herald",
    "tribune",
    "review",
    "hospital",
    "council",
    "society",
];

/// A name shaped like an organisation's rather than a person's: one word
/// (`Supermove`, `JPost.com`), all capitals (`USA TODAY`), starting with
/// `The`, or holding an organisation word (`News`, `Team`, `Clinic`).
pub fn looks_like_org(name: &str) -> bool {
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    name.split_whitespace().count() == 1
        || !name.chars().any(char::is_lowercase)
        || words.first().is_some_and(|w| w == "the")
        || words.iter().any(|w| ORG_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_key_per_site() {
        for host in [
            "www.politico.com",
            "politico.com",
            "europe.politico.com",
            "POLITICO.COM.",
        ] {
            assert_eq!(
                registrable_domain(host).as_deref(),
                Some("politico.com"),
                "{host}"
            );
        }
        assert_eq!(
            registrable_domain("news.bbc.co.uk").as_deref(),
            Some("bbc.co.uk")
        );
        assert_eq!(
            registrable_domain("hosted.ap.org").as_deref(),
            Some("ap.org")
        );
        assert_eq!(
            registrable_domain("127.0.0.1:8080").as_deref(),
            Some("127.0.0.1")
        );
        assert_eq!(
            registrable_domain("localhost").as_deref(),
            Some("localhost")
        );
        assert_eq!(registrable_domain(""), None);
        assert_eq!(
            site_of_url("https://user@www.reuters.com:443/world/x").as_deref(),
            Some("reuters.com")
        );
    }

    #[test]
    fn a_site_is_not_its_own_author() {
        assert!(is_site_name("BBC News", Some("BBC News"), Some("bbc.com")));
        assert!(is_site_name("USA TODAY", None, Some("usatoday.com")));
        assert!(is_site_name(
            "Obesity Medicine Association",
            None,
            Some("obesitymedicine.org")
        ));
        assert!(is_site_name(
            "British Heart Foundation",
            None,
            Some("bhf.org.uk")
        ));
        assert!(is_site_name(
            "JPost.com",
            Some("The Jerusalem Post"),
            Some("jpost.com")
        ));
        assert!(!is_site_name(
            "Ann Lee",
            Some("The Review"),
            Some("review.org")
        ));
        assert!(!is_site_name("Bo Chen", None, Some("bo.org")));
        assert!(looks_like_org("BBC News") && looks_like_org("Supermove"));
        // a part of the site's name is not the site's name
        assert!(is_whole_site_name("USA TODAY", None, Some("usatoday.com")));
        assert!(is_whole_site_name(
            "Review",
            Some("The Review"),
            Some("x.org")
        ));
        assert!(!is_whole_site_name(
            "Buchanan",
            None,
            Some("cathyhorvathbuchanan.com")
        ));
        assert!(!is_whole_site_name(
            "Marketing",
            None,
            Some("topmarketing.com")
        ));
        assert!(!looks_like_org("Melissa Neill"));
    }
}
