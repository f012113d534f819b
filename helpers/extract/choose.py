"""Which profile a story belongs to, and, with no profile, which sides it shows fighting."""

from __future__ import annotations

import csv
from collections import Counter
from functools import lru_cache
from typing import Any

from helpers.places import find_places, fold
from helpers.profile import OTHER, WORLD, Profile, Term, load_profile, shipped
from helpers.sides import SideMention, find_names, index_of

# A story must name a profile's warring sides or places this often before it is that profile's.
MIN_EVIDENCE = 3
LEAD_CHARS = 1200
_NOT_FIGHTING = ("organisation",)


@lru_cache(maxsize=1)
def _fighting_names() -> tuple[tuple[str, ...], Any]:
    """One index over every shipped profile: each name -> the (profile, warring side) pairs it
    names, kept in the term's side as "profile:side|...", so a story is read once, not once per
    profile."""
    names = shipped()
    owners: dict[str, list[str]] = {}
    for name in names:
        profile = load_profile(name)
        fighting = set(profile.opponents)
        for text, term in profile.terms.items():
            if term.side in fighting:
                owners.setdefault(text, []).append(f"{name}:{term.side}")
    terms = {t: Term(t, "|".join(o), "name") for t, o in owners.items()}
    return tuple(names), index_of(terms)


@lru_cache(maxsize=16)
def _own_places(name: str) -> frozenset[str]:
    """Folded names of the places a profile adds itself (its places.csv): its war's own ground."""
    own: set[str] = set()
    for path in load_profile(name).places_files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                own.update(fold(n) for n in [row["name"], *row.get("aliases", "").split("|")] if n)
    return frozenset(own)


def profile_scores(text: str) -> dict[str, int]:
    """For each shipped profile whose war the story shows (both sides of one of its opposing
    pairs named): how often it names those sides and the profile's places; others score 0."""
    names, index = _fighting_names()
    scores = dict.fromkeys(names, 0)
    named: dict[str, set[str]] = {name: set() for name in names}
    for mention in find_names(text, index):
        for owner in mention.side.split("|"):
            name, side = owner.split(":", 1)
            scores[name] += 1
            named[name].add(side)
    places = [p for p in find_places(text) if p.place is not None and p.place.feature != "country"]
    found = {fold(p.text) for p in places}
    for name in names:
        profile = load_profile(name)
        here = sum(p.place.country in profile.countries[:2] for p in places if p.place)
        # "Russian warplanes struck Aleppo" names Russia but not this war: it takes both sides of
        # one of its pairs, or one side and a place of the profile's own ("... near Sudzha")
        paired = any(o in named[name] for side in named[name] for o in profile.opposes(side))
        if not (paired or (named[name] and found & _own_places(name))):
            scores[name] = 0
            continue
        scores[name] += here
    return scores


def choose_profile(text: str) -> Profile:
    """The shipped profile whose war the story shows most (sides and places), else the world layer.

    The lead is read first (a story names its war early); the whole story only when the lead
    does not decide.
    """
    for part in (text[:LEAD_CHARS], text) if len(text) > LEAD_CHARS else (text,):
        scores = profile_scores(part)
        if scores:
            best = max(scores, key=lambda n: (scores[n], -sorted(scores).index(n)))
            if scores[best] >= MIN_EVIDENCE:
                return load_profile(best)
    return load_profile(WORLD)


def belligerents(named: list[list[SideMention]], top: int = 2) -> tuple[str, ...]:
    """The sides a story names most that are states or armed groups: who fights whom there
    (from the sides named in each of its sentences)."""
    counts = Counter(
        m.side for mentions in named for m in mentions
        if m.kind not in _NOT_FIGHTING and m.side != OTHER
    )  # fmt: skip
    return tuple(side for side, n in counts.most_common(top) if n >= 2)
