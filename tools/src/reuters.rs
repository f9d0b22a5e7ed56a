//! Reuters-21578 (`reut2-*.sgm`): the SGML files parsed into stories with
//! their gold `<PLACES>` codes.

/// One Reuters story with its gold places.
#[derive(Debug, Clone)]
pub struct Story {
    /// `NEWID` attribute.
    pub id: String,
    /// `<TITLE>`.
    pub title: String,
    /// `<DATELINE>` (city, date).
    pub dateline: String,
    /// `<BODY>`, paragraphs separated by blank lines, trailing `Reuter` removed.
    pub body: String,
    /// `<PLACES>` codes (`usa`, `west-germany`).
    pub places: Vec<String>,
    /// The `LEWISSPLIT` attribute: `TRAIN`, `TEST` or `NOT-USED`. The
    /// evaluations and the training of polsearch's models never read the
    /// `TEST` stories (the benchmark's test split); they train on `TRAIN` and
    /// validate on `NOT-USED`.
    pub lewis_split: String,
}

impl Story {
    /// True for a story of the benchmark's test split (`LEWISSPLIT="TEST"`).
    pub fn is_test(&self) -> bool {
        self.lewis_split == "TEST"
    }
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(j) = rest.as_bytes()[..rest.len().min(10)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..j];
        match ent {
            "lt" => out.push('<'),
            "gt" => out.push('>'),
            "amp" => out.push('&'),
            "quot" => out.push('"'),
            _ if ent.starts_with('#') => {
                if let Some(c) = ent[1..].parse::<u32>().ok().and_then(char::from_u32) {
                    if !c.is_control() || c == '\n' {
                        out.push(c);
                    }
                }
            }
            _ => out.push_str(&rest[..=j]),
        }
        rest = &rest[j + 1..];
    }
    out.push_str(rest);
    out
}

fn tag<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = doc.find(&open)? + open.len();
    let end = start + doc[start..].find(&close)?;
    Some(&doc[start..end])
}

/// Re-paragraphs a wire body: an indented line starts a new paragraph.
fn paragraphs(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.lines() {
        if line.starts_with([' ', '\t']) && !out.is_empty() {
            out.push_str("\n\n");
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line.trim());
    }
    let out = out.trim_end();
    out.strip_suffix("Reuter")
        .unwrap_or(out)
        .trim_end()
        .to_string()
}

/// Parses one Reuters-21578 SGML file's text into stories.
pub fn parse_reuters(sgml: &str) -> Vec<Story> {
    let mut out = Vec::new();
    for doc in sgml.split("<REUTERS ").skip(1) {
        let attr = |name: &str| {
            doc.split('>')
                .next()
                .and_then(|head| head.split(&format!("{name}=\"")).nth(1))
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string()
        };
        let id = attr("NEWID");
        let lewis_split = attr("LEWISSPLIT");
        let places = tag(doc, "PLACES")
            .map(|p| {
                p.split("<D>")
                    .filter_map(|d| d.split("</D>").next())
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        out.push(Story {
            id,
            title: tag(doc, "TITLE")
                .map(decode_entities)
                .unwrap_or_default()
                .trim()
                .to_string(),
            dateline: tag(doc, "DATELINE")
                .map(decode_entities)
                .unwrap_or_default()
                .trim()
                .to_string(),
            body: tag(doc, "BODY")
                .map(|b| paragraphs(&decode_entities(b)))
                .unwrap_or_default(),
            places,
            lewis_split,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuters_sgml_is_parsed() {
        let sgml = "<REUTERS LEWISSPLIT=\"TRAIN\" NEWID=\"7\"><PLACES><D>mali</D><D>france</D></PLACES><TEXT><TITLE>A &amp; B &#3;é</TITLE>\
            <DATELINE>PARIS, May 1 - </DATELINE><BODY>First line\ncontinues.\n    Second para.\n Reuter\n&#3;</BODY></TEXT></REUTERS>";
        let s = &parse_reuters(sgml)[0];
        assert_eq!(s.id, "7");
        assert_eq!(s.lewis_split, "TRAIN");
        assert!(!s.is_test());
        assert_eq!(s.places, ["mali", "france"]);
        assert_eq!(s.title, "A & B é");
        assert_eq!(s.dateline, "PARIS, May 1 -");
        assert_eq!(s.body, "First line continues.\n\nSecond para.");
    }
}
