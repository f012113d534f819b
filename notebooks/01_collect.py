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
# Stories and their suggested events are kept in the workbook file, ready for `02_tag`. The
# workbook follows one conflict profile (`data/profiles/`): its sides, places, words and map.

# %% tags=["parameters"]
WORKBOOK = None  # path of the workbook file; None: data/workbook.sqlite
PROFILE = None  # e.g. "israel-lebanon", "world", "auto" or a folder; None: the workbook's own
SOURCES = None  # a list of URLs / paths / pasted text; None: the profile's samples (first run)
STORY_DATE = None  # e.g. "2024-08-14": the date of stories that carry none
ENGINE = "trafilatura"  # or "newspaper"

# %%
from helpers import (
    Workbook,
    event_table,
    extract_events,
    failure_table,
    load_stories,
    skipped,
    split_sentences,
    story_table,
)
from helpers.demo import sample_sources
from helpers.widgets import StoryCollector

workbook = Workbook(WORKBOOK, PROFILE)
print(f"Profile: {workbook.profile_name} (shown as {workbook.profile.title})")

# %% [markdown]
# Read the sources (the profile's sample corpus when the workbook is new). Pages are fetched
# politely and cached under `data/cache/`.

# %%
if SOURCES or workbook.articles().empty:
    sources = SOURCES or sample_sources(workbook.profile_spec)
    articles = load_stories(sources, engine=ENGINE, story_date=STORY_DATE)
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
events = extract_events(articles, sentences, profile=workbook.profile_spec)
event_table(events, articles)

# %% [markdown]
# Stories that got no suggestions, and why.

# %%
skipped(articles)
