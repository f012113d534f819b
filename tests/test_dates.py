"""Date phrases (`helpers.dates.find_dates`) resolved against the story's day, and the story's
own day (published or dateline) given to lead events with no date phrase."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

import helpers
from helpers.dates import find_dates

WEDNESDAY = date(2024, 10, 2)  # the story's day in most cases below


def _only(sentence: str, story_day: date | None = WEDNESDAY):
    found = find_dates(sentence, story_day)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Drones hit the depot on Wednesday.", date(2024, 10, 2)),  # the story's own day
        ("Drones hit the depot early Wednesday.", date(2024, 10, 2)),
        ("Drones hit the depot on Tuesday night.", date(2024, 10, 1)),
        ("Drones hit the depot on Monday.", date(2024, 9, 30)),
        ("Drones hit the depot on Thursday.", date(2024, 9, 26)),  # not the day after
        ("Drones hit the depot last Wednesday.", date(2024, 9, 25)),
    ],
)
def test_a_weekday_is_the_most_recent_such_day(sentence, day):
    phrase = _only(sentence)
    assert (phrase.kind, phrase.day, phrase.precision) == ("weekday", day, "day")
    assert sentence[phrase.start : phrase.end] == phrase.text


@pytest.mark.parametrize(
    ("sentence", "text", "day", "precision"),
    [
        ("The town was shelled last week.", "last week", date(2024, 9, 25), "week"),
        ("Two drones were downed overnight.", "overnight", date(2024, 10, 2), "day"),
        ("The bridge was hit yesterday.", "yesterday", date(2024, 10, 1), "day"),
        ("The offensive began three weeks ago.", "three weeks ago", date(2024, 9, 11), "week"),
        ("The offensive began 10 days ago.", "10 days ago", date(2024, 9, 22), "day"),
        ("Blasts shook the city in the early hours.", "in the early hours", date(2024, 10, 2),
         "day"),
        ("In the evening, a strike hit the suburb.", "In the evening", date(2024, 10, 2), "day"),
        ("Inmates escaped during the night.", "during the night", date(2024, 10, 2), "day"),
    ],
)  # fmt: skip
def test_relative_phrases(sentence, text, day, precision):
    phrase = _only(sentence)
    assert (phrase.text, phrase.day, phrase.precision) == (text, day, precision)


def test_earlier_this_month_is_a_month_with_no_day():
    phrase = _only("The village changed hands earlier this month.")
    assert phrase.text == "earlier this month"
    assert phrase.precision == "month"
    assert phrase.day is None


@pytest.mark.parametrize(
    "sentence",
    ["Fighting has gone on since August 6.", "Fighting has gone on since Aug. 6.",
     "Fighting has gone on since Tuesday."],
)  # fmt: skip
def test_since_marks_the_start_of_a_period_not_a_day(sentence):
    phrase = _only(sentence)
    assert phrase.kind == "since"
    assert phrase.day is None


@pytest.mark.parametrize(
    "sentence", ["Flights were suspended until May 11.", "The curfew holds until Friday."]
)
def test_until_marks_the_end_of_a_period_not_a_day(sentence):
    phrase = _only(sentence)
    assert (phrase.kind, phrase.day) == ("until", None)


@pytest.mark.parametrize(
    ("sentence", "text", "day"),
    [
        ("The offensive began on Aug. 6.", "Aug. 6", date(2024, 8, 6)),
        ("The offensive began on 6 August 2024.", "6 August 2024", date(2024, 8, 6)),
        ("The offensive began on August 6, 2024.", "August 6, 2024", date(2024, 8, 6)),
        ("The town fell on Sept. 30.", "Sept. 30", date(2024, 9, 30)),
        # a day and month later than the story's are last year's
        ("The dam was breached on Nov. 5.", "Nov. 5", date(2023, 11, 5)),
    ],
)
def test_absolute_dates(sentence, text, day):
    phrase = _only(sentence)
    assert (phrase.text, phrase.day, phrase.precision) == (text, day, "day")


def test_a_week_after_counts_back_from_the_phrase_before_it():
    sentence = ("Kyiv said on Monday its troops held 74 settlements, a week after they crossed "
                "the border.")  # fmt: skip
    monday, after = find_dates(sentence, WEDNESDAY)
    assert monday.day == date(2024, 9, 30)
    assert after.text == "a week after"
    assert (after.day, after.precision) == (date(2024, 9, 23), "week")


def test_two_days_later_counts_on_from_the_phrase_before_it():
    first, later = find_dates("The town was hit on Sept. 20 and again two days later.", WEDNESDAY)
    assert first.day == date(2024, 9, 20)
    assert (later.text, later.day) == ("two days later", date(2024, 9, 22))


def test_with_no_story_day_a_weekday_is_found_but_unresolved():
    phrase = _only("Drones hit the depot on Friday.", story_day=None)
    assert (phrase.kind, phrase.text, phrase.day) == ("weekday", "on Friday", None)
    assert find_dates("Drones hit the depot yesterday.", None)[0].day is None
    # a date that carries its year needs no story day
    assert _only("The offensive began on 6 August 2024.", None).day == date(2024, 8, 6)


def test_a_sentence_without_a_date_phrase_has_none():
    assert find_dates("Drones hit the depot, the governor said.", WEDNESDAY) == []
    assert find_dates("The May Day parade was cancelled after the strike.", WEDNESDAY) == []


def test_a_lead_event_without_a_date_phrase_gets_the_storys_day():
    articles = helpers.load_stories(
        ["Russian drones struck an energy facility in Kharkiv, Ukraine's energy ministry said.\n\n"
         "Separately, Russian shelling damaged houses in Kherson, the governor said."],
        story_date="2024-10-02", languages=None,
    )  # fmt: skip
    events = helpers.extract_events(articles, profile="russia-ukraine")
    lead = events[events["sentence_idx"] == 0]
    assert not lead.empty
    assert (lead["event_date"] == pd.Timestamp("2024-10-02", tz="UTC")).all()
    assert set(lead["date_basis"]) == {"story"}
    assert set(lead["date_precision"]) == {"day"}
    later = events[events["sentence_idx"] == 1]
    assert not later.empty
    assert later["event_date"].isna().all()  # beyond the lead, no phrase means no date


TASS_LEAD = (
    "MOSCOW, March 3, 2025. /TASS/. Russian forces took control of the village of Nikolayevka "
    "in the Donetsk region, the defence ministry said."
)


def test_a_tass_dateline_dates_the_story():
    articles = helpers.load_stories([TASS_LEAD], languages=None)
    art = articles.iloc[0]
    assert art["published"] == pd.Timestamp("2025-03-03", tz="UTC")
    assert art["date_source"] == "text"
    assert art["agency"] == "TASS"
    assert art["dateline"] == "MOSCOW"
    assert art["text"].startswith("Russian forces took control")


def test_lead_events_of_a_tass_story_are_dated_by_the_dateline():
    articles = helpers.load_stories([TASS_LEAD], languages=None)
    events = helpers.extract_events(articles, profile="russia-ukraine")
    claim = events[events["event_type"] == "territorial_claim"]
    assert len(claim) == 1
    assert claim.iloc[0]["event_date"] == pd.Timestamp("2025-03-03", tz="UTC")
    assert claim.iloc[0]["date_basis"] == "dateline"
    assert claim.iloc[0]["claimant_side"] == "Russia"  # the ministry of the dateline's country


def test_a_date_phrase_in_a_tass_story_counts_from_the_dateline():
    articles = helpers.load_stories(
        ["MOSCOW, March 3, 2025. /TASS/. Air defences shot down 12 Ukrainian drones over the "
         "Kursk region on Saturday, the defence ministry said."],
        languages=None,
    )  # fmt: skip
    events = helpers.extract_events(articles, profile="russia-ukraine")
    dated = events[events["event_type"] != "statement"]
    assert not dated.empty
    assert (dated["event_date"] == pd.Timestamp("2025-03-01", tz="UTC")).all()
    assert set(dated["date_basis"]) == {"text"}
