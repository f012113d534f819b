"""Conflict profiles: a conflict's sides, names, places, event lexicon and briefing words, as data.

A profile is a folder `data/profiles/<name>/` holding `profile.yaml` (sides, names, area, map,
wording), optionally `lexicon.yaml` (event triggers added to the world's) and `places.csv`
(places beyond the base gazetteer). Under every profile lies the world layer, `data/world/`:
every country, well-known armed groups, international organisations, leaders, and the English
event lexicon. `load_profile("world")` is the world layer alone. data/profiles/README.md
documents the format; every mistake is reported with its file, line and field.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers import config
from helpers.datafiles import Spec, read_csv, read_yaml, split_cell
from helpers.errors import ProfileError
from helpers.lexicon import Lexicon, load_lexicon

WORLD = "world"
REPORTER = "reporter"
OTHER = "other"
# A colour for every side a profile does not colour itself: greys, so profile sides stand out.
_GREYS = ("#666666", "#999999", "#444444", "#BBBBBB")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
# The lists of names a side may hold, and the kind of name each holds.
_TERM_LISTS = {"names": "name", "people": "person", "bodies": "body", "forces": "force",
               "media": "media"}  # fmt: skip


@dataclass(frozen=True)
class Term:
    """A name that points to a side: as written, the side, and what kind of name it is."""

    text: str
    side: str
    kind: str  # country, demonym, capital, body, group, organisation, person, force, media, name
    title: str | None = None  # a person's title ("president"), for "the president said"
    ally: str | None = None  # the side a foreign force fights for (North Korean -> Russia)


@dataclass(frozen=True)
class Side:
    """One side the profile follows: its name and colour, in the profile's order."""

    name: str
    colour: str


@dataclass(frozen=True, eq=False)
class Profile:
    """A conflict profile over the world layer; `load_profile` builds and validates one."""

    name: str
    path: Path | None
    title: str
    wording: Mapping[str, str]
    sides: tuple[Side, ...]
    opponents: Mapping[str, tuple[str, ...]]
    allies: Mapping[str, str]
    countries: tuple[str, ...]
    map_extent: Mapping[str, tuple[float, float]]
    places_files: tuple[Path, ...]
    samples: tuple[Path, ...]
    terms: Mapping[str, Term]
    country_sides: Mapping[str, str]  # ISO2 code -> side name
    lexicon: Lexicon
    own_terms: frozenset[str] = field(default_factory=frozenset)  # names the profile itself adds
    held_by: Mapping[str, str] = field(default_factory=dict)  # place name -> the side holding it

    @property
    def side_names(self) -> list[str]:
        """The profile's sides, then `reporter` and `other`: the choices an analyst picks from."""
        return [s.name for s in self.sides] + [REPORTER, OTHER]

    def colour(self, side: str) -> str:
        """The chart colour of `side`: the profile's, else a grey that is stable per name."""
        for s in self.sides:
            if s.name == side:
                return s.colour
        return _GREYS[sum(map(ord, side)) % len(_GREYS)]

    def words(self, key: str, default: str = "") -> str:
        """A briefing word or phrase of this profile (`wording` in profile.yaml)."""
        return self.wording.get(key, default)

    def opposes(self, side: str) -> tuple[str, ...]:
        """The sides `side` fights against."""
        return self.opponents.get(side, ())

    def __repr__(self) -> str:
        return f"Profile({self.name!r}, sides={[s.name for s in self.sides]})"


def profiles_dir() -> Path:
    """Where shipped profiles live."""
    return config.PROFILES_DIR


def shipped() -> list[str]:
    """Names of the shipped profiles, sorted."""
    return sorted(p.parent.name for p in profiles_dir().glob("*/profile.yaml"))


def load_profile(name_or_path: str | Path | Profile = WORLD) -> Profile:
    """The profile named (a shipped name, a folder, or "world" for the world layer alone).

    Raises `ProfileError` naming the file, line and field of the first mistake found.

    Example:
        >>> p = load_profile("russia-ukraine")
        >>> p.side_names[:2], p.terms["Zelenskiy"].side, p.terms["Lebanese"].side
        (['Ukraine', 'Russia'], 'Ukraine', 'Lebanon')
    """
    if isinstance(name_or_path, Profile):
        return name_or_path
    return _load(str(name_or_path))


@lru_cache(maxsize=32)
def _load(key: str) -> Profile:
    if key == WORLD:
        return _world_profile()
    folder = Path(key)
    if not folder.is_dir():
        folder = profiles_dir() / key
    if not (folder / "profile.yaml").is_file():
        raise ProfileError(
            key, None, "name", f"no such profile; shipped: {', '.join(shipped())} (or a folder)"
        )
    return _build(folder.resolve())


