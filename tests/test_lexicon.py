"""The event lexicons (data/world/lexicon.yaml and each profile's): stems, patterns, ACLED codes.

Stems are a pre-filter: a sentence holding none of a type's stems skips that type's pattern. A
pattern whose matches can lack every stem would silently never fire, so every sentence of every
story we ship is run through every pattern with the filter off, and each match must hold a stem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import helpers
from helpers import config
from helpers.profile import load_profile, shipped
from helpers.sentences import split_sentences

TESTS = Path(__file__).parent


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    folders = [config.SAMPLES_DIR, *sorted(config.PROFILES_DIR.glob("*/samples")),
               *sorted(TESTS.glob("blind/round*/stories"))]  # fmt: skip
    articles = helpers.load_stories(folders, progress=False)
    return list(split_sentences(articles[articles["status"] == "ok"])["text"])


@pytest.mark.parametrize("name", ["world", *shipped()])
def test_every_match_holds_a_stem_of_its_type(name, sentences):
    lexicon = load_profile(name).lexicon
    missing = []
    for text in sentences:
        for kind, etype in lexicon.types.items():
            for m in etype.pattern.finditer(text):
                if not etype.stems_pattern.search(text.lower()):
                    missing.append((kind, m.group()))
    assert not missing, missing[:10]


@pytest.mark.parametrize("name", ["world", *shipped()])
def test_every_type_has_acled_codes_and_triggers(name):
    for kind, etype in load_profile(name).lexicon.types.items():
        assert all(etype.acled), kind
        assert etype.stems and etype.pattern.pattern, kind


def test_a_profile_lexicon_adds_to_the_worlds():
    world = load_profile("world").lexicon
    ru = load_profile("russia-ukraine").lexicon
    assert "HIMARS" in ru.words["named_arms"] and "HIMARS" not in world.words["named_arms"]
    assert ru.types["strike"].pattern.search("Ukraine used HIMARS against the bridge")
    assert not world.types["strike"].pattern.search("Ukraine used HIMARS against the bridge")


def test_acled_codes_follow_the_trigger():
    strike = load_profile("world").lexicon.types["strike"]
    assert strike.acled_for("shelled") == ("Explosions/Remote violence",
                                           "Shelling/artillery/missile attack")  # fmt: skip
    assert strike.acled_for("drone strikes on") == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
