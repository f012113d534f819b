"""Conflict profiles: a conflict's sides, names, places, event lexicon and briefing words, as data.

A profile is a folder `data/profiles/<name>/` holding `profile.yaml` (sides, names, area, map,
wording), optionally `lexicon.yaml` (event triggers added to the world's) and `places.csv`
(places beyond the base gazetteer). Under every profile lies the world layer, `data/world/`:
every country, well-known armed groups, international organisations, leaders, and the English
event lexicon. `load_profile("world")` is the world layer alone. data/profiles/README.md
documents the format; every mistake is reported with its file, line and field.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from helpers import config
from helpers.errors import ProfileError

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


@dataclass(frozen=True)
class EventType:
    """One event type of the lexicon: its trigger pattern, pre-filter stems and ACLED codes."""

    name: str
    pattern: re.Pattern[str]
    stems: tuple[str, ...]
    acled: tuple[str, str]
    battlefield: bool
    acled_when: tuple[tuple[re.Pattern[str], tuple[str, str]], ...] = ()

    @property
    def stems_pattern(self) -> re.Pattern[str]:
        """One expression for the stems: a sentence without a match skips the trigger pattern."""
        return _stems_pattern(self.stems)

    def acled_for(self, trigger: str) -> tuple[str, str]:
        """ACLED event and sub-event type for a trigger phrase of this type."""
        for pattern, codes in self.acled_when:
            if pattern.search(trigger):
                return codes
        return self.acled


@dataclass(frozen=True)
class Lexicon:
    """The event-type lexicon (triggers per type) and the speech verbs of attribution."""

    types: Mapping[str, EventType]
    speech_verbs: tuple[str, ...]
    evaluative_verbs: frozenset[str]
    words: Mapping[str, tuple[str, ...]]


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
    for row, where in _csv(folder / "countries.csv", ("iso2", "name")):
        side = row["name"]
        # `capital_aliases` holds the forms safe to match (empty for Victoria, Sofia, ...)
        for kind, cell in (("country", "name"), ("country", "aliases"), ("demonym", "demonyms"),
                           ("capital", "capital_aliases"), ("body", "bodies")):  # fmt: skip
            for text in _split(row.get(cell, "")):
                _put(terms, Term(text, side, kind), where)
    for fname, kind in (("groups.csv", "group"), ("organisations.csv", "organisation")):
        for row, where in _csv(folder / fname, ("name",)):
            side = row.get("side") or row["name"]
            for text in [row["name"], *_split(row.get("aliases", ""))]:
                _put(terms, Term(text, side, kind), where)
    people = list(_csv(folder / "people.csv", ("name", "side")))
    surnames = Counter(_surname(row["name"]) for row in {r["name"]: r for r, _ in people}.values())
    for row, where in people:
        title = row.get("title") or None
        names = [row["name"], *_split(row.get("aliases", ""))]
        surname = _surname(row["name"])
        if surname and surnames[surname] == 1:  # "Biden"; not "Aoun" (Joseph or Michel?)
            names.append(surname)
        for text in names:
            _put(terms, Term(text, row["side"], "person", title), where)
    return terms


@lru_cache(maxsize=1)
def world_countries() -> dict[str, str]:
    """ISO2 code -> the country's side name."""
    return {
        row["iso2"]: row["name"]
        for row, _ in _csv(config.WORLD_DIR / "countries.csv", ("iso2", "name"))
    }


def _world_profile() -> Profile:
    return Profile(
        name=WORLD, path=None, title="World", wording={"conflict": "the conflicts reported",
        "deck_title": "Conflict events in wire reports"}, sides=(), opponents={}, allies={},
        countries=(), map_extent={}, places_files=(), samples=(), terms=world_terms(),
        country_sides=world_countries(), lexicon=_lexicon(()),
    )  # fmt: skip


# ---- one profile -------------------------------------------------------------------------------
def _build(folder: Path) -> Profile:
    path = folder / "profile.yaml"
    doc = _yaml(path)
    spec = _Spec(path, doc)
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
        lexicon=_lexicon(tuple(p for p in [folder / "lexicon.yaml"] if p.is_file())),
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
        names, title = _split(item), None
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


