"""One sentence's events as rows of `schema.EVENTS`: type, actor, target, claimant, date, place,
quantity, verification and the evidence behind each field."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from helpers.dates import DatePhrase, find_dates
from helpers.extract.attribution import LIST_GOES_ON, local_caveat
from helpers.extract.model import (
    BASE_CONFIDENCE,
    MAX_CONFIDENCE,
    PENALTY_STATEMENT,
    WEIGHT_ATTRIBUTED,
    WEIGHT_COUNTED,
    WEIGHT_DATED,
    WEIGHT_PLACED,
    Attribution,
    Clause,
    Story,
    Trigger,
    gazetteer_for,
    inside,
)
from helpers.extract.triggers import clause_triggers
from helpers.places import PlaceMention, find_places
from helpers.profile import OTHER, REPORTER
from helpers.quantities import Quantity, find_quantities
from helpers.sides import SideMention

# Units that count people: a casualties event's figure, and its `fatalities` where killed.
_PEOPLE = re.compile(
    r"^(?:people|persons?|civilians?|residents?|soldiers?|troops|servicem[ae]n|fighters?|"
    r"militants?|children|child|women|woman|men|man|others|police(?:m[ae]n)?|officers?|workers?|"
    r"staff|patients?|members?|journalists?|sailors?|crew|seafarers?|rebels?|combatants?|"
    r"paramedics?|rescuers?|medics?|girls?|boys?|[A-Z][a-z]+s)$"
)
_PLACE_BEFORE = re.compile(
    r"\b(?:in|into|across|inside|throughout|over|southern|northern|eastern|western|central|"
    r"south|north|east|west|parts\s+of|areas\s+of)$"
)
# "they had fired", "his forces took": the speaker's own side acted
_OWN_SUBJECT = re.compile(
    r"\b(?:they|we|he|she|it|its|his|their|our)\s+(?:own\s+)?(?:forces|troops|fighters|units|"
    r"army|navy|military|soldiers|men|drones|missiles|air\s+defen[cs]es\s+)?"
    r"(?:\w+\s+){0,2}$",
    re.I,
)
_ACTOR_FIRST = ("interception", "repelled_attack")  # the claimant's side acted; the named, attacked


@dataclass
class _Context:
    """What every event of one sentence shares."""

    sent: Any
    story: Story
    attributions: list[Attribution]
    dates: list[DatePhrase]
    places: list[PlaceMention]
    quantities: list[Quantity]
    sides: list[SideMention]
    claimant_spans: list[tuple[int, int]]


def sentence_events(
    sent: Any, story: Story, attributions: list[Attribution], clauses: list[Clause],
    sides: list[SideMention],
) -> list[dict[str, Any]]:  # fmt: skip
    """Every event of one sentence: one per trigger, and one per speaker who made a statement."""
    text: str = sent.text
    caveat = local_caveat(text)
    if caveat and story.caveat and caveat in story.caveat:
        return []  # the story's own caveat: it qualifies other events, it is not one
    claimant_spans = [(a.start, a.end) for a in attributions if not a.inherited]
    places = find_places(text, gazetteer_for(story.profile))
    ctx = _Context(sent, story, attributions, find_dates(text, story.day), places,
                   find_quantities(text), sides, claimant_spans)  # fmt: skip
    found = clause_triggers(text, clauses, story.profile.lexicon, claimant_spans)
    if not found and story.last_type and LIST_GOES_ON.match(text):
        # "Among them was Snagost, ...": the sentence names more of the last event's objects
        found.append((story.last_type, Trigger(0, ""), Clause(0, len(text), text)))
    # A speaker whose words gave no event made a statement; so did one who "called", "warned"...
    covering = {
        id(a)
        for _, trig, clause in found
        for a in _all_covering(attributions, clause.start + trig.start)
    }
    evaluative = story.profile.lexicon.evaluative_verbs
    # "according to X" names a source, not a statement; "he said" goes on with one already made
    speakers = [
        a for a in attributions
        if a.side != REPORTER and not a.inherited and not a.embedded and a.verb
        and (not a.pointed or not a.trailing or a.verb in evaluative)
        and (id(a) not in covering or a.verb in evaluative)
    ]  # fmt: skip
    speakers = list({a.who: a for a in reversed(speakers)}.values())[::-1]  # one per speaker
    whole = Clause(0, len(text), text)
    events = []
    seen: dict[str, int] = {}
    for kind, trig, clause, attribution in [
        *((k, t, c, _covering(attributions, c.start + t.start)) for k, t, c in found),
        *(("statement", Trigger(a.start, ""), whole, a) for a in speakers),
    ]:
        seen[kind] = seen.get(kind, 0) + 1
        events.append(_event_row(ctx, kind, trig, clause, attribution, seen[kind]))
    return events


def _all_covering(attributions: list[Attribution], pos: int) -> list[Attribution]:
    """Every attribution whose claim covers position `pos`: the speakers of that claim."""
    return [
        a for a in attributions
        if (a.trailing and (a.start >= pos or a.end <= pos < a.scope_end))
        or (not a.trailing and ((a.end <= pos < a.scope_end) or a.inherited))
    ]  # fmt: skip


def _covering(attributions: list[Attribution], pos: int) -> Attribution | None:
    """The attribution whose claim covers position `pos` of the sentence."""
    trailing = [
        a for a in attributions if a.trailing and (a.start >= pos or a.end <= pos < a.scope_end)
    ]
    if trailing:
        return trailing[0]
    leading = [
        a for a in attributions if not a.trailing and ((a.end <= pos < a.scope_end) or a.inherited)
    ]
    return leading[-1] if leading else None


def _event_row(
    ctx: _Context, kind: str, m: Trigger, clause: Clause, attribution: Attribution | None,
    ordinal: int,
) -> dict[str, Any]:  # fmt: skip
    sent, story = ctx.sent, ctx.story
    trigger_at = clause.start + m.start
    said = f"{attribution.who} {attribution.verb}".strip() if attribution else ""
    evidence: dict[str, Any] = {"event_type": m.text or said}

    when = _when(ctx, clause, trigger_at)
    if when:
        evidence["date"] = when.text
    where = _where(ctx, clause, kind)
    known = [p.place for p in where if p.place is not None]
    names = list(dict.fromkeys(p.text.removesuffix("’s").removesuffix("'s") for p in where))
    if names:
        evidence["places"] = names
    amount = _amount(ctx, clause, kind, trigger_at)
    if amount:
        evidence["quantity"] = amount.text

    claimant = attribution.who if attribution else story.outlet
    side = attribution.side if attribution else REPORTER
    if attribution:
        evidence["claimant"] = attribution.who
    # sides named in the clause, outside the claimant's own words: who acted, on whom
    here = [
        s for s in ctx.sides
        if clause.start <= s.start < clause.end and not inside(s.start, ctx.claimant_spans)
    ]  # fmt: skip
    before_trigger = sent.text[clause.start : trigger_at]
    actor, actor_text, target_text = _actor(kind, here, side, story, before_trigger)
    if actor_text:
        evidence["actor"] = actor_text
    doubt = story.caveat or local_caveat(sent.text)
    etype = story.profile.lexicon.types.get(kind)
    battlefield = bool(etype and etype.battlefield)
    verified = False if (doubt and battlefield) else None
    if verified is False:
        evidence["verified"] = doubt

    confidence = BASE_CONFIDENCE + WEIGHT_ATTRIBUTED * bool(
        attribution and not attribution.inherited
    )
    confidence += WEIGHT_DATED * bool(when) + WEIGHT_PLACED * bool(names)
    confidence += WEIGHT_COUNTED * bool(amount) - PENALTY_STATEMENT * (kind == "statement")
    start = sent.char_start + (clause.start if kind != "statement" else 0)
    end = sent.char_start + (clause.end if kind != "statement" else len(sent.text))
    key = f"{story.article_id}:{sent.char_start}:{kind}:{ordinal}"
    acled = etype.acled_for(m.text) if etype else ("Strategic developments", "Other")
    day, precision, basis = _day(when, story, sent, kind)
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
        "target": _target(kind, here, actor, story),
        "target_text": target_text,
        "claimant": claimant,
        "claimant_side": side,
        "event_date": day,
        "date_precision": precision,
        "date_text": when.text if when else None,
        "date_basis": basis,
        "places": names,
        "lat": known[0].lat if known else None,
        "lon": known[0].lon if known else None,
        "quantity": amount.value if amount else None,
        "quantity_high": amount.high if amount else None,
        "unit": amount.unit if amount else None,
        "quantity_text": amount.text if amount else None,
        "fatalities": _fatalities(kind, amount, sent.text),
        "verified": verified,
        "confidence": round(min(confidence, MAX_CONFIDENCE), 2),
        "status": "suggested",
        "acled_event_type": acled[0],
        "acled_sub_event_type": acled[1],
        "evidence": evidence,
    }


def _when(ctx: _Context, clause: Clause, trigger_at: int) -> DatePhrase | None:
    """The clause's own date phrase, else the day or week phrase nearest the trigger; a coarse
    date elsewhere in the sentence is usually background ("since ... in August")."""

    def in_clause(d: DatePhrase) -> bool:
        return clause.start <= d.start and d.end <= clause.end

    own = [d for d in ctx.dates if in_clause(d)]
    if own:
        return own[0]
    near = sorted(
        (d for d in ctx.dates if d.precision in ("day", "week")),
        key=lambda d: abs(d.start - trigger_at),
    )
    return near[0] if near else None


def _day(when: DatePhrase | None, story: Story, sent: Any,
         kind: str) -> tuple[Any, str | None, str | None]:  # fmt: skip
    """(day, precision, basis): the phrase's day; a lead event with no date phrase takes the
    story's day (basis `story`); a month or a year is kept as text and precision only."""
    if when is not None:
        if when.day and when.precision in ("day", "week"):
            return when.day, when.precision, "text"
        return None, when.precision, "text" if when.precision else None
    if story.day is not None and sent.paragraph_idx == 0 and kind != "statement":
        return story.day, "day", story.date_basis
    return None, None, None


