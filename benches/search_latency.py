#!/usr/bin/env python3
"""Whole-process `polsearch search` latency of two binaries on the same index,
alternated query by query (A B, B A, ...) so that both see the same machine load.

    python3 benches/search_latency.py INDEX QUERIES BIN_A BIN_B [--runs 5]

QUERIES is a file of one query per line (`#` lines skipped; benches/queries.txt) or
a TSV whose header has a `query` column (relevance-dev's queries.tsv). Each query is
run once per binary as a warm-up, then RUNS times per binary, timed from spawn to
exit (`--json`, top 10, snippets, facets). Prints median, p95 and the B/A ratio.
"""
import argparse
import statistics
import subprocess
import sys
import time


def queries(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    if lines and "\t" in lines[0] and "query" in lines[0].split("\t"):
        col = lines[0].split("\t").index("query")
        return [l.split("\t")[col] for l in lines[1:] if l.strip()]
    return [l for l in lines if l.strip() and not l.startswith("#")]


def run(binary, index, q):
    start = time.perf_counter()
    p = subprocess.run([binary, "search", q, "--index", index, "--json"], capture_output=True)
    took = (time.perf_counter() - start) * 1000
    if p.returncode > 1:
        sys.exit(f"{binary} search {q!r} failed: {p.stderr.decode(errors='replace')}")
    return took


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("index")
    ap.add_argument("queries")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    qs = queries(a.queries)
    times = {a.a: [], a.b: []}
    for i, q in enumerate(qs):
        order = [a.a, a.b] if i % 2 == 0 else [a.b, a.a]
        for b in order:
            run(b, a.index, q)
        for _ in range(a.runs):
            for b in order:
                times[b].append(run(b, a.index, q))
    med = {b: statistics.median(t) for b, t in times.items()}
    for b, t in times.items():
        print(f"{b}: {len(qs)} queries x {a.runs}: median {med[b]:.2f} ms, p95 {pct(t, 95):.2f} ms")
    print(f"B/A median: {med[a.b] / med[a.a]:.3f}")


if __name__ == "__main__":
    main()
