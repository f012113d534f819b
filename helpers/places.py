"""Place names in text, looked up in the offline gazetteer (`data/gazetteer.csv`).

The base gazetteer holds every country, every world capital and the GeoNames places of each
shipped profile's area (`scripts/build_gazetteer.py` builds it; data/gazetteer.md documents it).
A profile adds its own places at run time (`data/profiles/<name>/places.csv`, passed as `extra`)
and names the countries whose places win over bigger homonyms elsewhere (`prefer`).

Matching is by capitalised word runs against names and aliases, folded for case, apostrophes,
accents and ё; "X region" and "the X region" find the region entry, "of" may join
capitalised words ("Gulf of Aden"), and a lower-case Arabic article joined by a hyphen
("al-Fashir", "Deir al-Balah") belongs to the name. A
capitalised name that is not in the gazetteer is not guessed at here; "the village of X" is kept
as a mention with no entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers import config
from helpers.datafiles import read_csv
from helpers.errors import ProfileError

GAZETTEER = config.DATA_DIR / "gazetteer.csv"
_CAP = r"[A-ZА-ЯЁІЇЄ][\w’'ʼ-]*"
# Lower-case Arabic articles written onto the name: al-Fashir, el-Geneina, ash-Shati.
_ARTICLE = r"(?:al|el|ad|adh|ar|as|ash|at|ath|az|an|ed|en|er|es|et)-"
_RUN = re.compile(
    rf"(?:{_ARTICLE})?{_CAP}(?:\s+(?:(?:region|oblast|province|district|governorate|state|camp"
    rf"|corridor|strip)\b|of(?=\s+[A-ZА-ЯЁ])|(?:{_ARTICLE})?{_CAP}))*"
)
_LEADING_ARTICLE = re.compile(_ARTICLE)
_MAX_WORDS = 4
# Names the gazetteer lacks are still places when the text says so: "the village of Veseloye".
_NAMED_PLACE = re.compile(
    r"\b(?:village|town|city|settlement|hamlet|district|region)s?\s+of\s+"
    r"(?P<name>[A-ZА-ЯЁ][\w’'-]+(?:\s+[A-ZА-ЯЁ][\w’'-]+)?)"
)
_PLACE_FIELDS = ("name", "feature", "admin1", "country", "lat", "lon")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    feature: str
    admin1: str
    country: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in text, with its span and entry."""

    start: int
    end: int
    text: str
    place: Place | None  # None: a place name the gazetteer does not hold, kept as text


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A name folded for matching: lower case, ё→е, apostrophes and accents dropped."""
    name = name.lower().replace("ё", "е").replace("’s", "").replace("'s", "")
    name = re.sub(r"[’'ʼ`]", "", name)
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(name.replace("-", " ").split())


@lru_cache(maxsize=16)
def load_gazetteer(
    path: Path = GAZETTEER, *, extra: tuple[Path, ...] = (), prefer: tuple[str, ...] = ()
) -> dict[str, Place]:
    """Folded name or alias -> entry, from the base gazetteer and a profile's own places.

    Where entries share a name, the winner is, in order: a row of an `extra` file (a profile's
    places.csv) over the base; a country over any other place; a place in one of the `prefer`
    countries (ISO2) over one elsewhere; the bigger population. A name or alias an entry really
    has always beats one derived by dropping an Arabic article.

    An `extra` row with a `geonameid` corrects that GeoNames entry of the base: its non-empty
    cells (name, feature, admin1, coordinates, population) replace the base's, its aliases are
    added, and the base's own names keep pointing to the corrected entry. Such a row whose entry
    the base lacks is used on its own if it has coordinates, and skipped otherwise.

    Args:
        path: the base gazetteer CSV.
        extra: profile places.csv files, later files winning over earlier ones.
        prefer: ISO2 codes of the countries whose places win over bigger homonyms elsewhere.

    Returns:
        A dict from `fold(name)` to `Place`. It is cached per arguments: after editing a file,
        call `load_gazetteer.cache_clear()`.

    Example:
        >>> load_gazetteer()[fold("Kyiv")].country
        'UA'
    """
    corrections: dict[str, dict[str, str]] = {}
    own: list[dict[str, str]] = []
    for extra_path in extra:
        for row in _rows(extra_path):
            if row.get("geonameid"):
                corrections[row["geonameid"]] = row
            else:
                own.append(row)
    ranked: list[tuple[tuple[int, bool, bool, int], Place, list[str]]] = []
    for row in _rows(path):
        fix = corrections.pop(row["geonameid"], None) if row.get("geonameid") else None
        merged = {**row, **{k: v for k, v in (fix or {}).items() if v}}
        place, population = _place(merged)
        ranked.append((_rank(0, place, population, prefer), place, _names(row)))
        if fix is not None:
            ranked.append((_rank(1, place, population, prefer), place, _names(fix)))
    for row in own + [r for r in corrections.values() if r.get("lat") and r.get("lon")]:
        place, population = _place(row)
        ranked.append((_rank(1, place, population, prefer), place, _names(row)))
    ranked.sort(key=lambda item: item[0])  # stable: ties keep file order, later rows winning
    index: dict[str, Place] = {}
    for _, place, names in ranked:  # derived names first, so that any real name beats them
        for name in names:
            for key in _without_article(fold(name)):
                index[key] = place
    for _, place, names in ranked:
        for name in names:
            index[fold(name)] = place
    return index


def find_places(text: str, gazetteer: dict[str, Place] | None = None) -> list[PlaceMention]:
    """Gazetteer places named in `text`, longest match first within each capitalised run.

    Example:
        >>> [m.place.country for m in find_places("Shelling hit Sudzha and Kyiv.")]
        ['RU', 'UA']
    """
    index = gazetteer if gazetteer is not None else load_gazetteer()
    found: list[PlaceMention] = []
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[j - 1].end()
                start, place = _lookup(index, text, start, end)
                if place is not None:
                    found.append(PlaceMention(start, end, text[start:end], place))
                    i = j
                    break
            else:
                i += 1
    for m in _NAMED_PLACE.finditer(text):
        if not any(f.start <= m.start("name") < f.end for f in found):
            found.append(PlaceMention(m.start("name"), m.end("name"), m["name"], None))
    return sorted(found, key=lambda f: f.start)


def _lookup(index: dict[str, Place], text: str, start: int, end: int) -> tuple[int, Place | None]:
    """The entry for text[start:end]; failing that, for the span without a leading al-/el-."""
    place = index.get(fold(text[start:end]))
    if place is None:
        article = _LEADING_ARTICLE.match(text, start, end)
        if article is not None and article.end() < end:
            start = article.end()
            place = index.get(fold(text[start:end]))
    return start, place


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a gazetteer-shaped CSV; a row without a name or usable coordinates is an error
    naming the file and line."""
    for clean, where in read_csv(path, ("name",), columns=("aliases", "country")):
        if not clean.get("geonameid"):
            for col in ("lat", "lon"):
                try:
                    float(clean.get(col, ""))
                except ValueError:
                    problem = f"{clean.get(col)!r} is not a number of degrees"
                    line = int(where.rpartition(":")[2])
                    raise ProfileError(path, line, col, problem) from None
        yield clean


