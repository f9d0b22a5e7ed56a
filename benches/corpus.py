#!/usr/bin/env python3
"""Builds the bench corpus: a folder of distinct HTML article pages of a given size.

Half of the bytes are copies of the real scraped pages in ../shared (corpus/real and
data/extraction-dev/html). Each copy gets a distinct token in its <title>, its first
<h1>, every paragraph and its canonical/og:url, so that no two pages are identical and
a duplicate detector (canonical URL, body hash) keeps them all apart.

The other half are the Reuters-21578 and BBC stories of ../shared/corpus/bulk, each
wrapped in one of four site templates of our own (navigation, share bar, "keep
reading" teasers for other stories, newsletter box, "latest" list, footer). The first
pass uses every story once (21,000+ distinct stories); larger corpora reuse stories in
another template with a distinct token.

The mix is the same at every size, so that timings at 0.25, 0.5, 1 and 2 GB compare.
Python 3 standard library only. Usage:

    python3 benches/corpus.py --size 1G [OUT]      # default OUT: target/bench-corpus/1G

OUT/MANIFEST.json records what was written. A folder that already holds a complete
corpus of the same size and version is left as it is (use --force to rebuild).
"""

import argparse
import hashlib
import html
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

VERSION = 2
CRATE = Path(__file__).resolve().parent.parent
PAGES_PER_FOLDER = 1000


def parse_size(text):
    m = re.fullmatch(r"\s*([0-9.]+)\s*([KMG]?)B?\s*", text, re.I)
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {text!r} (e.g. 250M, 0.5G, 1G)")
    unit = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()]
    return int(float(m.group(1)) * unit)


# ---------------------------------------------------------------------------
# Sources

def real_pages(shared):
    """The real HTML pages, deduplicated by content."""
    seen, pages = set(), []
    for folder in (shared / "corpus" / "real", shared / "data" / "extraction-dev" / "html"):
        for path in sorted(folder.rglob("*.html")):
            data = path.read_bytes()
            digest = hashlib.sha1(data).digest()
            if digest not in seen:
                seen.add(digest)
                pages.append(data)
    return pages


REUTERS_RE = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\">(.*?)</REUTERS>", re.S)
PLACE_REGION = {
    "usa": "North America", "canada": "North America", "mexico": "Latin America",
    "brazil": "Latin America", "argentina": "Latin America", "venezuela": "Latin America",
    "colombia": "Latin America", "ecuador": "Latin America", "peru": "Latin America",
    "chile": "Latin America", "uk": "Europe", "west-germany": "Europe", "france": "Europe",
    "italy": "Europe", "netherlands": "Europe", "belgium": "Europe", "switzerland": "Europe",
    "spain": "Europe", "sweden": "Europe", "ussr": "Europe", "japan": "Asia-Pacific",
    "china": "Asia-Pacific", "australia": "Asia-Pacific", "hong-kong": "Asia-Pacific",
    "south-korea": "Asia-Pacific", "taiwan": "Asia-Pacific", "indonesia": "Asia-Pacific",
    "malaysia": "Asia-Pacific", "philippines": "Asia-Pacific", "india": "Asia-Pacific",
    "new-zealand": "Asia-Pacific", "singapore": "Asia-Pacific", "iran": "Middle East",
    "iraq": "Middle East", "saudi-arabia": "Middle East", "kuwait": "Middle East",
    "uae": "Middle East", "israel": "Middle East", "egypt": "Middle East", "qatar": "Middle East",
    "south-africa": "Africa", "nigeria": "Africa", "kenya": "Africa", "zambia": "Africa",
    "zimbabwe": "Africa", "ivory-coast": "Africa", "ghana": "Africa",
}
MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}


