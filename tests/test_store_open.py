"""Opening a workbook: read-only files and folders, names SQLite would read as a URI, and a full
disk under the tags (helpers/store/connection.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import config
from helpers.errors import WorkbookError
from helpers.store import APPLICATION_ID, Workbook
from tests.conftest import require

# Opens the workbook argv[1] as an analyst who may not write it would, and says what happened.
READER = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from helpers.store import Workbook
    path = Path(sys.argv[1])
    out = {}
    try:
        wb = Workbook(path)
    except Exception as exc:
        out["open_error"] = [type(exc).__name__, str(exc)]
    else:
        out["read_only"], out["events"] = wb.read_only, len(wb.events())
        out["profile"] = wb.profile_name
        first = wb.events()["event_id"][0]
        try:
            wb.tag(first, status="confirmed", tagger="ann")
        except Exception as exc:
            out["tag_error"] = [type(exc).__name__, str(exc)]
        wb.close()
    out["files"] = sorted(os.listdir(path.parent))
    print(json.dumps(out))
""")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _as_reader(path: Path) -> dict[str, object]:
    """Run READER in a process the file permissions bind (root gives up its override first)."""
    cmd = [sys.executable, "-c", READER, str(path)]
    if os.geteuid() == 0:
        cmd = [require("setpriv"), "--bounding-set=-dac_override,-dac_read_search", "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=config.ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.splitlines()[-1]))


@pytest.fixture()
def book(sample_workbook: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = folder / "wb.sqlite"
    shutil.copy(sample_workbook, path)  # checkpointed: no -wal beside it
    return path


def _restore(path: Path) -> None:
    path.parent.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_workbook_opens_for_reading_and_says_so_on_a_write(book, what):
    with Workbook(book) as wb:
        expected = len(wb.events())
    before = _digest(book)
    (book if what == "file" else book.parent).chmod(0o444 if what == "file" else 0o555)
    try:
        seen = _as_reader(book)
    finally:
        _restore(book)
    assert "open_error" not in seen, seen
    assert seen["read_only"] is True and seen["events"] == expected
    assert seen["profile"] == "auto"
    kind, message = seen["tag_error"]  # type: ignore[misc]
    assert kind == "WorkbookError" and str(book) in message and "read-only" in message
    assert seen["files"] == ["wb.sqlite"]  # no -wal or -shm left beside it
    assert _digest(book) == before


def test_a_new_workbook_in_a_read_only_folder_is_a_clear_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        seen = _as_reader(folder / "new.sqlite")
    finally:
        folder.chmod(0o755)
    kind, message = seen["open_error"]  # type: ignore[misc]
    assert kind == "WorkbookError" and "new.sqlite" in message and "read-only" in message
    assert seen["files"] == []


def test_read_only_opening_writes_nothing(book):
    """Reopening a workbook writes nothing: opening cannot be what fails on a read-only file."""
    with Workbook(book):
        pass
    stamp = book.stat().st_mtime_ns
    before = _digest(book)
    with Workbook(book) as wb:
        wb.events()
    assert _digest(book) == before and book.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("name", ["desk?x.sqlite", "desk#x.sqlite", "desk%3Fx.sqlite", "desk"])
def test_names_with_uri_characters_open_that_very_file(tmp_path, name):
    # Another application's SQLite file named like the part before the `?`, `#` or `%3F`.
    other = tmp_path / "desk"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE recipes(name TEXT)")
        db.execute("INSERT INTO recipes VALUES ('borscht')")
    db.close()
    before = _digest(other)
    path = tmp_path / name
    if name == "desk":  # the other application's file itself: refused, untouched
        with pytest.raises(WorkbookError, match="another application"):
            Workbook(path)
    else:
        with Workbook(path, profile="sudan") as wb:
            assert wb.profile_name == "sudan"
        with Workbook(path) as again:  # reopened: the same file, a workbook
            assert again.profile_name == "sudan"
            app = again._db.execute("PRAGMA application_id").fetchone()[0]
            assert app == APPLICATION_ID
        assert path.exists() and path.stat().st_size > 0
    assert _digest(other) == before
    assert not (tmp_path / "desk-wal").exists()


def test_a_full_disk_refuses_the_tag_and_loses_none_saved_before(wb):
    ids = list(wb.events()["event_id"])
    for event_id in ids[:3]:
        wb.tag(event_id, status="confirmed", tagger="ann", notes="saved before")
    pages = wb._db.execute("PRAGMA page_count").fetchone()[0]
    wb._db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
    returned = []
    with pytest.raises(WorkbookError, match="disk is full") as info:
        for n, event_id in enumerate(ids[3:]):
            wb.tag(event_id, status="edited", tagger="ann", notes=f"{n} " + "long " * 400)
            returned.append(event_id)
    assert str(wb.path) in str(info.value) and "not saved" in str(info.value)
    failed = ids[3 + len(returned)]
    wb.close()
    with Workbook(wb.path) as after:
        assert after._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        got = after.events().set_index("event_id")
        assert (got.loc[ids[:3], "notes"] == "saved before").all()
        assert (got.loc[returned, "status"] == "edited").all()
        assert got.loc[failed, "status"] == "suggested"  # the refused tag left no trace
        assert after.history(failed).empty


# A workbook and an export on a real, tiny, full file system (a tmpfs in a mount namespace).
TINY_DISK = textwrap.dedent("""
    import json, os, shutil, sys
    from pathlib import Path
    from helpers.errors import ExportError, WorkbookError
    from helpers.store import Workbook
    disk, template = Path(sys.argv[1]), Path(sys.argv[2])
    shutil.copy(template, disk / "wb.sqlite")
    out = {"tagged": []}
    wb = Workbook(disk / "wb.sqlite")
    csv = wb.export(disk, "csv")
    out["csv_size"] = csv.stat().st_size
    ids = list(wb.events()["event_id"])
    for event_id in ids[:3]:  # saved before the disk fills
        wb.tag(event_id, status="confirmed", tagger="ann")
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill the disk to the last block
    try:
        while True:
            os.write(fd, b"x" * 4096)
    except OSError:
        os.close(fd)
    try:
        for event_id in ids[3:]:
            wb.tag(event_id, status="rejected", tagger="ann", notes="full " * 300)
            out["tagged"].append(event_id)
    except WorkbookError as exc:
        out["tag_error"] = str(exc)
    try:
        wb.export(disk, "csv", overwrite=True)
    except ExportError as exc:
        out["export_error"] = str(exc)
    out["csv_size_after"] = csv.stat().st_size
    out["files"] = sorted(p.name for p in disk.iterdir())
    wb.close()
    filler.unlink()
    with Workbook(disk / "wb.sqlite") as again:
        got = again.events().set_index("event_id")
        out["kept"] = bool((got.loc[out["tagged"], "status"] == "rejected").all()
                           and (got.loc[ids[:3], "status"] == "confirmed").all())
        out["integrity"] = again._db.execute("PRAGMA integrity_check").fetchone()[0]
    print(json.dumps(out))
""")


def _namespace_prefix() -> list[str]:
    """unshare with a mount namespace of our own (as root; else as root of a user namespace)."""
    prefix = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    if not shutil.which("unshare") or subprocess.run([*prefix, "true"]).returncode != 0:
        if os.environ.get("CI"):
            pytest.fail("CI runs as root and must be able to mount a tmpfs in a namespace")
        pytest.skip("no mount namespace here for a tiny tmpfs")
    return prefix


def test_on_a_really_full_disk_tags_and_exports_fail_clearly_and_keep_what_was_saved(
    sample_workbook, tmp_path
):
    disk = tmp_path / "disk"
    disk.mkdir()
    size = sample_workbook.stat().st_size * 3 + 2_000_000
    script = (f"mount -t tmpfs -o size={size} tmpfs {disk} && "
              f"{sys.executable} -c \"$0\" {disk} {sample_workbook}")  # fmt: skip
    done = subprocess.run([*_namespace_prefix(), "sh", "-c", script, TINY_DISK],
                          capture_output=True, text=True, cwd=config.ROOT, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert "disk is full" in seen["tag_error"] and "wb.sqlite" in seen["tag_error"]
    assert "disk is full" in seen["export_error"] and "wire-desk-events.csv" in seen["export_error"]
    assert seen["csv_size_after"] == seen["csv_size"]  # the earlier export, whole
    assert not [f for f in seen["files"] if f.endswith(".tmp")]  # no half file left
    assert seen["kept"] is True and seen["integrity"] == "ok"
