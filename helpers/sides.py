"""Who is on which side: the names of a profile (and the world layer under it) found in text.

Names are looked up word by word in the profile's term index (longest name first), so a world
of several thousand names costs a few dictionary look-ups per word. "Kyiv-backed",
"X-launched" and "X-run" name the side before the hyphen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from helpers.profile import OTHER, Profile, Term

_TOKEN = re.compile(r"[^\s,;:!?()\[\]“”\"]+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
# An attribute after a hyphen that makes a side's name into "made, sent or run by that side".
_COMPOUND = re.compile(
    r"^(?P<name>.+?)-(?:launched|fired|made|backed|led|run|controlled|held|supplied|built|"
    r"aligned|allied|affiliated|appointed|installed|based)$"
)


_PLACE_NAMES = ("country", "demonym", "capital")


@dataclass(frozen=True)
class SideMention:
    """A side named in text: where, as written, which side, and what kind of name it is."""

    start: int
    end: int
    text: str
    side: str
    ally: str | None = None  # the side a foreign force fights for, e.g. North Korean -> Russia
    kind: str = "name"
    title: str | None = None


@dataclass(frozen=True, eq=False)
class _Index:
    terms: dict[str, Term]
    folded: dict[str, Term]  # names of several words, lower case: "Gaza's Civil Defense"
    prefixes: frozenset[str]  # every run of leading words of a name (and lower case), to stop early
    first: frozenset[str]  # the first word of every name, as written
    after_the: frozenset[str]  # second words of names that open with "the" ("the army")
    longest: int


def _norm(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=32)
def _index(profile: Profile) -> _Index:
    return index_of(profile.terms)


def index_of(names: Mapping[str, Term]) -> _Index:
    """A look-up index over names (a profile's, or any table of terms)."""
    terms: dict[str, Term] = {}
    for text, term in names.items():
        key = _norm(text)
        terms[key] = term
        if key[:1].islower():  # "pro-war" opens a sentence as "Pro-war"
            terms.setdefault(key[:1].upper() + key[1:], term)
    prefixes = set()
    first: set[str] = set()
    after_the: set[str] = set()
    folded: dict[str, Term] = {}
    longest = 1
    for key, term in terms.items():
        words = key.split()
        longest = max(longest, len(words))
        first.add(words[0])
        if words[0] in ("the", "The") and len(words) > 1:
            after_the.update((words[1], words[1].lower()))
        if len(words) > 1:
            folded.setdefault(key.lower(), term)
        for n in range(1, len(words)):
            prefixes.add(" ".join(words[:n]))
            prefixes.add(" ".join(words[:n]).lower())
    return _Index(terms, folded, frozenset(prefixes), frozenset(first), frozenset(after_the),
                  longest)  # fmt: skip


def find_sides(text: str, profile: Profile) -> list[SideMention]:
    """Every side named in `text`, in order, by the names of `profile` and the world layer."""
    if len(text) > _CACHED_UP_TO:
        return find_names(text, _index(profile))
    return list(_cached_sides(text, profile))


_CACHED_UP_TO = 120  # speakers' names recur; whole sentences do not


@lru_cache(maxsize=8192)
def _cached_sides(text: str, profile: Profile) -> tuple[SideMention, ...]:
    # speakers ("the ministry", "Zelenskiy") recur from sentence to sentence and story to story
    return tuple(find_names(text, _index(profile)))


def find_names(text: str, index: _Index) -> list[SideMention]:
    """Every name of `index` found in `text`, longest first where two overlap, in order."""
    norm = _norm(text)
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(norm)]
    words = [norm[start:end] for start, end in tokens]
    hits = [
        h for i, word in enumerate(words)
        if _may_start(word, index)
        and (word not in ("the", "The") or _names_after_the(words, i, index))
        and (h := _longest_at(norm, tokens, i, index))
    ]  # fmt: skip
    # the longest name wins where two overlap: "the Sudan Doctors Network" is not "the Sudan"
    hits.sort(key=lambda h: (-(h[2] - h[1]), h[1]))
    taken: list[tuple[int, int]] = []
    found: list[SideMention] = []
    for _, start, end, term in hits:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.append(SideMention(start, end, text[start:end], term.side, term.ally, term.kind,
                                 term.title))  # fmt: skip
    return sorted((m for m in found if not _inside_a_persons_name(text, m, taken)),
                  key=lambda m: m.start)  # fmt: skip


