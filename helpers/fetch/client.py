"""One HTTP GET to an address already checked, within one deadline for the headers and the body.

The connection goes to the address `addresses` checked, never to a second lookup of the name:
the name travels only in the Host header and in TLS (SNI and the certificate check), so a DNS
answer that changes between the check and the connect (DNS rebinding) cannot move the request.
"""

from __future__ import annotations

import errno
import functools
import http.client
import re
import selectors
import socket
import ssl
import time
import zlib
from dataclasses import dataclass, field

from helpers.fetch.addresses import Address, ip_of
from helpers.fetch.batch import Batch
from helpers.fetch.result import Failure, mb

REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536
_TICK_S = 0.05
_LENGTH = re.compile(r"[0-9]{1,18}")
_COOKIE_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_COOKIE_VALUE = re.compile(r"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*")


@dataclass(frozen=True)
class Target:
    """Where one request goes: the URL's parts and the checked addresses of its host."""

    url: str
    tls: bool
    host: str  # ASCII (IDNA) name or IP literal, without brackets
    port: int
    host_header: str
    path: str
    addresses: list[Address]

    @property
    def keys(self) -> list[str]:
        """Politeness keys: the name and every address it resolved to."""
        return [f"name:{self.host}"] + [f"ip:{ip_of(a)}" for a in self.addresses]


@dataclass
class Answer:
    """What the server said: a redirect's location, or a page's bytes and content type."""

    status: int
    content_type: str = ""
    body: bytes | None = None
    location: str | None = None


@dataclass
class Request:
    """The settings of one request, and the cookies the site set earlier in this fetch."""

    source: str  # the input URL, named in every message
    timeout: float
    until: float  # monotonic time by which the whole answer must be in
    max_bytes: int
    user_agent: str
    cookies: dict[str, str] = field(default_factory=dict)


def get(target: Target, request: Request, batch: Batch) -> Answer:
    """GET `target`; raises `Failure` naming `request.source` for every way it can go wrong."""
    sock = _connect(target, request, batch)
    stage = {"answered": False}
    with batch.guard(sock, request.until) as guard:
        try:
            answer = _exchange(sock, target, request, stage)
        except Failure:
            if guard.reason:
                raise _cut(guard.reason, request, batch, stage) from None
            raise
        except (OSError, http.client.HTTPException, zlib.error, ValueError) as exc:
            if guard.reason or isinstance(exc, TimeoutError):
                raise _cut(guard.reason or "timeout", request, batch, stage) from None
            raise _broken(exc, request.source) from None
        finally:
            sock.close()
        if guard.reason:  # the socket was shut mid-answer: what arrived is not the whole page
            raise _cut(guard.reason, request, batch, stage)
    return answer


def _connect(target: Target, request: Request, batch: Batch) -> socket.socket:
    """A socket connected to the first checked address that answers."""
    last: OSError | None = None
    for family, sockaddr in target.addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            _connect_one(sock, sockaddr, request.until, batch)
        except TimeoutError:
            sock.close()
            if batch.stopped():
                raise batch.not_fetched(request.source) from None
            raise Failure(
                "timeout", f"{request.source} did not answer within {request.timeout:g} s"
            ) from None
        except OSError as exc:
            sock.close()
            last = exc
            continue
        # A backstop for every read, a little after the deadline that the batch's watch enforces.
        sock.settimeout(max(0.001, request.until - time.monotonic()) + 1.0)
        return sock
    raise _broken(last or ConnectionError("no address"), request.source)


def _connect_one(
    sock: socket.socket, sockaddr: tuple[object, ...], until: float, batch: Batch
) -> None:
    """Connect without blocking, so a cancel or the deadline ends a connect that hangs."""
    sock.setblocking(False)
    err = sock.connect_ex(sockaddr)
    if err not in (0, errno.EINPROGRESS, errno.EWOULDBLOCK):
        raise OSError(err, errno.errorcode.get(err, str(err)))
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_WRITE)
        while err:
            left = until - time.monotonic()
            if left <= 0 or batch.stopped():
                raise TimeoutError
            if selector.select(min(left, _TICK_S)):
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    raise OSError(err, errno.errorcode.get(err, str(err)))
                break
    sock.setblocking(True)


