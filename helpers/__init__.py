"""Wire Desk: wire stories to structured, attributed events, in a Jupyter workbook."""

from helpers import config
from helpers.collect import load_stories, set_story_dates
from helpers.errors import ProfileError, SchemaError, SourceError, WireDeskError
from helpers.extract import extract_events, skipped
from helpers.profile import load_profile
from helpers.schema import validate
from helpers.sentences import split_sentences
from helpers.store import Workbook
from helpers.summary import event_table, failure_table, story_table

__all__ = [
    "ProfileError",
    "SchemaError",
    "SourceError",
    "WireDeskError",
    "Workbook",
    "config",
    "event_table",
    "extract_events",
    "failure_table",
    "load_profile",
    "load_stories",
    "set_story_dates",
    "skipped",
    "split_sentences",
    "story_table",
    "validate",
]
