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
# # 03 Timeline: the events on a date axis, and the charts beside it
#
# Markers are coloured by the side that claims the event, in the colours of the workbook's
# conflict profile; hollow markers are claims the story could not verify; a bar through a marker
# is a week- or month-precision date. Change a filter and the charts redraw in place.

# %% tags=["parameters"]
WORKBOOK = None  # path of the workbook file; None: data/workbook.sqlite
PROFILE = None  # a conflict profile (e.g. "israel-lebanon"); None: the one the workbook records
RENDERER = "plotly_mimetype+notebook_connected"  # make share adds +png for viewers without JS
LIVE_FILTERS = True  # False: static charts instead of the live filter widget (for sharing)

# %%
import plotly.io as pio

from helpers import Workbook, charts, load_stories
from helpers.demo import sample_sources
from helpers.widgets import ChartExplorer

pio.renderers.default = RENDERER
workbook = Workbook(WORKBOOK, PROFILE)
if workbook.articles().empty:  # a new workbook starts with its profile's sample corpus
    workbook.add_stories(load_stories(sample_sources(workbook.profile_spec)))
events = workbook.events()
profile = workbook.profile  # colours by side and the map's area

# %% [markdown]
# Filters (dates, type, side, outlet, status, verified) over the timeline and events per day.

# %%
if LIVE_FILTERS:
    display(ChartExplorer(workbook))  # noqa: F821 - IPython's display
else:
    charts.timeline(events, profile=profile).show()
    charts.events_per_day(events, profile=profile).show()

# %% [markdown]
# What each side claims over time.

# %%
charts.claims_over_time(events, profile=profile)

# %% [markdown]
# Where the events took place, on the profile's area (the map's outlines are shipped in
# `data/topojson/`).

# %%
charts.event_map(events, profile=profile)

# %% [markdown]
# How the claims stand after tagging, by side.

# %%
charts.verification(events, profile=profile)
