//! The language of a page: whatlang's trigram identification on the title and
//! the start of the body, with the language the page declares (`<html lang>`,
//! `og:locale`, `Content-Language`) as evidence, not as truth: templates often
//! declare their site's default language on pages written in another one.
//!
//! Codes are ISO 639-1 (`fr`, `zh`); [`LANGUAGES`] maps whatlang's languages to them.

use whatlang::{Lang, Script};

/// How much of the body is read (characters); the identification settles long before.
pub const SAMPLE_CHARS: usize = 500;

/// Letters below which the text is too short to identify: the declared
/// language is taken when there is one.
pub const MIN_LETTERS: usize = 40;

/// whatlang's confidence at or above which its answer stands against a
/// declared language of the same script.
pub const CONFIDENT: f64 = 0.5;

/// English function words: in running English text about two words in five
/// are among them, in other Latin-script languages almost none are.
const ENGLISH_WORDS: &[&str] = &[
    "the", "of", "and", "to", "that", "for", "with", "was", "were", "by", "from", "is", "are",
    "this", "it", "has", "have", "which", "their", "its", "said", "will", "would", "been",
];

/// The share of English function words among a sample's words at or above which
/// it is English without asking whatlang (the common case, and whatlang's
/// scoring of every Latin-script language is the cost of identification).
pub const ENGLISH_SHARE: f64 = 0.2;

/// The share of a text's words (of 20 or more) that are [`ENGLISH_WORDS`];
/// 0 for a text of fewer words.
fn english_share(text: &str) -> f64 {
    let (mut words, mut english) = (0usize, 0usize);
    for w in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if w.len() <= 5 && ENGLISH_WORDS.iter().any(|e| w.eq_ignore_ascii_case(e)) {
            english += 1;
        }
    }
    if words < 20 {
        return 0.0;
    }
    english as f64 / words as f64
}

/// Every language whatlang identifies, with its ISO 639-1 code.
pub const LANGUAGES: &[(Lang, &str)] = &[
    (Lang::Epo, "eo"),
    (Lang::Eng, "en"),
    (Lang::Rus, "ru"),
    (Lang::Cmn, "zh"),
    (Lang::Spa, "es"),
    (Lang::Por, "pt"),
    (Lang::Ita, "it"),
    (Lang::Ben, "bn"),
    (Lang::Fra, "fr"),
    (Lang::Deu, "de"),
    (Lang::Ukr, "uk"),
    (Lang::Kat, "ka"),
    (Lang::Ara, "ar"),
    (Lang::Hin, "hi"),
    (Lang::Jpn, "ja"),
    (Lang::Heb, "he"),
    (Lang::Yid, "yi"),
    (Lang::Pol, "pl"),
    (Lang::Amh, "am"),
    (Lang::Jav, "jv"),
    (Lang::Kor, "ko"),
    (Lang::Nob, "nb"),
    (Lang::Dan, "da"),
    (Lang::Swe, "sv"),
    (Lang::Fin, "fi"),
    (Lang::Tur, "tr"),
    (Lang::Nld, "nl"),
    (Lang::Hun, "hu"),
    (Lang::Ces, "cs"),
    (Lang::Ell, "el"),
    (Lang::Bul, "bg"),
    (Lang::Bel, "be"),
    (Lang::Mar, "mr"),
    (Lang::Kan, "kn"),
    (Lang::Ron, "ro"),
    (Lang::Slv, "sl"),
    (Lang::Hrv, "hr"),
    (Lang::Srp, "sr"),
    (Lang::Mkd, "mk"),
    (Lang::Lit, "lt"),
    (Lang::Lav, "lv"),
    (Lang::Est, "et"),
    (Lang::Tam, "ta"),
    (Lang::Vie, "vi"),
    (Lang::Urd, "ur"),
    (Lang::Tha, "th"),
    (Lang::Guj, "gu"),
    (Lang::Uzb, "uz"),
    (Lang::Pan, "pa"),
    (Lang::Aze, "az"),
    (Lang::Ind, "id"),
    (Lang::Tel, "te"),
    (Lang::Pes, "fa"),
    (Lang::Mal, "ml"),
    (Lang::Ori, "or"),
    (Lang::Mya, "my"),
    (Lang::Nep, "ne"),
    (Lang::Sin, "si"),
    (Lang::Khm, "km"),
    (Lang::Tuk, "tk"),
    (Lang::Aka, "ak"),
    (Lang::Zul, "zu"),
    (Lang::Sna, "sn"),
    (Lang::Afr, "af"),
    (Lang::Lat, "la"),
    (Lang::Slk, "sk"),
    (Lang::Cat, "ca"),
    (Lang::Tgl, "tl"),
    (Lang::Hye, "hy"),
    (Lang::Cym, "cy"),
];

/// The ISO 639-1 code of a whatlang language.
pub fn code(lang: Lang) -> &'static str {
    LANGUAGES
        .iter()
        .find(|(l, _)| *l == lang)
        .map_or("und", |(_, c)| c)
}

fn lang_of(code: &str) -> Option<Lang> {
    LANGUAGES.iter().find(|(_, c)| *c == code).map(|(l, _)| *l)
}

