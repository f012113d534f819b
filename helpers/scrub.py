"""Strings made safe to store and export: lone surrogates, which no encoder accepts, replaced.

Python strings may hold lone surrogates (`"\\ud800"` pasted, `"\\ud800"` escaped in JSON, an
undecodable file name); UTF-8, SQLite and Parquet refuse them. Every input's strings pass here
once, at the edge.
"""

from __future__ import annotations

import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def scrub(value: Any) -> tuple[Any, int]:
    """`value` (a string, or lists and dicts of them) with lone surrogates replaced, and how many.

    Example:
        >>> scrub("Kyiv \\ud800 said") == ("Kyiv \\ufffd said", 1)
        True
        >>> scrub({"title": ["a\\udc80", 3]}) == ({"title": ["a\\ufffd", 3]}, 1)
        True
    """
    if isinstance(value, str):
        return _SURROGATE.subn(REPLACEMENT, value)
    if isinstance(value, list | tuple):
        pairs = [scrub(v) for v in value]
        return type(value)(v for v, _ in pairs), sum(n for _, n in pairs)
    if isinstance(value, dict):
        items = {k: scrub(v) for k, v in value.items()}
        keys = {k: scrub(k)[0] for k in value}
        return {keys[k]: v for k, (v, _) in items.items()}, sum(n for _, n in items.values())
    return value, 0


def note(count: int, where: str) -> str | None:
    """The message for the analyst when characters of `where` were replaced."""
    if not count:
        return None
    what = "character that is" if count == 1 else "characters that are"
    kind = "a lone surrogate" if count == 1 else "lone surrogates"
    return f"{where}: {count} {what} not valid Unicode ({kind}) replaced with \ufffd"
