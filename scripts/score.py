#!/usr/bin/env python3
"""Score the extractor on hand-coded truth: one line per folder, pooled, and per story with -v.

    .venv/bin/python scripts/score.py tests/truth tests/truth/profiles/sudan [-v] [--profile auto]
    .venv/bin/python scripts/score.py tests/truth/profiles/* --table   # README table rows

-v lists every missed core event, wrong suggestion and wrong date or side, story by story;
--by-profile adds one line per profile that `profile="auto"` chose for the stories.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.evaluate import Scores, load_truth, pooled, score_files  # noqa: E402


def chosen_profile(truth_path: Path) -> str:
    """The profile `profile="auto"` picks for a truth file's story."""
    from helpers.collect import load_stories
    from helpers.extract.choose import choose_profile

    truth = load_truth(truth_path)
    story = ROOT / truth["story_file"]
    text = load_stories(story, story_date={str(story): truth["publication_date"]}).loc[0, "text"]
    return choose_profile(text).name


def line(name: str, scores: list[Scores], table: bool) -> str:
    """One folder's pooled figures, as a text line or a markdown table row."""
    p = pooled(scores)
    if table:
        core, emitted = sum(s.core for s in scores), sum(s.emitted for s in scores)
        return (f"| {name} ({p['stories']}) | {p['recall']:.3f} | {p['precision']:.3f} | "
                f"{p['date']:.3f} | {p['side']:.3f} | {core} | {emitted} |")  # fmt: skip
    return (f"{name:45s} n={p['stories']:3d} recall {p['recall']:.3f} precision "
            f"{p['precision']:.3f} date {p['date']:.3f} side {p['side']:.3f}")  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--table", action="store_true", help="markdown rows for the README")
    ap.add_argument("--profile", default=None)
    ap.add_argument("--by-profile", action="store_true", help="a line per chosen profile")
    args = ap.parse_args()
    kw = {"profile": args.profile} if args.profile else {}
    everything = []
    profiles: dict[str, list[Scores]] = {}
    for folder in args.folders:
        files = sorted(folder.rglob("*.json")) if folder.is_dir() else [folder]
        scores = score_files(files, ROOT, **kw)
        everything += scores
        if args.by_profile:
            for path, one in zip(files, scores, strict=True):
                profiles.setdefault(chosen_profile(path), []).append(one)
        print(line(str(folder), scores, args.table))
        if args.verbose:
            for s in scores:
                print(f"  {s.story[:40]:40s} R {s.recall:.2f} P {s.precision:.2f} "
                      f"D {s.date_accuracy:.2f} S {s.side_accuracy:.2f}")  # fmt: skip
                for kind, items in (("MISSED", s.missed), ("WRONG ", s.wrong),
                                    ("DIFF  ", s.mismatched)):  # fmt: skip
                    for item in items:
                        print(f"     {kind} {item}")
    for name in sorted(profiles):
        print(line(f"  profile {name}", profiles[name], args.table))
    if len(args.folders) > 1:
        print(line("pooled", everything, args.table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
