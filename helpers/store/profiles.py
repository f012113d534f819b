"""The conflict profile a workbook follows: what the file records of it, the profile an "auto"
workbook shows, and the sides a tag may name."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path

from helpers.profile import WORLD, Profile, load_profile, profiles_dir, shipped

AUTO = "auto"  # no fixed profile: each story is extracted with the profile it names most
# An "auto" workbook shows the shipped profile whose sides its events name at least this often.
_MIN_SIDE_EVIDENCE = 3
ProfileArg = str | Path | Profile


def profile_record(profile: ProfileArg) -> tuple[str, str | None]:
    """What a workbook records of a profile: its name, and its folder unless it is shipped."""
    if isinstance(profile, str) and profile == AUTO:
        return AUTO, None
    loaded = load_profile(profile)  # a mistake in the profile is reported here, before writing
    if loaded.path is None:
        return WORLD, None
    folder = loaded.path.resolve()
    if folder.parent == profiles_dir().resolve() and folder.name in shipped():
        return folder.name, None
    return loaded.name, str(folder)


def most_named_profile(counts: Counter[str]) -> Profile:
    """The shipped profile whose own sides the counted sides name most, else the world's."""
    best, score = load_profile(WORLD), _MIN_SIDE_EVIDENCE - 1
    for name in shipped():
        candidate = load_profile(name)
        named = sum(counts[s.name] for s in candidate.sides)
        if named > score:
            best, score = candidate, named
    return best


def known_sides(profile_name: str, shown: Profile, in_use: set[str]) -> set[str]:
    """Every side a tag may name: the profile's (all shipped ones for "auto"), the world
    layer's, and those the workbook's events already name."""
    profiles = [load_profile(n) for n in shipped()] if profile_name == AUTO else []
    known: set[str] = set().union(*(sides_of(p) for p in [shown, *profiles]))
    return known | in_use


@lru_cache(maxsize=16)
def sides_of(profile: Profile) -> frozenset[str]:
    """A profile's sides and the side of each of its names (the world layer's included)."""
    return frozenset(profile.side_names) | {t.side for t in profile.terms.values()}
