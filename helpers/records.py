"""Stories inside JSON files and RSS/Atom feeds, as `RawItem`s; their fields checked. Pure.

A record's field of the wrong type (a number for a url) is left out and named for the analyst,
never passed on to break a later step.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from helpers.parse import RawItem, decode, fragment_text


def record_item(rec: dict[str, Any], text: str, where: str | None, fallback: str = "") -> RawItem:
    """One story record as a text item: its checked hints, and a note of the fields left out;
    named `where`, else by its url, else `fallback`."""
    hints, ignored = hints_from_record(rec)
    where = where or hints["url"] or fallback
    return RawItem(
        source=where, kind="text", text=text, url=hints["url"], hints=hints,
        note=ignored_note(where, ignored),
    )  # fmt: skip


def json_items(raw: bytes, source: str) -> tuple[list[RawItem], list[tuple[str, str]]] | str:
    """Stories in a JSON file (one object or a list), and (where, why) of records that are not.

    An error message instead when the file holds no story at all.
    """
    text = decode(raw)
    try:
        data = json.loads(text or "")
    except RecursionError:
        return f"{source} is nested too deeply to be a story file"
    except ValueError as exc:
        return f"{source} is not valid JSON ({exc})"
    records = data if isinstance(data, list) else [data]
    items: list[RawItem] = []
    skipped: list[tuple[str, str]] = []
    for n, rec in enumerate(records):
        where = source if len(records) == 1 else f"{source}#{n}"
        is_record = isinstance(rec, dict)
        body = _first(rec, "text", "body", "articleBody", "content") if is_record else None
        if not isinstance(body, str):
            skipped.append((where, f"{where} is not a story: it has no 'text' string"))
            continue
        items.append(record_item(rec, body, where))
    if not items:
        return f"{source} holds no story objects with a 'text' field"
    return items, skipped


# What each hint must be; anything else (a number for a url, a dict for a title) is left out.
_HINT_TYPES: dict[str, tuple[type, ...]] = {
    "url": (str,),
    "outlet": (str,),
    "title": (str,),
    "published": (str,),
    "authors": (str, list, dict),
}
_HINT_WANTED = {
    "url": "a web address",
    "outlet": "a name",
    "title": "text",
    "published": "a date written as text",
    "authors": "a name or a list of names",
}


def hints_from_record(rec: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Known fields of a sidecar or JSON story under the workbook's names, and those ignored.

    A field of the wrong type is left out and described in the list; null and NaN are missing.

    Example:
        >>> hints, ignored = hints_from_record({"url": 123, "title": "Day 7"})
        >>> hints["url"], hints["title"], ignored
        (None, 'Day 7', ['url 123 is not a web address'])
    """
    outlet = _first(rec, "outlet", "site", "site_name", "publisher", "source")
    if isinstance(outlet, dict):
        outlet = outlet.get("name")
    found = {
        "url": _first(rec, "url", "link"),
        "outlet": outlet,
        "title": _first(rec, "title", "headline"),
        "published": _first(rec, "published", "datePublished", "date", "pubDate"),
        "authors": _first(rec, "authors", "author", "byline"),
    }
    hints: dict[str, Any] = {}
    ignored: list[str] = []
    for name, value in found.items():
        missing = value is None or (isinstance(value, float) and math.isnan(value))
        usable = isinstance(value, _HINT_TYPES[name]) and not isinstance(value, bool)
        hints[name] = value if usable else None
        if not (usable or missing):
            shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
            ignored.append(f"{name} {shown} is not {_HINT_WANTED[name]}")
    return hints, ignored


def ignored_note(where: str, ignored: list[str]) -> str | None:
    """The analyst's note for fields of `where` that were left out."""
    return f"ignored in {where}: " + "; ".join(ignored) if ignored else None


def feed_items(
    raw: bytes, source: str
) -> tuple[list[RawItem], list[tuple[str, dict[str, Any]]], list[tuple[str, str]]] | str:
    """A feed's stories: full-text items, (link, hints) to fetch, and (where, why) of the rest."""
    import feedparser

    try:
        parsed = feedparser.parse(_valid_char_refs(raw))
    except Exception as exc:  # noqa: BLE001 - a third-party parser's failure is one bad feed
        return f"{source} is not a readable RSS/Atom feed ({type(exc).__name__})"
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None) or "no items"
        return f"{source} is not a readable RSS/Atom feed ({reason})"
    site = parsed.feed.get("title")
    items: list[RawItem] = []
    to_fetch: list[tuple[str, dict[str, Any]]] = []
    skipped: list[tuple[str, str]] = []
    for n, entry in enumerate(parsed.entries):
        link = entry.get("link")
        hints = {
            "url": link,
            "title": entry.get("title"),
            "published": entry.get("published") or entry.get("updated"),
            "authors": entry.get("author"),
            "outlet": site,
        }
        content = " ".join(c.get("value", "") for c in entry.get("content", []))
        words = len(fragment_text(content).split())
        if words >= 60:
            items.append(
                RawItem(
                    source=link or f"{source}#{len(items)}",
                    kind="feed_html",
                    text=content,
                    url=link,
                    hints=hints,
                )
            )
        elif link:
            to_fetch.append((link, hints))
        else:
            where = f"{source} item {n + 1}"
            title = f" ({entry.get('title')!r})" if entry.get("title") else ""
            why = f"has no link and too little text for a story ({words} words)"
            skipped.append((where, f"{where}{title} {why}"))
    return items, to_fetch, skipped


_CHAR_REF = re.compile(rb"&#([xX][0-9a-fA-F]+|[0-9]+);")


def _valid_char_refs(raw: bytes) -> bytes:
    """`raw` with character references to no character (`&#xD800;`) made U+FFFD.

    feedparser raises on them instead of reporting a bad feed.
    """

    def fix(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        if len(digits) > 8:
            return b"&#xFFFD;"
        code = int(digits[1:], 16) if digits[:1] in b"xX" else int(digits)
        return b"&#xFFFD;" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else match.group(0)

    return _CHAR_REF.sub(fix, raw)


def _first(rec: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if rec.get(key) not in (None, ""):
            return rec[key]
    return None
