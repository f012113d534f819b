"""Many raw inputs to articles rows: in worker processes past a few dozen, a Stop honoured.

One input's failure, whatever it is, is that input's `parse_error` row: a batch always ends.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import UTC, datetime
from functools import partial
from typing import Any

from tqdm.auto import tqdm

from helpers import config
from helpers.parse import RawItem, parse_item


def parse_all(
    items: list[RawItem],
    engine: str,
    languages: tuple[str, ...] | None,
    workers: int | None,
    progress: bool | None,
    cancel: threading.Event,
) -> list[dict[str, Any]]:
    """One row per item, in order; once `cancel` is set, unread items become `cancelled` rows."""
    if not items:
        return []
    n_workers = (
        workers
        if workers is not None
        else (os.cpu_count() or 1 if len(items) >= config.PARALLEL_MIN_ITEMS else 1)
    )
    show = len(items) >= config.PARALLEL_MIN_ITEMS if progress is None else progress
    work = partial(_parse_one, engine=engine, languages=languages)
    bar = partial(tqdm, total=len(items), desc="parsing", unit="story", disable=not show)
    if n_workers <= 1 or len(items) < 2:
        return [_not_read(item) if cancel.is_set() else work(item) for item in bar(items)]
    _warm_up(engine)
    # Biggest inputs first, one at a time: no worker sits idle while another ends on a big page.
    order = sorted(range(len(items)), key=lambda i: -_size(items[i]))
    results: list[dict[str, Any]] = [{} for _ in items]
    with ProcessPoolExecutor(max_workers=n_workers) as pool:
        futures = {pool.submit(work, items[i]): i for i in order}
        for future in bar(as_completed(futures)):
            i = futures[future]
            results[i] = _not_read(items[i]) if future.cancelled() else future.result()
            if cancel.is_set():
                for pending in futures:
                    pending.cancel()
    return results


def _parse_one(item: RawItem, engine: str, languages: tuple[str, ...] | None) -> dict[str, Any]:
    """`parse_item`, with any failure on one input made that input's row."""
    try:
        return parse_item(item, engine=engine, languages=languages)
    except Exception as exc:  # noqa: BLE001 - the last guard: one input never stops a batch
        return _failed(
            item, "parse_error", f"{item.source} could not be read ({type(exc).__name__})"
        )


def _not_read(item: RawItem) -> dict[str, Any]:
    return _failed(item, "cancelled", f"{item.source} was not read: the batch was stopped")


def _failed(item: RawItem, status: str, error: str) -> dict[str, Any]:
    """The row of an input that gave no article."""
    return {
        "source": item.source,
        "url": item.url,
        "fetched_at": item.fetched_at or datetime.now(UTC),
        "status": status,
        "error": error,
    }


def _size(item: RawItem) -> int:
    return len(item.body) if item.body is not None else len(item.text or "")


def _warm_up(engine: str) -> None:
    # Load the engine and the language model before the pool forks, so workers share them
    # instead of each loading its own.
    if engine == "newspaper":
        import newspaper  # noqa: F401
    import htmldate  # noqa: F401
    import trafilatura  # noqa: F401

    from helpers.parse import detect_language

    detect_language("Warm-up text long enough for the language model to be loaded in full here.")
