"""Which profile a story belongs to, and, with no profile, which sides it shows fighting."""

from __future__ import annotations

from collections import Counter

from helpers.places import find_places
from helpers.profile import OTHER, WORLD, Profile, load_profile, shipped
from helpers.sides import find_sides

# A story must name a profile's warring sides or places this often before it is that profile's.
MIN_EVIDENCE = 3
_NOT_FIGHTING = ("organisation",)


def profile_scores(text: str) -> dict[str, int]:
    """For each shipped profile: how often the story names its warring sides and its places."""
    scores = {}
    places = find_places(text)
    for name in shipped():
        profile = load_profile(name)
        fighting = set(profile.opponents)
        sides = sum(m.side in fighting for m in find_sides(text, profile))
        own = sum(
            p.place is not None and p.place.country in profile.countries[:2] for p in places
        )
        scores[name] = sides + own
    return scores


def choose_profile(text: str) -> Profile:
    """The shipped profile the story names most (sides and places), else the world layer."""
    scores = profile_scores(text)
    if scores:
        best = max(scores, key=lambda n: (scores[n], -sorted(scores).index(n)))
        if scores[best] >= MIN_EVIDENCE:
            return load_profile(best)
    return load_profile(WORLD)


def belligerents(text: str, profile: Profile, top: int = 2) -> tuple[str, ...]:
    """The sides a story names most that are states or armed groups: who fights whom there."""
    counts = Counter(
        m.side for m in find_sides(text, profile)
        if m.kind not in _NOT_FIGHTING and m.side != OTHER
    )  # fmt: skip
    return tuple(side for side, n in counts.most_common(top) if n >= 2)
