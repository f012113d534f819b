"""Raw bytes from URLs and files: polite, cached, parallel HTTP; the only module that does network.

Every failure comes back as a `Fetched` with a status and a plain-language error, never raised, so
one bad input does not stop a batch.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import requests
from tqdm.auto import tqdm

from helpers import config
from helpers.files import write_whole

FILE_KINDS = {
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".json": "json",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}


@dataclass
class Fetched:
    """What reading one input gave: bytes and their kind, or a status saying what went wrong."""

    source: str
    url: str | None
    body: bytes | None = None
    kind: str | None = None  # html, text, json, feed
    status: str = "ok"
    error: str | None = None
    http_status: int | None = None
    content_type: str = ""
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        """True when there are bytes to parse."""
        return self.status == "ok"


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
) -> list[Fetched]:
    """Fetch `urls` in parallel (polite per host, cached on disk); results in input order."""
    if not urls:
        return []
    fetcher = _Fetcher(timeout, retries, delay, max_bytes, cache, cache_dir)
    show = len(urls) > 4 if progress is None else progress
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(urls)))) as pool:
        results = pool.map(fetcher.fetch, urls)
        return list(tqdm(results, total=len(urls), desc="fetching", unit="url", disable=not show))


def read_file(path: Path, *, max_bytes: int = config.MAX_BYTES) -> Fetched:
    """Read one story file's bytes (gzip-compressed files too); failures become statuses."""
    source = str(path)
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    suffix = suffixes[-2] if gz and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    kind = FILE_KINDS.get(suffix, "text")
    if not path.exists():
        return _failed(source, None, "not_found", f"File not found: {source}")
    try:
        if path.stat().st_size > max_bytes:
            return _failed(source, None, "too_large", f"{source} is over the {_mb(max_bytes)} cap")
        if gz:
            with gzip.open(path, "rb") as fh:
                raw = fh.read(max_bytes + 1)  # capped: a small .gz can unpack to gigabytes
        else:
            raw = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        return _failed(source, None, "unreadable", f"Could not read {source}: {_reason(exc)}")
    if len(raw) > max_bytes:
        return _failed(source, None, "too_large", f"{source} is over the {_mb(max_bytes)} cap")
    return _classify(Fetched(source=source, url=None, body=raw, kind=kind), declared=kind)


class _HostGate:
    """Spaces the starts of requests to one host by `delay` seconds, across threads."""

    def __init__(self, delay: float) -> None:
        self._delay = delay
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()

    def wait(self, host: str) -> None:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            pause = self._next.get(host, 0.0) - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            self._next[host] = time.monotonic() + self._delay


class _Fetcher:
    def __init__(
        self,
        timeout: float,
        retries: int,
        delay: float,
        max_bytes: int,
        cache: bool,
        cache_dir: Path | str | None,
    ) -> None:
        self.timeout = timeout
        self.retries = max(0, retries)
        self.max_bytes = max_bytes
        self.cache_dir = Path(cache_dir) if cache_dir else config.CACHE_DIR
        self.cache = cache
        self.gate = _HostGate(delay)
        self._local = threading.local()

    def _session(self) -> requests.Session:
        # requests sessions are not thread-safe; one per worker thread.
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.max_redirects = config.MAX_REDIRECTS
            session.headers["User-Agent"] = config.USER_AGENT
            self._local.session = session
        return session

    def fetch(self, url: str) -> Fetched:
        url = url.strip()
        if self.cache and (hit := self._from_cache(url)):
            return hit
        host = urlsplit(url).netloc.lower()
        result = _failed(url, url, "connection_error", f"Could not fetch {url}")
        for attempt in range(self.retries + 1):
            self.gate.wait(host)
            result = self._once(url)
            if not _transient(result) or attempt == self.retries:
                break
            time.sleep(min(2.0, 0.25 * 2**attempt))
        if result.ok and self.cache:
            self._to_cache(url, result)
        return result

    def _once(self, url: str) -> Fetched:
        deadline = time.monotonic() + self.timeout
        try:
            with self._session().get(url, timeout=self.timeout, stream=True) as resp:
                ctype = resp.headers.get("Content-Type", "")
                if resp.status_code >= 400:
                    reason = f"{resp.status_code} {resp.reason or ''}".strip()
                    failed = _failed(url, url, "http_error", f"{url}: the server answered {reason}")
                    return replace(failed, http_status=resp.status_code)
                declared = int(resp.headers.get("Content-Length") or 0)
                if declared > self.max_bytes:
                    return _failed(
                        url, url, "too_large", f"{url} is over the {_mb(self.max_bytes)} cap"
                    )
                chunks, size = [], 0
                for chunk in resp.iter_content(65536):
                    size += len(chunk)
                    if size > self.max_bytes:
                        msg = f"{url} is over the {_mb(self.max_bytes)} cap"
                        return _failed(url, url, "too_large", msg)
                    if time.monotonic() > deadline:
                        msg = f"{url} did not finish sending within {self.timeout:g} s"
                        return _failed(url, url, "timeout", msg)
                    chunks.append(chunk)
                fetched = Fetched(
                    source=url,
                    url=resp.url or url,
                    body=b"".join(chunks),
                    http_status=resp.status_code,
                    content_type=ctype,
                )
        except requests.TooManyRedirects:
            return _failed(
                url,
                url,
                "redirect_loop",
                f"{url} redirects in a loop (over {config.MAX_REDIRECTS} hops)",
            )
        except (
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
            requests.exceptions.InvalidURL,
        ):
            return _failed(url, url, "bad_url", f"{url} is not a valid web address")
        except requests.Timeout:
            return _failed(url, url, "timeout", f"{url} did not answer within {self.timeout:g} s")
        except (requests.ConnectionError, requests.RequestException) as exc:
            return _failed(url, url, "connection_error", f"Could not reach {url}: {_why(exc)}")
        return _classify(fetched, declared=None)

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        return self.cache_dir / f"{key}.body", self.cache_dir / f"{key}.json"

    def _from_cache(self, url: str) -> Fetched | None:
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        return Fetched(
            source=url,
            url=meta["url"],
            body=body,
            kind=meta["kind"],
            http_status=meta["http_status"],
            content_type=meta["content_type"],
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            from_cache=True,
        )

    def _to_cache(self, url: str, result: Fetched) -> None:
        body_path, meta_path = self._paths(url)
        meta = {
            "url": result.url,
            "kind": result.kind,
            "http_status": result.http_status,
            "content_type": result.content_type,
            "fetched_at": result.fetched_at.isoformat(),
        }
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            write_whole(body_path, lambda tmp: tmp.write_bytes(result.body or b""))
            write_whole(meta_path, lambda tmp: tmp.write_text(json.dumps(meta), encoding="utf-8"))
        except OSError:
            pass  # a cache that cannot be written only costs a refetch


