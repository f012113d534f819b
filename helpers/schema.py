"""Column contracts of every DataFrame the workbook passes around, and `validate` to check them.

This module is the single source of truth for column names, dtypes and meanings; the README's
tables are generated from it (`describe(kind)`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from helpers.errors import SchemaError

Dtype = Literal["str", "int", "float", "bool", "datetime", "list", "dict"]


@dataclass(frozen=True)
class Column:
    """One column of a contract: its name, logical dtype and what it means."""

    name: str
    dtype: Dtype
    meaning: str


ARTICLE_STATUSES: dict[str, str] = {
    "ok": "parsed; the text is usable",
    "http_error": "the server answered with an error code (404, 500, ...)",
    "timeout": "the server did not answer in time",
    "connection_error": "the host could not be reached",
    "bad_url": "the address is not a valid web address",
    "redirect_loop": "the address redirects too many times",
    "not_html": "the address or file holds something else (PDF, image, JSON, ...)",
    "too_large": "the page or file is over the size cap",
    "empty": "no story text could be found",
    "not_found": "the file does not exist",
    "unreadable": "the file exists but cannot be read",
    "undecodable": "the bytes are not text in any encoding we could recognise",
    "other_language": "the story is not in one of the languages asked for (text kept)",
    "bad_feed": "a feed that could not be parsed",
    "parse_error": "the extraction engine failed on the page",
    "refused": "the address is not public (loopback, private, metadata, ...) and was not fetched",
    "bad_response": "the server's answer broke HTTP's rules (a bad Content-Length, ...)",
    "cancelled": "the batch was stopped before this input was read",
}

ARTICLES: tuple[Column, ...] = (
    Column("article_id", "str", "stable id: hash of the canonical URL, else of the text"),
    Column("source", "str", "the input as given: URL, file path or 'pasted text #n'"),
    Column("url", "str", "canonical URL (og:url / rel=canonical / sidecar), else the address read"),
    Column("outlet", "str", "who published it (site name, sidecar), else the agency"),
    Column("agency", "str", "wire agency from the agency tag, e.g. Reuters, AP, AFP"),
    Column("title", "str", "headline where the page or sidecar has one; never invented"),
    Column("published", "datetime", "publication time, UTC, to the second where known; NaT if not"),
    Column("date_source", "str", "where `published` came from: meta, url, text or analyst"),
    Column("dateline", "str", "dateline city as written in the story, e.g. KYIV"),
    Column("authors", "list", "bylines from the page, else the credits' reporters and writers"),
    Column("credits", "dict", "credits line by role: {'reporting': [...], 'editing': [...], ...}"),
    Column("credit_places", "dict", "where each credited person filed from: {name: place}"),
    Column("text", "str", "story body: paragraphs joined by blank lines, tag and credits removed"),
    Column("paragraphs", "int", "number of body paragraphs"),
    Column("language", "str", "ISO 639-1 code detected from the text"),
    Column("engine", "str", "how the body was read: trafilatura, newspaper, text or feed"),
    Column("fetched_at", "datetime", "when the input was read (for URLs: fetched, maybe cached)"),
    Column("status", "str", "ok, or what went wrong: one of ARTICLE_STATUSES"),
    Column("error", "str", "plain-language message naming the input, empty when ok"),
    Column("duplicates", "list", "other sources that held the same story (folded into this row)"),
)

SENTENCES: tuple[Column, ...] = (
    Column("article_id", "str", "the article the sentence belongs to"),
    Column("sentence_idx", "int", "0-based position of the sentence in the article"),
    Column("paragraph_idx", "int", "0-based paragraph the sentence sits in"),
    Column("char_start", "int", "offset of the first character in the article's text"),
    Column("char_end", "int", "offset past the last character: text == article[start:end]"),
    Column("text", "str", "the sentence, an exact slice of the article text"),
)

EVENT_TYPES: tuple[str, ...] = (
    "strike",
    "interception",
    "ground_assault",
    "territorial_claim",
    "repelled_attack",
    "evacuation",
    "statement",
    "reinforcement",
    "casualties",
    "infrastructure_damage",
    "other",
)

# Sides are the conflict profile's (`helpers.load_profile(...).side_names`), never listed here.
SIDE_MEANING = (
    "a side by its common English name: one of the profile's sides, any country or armed group "
    "of the world layer, reporter (the outlet's own voice) or "
    "other (international bodies, mixed or unknown sources)"
)
DATE_BASES: dict[str, str] = {
    "text": "a date phrase in the sentence",
    "story": "no date phrase: a lead event takes the story's publication day",
    "dateline": "no date phrase: a lead event takes the day in the story's dateline",
    "analyst": "set by the analyst",
}

EVENTS: tuple[Column, ...] = (
    Column("event_id", "str", "stable id of the suggestion"),
    Column("article_id", "str", "the article it came from"),
    Column("sentence_idx", "int", "the sentence it came from"),
    Column("char_start", "int", "span of the evidence in the article text"),
    Column("char_end", "int", "end of that span"),
    Column("sentence", "str", "the sentence text"),
    Column("event_type", "str", "one of: " + ", ".join(EVENT_TYPES)),
    Column("actor", "str", "the side that acted: " + SIDE_MEANING),
    Column("actor_text", "str", "the actor as written, e.g. Kyiv's troops"),
    Column("target", "str", "the side acted on"),
    Column("target_text", "str", "the target as written"),
    Column("claimant", "str", "the source of the claim as written"),
    Column("claimant_side", "str", "the claimant's side: " + SIDE_MEANING),
    Column("event_date", "datetime", "when it happened (UTC midnight of the day), NaT if unknown"),
    Column("date_precision", "str", "day, week, month or year"),
    Column("date_text", "str", "the phrase the date came from"),
    Column("date_basis", "str", "where the date came from: one of DATE_BASES"),
    Column("places", "list", "place names that locate the event"),
    Column("lat", "float", "latitude of the first known place"),
    Column("lon", "float", "longitude of the first known place"),
    Column("quantity", "float", "number mentioned (low end of a range)"),
    Column("quantity_high", "float", "high end of a range"),
    Column("unit", "str", "what the quantity counts"),
    Column("quantity_text", "str", "the phrase the quantity came from"),
    Column("fatalities", "float", "people killed, where a casualties event counts the dead"),
    Column("verified", "bool", "False where the story says the claim could not be verified"),
    Column("confidence", "float", "0 to 1"),
    Column("status", "str", "suggested, confirmed, edited or rejected"),
    Column("acled_event_type", "str", "ACLED event type"),
    Column("acled_sub_event_type", "str", "ACLED sub-event type"),
    Column("evidence", "dict", "the phrase behind each filled field: {field: phrase}"),
)

DATE_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year")
EVENT_STATUSES: tuple[str, ...] = ("suggested", "confirmed", "edited", "rejected")
TAG_STATUSES: tuple[str, ...] = EVENT_STATUSES[1:]  # what an analyst's tag can say

# The workbook's merged view (`Workbook.events()`) holds these beside the events columns.
TAGS: tuple[Column, ...] = (
    Column("notes", "str", "the analyst's notes on the event"),
    Column("key", "bool", "the analyst marked it a key event (labelled on the timeline)"),
    Column("tagger", "str", "who tagged it last"),
    Column("tagged_at", "datetime", "when it was tagged last, UTC"),
    Column("needs_review", "bool", "the extractor's suggestion changed after it was tagged"),
    Column("origin", "str", "extractor, or analyst for an event the analyst added"),
)

# The fields an analyst's tag may set, each held to its column's dtype (events, then tags).
TAG_FIELDS: tuple[str, ...] = (
    "event_type", "actor", "target", "claimant", "claimant_side", "event_date", "date_precision",
    "places", "quantity", "quantity_high", "unit", "verified", "notes", "key",
)  # fmt: skip
# Tag fields whose value is a side (checked against the workbook's profile), and those whose
# value is one of a fixed list.
SIDE_FIELDS: tuple[str, ...] = ("actor", "target", "claimant_side")
CHOICES: dict[str, tuple[str, ...]] = {
    "event_type": EVENT_TYPES,
    "date_precision": DATE_PRECISIONS,
}

CONTRACTS: dict[str, tuple[Column, ...]] = {
    "articles": ARTICLES,
    "sentences": SENTENCES,
    "events": EVENTS,
    "tags": TAGS,
}


def dtype_of(field: str) -> Dtype:
    """The dtype of an events or tags column by name.

    Example:
        >>> dtype_of("quantity"), dtype_of("key")
        ('float', 'bool')
    """
    for col in (*EVENTS, *TAGS):
        if col.name == field:
            return col.dtype
    raise SchemaError("events", [f"no column {field!r}"])


def columns(kind: str) -> list[str]:
    """Column names of a contract, in order."""
    return [c.name for c in _contract(kind)]


def describe(kind: str) -> pd.DataFrame:
    """The contract of `kind` as a table: column, dtype, meaning."""
    return pd.DataFrame(
        [(c.name, c.dtype, c.meaning) for c in _contract(kind)],
        columns=["column", "dtype", "meaning"],
    )


def empty(kind: str) -> pd.DataFrame:
    """A zero-row frame that meets the contract of `kind`."""
    return build([], kind)


def build(records: Iterable[Mapping[str, Any]], kind: str) -> pd.DataFrame:
    """A frame of `kind` from dict records, with every column present and typed by the contract."""
    contract = _contract(kind)
    rows = list(records)
    data = {c.name: _typed([r.get(c.name) for r in rows], c.dtype) for c in contract}
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def validate(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Check `df` against the contract of `kind`; return it unchanged or raise `SchemaError`."""
    problems = []
    for col in _contract(kind):
        if col.name not in df.columns:
            problems.append(f"missing column {col.name!r}")
            continue
        problem = _check(df[col.name], col.dtype)
        if problem:
            problems.append(f"column {col.name!r} {problem}")
    if problems:
        raise SchemaError(kind, problems)
    return df


