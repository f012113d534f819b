"""Date phrases in a sentence, resolved against the story's date.

Weekdays and relative phrases ("early Wednesday", "overnight", "last week", "a week after") follow
rules of ours, measured to be needed (DESIGN.md): a weekday is the most recent such day, the
story's own day included. Absolute forms ("Aug. 6", "6 August 2024") go to dateparser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_FULL_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_PRECISION = {"day": "day", "week": "week", "month": "month", "year": "year"}

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "offset",
        re.compile(
            r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)"
            r"\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>after|before|later|earlier|ago)\b",
            re.I,
        ),
    ),
    (
        "absolute_md",
        re.compile(
            rf"\b(?P<text>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?)\b",
            re.I,
        ),
    ),
    (
        "absolute_dm",
        re.compile(
            rf"\b(?P<text>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?(?:,?\s+(?P<year>\d{{4}}))?)\b",
            re.I,
        ),
    ),
    ("iso", re.compile(r"\b(?P<text>(?P<year>20\d\d)-\d\d-\d\d)\b")),
    (
        "month",
        re.compile(
            rf"\b(?:in|since|during|until|by|from|of|early|late|mid-?)\s+(?:early\s+|late\s+)?"
            rf"(?P<month>{_FULL_MONTHS})(?:\s+(?P<year>\d{{4}}))?\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<mod>last|this|early|late|early on|late on|on|by|since|until)\s+)?"
            r"(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "overnight",
        re.compile(
            r"\b(?:overnight|last night|tonight|this morning|"
            r"(?:over|in|during)\s+the\s+(?:past|last)\s+(?:day|24\s+hours|twenty-four\s+hours))\b",
            re.I,
        ),
    ),
    (
        "later",
        re.compile(r"\b(?:hours|minutes)\s+(?:later|earlier)\b|\blater\s+that\s+day\b", re.I),
    ),
    (
        # "in the early hours", "in the evening": a time of the day the sentence is about
        "later",
        re.compile(
            r"\b(?:in\s+the\s+(?:early\s+hours|(?:early\s+|late\s+)?(?:morning|afternoon|evening))|"
            r"during\s+the\s+night|(?:at|before)\s+dawn)\b",
            re.I,
        ),
    ),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\btoday\b", re.I)),
    (
        "period",
        re.compile(
            r"\b(?P<which>last|this|earlier this|past)\s+(?P<unit>week|month|year)(?:end)?\b", re.I
        ),
    ),
    ("year", re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b", re.I)),
]


# A date inside "since the war broke out on ..." or "..., which began in ...": the start of
# what the sentence measures from, not the day of its event.
_BACKGROUND = re.compile(
    r"(?:\bsince\s+(?:[\w’'-]+\s+){1,7}|\b(?:which|that|when)\s+(?:[\w’'-]+\s+){0,4}?"
    r"(?:broke\s+out|began|started|erupted)\s+(?:[\w’'-]+\s+){0,3})(?:on|in)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase found in a sentence: where, what it says and, if resolvable, the day."""

    start: int
    end: int
    text: str
    kind: str
    day: date | None
    precision: str | None


# Every date phrase holds one of these; most sentences hold none, and skip the patterns.
_HINTS = (
    "hours", "minutes", "day", "week", "month", "year", "night", "morning", "ago", "later",
    "evening", "afternoon", "dawn",
    "earlier", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    "20", "19",
)  # fmt: skip


def find_dates(sentence: str, story_day: date | None) -> list[DatePhrase]:
    """Date phrases of `sentence` in order, resolved against `story_day` (None: unresolved)."""
    lower = sentence.lower()
    if not any(hint in lower for hint in _HINTS):
        return []
    found: list[tuple[int, int, str, re.Match[str]]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue  # a longer phrase already covers it ("Aug. 6" inside "a week after")
            taken.append((m.start(), m.end()))
            found.append((m.start(), m.end(), kind, m))
    found.sort()
    phrases: list[DatePhrase] = []
    for start, end, kind, m in found:
        anchor = next((p.day for p in reversed(phrases) if p.day is not None), story_day)
        day, precision = _resolve(kind, m, story_day, anchor)
        if (
            re.search(r"\bsince\s*$", sentence[:start], re.I)
            or m.group().lower().startswith("since")
            or _BACKGROUND.search(sentence[:start])
        ):
            kind, day = "since", None  # the start of a period, not the day something happened
        elif re.search(r"\b(?:until|till)\s*$", sentence[:start], re.I) or re.match(
            r"(?:until|till)\b", m.group(), re.I
        ):
            kind, day = "until", None  # "flights suspended until May 11": when it ends
        phrases.append(DatePhrase(start, end, m.group(), kind, day, precision))
    return phrases


def _resolve(
    kind: str, m: re.Match[str], story: date | None, anchor: date | None
) -> tuple[date | None, str | None]:
    if kind == "weekday":
        if story is None:
            return None, "day"
        wanted = _WEEKDAYS.index(m["day"].lower())
        back = (story.weekday() - wanted) % 7
        if m["mod"] and m["mod"].lower() == "last" and back == 0:
            back = 7
        return story - timedelta(days=back), "day"
    if kind in ("overnight", "today"):
        return story, "day"
    if kind == "later":  # "hours later": the day of the phrase before, else the story's
        return anchor, "day"
    if kind == "yesterday":
        return (story - timedelta(days=1) if story else None), "day"
    if kind == "offset":
        base = story if m["dir"].lower() == "ago" else anchor
        if base is None:
            return None, None
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
        days = n * _UNIT_DAYS[m["unit"].lower()]
        # "A, a week after B": B is a week before A. "a week later": after the anchor.
        sign = 1 if m["dir"].lower() in ("before", "later") else -1
        unit = m["unit"].lower()
        # "a week after" is about a week: its precision is the unit it counts in
        return base + timedelta(days=sign * days), _PRECISION["day" if unit == "day" else unit]
    if kind == "period":
        if story is None:
            return None, m["unit"].lower()
        unit = m["unit"].lower()
        if unit != "week" and m["which"].lower() != "last":
            return None, unit  # "earlier this month": a month, no day in it
        back = {"week": 7, "month": 30, "year": 365}[unit] if m["which"].lower() == "last" else 0
        return story - timedelta(days=back), unit
    if kind == "year":
        return date(int(m["year"]), 1, 1), "year"
    if kind == "month":
        return _absolute(m.group("month") + (f" {m['year']}" if m["year"] else ""), story), "month"
    return _absolute(m["text"], story), "day"


def _absolute(text: str, story: date | None) -> date | None:
    has_year = bool(re.search(r"\d{4}", text))
    if story is None and not has_year:
        return None
    return _dateparse(text.replace(".", ""), story)


@lru_cache(maxsize=4096)
def _dateparse(text: str, story: date | None) -> date | None:
    from datetime import datetime

    import dateparser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if story is not None:
        settings["RELATIVE_BASE"] = datetime(story.year, story.month, story.day, 23, 59)
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None
