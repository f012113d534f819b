"""Seconds per PNG, SVG and PDF through the shared kaleido server, beside a cold
`fig.write_image` per chart (plotly's own path, a browser per call) in the same run; then the
seconds of the whole `make demo` pipeline.

    .venv/bin/python bench/export.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from helpers import config, extract_events, load_stories  # noqa: E402
from helpers.briefing import default_slides, export_chart  # noqa: E402
from helpers.summary import with_outlet  # noqa: E402


def main() -> int:
    articles = load_stories(config.SAMPLES_DIR, progress=False)
    events = with_outlet(extract_events(articles), articles)
    figs = [s.fig for s in default_slides(events)]
    folder = Path(tempfile.mkdtemp())
    # cold first: before our server starts, plotly's write_image starts a browser per call
    cold: dict[str, list[float]] = {f: [] for f in ("png", "svg", "pdf")}
    for fmt in cold:
        for i, fig in enumerate(figs):
            start = time.perf_counter()
            fig.write_image(folder / f"c{i}.{fmt}", width=1600, height=900)
            cold[fmt].append(time.perf_counter() - start)
    start = time.perf_counter()
    export_chart(figs[0], folder / "warm", formats=("png",))  # starts the shared server
    print(f"shared server: first image {time.perf_counter() - start:.2f} s (starts the browser)")
    print(f"{'format':6} {'shared s/image':>15} {'cold write_image s':>19} {'speed-up':>9}")
    for fmt in cold:
        shared = []
        for i, fig in enumerate(figs):
            start = time.perf_counter()
            export_chart(fig, folder / f"s{i}", formats=(fmt,), overwrite=True)
            shared.append(time.perf_counter() - start)
        s, c = statistics.median(shared), statistics.median(cold[fmt])
        print(f"{fmt:6} {s:15.2f} {c:19.2f} {c / s:8.1f}x")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "helpers.demo", "--out", str(folder / "pack")],
                   check=True, capture_output=True, cwd=config.ROOT)  # fmt: skip
    print(
        f"\nwhole make demo pipeline (load, extract, charts, deck, HTML, CSVs): "
        f"{time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
