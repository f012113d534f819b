"""Charts to files for slides: PNG, SVG and PDF at slide size, through kaleido's shared server."""

from __future__ import annotations

import atexit
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from helpers.errors import WireDeskError
from helpers.store import safe_filename

SIZES = {"slide": (1600, 900), "half": (800, 900), "square": (1000, 1000)}
_server_started = False


class ExportError(WireDeskError):
    """A chart could not be written; the message says which file and why."""


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


def export_chart(fig: go.Figure, path_or_name: Path | str, *, formats: Iterable[str] = ("png",),
                 size: str = "slide", folder: Path | None = None,
                 overwrite: bool = False) -> list[Path]:  # fmt: skip
    """Write `fig` as slide-sized images; returns the files written.

    `path_or_name` is a path without suffix, or a title turned into a safe file name in `folder`.
    """
    if size not in SIZES:
        raise ExportError(f"size {size!r} is not one of {', '.join(SIZES)}")
    width, height = SIZES[size]
    path = Path(path_or_name)
    if folder is not None or path.parent == Path("."):
        path = (folder or Path(".")) / safe_filename(str(path_or_name))
    path.parent.mkdir(parents=True, exist_ok=True)
    targets = [path.with_suffix(f".{fmt}") for fmt in formats]
    clash = [t for t in targets if t.exists()]
    if clash and not overwrite:
        raise ExportError(f"{clash[0]} exists already; pass overwrite=True to replace it")
    _start_server()
    import kaleido

    for target in targets:
        image = kaleido.calc_fig_sync(
            fig,
            opts={"format": target.suffix[1:], "width": width, "height": height, "scale": 1},
            topojson=pio.defaults.topojson,  # the shipped map outlines: no network needed
        )
        target.write_bytes(image)
    return targets
