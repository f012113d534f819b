"""Suggested events, sentence by sentence: what happened, when, where, who did it, who claims it.

Rules, not a model: each sentence is cut into clauses; trigger phrases give event types; an
attribution ("X said", "according to X", "X's assertions that") gives the claimant and its
scope; dates, places, quantities and sides come from their own modules. Every filled field keeps
the phrase it came from in `evidence`, so the analyst sees why.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from helpers import schema
from helpers.dates import DatePhrase, find_dates
from helpers.places import PlaceMention, find_places
from helpers.quantities import Quantity, find_quantities
from helpers.sentences import split_sentences
from helpers.sides import COUNTRY_SIDES, OPPOSITE, SIDE_TERMS, SideMention, find_sides, side_of

# ---- trigger phrases, one pattern per event type ------------------------------------------
_W = r"(?:[\w’'-]+\s+)"  # one word and its space
_ARMS = r"(?:missiles?|rockets?|drones?|UAVs?|shells?|bombs?|glide\s+bombs?|warheads?|projectiles?)"
_SITES = (
    r"(?:bridges?|power\s+(?:plant|station|line)s?|plant|substation|pipeline|railway|depot|"
    r"infrastructure|facility|facilities|building|homes?|houses?|dam|grid|airfield|fuel|"
    r"warehouse|school|hospital|energy|apartment|residential|block\s+of\s+flats|shop|market|"
    r"church|car|cars|vehicles?)"
)
TRIGGERS: dict[str, re.Pattern[str]] = {
    "interception": re.compile(
        rf"\b(?:intercept(?:ed|ing|s)?|shot\s+down|downed|destroyed|neutrali[sz]ed)\s+{_W}{{0,4}}{_ARMS}"
        rf"|\b{_ARMS}\s+{_W}{{0,3}}(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?"
        r"(?:intercepted|shot\s+down|downed|destroyed|neutrali[sz]ed)"
        r"|\bair\s+defen[cs]es?\s+(?:\w+\s+){0,2}(?:destroyed|downed|intercepted|repelled)"
        r"|\b(?:were|was|been)\s+(?:\w+\s+)?(?:shot\s+down|intercepted|downed)\b"
        rf"|\b{_ARMS}\s+(?:\w+\s+){{0,2}}(?:shot\s+down|intercepted|downed)\b",
        re.I,
    ),
    "strike": re.compile(
        r"\b(?:pound(?:ed|ing|s)|shell(?:ed|ing)|bomb(?:ed|ing|ard(?:ed|ing|ment))|struck|"
        r"striking|(?<!the\s)(?<!The\s)strikes?\s+(?:on|against|at|in)\b|air\s*strikes?|"
        rf"fir(?:ed|ing)\s+{_W}{{0,4}}{_ARMS}|launch(?:ed|ing|es)\s+{_W}{{0,3}}{_ARMS}|"
        r"(?:missile|drone|rocket|artillery|air)\s+(?:attacks?|strikes?|barrages?)|"
        r"shooting\s+(?:\w+\s+)?at\s+|"
        r"(?:command\s+posts?|bases?|headquarters|positions?|depots?|airfields?|targets?)\s+"
        r"(?:had\s+been|has\s+been|have\s+been|was|were)\s+(?:hit|struck|targeted)|"
        r"(?:drones?|artillery|missiles?|rockets?)\s+(?:\w+\s+){0,2}(?:target|hit|pound|strike)s?\b|"
        r"(?:hit|hits|targeted|targeting|attacked)\s+(?:\w+\s+){0,5}with\s+(?:\w+\s+){0,2}"
        rf"{_ARMS}|used\s+{_W}{{0,4}}(?:missiles|rockets|ATACMS|HIMARS))",
        re.I,
    ),
    "repelled_attack": re.compile(
        r"\b(?:repel(?:led|ling|s)?|repuls(?:ed|ing)|halted|thwart(?:ed|ing)|fought\s+off|"
        r"fighting\s+off|held\s+(?:\w+\s+){0,2}back|"
        r"beat(?:en)?\s+back|foiled|stopped\s+(?:the\s+|their\s+)?(?:advance|attack|push)|"
        r"(?:were|was|been|being)\s+(?:pushed|driven|forced|beaten)\s+back|prevented\s+(?:\w+\s+){0,3}from\s+advancing|"
        r"stopped\s+(?:\w+\s+){0,3}(?:attempts?|advances?|attacks?|push|assaults?)|"
        r"(?:had|has|have|was|were)\s+been\s+(?:stopped|blocked|contained))\b",
        re.I,
    ),
    "territorial_claim": re.compile(
        r"\b(?:(?:took|taken|take|taking|seized?|seizing|gained|gaining|establish(?:ed|ing))\s+"
        r"(?:full\s+|effective\s+)?control|"
        r"(?:captur(?:ed|ing)|seiz(?:ed|ing)|recaptur(?:ed|ing)|retook|retaken|retak(?:e|ing)|"
        r"regain(?:ed|ing)?|liberat(?:ed|ing)|took|taken)\s+"
        r"(?!part\b|place\b|prisoners?\b|to\b|into\b|by\b|from\b|away\b|captive\b|hostage)"
        r"(?:[\w,-]+\s+){0,3}(?:[A-Z]|villages?|towns?|settlements?|"
        r"hamlets?|positions?|territory|ground|square|sq|areas?|parts?|chunk|swathe|districts?|"
        r"heights|outskirts|control)|"
        r"(?:now\s+)?(?:controls?|controlled|controlling|holds?|held|holding)\s+"
        r"(?:about\s+|more\s+than\s+|some\s+|over\s+|nearly\s+|around\s+|almost\s+)?[\d,]+|"
        r"(?:made|making|make|reported|claimed|announced)\s+(?:\w+\s+){0,2}"
        r"(?:gains|advances|progress)|under\s+(?:[\w’'-]+\s+)?control)",
    ),
    "ground_assault": re.compile(
        r"\b(?:launch(?:ed|ing)?\s+(?:\w+\s+){0,3}(?:attacks?|offensive|incursion|assaults?|"
        r"counter-?offensive|counter-?attacks?|push|raid)|attack(?:ed|ing)\b(?!\s+\w+\s+with)|"
        r"assault(?:ed|ing)\b|storm(?:ed|ing)\b|advanc(?:ed|ing)\b|"
        r"push(?:ed|ing)\s+(?:[\w.()]+\s+){0,5}?(?:into|deeper|further|forward|towards?|across)\b|"
        r"(?:crossed|crossing|entered|poured)\s+(?:into|the\s+border|the\s+frontier)|"
        r"broke\s+through|counter-?attack(?:ed|ing|s)?\b|counter-?offensive\b|incursion\s+into|"
        r"offensive\s+(?:in|on|against|towards?)\b|infiltrat(?:ed|ing)|"
        r"(?:heavy|fierce|intense)\s+fighting|fighting\s+(?:continued|raged|in|near|around)\b|"
        r"clash(?:ed|es)\b|new\s+attacks?\b|fighting\s+(?:was\s+|is\s+|has\s+been\s+)?continu|"
        r"fighting\s+(?:remained|was|is)\s+(?:heavy|intense|fierce)|"
        r"(?:pushed|drove|driven)\s+(?:[\w’'-]+\s+){1,3}back\b|"
        r"stepped\s+up\s+(?:\w+\s+){0,2}(?:attacks|assaults|offensive|pressure)|"
        r"committed\s+(?:\w+\s+){0,3}(?:battalions|brigades|troops|units|forces|reserves)|took\s+part\s+in\s+(?:the\s+)?(?:attack|assault|"
        r"offensive|incursion)|(?:attack|offensive|incursion|assault)\s+(?:which\s+\w+\s+\w+\s+)?"
        r"(?:began|started)\b|(?:attacks?|assaults?)\s+(?:on|towards?|near|in)\s+(?-i:[A-Z]))",
        re.I,
    ),
    "evacuation": re.compile(
        r"\b(?:evacuat(?:ed|ing|ion|ions|e)|fled|fleeing|moved\s+out|left\s+their\s+homes|"
        r"(?:were|been|was)\s+displaced|displaced\s+(?:more|about|over|some|\d)|resettled|"
        r"(?:buses|trains)\s+(?:\w+\s+){0,3}(?:sent|laid\s+on|organi[sz]ed|arranged)|relocat(?:ed|ing|ion)|tak(?:e|ing)\s+(?:\w+\s+){0,2}out\s+of|(?:mov(?:e|ed|ing)|taken)\s+(?:\w+\s+){0,2}"
        r"away\s+from|ordered\s+(?:\w+\s+){0,4}to\s+leave)\b",
        re.I,
    ),
    "casualties": re.compile(
        r"\b(?:killed|wounded|injured|killing|wounding|injuring|dead\b|died|casualties|"
        r"death\s+toll|losses\b|"
        r"lost\s+(?:about\s+|more\s+than\s+|up\s+to\s+|some\s+)?(?:[\d,]+|dozens\s+of|"
        r"hundreds\s+of|thousands\s+of|scores\s+of)\s+(?:\w+\s+)?"
        r"(?:soldiers|troops|servicemen|men|fighters))",
        re.I,
    ),
    "reinforcement": re.compile(
        r"\b(?:reinforcements?|reinforc(?:ed|ing)|"
        r"bring(?:ing)?\s+up\s+(?:\w+\s+)?(?:reserves|reinforcements|troops)|"
        r"(?:sent|send|sending|deployed|deploying|deploy|redeployed|redeploying|transferred|"
        r"transferring|moved|moving|massing|massed|brought\s+in|bringing\s+in)\s+(?:\w+\s+){0,4}"
        r"(?:troops|soldiers|units|forces|brigades?|reserves|servicemen|reinforcements|marines|"
        r"paratroopers|reservists|conscripts|fighters|special\s+forces)|"
        r"(?:troops|soldiers|units|forces)\s+(?:\w+\s+){0,3}(?:were|have\s+been|had\s+been|"
        r"are\s+being)\s+(?:deployed|sent|moved|transferred))",
        re.I,
    ),
    "infrastructure_damage": re.compile(
        rf"\b(?:(?:destroy(?:ed|ing)?|damag(?:ed|ing|e)|blew\s+up|blown\s+up|knocked\s+out|hit)\s+"
        rf"{_W}{{0,4}}{_SITES}|{_SITES}\s+{_W}{{0,3}}(?:was|were|had\s+been|has\s+been|have\s+been)"
        r"\s+(?:\w+\s+)?(?:destroyed|damaged|hit|struck|knocked\s+out)|power\s+outages?|blackouts?|"
        r"(?:caused|sparked|started|triggered)\s+(?:a\s+)?(?:\w+\s+)?fires?|fires?\s+broke\s+out)",
        re.I,
    ),
    "other": re.compile(
        r"\b(?:air[-\s]raid\s+alerts?|state\s+of\s+emergency|(?:federal|regional)\s+emergency|"
        r"emergency\s+(?:regime|situation)|counter-?terror(?:ist|ism)\s+(?:operation|regime)|"
        r"martial\s+law|curfew|prisoners?\s+(?:swap|exchange)|cease-?fire|truce|"
        r"(?:replaced|dismissed|appointed|sacked|fired|named)\s+(?:[\w’'-]+\s+){0,4}(?:governor|"
        r"commander|minister|chief|head|mayor)|"
        r"(?:met|meets|received|hosted)\s+(?:[\w’'-]+\s+){0,4}(?:minister|president|leader|"
        r"delegation|envoy|counterpart)|"
        r"(?:captured|taken\s+prisoner|surrendered)\s+(?:\w+\s+){0,4}"
        r"(?:soldiers|troops|servicemen|fighters|prisoners))",
        re.I,
    ),
}
# Literal stems that every match of a trigger contains (lower case). A sentence holding none of
# a type's stems skips that type's slower pattern: plain substring tests cost next to nothing.
_STEMS: dict[str, tuple[str, ...]] = {
    "interception": ("intercept", "shot down", "downed", "destroyed", "neutrali", "air defen"),
    "strike": (
        "pound", "shell", "bomb", "struck", "strik", "fired", "firing", "launch", "missile",
        "drone", "rocket", "artillery", "air", "shooting", "hit", "target", "attacked", "used",
        "command post", "base", "headquarters", "position", "depot",
    ),
    "repelled_attack": (
        "repel", "repuls", "halted", "thwart", "fought off", "fighting off", "beat", "foiled",
        "stopped", "back",
        "prevented", "been",
    ),
    "territorial_claim": (
        "control", "captur", "seiz", "retook", "retak", "regain", "liberat", "took", "taken",
        "hold", "held", "gains", "advances", "progress",
    ),
    "ground_assault": (
        "launch", "attack", "assault", "storm", "advanc", "push", "cross", "enter", "poured",
        "broke", "counter", "incursion", "offensive", "infiltrat", "fighting", "clash",
        "began", "started", "committed", "back", "stepped up",
    ),
    "evacuation": (
        "evacuat", "fled", "fleeing", "moved", "left", "displaced", "resettled", "relocat",
        "taking", "take", "away", "leave", "buses", "trains",
    ),
    "casualties": ("kill", "wound", "injur", "dead", "died", "casualt", "toll", "loss", "lost"),
    "reinforcement": (
        "reinforc", "bring", "sent", "send", "deploy", "transferr", "mov", "mass", "brought",
    ),
    "infrastructure_damage": (
        "destroy", "damag", "blew", "blown", "knocked", "hit", "struck", "outage", "blackout",
        "fire",
    ),
    "other": (
        "raid", "emergency", "terror", "martial", "curfew", "prisoner", "cease", "truce",
        "captured", "surrender", "met", "meets", "received", "hosted", "replaced", "dismissed",
        "appointed", "sacked", "fired", "named",
    ),
}  # fmt: skip
BATTLE = ("repelled_attack", "territorial_claim", "ground_assault")  # one per clause, in order
BATTLEFIELD = {
    "strike", "interception", "ground_assault", "territorial_claim", "repelled_attack",
    "casualties", "reinforcement", "infrastructure_damage",
}  # fmt: skip
ACLED: dict[str, tuple[str, str]] = {
    "strike": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "interception": ("Strategic developments", "Disrupted weapons use"),
    "ground_assault": ("Battles", "Armed clash"),
    "territorial_claim": ("Battles", "Armed clash"),
    "repelled_attack": ("Battles", "Armed clash"),
    "evacuation": ("Strategic developments", "Other"),
    "statement": ("Strategic developments", "Other"),
    "reinforcement": ("Strategic developments", "Change to group/activity"),
    "casualties": ("Battles", "Armed clash"),
    "infrastructure_damage": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "other": ("Strategic developments", "Other"),
}

# ---- attribution ----------------------------------------------------------------------------
_SPEECH = (
    r"(?:said|says|say|told|added|claimed|reported|announced|stated|wrote|"
    r"posted|warned|insisted|denied|confirmed|acknowledged|estimated|called|accused|vowed|noted|"
    r"alleged|assessed|believes|declared|condemned|described|promised)"
)
_EVALUATIVE = {
    "called",
    "accused",
    "warned",
    "vowed",
    "denied",
    "condemned",
    "described",
    "promised",
}
_NEGATED = re.compile(
    r"\b(?:not|no|never|without|denied|n[’']t|could|might|may)\b[^.;]{0,60}$", re.I
)
_CAVEAT = re.compile(
    r"(?:could\s+not|couldn[’']t|cannot|can[’']t|(?:was|were|has|have)\s+(?:not\s+been|not|been\s+un)"
    r"\s*able\s+to|(?:was|were)\s+unable\s+to|unable\s+to|did\s+not)\s+"
    r"(?:immediately\s+|independently\s+|yet\s+)*(?:verify|confirm)",
    re.I,
)
_TRAILING = re.compile(
    rf"(?:,|”|\")\s*(?P<who>[^,“”\"]{{2,140}}?)\s+(?P<verb>{_SPEECH})\b"
    r"(?P<rest>\s+(?:on|in|at|late|early|earlier|later|last|this|during|after|via|citing|"
    r"according|overnight|yesterday|today)\b[^,“”\"]{0,40})?[.”\"]*\s*$"
)
_TRAILING_INVERTED = re.compile(
    r",\s*(?:said|says|added|according\s+to)\s+(?P<who>[^,.]{2,140})(?:,[^.]*)?[.”\"]*\s*$"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>[^,.;]{2,120})", re.I)
_POSSESSIVE_CLAIM = re.compile(
    r"(?P<who>\b(?:[A-Z][\w.-]*|the)(?:\s+[\w.-]+){0,3}?)(?:’s|'s)\s+(?:assertions?|claims?|"
    r"statements?|accounts?|"
    r"reports?|assessment)\s+that\b"
)
_LEADING = re.compile(
    rf"(?:(?:as|while|although|though|but|and|after|when|because|since|whereas|where|which|"
    rf"who)\s+)?"
    rf"(?P<who>(?:[A-Z]|the\b|a\b|an\b|its\b|his\b|her\b|their\b)[^;:]{{0,160}}?)\s+"
    rf"(?:(?:also|later|earlier|previously|separately|again|had|has|have)\s+)?"
    rf"(?P<verb>{_SPEECH}|put(?=\s+(?:\w+\s+){{0,3}}(?:losses|casualties|toll|number|figures?)\b))\b"
)
_ROLE = re.compile(
    r"\b(?:governor|mayor|head|officials?|authorities|administration|emergency|police|"
    r"ministry|military|army|commander|spokes(?:man|woman|person)|chief|president)\b",
    re.I,
)
_LIST_GOES_ON = re.compile(
    r"^(?:Among\s+(?:them|those|these|the\s+\w+)|(?:They|These|Those)\s+(?:included|include|were))\b"
)
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|one|another|one of them)$", re.I)
# An unnamed body ("the defence ministry", "the SBU") most likely belongs where the story is filed.
_INSTITUTION = re.compile(
    r"\b(?:ministry|committee|service|agency|staff|military|army|command|office|council|"
    r"administration|authorities|officials?|[A-Z]{3,})\b"
)
_LOCAL_ROLE = re.compile(
    r"\b(?:governor|mayor|regional|local|district|emergency\s+services|administration)\b", re.I
)
_QUOTE_START = re.compile(r"^\s*[“\"]")
_CLAUSE_BREAK = re.compile(
    r";\s+|\s+—\s+|,\s+(?=(?:as|while|although|though|but|whereas|after|before|when|since|"
    r"because|even\s+as|which|who|where|giving|leaving|forcing|killing|striking|including|"
    r"(?:a|an|one|two|three|four|five|six|seven|\d+)\s+(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier))\b)|\s+(?=(?:while|since)\s)|,?\s+and\s+(?=that\b|(?:the|its|their|it|they|[A-Z])[^,]{0,60}?\b"
    r"(?:were|was|had|have|has|said)\b)"
)


@dataclass
class Attribution:
    """Who claims what in a sentence: their words as written, their side, and where they claim."""

    who: str
    side: str
    start: int  # span of the attribution phrase in the sentence
    end: int
    trailing: bool  # the claim comes before it ("..., X said.")
    inherited: bool = False
    verb: str = ""
    embedded: bool = False  # "the town that Ukraine's army says it has captured"
    scope_end: int = 10**9  # a leading attribution covers its own clause and what continues it


@dataclass
class _Trigger:
    start: int  # in the clause
    text: str  # the phrase that gave the event type; empty for statements and list items


@dataclass
class _Clause:
    start: int
    end: int
    text: str


@dataclass
class _Story:
    article_id: str
    text: str
    day: date | None
    outlet: str
    caveat: str | None
    last_type: str | None = None
    home: str | None = None  # the side of the dateline's country
    sides_by_head: dict[str, str] = field(default_factory=dict)


def extract_events(articles: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Suggested events for every usable article (`schema.EVENTS`), one or more per sentence.

    Articles whose status is not ok, or whose language is not English, get no suggestions;
    `skipped(articles)` says why.

    Example:
        >>> import helpers
        >>> arts = helpers.load_stories(["(Reuters) - Kyiv said on Tuesday it had taken control "
        ...                              "of 74 settlements in Kursk."], story_date="2024-08-14")
        >>> ev = helpers.extract_events(arts)
        >>> ev[["event_type", "claimant_side", "quantity", "unit"]].values.tolist()
        [['territorial_claim', 'Ukraine', 74.0, 'settlements']]
        >>> str(ev.loc[0, "event_date"].date())
        '2024-08-13'
    """
    usable = articles[_usable(articles)]
    if sentences is None:
        sentences = split_sentences(usable)
    rows: list[dict[str, Any]] = []
    by_article = {aid: grp for aid, grp in sentences.groupby("article_id", sort=False)}
    for art in usable.itertuples(index=False):
        grp = by_article.get(art.article_id)
        if grp is None:
            continue
        rows.extend(_article_events(art, grp))
    return schema.validate(schema.build(rows, "events"), "events")


