"""The gazetteer: the base table, profile places, homonyms, and the world-layer tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from helpers import config
from helpers.errors import ProfileError
from helpers.places import Place, PlaceMention, find_places, fold, load_gazetteer

PROFILES = config.DATA_DIR / "profiles"
WORLD = config.DATA_DIR / "world"
SHIPPED = sorted(p.parent.name for p in PROFILES.glob("*/places.csv"))
AREAS = {
    name: tuple(
        yaml.safe_load((PROFILES / name / "profile.yaml").read_text("utf-8"))["area"]["countries"]
    )
    for name in SHIPPED
}
PLACE_COLUMNS = ["name", "aliases", "feature", "admin1", "country", "lat", "lon", "population",
                 "geonameid", "source"]  # fmt: skip


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def profile_gazetteer(name: str) -> dict[str, Place]:
    return load_gazetteer(extra=(PROFILES / name / "places.csv",), prefer=AREAS[name])


def place_of(text: str, gazetteer: dict[str, Place] | None = None) -> Place:
    found = [m for m in find_places(text, gazetteer) if m.place is not None]
    assert found, f"no place in {text!r}"
    assert found[0].place is not None
    return found[0].place


# ---- the base gazetteer -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Strikes hit Beirut overnight.", "Beirut", "LB"),
        ("The Houthis control Sanaa.", "Sanaa", "YE"),
        ("Fighting in Sana'a continued.", "Sanaa", "YE"),
        ("Khartoum was quiet.", "Khartoum", "SD"),
        ("The RSF entered El Fasher.", "El Fasher", "SD"),
        ("Drones flew over Kyiv.", "Kyiv", "UA"),
        ("Drones flew over Kiev.", "Kyiv", "UA"),
        ("Ukrainian troops entered Sudzha.", "Sudzha", "RU"),
        ("Украинские войска вошли в Суджа.", "Sudzha", "RU"),
        ("Talks opened in Washington.", "Washington", "US"),
        ("Russia said so.", "Russia", "RU"),
        ("Troops from DR Congo and Türkiye.", "DR Congo", "CD"),
    ],
)
def test_base_resolves_capitals_countries_and_area_places(
    text: str, name: str, country: str
) -> None:
    place = place_of(text)
    assert (place.name, place.country) == (name, country)


def test_every_country_and_matchable_capital_resolves_to_itself() -> None:
    index = load_gazetteer()
    for c in rows(WORLD / "countries.csv"):
        got = index[fold(c["name"])]
        assert (got.feature, got.country) == ("country", c["iso2"]), c["name"]
        for capital in filter(None, c["capital_aliases"].split("|")):
            assert index[fold(capital)].country == c["iso2"], capital


def test_ambiguous_capitals_stay_out() -> None:
    index = load_gazetteer()
    for word in ("Victoria", "Kingston", "Male", "Hamilton", "Douglas", "Stanley", "Sofia"):
        assert fold(word) not in index, word


def test_base_file_keeps_its_columns_and_stays_small() -> None:
    path = config.DATA_DIR / "gazetteer.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == PLACE_COLUMNS
    assert path.stat().st_size < 8_000_000


# ---- homonyms, profile places -------------------------------------------------------------------
def test_homonym_resolves_towards_prefer() -> None:
    # Tripoli, Libya (capital, 1.3 million) and Tripoli, Lebanon (230,000) are both in the base.
    assert place_of("Tripoli").country == "LY"
    assert place_of("Tripoli", load_gazetteer(prefer=("LB",))).country == "LB"
    assert place_of("Tripoli", profile_gazetteer("israel-lebanon")).country == "LB"


def test_a_country_beats_a_preferred_homonym() -> None:
    index = load_gazetteer(prefer=("RU", "UA", "SY"))
    assert index[fold("Russia")].feature == "country"
    assert index[fold("Israel")].feature == "country"


def test_profile_row_wins_over_base(tmp_path: Path) -> None:
    # The base's "Gaza" is Gaza City; the israel-gaza profile says "Gaza" is the strip.
    assert place_of("Gaza").name == "Gaza"
    strip = place_of("Strikes hit Gaza.", profile_gazetteer("israel-gaza"))
    assert (strip.name, strip.feature) == ("Gaza Strip", "region")
    assert place_of("Gaza City", profile_gazetteer("israel-gaza")).name == "Gaza City"
    own = tmp_path / "places.csv"
    own.write_text(
        "name,aliases,feature,admin1,country,lat,lon,population,geonameid,source\n"
        "Beirut,,region,,LB,1.0,2.0,0,,test row\n"
        "Kyiv City,Kyiv town|Київ,,,,,,,703448,test correction of GeoNames 703448\n",
        encoding="utf-8",
    )
    index = load_gazetteer(extra=(own,))
    assert (index[fold("Beirut")].lat, index[fold("Beirut")].feature) == (1.0, "region")
    corrected = index[fold("Kyiv town")]
    assert corrected.name == "Kyiv City" and corrected.country == "UA"
    assert index[fold("Kyiv")] is corrected  # the base's own names point to the corrected entry
    assert abs(corrected.lat - 50.45) < 0.1  # coordinates kept from GeoNames


def test_bad_profile_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("name,aliases,country,lat,lon\nNowhere,,XX,north,1\n", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"places\.csv:2: lat"):
        load_gazetteer(extra=(bad,))


@pytest.mark.parametrize(
    ("profile", "text", "name", "country"),
    [
        ("sudan", "Shelling hit al-Fashir.", "El Fasher", "SD"),
        ("sudan", "They fled Zamzam camp.", "Zamzam camp", "SD"),
        ("sudan", "Clashes in Gezira state.", "Gezira state", "SD"),
        ("sudan", "The army retook Bahri.", "Khartoum North", "SD"),
        ("red-sea", "Strikes on Hodeidah port.", "Hodeidah", "YE"),
        ("red-sea", "A ship in the Gulf of Aden.", "Gulf of Aden", ""),
        ("red-sea", "Near Bab al-Mandab.", "Bab el-Mandeb", ""),
        ("israel-gaza", "Troops in Deir al-Balah.", "Deir al-Balah", "PS"),
        ("israel-gaza", "Raids on Khan Yunis.", "Khan Younis", "PS"),
        ("israel-gaza", "Shelling near Rafah.", "Rafah", "PS"),
        ("israel-lebanon", "Rockets from Aita al-Shaab.", "Aita al-Shaab", "LB"),
        ("israel-lebanon", "Sirens in Kiryat Shmona.", "Kiryat Shmona", "IL"),
        ("russia-ukraine", "Fighting near Avdiivka.", "Avdiivka", "UA"),
        ("russia-ukraine", "Drones hit Lgov.", "Lgov", "RU"),
    ],
)
def test_profile_places(profile: str, text: str, name: str, country: str) -> None:
    place = place_of(text, profile_gazetteer(profile))
    assert (place.name, place.country) == (name, country)


@pytest.mark.parametrize("profile", SHIPPED)
def test_profile_check_table_resolves(profile: str) -> None:
    """The same checks as `scripts/build_gazetteer.py --check`, on the committed base."""
    index = profile_gazetteer(profile)
    table = rows(PROFILES / profile / "places_check.csv")
    assert table
    for want in table:
        got = index.get(fold(want["name"]))
        assert got is not None, want["name"]
        if want["country"]:
            assert got.country == want["country"], (want["name"], got)
        if want["lat_min"]:
            assert float(want["lat_min"]) <= got.lat <= float(want["lat_max"]), (want["name"], got)
            assert float(want["lon_min"]) <= got.lon <= float(want["lon_max"]), (want["name"], got)


# ---- mentions -----------------------------------------------------------------------------------
def test_unknown_named_village_is_kept_as_text() -> None:
    found = find_places("Russia said it retook the village of Veseloye near Sudzha.")
    unknown = [m for m in found if m.text == "Veseloye"]
    assert len(unknown) == 1 and isinstance(unknown[0], PlaceMention)
    assert unknown[0].place is None
    assert {m.place.name for m in found if m.place} == {"Russia", "Sudzha"}


def test_region_word_and_spans() -> None:
    text = "Attacks in the Kursk region and in Khiam."
    found = find_places(text, profile_gazetteer("russia-ukraine"))
    assert [text[m.start : m.end] for m in found] == ["Kursk region"]
    assert found[0].place is not None and found[0].place.feature == "region"


# ---- the world-layer tables ---------------------------------------------------------------------
def world(name: str) -> list[dict[str, str]]:
    return rows(WORLD / name)


@pytest.mark.parametrize(
    "table", ["countries.csv", "groups.csv", "organisations.csv", "people.csv"]
)
def test_world_tables_sorted_without_duplicates(table: str) -> None:
    data = world(table)
    keys = [fold(r["name"]) for r in data]
    assert keys == sorted(keys), f"{table} is not sorted by name"
    if table == "people.csv":  # one row per role: a person may hold several
        roles = [(fold(r["name"]), r["title"], r["from"]) for r in data]
        assert len(roles) == len(set(roles))
    else:
        assert len(keys) == len(set(keys))


def test_world_names_point_to_one_row() -> None:
    owner: dict[str, str] = {}
    cells = {
        "countries.csv": ("name", "aliases", "demonyms", "capital_aliases", "bodies"),
        "groups.csv": ("name", "aliases"),
        "organisations.csv": ("name", "aliases"),
    }
    for table, columns in cells.items():
        for r in world(table):
            for text in (t for c in columns for t in r[c].split("|") if t):
                assert owner.setdefault(fold(text), r["name"]) == r["name"], (table, text)


def test_world_references_are_known() -> None:
    countries = world("countries.csv")
    iso2 = {r["iso2"] for r in countries}
    assert len(iso2) == len(countries) >= 240
    assert all(len(c) == 2 and c.isupper() for c in iso2)
    assert {r["country"] for r in world("groups.csv")} <= iso2
    assert {r["kind"] for r in world("groups.csv")} == {"armed_group"}
    assert len(world("groups.csv")) >= 40
    assert {r["side"] for r in world("organisations.csv")} == {"other"}
    sides = {r["name"] for r in countries} | {r["name"] for r in world("groups.csv")} | {"other"}
    for person in world("people.csv"):
        assert person["side"] in sides, person["name"]
        assert person["title"] == person["title"].lower(), person["name"]
        assert not person["to"] or int(person["from"]) <= int(person["to"]), person["name"]
    assert {r["country"] for r in world("admin1.csv")} <= iso2
    assert {r["iso2"] for r in world("centroids.csv")} <= iso2


@pytest.mark.parametrize("profile", SHIPPED)
def test_profile_places_table(profile: str) -> None:
    data = rows(PROFILES / profile / "places.csv")
    iso2 = {r["iso2"] for r in world("countries.csv")} | {""}
    assert data and list(data[0]) == PLACE_COLUMNS
    names = [fold(r["name"]) for r in data]
    assert names == sorted(names) and len(names) == len(set(names))
    for r in data:
        assert r["source"], r["name"]
        assert r["country"] in iso2, r["name"]
        if not r["geonameid"]:
            assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]
            assert r["feature"] in {"region", "city", "town", "village", "camp", "sea"}, r["name"]
