"""Who claims what: attribution phrases in a sentence, their speaker, and the speaker's side.

Forms found: "..., X said [on Tuesday]", "..., said X", "according to X", "X's claims that",
"X said/told/claimed ...", "X quoted Y as saying", "..., citing X". A speaker's side comes from the
names in their words (profile and world layer); failing that from a title or pronoun pointing
back ("the ministry", "the president", "he"), an official of a named place, the outlet an unnamed
source spoke to ("a source told TASS"), or the country the story is filed from.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from helpers.extract.model import Attribution, Clause, gazetteer_for
from helpers.places import find_places
from helpers.profile import OTHER, Profile
from helpers.sides import find_sides, side_of

_CAVEAT = re.compile(
    r"(?:could\s+not|couldn[’']t|cannot|can[’']t|(?:was|were|has|have)\s+(?:not\s+been|not|"
    r"been\s+un)\s*able\s+to|(?:was|were)\s+unable\s+to|unable\s+to|did\s+not)\s+"
    r"(?:immediately\s+|independently\s+|yet\s+)*(?:verify|confirm)",
    re.I,
)
_ACCORDING = re.compile(r"\b(?:according\s+to|citing)\s+(?P<who>[^,.;]{2,120})", re.I)
_QUOTED = re.compile(
    r"(?P<outlet>\b(?:[A-Z]|the\b)[^,;]{0,60}?)\s+(?:quoted|cited)\s+(?P<who>[^,;]{2,120}?)"
    r"\s+as\s+saying\b"
)
# "Spokesman Nasser Kanaani was quoted by the official IRNA news agency as saying"
_QUOTED_PASSIVE = re.compile(
    r"(?P<who>\b(?:[A-Z]|the\b)[^,;]{1,100}?)\s+was\s+quoted\s+(?:by\s+(?P<outlet>[^,;]{2,80}?)\s+)?"
    r"as\s+saying\b"
)
_POSSESSIVE_CLAIM = re.compile(
    r"(?P<who>\b(?:[A-Z][\w.-]*|the)(?:\s+[\w.-]+){0,3}?)(?:’s|'s)\s+(?:assertions?|claims?|"
    r"statements?|accounts?|reports?|assessment)\s+that\b"
)
_LIST_GOES_ON = re.compile(
    r"^(?:Among\s+(?:them|those|these|the\s+\w+)|(?:They|These|Those)\s+(?:included|include|were))\b"
)
PRONOUN = re.compile(r"^(?:he|she|they|it|we|one|another|one of them)$", re.I)
# A speaker named by a title alone: "the ministry", "the regional governor", "the president".
TITLE_ONLY = re.compile(
    r"^(?:the|its|his|her|their)\s+(?:[a-z-]+\s+){0,3}(?P<head>president|governor|mayor|ministry|"
    r"minister|military|army|spokes(?:man|woman|person)|commander|chief|agency|office|council|"
    r"command|government|authorities|group|movement|militia|force|forces|official|source|staff|"
    r"service|services|committee|administration|headquarters|police|guard|navy|paramilitaries|"
    r"paramilitary|rebels|centcom)$"
)
# An unnamed body ("the defence ministry", "the SBU") most likely belongs where the story is filed.
INSTITUTION = re.compile(
    r"\b(?:(?i:ministry|committee|service|services|agency|staff|military|army|command|office|"
    r"council|administration|authority|authorities|officials?|government|police|commission|"
    r"presidency|air\s+force|navy)|[A-Z]{3,})\b"
)
# People who saw or tended, not who fight: "witnesses in Sanaa", "local sources", "medics".
WITNESSES = re.compile(
    r"\b(?:witnesses|witness|eyewitnesses|residents|locals|local\s+sources|activists|medics|"
    r"rescuers|survivors|doctors|nurses|paramedics|emergency\s+response\s+rooms?|"
    r"resistance\s+committees?|monitors?|relatives|families|rescue\s+(?:groups?|teams?|workers?)|"
    r"volunteer\s+groups?|civil\s+society|medical\s+sources?)\b",
    re.I,
)
# Fighters named by what they are: "an insurgent group in Myanmar" is not Myanmar's state.
ARMED = re.compile(
    r"\b(?:rebels?|militants?|insurgents?|insurgent\s+group|rebel\s+group|armed\s+group|"
    r"jihadists?|militias?|paramilitar(?:y|ies))\b",
    re.I,
)
# Companies and their managers speak for no side, whatever country they are from ("the ship's
# Greek manager", "Japan's Nippon Yusen Kaisha"); a state company does ("the state grid operator").
COMPANY = re.compile(
    r"^(?!.*\bstate\b).*\b(?:managers?|owners?|operators?|charterers?|company|companies|firm|"
    r"insurers?|airlines?|Kaisha|K\.K\.|Ltd|Inc|PLC|GmbH)\b",
    re.I,
)
LOCAL_ROLE = re.compile(
    r"\b(?:governor|mayor|regional|local|district|emergency\s+services|administration)\b", re.I
)
_APPOSITIVE = re.compile(
    r",\s*(?P<who>(?:the|a|an|[A-Z])[^,“”\"]{2,100},\s*[A-Z][^,“”\"]{2,60}),\s+"
    r"(?P<verb>said|says|added|told\s+[A-Z]\w+|wrote|stated)\b[^,“”\"]{0,60}[.”\"]*\s*$"
)
# Words in -ed that do belong in a speaker's name.
_ED_NOUNS = {"armed", "based", "unnamed", "unidentified", "retired", "elected", "appointed",
             "united", "detained", "wounded", "displaced", "exiled", "concerned", "related",
             "allied", "backed", "led", "informed", "qualified", "affiliated", "self-styled",
             "embedded", "assigned", "accredited", "named", "reached", "contacted",
             "interviewed"}  # fmt: skip
_TOLD = re.compile(
    r"^\s*(?:told|tells)\s+(?P<outlet>(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})"
)
_QUOTE_START = re.compile(r"^\s*[“\"]")
_REPORTER = re.compile(
    r"^(?:Reuters|AP|AFP|The\s+AP|The\s+Associated\s+Press|Associated\s+Press|Agence\s+"
    r"France-Presse|the\s+news\s+agency|the\s+agency|We|we|It|it|[Tt]he\s+outlet)$"
)
# "Ukrainian forces launched new attacks ..., Russia's defence ministry said": the claim first
_MID = re.compile(r"^(?P<head>(?=(?:\S+\s+){5}).*,\s+)(?P<who>[A-Za-z][^,]{1,80})$")
_CONTINUES = re.compile(
    r"^[,\s]*(?:including|and|which|who|where|striking|killing|forcing|leaving|adding|wounding|"
    r"(?:but\s+|and\s+)?that|(?:but|and)\s+(?:also\s+)?(?:said|warned|added|claimed|noted|"
    r"insisted|acknowledged))\b"
)
# Words that are never a speaker, however the sentence is cut.
_NOT_SPEAKER = re.compile(
    r"^(?:Some|Others|Many|But|And|On\s+\w+|In\s+\w+|Neither|No\b|None|Nobody|No\s+one|"
    r"the\s+regional\s+capital|the\s+capital|the\s+city|the\s+town|the\s+village)\b.*$|"
    r"^(?:But|And|On\s+\w+)\s+(?:he|she|it|they)$"
)


@lru_cache(maxsize=16)
def _patterns(verbs: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The attribution patterns for a lexicon's speech verbs: trailing, inverted, leading."""
    speech = "(?:" + "|".join(sorted(verbs, key=len, reverse=True)) + ")"
    trailing = re.compile(
        rf"(?:,|”|\")\s*(?P<who>[^,“”\"]{{2,140}}?)\s+(?:has\s+|have\s+|had\s+)?(?P<verb>{speech})\b"
        r"(?P<rest>\s+(?:on|in|at|late|early|earlier|later|last|this|during|after|via|citing|"
        r"according|overnight|yesterday|today|to|reporters|journalists)\b[^,“”\"]{0,60}|"
        r"\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}(?:\s+(?:on|in)\b[^,“”\"]{0,40})?)?"
        r"(?P<tail>,\s+(?:[a-z]+ing|the|a|an|which|in|as|after|amid|despite)\b[^“”\"]{0,200}?)?"
        r"[.”\"]*\s*$"
    )
    inverted = re.compile(
        r",\s*(?:said|says|added|adds|wrote|writes|according\s+to)\s+(?P<who>[^,.]{2,140})"
        r"(?:,[^.]*)?[.”\"]*\s*$"
    )
    leading = re.compile(
        r"(?:(?:as|while|although|though|but|and|after|when|because|since|whereas|where|which|"
        r"who)\s+)?"
        r"(?P<who>(?:[A-Z]|the\b|a\b|an\b|its\b|his\b|her\b|their\b)[^;:]{0,160}?)\s+"
        r"(?:(?:also|later|earlier|previously|separately|again|had|has|have|publicly|"
        r"reportedly)\s+)?"
        rf"(?P<verb>{speech}|put(?=\s+(?:\w+\s+){{0,3}}(?:losses|casualties|toll|number|figures?)\b))\b"
        r"(?!\s+by\b)"  # "video posted by soldiers": passive, not a speaker
    )
    return trailing, inverted, leading


