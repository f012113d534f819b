"""Plotly figures from the events frame, in one house template. Shaped like plotly express:
data first, columns by name, a figure back, no `.show()`.

Every chart takes the store's merged events view (`Workbook.events()`), or `extract_events`
output; an empty frame gives a figure with a plain "no events" note instead of an error. Sides
are coloured by the conflict profile passed as `profile=` (a name, folder or `Profile`; the
world layer when None: every side grey), and the map shows the profile's area.

Text from stories (sentences, claimants, outlets, places) is escaped wherever plotly would read
it as markup (hover, labels, legend, axis, source line): a story's `<a href>` shows as text.
"""

from __future__ import annotations

import html
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from helpers import config
from helpers.profile import WORLD, Profile, load_profile

ProfileArg = str | Path | Profile | None
# Okabe-Ito: distinguishable with the common colour-vision deficiencies. Sides take their colour
# from the profile (`Profile.colour`); this palette colours other categories (event types).
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442",
           "#000000", "#7F7F7F", "#882255", "#44AA99"]  # fmt: skip
STATUS_COLOURS = {
    "confirmed": "#009E73", "edited": "#56B4E9", "rejected": "#7F7F7F",
    "unverified": "#E69F00", "not yet tagged": "#DDDDDD",
}  # fmt: skip
TEMPLATE = "wiredesk"
WEBGL_FROM = 5_000  # past this many points, WebGL traces
FONT = "DejaVu Sans, Arial, sans-serif"
# The map: degrees of margin around the events' points when the profile has no area, the least
# span shown, and the widest latitude span drawn in Mercator (wider: a world projection).
MAP_MARGIN = 0.15
MAP_MIN_SPAN = 3.0
MERCATOR_MAX_LAT_SPAN = 60.0
_UNITS = {
    "settlements": "settlements", "settlement": "settlements", "villages": "settlements",
    "village": "settlements", "square kilometres": "sq km", "square kilometers": "sq km",
    "sq km": "sq km",
}  # fmt: skip


def register_template() -> None:
    """Register the house template as the default and point maps at the shipped topojson."""
    pio.templates[TEMPLATE] = go.layout.Template(
        layout={
            "font": {"family": FONT, "size": 16, "color": "#222222"},
            "title": {"font": {"size": 24}, "x": 0.01, "xanchor": "left"},
            "colorway": PALETTE,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "xaxis": {
                "showgrid": True,
                "gridcolor": "#E5E5E5",
                "linecolor": "#888888",
                "ticks": "outside",
            },  # fmt: skip
            "yaxis": {
                "showgrid": True,
                "gridcolor": "#E5E5E5",
                "linecolor": "#888888",
                "automargin": True,
            },  # fmt: skip
            "legend": {
                "orientation": "h",
                "yanchor": "bottom",
                "y": 1.01,
                "xanchor": "right",
                "x": 1,
                "font": {"size": 14},
            },  # fmt: skip
            "margin": {"l": 80, "r": 30, "t": 110, "b": 125},
            "hoverlabel": {"font": {"family": FONT, "size": 13}},
        }
    )
    pio.templates.default = TEMPLATE
    pio.defaults.topojson = str(config.DATA_DIR / "topojson")


register_template()


def titled(fig: go.Figure, title: str, subtitle: str | None = None) -> go.Figure:
    """Set a chart's title and a smaller subtitle under it."""
    text = f"<b>{title}</b>" + (f"<br><span style='font-size:15px;color:#555'>{subtitle}</span>"
                                if subtitle else "")  # fmt: skip
    fig.update_layout(title={"text": text})
    return fig


def source_line(events: pd.DataFrame) -> str:
    """'Source: AP, Reuters; claims not independently verified', from the events shown."""
    outlets = sorted(events["outlet"].dropna().unique()) if "outlet" in events else []
    names = ", ".join(outlets[:6]) + (" and others" if len(outlets) > 6 else "")
    line = f"Source: {_safe(names) or 'wire reports'}"
    if "verified" in events and (events["verified"] == False).any():  # noqa: E712 - nullable
        line += "; claims not independently verified"
    return line


