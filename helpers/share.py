"""Executed copies of the notebooks for sharing (`make share`): outputs, widget state, figures
nbviewer can show, and an HTML page of each. `python -m helpers.share [FOLDER] [--profile NAME]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from helpers import config

NOTEBOOKS = ("01_collect", "02_tag", "03_timeline", "04_briefing")
# Figures carry plotly's HTML (shown on nbviewer with plotly.js from its CDN) and a PNG for
# viewers that run no JavaScript.
SHARE_RENDERER = "plotly_mimetype+notebook_connected+png"
UNRENDERABLE = "is not able to be represented"


def execute(path: Path, params: dict[str, Any] | None = None, *, store_widget_state: bool = False,
            cwd: Path | None = None, timeout: int = 600) -> nbformat.NotebookNode:  # fmt: skip
    """Run a notebook top to bottom, with papermill-style parameters after its parameters cell."""
    nb = nbformat.read(path, as_version=4)
    if params:
        at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        injected = "\n".join(f"{k} = {v!r}" for k, v in params.items())
        nb.cells.insert(
            at + 1, nbformat.v4.new_code_cell(injected, metadata={"tags": ["injected"]})
        )
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", store_widget_state=store_widget_state,
        resources={"metadata": {"path": str(cwd or path.parent)}},
    )  # fmt: skip
    client.execute()
    return nb


def to_html(nb: nbformat.NotebookNode) -> str:
    """The notebook as nbconvert's HTML page (what nbviewer shows)."""
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return str(body)


def share(folder: Path = config.ROOT / "reports", profile: str | None = None) -> list[Path]:
    """Execute notebooks 01-04 on a fresh sample workbook into `folder`, with HTML beside each.

    With no `profile`, the workbook follows `config.SAMPLES_PROFILE` and holds `data/samples/`
    (as `make demo`); with one, it follows that profile and holds its sample folders.
    """
    folder.mkdir(parents=True, exist_ok=True)
    # paths as the notebooks see them from notebooks/, so no machine's folders show in a report
    notebooks = config.ROOT / "notebooks"
    workbook = Path(os.path.relpath(folder / "workbook.sqlite", notebooks))
    first: dict[str, Any] = {"PROFILE": profile or config.SAMPLES_PROFILE}
    if not profile:
        first["SOURCES"] = [os.path.relpath(config.SAMPLES_DIR, notebooks)]
    for stale in folder.glob("workbook.sqlite*"):  # a fresh sample workbook each time
        stale.unlink()
    written = []
    params: dict[str, dict[str, Any]] = {
        "01_collect": {"WORKBOOK": str(workbook), **first},
        "02_tag": {"WORKBOOK": str(workbook), "TAGGER": "share"},
        "03_timeline": {
            "WORKBOOK": str(workbook),
            "RENDERER": SHARE_RENDERER,
            "LIVE_FILTERS": False,
        },  # fmt: skip
        "04_briefing": {
            "WORKBOOK": str(workbook),
            "RENDERER": SHARE_RENDERER,
            "FOLDER": str(folder / "briefing"),
        },  # fmt: skip
    }
    if (folder / "briefing").exists():
        shutil.rmtree(folder / "briefing")
    for name in NOTEBOOKS:
        source = config.ROOT / "notebooks" / f"{name}.ipynb"
        nb = execute(source, params[name], store_widget_state=True, cwd=source.parent)
        target = folder / f"{name}.ipynb"
        nbformat.write(nb, target)
        page = to_html(nb)
        if UNRENDERABLE in page:
            raise RuntimeError(f"{target}: an output nbviewer cannot show")
        (folder / f"{name}.html").write_text(page, encoding="utf-8")
        written += [target, folder / f"{name}.html"]
        print(f"wrote {target} and its .html")
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: `python -m helpers.share [FOLDER]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=config.ROOT / "reports")
    parser.add_argument(
        "--profile",
        default=None,
        help=f"conflict profile (default: {config.SAMPLES_PROFILE} on the samples)",
    )
    args = parser.parse_args(argv)
    share(args.folder, args.profile or None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