def _extent(spec: _Spec) -> dict[str, tuple[float, float]]:
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


@lru_cache(maxsize=256)
def _stems_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in stems) or "(?!)")


# ---- the lexicon -------------------------------------------------------------------------------
_REF = re.compile(r"<(\w+)>")


@lru_cache(maxsize=32)
def _lexicon(extra: tuple[Path, ...]) -> Lexicon:
    base_path = config.WORLD_DIR / "lexicon.yaml"
    docs = [(base_path, _yaml(base_path)), *((p, _yaml(p)) for p in extra)]
    words: dict[str, list[str]] = {}
    raw: dict[str, dict[str, Any]] = {}
    speech: list[str] = []
    evaluative: set[str] = set()
    for path, doc in docs:
        spec = _Spec(path, doc)
        for key, items in spec.mapping("words").items():
            words.setdefault(key, []).extend(map(str, items or []))
        speech += spec.strings("speech_verbs")
        evaluative |= set(spec.strings("evaluative_verbs"))
        for type_name, body in spec.mapping("types").items():
            sub = spec.child("types", type_name, body)
            entry = raw.setdefault(
                type_name,
                {
                    "patterns": [],
                    "stems": [],
                    "path": path,
                    "line": spec.line_in("types", type_name),
                },
            )
            entry["patterns"] += [(p, path, line) for p, line in sub.items("patterns")]
            entry["stems"] += sub.strings("stems")
            for key in ("acled", "battlefield", "case_sensitive"):
                if sub.raw(key) is not None:
                    entry[key] = (sub.raw(key), path, sub.line(key))
            entry["acled_when"] = entry.get("acled_when", []) + [
                (w, path, line) for w, line in sub.items("acled_when")
            ]
    word_re = {
        k: "(?:" + "|".join(sorted(set(v), key=len, reverse=True)) + ")" for k, v in words.items()
    }
    types = {name: _event_type(name, entry, word_re) for name, entry in raw.items()}
    return Lexicon(types, tuple(dict.fromkeys(speech)), frozenset(evaluative),
                   {k: tuple(v) for k, v in words.items()})  # fmt: skip


def _event_type(name: str, entry: dict[str, Any], word_re: dict[str, str]) -> EventType:
    path = entry["path"]
    if "acled" not in entry:
        raise ProfileError(path, entry.get("line"), f"types.{name}.acled",
                           "every event type needs ACLED codes")  # fmt: skip
    acled, apath, aline = entry["acled"]
    if not (isinstance(acled, list) and len(acled) == 2):
        raise ProfileError(apath, aline, f"types.{name}.acled", "should be [event type, sub-event]")
    flags = 0 if entry.get("case_sensitive", (False,))[0] else re.I
    parts = []
    for raw, ppath, line in entry["patterns"]:
        part = _expand(raw, word_re, ppath, line, name)
        _compile(part, flags, ppath, line, name)  # each on its own, to name its file and line
        parts.append(part)
    pattern = _compile("|".join(f"(?:{p})" for p in parts), flags, path, None, name)
    when = []
    for item, wpath, line in entry["acled_when"]:
        if not (
            isinstance(item, dict) and "pattern" in item and isinstance(item.get("acled"), list)
        ):
            raise ProfileError(wpath, line, f"types.{name}.acled_when",
                               "each item needs pattern and acled")  # fmt: skip
        when.append((_compile(_expand(item["pattern"], word_re, wpath, line, name), re.I, wpath,
                              line, name), tuple(item["acled"])))  # fmt: skip
    return EventType(name, pattern, tuple(s.lower() for s in entry["stems"]), (acled[0], acled[1]),
                     bool(entry.get("battlefield", (False,))[0]), tuple(when))  # fmt: skip


def _expand(pattern: Any, word_re: dict[str, str], path: Path, line: int | None, name: str) -> str:
    if not isinstance(pattern, str):
        raise ProfileError(path, line, f"types.{name}.patterns", f"{pattern!r} is not text")

    def word_list(m: re.Match[str]) -> str:
        if m[1] == "w":
            return r"(?:[\w’'-]+\s+)"
        if m[1] not in word_re:
            raise ProfileError(path, line, f"types.{name}.patterns", f"no word list <{m[1]}>")
        return word_re[m[1]]

    return _REF.sub(word_list, pattern)


