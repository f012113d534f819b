"""Tag events of a workbook one write at a time, printing each write once it has returned.

    python tag_many.py WORKBOOK TAGGER N [OFFSET]

Used by the store's crash and concurrency tests: the parent kills or races this process.
"""

from __future__ import annotations

import sys

from helpers.store import Workbook


def main() -> int:
    path, tagger, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    offset = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    with Workbook(path) as wb:
        ids = list(wb.events()["event_id"])
        for i in range(n):
            event_id = ids[(offset + i) % len(ids)]
            status = ("confirmed", "edited", "rejected")[i % 3]
            wb.tag(event_id, status=status, tagger=tagger, notes=f"{tagger}-{i}")
            print(f"{event_id} {tagger}-{i}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
