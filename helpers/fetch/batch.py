"""A batch's limits: its deadline and the analyst's cancel event, and the watch that enforces them.

Sockets cannot be told "stop at 12:00:03": a server sending one byte a second satisfies every
per-read timeout. So each request registers its socket with the batch's watch thread, which shuts
the socket down when that request's own deadline, the batch's deadline or a cancel comes; the
blocked read then returns and the request reports why.
"""

from __future__ import annotations

import contextlib
import math
import socket
import threading
import time
from types import TracebackType

from helpers import config
from helpers.fetch.result import Failure

_TICK_S = 0.05  # how often the watch looks at the cancel event and the deadlines


class Batch:
    """Limits shared by every fetch of one batch: a deadline in seconds and a cancel event."""

    def __init__(
        self,
        deadline: float | None = config.BATCH_DEADLINE_S,
        cancel: threading.Event | None = None,
    ) -> None:
        self.deadline = deadline
        self.cancel = cancel if cancel is not None else threading.Event()
        self._until = time.monotonic() + deadline if deadline is not None else math.inf
        self._watch = _Watch(self)

    def stopped(self) -> str | None:
        """'cancelled' or 'deadline' once the batch must stop, else None."""
        if self.cancel.is_set():
            return "cancelled"
        if time.monotonic() >= self._until:
            return "deadline"
        return None

    def remaining(self) -> float:
        """Seconds left before the batch deadline (inf without one)."""
        return self._until - time.monotonic()

    def sleep(self, seconds: float) -> bool:
        """Wait `seconds` unless the batch stops first; True when the wait ran its course."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.stopped():
                return False
            self.cancel.wait(min(left, _TICK_S))
        return self.stopped() is None

    def not_fetched(self, url: str, why: str | None = None, started: bool = False) -> Failure:
        """The failure of a URL the batch stopped: before its first byte, or (started) midway."""
        why = why or self.stopped() or "deadline"
        if why == "cancelled":
            text = "was stopped while loading" if started else "was not fetched"
            return Failure("cancelled", f"{url} {text}: the batch was stopped")
        text = "was still loading when" if started else "was not fetched:"
        return Failure("timeout", f"{url} {text} the batch deadline of {self.deadline:g} s passed")

    def guard(self, sock: socket.socket, until: float) -> Guard:
        """Watch `sock` until the `with` block ends: shut it down at `until` or when we stop."""
        return Guard(self._watch, sock, until)


class Guard:
    """One request's registration with the watch; `reason` says why it was cut, if it was."""

    def __init__(self, watch: _Watch, sock: socket.socket, until: float) -> None:
        self._watch = watch
        # A duplicate descriptor: TLS wrapping detaches the original socket object, but a shutdown
        # through any descriptor of the socket wakes every read blocked on it.
        self._killer = sock.dup()
        self.until = until
        self.reason: str | None = None

    def __enter__(self) -> Guard:
        self._watch.add(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._watch.remove(self)
        self._killer.close()

    def fire(self, why: str) -> None:
        """Cut the request: called by the watch, under its lock."""
        self.reason = why
        # OSError: the other side closed it already, so the read has ended anyway.
        with contextlib.suppress(OSError):
            self._killer.shutdown(socket.SHUT_RDWR)


class _Watch:
    """One thread per batch, alive while requests are in flight."""

    def __init__(self, batch: Batch) -> None:
        self._batch = batch
        self._guards: set[Guard] = set()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None

    def add(self, guard: Guard) -> None:
        with self._cond:
            self._guards.add(guard)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="wiredesk-fetch-watch", daemon=True
                )
                self._thread.start()

    def remove(self, guard: Guard) -> None:
        with self._cond:
            self._guards.discard(guard)

    def _run(self) -> None:
        with self._cond:
            while self._guards:
                stop = self._batch.stopped()
                now = time.monotonic()
                for guard in list(self._guards):
                    why = stop or ("timeout" if now >= guard.until else None)
                    if why:
                        guard.fire(why)
                        self._guards.discard(guard)
                self._cond.wait(_TICK_S)
            self._thread = None
