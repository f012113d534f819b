"""Every tag value is checked before it is written (helpers/store/values.py), and tags read back
from an edited export apply their good rows and report the bad (helpers/store/tagfiles.py)."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from helpers import charts
from helpers.errors import TagError, TagImportWarning


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"event_date": "not a date"}, "event_date"),
        ({"event_date": "224-08-05"}, "event_date"),  # a typing slip, not the year 224
        ({"event_date": 20240805}, "event_date"),
        ({"quantity": "lots"}, "quantity"),
        ({"quantity": -3}, "quantity"),
        ({"quantity": float("inf")}, "quantity"),
        ({"quantity": "1,5"}, "quantity"),  # a decimal comma: 1.5 or 15? refused, not guessed
        ({"quantity": True}, "quantity"),
        ({"quantity": 10, "quantity_high": 5}, "quantity_high"),
        ({"event_type": "picnic"}, "event_type"),
        ({"event_type": None}, "event_type"),
        ({"date_precision": "fortnight"}, "date_precision"),
        ({"claimant_side": "Narnia"}, "claimant_side"),
        ({"actor": "Narnia"}, "actor"),
        ({"target": "the enemy"}, "target"),
        ({"verified": "maybe"}, "verified"),
        ({"key": 2}, "key"),
        ({"places": "Sudzha"}, "places"),  # a string, not a list of names
        ({"places": ["Sudzha", 7]}, "places"),
        ({"notes": "bad \ud800 text"}, "notes"),
        ({"claimant": 12}, "claimant"),
    ],
)
def test_a_bad_value_is_refused_naming_field_and_value_and_nothing_is_written(wb, fields, field):
    event_id = wb.events()["event_id"][0]
    with pytest.raises(TagError) as info:
        wb.tag(event_id, status="edited", tagger="ann", **fields)
    assert info.value.field == field
    assert str(info.value).startswith(field) and repr(fields[field])[:12] in str(info.value)
    assert wb.history(event_id).empty
    events = wb.events()  # everything reads as before
    assert events.set_index("event_id").loc[event_id, "status"] == "suggested"
    charts.timeline(events)


@pytest.mark.parametrize("tagger", [None, float("nan"), "  ", 5])
def test_a_tag_needs_a_taggers_name(wb, tagger):
    with pytest.raises(TagError, match="tagger"):
        wb.tag(wb.events()["event_id"][0], status="confirmed", tagger=tagger)


def test_values_are_stored_in_their_columns_form(wb, tmp_path):
    event_id = wb.events()["event_id"][0]
    wb.tag(event_id, status="edited", tagger=" ann ", event_date="14 Aug 2024 17:30",
           quantity="1,200", quantity_high=1500, verified="no", key="yes",
           places=("Sudzha", " Lgov ", ""), claimant_side="Ukraine", actor="Russia",
           notes="  checked  ", unit="")  # fmt: skip
    got = wb.events(event_id=event_id).iloc[0]
    assert got["event_date"] == pd.Timestamp("2024-08-14", tz="UTC")  # the day, UTC midnight
    assert got["quantity"] == 1200.0 and got["quantity_high"] == 1500.0
    assert got["verified"] == False and got["key"] == True  # noqa: E712 - nullable booleans
    assert got["places"] == ["Sudzha", "Lgov"] and got["notes"] == "checked"
    assert pd.isna(got["unit"]) and got["tagger"] == "ann"
    for fmt in ("csv", "acled", "parquet"):  # every export reads the stored values
        wb.export(tmp_path, fmt)


def _edited_export(wb, tmp_path):
    """An export as an analyst returns it from a spreadsheet: some rows edited well, some not."""
    events = wb.events()
    ids = list(events["event_id"][:7])
    wb.tag(ids[0], status="confirmed", tagger="ann")
    path = wb.export(tmp_path, "csv")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    at = {e: frame.index[frame["event_id"] == e][0] for e in ids}
    frame.loc[at[ids[1]], ["status", "tagger", "event_type"]] = ["edited", "", "strike"]
    frame.loc[at[ids[2]], ["status", "tagger", "event_date"]] = ["edited", "bob", "not a date"]
    frame.loc[at[ids[3]], ["status", "tagger", "quantity"]] = ["edited", "bob", "lots"]
    frame.loc[at[ids[4]], ["status", "tagger"]] = ["confimed", "bob"]  # a typo
    frame.loc[at[ids[5]], ["status", "tagger", "claimant_side"]] = ["edited", "", "Narnia"]
    frame.loc[at[ids[6]], ["status", "tagger", "verified"]] = ["rejected", "bob", "FALSE"]
    extra = frame.loc[[at[ids[6]]]].assign(event_id="no-such-event")
    pd.concat([frame, extra]).to_csv(path, index=False)
    return path, ids, {e: int(i) + 2 for e, i in at.items()}


def test_import_applies_the_good_rows_and_reports_the_bad(wb, tmp_path):
    path, ids, rows = _edited_export(wb, tmp_path)
    with pytest.warns(TagImportWarning, match="5 rows not imported"):
        report = wb.import_tags(path)
    assert report.changed == 2 and int(report) == 2
    got = wb.events().set_index("event_id")
    assert got.loc[ids[1], "event_type"] == "strike" and got.loc[ids[1], "tagger"] == "import"
    assert got.loc[ids[6], "status"] == "rejected" and got.loc[ids[6], "verified"] == False  # noqa: E712
    assert got.loc[ids[0], "status"] == "confirmed"  # as it was: unchanged, not rewritten
    for bad in ids[2:6]:
        assert got.loc[bad, "status"] == "suggested"
    rejected = report.rejected.set_index("event_id")
    assert list(report.rejected.columns) == ["row", "event_id", "field", "value", "reason"]
    assert set(rejected.index) == {*ids[2:6], "no-such-event"}
    assert rejected.loc[ids[2], "field"] == "event_date"
    assert rejected.loc[ids[2], "value"] == "not a date"
    assert rejected.loc[ids[2], "row"] == rows[ids[2]]
    assert rejected.loc[ids[3], "field"] == "quantity" and "lots" in rejected.loc[ids[3], "reason"]
    assert rejected.loc[ids[4], "field"] == "status"
    assert rejected.loc[ids[5], "field"] == "claimant_side"
    assert "no event" in rejected.loc["no-such-event", "reason"]
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        again = wb.import_tags(path)
    assert again.changed == 0 and again.unchanged == 3 and len(again.rejected) == 5


def test_formula_cells_come_back_as_the_analyst_wrote_them(wb, tmp_path):
    event_id = wb.events()["event_id"][0]
    wb.tag(event_id, status="edited", tagger="ann", notes="=SUM(A1:A9)", claimant="-the army",
           places=["@home", "+Sudzha"])  # fmt: skip
    path = wb.export(tmp_path, "csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("event_id")
    assert raw.loc[event_id, "notes"] == "'=SUM(A1:A9)"  # neutralised in the file
    report = wb.import_tags(path)
    assert report.changed == 0 and report.unchanged == 1 and report.rejected.empty
    got = wb.events(event_id=event_id).iloc[0]
    assert got["notes"] == "=SUM(A1:A9)" and got["places"] == ["@home", "+Sudzha"]
