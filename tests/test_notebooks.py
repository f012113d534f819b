"""Notebooks run headless from a clean kernel, and each stays paired with its py:percent file."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

from helpers import config
from helpers.share import UNRENDERABLE, execute, share, to_html

NOTEBOOKS = sorted((config.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def run_notebook(path: Path, **params: object) -> nbformat.NotebookNode:
    """Execute a notebook with papermill-style parameters injected after its parameters cell."""
    return execute(path, params, timeout=300)


def _text(nb: nbformat.NotebookNode) -> str:
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            out.append(str(data.get("text/plain", "")) + str(output.get("text", "")))
            assert output.get("output_type") != "error", output
    return "\n".join(out)


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no numbered notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_paired_with_its_percent_script(path):
    script = jupytext.read(path.with_suffix(".py"))
    notebook = nbformat.read(path, as_version=4)
    assert [c.source for c in script.cells] == [c.source for c in notebook.cells]
    assert all(not c.get("outputs") for c in notebook.cells), "commit notebooks without outputs"


@pytest.mark.slow
def test_collect_notebook_runs_on_pages_and_pasted_text(seed_path):
    pages = Path(__file__).parent / "pages"
    nb = run_notebook(
        config.ROOT / "notebooks" / "01_collect.ipynb",
        SOURCES=[str(pages / "story.html"), str(seed_path), "missing-file.txt"],
        STORY_DATE="2024-08-14",
    )
    text = _text(nb)
    assert "Bridge over Seym river destroyed" in text
    assert "2024-08-14 00:00" in text  # the seed story got the analyst's date
    assert "not_found" in text and "missing-file.txt" in text
    assert "infrastructure_damage" in text or "strike" in text  # the bridge story's events
    assert "territorial_claim" in text  # the seed's 74 settlements


@pytest.mark.slow
def test_tag_notebook_opens_a_new_workbook_with_the_samples(tmp_path):
    path = tmp_path / "wb.sqlite"
    nb = run_notebook(config.ROOT / "notebooks" / "02_tag.ipynb", WORKBOOK=str(path),
                      TAGGER="nb-test")  # fmt: skip
    text = _text(nb)
    assert "'suggested':" in text
    views = [o for c in nb.cells for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]  # fmt: skip
    assert views, "the tagger widget was not displayed"
    from helpers.store import Workbook

    with Workbook(path) as wb:
        assert wb.counts()["suggested"] > 200


@pytest.mark.slow
def test_timeline_notebook_runs_and_stays_small(tmp_path):
    nb = run_notebook(config.ROOT / "notebooks" / "03_timeline.ipynb",
                      WORKBOOK=str(tmp_path / "wb.sqlite"))  # fmt: skip
    _text(nb)  # raises on an error output
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    html_figures = [o for o in outputs if "plotly" in o.get("data", {}).get("text/html", "")]
    assert len(html_figures) >= 3  # figures nbviewer can show, not only the mimetype bundle
    nb.metadata.pop("widgets", None)  # live widget state is for sharing (make share), not here
    size = len(nbformat.writes(nb))
    assert size < 500_000, size  # connected plotly.js, not 5 MB embedded per notebook


@pytest.mark.slow
def test_briefing_notebook_runs(tmp_path):
    path = config.ROOT / "notebooks" / "04_briefing.ipynb"
    nb = run_notebook(path, WORKBOOK=str(tmp_path / "wb.sqlite"), FOLDER=str(tmp_path / "out"))
    _text(nb)
    assert UNRENDERABLE not in to_html(nb)


@pytest.mark.slow
def test_make_share_writes_executed_notebooks_that_nbviewer_can_show(tmp_path):
    written = share(tmp_path)
    assert {p.name for p in written} == {f"{n}.{s}" for n in
                                         ("01_collect", "02_tag", "03_timeline", "04_briefing")
                                         for s in ("ipynb", "html")}  # fmt: skip
    for path in written:
        assert path.stat().st_size < 3_000_000, path
        if path.suffix == ".html":
            assert UNRENDERABLE not in path.read_text()
    tag = nbformat.read(tmp_path / "02_tag.ipynb", as_version=4)
    assert tag.metadata.get("widgets"), "the tagger's widget state is kept for nbviewer"
    timeline = nbformat.read(tmp_path / "03_timeline.ipynb", as_version=4)
    outputs = [o for c in timeline.cells for o in c.get("outputs", [])]
    assert sum("image/png" in o.get("data", {}) for o in outputs) >= 4  # shows without JS
    assert all(c.get("execution_count") for c in timeline.cells if c.cell_type == "code")
