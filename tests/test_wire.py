"""Wire structure: agency tags, datelines, credits lines and boilerplate."""

from __future__ import annotations

import pytest

from helpers.wire import parse_wire, split_paragraphs


def test_seed_story_structure(seed_path):
    paragraphs = split_paragraphs(seed_path.read_text("utf-8"))
    wire = parse_wire(paragraphs)
    # The file has 12 paragraphs: 11 of story and the credits line, which leaves the body.
    assert wire.source_paragraphs == 12
    assert len(wire.paragraphs) == 11
    assert wire.agency == "Reuters"
    assert wire.dateline is None
    assert wire.paragraphs[0].startswith("Ukraine kept pounding")
    assert wire.paragraphs[-1].startswith("Kursk’s acting governor")
    assert not any("Reporting by" in p for p in wire.paragraphs)
    assert wire.credits == {"reporting": ["Lidia Kelly"], "editing": ["Raju Gopalakrishnan"]}
    assert wire.credit_places == {"Lidia Kelly": "Melbourne"}


@pytest.mark.parametrize(
    ("first", "agency", "dateline", "date", "rest"),
    [
        ("KYIV, Aug 14 (Reuters) - Ukraine said", "Reuters", "KYIV", "Aug 14", "Ukraine said"),
        ("KYIV, Ukraine (AP) — Ukraine said", "AP", "KYIV", None, "Ukraine said"),
        ("MOSCOW (AP) — Russia said", "AP", "MOSCOW", None, "Russia said"),
        ("Kyiv (AFP) - Kyiv said", "AFP", "Kyiv", None, "Kyiv said"),
        (
            "WASHINGTON, Sept. 3, 2024 (Reuters) -- The U.S. said",
            "Reuters",
            "WASHINGTON",
            "Sept. 3, 2024",
            "The U.S. said",
        ),
        ("(Reuters) – Ukraine kept", "Reuters", None, None, "Ukraine kept"),
        ("BERLIN (dpa) - Germany said", "dpa", "BERLIN", None, "Germany said"),
    ],
)
def test_agency_tags_and_datelines(first, agency, dateline, date, rest):
    wire = parse_wire([first, "Second paragraph."])
    assert (wire.agency, wire.dateline, wire.dateline_date) == (agency, dateline, date)
    assert wire.paragraphs[0] == rest


@pytest.mark.parametrize(
    "first",
    [
        "Ukraine (the country) - a sentence that is not a tag.",
        "The Kremlin (Moscow) — said nothing.",
        "Zelenskiy said the operation (launched Aug. 6) - was going to plan.",
    ],
)
def test_parentheses_that_are_not_agency_tags_are_left_alone(first):
    wire = parse_wire([first])
    assert wire.agency is None and wire.paragraphs == [first]


def test_reuters_credits_with_many_roles_and_shared_places():
    wire = parse_wire(
        [
            "KYIV (Reuters) - Text.",
            "(Reporting by Ann One and Bob Two in Kyiv, Cy Three in Moscow; Additional reporting "
            "by Di Four; Writing by Ed Five; Editing by Fay Six and Gus Seven)",
        ]
    )
    assert wire.paragraphs == ["Text."]
    assert wire.credits["reporting"] == ["Ann One", "Bob Two", "Cy Three"]
    assert wire.credits["additional_reporting"] == ["Di Four"]
    assert wire.credits["writing"] == ["Ed Five"]
    assert wire.credits["editing"] == ["Fay Six", "Gus Seven"]
    assert wire.credit_places == {"Ann One": "Kyiv", "Bob Two": "Kyiv", "Cy Three": "Moscow"}


def test_ap_contributor_line_and_boilerplate_are_taken_off_the_end():
    wire = parse_wire(
        [
            "KYIV, Ukraine (AP) — Text.",
            "More text.",
            "Associated Press writers Hal Eight in Kyiv and Ivy Nine in London contributed "
            "to this report.",
            "___",
            "Follow AP’s coverage of the war at https://apnews.example/hub/russia-ukraine",
        ]
    )
    assert wire.paragraphs == ["Text.", "More text."]
    assert wire.credits == {"contributing": ["Hal Eight", "Ivy Nine"]}
    assert wire.credit_places == {"Hal Eight": "Kyiv", "Ivy Nine": "London"}


def test_a_story_paragraph_mentioning_reporting_is_kept():
    wire = parse_wire(["(Reuters) - Text.", "Reporting by state media could not be verified."])
    assert wire.paragraphs == ["Text.", "Reporting by state media could not be verified."]
    assert wire.credits == {}


def test_no_paragraphs():
    wire = parse_wire([])
    assert wire.paragraphs == [] and wire.agency is None


def test_bureaux_as_reporters_and_places_with_countries():
    wire = parse_wire(
        [
            "(Reuters) - Text.",
            "(Reporting by Reuters; Additional reporting by Reuters Moscow bureau; "
            "Editing by A Bee)",
        ]
    )
    assert wire.paragraphs == ["Text."]
    assert wire.credits["additional_reporting"] == ["Reuters Moscow bureau"]
    ap = parse_wire(
        [
            "KYIV (AP) — Text.",
            "Associated Press writer Irina Example in Tallinn, Estonia, and Jo Example in Seoul, "
            "South Korea, contributed to this report.",
        ]
    )
    assert ap.credits == {"contributing": ["Irina Example", "Jo Example"]}
    assert ap.credit_places == {
        "Irina Example": "Tallinn, Estonia",
        "Jo Example": "Seoul, South Korea",
    }
