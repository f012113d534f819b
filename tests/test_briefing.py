"""The briefing pack as files: image signatures and sizes, a deck LibreOffice opens, HTML."""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from helpers import charts
from helpers.briefing import (
    ExportError,
    Slide,
    briefing_pack,
    build_deck,
    export_chart,
    speaker_notes,
    standalone_html,
)
from tests.conftest import require

pytestmark = pytest.mark.slow


@pytest.fixture()
def events(wb) -> pd.DataFrame:
    return wb.events()


def test_chart_images_have_the_right_signature_size_and_text(events, tmp_path):
    require("chromium")
    fig = charts.timeline(events)
    png, svg, pdf = export_chart(fig, tmp_path / "timeline")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", data[16:24]) == (1600, 900)
    text = svg.read_text()
    assert text.lstrip().startswith("<svg") and "Timeline of reported events" in text
    assert "claims not independently verified" in text  # the caveat is on the image
    raw = pdf.read_bytes()
    assert raw[:5] == b"%PDF-" and raw.count(b"/Type /Page\n") + raw.count(b"/Type/Page") <= 1
    require("pdfinfo")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info)
    with pytest.raises(ExportError, match="exists"):
        export_chart(fig, tmp_path / "timeline")


def test_names_from_titles_stay_in_the_folder(events, tmp_path):
    require("chromium")
    written = export_chart(charts.verification(events), "../../etc/Kursk: day 7", folder=tmp_path,
                           formats=("png",))  # fmt: skip
    assert written[0].parent == tmp_path and written[0].name == "etc-Kursk-day-7.png"


def test_the_deck_reads_back_and_libreoffice_renders_it(events, tmp_path):
    require("chromium")
    from pptx import Presentation

    slides = [
        Slide(charts.timeline(events), "Timeline", "What happened when.", events),
        Slide(charts.event_map(events), "Map", "Where it happened.", events.iloc[:3]),
    ]
    path = build_deck(slides, tmp_path / "deck.pptx", title="Kursk", author="Desk")
    deck = Presentation(str(path))
    assert len(deck.slides) == 3
    assert deck.slide_width * 9 == deck.slide_height * 16
    chart_slides = list(deck.slides)[1:]
    for slide in chart_slides:
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # PICTURE
        assert len(pictures) == 1
        notes = slide.notes_slide.notes_text_frame.text
        assert "·" in notes and "[" in notes  # date · claimant (side): sentence [outlet]
        assert all(s.left + s.width <= deck.slide_width for s in slide.shapes)
    assert "Source:" in " ".join(s.text_frame.text for s in chart_slides[0].shapes
                                 if s.has_text_frame)  # fmt: skip
    require("libreoffice")
    require("pdftoppm")
    out = tmp_path / "rendered"
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(path)], check=True, capture_output=True, timeout=180)  # fmt: skip
    pdf = out / "deck.pdf"
    assert pdf.exists()
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(out / "page")], check=True)
    pages = sorted(out.glob("page-*.png"))
    assert len(pages) == 3
    w, h = struct.unpack(">II", pages[1].read_bytes()[16:24])
    assert abs(w / h - 16 / 9) < 0.02


def test_speaker_notes_list_the_events(events):
    notes = speaker_notes(events.head(3))
    assert len(notes.splitlines()) == 3
    assert speaker_notes(events.iloc[0:0]) == "No events behind this chart."


def test_standalone_html_carries_plotly_and_needs_no_network(events, tmp_path):
    page = standalone_html([charts.timeline(events), charts.event_map(events)],
                           tmp_path / "b.html", title="Kursk <b>")  # fmt: skip
    text = page.read_text()
    assert not re.search(r"<script[^>]+src=[\"']https?:", text)  # plotly.js is inline
    assert text.count("Plotly.newPlot") == 2 and "Kursk &lt;b&gt;" in text
    assert "window.PlotlyGeoAssets" in text and '"world_50m"' in text  # map outlines inline


def test_the_whole_pack(events, wb, tmp_path):
    require("chromium")
    pack = briefing_pack(events, wb.articles(), tmp_path / "pack", title="Kursk")
    assert len(pack["images"]) == 15 and all(p.exists() for p in pack["images"])
    assert pack["deck"][0].exists() and pack["html"][0].exists()
    assert {p.name for p in pack["tables"]} == {"events.csv", "events.acled.csv"}


def test_a_missing_browser_is_a_clear_error(monkeypatch, events, tmp_path):
    import helpers.briefing as briefing

    monkeypatch.setattr(briefing, "_server_started", False)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    monkeypatch.setattr(briefing.shutil, "which", lambda name: None)
    with pytest.raises(ExportError, match="apt-get install chromium"):
        briefing.find_browser()
    assert isinstance(Path(tmp_path), Path)


def test_a_failed_export_keeps_the_previous_deck_and_leaves_no_half_file(events, tmp_path,
                                                                         monkeypatch):  # fmt: skip
    require("chromium")
    from pptx import Presentation
    from pptx.presentation import Presentation as Deck

    slides = [Slide(charts.timeline(events), "Timeline", "What happened when.", events)]
    path = build_deck(slides, tmp_path / "out" / "deck.pptx")

    def full_disk(self, file):  # type: ignore[no-untyped-def]
        Path(file).write_bytes(b"PK\x03\x04 half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Deck, "save", full_disk)
    with pytest.raises(ExportError, match="deck.pptx.*No space left"):
        build_deck(slides * 2, path, overwrite=True)
    assert len(Presentation(str(path)).slides) == 2  # the earlier deck, whole
    assert [p.name for p in path.parent.iterdir()] == ["deck.pptx"]


def test_story_links_are_text_in_the_standalone_page_and_the_deck(tmp_path):
    from tests.test_charts import LINK, _linked_events

    events = _linked_events()
    figs = [charts.timeline(events), charts.event_map(events), charts.claims_over_time(events)]
    page = standalone_html(figs, tmp_path / "b.html").read_text()
    # plotly writes its JSON with <, > and / escaped: read it back as the browser will
    decoded = (page.replace("\\u003c", "<").replace("\\u003e", ">").replace("\\u002f", "/")
               .replace('\\"', '"'))  # fmt: skip
    assert 'href="http://evil.example' in decoded  # the words are in the page...
    assert '<a href="http://evil.example' not in decoded  # ...as text, never as a link
    require("chromium")
    from pptx import Presentation

    deck = build_deck([Slide(figs[0], "Timeline", "", events)], tmp_path / "d.pptx")
    texts = [s.text_frame.text for s in list(Presentation(str(deck)).slides)[1].shapes
             if s.has_text_frame]  # fmt: skip
    assert f"Source: AP {LINK}; claims not independently verified" in texts  # plain text there
