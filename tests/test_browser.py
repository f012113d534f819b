"""An analyst's day in a real JupyterLab, driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import config
from tests.conftest import require

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ARTIFACTS = config.ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]  # fmt: skip


def _browser() -> str:
    return require("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def lab(
    tmp_path_factory: pytest.TempPathFactory, sample_workbook: Path
) -> Iterator[dict[str, object]]:
    """JupyterLab on 127.0.0.1 over a temporary root holding the notebooks and a workbook copy."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    workbook = base / "wb.sqlite"
    shutil.copy(sample_workbook, workbook)
    for nb in sorted((config.ROOT / "notebooks").glob("0*.ipynb")):
        data = json.loads(nb.read_text())
        for cell in data["cells"]:
            if "parameters" in cell.get("metadata", {}).get("tags", []):
                cell["source"] = [*cell["source"], f"\nWORKBOOK = {str(workbook)!r}\n",
                                  f"FOLDER = {str(base / 'briefing')!r}\n"]  # fmt: skip
        (root / nb.name).write_text(json.dumps(data))
    settings = base / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    env = {
        **os.environ, "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(base / "config"), "JUPYTER_RUNTIME_DIR": str(base / "run"),
    }  # fmt: skip
    port = _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ip=127.0.0.1", "--ServerApp.token=", "--ServerApp.password=",
           "--ServerApp.disable_check_xsrf=True", f"--notebook-dir={root}"]  # fmt: skip
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, env=env, cwd=root, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    previous = signal.signal(signal.SIGTERM, lambda *_: os.killpg(proc.pid, signal.SIGKILL))
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/api/status", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield {"url": url, "workbook": workbook, "briefing": base / "briefing"}
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="module")
def page(lab: dict[str, object]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_browser(), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport={"width": 1400, "height": 1100})
        yield tab
        browser.close()


