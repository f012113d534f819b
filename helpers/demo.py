"""The main job on the bundled sample corpus: `python -m helpers.demo` (what `make demo` runs)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pandas as pd

from helpers import config
from helpers.collect import load_stories
from helpers.extract import extract_events
from helpers.sentences import split_sentences
from helpers.summary import event_table, failure_table, story_table, with_outlet


def main(argv: list[str] | None = None) -> int:
    """Load the sample stories; print the stories, what failed and the suggested events."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        default=[config.SAMPLES_DIR],
        help="files or folders to load (default: the sample corpus)",
    )
    parser.add_argument("--engine", default=config.DEFAULT_ENGINE, choices=config.ENGINES)
    parser.add_argument(
        "--out",
        type=Path,
        default=config.ROOT / "out" / "briefing",
        help="folder for the briefing pack",
    )
    args = parser.parse_args(argv)

    articles = load_stories(args.sources, engine=args.engine, progress=False)
    sentences = split_sentences(articles)
    events = extract_events(articles, sentences)
    with pd.option_context(
        "display.width", 200, "display.max_rows", 500, "display.max_colwidth", 60
    ):
        print(f"Stories ({(articles['status'] == 'ok').sum()} loaded, {len(sentences)} sentences):")
        print(story_table(articles).to_string())
        failed = failure_table(articles)
        failed["source"] = failed["source"].map(_short)
        if len(failed):
            print(f"\n{len(failed)} input(s) could not be used:")
            print(failed.to_string())
        folded = articles[articles["duplicates"].str.len() > 0]
        for _, row in folded.iterrows():
            also = ", ".join(_short(d) for d in row["duplicates"])
            print(f"\nSame story, read once: {_short(row['source'])} (also {also})")
        counts = events.groupby(["event_type", "claimant_side"]).size().unstack(fill_value=0)
        print(
            f"\nSuggested events: {len(events)} from {events['article_id'].nunique()} stories, "
            "by type and the side that claims them:"
        )
        print(counts.to_string())
        print("\nEvents, story by story (suggestions for the analyst to confirm):")
        print(event_table(events, articles).to_string())
        pack = write_pack(events, articles, args.out)
        print(f"\nBriefing pack for the sample corpus in {_short(str(args.out))}/:")
        for kind, paths in pack.items():
            print(f"  {kind:7} " + ", ".join(p.name for p in paths))
    return 0 if failed.empty else 1


def write_pack(events: pd.DataFrame, articles: pd.DataFrame, folder: Path
               ) -> dict[str, list[Path]]:  # fmt: skip
    """The briefing pack of the events (replacing an earlier one in `folder`)."""
    from helpers.briefing import briefing_pack

    shown = with_outlet(events, articles)
    return briefing_pack(shown, articles, folder, title="The Kursk incursion in wire reports",
                         author="Wire Desk sample briefing", overwrite=True)  # fmt: skip


def _short(source: str) -> str:
    """A path relative to the working folder when it is one, for readable output."""
    path = Path(source)
    return os.path.relpath(path) if path.is_absolute() and path.exists() else source


if __name__ == "__main__":
    raise SystemExit(main())