def _contract(kind: str) -> tuple[Column, ...]:
    try:
        return CONTRACTS[kind]
    except KeyError:
        raise SchemaError(kind, [f"no such contract; known: {', '.join(CONTRACTS)}"]) from None


def _typed(values: list[Any], dtype: Dtype) -> pd.Series:
    if dtype == "str":
        return pd.Series([None if _missing(v) else str(v) for v in values], dtype="str")
    if dtype == "int":
        return pd.Series(values, dtype="Int64")
    if dtype == "float":
        return pd.Series([None if _missing(v) else v for v in values], dtype="float64")
    if dtype == "bool":
        return pd.Series([None if _missing(v) else bool(v) for v in values], dtype="boolean")
    if dtype == "datetime":
        series = pd.Series([None if _missing(v) else v for v in values], dtype="object")
        return pd.to_datetime(series, utc=True, format="ISO8601").astype("datetime64[us, UTC]")
    empty_value: type = list if dtype == "list" else dict
    return pd.Series([empty_value() if _missing(v) else v for v in values], dtype="object")


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, (list, dict, str)) and bool(pd.isna(value)))


def _check(series: pd.Series, dtype: Dtype) -> str | None:
    kind = series.dtype
    if dtype == "str" and not isinstance(kind, pd.StringDtype):
        return f"should be str, is {kind}"
    if dtype == "int" and not pd.api.types.is_integer_dtype(kind):
        return f"should be an integer dtype, is {kind}"
    if dtype == "float" and not pd.api.types.is_float_dtype(kind):
        return f"should be float, is {kind}"
    if dtype == "bool" and not pd.api.types.is_bool_dtype(kind):
        return f"should be boolean, is {kind}"
    if dtype == "datetime" and (not isinstance(kind, pd.DatetimeTZDtype) or str(kind.tz) != "UTC"):
        return f"should be tz-aware UTC datetime, is {kind}"
    if dtype in ("list", "dict"):
        wanted = list if dtype == "list" else dict
        bad = series.map(lambda v: not isinstance(v, wanted))
        if bool(bad.any()):
            return f"should hold a {dtype} in every row ({int(bad.sum())} do not)"
    return None
