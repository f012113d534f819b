"""Writing a file whole: beside its target, then renamed over it."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path


def write_whole(path: Path, write: Callable[[Path], object]) -> None:
    """Call `write` on a temporary sibling of `path`, then rename it over `path`.

    A reader (or a watcher waiting for the file) never sees half a file, and a failed write leaves
    the previous file as it was and no temporary behind; the OSError is the caller's to name.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
