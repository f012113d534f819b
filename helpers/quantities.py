"""Quantities in a sentence: "Four missiles", "74 settlements", "26 to 28 km (16 to 17 miles)",
"more than 1,000 square kilometres", "thousands of soldiers" (vague: text kept, no number)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
    "dozen": 12,
}  # fmt: skip
_HINT_WORDS = (*_WORDS, "thousand", "hundred", "dozen", "scores")
_VAGUE = r"(?:tens\s+of\s+thousands|hundreds\s+of\s+thousands|thousands|hundreds|dozens|scores)"
_NUM = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True))
_QUAL = (
    r"(?:more\s+than|over|about|around|nearly|almost|some|at\s+least|up\s+to|roughly|"
    r"approximately|fewer\s+than|less\s+than|an\s+estimated)"
)
_UNITS_MULTI = (
    r"square\s+kilomet(?:re|er)s|square\s+miles|sq\s+km|sq\s+miles|km|kilomet(?:re|er)s|miles"
)
_STOP = {
    "of", "in", "on", "at", "to", "from", "for", "by", "with", "and", "or", "were", "was", "had",
    "have", "has", "are", "is", "be", "been", "that", "which", "who", "the", "a", "an", "into",
    "near", "across", "since", "after", "before", "while", "as", "than", "per", "said", "says",
}  # fmt: skip
_TIME_UNITS = {
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours",
    "minute", "minutes", "a.m.", "p.m.", "am", "pm", "times", "percent", "time",
}  # fmt: skip
_QUANTITY = re.compile(
    rf"(?P<qual>{_QUAL}\s+)?"
    rf"(?:\b(?P<vague>{_VAGUE})\s+of\s+|\b(?P<low>{_NUM})(?:\s*(?:to|-|–|and)\s*(?P<high>{_NUM}))?"
    rf"(?:\s+(?P<mult>million|thousand))?\s+)"
    rf"(?P<unit>(?:{_UNITS_MULTI})\b|[\w’'-]+(?:\s+[\w’'-]+){{0,3}})",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Quantity:
    """A quantity as written, with its number(s) where it has them."""

    start: int
    end: int
    text: str
    value: float | None
    high: float | None
    unit: str


def find_quantities(sentence: str) -> list[Quantity]:
    """Quantities of `sentence` in order; a conversion in brackets after one is not another."""
    lower = sentence.lower()
    if not any(c.isdigit() for c in sentence) and not any(w in lower for w in _HINT_WORDS):
        return []
    found: list[Quantity] = []
    pos = 0
    while (m := _QUANTITY.search(sentence, pos)) is not None:
        # a rejected match gives its words back: "one man and wounding three other people"
        pos = m.start("unit")
        quantity = _accept(sentence, m, found)
        if quantity is not None:
            found.append(quantity)
            pos = quantity.end
    return found


def _accept(sentence: str, m: re.Match[str], found: list[Quantity]) -> Quantity | None:
    """The quantity of one match, or None where the match is a date, a conversion or no amount."""
    if not (m["low"] or m["vague"]):
        return None
    if (
        m["low"]
        and not m["low"][0].isdigit()
        and sentence[m.end("low") :].lstrip().startswith("of")
    ):
        return None  # "one of the villages"
    if _MONTH_BEFORE.search(sentence[: m.start()]) or _is_year(m["low"]):
        return None  # a date, not an amount
    if found and sentence[found[-1].end : m.start()].strip() == "(":
        return None  # "26 to 28 km (16 to 17 miles)": the bracket converts, it adds nothing
    unit_words = _unit_words(m["unit"])
    if not unit_words and m["mult"] and re.match(r"(?:were|have|had|are|was|people)\b", m["unit"]):
        unit_words = ["people"]  # "1.2 million were forced from their homes": people, unsaid
        end = m.end("mult")
        value = _number(m["low"], m["mult"]) if m["low"] else None
        return Quantity(m.start(), end, sentence[m.start() : end], value, None, "people")
    if not unit_words or unit_words[-1].lower() in _TIME_UNITS:
        return None
    if (
        m["low"]
        and not m["low"][0].isdigit()
        and not _plural(unit_words[-1])
        and not (m["low"].lower() == "one" and unit_words[-1].lower() in _ONE_PERSON)
    ):
        return None  # "One wrote": a number word needs a plural noun after it ("one man" is one)
    unit = " ".join(unit_words)
    if not re.fullmatch(_UNITS_MULTI, unit, re.IGNORECASE):
        unit = unit_words[-1]
    end = m.start("unit") + m["unit"].find(unit_words[-1]) + len(unit_words[-1])
    start = m.start()
    value = _number(m["low"], m["mult"]) if m["low"] else None
    high = _number(m["high"], m["mult"]) if m["high"] else None
    return Quantity(start, end, sentence[start:end], value, high, unit.lower())


def _unit_words(phrase: str) -> list[str]:
    if re.match(_UNITS_MULTI, phrase, re.IGNORECASE):
        return [re.match(_UNITS_MULTI, phrase, re.IGNORECASE).group()]  # type: ignore[union-attr]
    words: list[str] = []
    for word in phrase.split():
        clean = word.strip("’'").rstrip(",.;:")
        if clean.lower() in _STOP or not clean or clean[0].isdigit():
            break
        if "-" not in clean and clean.lower().endswith(("ed", "ing")) and words:
            break  # a verb: "soldiers launched"
        words.append(clean)
        if word != clean and word.endswith((",", ".", ";", ":")):
            break
        if _plural(clean) and len(clean) > 3:
            break  # a plural noun ends the unit: "Ukraine-launched missiles"
    return words


# English plurals without an s that wire copy counts: "six people", "three children".
_IRREGULAR_PLURALS = {"people", "children", "men", "women", "police", "personnel", "staff", "crew",
                      "militia", "cattle", "aircraft"}  # fmt: skip

_ONE_PERSON = {
    "man", "woman", "child", "person", "soldier", "civilian", "officer", "fighter", "sailor",
    "resident", "girl", "boy", "journalist", "serviceman", "paramedic",
}  # fmt: skip


def _plural(word: str) -> bool:
    lower = word.lower()
    return lower.endswith("s") or lower in _IRREGULAR_PLURALS


def _is_year(value: str | None) -> bool:
    return bool(value) and bool(re.fullmatch(r"(?:19|20)\d\d", value or ""))


def _number(text: str, mult: str | None) -> float:
    base = float(text.replace(",", "")) if text[0].isdigit() else float(_WORDS[text.lower()])
    return base * {"million": 1e6, "thousand": 1e3}.get((mult or "").lower(), 1)
