//! `polsearch-tools train-text SET... --out DIR`: trains the body classifier
//! of text scrapes on the tuning gold sets and writes `DIR/lines.json` and
//! `DIR/context.json` (the files `src/extract/text/model/` embeds).

use std::path::PathBuf;

use polsearch_tools::text_model;

use super::DataArgs;

/// Arguments of `polsearch-tools train-text`.
#[derive(Debug, clap::Args)]
pub struct TrainTextArgs {
    /// Tuning gold sets (never a validation set).
    #[arg(required = true)]
    pub sets: Vec<PathBuf>,
    /// Folder the two model files are written to.
    #[arg(long, value_name = "DIR", default_value = "src/extract/text/model")]
    pub out: PathBuf,
    /// Which pages of each set, by the split rule on their domain (tuning
    /// domains by default; the validation part is for measuring only).
    #[arg(long, value_enum, default_value = "tune")]
    pub part: polsearch_tools::textset::Part,
    /// Boosting rounds of each stage.
    #[arg(long, default_value_t = 120)]
    pub rounds: usize,
    /// Depth of the trees.
    #[arg(long, default_value_t = 5)]
    pub depth: usize,
    /// Rules and taxonomy.
    #[command(flatten)]
    pub data: DataArgs,
}

/// Runs `polsearch-tools train-text`.
pub fn run(args: TrainTextArgs) -> anyhow::Result<()> {
    let (rules, _) = args.data.load()?;
    let p = text_model::params(args.rounds, args.depth);
    let t = text_model::train_sets(&args.sets, args.part, &rules.text, &p)?;
    let names: Vec<String> = args
        .sets
        .iter()
        .map(|s| {
            s.file_name()
                .map_or_else(|| s.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect();
    let trained = format!(
        "polsearch-tools train-text {} --part {:?} --rounds {} --depth {}: {} pages, {} lines of {}; \
         rows weighted by words (at most {} per page), {} domain folds for the second stage",
        names.join(" "),
        format!("{:?}", args.part).to_lowercase(),
        args.rounds,
        args.depth,
        t.pages,
        t.lines_n,
        names.join(", "),
        text_model::PAGE_WORDS,
        text_model::FOLDS,
    );
    let (mut lines, mut context) = (t.lines, t.context);
    lines.about = "text scrapes: probability that a line is the page's main content, \
                   from the line's own features"
        .into();
    context.about = "text scrapes: probability that a line is the page's main content, \
                     from the first stage's probabilities around it"
        .into();
    lines.trained = trained.clone();
    context.trained = trained;
    std::fs::create_dir_all(&args.out)?;
    text_model::write_model(&args.out.join("lines.json"), &lines)?;
    text_model::write_model(&args.out.join("context.json"), &context)?;
    eprintln!("wrote {}/lines.json and context.json", args.out.display());
    Ok(())
}
