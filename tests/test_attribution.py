"""Who claims what (`helpers.extract.attribution`), through `extract_events` on short stories:
speech verbs, headlines, pronouns and titles pointing back, unnamed sources and local officials."""

from __future__ import annotations

import pandas as pd
import pytest

import helpers

DAY = "2024-10-02"


def _events(text: str, profile: str) -> pd.DataFrame:
    articles = helpers.load_stories([text], story_date=DAY, languages=None)
    return helpers.extract_events(articles, profile=profile)


def _sides(events: pd.DataFrame, sentence_idx: int | None = None) -> set[str]:
    if sentence_idx is not None:
        events = events[events["sentence_idx"] == sentence_idx]
    assert not events.empty, "no events"
    return set(events["claimant_side"])


@pytest.mark.parametrize(
    ("profile", "text", "side"),
    [
        ("russia-ukraine", "Russian drones struck an energy facility in Kharkiv, Ukraine's "
         "energy minister told reporters.", "Ukraine"),
        ("russia-ukraine", "Two drones were shot down over Belgorod, Gladkov added.", "Russia"),
        ("israel-lebanon", "Hezbollah claimed it had fired rockets at an army base near Safed.",
         "Hezbollah"),
        ("israel-lebanon", "The IDF confirmed that its jets struck targets in southern Lebanon.",
         "Israel"),
        ("red-sea", "The Houthis announced that they had attacked a cargo ship in the Red Sea.",
         "Houthis"),
        ("russia-ukraine", "Ukrainian drones hit a fuel depot in the Bryansk region, governor "
         "Alexander Bogomaz wrote on Telegram.", "Russia"),
        ("russia-ukraine", "Russian troops captured the village of Novohrodivka, Russia's defence "
         "ministry said in a statement.", "Russia"),
        ("israel-lebanon", "Israeli strikes killed four people in Nabatieh, according to "
         "Lebanon's health ministry.", "Lebanon"),
        ("russia-ukraine", "According to the Ukrainian general staff, Russian forces attacked "
         "near Pokrovsk 40 times.", "Ukraine"),
        ("sudan", "The RSF shelled El Fasher overnight, the Sudanese army said.", "Sudan army"),
    ],
)  # fmt: skip
def test_attribution_verbs_beyond_said(profile, text, side):
    events = _events(text, profile)
    assert _sides(events) == {side}, events[["event_type", "claimant", "claimant_side"]]


def test_an_outlet_quoting_someone_gives_the_outlets_side_to_an_unnamed_speaker():
    events = _events(
        "Interfax quoted a regional official as saying that drones struck an oil refinery.",
        "russia-ukraine",
    )
    assert _sides(events) == {"Russia"}
    assert set(events["claimant"]) == {"a regional official"}


def test_a_named_speaker_quoted_by_an_outlet_keeps_their_own_side():
    events = _events(
        "RIA quoted Zelenskiy as saying that Ukrainian troops held positions near Sudzha.",
        "russia-ukraine",
    )
    assert _sides(events) == {"Ukraine"}
    assert set(events["claimant"]) == {"Zelenskiy"}  # RIA only relays his words


@pytest.mark.parametrize(
    ("profile", "text", "side"),
    [
        ("israel-lebanon", "Israel says it killed a Hezbollah commander in a strike on Beirut",
         "Israel"),
        ("russia-ukraine", "Kyiv says its forces pushed deeper into Russia's Kursk region",
         "Ukraine"),
        ("red-sea", "Houthis say they fired missiles at a US destroyer", "Houthis"),
    ],
)  # fmt: skip
def test_a_headline_in_the_present_tense(profile, text, side):
    assert _sides(_events(text, profile)) == {side}


def test_he_said_in_the_next_sentence_is_the_earlier_speaker():
    events = _events(
        "Zelenskiy said Ukrainian forces had taken control of ten more settlements. "
        "He said the operation would go on as long as needed.",
        "russia-ukraine",
    )
    second = events[events["sentence_idx"] == 1]
    assert _sides(events, 1) == {"Ukraine"}
    assert set(second["claimant"]) == {"Zelenskiy"}


