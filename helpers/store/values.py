"""What a tag may hold: every value held to its column in `helpers.schema` (and a side to the
workbook's sides) before anything is written, so a bad value never reaches the file."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from helpers import schema
from helpers.errors import TagError
from helpers.parse import to_utc

STATUSES = schema.TAG_STATUSES
EDITABLE = schema.TAG_FIELDS
# An event's date is a day in this range: "224-08-05" or "20244-08-05" is a typing slip.
YEARS = (1900, 2100)
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_TRUE, _FALSE = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}


def clean_tag(status: Any, tagger: Any, fields: Mapping[str, Any],
              sides: Callable[[], Collection[str]]) -> dict[str, Any]:  # fmt: skip
    """The fields of a tag as they will be stored, each checked; raises `TagError` naming the
    field and the value. `sides()` gives the sides a side field may name (asked only when one
    is set). None (or an empty cell) clears a field.
    """
    if status not in STATUSES:
        raise TagError(f"status {status!r} is not one of {', '.join(STATUSES)}",
                       field="status", value=status)  # fmt: skip
    check_tagger(tagger)
    unknown = sorted(set(fields) - set(EDITABLE))
    if unknown:
        raise TagError(f"fields {unknown} cannot be tagged; editable: {', '.join(EDITABLE)}",
                       field=unknown[0], value=fields[unknown[0]])  # fmt: skip
    known: list[Collection[str]] = []  # the sides, looked up once and only if needed

    def once() -> Collection[str]:
        if not known:
            known.append(sides())
        return known[0]

    clean = {field: clean_value(field, value, once) for field, value in fields.items()}
    low, high = clean.get("quantity"), clean.get("quantity_high")
    if low is not None and high is not None and high < low:
        raise TagError(f"quantity_high {high:g} is below quantity {low:g}",
                       field="quantity_high", value=high)  # fmt: skip
    return clean


def check_tagger(tagger: Any) -> str:
    """The tagger's name, refused when empty or not text."""
    if not isinstance(tagger, str) or not tagger.strip():
        raise TagError(f"a tag needs the tagger's name (got {tagger!r})", field="tagger",
                       value=tagger)  # fmt: skip
    return _text("tagger", tagger) or ""


def clean_value(field: str, value: Any, sides: Callable[[], Collection[str]]) -> Any:
    """One field's value as stored (see `clean_tag`)."""
    if _blank(value):
        if field == "event_type":
            raise _refuse(field, value, "is empty: an event needs a type")
        return None
    dtype = schema.dtype_of(field)
    if field in schema.CHOICES:
        return _choice(field, value, schema.CHOICES[field])
    if field in schema.SIDE_FIELDS:
        return _side(field, value, sides())
    if dtype == "datetime":
        return _day(field, value)
    if dtype == "float":
        return _count(field, value)
    if dtype == "bool":
        return _flag(field, value)
    if dtype == "list":
        return _names(field, value)
    return _text(field, value)


def _blank(value: Any) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def _refuse(field: str, value: Any, why: str) -> TagError:
    return TagError(f"{field} {value!r} {why}", field=field, value=value)


def _text(field: str, value: Any) -> str | None:
    if not isinstance(value, str):
        raise _refuse(field, value, "is not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        why = "holds a character that is not text (a lone surrogate)"
        raise _refuse(field, value, why) from None
    return value.strip() or None


def _choice(field: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _refuse(field, value, f"is not one of {', '.join(choices)}")
    return str(value)


def _side(field: str, value: Any, known: Collection[str]) -> str:
    text = _text(field, value) or ""
    if text not in known:
        raise _refuse(field, value, "is not a side of the workbook's profile, of the world layer "
                      f"or of its events; sides: {', '.join(sorted(known))}")  # fmt: skip
    return text


def _day(field: str, value: Any) -> str:
    """A date as the UTC midnight of its day, ISO."""
    ok = isinstance(value, (str, date, datetime, pd.Timestamp, np.datetime64))
    stamp = to_utc(value) if ok else None
    if stamp is None:
        raise _refuse(field, value, "is not a date (like 2024-08-14)")
    if not YEARS[0] <= stamp.year <= YEARS[1]:
        raise _refuse(field, value, f"is not a plausible date (a year {YEARS[0]}-{YEARS[1]})")
    return str(stamp.normalize().isoformat())


def _count(field: str, value: Any) -> float:
    """A number 0 or more; text as a spreadsheet writes it ("1,200" with thousands commas)."""
    number: float | None = None
    if isinstance(value, str):
        text = value.strip()
        text = text.replace(",", "") if _THOUSANDS.fullmatch(text) else text
        try:
            number = float(text)
        except ValueError:
            number = None
    elif isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(
        value, (bool, np.bool_)
    ):
        number = float(value)
    if number is None:
        raise _refuse(field, value, "is not a number")
    if not math.isfinite(number) or number < 0:
        raise _refuse(field, value, "is not a count (a number 0 or more)")
    return number


def _flag(field: str, value: Any) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, float, np.integer, np.floating)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise _refuse(field, value, "is not true or false")


def _names(field: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, (list, tuple, np.ndarray)):
        raise _refuse(field, value, f"is not a list of names (give {field}=['a place', ...])")
    if any(not isinstance(v, str) for v in value):
        raise _refuse(field, value, "holds something other than names")
    return [name for v in value if (name := _text(field, v))]
