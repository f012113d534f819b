"""The workbook at 50,000 events: click-to-next latency of the tagger, and bulk loading speed.

Prints the median and 95th percentile time from an Accept click (driven in Python on the widget)
to the next event shown with the tag committed, and `add_stories` events/s beside a plain
`DataFrame.to_sql` of the same rows into SQLite, in the same run.

    .venv/bin/python bench/store.py [--events 50000] [--clicks 300]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from bench.extract import corpus  # noqa: E402
from helpers import config, extract_events, load_stories  # noqa: E402
from helpers.store import Workbook  # noqa: E402
from helpers.widgets import EventTagger  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--clicks", type=int, default=300)
    args = parser.parse_args()

    samples = load_stories(config.SAMPLES_DIR, progress=False)
    samples = samples[samples["status"] == "ok"].reset_index(drop=True)
    per_story = len(extract_events(samples)) / len(samples)
    stories = corpus(samples, int(args.events / per_story) + 1)
    folder = Path(tempfile.mkdtemp())

    with Workbook(folder / "bench.sqlite") as wb:
        start = time.perf_counter()
        counts = wb.add_stories(stories)
        add_s = time.perf_counter() - start
        n_events = counts["new"]
        events = wb.events()

    # the peer: the same event rows written by pandas, list/dict cells as JSON text
    flat = events.copy()
    for col in ("places", "evidence"):
        flat[col] = flat[col].map(json.dumps)
    with sqlite3.connect(folder / "peer.sqlite") as db:
        start = time.perf_counter()
        flat.to_sql("events", db, index=False)
        peer_s = time.perf_counter() - start
    extract_s = _extract_seconds(stories)

    print(f"{len(stories)} stories, {n_events} events")
    print(f"  add_stories (extract + store)  {n_events / add_s:9.0f} events/s ({add_s:.1f} s)")
    print(f"    of which extraction           {extract_s:9.1f} s")
    store_s = max(add_s - extract_s, 1e-9)
    print(f"    storing alone                 {n_events / store_s:9.0f} events/s")
    print(f"  DataFrame.to_sql, same rows    {n_events / peer_s:9.0f} events/s ({peer_s:.1f} s)")
    print(f"  storing / to_sql               {peer_s / store_s:9.2f}x\n")

    with Workbook(folder / "bench.sqlite") as wb:
        start = time.perf_counter()
        tagger = EventTagger(wb, tagger="bench")
        open_s = time.perf_counter() - start
        latencies = []
        for _ in range(args.clicks):
            before = tagger.value["event_id"]
            start = time.perf_counter()
            tagger._b_accept.click()
            latencies.append((time.perf_counter() - start) * 1000)
            assert tagger.value["event_id"] != before
        tagged = wb.counts()["confirmed"]
    assert tagged == args.clicks, (tagged, args.clicks)
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"tagger on {n_events} events: opened in {open_s:.1f} s")
    print(
        f"  Accept click -> next event shown, tag committed: median "
        f"{statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms over {args.clicks} clicks "
        f"(target median < 30 ms)"
    )
    return 0


def _extract_seconds(stories) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    extract_events(stories)
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
