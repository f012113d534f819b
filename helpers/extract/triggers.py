"""Event types from trigger phrases: the profile's lexicon matched clause by clause.

The lexicon (data/world/lexicon.yaml, extended by a profile's lexicon.yaml) is compiled into one
regular expression per type; a type whose stems a sentence lacks is not tried. Measured against
spaCy's PhraseMatcher on a blank English pipeline (bench/extract.py): the compiled expressions
need no model or lemma tables, keep the gaps ("fired <w>{0,4} missiles") that phrase lists cannot
say, and match a sentence in microseconds.
"""

from __future__ import annotations

import re

from helpers.extract.model import Clause, Trigger
from helpers.lexicon import Lexicon

# At most one battle type per clause, in this order of precedence.
BATTLE = ("repelled_attack", "territorial_claim", "ground_assault")
# Words before a trigger that deny, doubt or only name it ("did not attack", "could strike").
_NEGATOR = re.compile(
    r"\b(?:not|no|never|without|denied|n[’']t|could|might|may|would|plans?\s+to|planned\s+to|"
    r"ready\s+to|anyone\s+who|whoever|(?:threatened|refused|declined|failed)[\"”]?\s+to|"
    # "what he called the liberation of the city": the speaker's words for it, not an event
    r"(?:on|of|for|against|condemned|denounced|critici[sz]ed)\s+what\s+(?:he|she|it|they|the\s+\w+)\s+"
    r"(?:called|described\s+as|termed))\b",
    re.I,
)
_NEGATION_ENDS = re.compile(r"[.;]|\bbut\b|\bsaid\b")  # "denied it but said it had ...": no longer
_NEGATION_REACH = 60
# A reaction whose object is the event ("condemned the strikes on", "expressed alarm at the
# drone attacks", "called the bombing an act of terror"): a statement about an event told elsewhere.
_REACTION = re.compile(
    r"\b(?:condemn(?:ed|ing|s)?|denounc(?:ed|ing|es)|deplor(?:ed|ing|es)|called|calling|"
    r"described|describing|alarm(?:ed)?\s+(?:at|by|over)|(?:shocked|outraged|appalled)\s+by)\s+"
    r"(?:the|an?|this|these|those|such)\s+(?:[\w’'-]+\s+){0,2}$",
    re.I,
)


def _negated(before: str) -> bool:
    """True where a denial or doubt reaches the trigger: "did not attack", "could strike"."""
    window = before[-(_NEGATION_REACH + 20) :]
    found = list(_NEGATOR.finditer(window))
    last = found[-1] if found else None
    if last is None or len(window) - last.end() > _NEGATION_REACH:
        return False
    return not _NEGATION_ENDS.search(window, last.end())


_REMOTE = re.compile(r"drone|missile|rocket|air", re.I)
_ALERT = re.compile(r"\b(?:sirens?|alerts?)\b", re.I)
_BARE_ATTACK = re.compile(r"^attack(?:ed|ing)$", re.I)


def clause_triggers(
    text: str, clauses: list[Clause], lexicon: Lexicon, claimant_spans: list[tuple[int, int]]
) -> list[tuple[str, Trigger, Clause]]:
    """(event type, trigger, clause) for every trigger found, clause by clause."""
    lower = text.lower()
    # a type whose pattern finds nothing in the whole sentence finds nothing in its clauses; the
    # sentence's first match is the first match of a clause that spans the sentence
    first: dict[str, re.Match[str]] = {}
    for name, etype in lexicon.types.items():
        if etype.stems_pattern.search(lower) and (m := etype.pattern.search(text)):
            first[name] = m
    found: list[tuple[str, Trigger, Clause]] = []
    for clause in clauses:
        whole = clause.start == 0 and clause.end == len(text)
        hits = {}
        for kind, m0 in first.items():
            pattern = lexicon.types[kind].pattern
            m = _first_free(pattern, clause, claimant_spans, m0 if whole else None)
            if m is not None:
                hits[kind] = m
        _resolve_overlaps(hits, clause.text)
        for kind, m in hits.items():
            found.append((kind, Trigger(m.start(), m.group()), clause))
    return found


def _first_free(
    pattern: re.Pattern[str], clause: Clause, claimant_spans: list[tuple[int, int]],
    first: re.Match[str] | None = None,
) -> re.Match[str] | None:  # fmt: skip
    """The first match in the clause that is neither inside a claimant's words nor denied;
    "the governor declared a state of emergency": the match after the speaker counts."""
    pos = 0
    m: re.Match[str] | None = first
    while m is not None or (m := pattern.search(clause.text, pos)) is not None:
        at = clause.start + m.start()
        span = next(((s, e) for s, e in claimant_spans if s <= at < e), None)
        if span is None:
            before = clause.text[: m.start()]
            return None if _negated(before) or _REACTION.search(before) else m
        pos = max(m.start() + 1, span[1] - clause.start)
        m = None
    return None


def _resolve_overlaps(hits: dict[str, re.Match[str]], text: str) -> None:
    """Drop the types another type's trigger explains (one battle type; an interception is no
    strike; "captured two soldiers" is no territorial claim)."""
    for kind, m in list(hits.items()):
        if any(o is not m and o.start() <= m.start() and m.end() < o.end() for o in hits.values()):
            # "inflicted losses on": a phrase around another type's trigger explains it; one
            # that ends on it ("a strike killed") leaves it its own event
            hits.pop(kind)
    if (
        "other" in hits
        and _ALERT.search(hits["other"].group())
        and ("strike" in hits or "interception" in hits)
    ):
        hits.pop("other")  # the sirens that rockets set off are part of the attack
    if "interception" in hits and "strike" in hits:
        i, st = hits["interception"], hits["strike"]
        if st.start() < i.end() and i.start() < st.end():
            hits.pop("strike")  # one phrase: "missiles were destroyed" is no strike besides
    if "interception" in hits and "destroyed" in hits["interception"].group().lower():
        hits.pop("infrastructure_damage", None)
    for capture in ("other", "casualties"):
        if (
            capture in hits and "territorial_claim" in hits
        ):  # "captured two soldiers", "seized the ship"
            o, t = hits[capture], hits["territorial_claim"]
            if o.start() < t.end() and t.start() < o.end():
                hits.pop("territorial_claim")
    battle = next((k for k in BATTLE if k in hits), None)
    for kind in BATTLE:
        if kind != battle:
            hits.pop(kind, None)
    ground = hits.get("ground_assault")
    if ground is not None and (
        _REMOTE.search(text[max(0, ground.start() - 25) : ground.end()])
        or ("strike" in hits and _BARE_ATTACK.match(ground.group()))
    ):
        hits.pop("ground_assault")  # "drone attack", "drones attacked": a strike, not troops
