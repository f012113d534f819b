"""Suggested events, sentence by sentence: what happened, when, where, who did it, who claims it.

Rules, not a model: each sentence is cut into clauses (`model`); trigger phrases from the
profile's lexicon give event types (`triggers`); an attribution gives the claimant and its scope
(`attribution`); dates, places, quantities and sides come from their own modules; `assemble`
turns each into a row of `schema.EVENTS`, and `choose` picks a profile per story. Every filled
field keeps the phrase it came from in `evidence`, so the analyst sees why.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers import schema
from helpers.extract.assemble import sentence_events
from helpers.extract.attribution import QUOTE_START, attributions, place_side, story_caveat
from helpers.extract.choose import belligerents, choose_profile
from helpers.extract.model import Attribution, Story, clauses_of
from helpers.extract.speakers import note_mentions, resolve_pointers, settle_sides
from helpers.profile import Profile, load_profile
from helpers.sentences import split_sentences
from helpers.sides import SideMention, find_sides

AUTO = "auto"
__all__ = ["AUTO", "extract_events", "skipped"]


def extract_events(
    articles: pd.DataFrame,
    sentences: pd.DataFrame | None = None,
    *,
    profile: str | Profile = AUTO,
) -> pd.DataFrame:
    """Suggested events for every usable article (`schema.EVENTS`), one or more per sentence.

    `profile` names the conflict profile (`helpers.load_profile`); "auto" picks, per story, the
    shipped profile whose sides and places the story names most, else the world layer alone.
    Articles whose status is not ok, or whose language is not English, get no suggestions;
    `skipped(articles)` says why.

    Example:
        >>> import helpers
        >>> arts = helpers.load_stories(["(Reuters) - Kyiv said on Tuesday it had taken control "
        ...                              "of 74 settlements in Kursk."], story_date="2024-08-14")
        >>> ev = helpers.extract_events(arts)
        >>> ev[["event_type", "claimant_side", "quantity", "unit"]].values.tolist()
        [['territorial_claim', 'Ukraine', 74.0, 'settlements']]
        >>> str(ev.loc[0, "event_date"].date())
        '2024-08-13'
    """
    fixed = None if isinstance(profile, str) and profile == AUTO else load_profile(profile)
    usable = articles[_usable(articles)]
    if sentences is None:
        sentences = split_sentences(usable)
    rows: list[dict[str, Any]] = []
    by_article: dict[str, list[Any]] = {}
    for sent in sentences.itertuples(index=False, name="Sentence"):  # one pass, no frame per story
        by_article.setdefault(sent.article_id, []).append(sent)
    for art in usable.itertuples(index=False):
        grp = by_article.get(art.article_id)
        if grp is None:
            continue
        chosen = fixed or choose_profile(art.text)
        rows.extend(_article_events(art, grp, chosen))
    return schema.validate(schema.build(rows, "events"), "events")


def skipped(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles that get no suggestions, with the reason in `reason`."""
    reasons = []
    for art in articles.itertuples(index=False):
        if art.status != "ok":
            reasons.append((art.article_id, f"not loaded ({art.status}): {art.error}"))
        elif not isinstance(art.text, str) or not art.text.strip():
            reasons.append((art.article_id, "no text"))
        elif isinstance(art.language, str) and art.language != "en":
            reasons.append((art.article_id, f"written in {art.language!r}; rules are for English"))
    return pd.DataFrame(reasons, columns=["article_id", "reason"]).astype("str")


def _usable(articles: pd.DataFrame) -> pd.Series:
    text_ok = articles["text"].fillna("").str.strip().str.len() > 0
    lang_ok = articles["language"].isna() | (articles["language"] == "en")
    return (articles["status"] == "ok") & text_ok & lang_ok


def _story(art: Any, profile: Profile, named: list[list[SideMention]]) -> Story:
    published = art.published
    dateline = art.dateline.title() if isinstance(art.dateline, str) else None
    return Story(
        article_id=art.article_id,
        text=art.text,
        day=None if pd.isna(published) else published.date(),
        date_basis="dateline" if getattr(art, "date_source", None) == "text" else "story",
        outlet=art.agency if isinstance(art.agency, str) else (art.outlet or "reporter"),
        caveat=story_caveat(art.text, art.agency, art.outlet),
        profile=profile,
        agency_name=art.outlet if isinstance(art.outlet, str) else None,
        home=place_side(dateline, profile) if dateline else None,
        belligerents=belligerents(named),
        named_sides={m.side for mentions in named for m in mentions},
    )


def _article_events(art: Any, sentences: list[Any], profile: Profile) -> list[dict[str, Any]]:
    named = [find_sides(sent.text, profile) for sent in sentences]  # once per sentence
    story = _story(art, profile, named)
    rows: list[dict[str, Any]] = []
    previous: tuple[int, list[Attribution]] = (-1, [])
    for sent, sides in zip(sentences, named, strict=True):
        clauses = clauses_of(sent.text)
        found = attributions(sent.text, clauses, profile)
        resolve_pointers(found, sent.text, story, sides)
        if not found:
            found = _carried_over(previous, sent, sides, story)
        note_mentions(sent.text, sides, story)  # "X rebels ..., the rebels said": this one too
        settle_sides(found, sent.text, story)
        events = sentence_events(sent, story, found, clauses, sides)
        if events:
            story.last_type = next(
                (e["event_type"] for e in events if e["event_type"] != "statement"), story.last_type
            )
        rows.extend(events)
        previous = (
            sent.paragraph_idx,
            [a for a in found if not a.inherited]
            or (list(found) if not QUOTE_START.match(sent.text) else []),
        )
    return rows


def _carried_over(previous: tuple[int, list[Attribution]], sent: Any, sides: list[Any],
                  story: Story) -> list[Attribution]:  # fmt: skip
    """Reported speech runs on into the next sentence of the same paragraph, unless the
    sentence opens by naming the other side."""
    last = previous[1][-1] if previous[1] else None
    if last is None or previous[0] != sent.paragraph_idx:
        return []
    opener = [m for m in sides if m.end <= 40]
    if opener and story.profile.opposes(opener[0].side) and opener[0].side != last.side:
        return []
    return [Attribution(last.who, last.side, 0, 0, False, inherited=True)]
