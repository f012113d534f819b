"""Sentence splitting: exact slices, quotes kept with attribution, abbreviations not split."""

from __future__ import annotations

import pandas as pd

import helpers
from helpers import schema


def _sentences(text: str) -> list[str]:
    articles = helpers.load_stories([text], languages=None)
    return helpers.split_sentences(articles)["text"].tolist()


def test_seed_sentences_are_exact_slices_and_keep_quotes(seed_path):
    articles = helpers.load_stories([seed_path])
    sentences = helpers.split_sentences(articles)
    schema.validate(sentences, "sentences")
    text = articles.loc[0, "text"]
    for row in sentences.itertuples():
        assert text[row.char_start : row.char_end] == row.text
    said = sentences["text"].tolist()
    assert "“It’s creating a real dilemma for Putin,” Biden said." in said
    assert any("U.S. President Joe Biden called" in s for s in said)
    assert any("26 to 28 km (16 to 17 miles) from the border." in s for s in said)
    assert len(said) == 12
    assert sentences["sentence_idx"].tolist() == list(range(12))
    # the blogger paragraph holds two sentences
    assert sentences["paragraph_idx"].value_counts().max() == 2


def test_abbreviations_and_quotes():
    said = _sentences(
        "The U.S. State Department said on Aug. 12 that it was in touch with Kyiv. "
        "“We will not stop,” Zelenskiy said. Gen. Gerasimov said troops were about 3.5 km "
        "(2 miles) from Sudzha. He added: “The enemy is halted.” Moscow did not comment."
    )
    assert said == [
        "The U.S. State Department said on Aug. 12 that it was in touch with Kyiv.",
        "“We will not stop,” Zelenskiy said.",
        "Gen. Gerasimov said troops were about 3.5 km (2 miles) from Sudzha.",
        "He added: “The enemy is halted.”",
        "Moscow did not comment.",
    ]


def test_sentences_never_cross_paragraphs():
    said = _sentences("First paragraph has no full stop\n\nSecond paragraph starts here.")
    assert said == ["First paragraph has no full stop", "Second paragraph starts here."]


def test_articles_without_text_give_no_sentences():
    articles = schema.build(
        [{"article_id": "a", "text": None}, {"article_id": "b", "text": ""}], "articles"
    )
    out = helpers.split_sentences(articles)
    assert out.empty and list(out.columns) == schema.columns("sentences")
    assert isinstance(out["text"].dtype, pd.StringDtype)
