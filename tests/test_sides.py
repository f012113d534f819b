"""Sides named in text (`helpers.sides`): countries, demonyms, capitals, bodies, groups, people,
compounds and possessives, allies and joint sources, over real profiles and the world layer."""

from __future__ import annotations

import pytest

from helpers.profile import load_profile
from helpers.sides import find_sides, side_of


@pytest.mark.parametrize(
    ("profile", "text", "name", "side"),
    [
        # countries by name
        ("russia-ukraine", "Ukraine asked for more air defence systems.", "Ukraine", "Ukraine"),
        ("israel-lebanon", "Talks with Lebanon stalled again.", "Lebanon", "Lebanon"),
        # demonyms
        ("israel-lebanon", "An Israeli drone circled over the port.", "Israeli", "Israel"),
        ("israel-lebanon", "Lebanese soldiers moved into the border villages.", "Lebanese",
         "Lebanon"),
        ("russia-ukraine", "Russian artillery fired through the night.", "Russian", "Russia"),
        # capitals standing for governments
        ("russia-ukraine", "Kyiv wants long-range missiles.", "Kyiv", "Ukraine"),
        ("russia-ukraine", "The talks in Moscow ended without a deal.", "Moscow", "Russia"),
        # government bodies
        ("russia-ukraine", "The plan was rejected by the Kremlin on Friday.", "Kremlin", "Russia"),
        ("russia-ukraine", "A new aid package was announced by the Pentagon.", "Pentagon",
         "United States"),
        # groups of the world layer
        ("israel-lebanon", "Hezbollah fired rockets at an army post.", "Hezbollah", "Hezbollah"),
        ("red-sea", "The Houthis targeted a tanker off Hodeidah.", "Houthis", "Houthis"),
        ("red-sea", "Ansar Allah threatened more attacks on ships.", "Ansar Allah", "Houthis"),
        ("sudan", "RSF fighters entered the market.", "RSF", "RSF"),
        # people by full name and by surname alone
        ("russia-ukraine", "Volodymyr Zelenskiy visited troops near Pokrovsk.",
         "Volodymyr Zelenskiy", "Ukraine"),
        ("russia-ukraine", "Later, Zelenskiy thanked the soldiers.", "Zelenskiy", "Ukraine"),
        ("russia-ukraine", "A decree signed by Putin raised troop numbers.", "Putin", "Russia"),
    ],
)  # fmt: skip
def test_names_of_a_side_are_found_as_written(profile, text, name, side):
    # the span is the name alone: never the sentence's full stop after it
    mentions = find_sides(text, load_profile(profile))
    assert [(m.text, m.side) for m in mentions] == [(name, side)]
    m = mentions[0]
    assert text[m.start : m.end] == name


def test_each_kind_of_name_keeps_its_kind():
    profile = load_profile("russia-ukraine")
    text = "Ukrainian officials in Kyiv, the Kremlin, Putin and TASS all spoke on Friday."
    kinds = {m.text: m.kind for m in find_sides(text, profile)}
    assert kinds == {"Ukrainian": "demonym", "Kyiv": "capital", "Kremlin": "body",
                     "Putin": "person", "TASS": "media"}  # fmt: skip


@pytest.mark.parametrize(
    ("profile", "text", "side"),
    [
        ("israel-lebanon", "Lebanon's health ministry gave a new toll.", "Lebanon"),
        ("israel-lebanon", "Lebanon’s health ministry gave a new toll.", "Lebanon"),  # curly
        ("russia-ukraine", "Russia's foreign ministry summoned the envoy.", "Russia"),
        ("russia-ukraine", "Zelenskiy's chief of staff flew to Riyadh.", "Ukraine"),
        ("red-sea", "Yemen's Houthis claimed the attack.", "Yemen"),
    ],
)
def test_a_possessive_names_its_owner(profile, text, side):
    mentions = find_sides(text, load_profile(profile))
    assert mentions and mentions[0].side == side
    assert mentions[0].start == 0


@pytest.mark.parametrize(
    ("profile", "text", "side"),
    [
        ("russia-ukraine", "Kyiv-backed fighters crossed into Belgorod.", "Ukraine"),
        ("russia-ukraine", "A Moscow-installed official was killed.", "Russia"),
        ("russia-ukraine", "Russia-launched drones hit the grid.", "Russia"),
        ("israel-gaza", "The Hamas-run ministry gave new figures.", "Hamas"),
        ("israel-gaza", "Hamas-controlled tunnels were destroyed.", "Hamas"),
        ("red-sea", "A Houthi-held port was struck.", "Houthis"),
    ],
)
def test_a_hyphen_compound_names_the_side_before_the_hyphen(profile, text, side):
    assert side_of(text, load_profile(profile)) == side


@pytest.mark.parametrize(
    "text",
    ["Sudan's army said it retook the bridge.", "Sudanese officials denied the report.",
     "Sudan said the talks had failed.", "The government in Khartoum rejected the plan."],
)  # fmt: skip
def test_a_profile_side_takes_in_a_world_country(text):
    sudan = load_profile("sudan")
    assert side_of(text, sudan) == "Sudan army"


def test_the_world_layer_alone_keeps_the_country():
    assert side_of("Sudanese officials denied the report.", load_profile("world")) == "Sudan"


@pytest.mark.parametrize(
    "text",
    ["The United Nations called for a pause in the fighting.",
     "The International Committee of the Red Cross sent a convoy.",
     "The IAEA sent inspectors to the plant.",
     "NATO said it was watching closely."],
)  # fmt: skip
def test_international_bodies_are_other(text):
    mentions = find_sides(text, load_profile("russia-ukraine"))
    assert mentions, text
    assert mentions[0].side == "other"
    assert mentions[0].kind == "organisation"


def test_a_foreign_force_names_its_country_and_the_side_it_fights_for():
    profile = load_profile("russia-ukraine")
    (m,) = find_sides("North Korean troops were seen near Kursk.", profile)
    assert (m.text, m.side, m.ally) == ("North Korean", "North Korea", "Russia")
    (own,) = find_sides("Russian troops were seen near Kursk.", profile)
    assert own.ally is None


@pytest.mark.parametrize(
    "text",
    ["A pro-war blogger posted the video.", "Pro-war channels posted the video.",
     "Pro-Kremlin bloggers shared the footage."],
)  # fmt: skip
def test_pro_war_media_are_russian(text):
    assert side_of(text, load_profile("russia-ukraine")) == "Russia"


def test_a_joint_source_is_other():
    profile = load_profile("russia-ukraine")
    assert side_of("Ukrainian and Western officials", profile) == "other"
    mentions = find_sides("Ukrainian and Western officials", profile)
    assert [m.side for m in mentions] == ["Ukraine", "other"]
    # two names of one side are not a joint source
    assert side_of("Ukrainian and Kyiv officials", profile) == "Ukraine"


@pytest.mark.parametrize(
    "text",
    ["The town was quiet.", "Residents queued for water after the night.",
     "Officials said the bridge would reopen in a week."],
)  # fmt: skip
def test_plain_text_names_no_side(text):
    profile = load_profile("russia-ukraine")
    assert find_sides(text, profile) == []
    assert side_of(text, profile) is None
