"""Conflict profiles (`helpers.profile`): every shipped profile loads, a new conflict is new files
and no new code, and each kind of mistake in a profile names its file, line and field."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

import helpers
from helpers.errors import ProfileError, WireDeskError
from helpers.profile import load_profile, shipped

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def test_profiles_are_shipped():
    assert {"russia-ukraine", "israel-lebanon", "israel-gaza", "red-sea", "sudan"} <= set(shipped())


@pytest.mark.parametrize("name", shipped())
def test_every_shipped_profile_loads(name):
    profile = load_profile(name)
    assert len(profile.sides) >= 2
    for side in profile.sides:
        assert HEX.match(side.colour), (side.name, side.colour)
        assert profile.colour(side.name) == side.colour
    names = profile.side_names
    assert names[-2:] == ["reporter", "other"]
    assert names[:-2] == [s.name for s in profile.sides]
    assert len(set(names)) == len(names)
    assert profile.opponents, "a profile says who fights whom"
    for side, enemies in profile.opponents.items():
        for enemy in enemies:
            assert side in profile.opposes(enemy)


def test_a_shipped_profile_is_loaded_by_name_or_folder():
    by_name = load_profile("sudan")
    by_folder = load_profile(by_name.path)
    assert by_folder.side_names == by_name.side_names
    assert load_profile(by_name) is by_name


def test_an_unknown_profile_is_a_profile_error_naming_the_choices():
    with pytest.raises(ProfileError) as caught:
        load_profile("nope")
    assert isinstance(caught.value, WireDeskError)
    message = str(caught.value)
    assert "nope" in message
    assert "russia-ukraine" in message  # the shipped ones, to pick from


# ---- a conflict of our own, as files only -------------------------------------------------------
OSSERY = """\
# An invented war for tests: the Varnian army against the Kelsh Front in the Ossery hills.
name: ossery
title: Ossery war
wording:
  conflict: the war in the Ossery hills
  short: Ossery
area:
  lat: [44.0, 46.0]
  lon: [20.0, 22.0]

sides:
  Varnia:
    colour: "#112233"
    names: [Varnia, Varnian, Varnians]
    people:
      - {name: Tomas Orvell, title: president}
    bodies: [Varnian Defence Staff]
  Kelsh Front:
    colour: "#AA5500"
    names: [Kelsh, Kelsh fighters]
    people:
      - {name: Idrek Saalven, aliases: [Saalven], title: spokesman}

opponents:
  - [Varnia, Kelsh Front]
"""
# the columns of data/gazetteer.csv
OSSERY_PLACES = """\
name,aliases,feature,admin1,country,lat,lon,population,geonameid,source
Brelmoor,Brelmor|Brelmoore,village,Ossery Hills,XV,45.1234,21.5678,800,,invented for a test
"""
OSSERY_STORY = (
    "(Reuters) - Varnian artillery shelled Brelmoor on Tuesday, Kelsh Front spokesman Idrek "
    "Saalven said.\n\nTomas Orvell said his forces had captured the hills around Brelmor."
)


@pytest.fixture()
def ossery(tmp_path: Path) -> Path:
    folder = tmp_path / "ossery"
    folder.mkdir()
    (folder / "profile.yaml").write_text(OSSERY, encoding="utf-8")
    (folder / "places.csv").write_text(OSSERY_PLACES, encoding="utf-8")
    return folder


def _ossery_events(folder: Path):
    articles = helpers.load_stories([OSSERY_STORY], story_date="2024-10-02", languages=None)
    return helpers.extract_events(articles, profile=folder)


def test_a_new_profile_gives_its_own_sides(ossery):
    profile = load_profile(ossery)
    assert profile.side_names == ["Varnia", "Kelsh Front", "reporter", "other"]
    assert profile.colour("Kelsh Front") == "#AA5500"
    assert profile.opposes("Varnia") == ("Kelsh Front",)
    assert profile.terms["Saalven"].side == "Kelsh Front"
    assert profile.terms["Varnian"].side == "Varnia"
    # the world layer still lies under it
    assert profile.terms["Kremlin"].side == "Russia"


def test_a_new_profile_drives_extraction(ossery):
    events = _ossery_events(ossery)
    shelled = events[events["event_type"] == "strike"]
    assert len(shelled) == 1, events[["event_type", "actor", "claimant_side"]]
    assert shelled.iloc[0]["actor"] == "Varnia"
    assert shelled.iloc[0]["claimant_side"] == "Kelsh Front"
    assert shelled.iloc[0]["claimant"] == "Kelsh Front spokesman Idrek Saalven"
    taken = events[events["event_type"] == "territorial_claim"]
    assert len(taken) == 1, events[["event_type", "actor", "claimant_side"]]
    assert taken.iloc[0]["claimant_side"] == "Varnia"
    assert taken.iloc[0]["actor"] == "Varnia"  # "his forces": the speaker's side acted


def test_a_new_profile_places_its_own_villages(ossery):
    events = _ossery_events(ossery)
    shelled = events[events["event_type"] == "strike"].iloc[0]
    assert shelled["places"] == ["Brelmoor"]
    assert shelled["lat"] == pytest.approx(45.1234)
    assert shelled["lon"] == pytest.approx(21.5678)
    taken = events[events["event_type"] == "territorial_claim"].iloc[0]
    assert taken["places"] == ["Brelmor"]  # an alias, as written
    assert taken["lat"] == pytest.approx(45.1234)


def test_a_profiles_places_stay_in_that_profile(ossery):
    articles = helpers.load_stories([OSSERY_STORY], story_date="2024-10-02", languages=None)
    events = helpers.extract_events(articles, profile="russia-ukraine")
    assert events["lat"].isna().all()  # Brelmoor is only the Ossery profile's


# ---- mistakes, each named by file, line and field -----------------------------------------------
GOOD_SIDES = """\
name: broken
sides:
  Varnia:
    colour: "#112233"
  Kelsh Front:
    colour: "#AA5500"
