"""Real HTTP against a server on 127.0.0.1: statuses, caching, retries, politeness, parallelism."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from helpers.fetch import fetch_urls, read_file

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


def test_results_keep_input_order_and_run_in_parallel(site, fast_fetch):
    urls = [site.url("/slow?n=1"), site.url("/story.html"), site.url("/slow?n=2")]
    got = fetch_urls(urls, **{**fast_fetch, "timeout": 5.0, "cache": False})
    assert [g.source for g in got] == urls
    assert all(g.ok for g in got)
    assert site.max_in_flight >= 2  # the slow pages were being served at the same time


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
