#!/usr/bin/env python3
"""Generates the one-machine scale corpus: N (default 1,000,000) distinct pages.

Every page is built from the shared material and our own templates; page i depends
only on (--seed, i), so a corpus can be grown (250k, then 500k, then 1M) by running
again with a larger --count into the same folder: the pages already there are kept.

- 90 % are article pages in the four HTML site templates of benches/corpus.py
  (navigation, share bars, teasers, newsletter, footer). Their text is made
  distinct by drawing 3-7 paragraphs at random from the ~150,000 paragraphs of the
  Reuters-21578 and BBC stories of ../shared/corpus/bulk, so that no two pages are
  copies or near-copies of each other (two pages share a paragraph rarely, and
  then one of several); title, URL and date vary with the page.
- 9.9 % are plain-text scrapes in a layout of our own (site chrome lines, title
  twice, dek, "Kind | Region" label, byline, date, paragraphs, footer lines), from
  the same paragraph pool.
- 0.1 % are copies of the real pages of ../shared/corpus/real with a distinct
  token in title, headline, paragraphs and canonical URL (each real page is used
  a few times: a few small groups of near-duplicates, as reprints make).

The chrome is lighter than benches/corpus.py's (a short style sheet), so that the
average page is about 6 KB and 1M pages fit in about 6 GB.

    python3 benches/million.py OUT [--count 1000000] [--seed 16]

Python 3 standard library only. OUT/MANIFEST.json records what was written. Write
OUT outside the repository (e.g. /work/bigdata/pages): the pages are never committed.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (benches/corpus.py: sources and templates)

VERSION = 1
PAGES_PER_FOLDER = 1000
CRATE = Path(__file__).resolve().parent.parent

corpus.CSS = ".site-header{display:flex}.article-body p{margin:0 0 1.1em}.teaser h3{margin:0}\n"
corpus.SCRIPT = "window.dataLayer=window.dataLayer||[];\n"

AUTHORS = ["Amara Okafor", "Jonas Weber", "Lucía Fernández", "Priya Raman", "Tomasz Nowak",
           "Hannah Cole", "Kenji Sato", "Nadia Haddad", "Samuel Mensah", "Elena Petrova",
           "Omar Khalil", "Ines Duarte", "Mei Lin", "Arjun Mehta", "Sofia Rossi"]
KINDS = ["Analysis", "News", "Commentary", "Report", "Explainer", "Opinion"]
TEXT_SITES = ["The Northern Ledger", "Capital Brief", "Strait Observer", "Continental Review"]


def pool(shared):
    stories = corpus.reuters_stories(shared / "corpus" / "bulk" / "reuters21578") + \
        corpus.bbc_stories(shared / "corpus" / "bulk" / "bbc")
    stories = [s for s in stories if s["paras"]]
    paras = [p for s in stories for p in s["paras"] if len(p.split()) >= 12]
    return stories, paras


def mixed_story(i, rng, stories, paras):
    """A story with the frame of one source story and paragraphs drawn from many."""
    base = stories[rng.randrange(len(stories))]
    n = rng.randint(3, 7)
    body = [paras[rng.randrange(len(paras))] for _ in range(n)]
    year = rng.randint(1987, 2026)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"key": f"g{i:07d}", "title": base["title"], "paras": body, "date": date,
            "region": base["region"], "topic": base["topic"], "desk": base["desk"]}


def text_page(story, token, rng):
    site = TEXT_SITES[rng.randrange(len(TEXT_SITES))]
    title = f"{story['title']} ({token})"
    lines = ["Skip to main content", f"{site}", "Subscribe | Sign in", "", title, "", title, "",
             corpus.lede(story), "", f"{rng.choice(KINDS)} | {story['region']}", "",
             f"By {rng.choice(AUTHORS)}", "", story["date"], ""]
    for p in story["paras"]:
        lines += [p, ""]
    lines += ["Share this article", "", "Related", "", "Newsletter: the week in review", "",
              f"© 2026 {site}. All rights reserved."]
    return "\n".join(lines).encode("utf-8")


def page(i, seed, stories, paras, real):
    rng = random.Random(seed * 1_000_003 + i)
    token = f"m{i:07d}"
    roll = rng.random()
    if roll < 0.001 and real:
        return ".html", corpus.copy_real(real[(i // 1000) % len(real)], token)
    story = mixed_story(i, rng, stories, paras)
    if roll < 0.1:
        return ".txt", text_page(story, token, rng)
    teasers = [mixed_story(i * 7 + k, rng, stories, paras) for k in range(2)]
    latest = [stories[rng.randrange(len(stories))] for _ in range(3)]
    return ".html", corpus.render_story(story, rng.randrange(4), token, teasers, latest, rng)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (outside the repository)")
    ap.add_argument("--count", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--shared", type=Path, default=CRATE.parent / "shared")
    args = ap.parse_args()
    if str(args.out.resolve()).startswith(str(CRATE)):
        sys.exit("million.py: write OUT outside the repository")
    if not (args.shared / "corpus").is_dir():
        sys.exit(f"million.py: {args.shared}: no corpus/ folder (give --shared)")
    manifest_path = args.out / "MANIFEST.json"
    have = 0
    if manifest_path.is_file():
        m = json.loads(manifest_path.read_text())
        if m.get("version") == VERSION and m.get("seed") == args.seed:
            have = m["pages"]
    if have >= args.count:
        print(f"{args.out}: already holds {have} pages", file=sys.stderr)
        return
    stories, paras = pool(args.shared)
    real = corpus.real_pages(args.shared)
    print(f"sources: {len(stories)} stories, {len(paras)} paragraphs, {len(real)} real pages",
          file=sys.stderr)
    start, written = time.time(), 0
    for i in range(have, args.count):
        folder = args.out / f"{i // PAGES_PER_FOLDER:04d}"
        if i % PAGES_PER_FOLDER == 0 or i == have:
            folder.mkdir(parents=True, exist_ok=True)
        ext, data = page(i, args.seed, stories, paras, real)
        (folder / f"{i:07d}{ext}").write_bytes(data)
        written += len(data)
        if (i + 1) % 50_000 == 0:
            manifest_path.write_text(json.dumps({"version": VERSION, "seed": args.seed, "pages": i + 1}))
            rate = (i + 1 - have) / (time.time() - start)
            print(f"{i + 1} pages ({rate:.0f}/s)", file=sys.stderr)
    manifest_path.write_text(json.dumps({"version": VERSION, "seed": args.seed, "pages": args.count}))
    print(f"{args.out}: {args.count - have} pages written, {written / 1e6:.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
