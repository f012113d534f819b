"""Article records from bytes or text: body, metadata and wire structure. Pure: no I/O, no network.

`parse_item` turns one `RawItem` into one articles-row dict (see `schema.ARTICLES`);
`helpers.records` expands JSON story files and RSS/Atom feeds into `RawItem`s.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
import pandas as pd
from charset_normalizer import from_bytes

from helpers import config
from helpers.wire import canonical_agency, parse_wire, split_paragraphs


@dataclass
class RawItem:
    """One story's raw input plus what is already known about it (from a sidecar, feed or JSON)."""

    source: str
    kind: str  # html, text, feed_html (an HTML fragment from a feed)
    body: bytes | None = None
    text: str | None = None
    url: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    fetched_at: datetime | None = None
    note: str | None = None  # something ignored on the way in, told to the analyst


def decode(raw: bytes) -> str | None:
    """Text of `raw`: UTF-8 (with or without BOM), UTF-16 with BOM, Windows-1252, else a guess."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                return None
    try:
        text = raw.decode("utf-8")
        return None if _has_controls(text) else text
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
        if not _has_controls(text):
            return text
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw).best()
    if best is None:
        return None
    text = str(best)
    return None if _has_controls(text) else text


def parse_item(
    item: RawItem,
    engine: str = config.DEFAULT_ENGINE,
    languages: tuple[str, ...] | None = config.LANGUAGES,
) -> dict[str, Any]:
    """One articles row (a dict of `schema.ARTICLES` columns) from one raw input."""
    row: dict[str, Any] = {
        "source": item.source,
        "url": item.url,
        "fetched_at": item.fetched_at or datetime.now(UTC),
        "status": "ok",
        "error": item.note,
    }
    meta: dict[str, Any] = {}
    if item.kind == "html":
        html = item.body if item.body is not None else (item.text or "").encode("utf-8")
        row["engine"] = engine
        try:
            text, meta = _from_html(html, item.url, engine)
        except Exception as exc:  # noqa: BLE001 - a third-party engine's failure is one bad page
            return _failed(
                row,
                "parse_error",
                f"The {engine} engine failed on {item.source}: {type(exc).__name__}",
            )
    elif item.kind == "feed_html":
        text = fragment_text(item.text or "")
        row["engine"] = "feed"
    else:
        text = item.text
        if text is None:
            text = decode(item.body or b"")
            if text is None:
                return _failed(
                    row,
                    "undecodable",
                    f"{item.source} is not readable text in any encoding we recognise",
                )
        text = _clean(text)
        if _looks_like_html(text):
            text = fragment_text(text)
        row["engine"] = "text"
    meta = {**meta, **{k: v for k, v in item.hints.items() if v not in (None, "", [])}}
    wire = parse_wire(split_paragraphs(_clean(text or "")))
    body = "\n\n".join(wire.paragraphs)
    row.update(
        url=meta.get("url") or item.url,
        outlet=meta.get("outlet") or wire.agency,
        agency=wire.agency or canonical_agency(str(meta.get("outlet") or "")),
        title=meta.get("title"),
        dateline=wire.dateline,
        authors=_authors(meta.get("authors")) or _credited_authors(wire.credits),
        credits=wire.credits,
        credit_places=wire.credit_places,
        text=body,
        paragraphs=len(wire.paragraphs),
    )
    published, date_source = _published(meta, row["url"], wire.dateline_date)
    row["published"], row["date_source"] = published, date_source
    if not body.strip() or (item.kind != "text" and len(body.split()) < config.MIN_PAGE_WORDS):
        return _failed(row, "empty", f"No story text found in {item.source}")
    row["language"] = detect_language(body)
    if languages and row["language"] not in languages:
        return _failed(
            row,
            "other_language",
            f"{item.source} looks like {row['language']!r} text, not "
            f"{'/'.join(languages)}; kept, but no events will be suggested",
        )
    return row


def _credited_authors(credits: dict[str, list[str]]) -> list[str]:
    """Reporters and writers from the credits line, minus agencies and bureaux."""
    names = credits.get("reporting", []) + credits.get("writing", [])
    return [n for n in names if canonical_agency(n) is None and "bureau" not in n.lower()]


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text`, or None when it is too short to tell."""
    if len(text.split()) < config.MIN_WORDS_FOR_LANGUAGE:
        return None if not text.strip() else "en"
    import py3langid as langid  # loads its model on first use

    # The first thousand characters decide as well as the whole story, at a fraction of the cost.
    lang, _ = langid.classify(text[:1000])
    return str(lang)


