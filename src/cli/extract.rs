//! `polsearch extract`: show what the extractor keeps from one page.

use std::path::PathBuf;

use polsearch::corpus::SourcePage;

use super::{DataArgs, EXIT_OK};

/// Arguments of `polsearch extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The page (.html, .htm, .xhtml or .txt).
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
    if args.json {
        println!("{}", serde_json::to_string_pretty(&article)?);
        return Ok(EXIT_OK);
    }
    let clean = |s: &str| polsearch::terminal::sanitize(s, false);
    println!("title:    {}", clean(&article.title));
    println!("subtitle: {}", clean(article.subtitle.as_deref().unwrap_or("")));
    println!("authors:  {}", clean(&article.authors.join("; ")));
    println!("date:     {}", article.date.as_deref().unwrap_or(""));
    println!("site:     {}", clean(article.site.as_deref().unwrap_or("")));
    println!("url:      {}", clean(article.url.as_deref().unwrap_or("")));
    println!("kind:     {}", clean(article.kind.as_deref().unwrap_or("")));
    println!("region:   {}", article.region.join(", "));
    println!("country:  {}", article.country.join(", "));
    println!("topic:    {}", article.topic.join(", "));
    println!("labels:   {}", clean(&article.labels.join(" | ")));
    println!("\n{}", polsearch::terminal::sanitize(&article.body, true));
    Ok(EXIT_OK)
}
