//! What the `polsearch` command measures about itself: the thread CPU clock it
//! gives the indexer for its per-page stage timings, and this process's CPU
//! time and peak memory, read from `/proc` (Linux; `None` elsewhere).

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

/// Peak resident set size of this process in bytes (`VmHWM` in
/// `/proc/self/status`), or `None` where that file does not exist.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    parse_vm_hwm(&status)
}

fn parse_vm_hwm(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line["VmHWM:".len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb * 1024)
}

/// CPU time (user + system, all threads) of this process so far, in seconds,
/// from `/proc/self/stat`; `None` where that file does not exist.
pub fn cpu_secs() -> Option<f64> {
    parse_cpu_secs(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

fn parse_cpu_secs(stat: &str) -> Option<f64> {
    // Fields after the parenthesised command name: state is field 3, utime and
    // stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
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
    fn vm_hwm_is_read_in_bytes() {
        let status =
            "Name:\tpolsearch\nVmPeak:\t  300000 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(parse_vm_hwm(status), Some(12345 * 1024));
        assert_eq!(parse_vm_hwm("Name: x\n"), None);
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().unwrap() > 1 << 20);
        }
    }

    #[test]
    fn cpu_time_is_read_from_proc_stat() {
        let stat = "4242 (poli search) R 1 2 3 4 5 6 7 8 9 10 250 50 0 0 20 0 3 0 100";
        assert_eq!(parse_cpu_secs(stat), Some(3.0));
        assert_eq!(parse_cpu_secs("garbage"), None);
        if cfg!(target_os = "linux") {
            let before = cpu_secs().unwrap();
            spin(50);
            assert!(cpu_secs().unwrap() >= before);
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
