"""The event-type lexicon: trigger patterns per type, with their ACLED codes, compiled from
`data/world/lexicon.yaml` and a profile's own `lexicon.yaml` (whose words and patterns add to the
world's). The file format is documented in the world lexicon's header."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from helpers import config
from helpers.datafiles import Spec, read_yaml
from helpers.errors import ProfileError


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


@lru_cache(maxsize=256)
def _stems_pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    # stems start words ("order" is not in "border", "met" not in "kilometres")
    return re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + ")" if stems else "(?!)")


_REF = re.compile(r"<(\w+)>")


@lru_cache(maxsize=32)
def load_lexicon(extra: tuple[Path, ...]) -> Lexicon:
    base_path = config.WORLD_DIR / "lexicon.yaml"
    docs = [(base_path, read_yaml(base_path)), *((p, read_yaml(p)) for p in extra)]
    words: dict[str, list[str]] = {}
    raw: dict[str, dict[str, Any]] = {}
    speech: list[str] = []
    evaluative: set[str] = set()
    for path, doc in docs:
        spec = Spec(path, doc)
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
            return r"(?:[\w’'“”\"-]+\s+)"  # a word, quotes around it allowed
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
