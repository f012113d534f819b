"""Exports as files: formula cells written as text (opened in LibreOffice Calc), explicit paths
taken as given, and a failed write that keeps the file there before (helpers/exchange.py,
helpers/files.py, the briefing's files)."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from lxml import etree

from helpers import schema
from helpers.briefing import build_deck, standalone_html
from helpers.errors import ExportError
from helpers.exchange import write_events
from tests.conftest import require

EVIL = {  # what stories and analysts can put in cells, each a formula to a spreadsheet
    "claimant": '=HYPERLINK("http://evil.example/x","click me")',
    "actor_text": "+1+1",
    "sentence": "-2+3 people were hurt, officials said.",
    "notes": "@SUM(1+1)",
    "quantity_text": "\t=1+1",
    "date_text": "\r=1+1",
}
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _events() -> tuple[pd.DataFrame, pd.DataFrame]:
    events = schema.build([{
        "event_id": "e1", "article_id": "a1", "event_type": "strike", "status": "confirmed",
        "places": ["=Sudzha"], "lat": 51.2, "lon": -3.5, "quantity": 3.0, "fatalities": 2.0,
        "event_date": "2024-08-14", "date_precision": "day", **EVIL,
    }], "events")  # fmt: skip
    articles = schema.build([{"article_id": "a1", "outlet": "=cmd|' /C calc'!A0"}], "articles")
    return events, articles


def _calc_cells(csv: Path, out: Path) -> dict[str, dict[str, str | None]]:
    """The CSV as LibreOffice Calc opens it (comma, UTF-8), read from its flat ODS: per header,
    the cell's value type, formula (None: no formula) and text."""
    soffice = require("soffice")
    if not Path("/usr/lib/libreoffice/program/libsclo.so").exists() and not os.environ.get("CI"):
        pytest.skip("LibreOffice Calc (libreoffice-calc) is not installed")
    profile = (out / "lo-profile").as_uri()  # a profile of its own: no clash with another run
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", str(out),
                    str(csv)], check=True, capture_output=True, timeout=180)  # fmt: skip
    tree = etree.parse(str(out / (csv.name.removesuffix(".csv") + ".fods")))
    rows = []
    for row in tree.iterfind(".//table:table-row", NS):
        cells = []
        for cell in row.iterfind("table:table-cell", NS):
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            text = "\n".join("".join(p.itertext()) for p in cell.iterfind("text:p", NS))
            info = {"type": cell.get(f"{{{NS['office']}}}value-type"),
                    "formula": cell.get(f"{{{NS['table']}}}formula"), "text": text}  # fmt: skip
            cells += [info] * min(repeat, 50)
        rows.append(cells)
    header = [c["text"] for c in rows[0]]
    return {name: rows[1][i] for i, name in enumerate(header) if name}


def test_calc_runs_a_formula_cell_of_a_plain_csv(tmp_path):
    """The check below can fail: a cell written as is becomes a formula in Calc."""
    raw = tmp_path / "raw.csv"
    raw.write_text('claimant,lon\n"=HYPERLINK(""http://evil.example/x"",""click"")",-3.5\n')
    cells = _calc_cells(raw, tmp_path)
    assert cells["claimant"]["formula"] is not None and cells["claimant"]["text"] == "click"


@pytest.mark.parametrize("fmt", ["csv", "acled"])
def test_formula_cells_reach_calc_as_text_and_negative_numbers_as_numbers(tmp_path, fmt):
    events, articles = _events()
    path = write_events(events, articles, tmp_path, fmt, title="events")
    cells = _calc_cells(path, tmp_path)
    columns = (
        ["claimant", "actor_text", "sentence", "quantity_text", "date_text", "places"]
        if fmt == "csv"
        else ["notes", "source", "location"]
    )
    for column in columns:
        cell = cells[column]
        assert cell["formula"] is None, (column, cell)
        assert cell["type"] == "string" and cell["text"].startswith("'"), (column, cell)
    lon = cells["lon" if fmt == "csv" else "longitude"]
    assert lon["type"] == "float" and lon["text"] == "-3.5" and lon["formula"] is None


