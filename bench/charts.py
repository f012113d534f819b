"""Seconds to build each chart and the size of its JSON at 1k, 10k and 100k events, beside
`plotly.express.scatter` of the same points in the same run.

    .venv/bin/python bench/charts.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.express as px

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from helpers import charts, config, schema  # noqa: E402
from helpers.profile import load_profile  # noqa: E402


def synthetic(n: int, seed: int = 7) -> pd.DataFrame:
    """`n` events spread over the incursion's months, all sides and types."""
    rng = np.random.default_rng(seed)
    sides = np.array(load_profile(config.SAMPLES_PROFILE).side_names)
    types = np.array(schema.EVENT_TYPES)
    places = [("Sudzha", 51.19, 35.27), ("Korenevo", 51.41, 34.90), ("Glushkovo", 51.34, 34.64),
              ("Kursk", 51.73, 36.18), ("Sumy", 50.91, 34.80)]  # fmt: skip
    pick = rng.integers(0, len(places), n)
    return pd.DataFrame({
        "event_id": [f"e{i}" for i in range(n)], "article_id": "a", "sentence": "a sentence",
        "event_type": types[rng.integers(0, len(types), n)],
        "claimant_side": sides[rng.integers(0, len(sides), n)], "claimant": "someone",
        "event_date": pd.to_datetime("2024-08-06", utc=True)
        + pd.to_timedelta(rng.integers(0, 220, n), "D"),
        "date_precision": np.where(rng.random(n) < 0.1, "week", "day"), "date_text": "t",
        "places": [[places[i][0]] for i in pick], "lat": [places[i][1] for i in pick],
        "lon": [places[i][2] for i in pick], "quantity": rng.integers(0, 100, n).astype(float),
        "unit": "settlements", "quantity_text": "q", "verified": rng.random(n) < 0.5,
        "status": "suggested", "outlet": "Reuters",
    })  # fmt: skip


def timed(make, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fig = make(*args, **kwargs)
    return time.perf_counter() - start, len(fig.to_json())


def main() -> int:
    makers = {
        "timeline": charts.timeline,
        "claims_over_time": lambda e: charts.claims_over_time(
            e.assign(event_type="territorial_claim")),
        "events_per_day": charts.events_per_day,
        "event_map": charts.event_map,
        "verification": charts.verification,
        "px.scatter (peer)": lambda e: px.scatter(e, x="event_date", y="event_type",
                                                  color="claimant_side"),
    }  # fmt: skip
    charts.timeline(synthetic(50))  # warm up imports
    print(f"{'chart':20} {'events':>8} {'seconds':>8} {'JSON MB':>8} {'vs px.scatter':>14}")
    for n in (1_000, 10_000, 100_000):
        frame = synthetic(n)
        peer_s, _ = timed(makers["px.scatter (peer)"], frame)
        for name, make in makers.items():
            seconds, size = (
                (peer_s, timed(make, frame)[1]) if "peer" in name else timed(make, frame)
            )
            print(f"{name:20} {n:8d} {seconds:8.2f} {size / 1e6:8.2f} {seconds / peer_s:13.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
