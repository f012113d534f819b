"""What reading one input gave (`Fetched`), and the kind of its bytes."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

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


class Failure(Exception):
    """Why one input gave no bytes: raised inside fetch, turned into a `Fetched` row at its edge."""

    def __init__(self, status: str, error: str, http_status: int | None = None) -> None:
        super().__init__(error)
        self.status, self.error, self.http_status = status, error, http_status

    def row(self, source: str, url: str | None) -> Fetched:
        """The failure as a `Fetched` for `source`."""
        return Fetched(
            source=source,
            url=url,
            status=self.status,
            error=self.error,
            http_status=self.http_status,
        )


def failed(source: str, url: str | None, status: str, error: str) -> Fetched:
    """A `Fetched` that holds no bytes, only a status and its message."""
    return Fetched(source=source, url=url, status=status, error=error)


def classify(fetched: Fetched, declared: str | None) -> Fetched:
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


def transient(result: Fetched) -> bool:
    """True for failures worth one more try: timeouts, refused connections, 5xx and 429."""
    if result.status in ("timeout", "connection_error"):
        return True
    return result.status == "http_error" and (result.http_status or 0) in (429, 500, 502, 503, 504)


def reason(exc: BaseException) -> str:
    """An exception's message, kept short."""
    text = str(exc) or type(exc).__name__
    return text if len(text) < 200 else text[:197] + "..."


def mb(n: int) -> str:
    """A byte count in megabytes, for messages."""
    return f"{n / 1_000_000:g} MB"