def canonical_url(url: str | None) -> str | None:
    """`url` normalised for matching: lower-case host without www, no fragment, no tracking."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return url.strip()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query)
            if not k.lower().startswith(("utm_", "fbclid", "gclid", "ref"))
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def article_id(url: str | None, text: str | None, source: str) -> str:
    """Stable id: hash of the canonical URL, else of the normalised text, else of the source."""
    if url:
        key = "url:" + (canonical_url(url) or url)
    elif text and text.strip():
        key = "text:" + text_key(text)
    else:
        key = "source:" + source
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def text_key(text: str) -> str:
    """The text reduced for duplicate matching: case, spacing and quote styles folded."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate(_QUOTES)
    return hashlib.sha1(" ".join(folded.split()).encode("utf-8")).hexdigest()


def to_utc(value: Any) -> pd.Timestamp | None:
    """A tz-aware UTC timestamp to the second from a date or string; None if unparsable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateutil warns on zone names like "EST"
            stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        try:
            stamp = pd.Timestamp(parsedate_to_datetime(str(value)))
        except (ValueError, TypeError, IndexError):
            return None
    if pd.isna(stamp):
        return None
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.floor("s")


def _from_html(html: bytes, url: str | None, engine: str) -> tuple[str | None, dict[str, Any]]:
    import trafilatura

    # trafilatura's loader finds the page's encoding and repairs markup; every engine reads it
    tree = trafilatura.load_html(html)
    if tree is None:
        return None, {}
    meta = page_metadata(tree)
    if engine == "newspaper":
        text, extra = _newspaper(lxml.html.tostring(tree, encoding="unicode"), url)
    else:
        text, extra = _trafilatura(tree, url, meta)
    for key, value in extra.items():
        meta.setdefault(key, value)
    return text, {k: v for k, v in meta.items() if v}


def _trafilatura(
    tree: Any, url: str | None, meta: dict[str, Any]
) -> tuple[str | None, dict[str, Any]]:
    import trafilatura

    extra: dict[str, Any] = {}
    if "published" not in meta:
        from htmldate import find_date

        # markup only: a text search would pick up copyright years and related-story dates
        day = find_date(tree, extensive_search=False, original_date=True)
        if day:
            extra["published"] = day
    # Reader comments are not the story (and leaving them out scores better on the benchmark).
    # favor_recall skips trafilatura's second-opinion pass: 35% faster, F1 0.959 against 0.960
    # on the benchmark (bench/extraction.py).
    text = trafilatura.extract(tree, url=url, include_comments=False, favor_recall=True)
    return text, extra


def _newspaper(page: str, url: str | None) -> tuple[str | None, dict[str, Any]]:
    import newspaper

    try:
        # fetch_images=True would go to the network inside parse()
        article = newspaper.Article(url or "https://story.invalid/", fetch_images=False)
        article.download(input_html=page)
        article.parse()
    except ImportError:
        # Some page languages (Korean, Japanese, ...) need newspaper's NLTK extras, which cannot
        # be installed offline; English rules still find the body.
        article = newspaper.Article(
            url or "https://story.invalid/", fetch_images=False, language="en"
        )
        article.download(input_html=page)
        article.parse()
    extra: dict[str, Any] = {"title": article.title, "authors": list(article.authors)}
    if article.publish_date:
        extra["published"] = article.publish_date
    return article.text, extra


_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "date",
)


def page_metadata(tree: Any) -> dict[str, Any]:
    """Title, site, canonical URL, authors and publication time from a page's markup."""
    metas: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    ld = _json_ld(tree)
    out: dict[str, Any] = {
        "title": metas.get("og:title") or metas.get("twitter:title") or ld.get("headline"),
        "outlet": metas.get("og:site_name") or _name(ld.get("publisher")),
    }
    canon = tree.xpath("//link[@rel='canonical']/@href")
    out["url"] = (canon[0].strip() if canon else None) or metas.get("og:url") or ld.get("url")
    authors = [
        a for a in (metas.get("author"), metas.get("article:author")) if a and "://" not in a
    ]
    out["authors"] = _authors(authors or ld.get("author"))
    published = next((metas[k] for k in _PUBLISHED_META if k in metas), None) or ld.get(
        "datePublished"
    )
    if not published:
        times = tree.xpath("//time[@datetime]/@datetime")
        published = times[0] if times else None
    out["published"] = published
    return {k: v for k, v in out.items() if v}


