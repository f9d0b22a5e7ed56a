#!/usr/bin/env python3
"""Renders the polsearch demo corpus from the article sources in this folder.

Each `<site>.txt` file holds articles separated by `=== slug` lines: a header of
`key: value` lines, a `---` line, then the body (blocks separated by blank lines;
`## ` starts a subhead, `Q: ` a question). Every page is rendered with its site's
template (realistic chrome: nav, cookie banner, share bar, teasers for *other*
articles, newsletter, footer) and listed in `corpus/MANIFEST.tsv`.

The folder starts with a dot, so `polsearch index corpus` never indexes it.
Run: python3 corpus/.gen/build.py   (then corpus/.gen/verify.py)
"""

import datetime as dt
import zlib
import html
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.dirname(HERE)

SITES = {
    "meridian": ("The Meridian Review", "meridianreview.org", "meridian-review"),
    "lantern": ("Lantern Institute", "lanterninstitute.org", "lantern-institute"),
    "atlas": ("Atlas Forum on World Affairs", "atlasforum.org", "atlas-forum"),
    "northgate": ("Northgate Dispatch", "northgatedispatch.com", "northgate-dispatch"),
    "compass": ("Compass Brief", "compassbrief.net", "compass-brief"),
}

E = html.escape


def slugify(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


CRUMBS = {"latin-america-caribbean": "Latin America & Caribbean", "middle-east-north-africa": "Middle East & North Africa",
          "europe-central-asia": "Europe & Central Asia", "horn-of-africa": "Horn of Africa", "iraq-iran": "Iraq & Iran",
          "south-east-asia": "South-east Asia", "armenia-azerbaijan": "Armenia-Azerbaijan"}


def crumb_name(c):
    return CRUMBS.get(c, c.replace("-", " ").title())


# ---------------------------------------------------------------- parsing

def para(s):
    return s.replace(" // ", " ")


def parse(path):
    arts = []
    text = open(path, encoding="utf-8").read()
    for chunk in re.split(r"^=== ", text, flags=re.M)[1:]:
        head, _, body = chunk.partition("\n---\n")
        lines = head.split("\n")
        a = {"slug": lines[0].strip(), "teasers": [], "source": os.path.basename(path)}
        for line in lines[1:]:
            if not line.strip():
                continue
            k, _, v = line.partition(":")
            k, v = k.strip(), v.strip()
            if k == "teaser":
                region, headline, blurb = [x.strip() for x in v.split("|", 2)]
                a["teasers"].append((region, headline, blurb))
            else:
                a[k] = v
        a["blocks"] = [b.strip().replace("\n", " ") for b in body.strip().split("\n\n") if b.strip()]
        a["authors_list"] = [x.strip() for x in a.get("authors", "").split(";") if x.strip()]
        a["date_obj"] = dt.date.fromisoformat(a["date"])
        crc = zlib.crc32(a["slug"].encode())
        a.setdefault("time", f"{6 + crc % 13:02d}:{crc // 13 % 60:02d}:00")
        arts.append(a)
    return arts


def body_words(a):
    return " ".join(b[3:] if b.startswith(("## ", "Q: ")) else b for b in a["blocks"])


def long_date(d):
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def byline_text(names):
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def figure_parts(a):
    cap, _, credit = a.get("figure", "|").partition("|")
    return cap.strip(), credit.strip()


SVG = {
    "x": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M18.2 2H21l-6.5 7.4L22 22h-6l-4.7-6.1L5.8 22H3l7-8L2 2h6.1l4.2 5.6z"/></svg>',
    "fb": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M14 8h3V4h-3c-2.8 0-4 1.8-4 4v2H7v4h3v8h4v-8h3l1-4h-4V8.5c0-.3.2-.5.5-.5z"/></svg>',
    "li": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h4v4H4zm0 6h4v10H4zm6 0h4v1.6c.6-1 1.9-1.9 3.8-1.9 3 0 4.2 1.9 4.2 5.2V20h-4v-4.6c0-1.4-.4-2.4-1.7-2.4s-2.3 1-2.3 2.5V20h-4z"/></svg>',
    "mail": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M2 5h20v14H2zm2 2v.5l8 5 8-5V7z"/></svg>',
    "print": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 2h12v5H6zM4 9h16a2 2 0 0 1 2 2v6h-4v5H6v-5H2v-6a2 2 0 0 1 2-2zm4 8v3h8v-3z"/></svg>',
    "search": '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="2"/><path d="M15 15l6 6" stroke="currentColor" stroke-width="2"/></svg>',
}


def head_meta(a, site, url, title_tag, section=None, jsonld=None, extra=""):
    name, domain, _ = SITES[site]
    tags = [t.strip() for t in a.get("tags", "").split(",") if t.strip()]
    m = [
        '<!DOCTYPE html>',
        '<html lang="en">',
        '<head>',
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<title>{E(title_tag)}</title>',
        f'<meta name="description" content="{E(a["dek"])}">',
        f'<link rel="canonical" href="{E(url)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{E(a["title"])}">',
        f'<meta property="og:description" content="{E(a["dek"])}">',
        f'<meta property="og:site_name" content="{E(name)}">',
        f'<meta property="og:url" content="{E(url)}">',
        f'<meta property="og:image" content="https://{domain}/media/{a["date_obj"].year}/{a["slug"]}-hero.jpg">',
        f'<meta property="article:published_time" content="{a["date"]}T{a.get("time", "09:00:00")}Z">',
    ]
    if section:
        m.append(f'<meta property="article:section" content="{E(section)}">')
    for t in tags:
        m.append(f'<meta property="article:tag" content="{E(t)}">')
    for au in a["authors_list"]:
        m.append(f'<meta name="author" content="{E(au)}">')
    m.append('<meta name="twitter:card" content="summary_large_image">')
    if jsonld:
        m.append('<script type="application/ld+json">' + json.dumps(jsonld, ensure_ascii=False) + "</script>")
    m.append(extra)
    m.append("</head>")
    return "\n".join(m)


def jsonld_for(a, site, url, kind_type="NewsArticle", section=None):
    name, domain, _ = SITES[site]
    d = {
        "@context": "https://schema.org",
        "@type": kind_type,
        "headline": a["title"],
        "description": a["dek"],
        "datePublished": f'{a["date"]}T{a.get("time", "09:00:00")}Z',
        "author": [{"@type": "Person", "name": n, "url": f"https://{domain}/people/{slugify(n)}"} for n in a["authors_list"]],
        "publisher": {"@type": "Organization", "name": name, "logo": {"@type": "ImageObject", "url": f"https://{domain}/static/logo.png"}},
        "mainEntityOfPage": url,
    }
    if section:
        d["articleSection"] = section
    if a.get("tags"):
        d["keywords"] = a["tags"]
    return d


def body_html(a, para_tag="p", sub_tag="h2", sub_class="", q_style="h3", pull=None, figure_html=None, figure_after=2):
    out = []
    n = 0
    pulled = False
    for b in a["blocks"]:
        if b.startswith("## "):
            cls = f' class="{sub_class}"' if sub_class else ""
            out.append(f"<{sub_tag}{cls}>{E(b[3:])}</{sub_tag}>")
            continue
        if b.startswith("Q: "):
            if q_style == "strong":
                out.append(f"<p><strong>{E(b[3:])}</strong></p>")
            else:
                out.append(f'<{q_style} class="qa-question">{E(b[3:])}</{q_style}>')
            continue
        out.append(f"<{para_tag}>{E(b)}</{para_tag}>")
        n += 1
        if figure_html and n == figure_after:
            out.append(figure_html)
        if pull and not pulled and n == 4:
            out.append(pull)
            pulled = True
    return "\n".join(out)


# ---------------------------------------------------------------- template 1: The Meridian Review

MERIDIAN_STYLE = """<style>
:root{--ink:#141414;--accent:#b3261e}body{font-family:Georgia,serif;color:var(--ink);margin:0}
.site-header{display:flex;justify-content:space-between;padding:12px 24px;border-bottom:1px solid #ddd}
.teaser-excerpt.collapsed{max-height:6em;overflow:hidden}.cookie-bar{position:fixed;bottom:0;background:#222;color:#fff}
.share-bar a{display:inline-block;width:28px}.label{font:600 13px/1.2 sans-serif;text-transform:uppercase}
</style>"""


def render_meridian(a, all_latest):
    name, domain, folder = SITES["meridian"]
    d = a["date_obj"]
    url = f"https://{domain}/{d.year}/{d.month:02d}/{d.day:02d}/{a['slug']}/"
    label = f'{a["kind"]} | {a["label"]}'
    ld = jsonld_for(a, "meridian", url, section=a["label"])
    head = head_meta(a, "meridian", url, f'{a["title"]} | {name}', section=a["label"], jsonld=ld, extra=MERIDIAN_STYLE)
    cap, credit = figure_parts(a)
    credit = re.sub(r"^Photo:\s*", "", credit)
    byline = " and ".join(f'<a href="/author/{slugify(n)}/" class="author-link">{E(n)}</a>' for n in a["authors_list"])
    teasers = []
    for region, h, blurb in a["teasers"]:
        teasers.append(f"""<div class="teaser">
  <a href="/{d.year}/{slugify(h)}/" class="teaser-image"><img src="/media/teasers/{slugify(h)[:40]}.jpg" alt=""></a>
  <h3 class="teaser-title"><a href="/{d.year}/{slugify(h)}/">{E(h)}</a></h3>
  <span class="label teaser-label">{E(region)}</span>
  <div class="teaser-excerpt collapsed"><p>{E(blurb)}</p></div>
  <button class="expand" type="button">keep reading</button><button class="collapse" type="button" hidden>Show less</button>
</div>""")
    latest = "\n".join(f'<li><a href="/latest/{slugify(x)}/">{E(x)}</a></li>' for x in all_latest)
    bio = ""
    if a.get("bio"):
        bio = f'<aside class="author-bio"><p>{E(a["bio"])}</p></aside>'
    pull = f'<blockquote class="pull-quote"><p>{E(a["pull"])}</p></blockquote>' if a.get("pull") else None
    return f"""{head}
<body class="single single-post">
<div class="cookie-bar" id="cookie-bar">We use cookies to understand how readers use this site. <a href="/privacy/">Privacy policy</a> <button>Accept</button> <button>Decline</button></div>
<header class="site-header">
  <a class="logo" href="/">{E(name)}</a>
  <nav class="main-menu" aria-label="Main"><ul>
    <li><a href="/region/africa/">Africa</a></li><li><a href="/region/asia-pacific/">Asia-Pacific</a></li><li><a href="/region/europe/">Europe</a></li>
    <li><a href="/region/latin-america/">Latin America</a></li><li><a href="/region/middle-east/">Middle East</a></li><li><a href="/region/north-america/">North America</a></li>
    <li><a href="/section/global-crises/">Global Crises</a></li><li><a href="/section/wire/">Meridian Wire</a></li><li><a href="/about/">About</a></li><li><a href="/donate/" class="btn">Donate</a></li>
  </ul></nav>
  <a class="search-toggle" href="/search/" aria-label="Search">{SVG['search']}</a>
  <div class="social-follow">Follow us on social <a href="https://x.com/meridianrev">X</a> <a href="https://www.facebook.com/meridianrev">Facebook</a></div>
</header>
<main id="content">
<article class="post">
  <div class="label post-label">{E(label)}</div>
  <h1 class="post-title">{E(a["title"])}</h1>
  <h2 class="post-subtitle">{E(a["dek"])}</h2>
  <div class="post-meta">By {byline} <span class="sep">&middot;</span> <time datetime="{a['date']}">{long_date(d)}</time></div>
  <div class="share-bar">
    <a href="https://x.com/intent/tweet?url={url}" aria-label="Share on X">{SVG['x']}</a>
    <a href="https://www.facebook.com/sharer/sharer.php?u={url}" aria-label="Share on Facebook">{SVG['fb']}</a>
    <a href="https://www.linkedin.com/shareArticle?url={url}" aria-label="Share on LinkedIn">{SVG['li']}</a>
    <a href="mailto:?subject={E(a['title'])}" aria-label="Email">{SVG['mail']}</a>
    <a href="javascript:window.print()" aria-label="Print">{SVG['print']}</a>
  </div>
  <figure class="post-image"><img src="/media/{d.year}/{a['slug']}-hero.jpg" alt="">
    <figcaption>{E(cap)} <span class="credit">Top image credit: {E(credit)}</span></figcaption></figure>
  <div class="post-body">
{body_html(a, sub_tag="h3", pull=pull)}
  </div>
  <div class="label post-label post-label--bottom">{E(label)}</div>
  {bio}
</article>
<section class="more-stories" aria-label="More stories">
{chr(10).join(teasers)}
</section>
<aside class="sidebar">
  <h2 class="widget-title">LATEST</h2>
  <ul class="latest-list">{latest}</ul>
  <h2 class="widget-title">MERIDIAN WIRE</h2>
  <p class="wire-intro">Short takes from our reporters, updated through the day.</p>
</aside>
<section class="newsletter-signup">
  <h2>Newsletter</h2>
  <p>Subscribe to our Friday digest for staff analysis, reporting and opinion on a restrained, realistic foreign policy.</p>
  <form action="/subscribe" method="post"><input type="email" name="email" placeholder="Email address"><button>Subscribe</button></form>
</section>
</main>
<footer class="site-footer">
  <ul><li><a href="/about/">About</a></li><li><a href="/contributors/">Contributors</a></li><li><a href="/submissions/">Submissions</a></li><li><a href="/privacy/">Privacy</a></li><li><a href="/contact/">Contact</a></li></ul>
  <p>&copy; {d.year} {E(name)}. All rights reserved.</p>
</footer>
<script>document.querySelectorAll('.teaser .expand').forEach(function(b){{b.addEventListener('click',function(){{b.parentNode.querySelector('.teaser-excerpt').classList.remove('collapsed');b.hidden=true;b.nextElementSibling.hidden=false;}});}});</script>
<script async src="https://stats.meridianreview.org/m.js" data-site="mr"></script>
</body>
</html>
"""


# ---------------------------------------------------------------- template 2: Lantern Institute

def render_lantern(a, _latest):
    name, domain, folder = SITES["lantern"]
    d = a["date_obj"]
    url = f"https://{domain}{a['urlpath']}{a['slug']}"
    crumbs = [c for c in a["urlpath"].strip("/").split("/") if c]
    crumb_html = " <span>&rsaquo;</span> ".join(
        ['<a href="/">Home</a>'] + [f'<a href="/{"/".join(crumbs[:i+1])}">{E(crumb_name(c))}</a>' for i, c in enumerate(crumbs)]
    )
    cap, credit = figure_parts(a)
    authors = "\n".join(
        f'<div class="author-card"><img class="author-card__img" src="/sites/default/files/people/{slugify(n)}.jpg" alt="{E(n)}"><div><a class="author-card__name" href="/people/{slugify(n)}">{E(n)}</a><span class="author-card__role">{E(role)}</span></div></div>'
        for n, role in zip(a["authors_list"], a.get("roles", "").split(";"))
    )
    fig = f'<div class="media-figure"><img src="/sites/default/files/{d.year}-{d.month:02d}/{a["slug"]}.jpg" alt=""><div class="media-figure__caption">{E(cap)}<span class="media-figure__credit"> {E(credit)}</span></div></div>'
    related = "\n".join(
        f'<div class="c-card"><div class="c-card__type">{E(region)}</div><a class="c-card__title" href="/{slugify(region)}/{slugify(h)}">{E(h)}</a><div class="c-card__summary">{E(blurb)}</div></div>'
        for region, h, blurb in a["teasers"]
    )
    kind, region_label = a["kind"], a["label"]
    head = head_meta(a, "lantern", url, f'{a["title"]} | {name}', section=a.get("section", region_label),
                     extra='<link rel="stylesheet" href="/themes/lantern/css/main.min.css">\n<script src="/themes/lantern/js/vendor.min.js" defer></script>')
    return f"""{head}
<body class="path-node page-node-type-publication">
<div id="page">
<div class="l-cookie" role="dialog" aria-label="Cookie consent"><div class="l-cookie__text">This website uses cookies to improve your experience and to collect anonymous usage statistics.</div><a class="btn" href="#" data-action="accept">I agree</a> <a href="/cookie-policy">More info</a></div>
<div class="l-header">
  <div class="l-header__logo"><a href="/" rel="home"><img src="/themes/lantern/logo.svg" alt="{E(name)}"></a></div>
  <div class="l-header__menu">
    <ul class="menu"><li><a href="/africa">Africa</a></li><li><a href="/asia">Asia</a></li><li><a href="/europe-central-asia">Europe &amp; Central Asia</a></li><li><a href="/latin-america-caribbean">Latin America &amp; Caribbean</a></li><li><a href="/middle-east-north-africa">Middle East &amp; North Africa</a></li><li><a href="/united-states">United States</a></li><li><a href="/global">Global</a></li></ul>
    <ul class="menu menu--secondary"><li><a href="/tracker">Conflict Tracker</a></li><li><a href="/latest-updates">Latest Updates</a></li><li><a href="/about">About</a></li><li><a href="/support" class="btn btn--donate">Support Us</a></li></ul>
  </div>
</div>
<div class="l-main">
<div class="breadcrumb">{crumb_html}</div>
<div class="c-publication-header">
  <div class="c-type">{E(kind)} <span>/</span> {E(region_label)}</div>
  <h1 class="c-title"><span>{E(a["title"])}</span></h1>
  <div class="field-summary">{E(a["dek"])}</div>
  <div class="c-pubinfo">{E(a.get("series", ""))} <span class="sep">|</span> <time datetime="{a['date']}T{a.get('time', '09:00:00')}Z">{d.day} {d.strftime('%B')} {d.year}</time></div>
  <div class="c-authors">{authors}</div>
  <ul class="c-share"><li><a href="https://x.com/share?url={url}">Share on X</a></li><li><a href="https://facebook.com/sharer.php?u={url}">Share on Facebook</a></li><li><a href="https://www.linkedin.com/shareArticle?url={url}">Share on LinkedIn</a></li><li><a href="mailto:?body={url}">Email</a></li><li><a href="#" onclick="window.print()">Print</a></li><li><a href="/{a['slug']}.pdf" class="pdf">Download PDF</a></li></ul>
</div>
<div class="field-body">
{body_html(a, sub_tag="h2", sub_class="heading--section", q_style="h3", figure_html=fig, figure_after=3)}
</div>
<div class="c-related">
  <h2 class="c-related__title">Related Content</h2>
  {related}
</div>
</div>
<div class="l-newsletter"><h3>Get the Lantern Monthly Tracker</h3><p>Our analysts' monthly update on conflict risks around the world, delivered to your inbox.</p><form><input type="email" placeholder="Your email"><input type="submit" value="Sign up"></form></div>
<div class="l-footer">
  <div class="l-footer__cols"><ul><li><a href="/about">Who we are</a></li><li><a href="/careers">Careers</a></li><li><a href="/press">Press</a></li></ul><ul><li><a href="/terms">Terms</a></li><li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul></div>
  <div class="l-footer__copy">&copy; {E(name)} {d.year}</div>
</div>
</div>
<script>window.lanternSettings={{"path":{{"baseUrl":"/","currentPath":"node/{zlib.crc32(a['slug'].encode()) % 90000 + 10000}"}},"ajaxPageState":{{"theme":"lantern"}}}};</script>
</body>
</html>
"""


# ---------------------------------------------------------------- template 3: Atlas Forum

def render_atlas(a, _latest):
    name, domain, folder = SITES["atlas"]
    d = a["date_obj"]
    url = f"https://{domain}/article/{a['slug']}"
    ld = jsonld_for(a, "atlas", url, kind_type="Article", section=a.get("section"))
    head = head_meta(a, "atlas", url, f'{a["title"]} | {name}', section=a.get("section"), jsonld=ld,
                     extra='<style>table.layout{width:100%}td.rail{width:300px;vertical-align:top}.kicker a{color:#0b4a8b;text-decoration:none}</style>')
    roles = a.get("roles", "").split(";")
    authors = ", ".join(
        f'<a rel="author" href="/experts/{slugify(n)}">{E(n)}</a><span class="author-title">, {E(r.strip())}</span>'
        for n, r in zip(a["authors_list"], roles)
    )
    cap, credit = figure_parts(a)
    fig = f'<div class="article-figure"><img src="https://cdn.{domain}/img/{a["slug"]}.jpg" alt="" width="860"><p class="caption">{E(cap)} <span class="photo-credit">{E(credit)}</span></p></div>'
    pull = f'<div class="pullquote">&ldquo;{E(a["pull"])}&rdquo;</div>' if a.get("pull") else None
    more = "\n".join(
        f'<tr><td class="more-item"><span class="more-region">{E(region)}</span><br><a href="/article/{slugify(h)}"><b>{E(h)}</b></a><br><span class="more-blurb">{E(blurb)}</span></td></tr>'
        for region, h, blurb in a["teasers"]
    )
    trail = "; ".join(f'<a href="/topic/{slugify(x)}">{E(x.strip())}</a>' for x in a.get("seemore", "").split(";"))
    bio = f'<div class="expert-bio"><h4>About the author</h4><p>{E(a["bio"])}</p></div>' if a.get("bio") else ""
    return f"""{head}
<body>
<div id="cookie-notice" class="notice">By using this site you agree to our use of cookies. <a href="/privacy">Learn more</a> <a href="#" class="close">Close</a></div>
<div class="masthead">
<table class="layout"><tr><td><a href="/"><img src="/img/atlas-logo.gif" alt="{E(name)}"></a></td>
<td class="topnav"><a href="/regions">Regions</a> | <a href="/topics">Topics</a> | <a href="/experts">Experts</a> | <a href="/events">Events</a> | <a href="/memo">The Atlas Morning Memo</a> | <a href="/membership">Membership</a> | <a href="/search">Search</a></td></tr></table>
</div>
<table class="layout"><tr>
<td class="main-col">
<div class="kicker"><a href="/topic/{slugify(a['label'])}">{E(a['label'])}</a></div>
<h1 class="article-title">{E(a['title'])}</h1>
<p class="subhead">{E(a['dek'])}</p>
<div class="byline">{E(a['kind'])} by {authors}</div>
<div class="dateline"><time datetime="{a['date']}">{long_date(d)}</time> &nbsp; <span class="readtime">{max(3, len(body_words(a).split()) // 220)} min read</span></div>
<div class="sharetools">Share: <a href="https://x.com/intent/tweet?url={url}" title="Share on X">X</a> <a href="https://www.facebook.com/sharer/sharer.php?u={url}" title="Share on Facebook">Facebook</a> <a href="https://www.linkedin.com/shareArticle?url={url}" title="Share on LinkedIn">LinkedIn</a> <a href="mailto:?subject={E(a['title'])}" title="Email">Email</a> <a href="#print" title="Print">Print</a></div>
<div class="article-body" id="article-body">
{body_html(a, sub_tag="h3", pull=pull, figure_html=fig, figure_after=1)}
</div>
<div class="seemore">See more in {trail}</div>
{bio}
</td>
<td class="rail">
<div class="rail-box"><h3>More From Our Experts</h3><table>{more}</table></div>
<div class="rail-box memo"><h3>The Atlas Morning Memo</h3><p>A summary of global news developments with analysis from Atlas Forum experts, every weekday.</p><form><input type="email"><button>Sign up</button></form></div>
</td></tr></table>
<div class="footer"><a href="/about">About Atlas Forum</a> | <a href="/careers">Careers</a> | <a href="/terms">Terms of Use</a> | <a href="/privacy">Privacy Policy</a><br>&copy; {d.year} {E(name)}. All rights reserved. The Atlas Forum takes no institutional positions on policy issues.</div>
<script>var _atl=_atl||[];_atl.push(['trackPageView']);(function(){{var s=document.createElement('script');s.async=true;s.src='//metrics.atlasforum.org/a.js';document.body.appendChild(s);}})();</script>
</body>
</html>
"""


# ---------------------------------------------------------------- template 4: Northgate Dispatch

def render_northgate(a, latest):
    name, domain, folder = SITES["northgate"]
    d = a["date_obj"]
    section = a.get("section", "World")
    url = f"https://www.{domain}/{slugify(section)}/{d.year}/{d.month:02d}/{a['slug']}"
    ld = jsonld_for(a, "northgate", url, section=section)
    head = head_meta(a, "northgate", url, f'{a["title"]} | {name}', section=section, jsonld=ld,
                     extra='<link rel="preload" href="/_next/static/css/7c1f.css" as="style">\n<style>.css-1q2w3e{display:flex}.css-9k8j7h{font-size:42px;line-height:1.1}.css-pq{border-left:4px solid #c60}</style>')
    cap, credit = figure_parts(a)
    fig = f'<figure class="css-fig"><picture><source srcset="/img/{a["slug"]}.webp" type="image/webp"><img src="/img/{a["slug"]}.jpg" alt="{E(cap)}"></picture><figcaption class="css-cap"><span>{E(cap)}</span> <span class="css-credit">{E(credit)}</span></figcaption></figure>'
    pull = f'<aside class="css-pq"><p>{E(a["pull"])}</p></aside>' if a.get("pull") else None
    cards = "\n".join(
        f'<div class="css-card"><span class="css-card-kicker">{E(region)}</span><a href="/{slugify(region)}/{slugify(h)}"><h4 class="css-card-h">{E(h)}</h4></a><p class="css-card-dek">{E(blurb)}</p></div>'
        for region, h, blurb in a["teasers"]
    )
    most = "\n".join(f'<li><a href="/most-read/{slugify(x)}">{E(x)}</a></li>' for x in latest)
    byl = " and ".join(f'<a href="/by/{slugify(n)}" class="css-author">{E(n)}</a>' for n in a["authors_list"])
    bio = f'<div class="css-authorbox"><p>{E(a["bio"])}</p></div>' if a.get("bio") else ""
    return f"""{head}
<body>
<div id="__next">
<div class="css-consent" id="onetrust-banner-sdk"><p>We and our partners use cookies to personalise content and measure audiences. You can change your choices at any time.</p><button id="onetrust-accept-btn-handler">Accept all</button><button>Manage preferences</button></div>
<header class="css-1q2w3e"><a href="/" class="css-logo">{E(name)}</a>
<nav><a href="/world">World</a><a href="/world/europe">Europe</a><a href="/world/asia">Asia</a><a href="/world/africa">Africa</a><a href="/world/americas">Americas</a><a href="/world/middle-east">Middle East</a><a href="/washington">Washington</a><a href="/opinion">Opinion</a><a href="/newsletters">Newsletters</a><a href="/subscribe" class="css-cta">Subscribe</a></nav></header>
<main>
<div class="css-article" data-testid="article">
<div class="css-kicker"><a href="/{slugify(section)}">{E(section)}</a> <span class="css-kind">{E(a['kind'])}</span></div>
<h1 class="css-9k8j7h">{E(a['title'])}</h1>
<p class="css-dek">{E(a['dek'])}</p>
<div class="css-byline">By {byl} <time datetime="{a['date']}T{a.get('time', '09:00:00')}Z">{d.strftime('%b')}. {d.day}, {d.year}</time></div>
<div class="css-share" role="group" aria-label="Share"><button aria-label="Share on X">{SVG['x']}</button><button aria-label="Share on Facebook">{SVG['fb']}</button><button aria-label="Share on LinkedIn">{SVG['li']}</button><button aria-label="Email this article">{SVG['mail']}</button><button aria-label="Print">{SVG['print']}</button><span>Gift this article</span></div>
{fig}
<div class="css-body">
{body_html(a, sub_tag="h2", pull=pull)}
</div>
{bio}
</div>
<section class="css-keep"><h3>Keep reading</h3>
{cards}
</section>
<section class="css-most"><h3>Most read</h3><ol>{most}</ol></section>
<section class="css-nl"><h3>Dispatch Daily</h3><p>The world's news in five minutes, each morning. Sign up for free.</p><form><input type="email" aria-label="Email"><button>Sign up</button></form></section>
</main>
<footer class="css-footer"><a href="/about">About us</a> <a href="/ethics">Ethics policy</a> <a href="/advertise">Advertise</a> <a href="/privacy">Privacy</a> <a href="/terms">Terms</a><p>&copy; {d.year} Northgate Media Ltd.</p></footer>
</div>
<script id="__NEXT_DATA__" type="application/json">{json.dumps({"page": "/[section]/[year]/[month]/[slug]", "query": {"slug": a["slug"]}, "buildId": "ng-4f2a9"})}</script>
</body>
</html>
"""


# ---------------------------------------------------------------- template 5: Compass Brief

def render_compass(a, _latest):
    name, domain, folder = SITES["compass"]
    d = a["date_obj"]
    url = f"https://{domain}{a['urlpath']}{d.year}/{d.month:02d}/{a['slug']}"
    section = a.get("section") or None
    head = head_meta(a, "compass", url, f'{a["title"]} | {name}', section=section,
                     extra='<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag("js",new Date());</script>\n<style>.chip{border-radius:12px;padding:2px 8px;background:#eef}.qa-question{font-weight:700;margin-top:1.4em}</style>')
    cap, credit = figure_parts(a)
    fig = f'<figure><img src="https://img.{domain}/{a["slug"]}.jpg" alt="" loading="lazy"><figcaption>{E(cap)} &mdash; {E(credit)}</figcaption></figure>'
    chip = f'<a class="chip" href="/topic/{slugify(a["label"])}">{E(a["label"])}</a>' if a.get("label") else ""
    kind = f'<span class="format">{E(a["kind"])}</span>' if a.get("showkind", "yes") == "yes" else ""
    cards = "\n".join(
        f'<li class="upnext-card"><a href="/briefs/{slugify(h)}"><span class="upnext-region">{E(region)}</span><strong>{E(h)}</strong><span class="upnext-dek">{E(blurb)}</span></a></li>'
        for region, h, blurb in a["teasers"]
    )
    words = len(body_words(a).split())
    return f"""{head}
<body class="brief">
<noscript><iframe src="https://tags.compassbrief.net/ns.html" height="0" width="0" style="display:none"></iframe></noscript>
<div class="gdpr" data-consent="pending">Cookies help us deliver Compass Brief. By continuing you accept them. <button>OK</button></div>
<nav class="topbar"><a class="wordmark" href="/">compass<b>brief</b></a><a href="/briefs">Briefs</a><a href="/explainers">Explainers</a><a href="/podcast">Podcast</a><a href="/about">About</a><a href="/login">Log in</a></nav>
<article>
<header class="brief-head">{kind} {chip}
<h1>{E(a['title'])}</h1>
<p class="standfirst">{E(a['dek'])}</p>
<p class="meta">Words by {E(byline_text(a['authors_list']))} &middot; <time datetime="{a['date']}">{d.day:02d}.{d.month:02d}.{d.year}</time> &middot; {max(3, words // 230)} min read</p>
<div class="share"><a aria-label="Share on X" href="https://x.com/intent/tweet?url={url}">{SVG['x']}</a><a aria-label="Share on Facebook" href="https://facebook.com/sharer.php?u={url}">{SVG['fb']}</a><a aria-label="Share on LinkedIn" href="https://linkedin.com/shareArticle?url={url}">{SVG['li']}</a><a aria-label="Email" href="mailto:?body={url}">{SVG['mail']}</a><a aria-label="Copy link" href="#">Copy link</a></div>
</header>
{fig}
<section class="brief-body">
{body_html(a, sub_tag="h2", q_style="h2")}
</section>
</article>
<aside class="upnext"><h3>Up next</h3><ul>{cards}</ul></aside>
<div class="subscribe-box"><p><b>Get Compass Brief in your inbox.</b> One explainer a week, no spam.</p><input type="email"><button>Subscribe</button></div>
<footer><p>Compass Brief is a reader-supported publication. <a href="/support">Support us</a> &middot; <a href="/privacy">Privacy</a> &middot; <a href="/terms">Terms</a></p><p>&copy; {d.year} Compass Brief</p></footer>
<script src="https://{domain}/static/js/app.3e9d1.js" defer></script>
</body>
</html>
"""


# ---------------------------------------------------------------- plain-text scrapes

def render_seed_text(a, latest):
    """The visible text of a Meridian page as a scraper saved it (seed style)."""
    out = ["Follow us on social", "", a["title"], "", a["title"], "", a["dek"], "", f'{a["kind"]} | {a["label"]}', ""]
    if a.get("showbyline") == "yes":
        out += [byline_text(a["authors_list"]), long_date(a["date_obj"]), ""]
    for b in a["blocks"]:
        out += [b[3:] if b.startswith(("## ", "Q: ")) else b, ""]
    cap, credit = figure_parts(a)
    credit = re.sub(r"^Photo:\s*", "", credit)
    out += ["", f"{cap} ({credit})", "", f'{a["kind"]} | {a["label"]}']
    teaser_credit = f"Top image credit: {a.get('teasercredit', 'Staff photo')}"
    for i, (region, h, blurb) in enumerate(a["teasers"]):
        if i == 0:
            out += [h, teaser_credit, ""]
        out += [h, "", region, ""]
        for p in blurb.split(" // "):
            out += [p, ""]
        out += ["keep readingShow less"]
        if i + 1 < len(a["teasers"]):
            out += [teaser_credit]
    out += ["", "LATEST", "", "MERIDIAN WIRE", "", "Newsletter", "",
            "Subscribe to our Friday digest for staff analysis, reporting and opinion on a restrained, realistic foreign policy.", ""]
    return "\n".join(out)


def render_innertext(a, latest):
    """A page's document.body.innerText: chrome lines first, then the article."""
    tpl = a["innertext"]
    cap, credit = figure_parts(a)
    d = a["date_obj"]
    body = []
    for b in a["blocks"]:
        body += [b[3:] if b.startswith(("## ", "Q: ")) else b, ""]
    if tpl == "lantern":
        out = ["This website uses cookies to improve your experience and to collect anonymous usage statistics.", "I agree", "More info",
               "Africa", "Asia", "Europe & Central Asia", "Latin America & Caribbean", "Middle East & North Africa", "United States", "Global",
               "Conflict Tracker", "Latest Updates", "About", "Support Us", "",
               "Home › " + " › ".join(crumb_name(c) for c in a["urlpath"].strip("/").split("/")), "",
               f'{a["kind"]} / {a["label"]}', a["title"], a["dek"], f'{a.get("series", "")} | {d.day} {d.strftime("%B")} {d.year}', ""]
        for n, r in zip(a["authors_list"], a.get("roles", "").split(";")):
            out += [n, r.strip()]
        out += ["Share on X", "Share on Facebook", "Share on LinkedIn", "Email", "Print", "Download PDF", ""]
        out += body[:6] + [cap + " " + credit, ""] + body[6:]
        out += ["Related Content", ""]
        for region, h, blurb in a["teasers"]:
            out += [region, h, para(blurb), ""]
        out += ["Get the Lantern Monthly Tracker", "Our analysts' monthly update on conflict risks around the world, delivered to your inbox.", "Sign up", "",
                "Who we are", "Careers", "Press", "Terms", "Privacy", "Contact", f"© Lantern Institute {d.year}"]
    else:  # northgate
        out = ["We and our partners use cookies to personalise content and measure audiences. You can change your choices at any time.",
               "Accept all", "Manage preferences", "Northgate Dispatch", "World", "Europe", "Asia", "Africa", "Americas", "Middle East",
               "Washington", "Opinion", "Newsletters", "Subscribe", "", f'{a.get("section", "World")} {a["kind"]}', a["title"], a["dek"],
               f'By {" and ".join(a["authors_list"])} {d.strftime("%b")}. {d.day}, {d.year}', "Gift this article", "", f"{cap} {credit}", ""]
        out += body
        if a.get("bio"):
            out += [a["bio"], ""]
        out += ["Keep reading", ""]
        for region, h, blurb in a["teasers"]:
            out += [region, h, para(blurb), ""]
        out += ["Most read"] + latest + ["", "Dispatch Daily", "The world's news in five minutes, each morning. Sign up for free.", "Sign up", "",
                                         "About us", "Ethics policy", "Advertise", "Privacy", "Terms", f"© {d.year} Northgate Media Ltd."]
    return "\n".join(out) + "\n"


RENDER = {"meridian": render_meridian, "lantern": render_lantern, "atlas": render_atlas, "northgate": render_northgate, "compass": render_compass}

# Site-wide sidebars ("LATEST", "Most read"): headlines of articles we never wrote.
LATEST = {
    "meridian": ["Why the Pentagon's audit keeps failing", "A reporter's notebook from the Darien Gap",
                 "What the Quad can and cannot do", "The case against a new Gulf security pact"],
    "northgate": ["Inside the race to insure Black Sea grain ships", "Lisbon's housing squeeze spills into politics",
                  "The strange afterlife of a shuttered embassy", "Why shipping insurers are nervous again"],
}


def main():
    rows = []
    arts = []
    for site in ["meridian", "lantern", "atlas", "northgate", "compass", "scrapes"]:
        src = os.path.join(HERE, f"{site}.txt")
        if not os.path.exists(src):
            continue
        for a in parse(src):
            a["site"] = site
            arts.append(a)
    for a in arts:
        site = a["site"]
        if site == "scrapes":
            rel = f"scrapes/{a['slug']}.txt"
            if a.get("innertext"):
                text, tpl, site_name = render_innertext(a, LATEST.get(a["innertext"], [])), "innertext-" + a["innertext"], SITES[a["innertext"]][0]
            else:
                text, tpl, site_name = render_seed_text(a, LATEST["meridian"]), "text-meridian", SITES["meridian"][0]
        else:
            rel = f"{SITES[site][2]}/{a['date_obj'].year}/{a['slug']}.html"
            text, tpl, site_name = RENDER[site](a, LATEST.get(site, [])), site, SITES[site][0]
        path = os.path.join(CORPUS, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        a["rel"] = rel
        rows.append([rel, site_name, tpl, a["kind"], a["title"], a["date"], a["regions"], a["countries"], a["topics"],
                     a["body_probe"], a["chrome_probe"]])
    # a reprint names the page it copies (its probe words are that page's too)
    by_slug = {a["slug"]: a["rel"] for a in arts}
    for a, r in zip(arts, rows):
        r.append(by_slug[a["copy_of"]] if a.get("copy_of") else "")
    header = ["path", "site", "template", "kind", "title", "date", "regions", "countries", "topics", "body_probe_words", "chrome_probe_words", "copy_of"]
    with open(os.path.join(CORPUS, "MANIFEST.tsv"), "w", encoding="utf-8") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(x.replace("\t", " ") for x in r) + "\n")
    # A sidecar for verify.py: each page's body words and non-body words.
    with open(os.path.join(HERE, "parts.json"), "w", encoding="utf-8") as f:
        json.dump({a["rel"]: {"body": body_words(a), "title": a["title"], "dek": a["dek"], "figure": a.get("figure", "")} for a in arts}, f, ensure_ascii=False, indent=0)
    print(f"{len(rows)} pages written", file=sys.stderr)


if __name__ == "__main__":
    main()
