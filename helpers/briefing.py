"""The briefing pack: charts as slide-sized PNG/SVG/PDF (one kaleido server per process), a 16:9
PowerPoint deck with speaker notes, and a standalone HTML page that opens offline. The deck's
title and wording come from the conflict profile (`wording` in its profile.yaml)."""

from __future__ import annotations

import atexit
import html
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from helpers.errors import ExportError
from helpers.files import check_names, check_target, publish, safe_filename, with_suffix
from helpers.profile import Profile, load_profile

SIZES = {"slide": (1600, 900), "half": (800, 900), "square": (1000, 1000)}
DEFAULT_TITLE = "Briefing"
_server_started = False
ProfileArg = str | Path | Profile | None


__all__ = ["ExportError", "Slide", "briefing_pack", "build_deck", "deck_title", "export_chart",
           "find_browser", "speaker_notes", "standalone_html"]  # fmt: skip


def find_browser() -> str:
    """Path of the Chrome/Chromium kaleido drives ($BROWSER_PATH, else one on PATH)."""
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser",
                      "google-chrome", "google-chrome-stable", "chrome"):  # fmt: skip
        if candidate and (found := shutil.which(candidate) or (
                candidate if os.path.isfile(candidate) else None)):  # fmt: skip
            return found
    raise ExportError(
        "No Chrome or Chromium found to draw images. On Debian or Ubuntu: "
        "`sudo apt-get install chromium` (make demo does this when it can), or set BROWSER_PATH."
    )


