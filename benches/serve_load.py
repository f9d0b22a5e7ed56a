#!/usr/bin/env python3
"""Load test of `polsearch serve`: N concurrent clients for S seconds, loopback only.

Starts `polsearch serve --index INDEX --port 0` itself (so that it can sample the
server's memory), then runs CLIENTS threads, each with one keep-alive HTTP/1.1
connection, for DURATION seconds. Each client cycles through the queries of
benches/queries.txt (from its own starting point) and through four kinds of request:
the search page (HTML, with its facets and timeline), the page filtered by a region,
/api/search sorted by date, and /api/search with a timeline. Every response must be a
200; anything else counts as an error. The server's resident memory (VmRSS) is read
from /proc every half second.

Prints one JSON object: requests, errors, requests/s, latency p50/p90/p99/max in ms,
and RSS at start, max and end in MB. Bounded: at most 200 clients and 120 seconds.
Python 3 standard library only. Usage:

    python3 benches/serve_load.py --binary target/release/polsearch --index IDX \
        [--clients 50] [--duration 30] [--queries benches/queries.txt]
"""

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

CRATE = Path(__file__).resolve().parent.parent


def read_queries(path):
    out = []
    for line in Path(path).read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, round(p / 100 * (len(sorted_values) - 1))))
    return sorted_values[k]


def paths_for(query, n):
    q = urllib.parse.quote_plus(query)
    kinds = [
        f"/?q={q}",
        f"/?q={q}&region=Africa",
        f"/api/search?q={q}&sort=date&limit=10",
        f"/api/search?q={q}&timeline=month",
    ]
    return kinds[n % len(kinds)]


def client(port, queries, start_at, stop, results, lock):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors, n = [], 0, start_at
    while time.monotonic() < stop:
        path = paths_for(queries[n % len(queries)], n)
        n += 1
        t0 = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
            resp = conn.getresponse()
            resp.read()
            ok = resp.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append((time.perf_counter() - t0) * 1000)
        if not ok:
            errors += 1
    conn.close()
    with lock:
        results["latencies"].extend(latencies)
        results["errors"] += errors


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", type=Path, default=CRATE / "target/release/polsearch")
    ap.add_argument("--index", type=Path, required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--duration", type=float, default=30)
    ap.add_argument("--queries", type=Path, default=CRATE / "benches/queries.txt")
    args = ap.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.duration <= 120:
        sys.exit("serve_load.py: --clients 1..200 and --duration up to 120 s")
    queries = read_queries(args.queries)
    server = subprocess.Popen(
        [str(args.binary), "serve", "--index", str(args.index), "--port", "0"],
        stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            sys.exit(f"serve_load.py: no URL from the server: {line!r}")
        port = int(m.group(1))
        # warm-up: every query once
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for i, q in enumerate(queries):
            warm.request("GET", paths_for(q, i))
            warm.getresponse().read()
        warm.close()
        samples = [rss_mb(server.pid)]
        results = {"latencies": [], "errors": 0}
        lock = threading.Lock()
        stop = time.monotonic() + args.duration
        threads = [threading.Thread(target=client,
                                    args=(port, queries, i * 7, stop, results, lock))
                   for i in range(args.clients)]
        t0 = time.monotonic()
        for t in threads:
            t.start()
        while any(t.is_alive() for t in threads):
            time.sleep(0.5)
            samples.append(rss_mb(server.pid))
        elapsed = time.monotonic() - t0
        samples.append(rss_mb(server.pid))
    finally:
        server.terminate()
        server.wait(timeout=10)
    lat = sorted(results["latencies"])
    samples = [s for s in samples if s is not None]
    out = {
        "clients": args.clients,
        "duration_s": round(elapsed, 1),
        "requests": len(lat),
        "errors": results["errors"],
        "requests_per_s": round(len(lat) / elapsed, 1),
        "latency_ms": {k: round(percentile(lat, p), 1)
                       for k, p in [("p50", 50), ("p90", 90), ("p99", 99), ("max", 100)]},
        "rss_mb": {"start": round(samples[0], 1), "max": round(max(samples), 1),
                   "end": round(samples[-1], 1)},
        "load_average_at_end": os.getloadavg(),
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
