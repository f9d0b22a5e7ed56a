//! Decoding page bytes to text, the way a browser would but never giving up:
//! a byte-order mark wins; then bytes that are valid UTF-8 are UTF-8 (whatever the
//! page declares); then the charset the page declares (`<meta charset>`,
//! `http-equiv` or `<?xml encoding>`) when it decodes cleanly; then a statistical
//! guess ([`chardetng`]). The last step always succeeds (lossily), so a page with
//! a wrong declaration is never dropped. (HTML nested absurdly deep is capped by
//! the HTML extractor's pre-pass, in the pass it makes anyway.)

use encoding_rs::Encoding;

use super::PageError;

/// Decodes `bytes`; an error for input that is not text at all (an empty
/// file, or e.g. a binary file named `.html`).
pub fn decode(bytes: &[u8], html: bool) -> Result<String, PageError> {
    if bytes.is_empty() {
        return Err(PageError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(enc
            .decode_without_bom_handling(&bytes[bom_len..])
            .0
            .into_owned());
    }
    if looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    // Not UTF-8, so a UTF-8 declaration is wrong; any other one is tried strictly.
    if html {
        if let Some(enc) = declared_charset(bytes).filter(|e| *e != encoding_rs::UTF_8) {
            if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
                return Ok(text.into_owned());
            }
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Allow);
    Ok(guess.decode_without_bom_handling(bytes).0.into_owned())
}

/// True when the first few KB hold NUL bytes or mostly control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head
        .iter()
        .filter(|&&b| b < 9 || (b > 13 && b < 32))
        .count();
    nul > 0 || ctrl * 10 > head.len()
}

/// The charset declared in the first 4 KB: `<meta charset=…>`, `<meta
/// http-equiv="Content-Type" content="…; charset=…">` or `<?xml … encoding="…"?>`.
/// A UTF-16 declaration in a page that is not UTF-16 means UTF-8 (as in browsers).
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = ["charset=", "encoding="]
        .iter()
        .filter_map(|key| head.find(key).map(|i| i + key.len()))
        .min()?;
    let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    let enc = Encoding::for_label(label.as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            enc
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declaration() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=\"iso-8859-1\">café".as_bytes());
        assert!(decode(&bytes, true).unwrap().ends_with("café"));
    }

    #[test]
    fn valid_utf8_wins_over_a_wrong_latin1_declaration() {
        let page = "<meta charset=\"iso-8859-1\"><p>Zürich talks</p>";
        assert!(decode(page.as_bytes(), true).unwrap().contains("Zürich"));
    }

    #[test]
    fn declared_charset_used_for_non_utf8_bytes() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("<meta charset=\"windows-1251\"><p>Москва</p>");
        assert!(decode(&bytes, true).unwrap().contains("Москва"));
    }

    #[test]
    fn wrong_utf8_declaration_falls_back_to_detection() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("<meta charset=\"utf-8\"><p>Les négociations à Genève ont échoué</p>");
        let text = decode(&bytes, true).unwrap();
        assert!(text.contains("négociations à Genève"), "{text}");
    }

    #[test]
    fn undeclared_legacy_text_is_detected() {
        let (bytes, _, _) =
            encoding_rs::WINDOWS_1251.encode("Переговоры в Москве завершились без соглашения");
        assert!(decode(&bytes, false).unwrap().contains("Москве"));
    }

    #[test]
    fn empty_and_binary_are_errors() {
        assert_eq!(decode(b"", true).unwrap_err(), PageError::Empty);
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true).unwrap_err(),
            PageError::Binary
        );
    }
}
