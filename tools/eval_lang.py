#!/usr/bin/env python3
"""Languages on the non-English pages of ../shared (issue 13): language
identification, inflected/segmented query success and region precision/recall.

    python3 tools/eval_lang.py BIN [SHARED]      # BIN: a polsearch binary

Sets (split by the project's rule on the site folder / page domain:
VALIDATION when int(sha1("polsearch-split-v1:" + domain)) % 100 < 30):
- language: the pages of corpus/real whose site publishes in one language
  other than English (SITE_LANG below: the site tells the language), plus every
  other corpus/real page as English (the false-alarm side);
- queries: for each non-English page, up to WORDS words of its body (the rarest
  in the page, >= 5 letters, deterministic) changed into another inflection
  that the page does not contain (Romance/Turkish/Czech: plural <-> singular
  endings; German: -en/-n/-e; Chinese: a dictionary word of 2 characters
  inside a longer run, i.e. a segmented query); a query succeeds when the page
  is among its hits (limit 100) in an index of all of corpus/real;
- region: facets-dev pages that BIN identifies as not English, labelled
  regions against `extract --json` regions (micro P/R).
Every figure is printed for tuning, validation and all.
"""
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

SITE_LANG = {
    "aa.com.tr": "tr",
    "aktualne.cz": "cs",
    "arabic.cnn.com": "ar",
    "elpais.com": "es",
    "folha.uol.com.br": "pt",
    "lanacion.com.ar": "es",
    "lefigaro.fr": "fr",
    "lemonde.fr": "fr",
    "liberation.fr": "fr",
    "people.com.cn": "zh",
}
# sites that publish in English and another language: their pages are not scored
MIXED = {"dw.com"}
WORDS = 5


def split(domain):
    h = int(hashlib.sha1(("polsearch-split-v1:" + domain.lower()).encode()).hexdigest(), 16)
    return "validation" if h % 100 < 30 else "tuning"


