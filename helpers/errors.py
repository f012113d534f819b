"""The workbook's exception family: raised at the edges, each naming the input at fault."""

from __future__ import annotations


class WireDeskError(Exception):
    """Base class of every error Wire Desk raises on purpose."""


class SourceError(WireDeskError):
    """A source given to `load_stories` cannot be understood at all (wrong type, unknown kind)."""

    def __init__(self, source: object, reason: str) -> None:
        self.source = source
        super().__init__(f"{source!r}: {reason}")


class OptionError(WireDeskError):
    """An option given to a function has a value it cannot take; names the option and value."""

    def __init__(self, option: str, value: object, reason: str) -> None:
        self.option, self.value = option, value
        super().__init__(f"{option}={value!r}: {reason}")


class SchemaError(WireDeskError):
    """A DataFrame does not meet its column contract in `helpers.schema`."""

    def __init__(self, kind: str, problems: list[str]) -> None:
        self.kind = kind
        self.problems = problems
        super().__init__(f"{kind} frame breaks its contract: " + "; ".join(problems))


class WorkbookError(WireDeskError):
    """A workbook file cannot be opened or used; the message names the file and why."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")


class TagError(WireDeskError):
    """A tag names an unknown event, status or field, or a value its field cannot hold."""

    def __init__(self, message: str, *, field: str | None = None, value: object = None) -> None:
        self.field, self.value = field, value
        super().__init__(message)


class ExportError(WireDeskError):
    """A file could not be exported (table, chart, deck, page); names the file and why."""

    def __init__(self, path: object, reason: str | None = None) -> None:
        # ExportError("message") still works: the few errors that concern no file (no browser)
        self.path = path if reason is not None else None
        super().__init__(f"{path}: {reason}" if reason is not None else str(path))


class TagImportWarning(UserWarning):
    """Some rows of a tags file were not applied; `import_tags` returns them with the reason."""


class ProfileError(WireDeskError):
    """A conflict profile (or a world-layer table) has a mistake; names the file, line and field."""

    def __init__(self, path: object, line: int | None, field: str, problem: str) -> None:
        self.path, self.line, self.field = path, line, field
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {field}: {problem}")
