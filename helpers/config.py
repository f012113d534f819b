"""Paths and defaults, built from the package's own location."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SAMPLES_DIR = DATA_DIR / "samples"
# The conflict profile the bundled sample corpus (SAMPLES_DIR) is about: the demo's default.
SAMPLES_PROFILE = "russia-ukraine"
CACHE_DIR = DATA_DIR / "cache" / "http"
SHARED_DIR = ROOT.parent / "shared"
WORLD_DIR = DATA_DIR / "world"
PROFILES_DIR = DATA_DIR / "profiles"

# Fetching: one place for the politeness settings.
TIMEOUT_S = 15.0
RETRIES = 1
HOST_DELAY_S = 0.5
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 10
FETCH_WORKERS = 8
# A whole load_stories batch: URLs not fetched by then become `timeout` rows (None: no limit).
BATCH_DEADLINE_S = 600.0
# Fetch loopback, private and link-local addresses too (desks with an intranet). Read when
# load_stories is called, so `helpers.config.ALLOW_PRIVATE = True` in a first cell is enough.
ALLOW_PRIVATE = False
USER_AGENT = "WireDesk/0.1 (analyst workbook)"

# Parsing.
DEFAULT_ENGINE = "trafilatura"
ENGINES = ("trafilatura", "newspaper")
LANGUAGES = ("en",)
# Fewer words than this and language detection is a guess, so the text is kept as is.
MIN_WORDS_FOR_LANGUAGE = 12
# A page yielding fewer words than this holds navigation, not a story.
MIN_PAGE_WORDS = 8
# Parsing many pages moves to worker processes past this count.
PARALLEL_MIN_ITEMS = 16
