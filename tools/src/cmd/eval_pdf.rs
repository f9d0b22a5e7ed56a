//! `polsearch-tools eval-pdf DIR`: every `<name>.pdf` of `DIR` extracted by
//! polsearch, its body's words scored against `<name>.pdftotext.txt` beside it
//! (poppler's text, a reference, not gold): recall and precision (the measure of
//! `polsearch eval`), the title, the time and the peak memory of extracting it.
//! Each PDF is extracted in a child process of its own (`eval-pdf --one FILE`),
//! so that its peak resident memory (`VmHWM`) is its own.
//!
//! The split (the project's rule, on the publisher's web domain, listed in
//! [`DOMAINS`]): `gao.gov`, `crsreports.congress.gov`, `imf.org` and
//! `federalregister.gov` fall in VALIDATION, `europa.eu` and `coe.int` in TUNING.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use polsearch::extract::pdf;

use polsearch_tools::split::Split;

/// The publisher's domain of each shared PDF, by file-name prefix: the key of the split.
pub const DOMAINS: &[(&str, &str)] = &[
    ("gao-", "gao.gov"),
    ("crs-", "crsreports.congress.gov"),
    ("imf-", "imf.org"),
    ("federal-register-", "federalregister.gov"),
    ("icdar2013-eu-", "europa.eu"),
    ("coe-", "coe.int"),
];

/// Arguments of `eval-pdf`.
#[derive(Debug, clap::Args)]
pub struct EvalPdfArgs {
    /// The folder of PDFs (with `<name>.pdftotext.txt` beside each), e.g. ../shared/corpus/pdf.
    pub dir: PathBuf,
    /// Extract one PDF and print its result as JSON (what each child runs).
    #[arg(long, hide = true)]
    pub one: bool,
    /// Print the rows as JSON.
    #[arg(long)]
    pub json: bool,
}

/// What one child reports.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct One {
    title: String,
    body: String,
    error: Option<String>,
    seconds: f64,
    peak_mb: Option<f64>,
}

/// One PDF's scores.
#[derive(Debug, serde::Serialize)]
struct Row {
    pdf: String,
    split: &'static str,
    recall: f64,
    precision: f64,
    title: String,
    words: usize,
    seconds: f64,
    peak_mb: Option<f64>,
    skipped: Option<String>,
}

/// Runs `eval-pdf`.
pub fn run(args: EvalPdfArgs) -> anyhow::Result<()> {
    if args.one {
        let bytes = std::fs::read(&args.dir).with_context(|| args.dir.display().to_string())?;
        let start = Instant::now();
        let got = pdf::extract(&bytes, pdf::Limits::default());
        let seconds = start.elapsed().as_secs_f64();
        let (title, body, error) = match got {
            Ok(a) => (a.title, a.body, None),
            Err(e) => (String::new(), String::new(), Some(e.to_string())),
        };
        let one = One {
            title,
            body,
            error,
            seconds,
            peak_mb: peak_mb(),
        };
        println!("{}", serde_json::to_string(&one)?);
        return Ok(());
    }
    let mut pdfs: Vec<PathBuf> = std::fs::read_dir(&args.dir)
        .with_context(|| args.dir.display().to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")))
        .collect();
    pdfs.sort();
    if pdfs.is_empty() {
        bail!("{}: no .pdf files", args.dir.display());
    }
    let rows = pdfs
        .iter()
        .map(|p| row(p))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        print!("{}", table(&rows));
    }
    Ok(())
}

fn row(path: &Path) -> anyhow::Result<Row> {
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let reference = path.with_file_name(format!("{stem}.pdftotext.txt"));
    let reference =
        std::fs::read_to_string(&reference).with_context(|| reference.display().to_string())?;
    let out = std::process::Command::new(std::env::current_exe()?)
        .args(["eval-pdf", "--one"])
        .arg(path)
        .output()?;
    if !out.status.success() {
        bail!(
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let one: One = serde_json::from_slice(&out.stdout)?;
    let score = polsearch::eval::score(&one.body, &reference);
    Ok(Row {
        split: split(&stem),
        pdf: stem,
        recall: score.recall,
        precision: score.precision,
        title: one.title,
        words: one.body.split_whitespace().count(),
        seconds: one.seconds,
        peak_mb: one.peak_mb,
        skipped: one.error,
    })
}

/// VALIDATION or TUNING by the project's rule ([`Split`]) on the PDF's publisher domain.
fn split(stem: &str) -> &'static str {
    let domain = DOMAINS
        .iter()
        .find(|(prefix, _)| stem.starts_with(prefix))
        .map_or(stem, |(_, d)| d);
    Split::of(domain).name()
}

fn table(rows: &[Row]) -> String {
    let mut out = format!(
        "{:<40} {:<10} {:>6} {:>6} {:>6} {:>7} {:>7}  title\n",
        "pdf", "split", "recall", "prec", "words", "seconds", "peak MB"
    );
    for r in rows {
        let title = match &r.skipped {
            Some(reason) => format!("SKIPPED: {reason}"),
            None => r.title.chars().take(70).collect(),
        };
        out.push_str(&format!(
            "{:<40} {:<10} {:>6.3} {:>6.3} {:>6} {:>7.2} {:>7}  {title}\n",
            r.pdf,
            r.split,
            r.recall,
            r.precision,
            r.words,
            r.seconds,
            r.peak_mb.map_or("-".into(), |m| format!("{m:.0}")),
        ));
    }
    for split in ["tuning", "validation"] {
        let part: Vec<&Row> = rows.iter().filter(|r| r.split == split).collect();
        if part.is_empty() {
            continue;
        }
        let n = part.len() as f64;
        out.push_str(&format!(
            "mean {split:<35} {:>17.3} {:>6.3}  ({} PDFs; recall min {:.3}, precision min {:.3})\n",
            part.iter().map(|r| r.recall).sum::<f64>() / n,
            part.iter().map(|r| r.precision).sum::<f64>() / n,
            part.len(),
            part.iter().map(|r| r.recall).fold(1.0, f64::min),
            part.iter().map(|r| r.precision).fold(1.0, f64::min),
        ));
    }
    out
}

/// This process's peak resident memory (Linux `VmHWM`), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_split_follows_the_publisher_domain() {
        assert_eq!(split("gao-07-283-crude-oil"), "validation");
        assert_eq!(split("federal-register-2020-17221"), "validation");
        assert_eq!(split("coe-venice-cdl-94-54-cis-agreements"), "tuning");
        assert_eq!(split("icdar2013-eu-004-eu-retail-structure"), "tuning");
    }
}
