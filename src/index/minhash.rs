//! Near-duplicate signatures: the same article reprinted by another site, or
//! the same page scraped twice with different chrome, has nearly the same word
//! 4-shingles. Each body gets a MinHash signature over its shingles, cut into
//! LSH bands; each band's hash is indexed (`dup_band`), so two bodies whose
//! shingle sets are similar share a band term with high probability (Jaccard
//! 0.5: 64 %, 0.7: 99 %). The band terms only find candidates; whether two
//! bodies are copies is decided by the exact Jaccard similarity of their
//! shingle sets ([`is_copy`]), when a page is indexed (see
//! `polsearch::index::groups`). Distinct
//! articles on the same event share words but few 4-word sequences.

use std::collections::HashSet;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 4;
/// LSH bands (band terms per document).
pub const BANDS: usize = 16;
/// MinHash values per band.
pub const ROWS: usize = 4;
/// Bodies with fewer shingles than this are never grouped: a two-line stub
/// says too little to call it a copy.
pub const MIN_SHINGLES: usize = 20;
/// Least Jaccard similarity of two bodies' shingle sets for them to be copies
/// of one article (chosen on the tuning pairs of `polsearch-tools dups`).
pub const THRESHOLD: f64 = 0.5;
/// Multipliers of the MinHash permutations (`a * h + b`, odd `a`), drawn once
/// from a fixed seed so that every index agrees.
const PERMUTATIONS: [(u64, u64); BANDS * ROWS] = permutations();

const fn permutations() -> [(u64, u64); BANDS * ROWS] {
    let mut out = [(0u64, 0u64); BANDS * ROWS];
    // splitmix64 from a fixed seed
    let mut state: u64 = 0x706f_6c73_6561_7263; // "polsearc"
    let mut i = 0;
    while i < BANDS * ROWS {
        let mut pair = [0u64; 2];
        let mut k = 0;
        while k < 2 {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            pair[k] = z ^ (z >> 31);
            k += 1;
        }
        out[i] = (pair[0] | 1, pair[1]);
        i += 1;
    }
    out
}

/// The hashes of a body's word 4-shingles (words: lowercase runs of letters
/// and digits, so punctuation, case and line breaks do not matter).
pub fn shingles(body: &str) -> HashSet<u64> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut out = HashSet::with_capacity(words.len());
    let mut buf = String::new();
    for w in words.windows(SHINGLE_WORDS) {
        buf.clear();
        for (i, word) in w.iter().enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            buf.push_str(word);
        }
        out.insert(xxhash_rust::xxh3::xxh3_64(buf.as_bytes()));
    }
    out
}

/// Jaccard similarity of two shingle sets (0 when either is empty).
pub fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let common = small.iter().filter(|h| large.contains(h)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

/// True when two bodies are copies of one article.
pub fn is_copy(a: &HashSet<u64>, b: &HashSet<u64>) -> bool {
    a.len() >= MIN_SHINGLES && b.len() >= MIN_SHINGLES && jaccard(a, b) >= THRESHOLD
}

/// The LSH band terms of a body (empty when it has fewer than
/// [`MIN_SHINGLES`] shingles): band `i`'s term hashes the band number with
/// its [`ROWS`] MinHash values.
pub fn band_keys(body: &str) -> Vec<u64> {
    band_keys_of(&shingles(body))
}

/// [`band_keys`] from the shingle hashes.
pub fn band_keys_of(shingles: &HashSet<u64>) -> Vec<u64> {
    if shingles.len() < MIN_SHINGLES {
        return Vec::new();
    }
    bands_of(shingles.iter().copied())
}

/// [`band_keys`] from the sorted shingle hashes of [`sorted_shingles`].
pub fn band_keys_of_sorted(shingles: &[u64]) -> Vec<u64> {
    if shingles.len() < MIN_SHINGLES {
        return Vec::new();
    }
    bands_of(shingles.iter().copied())
}

fn bands_of(shingles: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut mins = [u64::MAX; BANDS * ROWS];
    for h in shingles {
        for (m, (a, b)) in mins.iter_mut().zip(PERMUTATIONS.iter()) {
            let v = a.wrapping_mul(h).wrapping_add(*b);
            if v < *m {
                *m = v;
            }
        }
    }
    (0..BANDS)
        .map(|band| {
            let mut bytes = Vec::with_capacity(8 * (ROWS + 1));
            bytes.extend_from_slice(&(band as u64).to_le_bytes());
            for m in &mins[band * ROWS..(band + 1) * ROWS] {
                bytes.extend_from_slice(&m.to_le_bytes());
            }
            xxhash_rust::xxh3::xxh3_64(&bytes)
        })
        .collect()
}

/// The distinct shingle hashes of [`shingles`], sorted (half the memory of a
/// set, for the pages the indexer keeps until its next commit).
pub fn sorted_shingles(body: &str) -> Vec<u64> {
    let mut v: Vec<u64> = shingles(body).into_iter().collect();
    v.sort_unstable();
    v
}

/// [`jaccard`] of two sorted, distinct shingle lists.
pub fn jaccard_sorted(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "The Black Sea grain corridor reopened on Monday after weeks of talks \
        between shipping insurers, the port authorities in Odesa and the navies that escort \
        the convoys through the western approaches. Insurers cut the war-risk premium by a \
        third and escorts now leave twice a day, traders said. Exporters expect volumes to \
        recover by the spring, although insurers warned that premiums would rise again.";

    #[test]
    fn a_reprint_with_a_credit_line_is_a_copy() {
        let reprint = format!("{STORY}\n\nThis article first appeared in the Atlas Forum.");
        let (a, b) = (shingles(STORY), shingles(&reprint));
        assert!(jaccard(&a, &b) > 0.8, "{}", jaccard(&a, &b));
        assert!(is_copy(&a, &b));
        // most bands agree, so the copy is found
        let shared = band_keys(STORY)
            .iter()
            .zip(band_keys(&reprint))
            .filter(|(x, y)| **x == *y)
            .count();
        assert!(shared >= 4, "{shared}");
    }

    #[test]
    fn another_article_on_the_same_event_is_not() {
        let other = "Grain exports through Odesa resumed this week. Shipping insurers and \
            port authorities had negotiated for weeks; the navies escorting convoys agreed a \
            new schedule. Traders welcomed lower war-risk premiums but doubted that volumes \
            would recover before the spring, and some warned of renewed attacks.";
        let (a, b) = (shingles(STORY), shingles(other));
        assert!(jaccard(&a, &b) < 0.1, "{}", jaccard(&a, &b));
        assert!(!is_copy(&a, &b));
    }

    #[test]
    fn sorted_lists_give_the_same_similarity_and_bands() {
        let reprint = format!("{STORY}\n\nThis article first appeared in the Atlas Forum.");
        let (a, b) = (sorted_shingles(STORY), sorted_shingles(&reprint));
        let j = jaccard(&shingles(STORY), &shingles(&reprint));
        assert!((jaccard_sorted(&a, &b) - j).abs() < 1e-12);
        assert_eq!(band_keys_of_sorted(&a), band_keys(STORY));
        assert_eq!(jaccard_sorted(&a, &[]), 0.0);
    }

    #[test]
    fn stubs_are_never_grouped() {
        assert!(band_keys("Too short to say.").is_empty());
        assert_eq!(band_keys(STORY).len(), BANDS);
    }
}