def test_explicit_paths_are_taken_as_given(tmp_path):
    events, articles = _events()
    out = tmp_path / "out"
    out.mkdir()
    named = {
        "events.v2": "events.v2.csv",  # a dot in a name is not a format: the suffix is added
        "events.csv": "events.csv",
        "EVENTS.CSV": "EVENTS.CSV",
    }
    for given, want in named.items():
        assert write_events(events, articles, out / given, "csv").name == want
    assert write_events(events, articles, out / "x.csv", "acled").name == "x.csv"
    assert write_events(events, articles, out / "x", "acled").parent.name == "x"  # a folder
    assert build_deck([], out / "brief.v2").name == "brief.v2.pptx"
    assert build_deck([], out / "con.txt").name == "con.txt.pptx"  # a deck, not a text file
    assert build_deck([], out / "deck.pptx").name == "deck.pptx"
    assert standalone_html([], out / "page.v2").name == "page.v2.html"
    assert standalone_html([], out / "page.htm").name == "page.htm"


@pytest.mark.parametrize("export", ["csv", "deck", "html"])
def test_a_path_that_is_no_file_is_refused_naming_it(tmp_path, export):
    events, articles = _events()
    folder = tmp_path / "reports"
    folder.mkdir()

    def run(path: Path) -> Path:
        if export == "csv":
            return write_events(events, articles, path, "csv")
        if export == "deck":
            return build_deck([], path)
        return standalone_html([], path)

    long_name = tmp_path / ("x" * 300)
    with pytest.raises(ExportError, match="300 bytes") as info:
        run(long_name)
    assert str(long_name) in str(info.value)
    with pytest.raises(ExportError, match="names a folder") as info:
        run(folder / "..")
    assert "reports/.." in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # nothing in the parent
    if export != "csv":  # a table export names its file in a folder; a deck or page does not
        with pytest.raises(ExportError, match="is a folder"):
            run(folder)
    assert list(folder.iterdir()) == []


def _half_then_full(real):  # type: ignore[no-untyped-def]
    """A writer that writes half its file, then meets a full disk."""

    def write(self, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        Path(path).write_bytes(b"half a fi")
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


@pytest.mark.parametrize("fmt", ["csv", "acled", "parquet"])
def test_a_full_disk_keeps_the_previous_export_and_blocks_no_later_one(tmp_path, monkeypatch,
                                                                        fmt):  # fmt: skip
    events, articles = _events()
    method = "to_parquet" if fmt == "parquet" else "to_csv"
    real = getattr(pd.DataFrame, method)
    previous = write_events(events, articles, tmp_path, fmt, title="events")
    before = previous.read_bytes()
    fresh = tmp_path / "fresh"
    monkeypatch.setattr(pd.DataFrame, method, _half_then_full(real))
    with pytest.raises(ExportError, match="disk is full") as info:
        write_events(events, articles, previous, fmt, overwrite=True)
    assert str(previous) in str(info.value)
    with pytest.raises(ExportError, match="disk is full"):
        write_events(events, articles, fresh, fmt, title="events")
    assert previous.read_bytes() == before
    assert sorted(p.name for p in fresh.iterdir()) == []  # no half file, no temporary
    monkeypatch.setattr(pd.DataFrame, method, real)
    assert write_events(events, articles, fresh, fmt, title="events").exists()  # not blocked


def test_a_full_disk_keeps_the_previous_page(tmp_path, monkeypatch):
    page = standalone_html([], tmp_path / "b.html", title="first")

    def full(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(ExportError, match="b.html.*disk is full"):
        standalone_html([], page, title="second", overwrite=True)
    monkeypatch.undo()
    assert "first" in page.read_text() and [p.name for p in tmp_path.iterdir()] == ["b.html"]


def test_a_parquet_export_of_events_without_evidence_reads_back(tmp_path):
    events, articles = _events()  # every evidence cell empty: pyarrow could not write that
    back = pd.read_parquet(write_events(events, articles, tmp_path, "parquet", title="e"))
    assert back.loc[0, "evidence"] == "{}"
    assert back.loc[0, "claimant"] == EVIL["claimant"]  # no spreadsheet opens it: as written