def skipped(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles that get no suggestions, with the reason in `reason`."""
    reasons = []
    for art in articles.itertuples(index=False):
        if art.status != "ok":
            reasons.append((art.article_id, f"not loaded ({art.status}): {art.error}"))
        elif not isinstance(art.text, str) or not art.text.strip():
            reasons.append((art.article_id, "no text"))
        elif isinstance(art.language, str) and art.language != "en":
            reasons.append((art.article_id, f"written in {art.language!r}; rules are for English"))
    return pd.DataFrame(reasons, columns=["article_id", "reason"]).astype("str")


def _usable(articles: pd.DataFrame) -> pd.Series:
    text_ok = articles["text"].fillna("").str.strip().str.len() > 0
    lang_ok = articles["language"].isna() | (articles["language"] == "en")
    return (articles["status"] == "ok") & text_ok & lang_ok


def _article_events(art: Any, sentences: pd.DataFrame) -> list[dict[str, Any]]:
    published = art.published
    story = _Story(
        article_id=art.article_id,
        text=art.text,
        day=None if pd.isna(published) else published.date(),
        outlet=art.agency if isinstance(art.agency, str) else (art.outlet or "reporter"),
        caveat=_story_caveat(art.text, art.agency, art.outlet),
        home=_place_side(art.dateline.title()) if isinstance(art.dateline, str) else None,
    )
    rows: list[dict[str, Any]] = []
    previous: tuple[int, list[Attribution]] = (-1, [])
    last_named: Attribution | None = None
    for sent in sentences.itertuples(index=False):
        clauses = _clauses(sent.text)
        sides = find_sides(sent.text)
        attributions = _attributions(sent.text, clauses)
        for a in attributions:
            if _PRONOUN.match(a.who):
                before = [m for m in sides if m.end <= a.start]
                if before:  # "Pro-Kremlin channels published what they said were ..."
                    a.side = before[0].side
                    a.who = sent.text[: a.start].split(" published")[0].strip()[:80]
                elif last_named is not None:  # "He said" -> the main speaker before
                    a.who, a.side = last_named.who, last_named.side
        named = [a for a in attributions if not _PRONOUN.match(a.who)]
        if named:
            last_named = named[0]
        opener = [m for m in sides if m.end <= 40]
        last = previous[1][-1] if previous[1] else None
        if (
            not attributions
            and last is not None
            and previous[0] == sent.paragraph_idx
            and not (opener and opener[0].side in OPPOSITE and opener[0].side != last.side)
        ):
            # reported speech runs on into the next sentence of the same paragraph
            attributions = [Attribution(last.who, last.side, 0, 0, False, inherited=True)]
        for a in attributions:
            head = a.who.split()[-1].lower() if a.who.split() else ""
            if not a.side:
                # "the ministry" -> the ministry named before; "its regional governor" -> the
                # side of the place the sentence is about
                a.side = (
                    story.sides_by_head.get(head)
                    or (_place_side(sent.text) if _LOCAL_ROLE.search(a.who) else None)
                    or (story.home if _INSTITUTION.search(a.who) else None)
                    or "other"
                )
            elif a.side not in ("other", "reporter") and head:
                story.sides_by_head[head] = a.side
        events = _sentence_events(sent, story, attributions, clauses, sides)
        if events:
            story.last_type = next(
                (e["event_type"] for e in events if e["event_type"] != "statement"), story.last_type
            )
        rows.extend(events)
        previous = (
            sent.paragraph_idx,
            [a for a in attributions if not a.inherited]
            or (list(attributions) if not _QUOTE_START.match(sent.text) else []),
        )
    return rows


_REPORTER = re.compile(
    r"^(?:Reuters|AP|AFP|The\s+AP|The\s+Associated\s+Press|Associated\s+Press|Agence\s+"
    r"France-Presse|the\s+news\s+agency|We|we|It|it|[Tt]he\s+outlet)$"
)


def _story_caveat(text: str, agency: Any, outlet: Any) -> str | None:
    """The story's own "could not independently verify" sentence, if it has one."""
    names = {n for n in (agency, outlet) if isinstance(n, str)}
    for m in _CAVEAT.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()].split()
        for n in (1, 2, 3, 4):  # "Reuters", "The AP", "The Associated Press"
            who = " ".join(before[-n:])
            if _REPORTER.match(who) or who in names:
                return text[m.start() - len(who) - 1 : m.end()].strip()
    return None


