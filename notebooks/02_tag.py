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
# # 02 Tag: confirm, correct or reject the suggested events
#
# Each event shows its story with the sentence highlighted and the words each field came from.
# **Accept** keeps the suggestion, **Save edits** keeps your corrections, **Reject** drops it;
# every click is saved in the workbook before the next event shows, and **Undo** takes back
# your last one. Filters pick the story, status, type, side or outlet.

# %% tags=["parameters"]
WORKBOOK = None  # path of the workbook file; None: data/workbook.sqlite
PROFILE = None  # a conflict profile (e.g. "israel-lebanon"); None: the one the workbook records
TAGGER = None  # your name in the tag log; None: the login name

# %%
from helpers import Workbook, load_stories
from helpers.demo import sample_sources
from helpers.widgets import EventTagger

workbook = Workbook(WORKBOOK, PROFILE)
if workbook.articles().empty:  # a new workbook starts with its profile's sample corpus
    workbook.add_stories(load_stories(sample_sources(workbook.profile_spec)))
workbook.counts()

# %% [markdown]
# The tagger.

# %%
tagger = EventTagger(workbook, tagger=TAGGER)
tagger

# %% [markdown]
# Where the tagging stands, and the events tagged so far (run again to refresh).

# %%
print(workbook.counts())
workbook.events(status=["confirmed", "edited", "rejected"])[
    ["event_type", "claimant_side", "event_date", "places", "status", "tagger", "sentence"]
]

# %% [markdown]
# Export the tagged events (CSV, Parquet, or ACLED-style CSV) to `reports/`.

# %%
# workbook.export(config.ROOT / "reports", "acled", overwrite=True)
