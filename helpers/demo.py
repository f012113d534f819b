"""The main job on a sample corpus: `python -m helpers.demo` (what `make demo` runs).

With no `--profile`, the bundled corpus `data/samples/` with its profile
(`config.SAMPLES_PROFILE`); `--profile NAME` runs the same job on that profile's sample folders
(`samples` in its profile.yaml), extracting, charting and titling with that profile.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pandas as pd

from helpers import config
from helpers.collect import load_stories
from helpers.extract import AUTO, extract_events
from helpers.profile import Profile, load_profile, shipped
from helpers.sentences import split_sentences
from helpers.summary import event_table, failure_table, story_table, with_outlet


def main(argv: list[str] | None = None) -> int:
    """Load the sample stories; print the stories, what failed and the suggested events."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "sources",
        nargs="*",
        type=Path,
        help="files or folders to load (default: the profile's sample corpus)",
    )
    parser.add_argument(
        "--profile",
        default=None,
        help=f"conflict profile: {', '.join(shipped())}, world or a folder "
        f"(default: {config.SAMPLES_PROFILE} on {_short(str(config.SAMPLES_DIR))})",
    )
    parser.add_argument("--engine", default=config.DEFAULT_ENGINE, choices=config.ENGINES)
    parser.add_argument(
        "--out",
        type=Path,
        default=config.ROOT / "out" / "briefing",
        help="folder for the briefing pack",
    )
    args = parser.parse_args(argv)
    chosen = args.profile or None  # make demo passes PROFILE= (empty): the default
    profile = load_profile(chosen or config.SAMPLES_PROFILE)
    sources = args.sources or sample_sources(chosen)
    if not sources:
        parser.error(f"profile {profile.name!r} lists no sample folders: name files to load")

    articles = load_stories(sources, engine=args.engine, progress=False)
    sentences = split_sentences(articles)
    events = extract_events(articles, sentences, profile=profile)
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
        pack = write_pack(events, articles, args.out, profile)
        print(f"\nBriefing pack ({profile.title}) in {_short(str(args.out))}/:")
        for kind, paths in pack.items():
            print(f"  {kind:7} " + ", ".join(p.name for p in paths))
    return 0 if failed.empty else 1


def sample_sources(profile: str | Path | Profile | None = None) -> list[Path]:
    """The sample corpus of a demo or a new workbook: `data/samples/` with no profile (or
    "auto"), else the profile's sample folders (none for the world layer).

    Example:
        >>> [p.name for p in sample_sources("israel-lebanon")]
        ['samples']
    """
    if profile is None or (isinstance(profile, str) and profile in ("", AUTO)):
        return [config.SAMPLES_DIR]
    return [folder for folder in load_profile(profile).samples if folder.exists()]


def write_pack(events: pd.DataFrame, articles: pd.DataFrame, folder: Path,
               profile: str | Path | Profile = config.SAMPLES_PROFILE
               ) -> dict[str, list[Path]]:  # fmt: skip
    """The briefing pack of the events, titled and coloured by `profile` (replacing an earlier
    pack in `folder`)."""
    from helpers.briefing import briefing_pack

    shown = with_outlet(events, articles)
    return briefing_pack(shown, articles, folder, author="Wire Desk sample briefing",
                         overwrite=True, profile=profile)  # fmt: skip


def _short(source: str) -> str:
    """A path relative to the working folder when it is one, for readable output."""
    path = Path(source)
    return os.path.relpath(path) if path.is_absolute() and path.exists() else source


if __name__ == "__main__":
    raise SystemExit(main())
