//! The features the facet models read. Every region, country and topic that
//! an article gives any evidence for is a *candidate*, described by numbers
//! that do not name it (where and how often it is named, its share of all
//! such evidence, the site's labels, the page's country domain, whether the
//! hand-weighted rules keep it…) plus
//! page-level signals that tell news about places from how-tos, reviews and
//! product pages (reported speech, address to the reader, density of place
//! names and of policy words). Because no feature names a particular region
//! or topic, the same models serve a user's own taxonomy (`--taxonomy`).
//!
//! The same code computes the features when `polsearch-tools train-facets`
//! trains the models and when [`super::Classifier::classify`] applies them.

use super::matcher::{CaseRule, Entry, Mentions, PhraseSet};
use super::region::Evidence;

/// Page-level signals, the last features of every model.
pub const PAGE_FEATURES: [&str; 14] = [
    "page_words_log2",
    "page_dateline",
    "page_public_per_100",
    "page_said_per_100",
    "page_you_per_100",
    "page_me_per_100",
    "page_proper_per_100",
    "page_title_cues",
    "page_places_per_100",
    "page_policy_per_100",
    "page_countries",
    "page_labels",
    "page_region_labels",
    "page_top_region_share",
];

/// Features of a country candidate (then [`PAGE_FEATURES`]).
pub const COUNTRY_FEATURES: [&str; 17] = [
    "title",
    "dek",
    "lead",
    "body",
    "labels",
    "names",
    "first",
    "share",
    "ratio",
    "rank",
    "background",
    "tld",
    "region_label",
    "other_region_label",
    "region_share",
    "region_rank",
    "rules",
];

/// Features of a region candidate (then [`PAGE_FEATURES`]).
pub const REGION_FEATURES: [&str; 21] = [
    "title",
    "dek_lead",
    "body",
    "labels",
    "terms",
    "countries",
    "first",
    "share",
    "ratio",
    "rank",
    "secondary",
    "label",
    "fallback",
    "other_label",
    "top_country_share",
    "top_country_title",
    "background_share",
    "global",
    "tld",
    "implied_per_100",
    "rules",
];

/// Features of a topic candidate (then [`PAGE_FEATURES`]).
pub const TOPIC_FEATURES: [&str; 14] = [
    "title",
    "dek_lead",
    "body",
    "labels",
    "names",
    "first",
    "per_100",
    "share",
    "ratio",
    "rank",
    "label",
    "implies_region",
    "implied_region_share",
    "rules",
];

/// The full feature list of a model: its own features, then the page's.
pub fn names(own: &[&'static str]) -> Vec<&'static str> {
    own.iter().chain(PAGE_FEATURES.iter()).copied().collect()
}

/// Weights of a place mention per part (title, dek, lead, body, labels).
pub(crate) const PLACE_WEIGHTS: [f64; 5] = [3.0, 2.0, 2.0, 1.0, 0.0];
/// Weights of a topic keyword per part.
pub(crate) const TOPIC_WEIGHTS: [f64; 5] = [3.0, 2.0, 2.0, 1.0, 2.0];

/// Kinds of cue words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// Reported speech: news.
    Said,
    /// Address to the reader: how-tos, guides, reviews.
    You,
    /// The writer speaking of themself: blogs, essays.
    Me,
    /// Title words of guides, lists and reviews.
    Title,
    /// Public actors (governments, ministers, officials, police, courts):
    /// the subjects of news about places.
    Public,
}

/// Reported-speech words, in the languages of the pages we index most.
const SAID: [&str; 24] = [
    "said",
    "says",
    "told",
    "according to",
    "announced",
    "stated",
    "added",
    "reported",
    "confirmed",
    "a déclaré",
    "a dit",
    "selon",
    "a annoncé",
    "sagte",
    "erklärte",
    "laut",
    "dijo",
    "según",
    "afirmó",
    "řekl",
    "uvedl",
    "dedi",
    "açıkladı",
    "belirtti",
];
const YOU: [&str; 7] = [
    "you", "your", "you're", "yours", "yourself", "vous", "votre",
];
const ME: [&str; 6] = ["I", "my", "me", "I'm", "I've", "myself"];
const PUBLIC: [&str; 44] = [
    "government",
    "governments",
    "minister",
    "ministers",
    "ministry",
    "president",
    "officials",
    "authorities",
    "police",
    "parliament",
    "lawmakers",
    "legislators",
    "legislature",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "mayor",
    "governor",
    "senator",
    "MP",
    "MPs",
    "opposition",
    "regime",
    "troops",
    "gouvernement",
    "ministre",
    "président",
    "autorités",
    "Regierung",
    "Minister",
    "Präsident",
    "Behörden",
    "gobierno",
    "ministro",
    "presidente",
    "autoridades",
    "vláda",
    "ministr",
    "prezident",
    "hükümet",
    "bakan",
    "Bakanı",
    "cumhurbaşkanı",
    "policie",
];
const TITLE_CUES: [&str; 16] = [
    "how to",
    "best",
    "guide",
    "tips",
    "review",
    "reviews",
    "vs",
    "ways to",
    "what is",
    "ideas",
    "explained",
    "recipe",
    "checklist",
    "step-by-step",
    "beginner",
    "tutorial",
];

/// The compiled cue words.
#[derive(Debug, Clone)]
pub(crate) struct Cues {
    words: PhraseSet<Cue>,
    dateline: regex::Regex,
}

/// A news dateline at the start of the body: a place in capitals
/// (`WASHINGTON —`, `TAMPA, Fla. (AP) -`) or a place and an agency
/// (`Kyiv, Ukraine (Reuters) —`).
const DATELINE: &str = r"^\s*(?:[\p{Lu}][\p{Lu} .'’-]{2,40}(?:,\s*[\p{L}.]+(?:\s[\p{L}.]+)?)?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s|[\p{Lu}][\p{L}.'’ -]{1,40}(?:,\s*[\p{L}. ]{2,30})?\s*\((?:AP|AFP|Reuters|dpa|ANI|PTI|IANS|UPI|CNN|Xinhua|EFE|Anadolu|AA)\)\s*[—–:-]{0,2})";

impl Cues {
    pub(crate) fn new() -> Result<Cues, aho_corasick::BuildError> {
        let lists: [(&[&str], Cue); 5] = [
            (&SAID, Cue::Said),
            (&YOU, Cue::You),
            (&ME, Cue::Me),
            (&TITLE_CUES, Cue::Title),
            (&PUBLIC, Cue::Public),
        ];
        let phrases = lists.into_iter().flat_map(|(list, cue)| {
            list.iter().map(move |w| {
                (
                    w.to_string(),
                    Entry {
                        target: cue,
                        case: CaseRule::of(w, true),
                        inflect: false,
                        ambiguous: false,
                    },
                )
            })
        });
        Ok(Cues {
            words: PhraseSet::new(phrases)?,
            dateline: regex::Regex::new(DATELINE).expect("valid dateline pattern"),
        })
    }

    /// Hits of each kind of cue in `text`, in [`Cue`] order.
    fn counts(&self, text: &str) -> [usize; 5] {
        let mut n = [0; 5];
        for h in self.words.find(text, false) {
            n[self.words.entries(h.pattern)[0].target as usize] += 1;
        }
        n
    }
}

/// What the page-level signals are computed from.
pub(crate) struct PageInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub text: &'a str,
    pub words: usize,
    pub label_parts: usize,
    pub region_labels: usize,
    pub place_hits: u32,
    pub policy_hits: u32,
    pub countries: usize,
    pub top_region_share: f64,
}

