"""Suggested events: scored against hand-coded truth, and each field's rules on small cases."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers import config, schema
from helpers.quantities import find_quantities


def _events(text: str, day: str | None = "2024-08-14") -> pd.DataFrame:
    articles = helpers.load_stories([text], story_date=day, languages=None)
    return helpers.extract_events(articles)


def test_relative_dates_wait_for_the_story_date():
    text = (
        "(Reuters) - Kyiv said on Tuesday it had taken control of 74 settlements in Kursk, "
        "a week after thousands of Ukrainian soldiers launched an attack across the border."
    )
    undated = _events(text, day=None)
    assert undated["event_date"].isna().all()
    assert set(undated["date_text"]) == {"on Tuesday", "a week after"}
    dated = _events(text)
    by_type = dated.set_index("event_type")
    assert by_type.loc["territorial_claim", "event_date"] == pd.Timestamp("2024-08-13", tz="UTC")
    assert by_type.loc["ground_assault", "event_date"] == pd.Timestamp("2024-08-06", tz="UTC")
    assert by_type.loc["ground_assault", "date_precision"] == "week"
    assert by_type.loc["territorial_claim", "claimant_side"] == "Ukraine"
    assert by_type.loc["ground_assault", "claimant_side"] == "reporter"


def test_setting_the_story_date_later_resolves_the_dates(seed_path):
    articles = helpers.load_stories(seed_path)
    before = helpers.extract_events(articles)
    assert before["event_date"].isna().all() and before["date_text"].notna().any()
    dated = helpers.set_story_dates(articles, {articles.loc[0, "article_id"]: "2024-08-14"})
    assert articles["published"].isna().all()  # the input frame is not changed
    after = helpers.extract_events(dated)
    # every day or week phrase resolves; a month ("earlier this month") stays a month, no day
    from_text = after["date_basis"] == "text"
    days = before["date_text"].notna() & ~before["date_precision"].isin(["month", "year"])
    assert after.loc[from_text, "event_date"].notna().sum() == days.sum()
    assert after["event_id"].tolist() == before["event_id"].tolist()  # same suggestions, dated
    with pytest.raises(helpers.WireDeskError, match="not a date"):
        helpers.set_story_dates(articles, {articles.loc[0, "article_id"]: "soon"})


@pytest.mark.parametrize(
    ("phrase", "day", "expected", "precision"),
    [
        ("Drones hit Kursk early Wednesday, officials said.", "2024-08-14", "2024-08-14", "day"),
        ("Drones hit Kursk on Thursday, officials said.", "2024-08-14", "2024-08-08", "day"),
        ("Drones hit Kursk overnight, officials said.", "2024-08-14", "2024-08-14", "day"),
        ("Russia shelled Sumy last week, Kyiv said.", "2024-08-14", "2024-08-07", "week"),
        ("Russia shelled Sumy on Aug. 6, Kyiv said.", "2024-08-14", "2024-08-06", "day"),
        ("Russia shelled Sumy on 12 March 2025, Kyiv said.", "2025-03-20", "2025-03-12", "day"),
    ],
)
def test_date_phrases(phrase, day, expected, precision):
    event = _events(phrase, day).iloc[0]
    assert event["event_date"] == pd.Timestamp(expected, tz="UTC")
    assert event["date_precision"] == precision


@pytest.mark.parametrize(
    ("text", "value", "high", "unit", "quoted"),
    [
        (
            "Four Ukraine-launched missiles were destroyed",
            4,
            None,
            "missiles",
            "Four Ukraine-launched missiles",
        ),  # noqa: E501
        ("it took 74 settlements in Kursk", 74, None, "settlements", "74 settlements"),
        (
            "villages about 26 to 28 km (16 to 17 miles) from the border",
            26,
            28,
            "km",
            "about 26 to 28 km",
        ),  # noqa: E501
        (
            "more than 1,000 square kilometres of land",
            1000,
            None,
            "square kilometres",
            "more than 1,000 square kilometres",
        ),  # noqa: E501
        ("thousands of soldiers crossed", None, None, "soldiers", "thousands of soldiers"),
    ],
)
def test_quantities(text, value, high, unit, quoted):
    found = find_quantities(text)
    assert len(found) == 1, found  # a bracketed conversion is not a second quantity
    q = found[0]
    assert (q.value, q.high, q.unit, q.text) == (value, high, unit, quoted)


def test_no_quantities_from_dates_years_or_durations():
    assert find_quantities("On Aug. 6, 2024, in 2022, two days later, one of the villages") == []


def test_places_from_the_gazetteer_and_unknown_names_kept():
    events = _events(
        "(AP) — Russian forces retook the village of Veseloye near Sudja, the defense ministry "
        "said, while drones struck Ryl’sk and Тёткино overnight."
    )
    places = [p for ps in events["places"] for p in ps]
    assert {"Veseloye", "Sudja", "Ryl’sk", "Тёткино"} <= set(places)
    retake = events[events["event_type"] == "territorial_claim"].iloc[0]
    assert retake["places"][0] == "Veseloye"  # not in the gazetteer: kept as text
    assert retake["lat"] == pytest.approx(51.19, abs=0.05)  # coordinates of the first known place


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Zelenskiy’s office said Ukrainian troops advanced near Sudzha.", "Ukraine"),
        ("The Kremlin said Russian forces repelled attacks near Korenevo.", "Russia"),
        ("Kursk’s acting governor said drones struck a power plant in Lgov.", "Russia"),
        (
            "The White House said it was not involved in the attack planning, Washington said.",
            "United States",
        ),  # noqa: E501
        ("Ukrainian forces advanced near Sudzha, according to Ukraine’s general staff.", "Ukraine"),
        (
            "A pro-war Russian blogger said on Telegram that Ukrainian units pushed into Lgov.",
            "Russia",
        ),  # noqa: E501
        ("Ukrainian forces advanced near Sudzha.", "reporter"),
    ],
)
def test_claimant_sides(text, side):
    events = _events(text)
    assert len(events) >= 1
    assert set(events["claimant_side"]) == {side}


def test_unverified_claims_are_marked_and_statements_are_not():
    events = _events(
        "(Reuters) - Russia said it had recaptured two villages near Korenevo.\n"
        "Putin said the attack was a provocation and vowed a worthy response.\n"
        "Reuters could not independently verify the battlefield reports."
    )
    claim = events[events["event_type"] == "territorial_claim"].iloc[0]
    assert claim["verified"] is False or bool(claim["verified"]) is False
    assert "could not independently verify" in claim["evidence"]["verified"]
    statement = events[events["event_type"] == "statement"].iloc[0]
    assert pd.isna(statement["verified"])
    plain = _events("(Reuters) - Russia said it had recaptured two villages near Korenevo.")
    assert plain["verified"].isna().all()


def test_every_filled_field_carries_its_evidence():
    articles = helpers.load_stories(config.SAMPLES_DIR, progress=False)
    events = helpers.extract_events(articles)
    assert len(events) > 100
    for ev in events.itertuples(index=False):
        if ev.places:
            assert ev.evidence["places"] == ev.places
        if isinstance(ev.date_text, str):
            assert ev.evidence["date"] == ev.date_text
        if isinstance(ev.quantity_text, str):
            assert ev.evidence["quantity"] == ev.quantity_text
        if ev.claimant_side != "reporter":
            assert ev.evidence["claimant"] == ev.claimant
    assert events["event_id"].is_unique
    assert set(events["event_type"]) <= set(schema.EVENT_TYPES)
    assert events["claimant_side"].notna().all() and (events["claimant_side"] != "").all()
    assert events["confidence"].between(0, 1).all()
    again = helpers.extract_events(articles)
    assert again["event_id"].tolist() == events["event_id"].tolist()  # stable ids


def test_event_spans_point_into_the_article_text():
    articles = helpers.load_stories(config.SAMPLES_DIR, progress=False)
    events = helpers.extract_events(articles)
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for ev in events.itertuples(index=False):
        span = texts[ev.article_id][ev.char_start : ev.char_end]
        assert span and span.strip(" ,") in ev.sentence


def test_bad_input_never_raises():
    one_word = _events("Kursk")
    assert one_word.empty
    html = _events("<p>(AFP) - Ukrainian troops <b>advanced</b> near Sudzha, Kyiv said.</p>")
    assert "<" not in html.loc[0, "sentence"] and html.loc[0, "event_type"] == "ground_assault"
    odd = _events("(Reuters)\u00a0–\u00a0Russia’s “defence” ministry said Ukrainian forces "
                  "attacked Суджа and Korenevo.")  # fmt: skip
    assert odd.loc[0, "claimant_side"] == "Russia"
    empty = helpers.extract_events(schema.build([{"article_id": "x", "text": "", "status": "ok"}],
                                                "articles"))  # fmt: skip
    assert empty.empty and list(empty.columns) == schema.columns("events")


def test_non_english_text_gets_no_suggestions_and_says_why():
    articles = helpers.load_stories(
        ["Губернатор Курской области заявил, что украинские войска атаковали Суджу и Коренево, "
         "а эвакуация жителей приграничных районов продолжается уже третий день подряд."],
        languages=None,
    )  # fmt: skip
    assert helpers.extract_events(articles).empty
    why = helpers.skipped(articles)
    assert "'ru'" in why.loc[0, "reason"]


@pytest.mark.slow
def test_a_megabyte_of_text_is_handled():
    paragraph = (
        "Russia said its forces repelled attacks near Korenevo on Tuesday, and Ukraine said its "
        "troops took control of 3 settlements near Sudzha. "
    )
    text = "(Reuters) - " + "\n\n".join([paragraph] * (1_000_000 // len(paragraph)))
    events = _events(text)
    assert len(events) > 5000
    assert set(events["event_type"]) == {"repelled_attack", "territorial_claim"}