def test_he_said_after_naming_the_other_side_is_still_the_speaker():
    events = _events(
        "Zelenskiy spoke to reporters in Kyiv on Tuesday.\n\n"
        "Russian troops had lost hundreds of men near Pokrovsk, he said.",
        "russia-ukraine",
    )
    assert _sides(events, 1) == {"Ukraine"}, events[["sentence", "claimant", "claimant_side"]]


def test_but_he_is_the_speaker_before_and_never_a_claimant():
    events = _events(
        "Putin said Russian forces were advancing in Donetsk. But he said the fighting in Kursk "
        "would take time.",
        "russia-ukraine",
    )
    assert _sides(events, 1) == {"Russia"}
    claimants = set(events["claimant"])
    assert not any(c.startswith("But") for c in claimants), claimants


def test_a_bare_title_points_back_to_the_body_named_before():
    events = _events(
        "Russia's defence ministry said its forces had shot down 20 Ukrainian drones over the "
        "Belgorod region.\n\nThe ministry said air defences also destroyed two missiles.",
        "russia-ukraine",
    )
    assert _sides(events, 0) == {"Russia"}
    assert _sides(events, 1) == {"Russia"}


def test_the_president_points_back_to_the_person_named_before():
    events = _events(
        "Zelenskiy met commanders in Kharkiv on Monday.\n\nThe president said Russian attacks "
        "on Kupiansk had been repelled.",
        "russia-ukraine",
    )
    assert _sides(events, 1) == {"Ukraine"}


def test_the_groups_spokesman_after_the_group_spoke():
    events = _events(
        "Hezbollah said it fired rockets at an Israeli army base near Safed.\n\n"
        "The group's spokesman said more attacks would follow.",
        "israel-lebanon",
    )
    assert _sides(events, 1) == {"Hezbollah"}


def test_the_groups_spokesman_after_the_group_acted():
    events = _events(
        "Hezbollah fired dozens of rockets at the Israeli town of Kiryat Shmona on Tuesday.\n\n"
        "The group's spokesman said the attack answered strikes on Dahiyeh.",
        "israel-lebanon",
    )
    assert _sides(events, 1) == {"Hezbollah"}, events[["sentence", "claimant", "claimant_side"]]


def test_an_unnamed_source_takes_the_side_of_the_state_outlet_it_told():
    events = _events(
        "A source in the security services told TASS that Ukrainian saboteurs were detained in "
        "the Bryansk region.",
        "russia-ukraine",
    )
    assert _sides(events) == {"Russia"}
    assert set(events["claimant"]) == {"A source in the security services"}


def test_an_unnamed_source_at_the_end_of_the_sentence_told_a_state_outlet():
    events = _events(
        "Russian forces repelled a Ukrainian attack near Glushkovo, a source in the security "
        "services told RIA Novosti.",
        "russia-ukraine",
    )
    assert "repelled_attack" in set(events["event_type"]), events[["event_type", "claimant"]]
    assert _sides(events) == {"Russia"}
    assert set(events["claimant"]) == {"a source in the security services"}


@pytest.mark.parametrize(
    ("profile", "text", "side"),
    [
        ("russia-ukraine", "Ukrainian drones damaged houses in Rylsk, the governor of the Kursk "
         "region said.", "Russia"),
        ("russia-ukraine", "Russian missiles hit a school in Sumy, the mayor of Kharkiv said.",
         "Ukraine"),
        ("russia-ukraine", "The acting governor of Belgorod said a drone struck a car.", "Russia"),
    ],
)  # fmt: skip
def test_an_official_of_a_place_takes_the_places_side(profile, text, side):
    assert _sides(_events(text, profile)) == {side}


def test_a_ministry_in_a_dateline_story_takes_the_datelines_country():
    events = _events(
        "KYIV (Reuters) - Russian forces attacked Ukrainian positions near Kurakhove 30 times, "
        "the general staff said.",
        "russia-ukraine",
    )
    assert _sides(events) == {"Ukraine"}


@pytest.mark.parametrize(
    ("text", "side", "not_claimant"),
    [
        ("Some of the drones were shot down over Belgorod, Gladkov said.", "Russia", "Some"),
        ("Ukrainian drones struck Belgorod, the regional capital, overnight, Gladkov said.",
         "Russia", "the regional capital"),
        ("Missiles hit Kharkiv, the regional capital, said Syniehubov.", "Ukraine",
         "the regional capital"),
    ],
)  # fmt: skip
def test_words_that_are_never_a_claimant(text, side, not_claimant):
    events = _events(text, "russia-ukraine")
    claimants = set(events["claimant"])
    assert not any(c.startswith(not_claimant) for c in claimants), claimants
    assert _sides(events) == {side}