_NAME_WORD = re.compile(r"([A-Z][a-zà-ÿ]+)\s+$")
_NOT_NAMES = {"The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "And", "But", "Of",
              "Sunni", "Shia", "Shiite", "Islamist", "Militant", "Rebel"}  # fmt: skip


def _inside_a_persons_name(text: str, m: SideMention, taken: list[tuple[int, int]]) -> bool:
    """True for a group's name that ends a person's ("Foreign Minister Therese Kayikwamba
    Wagner"): two capitalised words before it that are no names of sides themselves."""
    if m.kind != "group":
        return False
    end = m.start
    for _ in range(2):
        word = _NAME_WORD.search(text[:end])
        if word is None or word[1] in _NOT_NAMES or any(s <= word.start() < e for s, e in taken):
            return False
        end = word.start()
    return True


def _may_start(token: str, index: _Index) -> bool:
    """A cheap test: can a name start with this word? Most words of a story cannot."""
    return token in index.first or "-" in token or _bare(token) in index.first


def _names_after_the(words: list[str], i: int, index: _Index) -> bool:
    """True where "the" at `i` may open a name: the next word is one of such names' second words."""
    return i + 1 < len(words) and _bare(words[i + 1]) in index.after_the


def _bare(token: str) -> str:
    """A word without a closing full stop or possessive: "Russia's" -> "Russia"."""
    bare = token.rstrip(".")
    if bare.endswith("'s"):
        return bare[:-2]
    return bare[:-1] if bare.endswith("'") else bare


def _longest_at(
    norm: str, tokens: list[tuple[int, int]], i: int, index: _Index
) -> tuple[int, int, int, Term] | None:
    """The longest name starting at token `i`: (tokens used, start, end, term)."""
    start = tokens[i][0]
    best = None
    for n in range(1, min(index.longest, len(tokens) - i) + 1):
        end = tokens[i + n - 1][1]
        phrase = norm[start:end]
        for candidate, _ in _variants(phrase):
            term = index.terms.get(candidate) or (
                index.folded.get(candidate.lower()) if n > 1 else None
            )
            if term is not None:
                # a full stop that ends the sentence is no part of the name ("the Pentagon.")
                trimmed = end - 1 if phrase.endswith(".") and not candidate.endswith(".") else end
                best = (n, start, trimmed, term)
                break
        else:
            if n == 1 and "-" in phrase:
                compound = _COMPOUND.match(phrase.rstrip("."))
                term = index.terms.get(compound["name"]) if compound else None
                if term is not None:
                    best = (1, start, end, term)
        if not any(
            c in index.prefixes or c.lower() in index.prefixes for c, _ in _variants(phrase)
        ):
            break
    return best


def _variants(phrase: str) -> list[tuple[str, int]]:
    """The phrase as written, then without a trailing full stop, possessive or both."""
    out = [(phrase, 0)]
    bare = phrase.rstrip(".")
    if bare != phrase:
        out.append((bare, 0))
    stripped = _POSSESSIVE.sub("", bare)
    if stripped != bare:
        out.append((stripped, 0))
    return out


def side_of(text: str, profile: Profile) -> str | None:
    """The side named first in `text`; "other" for a joint source ("Ukrainian and Western")."""
    mentions = find_sides(text, profile)
    if not mentions:
        return None
    if len({m.side for m in mentions}) > 1 and re.search(r"\band\b", text):
        return OTHER
    # "Sudan's paramilitary Rapid Support Forces": the group, not the country it is based in
    specific = [m for m in mentions if m.kind not in (*_PLACE_NAMES, "person")]
    return (specific or mentions)[0].side
