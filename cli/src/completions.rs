//! `polsearch completions SHELL` and `polsearch man`: shell completions and man
//! pages generated from the clap definitions, so they never drift from the CLI.

use std::io::Write;
use std::path::PathBuf;

use clap::CommandFactory;

use super::{Cli, EXIT_OK};

/// Arguments of `polsearch completions`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = "\
Install:
  bash:  polsearch completions bash > ~/.local/share/bash-completion/completions/polsearch
  zsh:   polsearch completions zsh > ~/.zfunc/_polsearch   (with fpath+=~/.zfunc)
  fish:  polsearch completions fish > ~/.config/fish/completions/polsearch.fish")]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `polsearch man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write polsearch.1 and one page per subcommand (polsearch-search.1…) into
    /// this folder instead of printing polsearch.1
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Runs `polsearch completions`.
pub fn run_completions(args: CompletionsArgs) -> anyhow::Result<u8> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut cmd, "polsearch", &mut out);
    out.flush()?;
    Ok(EXIT_OK)
}

/// Runs `polsearch man`.
pub fn run_man(args: ManArgs) -> anyhow::Result<u8> {
    let cmd = Cli::command();
    match args.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(cmd).render(&mut out)?;
            out.flush()?;
        }
    }
    Ok(EXIT_OK)
}