def _start_server() -> None:
    global _server_started
    if _server_started:
        return
    import kaleido

    os.environ.setdefault("BROWSER_PATH", find_browser())
    # one browser for the whole process: the first image costs seconds, the next ones a fraction
    kaleido.start_sync_server(silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _server_started = True


def export_chart(fig: go.Figure, path_or_name: Path | str, *,
                 formats: Iterable[str] = ("png", "svg", "pdf"),
                 size: str = "slide", folder: Path | None = None,
                 overwrite: bool = False) -> list[Path]:  # fmt: skip
    """Write `fig` as slide-sized images; returns the files written.

    `path_or_name` is a path whose name each format's suffix is added to (`reports/timeline`
    -> `timeline.png`, `timeline.v2` -> `timeline.v2.png`; a name ending in one of the formats
    loses that ending first), or a title turned into a safe file name in `folder`.
    """
    if size not in SIZES:
        raise ExportError(f"size {size!r} is not one of {', '.join(SIZES)}")
    width, height = SIZES[size]
    formats = list(formats)
    path = Path(path_or_name)
    if folder is not None or path.parent == Path("."):
        path = (folder or Path(".")) / safe_filename(str(path_or_name))
    if path.suffix.lower() in {f".{fmt}" for fmt in formats}:
        path = path.with_suffix("")
    targets = [path.with_name(f"{path.name}.{fmt}") for fmt in formats]
    for target in targets:
        check_target(target, overwrite=overwrite)
    _start_server()
    import kaleido

    for target in targets:
        image = kaleido.calc_fig_sync(
            fig,
            opts={"format": target.suffix[1:], "width": width, "height": height, "scale": 1},
            topojson=pio.defaults.topojson,  # the shipped map outlines: no network needed
        )
        publish(target, partial(_write_bytes, data=image))
    return targets


@dataclass
class Slide:
    """One chart slide: the figure, its title, a one-line takeaway and the events behind it."""

    fig: go.Figure
    title: str
    takeaway: str = ""
    events: pd.DataFrame | None = None


def build_deck(slides: Sequence[Slide], path: Path | str, *, title: str | None = None,
               author: str = "", overwrite: bool = False,
               profile: ProfileArg = None) -> Path:  # fmt: skip
    """A 16:9 PPTX: a title slide, then one chart per slide with its takeaway, source line and
    speaker notes listing the events behind the chart.

    The title slide reads `title` (else the profile's `deck_title`), then the profile's name of
    the conflict, the events' date range and `author`.
    """
    from pptx import Presentation
    from pptx.util import Emu, Pt

    path = _target(Path(path), ".pptx", overwrite)
    deck = Presentation()
    width, height = Emu(12_192_000), Emu(6_858_000)  # 13.33 x 7.5 in: 16:9
    deck.slide_width, deck.slide_height = width, height
    margin = Emu(457_200)  # half an inch

    first = deck.slides.add_slide(deck.slide_layouts[0])  # title slide
    _place(first.shapes.title, margin, Emu(2_000_000), width - 2 * margin, Emu(1_400_000))
    first.shapes.title.text = title or deck_title(profile)
    subtitle = first.placeholders[1]
    _place(subtitle, margin, Emu(3_500_000), width - 2 * margin, Emu(1_200_000))
    conflict = _capital(load_profile(profile).words("conflict")) if profile is not None else ""
    subtitle.text = "\n".join(x for x in (conflict, _date_range(slides), author) if x)

    with tempfile.TemporaryDirectory() as tmp:
        for n, slide in enumerate(slides):
            page = deck.slides.add_slide(deck.slide_layouts[5])  # title only
            _place(page.shapes.title, margin, Emu(200_000), width - 2 * margin, Emu(700_000))
            page.shapes.title.text = slide.title
            page.shapes.title.text_frame.paragraphs[0].font.size = Pt(28)
            box = page.shapes.add_textbox(margin, Emu(900_000), width - 2 * margin, Emu(450_000))
            box.text_frame.text = slide.takeaway
            box.text_frame.paragraphs[0].font.size = Pt(18)
            image = export_chart(slide.fig, Path(tmp) / f"chart-{n}", formats=("png",),
                                 overwrite=True)[0]  # fmt: skip
            top = Emu(1_400_000)
            pic_h = height - top - Emu(550_000)
            pic_w = int(pic_h * 16 / 9)  # the chart is drawn at 16:9
            page.shapes.add_picture(str(image), (width - pic_w) // 2, top, pic_w, pic_h)
            foot = page.shapes.add_textbox(margin, height - Emu(500_000), width - 2 * margin,
                                           Emu(400_000))  # fmt: skip
            foot.text_frame.text = _fig_source(slide.fig)
            foot.text_frame.paragraphs[0].font.size = Pt(12)
            page.notes_slide.notes_text_frame.text = speaker_notes(slide.events)
    return publish(path, lambda tmp: deck.save(str(tmp)))


def speaker_notes(events: pd.DataFrame | None, limit: int = 40) -> str:
    """The events behind a chart, one line each: date, claimant, sentence, outlet."""
    if events is None or events.empty:
        return "No events behind this chart."
    lines = []
    for ev in events.sort_values("event_date", na_position="last").head(limit).itertuples():
        day = ev.event_date.strftime("%d %b %Y") if pd.notna(ev.event_date) else "undated"
        outlet = getattr(ev, "outlet", "") or ""
        lines.append(f"{day} · {ev.claimant} ({ev.claimant_side}): {ev.sentence} [{outlet}]")
    more = len(events) - limit
    return "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))


def deck_title(profile: ProfileArg = None) -> str:
    """The briefing's title from the profile's wording (`deck_title`), else "Briefing".

    Example:
        >>> deck_title("sudan")
        "Sudan's war in wire reports"
    """
    if profile is None:
        return DEFAULT_TITLE
    return load_profile(profile).words("deck_title", DEFAULT_TITLE)


def standalone_html(figs: Sequence[go.Figure], path: Path | str, *, title: str = DEFAULT_TITLE,
                    overwrite: bool = False) -> Path:  # fmt: skip
    """One HTML page holding the figures and plotly.js itself: it opens with no network."""
    path = _target(Path(path), ".html", overwrite)
    config: dict[str, Any] = {"displaylogo": False}
    assets = ""
    scopes = {
        (f.layout.geo.scope, f.layout.geo.resolution or 110) for f in figs if f.layout.geo.scope
    }
    if scopes:
        # plotly.js takes map outlines from window.PlotlyGeoAssets before any network fetch,
        # and a page opened from disk may not fetch files beside it: the outlines go inline
        outlines = {
            f"{scope}_{res}m": json.loads(
                (Path(str(pio.defaults.topojson)) / f"{scope}_{res}m.json").read_text("utf-8")
            )
            for scope, res in scopes
        }
        assets = f"<script>window.PlotlyGeoAssets = {{topojson: {json.dumps(outlines)}}};</script>"
    parts = [
        fig.to_html(full_html=False, include_plotlyjs=(i == 0), config=config, default_height=720)
        for i, fig in enumerate(figs)
    ]
    page = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"{assets}</head><body style='font-family:sans-serif'><h1>{html.escape(title)}</h1>"
        + "".join(f"<section>{p}</section>" for p in parts)
        + "</body></html>"
    )
    return publish(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))