/// Capitalised words that do not start a sentence, per 100 words: names of
/// people, places and institutions are dense in news.
fn proper_per_100(text: &str, words: usize) -> f64 {
    let mut n = 0usize;
    let mut after_stop = true;
    for w in text.split_whitespace() {
        let first = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        if !after_stop && first.chars().next().is_some_and(char::is_uppercase) {
            n += 1;
        }
        after_stop = w.ends_with(['.', '!', '?', ':', '"', '“', '”']);
    }
    per_100(n as f64, words)
}

pub(crate) fn per_100(n: f64, words: usize) -> f64 {
    n * 100.0 / words.max(50) as f64
}

/// The page-level signals ([`PAGE_FEATURES`]).
pub(crate) fn page(cues: &Cues, p: &PageInput<'_>) -> Vec<f32> {
    let n = cues.counts(p.text);
    let title_cues = cues.counts(p.title)[Cue::Title as usize]
        + usize::from(
            p.title
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit()),
        )
        + usize::from(p.title.trim_end().ends_with('?'));
    [
        ((p.words + 1) as f64).log2(),
        f64::from(u8::from(cues.dateline.is_match(p.body))),
        per_100(n[Cue::Public as usize] as f64, p.words),
        per_100(n[Cue::Said as usize] as f64, p.words),
        per_100(n[Cue::You as usize] as f64, p.words),
        per_100(n[Cue::Me as usize] as f64, p.words),
        proper_per_100(p.text, p.words),
        title_cues as f64,
        per_100(p.place_hits as f64, p.words),
        per_100(p.policy_hits as f64, p.words),
        p.countries as f64,
        p.label_parts.min(30) as f64,
        p.region_labels as f64,
        p.top_region_share,
    ]
    .into_iter()
    .map(|v| v as f32)
    .collect()
}

/// Rank (1 = strongest) of each score among the positive ones; 0 for none.
pub(crate) fn ranks(scores: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut out = vec![0; scores.len()];
    for (r, &i) in order.iter().enumerate() {
        out[i] = r + 1;
    }
    out
}

/// Share of `x` in `total` (0 when the total is 0).
pub(crate) fn share(x: f64, total: f64) -> f64 {
    if total > 0.0 {
        x / total
    } else {
        0.0
    }
}

/// The region-level evidence the country and region features share.
pub(crate) struct RegionTotals {
    /// Weighted evidence per country (background countries included).
    pub country: Vec<f64>,
    /// Weighted evidence per region: its own words and its countries.
    pub region: Vec<f64>,
    /// Weighted evidence per region through countries whose secondary region it is.
    pub secondary: Vec<f64>,
    /// Of `region`, the part from background countries.
    pub background: Vec<f64>,
}

impl RegionTotals {
    pub(crate) fn new(
        ev: &Evidence,
        country_region: &[usize],
        secondary: &[Option<usize>],
        background: &[bool],
    ) -> RegionTotals {
        let regions = ev.region_terms.len();
        let country: Vec<f64> = ev
            .country
            .iter()
            .map(|m| m.weighted(&PLACE_WEIGHTS))
            .collect();
        let mut region: Vec<f64> = ev
            .region_terms
            .iter()
            .map(|m| m.weighted(&PLACE_WEIGHTS))
            .collect();
        let mut sec = vec![0.0; regions];
        let mut bg = vec![0.0; regions];
        for (c, &w) in country.iter().enumerate() {
            region[country_region[c]] += w;
            if let Some(s) = secondary[c] {
                sec[s] += w;
            }
            if background[c] {
                bg[country_region[c]] += w;
            }
        }
        RegionTotals {
            country,
            region,
            secondary: sec,
            background: bg,
        }
    }
}

/// The per-part counts of mentions, title / dek / lead / body / labels.
pub(crate) fn parts(m: &Mentions) -> [f32; 5] {
    m.hits.map(|h| h as f32)
}