def reuters_stories(folder):
    stories = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        text = path.read_bytes().decode("latin-1")
        for newid, rec in REUTERS_RE.findall(text):
            body = re.search(r"<BODY>(.*?)</BODY>", rec, re.S)
            title = re.search(r"<TITLE>(.*?)</TITLE>", rec, re.S)
            if not body or not title:
                continue
            unesc = lambda s: html.unescape(re.sub(r"&#\d+;", "", s))
            raw = unesc(body.group(1)).replace("Reuter\n", "").strip()
            paras = [" ".join(p.split()) for p in re.split(r"\n\s{3,}|\n\n", raw)]
            paras = [p for p in paras if p]
            dateline = re.search(r"<DATELINE>(.*?)</DATELINE>", rec, re.S)
            if dateline and paras:
                paras[0] = " ".join(unesc(dateline.group(1)).split()) + " " + paras[0]
            d = re.search(r"<DATE>\s*(\d+)-([A-Z]{3})-(\d{4})", rec)
            date = f"{d.group(3)}-{MONTHS.get(d.group(2), 1):02d}-{int(d.group(1)):02d}" if d else "1987-03-01"
            places = re.findall(r"<D>([^<]+)</D>", (re.search(r"<PLACES>(.*?)</PLACES>", rec, re.S) or re.match("", "")).group(0))
            topics = re.findall(r"<D>([^<]+)</D>", (re.search(r"<TOPICS>(.*?)</TOPICS>", rec, re.S) or re.match("", "")).group(0))
            region = next((PLACE_REGION[p] for p in places if p in PLACE_REGION), "Global")
            topic = {"crude": "Energy", "trade": "Trade", "money-fx": "Economy", "interest": "Economy",
                     "grain": "Food Security", "ship": "Trade", "acq": "Business", "earn": "Business"}.get(
                         topics[0] if topics else "", "Economy")
            title = " ".join(unesc(title.group(1)).split()).title()
            stories.append({"key": f"reuters-{newid}", "title": title, "paras": paras, "date": date,
                            "region": region, "topic": topic, "desk": "Markets"})
    return stories


def bbc_stories(folder):
    stories = []
    topic = {"business": "Economy", "entertainment": "Culture", "politics": "Politics",
             "sport": "Sport", "tech": "Technology"}
    for path in sorted(folder.glob("*/*.txt")):
        text = path.read_bytes().decode("utf-8", "replace").replace("\r", "")
        lines = [l.strip() for l in text.split("\n")]
        title = lines[0] if lines else ""
        paras = [l for l in lines[1:] if l]
        if not title or not paras:
            continue
        h = int(hashlib.md5(str(path).encode()).hexdigest(), 16)
        date = f"{2004 + h % 2}-{1 + h // 2 % 12:02d}-{1 + h // 24 % 28:02d}"
        stories.append({"key": f"bbc-{path.parent.name}-{path.stem}", "title": title, "paras": paras,
                        "date": date, "region": "Europe", "topic": topic.get(path.parent.name, "Politics"),
                        "desk": path.parent.name.title()})
    return stories


# ---------------------------------------------------------------------------
# Real page copies

TITLE_END = re.compile(rb"</title>", re.I)
H1_END = re.compile(rb"</h1>", re.I)
P_END = re.compile(rb"</p>", re.I)
URL_TAG = re.compile(rb"<(?:link|meta)\b[^>]*(?:canonical|og:url)[^>]*>", re.I)
URL_ATTR = re.compile(rb"((?:href|content)\s*=\s*[\"'])(https?://[^\"'#?]+)", re.I)


def copy_real(data, token):
    t = token.encode()
    data = TITLE_END.sub(b" - " + t + b"</title>", data, count=1)
    data = H1_END.sub(b" " + t + b"</h1>", data, count=1)
    data = P_END.sub(b" " + t + b"</p>", data)
    data = URL_TAG.sub(lambda m: URL_ATTR.sub(lambda u: u.group(1) + u.group(2).rstrip(b"/") + b"-" + t, m.group(0)),
                       data)
    return data


# ---------------------------------------------------------------------------
# Story templates: four sites of our own, each with its own chrome.

