"""`Workbook`: one analyst workbook file, its profile, stories, suggestions, tags and exports."""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import config, schema
from helpers.collect import set_story_dates
from helpers.errors import ProfileError, TagError, WorkbookError
from helpers.exchange import read_tags, write_events
from helpers.extract import extract_events
from helpers.profile import Profile, load_profile
from helpers.store.connection import Connection
from helpers.store.profiles import (
    AUTO,
    ProfileArg,
    known_sides,
    most_named_profile,
    profile_record,
)
from helpers.store.records import dumps, fingerprint, now, tag_json
from helpers.store.suggestions import upsert_suggestions
from helpers.store.tagfiles import TagImport, apply_tags
from helpers.store.values import clean_tag, clean_value

# Extra columns of the merged view, beside schema.EVENTS (and the story's `outlet`).
TAG_COLUMNS = tuple(schema.columns("tags"))


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
    whose sides the workbook's events name most, else the world layer. A file or folder this
    process may not write is opened read-only (`read_only`); a write then raises
    `WorkbookError`.
    """

    def __init__(self, path: Path | str | None = None, profile: ProfileArg | None = None, *,
                 timeout_s: float = 30.0) -> None:  # fmt: skip
        self.path = Path(path) if path is not None else config.DATA_DIR / "workbook.sqlite"
        self._shown: Profile | None = None  # the profile shown, loaded when first asked for
        self._conn = Connection(self.path, timeout_s)
        self._db = self._conn.db
        if profile is not None or (self._setting("profile") is None and not self.read_only):
            self.set_profile(AUTO if profile is None else profile)

    @property
    def read_only(self) -> bool:
        """True when the file or its folder cannot be written: opened for reading only."""
        return self._conn.read_only

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
        name, folder = profile_record(profile)
        if (name, folder) == (self._setting("profile"), self._setting("profile_path")):
            return
        when = now()
        upsert = (
            "INSERT INTO settings(key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) "
            "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
        )
        with self._conn.write() as db:
            db.execute(upsert, ("profile", name, when))
            if folder is None:
                db.execute("DELETE FROM settings WHERE key = 'profile_path'")
            else:
                db.execute(upsert, ("profile_path", folder, when))
        self._shown = profile if isinstance(profile, Profile) else None

    def side_names(self) -> list[str]:
        """The sides an analyst picks from: the profile's (then reporter and other), then every
        other side the workbook's events or tags name, sorted."""
        own = self.profile.side_names
        return own + sorted(self._sides_in_use() - set(own))

    # ---- lifecycle ----------------------------------------------------------------------
    def close(self) -> None:
        """Close the file."""
        self._conn.close()

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        flag = ", read-only" if self.read_only else ""
        return f"Workbook({str(self.path)!r}, profile={self.profile_name!r}{flag})"

    # ---- stories and suggestions --------------------------------------------------------
    def add_stories(self, articles: pd.DataFrame) -> dict[str, int]:
        """Store the usable stories and their suggested events; tags are never touched.

        Returns counts: stories, events new, events changed, tags flagged for review.
        """
        schema.validate(articles, "articles")
        self._conn.check_writable()  # before the extraction, not after it
        ok = articles[articles["status"] == "ok"]
        if ok.empty:
            return {"stories": 0, "new": 0, "changed": 0, "flagged": 0}
        ok = self._keep_analyst_dates(ok)
        events = extract_events(ok, profile=self._extraction_profile())
        when = now()
        with self._conn.write() as db:
            db.executemany(
                "INSERT INTO articles(article_id, row, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET row = excluded.row",
                [(r["article_id"], dumps(r), when) for r in ok.to_dict("records")],
            )
            counts = upsert_suggestions(db, events, list(ok["article_id"]), when)
        if self.profile_name == AUTO:
            self._shown = None  # the sides named may have changed the profile shown
        return {"stories": len(ok), **counts}

    def set_story_date(self, article_id: str, when: Any) -> dict[str, int]:
        """Set a story's date (the analyst's); its relative dates resolve again, tags stay."""
        articles = self.articles(article_id=article_id)
        if articles.empty:
            raise TagError(f"no story {article_id!r} in {self.path}")
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
        """Record the analyst's verdict on one event (confirmed, edited or rejected), atomically.

        Every value is checked against its column (`helpers.schema`) and the workbook's sides
        first: a bad one raises `TagError` naming the field and the value, and nothing is
        written.
        """
        clean = clean_tag(status, tagger, fields, self._known_sides)
        tagger = tagger.strip()
        with self._conn.write() as db:
            sug = db.execute(
                "SELECT fingerprint FROM suggestions WHERE event_id = ?", (event_id,)
            ).fetchone()
            if sug is None:
                raise TagError(f"no event {event_id!r} in {self.path}", field="event_id",
                               value=event_id)  # fmt: skip
            old = db.execute("SELECT * FROM tags WHERE event_id = ?", (event_id,)).fetchone()
            when = now()
            new = {"status": status, "fields": clean, "tagger": tagger, "tagged_at": when}
            db.execute(
                "INSERT INTO tags(event_id, status, fields, tagger, tagged_at, fingerprint, "
                "needs_review) VALUES (?, ?, ?, ?, ?, ?, 0) ON CONFLICT(event_id) DO UPDATE SET "
                "status = excluded.status, fields = excluded.fields, tagger = excluded.tagger, "
                "tagged_at = excluded.tagged_at, fingerprint = excluded.fingerprint, "
                "needs_review = 0",
                (event_id, status, dumps(clean), tagger, when, sug["fingerprint"]),
            )
            db.execute(
                "INSERT INTO tag_log(event_id, tagger, at, action, old, new) VALUES (?,?,?,?,?,?)",
                (event_id, tagger, when, status, tag_json(old), dumps(new)),
            )

    def undo(self, tagger: str) -> str | None:
        """Undo `tagger`'s last tag still in force; returns its event_id, or None."""
        with self._conn.write() as db:
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
                    (old["status"], dumps(old["fields"]), old["tagger"], old["tagged_at"],
                     event_id),
                )  # fmt: skip
            db.execute("UPDATE tag_log SET undone = 1 WHERE log_id = ?", (last["log_id"],))
            db.execute(
                "INSERT INTO tag_log(event_id, tagger, at, action, old, new) VALUES (?,?,?,?,?,?)",
                (event_id, tagger, now(), "undo", tag_json(current), dumps(old)),
            )
        return str(event_id)

    def add_event(self, article_id: str, *, tagger: str, sentence: str = "", **fields: Any) -> str:
        """Add an event the extractor missed (confirmed, origin "analyst"); returns its id."""
        if "event_type" not in fields:
            raise TagError(f"event_type must be one of {', '.join(schema.EVENT_TYPES)}",
                           field="event_type", value=None)  # fmt: skip
        clean = clean_tag("confirmed", tagger, fields, self._known_sides)
        sentence = clean_value("notes", sentence, self._known_sides) or ""  # text, as notes are
        story = self.articles(article_id=article_id)
        if story.empty:
            raise TagError(f"no story {article_id!r} in {self.path}", field="article_id",
                           value=article_id)  # fmt: skip
        start = story.loc[0, "text"].find(sentence) if sentence else -1
        when = now()
        event_id = (
            "a" + hashlib.sha1(f"{article_id}:{tagger}:{when}:{clean}".encode()).hexdigest()[:15]
        )
        row = {
            "event_id": event_id, "article_id": article_id, "sentence": sentence,
            "sentence_idx": -1, "char_start": max(start, 0),
            "char_end": max(start, 0) + len(sentence) if start >= 0 else 0,
            "claimant_side": "reporter", "status": "suggested", "confidence": 1.0,
            "evidence": {"added_by": tagger},
        }  # fmt: skip
        row.update({k: v for k, v in clean.items() if k in schema.columns("events")})
        record = schema.build([row], "events").to_dict("records")[0]
        with self._conn.write() as db:
            db.execute(
                "INSERT INTO suggestions(event_id, article_id, row, fingerprint, origin, "
                "extractor_version, updated_at) VALUES (?, ?, ?, ?, 'analyst', NULL, ?)",
                (event_id, article_id, dumps(record), fingerprint(record), when),
            )
        self.tag(event_id, status="confirmed", tagger=tagger, **clean)
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
        records, extras = [], []
        for r in rows:
            rec = json.loads(r["row"])
            fields = json.loads(r["fields"]) if r["fields"] else {}
            rec.update(fields)
            rec["status"] = r["status"] or "suggested"
            records.append(rec)
            extras.append({
                "notes": fields.get("notes"), "key": bool(fields.get("key", False)),
                "tagger": r["tagger"], "tagged_at": r["tagged_at"],
                "needs_review": bool(r["needs_review"]), "origin": r["origin"],
            })  # fmt: skip
        frame = pd.concat([schema.build(records, "events"), schema.build(extras, "tags")], axis=1)
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
        out = dict.fromkeys(schema.EVENT_STATUSES, 0)
        for r in self._db.execute(
            "SELECT coalesce(t.status, 'suggested') AS status, count(*) AS n FROM suggestions s "
            "LEFT JOIN tags t ON t.event_id = s.event_id GROUP BY 1"
        ):
            out[r["status"]] = r["n"]
        return out

    # ---- exchange -----------------------------------------------------------------------
    def export(self, path: Path | str, format: str = "csv", *, title: str | None = None,
               overwrite: bool = False, **filters: Any) -> Path:  # fmt: skip
        """Write the merged events to `path` as csv, parquet or acled (ACLED-style CSV); see
        `helpers.exchange.write_events` for how the file is named."""
        return write_events(self.events(**filters), self.articles(), Path(path), format,
                            title=title, overwrite=overwrite)  # fmt: skip

    def import_tags(self, path: Path | str, *, tagger: str | None = None) -> TagImport:
        """Apply the tags in an exported file (csv or parquet), perhaps edited in a spreadsheet.

        Each row is checked like a tag: the good rows that differ are applied, a bad row is
        skipped and listed in the report's `rejected` with the reason (and a
        `TagImportWarning`). `tagger` names who imports; else each row's tagger, else "import".
        Returns a `TagImport` (`int()` of it: the tags that changed).
        """
        rows = list(read_tags(Path(path)))
        current = self.events().set_index("event_id")
        sides = self._known_sides()
        return apply_tags(Path(path), rows, current, lambda: sides, self.tag, tagger)

    # ---- internals ----------------------------------------------------------------------
    def _setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def _extraction_profile(self) -> str | Profile:
        return AUTO if self.profile_name == AUTO else self.profile

    def _load_profile(self) -> Profile:
        name, folder = self.profile_name, self._setting("profile_path")
        if name == AUTO:
            return most_named_profile(self._side_counts())
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

    def _known_sides(self) -> Collection[str]:
        """Every side a tag may name (see `helpers.store.profiles.known_sides`)."""
        rows = self._db.execute(
            "SELECT json_extract(row, '$.actor') AS side FROM suggestions UNION "
            "SELECT json_extract(row, '$.target') FROM suggestions UNION "
            "SELECT json_extract(row, '$.claimant_side') FROM suggestions UNION "
            "SELECT json_extract(fields, '$.actor') FROM tags UNION "
            "SELECT json_extract(fields, '$.target') FROM tags UNION "
            "SELECT json_extract(fields, '$.claimant_side') FROM tags"
        )
        in_use = {r["side"] for r in rows if isinstance(r["side"], str) and r["side"]}
        return known_sides(self.profile_name, self.profile, in_use)

    def _keep_analyst_dates(self, articles: pd.DataFrame) -> pd.DataFrame:
        analyst = dict(self._db.execute(
            "SELECT article_id, json_extract(row, '$.published') FROM articles "
            "WHERE json_extract(row, '$.date_source') = 'analyst'"
        ).fetchall())  # fmt: skip
        mine = articles["article_id"].isin(analyst) & (articles["date_source"] != "analyst")
        if not mine.any():
            return articles
        return set_story_dates(articles, {a: analyst[a] for a in articles.loc[mine, "article_id"]})


def default_tagger() -> str:
    """The tagger's name when none is given: the login name."""
    return os.environ.get("WIRE_DESK_TAGGER") or os.environ.get("USER") or "analyst"