def _exchange(
    sock: socket.socket, target: Target, request: Request, stage: dict[str, bool]
) -> Answer:
    if target.tls:
        sock = _tls().wrap_socket(sock, server_hostname=target.host)
    conn = http.client.HTTPConnection(f"[{target.host}]", target.port)
    conn.sock = sock  # already connected to the checked address: http.client must not connect
    try:
        conn.request("GET", target.path, headers=_headers(target, request))
        resp = conn.getresponse()
        stage["answered"] = True
        _keep_cookies(resp, request.cookies)
        status, source = resp.status, request.source
        if status in REDIRECTS and resp.getheader("Location"):
            return Answer(status, location=str(resp.getheader("Location")).strip())
        if status >= 300:
            reason = f"{status} {resp.reason or ''}".strip()
            where = " without saying where to" if status < 400 else ""
            raise Failure("http_error", f"{source}: the server answered {reason}{where}", status)
        if (_declared_length(resp, source) or 0) > request.max_bytes:
            raise Failure("too_large", f"{source} is over the {mb(request.max_bytes)} cap")
        body = _read_body(resp, request)
        return Answer(status, content_type=resp.getheader("Content-Type") or "", body=body)
    finally:
        conn.close()


def _headers(target: Target, request: Request) -> dict[str, str]:
    headers = {
        "Host": target.host_header,
        "User-Agent": request.user_agent,
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    if request.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in request.cookies.items())
    return headers


def _declared_length(resp: http.client.HTTPResponse, source: str) -> int | None:
    """The Content-Length, checked as RFC 9112 says: a bad one makes the answer unusable."""
    if resp.getheader("Transfer-Encoding"):
        return None
    values = resp.msg.get_all("Content-Length") or []
    if not values:
        return None
    parts = {part.strip() for value in values for part in value.split(",")}
    if len(parts) != 1 or not _LENGTH.fullmatch(next(iter(parts))):
        shown = ", ".join(values)
        raise Failure(
            "bad_response",
            f"{source}: the server declared a length of {shown!r}, which is not a number of "
            "bytes; the answer was discarded",
        )
    return int(parts.pop())


def _read_body(resp: http.client.HTTPResponse, request: Request) -> bytes:
    """The body, decompressed, with the size cap on what it unpacks to (no gzip bombs)."""
    source, cap = request.source, request.max_bytes
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib framing
    elif encoding == "identity":
        inflater = None
    else:
        raise Failure("bad_response", f"{source} came compressed as {encoding!r}, not asked for")
    chunks, size = [], 0
    while raw := resp.read1(_CHUNK):
        data = raw if inflater is None else inflater.decompress(raw, cap + 1 - size)
        size += len(data)
        if size > cap:
            raise Failure("too_large", f"{source} is over the {mb(cap)} cap")
        if time.monotonic() > request.until:
            msg = f"{source} did not finish sending within {request.timeout:g} s"
            raise Failure("timeout", msg)
        chunks.append(data)
    return b"".join(chunks)


def _keep_cookies(resp: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    """Cookies a site sets on its way to a page (consent, session), for the next hop there."""
    for header in resp.msg.get_all("Set-Cookie") or []:
        name, sep, value = header.split(";", 1)[0].partition("=")
        name, value = name.strip(), value.strip()
        if sep and _COOKIE_NAME.fullmatch(name) and _COOKIE_VALUE.fullmatch(value):
            jar[name] = value


def _cut(why: str, request: Request, batch: Batch, stage: dict[str, bool]) -> Failure:
    """The failure of a request the watch shut down."""
    if why != "timeout":
        return batch.not_fetched(request.source, why, started=True)
    done = "finish sending" if stage["answered"] else "answer"
    return Failure("timeout", f"{request.source} did not {done} within {request.timeout:g} s")


def _broken(exc: BaseException, source: str) -> Failure:
    """A plain-language failure for a connection or protocol error, instead of a library's repr."""
    if isinstance(exc, Failure):
        return exc
    if isinstance(exc, http.client.IncompleteRead):
        why = "the server closed the connection before sending the whole page"
    elif isinstance(exc, http.client.RemoteDisconnected):
        why = "the server closed the connection without answering"
    elif isinstance(exc, http.client.HTTPException | ValueError):
        name = type(exc).__name__
        return Failure("bad_response", f"{source}: the server's answer is not valid HTTP ({name})")
    elif isinstance(exc, ConnectionRefusedError):
        why = "the connection was refused (nothing listens there)"
    elif isinstance(exc, ssl.SSLError | ssl.CertificateError):
        why = "the secure connection failed (certificate or TLS error)"
    elif isinstance(exc, ConnectionResetError | BrokenPipeError):
        why = "the server closed the connection"
    elif isinstance(exc, zlib.error):
        return Failure("bad_response", f"{source}: the compressed page could not be unpacked")
    else:
        why = f"the connection failed ({type(exc).__name__})"
    return Failure("connection_error", f"Could not reach {source}: {why}")


@functools.cache
def _tls() -> ssl.SSLContext:
    context = ssl.create_default_context()
    try:
        import certifi  # comes with trafilatura; the system store may be empty (macOS Pythons)

        context.load_verify_locations(certifi.where())
    except (ImportError, OSError, ssl.SSLError):
        pass
    return context