def _target(path: Path, suffix: str, overwrite: bool) -> Path:
    """The file an explicit path names: taken as given, the suffix added unless it ends in it
    (`brief.v2` -> `brief.v2.pptx`, `con.txt` -> `con.txt.pptx`); a folder is refused."""
    if path.name in ("", ".", ".."):
        raise ExportError(path, f"names a folder, not a file; give a file name such as "
                          f"briefing{suffix}")  # fmt: skip
    check_names(path)
    try:
        if path.is_dir():
            raise ExportError(path, f"is a folder; give a file name in it such as "
                              f"{path / ('briefing' + suffix)}")  # fmt: skip
    except OSError as exc:
        raise ExportError(path, f"cannot be written there ({exc.strerror or exc})") from exc
    return check_target(with_suffix(path, suffix, (".htm",) if suffix == ".html" else ()),
                        overwrite=overwrite)  # fmt: skip


def _write_bytes(tmp: Path, data: bytes) -> None:
    tmp.write_bytes(data)


def _place(shape: Any, left: int, top: int, width: int, height: int) -> None:
    """Every placeholder gets its own box: the default template is laid out for 4:3."""
    shape.left, shape.top, shape.width, shape.height = left, top, width, height


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fig_source(fig: go.Figure) -> str:
    """The chart's source line as plain text (the figure holds it escaped, as plotly shows it)."""
    meta = fig.layout.meta
    return html.unescape(str(meta.get("source", ""))) if isinstance(meta, dict) else ""


def _date_range(slides: Sequence[Slide]) -> str:
    frames = [s.events for s in slides if s.events is not None and not s.events.empty]
    if not frames:
        return ""
    dates = pd.concat([f["event_date"] for f in frames]).dropna()
    if dates.empty:
        return ""
    return f"{dates.min():%d %B %Y} to {dates.max():%d %B %Y}"


def default_slides(events: pd.DataFrame, *, profile: ProfileArg = None) -> list[Slide]:
    """The standard charts of a briefing (coloured by `profile`), each with a takeaway written
    from the events."""
    from helpers import charts

    dated = events[events["event_date"].notna()]
    sides = events["claimant_side"].value_counts()
    claims = events[events["event_type"] == "territorial_claim"]
    located = events[events["lat"].notna()]
    top_place = located["places"].map(lambda p: p[0]).value_counts()
    doubted = int((events["verified"] == False).fillna(False).sum())  # noqa: E712
    by_side = ", ".join(f"{n} {s}" for s, n in sides.head(3).items())
    per_day = dated["event_date"].dt.floor("D").value_counts()
    peak = (f"Reporting peaks on {per_day.index[0]:%d %B %Y}, with {per_day.iloc[0]} events."
            if len(per_day) else "")  # fmt: skip
    return [
        Slide(charts.timeline(events, profile=profile), "Timeline of reported events",
              f"{len(dated)} dated events; claims by side: {by_side}.", dated),
        Slide(charts.claims_over_time(events, profile=profile), "Territory claimed, by side",
              f"{len(claims)} territorial claims; each side's latest figure is the line's end.",
              claims),
        Slide(charts.events_per_day(events, by="claimant_side", profile=profile),
              "Reported events per day", peak, dated),
        Slide(charts.event_map(events, profile=profile), "Where reported events took place",
              f"Most events are placed at {top_place.index[0]}." if len(top_place) else "",
              located),
        Slide(charts.verification(events, profile=profile), "How the claims stand",
              f"{doubted} battlefield claims carry the outlet's 'could not verify' caveat.",
              events),
    ]  # fmt: skip


def briefing_pack(events: pd.DataFrame, articles: pd.DataFrame, folder: Path, *,
                  title: str | None = None, author: str = "", overwrite: bool = False,
                  profile: ProfileArg = None) -> dict[str, list[Path]]:  # fmt: skip
    """Everything for a briefing in `folder`: chart images, deck, standalone HTML, event CSVs.

    Charts are coloured by `profile`, and `title` defaults to its `deck_title`.
    """
    from helpers.exchange import write_events

    folder.mkdir(parents=True, exist_ok=True)
    title = title or deck_title(profile)
    slides = default_slides(events, profile=profile)
    images = []
    for slide in slides:
        images += export_chart(slide.fig, folder / safe_filename(slide.title), overwrite=overwrite)
    deck = build_deck(slides, folder / "briefing.pptx", title=title, author=author,
                      overwrite=overwrite, profile=profile)  # fmt: skip
    page = standalone_html([s.fig for s in slides], folder / "briefing.html", title=title,
                           overwrite=overwrite)  # fmt: skip
    tables = [write_events(events, articles, folder, fmt, title="events", overwrite=overwrite)
              for fmt in ("csv", "acled")]  # fmt: skip
    return {"images": images, "deck": [deck], "html": [page], "tables": tables}
