"""Widgets driven in Python as a person would: set values, click buttons, check the store."""

from __future__ import annotations

import datetime as dt
import time

import ipywidgets as w
import pytest

import helpers
from helpers.store import Workbook
from helpers.widgets import EventTagger, StoryCollector

WIDGETS = [EventTagger, StoryCollector]


def _status(wb: Workbook, event_id: str) -> str:
    return str(wb.events(event_id=event_id).iloc[0]["status"])


@pytest.mark.parametrize("cls", WIDGETS, ids=[c.__name__ for c in WIDGETS])
def test_every_widget_has_a_layout_a_value_and_an_error_output(cls, wb):
    widget = cls(wb)
    assert isinstance(widget.layout, w.Widget)
    assert isinstance(widget._out, w.Output)
    assert widget._out in _descendants(widget.layout)
    widget.value  # noqa: B018 - the property must exist and not raise


def _descendants(widget: w.Widget) -> list[w.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found.extend(_descendants(child))
    return found


def test_accept_edit_reject_undo_each_saved_before_moving_on(wb):
    tagger = EventTagger(wb, tagger="ann")
    first = tagger.value["event_id"]
    tagger._b_accept.click()
    assert _status(wb, first) == "confirmed"
    second = tagger.value["event_id"]
    assert second != first
    tagger._w_event_type.value = "strike"
    tagger._w_date.value = dt.date(2024, 8, 5)
    tagger._w_places.value = "Sudzha, Lgov"
    tagger._w_notes.value = "checked"
    tagger._b_save.click()
    edited = wb.events(event_id=second).iloc[0]
    assert edited["status"] == "edited" and edited["event_type"] == "strike"
    assert edited["places"] == ["Sudzha", "Lgov"] and edited["notes"] == "checked"
    assert str(edited["event_date"].date()) == "2024-08-05"
    third = tagger.value["event_id"]
    tagger._b_reject.click()
    assert _status(wb, third) == "rejected"
    tagger._b_undo.click()
    assert _status(wb, third) == "suggested"
    assert tagger.value["event_id"] == third  # undo shows the event again
    assert "confirmed 1" in tagger._w_progress.value and "edited 1" in tagger._w_progress.value
    assert wb.history(third)["action"].tolist() == ["rejected", "undo"]


def test_skip_back_and_filters(wb):
    tagger = EventTagger(wb, tagger="ann")
    start = tagger.value["event_id"]
    tagger._b_skip.click()
    assert tagger.value["event_id"] == tagger.queue[1]
    tagger._b_back.click()
    assert tagger.value["event_id"] == start
    assert _status(wb, start) == "suggested"  # skipping saves nothing
    tagger._w_type.value = "strike"
    assert tagger.queue and set(wb.events(event_id=tagger.queue)["event_type"]) == {"strike"}
    tagger._w_side.value = "Russia"
    assert set(wb.events(event_id=tagger.queue)["claimant_side"]) == {"Russia"}
    tagger._w_status.value = "confirmed"
    assert tagger.queue == [] and tagger.value is None
    assert "Nothing left" in tagger._w_text.value


def test_errors_are_shown_and_nothing_is_saved(wb):
    tagger = EventTagger(wb, tagger="ann")
    tagger._w_tagger.value = "  "
    first = tagger.value["event_id"]
    tagger._b_accept.click()
    assert _status(wb, first) == "suggested" and tagger.value["event_id"] == first
    assert "name" in _printed(tagger._out)
    tagger._w_tagger.value = "ann"
    tagger._w_quantity.value = "lots"
    tagger._b_save.click()
    assert "not a number" in _printed(tagger._out) and _status(wb, first) == "suggested"


def _printed(out: w.Output) -> str:
    return "".join(o.get("text", "") for o in out.outputs)


def test_add_a_missed_event(wb):
    tagger = EventTagger(wb, tagger="ann")
    article_id = tagger.value["article_id"]
    tagger._w_add_type.value = "evacuation"
    tagger._w_add_sentence.value = "buses took people away"
    tagger._w_add_date.value = dt.date(2024, 8, 8)
    tagger._w_add_places.value = "Sudzha"
    tagger._b_add.click()
    added = wb.events(origin="analyst")
    assert len(added) == 1
    row = added.iloc[0]
    assert row["article_id"] == article_id and row["event_type"] == "evacuation"
    assert row["places"] == ["Sudzha"] and row["status"] == "confirmed"


def test_story_text_is_shown_escaped(tmp_path):
    hostile = (
        "(Reuters) - Russia said on Tuesday it shelled Sudzha <script>alert('x')</script> and "
        "<img src=x onerror=alert(1)> near the border, officials said."
    )
    with Workbook(tmp_path / "x.sqlite") as wb:
        wb.add_stories(helpers.load_stories([hostile], story_date="2024-08-14"))
        tagger = EventTagger(wb, tagger="ann")
        shown = tagger._w_text.value + tagger._w_evidence.value
        assert "<script" not in shown and "<img" not in shown
        assert "&lt;script&gt;" in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
        assert "<mark>" in shown  # the sentence is highlighted


def test_story_collector_pastes_uploads_and_dates(wb, tmp_path, seed_path):
    collector = StoryCollector(wb, uploads=tmp_path / "uploads")
    before = len(wb.articles())
    collector._w_sources.value = (
        "KYIV (Reuters) - Ukraine said on Friday its troops advanced near Sudzha, and Russia "
        "said it repelled attacks near Korenevo. Reuters could not verify the claims."
    )
    collector._w_date.value = dt.date(2024, 8, 16)
    collector._b_add.click()
    assert collector.wait(60)
    assert _printed(collector._out).count("stored") == 1
    assert len(wb.articles()) == before + 1
    content = seed_path.read_bytes()
    collector._w_upload.value = (
        {"name": "../seed story.txt", "type": "text/plain", "size": len(content),
         "content": memoryview(content), "last_modified": dt.datetime(2024, 8, 14)},
    )  # fmt: skip
    collector._b_add.click()
    assert collector.wait(60)
    assert len(wb.articles()) == before + 2
    saved = list((tmp_path / "uploads").rglob("*.txt"))
    assert saved and all((tmp_path / "uploads") in p.parents for p in saved)
    assert "Ukraine kept pounding" in collector._w_stories.value
    undated = dict(collector._w_undated.options)
    seed_id = next(v for k, v in undated.items() if k.startswith("Ukraine kept"))
    collector._w_undated.value = seed_id
    collector._w_set_date.value = dt.date(2024, 8, 14)
    collector._b_set_date.click()
    assert wb.articles(article_id=seed_id).iloc[0]["date_source"] == "analyst"
    assert wb.events(article_id=seed_id)["event_date"].notna().any()


@pytest.mark.network
def test_story_collector_shows_failed_urls(wb, site, fast_fetch, tmp_path):
    collector = StoryCollector(wb, uploads=tmp_path / "uploads", load_options=fast_fetch)
    collector._w_sources.value = site.url("/story.html") + "\n" + site.url("/nothing-here")
    collector._b_add.click()
    assert collector.wait(60)
    assert "404" in collector._w_failures.value and "nothing-here" in collector._w_failures.value
    assert "Seym river" in collector._w_stories.value


@pytest.mark.network
def test_story_collector_stop_ends_the_batch_with_rows_for_what_was_not_fetched(
    wb, site, other_site, fast_fetch, tmp_path
):
    options = {**fast_fetch, "timeout": 30.0}
    collector = StoryCollector(wb, uploads=tmp_path / "uploads", load_options=options)
    slow = [site.url(f"/trickle-body?n={i}") for i in range(3)]  # 30 s each, one at a time
    quick = other_site.url("/story.html")
    collector._w_sources.value = "\n".join([*slow, quick])
    collector._b_add.click()
    assert collector.busy and not collector._b_stop.disabled and collector._b_add.disabled
    deadline = time.monotonic() + 10
    while not (site.in_flight and other_site.served) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # the quick page has been read
    start = time.monotonic()
    collector._b_stop.click()
    assert collector.wait(10) and time.monotonic() - start < 10  # not the 90 s of the batch
    statuses = dict(zip(collector.value["source"], collector.value["status"], strict=True))
    assert [statuses[url] for url in slow] == ["cancelled"] * 3
    assert statuses[quick] == "ok"  # what had arrived is kept, and stored
    assert all(url in collector._w_failures.value for url in slow)
    assert "cancelled" in collector._w_failures.value and "Seym river" in collector._w_stories.value
    assert "Stopped: 3 sources not read" in _printed(collector._out)
    assert not collector._b_add.disabled and collector._b_stop.disabled


def test_chart_explorer_redraws_in_place_with_fewer_markers(wb):
    from helpers.widgets import ChartExplorer

    explorer = ChartExplorer(wb)
    timeline = explorer.figures["timeline"]

    def markers() -> int:
        return sum(len(t.x) for t in timeline.data if t.x is not None)

    before = markers()
    assert before == explorer.value["event_date"].notna().sum() > 0
    explorer._w_side.value = ("Russia",)
    after = markers()
    assert 0 < after < before and {t.name for t in timeline.data} == {"Russia"}
    assert explorer.figures["timeline"] is timeline  # the same widget, redrawn
    explorer._w_verified.value = "no"
    assert markers() <= after
    explorer._w_type.value = ()
    assert markers() == 0
    assert any("No events" in a.text for a in timeline.layout.annotations)


@pytest.mark.slow
def test_briefing_builder_exports_the_chosen_charts(wb, tmp_path):
    import shutil

    if not shutil.which("chromium"):
        pytest.skip("no chromium") if not __import__("os").environ.get("CI") else pytest.fail(
            "CI must have chromium"
        )
    from pptx import Presentation

    from helpers.widgets import BriefingBuilder

    builder = BriefingBuilder(wb, folder=tmp_path / "out", links_from=tmp_path)
    for use in builder._w_use[2:]:
        use.value = False
    builder._w_titles[0].value = "What happened when"
    builder._w_takeaways[0].value = "Fighting peaked in the first two weeks."
    builder._b_export.click()
    assert "Not done" not in "".join(o.get("text", "") for o in builder._out.outputs)
    names = {p.name for p in builder.value}
    assert {"What-happened-when.png", "What-happened-when.svg", "What-happened-when.pdf",
            "briefing.pptx", "briefing.html"} <= names  # fmt: skip
    assert builder._w_progress.value == builder._w_progress.max == 4
    assert "href='out/briefing.pptx'" in builder._w_links.value
    deck = Presentation(str(tmp_path / "out" / "briefing.pptx"))
    assert len(deck.slides) == 3
    texts = " ".join(s.text_frame.text for s in list(deck.slides)[1].shapes if s.has_text_frame)
    assert "What happened when" in texts and "Fighting peaked" in texts
    builder._b_export.click()  # the files exist now: refused, not overwritten silently
    assert "exists already" in "".join(o.get("text", "") for o in builder._out.outputs)


def test_verified_shows_unknown_and_saves_a_boolean(wb):
    tagger = EventTagger(wb, tagger="ann")
    assert tagger._w_verified.value in ("unknown", "no", "yes")
    assert dict(tagger._w_verified.options)["unknown"] == "unknown"
    event_id = tagger.value["event_id"]
    tagger._w_verified.value = "yes"
    tagger._b_save.click()
    assert bool(wb.events(event_id=event_id).iloc[0]["verified"]) is True
