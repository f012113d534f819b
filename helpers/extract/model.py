"""The event model's parts: clauses, triggers, attributions and the story being read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from helpers.places import Place, load_gazetteer
from helpers.profile import Profile

# Confidence of a suggestion: a base, plus a weight for each field the rules could fill.
BASE_CONFIDENCE = 0.55
WEIGHT_ATTRIBUTED = 0.10
WEIGHT_DATED = 0.10
WEIGHT_PLACED = 0.10
WEIGHT_COUNTED = 0.05
PENALTY_STATEMENT = 0.15
MAX_CONFIDENCE = 0.95

# Where a sentence splits into clauses: semicolons, dashes, and a comma or "and" before a word
# that opens a clause of its own.
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+—\s+|,\s+(?=(?:as|while|although|though|but|whereas|after|before|when|since|"
    r"because|even\s+as|which|who|where|giving|leaving|forcing|killing|striking|including|"
    r"wounding|injuring|destroying|damaging|sending|prompting|"
    r"(?:a|an|one|two|three|four|five|six|seven|\d+)\s+(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier))\b)|\s+(?=(?:while|since)\s)|,?\s+and\s+(?=that\b|"
    r"(?:the|its|their|it|they|[A-Z])(?:(?!\bthat\b)[^,]){0,60}?\b(?:were|was|had|have|has|said)\b)"
)


@dataclass
class Clause:
    """A stretch of a sentence that holds one claim: offsets in the sentence and its text."""

    start: int
    end: int
    text: str


@dataclass
class Trigger:
    """The phrase that gave an event its type, with its start inside the clause."""

    start: int
    text: str  # empty for statements and list items


@dataclass
class Attribution:
    """Who claims what in a sentence: their words as written, their side, and where they claim."""

    who: str
    side: str
    start: int  # span of the attribution phrase in the sentence
    end: int
    trailing: bool  # the claim comes before it ("..., X said.")
    inherited: bool = False
    verb: str = ""
    embedded: bool = False  # "the town that Ukraine's army says it has captured"
    scope_end: int = 10**9  # a leading attribution covers its own clause and what continues it
    pointed: bool = False  # the speaker is a pronoun that points back ("he said")
    told_side: str | None = None  # the side of the outlet an unnamed source spoke to


@dataclass
class Story:
    """What the reader knows about the story so far, sentence after sentence."""

    article_id: str
    text: str
    day: date | None
    date_basis: str  # where `day` came from: published, dateline or none
    outlet: str
    caveat: str | None
    profile: Profile
    agency_name: str | None = None  # the outlet's name as the page gives it, beside the agency
    last_type: str | None = None
    home: str | None = None  # the side of the dateline's country
    sides_by_head: dict[str, str] = field(default_factory=dict)  # "ministry" -> its side
    named: list[Attribution] = field(default_factory=list)  # speakers named so far, in order
    speakers: dict[str, str] = field(default_factory=dict)  # a speaker's title -> who
    # with no profile: the sides the story names most
    belligerents: tuple[str, ...] = ()
    # the armed group and the person named last: "the group's spokesman", "he said"
    last_group: str | None = None
    last_person: tuple[str, str] | None = None  # (as written, side)
    mentioned_heads: dict[str, str] = field(default_factory=dict)  # "army" -> whose army
    named_sides: set[str] = field(default_factory=set)  # every side the story names
    seen: int = 0  # sentences read so far
    last_body: tuple[str, str, int] | None = None  # (as written, side, sentence) of a body named


def gazetteer_for(profile: Profile) -> dict[str, Place]:
    """The gazetteer as the profile sees it: its own places first, homonyms toward its area."""
    return load_gazetteer(extra=profile.places_files, prefer=profile.countries)


def clauses_of(sentence: str) -> list[Clause]:
    """The clauses of a sentence, in order; together they cover it."""
    clauses, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.start() > start:
            clauses.append(Clause(start, m.start(), sentence[start : m.start()]))
        start = m.end() if m.group().strip() in (";", "—") else m.start()
    clauses.append(Clause(start, len(sentence), sentence[start:]))
    return [c for c in clauses if c.text.strip()]


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    """True where `pos` falls in one of `spans`."""
    return any(s <= pos < e for s, e in spans)
