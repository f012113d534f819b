"""The workbook: one SQLite file holding stories, suggested events, the analyst's tags, an
append-only log of every tag change, and the conflict profile the workbook follows.

Suggestions and tags live in separate tables, so re-ingesting a story or running a newer
extractor replaces suggestions without touching a tag; a tag whose suggestion changed is kept and
flagged `needs_review`. Every write is one transaction in WAL mode with a busy timeout and
retries, so two notebooks can tag one workbook at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from helpers import config, schema
from helpers.errors import ProfileError, TagError, WorkbookError
from helpers.extract import extract_events
from helpers.profile import WORLD, Profile, load_profile, profiles_dir, shipped

SCHEMA_VERSION = 2
AUTO = "auto"  # no fixed profile: each story is extracted with the profile it names most
APPLICATION_ID = 0x57444B31  # "WDK1": marks a Wire Desk workbook among SQLite files
EXTRACTOR_VERSION = "1"
STATUSES = ("confirmed", "edited", "rejected")
EDITABLE = (
    "event_type", "actor", "target", "claimant", "claimant_side", "event_date", "date_precision",
    "places", "quantity", "quantity_high", "unit", "verified", "notes", "key",
)  # fmt: skip
# Extra columns of the merged view, beside schema.EVENTS (and the story's `outlet`).
TAG_COLUMNS = ("notes", "key", "tagger", "tagged_at", "needs_review", "origin")
_SQLITE_HEADER = b"SQLite format 3\x00"
# A workbook of schema 1 was made before profiles, by a Wire Desk that knew one war: the one the
# sample corpus is about. Migration 2 records that profile for it.
_PROFILE_BEFORE_PROFILES = config.SAMPLES_PROFILE
# An "auto" workbook shows the shipped profile whose sides its events name at least this often.
_MIN_SIDE_EVIDENCE = 3
T = TypeVar("T")
ProfileArg = str | Path | Profile

_MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE articles (
        article_id TEXT PRIMARY KEY,
        row TEXT NOT NULL,
        added_at TEXT NOT NULL
    );
    CREATE TABLE suggestions (
        event_id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL,
        row TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        origin TEXT NOT NULL DEFAULT 'extractor',
        extractor_version TEXT,
        stale INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX suggestions_article ON suggestions(article_id);
    CREATE TABLE tags (
        event_id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        fields TEXT NOT NULL,
        tagger TEXT NOT NULL,
        tagged_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        needs_review INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE tag_log (
        log_id INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        tagger TEXT NOT NULL,
        at TEXT NOT NULL,
        action TEXT NOT NULL,
        old TEXT,
        new TEXT,
        undone INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX tag_log_event ON tag_log(event_id);
    CREATE INDEX tag_log_tagger ON tag_log(tagger, log_id);
    """,
    2: """
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
}


class Workbook:
    """One analyst workbook file. `Workbook()` opens (or creates) `data/workbook.sqlite`.

    Args:
        path: the workbook file; None: `data/workbook.sqlite`.
        profile: the conflict profile the workbook follows: a shipped name ("israel-lebanon"),
            a profile folder, a `Profile`, "world" (the world layer alone) or "auto". The file
            records it the first time: its name, and its folder when it is not a shipped one.
            None reopens a workbook with the profile it recorded; a new workbook given None
            records "auto". Opening with a profile other than the recorded one records the
            new one (also `set_profile`): stories added from then on are extracted with it,
            while stored suggestions keep their sides until re-extracted with
            `wb.add_stories(wb.articles())` (tags are kept; changed suggestions are flagged
            `needs_review`).
        timeout_s: how long a write waits for another process holding the file.

    With "auto", every story is extracted with the shipped profile it names most (else the
    world layer), and `profile` (what widgets, charts and decks show) is the shipped profile
    whose sides the workbook's events name most, else the world layer.
    """

    def __init__(self, path: Path | str | None = None, profile: ProfileArg | None = None, *,
                 timeout_s: float = 30.0) -> None:  # fmt: skip
        self.path = Path(path) if path is not None else config.DATA_DIR / "workbook.sqlite"
        self._timeout_s = timeout_s
        self._shown: Profile | None = None  # the profile shown, loaded when first asked for
        if self.path.exists():
            _check_is_workbook(self.path)
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            self.path, timeout=timeout_s, isolation_level=None, check_same_thread=False
        )
        self._db.row_factory = sqlite3.Row
        self._retry(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(f"PRAGMA busy_timeout={int(timeout_s * 1000)}")
        self._migrate()
        if profile is not None or self._setting("profile") is None:
            self.set_profile(AUTO if profile is None else profile)

    # ---- the profile --------------------------------------------------------------------
    @property
    def profile_name(self) -> str:
        """The recorded profile: "auto", "world", a shipped name or a profile folder's name."""
        return self._setting("profile") or AUTO

    @property
    def profile_spec(self) -> str:
        """What the workbook records: "auto", else what `load_profile` takes (a shipped name,
        "world" or a profile folder's path)."""
        return self._setting("profile_path") or self.profile_name

    @property
    def profile(self) -> Profile:
        """The workbook's profile (for "auto", the one its events name most, else the world's).

        Raises `WorkbookError` when the recorded profile folder is gone or no longer loads.
        """
        if self._shown is None:
            self._shown = self._load_profile()
        return self._shown

    def set_profile(self, profile: ProfileArg) -> None:
        """Record the profile the workbook follows (see the class docstring); validated first."""
        name, folder = _profile_record(profile)
        if (name, folder) == (self._setting("profile"), self._setting("profile_path")):
            return
        now = _now()
        with self._write() as db:
            db.execute(
                "INSERT INTO settings(key, value, updated_at) VALUES ('profile', ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                (name, now),
            )
            if folder is None:
                db.execute("DELETE FROM settings WHERE key = 'profile_path'")
            else:
                db.execute(
                    "INSERT INTO settings(key, value, updated_at) VALUES ('profile_path', ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                    "updated_at = excluded.updated_at",
                    (folder, now),
                )
        self._shown = profile if isinstance(profile, Profile) else None

    def side_names(self) -> list[str]:
        """The sides an analyst picks from: the profile's (then reporter and other), then every
        other side the workbook's events or tags name, sorted."""
        own = self.profile.side_names
        return own + sorted(self._sides_in_use() - set(own))

    # ---- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        """Close the file."""
        self._db.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Workbook({str(self.path)!r}, profile={self.profile_name!r})"

    # ---- stories and suggestions --------------------------------------------------------
    def add_stories(self, articles: pd.DataFrame) -> dict[str, int]:
        """Store the usable stories and their suggested events; tags are never touched.

        Returns counts: stories, events new, events changed, tags flagged for review.
        """
        schema.validate(articles, "articles")
        ok = articles[articles["status"] == "ok"]
        if ok.empty:
            return {"stories": 0, "new": 0, "changed": 0, "flagged": 0}
        ok = self._keep_analyst_dates(ok)
        events = extract_events(ok, profile=self._extraction_profile())
        now = _now()
        with self._write() as db:
            db.executemany(
                "INSERT INTO articles(article_id, row, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET row = excluded.row",
                [(r["article_id"], _dumps(r), now) for r in ok.to_dict("records")],
            )
            counts = self._upsert_suggestions(db, events, list(ok["article_id"]), now)
        if self.profile_name == AUTO:
            self._shown = None  # the sides named may have changed the profile shown
        return {"stories": len(ok), **counts}

    def set_story_date(self, article_id: str, when: Any) -> dict[str, int]:
        """Set a story's date (the analyst's); its relative dates resolve again, tags stay."""
        articles = self.articles(article_id=article_id)
        if articles.empty:
            raise TagError(f"no story {article_id!r} in {self.path}")
        from helpers.collect import set_story_dates

        return self.add_stories(set_story_dates(articles, {article_id: when}))

    def articles(self, article_id: str | None = None) -> pd.DataFrame:
        """The stored stories as an articles frame."""
        sql, args = "SELECT row FROM articles", tuple[str, ...]()
        if article_id is not None:
            sql, args = sql + " WHERE article_id = ?", (article_id,)
        rows = [json.loads(r["row"]) for r in self._db.execute(sql, args)]
        return schema.build(rows, "articles")

    # ---- tagging ------------------------------------------------------------------------
    def tag(self, event_id: str, *, status: str, tagger: str, **fields: Any) -> None:
        """Record the analyst's verdict on one event (confirmed, edited or rejected), atomically."""
        if status not in STATUSES:
            raise TagError(f"status {status!r} is not one of {', '.join(STATUSES)}")
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise TagError(f"fields {sorted(unknown)} cannot be tagged; editable: {EDITABLE}")
        if not tagger or not str(tagger).strip():
            raise TagError("a tag needs the tagger's name")
        self._check_values(fields)
        clean = {k: _plain(v) for k, v in fields.items()}
        with self._write() as db:
            sug = db.execute(
                "SELECT fingerprint FROM suggestions WHERE event_id = ?", (event_id,)
            ).fetchone()
            if sug is None:
                raise TagError(f"no event {event_id!r} in {self.path}")
            old = db.execute("SELECT * FROM tags WHERE event_id = ?", (event_id,)).fetchone()
            now = _now()
            new = {"status": status, "fields": clean, "tagger": tagger, "tagged_at": now}
            db.execute(
                "INSERT INTO tags(event_id, status, fields, tagger, tagged_at, fingerprint, "
                "needs_review) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT(event_id) DO UPDATE SET "
                "status = excluded.status, fields = excluded.fields, tagger = excluded.tagger, "
                "tagged_at = excluded.tagged_at, fingerprint = excluded.fingerprint, "
                "needs_review = 0",
                (event_id, status, _dumps(clean), tagger, now, sug["fingerprint"]),
            )
            db.execute(
                "INSERT INTO tag_log(event_id, tagger, at, action, old, new) VALUES (?,?,?,?,?,?)",
                (event_id, tagger, now, status, _tag_json(old), _dumps(new)),
            )

    def undo(self, tagger: str) -> str | None:
        """Undo `tagger`'s last tag still in force; returns its event_id, or None."""
        with self._write() as db:
            last = db.execute(
                "SELECT * FROM tag_log WHERE tagger = ? AND undone = 0 AND action != 'undo' "
                "ORDER BY log_id DESC LIMIT 1",
                (tagger,),
            ).fetchone()
            if last is None:
                return None
            event_id = last["event_id"]
            current = db.execute("SELECT * FROM tags WHERE event_id = ?", (event_id,)).fetchone()
            old = json.loads(last["old"]) if last["old"] else None
            if old is None:
                db.execute("DELETE FROM tags WHERE event_id = ?", (event_id,))
            else:
                db.execute(
                    "UPDATE tags SET status = ?, fields = ?, tagger = ?, tagged_at = ? "
                    "WHERE event_id = ?",
                    (old["status"], _dumps(old["fields"]), old["tagger"], old["tagged_at"],
                     event_id),
                )  # fmt: skip
            db.execute("UPDATE tag_log SET undone = 1 WHERE log_id = ?", (last["log_id"],))
            db.execute(
                "INSERT INTO tag_log(event_id, tagger, at, action, old, new) VALUES (?,?,?,?,?,?)",
                (event_id, tagger, _now(), "undo", _tag_json(current), _dumps(old)),
            )
        return str(event_id)

    def add_event(self, article_id: str, *, tagger: str, sentence: str = "", **fields: Any) -> str:
        """Add an event the extractor missed (confirmed, origin "analyst"); returns its id."""
        unknown = set(fields) - set(EDITABLE)
        if unknown:
            raise TagError(f"fields {sorted(unknown)} cannot be set; editable: {EDITABLE}")
        if fields.get("event_type") not in schema.EVENT_TYPES:
            raise TagError(f"event_type must be one of {', '.join(schema.EVENT_TYPES)}")
        self._check_values(fields)
        story = self.articles(article_id=article_id)
        if story.empty:
            raise TagError(f"no story {article_id!r} in {self.path}")
        text = story.loc[0, "text"]
        start = text.find(sentence) if sentence else -1
        now = _now()
        event_id = (
            "a" + hashlib.sha1(f"{article_id}:{tagger}:{now}:{fields}".encode()).hexdigest()[:15]
        )
        row = {
            "event_id": event_id, "article_id": article_id, "sentence": sentence,
            "sentence_idx": -1, "char_start": max(start, 0),
            "char_end": max(start, 0) + len(sentence) if start >= 0 else 0,
            "claimant_side": "reporter", "status": "suggested", "confidence": 1.0,
            "evidence": {"added_by": tagger},
        }  # fmt: skip
        row.update({k: v for k, v in fields.items() if k in schema.columns("events")})
        record = schema.build([row], "events").to_dict("records")[0]
        with self._write() as db:
            db.execute(
                "INSERT INTO suggestions(event_id, article_id, row, fingerprint, origin, "
                "extractor_version, updated_at) VALUES (?, ?, ?, ?, 'analyst', NULL, ?)",
                (event_id, article_id, _dumps(record), _fingerprint(record), now),
            )
        self.tag(event_id, status="confirmed", tagger=tagger,
                 **{k: v for k, v in fields.items() if k in EDITABLE})  # fmt: skip
        return event_id

    # ---- reading ------------------------------------------------------------------------
    def events(self, **filters: Any) -> pd.DataFrame:
        """Suggestions merged with tags: the analyst's values win; `status` says which.

        Filters (each a value or a list of values): event_id, article_id, status, event_type,
        claimant_side, outlet, tagger, origin, needs_review.
        """
        where, args = "", []
        if filters.get("event_id") is not None:
            ids = filters.pop("event_id")
            ids = list(ids) if isinstance(ids, (list, tuple, set)) else [ids]
            where, args = f"WHERE s.event_id IN ({','.join('?' * len(ids))})", ids
        rows = self._db.execute(
            "SELECT s.row, s.origin, t.status, t.fields, t.tagger, t.tagged_at, t.needs_review, "
            "json_extract(a.row, '$.outlet') AS outlet "
            "FROM suggestions s LEFT JOIN tags t ON t.event_id = s.event_id "
            f"LEFT JOIN articles a ON a.article_id = s.article_id {where} "
            "ORDER BY s.article_id, json_extract(s.row, '$.char_start'), s.event_id",
            args,
        ).fetchall()
        records = []
        for r in rows:
            rec = json.loads(r["row"])
            fields = json.loads(r["fields"]) if r["fields"] else {}
            rec.update(fields)
            rec["status"] = r["status"] or "suggested"
            rec.update(notes=fields.get("notes"), key=bool(fields.get("key", False)),
                       tagger=r["tagger"], tagged_at=r["tagged_at"],
                       needs_review=bool(r["needs_review"]), origin=r["origin"])  # fmt: skip
            records.append(rec)
        frame = schema.build(records, "events")
        extra = pd.DataFrame(
            {c: [rec.get(c) for rec in records] for c in TAG_COLUMNS}, index=frame.index
        )
        frame = pd.concat([frame, _typed_extra(extra)], axis=1)
        frame["outlet"] = pd.Series([r["outlet"] for r in rows], index=frame.index, dtype="str")
        for column, wanted in filters.items():
            if wanted is None:
                continue
            if column not in frame.columns:
                raise TagError(f"cannot filter on {column!r}")
            values = wanted if isinstance(wanted, (list, tuple, set)) else [wanted]
            frame = frame[frame[column].isin(values)]
        return frame.reset_index(drop=True)

    def history(self, event_id: str) -> pd.DataFrame:
        """Every change to one event's tag, oldest first: who, when, what, old and new values."""
        rows = self._db.execute(
            "SELECT log_id, event_id, tagger, at, action, old, new, undone FROM tag_log "
            "WHERE event_id = ? ORDER BY log_id",
            (event_id,),
        ).fetchall()
        frame = pd.DataFrame([dict(r) for r in rows],
                             columns=["log_id", "event_id", "tagger", "at", "action", "old", "new",
                                      "undone"])  # fmt: skip
        frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
        frame["undone"] = frame["undone"].astype(bool)
        for col in ("old", "new"):
            frame[col] = frame[col].map(lambda v: json.loads(v) if isinstance(v, str) else None)
        return frame

    def counts(self) -> dict[str, int]:
        """Number of events by status."""
        out = dict.fromkeys(("suggested", *STATUSES), 0)
        for r in self._db.execute(
            "SELECT coalesce(t.status, 'suggested') AS status, count(*) AS n FROM suggestions s "
            "LEFT JOIN tags t ON t.event_id = s.event_id GROUP BY 1"
        ):
            out[r["status"]] = r["n"]
        return out

    # ---- exchange -----------------------------------------------------------------------
    def export(self, path: Path | str, format: str = "csv", *, title: str | None = None,
               overwrite: bool = False, **filters: Any) -> Path:  # fmt: skip
        """Write the merged events to `path` as csv, parquet or acled (ACLED-style CSV)."""
        from helpers.exchange import write_events

        return write_events(self.events(**filters), self.articles(), Path(path), format,
                            title=title, overwrite=overwrite)  # fmt: skip

    def import_tags(self, path: Path | str, *, tagger: str | None = None) -> int:
        """Apply the tags in an exported file (csv or parquet); returns how many changed."""
        from helpers.exchange import read_tags

        changed = 0
        current = self.events().set_index("event_id")
        tags = list(read_tags(Path(path)))
        for tag in tags:  # every value checked before any is written
            try:
                self._check_values(tag)
            except TagError as exc:
                raise TagError(f"{path}: event {tag['event_id']}: {exc}") from None
        for tag in tags:
            event_id = tag.pop("event_id")
            if event_id not in current.index:
                continue
            status = tag.pop("status")
            who = tagger or tag.pop("tagger", None) or "import"
            tag.pop("tagger", None)
            before = current.loc[event_id]
            same = all(_norm(k, before.get(k)) == _norm(k, v) for k, v in tag.items())
            if before["status"] == status and same:
                continue
            self.tag(event_id, status=status, tagger=who, **tag)
            changed += 1
        return changed

    # ---- internals ----------------------------------------------------------------------
    def _setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def _extraction_profile(self) -> str | Profile:
        return AUTO if self.profile_name == AUTO else self.profile

    def _load_profile(self) -> Profile:
        name, folder = self.profile_name, self._setting("profile_path")
        if name == AUTO:
            return _most_named_profile(self._side_counts())
        where = f"profile {name!r} from {folder}" if folder else f"profile {name!r}"
        advice = "open it with Workbook(path, profile=...) to choose another"
        if folder and not (Path(folder) / "profile.yaml").is_file():
            raise WorkbookError(self.path, f"was made with {where}, which is gone; {advice}")
        try:
            return load_profile(self.profile_spec)
        except ProfileError as exc:
            raise WorkbookError(self.path, f"was made with {where}, which does not load "
                                f"({exc}); {advice}") from exc  # fmt: skip

    def _side_counts(self) -> Counter[str]:
        """How often each side is named as actor, target or claimant by the stored suggestions."""
        counts: Counter[str] = Counter()
        for row in self._db.execute(
            "SELECT json_extract(row, '$.actor') AS a, json_extract(row, '$.target') AS t, "
            "json_extract(row, '$.claimant_side') AS c FROM suggestions"
        ):
            counts.update(v for v in (row["a"], row["t"], row["c"]) if v)
        return counts

    def _sides_in_use(self) -> set[str]:
        rows = self._db.execute(
            "SELECT json_extract(row, '$.claimant_side') AS side FROM suggestions UNION "
            "SELECT json_extract(fields, '$.claimant_side') FROM tags"
        )
        return {str(r["side"]) for r in rows if r["side"]}

    def _check_values(self, fields: Mapping[str, Any]) -> None:
        """Refuse values a field cannot hold, naming what it can; None clears a field."""
        kind = fields.get("event_type")
        if kind is not None and kind not in schema.EVENT_TYPES:
            raise TagError(f"event_type {kind!r} is not one of {', '.join(schema.EVENT_TYPES)}")
        precision = fields.get("date_precision")
        if precision is not None and precision not in ("day", "week", "month", "year"):
            raise TagError(f"date_precision {precision!r} is not one of day, week, month, year")
        side = fields.get("claimant_side")
        if side is not None and side not in self._known_sides():
            raise TagError(
                f"claimant_side {side!r} is not a side of profile {self.profile.name!r}, of the "
                f"world layer or of this workbook's events; sides: {', '.join(self.side_names())}"
            )

    def _known_sides(self) -> set[str]:
        """Every side a tag may name: the profile's (all shipped ones for "auto"), the world
        layer's, and those the workbook's events already name."""
        profiles = [load_profile(n) for n in shipped()] if self.profile_name == AUTO else []
        known = set().union(*(_sides_of(p) for p in [self.profile, *profiles]))
        return known | self._sides_in_use()

    def _keep_analyst_dates(self, articles: pd.DataFrame) -> pd.DataFrame:
        analyst = dict(self._db.execute(
            "SELECT article_id, json_extract(row, '$.published') FROM articles "
            "WHERE json_extract(row, '$.date_source') = 'analyst'"
        ).fetchall())  # fmt: skip
        mine = articles["article_id"].isin(analyst) & (articles["date_source"] != "analyst")
        if not mine.any():
            return articles
        from helpers.collect import set_story_dates

        return set_story_dates(articles, {a: analyst[a] for a in articles.loc[mine, "article_id"]})

    def _upsert_suggestions(
        self, db: sqlite3.Connection, events: pd.DataFrame, article_ids: list[str], now: str
    ) -> dict[str, int]:
        wanted = set(article_ids)
        existing = {
            r["event_id"]: r["fingerprint"]
            for r in db.execute(
                "SELECT event_id, article_id, fingerprint FROM suggestions "
                "WHERE origin = 'extractor'"
            )
            if r["article_id"] in wanted
        }
        tagged = {r["event_id"]: r["fingerprint"] for r in db.execute(
            "SELECT event_id, fingerprint FROM tags")}  # fmt: skip
        writes, flags, seen = [], [], set()
        new = changed = 0
        for rec in events.to_dict("records"):
            fp = _fingerprint(rec)
            event_id = rec["event_id"]
            seen.add(event_id)
            before = existing.get(event_id)
            if before == fp:
                continue
            new += before is None
            changed += before is not None
            writes.append((event_id, rec["article_id"], _dumps(rec), fp, EXTRACTOR_VERSION, now))
            if event_id in tagged and tagged[event_id] != fp:
                flags.append((event_id,))
        db.executemany(
            "INSERT INTO suggestions(event_id, article_id, row, fingerprint, origin, "
            "extractor_version, stale, updated_at) VALUES (?, ?, ?, ?, 'extractor', ?, 0, ?) "
            "ON CONFLICT(event_id) DO UPDATE SET row = excluded.row, "
            "fingerprint = excluded.fingerprint, "
            "extractor_version = excluded.extractor_version, stale = 0, "
            "updated_at = excluded.updated_at",
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
        flagged = len(flags)
        return {"new": new, "changed": changed, "flagged": flagged}

    def _migrate(self) -> None:
        with self._write() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise WorkbookError(
                    self.path,
                    f"made by a newer Wire Desk (schema {version}, this one reads up to "
                    f"{SCHEMA_VERSION}); update Wire Desk to open it",
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                if target == 2 and version >= 1:  # an existing workbook from before profiles
                    db.execute(
                        "INSERT INTO settings(key, value, updated_at) VALUES ('profile', ?, ?)",
                        (_PROFILE_BEFORE_PROFILES, _now()),
                    )
                db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, retried while another process holds the lock."""
        self._retry(lambda: self._db.execute("BEGIN IMMEDIATE"))
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._retry(lambda: self._db.execute("COMMIT"))

    def _retry(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + self._timeout_s
        pause = 0.01
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise WorkbookError(
                        self.path, f"another process kept it busy for {self._timeout_s:g} s"
                    ) from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.2)


def _profile_record(profile: ProfileArg) -> tuple[str, str | None]:
    """What a workbook records of a profile: its name, and its folder unless it is shipped."""
    if isinstance(profile, str) and profile == AUTO:
        return AUTO, None
    loaded = load_profile(profile)  # a mistake in the profile is reported here, before writing
    if loaded.path is None:
        return WORLD, None
    folder = loaded.path.resolve()
    if folder.parent == profiles_dir().resolve() and folder.name in shipped():
        return folder.name, None
    return loaded.name, str(folder)


def _most_named_profile(counts: Counter[str]) -> Profile:
    """The shipped profile whose own sides the counted sides name most, else the world's."""
    best, score = load_profile(WORLD), _MIN_SIDE_EVIDENCE - 1
    for name in shipped():
        candidate = load_profile(name)
        named = sum(counts[s.name] for s in candidate.sides)
        if named > score:
            best, score = candidate, named
    return best


@lru_cache(maxsize=16)
def _sides_of(profile: Profile) -> frozenset[str]:
    return frozenset(profile.side_names) | {t.side for t in profile.terms.values()}


def safe_filename(title: str, suffix: str = "") -> str:
    """A file name from a title: letters, digits, dashes; no folders, no traversal."""
    stem = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-._")[:80] or "untitled"
    return stem + suffix


def _check_is_workbook(path: Path) -> None:
    """Raise WorkbookError unless `path` is a Wire Desk workbook; never changes the file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except OSError as exc:
        raise WorkbookError(path, f"cannot be read ({exc.strerror})") from exc
    if not head:
        raise WorkbookError(path, "is an empty file, not a workbook")
    if not head.startswith(_SQLITE_HEADER):
        raise WorkbookError(path, "is not a workbook (not an SQLite file)")
    try:
        uri = f"file:{path.resolve()}?mode=ro"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise WorkbookError(path, f"is corrupt or not a workbook ({exc})") from exc
    if app != APPLICATION_ID and tables:
        raise WorkbookError(path, "is an SQLite file of another application, not a workbook")


def _typed_extra(extra: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "notes": extra["notes"].astype("str"),
            "key": extra["key"].astype("boolean"),
            "tagger": extra["tagger"].astype("str"),
            "tagged_at": pd.to_datetime(extra["tagged_at"], utc=True, format="ISO8601"),
            "needs_review": extra["needs_review"].astype("boolean"),
            "origin": extra["origin"].astype("str"),
        }
    )


def _fingerprint(rec: Mapping[str, Any]) -> str:
    """A hash of what the extractor suggests for an event (the fields an analyst can tag)."""
    keep = {k: _plain(rec.get(k)) for k in EDITABLE if k in rec}
    return hashlib.sha1(_dumps(keep).encode()).hexdigest()[:16]


def _plain(value: Any) -> Any:
    """A JSON-ready value: timestamps as ISO strings, NA as None, numpy scalars as Python."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (pd.Timestamp, datetime)):
        stamp = pd.Timestamp(value)
        stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
        return stamp.isoformat()
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _dumps(value: Any) -> str:
    if isinstance(value, dict):  # rows are flat: NaN (not valid JSON for SQLite) to null
        value = {k: None if isinstance(v, float) and v != v else v for k, v in value.items()}
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_default)


def _json_default(value: Any) -> Any:
    """What json cannot write itself: timestamps, pandas' NA, numpy scalars."""
    if isinstance(value, (pd.Timestamp, datetime)):
        return _plain(value)
    if value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"cannot store {type(value).__name__} in a workbook")


def _tag_json(row: sqlite3.Row | None) -> str | None:
    if row is None:
        return None
    return _dumps({"status": row["status"], "fields": json.loads(row["fields"]),
                   "tagger": row["tagger"], "tagged_at": row["tagged_at"]})  # fmt: skip


def _norm(field: str, value: Any) -> Any:
    """A field's value in one comparable form, whether it came from a file or the store."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and hasattr(value, "__len__")):
        return [str(v) for v in list(value)]
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return None
    if field == "event_date":
        from helpers.parse import to_utc

        stamp = to_utc(value)
        return stamp.isoformat() if stamp is not None else None
    if field in ("quantity", "quantity_high"):
        return float(value)
    if field in ("verified", "key"):
        return str(value).lower() in ("true", "1", "yes")
    return str(value)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def default_tagger() -> str:
    """The tagger's name when none is given: the login name."""
    return os.environ.get("WIRE_DESK_TAGGER") or os.environ.get("USER") or "analyst"