def _attributions(sentence: str, clauses: list[_Clause]) -> list[Attribution]:
    found: list[Attribution] = []

    def add(who: str, start: int, end: int, trailing: bool, verb: str = "") -> None:
        who = _trim_who(who)
        if not who or any(a.start <= start < a.end for a in found):
            return
        side = _claimant_side(who)
        embedded = bool(re.search(r"\b(?:that|which|who|whom|what)\s*$", sentence[:start]))
        found.append(
            Attribution(who, side or "", start, end, trailing, verb=verb.lower(), embedded=embedded)
        )

    for m in _ACCORDING.finditer(sentence):
        add(m["who"], m.start(), m.end(), trailing=m.start() > len(sentence) / 2)
    inverted = _TRAILING_INVERTED.search(sentence)
    if inverted:
        add(inverted["who"], inverted.start(), inverted.end(), trailing=True)
    trail = _TRAILING.search(sentence)
    if trail and not _QUOTE_START.match(trail["who"]):
        add(trail["who"], trail.start("who"), trail.end(), trailing=True, verb=trail["verb"])
    for poss in _POSSESSIVE_CLAIM.finditer(sentence):
        add(poss["who"], poss.start("who"), poss.end(), trailing=False)
    for i, clause in enumerate(clauses):
        lead = _LEADING.match(clause.text.lstrip(" ,"))
        if lead is None:
            continue
        mid = _MID.search(lead["who"])
        offset = clause.start + len(clause.text) - len(clause.text.lstrip(" ,"))
        who_at = offset + lead.start("who")
        if mid:
            head, who = mid.groups()
            who_at += len(head)
            add(who, who_at, offset + lead.end(), trailing=True, verb=lead["verb"])
        else:
            add(lead["who"], who_at, offset + lead.end(), trailing=False, verb=lead["verb"])
        if found and found[-1].start == who_at:
            found[-1].scope_end = _scope_end(clauses, i)
    return sorted(found, key=lambda a: a.start)


