"""Parsing: decoding, page metadata, publication times, wire structure. No I/O."""

from __future__ import annotations

import lxml.html
import pandas as pd
import pytest

from helpers.parse import (
    RawItem,
    canonical_url,
    decode,
    page_metadata,
    parse_item,
    to_utc,
)
from tests.conftest import PAGES


def test_decode_handles_common_encodings_and_rejects_garbage():
    assert decode("Kursk — “quoted”".encode()) == "Kursk — “quoted”"
    assert decode("\ufeffKursk".encode()) == "Kursk"
    assert decode("Kursk".encode("utf-16")) == "Kursk"
    assert decode("Café in Sudzha – “closed”".encode("cp1252")) == "Café in Sudzha – “closed”"
    assert decode(bytes(range(0, 32)) * 8) is None


def test_page_metadata_reads_time_to_the_second_with_offset():
    tree = lxml.html.fromstring((PAGES / "story.html").read_bytes())
    meta = page_metadata(tree)
    assert meta["title"] == "Bridge over Seym river destroyed, Kursk officials say"
    assert meta["outlet"] == "Wire Example"
    assert to_utc(meta["published"]) == pd.Timestamp("2024-08-16 14:32:07", tz="UTC")


def test_page_metadata_from_json_ld_graph():
    meta = page_metadata(lxml.html.fromstring((PAGES / "story2.html").read_bytes()))
    assert meta["title"] == "Russia says it retook two villages in Kursk region"
    assert meta["authors"] == ["Ann Example", "Bo Example"]
    assert meta["outlet"] == "Other Example"
    assert meta["url"] == "https://other.example/news/kursk-villages"
    assert to_utc(meta["published"]) == pd.Timestamp("2024-10-01 12:05:41", tz="UTC")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-08-14T09:12:00Z", "2024-08-14 09:12:00"),
        ("2024-08-14T12:12:00.123+03:00", "2024-08-14 09:12:00"),
        ("2024-08-14", "2024-08-14 00:00:00"),
        ("Wed, 14 Aug 2024 09:12:00 +0000", "2024-08-14 09:12:00"),
        ("Wed, 14 Aug 2024 12:12:00 +0300", "2024-08-14 09:12:00"),
    ],
)
def test_to_utc(value, expected):
    stamp = to_utc(value)
    assert stamp == pd.Timestamp(expected, tz="UTC") and str(stamp.tz) == "UTC"


@pytest.mark.parametrize("value", [None, "", "not a date", "Someday soon"])
def test_to_utc_gives_none_for_non_dates(value):
    assert to_utc(value) is None


def test_canonical_url_folds_tracking_and_case():
    a = canonical_url("https://WWW.Wire.example/world/story/?utm_source=x#top")
    assert a == canonical_url("http://wire.example/world/story")


@pytest.mark.parametrize("engine", ["trafilatura", "newspaper"])
def test_html_page_to_article_row(engine):
    item = RawItem(source="page", kind="html", body=(PAGES / "story.html").read_bytes())
    row = parse_item(item, engine=engine)
    assert row["status"] == "ok", row.get("error")
    assert row["engine"] == engine
    assert row["agency"] == "Reuters" and row["dateline"] == "GLUSHKOVO"
    assert row["outlet"] == "Wire Example"
    assert row["published"] == pd.Timestamp("2024-08-16 14:32:07", tz="UTC")
    assert row["date_source"] == "meta"
    assert row["text"].startswith("A road bridge over the Seym river")
    assert "Reporting by" not in row["text"] and "cookies" not in row["text"]
    assert "Subscribe" not in row["text"] and "Oil prices" not in row["text"]
    assert row["credits"]["writing"] == ["Third Writer"]
    assert row["credit_places"] == {"Test Reporter": "Kyiv"}


def test_text_with_html_left_in_is_read_as_html():
    row = parse_item(
        RawItem(
            source="x",
            kind="text",
            text="<html><body><p>(AFP) - Kyiv said it had advanced in the Kursk "
            "region.</p><p>Moscow denied it.</p></body></html>",
        )
    )
    assert row["text"] == "Kyiv said it had advanced in the Kursk region.\n\nMoscow denied it."


def test_odd_unicode_is_tidied():
    row = parse_item(
        RawItem(
            source="x",
            kind="text",
            text="(Reuters)\u00a0– Ukraine\u00a0said\u200b it took Sudzha\r\n",
        )
    )
    assert row["text"] == "Ukraine said it took Sudzha"


def test_byline_with_several_names_is_split():
    tree = lxml.html.fromstring(
        '<html><head><meta name="author" content="By Hanna Example, James Example and Li Example">'
        "</head><body></body></html>"
    )
    assert page_metadata(tree)["authors"] == ["Hanna Example", "James Example", "Li Example"]
