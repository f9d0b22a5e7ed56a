//! Making untrusted text safe to print: scraped titles and snippets may carry ANSI
//! escape sequences and control characters that must never reach a terminal raw.

/// Replaces control characters (C0, DEL, C1; ESC sequences included) with a space,
/// keeping `\n` and `\t` only when `keep_newlines` is set. Runs of spaces are left as is.
pub fn sanitize(text: &str, keep_newlines: bool) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' if keep_newlines => c,
            c if c.is_control() => ' ',
            // bidi overrides can reorder what a terminal shows
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{7}", false), "a [31mred ");
        assert_eq!(sanitize("x\ny\tz", true), "x\ny\tz");
        assert_eq!(sanitize("x\ny", false), "x y");
    }
}