# "Ukrainian forces launched new attacks ..., Russia's defence ministry said": the claim comes first
_MID = re.compile(r"^(?P<head>(?=(?:\S+\s+){5})[^,]*,\s+)(?P<who>(?:[A-Z]|the\b|its\b)[^,]{1,80})$")
_CONTINUES = re.compile(
    r"^[,\s]*(?:including|and|which|who|where|striking|killing|forcing|leaving|adding|"
    r"(?:but\s+|and\s+)?that|(?:but|and)\s+(?:also\s+)?(?:said|warned|added|claimed|noted|"
    r"insisted|acknowledged))\b"
)


def _scope_end(clauses: list[_Clause], i: int) -> int:
    """End of what a leading attribution in clause `i` covers: its clause and continuations."""
    end = clauses[i].end
    for clause in clauses[i + 1 :]:
        if not _CONTINUES.match(clause.text):
            break
        end = clause.end
    return end


def _trim_who(who: str) -> str:
    who = who.strip(" ,")
    who = re.sub(r"^(?:(?:and|but|as|while|although|though|after|when|that)\s+)+", "", who)
    # "Biden, in his first substantive comments," -> "Biden"
    who = re.sub(r",\s+(?:in|on|at|during|after|speaking|writing|citing)\b[^,]*,?$", "", who)
    if who.count("“") != who.count("”"):
        return ""
    who = re.sub(r"^(?:In|On|At|During|Speaking|Writing|Asked)\b[^,]*,\s*", "", who)
    # "The counterattack came a day after Russia" -> "Russia"
    who = re.split(r"\b(?:after|before|as|while|since|when|because|although|what)\s+", who)[-1]
    if re.search(r"\s(?:but|and)$", who):
        # "Ukraine's general staff gave no details of the operation but" -> its subject
        who = re.split(
            r",?\s+(?:gave|made|took|did|kept|offered|declined|refused|held|sent|met|[a-z]+ed)\b",
            who,
        )[0].strip(" ,")
    if re.search(r",\s*(?:having|being|after|before)$", who):
        return ""
    if re.match(r"(?:Neither|No\b|None|Nobody|No\s+one)", who):
        return ""  # "Neither Moscow nor Pyongyang has confirmed": nobody said it
    if who[:1].islower() and not re.match(
        r"(?:the|its|a|an|his|her|their|governor|officials|authorities|local|regional|acting|"
        r"deputy|former|senior|chief|state|military|defen[cs]e)\b",
        who,
    ):
        return ""
    if len(who.split()) > 25 or re.search(
        r"\b(?:were|was|had|have|has|is|are|not|did|does|will|would|could|can|came|began|"
        r"started|took|made|gave|went|got|kept|after|before)\b|n[’']t\b",
        who,
    ):
        return ""
    return who