SITES = [
    {"name": "The Meridian Review", "host": "meridianreview.example", "kind": "Analysis",
     "sections": ["World", "Africa", "Americas", "Asia", "Europe", "Middle East", "Economy", "Security",
                  "Climate", "Technology", "Podcasts", "Events", "Experts", "About"]},
    {"name": "Atlas Wire", "host": "atlaswire.example", "kind": "News",
     "sections": ["Top Stories", "Markets", "Politics", "Business", "World", "Energy", "Tech", "Sport",
                  "Culture", "Video", "Graphics", "Newsletters"]},
    {"name": "Harbor Policy Institute", "host": "harborpolicy.example", "kind": "Commentary",
     "sections": ["Research", "Programs", "Regions", "Topics", "Experts", "Publications", "Events",
                  "Press", "Donate", "Careers", "Contact"]},
    {"name": "Global Affairs Desk", "host": "globaldesk.example", "kind": "Report",
     "sections": ["Home", "Diplomacy", "Defense", "Trade", "Development", "Human Rights", "Opinion",
                  "Data", "Maps", "Archive", "Subscribe"]},
]

CSS = """
:root{--ink:#1b1b1f;--accent:#b3261e;--muted:#5f6368;--rule:#e0e0e0}
*{box-sizing:border-box}body{margin:0;font:17px/1.6 Georgia,serif;color:var(--ink)}
.site-header{display:flex;align-items:center;justify-content:space-between;padding:12px 24px;border-bottom:1px solid var(--rule)}
.site-nav ul{list-style:none;display:flex;gap:18px;margin:0;padding:0}.site-nav a{color:var(--ink);text-decoration:none;font:600 14px/1 Helvetica,Arial,sans-serif}
.breadcrumbs{font:13px Helvetica,Arial,sans-serif;color:var(--muted);margin:16px 0}.label{color:var(--accent);text-transform:uppercase;letter-spacing:.06em}
.share-bar{display:flex;gap:10px;margin:20px 0}.share-bar a{border:1px solid var(--rule);border-radius:50%;width:36px;height:36px;display:inline-flex;align-items:center;justify-content:center}
.article-body p{margin:0 0 1.1em}.article-body figure{margin:24px 0}.article-body figcaption{font-size:14px;color:var(--muted)}
.teasers{border-top:3px solid var(--ink);margin-top:40px}.teaser{padding:14px 0;border-bottom:1px solid var(--rule)}.teaser h3{margin:0 0 6px;font-size:19px}
.newsletter{background:#f4f1ea;padding:24px;margin:32px 0}.newsletter input{padding:10px;width:60%}.newsletter button{padding:10px 16px;background:var(--accent);color:#fff;border:0}
.latest ol{padding-left:20px}.site-footer{background:#111;color:#ddd;padding:40px 24px;font:14px Helvetica,Arial,sans-serif}.site-footer a{color:#ddd}
@media (max-width:720px){.site-nav{display:none}.article-body{padding:0 16px}.newsletter input{width:100%}}
"""

SCRIPT = """
window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());
gtag('config','G-BENCH0000',{anonymize_ip:true,page_type:'article'});
(function(d){var s=d.createElement('script');s.async=true;s.src='/assets/consent.js';d.head.appendChild(s);})(document);
document.addEventListener('DOMContentLoaded',function(){document.querySelectorAll('[data-share]').forEach(function(a){
a.addEventListener('click',function(e){e.preventDefault();window.open(a.href,'share','width=600,height=480');});});});
"""

FOOTER_LINKS = ["About us", "Our staff", "Funding and transparency", "Editorial standards", "Corrections",
                "Contact", "Careers", "Privacy policy", "Cookie settings", "Terms of use", "Accessibility",
                "RSS feeds", "Newsletters", "Podcasts", "Events", "Press room", "Sitemap", "Advertise"]


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "story"


def esc(text):
    return html.escape(text, quote=True)


