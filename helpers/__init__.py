"""Wire Desk: wire stories to structured, attributed events, in a Jupyter workbook."""

from helpers.collect import load_stories
from helpers.errors import SchemaError, SourceError, WireDeskError
from helpers.schema import validate
from helpers.sentences import split_sentences

__all__ = [
    "SchemaError",
    "SourceError",
    "WireDeskError",
    "load_stories",
    "split_sentences",
    "validate",
]
