"""Events to files and tags back from them: CSV, Parquet and an ACLED-style CSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.errors import WorkbookError
from helpers.places import fold, load_gazetteer
from helpers.summary import with_outlet

FORMATS = {"csv": ".csv", "parquet": ".parquet", "acled": ".acled.csv"}
_PRECISION_CODE = {"day": 1, "week": 2, "month": 3, "year": 3}
_LIST_SEP = "; "


def write_events(events: pd.DataFrame, articles: pd.DataFrame, path: Path, format: str = "csv",
                 *, title: str | None = None, overwrite: bool = False) -> Path:  # fmt: skip
    """Write `events` to `path` (a file, or a folder to name the file in from `title`)."""
    from helpers.store import safe_filename

    if format not in FORMATS:
        raise WorkbookError(path, f"format {format!r} is not one of {', '.join(FORMATS)}")
    if path.is_dir() or not path.suffix or title is not None:  # a folder to name the file in
        path = path / safe_filename(title or "wire-desk-events", FORMATS[format])
    if path.exists() and not overwrite:
        raise WorkbookError(path, "exists already; pass overwrite=True to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    if format == "parquet":
        events.to_parquet(path, index=False)
    elif format == "acled":
        acled(events, articles).to_csv(path, index=False)
    else:
        flat = events.copy()
        flat["places"] = flat["places"].map(_LIST_SEP.join)
        flat["evidence"] = flat["evidence"].map(
            lambda d: "; ".join(f"{k}: {v}" for k, v in d.items())
        )
        flat.to_csv(path, index=False)
    return path


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
    """Tags in a file written by `write_events` (csv or parquet): tagged rows only."""
    from helpers.store import EDITABLE, STATUSES

    if not path.exists():
        raise WorkbookError(path, "does not exist")
    try:
        frame = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    except (ValueError, OSError) as exc:
        raise WorkbookError(path, f"is not a tags file ({exc})") from exc
    if not {"event_id", "status"} <= set(frame.columns):
        raise WorkbookError(path, "has no event_id and status columns")
    for rec in frame[frame["status"].isin(STATUSES)].to_dict("records"):
        tag = {"event_id": rec["event_id"], "status": rec["status"], "tagger": rec.get("tagger")}
        for field in EDITABLE:
            if field not in rec:
                continue
            value = rec[field]
            if field == "places" and isinstance(value, str):
                value = [p for p in value.split(_LIST_SEP) if p]
            elif field == "places" and value is not None and not isinstance(value, list):
                value = list(value) if hasattr(value, "__iter__") else []
            elif not isinstance(value, (list, str)) and pd.isna(value):
                value = None
            tag[field] = value
        yield tag
