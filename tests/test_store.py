"""The workbook store: tags kept apart from suggestions, never lost, never clobbered."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import config, schema
from helpers.errors import ExportError, TagError, WorkbookError
from helpers.store import SCHEMA_VERSION, Workbook, safe_filename

WORKER = Path(__file__).parent / "workers" / "tag_many.py"


def test_a_new_workbook_is_wal_versioned_and_holds_the_samples(wb):
    assert wb._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert wb._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    events = wb.events()
    assert len(events) > 200 and set(events["status"]) == {"suggested"}
    schema.validate(events, "events")
    assert len(wb.articles()) == 30
    assert wb.counts()["suggested"] == len(events)


def test_tag_undo_and_history(wb):
    ids = list(wb.events()["event_id"][:3])
    wb.tag(ids[0], status="confirmed", tagger="ann")
    wb.tag(ids[1], status="edited", tagger="ann", event_type="strike", event_date="2024-08-05",
           places=["Sudzha"], verified=False, notes="checked against the map")  # fmt: skip
    wb.tag(ids[2], status="rejected", tagger="ann")
    merged = wb.events().set_index("event_id")
    assert merged.loc[ids[0], "status"] == "confirmed"
    edited = merged.loc[ids[1]]
    assert edited["status"] == "edited" and edited["event_type"] == "strike"
    assert edited["event_date"] == pd.Timestamp("2024-08-05", tz="UTC")
    assert edited["places"] == ["Sudzha"] and edited["notes"] == "checked against the map"
    assert edited["tagger"] == "ann"
    assert wb.undo("ann") == ids[2]
    assert wb.events().set_index("event_id").loc[ids[2], "status"] == "suggested"
    assert wb.undo("bob") is None  # bob tagged nothing
    wb.tag(ids[1], status="confirmed", tagger="bob")
    assert wb.undo("bob") == ids[1]
    assert wb.events().set_index("event_id").loc[ids[1], "status"] == "edited"  # ann's edit back
    log = wb.history(ids[1])
    assert list(log["action"]) == ["edited", "confirmed", "undo"]
    assert log.loc[1, "old"]["status"] == "edited" and log.loc[1, "new"]["status"] == "confirmed"
    assert list(log["undone"]) == [False, True, False]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"status": "maybe", "tagger": "ann"}, "status"),
        ({"status": "edited", "tagger": "ann", "colour": "red"}, "colour"),
        ({"status": "confirmed", "tagger": " "}, "tagger"),
    ],
)
def test_bad_tags_are_refused(wb, kwargs, message):
    event_id = wb.events()["event_id"][0]
    with pytest.raises(TagError, match=message):
        wb.tag(event_id, **kwargs)
    with pytest.raises(TagError, match="no event"):
        wb.tag("nope", status="confirmed", tagger="ann")


def test_filters(wb):
    events = wb.events()
    first = events.iloc[0]
    wb.tag(first["event_id"], status="rejected", tagger="ann")
    assert list(wb.events(status="rejected")["event_id"]) == [first["event_id"]]
    strikes = wb.events(event_type="strike")
    assert len(strikes) and set(strikes["event_type"]) == {"strike"}
    russia = wb.events(claimant_side=["Russia"])
    assert set(russia["claimant_side"]) == {"Russia"}
    afp = wb.events(outlet="AFP")
    arts = wb.articles().set_index("article_id")
    assert len(afp) and set(arts.loc[afp["article_id"], "outlet"]) == {"AFP"}
    with pytest.raises(TagError, match="filter"):
        wb.events(colour="red")


def test_reingesting_never_clobbers_tags_and_flags_changed_suggestions(wb):
    articles = wb.articles()
    story = articles[articles["text"].str.contains("settlements")].iloc[0]
    events = wb.events(article_id=story["article_id"])
    target = events[events["quantity"].notna()].iloc[0]
    wb.tag(target["event_id"], status="confirmed", tagger="ann", notes="agreed")
    other = events[events["event_id"] != target["event_id"]].iloc[0]
    wb.tag(other["event_id"], status="rejected", tagger="ann")
    assert wb.add_stories(articles)["new"] == 0  # the same stories again: nothing changes
    corrected = articles.copy()
    number = f"{int(target['quantity'])}"
    idx = corrected.index[corrected["article_id"] == story["article_id"]][0]
    corrected.loc[idx, "text"] = story["text"].replace(number, str(int(number) + 1), 1)
    counts = wb.add_stories(corrected)
    assert counts["changed"] >= 1 and counts["flagged"] >= 1
    after = wb.events().set_index("event_id")
    assert after.loc[target["event_id"], "status"] == "confirmed"
    assert after.loc[target["event_id"], "notes"] == "agreed"
    assert bool(after.loc[target["event_id"], "needs_review"]) is True
    assert after.loc[other["event_id"], "status"] == "rejected"


def test_story_date_set_later_resolves_events_and_keeps_tags(wb):
    undated = wb.articles().query("published.isna()", engine="python")
    article_id = undated.iloc[0]["article_id"]
    events = wb.events(article_id=article_id)
    assert events["event_date"].isna().all() and events["date_text"].notna().any()
    wb.tag(events.iloc[0]["event_id"], status="confirmed", tagger="ann")
    wb.set_story_date(article_id, "2024-08-14")
    after = wb.events(article_id=article_id)
    assert after["event_date"].notna().any()
    assert after.iloc[0]["status"] == "confirmed"
    assert wb.articles(article_id=article_id).iloc[0]["date_source"] == "analyst"
    wb.add_stories(helpers.load_stories(config.SAMPLES_DIR, progress=False))  # re-ingest
    again = wb.articles(article_id=article_id).iloc[0]
    assert again["date_source"] == "analyst"  # the analyst's date survives re-ingesting


def test_add_a_missed_event(wb):
    article_id = wb.articles().iloc[0]["article_id"]
    sentence = wb.articles().iloc[0]["text"].split(". ")[0]
    event_id = wb.add_event(article_id, tagger="ann", sentence=sentence, event_type="strike",
                            places=["Sudzha"], event_date="2024-08-07")  # fmt: skip
    added = wb.events(origin="analyst")
    assert list(added["event_id"]) == [event_id]
    assert added.iloc[0]["status"] == "confirmed" and added.iloc[0]["places"] == ["Sudzha"]
    with pytest.raises(TagError, match="event_type"):
        wb.add_event(article_id, tagger="ann", event_type="picnic")


def test_export_and_import_tags_round_trip(wb, tmp_path, sample_workbook):
    ids = list(wb.events()["event_id"][:2])
    wb.tag(ids[0], status="edited", tagger="ann", event_type="casualties", places=["Lgov"])
    wb.tag(ids[1], status="rejected", tagger="ann")
    out = tmp_path / "out"
    out.mkdir()
    paths = {fmt: wb.export(out, fmt) for fmt in ("csv", "parquet", "acled")}
    assert all(p.exists() and p.parent == out for p in paths.values())
    acled = pd.read_csv(paths["acled"])
    assert {"event_date", "event_type", "sub_event_type", "actor1", "latitude"} <= set(acled)
    assert ids[1] not in set(acled["event_id_cnty"])  # rejected events are not exported
    with pytest.raises(ExportError, match="exists"):
        wb.export(out, "csv")
    for fmt in ("csv", "parquet"):
        fresh_path = tmp_path / f"fresh-{fmt}.sqlite"
        shutil.copy(sample_workbook, fresh_path)
        with Workbook(fresh_path) as fresh:
            assert fresh.import_tags(paths[fmt]).changed == 2
            got = fresh.events().set_index("event_id")
            assert got.loc[ids[0], "event_type"] == "casualties"
            assert got.loc[ids[0], "places"] == ["Lgov"]
            assert got.loc[ids[1], "status"] == "rejected"
            assert fresh.import_tags(paths[fmt]).changed == 0  # nothing new the second time


def test_export_names_from_titles_cannot_escape_the_folder(wb, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    from helpers.exchange import write_events

    path = write_events(wb.events(), wb.articles(), out, "csv", title="../../etc/passwd")
    assert path.parent == out and path.name == "etc-passwd.csv"
    assert safe_filename("Kursk: day 7 / \\ <script>") == "Kursk-day-7-script"
    assert safe_filename("..") == "untitled"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_that_are_not_workbooks_are_refused_and_left_alone(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("just some notes")
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"SQLite format 3\x00" + os.urandom(4000))
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE recipes(name TEXT)")
    db.close()
    newer = tmp_path / "newer.sqlite"
    with Workbook(newer):
        pass
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for path, words in [(text, "not an SQLite"), (corrupt, "corrupt"), (other, "another app"),
                        (newer, "newer Wire Desk"), (empty, "empty")]:  # fmt: skip
        before = _digest(path)
        with pytest.raises(WorkbookError, match=words) as info:
            Workbook(path)
        assert str(path) in str(info.value)
        assert _digest(path) == before


def _worker(path: Path, tagger: str, n: int, offset: int = 0) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), str(path), tagger, str(n), str(offset)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=config.ROOT,
    )  # fmt: skip


@pytest.mark.slow
def test_sigkill_in_the_middle_of_1000_tag_writes_loses_none_that_returned(wb):
    path = wb.path
    proc = _worker(path, "crash", 1000)
    returned = []
    assert proc.stdout is not None
    for line in proc.stdout:
        returned.append(line.split())
        if len(returned) == 300:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Workbook(path) as after:
        assert after._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        logged = {
            (r["event_id"], r["new"])
            for r in after._db.execute("SELECT event_id, new FROM tag_log WHERE tagger='crash'")
        }
        notes = {(e, n) for e, n in returned}
        found = {(e, n) for e, new in logged for n in [_note(new)]}
        assert notes <= found
        assert len(logged) >= len(returned)


def _note(new: str) -> str:
    import json

    return json.loads(new)["fields"]["notes"]


@pytest.mark.slow
def test_two_processes_tag_one_workbook_at_once(wb):
    a = _worker(wb.path, "ann", 150, 0)
    b = _worker(wb.path, "bob", 150, 75)
    out_a, err_a = a.communicate(timeout=120)
    out_b, err_b = b.communicate(timeout=120)
    assert a.returncode == 0 and b.returncode == 0, err_a + err_b
    assert "locked" not in err_a + err_b
    with Workbook(wb.path) as after:
        for tagger in ("ann", "bob"):
            n = after._db.execute(
                "SELECT count(*) FROM tag_log WHERE tagger = ?", (tagger,)
            ).fetchone()[0]
            assert n == 150
        assert after._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_acled_export_carries_the_counted_dead():
    from helpers.exchange import acled

    events = schema.build([
        {"event_id": "a", "article_id": "x", "event_type": "casualties", "status": "suggested",
         "fatalities": 3.0, "sentence": "Three people were killed."},
        {"event_id": "b", "article_id": "x", "event_type": "strike", "status": "suggested",
         "sentence": "A drone hit a depot."},
    ], "events")  # fmt: skip
    articles = schema.build([{"article_id": "x", "outlet": "AP"}], "articles")
    assert acled(events, articles)["fatalities"].tolist() == [3, 0]  # ACLED: 0 when not counted
