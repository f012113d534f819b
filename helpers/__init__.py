"""Wire Desk: wire stories to structured, attributed events, in a Jupyter workbook."""

from helpers import config
from helpers.collect import load_stories
from helpers.errors import SchemaError, SourceError, WireDeskError
from helpers.schema import validate
from helpers.sentences import split_sentences
from helpers.summary import failure_table, story_table

__all__ = [
    "SchemaError",
    "SourceError",
    "WireDeskError",
    "config",
    "failure_table",
    "load_stories",
    "split_sentences",
    "story_table",
    "validate",
]