/// A declared language tag (`fr-FR`, `en_US`, `zh-Hans`, `no`) as an ISO
/// 639-1 code that whatlang knows; `None` for anything else.
pub fn normalize_tag(tag: &str) -> Option<&'static str> {
    let primary = tag
        .trim()
        .split(['-', '_', ',', ';', ' '])
        .next()?
        .to_ascii_lowercase();
    let primary = match primary.as_str() {
        "no" | "nn" => "nb",
        "iw" => "he",
        "in" => "id",
        "fil" => "tl",
        p => p,
    };
    LANGUAGES
        .iter()
        .find(|(_, c)| *c == primary)
        .map(|(_, c)| *c)
}

/// The page's language (ISO 639-1) from its title and body, with the
/// language it declares (`declared`, any tag form) as evidence: the
/// identification wins when it is reliable, or confident and of another
/// script than the declared language; the declared language wins when the
/// text is too short or the identification unsure. `None` when neither says.
pub fn detect(title: &str, body: &str, declared: Option<&str>) -> Option<&'static str> {
    let declared = declared.and_then(normalize_tag);
    let mut sample = String::with_capacity(title.len() + SAMPLE_CHARS + 1);
    sample.push_str(title);
    sample.push('\n');
    let end = body
        .char_indices()
        .nth(SAMPLE_CHARS)
        .map_or(body.len(), |(i, _)| i);
    sample.push_str(&body[..end]);
    let letters = sample.chars().filter(|c| c.is_alphabetic()).count();
    // Han and kana carry a word in one or two letters
    let dense = sample
        .chars()
        .filter(|c| crate::analysis::is_cjk(*c))
        .count();
    if letters + 4 * dense < MIN_LETTERS {
        return declared.or_else(|| whatlang::detect(&sample).map(|i| code(i.lang())));
    }
    if declared.is_none_or(|d| d == "en") && english_share(&sample) >= ENGLISH_SHARE {
        return Some("en");
    }
    let Some(info) = whatlang::detect(&sample) else {
        return declared;
    };
    let found = code(info.lang());
    let Some(declared) = declared else {
        return Some(found);
    };
    if declared == found || info.is_reliable() {
        return Some(found);
    }
    let same_script = lang_of(declared)
        .and_then(script_of)
        .is_some_and(|s| s == info.script());
    if same_script && info.confidence() < CONFIDENT {
        Some(declared)
    } else {
        Some(found)
    }
}

/// The script a language is written in (its usual one).
fn script_of(lang: Lang) -> Option<Script> {
    Script::all()
        .iter()
        .find(|s| s.langs().contains(&lang))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_normalise() {
        assert_eq!(normalize_tag("fr-FR"), Some("fr"));
        assert_eq!(normalize_tag("en_US"), Some("en"));
        assert_eq!(normalize_tag("zh-Hans"), Some("zh"));
        assert_eq!(normalize_tag(" DE "), Some("de"));
        assert_eq!(normalize_tag("no"), Some("nb"));
        assert_eq!(normalize_tag("x-klingon"), None);
        assert_eq!(normalize_tag(""), None);
    }

    #[test]
    fn text_wins_over_a_wrong_template_declaration() {
        let fr = "Le gouvernement a annoncé mardi une nouvelle série de mesures pour \
                  soutenir les agriculteurs touchés par la sécheresse dans le sud du pays.";
        assert_eq!(
            detect("Sécheresse : le gouvernement réagit", fr, Some("en")),
            Some("fr")
        );
        let zh = "国家主席习近平在北京会见了来访的外国代表团，双方就航天合作交换了意见。";
        assert_eq!(
            detect("习近平会见外国代表团", zh, Some("en-US")),
            Some("zh")
        );
    }

    #[test]
    fn english_function_words_settle_english_only() {
        let en = "The ministers of the region said on Tuesday that the talks with the rebels \
                  were to resume in the capital, and that a ceasefire was likely by the end of the month.";
        assert!(english_share(en) >= ENGLISH_SHARE);
        assert_eq!(detect("Talks to resume", en, None), Some("en"));
        let fr = "Les ministres de la région ont déclaré mardi que les pourparlers avec les rebelles \
                  reprendraient dans la capitale et qu'un cessez-le-feu était probable à la fin du mois.";
        assert!(english_share(fr) < ENGLISH_SHARE);
        let de = "Die Minister der Region sagten am Dienstag, dass die Gespräche mit den Rebellen \
                  in der Hauptstadt wieder aufgenommen würden und eine Waffenruhe bis Monatsende wahrscheinlich sei.";
        assert!(english_share(de) < ENGLISH_SHARE);
    }

    #[test]
    fn declared_language_decides_short_text() {
        assert_eq!(detect("Sanktionen", "", Some("de-DE")), Some("de"));
        assert_eq!(detect("", "", None), None);
    }

    #[test]
    fn every_code_is_two_letters_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for (_, c) in LANGUAGES {
            assert_eq!(c.len(), 2, "{c}");
            assert!(seen.insert(*c), "{c} twice");
        }
    }
}
