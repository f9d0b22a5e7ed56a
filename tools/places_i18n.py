#!/usr/bin/env python3
"""Builds src/facets/data/places-i18n.tsv: country, city and region names in
other languages than English, from CLDR (the `babel` package's data), for the
gazetteer beside the English names of countries.csv.

    pip install babel==2.19.0        # the CLDR release the table was made from
    python3 tools/places_i18n.py > src/facets/data/places-i18n.tsv

Rows (tab-separated): `kind`, `key`, `lang`, `names` (`|`-separated), where kind is
- `country`: key = ISO 3166 alpha-2 code of a countries.csv row; names = CLDR's
  territory names (standard, short and variant forms) and the CLDR exemplar
  cities of the country's time zones when it has at most MAX_ZONES of them
  (then the zone cities are its capital or main cities: Berlin, Москва, 开罗);
- `region`: key = a taxonomy region; names = CLDR's names of the UN M.49
  regions that make it up (Afrique, Westasien), used as section labels and
  text terms;
- `fallback`: Global's labels used only when the text gives no region (the
  World: Monde, Mundo, Welt);
- `term`: Global's text terms (the United Nations: Nations Unies, ООН).
Word forms the gazetteer's whole-word matcher would otherwise miss are added
by rule, not by hand: Russian case endings of each Russian name (Германия →
Германии, Германию, Германией), and Arabic names with the attached clitics
و (and), ب (in/by), ل (for).
The output is sorted and deterministic for one babel version.
"""
import csv
import os
import sys

from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone, get_timezone_location

LANGS = ["fr", "es", "de", "pt", "it", "nl", "ar", "ru", "zh", "tr", "cs", "pl"]
MAX_ZONES = 3

# taxonomy region -> (M.49 codes given as section labels and terms)
REGIONS = {
    "Africa": ["002", "202", "011", "014", "017", "018"],
    "Middle East": ["145", "015"],
    "Europe": ["150", "151", "154", "155", "039", "143", "EU"],
    "Asia-Pacific": ["142", "030", "034", "035", "009"],
    "Latin America": ["419", "029", "013", "005"],
    "North America": ["021"],
}
# Global: the world is a section label only when the text gives no region
# (as "World" in taxonomy.toml); the UN is text evidence
GLOBAL_FALLBACK = ["001"]
GLOBAL_TERMS = ["UN"]

RU_ENDINGS = {
    "ия": ["ии", "ию", "ией"],
    "ая": ["ой", "ую"],
    "а": ["ы", "и", "е", "у", "ой"],
    "я": ["и", "е", "ю", "ей"],
}
RU_CONSONANT = ["а", "е", "у", "ом"]


def russian_forms(name):
    """Case forms of a one-word-final Russian name (the last word inflects)."""
    head, _, last = name.rpartition(" ")
    prefix = head + " " if head else ""
    for end, forms in RU_ENDINGS.items():
        if last.endswith(end):
            stem = last[: -len(end)]
            return [prefix + stem + f for f in forms]
    if last and last[-1].isalpha() and last[-1] not in "аеёиоуыэюяйь":
        return [prefix + last + f for f in RU_CONSONANT]
    return []


def arabic_forms(name):
    return [p + name for p in ("و", "ب", "ل")]


def forms(lang, names):
    out = set(n for n in names if n and "\t" not in n and "|" not in n)
    if lang == "ru":
        for n in list(out):
            out.update(russian_forms(n))
    if lang == "ar":
        for n in list(out):
            out.update(arabic_forms(n))
    return sorted(out)


def territory_names(locale, code):
    names = []
    t = locale.territories
    if code in t:
        names.append(t[code])
    # babel exposes the alternative forms under `territories` of the raw data
    raw = locale._data.get("territories", {})
    for alt in ("short", "variant"):
        v = raw.get(code + "-alt-" + alt) or raw.get((code, alt))
        if isinstance(v, str):
            names.append(v)
    return names


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    table = os.path.join(here, "..", "src", "facets", "data", "countries.csv")
    with open(table, encoding="utf-8") as f:
        codes = [row["code"] for row in csv.DictReader(f)]
    zones = get_global("territory_zones")
    rows = []
    for lang in LANGS:
        locale = Locale.parse(lang)
        for code in codes:
            names = territory_names(locale, code)
            tz = zones.get(code, [])
            if 0 < len(tz) <= MAX_ZONES:
                for zone in tz:
                    try:
                        city = get_timezone_location(
                            get_timezone(zone), locale=locale, return_city=True
                        )
                    except LookupError:
                        continue
                    names.append(city)
            names = forms(lang, names)
            if names:
                rows.append(("country", code, lang, "|".join(names)))
        for region, m49 in REGIONS.items():
            names = [locale.territories[c] for c in m49 if c in locale.territories]
            names = forms(lang, names)
            if names:
                rows.append(("region", region, lang, "|".join(names)))
        for kind, m49 in (("fallback", GLOBAL_FALLBACK), ("term", GLOBAL_TERMS)):
            names = forms(lang, [locale.territories[c] for c in m49 if c in locale.territories])
            if names:
                rows.append((kind, "Global", lang, "|".join(names)))
    out = sys.stdout
    out.write("kind\tkey\tlang\tnames\n")
    for r in sorted(rows):
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