def _claimant_side(who: str) -> str | None:
    """The side of a claimant from its own words: a name, or an official of a known place."""
    side = side_of(who)
    if side:
        return side
    if _LOCAL_ROLE.search(who):
        return _place_side(who)  # "Kursk's acting governor": the side of the place
    return None


def _place_side(text: str) -> str | None:
    for mention in find_places(text):
        if mention.place is not None and mention.place.country in COUNTRY_SIDES:
            return COUNTRY_SIDES[mention.place.country]
    return None


def _clauses(sentence: str) -> list[_Clause]:
    clauses, start = [], 0
    for m in _CLAUSE_BREAK.finditer(sentence):
        if m.start() > start:
            clauses.append(_Clause(start, m.start(), sentence[start : m.start()]))
        start = m.end() if m.group().strip() in (";", "—") else m.start()
    clauses.append(_Clause(start, len(sentence), sentence[start:]))
    return [c for c in clauses if c.text.strip()]


def _sentence_events(
    sent: Any,
    story: _Story,
    attributions: list[Attribution],
    clauses: list[_Clause],
    sides: list[SideMention],
) -> list[dict[str, Any]]:
    text: str = sent.text
    caveat = _CAVEAT.search(text) if "verify" in text or "confirm" in text else None
    if caveat and story.caveat and caveat.group() in story.caveat:
        return []  # the story's own caveat: it qualifies other events, it is not one
    dates = find_dates(text, story.day)
    places = find_places(text)
    quantities = find_quantities(text)
    claimant_spans = [(a.start, a.end) for a in attributions if not a.inherited]
    found: list[tuple[str, _Trigger, _Clause]] = []
    lower = text.lower()
    kinds = [kind for kind, stems in _STEMS.items() if any(stem in lower for stem in stems)]
    for clause in clauses:
        hits = {kind: m for kind in kinds if (m := TRIGGERS[kind].search(clause.text))}
        hits = {
            k: m
            for k, m in hits.items()
            if not _inside(clause.start + m.start(), claimant_spans)
            and not _NEGATED.search(clause.text[: m.start()])
        }
        if "interception" in hits:
            hits.pop("strike", None)
            if "destroyed" in hits["interception"].group().lower():
                hits.pop("infrastructure_damage", None)
        if "other" in hits and "territorial_claim" in hits:
            o, t = hits["other"], hits["territorial_claim"]
            if o.start() < t.end() and t.start() < o.end():  # "captured two soldiers"
                hits.pop("territorial_claim")
        battle = next((k for k in BATTLE if k in hits), None)
        for kind in BATTLE:
            if kind != battle:
                hits.pop(kind, None)
        if battle == "ground_assault" and re.search(
            r"drone|missile|rocket|air", hits["ground_assault"].group(), re.I
        ):
            hits.pop("ground_assault")
        for kind, m in hits.items():
            found.append((kind, _Trigger(m.start(), m.group()), clause))
    if not found and story.last_type and _LIST_GOES_ON.match(text):
        # "Among them was Snagost, ...": the sentence names more of the last event's objects
        found.append((story.last_type, _Trigger(0, ""), _Clause(0, len(text), text)))
    # A speaker whose words gave no event made a statement; so did one who "called", "warned"...
    covering = {id(_covering(attributions, clause.start + trig.start)) for _, trig, clause in found}
    speakers = [
        a for a in attributions
        if a.side != "reporter" and not a.inherited and not a.embedded
        and (id(a) not in covering or a.verb in _EVALUATIVE)
    ]  # fmt: skip
    whole = _Clause(0, len(text), text)
    events = []
    seen: dict[str, int] = {}
    for kind, trig, clause, attribution in [
        *((k, t, c, _covering(attributions, c.start + t.start)) for k, t, c in found),
        *(("statement", _Trigger(a.start, ""), whole, a) for a in speakers),
    ]:
        seen[kind] = seen.get(kind, 0) + 1
        events.append(
            _event_row(
                sent,
                story,
                kind,
                trig,
                clause,
                attribution,
                dates,
                places,
                quantities,
                sides,
                claimant_spans,
                seen[kind],
            )
        )
    return events


