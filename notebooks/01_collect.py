# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 01 Collect: wire stories into a table
#
# Load stories from URLs, feeds, saved pages, text files or pasted text. Each input becomes one
# row; inputs that could not be used stay in the table with a `status` and a plain `error`.

# %% tags=["parameters"]
SOURCES = None  # a list of URLs / paths / pasted text; None loads the bundled sample corpus
STORY_DATE = None  # e.g. "2024-08-14": the date of stories that carry none
ENGINE = "trafilatura"  # or "newspaper"

# %%
from helpers import (
    config,
    event_table,
    extract_events,
    failure_table,
    load_stories,
    skipped,
    split_sentences,
    story_table,
)

# %% [markdown]
# Read every source. Pages are fetched politely and cached under `data/cache/`.

# %%
articles = load_stories(SOURCES or [config.SAMPLES_DIR], engine=ENGINE, story_date=STORY_DATE)
story_table(articles)

# %% [markdown]
# Inputs that did not give a story, and why.

# %%
failure_table(articles)

# %% [markdown]
# Sentences, each an exact slice of its story's text: the unit events are suggested from.

# %%
sentences = split_sentences(articles)
sentences.head(10)

# %% [markdown]
# Suggested events, sentence by sentence: type, who claims it and their side, date, places,
# quantity, and whether the story could verify it. The analyst confirms them in `02_tag`.

# %%
events = extract_events(articles, sentences)
event_table(events, articles)

# %% [markdown]
# Stories that got no suggestions, and why.

# %%
skipped(articles)
