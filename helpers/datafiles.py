"""An analyst's data files (YAML and CSV) read with the line of every value, so that a mistake
is reported as `file:line: field: problem` (`ProfileError`), never as a parser's traceback."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from helpers.errors import ProfileError


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping key and list item."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {}
    for key_node, value_node in node.value:
        lines[loader.construct_object(key_node)] = key_node.start_mark.line + 1
        if isinstance(value_node, yaml.SequenceNode):
            lines[(loader.construct_object(key_node), "items")] = [
                item.start_mark.line + 1 for item in value_node.value
            ]
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        doc = yaml.load(path.read_text("utf-8"), Loader=_LineLoader)  # noqa: S506 (a safe loader)
    except OSError as exc:
        raise ProfileError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise ProfileError(path, line, "file", f"is not valid YAML: {exc.problem}") from None
    if not isinstance(doc, dict):
        raise ProfileError(path, 1, "file", "should hold a mapping of keys (name:, sides:, ...)")
    return doc


class Spec:
    """A mapping read from a profile file, whose getters check types and name the line."""

    def __init__(self, path: Path, doc: dict[str, Any], prefix: str = "") -> None:
        self.path, self.doc, self.prefix = path, doc, prefix
        self.lines: dict[Any, Any] = doc.get("__lines__", {})

    def line(self, key: str) -> int | None:
        value = self.lines.get(key)
        return value if isinstance(value, int) else None

    def raw(self, key: str) -> Any:
        return self.doc.get(key)

    def _fail(self, key: str, problem: str) -> ProfileError:
        return ProfileError(self.path, self.line(key), self.prefix + key, problem)

    def text(self, key: str, default: str) -> str:
        value = self.doc.get(key, default)
        if not isinstance(value, (str, int, float)):
            raise self._fail(key, f"should be text, is {type(value).__name__}")
        return str(value)

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.doc.get(key) or {}
        if not isinstance(value, dict):
            raise self._fail(key, f"should be a mapping (key: value), is {type(value).__name__}")
        return {k: v for k, v in value.items() if k != "__lines__"}

    def items(self, key: str) -> list[tuple[Any, int | None]]:
        value = self.doc.get(key) or []
        if not isinstance(value, list):
            raise self._fail(key, f"should be a list (- item), is {type(value).__name__}")
        lines = self.lines.get((key, "items"), [None] * len(value))
        return list(zip(value, lines, strict=True))

    def strings(self, key: str) -> list[str]:
        out = []
        for item, line in self.items(key):
            if not isinstance(item, (str, int, float)):
                raise ProfileError(self.path, line, self.prefix + key, f"{item!r} is not text")
            out.append(str(item))
        return out

    def pairs(self, key: str) -> list[tuple[str, int | None]]:
        return [(k, self.line_in(key, k)) for k in self.mapping(key)]

    def line_in(self, key: str, sub: str) -> int | None:
        value = self.doc.get(key)
        lines = value.get("__lines__", {}) if isinstance(value, dict) else {}
        found = lines.get(sub)
        return found if isinstance(found, int) else self.line(key)

    def child(self, key: str, sub: str, body: Any) -> Spec:
        where = f"{self.prefix}{key}.{sub}." if key != sub else f"{self.prefix}{key}."
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise ProfileError(self.path, self.line_in(key, sub), where.rstrip("."),
                               f"should be a mapping, is {type(body).__name__}")  # fmt: skip
        return Spec(self.path, body, where)


def read_csv(path: Path, required: tuple[str, ...],
             columns: tuple[str, ...] = ()) -> Iterator[tuple[dict[str, str], str]]:  # fmt: skip
    """Rows of a CSV table with `file:line` for messages; a missing required cell is an error,
    and so is a header without the required columns or the other `columns` (which may be empty)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ProfileError(path, None, "file", f"cannot be read ({exc.strerror})") from None
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in (*required, *columns) if c not in (reader.fieldnames or [])]
        if missing:
            raise ProfileError(path, 1, missing[0], "column missing from the header")
        for row in reader:
            for col in required:
                if not (row.get(col) or "").strip():
                    raise ProfileError(path, reader.line_num, col, "is empty")
            yield {k: (v or "").strip() for k, v in row.items() if k}, f"{path}:{reader.line_num}"


def split_cell(cell: str) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]
