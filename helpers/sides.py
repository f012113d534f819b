"""Who is on which side: names, titles and places mapped to Ukraine, Russia, United States, other.

The lexicon is this conflict's profile; another conflict swaps in its own `SIDE_TERMS`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SIDE_TERMS: dict[str, tuple[str, ...]] = {
    "Ukraine": (
        "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Zelenskiy", "Zelenskyy",
        "Zelensky", "Syrskyi", "Syrsky", "Umerov", "Kuleba", "Sybiha", "Yermak", "Podolyak",
        "Budanov", "Zaluzhnyi", "Kovalenko", "SBU", "GUR", "Ukrenergo", "Naftogaz",
    ),
    "Russia": (
        "Russia", "Russian", "Russians", "Moscow", "Kremlin", "Putin", "Peskov", "Gerasimov",
        "Shoigu", "Belousov", "Lavrov", "Zakharova", "Smirnov", "Khinshtein", "Gladkov",
        "Bogomaz", "Rybar", "Medvedev", "Kadyrov", "Alaudinov", "TASS", "RIA", "Akhmat",
        "Wagner", "pro-war", "pro-Kremlin", "Pro-war", "Pro-Kremlin", "FSB", "Rosgvardia",
        "Rosatom", "Gazprom", "National Anti-Terrorism Committee", "Duma",
    ),
    "United States": (
        "U.S.", "US", "United States", "Washington", "White House", "Pentagon",
        "State Department", "Biden", "Blinken", "Austin", "Kirby", "Sullivan", "Trump", "Rubio",
        "Vance", "Hegseth", "Witkoff", "American", "Americans",
    ),
    "other": (
        "NATO", "Rutte", "Stoltenberg", "IAEA", "Grossi", "United Nations", "UN", "U.N.", "EU",
        "Western", "West",
        "European Union", "Britain", "British", "UK", "London", "France", "French", "Germany",
        "German", "China", "Chinese", "Beijing", "Belarus", "Lukashenko", "South Korea",
        "South Korean", "Seoul", "North Korea", "North Korean", "North Koreans", "Pyongyang",
        "Kim Jong Un", "Poland", "Turkey", "Erdogan",
    ),
}  # fmt: skip

# Forces that fight for a side without being its nationals.
ALLIES: dict[str, str] = {"North Korean": "Russia", "North Koreans": "Russia"}
COUNTRY_SIDES: dict[str, str] = {"UA": "Ukraine", "RU": "Russia", "US": "United States"}
OPPOSITE: dict[str, str] = {"Ukraine": "Russia", "Russia": "Ukraine"}

_TERMS = sorted(
    ((term, side) for side, terms in SIDE_TERMS.items() for term in terms),
    key=lambda ts: -len(ts[0]),
)
_SIDE_BY_TERM = dict(_TERMS)
_PATTERN = re.compile(
    r"(?<![\w.-])(?:" + "|".join(re.escape(t) for t, _ in _TERMS) + r")(?:’s|'s)?(?![\w-])"
)
# Ukraine-launched, Russian-made, Kyiv-backed: the attribute names the side that acted.
_COMPOUND = re.compile(r"\b(Ukraine|Ukrainian|Russia|Russian|Kyiv|Moscow)-(?:launched|fired|made)")


@dataclass(frozen=True)
class SideMention:
    """A side named in text: where, as written, and which side."""

    start: int
    end: int
    text: str
    side: str
    ally: str | None = None  # the side a foreign force fights for, e.g. North Korean -> Russia


def find_sides(text: str) -> list[SideMention]:
    """Every side named in `text`, in order."""
    found = []
    for m in _PATTERN.finditer(text):
        term = re.sub(r"(?:’s|'s)$", "", m.group())
        found.append(
            SideMention(m.start(), m.end(), m.group(), _SIDE_BY_TERM[term], ALLIES.get(term))
        )
    for m in _COMPOUND.finditer(text):
        term = m.group(1)
        found = [f for f in found if f.start != m.start()]
        found.append(SideMention(m.start(), m.end(), m.group(), _SIDE_BY_TERM[term]))
    return sorted(found, key=lambda s: s.start)


def side_of(text: str) -> str | None:
    """The side named first in `text`; "other" for a joint source ("Ukrainian and Western")."""
    mentions = find_sides(text)
    if not mentions:
        return None
    if len({m.side for m in mentions}) > 1 and re.search(r"\band\b", text):
        return "other"
    return mentions[0].side
