//! What the `polsearch` command measures about itself: the thread CPU clock it
//! gives the indexer for its per-page stage timings.

use polsearch::index::{StageClock, WallClock};

/// CPU time of the calling thread, so that the per-page stage timings are
/// CPU-seconds and add up over threads whatever else runs on the machine.
/// Falls back to wall time where the platform has no per-thread CPU clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadCpuClock;

impl StageClock for ThreadCpuClock {
    fn now(&self) -> f64 {
        #[cfg(unix)]
        {
            let mut ts = libc::timespec {
                tv_sec: 0,
                tv_nsec: 0,
            };
            // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant.
            if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
                return ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9;
            }
        }
        WallClock.now()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    /// Spins for `ms` milliseconds of wall time.
    fn spin(ms: u128) {
        let mut x = 0u64;
        let t = Instant::now();
        while t.elapsed().as_millis() < ms {
            x = std::hint::black_box(x.wrapping_add(1));
        }
    }

    #[test]
    fn thread_cpu_clock_does_not_count_sleep() {
        let clock = ThreadCpuClock;
        let start = clock.now();
        spin(20);
        let busy = clock.now() - start;
        assert!(busy > 0.0, "spinning takes CPU time");
        let start = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(50));
        let asleep = clock.now() - start;
        if cfg!(unix) {
            assert!(asleep < 0.025, "sleeping took {asleep} CPU-seconds");
        }
    }
}