def story_caveat(text: str, agency: Any, outlet: Any) -> str | None:
    """The story's own "could not independently verify" sentence, if it has one."""
    names = {n for n in (agency, outlet) if isinstance(n, str)}
    for m in _CAVEAT.finditer(text):
        before = text[max(0, m.start() - 60) : m.start()].split()
        for n in (1, 2, 3, 4):  # "Reuters", "The AP", "The Associated Press"
            who = " ".join(before[-n:])
            if _REPORTER.match(who) or who in names:
                return text[m.start() - len(who) - 1 : m.end()].strip()
    return None


def local_caveat(sentence: str) -> str | None:
    """A doubt about this sentence alone: "..., a claim Kyiv did not immediately confirm"."""
    if "confirm" not in sentence and "verify" not in sentence:
        return None
    m = _CAVEAT.search(sentence)
    return m.group() if m else None


def attributions(sentence: str, clauses: list[Clause], profile: Profile) -> list[Attribution]:
    """Every attribution phrase of `sentence`, in order, with its speaker's side where named."""
    trailing, inverted_re, leading = _patterns(profile.lexicon.speech_verbs)
    found: list[Attribution] = []

    def add(who: str, start: int, end: int, trailing: bool, verb: str = "",
            verb_at: int | None = None) -> Attribution | None:  # fmt: skip
        raw, who = who, trim_who(who)
        if who and raw.rfind(who) > 0:
            start += raw.rfind(who)  # the speaker starts where the trimmed words do
        if not who or any(a.start <= start < a.end for a in found):
            return None
        side = claimant_side(who, profile)
        if not side and raw.rfind(who) > 0:
            # "In Moscow, the defence ministry said": the capital before the speaker is theirs
            # "In Moscow," / "In Rwanda,": a capital or a country alone before the speaker
            prefix = raw[: raw.rfind(who)]
            seat = [m for m in find_sides(prefix, profile) if m.kind in ("capital", "country")]
            alone = re.match(r"^(?:In|From)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*,\s*$", prefix)
            side = seat[0].side if seat and alone else None
        told = _TOLD.match(sentence[verb_at:]) if not side and verb_at is not None else None
        embedded = bool(re.search(r"\b(?:that|which|who|whom|what)\s*$", sentence[:start]))
        found.append(
            Attribution(who, side or "", start, end, trailing, verb=verb.lower(), embedded=embedded,
                        told_side=_aligned(told["outlet"], profile) if told else None)
        )  # fmt: skip
        return found[-1]

    # cheap substring tests first: most sentences hold none of these forms
    quoting = "quoted" in sentence or "cited" in sentence
    for m in _QUOTED.finditer(sentence) if quoting else ():
        quoted = add(m["who"], m.start("who"), m.end(), trailing=False, verb="quoted")
        if quoted is not None and not quoted.side:
            quoted.side = _aligned(m["outlet"], profile) or ""
    for m in _QUOTED_PASSIVE.finditer(sentence) if quoting else ():
        quoted = add(m["who"], m.start("who"), m.end(), trailing=False, verb="quoted")
        if quoted is not None and not quoted.side and m["outlet"]:
            quoted.side = _aligned(m["outlet"], profile) or ""
    according = "ccording" in sentence or "citing" in sentence
    for m in _ACCORDING.finditer(sentence) if according else ():
        add(m["who"], m.start(), m.end(), trailing=m.start() > len(sentence) / 2)
    inverted = inverted_re.search(sentence)
    if inverted:
        add(inverted["who"], inverted.start(), inverted.end(), trailing=True)
    appositive = _APPOSITIVE.search(sentence)
    if appositive:  # "..., the head of the UN agency, Jorge Moreira da Silva, said."
        add(appositive["who"], appositive.start("who"), appositive.end(), trailing=True,
            verb=appositive["verb"], verb_at=appositive.start("verb"))  # fmt: skip
    trail = trailing.search(sentence)
    if trail and not _QUOTE_START.match(trail["who"]):
        # "..., the governor said, adding that ten drones were shot down": the tail is a claim
        end = trail.start("tail") if trail["tail"] else trail.end()
        add(trail["who"], trail.start("who"), end, trailing=True, verb=trail["verb"],
            verb_at=trail.start("verb"))  # fmt: skip
    possessive = "s " in sentence and "that" in sentence
    for poss in _POSSESSIVE_CLAIM.finditer(sentence) if possessive else ():
        add(poss["who"], poss.start("who"), poss.end(), trailing=False)
    for i in range(len(clauses)):
        _leading(sentence, leading, clauses, i, found, add)
    return sorted(found, key=lambda a: a.start)