def _place(row: dict[str, str]) -> tuple[Place, int]:
    values = {k: row.get(k, "") for k in _PLACE_FIELDS}
    lat, lon = float(values["lat"] or 0.0), float(values["lon"] or 0.0)
    place = Place(values["name"], values["feature"], values["admin1"], values["country"], lat, lon)
    try:
        population = int(float(row.get("population") or 0))
    except ValueError:
        population = 0
    return place, population


def _rank(
    tier: int, place: Place, population: int, prefer: tuple[str, ...]
) -> tuple[int, bool, bool, int]:
    return (tier, place.feature == "country", place.country in prefer, population)


def _names(row: dict[str, str]) -> list[str]:
    return [n for n in [row["name"], *row.get("aliases", "").split("|")] if n.strip()]


_ARTICLES = frozenset(_ARTICLE.strip("(?:)-").split("|"))


def _without_article(key: str) -> list[str]:
    """'al fashir' -> ['fashir', 'el fashir'], 'an nusayrat' -> ['nusayrat']: the forms wire
    copy writes for an Arabic name, which GeoNames spells with its article."""
    head, _, rest = key.partition(" ")
    if head not in _ARTICLES or len(rest) < 4:
        return []
    if head in ("al", "el"):
        return [rest, ("el " if head == "al" else "al ") + rest]
    return [rest]