def _classify(fetched: Fetched, declared: str | None) -> Fetched:
    """Name the kind of the bytes from their signature, content type and (for files) suffix."""
    body = fetched.body or b""
    head = body[:512].lstrip().lower()
    ctype = fetched.content_type.lower()
    where = fetched.source
    if not body.strip():
        return replace(fetched, body=None, status="empty", error=f"{where} is empty")
    sniffed = _sniff_binary(body)
    if sniffed:
        return replace(
            fetched, body=None, status="not_html", error=f"{where} is {sniffed}, not a story page"
        )
    looks_feed = b"<rss" in head or (b"<feed" in head and b"atom" in body[:2048].lower())
    if "rss" in ctype or "atom" in ctype or (declared in (None, "feed") and looks_feed):
        return replace(fetched, kind="feed")
    if declared is not None:
        return replace(fetched, kind=declared)
    if "json" in ctype or head[:1] in (b"{", b"["):
        return replace(
            fetched, body=None, status="not_html", error=f"{where} is JSON data, not a story page"
        )
    if "html" in ctype or "xml" in ctype or head.startswith((b"<!doctype", b"<html", b"<?xml")):
        return replace(fetched, kind="html")
    if ctype.startswith("text/") or not ctype:
        return replace(fetched, kind="text")
    return replace(
        fetched, body=None, status="not_html", error=f"{where} is {ctype}, not a story page"
    )


_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive or office document",
    b"\x1f\x8b": "gzip-compressed data",
}


def _sniff_binary(body: bytes) -> str | None:
    for magic, name in _SIGNATURES.items():
        if body.startswith(magic):
            return name
    if body[:4] == b"RIFF" and body[8:12] == b"WEBP":
        return "a WebP image"
    return None


def _transient(result: Fetched) -> bool:
    if result.status in ("timeout", "connection_error"):
        return True
    return result.status == "http_error" and (result.http_status or 0) in (429, 500, 502, 503, 504)


def _failed(source: str, url: str | None, status: str, error: str) -> Fetched:
    return Fetched(source=source, url=url, status=status, error=error)


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


def _why(exc: BaseException) -> str:
    """A plain-language cause for a connection failure, instead of urllib3's nested repr."""
    text = str(exc)
    for marker, plain in (
        ("Connection refused", "the connection was refused (nothing listens there)"),
        ("NameResolution", "the host name could not be found"),
        ("Name or service not known", "the host name could not be found"),
        ("SSLError", "the secure connection failed (certificate or TLS error)"),
        ("Connection reset", "the server closed the connection"),
        ("RemoteDisconnected", "the server closed the connection without answering"),
    ):
        if marker in text:
            return plain
    return f"the connection failed ({type(exc).__name__})"


def _mb(n: int) -> str:
    return f"{n / 1_000_000:g} MB"