def extract(binary, path):
    out = subprocess.run([binary, "extract", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


def variants(lang, word):
    """Other inflections of `word` (lowercase) in `lang`."""
    w = word
    if lang in ("fr", "es", "pt"):
        if w.endswith("es") and len(w) > 5:
            return [w[:-1], w[:-2]]
        if w.endswith("s"):
            return [w[:-1]]
        return [w + "s"]
    if lang == "de":
        if w.endswith("en"):
            return [w[:-2], w[:-1]]
        if w.endswith("e"):
            return [w + "n"]
        return [w + "en", w + "e"]
    if lang == "tr":
        for suf in ("ları", "leri", "lar", "ler", "ın", "in", "da", "de"):
            if w.endswith(suf) and len(w) - len(suf) >= 4:
                return [w[: -len(suf)]]
        return [w + ("lar" if re.search("[aıou][^aeıioöuü]*$", w) else "ler")]
    if lang == "cs":
        if w[-1] in "aeyiuoů":
            return [w[:-1] + ("u" if w[-1] != "u" else "a")]
        return [w + "u", w + "a"]
    if lang == "ar":
        if w.startswith("ال") and len(w) > 4:
            return [w[2:]]
        return ["ال" + w]
    return []


def query_words(lang, body):
    if lang == "zh":
        runs = re.findall(r"[\u4e00-\u9fff]{4,}", body)
        seen, out = set(), []
        for r in runs:
            # a 2-character piece from the middle of a long run: a segmented query
            piece = r[1:3]
            if piece not in seen:
                seen.add(piece)
                out.append((piece, piece))
        return out[:WORDS]
    words = re.findall(r"\w+", body.lower())
    counts = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    vocab = set(words)
    cands = sorted(
        (c, w) for w, c in counts.items() if len(w) >= 5 and w.isalpha() and not w.isascii() or
        (len(w) >= 6 and w.isalpha())
    )
    out = []
    for _, w in cands:
        for v in variants(lang, w):
            if v not in vocab and len(v) >= 4:
                out.append((w, v))
                break
        if len(out) == WORDS:
            break
    return out


def search(binary, index, query):
    out = subprocess.run(
        [binary, "search", query, "--index", index, "--json", "--limit", "100", "--all-types"],
        capture_output=True,
        text=True,
    )
    if out.returncode > 1:
        return []
    return [h["path"] for h in json.loads(out.stdout)["hits"]]


def report(name, groups):
    line = [name]
    for part in ("tuning", "validation", "all"):
        ok, n = groups.get(part, (0, 0))
        line.append(f"{part} {ok}/{n} = {ok / n:.3f}" if n else f"{part} -")
    print("  ".join(line))


def add(groups, part, ok):
    for p in (part, "all"):
        a, n = groups.get(p, (0, 0))
        groups[p] = (a + int(ok), n + 1)


def main():
    binary = os.path.abspath(sys.argv[1])
    shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "..", "..", "shared")
    real = os.path.join(shared, "corpus", "real")
    pages = []
    for site in sorted(os.listdir(real)):
        d = os.path.join(real, site)
        if os.path.isdir(d) and site not in MIXED:
            for f in sorted(os.listdir(d)):
                pages.append((site, os.path.join(d, f)))
    lang_ok, en_ok, wrong = {}, {}, []
    extracted = {}
    for site, path in pages:
        a = extract(binary, path)
        if a is None:
            continue
        extracted[path] = a
        gold = SITE_LANG.get(site, "en")
        ok = a.get("lang") == gold
        add(lang_ok if gold != "en" else en_ok, split(site), ok)
        if not ok:
            wrong.append((path, gold, a.get("lang")))
    report("language, non-English pages:", lang_ok)
    report("language, English pages:    ", en_ok)
    for w in wrong:
        print("   wrong:", *w)
    # queries
    with tempfile.TemporaryDirectory() as tmp:
        index = os.path.join(tmp, "idx")
        subprocess.run([binary, "index", real, "--index", index], capture_output=True, check=True)
        q_ok, page_ok = {}, {}
        for site, path in pages:
            gold = SITE_LANG.get(site)
            if not gold or path not in extracted:
                continue
            words = query_words(gold, extracted[path]["body"])
            found_all = bool(words)
            for word, variant in words:
                hits = search(binary, index, variant)
                found = any(os.path.abspath(h) == os.path.abspath(path) or h.endswith(path[len(real):]) for h in hits)
                add(q_ok, split(site), found)
                found_all &= found
                if not found:
                    print(f"   missed: {site} {word} -> {variant}")
            if words:
                add(page_ok, split(site), found_all)
        report("inflected/segmented queries:", q_ok)
        report("pages found by every query: ", page_ok)
    # region on facets-dev pages identified as non-English
    labels = os.path.join(shared, "data", "facets-dev", "labels.tsv")
    tp, fp, fn = {}, {}, {}
    rows = open(labels, encoding="utf-8").read().splitlines()[1:]
    for row in rows:
        cols = row.split("\t")
        rel, gold_regions = cols[0], [r for r in cols[1].split(";") if r]
        path = os.path.join(shared, rel)
        src = path
        if path.endswith(".gz"):
            import gzip
            tmpf = os.path.join(tempfile.gettempdir(), "polsearch-eval-lang.html")
            with gzip.open(path, "rb") as g, open(tmpf, "wb") as o:
                o.write(g.read())
            src = tmpf
        a = extracted.get(path) or extract(binary, src)
        if not a or a.get("lang") in (None, "en"):
            continue
        domain = rel.split("/")[2] if rel.startswith("corpus/real/") else (a.get("site") or "")
        part = split(domain.removeprefix("www."))
        got = set(a.get("region", []))
        gold = set(gold_regions)
        for p in (part, "all"):
            tp[p] = tp.get(p, 0) + len(got & gold)
            fp[p] = fp.get(p, 0) + len(got - gold)
            fn[p] = fn.get(p, 0) + len(gold - got)
        print(f"   region {a.get('lang')} {rel}: gold {sorted(gold)} got {sorted(got)}")
    for p in ("tuning", "validation", "all"):
        t, f1, f2 = tp.get(p, 0), fp.get(p, 0), fn.get(p, 0)
        prec = t / (t + f1) if t + f1 else float("nan")
        rec = t / (t + f2) if t + f2 else float("nan")
        print(f"region on non-English facets-dev pages, {p}: P {prec:.3f} R {rec:.3f} (tp {t} fp {f1} fn {f2})")


if __name__ == "__main__":
    main()
