#!/usr/bin/env python3
"""Builds a corpus of N pages for indexing benchmarks (manual, not run by CI) by
replicating the pages of ../shared (corpus/real, data/extraction-dev html+text)
with a distinct token in each copy's text and distinct URL hosts per copy, so that
copies are not duplicates of one another.
usage: python3 tests/stress/make_corpus.py OUT_DIR N   (run from the crate root)"""
import os, re, sys
SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared')
src = []
for root in [SHARED + '/corpus/real', SHARED + '/data/extraction-dev/html', SHARED + '/data/extraction-dev/text']:
    for dp, dn, fn in os.walk(root):
        for f in sorted(fn):
            if f.endswith(('.html', '.htm', '.txt')) and not f.endswith('.expected.json'):
                src.append(os.path.join(dp, f))
src.sort()
out = sys.argv[1]; want = int(sys.argv[2])
n = 0; copy = 0
while n < want:
    for p in src:
        if n >= want: break
        b = open(p, 'rb').read()
        tok = f'polsearchcopy{copy}x{n}'.encode()
        if p.endswith('.txt'):
            b = b.replace(b'. ', b'. ' + tok + b' ', 1)
        else:
            b = b.replace(b'://', b'://c%d.' % copy)
            i = b.find(b'<p')
            j = b.find(b'>', i) if i >= 0 else -1
            if j >= 0: b = b[:j+1] + tok + b' ' + b[j+1:]
            else: b += b'<p>' + tok + b'</p>'
        d = os.path.join(out, f'copy{copy:02d}')
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, f'{n:05d}_' + os.path.basename(p)), 'wb').write(b)
        n += 1
    copy += 1
print(n, 'pages in', copy, 'copies from', len(src), 'sources')
