"""Shared fixtures: the shared seed data, and a real HTTP server on 127.0.0.1 serving test pages."""

from __future__ import annotations

import contextlib
import errno
import gzip
import ipaddress
import os
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import helpers
from helpers import config
from helpers.store import Workbook

TESTS = Path(__file__).resolve().parent
PAGES = TESTS / "pages"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the project; under CI its absence fails the run instead of skipping."""
    if not config.SHARED_DIR.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{config.SHARED_DIR} is missing; CI must have the shared data")
        pytest.skip(f"{config.SHARED_DIR} is missing")
    return config.SHARED_DIR


def require(tool: str) -> str:
    """Path of a system tool a test needs; a missing one skips the test, or fails it under CI."""
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"CI must have {tool}: `make test` installs it when it runs as root")
    pytest.skip(f"{tool} is not installed")
    raise AssertionError  # not reached: skip raises


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return shared_dir / "seeds" / "000_b9689d28a3ed4c18.txt"


class Site:
    """What the loopback server serves and how often each path was asked for."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.base = ""
        self.arrivals: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.host_headers: list[str] = []
        self.served: list[tuple[float, float]] = []  # (start, end) of each request, monotonic
        self._lock = threading.Lock()

    def enter(self, host_header: str) -> float:
        with self._lock:
            self.arrivals.append(time.monotonic())
            self.host_headers.append(host_header)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return self.arrivals[-1]

    def leave(self, start: float) -> None:
        with self._lock:
            self.in_flight -= 1
            self.served.append((start, time.monotonic()))

    def url(self, path: str) -> str:
        return self.base + path


def _routes() -> dict[str, tuple[int, str, bytes]]:
    story = (PAGES / "story.html").read_bytes()
    story2 = (PAGES / "story2.html").read_bytes()
    return {
        "/story.html": (200, "text/html; charset=utf-8", story),
        "/story-copy.html": (200, "text/html; charset=utf-8", story),
        "/story2.html": (200, "text/html; charset=utf-8", story2),
        "/plain.txt": (
            200,
            "text/plain; charset=utf-8",
            "KYIV (AP) — Ukraine said its troops pushed further into Russia’s Kursk "
            "region on Friday, a claim Moscow denied. The AP could not independently "
            "confirm either side’s account of the fighting near the town of Sudzha, "
            "which lies about 10 km from the border.".encode(),
        ),
        "/doc.pdf": (200, "application/pdf", b"%PDF-1.7\n%binary\n1 0 obj\n<<>>\nendobj\n"),
        "/photo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        "/photo-as-html": (200, "text/html", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        "/data.json": (200, "application/json", b'{"settlements": 74}'),
        "/empty.html": (200, "text/html", b""),
        "/blank.html": (200, "text/html", b"<html><body><nav>Home</nav></body></html>"),
        "/big.html": (
            200,
            "text/html",
            b"<html><body><p>" + b"Kursk " * 40_000 + b"</p></body></html>",
        ),
        "/feed.xml": (200, "application/rss+xml", (PAGES / "feed.xml").read_bytes()),
        "/gone.html": (410, "text/html", b"<h1>Gone</h1>"),
    }