def _compile(pattern: str, flags: int, path: Path, line: int | None, name: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ProfileError(
            path, line, f"types.{name}.patterns", f"not a valid pattern: {exc}"
        ) from None


# ---- reading files, with the line of every value -----------------------------------------------
class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping key and list item."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {}
    for key_node, value_node in node.value:
        lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            lines[(loader.construct_object(key_node), "items")] = [
                item.start_mark.line + 1 for item in value_node.value
            ]
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _yaml(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.load(path.read_text("utf-8"), Loader=_LineLoader)  # noqa: S506 (a safe loader)
    except OSError as exc:
        raise ProfileError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(path, line, "file", f"is not valid YAML: {exc.problem}") from None
    if not isinstance(doc, dict):
        raise ProfileError(path, 1, "file", "should hold a mapping of keys (name:, sides:, ...)")
    return doc


class _Spec:
    """A mapping read from a profile file, whose getters check types and name the line."""

    def __init__(self, path: Path, doc: dict[str, Any], prefix: str = "") -> None:
        self.path, self.doc, self.prefix = path, doc, prefix
        self.lines: dict[Any, Any] = doc.get("__lines__", {})

    def line(self, key: str) -> int | None:
        value = self.lines.get(key)
        return value if isinstance(value, int) else None

    def raw(self, key: str) -> Any:
        return self.doc.get(key)

    def _fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.path, self.line(key), self.prefix + key, problem)

    def text(self, key: str, default: str) -> str:
        value = self.doc.get(key, default)
        if not isinstance(value, (str, int, float)):
            raise self._fail(key, f"should be text, is {type(value).__name__}")
        return str(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.doc.get(key) or {}
        if not isinstance(value, dict):
            raise self._fail(key, f"should be a mapping (key: value), is {type(value).__name__}")
        return {k: v for k, v in value.items() if k != "__lines__"}

    def items(self, key: str) -> list[tuple[Any, int | None]]:
        value = self.doc.get(key) or []
        if not isinstance(value, list):
            raise self._fail(key, f"should be a list (- item), is {type(value).__name__}")
        lines = self.lines.get((key, "items"), [None] * len(value))
        return list(zip(value, lines, strict=True))

    def strings(self, key: str) -> list[str]:
        out = []
        for item, line in self.items(key):
            if not isinstance(item, (str, int, float)):
                raise ProfileError(self.path, line, self.prefix + key, f"{item!r} is not text")
            out.append(str(item))
        return out

    def pairs(self, key: str) -> list[tuple[str, int | None]]:
        return [(k, self.line_in(key, k)) for k in self.mapping(key)]

    def line_in(self, key: str, sub: str) -> int | None:
        value = self.doc.get(key)
        lines = value.get("__lines__", {}) if isinstance(value, dict) else {}
        found = lines.get(sub)
        return found if isinstance(found, int) else self.line(key)

    def child(self, key: str, sub: str, body: Any) -> _Spec:
        where = f"{self.prefix}{key}.{sub}." if key != sub else f"{self.prefix}{key}."
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise ProfileError(self.path, self.line_in(key, sub), where.rstrip("."),
                               f"should be a mapping, is {type(body).__name__}")  # fmt: skip
        return _Spec(self.path, body, where)


def _csv(path: Path, required: tuple[str, ...]) -> Iterator[tuple[dict[str, str], str]]:
    """Rows of a CSV table with `file:line` for messages; a missing required cell is an error."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ProfileError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ProfileError(path, 1, missing[0], "column missing from the header")
        for row in reader:
            for col in required:
                if not (row.get(col) or "").strip():
                    raise ProfileError(path, reader.line_num, col, "is empty")
            yield {k: (v or "").strip() for k, v in row.items() if k}, f"{path}:{reader.line_num}"


def _split(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _put(terms: dict[str, Term], term: Term, where: str) -> None:
    # The first row that names a term keeps it: tables are sorted, and clashes are documented.
    terms.setdefault(term.text, term)
