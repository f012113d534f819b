"""Who a speaker is and which side they speak for, across the sentences of a story: pronouns and
titles that point back, bodies named before, armed groups named last, an outlet's own staff,
unnamed bodies of the country the story is filed from."""

from __future__ import annotations

import re
from typing import Any

from helpers.extract.attribution import (
    ARMED,
    INSTITUTION,
    LOCAL_ROLE,
    PRONOUN,
    TITLE_ONLY,
    place_side,
)
from helpers.extract.model import Attribution, Story
from helpers.profile import OTHER, REPORTER, group_countries
from helpers.sides import find_sides
from helpers.wire import canonical_agency

# A speaker who belongs to someone named before: "the group's spokesman", "its military wing".
_BELONGS_BACK = re.compile(
    r"^(?:the\s+(?:group|movement|militia|organi[sz]ation|rebels|army|military|ministry|"
    r"force|forces|government|paramilitary|alliance)(?:’s|'s|’|')|its|their)\s",
    re.I,
)
# Bodies of a camp, a hospital or a charity speak for themselves, not for the state around them.
_CIVIL = re.compile(
    r"\b(?:camp|hospital|clinic|school|university|charity|aid|relief|rights|medical|doctors|"
    r"volunteers?|residents|committee\s+of)(?:’s|'s)?\b",
    re.I,
)
# A leader's title with no country named: the country the story is filed from, or fights in.
_LEADER = re.compile(
    r"\b(?:prime\s+minister|president|foreign\s+minister|defen[cs]e\s+minister|minister|"
    r"foreign\s+secretary|spokes(?:man|woman|person))\b",
    re.I,
)
_STAFF = re.compile(
    r"^(?:[Aa]n?\s+|[Tt]he\s+)?(?P<outlet>[A-Za-z][\w.-]*(?:\s+[A-Z][\w.-]*)?)(?:’s|'s)?\s+(?:own\s+)?"
    r"(?:witnesses|witness|correspondents?|reporters?|journalists?|photographers?|team|crew|"
    r"tally|count|reporting|analysis|staff|cameraman|videographer)(?:\s.*)?$"
)


_BODY_AFTER = re.compile(
    r"^(?:’s|'s)?\s+(?P<head>army|military|forces|troops|government|ministry|navy|police|"
    r"president|prime\s+minister|defen[cs]e\s+ministry|foreign\s+ministry|health\s+ministry|"
    r"air\s+force|paramilitaries|paramilitary|militia|movement|group|rebels|fighters)\b",
    re.I,
)


def note_mentions(sentence: str, mentions: list[Any], story: Story) -> None:
    """Remember who was named doing what, for titles that point back later: "the president"
    after "X met ...", "the group's spokesman" after "the group fired ...", "the army"
    after "Israel's army ..."."""
    story.seen += 1
    for m in mentions:
        if m.side in (OTHER, REPORTER):
            continue
        if m.kind in ("body", "force") and m.start < 40:  # the subject of the sentence
            story.last_body = (m.text, m.side, story.seen)
        if m.kind == "group":
            story.last_group = m.side
        if m.kind == "person":
            story.last_person = (m.text, m.side)
        if m.title:
            for word in m.title.split():
                story.mentioned_heads[word] = m.side
        body = _BODY_AFTER.match(sentence[m.end :])
        if body:
            story.mentioned_heads[head_word(body["head"].split()[-1])] = m.side
            if m.start < 40:  # "The Russian Defence Ministry did not comment": the subject
                story.last_body = (sentence[m.start : m.end + body.end()], m.side, story.seen)
        if m.kind in ("body", "force") and m.text.split():
            story.mentioned_heads[head_word(m.text.split()[-1])] = m.side  # "the IDF" -> army


def resolve_pointers(found: list[Attribution], sentence: str, story: Story,
                     sides_before: list[Any]) -> None:  # fmt: skip
    """Give pronouns the speaker they point back to: the subject named earlier in the sentence
    ("aligned channels published what they said were ..."), else the last speaker named."""
    for a in found:
        if not a.side and re.match(r"(?:his|her)\s", a.who, re.I):
            # "his spokesman Stephane Dujarric": the person named before speaks through him
            people = [m for m in sides_before if m.end <= a.start and m.kind == "person"]
            a.side = people[-1].side if people else (story.last_person or ("", ""))[1]
            continue
        if not a.side and _BELONGS_BACK.match(a.who) and not LOCAL_ROLE.search(a.who):
            # "the group's military spokesman": the group named before, in this sentence or earlier
            before = [m for m in sides_before if m.end <= a.start and m.kind != "organisation"]
            a.side = (
                before[-1].side if before
                else story.last_group or (story.named[-1].side if story.named else "")
            )  # fmt: skip
            continue
        if not PRONOUN.match(a.who):
            continue
        a.pointed = True
        before = [m for m in sides_before if m.end <= a.start]
        if before and not a.trailing:
            a.side, a.who = before[0].side, sentence[before[0].start : before[0].end]
        elif story.named:  # "He said", "..., he said" -> the main speaker before
            last = _pointed_back(a.who, story)
            a.who, a.side = last.who, last.side
        elif story.last_person:  # "X spoke to reporters. ..., he said."
            a.who, a.side = story.last_person
    named = [a for a in found if not PRONOUN.match(a.who) and not TITLE_ONLY.match(a.who)]
    if named:
        story.named.append(named[0])