def _leading(sentence: str, leading: re.Pattern[str], clauses: list[Clause], i: int,
             found: list[Attribution], add: Any) -> None:  # fmt: skip
    """A speaker at the head of clause `i` ("X said ..."), or at the end of its first part
    ("Drones hit Belgorod, the regional capital, overnight, Gladkov said")."""
    clause = clauses[i]
    lead = leading.match(clause.text.lstrip(" ,"))
    if (
        i
        and re.match(r"^[,\s]*(?:who|which)\s", clause.text)
        and (lead is None or not trim_who(lead["who"]))
    ):
        # "The source, who requested anonymity, told Xinhua": the speaker opens the clause before
        start = clauses[i - 1].start
        clause = Clause(start, clause.end, sentence[start : clause.end])
        lead = leading.match(clause.text.lstrip(" ,"))
    if lead is None or lead["verb"].lower() in ("quoted", "cited"):
        return  # "an agency quoted X as saying": the speaker is X, found above
    offset = clause.start + len(clause.text) - len(clause.text.lstrip(" ,"))
    who_at = offset + lead.start("who")
    verb_at = offset + lead.start("verb")
    if any(who_at <= a.start < verb_at for a in found):
        return  # a speaker inside this phrase was already found ("..., X said")
    mid = _MID.search(lead["who"])
    if mid:
        who_at += len(mid["head"])
        added = add(mid["who"], who_at, offset + lead.end(), trailing=True, verb=lead["verb"],
                    verb_at=verb_at)  # fmt: skip
    else:
        added = add(lead["who"], who_at, offset + lead.end(), trailing=False, verb=lead["verb"],
                    verb_at=verb_at)  # fmt: skip
    if added is not None:
        added.scope_end = _scope_end(clauses, i)
        if _THAT.match(sentence[offset + lead.end() :]) or _REPORTED.match(
            sentence[offset + lead.end() :]
        ):
            # "X told TASS that ...", "X said troops had ...": the rest is X's, up to a clause
            # that dates the claim against something else ("a week after ...", "which ...")
            for later in clauses[i + 1 :]:
                if _BACKGROUND_CLAUSE.match(later.text):
                    break
                added.scope_end = later.end


