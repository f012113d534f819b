"""Place names in text, looked up in the offline gazetteer (`data/gazetteer.csv`).

Matching is by capitalised word runs against names and aliases, folded for case, apostrophes
and ё; "Kursk region" and "the Kursk region" find the region entry. A capitalised name that is not
in the gazetteer is not guessed at here; the extractor keeps unknown names as text itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import config

GAZETTEER = config.DATA_DIR / "gazetteer.csv"
_RUN = re.compile(
    r"[A-ZА-ЯЁІЇЄ][\w’'ʼ-]*(?:\s+(?:(?:region|oblast|province|district)\b|[A-ZА-ЯЁІЇЄ][\w’'ʼ-]*))*"
)
_MAX_WORDS = 4
# Names the gazetteer lacks are still places when the text says so: "the village of Veseloye".
_NAMED_PLACE = re.compile(
    r"\b(?:village|town|city|settlement|hamlet|district|region)s?\s+of\s+"
    r"(?P<name>[A-ZА-ЯЁ][\w’'-]+(?:\s+[A-ZА-ЯЁ][\w’'-]+)?)"
)


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


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = GAZETTEER) -> dict[str, Place]:
    """Folded name or alias -> entry; where two entries share a name, the bigger place wins."""
    table = pd.read_csv(path, dtype={"geonameid": "str"}, keep_default_na=False)
    table = table.sort_values("population", ascending=True, kind="stable")
    index: dict[str, Place] = {}
    for row in table.itertuples(index=False):
        place = Place(row.name, row.feature, row.admin1, row.country, row.lat, row.lon)
        for alias in [row.name, *str(row.aliases).split("|")]:
            if alias.strip():
                index[fold(alias)] = place  # later (bigger) rows overwrite smaller homonyms
    return index


def find_places(text: str, gazetteer: dict[str, Place] | None = None) -> list[PlaceMention]:
    """Gazetteer places named in `text`, longest match first within each capitalised run."""
    index = gazetteer if gazetteer is not None else load_gazetteer()
    found: list[PlaceMention] = []
    for run in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + _MAX_WORDS), i, -1):
                start = run.start() + words[i].start()
                end = run.start() + words[j - 1].end()
                place = index.get(fold(text[start:end]))
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
