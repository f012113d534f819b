"""Chart structure: traces, axes, hover, colours by side, hollow unverified, empty frames."""

from __future__ import annotations

import os
import struct

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from helpers import charts, schema
from helpers.profile import load_profile
from tests.conftest import require

RU = load_profile("russia-ukraine")  # the sample corpus' profile


@pytest.fixture()
def events(wb) -> pd.DataFrame:
    frame = wb.events()
    claim = frame[(frame["event_type"] == "territorial_claim") & frame["event_date"].notna()]
    wb.tag(claim.iloc[0]["event_id"], status="confirmed", tagger="ann", key=True)
    wb.tag(frame.iloc[1]["event_id"], status="rejected", tagger="ann")
    return wb.events()


def _points(fig: go.Figure) -> int:
    return sum(len(t.x) for t in fig.data if t.x is not None)


def test_timeline_structure(events):
    fig = charts.timeline(events, profile=RU)
    dated = events[events["event_date"].notna()]
    assert {t.type for t in fig.data} == {"scatter"}
    assert _points(fig) == len(dated)
    assert fig.layout.xaxis.type == "date" and fig.layout.yaxis.type == "category"
    assert fig.layout.xaxis.rangeslider.visible is True
    by_name = {t.name: t for t in fig.data}
    for side, trace in by_name.items():
        assert trace.marker.color == RU.colour(side)
    assert by_name["Ukraine"].marker.color == "#0072B2"  # the profile's own colours
    assert by_name["Russia"].marker.color == "#D55E00"
    russia = by_name["Russia"]
    part = dated[dated["claimant_side"] == "Russia"]
    hollow = (part["verified"] == False).fillna(False).to_numpy()  # noqa: E712
    assert hollow.any()
    assert list(russia.marker.symbol) == [100 if h else 0 for h in hollow]  # 100: circle-open
    assert fig.layout.template.layout.font.size >= 14
    assert any(
        "key" not in a.text and "territorial claim" in a.text for a in fig.layout.annotations
    )
    assert "Source:" in [a.text for a in fig.layout.annotations if a.name == "source"][0]


def test_timeline_hover_holds_the_sentence_claimant_outlet_and_precision(events):
    fig = charts.timeline(events, lanes="claimant_side")
    dated = events[events["event_date"].notna()]
    known = dated.iloc[0]
    trace = next(t for t in fig.data if t.name == known["claimant_side"])
    i = next(
        i for i, row in enumerate(trace.customdata) if row[0] == charts._wrap(known["sentence"])
    )
    row = trace.customdata[i]
    assert row[1] == known["claimant"] and row[2] == known["outlet"]
    assert row[3] == known["date_precision"]
    assert "customdata[1]" in trace.hovertemplate and "customdata[2]" in trace.hovertemplate


def test_week_precision_is_drawn_as_a_span():
    frame = schema.build([
        {"event_id": "a", "event_type": "strike", "claimant_side": "Russia", "sentence": "x",
         "event_date": "2024-08-06", "date_precision": "week", "places": ["Sudzha"]},
        {"event_id": "b", "event_type": "strike", "claimant_side": "Russia", "sentence": "y",
         "event_date": "2024-08-08", "date_precision": "day", "places": []},
    ], "events")  # fmt: skip
    trace = charts.timeline(frame).data[0]
    assert trace.error_x.visible and list(trace.error_x.array) == [3.5 * 86_400_000, 0]
    assert list(charts.timeline(frame, lanes="place").data[0].y) == ["Sudzha", "(no place)"]


@pytest.mark.parametrize("n", [0, 1])
@pytest.mark.parametrize(
    "make",
    [charts.timeline, charts.claims_over_time, charts.events_per_day, charts.event_map,
     charts.verification],
    ids=lambda f: f.__name__,
)  # fmt: skip
def test_empty_or_one_event_gives_a_figure(events, make, n):
    fig = make(events.iloc[:n])
    assert isinstance(fig, go.Figure)
    notes = [a.text for a in fig.layout.annotations if a.name == "no-events"]
    if n == 0:
        assert notes and "No" in notes[0]


def test_claims_over_time_step_lines(events):
    fig = charts.claims_over_time(events, profile=RU)
    assert fig.data and all(t.line.shape == "hv" and t.mode == "lines+markers" for t in fig.data)
    assert {t.name for t in fig.data} <= set(events["claimant_side"])
    ukraine = [t for t in fig.data if t.name == "Ukraine"]
    assert ukraine and all(t.line.color == RU.colour("Ukraine") == "#0072B2" for t in ukraine)


