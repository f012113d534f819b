"""Politeness: one request in flight per host, and a pause between one request and the next."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from helpers.fetch.batch import Batch

_TICK_S = 0.05  # how often a waiting request looks at the batch's cancel event


class HostGate:
    """Lets one request at a time through per key, `delay` seconds after the last one ended.

    A request holds every key it names (its host name and the address it connects to), so two
    spellings of one address, or one name behind several addresses, never run at once.
    """

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._busy: set[str] = set()
        self._free_at: dict[str, float] = {}
        self._cond = threading.Condition()

    def acquire(self, keys: Iterable[str], batch: Batch) -> bool:
        """Wait for all `keys`; False when the batch stopped first."""
        wanted = set(keys)
        with self._cond:
            while not batch.stopped():
                if not wanted & self._busy:
                    pause = max(self._free_at.get(k, 0.0) for k in wanted) - time.monotonic()
                    if pause <= 0:
                        self._busy |= wanted
                        return True
                    self._cond.wait(min(pause, _TICK_S))
                else:
                    self._cond.wait(_TICK_S)
            return False

    def release(self, keys: Iterable[str]) -> None:
        """Free `keys`; the next request to them may start `delay` seconds from now."""
        with self._cond:
            free_at = time.monotonic() + self._delay
            for key in keys:
                self._busy.discard(key)
                self._free_at[key] = free_at
            self._cond.notify_all()
