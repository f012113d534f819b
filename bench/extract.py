"""Speed, memory and scores of `extract_events`, beside dateparser's `search_dates`.

Prints sentences/s of `extract_events` on the sample corpus and on a corpus of 10,000 stories
built from it, next to `dateparser.search.search_dates` run over the same sentences (the library a
user would reach for to find dates in text) in the same run; memory at growing corpus sizes; and
the scores on the seed story and on every hand-coded truth file.

    .venv/bin/python bench/extract.py [--stories 10000] [--baseline-sentences 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from helpers import config, extract_events, load_stories, split_sentences  # noqa: E402
from helpers.evaluate import Scores, load_truth, score  # noqa: E402


def corpus(articles: pd.DataFrame, n: int) -> pd.DataFrame:
    """`n` stories cycled from `articles`, each with its own id and a shifted date."""
    reps = -(-n // len(articles))
    big = pd.concat([articles] * reps, ignore_index=True).iloc[:n].copy()
    copy_no = pd.Series(range(len(big))) // len(articles)
    big["article_id"] = big["article_id"] + "-" + copy_no.astype(str)
    big["published"] = big["published"] + pd.to_timedelta(copy_no % 365, unit="D")
    return big.reset_index(drop=True)


def rate(fn, n_sentences: int, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Median sentences per second of `fn()` over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return n_sentences / statistics.median(times)


def search_dates_over(sentences: list[str], bases: list[pd.Timestamp]) -> int:
    from dateparser.search import search_dates

    found = 0
    for text, base in zip(sentences, bases, strict=True):
        settings = (
            {"RELATIVE_BASE": base.to_pydatetime().replace(tzinfo=None)} if pd.notna(base) else {}
        )
        found += len(search_dates(text, languages=["en"], settings=settings) or [])
    return found


def peak_mb(articles: pd.DataFrame) -> float:
    tracemalloc.start()
    extract_events(articles, split_sentences(articles))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def scores() -> list[Scores]:
    out = []
    seed = config.SHARED_DIR / "seeds" / "000_b9689d28a3ed4c18.txt"
    pairs = [(config.SHARED_DIR / "eval" / "seed_events.json", seed, "2024-08-14")]
    for path in sorted((config.ROOT / "tests" / "truth").rglob("*.json")):
        truth = load_truth(path)
        pairs.append((path, config.ROOT / truth["story_file"], truth["publication_date"]))
    for truth_path, story, day in pairs:
        arts = load_stories(story, story_date={str(story): day}, progress=False)
        events = extract_events(arts)
        name = truth_path.relative_to(truth_path.parents[1]).with_suffix("")
        out.append(score(events, arts.loc[0, "text"], load_truth(truth_path), str(name)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument(
        "--baseline-sentences",
        type=int,
        default=1000,
        help="sentences of the big corpus given to search_dates (it is slow)",
    )
    args = parser.parse_args()

    articles = load_stories(config.SAMPLES_DIR, progress=False)
    articles = articles[articles["status"] == "ok"].reset_index(drop=True)
    sentences = split_sentences(articles)
    extract_events(articles, sentences)  # warm up: imports, gazetteer, regex caches
    bases = sentences["article_id"].map(dict(zip(articles["article_id"], articles["published"],
                                                  strict=True)))  # fmt: skip
    n = len(sentences)
    ours = rate(lambda: extract_events(articles, sentences), n)
    theirs = rate(lambda: search_dates_over(list(sentences["text"]), list(bases)), n, repeat=1)
    print(f"sample corpus: {len(articles)} stories, {n} sentences, one process")
    print(f"  extract_events          {ours:9.0f} sentences/s")
    print(f"  dateparser search_dates {theirs:9.0f} sentences/s")
    print(f"  ratio                   {ours / theirs:9.1f}x (target: >= 2,000/s and faster)\n")

    big = corpus(articles, args.stories)
    big_sentences = split_sentences(big)
    m = len(big_sentences)
    start = time.perf_counter()
    events = extract_events(big, big_sentences)
    big_rate = m / (time.perf_counter() - start)
    k = min(args.baseline_sentences, m)
    sub = big_sentences.iloc[:k]
    sub_bases = sub["article_id"].map(dict(zip(big["article_id"], big["published"], strict=True)))
    big_theirs = rate(lambda: search_dates_over(list(sub["text"]), list(sub_bases)), k, repeat=1)
    print(f"built corpus: {len(big)} stories, {m} sentences, {len(events)} events")
    print(f"  extract_events          {big_rate:9.0f} sentences/s")
    print(f"  dateparser search_dates {big_theirs:9.0f} sentences/s (first {k} sentences)")
    print(f"  ratio                   {big_rate / big_theirs:9.1f}x\n")

    print("memory (tracemalloc peak of split_sentences + extract_events):")
    for size in (250, 500, 1000, 2000):
        mb = peak_mb(corpus(articles, size))
        print(f"  {size:5d} stories  {mb:7.1f} MB  ({mb / size * 1000:6.1f} MB per 1,000 stories)")

    print("\nscores against hand-coded truth:")
    table = pd.DataFrame([s.row() for s in scores()])
    print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
