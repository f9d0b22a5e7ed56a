//! `--csv` and `--tsv`: the hits as a table for spreadsheets, one row per hit
//! under a header row, quoted by the `csv` crate (RFC 4180) where a value
//! holds the delimiter, a quote or a line break.

use std::io::Write;

use polsearch::search::SearchResults;

/// The header row.
pub const COLUMNS: [&str; 10] = [
    "title", "date", "site", "authors", "region", "country", "topic", "url", "path", "score",
];

/// Joins the values of a several-valued field.
const SEPARATOR: &str = "; ";

/// Writes the hits of `results` as a table with `delimiter` between fields.
pub fn write(out: &mut impl Write, results: &SearchResults, delimiter: u8) -> anyhow::Result<()> {
    let mut table = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(out);
    table.write_record(COLUMNS).map_err(io_error)?;
    for hit in &results.hits {
        let clean = |s: &str| polsearch::terminal::sanitize(s, false);
        let opt = |s: &Option<String>| s.as_deref().map(clean).unwrap_or_default();
        let join = |v: &[String]| clean(&v.join(SEPARATOR));
        table
            .write_record([
                clean(&hit.title),
                opt(&hit.date),
                opt(&hit.site),
                join(&hit.authors),
                join(&hit.region),
                join(&hit.country),
                join(&hit.topic),
                opt(&hit.url),
                hit.path.clone(),
                format!("{:.4}", hit.score),
            ])
            .map_err(io_error)?;
    }
    table.flush()?;
    Ok(())
}

/// The csv crate's error as the io error it wraps (so that a closed pipe is
/// seen as one), else as itself.
fn io_error(e: csv::Error) -> anyhow::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io.into(),
        other => anyhow::anyhow!("csv: {other:?}"),
    }
}