# ---- the world layer --------------------------------------------------------------------------
@lru_cache(maxsize=1)
def world_terms() -> dict[str, Term]:
    """Every name of the world layer -> its term: countries, groups, organisations, people."""
    terms: dict[str, Term] = {}
    folder = config.WORLD_DIR
    for row, where in read_csv(folder / "countries.csv", ("iso2", "name")):
        side = row["name"]
        # `capital_aliases` holds the forms safe to match (empty for Victoria, Sofia, ...)
        for kind, cell in (("country", "name"), ("country", "aliases"), ("demonym", "demonyms"),
                           ("capital", "capital_aliases"), ("body", "bodies")):  # fmt: skip
            for text in split_cell(row.get(cell, "")):
                _put(terms, Term(text, side, kind), where)
    for fname, kind in (("groups.csv", "group"), ("organisations.csv", "organisation")):
        for row, where in read_csv(folder / fname, ("name",)):
            side = row.get("side") or row["name"]
            for text in [row["name"], *split_cell(row.get("aliases", ""))]:
                _put(terms, Term(text, side, kind), where)
    people = list(read_csv(folder / "people.csv", ("name", "side")))
    # a surname stands alone only where no other person's name holds that word ("Biden"; not
    # "Ahmed" of Abiy Ahmed and Ahmed al-Sharaa, nor "Aoun" of Joseph and Michel)
    words = Counter(w for name in {r["name"] for r, _ in people} for w in set(name.split()))
    for row, where in people:
        title = row.get("title") or None
        names = [row["name"], *split_cell(row.get("aliases", ""))]
        surname = _surname(row["name"])
        if surname and words[surname] == 1:
            names.append(surname)
        for text in names:
            _put(terms, Term(text, row["side"], "person", title), where)
    return terms


@lru_cache(maxsize=1)
def group_countries() -> dict[str, str]:
    """An armed group of the world layer -> the side of the country it fights in."""
    countries = world_countries()
    return {
        row["name"]: countries[row["country"]]
        for row, _ in read_csv(config.WORLD_DIR / "groups.csv", ("name",))
        if row.get("country") in countries
    }


@lru_cache(maxsize=1)
def world_countries() -> dict[str, str]:
    """ISO2 code -> the country's side name."""
    return {
        row["iso2"]: row["name"]
        for row, _ in read_csv(config.WORLD_DIR / "countries.csv", ("iso2", "name"))
    }


def _world_profile() -> Profile:
    return Profile(
        name=WORLD, path=None, title="World", wording={"conflict": "the conflicts reported",
        "deck_title": "Conflict events in wire reports"}, sides=(), opponents={}, allies={},
        countries=(), map_extent={}, places_files=(), samples=(), terms=world_terms(),
        country_sides=world_countries(), lexicon=load_lexicon(()),
    )  # fmt: skip


