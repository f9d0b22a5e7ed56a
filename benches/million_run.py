#!/usr/bin/env python3
"""The one-machine scale run: indexes the pages of benches/million.py in growing
steps and measures, at each size, what README -> Performance reports.

    python3 benches/million_run.py PAGES INDEX --sizes 250000,500000,1000000 \
        [--bin target/release/polsearch] [--export-bin BIN] [--queries benches/queries.txt] [--out FILE]

PAGES is the folder million.py wrote (1000 pages per subfolder); step k indexes
the first SIZE pages (their subfolders as the roots), so each step after the first
is an incremental run that adds the new pages to the index of the step before (the
index always mirrors exactly the pages of its step). At each size it records:

- index: wall time, pages/s of the pages added, peak RSS (VmHWM) and the RSS
  sampled every second (is it flat?), the report's counts;
- the index size on disk;
- an unchanged re-run of `index` (wall time, peak RSS);
- `polsearch search` as a whole process (`--json`: top 10, snippets, facets) over
  the queries, 3 timed runs each after a warm-up: p50/p99;
- in-process latency (`polsearch bench --index … --queries …`): p50/p99;
- `polsearch show` of the top hit of each query, as a process: p50/p99;
- `polsearch export --format elasticsearch` to /dev/null: documents/s.

Prints one JSON object per size (also appended to --out). Run it niced on a shared
machine (`nice -n 10`); the machine's load average is recorded with each step.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent
# peak RssAnon (MB) of the last measured() run: VmHWM also counts the pages of the
# memory-mapped index files the process touched (tantivy reads segments through mmap)
ANON_PEAK = [0]


def pct(xs, p):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))], 2)


def measured(cmd, **kw):
    """Runs cmd; returns (stdout, stderr, wall s, peak RSS MB, RSS samples MB); the
    peak of the anonymous (heap) part of RSS, sampled, is in ANON_PEAK[0]."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    samples, peak, anon = [], [0], [0]

    def sample():
        status = Path(f"/proc/{p.pid}/status")
        while p.poll() is None:
            try:
                fields = dict(l.split(":", 1) for l in status.read_text().splitlines() if ":" in l)
                samples.append(int(fields["VmRSS"].split()[0]) // 1024)
                peak[0] = max(peak[0], int(fields["VmHWM"].split()[0]) // 1024)
                anon[0] = max(anon[0], int(fields["RssAnon"].split()[0]) // 1024)
            except (OSError, KeyError, ValueError):
                pass
            time.sleep(1.0)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, err = p.communicate()
    wall = time.perf_counter() - start
    t.join()
    ANON_PEAK[0] = anon[0]
    if p.returncode not in (0, 1):
        sys.exit(f"{cmd[:3]} failed ({p.returncode}): {err.decode(errors='replace')[-2000:]}")
    return out, err, wall, peak[0], samples


def du(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def queries(path):
    return [l for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]


def timed(cmd, runs):
    subprocess.run(cmd, capture_output=True)  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        out.append((time.perf_counter() - start) * 1000)
    return out


def step(args, size, qs):
    folders = [str(args.pages / f"{i:04d}") for i in range((size + 999) // 1000)]
    rec = {"size": size, "load_before": os.getloadavg()}
    out, _, wall, peak, samples = measured([args.bin, "index", *folders, "--index", str(args.index), "--json", "--quiet"])
    rep = json.loads(out)
    added = rep["indexed"] + rep["updated"] + len(rep["duplicates"]) + len(rep["skipped"])
    n = len(samples)
    rec["index"] = {"wall_s": round(wall, 1), "pages_added": added, "pages_per_s": round(added / wall, 1),
                    "peak_rss_mb": peak, "peak_rss_anon_mb": ANON_PEAK[0], "rss_mb_at_25_50_75_100pct": [samples[min(n - 1, int(n * f))] for f in (0.25, 0.5, 0.75, 0.999)] if n else [],
                    "documents": rep["documents"], "duplicates": len(rep["duplicates"]), "skipped": len(rep["skipped"]),
                    "commits": rep["commits"], "timings": rep["timings"]}
    rec["index_mb"] = round(du(args.index) / 1e6, 1)
    _, _, wall, peak, _ = measured([args.bin, "index", *folders, "--index", str(args.index), "--json", "--quiet"])
    rec["rerun"] = {"wall_s": round(wall, 2), "peak_rss_mb": peak, "peak_rss_anon_mb": ANON_PEAK[0]}
    proc, tops = [], []
    for q in qs:
        proc += timed([args.bin, "search", q, "--index", str(args.index), "--json"], 3)
        res = subprocess.run([args.bin, "search", q, "--index", str(args.index), "--json", "--limit", "1"],
                             capture_output=True)
        hits = json.loads(res.stdout or b"{}").get("hits", [])
        if hits:
            tops.append(hits[0]["path"])
    rec["search_process_ms"] = {"p50": pct(proc, 50), "p99": pct(proc, 99), "n": len(proc)}
    out, _, _, _, _ = measured([args.bin, "bench", "--index", str(args.index), "--queries", str(args.queries), "--json"])
    rec["search_in_process"] = json.loads(out).get("query_latency")
    show = []
    for path in tops:
        show += timed([args.bin, "show", path, "--index", str(args.index)], 3)
    rec["show_process_ms"] = {"p50": pct(show, 50), "p99": pct(show, 99), "n": len(show)} if show else None
    if args.export_bin == "none":
        rec["load_after"] = os.getloadavg()
        return rec
    _, err, wall, peak, _ = measured([args.export_bin or args.bin, "export", "--index", str(args.index), "--format", "elasticsearch",
                                      "--output", "/dev/null"])
    rec["export"] = {"wall_s": round(wall, 1), "docs_per_s": round(rep["documents"] / wall), "peak_rss_mb": peak,
                     "stderr": err.decode().strip()}
    rec["load_after"] = os.getloadavg()
    return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pages", type=Path)
    ap.add_argument("index", type=Path)
    ap.add_argument("--sizes", default="250000,500000,1000000")
    ap.add_argument("--bin", default=str(CRATE / "target" / "release" / "polsearch"))
    ap.add_argument("--export-bin", help="binary for the export step (default: --bin; none: skip it)")
    ap.add_argument("--queries", type=Path, default=CRATE / "benches" / "queries.txt")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    qs = queries(args.queries)
    for size in [int(s) for s in args.sizes.split(",")]:
        rec = step(args, size, qs)
        line = json.dumps(rec)
        print(line, flush=True)
        if args.out:
            with args.out.open("a") as f:
                f.write(line + "\n")


if __name__ == "__main__":
    main()
