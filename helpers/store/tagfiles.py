"""Tags read back from an exported file, perhaps edited in a spreadsheet: each row checked like
a tag from the tagger; the good rows applied, the bad ones returned with the reason."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.errors import TagError, TagImportWarning
from helpers.store.records import plain
from helpers.store.values import clean_tag, clean_value

REJECTED_COLUMNS = ["row", "event_id", "field", "value", "reason"]


@dataclass(frozen=True)
class TagImport:
    """What `Workbook.import_tags` did: tags changed, rows already so, and the rows not applied
    (`rejected`: the file's row as a spreadsheet numbers it, event_id, field, value, reason)."""

    path: Path
    changed: int = 0
    unchanged: int = 0
    rejected: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REJECTED_COLUMNS))

    def __int__(self) -> int:
        return self.changed


def apply_tags(path: Path, rows: Iterable[dict[str, Any]], current: pd.DataFrame,
               sides: Callable[[], Collection[str]], tag: Callable[..., None],
               tagger: str | None = None) -> TagImport:  # fmt: skip
    """Apply the tag rows of `path` that differ from `current` (events by event_id) with `tag`;
    a row that cannot be a tag is kept in the report, with a `TagImportWarning`."""
    rejected: list[dict[str, Any]] = []
    changed = unchanged = 0
    for row in rows:
        number, event_id, status = row.pop("row"), row.pop("event_id"), row.pop("status")
        who = tagger or (row.pop("tagger", None) or "").strip() or "import"
        row.pop("tagger", None)
        try:
            if event_id not in current.index:
                raise TagError(f"no event {event_id!r} in this workbook", field="event_id",
                               value=event_id)  # fmt: skip
            clean = clean_tag(status, who, row, sides)
        except TagError as exc:
            rejected.append({"row": number, "event_id": event_id, "field": exc.field,
                             "value": exc.value, "reason": str(exc)})  # fmt: skip
            continue
        before = current.loc[event_id]
        if before["status"] == status and all(
            _same(k, v, before.get(k), sides) for k, v in clean.items()
        ):
            unchanged += 1
            continue
        tag(event_id, status=status, tagger=who, **clean)
        changed += 1
    report = pd.DataFrame(rejected, columns=REJECTED_COLUMNS)
    if len(report):
        first = report.iloc[0]
        warnings.warn(f"{path}: {len(report)} rows not imported (row {first['row']}: "
                      f"{first['reason']}); the returned report's `rejected` lists them",
                      TagImportWarning, stacklevel=3)  # fmt: skip
    return TagImport(path, changed, unchanged, report)


def _same(field: str, new: Any, old: Any, sides: Callable[[], Collection[str]]) -> bool:
    """Whether a checked value from the file equals the event's current one."""
    try:
        return bool(clean_value(field, old, sides) == new)
    except TagError:  # a value from before values were checked: compare as stored
        return bool(plain(old) == new)
