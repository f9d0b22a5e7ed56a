//! Decoding page bytes to text: BOM first, then (for HTML) the declared charset,
//! then UTF-8, falling back to a lossy decode so that no page is dropped.

/// Decodes `bytes`; returns an error reason for input that is not text at all
/// (e.g. a binary file named `.html`).
pub fn decode(bytes: &[u8], html: bool) -> Result<String, String> {
    if bytes.is_empty() {
        return Err("empty file".into());
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(enc.decode_without_bom_handling(&bytes[bom_len..]).0.into_owned());
    }
    if looks_binary(bytes) {
        return Err("binary content, not text".into());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_owned());
    }
    if html {
        if let Some(enc) = declared_charset(bytes) {
            return Ok(enc.decode_without_bom_handling(bytes).0.into_owned());
        }
    }
    // Not UTF-8 and nothing declared: windows-1252 is what browsers assume.
    Ok(encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned())
}

/// True when the first few KB hold NUL bytes or mostly control bytes.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let nul = head.iter().filter(|&&b| b == 0).count();
    let ctrl = head.iter().filter(|&&b| b < 9 || (b > 13 && b < 32)).count();
    nul > 0 || ctrl * 10 > head.len()
}

/// The charset declared in a `<meta charset>` or `http-equiv` tag in the first 4 KB.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let rest = head[at..].trim_start_matches(['"', '\'', ' ']);
    let label: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    encoding_rs::Encoding::for_label(label.as_bytes())
}