def _where(ctx: _Context, clause: Clause, kind: str) -> list[PlaceMention]:
    """Places in the clause (else the sentence), never inside the claimant's words, and a
    country only where no smaller place is named ("Ukraine" there is an actor)."""
    free = [
        p for p in ctx.places
        if not inside(p.start, ctx.claimant_spans) and not _names_a_side(ctx, p)
    ]  # fmt: skip
    here = [p for p in free if clause.start <= p.start and p.end <= clause.end]
    where = here or (free if kind != "statement" else [])
    if any(p.place is None or p.place.feature != "country" for p in where):
        where = [p for p in where if p.place is None or p.place.feature != "country"]
    return where


def _amount(ctx: _Context, clause: Clause, kind: str, trigger_at: int) -> Quantity | None:
    """The clause's quantity; a casualties event takes the count of people nearest its trigger."""
    if kind == "statement":
        return None
    own = [q for q in ctx.quantities if clause.start <= q.start and q.end <= clause.end]
    if kind == "casualties":
        people = [q for q in (own or ctx.quantities) if _PEOPLE.match(q.unit or "")]
        dead = [q for q in people if _tied_to_death(ctx.sent.text, q)]
        if dead or people:
            return min(dead or people, key=lambda q: abs(q.start - trigger_at))
    elif kind in ("strike", "interception"):
        # "a strike that killed six people": the dead are the casualties event's, not the strike's
        own = [q for q in own if not _PEOPLE.match(q.unit or "")]
    elif kind == "evacuation":
        people = [q for q in (own or ctx.quantities) if _PEOPLE.match(q.unit or "")]
        if people:
            return people[0]
    return own[0] if own else None


