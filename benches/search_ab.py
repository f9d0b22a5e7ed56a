#!/usr/bin/env python3
"""Two `polsearch` binaries, `search Q --index IDX --json` as a process, on the
same index in the same run:

    python3 benches/search_ab.py INDEX QUERIES BIN_A BIN_B [ROUNDS]

Per query: one warm-up each, then ROUNDS rounds (default 2) alternating A B /
B A. Prints p50/p99/sum of CPU time (user + sys of the child, from wait4) and
of wall time, the B/A ratios, and whether both binaries printed byte-identical
output for every query (a change meant to be invisible must keep it so).
"""
import os, sys, time, subprocess
idx, qfile, a, b = sys.argv[1:5]
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 2
qs = [l for l in open(qfile).read().splitlines() if l.strip() and not l.startswith('#')]
def run(binary, q):
    t0 = time.perf_counter()
    p = subprocess.Popen([binary, 'search', q, '--index', idx, '--json'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    return out, (ru.ru_utime + ru.ru_stime) * 1000, (time.perf_counter() - t0) * 1000
cpu = {a: [], b: []}; wall = {a: [], b: []}; diff = []
for q in qs:
    run(a, q); run(b, q)  # warm-up
    outs = {}
    for r in range(rounds):
        order = (a, b) if r % 2 == 0 else (b, a)
        for x in order:
            out, c, w = run(x, q)
            outs.setdefault(x, out)
            if out != outs[x]:
                print('nondeterministic output', x, q)
            cpu[x].append(c); wall[x].append(w)
    if outs[a] != outs[b]:
        diff.append(q)
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
for name, d in (('cpu ms', cpu), ('wall ms', wall)):
    for x in (a, b):
        print(f'{name:8} {os.path.basename(x):24} p50 {pct(d[x],50):7.1f} p99 {pct(d[x],99):7.1f} sum {sum(d[x]):8.0f}')
    print(f'{name:8} B/A: p50 {pct(d[b],50)/pct(d[a],50):.2f}x sum {sum(d[b])/sum(d[a]):.2f}x')
print(f'{len(qs)} queries x {rounds} rounds; output identical for {len(qs)-len(diff)}/{len(qs)}', diff)
