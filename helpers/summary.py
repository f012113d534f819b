"""Tables for people: the stories table an analyst reads after loading."""

from __future__ import annotations

import pandas as pd

from helpers.sentences import split_sentences


def story_table(articles: pd.DataFrame, width: int = 60) -> pd.DataFrame:
    """One line per story: date, agency, outlet, dateline, title (or first words), size, status."""
    counts = split_sentences(articles).groupby("article_id").size()
    opening = articles["text"].fillna("").str.slice(0, width) + "…"
    heading = articles["title"].fillna(
        opening.where(articles["status"] == "ok", articles["source"])
    )
    order = articles["published"].sort_values(kind="stable").index
    table = pd.DataFrame(
        {
            "published": articles["published"].dt.strftime("%Y-%m-%d %H:%M").fillna("(no date)"),
            "agency": articles["agency"].fillna(""),
            "outlet": articles["outlet"].fillna(""),
            "dateline": articles["dateline"].fillna(""),
            "title": heading.str.slice(0, width),
            "paragraphs": articles["paragraphs"].fillna(0).astype("int64"),
            "sentences": articles["article_id"].map(counts).fillna(0).astype("int64"),
            "status": articles["status"],
        }
    )
    return table.loc[order].reset_index(drop=True)


def failure_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The inputs that did not give a story, with what went wrong."""
    failed = articles[articles["status"] != "ok"]
    return failed[["source", "status", "error"]].reset_index(drop=True)
