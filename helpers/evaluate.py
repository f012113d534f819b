"""Scores of suggested events against hand-coded truth, by the rule in ../shared/eval/README.md."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

SIDE_NAMES = {"US": "United States"}


@dataclass
class Scores:
    """Recall on core events, precision of what was emitted, and date/side accuracy of matches."""

    story: str
    core: int
    core_found: int
    emitted: int
    correct: int
    duplicates: int
    matched: int
    date_right: int
    side_right: int
    missed: list[str]
    wrong: list[str]

    @property
    def recall(self) -> float:
        return self.core_found / self.core if self.core else 1.0

    @property
    def precision(self) -> float:
        counted = self.emitted - self.duplicates
        return self.correct / counted if counted else 1.0

    @property
    def date_accuracy(self) -> float:
        return self.date_right / self.matched if self.matched else 1.0

    @property
    def side_accuracy(self) -> float:
        return self.side_right / self.matched if self.matched else 1.0

    def row(self) -> dict[str, Any]:
        """The scores as one table row."""
        return {
            "story": self.story,
            "core_recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "date_right": round(self.date_accuracy, 3),
            "side_right": round(self.side_accuracy, 3),
            "emitted": self.emitted,
            "core": self.core,
        }


def load_truth(path: Path) -> dict[str, Any]:
    """A hand-coded truth file (seed_events.json format)."""
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def score(events: pd.DataFrame, text: str, truth: dict[str, Any], story: str = "") -> Scores:
    """Score one story's suggested `events` (offsets into `text`) against its `truth`."""
    truths = []
    for t in truth["events"]:
        spans = [_span(text, s) for s in [t["sentence"], *t.get("also_in", [])]]
        types = {t["event_type"], *t.get("alt_event_types", [])}
        truths.append((t, spans[0], spans[1:], types))
    matched_truth: set[str] = set()
    correct = duplicates = matched = date_right = side_right = 0
    wrong = []
    for ev in events.itertuples(index=False):
        span = (ev.char_start, ev.char_end)
        hits = [
            t for t, main, _, types in truths if _overlap(span, main) and ev.event_type in types
        ]
        if hits:
            fresh = [t for t in hits if t["id"] not in matched_truth]
            if not fresh:
                duplicates += 1
                continue
            t = fresh[0]
            matched_truth.add(t["id"])
            correct += 1
            matched += 1
            date_right += _date_ok(ev.event_date, t)
            side_right += SIDE_NAMES.get(t["claimant_side"], t["claimant_side"]) == ev.claimant_side
            continue
        again = [
            t
            for t, _, also, types in truths
            if any(_overlap(span, a) for a in also) and ev.event_type in types
        ]
        if again:
            duplicates += 1
        else:
            wrong.append(f"{ev.event_type}: {ev.sentence[:80]}")
    core = [t for t, *_ in truths if t["core"]]
    return Scores(
        story=story or truth.get("story_id", ""),
        core=len(core),
        core_found=sum(t["id"] in matched_truth for t in core),
        emitted=len(events),
        correct=correct,
        duplicates=duplicates,
        matched=matched,
        date_right=date_right,
        side_right=side_right,
        missed=[
            f"{t['event_type']}: {t['sentence'][:80]}" for t in core if t["id"] not in matched_truth
        ],
        wrong=wrong,
    )


def _span(text: str, sentence: str) -> tuple[int, int]:
    at = text.find(sentence)
    if at < 0:
        # the seed's lead keeps its agency tag in the truth; the body does not
        trimmed = sentence.split(" – ", 1)[-1].split(" - ", 1)[-1]
        at = text.find(trimmed)
        sentence = trimmed
    return (at, at + len(sentence)) if at >= 0 else (-1, -1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return b[0] >= 0 and a[0] < b[1] and b[0] < a[1]


def _date_ok(value: Any, truth: dict[str, Any]) -> bool:
    got = None if pd.isna(value) else value.date().isoformat()
    if truth["event_date"] is None and got is None:
        return True
    if got is None:
        return bool(truth.get("null_date_acceptable"))
    return got == truth["event_date"] or got in truth.get("acceptable_dates", [])
