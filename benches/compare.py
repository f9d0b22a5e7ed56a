#!/usr/bin/env python3
"""The measuring half of benches/compare.sh (which installs the tools and builds the
corpus, then calls this). Runs polsearch, Pagefind and tantivy-cli on the same corpus
in rotating order, round after round, each as a child process under GNU time
(wall-clock seconds, peak RSS), and prints medians and ratios as a Markdown table.

Also: re-indexing the unchanged corpus (polsearch), whole-process `polsearch search`
latency and in-process latency (`polsearch bench --index`) on the built index, and,
with --scale, polsearch alone on corpora of several sizes.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TANTIVY_SCHEMA = [
    {"name": n, "type": "text", "options": {
        "indexing": {"record": "position", "fieldnorms": True, "tokenizer": "en_stem"},
        "stored": True, "fast": False}}
    for n in ("title", "subtitle", "authors", "body")
] + [
    {"name": n, "type": "text", "options": {
        "indexing": {"record": "basic", "fieldnorms": False, "tokenizer": "raw"},
        "stored": True, "fast": False}}
    for n in ("path", "url")
]
WRITER_BYTES = 128 << 20  # polsearch's default writer budget, given to tantivy-cli too


def log(msg):
    print(f"compare: {msg}", file=sys.stderr, flush=True)


def corpus_stats(corpus):
    pages = size = 0
    for root, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for f in files:
            if f.endswith((".html", ".htm")):
                pages += 1
                size += os.path.getsize(os.path.join(root, f))
    return pages, size


def warm(corpus):
    """Reads every file once so that every tool starts from a warm page cache."""
    for root, _, files in os.walk(corpus):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                while fh.read(1 << 20):
                    pass


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def timed(cmd, log_path, stdin=None):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS bytes, cpu seconds, stdout)."""
    tfile = str(log_path) + ".time"
    full = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", tfile] + cmd
    with open(log_path, "wb") as err:
        p = subprocess.run(full, stdout=subprocess.PIPE, stderr=err, stdin=stdin)
    if p.returncode != 0:
        sys.exit(f"compare: {' '.join(cmd)} failed ({p.returncode}); see {log_path}")
    wall, rss_kb, user, sys_ = Path(tfile).read_text().split()[-4:]
    return float(wall), int(rss_kb) * 1024, float(user) + float(sys_), p.stdout


def median(xs):
    return statistics.median(xs) if xs else float("nan")


