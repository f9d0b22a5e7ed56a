//! How an indexing run times its per-page stages: through a [`StageClock`] the
//! caller chooses. The indexer reads it on the working thread before and after
//! each per-page stage (one walk step, reading one file, extracting one page,
//! classifying one article) and sums the differences over threads into
//! [`StageTimings`](super::StageTimings). The default, [`WallClock`], counts the
//! time a thread spends in a stage; a caller that wants CPU-seconds per stage
//! (the `polsearch` command does) passes a clock that reads the thread's CPU
//! time, so the library itself needs no platform calls.

use std::sync::OnceLock;
use std::time::Instant;

/// A clock for the per-page stages of an indexing run (see the module docs).
pub trait StageClock: Send + Sync + std::fmt::Debug {
    /// Seconds since an arbitrary start, as seen from the calling thread. Only
    /// the difference of two readings on the same thread is used.
    fn now(&self) -> f64;
}

/// Monotonic wall-clock time: the default [`StageClock`]. On a machine with
/// more busy threads than cores it counts the time a stage waits for a core.
#[derive(Debug, Clone, Copy, Default)]
pub struct WallClock;

impl StageClock for WallClock {
    fn now(&self) -> f64 {
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64()
    }
}

/// Seconds one thread spent in each per-page stage, and the bytes it read.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PageTimes {
    /// Statting, reading and hashing files (and walking, on the walker thread).
    pub read: f64,
    /// Decoding and extracting articles.
    pub extract: f64,
    /// Classifying articles.
    pub classify: f64,
    /// Bytes of the files read.
    pub bytes: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wall_clock_moves_forward() {
        let a = WallClock.now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert!(WallClock.now() - a >= 0.002);
    }
}
