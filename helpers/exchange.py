"""Events to files and tags back from them: CSV, Parquet and an ACLED-style CSV.

Every file is written whole (beside its target, then renamed), and every text cell a
spreadsheet would run as a formula is written as text (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import schema
from helpers.errors import ExportError, WorkbookError
from helpers.files import check_names, check_target, publish, safe_filename, with_suffix
from helpers.places import fold, load_gazetteer
from helpers.summary import with_outlet

FORMATS = {"csv": ".csv", "parquet": ".parquet", "acled": ".acled.csv"}
_ALSO = {"acled": (".csv",)}  # an ACLED file named x.csv is a CSV already: kept as given
DEFAULT_NAME = "wire-desk-events"
_PRECISION_CODE = {"day": 1, "week": 2, "month": 3, "year": 3}
_LIST_SEP = "; "
# A cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def write_events(events: pd.DataFrame, articles: pd.DataFrame, path: Path, format: str = "csv",
                 *, title: str | None = None, overwrite: bool = False) -> Path:  # fmt: skip
    """Write `events` to `path` (a file, or a folder to name the file in from `title`).

    `path` is a folder when it is one already, has no suffix, or `title` is given: the file is
    named from `title` (default "wire-desk-events") inside it. Otherwise it is the file, with
    the format's suffix added unless it ends in it (`events.v2` -> `events.v2.csv`). Raises
    `ExportError` naming the file when it cannot be written (a full disk keeps the file there
    before), exists without `overwrite`, or the path cannot be a file.
    """
    if format not in FORMATS:
        raise ExportError(path, f"format {format!r} is not one of {', '.join(FORMATS)}")
    target = check_target(export_path(path, format, title), overwrite=overwrite)
    if format == "parquet":
        frame = _for_parquet(events)
        write: Callable[[Path], object] = lambda tmp: frame.to_parquet(tmp, index=False)  # noqa: E731
    else:
        frame = neutralise(acled(events, articles) if format == "acled" else flat(events))
        # CRLF ends a row (RFC 4180), so a cell holding a carriage return is quoted, not cut
        write = lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\r\n")  # noqa: E731
    return publish(target, write)


def export_path(path: Path, format: str, title: str | None = None) -> Path:
    """The file `write_events` writes for `path` (see there)."""
    if path.name == "..":
        raise ExportError(path, "names a folder through '..'; give the folder itself or a file")
    check_names(path)
    try:
        folder = title is not None or not path.suffix or path.is_dir()
    except OSError as exc:
        raise ExportError(path, f"cannot be written there ({exc.strerror or exc})") from exc
    if folder:
        return path / safe_filename(title or DEFAULT_NAME, FORMATS[format])
    return with_suffix(path, FORMATS[format], _ALSO.get(format, ()))


def _for_parquet(events: pd.DataFrame) -> pd.DataFrame:
    """The events with each dict column (evidence) as JSON text: Arrow makes a struct of a dict
    column, whose fields change from file to file and which it cannot write when all are empty."""
    out = events.copy()
    for column in out.columns:
        if out[column].map(lambda v: isinstance(v, dict)).any():
            out[column] = out[column].map(lambda v: json.dumps(v, ensure_ascii=False))
    return out


def flat(events: pd.DataFrame) -> pd.DataFrame:
    """The events with lists and evidence as text, for a CSV."""
    out = events.copy()
    out["places"] = out["places"].map(_LIST_SEP.join)
    out["evidence"] = out["evidence"].map(lambda d: "; ".join(f"{k}: {v}" for k, v in d.items()))
    return out


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells a spreadsheet would run as formulas start with a quote (OWASP);
    numeric columns, and plain numbers in text columns, stay numbers."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
            out[column] = out[column].map(_neutral_cell)
    return out


def restore(value: Any) -> Any:
    """A cell read back from our CSV with the quote `neutralise` put before a formula removed."""
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _neutral_cell(value: Any) -> Any:
    formula = isinstance(value, str) and value.startswith(FORMULA_START)
    return "'" + value if formula and not _PLAIN_NUMBER.fullmatch(value) else value


def acled(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Events in ACLED's column layout (rejected events left out)."""
    kept = events[events["status"] != "rejected"]
    gazetteer = load_gazetteer()
    outlets = with_outlet(kept, articles)["outlet"]

    def place(ps: list[str]) -> Any:
        return next((gazetteer[fold(p)] for p in ps if fold(p) in gazetteer), None)

    found = kept["places"].map(place)
    return pd.DataFrame(
        {
            "event_id_cnty": kept["event_id"],
            "event_date": kept["event_date"].dt.strftime("%d %B %Y"),
            "year": kept["event_date"].dt.year.astype("Int64"),
            "time_precision": kept["date_precision"].map(_PRECISION_CODE).astype("Int64"),
            "event_type": kept["acled_event_type"],
            "sub_event_type": kept["acled_sub_event_type"],
            "actor1": kept["actor"],
            "actor2": kept["target"],
            "country": found.map(lambda p: p.country if p else None),
            "admin1": found.map(lambda p: p.admin1 if p else None),
            "location": kept["places"].map(lambda ps: ps[0] if ps else None),
            "latitude": kept["lat"],
            "longitude": kept["lon"],
            "geo_precision": found.map(
                lambda p: (
                    None if p is None else 1 if p.feature in ("village", "town", "city") else 2
                )
            ),  # noqa: E501
            "source": outlets,
            "notes": kept["claimant"].fillna("") + ": " + kept["sentence"],
            # ACLED codes an unknown count as 0; ours is empty where no dead were counted
            "fatalities": kept["fatalities"].fillna(0).round().astype("int64"),
            "tags": kept["verified"].map({False: "unverified claim"}).fillna(""),
            "wire_desk_status": kept["status"],
        }
    )


def read_tags(path: Path) -> Iterator[dict[str, Any]]:
    """Tag rows of a file written by `write_events` (csv or parquet), unchecked: every row
    whose status is set and not "suggested", with `row` (as a spreadsheet numbers it),
    event_id, status, tagger and the editable fields present. Text as written, blanks None."""
    if not path.exists():
        raise WorkbookError(path, "does not exist")
    try:
        if path.suffix == ".parquet":
            frame = pd.read_parquet(path)
        else:  # all as text: the checks read numbers, dates and flags as a spreadsheet writes them
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (ValueError, OSError) as exc:
        raise WorkbookError(path, f"is not a tags file ({exc})") from exc
    if not {"event_id", "status"} <= set(frame.columns):
        raise WorkbookError(path, "has no event_id and status columns")
    fields = [f for f in schema.TAG_FIELDS if f in frame.columns]
    for number, rec in enumerate(frame.to_dict("records"), start=2):  # row 1: the header
        status = _cell(rec["status"])
        if status is None or status == "suggested":
            continue  # not tagged: nothing to apply
        tag = {"row": number, "event_id": _cell(rec["event_id"]), "status": status,
               "tagger": _cell(rec.get("tagger"))}  # fmt: skip
        for field in fields:
            tag[field] = _places(rec[field]) if field == "places" else _cell(rec[field])
        yield tag


def _cell(value: Any) -> Any:
    """A cell as a value: blanks None, text stripped and un-neutralised."""
    if isinstance(value, str):
        return restore(value.strip()) or None
    if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
        return None
    return value


def _places(value: Any) -> Any:
    if isinstance(value, str):
        return [restore(p.strip()) for p in value.split(_LIST_SEP.strip()) if p.strip()]
    if value is None or (not hasattr(value, "__len__") and pd.isna(value)):
        return None
    return [restore(v) if isinstance(v, str) else v for v in value]
