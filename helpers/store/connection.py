"""Opening a workbook file: the checks that it is one, read-only files, migrations, and the one
write transaction every change goes through, with SQLite's failures said in plain words."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from helpers import config
from helpers.errors import WorkbookError

SCHEMA_VERSION = 2
APPLICATION_ID = 0x57444B31  # "WDK1": marks a Wire Desk workbook among SQLite files
_SQLITE_HEADER = b"SQLite format 3\x00"
# A workbook of schema 1 was made before profiles, by a Wire Desk that knew one war: the one the
# sample corpus is about. Migration 2 records that profile for it.
_PROFILE_BEFORE_PROFILES = config.SAMPLES_PROFILE
T = TypeVar("T")

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


class Connection:
    """The SQLite connection of one workbook file.

    A file that exists is checked first (never changed when it is not a workbook). A file or
    folder this process may not write is opened read-only (`read_only`): nothing is written on
    opening, no -wal or -shm file is made beside it, and every write raises `WorkbookError`.
    """

    def __init__(self, path: Path, timeout_s: float) -> None:
        self.path, self.timeout_s = path, timeout_s
        exists = _exists(path)
        if exists:
            check_is_workbook(path)
        else:
            _make_folder(path)
        self.read_only = exists and not _writable(path)
        self.db = self._connect(exists)
        try:
            self._prepare()
        except BaseException:
            self.db.close()
            raise

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, retried while another process holds the lock; SQLite's
        failures (a full disk, a file turned read-only) become a `WorkbookError` and nothing of
        the transaction is kept."""
        self.check_writable()
        try:
            self.retry(lambda: self.db.execute("BEGIN IMMEDIATE"))
            yield self.db
            self.retry(lambda: self.db.execute("COMMIT"))
        except sqlite3.Error as exc:
            self._rollback()
            raise failure(self.path, exc) from exc
        except BaseException:
            self._rollback()
            raise

    def check_writable(self) -> None:
        """Raise `WorkbookError` when the workbook was opened read-only."""
        if self.read_only:
            raise WorkbookError(self.path, "is read-only (the file or its folder cannot be "
                                "written), so it was opened for reading and nothing was saved; "
                                "copy it to a folder you can write to, to tag it")  # fmt: skip

    def retry(self, fn: Callable[[], T]) -> T:
        """`fn()`, again while another process holds the file (up to the busy timeout)."""
        deadline = time.monotonic() + self.timeout_s
        pause = 0.01
        while True:
            try:
                return fn()
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                if time.monotonic() > deadline:
                    raise WorkbookError(
                        self.path, f"another process kept it busy for {self.timeout_s:g} s"
                    ) from exc
                time.sleep(pause)
                pause = min(pause * 2, 0.2)

    def _rollback(self) -> None:
        if self.db.in_transaction:  # SQLite may have rolled back itself (a full disk does)
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")

    def _connect(self, exists: bool) -> sqlite3.Connection:
        if self.read_only:
            # With no -wal beside it, the file holds every committed change: read it as it is
            # (immutable), which makes no -shm; with one, a writer is at work or crashed, and
            # only SQLite's shared memory shows its latest tags.
            query = "mode=ro" if _exists(_sibling(self.path, "-wal")) else "mode=ro&immutable=1"
        else:
            query = "mode=rw" if exists else "mode=rwc"
        try:
            db = sqlite3.connect(_uri(self.path, query), uri=True, timeout=self.timeout_s,
                                 isolation_level=None, check_same_thread=False)  # fmt: skip
            db.row_factory = sqlite3.Row
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the file now
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from exc
        return db

    def _prepare(self) -> None:
        """Check the schema; on a writable file set WAL mode and migrate, writing only what
        changes."""
        try:
            version, app = self._version()
            _refuse_newer(self.path, version)
            if self.read_only:
                if version < SCHEMA_VERSION:
                    raise WorkbookError(self.path, f"is read-only and made by an older Wire Desk "
                                        f"(schema {version}); copy it to a folder you can write "
                                        "to, and open the copy to upgrade it")  # fmt: skip
                return
            if self.db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self.retry(lambda: self.db.execute("PRAGMA journal_mode=WAL"))
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute(f"PRAGMA busy_timeout={int(self.timeout_s * 1000)}")
        except sqlite3.Error as exc:
            raise failure(self.path, exc) from exc
        if version < SCHEMA_VERSION or app != APPLICATION_ID:
            self._migrate()

    def _version(self) -> tuple[int, int]:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        return int(version), int(self.db.execute("PRAGMA application_id").fetchone()[0])

    def _migrate(self) -> None:
        with self.write() as db:
            version, _ = self._version()  # again, inside the lock: another process may have
            _refuse_newer(self.path, version)
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in _MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                if target == 2 and version >= 1:  # an existing workbook from before profiles
                    db.execute(
                        "INSERT INTO settings(key, value, updated_at) VALUES ('profile', ?, ?)",
                        (_PROFILE_BEFORE_PROFILES, datetime.now(UTC).isoformat()),
                    )
                db.execute(f"PRAGMA user_version = {target}")
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def check_is_workbook(path: Path) -> None:
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
    # read as it is when nothing may be written beside it (no -shm made, nothing left behind)
    quiet = not _writable(path) and not _exists(_sibling(path, "-wal"))
    try:
        uri = _uri(path, "mode=ro&immutable=1" if quiet else "mode=ro")
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            app = db.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            db.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:
        raise WorkbookError(path, f"is corrupt or not a workbook ({exc})") from exc
    if app != APPLICATION_ID and tables:
        raise WorkbookError(path, "is an SQLite file of another application, not a workbook")


def failure(path: Path, exc: sqlite3.Error) -> WorkbookError:
    """SQLite's error about `path` as a WorkbookError that says what happened."""
    code = getattr(exc, "sqlite_errorname", "")
    if code == "SQLITE_FULL":
        reason = ("the disk is full: this change was not saved (everything saved before is "
                  "kept); free some space and try again")  # fmt: skip
    elif code.startswith("SQLITE_READONLY"):
        reason = "cannot be written (read-only): this change was not saved"
    elif code.startswith("SQLITE_CANTOPEN"):
        reason = "cannot be opened (a missing folder, a name too long, or no permission)"
    elif code in ("SQLITE_CORRUPT", "SQLITE_NOTADB"):
        reason = f"is corrupt or not a workbook ({exc})"
    else:
        reason = f"could not be used ({exc})"
    return WorkbookError(path, reason)


def _uri(path: Path, query: str) -> str:
    """The file's `file:` URI: `?`, `#` and `%` in a name are escaped, so it names this file."""
    return f"{Path(os.path.abspath(path)).as_uri()}?{query}"


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError as exc:  # a name too long, a loop of links
        raise WorkbookError(path, f"cannot be opened ({exc.strerror or exc})") from exc


def _writable(path: Path) -> bool:
    """Whether this process may write the file and make files beside it (-wal, -shm)."""
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK)


def _make_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookError(path, f"cannot be created ({exc.strerror or exc})") from exc
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise WorkbookError(path, f"cannot be created: its folder {path.parent} is read-only")


def _refuse_newer(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise WorkbookError(path, f"made by a newer Wire Desk (schema {version}, this one reads "
                            f"up to {SCHEMA_VERSION}); update Wire Desk to open it")  # fmt: skip