def lede(story):
    first = story["paras"][0] if story["paras"] else ""
    return first[:220].rsplit(" ", 1)[0] + "…" if len(first) > 220 else first


def render_story(story, site_no, token, teasers, latest, rng):
    site = SITES[site_no]
    title = story["title"] + (f" ({token})" if token else "")
    url = f"https://{site['host']}/{story['date'][:4]}/{story['date'][5:7]}/{slug(story['title'])}-{story['key']}" \
          + (f"-{token}" if token else "")
    author = rng.choice(["Amara Okafor", "Jonas Weber", "Lucía Fernández", "Priya Raman", "Tomasz Nowak",
                         "Hannah Cole", "Kenji Sato", "Nadia Haddad", "Samuel Mensah", "Elena Petrova"])
    desc = lede(story)
    paras = list(story["paras"])
    if token:
        paras = [p + f" {token}" for p in paras]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    nav = "\n".join(f'<li><a href="/{slug(s)}/">{esc(s)}</a></li>' for s in site["sections"])
    share = ('<div class="share-bar" aria-label="Share this article">'
             + "".join(f'<a data-share href="https://share.example/{n.lower()}?u={esc(url)}" aria-label="Share on {n}">'
                       f'<svg width="18" height="18" viewBox="0 0 24 24"><path d="M4 4h16v16H4z"/></svg></a>'
                       for n in ["Facebook", "X", "LinkedIn", "WhatsApp", "Email", "Print"]) + "</div>")
    teaser_html = "\n".join(
        f'<article class="teaser"><a href="/{t["date"][:4]}/{slug(t["title"])}-{t["key"]}">'
        f'<h3>{esc(t["title"])}</h3></a><p>{esc(lede(t))}</p><span class="more">Show less</span></article>'
        for t in teasers)
    latest_html = "\n".join(f'<li><a href="/{slug(t["title"])}-{t["key"]}">{esc(t["title"])}</a></li>' for t in latest)
    footer = " ".join(f'<a href="/{slug(l)}/">{esc(l)}</a>' for l in FOOTER_LINKS)
    jsonld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                         "datePublished": story["date"] + "T08:00:00Z", "author": {"@type": "Person", "name": author},
                         "publisher": {"@type": "Organization", "name": site["name"]}, "mainEntityOfPage": url,
                         "articleSection": story["region"], "keywords": [story["topic"], story["region"]]},
                        ensure_ascii=False)
    label = f'{site["kind"]} | {story["region"]}'
    figure = ""
    if rng.random() < 0.5:
        figure = (f'<figure><img src="/img/{story["key"]}.jpg" alt="" width="1200" height="675" loading="lazy">'
                  f'<figcaption>{esc(desc[:90])} <span class="credit">Photo: Agency / Staff</span></figcaption></figure>')
    mid = len(paras) // 2
    body_parts = body.split("\n")
    body = "\n".join(body_parts[:mid] + ([figure] if figure else []) + body_parts[mid:])
    head = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} | {esc(site['name'])}</title>
<meta name="description" content="{esc(desc)}">
<link rel="canonical" href="{esc(url)}">
<meta property="og:type" content="article"><meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(url)}"><meta property="og:site_name" content="{esc(site['name'])}">
<meta property="og:description" content="{esc(desc)}">
<meta property="article:published_time" content="{story['date']}T08:00:00Z">
<meta property="article:section" content="{esc(story['region'])}"><meta property="article:tag" content="{esc(story['topic'])}">
<meta name="author" content="{author}">
<script type="application/ld+json">{jsonld}</script>
<style>{CSS}</style>
<script>{SCRIPT}</script>
</head>"""
    if site_no == 0:
        page = f"""{head}
