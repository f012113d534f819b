"""The workbook: one SQLite file holding stories, suggested events, the analyst's tags, an
append-only log of every tag change, and the conflict profile the workbook follows.

Suggestions and tags live in separate tables, so re-ingesting a story or running a newer
extractor replaces suggestions without touching a tag; a tag whose suggestion changed is kept and
flagged `needs_review`. Every write is one transaction in WAL mode with a busy timeout and
retries, so two notebooks can tag one workbook at once; every value is checked before it is
written. One module a job:

- `connection`: opening the file (checks, read-only files, migrations) and write transactions
- `values`: what a tag may hold, checked against `helpers.schema` and the workbook's sides
- `records`: rows as stored (JSON) and the fingerprint of a suggestion
- `suggestions`: storing the extractor's suggestions beside the tags
- `profiles`: the profile a workbook records and the sides a tag may name
- `tagfiles`: tags read back from an exported file, bad rows reported
- `workbook`: the `Workbook` itself
"""

from __future__ import annotations

from helpers.files import safe_filename
from helpers.store.connection import _MIGRATIONS, APPLICATION_ID, SCHEMA_VERSION
from helpers.store.profiles import AUTO
from helpers.store.suggestions import EXTRACTOR_VERSION
from helpers.store.tagfiles import TagImport
from helpers.store.values import EDITABLE, STATUSES
from helpers.store.workbook import TAG_COLUMNS, Workbook, default_tagger

__all__ = [
    "APPLICATION_ID",
    "AUTO",
    "EDITABLE",
    "EXTRACTOR_VERSION",
    "SCHEMA_VERSION",
    "STATUSES",
    "TAG_COLUMNS",
    "TagImport",
    "Workbook",
    "_MIGRATIONS",
    "default_tagger",
    "safe_filename",
]
