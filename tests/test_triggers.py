"""Event types from the world lexicon (`helpers.extract.triggers`): classes of phrase that name an
event, and look-alikes that do not."""

from __future__ import annotations

import pytest

import helpers

DAY = "2025-05-07"


def _types(text: str, profile: str = "world") -> set[str]:
    articles = helpers.load_stories([f"(Reuters) - {text}"], story_date=DAY, languages=None)
    return set(helpers.extract_events(articles, profile=profile)["event_type"])


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The Houthis attacked a bulk carrier off Hodeidah on Sunday.", "strike"),
        ("The ship came under attack 50 nautical miles southwest of Hodeidah.", "strike"),
        ("Six large bombs had been dropped on the area, the ministry said.", "strike"),
        ("About 115 projectiles had crossed from Lebanon into northern Israel, the army said.",
         "strike"),
        ("An armed security team aboard the ship returned fire, UKMTO said.", "repelled_attack"),
        ("The ministry claimed the capture of the village of Mykhailivka in Donetsk.",
         "territorial_claim"),
        ('The group said its fighters had "liberated" the camp near El Fasher.',
         "territorial_claim"),
        ("The army said troops had moved into the Beit Lahia area on Tuesday.", "ground_assault"),
        ("Lufthansa said it was suspending flights to Tel Aviv until May 11.", "other"),
        ("Authorities suspended flights at 18 airports in north India.", "other"),
        ("Poland's operational command said it had scrambled fighter jets overnight.", "other"),
        ("Six people were pulled from the water, the mission said.", "evacuation"),
        ("Regional authorities also reported damage in the Kharkiv and Sumy regions.",
         "infrastructure_damage"),
        ("Power supply had been partially disrupted in two districts of Shebekino.",
         "infrastructure_damage"),
        ('A thermal power plant had suffered "significant" damage, a source said.',
         "infrastructure_damage"),
        ('A further 41 drones were "locally lost" to electronic warfare, the report says.',
         "interception"),
        ('The ship was later hit by an "airborne projectile of unknown type," the center said.',
         "strike"),
        ('The general staff said the attackers had been "neutralized."', "repelled_attack"),
        ("The army carried out the operation near the towns of Adan Yabaal and Ruun Nirgood.",
         "ground_assault"),
        ("The military renewed orders for residents of several Jabalia districts to leave.",
         "evacuation"),
        ("Hundreds of families had left for Mogadishu since the fighting began.", "evacuation"),
        ("The fighters forced thousands of residents to flee towards Kassala.", "evacuation"),
        ("A sailor from the Philippines remained unaccounted for after the attack.",
         "casualties"),
        ("It said 20 suspects had been arrested.", "other"),
    ],
)  # fmt: skip
def test_phrases_that_name_an_event(text, wanted):
    assert wanted in _types(text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        ("An Israeli airstrike hit a school sheltering displaced families in Gaza City.",
         "evacuation"),
        ("RSF shelling hit a camp for displaced people near El Fasher.", "evacuation"),
        ("Indian forces struck nine sites in Pakistan and Pakistan-occupied Kashmir.",
         "territorial_claim"),
        ("Burhan congratulated the people on what he called the liberation of the city.",
         "territorial_claim"),
        ("The Houthis attacked a bulk carrier off Hodeidah on Sunday.", "ground_assault"),
        ("Before the raids began, the army sent text messages to residents.", "ground_assault"),
        ("The ship came under attack on Monday evening off Hodeidah.", "ground_assault"),
        ('The army said the situation was "under control" in Bamako.', "territorial_claim"),
        ("Guterres called on Rwanda's forces to withdraw from Congo.", "other"),
        ("Zelensky called the bombing an act of deliberate terror against civilians.", "strike"),
        ("The State Department condemned the attacks on the two ships.", "strike"),
        ("Guterres voiced alarm at the drone attacks on Port Sudan.", "strike"),
    ],
)  # fmt: skip
def test_look_alikes_that_name_no_such_event(text, unwanted):
    assert unwanted not in _types(text)
