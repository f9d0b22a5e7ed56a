//! The languages users name in `--lang` and `lang:`: codes, English names and
//! the languages' own names, resolved to the codes pages are stored under.

use crate::extract::lang::{normalize_tag, LANGUAGES};

/// The language a user names, as its ISO 639-1 code: a code (`fr`), an
/// English name (`French`) or the language's own name (`Français`), any
/// case. Otherwise `Err` with the closest known code or name when one is
/// within two edits (for "did you mean").
pub fn resolve(input: &str) -> Result<&'static str, Option<String>> {
    let want = input.trim().to_lowercase();
    if let Some(code) = normalize_tag(&want).filter(|c| c.len() == want.len()) {
        return Ok(code);
    }
    let mut best: Option<(usize, String)> = None;
    for (lang, code) in LANGUAGES {
        for name in [
            code.to_string(),
            lang.eng_name().to_lowercase(),
            lang.name().to_lowercase(),
        ] {
            if name == want {
                return Ok(code);
            }
            let d = super::distance::edit_distance(&want, &name);
            if d <= 2 && d < want.chars().count() && best.as_ref().is_none_or(|b| d < b.0) {
                best = Some((d, name));
            }
        }
    }
    Err(best.map(|(_, n)| n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_to_codes() {
        assert_eq!(resolve("fr"), Ok("fr"));
        assert_eq!(resolve("French"), Ok("fr"));
        assert_eq!(resolve("Deutsch"), Ok("de"));
        assert_eq!(resolve(" ZH "), Ok("zh"));
        assert_eq!(resolve("frnch"), Err(Some("french".to_string())));
        assert_eq!(resolve("qqqqqqqqq"), Err(None));
    }
}
