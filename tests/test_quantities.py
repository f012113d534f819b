"""Quantities (`helpers.quantities.find_quantities`): counts, ranges, vague amounts, what is not a
quantity, and the casualty count that reaches an event's `quantity` and `fatalities`."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers
from helpers.quantities import find_quantities


@pytest.mark.parametrize(
    ("sentence", "text", "value", "high", "unit"),
    [
        ("A strike on the market killed at least six people.", "at least six people", 6, None,
         "people"),
        ("Shelling hit the square, killing 12 civilians.", "12 civilians", 12, None, "civilians"),
        ("Three children were hurt when the school was hit.", "Three children", 3, None,
         "children"),
        ("The army said it moved 26 to 28 km (16 to 17 miles) beyond the river.", "26 to 28 km",
         26, 28, "km"),
        ("Troops now hold more than 1,000 square kilometres of land.",
         "more than 1,000 square kilometres", 1000, None, "square kilometres"),
        ("Dozens of soldiers were taken prisoner near the bridge.", "Dozens of soldiers", None,
         None, "soldiers"),
        ("The navy said it destroyed 40 drones over the sea.", "40 drones", 40, None, "drones"),
        ("About 2,500 residents left the town.", "About 2,500 residents", 2500, None,
         "residents"),
        ("Some 1.5 million people have no power.", "Some 1.5 million people", 1_500_000, None,
         "people"),
    ],
)  # fmt: skip
def test_a_quantity_as_written(sentence, text, value, high, unit):
    found = find_quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    assert (q.text, q.value, q.high, q.unit) == (text, value, high, unit)
    assert sentence[q.start : q.end] == q.text


def test_two_quantities_in_one_sentence_in_order():
    found = find_quantities("The drone attack wounded 14 soldiers and destroyed three tanks.")
    assert [(q.value, q.unit) for q in found] == [(14, "soldiers"), (3, "tanks")]


@pytest.mark.parametrize(
    "sentence",
    ["The offensive began on Aug. 6.", "Troops have held the town since March 12.",
     "Troops retook one of the villages.", "The war began in 2022.",
     "The fighting lasted three days.", "One said the sirens sounded twice.",
     "The town was quiet."],
)  # fmt: skip
def test_what_is_not_a_quantity(sentence):
    assert find_quantities(sentence) == []


TYRE = "An Israeli strike killed at least six people in Tyre, Lebanon's health ministry said."


def test_a_casualty_count_reaches_the_event():
    articles = helpers.load_stories([TYRE], story_date="2024-10-02", languages=None)
    events = helpers.extract_events(articles, profile="israel-lebanon")
    by_type = events.set_index("event_type")
    assert {"casualties", "strike"} <= set(by_type.index)
    dead = by_type.loc["casualties"]
    assert dead["quantity"] == 6
    assert dead["unit"] == "people"
    assert dead["quantity_text"] == "at least six people"
    assert dead["fatalities"] == 6
    assert dead["claimant_side"] == "Lebanon"
    strike = by_type.loc["strike"]
    assert strike["actor"] == "Israel"
    assert pd.isna(strike["fatalities"])


def test_the_wounded_are_counted_but_are_not_fatalities():
    articles = helpers.load_stories(
        ["An Israeli drone strike wounded three children in Nabatieh, the health ministry said."],
        story_date="2024-10-02", languages=None,
    )  # fmt: skip
    events = helpers.extract_events(articles, profile="israel-lebanon")
    hurt = events[events["event_type"] == "casualties"]
    assert len(hurt) == 1
    assert hurt.iloc[0]["quantity"] == 3
    assert pd.isna(hurt.iloc[0]["fatalities"])
