#!/usr/bin/env python3
"""Checks the MANIFEST's probe-word claims against the rendered corpus.

A word "matches" a token when they share a prefix long enough to cover English
stemming (so `mining` and `mine` count as the same word). Checks:
  body probe:  occurs in the page's article body, and nowhere else in the corpus
               (not in other pages, not in the page's own title/dek/caption/chrome);
  chrome probe: occurs in the page's file, in no other file, and in no title, dek,
               caption or body of any page.
A reprint (`copy_of`, the MANIFEST's last column) shares its body probes with
the page it copies: each counts as "its own page" for the other.
"""
import json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)

def tokens(text):
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", text)

def key(w):
    w = tokens(w)[0]
    return w[: min(len(w), max(5, len(w) - 3))]

def count(toks, w):
    k = key(w)
    return sum(1 for t in toks if t.startswith(k))

parts = json.load(open(os.path.join(HERE, "parts.json")))
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(CORPUS, "MANIFEST.tsv"), encoding="utf-8")][1:]
files = {r[0]: tokens(open(os.path.join(CORPUS, r[0]), encoding="utf-8").read()) for r in rows}
copies = {}
for r in rows:
    if r[11]:
        copies.setdefault(r[0], set()).add(r[11])
        copies.setdefault(r[11], set()).add(r[0])
bad = 0
for r in rows:
    rel, body_p, chrome_p = r[0], r[9].split(";"), r[10].split(";")
    p = parts[rel]
    body = tokens(p["body"])
    for w in body_p:
        w = w.strip()
        own, inbody = count(files[rel], w), count(body, w)
        others = [o for o in files if o != rel and o not in copies.get(rel, ()) and count(files[o], w)]
        if not inbody or own != inbody or others:
            bad += 1
            print(f"BODY  {rel}: {w!r} body={inbody} file={own} others={others[:3]}")
    for w in chrome_p:
        w = w.strip()
        own = count(files[rel], w)
        others = [o for o in files if o != rel and count(files[o], w)]
        inart = [o for o, q in parts.items() if count(tokens(" ".join([q["body"], q["title"], q["dek"], q["figure"]])), w)]
        if not own or others or inart:
            bad += 1
            print(f"CHROME {rel}: {w!r} file={own} others={others[:3]} in-article={inart[:3]}")
    if len(body_p) < 3 or len(chrome_p) < 2:
        bad += 1
        print(f"COUNT {rel}: {len(body_p)} body probes, {len(chrome_p)} chrome probes")
print(f"{len(rows)} rows, {bad} problems")
sys.exit(1 if bad else 0)