_THAT = re.compile(
    r"^\s*(?:(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}\s+|reporters\s+|"
    r"journalists\s+|on\s+\w+\s+|in\s+a\s+statement\s+)?that\b"
)


_BACKGROUND_CLAUSE = re.compile(
    r"^[,\s]*(?:(?:a|an|one|two|three|four|five|six|seven|\d+)\s+(?:day|week|month|year)s?\s+"
    r"(?:after|before|later|earlier)|which|since|more\s+than|almost|nearly)\b"
)
# Reported speech without "that": "the army said troops had moved ...".
_REPORTED = re.compile(
    r"^\s+(?:on\s+\w+\s+|in\s+a\s+statement\s+|late\s+on\s+\w+\s+)?(?:[^\s;]+\s+){1,5}?"
    r"(?:had|has|have|was|were|is|are|would|will)\b"
)


def _scope_end(clauses: list[Clause], i: int) -> int:
    """End of what a leading attribution in clause `i` covers: its clause and continuations."""
    end = clauses[i].end
    for clause in clauses[i + 1 :]:
        if not _CONTINUES.match(clause.text):
            break
        end = clause.end
    return end


def trim_who(who: str) -> str:
    """The speaker of an attribution phrase, trimmed; empty where it is no speaker at all."""
    who = who.strip(" ,")
    # "The DeepState project, which is close to Ukraine's military," -> "The DeepState project"
    who = re.sub(r",\s+(?:which|who)\s[^,]*(?:,|$)", "", who).strip(" ,")
    who = re.sub(
        r"^(?:(?:and|but|as|while|although|though|after|when|that)\s+)+", "", who, flags=re.I
    )
    # "Biden, in his first substantive comments," -> "Biden"
    who = re.sub(r",\s+(?:in|on|at|during|after|speaking|writing|citing)\b[^,]*,?$", "", who)
    if who.count("“") != who.count("”"):
        return ""
    who = re.sub(r"^(?:In|On|At|During|Speaking|Writing|Asked|Separately|Meanwhile|Later|"
                 r"Earlier|Also|Addressing|Briefing|Responding|Reacting|Commenting|"
                 r"Interviewed|Reporting)\b[^,]*,\s*", "", who)  # fmt: skip
    # "The counterattack came a day after Russia" -> "Russia"
    who = re.split(r"\b(?:after|before|as|while|since|when|because|although|what)\s+", who)[-1]
    if re.search(r"\s(?:but|and)$", who):
        # "Ukraine's general staff gave no details of the operation but" -> its subject
        who = re.split(
            r",?\s+(?:gave|made|took|did|kept|offered|declined|refused|held|sent|met|[a-z]+ed)\b",
            who,
        )[0].strip(" ,")
    # "On Saturday it", "But he": the pronoun is the speaker
    who = re.sub(r"^(?:But|And|Yet|So|Then|On\s+\w+|Later|Earlier|"
                 r"(?:In|At|During|On)\s+(?:its|his|her|their|a|an|the)\s+(?:[\w’'-]+\s+){0,3})"
                 r"\s*(?=(?:he|she|it|they|we)$)", "", who)  # fmt: skip
    # "The Security and Defence Council on Tuesday" -> "The Security and Defence Council"
    who = re.sub(r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                 r"yesterday|today|late\s+on\s+\w+)$", "", who)  # fmt: skip
    if re.search(r",\s*(?:having|being|after|before)$", who) or _NOT_SPEAKER.match(who):
        return ""
    if who[:1].islower() and not re.match(
        r"(?:the|its|a|an|his|her|their|he|she|it|they|we|two|three|four|five|several|"
        r"governor|officials|authorities|local|"
        r"regional|acting|deputy|former|senior|chief|state|military|defen[cs]e|security|"
        r"pro-|witnesses|residents|medics|sources|activists|rescuers|doctors)\b",
        who,
    ):
        return ""
    if any(w.lower() == w and w.endswith("ed") and "-" not in w and w not in _ED_NOUNS
           for w in who.split()[1:]):  # fmt: skip
        return ""  # "The RSF also shelled the city ...": a clause, not a speaker
    if len(who.split()) > 25 or re.search(
        r"\b(?:were|was|had|have|has|is|are|not|did|does|will|would|could|can|came|began|"
        r"started|took|made|gave|went|got|kept|after|before)\b|n[’']t\b",
        who,
    ):
        return ""
    return who


