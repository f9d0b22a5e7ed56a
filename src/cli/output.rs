//! Rendering results for people (highlighted snippets, facet table) or as JSON.

use std::io::Write;

use polsearch::search::SearchResults;

/// Prints the results as one JSON object.
pub fn print_json(results: &SearchResults) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, results)?;
    writeln!(out)?;
    Ok(())
}

/// Prints the results for a person.
pub fn print_human(results: &SearchResults) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{} matching articles", results.total)?;
    for (i, hit) in results.hits.iter().enumerate() {
        writeln!(out, "\n{:>2}. {}  ({:.2})", i + 1, hit.title, hit.score)?;
        let meta: Vec<&str> =
            [hit.site.as_deref(), hit.date.as_deref()].into_iter().flatten().collect();
        writeln!(out, "    {}  {}", meta.join(" · "), hit.region.join(", "))?;
        writeln!(out, "    {}", hit.url.as_deref().unwrap_or(&hit.path))?;
        writeln!(out, "    {}", hit.snippet)?;
    }
    for (name, counts) in [("region", &results.facets.region), ("topic", &results.facets.topic)] {
        if !counts.is_empty() {
            let list: Vec<String> = counts.iter().map(|(k, v)| format!("{k} ({v})")).collect();
            writeln!(out, "\n{name}: {}", list.join(", "))?;
        }
    }
    Ok(())
}
