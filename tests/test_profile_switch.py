"""Switching the conflict profile switches what the analyst sees: the workbook's record, the
tagger's sides, chart colours, the map's area and the deck's words."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import charts, config
from helpers.briefing import build_deck, deck_title
from helpers.errors import ProfileError, TagError, WorkbookError
from helpers.profile import load_profile
from helpers.store import _MIGRATIONS, APPLICATION_ID, SCHEMA_VERSION, Workbook
from helpers.widgets import BriefingBuilder, ChartExplorer, EventTagger
from tests.conftest import require


def _settings(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        rows = dict(db.execute("SELECT key, value FROM settings").fetchall())
    db.close()
    return rows


def _own_profile(tmp_path: Path, base: str, name: str, **colours: str) -> Path:
    """A copy of a shipped profile under another name, with some sides recoloured."""
    folder = tmp_path / name
    shutil.copytree(config.PROFILES_DIR / base, folder)
    spec = folder / "profile.yaml"
    text = spec.read_text("utf-8").replace(f"name: {base}", f"name: {name}", 1)
    for side, colour in colours.items():
        head = text.index(f"\n  {side}:\n")
        at = text.index("colour:", head)
        end = text.index("\n", at)
        text = text[:at] + f'colour: "{colour}"' + text[end:]
    spec.write_text(text, "utf-8")
    return folder


# ---- the workbook's record -------------------------------------------------------------------
def test_a_workbook_records_its_profile_and_gives_it_back_on_reopen(tmp_path):
    path = tmp_path / "wb.sqlite"
    with Workbook(path, "israel-lebanon") as wb:
        assert wb.profile.name == "israel-lebanon"
    assert _settings(path) == {"profile": "israel-lebanon"}  # a shipped one: its name only
    with Workbook(path) as wb:
        assert wb.profile_name == "israel-lebanon" and wb.profile_spec == "israel-lebanon"
        assert wb.profile.name == "israel-lebanon"
        assert wb.profile.side_names[:2] == ["Israel", "Hezbollah"]
    with Workbook(path, "sudan") as wb:  # another profile: the record follows
        assert wb.profile.name == "sudan"
    with Workbook(path) as wb:
        assert wb.profile.name == "sudan" and wb.profile.side_names[:2] == ["Sudan army", "RSF"]
    assert _settings(path) == {"profile": "sudan"}


def test_a_new_workbook_without_a_profile_is_auto_and_shows_the_world_until_it_has_events(
    tmp_path,
):
    path = tmp_path / "wb.sqlite"
    with Workbook(path) as wb:
        assert wb.profile_name == "auto" and wb.profile_spec == "auto"
        assert wb.profile.name == "world" and wb.profile.side_names == ["reporter", "other"]
    assert _settings(path) == {"profile": "auto"}


def test_an_auto_workbook_shows_the_profile_its_events_name_most(wb):
    assert wb.profile_name == "auto"  # the sample workbook was made without a profile
    assert wb.profile.name == "russia-ukraine"  # its events name Ukraine and Russia
    assert wb.side_names()[:3] == ["Ukraine", "Russia", "United States"]


def test_a_profile_folder_is_recorded_with_its_path(tmp_path):
    folder = _own_profile(tmp_path, "sudan", "my-desk")
    path = tmp_path / "wb.sqlite"
    with Workbook(path, folder) as wb:
        assert wb.profile.name == "my-desk"
    assert _settings(path) == {"profile": "my-desk", "profile_path": str(folder.resolve())}
    with Workbook(path) as wb:
        assert wb.profile.name == "my-desk" and wb.profile.path == folder.resolve()
    with Workbook(path, "red-sea"):  # back to a shipped one: the folder is forgotten
        pass
    assert _settings(path) == {"profile": "red-sea"}
    with Workbook(path, load_profile(folder)):  # a Profile object is recorded the same way
        pass
    assert _settings(path)["profile_path"] == str(folder.resolve())
    shutil.rmtree(folder)
    with Workbook(path) as wb, pytest.raises(WorkbookError, match="my-desk"):
        wb.profile  # noqa: B018 - the folder is gone: a clear error, not the wrong profile


def test_an_unknown_profile_is_refused_and_the_record_kept(tmp_path):
    path = tmp_path / "wb.sqlite"
    with Workbook(path, "sudan"):
        pass
    with pytest.raises(ProfileError, match="no such profile"):
        Workbook(path, "atlantis")
    assert _settings(path) == {"profile": "sudan"}


def test_a_workbook_from_before_profiles_is_migrated_to_the_samples_profile(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(_MIGRATIONS[1])
        db.execute("PRAGMA user_version = 1")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.close()
    with Workbook(path) as wb:
        assert wb._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        assert wb.profile_name == config.SAMPLES_PROFILE == "russia-ukraine"


# ---- sides: the tagger's dropdowns and the store's validation --------------------------------
def test_switching_the_profile_switches_the_taggers_sides(wb):
    wb.set_profile("israel-lebanon")
    tagger = EventTagger(wb, tagger="ann")
    options = list(tagger._w_side_edit.options)
    assert options[:7] == ["Israel", "Hezbollah", "Lebanon", "Iran", "United States", "reporter",
                           "other"]  # fmt: skip
    # the sides the workbook's (Russia-Ukraine) events name are still offered, after the profile's
    assert {"Ukraine", "Russia"} <= set(options[7:])
    assert list(tagger._w_side.options)[1:] == options  # the filter offers the same sides
    wb.set_profile("russia-ukraine")
    tagger = EventTagger(wb, tagger="ann")
    assert list(tagger._w_side_edit.options)[:5] == ["Ukraine", "Russia", "United States",
                                                     "reporter", "other"]  # fmt: skip
    assert "Hezbollah" not in tagger._w_side_edit.options  # no event names it
    explorer = ChartExplorer(wb)
    assert list(explorer._w_side.options)[:2] == ["Ukraine", "Russia"]


def test_claimant_side_tags_accept_the_profiles_and_the_worlds_sides_only(wb):
    event_id = wb.events()["event_id"][0]
    wb.set_profile("russia-ukraine")
    with pytest.raises(TagError, match="Ukriane"):
        wb.tag(event_id, status="edited", tagger="ann", claimant_side="Ukriane")
    with pytest.raises(TagError, match="Sudan army"):  # a side of another profile only
        wb.tag(event_id, status="edited", tagger="ann", claimant_side="Sudan army")
    wb.tag(event_id, status="edited", tagger="ann", claimant_side="Hezbollah")  # a world group
    wb.set_profile("sudan")
    wb.tag(event_id, status="edited", tagger="ann", claimant_side="Sudan army")
    assert wb.events(event_id=event_id).iloc[0]["claimant_side"] == "Sudan army"
    wb.set_profile("russia-ukraine")  # a side the workbook's tags name stays offered
    assert "Sudan army" in wb.side_names()
    tagger = EventTagger(wb, tagger="ann", status="edited")
    assert tagger.value["event_id"] == event_id
    assert tagger._w_side_edit.value == "Sudan army"


# ---- colours and the map ---------------------------------------------------------------------
def test_switching_the_profile_switches_the_trace_colours(wb, tmp_path):
    events = wb.events()

    def colours(profile: object) -> dict[str, str]:
        fig = charts.timeline(events, profile=profile)
        return {t.name: t.marker.color for t in fig.data}

    ru = colours("russia-ukraine")
    assert ru["Ukraine"] == "#0072B2" and ru["Russia"] == "#D55E00"
    world = colours("world")
    assert world["Ukraine"] != ru["Ukraine"] and world["Ukraine"].startswith("#")
    assert world["Ukraine"] == load_profile("world").colour("Ukraine")  # the world's grey
    mine = colours(_own_profile(tmp_path, "russia-ukraine", "recoloured", Ukraine="#123456"))
    assert mine["Ukraine"] == "#123456" and mine["Russia"] == "#D55E00"
    bars = charts.events_per_day(events, by="claimant_side", profile="russia-ukraine")
    assert {t.name: t.marker.color for t in bars.data}["Russia"] == "#D55E00"
    assert [t.name for t in bars.data][:2] == ["Ukraine", "Russia"]  # the profile's order


def _events_at(points: list[tuple[str, float, float]]) -> pd.DataFrame:
    from helpers import schema

    return schema.build([
        {"event_id": f"e{i}", "event_type": "strike", "claimant_side": "Israel", "sentence": "s",
         "event_date": "2024-10-01", "places": [name], "lat": lat, "lon": lon}
        for i, (name, lat, lon) in enumerate(points)
    ], "events")  # fmt: skip


def test_switching_the_profile_switches_the_maps_extent():
    events = _events_at([("Beirut", 33.89, 35.50), ("Tyre", 33.27, 35.20)])
    lebanon = charts.event_map(events, profile="israel-lebanon").layout.geo
    assert tuple(lebanon.lataxis.range) == (32.4, 34.8)
    assert tuple(lebanon.lonaxis.range) == (34.6, 36.9)
    sudan = charts.event_map(events, profile="sudan").layout.geo
    assert tuple(sudan.lataxis.range) == (8.0, 22.5) and tuple(sudan.lonaxis.range) == (21.5, 38.8)
    assert lebanon.scope == sudan.scope == "world"  # any area, one set of outlines


def test_a_profile_without_an_area_fits_the_events_with_a_margin():
    events = _events_at([("Beirut", 33.89, 35.50), ("Tyre", 33.27, 35.20)])
    geo = charts.event_map(events, profile="world").layout.geo
    lat, lon = tuple(geo.lataxis.range), tuple(geo.lonaxis.range)
    assert lat[0] < 33.27 and lat[1] > 33.89 and lon[0] < 35.20 and lon[1] > 35.50
    assert lat[1] - lat[0] == pytest.approx(charts.MAP_MIN_SPAN)  # close points: the least span
    wide = _events_at([("Khartoum", 15.50, 32.56), ("Kyiv", 50.45, 30.52)])
    lat = tuple(charts.event_map(wide, profile="world").layout.geo.lataxis.range)
    assert lat[0] < 15.5 and lat[1] > 50.45 and lat[1] - lat[0] < 60
    nowhere = charts.event_map(events.iloc[:0], profile="world").layout.geo
    assert nowhere.lataxis.range is None  # nothing to fit: the whole world


# ---- the deck's words ------------------------------------------------------------------------
def _title_slide(path: Path) -> tuple[str, str]:
    from pptx import Presentation

    first = Presentation(str(path)).slides[0]
    return first.shapes.title.text, first.placeholders[1].text


def test_switching_the_profile_switches_the_decks_wording(tmp_path):
    sudan = _title_slide(build_deck([], tmp_path / "sudan.pptx", profile="sudan", author="Desk"))
    assert sudan[0] == "Sudan's war in wire reports"
    assert sudan[1].splitlines() == ["Sudan's war between the army and the RSF", "Desk"]
    red_sea = _title_slide(build_deck([], tmp_path / "red.pptx", profile="red-sea"))
    assert red_sea[0] == "The Red Sea crisis in wire reports"
    assert red_sea[1] == "The Houthi campaign against Red Sea shipping"
    plain = _title_slide(build_deck([], tmp_path / "plain.pptx"))
    assert plain == ("Briefing", "")
    assert deck_title("israel-lebanon") == "Israel and Hezbollah in wire reports"


def test_the_briefing_builder_titles_the_deck_from_the_workbooks_profile(wb):
    wb.set_profile("israel-gaza")
    assert BriefingBuilder(wb)._w_deck_title.value == "The Gaza war in wire reports"
    wb.set_profile("russia-ukraine")
    assert BriefingBuilder(wb)._w_deck_title.value == "The Russia-Ukraine war in wire reports"


# ---- the demo and make ----------------------------------------------------------------------
def test_make_demo_passes_the_profile_through():
    require("make")
    dry = subprocess.run(["make", "-n", "demo", "PROFILE=israel-lebanon"], cwd=config.ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "-m helpers.demo --profile israel-lebanon" in dry
    plain = subprocess.run(["make", "-n", "demo"], cwd=config.ROOT, capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "-m helpers.demo" in plain and "--profile" not in plain


@pytest.mark.slow
def test_the_demo_runs_on_another_profiles_samples(tmp_path):
    require("chromium")
    out = tmp_path / "pack"
    done = subprocess.run(
        [sys.executable, "-m", "helpers.demo", "--profile", "israel-lebanon", "--out", str(out)],
        cwd=config.ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Stories (4 loaded" in done.stdout and "Hezbollah" in done.stdout
    assert "Kursk" not in done.stdout
    title, subtitle = _title_slide(out / "briefing.pptx")
    assert title == "Israel and Hezbollah in wire reports"
    assert subtitle.startswith("The war between Israel and Hezbollah")
