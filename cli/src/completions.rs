//! `polsearch completions SHELL` and `polsearch man`: shell completions and man
//! pages generated from the clap definitions, so they never drift from the CLI.

use std::io::Write;
use std::path::{Path, PathBuf};

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
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    match args.dir {
        Some(dir) => {
            std::fs::create_dir_all(&dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
            write_pages(&cmd, &dir).map_err(|e| anyhow::anyhow!("{}: {e}", dir.display()))?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            render_page(&cmd, &mut out)?;
            out.flush()?;
        }
    }
    Ok(EXIT_OK)
}

/// Writes the page of `cmd` and of each of its subcommands into `dir`.
fn write_pages(cmd: &clap::Command, dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, dir)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut file = std::io::BufWriter::new(std::fs::File::create(dir.join(man.get_filename()))?);
    render_page(cmd, &mut file)?;
    file.flush()
}

/// Renders the man page of `cmd` as clap_mangen does, except the text after
/// the options (`after_long_help`: the query-language table, examples), which
/// is set unfilled (`.nf`) so that its columns stay as written instead of
/// being run together into one paragraph.
fn render_page(cmd: &clap::Command, w: &mut dyn Write) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    if let Some(text) = cmd.get_after_long_help().or_else(|| cmd.get_after_help()) {
        writeln!(w, ".SH EXTRA")?;
        writeln!(w, ".nf")?;
        for line in text.to_string().lines() {
            writeln!(w, "{}", roff_line(line))?;
        }
        writeln!(w, ".fi")?;
    }
    if cmd.get_version().is_some() {
        man.render_version_section(w)?;
    }
    Ok(())
}

/// One line of literal text in roff: backslashes escaped, and a leading `.`
/// or `'` (which roff would read as a request) neutralised.
fn roff_line(line: &str) -> String {
    let escaped = line.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with('.') || escaped.starts_with('\'') {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::roff_line;

    #[test]
    fn roff_lines_are_literal() {
        assert_eq!(roff_line(r"a \ b"), r"a \e b");
        assert_eq!(roff_line(".TH x"), r"\&.TH x");
        assert_eq!(roff_line("sahel -france"), r"sahel \-france");
    }
}