_DEATH_AFTER = re.compile(
    r"^\s+(?:\w+\s+){0,3}?(?:were|was|have\s+been|had\s+been)?\s*(?:killed|dead|died)\b"
)
_DEATH_BEFORE = re.compile(
    r"\b(?:killing|killed|kill|deaths\s+of|death\s+toll\s+(?:\w+\s+){0,3}to)\s+(?:(?!and\b)\w+\s+){0,2}$"
)


def _tied_to_death(sentence: str, q: Quantity) -> bool:
    """True for the count of the dead: "three sailors were killed", "killing at least six"."""
    return bool(_DEATH_AFTER.match(sentence[q.end :]) or _DEATH_BEFORE.search(sentence[: q.start]))


def _fatalities(kind: str, amount: Quantity | None, sentence: str) -> float | None:
    """The number killed, where a casualties event counts the dead."""
    if kind != "casualties" or amount is None or amount.value is None:
        return None
    return amount.value if _tied_to_death(sentence, amount) else None


def _names_a_side(ctx: _Context, mention: PlaceMention) -> bool:
    """True for "Kyiv's troops", "Kyiv soldiers", "Washington is": a capital standing for a side."""
    name = re.sub(r"(?:’s|'s)$", "", mention.text)
    if name not in ctx.story.profile.terms:
        return False
    sentence = ctx.sent.text
    after = sentence[mention.end :]
    before = sentence[: mention.start].rstrip().lower()
    if mention.text == name and _PLACE_BEFORE.search(before):
        return False  # "in Lebanon", "southern Lebanon": the country is where it happened
    if mention.text != name or re.match(r"(?:’s|'s)\b", after) or before.endswith(" with"):
        return True
    nxt = re.match(r"\s+([a-z]+)", after)
    words = (
        "region",
        "oblast",
        "district",
        "and",
        "or",
        "province",
        "state",
        "governorate",
        "strip",
    )
    return nxt is not None and nxt.group(1) not in words