def _json_ld(tree: Any) -> dict[str, Any]:
    """The first NewsArticle-like object in the page's JSON-LD, @graph lists included."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            obj = stack.pop(0)
            if not isinstance(obj, dict):
                continue
            stack.extend(obj.get("@graph", []))
            kind = obj.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k.endswith("Article") for k in kinds):
                return obj
    return {}


def _name(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
        return _name(value)
    return value if isinstance(value, str) else None


def _authors(value: Any) -> list[str]:
    """Author names from a byline string, a list of strings, or JSON-LD person objects."""
    out: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        name = _name(item)
        if not name:
            continue
        name = re.sub(r"^by\s+", "", name.strip(), flags=re.IGNORECASE)
        out.extend(p.strip() for p in re.split(r"\s*(?:,|;|\band\b)\s*", name) if p.strip())
    return out


_URL_DATE = re.compile(
    r"(?:^|[/_-])(20\d\d)[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?:[/_.-]|$)"
)
_FULL_DATE = re.compile(r"^(?P<m>[A-Z][a-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})$")


def _published(
    meta: dict[str, Any], url: str | None, dateline_date: str | None
) -> tuple[pd.Timestamp | None, str | None]:
    stamp = to_utc(meta.get("published"))
    if stamp is not None:
        return stamp, "meta"
    found = _URL_DATE.search(urlsplit(url).path) if url else None
    if found:
        return to_utc("-".join(found.groups())), "url"
    if dateline_date and _FULL_DATE.match(dateline_date):
        stamp = to_utc(dateline_date.replace(".", ""))
        if stamp is not None:
            return stamp, "text"
    return None, None


def fragment_text(html: str) -> str:
    """Paragraph text of an HTML fragment (feed content, HTML pasted as text)."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fromstring(f"<div>{html}</div>")
    except (lxml.etree.ParserError, ValueError):
        return html
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    blocks = root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")
    if not blocks:
        return str(root.text_content())
    return "\n".join(" ".join(b.text_content().split()) for b in blocks)


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return bool(re.search(r"<(html|body|p|div|article)\b[^>]*>", head)) and "</" in head


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _clean(text: str) -> str:
    """Unicode tidied for matching without changing meaning: NFC, odd spaces to plain ones."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u00a0\u2007\u202f\u2009\u200a\u3000]", " ", text)
    return re.sub(r"[\u200b\u200c\u200d\ufeff\u00ad]", "", text)


def _has_controls(text: str) -> bool:
    """True when control characters say these are not text bytes (a stray one is tolerated)."""
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return "\x00" in text or bad > max(1, len(text) // 200)


def _failed(row: dict[str, Any], status: str, error: str) -> dict[str, Any]:
    row.update(status=status, error=error)
    row.setdefault("text", None)
    return row
