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
# # 04 Briefing: charts to slides
#
# Tick the charts, edit their titles and one-line takeaways, pick which events count, and export:
# each chart as PNG, SVG and PDF at slide size, a 16:9 PowerPoint deck with speaker notes listing
# the events behind each chart, and a standalone HTML page that opens with no network. The deck's
# title and the chart colours come from the workbook's conflict profile.

# %% tags=["parameters"]
WORKBOOK = None  # path of the workbook file; None: data/workbook.sqlite
PROFILE = None  # a conflict profile (e.g. "israel-lebanon"); None: the one the workbook records
FOLDER = None  # where the files go; None: reports/briefing
RENDERER = "plotly_mimetype+notebook_connected"

# %%
from pathlib import Path

import plotly.io as pio

from helpers import Workbook, load_stories
from helpers.briefing import default_slides
from helpers.demo import sample_sources
from helpers.widgets import BriefingBuilder

pio.renderers.default = RENDERER
workbook = Workbook(WORKBOOK, PROFILE)
if workbook.articles().empty:  # a new workbook starts with its profile's sample corpus
    workbook.add_stories(load_stories(sample_sources(workbook.profile_spec)))

# %% [markdown]
# The briefing builder.

# %%
builder = BriefingBuilder(workbook, folder=Path(FOLDER) if FOLDER else None)
builder

# %% [markdown]
# The charts as they stand (for readers of the shared notebook).

# %%
for slide in default_slides(workbook.events(), profile=workbook.profile):
    slide.fig.show()