class Runner:
    def __init__(self, args):
        self.a = args
        self.work = Path(args.work)
        self.work.mkdir(parents=True, exist_ok=True)
        self.polsearch = args.polsearch

    def run_polsearch(self, corpus, out):
        wall, rss, cpu, stdout = timed([self.polsearch, "index", str(corpus), "--index", str(out), "--json",
                                        "--quiet"], self.work / "polsearch.log")
        report = json.loads(stdout)
        return {"wall": wall, "rss": rss, "cpu": cpu, "index_bytes": dir_size(out),
                "docs": report.get("indexed"), "timings": report.get("timings")}

    def run_pagefind(self, corpus, out):
        cmd = self.a.pagefind.split() + ["--site", str(corpus), "--output-path", str(out)]
        wall, rss, cpu, _ = timed(cmd, self.work / "pagefind.log")
        return {"wall": wall, "rss": rss, "cpu": cpu, "index_bytes": dir_size(out)}

    def run_tantivy(self, jsonl, out, docs):
        out.mkdir(parents=True)
        meta = {"index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
                "segments": [], "schema": TANTIVY_SCHEMA, "opstamp": 0}
        (out / "meta.json").write_text(json.dumps(meta))
        cmd = [self.a.tantivy, "index", "-i", str(out), "-t", "1", "-m", str(WRITER_BYTES), "-f", str(jsonl)]
        wall, rss, cpu, _ = timed(cmd, self.work / "tantivy.log")
        return {"wall": wall, "rss": rss, "cpu": cpu, "index_bytes": dir_size(out), "docs": docs}

    def dump_jsonl(self, corpus):
        jsonl = self.work / f"{Path(corpus).name}.jsonl"
        stamp = jsonl.with_suffix(".stamp")
        key = f"{os.path.getmtime(self.polsearch)} {Path(corpus).resolve()}"
        if not (jsonl.is_file() and stamp.is_file() and stamp.read_text() == key):
            log(f"extracting the corpus to {jsonl} for tantivy-cli (polsearch bench --dump-jsonl)")
            subprocess.run([self.polsearch, "bench", str(corpus), "--dump-jsonl", str(jsonl)], check=True)
            stamp.write_text(key)
        with open(jsonl, "rb") as f:
            docs = sum(1 for _ in f)
        return jsonl, docs

    # ------------------------------------------------------------------ side by side
    def side_by_side(self):
        corpus = Path(self.a.corpus)
        tools = [t for t in self.a.tools.split(",") if t]
        tools = [t for t in tools if t == "polsearch" or getattr(self.a, t)]
        pages, size = corpus_stats(corpus)
        log(f"corpus {corpus}: {pages} pages, {size / 1e6:.0f} MB; tools {tools}; {self.a.rounds} rounds")
        jsonl = docs = None
        if "tantivy" in tools:
            jsonl, docs = self.dump_jsonl(corpus)
        warm(corpus)
        results = {t: [] for t in tools}
        last_index = self.work / "index-polsearch"
        for r in range(self.a.rounds):
            order = tools[r % len(tools):] + tools[:r % len(tools)]
            for tool in order:
                out = self.work / f"index-{tool}"
                shutil.rmtree(out, ignore_errors=True)
                if tool == "polsearch":
                    res = self.run_polsearch(corpus, out)
                elif tool == "pagefind":
                    res = self.run_pagefind(corpus, out)
                else:
                    res = self.run_tantivy(jsonl, out, docs)
                results[tool].append(res)
                log(f"round {r + 1} {tool}: {res['wall']:.1f} s, peak {res['rss'] / 1e6:.0f} MB, "
                    f"index {res['index_bytes'] / 1e6:.0f} MB")
        summary = {"corpus": str(corpus), "pages": pages, "bytes": size, "rounds": self.a.rounds, "tools": {}}
        for tool, runs in results.items():
            n = docs if tool == "tantivy" else pages
            w = median([x["wall"] for x in runs])
            summary["tools"][tool] = {
                "wall_s": w, "walls": [x["wall"] for x in runs], "docs": n, "pages_per_s": n / w,
                "mb_per_s": size / 1e6 / w if tool != "tantivy" else None,
                "peak_rss_mb": median([x["rss"] for x in runs]) / 1e6,
                "cpu_s": median([x["cpu"] for x in runs]),
                "index_mb": median([x["index_bytes"] for x in runs]) / 1e6,
            }
            if tool == "polsearch":
                summary["tools"][tool]["indexed"] = runs[-1]["docs"]
                summary["tools"][tool]["timings"] = runs[-1]["timings"]
        if "polsearch" in tools:
            summary["reindex"] = self.reindex(corpus, last_index)
            summary["search"] = self.search_latency(last_index)
        return summary

    def reindex(self, corpus, index):
        walls = []
        for _ in range(self.a.rounds):
            wall, rss, _, _ = timed([self.polsearch, "index", str(corpus), "--index", str(index), "--json", "--quiet"],
                                    self.work / "reindex.log")
            walls.append(wall)
        log(f"re-index of the unchanged corpus: median {median(walls):.1f} s")
        return {"wall_s": median(walls), "walls": walls}

    def search_latency(self, index):
        queries = [l.strip() for l in Path(self.a.queries).read_text().splitlines()
                   if l.strip() and not l.startswith("#")]
        times = []
        for q in queries:  # warm-up
            subprocess.run([self.polsearch, "search", q, "--index", str(index), "--json"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(self.a.search_runs):
            for q in queries:
                t = time.perf_counter()
                p = subprocess.run([self.polsearch, "search", q, "--index", str(index), "--json"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                times.append((time.perf_counter() - t) * 1e3)
                if p.returncode > 1:
                    sys.exit(f"compare: polsearch search {q!r} failed: {p.stderr.decode(errors='replace')}")
        times.sort()
        pct = lambda p: times[max(0, min(len(times), int(-(-p * len(times) // 100))) - 1)]
        inproc = json.loads(subprocess.run(
            [self.polsearch, "bench", "--index", str(index), "--queries", self.a.queries, "--json"],
            check=True, stdout=subprocess.PIPE).stdout)
        res = {"queries": len(queries), "process_samples": len(times), "process_p50_ms": pct(50),
               "process_p95_ms": pct(95), "in_process": inproc["query_latency"]}
        log(f"search: whole process median {pct(50):.1f} ms; in-process p50 {inproc['query_latency']['p50_ms']:.2f} ms")
        return res

    # ------------------------------------------------------------------ scaling
    def scale(self):
        dirs = [Path(d) for d in self.a.scale]
        stats = {d: corpus_stats(d) for d in dirs}
        walls = {d: [] for d in dirs}
        for r in range(self.a.rounds):
            order = dirs[r % len(dirs):] + dirs[:r % len(dirs)]
            for d in order:
                warm(d)
                out = self.work / "index-scale"
                shutil.rmtree(out, ignore_errors=True)
                res = self.run_polsearch(d, out)
                walls[d].append(res["wall"])
                log(f"scale round {r + 1} {d.name}: {res['wall']:.1f} s, peak {res['rss'] / 1e6:.0f} MB")
        rows = []
        for d in dirs:
            pages, size = stats[d]
            w = median(walls[d])
            rows.append({"corpus": d.name, "pages": pages, "bytes": size, "wall_s": w, "walls": walls[d],
                         "pages_per_s": pages / w, "s_per_gb": w / (size / 1e9)})
        return rows


def machine():
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    rustc = subprocess.run(["rustc", "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
    return {"load": load, "cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release(), "rustc": rustc,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def markdown(m, sbs, scale, args):
    lines = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']} RAM, Linux {m['kernel']}, {m['rustc']}; "
             f"run {m['date']}; load average at start {m['load']}.", ""]
    if sbs:
        t = sbs["tools"]
        lines += [f"Corpus: `{sbs['corpus']}`, {sbs['pages']} HTML pages, {sbs['bytes'] / 1e6:.0f} MB; "
                  f"median of {sbs['rounds']} rounds, tools alternated.", "",
                  "| tool | wall s | pages/s | MB/s | pages per CPU-s | peak RSS MB | CPU s | index MB |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        names = {"polsearch": "polsearch index", "pagefind": f"Pagefind {args.pagefind_version}",
                 "tantivy": f"tantivy-cli {args.tantivy_version} (-t 1, pre-extracted JSONL)"}
        for tool, s in t.items():
            mbs = f"{s['mb_per_s']:.1f}" if s["mb_per_s"] else "—"
            lines.append(f"| {names[tool]} | {s['wall_s']:.1f} | {s['pages_per_s']:.0f} | {mbs} | "
                         f"{s['docs'] / s['cpu_s']:.0f} | "
                         f"{s['peak_rss_mb']:.0f} | {s['cpu_s']:.1f} | {s['index_mb']:.0f} |")
        lines.append("")
        p = t.get("polsearch")
        if p and "pagefind" in t:
            f = t["pagefind"]
            lines.append(f"polsearch / Pagefind: pages/s {ratio(p['pages_per_s'], f['pages_per_s'])}, "
                         f"CPU-s {ratio(p['cpu_s'], f['cpu_s'])}, "
                         f"peak RSS {ratio(p['peak_rss_mb'], f['peak_rss_mb'])}, "
                         f"index size {ratio(p['index_mb'], f['index_mb'])}.")
        if p and "tantivy" in t:
            tv = t["tantivy"]
            lines.append(f"polsearch / tantivy-cli: docs/s {ratio(p['pages_per_s'], tv['pages_per_s'])}, "
                         f"CPU-s {ratio(p['cpu_s'], tv['cpu_s'])}, "
                         f"peak RSS {ratio(p['peak_rss_mb'], tv['peak_rss_mb'])}, "
                         f"index size {ratio(p['index_mb'], tv['index_mb'])}.")
        if p and p.get("timings") and any(v for v in p["timings"].values()):
            tm = p["timings"]
            lines.append("polsearch stages (s; per-page stages are thread time summed over threads, inflated when the machine is oversubscribed): " + ", ".join(
                f"{k} {tm[k]:.1f}" for k in ("walk_read", "extract", "classify", "index", "commit", "wall") if k in tm))
        if "reindex" in sbs and p:
            r = sbs["reindex"]
            lines.append(f"Re-index of the unchanged corpus: {r['wall_s']:.1f} s "
                         f"({ratio(r['wall_s'], p['wall_s'])} of a full build).")
        if "search" in sbs:
            s = sbs["search"]
            lines.append(f"`polsearch search` as a process (top 10, snippets, facets; {s['queries']} queries × "
                         f"{s['process_samples'] // max(1, s['queries'])} runs): median {s['process_p50_ms']:.1f} ms, "
                         f"p95 {s['process_p95_ms']:.1f} ms. In-process (`polsearch bench --index`): "
                         f"p50 {s['in_process']['p50_ms']:.2f} ms, p95 {s['in_process']['p95_ms']:.2f} ms, "
                         f"p99 {s['in_process']['p99_ms']:.2f} ms.")
        lines.append("")
    if scale:
        base = scale[0]["s_per_gb"]
        lines += ["Scaling (polsearch index alone, median of rounds):", "",
                  "| corpus | pages | MB | wall s | pages/s | s per GB | vs smallest |", "|---|---:|---:|---:|---:|---:|---:|"]
        for r in scale:
            lines.append(f"| {r['corpus']} | {r['pages']} | {r['bytes'] / 1e6:.0f} | {r['wall_s']:.1f} | "
                         f"{r['pages_per_s']:.0f} | {r['s_per_gb']:.1f} | {r['s_per_gb'] / base:.2f}× |")
        lines.append("")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", required=True)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--polsearch", required=True)
    ap.add_argument("--pagefind")
    ap.add_argument("--pagefind-version", default="?")
    ap.add_argument("--tantivy")
    ap.add_argument("--tantivy-version", default="?")
    ap.add_argument("--corpus")
    ap.add_argument("--tools", default="pagefind,polsearch,tantivy")
    ap.add_argument("--queries", required=True)
    ap.add_argument("--search-runs", type=int, default=5)
    ap.add_argument("--scale", nargs="*", default=[])
    args = ap.parse_args()
    runner = Runner(args)
    m = machine()
    sbs = runner.side_by_side() if args.corpus else None
    scale = runner.scale() if args.scale else None
    stamp = time.strftime("%Y%m%d-%H%M%S")
    Path(args.work, f"results-{stamp}.json").write_text(
        json.dumps({"machine": m, "side_by_side": sbs, "scale": scale}, indent=2) + "\n")
    md = markdown(m, sbs, scale, args)
    Path(args.work, "results.md").write_text(md + "\n")
    print(md)


if __name__ == "__main__":
    main()