<body class="single-post">
<header class="site-header"><a class="logo" href="/">{esc(site['name'])}</a>
<nav class="site-nav"><ul>{nav}</ul></nav><a class="btn" href="/donate">Donate</a></header>
<main id="main"><article class="post">
<div class="breadcrumbs"><a href="/">Home</a> › <a href="/regions/{slug(story['region'])}">{esc(story['region'])}</a></div>
<div class="label">{esc(label)}</div>
<h1 class="entry-title">{esc(title)}</h1>
<p class="dek">{esc(desc)}</p>
<div class="byline">By <a rel="author" href="/experts/{slug(author)}">{author}</a> · <time datetime="{story['date']}">{story['date']}</time></div>
{share}
<div class="article-body entry-content">
{body}
</div>
{share}
<div class="tags">Topics: <a href="/topics/{slug(story['topic'])}">{esc(story['topic'])}</a></div>
</article>
<section class="teasers"><h2>Keep reading</h2>
{teaser_html}
</section>
<aside class="newsletter"><h2>Sign up for our weekly briefing</h2><form action="/subscribe"><input type="email" placeholder="Email address"><button>Subscribe</button></form></aside>
</main>
<footer class="site-footer"><nav>{footer}</nav><p>© 2026 {esc(site['name'])}. All rights reserved.</p></footer>
</body></html>
"""
    elif site_no == 1:
        page = f"""{head}
<body><div id="app"><div class="topbar"><div class="container"><a href="/" class="brand">{esc(site['name'])}</a>
<div class="menu">{nav.replace('<li>', '<span>').replace('</li>', '</span>')}</div></div></div>
<div class="container"><div class="row"><div class="col-main">
<div class="story-header"><span class="kicker">{esc(story['desk'])}</span>
<h1>{esc(title)}</h1>
<div class="meta"><span class="author">By {author}</span> <span class="date">{story['date']}</span> <span class="read">4 min read</span></div></div>
{share}
<div class="story-body" itemprop="articleBody">
{body}
</div>
<div class="related"><h4>LATEST</h4><ol>{latest_html}</ol></div>
</div>
<div class="col-side"><div class="ad-slot" data-slot="side-1">Advertisement</div>
<div class="trending"><h4>Trending</h4>{teaser_html}</div></div></div></div>
<div class="footer"><div class="container">{footer}<br>Reporting by {esc(site['name'])} desk. Editing by staff. Our Standards: The Trust Principles.</div></div></div>
</body></html>
"""
    elif site_no == 2:
        page = f"""{head}
<body><a class="skip" href="#content">Skip to content</a>
<header><div class="wrap"><a href="/"><img src="/logo.svg" alt="{esc(site['name'])}"></a><nav aria-label="Main"><ul>{nav}</ul></nav>
<form role="search" action="/search"><input name="q" placeholder="Search"></form></div></header>
<main id="content"><div class="wrap">
<p class="eyebrow">{esc(label)}</p>
<h1>{esc(title)}</h1>
<h2 class="subtitle">{esc(desc)}</h2>
<p class="authors">{author}, Senior Fellow · <time>{story['date']}</time></p>
{share}
<section class="prose">
{body}
</section>
<section class="about-author"><h3>About the author</h3><p>{author} is a senior fellow in the {esc(story['region'])} program. Follow on social media.</p></section>
<section class="more"><h2>More from {esc(site['name'])}</h2>{teaser_html}</section>
<section class="newsletter"><h2>Get our latest research in your inbox</h2><form><input type="email"><button>Sign up</button></form>
<p>By signing up you agree to our privacy policy. You can unsubscribe at any time.</p></section>
</div></main>
<footer class="site-footer"><div class="wrap">{footer}<p>{esc(site['name'])} is an independent, nonpartisan research organization.</p></div></footer>
</body></html>
"""
    else:
        page = f"""{head}
