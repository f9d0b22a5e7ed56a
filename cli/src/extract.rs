//! `polsearch extract`: show what the extractor keeps from one page.

use std::io::Write;
use std::path::PathBuf;

use polsearch::corpus::SourcePage;

use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The page (.html, .htm, .xhtml, .txt or .pdf).
    pub file: PathBuf,
    /// Print the article as JSON.
    #[arg(long)]
    pub json: bool,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch extract`.
pub fn run(args: ExtractArgs) -> anyhow::Result<u8> {
    let (rules, classifier) = args.data.load()?;
    let page = SourcePage::read(&args.file)?;
    let mut article = polsearch::extract::extract(&page, &rules)?;
    classifier.classify(&mut article);
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &article)?;
        writeln!(out)?;
        return Ok(EXIT_OK);
    }
    let clean = |s: &str| polsearch::terminal::sanitize(s, false);
    let opt = |s: &Option<String>| clean(s.as_deref().unwrap_or(""));
    writeln!(out, "title:    {}", clean(&article.title))?;
    writeln!(out, "subtitle: {}", opt(&article.subtitle))?;
    writeln!(out, "authors:  {}", clean(&article.authors.join("; ")))?;
    let date = article.date.map(|d| d.to_string()).unwrap_or_default();
    writeln!(out, "date:     {date}")?;
    writeln!(out, "site:     {}", opt(&article.site))?;
    writeln!(out, "site name: {}", opt(&article.site_name))?;
    writeln!(out, "url:      {}", opt(&article.url))?;
    writeln!(out, "kind:     {}", opt(&article.kind))?;
    writeln!(out, "lang:     {}", opt(&article.lang))?;
    writeln!(out, "pagetype: {}", article.page_type)?;
    writeln!(out, "region:   {}", article.region.join(", "))?;
    writeln!(out, "country:  {}", article.country.join(", "))?;
    writeln!(out, "topic:    {}", article.topic.join(", "))?;
    writeln!(out, "labels:   {}", clean(&article.labels.join(" | ")))?;
    for caption in &article.captions {
        writeln!(out, "caption:  {}", clean(caption))?;
    }
    writeln!(
        out,
        "\n{}",
        polsearch::terminal::sanitize(&article.body, true)
    )?;
    Ok(EXIT_OK)
}