def timeline(events: pd.DataFrame, lanes: str = "event_type", *, title: str | None = None,
             subtitle: str | None = None, profile: ProfileArg = None) -> go.Figure:  # fmt: skip
    """One marker per dated event on a date axis, in lanes, coloured by the claiming side.

    Marker size grows with the quantity; claims the story could not verify are hollow; a
    week- or month-precision date is drawn as a span; key events get a label. Side colours
    come from `profile` (see the module docstring).
    """
    if lanes not in ("event_type", "claimant_side", "place"):
        raise ValueError(f"lanes must be event_type, claimant_side or place, not {lanes!r}")
    dated = events[events["event_date"].notna()]
    fig = _base(events, title or "Timeline of reported events",
                subtitle or _span_note(events, dated))  # fmt: skip
    if dated.empty:
        return _no_events(fig)
    lane = _lane(dated, lanes)
    webgl = len(dated) > WEBGL_FROM
    scatter = go.Scattergl if webgl else go.Scatter
    shown = _profile(profile)
    for side in _sides(dated, shown):
        part = dated[dated["claimant_side"] == side]
        size = 9 + 4 * np.log10(1 + part["quantity"].fillna(0).clip(lower=0).to_numpy())
        hollow = (part["verified"] == False).fillna(False).to_numpy()  # noqa: E712
        half_span = part["date_precision"].map({"week": 3.5, "month": 15.0}).fillna(0)
        colour = shown.colour(side)
        trace = scatter(
            x=part["event_date"], y=lane.loc[part.index], mode="markers", name=_safe(side),
            # numeric arrays travel as compact binary; 100 is plotly's code for circle-open
            marker={"color": colour, "size": np.minimum(size, 30).astype("float32"),
                    "symbol": np.where(hollow, 100, 0).astype("int16"),
                    "line": {"width": 2, "color": colour}},
            error_x={"type": "data", "array": (half_span * 86_400_000).to_numpy("float64"),
                     "visible": bool(half_span.any()), "thickness": 3, "width": 0,
                     "color": colour},
        )  # fmt: skip
        if not webgl:  # past the WebGL threshold the hover keeps to date, lane and side
            trace.customdata = np.column_stack([
                part["sentence"].map(_wrap), _texts(part["claimant"]),
                _texts(part.get("outlet", pd.Series("", index=part.index))),
                _texts(part["date_precision"]), _texts(part["date_text"]),
            ])  # fmt: skip
            trace.hovertemplate = (
                "%{x|%d %b %Y} (%{customdata[3]}: %{customdata[4]})<br>"
                "<b>%{customdata[1]}</b> · %{customdata[2]}<br>%{customdata[0]}"
                "<extra>%{fullData.name}</extra>"
            )
        fig.add_trace(trace)
    fig.update_xaxes(type="date", rangeslider={"visible": True, "thickness": 0.06})
    # the range slider sits under the axis: the source line goes under it
    fig.update_layout(meta={**fig.layout.meta, "shift": -150}, margin={"b": 175})
    fig.update_yaxes(type="category", categoryorder="category descending",
                     title={"text": lanes.replace("_", " ")})  # fmt: skip
    for _, ev in dated[_key(dated)].head(12).iterrows():
        fig.add_annotation(x=ev["event_date"], y=lane.loc[ev.name], text=_short(ev),
                           showarrow=True, arrowhead=2, ax=0, ay=-40, font={"size": 13},
                           bgcolor="rgba(255,255,255,0.85)")  # fmt: skip
    return _finish(fig)


