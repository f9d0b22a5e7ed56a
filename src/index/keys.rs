//! Duplicate keys: two pages hold the same article when their normalised bodies
//! hash the same, or when their canonical URLs do after normalisation.

use xxhash_rust::xxh3::Xxh3;

/// Hash of a body with case, punctuation and whitespace normalised away: the
/// same article scraped twice (re-wrapped, different line breaks, a curly quote
/// turned straight) gets the same key.
pub fn body_key(body: &str) -> u64 {
    let mut h = Xxh3::new();
    let mut buf = [0u8; 4];
    let mut gap = false;
    for c in body.chars() {
        if c.is_alphanumeric() {
            if gap {
                h.update(b" ");
                gap = false;
            }
            for l in c.to_lowercase() {
                h.update(l.encode_utf8(&mut buf).as_bytes());
            }
        } else {
            gap = true;
        }
    }
    h.digest()
}

/// Hash of a canonical URL normalised (scheme, `www.`, case of the host,
/// fragment, trailing slash and `utm_*` tracking parameters ignored); 0 when there
/// is no URL or it names a site's home page rather than an article (a page whose
/// canonical link points to the home page must not make every page a duplicate).
pub fn url_key(url: Option<&str>) -> u64 {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return 0;
    };
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or("");
    let (hostpath, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = hostpath.split_once('/').unwrap_or((hostpath, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.trim_end_matches('/');
    if path.is_empty() {
        return 0;
    }
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("utm_"))
        .collect();
    params.sort_unstable();
    let key = format!("{host}/{path}?{}", params.join("&"));
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_key_ignores_layout_and_case() {
        assert_eq!(
            body_key("Talks  in Mombasa.\n\nTariffs rose."),
            body_key("talks in mombasa\ntariffs rose")
        );
        assert_ne!(body_key("talks in Mombasa"), body_key("talks in Nairobi"));
    }

    #[test]
    fn url_key_normalises() {
        let a = url_key(Some("https://www.example.org/2024/05/mali-talks/"));
        assert_ne!(a, 0);
        assert_eq!(
            a,
            url_key(Some(
                "http://Example.org/2024/05/mali-talks?utm_source=x#top"
            ))
        );
        assert_ne!(a, url_key(Some("https://example.org/2024/05/niger-talks")));
        assert_eq!(url_key(Some("https://example.org/")), 0);
        assert_eq!(url_key(None), 0);
    }
}
