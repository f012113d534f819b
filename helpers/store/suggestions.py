"""What the extractor suggests, stored beside the tags and never over them: new suggestions
are added, changed ones rewritten (their tags flagged `needs_review`), and gone ones kept while
a tag holds them."""

from __future__ import annotations

import sqlite3

import pandas as pd

from helpers.store.records import dumps, fingerprint

EXTRACTOR_VERSION = "1"


def upsert_suggestions(db: sqlite3.Connection, events: pd.DataFrame, article_ids: list[str],
                       now: str) -> dict[str, int]:  # fmt: skip
    """Store the suggestions of the stories `article_ids`; returns new, changed, flagged counts."""
    wanted = set(article_ids)
    existing = {
        r["event_id"]: r["fingerprint"]
        for r in db.execute(
            "SELECT event_id, article_id, fingerprint FROM suggestions WHERE origin = 'extractor'"
        )
        if r["article_id"] in wanted
    }
    tagged = {r["event_id"]: r["fingerprint"] for r in db.execute(
        "SELECT event_id, fingerprint FROM tags")}  # fmt: skip
    writes, flags, seen = [], [], set()
    new = changed = 0
    for rec in events.to_dict("records"):
        fp = fingerprint(rec)
        event_id = rec["event_id"]
        seen.add(event_id)
        before = existing.get(event_id)
        if before == fp:
            continue
        new += before is None
        changed += before is not None
        writes.append((event_id, rec["article_id"], dumps(rec), fp, EXTRACTOR_VERSION, now))
        if event_id in tagged and tagged[event_id] != fp:
            flags.append((event_id,))
    db.executemany(
        "INSERT INTO suggestions(event_id, article_id, row, fingerprint, origin, "
        "extractor_version, stale, updated_at) VALUES (?, ?, ?, ?, 'extractor', ?, 0, ?) "
        "ON CONFLICT(event_id) DO UPDATE SET row = excluded.row, "
        "fingerprint = excluded.fingerprint, extractor_version = excluded.extractor_version, "
        "stale = 0, updated_at = excluded.updated_at",
        writes,
    )
    gone = [e for e in existing if e not in seen]
    # the extractor no longer suggests these: a tagged one stays (stale), others go
    flags += [(e,) for e in gone if e in tagged]
    db.executemany("UPDATE suggestions SET stale = 1 WHERE event_id = ?",
                   [(e,) for e in gone if e in tagged])  # fmt: skip
    db.executemany("DELETE FROM suggestions WHERE event_id = ?",
                   [(e,) for e in gone if e not in tagged])  # fmt: skip
    db.executemany("UPDATE tags SET needs_review = 1 WHERE event_id = ?", flags)
    return {"new": new, "changed": changed, "flagged": len(flags)}
