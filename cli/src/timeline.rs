//! `search … --timeline`: the matching articles per period as a terminal bar
//! chart (Unicode blocks, eighths for the fractions), undated ones apart.

use std::io::Write;

use polsearch::search::{Granularity, Timeline};

/// The period of `--timeline`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum TimelineArg {
    /// Calendar years.
    Year,
    /// Calendar months.
    Month,
    /// ISO weeks (2024-W09).
    Week,
    /// Days.
    Day,
}

impl TimelineArg {
    /// The library's granularity.
    pub fn granularity(self) -> Granularity {
        match self {
            TimelineArg::Year => Granularity::Year,
            TimelineArg::Month => Granularity::Month,
            TimelineArg::Week => Granularity::Week,
            TimelineArg::Day => Granularity::Day,
        }
    }
}

/// Widest bar, in terminal columns.
const BAR_COLUMNS: usize = 40;
/// A bar's last, partial column: 1/8 to 7/8 of a block.
const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const BAR: &str = "\x1b[36m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// The bar of `count` when `max` fills [`BAR_COLUMNS`]: whole blocks, then
/// an eighth block; a count above zero shows at least one eighth.
pub fn bar(count: u64, max: u64) -> String {
    if count == 0 || max == 0 {
        return String::new();
    }
    let eighths = ((count as u128 * BAR_COLUMNS as u128 * 8) / max as u128).max(1) as usize;
    let mut s = "█".repeat(eighths / 8);
    if eighths % 8 > 0 {
        s.push(EIGHTHS[eighths % 8]);
    }
    s
}

/// Prints the chart: a heading line, one line per period (label, bar,
/// count), and the undated count.
pub fn print_chart(out: &mut impl Write, timeline: &Timeline, color: bool) -> std::io::Result<()> {
    let dated: u64 = timeline.buckets.iter().map(|b| b.count).sum();
    let heading = format!(
        "timeline by {}: {dated} dated, {} undated",
        timeline.granularity, timeline.undated
    );
    if color {
        writeln!(out, "{BOLD}{heading}{RESET}")?;
    } else {
        writeln!(out, "{heading}")?;
    }
    let max = timeline.buckets.iter().map(|b| b.count).max().unwrap_or(0);
    let label_width = timeline
        .buckets
        .iter()
        .map(|b| b.period.len())
        .max()
        .unwrap_or(0);
    for b in &timeline.buckets {
        let bar = bar(b.count, max);
        let pad = BAR_COLUMNS + 1 - bar.chars().count();
        if color {
            writeln!(
                out,
                "{:<label_width$}  {BAR}{bar}{RESET}{:pad$}{}",
                b.period, "", b.count
            )?;
        } else {
            writeln!(
                out,
                "{:<label_width$}  {bar}{:pad$}{}",
                b.period, "", b.count
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::bar;

    #[test]
    fn bars_scale_to_the_largest_count() {
        assert_eq!(bar(4, 4).chars().count(), 40);
        assert_eq!(bar(2, 4), "█".repeat(20));
        assert_eq!(bar(1, 1000), "▏");
        assert_eq!(bar(0, 4), "");
        // 3/16 of 40 columns = 7.5 columns
        assert_eq!(bar(3, 16), format!("{}▌", "█".repeat(7)));
    }
}