_SIDE_WORDS = {t for terms in SIDE_TERMS.values() for t in terms}


def _names_a_side(sentence: str, mention: PlaceMention) -> bool:
    """True for "Kyiv's troops", "Kyiv soldiers", "Washington is": a capital standing for a side."""
    name = re.sub(r"(?:’s|'s)$", "", mention.text)
    if name not in _SIDE_WORDS:
        return False
    after = sentence[mention.end :]
    before = sentence[: mention.start].rstrip().lower()
    if mention.text != name or re.match(r"(?:’s|'s)\b", after) or before.endswith(" with"):
        return True
    nxt = re.match(r"\s+([a-z]+)", after)
    return bool(nxt) and nxt.group(1) not in ("region", "oblast", "district", "and", "or")  # type: ignore[union-attr]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _covering(attributions: list[Attribution], pos: int) -> Attribution | None:
    trailing = [
        a for a in attributions if a.trailing and (a.start >= pos or a.end <= pos < a.scope_end)
    ]
    if trailing:
        return trailing[0]
    leading = [
        a for a in attributions if not a.trailing and ((a.end <= pos < a.scope_end) or a.inherited)
    ]
    if leading:
        return leading[-1]
    return None


def _event_row(
    sent: Any,
    story: _Story,
    kind: str,
    m: _Trigger,
    clause: _Clause,
    attribution: Attribution | None,
    dates: list[DatePhrase],
    places: list[PlaceMention],
    quantities: list[Quantity],
    sides: list[SideMention],
    claimant_spans: list[tuple[int, int]],
    ordinal: int,
) -> dict[str, Any]:
    trigger_at = clause.start + m.start
    trigger = m.text

    def in_clause(start: int, end: int) -> bool:
        return clause.start <= start and end <= clause.end

    said = f"{attribution.who} {attribution.verb}".strip() if attribution else ""
    evidence: dict[str, Any] = {"event_type": trigger or said}

    # date: the clause's own date phrase, else the one nearest the trigger in the sentence
    # a coarse date elsewhere in the sentence is usually background ("since ... in August")
    resolved = [d for d in dates if in_clause(d.start, d.end)] or sorted(
        (d for d in dates if d.precision in ("day", "week")),
        key=lambda d: abs(d.start - trigger_at),
    )
    when = resolved[0] if resolved else None
    if when:
        evidence["date"] = when.text

    # places in the clause (else the sentence), never inside the claimant's words
    free = [
        p for p in places
        if not _inside(p.start, claimant_spans) and not _names_a_side(sent.text, p)
    ]  # fmt: skip
    where = [p for p in free if in_clause(p.start, p.end)] or (free if kind != "statement" else [])
    if any(p.place is None or p.place.feature != "country" for p in where):
        # "Ukraine" is an actor here, not where it happened
        where = [p for p in where if p.place is None or p.place.feature != "country"]
    known = [p.place for p in where if p.place is not None]
    names = list(dict.fromkeys(p.text.removesuffix("’s").removesuffix("'s") for p in where))
    if names:
        evidence["places"] = names

    amount = (
        next((q for q in quantities if in_clause(q.start, q.end)), None)
        if kind != "statement"
        else None
    )
    if amount:
        evidence["quantity"] = amount.text

    claimant = attribution.who if attribution else story.outlet
    side = attribution.side if attribution else "reporter"
    if attribution:
        evidence["claimant"] = attribution.who

    # sides named in the clause, outside the claimant's own words: who acted, on whom
    here = [
        m for m in sides
        if clause.start <= m.start < clause.end and not _inside(m.start, claimant_spans)
    ]  # fmt: skip
    actor, actor_text, target_text = _actor(kind, here, side)
    if actor_text:
        evidence["actor"] = actor_text
    # "..., a claim Kyiv did not immediately confirm": a doubt about this sentence alone
    local = _CAVEAT.search(sent.text) if "confirm" in sent.text or "verify" in sent.text else None
    doubt = story.caveat if story.caveat else (local.group() if local else None)
    verified = False if (doubt and kind in BATTLEFIELD) else None
    if verified is False:
        evidence["verified"] = doubt

    confidence = 0.55 + 0.1 * bool(attribution and not attribution.inherited) + 0.1 * bool(when)
    confidence += 0.1 * bool(names) + 0.05 * bool(amount) - 0.15 * (kind == "statement")
    start = sent.char_start + (clause.start if kind != "statement" else 0)
    end = sent.char_start + (clause.end if kind != "statement" else len(sent.text))
    key = f"{story.article_id}:{sent.char_start}:{kind}:{ordinal}"
    acled = ACLED[kind]
    if kind == "territorial_claim" and re.search(r"\bre(?:took|taken|captur|gain)", trigger, re.I):
        acled = ("Battles", "Government regains territory")
    return {
        "event_id": hashlib.sha1(key.encode()).hexdigest()[:16],
        "article_id": story.article_id,
        "sentence_idx": sent.sentence_idx,
        "char_start": start,
        "char_end": end,
        "sentence": sent.text,
        "event_type": kind,
        "actor": actor,
        "actor_text": actor_text,
        "target": _target(kind, here, actor),
        "target_text": target_text,
        "claimant": claimant,
        "claimant_side": side,
        # a month or a year is kept as text and precision; the day column holds days only
        "event_date": when.day if when and when.day and when.precision in ("day", "week") else None,
        "date_precision": when.precision if when else None,
        "date_text": when.text if when else None,
        "places": names,
        "lat": known[0].lat if known else None,
        "lon": known[0].lon if known else None,
        "quantity": amount.value if amount else None,
        "quantity_high": amount.high if amount else None,
        "unit": amount.unit if amount else None,
        "quantity_text": amount.text if amount else None,
        "verified": verified,
        "confidence": round(min(confidence, 0.95), 2),
        "status": "suggested",
        "acled_event_type": acled[0],
        "acled_sub_event_type": acled[1],
        "evidence": evidence,
    }


def _actor(
    kind: str, here: list[SideMention], claimant_side: str
) -> tuple[str | None, str | None, str | None]:
    """(actor side, actor as written, target as written) from the sides named in the clause."""
    if kind in ("interception", "repelled_attack"):
        attacker = next((s for s in here if s.side in OPPOSITE), None)
        if attacker:
            return OPPOSITE[attacker.side], None, attacker.text
        side = claimant_side if claimant_side in OPPOSITE else None
        return side, None, None
    if kind == "statement":
        return (claimant_side if claimant_side != "reporter" else None), None, None
    first = here[0] if here else None
    if first:
        return first.ally or first.side, first.text, None
    if claimant_side in OPPOSITE and kind in BATTLEFIELD:
        return claimant_side, None, None
    return None, None, None


def _target(kind: str, here: list[SideMention], actor: str | None) -> str | None:
    """The side acted on: the first other warring side named in the clause."""
    other = next((s for s in here if (s.ally or s.side) != actor and s.side in OPPOSITE), None)
    if kind in ("interception", "repelled_attack") and here:
        other = next((s for s in here if s.side != actor), None)
    return (other.ally or other.side) if other else None