def _pointed_back(pronoun: str, story: Story) -> Attribution:
    """The speaker a pronoun points back to: "it" to the body the sentence before was about, else
    the last body that spoke rather than a person named after it; any other pronoun to the last
    speaker."""
    if pronoun.lower() == "it":
        if story.last_body and story.last_body[2] == story.seen:
            # "The ministry did not comment on X. In its summary it claimed ...": that body
            who, side, _ = story.last_body
            return Attribution(who, side, 0, 0, False)
        for a in reversed(story.named):
            kinds = {m.kind for m in find_sides(a.who, story.profile)}
            if INSTITUTION.search(a.who) or (kinds and "person" not in kinds):
                return a
    return story.named[-1]


def _own_staff(who: str, story: Story) -> bool:
    """True for the outlet itself and its own people: "Reuters witnesses", "an AFP reporter"."""
    if who in (story.outlet, story.agency_name) or canonical_agency(who) == story.outlet:
        return True
    m = _STAFF.match(who)
    if m is None:
        return False
    name = m["outlet"]
    return bool(canonical_agency(name)) or name in (story.outlet, story.agency_name)


# Words that name the same kind of body: "the army" after "Israel's military".
_SAME_HEAD = {"military": "army", "forces": "army", "troops": "army", "idf": "army",
              "paramilitaries": "paramilitary", "militia": "group", "movement": "group",
              "rebels": "group", "fighters": "group"}  # fmt: skip


def head_word(word: str) -> str:
    """A body's head word, with synonyms folded: military, forces, troops -> army."""
    key = re.sub(r"(?:’s|'s)$", "", word.lower().strip(".,"))
    return _SAME_HEAD.get(key, key)


def _home(story: Story) -> str | None:
    """The side an unnamed body ("the army command") most likely belongs to: the country the story
    is filed from where it fights in the story, else the state the story names most."""
    fighting = set(story.belligerents) | set(story.profile.opponents) | story.named_sides
    if story.home and story.home in fighting:
        return story.home
    return story.belligerents[0] if story.belligerents else story.home


def _belligerent_group(story: Story) -> str | None:
    """The armed group among the sides the story names most, for "rebels said" before any
    group has been named."""
    states = set(story.profile.country_sides.values())
    return next((side for side in story.belligerents if side not in states), None)


# Words for a state's own rulers, never a rebel group's: "the junta", "the regime".
_STATE = re.compile(r"\b(?:junta|regime|military\s+government)\b", re.I)


def _home_state(story: Story) -> str | None:
    """The state among the sides the story is about: the one its rebels fight in, the dateline's,
    else the state it names most ("a spokesperson for the junta", rebels in Myanmar)."""
    states = set(story.profile.country_sides.values())
    homes = group_countries()
    rebels_home = [homes[side] for side in story.belligerents if side in homes]
    fighting = [*rebels_home, *([story.home] if story.home else []), *story.belligerents]
    return next((side for side in fighting if side in states and side in
                 (set(story.belligerents) | story.named_sides)), None)  # fmt: skip


def settle_sides(found: list[Attribution], sentence: str, story: Story) -> None:
    """A side for each attribution: remembered heads, a place's side, the dateline's, else other."""
    for a in found:
        words = a.who.split()
        head = head_word(words[-1]) if words else ""
        if _own_staff(a.who, story):
            a.side = REPORTER
            continue
        if not a.side:
            # "the ministry" -> the ministry named before; "its regional governor" -> the
            # side of the place the sentence is about
            a.side = (
                story.sides_by_head.get(head)
                or story.mentioned_heads.get(head)
                or (
                    story.last_group or _belligerent_group(story)
                    # an armed group named only by what it is: "two rebel sources", "militants"
                    if head in ("group", "paramilitary") or ARMED.search(a.who)
                    else None
                )
                or a.told_side  # "a source in the security services told TASS"
                or (_home_state(story) if _STATE.search(a.who) else None)
                or (place_side(sentence, story.profile) if LOCAL_ROLE.search(a.who) else None)
                or (
                    _home(story)
                    if (INSTITUTION.search(a.who) or _LEADER.search(a.who))
                    and not _CIVIL.search(a.who)
                    else None
                )
                or OTHER
            )
        if a.side not in (OTHER, REPORTER):
            if head:
                story.sides_by_head[head] = a.side
            for word in words[:-1]:
                if word[:1].isupper() and not TITLE_ONLY.match(f"the {word.lower()}"):
                    # "Tymur Tkachenko, head of ...": later "Tkachenko said" is the same side
                    story.sides_by_head.setdefault(head_word(word), a.side)
            for word in words:
                key = word.lower().strip(".,")
                if TITLE_ONLY.match(f"the {key}"):
                    story.sides_by_head[head_word(key)] = a.side
                    story.speakers[head_word(key)] = a.who
            for m in find_sides(a.who, story.profile):
                if m.title:  # a president named: "the president" later is him
                    for word in m.title.split():
                        story.sides_by_head[word] = m.side
                        story.speakers[word] = m.text
