"""Raw bytes from URLs and files: the only package that touches the network.

Every failure comes back as a `Fetched` with a status and a plain-language error, never raised,
so one bad input does not stop a batch. One module a job:

- `web`: `fetch_urls`, retries and redirects, each hop's address checked and gated
- `client`: one GET to a checked address, one deadline for headers and body
- `addresses`: which addresses may be fetched (`allow_private`), looked up once
- `gate`: one request in flight per host, a delay between requests
- `batch`: a batch's deadline and cancel event, and the watch that enforces them
- `cache`: pages on disk by URL
- `local`: story files and folders
- `result`: `Fetched` and the kind of its bytes
"""

from helpers.fetch.batch import Batch
from helpers.fetch.local import SIDECAR, broken_link, read_file, story_files
from helpers.fetch.result import FILE_KINDS, Fetched
from helpers.fetch.web import check_options, fetch_urls, is_url

__all__ = [
    "FILE_KINDS",
    "SIDECAR",
    "Batch",
    "Fetched",
    "broken_link",
    "check_options",
    "fetch_urls",
    "is_url",
    "read_file",
    "story_files",
]