def test_events_per_day_stacks(events):
    fig = charts.events_per_day(events, by="claimant_side")
    assert fig.layout.barmode == "stack" and {t.type for t in fig.data} == {"bar"}
    dated = events[events["event_date"].notna()]
    assert sum(sum(t.y) for t in fig.data) == len(dated)
    with pytest.raises(ValueError, match="by must be"):
        charts.events_per_day(events, by="colour")


def test_map_counts_places_and_uses_local_topojson(events):
    fig = charts.event_map(events, profile=RU)
    assert {t.type for t in fig.data} == {"scattergeo"}
    located = events[events["lat"].notna()]
    assert sum(len(t.lat) for t in fig.data) <= located["places"].map(lambda p: p[0]).nunique()
    assert fig.layout.geo.showcountries is True
    import plotly.io as pio

    assert fig.layout.geo.scope == "world" and fig.layout.geo.resolution == 50
    assert os.path.isfile(os.path.join(pio.defaults.topojson, "world_50m.json"))


def test_verification_shares_add_to_100(events):
    fig = charts.verification(events)
    totals = np.sum([np.array(t.x, dtype=float) for t in fig.data], axis=0)
    assert np.allclose(totals, 100)
    assert {"rejected", "confirmed"} <= {t.name for t in fig.data}


def _synthetic(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    sides = np.array(RU.side_names)
    types = np.array(schema.EVENT_TYPES)
    days = pd.to_datetime("2024-08-06", utc=True) + pd.to_timedelta(rng.integers(0, 220, n), "D")
    frame = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)], "article_id": "a", "sentence": "s",
        "event_type": types[rng.integers(0, len(types), n)],
        "claimant_side": sides[rng.integers(0, len(sides), n)], "claimant": "c",
        "event_date": days, "date_precision": "day", "date_text": "t",
        "places": [["Sudzha"]] * n, "lat": 51.19, "lon": 35.27,
        "quantity": rng.integers(0, 100, n).astype(float), "unit": "settlements",
        "quantity_text": "q", "verified": rng.integers(0, 2, n).astype(bool),
        "status": "suggested", "outlet": "Reuters",
    })  # fmt: skip
    return frame


@pytest.mark.slow
def test_charts_handle_100k_events():
    frame = _synthetic(100_000)
    fig = charts.timeline(frame)
    assert {t.type for t in fig.data} == {"scattergl"}
    for make in (charts.events_per_day, charts.event_map, charts.verification):
        small = make(frame)
        assert len(small.to_json()) < 2_000_000  # aggregated, not one point per event


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
def test_charts_export_to_slide_sized_png_offline(events, tmp_path):
    require("chromium")
    from helpers.briefing import export_chart

    written = export_chart(charts.event_map(events), tmp_path / "map", formats=("png", "svg"))
    png = written[0].read_bytes()
    assert _png_size(png) == (1600, 900)
    assert "Where reported events took place" in written[1].read_text()


LINK = '<a href="http://evil.example/x">click</a>'


def _strings(value: object) -> list[str]:
    """Every string inside a figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


def _linked_events() -> pd.DataFrame:
    """Events whose story text carries a link in every field a chart shows."""
    frame = schema.build([
        {"event_id": f"e{i}", "event_type": kind, "claimant_side": "Russia",
         "claimant": f"{LINK} officials", "sentence": f"Troops took {LINK} village.",
         "event_date": "2024-08-06", "date_precision": "day", "date_text": f"on {LINK}",
         "places": [f"Sudzha {LINK}"], "lat": 51.19, "lon": 35.27, "quantity": 3.0,
         "unit": "settlements", "quantity_text": f"3 {LINK}", "verified": False,
         "status": "suggested"}
        for i, kind in enumerate(["territorial_claim", "strike"])
    ], "events")  # fmt: skip
    frame["outlet"] = f"AP {LINK}"
    frame["key"] = True
    return frame


@pytest.mark.parametrize(
    "make",
    [charts.timeline, charts.claims_over_time, charts.events_per_day, charts.event_map,
     charts.verification, lambda e: charts.timeline(e, lanes="place")],
    ids=["timeline", "claims_over_time", "events_per_day", "event_map", "verification",
         "timeline_by_place"],
)  # fmt: skip
def test_story_text_is_text_in_every_chart(make):
    fig = make(_linked_events())
    strings = _strings(fig.to_plotly_json())
    assert not [s for s in strings if "<a" in s]  # no story markup plotly would draw as a link
    shown = " ".join(strings)
    assert "&lt;a href" in shown  # the words are there, as text
    assert "Source: AP &lt;a href" in shown
