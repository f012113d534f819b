"""Rows as the workbook stores them: JSON text with timestamps as ISO strings and NA as null,
and the fingerprint that tells a changed suggestion from the same one."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from helpers import schema


def fingerprint(rec: Mapping[str, Any]) -> str:
    """A hash of what the extractor suggests for an event (the fields an analyst can tag)."""
    keep = {k: plain(rec.get(k)) for k in schema.TAG_FIELDS if k in rec}
    return hashlib.sha1(dumps(keep).encode()).hexdigest()[:16]


def plain(value: Any) -> Any:
    """A JSON-ready value: timestamps as ISO strings, NA as None, numpy scalars as Python."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return stamp.isoformat()
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def dumps(value: Any) -> str:
    """JSON text of a stored value (a row, a tag's fields, a log entry)."""
    if isinstance(value, dict):  # rows are flat: NaN (not valid JSON for SQLite) to null
        value = {k: None if isinstance(v, float) and v != v else v for k, v in value.items()}
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    """What json cannot write itself: timestamps, pandas' NA, numpy scalars."""
    if isinstance(value, (pd.Timestamp, datetime)):
        return plain(value)
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in a workbook")


def tag_json(row: sqlite3.Row | None) -> str | None:
    """A tags row as the JSON the tag log keeps of it (None: no tag)."""
    if row is None:
        return None
    return dumps({"status": row["status"], "fields": json.loads(row["fields"]),
                  "tagger": row["tagger"], "tagged_at": row["tagged_at"]})  # fmt: skip


def now() -> str:
    """The time of a write, UTC, to the microsecond."""
    return datetime.now(UTC).isoformat(timespec="microseconds")
