"""JSON story files and feeds expanded into raw items; unusable records named, not dropped."""

from __future__ import annotations

import pandas as pd

from helpers.parse import parse_item
from helpers.records import feed_items, hints_from_record, json_items
from tests.conftest import PAGES


def test_json_items_single_and_list():
    one = json_items(
        b'{"text": "(Reuters) - Kyiv said.", "title": "T", "url": "https://a.example/1"}', "a.json"
    )
    found, skipped = one
    assert len(found) == 1 and found[0].hints["title"] == "T" and not skipped
    many, skipped = json_items(b'[{"text": "One."}, {"text": "Two."}, {"no": "text"}]', "b.json")
    assert [i.source for i in many] == ["b.json#0", "b.json#1"]
    assert [where for where, _ in skipped] == ["b.json#2"]  # a row, not silently dropped
    assert "not valid JSON" in json_items(b"{broken", "c.json")
    assert "no story objects" in json_items(b'{"a": 1}', "d.json")


def test_feed_items_split_full_text_from_links_to_fetch():
    raw = (PAGES / "feed.xml").read_bytes().replace(b"{BASE}", b"https://feed.example")
    found, to_fetch, skipped = feed_items(raw, "feed.xml")
    assert not skipped
    assert [i.url for i in found] == ["https://feed.example/news/evacuations"]
    assert [u for u, _ in to_fetch] == [
        "https://feed.example/story2.html",
        "https://feed.example/missing.html",
    ]
    row = parse_item(found[0])
    assert row["status"] == "ok" and row["engine"] == "feed"
    assert row["published"] == pd.Timestamp("2024-08-12 10:05:00", tz="UTC")
    assert row["title"] == "Kursk governor orders more evacuations"
    assert row["text"].startswith("The acting governor of Russia’s Kursk region")
    assert "bad_feed" not in str(feed_items(raw, "feed.xml"))
    assert "not a readable RSS/Atom feed" in feed_items(b"<html>no</html>", "x.xml")


def test_hints_of_the_wrong_type_are_left_out_and_named():
    hints, ignored = hints_from_record(
        {"url": 5, "title": {"x": 1}, "published": 1724137445, "authors": ["A"], "outlet": None}
    )
    assert hints == {
        "url": None,
        "title": None,
        "published": None,
        "authors": ["A"],
        "outlet": None,
    }
    assert [i.split()[0] for i in ignored] == ["url", "title", "published"]
