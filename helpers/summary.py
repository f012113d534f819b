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


def event_table(
    events: pd.DataFrame, articles: pd.DataFrame | None = None, width: int = 70
) -> pd.DataFrame:
    """One line per suggested event: date, type, who claims it (side), where, how many, sentence."""
    when = events["event_date"].dt.strftime("%Y-%m-%d").fillna(events["date_text"].fillna(""))
    table = pd.DataFrame(
        {
            "date": when,
            "type": events["event_type"],
            "side": events["claimant_side"],
            "claimant": events["claimant"].str.slice(0, 28),
            "places": events["places"].map(lambda ps: ", ".join(ps)[:30]),
            "quantity": events["quantity_text"].fillna("").str.slice(0, 24),
            "verified": events["verified"].map({False: "no"}).fillna(""),
            "sentence": events["sentence"].str.slice(0, width),
        }
    )
    if articles is not None:
        published = events["article_id"].map(
            dict(zip(articles["article_id"], articles["published"], strict=True))
        )
        order = (
            pd.DataFrame({"p": published, "i": events["sentence_idx"]})
            .sort_values(["p", "i"], kind="stable")
            .index
        )
        table = table.loc[order]
    return table.reset_index(drop=True)


def with_outlet(events: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """A copy of `events` with each event's story outlet in an `outlet` column."""
    outlets = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    return events.assign(outlet=events["article_id"].map(outlets).astype("str"))
