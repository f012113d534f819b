"""`fetch_urls`: pages by URL, cached, retried, polite per host, checked address by address."""

from __future__ import annotations

import socket
import time
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

from tqdm.auto import tqdm

from helpers import config
from helpers.errors import OptionError
from helpers.fetch.addresses import ip_of, lookup, refusal
from helpers.fetch.batch import Batch
from helpers.fetch.cache import PageCache
from helpers.fetch.client import Request, Target, get
from helpers.fetch.gate import HostGate
from helpers.fetch.result import Failure, Fetched, classify, transient

# Characters a path or query may carry as they are; anything else is percent-encoded.
_URL_SAFE = "/?&=%:@!$'()*+,;-._~#[]"


def is_url(text: str) -> bool:
    """True for an http(s) address."""
    return text.strip().lower().startswith(("http://", "https://"))


def fetch_urls(
    urls: Sequence[str],
    *,
    timeout: float = config.TIMEOUT_S,
    retries: int = config.RETRIES,
    delay: float = config.HOST_DELAY_S,
    max_bytes: int = config.MAX_BYTES,
    cache: bool = True,
    cache_dir: Path | str | None = None,
    workers: int = config.FETCH_WORKERS,
    progress: bool | None = None,
    allow_private: bool | None = None,
    batch: Batch | None = None,
) -> list[Fetched]:
    """Fetch `urls` in parallel (polite per host, cached on disk); results in input order.

    Args:
        timeout: seconds one attempt at a URL may take, headers, body and redirects included
            (waiting for its turn at a busy host is not counted; the batch deadline bounds that).
        retries: further attempts after a timeout, a refused connection, a 5xx or a 429.
        delay: seconds between the end of one request to a host and the start of the next;
            a host (by name and by resolved address) never has two requests in flight.
        max_bytes: size cap of a page, after decompression.
        cache, cache_dir: keep pages on disk by URL (`data/cache/http/`); False refetches.
        workers: hosts fetched at once.
        progress: show a progress bar; None shows one past four URLs.
        allow_private: also fetch loopback, private and link-local addresses; None reads
            `config.ALLOW_PRIVATE`. Metadata, multicast and reserved addresses are never fetched.
        batch: the deadline and cancel event shared with the rest of a batch; None gives one
            with `config.BATCH_DEADLINE_S`.
    """
    check_options(timeout=timeout, retries=retries, delay=delay, max_bytes=max_bytes)
    if not urls:
        return []
    private = config.ALLOW_PRIVATE if allow_private is None else bool(allow_private)
    fetcher = _Fetcher(
        timeout, retries, delay, max_bytes, cache, cache_dir, private, batch or Batch()
    )
    show = len(urls) > 4 if progress is None else progress
    results: list[Fetched | None] = [None] * len(urls)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        futures = {pool.submit(fetcher.fetch, urls[i]): i for i in _spread_by_host(urls)}
        done = as_completed(futures)
        for future in tqdm(done, total=len(urls), desc="fetching", unit="url", disable=not show):
            results[futures[future]] = future.result()
    return [r for r in results if r is not None]


def check_options(**options: float) -> None:
    """Raise `OptionError` for a fetch setting out of range."""
    for name, value in options.items():
        low = 0 if name in ("retries", "delay") else 1e-9
        if isinstance(value, bool) or not isinstance(value, int | float) or not value >= low:
            raise OptionError(name, value, f"must be a number of at least {low:g}")


def _spread_by_host(urls: Sequence[str]) -> list[int]:
    """Input positions, hosts taken in turn, so parallel workers start on different hosts."""
    by_host: dict[str, list[int]] = defaultdict(list)
    for i, url in enumerate(urls):
        by_host[urlsplit(url.strip()).netloc.lower()].append(i)
    queues = list(by_host.values())
    order: list[int] = []
    while queues:
        order.extend(q.pop(0) for q in queues)
        queues = [q for q in queues if q]
    return order


