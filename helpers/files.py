"""Files the workbook writes: a file written whole (beside its target, then renamed over it),
names made safe, and the one rule for explicit export paths."""

from __future__ import annotations

import errno
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

from helpers.errors import ExportError

NAME_MAX = 255  # bytes in one file name on the usual file systems (ext4, xfs, tmpfs, btrfs)


def write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write` on a temporary sibling of `path`, then rename it over `path`.

    A reader (or a watcher waiting for the file) never sees half a file, and a failed write leaves
    the previous file as it was and no temporary behind; the OSError is the caller's to name.
    """
    # the temporary's name is kept short: a target name near the limit must still have one
    tmp = path.with_name(f".{path.name[:80]}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def publish(path: Path, write: Callable[[Path], object]) -> Path:
    """`write_whole`, with a full disk or a read-only folder raised as an `ExportError`."""
    try:
        write_whole(path, write)
    except OSError as exc:
        raise ExportError(path, f"could not be written ({_reason(exc)}); "
                          "a file there before is unchanged") from exc  # fmt: skip
    return path


def safe_filename(title: str, suffix: str = "") -> str:
    """A file name from a title: letters, digits, dashes; no folders, no traversal.

    Example:
        >>> safe_filename("Front line: day 7 / <script>", ".csv")
        'Front-line-day-7-script.csv'
    """
    stem = re.sub(r"[^\w-]+", "-", title, flags=re.UNICODE).strip("-._")[:80] or "untitled"
    return stem + suffix


def with_suffix(path: Path, suffix: str, accepted: tuple[str, ...] = ()) -> Path:
    """`path` ending in the format's `suffix`: kept when it ends so already (or in one of
    `accepted`), else the suffix is added, so no dot in a name is lost or taken for a format.

    Example:
        >>> [with_suffix(Path(p), ".pptx").name for p in ("deck.pptx", "brief.v2", "con.txt")]
        ['deck.pptx', 'brief.v2.pptx', 'con.txt.pptx']
    """
    name = path.name
    if any(name.lower().endswith(s) and len(name) > len(s) for s in (suffix, *accepted)):
        return path
    return path.with_name(name + suffix)


def check_target(path: Path, *, overwrite: bool) -> Path:
    """Refuse an export path that cannot be the file asked for, then make its folder.

    Raises `ExportError` naming the path: a folder ("reports", "out/.."), a name longer than
    the file system allows, an existing file without `overwrite`, or a folder that cannot be
    made.
    """
    if path.name in ("", ".", ".."):
        raise ExportError(path, "names a folder, not a file; give a file name in it")
    check_names(path)
    try:
        if path.is_dir():
            raise ExportError(path, "is a folder; give a file name in it")
        if path.exists() and not overwrite:
            raise ExportError(path, "exists already; pass overwrite=True to replace it")
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(path, f"cannot be written there ({_reason(exc)})") from exc
    return path


def check_names(path: Path) -> None:
    """Refuse a path with a file or folder name longer than file systems allow, naming it."""
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX:
            raise ExportError(path, f"the name {part[:24]}... is {size} bytes long; file "
                              f"systems allow {NAME_MAX}: choose a shorter one")  # fmt: skip


def _reason(exc: OSError) -> str:
    """An OSError in plain words, a full disk said as such."""
    if exc.errno == errno.ENOSPC:
        return f"the disk is full: {exc.strerror or 'no space left'}"
    return exc.strerror or str(exc)
