#!/usr/bin/env python3
"""Score the extractor on hand-coded truth folders: one line per folder, pooled, and per story.

.venv/bin/python scripts/score.py tests/truth tests/truth/profiles/sudan [-v] [--profile auto]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.evaluate import pooled, score_files  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--profile", default=None)
    args = ap.parse_args()
    kw = {"profile": args.profile} if args.profile else {}
    everything = []
    for folder in args.folders:
        files = sorted(folder.rglob("*.json")) if folder.is_dir() else [folder]
        scores = score_files(files, ROOT, **kw)
        everything += scores
        p = pooled(scores)
        print(
            f"{str(folder):45s} n={p['stories']:3d} recall {p['recall']:.3f} precision "
            f"{p['precision']:.3f} date {p['date']:.3f} side {p['side']:.3f}"
        )
        if args.verbose:
            for s in scores:
                print(
                    f"  {s.story[:40]:40s} R {s.recall:.2f} P {s.precision:.2f} "
                    f"D {s.date_accuracy:.2f} S {s.side_accuracy:.2f}"
                )
                for m in s.missed:
                    print("     MISSED", m)
                for w in s.wrong:
                    print("     WRONG ", w)
                for w in s.mismatched:
                    print("     DIFF  ", w)
    if len(args.folders) > 1:
        p = pooled(everything)
        print(
            f"{'pooled':45s} n={p['stories']:3d} recall {p['recall']:.3f} precision "
            f"{p['precision']:.3f} date {p['date']:.3f} side {p['side']:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