<body><table width="100%" class="layout"><tr><td class="masthead" colspan="2"><a href="/">{esc(site['name'])}</a></td></tr>
<tr><td class="leftnav" valign="top"><ul>{nav}</ul></td><td class="content" valign="top">
<div class="section-label">{esc(story['topic'])} / {esc(story['region'])}</div>
<h1 class="headline">{esc(title)}</h1>
<div class="byline">{author} — {story['date']}</div>
{share}
<div id="article-text">
{body}
</div>
<div class="print-hide"><b>Related coverage</b>{teaser_html}</div>
<div class="latest"><b>LATEST</b><ol>{latest_html}</ol></div>
</td></tr>
<tr><td colspan="2" class="footer">{footer}<br>Copyright 2026 {esc(site['name'])}.</td></tr></table>
</body></html>
"""
    return page.encode("utf-8")


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", nargs="?", type=Path, help="output folder (default target/bench-corpus/SIZE)")
    ap.add_argument("--size", default="1G", help="total size, e.g. 250M, 0.25G, 0.5G, 1G, 2G (default 1G)")
    ap.add_argument("--shared", type=Path, default=CRATE.parent / "shared", help="the shared folder (default ../shared)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--force", action="store_true", help="rebuild even when OUT already holds this corpus")
    args = ap.parse_args()
    size = parse_size(args.size)
    out = args.out or CRATE / "target" / "bench-corpus" / args.size.upper()
    manifest_path = out / "MANIFEST.json"
    if manifest_path.is_file() and not args.force:
        m = json.loads(manifest_path.read_text())
        if m.get("version") == VERSION and m.get("target_bytes") == size:
            print(f"{out}: already built ({m['pages']} pages, {m['bytes'] / 1e6:.0f} MB)", file=sys.stderr)
            return
    if not (args.shared / "corpus").is_dir():
        sys.exit(f"corpus.py: {args.shared}: no corpus/ folder (give --shared)")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)

    rng = random.Random(args.seed)
    real = real_pages(args.shared)
    stories = reuters_stories(args.shared / "corpus" / "bulk" / "reuters21578") + \
        bbc_stories(args.shared / "corpus" / "bulk" / "bbc")
    rng.shuffle(stories)
    print(f"sources: {len(real)} real pages, {len(stories)} stories", file=sys.stderr)

    written = real_bytes = story_bytes = 0
    n_real = n_story = 0
    distinct_stories = set()
    pages = 0

    def write(data):
        nonlocal pages, written
        folder = out / f"{pages // PAGES_PER_FOLDER:04d}"
        if pages % PAGES_PER_FOLDER == 0:
            folder.mkdir()
        (folder / f"{pages:06d}.html").write_bytes(data)
        pages += 1
        written += len(data)
        return len(data)

    while written < size:
        # Keep the byte mix at half real copies, half wrapped stories.
        if real_bytes <= story_bytes:
            src = real[n_real % len(real)]
            token = f"rc{n_real // len(real):04d}x{n_real % len(real):03d}"
            real_bytes += write(copy_real(src, token))
            n_real += 1
        else:
            i = n_story % len(stories)
            rnd = n_story // len(stories)
            story = stories[i]
            token = f"sc{rnd:03d}x{i:05d}" if rnd else ""
            teasers = [stories[(i + k * 7919) % len(stories)] for k in range(1, 5)]
            latest = [stories[(i + k * 104729) % len(stories)] for k in range(1, 6)]
            story_bytes += write(render_story(story, (i + rnd) % len(SITES), token, teasers, latest, rng))
            distinct_stories.add(i)
            n_story += 1

    manifest = {"version": VERSION, "target_bytes": size, "bytes": written, "pages": pages,
                "real_copies": n_real, "real_sources": len(real), "real_bytes": real_bytes,
                "story_pages": n_story, "distinct_stories": len(distinct_stories), "story_bytes": story_bytes,
                "seed": args.seed}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"{out}: {pages} pages, {written / 1e6:.0f} MB ({n_real} real copies of {len(real)} pages, "
          f"{n_story} story pages, {len(distinct_stories)} distinct stories)", file=sys.stderr)


if __name__ == "__main__":
    main()
