"""Real HTTP against a server on 127.0.0.1: statuses, caching, retries, politeness, parallelism."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import helpers
from helpers.errors import OptionError
from helpers.fetch import fetch_urls, read_file
from helpers.fetch.addresses import refusal

pytestmark = pytest.mark.network


def test_page_is_fetched_and_cached_on_disk(site, fast_fetch):
    url = site.url("/story.html")
    first = fetch_urls([url], **fast_fetch)[0]
    assert first.ok and first.kind == "html" and not first.from_cache
    assert b"Seym river" in first.body
    again = fetch_urls([url], **fast_fetch)[0]
    assert again.from_cache and again.body == first.body
    assert site.hits["/story.html"] == 1
    assert list(Path(fast_fetch["cache_dir"]).glob("*.body"))


def test_cache_can_be_turned_off(site, fast_fetch):
    url = site.url("/story.html")
    fetch_urls([url], **fast_fetch)
    fetch_urls([url], **{**fast_fetch, "cache": False})
    assert site.hits["/story.html"] == 2


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/nothing-here", "http_error", "404"),
        ("/gone.html", "http_error", "410"),
        ("/loop", "redirect_loop", "loop"),
        ("/doc.pdf", "not_html", "PDF"),
        ("/photo.png", "not_html", "PNG image"),
        ("/photo-as-html", "not_html", "JPEG image"),
        ("/data.json", "not_html", "JSON"),
        ("/empty.html", "empty", "empty"),
        ("/to-file", "bad_url", "not a web address"),
        ("/bad-length", "bad_response", "'abc'"),
    ],
)
def test_bad_answers_become_statuses_naming_the_url(site, fast_fetch, path, status, words):
    got = fetch_urls([site.url(path)], **fast_fetch)[0]
    assert got.status == status
    assert site.url(path) in got.error and words in got.error
    assert got.body is None


def test_timeout_is_bounded(site, fast_fetch):
    start = time.monotonic()
    got = fetch_urls([site.url("/slow")], **{**fast_fetch, "retries": 0})[0]
    assert got.status == "timeout" and "1 s" in got.error
    assert time.monotonic() - start < 2.9  # the page takes 3 s


def test_size_cap(site, fast_fetch):
    got = fetch_urls([site.url("/big.html")], **{**fast_fetch, "max_bytes": 100_000})[0]
    assert got.status == "too_large" and "0.1 MB" in got.error


def test_compressed_pages_are_unpacked_within_the_size_cap(site, fast_fetch):
    page = fetch_urls([site.url("/gzipped")], **fast_fetch)[0]
    assert page.ok and b"Seym river" in page.body
    bomb = fetch_urls([site.url("/bomb")], **{**fast_fetch, "max_bytes": 100_000})[0]
    assert bomb.status == "too_large" and site.url("/bomb") in bomb.error


def test_transient_errors_are_retried_a_bounded_number_of_times(site, fast_fetch):
    got = fetch_urls([site.url("/flaky")], **fast_fetch)[0]
    assert got.ok and site.hits["/flaky"] == 2
    bad = fetch_urls([site.url("/nothing")], **{**fast_fetch, "retries": 3})[0]
    assert bad.status == "http_error" and site.hits["/nothing"] == 1  # a 404 is not retried


def test_unreachable_host_is_a_row_not_an_exception(fast_fetch):
    got = fetch_urls(["http://127.0.0.1:9/story.html"], **{**fast_fetch, "retries": 0})[0]
    assert got.status == "connection_error"
    assert "127.0.0.1:9" in got.error and "refused" in got.error


def test_redirect_is_followed_and_final_url_kept(site, fast_fetch):
    got = fetch_urls([site.url("/moved")], **fast_fetch)[0]
    assert got.ok and got.url.endswith("/story2.html")


def test_results_keep_input_order_and_hosts_run_in_parallel(site, other_site, fast_fetch):
    urls = [site.url("/slow?n=1"), other_site.url("/story.html"), other_site.url("/slow?n=2")]
    got = fetch_urls(urls, **{**fast_fetch, "timeout": 5.0, "cache": False})
    assert [g.source for g in got] == urls
    assert all(g.ok for g in got)
    (start_a, end_a), slow_b = site.served[0], max(other_site.served, key=lambda s: s[1] - s[0])
    assert start_a < slow_b[1] and slow_b[0] < end_a  # two hosts' slow pages served at once


def test_one_request_in_flight_per_host_however_its_address_is_written(site, fast_fetch):
    port = site.base.rsplit(":", 1)[1]
    spellings = ["127.0.0.1", "0x7f.1", "2130706433", "localhost"]
    urls = [f"http://{host}:{port}/pause?n={i}" for i, host in enumerate(spellings)]
    got = fetch_urls(urls, **{**fast_fetch, "timeout": 5.0, "cache": False})
    assert [g.status for g in got] == ["ok"] * 4, [g.error for g in got]
    assert len(site.served) == 4 and site.max_in_flight == 1
    # connected to the checked address, the name as written sent in the Host header
    assert sorted(site.host_headers) == sorted(f"{host}:{port}" for host in spellings)


def test_requests_to_one_host_are_spaced_by_the_delay(site, fast_fetch):
    urls = [site.url(f"/story.html?n={i}") for i in range(4)]
    fetch_urls(urls, **{**fast_fetch, "delay": 0.3, "cache": False})
    gaps = [b - a for a, b in zip(site.arrivals, site.arrivals[1:], strict=False)]
    assert len(gaps) == 3 and min(gaps) >= 0.25


def test_files_are_read_with_their_kind(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>hello</p></body></html>")
    assert read_file(page).kind == "html"
    missing = read_file(tmp_path / "nope.txt")
    assert missing.status == "not_found" and "nope.txt" in missing.error
    pdf = tmp_path / "report.txt"
    pdf.write_bytes(b"%PDF-1.4 binary")
    assert read_file(pdf).status == "not_html"
    big = tmp_path / "big.txt"
    big.write_text("x" * 2000)
    assert read_file(big, max_bytes=1000).status == "too_large"


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_one_deadline_covers_headers_and_body(site, tmp_path, path):
    # The server sends a byte a second: every read is quick, the whole answer never is.
    start = time.monotonic()
    row = helpers.load_stories(
        site.url(path), timeout=3, retries=0, allow_private=True, cache_dir=tmp_path
    ).iloc[0]
    assert time.monotonic() - start < 9  # 3x the deadline: no hang
    assert row["status"] == "timeout" and site.url(path) in row["error"] and "3 s" in row["error"]


@pytest.mark.parametrize("host", ["127.0.0.1", "0x7f.1", "2130706433", "localhost"])
def test_loopback_is_refused_by_default(site, tmp_path, host):
    url = site.url("/story.html").replace("127.0.0.1", host)
    row = helpers.load_stories(url, cache_dir=tmp_path).iloc[0]
    assert row["status"] == "refused"
    assert url in row["error"] and "loopback" in row["error"] and "allow_private" in row["error"]
    assert site.hits["/story.html"] == 0  # refused before anything was sent


def test_a_redirect_to_the_metadata_address_is_refused(site, fast_fetch):
    got = fetch_urls([site.url("/to-metadata")], **fast_fetch)[0]  # allow_private=True
    assert got.status == "refused" and site.url("/to-metadata") in got.error
    assert "169.254.169.254" in got.error and "metadata" in got.error
    assert site.hits["/to-metadata"] == 1  # the first hop was fetched, the second refused


@pytest.mark.parametrize(
    ("address", "kind", "with_allow_private"),
    [
        ("127.0.0.1", "loopback", None),
        ("::1", "loopback", None),
        ("::ffff:127.0.0.1", "loopback", None),
        ("10.1.2.3", "private", None),
        ("192.168.0.10", "private", None),
        ("fd12::1", "private", None),
        ("100.64.0.1", "shared", None),
        ("169.254.10.1", "link-local", None),
        ("fe80::1", "link-local", None),
        ("169.254.169.254", "metadata", "metadata"),
        ("fd00:ec2::254", "metadata", "metadata"),
        ("224.0.0.251", "multicast", "multicast"),
        ("ff02::1", "multicast", "multicast"),
        ("0.0.0.0", "unspecified", "unspecified"),
        ("::", "unspecified", "unspecified"),
        ("240.0.0.1", "reserved", "reserved"),
        ("93.184.215.14", None, None),
        ("2606:4700::6810:85e5", None, None),
    ],
)
def test_address_check_names_what_each_address_is(address, kind, with_allow_private):
    # A pure check of the address alone: nothing is sent anywhere.
    said = refusal(address, allow_private=False)
    assert (kind is None and said is None) or (kind is not None and kind in (said or ""))
    allowed = refusal(address, allow_private=True)
    assert (allowed is None) if with_allow_private is None else (with_allow_private in allowed)


def test_the_batch_deadline_turns_unfinished_urls_into_timeout_rows(site, fast_fetch):
    urls = [site.url(f"/trickle-body?n={i}") for i in range(4)]  # one host: one at a time
    start = time.monotonic()
    df = helpers.load_stories(urls, **{**fast_fetch, "timeout": 30.0, "retries": 0}, deadline=2)
    assert time.monotonic() - start < 6  # 3x the deadline: no hang
    assert list(df["status"]) == ["timeout"] * 4
    for url, error in zip(df["source"], df["error"], strict=True):
        assert url in error and "deadline of 2 s" in error


def test_a_cancel_event_ends_the_batch_promptly(site, fast_fetch):
    urls = [site.url(f"/trickle-body?n={i}") for i in range(3)]
    cancel = threading.Event()

    def press_stop() -> None:
        while not site.in_flight:  # the first page is loading
            time.sleep(0.05)
        cancel.set()

    threading.Thread(target=press_stop, daemon=True).start()
    start = time.monotonic()
    df = helpers.load_stories(urls, **{**fast_fetch, "timeout": 30.0}, cancel=cancel)
    assert time.monotonic() - start < 10  # a page alone takes 30 s
    assert list(df["status"]) == ["cancelled"] * 3
    assert all(url in error for url, error in zip(df["source"], df["error"], strict=True))


@pytest.mark.parametrize(
    ("option", "value"),
    [("timeout", -1), ("retries", "two"), ("deadline", 0), ("cancel", True), ("max_bytes", None)],
)
def test_wrong_fetch_options_raise_naming_them(option, value):
    with pytest.raises(OptionError, match=option):
        helpers.load_stories("https://wire.example/story", **{option: value})
