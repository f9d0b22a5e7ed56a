//! `polsearch-tools gold-sets`: the wcxb-dev pool as tuning and validation
//! gold folders (see [`polsearch_tools::wcxb`]).

use std::path::PathBuf;

/// Arguments of `polsearch-tools gold-sets`.
#[derive(Debug, clap::Args)]
pub struct GoldSetsArgs {
    /// The shared evaluation folder (default: `../shared` beside the repository).
    #[arg(long, value_name = "DIR")]
    pub shared: Option<PathBuf>,
    /// Where to write `wcxb-tune/` and `wcxb-valid/` (default: `target/gold-sets`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Also render `text/` scrapes with `tools/make_text_scrapes.py` of the
    /// shared folder (needs python3 with lxml).
    #[arg(long)]
    pub text: bool,
}

/// Runs `polsearch-tools gold-sets`.
pub fn run(args: GoldSetsArgs) -> anyhow::Result<()> {
    let shared = match args.shared {
        Some(s) => s,
        None => polsearch_tools::shared::dir()
            .ok_or_else(|| anyhow::anyhow!("../shared is missing; pass --shared DIR"))?,
    };
    let out = args.out.unwrap_or_else(polsearch_tools::wcxb::default_out);
    let script = shared.join("tools/make_text_scrapes.py");
    let counts = polsearch_tools::wcxb::build(
        &shared.join("data/wcxb-dev"),
        &out,
        args.text.then_some(script.as_path()),
    )?;
    for (part, n) in counts {
        println!(
            "{}: {n} pages",
            polsearch_tools::wcxb::set_dir(&out, part).display()
        );
    }
    Ok(())
}
