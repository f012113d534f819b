"""load_stories end to end: every kind of source, failures as rows, duplicates folded, dates."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pandas as pd
import pytest

import helpers
from helpers import schema
from helpers.errors import SourceError, WireDeskError
from tests.conftest import PAGES

RUSSIAN = (
    "Губернатор Курской области заявил во вторник, что из приграничных районов эвакуированы "
    "более ста тысяч человек. По его словам, обстановка в Судже остаётся сложной, а военные "
    "продолжают отражать атаки противника на нескольких направлениях."
)
STORY = (
    "KYIV, Aug 20 (Reuters) - Ukraine’s top commander said on Tuesday his forces now held "
    "1,263 square kilometres of Russia’s Kursk region, including 93 settlements.\n"
    "Russia’s defence ministry said its troops had repelled attacks near Korenevo. Reuters "
    "could not independently verify either side’s battlefield claims.\n"
    "(Reporting by Test Reporter in Kyiv; Editing by Test Editor)"
)


def _by_source(df: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["source"]: row for _, row in df.iterrows()}


@pytest.mark.network
def test_a_batch_with_bad_inputs_returns_everything_else(site, fast_fetch, tmp_path):
    good_txt = tmp_path / "good.txt"
    good_txt.write_text(STORY, encoding="utf-8")
    (tmp_path / "good.meta.json").write_text(
        json.dumps(
            {
                "url": "https://wire.example/kursk-1263",
                "outlet": "Wire Example",
                "published": "2024-08-20T15:04:05+03:00",
                "title": "Ukraine says it holds 1,263 sq km",
            }
        )
    )
    undecodable = tmp_path / "garbage.txt"
    undecodable.write_bytes(bytes(range(0, 32)) * 20)
    broken_gz = tmp_path / "broken.html.gz"
    broken_gz.write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    russian = tmp_path / "russian.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    sources = [
        site.url("/story.html"),
        site.url("/nothing-here"),
        site.url("/slow"),
        site.url("/loop"),
        site.url("/doc.pdf"),
        site.url("/photo.png"),
        site.url("/data.json"),
        site.url("/empty.html"),
        site.url("/blank.html"),
        site.url("/big.html"),
        str(good_txt),
        tmp_path / "missing.txt",
        undecodable,
        broken_gz,
        russian,
        STORY.replace("1,263", "1,294").replace("93", "100"),
    ]
    df = helpers.load_stories(sources, **{**fast_fetch, "retries": 0}, max_bytes=100_000)
    schema.validate(df, "articles")
    rows = _by_source(df)
    expected = {
        site.url("/nothing-here"): "http_error",
        site.url("/slow"): "timeout",
        site.url("/loop"): "redirect_loop",
        site.url("/doc.pdf"): "not_html",
        site.url("/photo.png"): "not_html",
        site.url("/data.json"): "not_html",
        site.url("/empty.html"): "empty",
        site.url("/blank.html"): "empty",
        site.url("/big.html"): "too_large",
        str(tmp_path / "missing.txt"): "not_found",
        str(undecodable): "undecodable",
        str(broken_gz): "unreadable",
        str(russian): "other_language",
    }
    for source, status in expected.items():
        assert rows[source]["status"] == status, (source, rows[source]["error"])
        assert Path(source).name in rows[source]["error"] or source in rows[source]["error"]
    assert rows[str(russian)]["text"].startswith("Губернатор")  # kept for the analyst
    ok = df[df["status"] == "ok"]
    assert set(ok["source"]) == {site.url("/story.html"), str(good_txt), "pasted text #1"}
    assert ok["error"].isna().all()
    assert len(df) == len(sources)
    txt = rows[str(good_txt)]
    assert txt["published"] == pd.Timestamp("2024-08-20 12:04:05", tz="UTC")
    assert txt["title"] == "Ukraine says it holds 1,263 sq km" and txt["outlet"] == "Wire Example"
    assert txt["dateline"] == "KYIV" and txt["agency"] == "Reuters"


@pytest.mark.network
def test_the_same_story_twice_is_one_article(site, fast_fetch, tmp_path):
    copy = tmp_path / "syndicated.txt"
    copy.write_text(STORY, encoding="utf-8")
    df = helpers.load_stories(
        [site.url("/story.html"), site.url("/story-copy.html"), STORY, copy], **fast_fetch
    )
    assert len(df) == 2
    page = df[df["source"] == site.url("/story.html")].iloc[0]
    assert page["duplicates"] == [site.url("/story-copy.html")]  # same canonical URL
    pasted = df[df["source"] == "pasted text #1"].iloc[0]
    assert pasted["duplicates"] == [str(copy)]  # same text, no URL
    assert df["article_id"].is_unique


@pytest.mark.network
def test_feed_urls_expand_to_their_stories(site, fast_fetch):
    df = helpers.load_stories([site.url("/feed.xml")], **fast_fetch)
    rows = _by_source(df)
    evac = rows[site.url("/news/evacuations")]
    assert evac["status"] == "ok" and evac["engine"] == "feed"
    assert rows[site.url("/story2.html")]["status"] == "ok"
    assert rows[site.url("/story2.html")]["title"] == "Russia says it retook two villages"
    assert rows[site.url("/missing.html")]["status"] == "http_error"


def test_seed_story_from_file(seed_path):
    df = helpers.load_stories([seed_path])
    row = df.iloc[0]
    assert row["status"] == "ok" and row["agency"] == "Reuters"
    assert row["credits"] == {"reporting": ["Lidia Kelly"], "editing": ["Raju Gopalakrishnan"]}
    assert row["credit_places"]["Lidia Kelly"] == "Melbourne"
    assert pd.isna(row["title"]) and pd.isna(row["published"]) and pd.isna(row["date_source"])
    assert row["paragraphs"] == 11
    first, last = row["text"].split("\n\n")[0], row["text"].split("\n\n")[-1]
    assert first.startswith("Ukraine kept pounding") and "(Reuters)" not in first
    assert last.startswith("Kursk’s acting governor") and "Reporting by" not in last


def test_story_date_fills_missing_dates_and_a_mapping_overrides(seed_path, tmp_path):
    dated = helpers.load_stories([seed_path], story_date="2024-08-14")
    assert dated.loc[0, "published"] == pd.Timestamp("2024-08-14", tz="UTC")
    assert dated.loc[0, "date_source"] == "analyst"
    page = tmp_path / "page.html"
    page.write_bytes((PAGES / "story.html").read_bytes())
    both = helpers.load_stories([seed_path, page], story_date="2024-08-14")
    assert both.loc[1, "published"] == pd.Timestamp("2024-08-16 14:32:07", tz="UTC")
    override = helpers.load_stories([page], story_date={str(page): "2024-08-17"})
    assert override.loc[0, "published"] == pd.Timestamp("2024-08-17", tz="UTC")
    with pytest.raises(WireDeskError, match="not a date"):
        helpers.load_stories([seed_path], story_date="whenever")


def test_json_gzip_and_folder_sources(tmp_path):
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a.json").write_text(
        json.dumps(
            [
                {
                    "text": STORY,
                    "url": "https://wire.example/a",
                    "published": "2024-08-20T10:00:00Z",
                },
                {"text": STORY.replace("Korenevo", "Glushkovo"), "title": "B"},
            ]
        )
    )
    with gzip.open(folder / "b.html.gz", "wb") as fh:
        fh.write((PAGES / "story2.html").read_bytes())
    (folder / "notes.md").write_text("not a story")
    (folder / "c.meta.json").write_text("{}")
    df = helpers.load_stories(folder)
    assert (df["status"] == "ok").all(), df["error"].tolist()
    assert len(df) == 3
    assert set(df["title"].dropna()) == {"B", "Russia says it retook two villages in Kursk region"}


def test_broken_sidecar_is_reported_but_the_story_loads(tmp_path):
    (tmp_path / "s.txt").write_text(STORY)
    (tmp_path / "s.meta.json").write_text("{not json")
    row = helpers.load_stories(tmp_path / "s.txt").iloc[0]
    assert row["status"] == "ok" and "s.meta.json" in row["error"]


def test_newspaper_engine(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes((PAGES / "story2.html").read_bytes())
    row = helpers.load_stories(page, engine="newspaper").iloc[0]
    assert row["engine"] == "newspaper" and row["agency"] == "AP" and row["dateline"] == "MOSCOW"
    assert row["text"].startswith("Russia’s defense ministry said Tuesday")


def test_parallel_parsing_gives_the_same_frame(tmp_path):
    for n in range(20):
        (tmp_path / f"{n:02d}.txt").write_text(STORY.replace("93", str(100 + n)))
    serial = helpers.load_stories(tmp_path, workers=1)
    parallel = helpers.load_stories(tmp_path, workers=2)
    cols = [c for c in serial.columns if c != "fetched_at"]
    pd.testing.assert_frame_equal(serial[cols], parallel[cols])


def test_wrong_arguments_fail_loudly_naming_them():
    with pytest.raises(SourceError, match="42"):
        helpers.load_stories([42])
    with pytest.raises(WireDeskError, match="goose"):
        helpers.load_stories(["text"], engine="goose")
    with pytest.raises(SourceError, match="text"):
        helpers.load_stories([{"title": "no text"}])


def test_empty_input_gives_an_empty_valid_frame():
    df = helpers.load_stories([])
    assert df.empty and list(df.columns) == schema.columns("articles")


def test_a_long_pasted_line_is_text_not_a_path():
    line = "Губернатор Курской области заявил, что эвакуация продолжается. " * 4
    row = helpers.load_stories([line.strip()]).iloc[0]
    assert row["source"] == "pasted text #1" and row["status"] == "other_language"


@pytest.mark.parametrize("url", ["123", '{"a": 1}', "NaN", "[1, 2]", "true"])
def test_a_url_that_is_not_text_is_ignored_and_said(tmp_path, url):
    story = tmp_path / "story.json"
    story.write_text(f'{{"text": {json.dumps(STORY)}, "title": "Kursk", "url": {url}}}')
    page = tmp_path / "page.txt"
    page.write_text(STORY.replace("93", "94"), encoding="utf-8")
    (tmp_path / "page.meta.json").write_text(f'{{"title": "Sidecar", "url": {url}}}')
    df = helpers.load_stories([story, page])
    schema.validate(df, "articles")
    rows = _by_source(df)
    for source, field_file in ((str(story), "story.json"), (str(page), "page.meta.json")):
        row = rows[source]
        assert (
            row["status"] == "ok" and pd.isna(row["url"]) and row["title"] in ("Kursk", "Sidecar")
        )
        if url != "NaN":  # NaN is a missing value, like null
            assert field_file in row["error"] and "url" in row["error"]


def test_json_nested_too_deeply_is_a_row(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    (tmp_path / "s.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "s.meta.json").write_text('{"a": ' * 100_000 + "1" + "}" * 100_000)
    rows = _by_source(helpers.load_stories([deep, tmp_path / "s.txt"]))
    assert rows[str(deep)]["status"] == "not_html"
    assert "deep.json" in rows[str(deep)]["error"] and "nested" in rows[str(deep)]["error"]
    side = rows[str(tmp_path / "s.txt")]
    assert side["status"] == "ok" and "s.meta.json" in side["error"]  # the story still loads


def test_a_json_record_without_text_is_a_row_beside_the_good_ones(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps([{"text": STORY}, {"title": "no text"}, 42]))
    rows = _by_source(helpers.load_stories(path))
    assert rows[f"{path}#0"]["status"] == "ok"
    assert rows[f"{path}#1"]["status"] == "empty" and f"{path}#1" in rows[f"{path}#1"]["error"]
    assert rows[f"{path}#2"]["status"] == "empty"


def test_lone_surrogates_are_replaced_and_said(tmp_path):
    pasted = STORY.replace("Tuesday", "Tuesday \ud800")
    escaped = tmp_path / "escaped.json"
    escaped.write_text(json.dumps({"text": STORY.replace("93", "95\udc80"), "title": "A \ud83d"}))
    feed = tmp_path / "feed.xml"
    paragraph = "<p>" + STORY.replace("93", "96 &#xD800; &#55296; &#x110000;") + "</p>"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T &#xD800;'
        "</title><item><title>Kursk &#xD800;</title><link>https://wire.example/k</link>"
        f"<content:encoded><![CDATA[{paragraph * 3}]]></content:encoded>"
        "</item></channel></rss>"
    )
    df = helpers.load_stories([pasted, escaped, feed])
    schema.validate(df, "articles")
    assert (df["status"] == "ok").all(), df["error"].tolist()
    for column in ("text", "title", "source", "error"):  # every cell can be written as UTF-8
        df[column].dropna().str.encode("utf-8")
    rows = _by_source(df)
    assert "\ufffd" in rows["pasted text #1"]["text"]
    assert "surrogate" in rows["pasted text #1"]["error"]
    assert "surrogate" in rows[str(escaped)]["error"] and rows[str(escaped)]["title"] == "A \ufffd"
    assert "96 \ufffd" in rows["https://wire.example/k"]["text"]


def test_feed_items_with_no_link_and_little_text_are_rows(tmp_path):
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        "<item><title>Teaser only</title><description>Kyiv said more.</description></item>"
        "<item><description>Nothing else</description></item></channel></rss>"
    )
    broken = tmp_path / "broken.xml"
    broken.write_text("<rss><channel><title>half a feed")
    df = helpers.load_stories([feed, broken])
    assert list(df["status"]) == ["empty", "empty", "bad_feed"]
    assert "broken.xml" in df.iloc[2]["error"]
    first = df.iloc[0]
    assert first["source"] == f"{feed} item 1"
    assert "feed.xml item 1" in first["error"] and "Teaser only" in first["error"]
    assert "no link" in first["error"]


def test_broken_links_in_a_folder_are_rows_and_folder_links_do_not_loop(tmp_path):
    folder = tmp_path / "stories"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_text(STORY, encoding="utf-8")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.html").symlink_to("gone.html")
    (folder / "sub" / "up").symlink_to("..")  # a folder link back up
    (folder / "notes.md").symlink_to("nowhere.md")  # not a story name: ignored
    os.mkdir(os.path.join(os.fsencode(folder), b"caf\xe9"))  # a name that is not UTF-8
    with open(os.path.join(os.fsencode(folder), b"caf\xe9", b"b.txt"), "w") as fh:
        fh.write(STORY.replace("93", "97"))
    df = helpers.load_stories(folder)
    schema.validate(df, "articles")
    rows = _by_source(df)
    assert rows[str(folder / "loop.txt")]["status"] == "unreadable"
    assert "loops" in rows[str(folder / "loop.txt")]["error"]
    dangling = rows[str(folder / "dangling.html")]
    assert dangling["status"] == "not_found" and "gone.html" in dangling["error"]
    assert rows[str(folder / "sub" / "good.txt")]["status"] == "ok"
    undecodable = next(s for s in rows if "b.txt" in s)
    assert rows[undecodable]["status"] == "ok" and "caf\ufffd" in undecodable
    assert len(df) == 4  # good.txt read once, not again through sub/up
