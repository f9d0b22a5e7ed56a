#!/usr/bin/env python3
"""Languages on the non-English pages of ../shared (issue 13): language
identification, inflected/segmented query success and region precision/recall.

    python3 tools/eval_lang.py BIN [SHARED]      # BIN: a polsearch binary

Sets (split by the project's rule on the site folder / page domain:
VALIDATION when int(sha1("polsearch-split-v1:" + domain)) % 100 < 30):
- language: the pages of corpus/real whose site publishes in one language
  other than English (SITE_LANG below: the site tells the language), plus every
  other corpus/real page as English (the false-alarm side);
- queries (attested word forms, not made-up ones): for each non-English
  page, up to WORDS content words of its body (>= MIN_LETTERS letters, the
  rarest in corpus/real first, deterministic) each searched in ANOTHER form of
  the same lemma that the page does not contain: a form proposed by swapping
  the word's ending (ENDINGS; Arabic also its attached prefix) and kept only
  when Hunspell's dictionary of the language knows it and gives it a stem in
  common with the page's word (a real word of the same lemma, judged
  independently of the index's Snowball stemmers; a form other pages of the
  language write is preferred). Chinese: a jieba dictionary word (2-4
  characters, frequency >= 1000) that the page writes inside a longer run of
  Han characters, i.e. a query that must be segmented out of a sentence. A
  query succeeds when the page is among its hits (limit 100) in an index of
  all of corpus/real; a page succeeds when all its queries do. Needs
  `apt-get install hunspell hunspell-fr hunspell-es hunspell-pt-br
  hunspell-de-de hunspell-tr hunspell-cs hunspell-ar`;
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


def split(domain):
    h = int(hashlib.sha1(("polsearch-split-v1:" + domain.lower()).encode()).hexdigest(), 16)
    return "validation" if h % 100 < 30 else "tuning"


def extract(binary, path):
    out = subprocess.run([binary, "extract", "--json", path], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    return json.loads(out.stdout)


# Hunspell dictionaries (Debian packages hunspell-fr, -es, -pt-br, -de-de,
# -tr, -cs, -ar and hunspell itself): the judge of "a real word of the same
# lemma", independent of the Snowball stemmers the index uses.
HUNSPELL = {"fr": "fr_FR", "es": "es_ES", "pt": "pt_BR", "de": "de_DE", "tr": "tr_TR",
            "cs": "cs_CZ", "ar": "ar"}
# Inflectional endings per language: a word's other forms are proposed by
# swapping its last 0-3 letters for one of these, then kept only when Hunspell
# knows the form and gives it a stem in common with the page's word.
ENDINGS = {
    "fr": ["", "s", "e", "es", "x", "aux", "al", "ale", "ales", "er", "é", "ée", "és", "ées",
           "ent", "ait", "aient", "ant", "ons", "ez", "era", "ront", "ions", "ien", "ienne",
           "iens", "iennes", "if", "ive", "ifs", "ives", "eur", "eurs", "euse", "euses"],
    "es": ["", "s", "es", "a", "as", "o", "os", "e", "ar", "er", "ir", "ado", "ada", "ados",
           "adas", "ido", "ida", "idos", "idas", "an", "en", "aron", "ieron", "ó", "ió", "aba",
           "aban", "ía", "ían", "ando", "iendo", "al", "ales"],
    "pt": ["", "s", "es", "a", "as", "o", "os", "e", "ar", "er", "ir", "ado", "ada", "ados",
           "adas", "ido", "ida", "am", "em", "aram", "eram", "ou", "eu", "iu", "ão", "ões",
           "ães", "al", "ais", "ava", "avam"],
    "de": ["", "e", "en", "n", "s", "es", "er", "ern", "em", "t", "te", "ten", "st"],
    "tr": ["", "lar", "ler", "ı", "i", "u", "ü", "ın", "in", "un", "ün", "a", "e", "da", "de",
           "ta", "te", "dan", "den", "tan", "ten", "ya", "ye", "nın", "nin", "ları", "leri",
           "ların", "lerin", "yı", "yi", "sı", "si", "nda", "nde"],
    "cs": ["", "a", "u", "e", "y", "i", "ů", "ou", "em", "ám", "ách", "ami", "ech", "ích",
           "ým", "ými", "ého", "ému", "ý", "á", "é", "í", "ová", "ové", "ých"],
    "ar": ["", "ة", "ات", "ين", "ون", "ه", "ها", "هم", "ي"],
}
# Arabic words carry attached clitics and the article in front.
AR_PREFIXES = ["", "ال", "و", "وال", "ب", "بال", "ل", "لل"]
WORDS = 5
MIN_LETTERS = 5


def candidates(lang, word):
    """Forms that may be other inflections of `word` (lowercase), in order."""
    out = []
    ends = ENDINGS.get(lang, [])
    heads = [""]
    core = word
    if lang == "ar":
        pre = max((p for p in AR_PREFIXES if word.startswith(p) and len(word) - len(p) >= 3), key=len)
        core, heads = word[len(pre):], AR_PREFIXES
    for k in range(0, 4):
        if len(core) - k < 3:
            break
        base = core[: len(core) - k]
        for head in heads:
            for e in ends:
                v = head + base + e
                if v != word and v not in out:
                    out.append(v)
    return out


def hunspell_stems(lang, words):
    """Per word, its Hunspell stems (empty when Hunspell does not know it)."""
    words = sorted(set(words))
    out = subprocess.run(["hunspell", "-d", HUNSPELL[lang], "-s"], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout
    stems = {w: set() for w in words}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] in stems:
            stems[parts[0]].add(parts[1].lower())
    return stems


def jieba_words():
    """Chinese dictionary words of 2-4 characters (jieba-rs's own dictionary,
    found in the cargo registry), with their frequency."""
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    reg = os.path.join(home, "registry", "src")
    for d in sorted(os.listdir(reg)):
        for c in sorted(os.listdir(os.path.join(reg, d))):
            path = os.path.join(reg, d, c, "src", "data", "dict.txt")
            if c.startswith("jieba-rs-") and os.path.exists(path):
                words = {}
                for line in open(path, encoding="utf-8"):
                    parts = line.split()
                    if len(parts) >= 2 and 2 <= len(parts[0]) <= 4:
                        words[parts[0]] = int(parts[1])
                return words
    sys.exit("eval_lang: jieba-rs's dict.txt not found in the cargo registry")


def chinese_queries(body, dictionary):
    """Dictionary words that the page writes inside a longer run of Han
    characters (not at its start or end): a query that must be segmented out
    of a sentence. Common words first, one per run."""
    out, seen = [], set()
    for run in re.findall(r"[\u4e00-\u9fff]{6,}", body):
        best = None
        for n in (4, 3, 2):
            for i in range(1, len(run) - n):
                w = run[i : i + n]
                if w in dictionary and w not in seen and dictionary[w] >= 1000:
                    if best is None or (len(w), dictionary[w]) > (len(best), dictionary[best]):
                        best = w
        if best:
            seen.add(best)
            out.append((best, best))
    out.sort(key=lambda p: -dictionary[p[0]])
    return out[:WORDS]


def inflected_queries(lang, body, language_vocab, doc_freq):
    """Up to WORDS (page word, other form) pairs: content words of the page
    (>= MIN_LETTERS letters, the rarest in the corpus first) and, for each,
    another form of the same lemma that is a real word (Hunspell knows it and
    shares a stem with it), not written in the page; a form written in other
    pages of the language is preferred."""
    vocab = set(re.findall(r"\w+", body.lower()))
    words = sorted((doc_freq.get(w, 0), w) for w in vocab if len(w) >= MIN_LETTERS and w.isalpha())
    words = [w for _, w in words[: WORDS * 6]]
    cands = {w: [v for v in candidates(lang, w) if v not in vocab] for w in words}
    stems = hunspell_stems(lang, words + [v for vs in cands.values() for v in vs])
    out = []
    for w in words:
        if not stems[w]:
            continue
        good = [v for v in cands[w] if stems[v] & stems[w]]
        good.sort(key=lambda v: v not in language_vocab)
        if good:
            out.append((w, good[0]))
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
                # the files the indexer reads (not the `.expected.json` beside some pages)
                if f.lower().endswith((".html", ".htm", ".xhtml", ".txt")):
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
    # queries: attested other forms (see inflected_queries, chinese_queries)
    doc_freq, lang_vocab = {}, {}
    for site, path in pages:
        gold = SITE_LANG.get(site)
        if path in extracted:
            words = set(re.findall(r"\w+", extracted[path]["body"].lower()))
            for w in words:
                doc_freq[w] = doc_freq.get(w, 0) + 1
            if gold:
                lang_vocab.setdefault(gold, {})[path] = words
    dictionary = jieba_words() if "zh" in lang_vocab else {}
    with tempfile.TemporaryDirectory() as tmp:
        index = os.path.join(tmp, "idx")
        subprocess.run([binary, "index", real, "--index", index], capture_output=True, check=True)
        q_ok, page_ok, per_lang = {}, {}, {}
        for site, path in pages:
            gold = SITE_LANG.get(site)
            if not gold or path not in extracted:
                continue
            body = extracted[path]["body"]
            if gold == "zh":
                words = chinese_queries(body, dictionary)
            else:
                others = set().union(*(v for p, v in lang_vocab[gold].items() if p != path))
                words = inflected_queries(gold, body, others, doc_freq)
            found_all = True
            for word, variant in words:
                hits = search(binary, index, variant)
                found = any(os.path.abspath(h) == os.path.abspath(path) or h.endswith(path[len(real):]) for h in hits)
                add(q_ok, split(site), found)
                add(per_lang, gold, found)
                found_all &= found
                print(f"   {'found' if found else 'MISSED'}: {split(site)} {site} {word} -> {variant}")
            if words:
                add(page_ok, split(site), found_all)
            else:
                # (a page with no such query, e.g. an empty body, is not counted)
                print(f"   no attested query (not counted): {site} {path}")
        report("inflected/segmented queries:", q_ok)
        report("pages found by every query: ", page_ok)
        for lang in sorted(per_lang):
            ok, n = per_lang[lang]
            print(f"   queries in {lang}: {ok}/{n}")
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