def _handler(site: Site, routes: dict[str, tuple[int, str, bytes]]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            start = site.enter(self.headers.get("Host", ""))
            try:
                self._get()
            finally:
                site.leave(start)

        def _get(self) -> None:
            path = self.path.split("?")[0]
            site.hits[path] += 1
            if path == "/loop":
                self._send(302, "text/html", b"", {"Location": "/loop"})
            elif path == "/moved":
                self._send(301, "text/html", b"", {"Location": "/story2.html"})
            elif path == "/slow":
                time.sleep(1.5 if "n=" in self.path else 3)
                self._send(200, "text/html", b"<html><body><p>late</p></body></html>")
            elif path == "/pause":
                time.sleep(0.3)
                self._send(*routes["/story.html"])
            elif path == "/trickle-body":
                self._trickle_body()
            elif path == "/trickle-headers":
                self._trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Pad: " + b"a" * 30)
            elif path == "/bad-length":
                body = routes["/story.html"][2]
                self._send(200, "text/html", body, {"Content-Length": "abc"})
            elif path == "/to-file":
                self._send(302, "text/html", b"", {"Location": "file:///etc/passwd"})
            elif path in ("/gzipped", "/bomb"):
                raw = routes["/story.html"][2] if path == "/gzipped" else bytes(20_000_000)
                packed = gzip.compress(raw, compresslevel=6)
                self._send(200, "text/html", packed, {"Content-Encoding": "gzip"})
            elif path == "/to-metadata":
                where = "http://169.254.169.254/latest/meta-data/"
                self._send(302, "text/html", b"", {"Location": where})
            elif path == "/flaky" and site.hits[path] == 1:
                self._send(503, "text/html", b"busy")
            elif path == "/flaky":
                self._send(*routes["/story2.html"])
            elif path == "/feed.xml":
                code, ctype, body = routes[path]
                self._send(code, ctype, body.replace(b"{BASE}", site.base.encode()))
            elif path in routes:
                self._send(*routes[path])
            else:
                self._send(404, "text/html", b"<h1>Not found</h1>")

        def _trickle_body(self) -> None:
            """Headers at once, then a declared 30-byte body at one byte a second."""
            head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 30\r\n\r\n"
            self._trickle(head, b"x" * 30)

        def _trickle(self, fast: bytes, slow: bytes = b"") -> None:
            """Send `fast`, then `slow` (or the end of `fast`'s headers) one byte a second."""
            if not slow:
                fast, slow = fast[:-30], fast[-30:]
            try:
                self.wfile.write(fast)
                for byte in slow:  # bounded: at most 30 s, and it ends when the client leaves
                    time.sleep(1.0)
                    self.wfile.write(bytes([byte]))
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True

        def _send(
            self, code: int, ctype: str, body: bytes, headers: dict[str, str] | None = None
        ) -> None:
            try:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                if "Content-Length" not in (headers or {}):
                    self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeouts, size caps): that is the point of the test

    return Handler


class _Server(ThreadingHTTPServer):
    # The default listen backlog is 5: with eight parallel fetches some connects waited for a
    # SYN retry (1 s) and a 1-second timeout test failed now and then.
    request_queue_size = 64


@contextlib.contextmanager
def _serving(host: str) -> Iterator[Site]:
    state = Site()
    server = _Server((host, 0), _handler(state, _routes()))
    server.daemon_threads = True
    state.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture()
def site() -> Iterator[Site]:
    """A real HTTP server on 127.0.0.1 (random port) for the duration of one test."""
    with _serving("127.0.0.1") as state:
        yield state


@pytest.fixture()
def other_site() -> Iterator[Site]:
    """A second server, on 127.0.0.2: another host of the loopback range."""
    with _serving("127.0.0.2") as state:
        yield state


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test sends traffic off this machine: a connect elsewhere is refused and fails the test.

    The address checks in `helpers.fetch` should stop such connects first; this proves it.
    """
    attempts: list[object] = []
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def loopback(sock: socket.socket, address: object) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True
        host = str(address[0]) if isinstance(address, tuple) else ""
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False
        return all(ipaddress.ip_address(i[4][0].split("%")[0]).is_loopback for i in infos)

    def connect(sock: socket.socket, address: object) -> None:
        if not loopback(sock, address):
            attempts.append(address)
            raise PermissionError(f"test guard: {address} is not on this machine")
        real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: object) -> int:
        if not loopback(sock, address):
            attempts.append(address)
            return errno.EACCES
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    yield
    assert not attempts, f"a test tried to connect off this machine: {attempts}"


@pytest.fixture()
def fast_fetch(tmp_path: Path) -> dict[str, object]:
    """Fetch settings for tests: short timeout, no politeness delay, a private cache."""
    return {
        "timeout": 1.0,
        "retries": 1,
        "delay": 0.0,
        "cache_dir": tmp_path / "cache",
        "allow_private": True,  # the test server is on loopback, refused by default
    }


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workbook holding the sample corpus, built once; tests get copies."""
    path = tmp_path_factory.mktemp("template") / "samples.sqlite"
    with Workbook(path) as wb:
        wb.add_stories(helpers.load_stories(config.SAMPLES_DIR, progress=False))
        wb._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture()
def wb(sample_workbook: Path, tmp_path: Path):
    path = tmp_path / "wb.sqlite"
    shutil.copy(sample_workbook, path)
    with Workbook(path) as book:
        yield book