# ---- one profile -------------------------------------------------------------------------------
def _build(folder: Path) -> Profile:
    path = folder / "profile.yaml"
    doc = read_yaml(path)
    spec = Spec(path, doc)
    name = spec.text("name", default=folder.name)
    sides_spec = spec.mapping("sides")
    if not sides_spec:
        raise ProfileError(path, spec.line("sides"), "sides", "a profile needs at least one side")
    sides, merged, own = [], {}, {}
    for i, (side_name, body) in enumerate(sides_spec.items()):
        sub = spec.child("sides", side_name, body)
        colour = sub.text("colour", default=_GREYS[i % len(_GREYS)])
        if not _HEX.match(colour):
            raise ProfileError(path, sub.line("colour"), f"sides.{side_name}.colour",
                               f"{colour!r} is not a colour like '#0072B2'")  # fmt: skip
        sides.append(Side(side_name, colour))
        for world_side in [side_name, *sub.strings("includes")]:
            merged[world_side] = side_name
        for key, kind in _TERM_LISTS.items():
            for item, line in sub.items(key):
                for term in _side_terms(item, side_name, kind, path, line,
                                        f"sides.{side_name}.{key}"):  # fmt: skip
                    own[term.text] = term
    known = {s.name for s in sides} | set(world_terms_sides())
    allies = {}
    for ally, line in spec.pairs("allies"):
        fights_for = str(spec.mapping("allies")[ally])
        if fights_for not in known:
            raise ProfileError(path, line, f"allies.{ally}", f"{fights_for!r} is not a side")
        allies[ally] = fights_for
    opponents: dict[str, tuple[str, ...]] = {}
    for pair, line in spec.items("opponents"):
        if not isinstance(pair, list) or len(pair) != 2 or not all(p in known for p in pair):
            raise ProfileError(path, line, "opponents", f"{pair!r} is not a pair of sides")
        a, b = pair
        opponents[a] = (*opponents.get(a, ()), b)
        opponents[b] = (*opponents.get(b, ()), a)
    for item, line in spec.items("others"):
        for term in _side_terms(item, OTHER, "name", path, line, "others"):
            own[term.text] = term
    terms = _merge_terms(merged, own, allies)
    area = spec.child("area", "area", spec.raw("area"))
    countries = tuple(area.strings("countries"))
    held_by = {}
    for holder, _ in area.pairs("held_by"):
        if holder not in known:
            raise ProfileError(path, area.line_in("held_by", holder), f"area.held_by.{holder}",
                               f"{holder!r} is not a side")  # fmt: skip
        for place in area.child(
            "held_by", holder, {"names": area.mapping("held_by")[holder]}
        ).strings("names"):
            held_by[place] = holder
    return Profile(
        name=name,
        path=folder,
        title=spec.text("title", default=name),
        wording={k: str(v) for k, v in spec.mapping("wording").items()},
        sides=tuple(sides),
        opponents=opponents,
        allies=allies,
        countries=countries,
        map_extent=_extent(spec),
        places_files=tuple(p for p in [folder / "places.csv"] if p.is_file()),
        samples=tuple((folder / s).resolve() for s, _ in spec.items("samples")),
        terms=terms,
        country_sides={iso: merged.get(n, n) for iso, n in world_countries().items()},
        lexicon=load_lexicon(tuple(p for p in [folder / "lexicon.yaml"] if p.is_file())),
        own_terms=frozenset(own),
        held_by=held_by,
    )


def world_terms_sides() -> set[str]:
    """Every side name the world layer knows."""
    return {t.side for t in world_terms().values()}


def _merge_terms(
    merged: dict[str, str], own: dict[str, Term], allies: dict[str, str]
) -> dict[str, Term]:
    terms = {
        text: Term(t.text, merged.get(t.side, t.side), t.kind, t.title, allies.get(t.side))
        for text, t in world_terms().items()
    }
    terms.update(own)
    return terms


def _side_terms(item: Any, side: str, kind: str, path: Path, line: int | None,
                where: str) -> Iterator[Term]:  # fmt: skip
    """Terms of one list item: "Name|Alias|Alias", or {name, aliases, title} for a person."""
    if isinstance(item, str):
        names, title = split_cell(item), None
    elif isinstance(item, dict) and isinstance(item.get("name"), str):
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list):
            raise ProfileError(path, line, f"{where}.aliases", "should be a list of names")
        names, title = [item["name"], *map(str, aliases)], item.get("title")
    else:
        raise ProfileError(path, line, where, f"{item!r} should be a name or {{name: ...}}")
    if kind == "person":
        names = _person_names(names[0], names[1:])
    for text in names:
        yield Term(text, side, kind, str(title) if title else None)


def _surname(name: str) -> str | None:
    """The surname wire copy uses alone on a second mention, where it can be told: "Biden" of
    "Joe Biden"; none for "Lula da Silva" or "Mohammed bin Salman" (a particle before it)."""
    words = name.split()
    if len(words) < 2 or not words[-1][:1].isupper() or len(words[-1]) < 3:
        return None
    return None if words[-2][:1].islower() else words[-1]


def _person_names(name: str, aliases: Iterable[str]) -> list[str]:
    """A person's names: full name, aliases, and the surname alone (wire copy's second mention)."""
    names = [name, *aliases]
    surname = _surname(name)
    if surname:
        names.append(surname)
    return list(dict.fromkeys(n for n in names if n))


def _extent(spec: Spec) -> dict[str, tuple[float, float]]:
    area = spec.child("area", "area", spec.raw("area"))
    out = {}
    for axis in ("lat", "lon"):
        value = area.raw(axis)
        if value is None:
            continue
        if not (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, (int, float)) for v in value)
            and value[0] < value[1]
        ):
            raise ProfileError(spec.path, area.line(axis), f"area.{axis}",
                               f"{value!r} should be [low, high] in degrees")  # fmt: skip
        out[axis] = (float(value[0]), float(value[1]))
    return out


def _put(terms: dict[str, Term], term: Term, where: str) -> None:
    # The first row that names a term keeps it: tables are sorted, and clashes are documented.
    terms.setdefault(term.text, term)