def claims_over_time(events: pd.DataFrame, *, title: str | None = None,
                     profile: ProfileArg = None) -> go.Figure:  # fmt: skip
    """What each side claims over time (settlements, square kilometres), as step lines."""
    claims = events[(events["event_type"] == "territorial_claim") & events["quantity"].notna()
                    & events["event_date"].notna()].copy()  # fmt: skip
    claims["measure"] = claims["unit"].map(_UNITS)
    claims = claims[claims["measure"].notna()]
    fig = _base(events, title or "Territory claimed, by side",
                "Each point is a claim as reported; the line holds the last claim")  # fmt: skip
    if claims.empty:
        return _no_events(fig, "No territorial claims with a number to show")
    measures = sorted(claims["measure"].unique())
    shown = _profile(profile)
    fig = make_subplots(rows=len(measures), cols=1, shared_xaxes=True, vertical_spacing=0.08,
                        subplot_titles=measures, figure=fig)  # fmt: skip
    for row, measure in enumerate(measures, start=1):
        part = claims[claims["measure"] == measure]
        for side in _sides(part, shown):
            rows = part[part["claimant_side"] == side].sort_values("event_date")
            fig.add_trace(go.Scatter(
                x=rows["event_date"], y=rows["quantity"], mode="lines+markers", line_shape="hv",
                name=_safe(side), legendgroup=side, showlegend=row == 1,
                line={"color": shown.colour(side), "width": 3},
                marker={"size": 10, "color": shown.colour(side)},
                customdata=np.column_stack([_texts(rows["claimant"]),
                                            _texts(rows["quantity_text"])]),
                hovertemplate="%{x|%d %b %Y}: %{customdata[1]}<br>claimed by "
                              "%{customdata[0]}<extra>%{fullData.name}</extra>",
            ), row=row, col=1)  # fmt: skip
        fig.update_yaxes(title={"text": measure}, row=row, col=1)
    fig.update_xaxes(type="date")
    return _finish(fig)


def events_per_day(events: pd.DataFrame, by: str = "event_type", *,
                   title: str | None = None, profile: ProfileArg = None) -> go.Figure:  # fmt: skip
    """Events per day as stacked bars, by event type or by claiming side."""
    if by not in ("event_type", "claimant_side"):
        raise ValueError(f"by must be event_type or claimant_side, not {by!r}")
    dated = events[events["event_date"].notna()]
    fig = _base(events, title or "Reported events per day",
                f"Stacked by {by.replace('_', ' ')}")  # fmt: skip
    if dated.empty:
        return _no_events(fig)
    counts = dated.groupby([dated["event_date"].dt.floor("D"), by]).size().unstack(fill_value=0)
    if by == "claimant_side":
        shown = _profile(profile)
        counts = counts[_sides(dated, shown)]
        colours = {side: shown.colour(side) for side in counts.columns}
    else:
        colours = dict(zip(counts.columns, PALETTE * 3, strict=False))
    for column in counts.columns:
        fig.add_trace(go.Bar(x=counts.index, y=counts[column], name=_safe(str(column)),
                             marker_color=colours.get(column, "#444444")))  # fmt: skip
    fig.update_layout(barmode="stack", bargap=0.1)
    if len(counts.columns) > 5:  # many categories: a legend down the right, clear of the title
        fig.update_layout(legend={"orientation": "v", "yanchor": "top", "y": 1, "x": 1.01,
                                  "xanchor": "left"}, margin={"r": 230})  # fmt: skip
    fig.update_xaxes(type="date")
    fig.update_yaxes(title={"text": "events"})
    return _finish(fig)


