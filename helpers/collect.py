"""`load_stories`: any mix of URLs, feeds, files, folders and pasted text to one articles frame.

Reading goes through `fetch`, understanding through `parse` (`records` for JSON and feeds,
`parse_all` for many at once); this module only routes inputs, holds the batch's deadline and
cancel event, folds duplicates and applies the analyst's story dates.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeAlias

import pandas as pd

from helpers import config, schema
from helpers.errors import OptionError, SourceError, WireDeskError
from helpers.fetch import (
    FILE_KINDS,
    SIDECAR,
    Batch,
    Fetched,
    check_options,
    fetch_urls,
    is_url,
    read_file,
    story_files,
)
from helpers.parse import RawItem, article_id, canonical_url, text_key, to_utc
from helpers.parse_all import parse_all
from helpers.records import (
    feed_items,
    hints_from_record,
    ignored_note,
    json_items,
    record_item,
)
from helpers.scrub import note as scrub_note
from helpers.scrub import scrub

Source: TypeAlias = str | os.PathLike[str] | Mapping[str, Any]
StoryDate: TypeAlias = str | date | datetime | pd.Timestamp | Mapping[str, Any] | None


def load_stories(
    sources: Source | Iterable[Source],
    *,
    engine: str = config.DEFAULT_ENGINE,
    story_date: StoryDate = None,
    languages: tuple[str, ...] | None = config.LANGUAGES,
    timeout: float = config.TIMEOUT_S,
    retries: int = config.RETRIES,
    delay: float = config.HOST_DELAY_S,
    max_bytes: int = config.MAX_BYTES,
    cache: bool = True,
    cache_dir: Path | str | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    deadline: float | None = config.BATCH_DEADLINE_S,
    cancel: threading.Event | None = None,
    allow_private: bool | None = None,
) -> pd.DataFrame:
    """Read stories from URLs, feeds, files, folders or pasted text into an articles frame.

    Args:
        sources: one source or a list: http(s) URLs (pages or RSS/Atom feeds), paths to
            .html/.htm/.txt/.json/.xml files (also gzip-compressed) or folders of them, dicts with
            a "text" key, or pasted story text. A `NAME.meta.json` beside a file gives its url,
            outlet, published and title.
        engine: "trafilatura" (default) or "newspaper" (newspaper4k) for HTML pages.
        story_date: the date of stories that carry none (a date, or a mapping from source or
            article_id to a date, which also overrides a date found in the story).
        languages: ISO codes of languages to accept; others get status other_language. None
            accepts every language.
        timeout, retries, delay, max_bytes, cache, cache_dir: fetching politeness, see `fetch`.
        workers: processes for parsing; None picks one per core past a few dozen inputs.
        progress: show progress bars; None shows them for large batches.
        deadline: seconds for the whole batch's fetching; URLs not fetched by then become
            `timeout` rows (what was fetched is kept). None: no limit.
        cancel: a `threading.Event`; once set, unfetched URLs and unparsed inputs become
            `cancelled` rows and the batch returns (the collector's Stop button sets one).
        allow_private: also fetch loopback, private and link-local addresses (an intranet);
            None reads `config.ALLOW_PRIVATE` (False). Cloud metadata, multicast and reserved
            addresses are never fetched.

    Returns:
        The articles frame (`schema.ARTICLES`): one row per distinct story and one per failed
        input, with `status` and a plain-language `error`.
    """
    _check(engine, deadline, cancel, timeout=timeout, retries=retries, delay=delay,
           max_bytes=max_bytes)  # fmt: skip
    batch = Batch(deadline, cancel)
    items, failures, urls = _gather(_as_list(sources), max_bytes)
    fetch = partial(
        fetch_urls,
        timeout=timeout,
        retries=retries,
        delay=delay,
        max_bytes=max_bytes,
        cache=cache,
        cache_dir=cache_dir,
        progress=progress,
        allow_private=allow_private,
        batch=batch,
    )
    _fetch_rounds(fetch, urls, items, failures)
    items = [_scrubbed(item) for item in items]
    # A Stop while fetching ends the fetching and what arrived is still read; a Stop while
    # reading (a big folder) ends the reading, unread inputs becoming `cancelled` rows.
    reading = batch.cancel if not batch.cancel.is_set() else threading.Event()
    rows = parse_all(items, engine, languages, workers, progress, reading)
    rows += [_failure_row(f) for f in failures]
    rows = [scrub(row)[0] for row in rows]  # file names may carry undecodable bytes
    rows = _fold_duplicates(rows)
    for row in rows:
        row["article_id"] = article_id(row.get("url"), row.get("text"), row["source"])
    _apply_story_dates(rows, story_date)
    return schema.validate(schema.build(rows, "articles"), "articles")


def set_story_dates(articles: pd.DataFrame, dates: Mapping[str, Any]) -> pd.DataFrame:
    """A copy of `articles` with the analyst's dates, by article_id or source.

    Example:
        >>> import helpers
        >>> arts = helpers.load_stories(["(Reuters) - Kyiv said on Tuesday it took Sudzha."])
        >>> dated = helpers.set_story_dates(arts, {arts.loc[0, "article_id"]: "2024-08-14"})
        >>> str(helpers.extract_events(dated).loc[0, "event_date"].date())
        '2024-08-13'
    """
    out = articles.copy()
    for idx, row in out.iterrows():
        value = dates.get(row["article_id"], dates.get(row["source"]))
        if value is None:
            continue
        stamp = to_utc(value)
        if stamp is None:
            raise WireDeskError(f"date {value!r} for {row['source']} is not a date")
        out.loc[idx, "published"] = stamp
        out.loc[idx, "date_source"] = "analyst"
    return schema.validate(out, "articles")


def _as_list(sources: Source | Iterable[Source]) -> list[Any]:
    if isinstance(sources, (str, os.PathLike, Mapping)):
        return [sources]
    if isinstance(sources, pd.Series):
        return list(sources)
    try:
        return list(sources)
    except TypeError:
        raise SourceError(sources, "sources must be a source or a list of sources") from None


def _check(engine: str, deadline: float | None, cancel: Any, **fetching: float) -> None:
    """Raise `OptionError` for an argument of load_stories that cannot be used."""
    if engine not in config.ENGINES:
        raise OptionError("engine", engine, f"not one of {', '.join(config.ENGINES)}")
    check_options(**fetching)
    if deadline is not None:
        check_options(deadline=deadline)
    if cancel is not None and not callable(getattr(cancel, "is_set", None)):
        raise OptionError("cancel", cancel, "must be a threading.Event (or None)")


def _gather(
    sources: list[Any], max_bytes: int
) -> tuple[list[RawItem], list[Fetched], list[tuple[str, dict[str, Any]]]]:
    """Sources read from disk or as text, their failures, and the URLs still to fetch."""
    items: list[RawItem] = []
    failures: list[Fetched] = []
    urls: list[tuple[str, dict[str, Any]]] = []
    pasted = 0
    for source in sources:
        if isinstance(source, Mapping):
            items.extend(_record_items(dict(source), f"record #{len(items) + 1}"))
        elif isinstance(source, os.PathLike):
            _from_path(Path(source), items, failures, urls, max_bytes)
        elif isinstance(source, str):
            if is_url(source):
                urls.append((scrub(source.strip())[0], {}))
            elif _looks_like_path(source):
                _from_path(Path(source), items, failures, urls, max_bytes)
            else:
                pasted += 1
                items.append(RawItem(source=f"pasted text #{pasted}", kind="text", text=source))
        else:
            raise SourceError(source, "a source must be a URL, a path, pasted text or a dict")
    return items, failures, urls


def _fetch_rounds(
    fetch: Callable[[list[str]], list[Fetched]],
    urls: list[tuple[str, dict[str, Any]]],
    items: list[RawItem],
    failures: list[Fetched],
) -> None:
    """Fetch `urls`; feeds among them may list more pages: one more round covers those."""
    for _round in range(2):
        if not urls:
            break
        wanted, urls = urls, []
        fetched = fetch([url for url, _ in wanted])
        for (_url, hints), got in zip(wanted, fetched, strict=True):
            _route(got, hints, items, failures, urls)
    for url, _ in urls:  # listed by a feed that a feed listed: followed no deeper
        why = f"{url} is listed by a feed found inside another feed; feeds are followed one deep"
        failures.append(Fetched(url, url, status="bad_feed", error=why))


def _looks_like_path(text: str) -> bool:
    if "\n" in text or len(text) > 400:
        return False
    path = Path(text.strip())
    suffixes = [s.lower() for s in path.suffixes]
    known = bool(suffixes) and (suffixes[-1] in FILE_KINDS or suffixes[-1] == ".gz")
    try:
        exists = path.exists()
    except OSError:  # a name too long to be a file: pasted text
        exists = False
    return exists or known or (os.sep in text and " " not in text.strip())


def _from_path(
    path: Path,
    items: list[RawItem],
    failures: list[Fetched],
    urls: list[tuple[str, dict[str, Any]]],
    max_bytes: int,
) -> None:
    if path.is_dir():
        files, broken = story_files(path)
        failures.extend(broken)
        for child in files:
            _from_path(child, items, failures, urls, max_bytes)
        return
    got = read_file(path, max_bytes=max_bytes)
    hints, note = _sidecar(path)
    _route(got, hints, items, failures, urls, note=note)


def _sidecar(path: Path) -> tuple[dict[str, Any], str | None]:
    stem = path.name.split(".")[0]
    side = path.with_name(stem + SIDECAR)
    if not side.exists():
        return {}, None
    try:
        rec = json.loads(side.read_text("utf-8"))
        if not isinstance(rec, dict):
            raise ValueError("not a JSON object")
    except RecursionError:
        return {}, f"ignored the metadata file {side}: it is nested too deeply"
    except (OSError, ValueError) as exc:
        return {}, f"ignored the metadata file {side}: {exc}"
    hints, ignored = hints_from_record(rec)
    return hints, ignored_note(f"the metadata file {side}", ignored)


def _route(
    got: Fetched,
    hints: dict[str, Any],
    items: list[RawItem],
    failures: list[Fetched],
    urls: list[tuple[str, dict[str, Any]]],
    note: str | None = None,
) -> None:
    """Turn one read input into raw items, failures or more URLs to fetch."""
    if not got.ok:
        failures.append(got)
        return
    body = got.body or b""
    if got.kind == "feed":
        expanded = feed_items(body, got.source)
        if isinstance(expanded, str):
            failures.append(Fetched(got.source, got.url, status="bad_feed", error=expanded))
            return
        found, links, skipped = expanded
        items.extend(found)
        urls.extend(links)
        failures.extend(Fetched(where, None, status="empty", error=why) for where, why in skipped)
    elif got.kind == "json":
        stories = json_items(body, got.source)
        if isinstance(stories, str):
            failures.append(Fetched(got.source, got.url, status="not_html", error=stories))
            return
        found, skipped = stories
        for item in found:
            item.hints = {**hints, **{k: v for k, v in item.hints.items() if v}}
            item.note = _joined(note, item.note)
        items.extend(found)
        failures.extend(Fetched(where, None, status="empty", error=why) for where, why in skipped)
    else:
        items.append(
            RawItem(
                source=got.source,
                kind=got.kind or "text",
                body=body,
                url=got.url,
                hints=hints,
                fetched_at=got.fetched_at,
                note=note,
            )
        )


def _record_items(rec: dict[str, Any], source: str) -> list[RawItem]:
    text = rec.get("text")
    if not isinstance(text, str):
        raise SourceError(rec, "a story dict needs a 'text' string")
    named = rec.get("source") if isinstance(rec.get("source"), str) else None
    return [record_item(rec, text, named, fallback=source)]


def _scrubbed(item: RawItem) -> RawItem:
    """`item` with lone surrogates replaced in its text, names and hints, and a note saying so."""
    source, _ = scrub(item.source)
    text, in_text = scrub(item.text)
    url, in_url = scrub(item.url)
    hints, in_hints = scrub(item.hints)
    count = in_text + in_url + in_hints
    if not count and source == item.source:
        return item
    note = _joined(item.note, scrub_note(count, source))
    return replace(item, source=source, text=text, url=url, hints=hints, note=note)


def _joined(*notes: str | None) -> str | None:
    return "; ".join(n for n in notes if n) or None


def _failure_row(got: Fetched) -> dict[str, Any]:
    return {
        "source": got.source,
        "url": got.url,
        "fetched_at": got.fetched_at,
        "status": got.status,
        "error": got.error,
    }


def _fold_duplicates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per story: same canonical URL or same text folds into the first seen."""
    kept: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    for row in rows:
        keys = [f"source:{row['source']}"]
        if row.get("url"):
            keys.append(f"url:{canonical_url(row['url'])}")
        if row.get("text"):
            keys.append(f"text:{text_key(row['text'])}")
        first = next((by_key[k] for k in keys if k in by_key), None)
        if first is None:
            row["duplicates"] = []
            kept.append(row)
            first = row
        elif first is not row:
            first["duplicates"].append(row["source"])
            for field, value in row.items():
                if field != "duplicates" and first.get(field) in (None, "", []) and value:
                    first[field] = value
        for key in keys:
            by_key.setdefault(key, first)
    return kept


def _apply_story_dates(rows: list[dict[str, Any]], story_date: StoryDate) -> None:
    if story_date is None:
        return
    if isinstance(story_date, Mapping):
        for row in rows:
            value = story_date.get(row["source"], story_date.get(row["article_id"]))
            stamp = to_utc(value) if value is not None else None
            if stamp is not None:
                row["published"], row["date_source"] = stamp, "analyst"
        return
    stamp = to_utc(story_date)
    if stamp is None:
        raise WireDeskError(f"story_date {story_date!r} is not a date")
    for row in rows:
        if row.get("status") == "ok" and row.get("published") is None:
            row["published"], row["date_source"] = stamp, "analyst"
