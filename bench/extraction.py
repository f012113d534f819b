"""Body extraction on the Scrapinghub article-extraction benchmark, engines side by side.

Prints F1, precision, recall (the benchmark's own shingle metric) and pages/s for:
`load_stories` with the default engine (serial and parallel), `load_stories` with newspaper4k,
and bare `trafilatura.extract`, all in this one run; then the ratios the project holds itself to.

    .venv/bin/python bench/extraction.py [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from helpers import config, load_stories  # noqa: E402

BENCH = config.SHARED_DIR / "benchmarks" / "article-extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """Runs of n consecutive tokens, with multiplicity."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))


def page_scores(truth: str, predicted: str) -> tuple[float, float, float]:
    """tp, fp, fn of one page, normalised to sum to 1 so long pages weigh no more."""
    t, p = shingles(truth), shingles(predicted)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(truths: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """F1, precision and recall as the benchmark defines them."""
    precisions, recalls = [], []
    for key, truth in truths.items():
        tp, fp, fn = page_scores(truth, predicted.get(key) or "")
        if tp + fp > 0:
            precisions.append(tp / (tp + fp) if fp else 1.0)
        if tp + fn > 0:
            recalls.append(tp / (tp + fn) if fn else 1.0)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def run_bare_trafilatura(paths: dict[str, Path]) -> dict[str, str]:
    import trafilatura

    return {k: trafilatura.extract(gzip.decompress(p.read_bytes())) or "" for k, p in paths.items()}


def run_load_stories(paths: dict[str, Path], **kwargs: object) -> dict[str, str]:
    frame = load_stories(list(paths.values()), cache=False, progress=False, **kwargs)
    by_source = dict(zip(frame["source"], frame["text"].fillna(""), strict=True))
    # folded duplicates share one text: give it to every source that held it
    for source, dups in zip(frame["source"], frame["duplicates"], strict=True):
        for dup in dups:
            by_source[dup] = by_source[source]
    return {k: by_source.get(str(p), "") for k, p in paths.items()}


def timed(fn: Callable[[], dict[str, str]]) -> tuple[dict[str, str], float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per engine, interleaved; the median speed is reported",
    )
    args = parser.parse_args()
    truth_all = json.loads((BENCH / "ground-truth.json").read_text("utf-8"))
    keys = sorted(truth_all)[: args.limit or None]
    truths = {k: truth_all[k]["articleBody"] for k in keys}
    paths = {k: BENCH / "html" / f"{k}.html.gz" for k in keys}
    n = len(keys)
    cores = os.cpu_count() or 1

    # warm up imports and caches so no engine pays another's start-up
    run_bare_trafilatura(dict(list(paths.items())[:3]))
    run_load_stories(dict(list(paths.items())[:3]), workers=1)
    run_load_stories(dict(list(paths.items())[:3]), workers=1, engine="newspaper")

    runs = {
        "trafilatura (bare extract)": lambda: run_bare_trafilatura(paths),
        "load_stories default, 1 process": lambda: run_load_stories(paths, workers=1),
        f"load_stories default, {cores} processes": lambda: run_load_stories(paths, workers=cores),
        "load_stories newspaper4k, 1 process": lambda: run_load_stories(
            paths, workers=1, engine="newspaper"
        ),
    }
    speeds: dict[str, list[float]] = {name: [] for name in runs}
    outputs: dict[str, dict[str, str]] = {}
    for _ in range(max(1, args.repeat)):
        for name, fn in runs.items():  # interleaved, so a busy moment hits every engine alike
            outputs[name], seconds = timed(fn)
            speeds[name].append(n / seconds)
    print(f"{n} pages from {BENCH.name}, {cores} cores, median of {args.repeat} runs\n")
    print(f"{'engine':42} {'F1':>6} {'prec':>6} {'recall':>6} {'pages/s':>8}")
    results = {}
    for name in runs:
        f1, p, r = score(truths, outputs[name])
        results[name] = statistics.median(speeds[name])
        print(f"{name:42} {f1:6.3f} {p:6.3f} {r:6.3f} {results[name]:8.1f}")
    bare = results["trafilatura (bare extract)"]
    serial = results["load_stories default, 1 process"]
    parallel = results[f"load_stories default, {cores} processes"]
    print(f"\nload_stories / bare trafilatura, 1 process: {serial / bare:.2f}x (target >= 0.90x)")
    print(
        f"load_stories / bare trafilatura, {cores} processes: {parallel / bare:.2f}x "
        f"(target >= 1.6x on 2 cores)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