def event_map(events: pd.DataFrame, *, title: str | None = None,
              profile: ProfileArg = None) -> go.Figure:  # fmt: skip
    """Places of the events on a map of the profile's area; marker size by number of events.

    The map shows `profile.map_extent`; a profile without one (the world layer) fits the
    events' points with a margin, and with no points shows the world.
    """
    located = events[events["lat"].notna() & events["lon"].notna()].copy()
    shown = _profile(profile)
    located["place"] = located["places"].map(lambda ps: ps[0] if ps else "")
    # a country's centre is no place: left off the map (and out of a fitted extent)
    located = located[~located["place"].map(lambda name: _is_country(name, shown))]
    fig = _base(events, title or "Where reported events took place",
                "Marker size: number of events at the place")  # fmt: skip
    fig.update_geos(scope="world", resolution=50, showcountries=True, countrycolor="#666666",
                    showland=True, landcolor="#F4F1EA", showlakes=False, showocean=True,
                    oceancolor="#E6F0F7", **map_view(shown, located))  # fmt: skip
    if located.empty:
        fig.add_trace(go.Scattergeo(lat=[], lon=[]))
        return _no_events(fig, "No events with a known place")
    groups = located.groupby(["place", "lat", "lon"])
    table = groups.agg(
        n=("event_id", "size"), side=("claimant_side", lambda s: s.mode().iloc[0])
    ).reset_index()
    hover = groups["event_type"].apply(_type_counts).reset_index(drop=True)
    busiest = table["n"].nlargest(8).min()  # only the busiest places get a label
    for side in _sides(table.rename(columns={"side": "claimant_side"}), shown):
        part = table[table["side"] == side]
        fig.add_trace(go.Scattergeo(
            lat=part["lat"], lon=part["lon"], name=f"mostly {_safe(side)}",
            text=_texts(part["place"]).where(part["n"] >= busiest, ""),
            hovertext=_texts(part["place"]),
            mode="markers+text", textposition="top center", textfont={"size": 13},
            marker={"size": 8 + 6 * np.sqrt(part["n"]), "color": shown.colour(side),
                    "opacity": 0.8, "line": {"width": 1, "color": "white"}},
            customdata=np.column_stack([part["n"], hover.loc[part.index]]),
            hovertemplate="<b>%{hovertext}</b>: %{customdata[0]} events<br>%{customdata[1]}"
                          "<extra></extra>",
        ))  # fmt: skip
    return _finish(fig)


def verification(events: pd.DataFrame, *, title: str | None = None,
                 profile: ProfileArg = None) -> go.Figure:  # fmt: skip
    """Shares of confirmed, edited, rejected and unverified events, by claiming side (in the
    profile's order of sides)."""
    fig = _base(events, title or "How the claims stand, by side",
                "Share of each side's events by the analyst's verdict")  # fmt: skip
    if events.empty:
        return _no_events(fig)
    doubted = (events["verified"] == False).fillna(False)  # noqa: E712 - nullable column
    state = events["status"].where(~((events["status"] == "suggested") & doubted), "unverified")
    state = state.replace("suggested", "not yet tagged")
    table = pd.crosstab(events["claimant_side"], state, normalize="index") * 100
    table = table.loc[_sides(events, _profile(profile))]
    table.index = table.index.map(_safe)
    for status in [s for s in STATUS_COLOURS if s in table.columns]:
        fig.add_trace(go.Bar(
            y=table.index, x=table[status], name=status, orientation="h",
            marker_color=STATUS_COLOURS[status],
            hovertemplate="%{y}: %{x:.0f}% " + status + "<extra></extra>",
        ))  # fmt: skip
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(title={"text": "% of the side's events"}, range=[0, 100])
    return _finish(fig)


def map_view(profile: ProfileArg, located: pd.DataFrame | None = None) -> dict[str, Any]:
    """The map's `update_geos` ranges and projection for a profile's area.

    The profile's `map_extent` where it has one; else the points of `located` (lat, lon
    columns) with a margin; else the whole world.

    Example:
        >>> view = map_view("israel-lebanon")
        >>> view["lataxis_range"], view["lonaxis_range"], view["projection_type"]
        ([32.4, 34.8], [34.6, 36.9], 'mercator')
    """
    extent = dict(_profile(profile).map_extent)
    if located is not None and len(located):
        for axis in ("lat", "lon"):
            if axis not in extent:
                extent[axis] = _fit(located[axis].astype(float), 90.0 if axis == "lat" else 180.0)
    view: dict[str, Any] = {f"{axis}axis_range": list(extent[axis]) for axis in extent}
    lat = extent.get("lat", (-90.0, 90.0))
    wide = lat[1] - lat[0] > MERCATOR_MAX_LAT_SPAN
    view["projection_type"] = "natural earth" if wide else "mercator"
    return view