class _Fetcher:
    def __init__(
        self,
        timeout: float,
        retries: int,
        delay: float,
        max_bytes: int,
        cache: bool,
        cache_dir: Path | str | None,
        allow_private: bool,
        batch: Batch,
    ) -> None:
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.max_bytes = max_bytes
        self.cache = PageCache(cache_dir) if cache else None
        self.allow_private = allow_private
        self.batch = batch
        self.gate = HostGate(delay)

    def fetch(self, url: str) -> Fetched:
        url = url.strip()
        if self.cache and (hit := self.cache.get(url)):
            return hit
        try:
            result = self._with_retries(url)
        except Exception as exc:  # noqa: BLE001 - the last guard: one input never stops a batch
            name = type(exc).__name__
            return Failure("connection_error", f"Could not fetch {url}: {name}").row(url, url)
        if result.ok and self.cache:
            self.cache.put(url, result)
        return result

    def _with_retries(self, url: str) -> Fetched:
        result = self.batch.not_fetched(url).row(url, url)
        for attempt in range(self.retries + 1):
            if self.batch.stopped():
                return result if attempt else self.batch.not_fetched(url).row(url, url)
            try:
                return self._attempt(url)
            except Failure as failure:
                result = failure.row(url, url)
            if not transient(result) or not self.batch.sleep(min(2.0, 0.25 * 2**attempt)):
                break
        return result

    def _attempt(self, url: str) -> Fetched:
        """One try at `url`, following redirects, each hop checked and polite on its own."""
        hop, spent = url, 0.0
        jars: dict[str, dict[str, str]] = defaultdict(dict)
        for _ in range(config.MAX_REDIRECTS + 1):
            left, start = self.timeout - spent, time.monotonic()
            request = Request(url, self.timeout, start + left, self.max_bytes, config.USER_AGENT)
            target = self._target(url, hop, request)
            looked_up = time.monotonic() - start
            if not self.gate.acquire(target.keys, self.batch):
                raise self.batch.not_fetched(url)
            begun = time.monotonic()
            try:
                # Waiting for a busy host is not the server's time: the budget goes on from here.
                request.until = begun + left - looked_up
                request.cookies = jars[target.host]
                answer = get(target, request, self.batch)
            finally:
                self.gate.release(target.keys)
                spent += looked_up + time.monotonic() - begun
            if answer.location is None:
                fetched = Fetched(
                    source=url,
                    url=hop,
                    body=answer.body,
                    http_status=answer.status,
                    content_type=answer.content_type,
                )
                return classify(fetched, declared=None)
            hop = urljoin(hop, answer.location)
            if not is_url(hop):
                msg = f"{url} redirects to {hop}, which is not a web address"
                raise Failure("bad_url", msg)
        raise Failure(
            "redirect_loop", f"{url} redirects in a loop (over {config.MAX_REDIRECTS} hops)"
        )

    def _target(self, url: str, hop: str, request: Request) -> Target:
        """Parse `hop`, look its host up and check every address; raises `Failure`."""
        bad = Failure("bad_url", f"{url} is not a valid web address")
        try:
            parts = urlsplit(hop)
            host = (parts.hostname or "").rstrip(".")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
            path = quote(parts.path or "/", safe=_URL_SAFE)
            query = "?" + quote(parts.query, safe=_URL_SAFE) if parts.query else ""
        except (ValueError, UnicodeError):
            raise bad from None
        if parts.scheme not in ("http", "https") or not ascii_host:
            raise bad
        try:
            addresses = lookup(ascii_host, port, self.batch, request.until)
        except TimeoutError:
            if self.batch.stopped():
                raise self.batch.not_fetched(url) from None
            msg = f"{url} did not answer within {self.timeout:g} s (looking up {host})"
            raise Failure("timeout", msg) from None
        except socket.gaierror:
            msg = f"Could not reach {url}: the host name could not be found"
            raise Failure("connection_error", msg) from None
        for address in addresses:
            ip = ip_of(address)
            why = refusal(ip, allow_private=self.allow_private)
            if why:
                raise Failure("refused", _refused(url, hop, ascii_host, str(ip), why))
        shown = f"[{ascii_host}]" if ":" in ascii_host else ascii_host
        default = 443 if parts.scheme == "https" else 80
        return Target(
            url=hop,
            tls=parts.scheme == "https",
            host=ascii_host,
            port=port,
            host_header=shown if port == default else f"{shown}:{port}",
            path=path + query,
            addresses=addresses,
        )


def _refused(url: str, hop: str, host: str, ip: str, why: str) -> str:
    """Why a URL (or a hop it redirects to) is not fetched, in words."""
    where = f"{host} is {why}" if host == ip else f"{host} resolves to {ip}, {why}"
    via = f"it redirects to {hop}, and " if hop != url else ""
    if refusal(ip, allow_private=True) is None:
        hint = "; load_stories(..., allow_private=True) fetches such addresses"
    else:
        hint = ", which is never fetched"
    return f"Refused {url}: {via}{where}{hint}"