def _fighting(side: str, story: Story) -> bool:
    return bool(story.profile.opposes(side)) or side in story.belligerents


def _enemy(side: str, story: Story) -> str | None:
    opposed = story.profile.opposes(side)
    if opposed:
        return opposed[0]
    others = [s for s in story.belligerents if s != side]
    return others[0] if others else None


def _actor(
    kind: str, here: list[SideMention], claimant_side: str, story: Story, clause_before: str = ""
) -> tuple[str | None, str | None, str | None]:
    """(actor side, actor as written, target as written) from the sides named in the clause."""
    if kind in _ACTOR_FIRST:
        attacker = next((s for s in here if _fighting(s.side, story)), None)
        if attacker:
            return _enemy(attacker.side, story), None, attacker.text
        side = claimant_side if _fighting(claimant_side, story) else None
        return side, None, None
    if kind == "statement":
        return (claimant_side if claimant_side != REPORTER else None), None, None
    first = next((s for s in here if s.kind != "organisation"), None)
    if first:
        return first.ally or first.side, first.text, None
    if claimant_side not in (REPORTER, OTHER) and _OWN_SUBJECT.search(clause_before):
        return claimant_side, None, None
    etype = story.profile.lexicon.types.get(kind)
    if _fighting(claimant_side, story) and etype is not None and etype.battlefield:
        return claimant_side, None, None
    return None, None, None


def _target(kind: str, here: list[SideMention], actor: str | None, story: Story) -> str | None:
    """The side acted on: the first other warring side named in the clause."""
    other = next(
        (s for s in here if (s.ally or s.side) != actor and _fighting(s.side, story)), None
    )
    if kind in _ACTOR_FIRST and here:
        other = next((s for s in here if s.side != actor), None)
    return (other.ally or other.side) if other else None