# ---- internals ------------------------------------------------------------------------------
def _profile(profile: ProfileArg) -> Profile:
    return load_profile(WORLD if profile is None else profile)


def _fit(values: pd.Series, limit: float) -> tuple[float, float]:
    """The range of `values` with a margin, at least MAP_MIN_SPAN wide, within +-limit."""
    lo, hi = float(values.min()), float(values.max())
    pad = max((hi - lo) * MAP_MARGIN, (MAP_MIN_SPAN - (hi - lo)) / 2, 0.0)
    return max(lo - pad, -limit), min(hi + pad, limit)


def _base(events: pd.DataFrame, title: str, subtitle: str | None) -> go.Figure:
    fig = go.Figure(layout={"template": TEMPLATE})
    titled(fig, title, subtitle)
    fig.update_layout(meta={"source": source_line(events)})
    return fig


def _finish(fig: go.Figure) -> go.Figure:
    """Put the source line at the foot of the figure, under the axis labels."""
    fig.add_annotation(
        text=fig.layout.meta["source"], xref="paper", yref="paper", x=0, y=0,
        yshift=fig.layout.meta.get("shift", -88), showarrow=False, xanchor="left",
        yanchor="top", font={"size": 13, "color": "#555555"}, name="source",
    )  # fmt: skip
    return fig


def _no_events(fig: go.Figure, note: str = "No events to show") -> go.Figure:
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       font={"size": 20, "color": "#777777"}, name="no-events")  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _finish(fig)


def _lane(dated: pd.DataFrame, lanes: str) -> pd.Series:
    if lanes == "place":
        return _texts(dated["places"].map(lambda ps: ps[0] if ps else "(no place)"))
    return _texts(dated[lanes].astype("str").str.replace("_", " "))


def _sides(frame: pd.DataFrame, profile: Profile) -> list[str]:
    """The claiming sides present, the profile's first in its order, then the rest sorted."""
    present = set(frame["claimant_side"].dropna())
    own = [s for s in profile.side_names if s in present]
    return own + sorted(present - set(own))


def _key(frame: pd.DataFrame) -> pd.Series:
    if "key" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["key"].fillna(False).astype(bool)


def _short(ev: pd.Series) -> str:
    place = _safe(ev["places"][0]) if ev["places"] else ""
    return f"{_safe(ev['event_type'].replace('_', ' '))}{' · ' + place if place else ''}"


def _span_note(events: pd.DataFrame, dated: pd.DataFrame) -> str:
    if dated.empty:
        return ""
    first, last = dated["event_date"].min(), dated["event_date"].max()
    undated = len(events) - len(dated)
    note = f"{len(dated)} events, {first:%d %b %Y} to {last:%d %b %Y}; hollow: not verified"
    return note + (f"; {undated} without a date not shown" if undated else "")


def _is_country(name: str, profile: Profile) -> bool:
    """Whether a place name is a whole country (gazetteer or world layer: "US", "Lebanon")."""
    from helpers.places import fold, load_gazetteer

    place = load_gazetteer().get(fold(name))
    term = profile.terms.get(name)
    return (place is not None and place.feature == "country") or (
        term is not None and term.kind == "country"
    )


def _type_counts(types: pd.Series) -> str:
    return "<br>".join(f"{k}: {v}" for k, v in types.value_counts().head(6).items())


def _wrap(text: Any, width: int = 80) -> str:
    """A sentence as at most four escaped lines for the hover."""
    return "<br>".join(textwrap.wrap(_safe(text), width)[:4]) if isinstance(text, str) else ""


def _safe(text: Any) -> str:
    """Text as plotly shows it: `<`, `>` and `&` as entities, so no story's markup is read."""
    return html.escape(str(text), quote=False)


def _texts(values: pd.Series) -> pd.Series:
    """Story text of a column, escaped, empty where missing."""
    return values.map(lambda v: _safe(v) if isinstance(v, str) else "")
