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
# # 01 Collect: wire stories into the workbook
#
# Load stories from URLs, feeds, saved pages, text files or pasted text. Each input becomes one
# row; inputs that could not be used stay in the table with a `status` and a plain `error`.
# Stories and their suggested events are kept in the workbook file, ready for `02_tag`.

# %% tags=["parameters"]
WORKBOOK = None  # path of the workbook file; None: data/workbook.sqlite
SOURCES = None  # a list of URLs / paths / pasted text; None: the bundled samples (first run)
STORY_DATE = None  # e.g. "2024-08-14": the date of stories that carry none
ENGINE = "trafilatura"  # or "newspaper"

# %%
from helpers import (
    Workbook,
    config,
    event_table,
    extract_events,
    failure_table,
    load_stories,
    skipped,
    split_sentences,
    story_table,
)
from helpers.widgets import StoryCollector

workbook = Workbook(WORKBOOK)

# %% [markdown]
# Read the sources (the sample corpus when the workbook is new). Pages are fetched politely and
# cached under `data/cache/`.

# %%
if SOURCES or workbook.articles().empty:
    articles = load_stories(SOURCES or [config.SAMPLES_DIR], engine=ENGINE, story_date=STORY_DATE)
    print(workbook.add_stories(articles))
else:
    articles = workbook.articles()
story_table(articles)

# %% [markdown]
# Inputs that did not give a story, and why.

# %%
failure_table(articles)

# %% [markdown]
# Add more by hand: paste URLs or a story, upload saved pages, give undated stories a date.

# %%
StoryCollector(workbook)

# %% [markdown]
# Sentences, each an exact slice of its story's text, and the events suggested from them: type,
# who claims it and their side, date, places, quantity, and whether the story could verify it.

# %%
sentences = split_sentences(articles)
events = extract_events(articles, sentences)
event_table(events, articles)

# %% [markdown]
# Stories that got no suggestions, and why.

# %%
skipped(articles)