def _open_and_run(page, lab, name: str) -> None:  # type: ignore[no-untyped-def]
    """Create the kernel session first (no kernel dialog), open the notebook, Run All Cells."""
    request = urllib.request.Request(
        f"{lab['url']}/api/sessions", method="POST",
        data=json.dumps({"path": name, "type": "notebook", "name": name,
                         "kernel": {"name": "python3"}}).encode(),
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    urllib.request.urlopen(request).read()
    page.goto(f"{lab['url']}/lab/tree/{name}?reset")  # only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    time.sleep(2)  # let the notebook settle before the first click
    try:
        page.locator(".jp-CodeCell .jp-InputPrompt").first.click(timeout=10_000)
    except Exception:
        _shot(page, f"failed-open-{name}")
        raise
    page.click("div.lm-MenuBar-itemLabel:text-is('Run')")
    page.click("text=Run All Cells")
    # every code cell shows an execution count and the kernel goes idle
    try:
        page.wait_for_function(
            """() => document.querySelector('.jp-RenderedText[data-mime-type*=stderr] .ansi-red-fg')
                  || [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                     .every(p => /\\[\\d+\\]/.test(p.textContent))""",
            timeout=120_000,
        )
    except Exception:
        _shot(page, f"failed-{name}")
        raise
    if page.locator(".jp-OutputArea-output[data-mime-type*='error']").count():
        _shot(page, f"failed-{name}")
        raise AssertionError(f"{name} raised an error in the browser")


def _db(lab, sql: str, *args: object) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    with sqlite3.connect(lab["workbook"]) as db:
        return db.execute(sql, args).fetchall()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_an_analysts_day(page, lab):  # type: ignore[no-untyped-def]
    started = time.monotonic()
    # 1. collect: paste a story, upload a saved page, give the pasted one its date, a bad URL
    _open_and_run(page, lab, "01_collect.ipynb")
    collector = page.locator(".widget-vbox:has(button:has-text('Add stories'))").last
    collector.locator("textarea").first.fill(
        "(Reuters) - Ukraine said on Tuesday its troops advanced near Sudzha, and Russia said it "
        "repelled attacks near Korenevo. Reuters could not verify the claims."
    )
    with page.expect_file_chooser() as chooser:
        page.locator(
            "button.widget-upload, .widget-upload button, button:has-text('Upload')"
        ).last.click()
    chooser.value.set_files(str(config.ROOT / "tests" / "pages" / "story2.html"))
    collector.locator("button:has-text('Add stories')").click()
    page.wait_for_function(
        "() => document.body.innerText.includes('Russia says it retook two villages')",
        timeout=60_000,
    )
    assert (
        _db(lab, "SELECT count(*) FROM articles WHERE row LIKE '%repelled attacks near Korenevo%'")[
            0
        ][0]
        == 1
    )
    undated = collector.locator("select").last
    _wait(
        lambda: any(
            "Ukraine said on Tuesday" in o.replace("\xa0", " ")
            for o in undated.locator("option").all_inner_texts()
        )
    )
    label = [
        o
        for o in undated.locator("option").all_inner_texts()
        if "Ukraine said on Tuesday" in o.replace("\xa0", " ")
    ][0]  # widgets use no-break spaces
    undated.select_option(label=label)
    collector.locator("input[type=date]").last.fill("2024-08-21")
    collector.locator("button:has-text('Set date')").click()
    _wait(
        lambda: (
            _db(
                lab,
                "SELECT count(*) FROM articles WHERE row LIKE '%repelled attacks near Korenevo%' "
                "AND json_extract(row, '$.date_source') = 'analyst'",
            )[0][0]
            == 1
        )
    )
    collector.locator("textarea").first.fill("http://127.0.0.1:9/gone.html")
    collector.locator("button:has-text('Add stories')").click()
    page.wait_for_function(  # a pasted loopback link is refused, and the table says why
        "() => document.body.innerText.includes('refused')", timeout=60_000
    )
    _shot(page, "1-collect")

    # 2. tag: accept (from the keyboard), edit, reject, undo, add a missed event
    _open_and_run(page, lab, "02_tag.ipynb")
    tagger = page.locator(".widget-vbox:has(button:has-text('Save edits'))").last
    count = lambda status: _db(lab, "SELECT count(*) FROM tags WHERE status = ?", status)[0][0]  # noqa: E731
    tagger.locator("button:has-text('Accept')").focus()
    page.keyboard.press("Enter")  # the keyboard works: Enter on the focused Accept button
    _wait(lambda: count("confirmed") == 1)
    tagger.locator("select").nth(5).select_option("strike")  # the Type field (after 5 filters)
    tagger.locator("input[type=date]").first.fill("2024-08-05")
    tagger.locator("button:has-text('Save edits')").click()
    _wait(lambda: count("edited") == 1)
    edited = _db(lab, "SELECT fields FROM tags WHERE status = 'edited'")[0][0]
    assert '"event_type": "strike"' in edited and "2024-08-05" in edited
    tagger.locator("button:has-text('Reject')").click()
    _wait(lambda: count("rejected") == 1)
    tagger.locator("button:has-text('Undo')").click()
    _wait(lambda: count("rejected") == 0)
    assert count("confirmed") == 1 and count("edited") == 1
    tagger.get_by_text("Add an event the suggestions missed").click()
    tagger.locator("textarea").last.fill("buses took residents away")
    tagger.locator("button:has-text('Add missed event')").click()
    _wait(lambda: _db(lab, "SELECT count(*) FROM suggestions WHERE origin = 'analyst'")[0][0] == 1)
    _shot(page, "2-tag")

    # 3. timeline: a filter redraws the chart with fewer markers
    _open_and_run(page, lab, "03_timeline.ipynb")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=60_000)
    first_plot = page.locator(".js-plotly-plot").first
    before = first_plot.locator(".scatterlayer .point").count()
    page.locator("select[multiple]").nth(1).select_option(label="Russia")
    _wait(lambda: 0 < first_plot.locator(".scatterlayer .point").count() < before)
    first_plot.scroll_into_view_if_needed()
    _shot(page, "3-timeline")

    # 4. briefing: export the deck; it opens with python-pptx
    _open_and_run(page, lab, "04_briefing.ipynb")
    page.locator("button:has-text('Export briefing')").click()
    deck = Path(lab["briefing"]) / "briefing.pptx"
    _wait(lambda: deck.exists(), timeout=120)
    from pptx import Presentation

    assert len(Presentation(str(deck)).slides) >= 2
    _shot(page, "4-briefing")
    assert time.monotonic() - started < 180


def _wait(check, timeout: float = 30) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not check():
        if time.monotonic() > end:
            raise AssertionError("the store never showed the change")
        time.sleep(0.25)