def claimant_side(who: str, profile: Profile) -> str | None:
    """The side of a claimant from its own words: a name, or an official of a known place;
    witnesses, residents, medics and local committees speak for no side."""
    if WITNESSES.search(who) or COMPANY.search(who):
        return OTHER
    if ARMED.search(who):
        groups = [m for m in find_sides(who, profile) if m.kind == "group"]
        return groups[0].side if groups else None  # the group the story names, see speakers
    side = side_of(who, profile)
    if side:
        return side
    if LOCAL_ROLE.search(who) or INSTITUTION.search(who):
        # "Kursk's acting governor", "the Interior Ministry in Gaza": the side holding the place
        return place_side(who, profile)
    return None


def place_side(text: str, profile: Profile) -> str | None:
    """The side holding the first place named in `text` (the profile's `held_by`), else the side
    of the place's country."""
    for name, holder in profile.held_by.items():
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w])", text):
            return holder
    for mention in find_places(text, gazetteer_for(profile)):
        if mention.place is not None and mention.place.country in profile.country_sides:
            return profile.country_sides[mention.place.country]
    return None


def _aligned(outlet: str, profile: Profile) -> str | None:
    """The side of an outlet with a known alignment (a state agency, a channel), else None."""
    mentions = find_sides(outlet, profile)
    return mentions[0].side if mentions else None


def reporter_voice(who: str) -> bool:
    """True where the speaker is the outlet itself ("Reuters", "the agency")."""
    return bool(_REPORTER.match(who))


__all__ = [
    "ARMED",
    "INSTITUTION",
    "LOCAL_ROLE",
    "PRONOUN",
    "TITLE_ONLY",
    "attributions",
    "claimant_side",
    "local_caveat",
    "place_side",
    "reporter_voice",
    "story_caveat",
    "trim_who",
]
LIST_GOES_ON = _LIST_GOES_ON
QUOTE_START = _QUOTE_START