def test_a_story_with_no_attribution_is_the_reporters():
    events = _events("(Reuters) - Russian drones struck an energy facility in Kharkiv.",
                     "russia-ukraine")  # fmt: skip
    assert _sides(events) == {"reporter"}
    assert set(events["claimant"]) == {"Reuters"}


@pytest.mark.parametrize(
    "who",
    ["Residents reached by telephone", "Residents reached by AFP by telephone",
     "Witnesses contacted by the agency"],
)  # fmt: skip
def test_people_reached_by_phone_speak_for_no_side(who):
    events = _events(f"{who} said RSF fighters shelled the market in El Fasher on Friday.", "sudan")
    assert _sides(events) == {"other"}, events[["claimant", "claimant_side"]]


@pytest.mark.parametrize(
    "who", ["The Air Force", "The Ministry of Health", "Police", "The National Police"]
)
def test_a_capitalised_body_with_no_country_belongs_where_the_story_is_filed(who):
    text = (
        f"KYIV, Oct 2 (Reuters) - {who} said Russian drones struck a school in Kharkiv "
        "overnight, wounding four people. Russia said its forces hit military targets."
    )
    events = _events(text, "russia-ukraine")
    assert _sides(events, 0) == {"Ukraine"}, events[["claimant", "claimant_side"]]


def test_it_points_back_to_the_body_the_sentence_before_was_about():
    text = (
        "KYIV (Ukrinform) - Russian bombs hit a store in Kharkiv on Saturday, Ukraine's Air "
        "Force said.\n\nThe Russian Defence Ministry did not comment on the strike. In its "
        "daily summary it claimed that Russian troops had captured the village of Ivanivka."
    )
    events = _events(text, "russia-ukraine")
    claim = events[events["event_type"] == "territorial_claim"]
    assert list(claim["claimant_side"]) == ["Russia"], events[["claimant", "claimant_side"]]


@pytest.mark.parametrize(
    ("who", "side"),
    [("The ship's Greek manager", "other"), ("Japan's Nippon Yusen Kaisha", "other"),
     ("A British security firm", "other"), ("Yemen's state shipping company", "Yemen")],
)  # fmt: skip
def test_companies_speak_for_no_side_unless_the_state_owns_them(who, side):
    events = _events(f"{who} said the vessel was hit by two missiles off Hodeidah.", "red-sea")
    assert _sides(events) == {side}, events[["claimant", "claimant_side"]]


def test_an_insurgent_group_in_a_country_is_the_group_not_the_state():
    text = (
        "BANGKOK (Reuters) - An insurgent group in Myanmar said on Saturday it had seized "
        "Lashio. The MNDAA said its fighters held the town. A spokesperson for the junta "
        "said troops had repelled attacks near Lashio. The MNDAA took Hsenwi in January."
    )
    events = _events(text, "world")
    assert _sides(events, 0) == {"MNDAA"}, events[["claimant", "claimant_side"]]
    assert _sides(events, 2) == {"Myanmar"}, events[["claimant", "claimant_side"]]


@pytest.mark.parametrize(
    "who", ["A local rescue group", "The Gezira Congress, a civil society group,",
            "Medical sources at the Saudi Hospital"],
)  # fmt: skip
def test_rescuers_and_civil_society_speak_for_no_side(who):
    events = _events(f"{who} said RSF shelling killed nine people in El Fasher on Friday.", "sudan")
    assert _sides(events) == {"other"}, events[["claimant", "claimant_side"]]


def test_a_groups_name_at_the_end_of_a_persons_name_is_the_person():
    from helpers.profile import load_profile
    from helpers.sides import find_sides

    sides = find_sides("Foreign Minister Therese Kayikwamba Wagner said", load_profile("world"))
    assert "Wagner" not in {m.side for m in sides}
    assert "Wagner" in {m.side for m in find_sides("Russia's Wagner said", load_profile("world"))}
