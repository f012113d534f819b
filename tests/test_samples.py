"""The bundled sample corpus loads cleanly and has the shape the README promises."""

from __future__ import annotations

import re

import pandas as pd

import helpers
from helpers import config, schema


def _load() -> pd.DataFrame:
    return helpers.load_stories(config.SAMPLES_DIR, progress=False)


def test_sample_corpus_loads_without_failures():
    df = _load()
    schema.validate(df, "articles")
    assert (df["status"] == "ok").all(), df.loc[df["status"] != "ok", ["source", "error"]]
    assert len(df) >= 20 and df["article_id"].is_unique
    assert set(df["agency"]) >= {"Reuters", "AP", "AFP"}
    assert (df["engine"] == "trafilatura").sum() >= 5  # HTML pages
    assert (df["engine"] == "feed").sum() >= 1
    assert df["source"].str.endswith(".json").any()
    dated = df["published"].dropna()
    assert dated.min() >= pd.Timestamp("2024-08-06", tz="UTC")
    assert dated.max() < pd.Timestamp("2025-04-01", tz="UTC")
    # every story lost its agency tag and credits line to the wire columns
    first_paragraphs = df["text"].str.split("\n\n").str[0]
    assert not first_paragraphs.str.contains(r"\((?:Reuters|AP|AFP)\)", regex=True).any()
    assert not df["text"].str.contains(r"Reporting by|contributed to this report").any()


def test_syndicated_copy_is_folded_and_undated_story_stays_undated():
    df = _load()
    folded = df[df["duplicates"].str.len() > 0]
    assert len(folded) == 1 and folded.iloc[0]["duplicates"][0].endswith(".html")
    undated = df[df["published"].isna()]
    assert len(undated) >= 1
    assert (df.loc[df["published"].notna(), "date_source"] == "meta").all()


def test_html_pages_keep_their_time_to_the_second():
    df = _load()
    pages = df[df["source"].str.endswith(".html")]
    assert (pages["published"].dt.second != 0).any()
    assert str(pages["published"].dt.tz) == "UTC"


def test_samples_are_our_own_words(seed_path):
    """No run of 8 words in the samples repeats the seed story (a guard against copying)."""

    def runs(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return {tuple(words[i : i + 8]) for i in range(len(words) - 7)}

    seed = runs(seed_path.read_text("utf-8"))
    for text in _load()["text"]:
        assert not runs(text) & seed
