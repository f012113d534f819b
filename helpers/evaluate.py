"""Scores of suggested events against hand-coded truth, by the rule in ../shared/eval/README.md."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
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
    mismatched: list[str] = field(default_factory=list)  # matched, but the date or side differs

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
    wrong: list[str] = []
    mismatched: list[str] = []
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
            # among the events it may match, the one whose own type it is comes first
            t = next((t for t in fresh if t["event_type"] == ev.event_type), fresh[0])
            matched_truth.add(t["id"])
            correct += 1
            matched += 1
            date_ok = _date_ok(ev.event_date, t)
            want = SIDE_NAMES.get(t["claimant_side"], t["claimant_side"])
            date_right += date_ok
            side_right += want == ev.claimant_side
            if not date_ok:
                mismatched.append(
                    f"date {_iso(ev.event_date)} want {t['event_date']}: "
                    f"{ev.event_type}: {ev.sentence[:70]}"
                )
            if want != ev.claimant_side:
                mismatched.append(
                    f"side {ev.claimant_side} ({ev.claimant}) want {want} "
                    f"({t.get('claimant')}): {ev.sentence[:60]}"
                )
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
        mismatched=mismatched,
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


def _iso(value: Any) -> str | None:
    return None if pd.isna(value) else value.date().isoformat()


def _date_ok(value: Any, truth: dict[str, Any]) -> bool:
    got = None if pd.isna(value) else value.date().isoformat()
    if truth["event_date"] is None and got is None:
        return True
    if got is None:
        return bool(truth.get("null_date_acceptable"))
    return got == truth["event_date"] or got in truth.get("acceptable_dates", [])


POOLED = ("core", "core_found", "emitted", "correct", "duplicates", "matched", "date_right",
          "side_right")  # fmt: skip


def pooled(scores: list[Scores]) -> dict[str, float]:
    """Recall, precision, date and side accuracy over several stories' counts added up."""
    total = {f: sum(getattr(s, f) for s in scores) for f in POOLED}
    counted = total["emitted"] - total["duplicates"]
    return {
        "stories": len(scores),
        "recall": total["core_found"] / total["core"] if total["core"] else 1.0,
        "precision": total["correct"] / counted if counted else 1.0,
        "date": total["date_right"] / total["matched"] if total["matched"] else 1.0,
        "side": total["side_right"] / total["matched"] if total["matched"] else 1.0,
    }


def score_files(truth_paths: list[Path], root: Path, **extract_kw: Any) -> list[Scores]:
    """Load, extract and score each truth file's story (`story_file` relative to `root`)."""
    from helpers.collect import load_stories
    from helpers.extract import extract_events

    out = []
    for path in truth_paths:
        truth = load_truth(path)
        story = root / truth["story_file"]
        articles = load_stories(story, story_date={str(story): truth["publication_date"]})
        events = extract_events(articles, **extract_kw)
        out.append(score(events, articles.loc[0, "text"], truth, story.stem))
    return out
