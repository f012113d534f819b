"""Sentences of articles as exact character spans, by syntok's rule-based segmenter."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
from syntok import segmenter

from helpers import schema

_PARAGRAPH = re.compile(r"[^\n]+")


def split_sentences(articles: pd.DataFrame) -> pd.DataFrame:
    """Sentences of every article with text: `text == article.text[char_start:char_end]`.

    Example:
        >>> import helpers
        >>> arts = helpers.load_stories(["Kyiv said it took 74 settlements. Moscow denied it."])
        >>> helpers.split_sentences(arts)["text"].tolist()
        ['Kyiv said it took 74 settlements.', 'Moscow denied it.']
    """
    rows: list[dict[str, Any]] = []
    for article_id, text in zip(articles["article_id"], articles["text"], strict=True):
        if isinstance(text, str) and text:
            rows.extend(_sentences(article_id, text))
    return schema.build(rows, "sentences")


# Abbreviated titles before a name; syntok ends a sentence at some of them ("Gov. Oleh ...").
_TITLE_END = re.compile(
    r"(?:^|\s)(?:Gov|Lt|Col|Maj|Brig|Gen|Adm|Sgt|Capt|Cpl|Cmdr|Sen|Rep|Gov|Mr|Mrs|Ms|Dr|Prof|Rev|"
    r"St|Pvt|Lt\.\s*Gen|Lt\.\s*Col|Maj\.\s*Gen|Rear\s+Adm)\.$"
)


def sentence_spans(text: str) -> list[tuple[int, int, int]]:
    """(paragraph_idx, char_start, char_end) of each sentence of `text`."""
    merged: list[tuple[int, int, int]] = []
    for p_idx, start, end in _segments(text):
        if (
            merged
            and merged[-1][0] == p_idx
            and _TITLE_END.search(text[merged[-1][1] : merged[-1][2]])
        ):
            merged[-1] = (p_idx, merged[-1][1], end)  # "..., Gov." + "Oleh Syniehubov said."
        else:
            merged.append((p_idx, start, end))
    return merged


def _segments(text: str) -> list[tuple[int, int, int]]:
    spans = []
    for p_idx, para in enumerate(_PARAGRAPH.finditer(text)):
        if not para.group().strip():
            continue
        for block in segmenter.analyze(para.group()):
            for tokens in block:
                if not tokens:
                    continue
                start = para.start() + tokens[0].offset
                end = para.start() + tokens[-1].offset + len(tokens[-1].value)
                spans.append((p_idx, start, end))
    return spans


def _sentences(article_id: str, text: str) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "sentence_idx": idx,
            "paragraph_idx": p_idx,
            "char_start": start,
            "char_end": end,
            "text": text[start:end],
        }
        for idx, (p_idx, start, end) in enumerate(sentence_spans(text))
    ]
