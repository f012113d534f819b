"""Story files on disk: one file's bytes, and a folder's story files (broken links reported)."""

from __future__ import annotations

import errno
import gzip
import os
import zlib
from pathlib import Path

from helpers import config
from helpers.fetch.result import FILE_KINDS, Fetched, classify, failed, mb, reason

SIDECAR = ".meta.json"  # NAME.meta.json beside NAME.txt holds that story's metadata


def read_file(path: Path, *, max_bytes: int = config.MAX_BYTES) -> Fetched:
    """Read one story file's bytes (gzip-compressed files too); failures become statuses."""
    source = str(path)
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    suffix = suffixes[-2] if gz and len(suffixes) > 1 else (suffixes[-1] if suffixes else "")
    kind = FILE_KINDS.get(suffix, "text")
    if not path.exists():
        return broken_link(path) or failed(source, None, "not_found", f"File not found: {source}")
    try:
        if path.stat().st_size > max_bytes:
            return failed(source, None, "too_large", f"{source} is over the {mb(max_bytes)} cap")
        if gz:
            with gzip.open(path, "rb") as fh:
                raw = fh.read(max_bytes + 1)  # capped: a small .gz can unpack to gigabytes
        else:
            raw = path.read_bytes()
    except (OSError, EOFError, zlib.error) as exc:
        return failed(source, None, "unreadable", f"Could not read {source}: {reason(exc)}")
    if len(raw) > max_bytes:
        return failed(source, None, "too_large", f"{source} is over the {mb(max_bytes)} cap")
    return classify(Fetched(source=source, url=None, body=raw, kind=kind), declared=kind)


def broken_link(path: Path) -> Fetched | None:
    """A row for a symbolic link that leads nowhere or loops; None for anything else."""
    if not path.is_symlink():
        return None
    source = str(path)
    try:
        path.stat()
    except FileNotFoundError:
        target = os.readlink(path)
        msg = f"{source} links to {target}, which does not exist"
        return failed(source, None, "not_found", msg)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            msg = f"{source} is a link that loops back on itself"
            return failed(source, None, "unreadable", msg)
        return failed(source, None, "unreadable", f"Could not read {source}: {reason(exc)}")
    return None


def story_files(folder: Path) -> tuple[list[Path], list[Fetched]]:
    """The story files under `folder`, sorted, and a row for each broken link that may be one.

    Links to folders are followed, each real folder read once (so a link back up does not loop);
    hidden names and `.meta.json` sidecars are skipped.
    """
    found: list[Path] = []
    broken: list[Fetched] = []
    seen: set[Path] = set()

    def walk(where: Path) -> None:
        real = where.resolve()
        if real in seen:
            return
        seen.add(real)
        try:
            entries = list(os.scandir(where))
        except OSError as exc:
            msg = f"Could not read {where}: {reason(exc)}"
            broken.append(failed(str(where), None, "unreadable", msg))
            return
        for entry in entries:
            path = Path(entry.path)
            name = entry.name.lower()
            if name.startswith(".") or name.endswith(SIDECAR):
                continue
            if entry.is_symlink() and (row := broken_link(path)):
                if _may_be_story(name):
                    broken.append(row)
            elif entry.is_dir():
                walk(path)
            elif entry.is_file() and _is_story_name(name):
                found.append(path)

    walk(folder)
    broken.sort(key=lambda row: row.source)
    return sorted(found), broken


def _is_story_name(name: str) -> bool:
    suffix = name.removesuffix(".gz").rsplit(".", 1)[-1]
    return "." in name and f".{suffix}" in FILE_KINDS


def _may_be_story(name: str) -> bool:
    """A broken link named like a story file, or with no suffix (it may have been a folder)."""
    return _is_story_name(name) or "." not in name
