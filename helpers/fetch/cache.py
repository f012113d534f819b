"""Fetched pages on disk by URL: a body file and a small JSON file of what the server said."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

from helpers import config
from helpers.fetch.result import Fetched
from helpers.files import write_whole


class PageCache:
    """Pages under `folder` (default `data/cache/http/`), keyed by the URL as given."""

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder else config.CACHE_DIR

    def get(self, url: str) -> Fetched | None:
        """The cached page for `url`, or None."""
        body_path, meta_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
            body = body_path.read_bytes()
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
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # missing or damaged: fetch again

    def put(self, url: str, result: Fetched) -> None:
        """Keep `result` for `url`; a cache that cannot be written only costs a refetch."""
        body_path, meta_path = self._paths(url)
        meta = {
            "url": result.url,
            "kind": result.kind,
            "http_status": result.http_status,
            "content_type": result.content_type,
            "fetched_at": result.fetched_at.isoformat(),
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_whole(body_path, lambda tmp: tmp.write_bytes(result.body or b""))
            write_whole(meta_path, lambda tmp: tmp.write_text(json.dumps(meta), encoding="utf-8"))
        except OSError:
            pass

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()
        return self.folder / f"{key}.body", self.folder / f"{key}.json"
