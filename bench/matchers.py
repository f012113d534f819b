"""Trigger matching: the lexicon's expressions beside spaCy's PhraseMatcher, on the same sentences.

The issue asked us to measure both before choosing. spaCy's matcher works on tokens, so it needs
spaCy's tokenizer first; a blank English pipeline has no lemma tables (lemmas need the
spacy-lookups-data package), and a phrase list cannot say "fired <up to four words> missiles".
This prints sentences/s of: the lexicon's expressions (stems pre-filter, then the type's
pattern, per sentence, as `helpers.extract.triggers` does), spaCy's tokenizer alone, and spaCy's
tokenizer plus a PhraseMatcher over every stem of the lexicon (a superset of what it could
match), and how many (sentence, type) pairs each finds.

    .venv/bin/python bench/matchers.py        # needs `pip install spacy` for the spaCy rows
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout too

from helpers import config, load_stories, split_sentences  # noqa: E402
from helpers.profile import load_profile  # noqa: E402


def rate(fn: Callable[[], int], n: int, repeat: int = 3) -> tuple[float, int]:
    """Median items per second of `fn()` over `repeat` runs, and what it returned."""
    times, found = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        found = fn()
        times.append(time.perf_counter() - start)
    return n / statistics.median(times), found


def main() -> int:
    folders = [config.SAMPLES_DIR, *sorted(config.PROFILES_DIR.glob("*/samples"))]
    articles = load_stories(folders, progress=False)
    sentences = list(split_sentences(articles[articles["status"] == "ok"])["text"]) * 5
    lexicon = load_profile("world").lexicon

    def ours() -> int:
        found = 0
        for text in sentences:
            lower = text.lower()
            for etype in lexicon.types.values():
                if etype.stems_pattern.search(lower) and etype.pattern.search(text):
                    found += 1
        return found

    n = len(sentences)
    ours_rate, ours_found = rate(ours, n)
    print(f"{n} sentences (the shipped samples, five times), world lexicon, one process")
    print(f"  lexicon expressions            {ours_rate:9.0f} sentences/s  {ours_found} type hits")
    try:
        import spacy
        from spacy.matcher import PhraseMatcher
    except ImportError:
        print("  spaCy: not installed (pip install spacy) - no rows for it")
        return 0
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for name, etype in lexicon.types.items():
        matcher.add(name, [nlp.make_doc(stem) for stem in etype.stems])

    def tokens_only() -> int:
        return sum(len(nlp.make_doc(text)) for text in sentences)

    def phrases() -> int:
        found = 0
        for text in sentences:
            found += len({m[0] for m in matcher(nlp.make_doc(text))})
        return found

    tok_rate, _ = rate(tokens_only, n)
    spacy_rate, spacy_found = rate(phrases, n)
    print(f"  spaCy {spacy.__version__} tokenizer alone     {tok_rate:9.0f} sentences/s")
    print(
        f"  spaCy tokenizer + PhraseMatcher {spacy_rate:9.0f} sentences/s  {spacy_found} type "
        "hits (stems only: no gaps, no word order)"
    )
    print(f"  ratio lexicon / spaCy matcher  {ours_rate / spacy_rate:9.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
