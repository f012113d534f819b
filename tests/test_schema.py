"""Column contracts: build, validate and the errors that name what is wrong."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import config, schema
from helpers.errors import SchemaError


@pytest.mark.parametrize("kind", list(schema.CONTRACTS))
def test_empty_frames_meet_their_contract(kind):
    df = schema.empty(kind)
    assert list(df.columns) == schema.columns(kind)
    schema.validate(df, kind)


def test_build_types_columns():
    df = schema.build(
        [
            {
                "article_id": "a",
                "published": "2024-08-14T12:00:00+03:00",
                "paragraphs": 3,
                "authors": ["X"],
            },
            {"article_id": "b"},
        ],
        "articles",
    )
    schema.validate(df, "articles")
    assert df.loc[0, "published"] == pd.Timestamp("2024-08-14 09:00", tz="UTC")
    assert pd.isna(df.loc[1, "published"])
    assert df.loc[1, "authors"] == [] and df.loc[1, "credits"] == {}
    assert pd.isna(df.loc[1, "paragraphs"])


def test_validate_names_each_problem():
    df = schema.empty("articles").drop(columns=["title"])
    df["published"] = pd.Series([], dtype="datetime64[us]")  # naive: wrong
    df["authors"] = pd.Series([], dtype="object")
    with pytest.raises(SchemaError) as info:
        schema.validate(df, "articles")
    message = str(info.value)
    assert "missing column 'title'" in message and "'published'" in message
    assert "tz-aware" in message


def test_validate_checks_list_cells():
    df = schema.build([{"article_id": "a"}], "articles")
    df["authors"] = pd.Series(["not a list"], dtype="object")
    with pytest.raises(SchemaError, match="authors"):
        schema.validate(df, "articles")


def test_unknown_kind():
    with pytest.raises(SchemaError, match="no such contract"):
        schema.validate(pd.DataFrame(), "nonsense")


def test_describe_documents_every_column():
    table = schema.describe("events")
    assert table["meaning"].str.len().min() > 5
    assert set(schema.EVENT_TYPES) >= {"strike", "territorial_claim", "other"}


@pytest.mark.parametrize("kind", ["articles", "sentences", "events"])
def test_the_readme_tables_are_the_contracts(kind):
    readme = (config.ROOT / "README.md").read_text("utf-8")
    table = readme[readme.index(f"### {kind}\n") :].split("\n\n")[1]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    got = [(r[0].strip("| `"), r[1], r[2].rstrip(" |")) for r in rows]
    want = [(c.name, c.dtype, c.meaning) for c in schema._contract(kind)]
    assert got == want