"""


def _broken(tmp_path: Path, profile: str, lexicon: str | None = None) -> ProfileError:
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "profile.yaml").write_text(textwrap.dedent(profile), encoding="utf-8")
    if lexicon is not None:
        (folder / "lexicon.yaml").write_text(textwrap.dedent(lexicon), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(folder)
    return caught.value


def _names(err: ProfileError, file: Path, line: int, field: str) -> None:
    message = str(err)
    assert Path(err.path).resolve() == file.resolve(), message
    assert err.line == line, message
    assert err.field == field, message
    assert f"{file.name}:{line}" in message
    assert field in message


@pytest.mark.parametrize(
    ("profile", "line", "field", "words"),
    [
        ("""\
         name: broken
         sides:
           Varnia:
             colour: "blue"
           Kelsh Front:
             colour: "#AA5500"
         """, 4, "sides.Varnia.colour", "blue"),
        ("""\
         name: broken
         sides:
           Varnia: [Varnian, Varnians]
           Kelsh Front:
             colour: "#AA5500"
         """, 3, "sides.Varnia", "mapping"),
        ("""\
         name: broken
         sides:
           Varnia:
             colour: "#112233"
             names: Varnia: Varnian
           Kelsh Front:
             colour: "#AA5500"
         """, 5, "file", "YAML"),
        (GOOD_SIDES + """\
opponents:
  - [Varnia, Kelsh Front]
  - [Varnia, Atlantis]
""", 9, "opponents", "Atlantis"),
        (GOOD_SIDES + """\
allies:
  Ruritania: Atlantis
""", 8, "allies.Ruritania", "Atlantis"),
        (GOOD_SIDES + """\
area:
  lat: [46.0, 44.0]
""", 8, "area.lat", "[low, high]"),
    ],
    ids=["bad-colour", "side-not-a-mapping", "yaml-syntax", "unknown-opponent", "unknown-ally",
         "reversed-extent"],
)  # fmt: skip
def test_a_broken_profile_names_file_line_and_field(tmp_path, profile, line, field, words):
    err = _broken(tmp_path, profile)
    _names(err, tmp_path / "broken" / "profile.yaml", line, field)
    assert words in str(err)


@pytest.mark.parametrize(
    ("lexicon", "line", "field", "words"),
    [
        ("""\
         types:
           ambush:
             acled: [Battles, Armed clash]
             stems: [ambush]
             patterns:
               - '\\bambush(?:ed|ing'
         """, 6, "types.ambush.patterns", "pattern"),
        ("""\
         # a pattern added to a type of the world lexicon
         types:
           strike:
             stems: [mortar]
             patterns:
               - '\\bmortar(?:ed'
         """, 6, "types.strike.patterns", "pattern"),
        ("""\
         types:
           ambush:
             stems: [ambush]
             patterns:
               - '\\bambush(?:ed|ing)\\b'
         """, 2, "types.ambush.acled", "ACLED"),
    ],
    ids=["bad-regex-new-type", "bad-regex-world-type", "type-without-acled"],
)  # fmt: skip
def test_a_broken_lexicon_names_file_line_and_field(tmp_path, lexicon, line, field, words):
    err = _broken(tmp_path, GOOD_SIDES, lexicon)
    _names(err, tmp_path / "broken" / "lexicon.yaml", line, field)
    assert words in str(err)


def test_a_profile_lexicon_adds_a_type_that_extraction_uses(tmp_path):
    folder = tmp_path / "ossery"
    folder.mkdir()
    (folder / "profile.yaml").write_text(OSSERY, encoding="utf-8")
    (folder / "lexicon.yaml").write_text(textwrap.dedent("""\
        types:
          other:
            stems: [ambush]
            patterns:
              - '\\bambush(?:ed|ing)\\b'
        """), encoding="utf-8")  # fmt: skip
    profile = load_profile(folder)
    assert profile.lexicon.types["other"].pattern.search("Kelsh fighters ambushed a convoy")
    articles = helpers.load_stories(["Kelsh fighters ambushed a Varnian convoy, Orvell said."],
                                    story_date="2024-10-02", languages=None)  # fmt: skip
    events = helpers.extract_events(articles, profile=folder)
    assert "other" in set(events["event_type"])
    assert set(events["claimant_side"]) == {"Varnia"}
