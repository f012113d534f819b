"""Notebook widgets over the workbook: `StoryCollector` (notebook 01) and `EventTagger` (02).

Each widget is a small class with private child widgets, a `layout` to display and a `value`;
handlers only call plain functions and the store, and show any error in an Output the analyst
sees. Every action is saved through the store before the next item shows. Sides, colours and
the deck's words come from the workbook's conflict profile (`Workbook.profile`).
"""

from __future__ import annotations

import html
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from helpers import config, schema
from helpers.collect import load_stories
from helpers.files import safe_filename
from helpers.profile import OTHER
from helpers.store import STATUSES, Workbook, default_tagger
from helpers.summary import failure_table, story_table

_ALL = "(all)"
_HEIGHT = 720  # the charts' slide margins need room in a notebook
# Dropdowns show a blank for a None value, so "unknown" gets a value of its own.
_VERIFIED = [("unknown", "unknown"), ("not verified", "no"), ("verified", "yes")]
_VERIFIED_VALUE: dict[str, bool | None] = {"unknown": None, "no": False, "yes": True}
_PRECISIONS = ["", "day", "week", "month", "year"]


def story_html(text: str, start: int, end: int, context: int = 1) -> str:
    """The paragraph(s) around text[start:end] as escaped HTML with that span highlighted."""
    paragraphs, offset = [], 0
    for part in text.split("\n\n"):
        paragraphs.append((offset, offset + len(part)))
        offset += len(part) + 2
    hit = next((i for i, (s, e) in enumerate(paragraphs) if s <= start <= e), 0)
    lo, hi = max(0, hit - context), min(len(paragraphs), hit + context + 1)
    out = []
    for s, e in paragraphs[lo:hi]:
        if s <= start <= e:
            piece = (
                html.escape(text[s:start])
                + "<mark>" + html.escape(text[start:min(end, e)]) + "</mark>"
                + html.escape(text[min(end, e):e])
            )  # fmt: skip
        else:
            piece = html.escape(text[s:e])
        out.append(f"<p>{piece}</p>")
    return "".join(out)


def evidence_html(evidence: dict[str, Any]) -> str:
    """The phrases behind each suggested field, escaped, as a small table."""
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{html.escape(str(k))}</th>"
        f"<td>{html.escape(', '.join(map(str, v)) if isinstance(v, list) else str(v))}</td></tr>"
        for k, v in evidence.items()
    )
    return f"<table>{rows}</table>" if rows else "<i>no evidence recorded</i>"


class _Widget:
    """What every widget here has: a layout to display, a value, and an Output for errors."""

    _out: w.Output

    @property
    def layout(self) -> w.Widget:
        raise NotImplementedError

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.layout)  # type: ignore[no-untyped-call]

    def _safely(self, action: Callable[[], None]) -> Callable[..., None]:
        """A click handler that shows errors to the analyst instead of losing them in a log."""

        def handler(_: Any = None) -> None:
            if self._out.outputs:
                self._out.clear_output()
            try:
                action()
            except Exception as exc:  # noqa: BLE001 - every failure must reach the analyst
                self._say(f"Not done: {exc}")

        return handler

    def _say(self, message: str) -> None:
        """A line in the widget's Output (append_stdout works with or without a kernel)."""
        self._out.append_stdout(message + "\n")


class EventTagger(_Widget):
    """Confirm, correct or reject suggested events one by one; every click is saved first."""

    def __init__(self, workbook: Workbook, *, tagger: str | None = None, status: str = "suggested",
                 context: int = 1) -> None:  # fmt: skip
        self._wb = workbook
        self._context = context
        sides = workbook.side_names()
        self._frame = workbook.events()
        self._fresh: dict[str, dict[str, Any]] = {}
        self._texts: dict[str, str] = {}
        self._queue: list[str] = []
        self._pos = 0
        self._counts = workbook.counts()

        self._out = w.Output()
        self._w_tagger = w.Text(value=tagger or default_tagger(), description="Tagger")
        arts = workbook.articles()
        titles = arts["title"].fillna(arts["text"].str.slice(0, 60))
        self._w_story = w.Dropdown(
            options=[(_ALL, None)]
            + list(zip(titles.str.slice(0, 70), arts["article_id"], strict=True)),  # fmt: skip
            description="Story",
        )
        self._w_status = w.Dropdown(options=[_ALL, "suggested", *STATUSES, "needs review"],
                                    value=status, description="Status")  # fmt: skip
        self._w_type = w.Dropdown(options=[_ALL, *schema.EVENT_TYPES], description="Type")
        self._w_side = w.Dropdown(options=[_ALL, *sides], description="Side")
        outlets = sorted(arts["outlet"].dropna().unique())
        self._w_outlet = w.Dropdown(options=[_ALL, *outlets], description="Outlet")
        self._w_progress = w.HTML()
        self._w_text = w.HTML()
        self._w_evidence = w.HTML()
        self._w_event_type = w.Dropdown(options=list(schema.EVENT_TYPES), description="Type")
        self._w_actor = w.Text(description="Actor")
        self._w_target = w.Text(description="Target")
        self._w_claimant = w.Text(description="Claimant")
        self._w_side_edit = w.Dropdown(options=sides, description="Side")
        self._w_date = w.DatePicker(description="Date")
        self._w_precision = w.Dropdown(options=_PRECISIONS, description="Precision")
        self._w_places = w.Text(description="Places", placeholder="comma-separated")
        self._w_quantity = w.Text(description="Quantity")
        self._w_verified = w.Dropdown(options=_VERIFIED, description="Verified")
        self._w_notes = w.Textarea(description="Notes", rows=2)
        self._w_key = w.Checkbox(description="key event")
        self._b_accept = w.Button(description="Accept", button_style="success", icon="check")
        self._b_save = w.Button(description="Save edits", button_style="info", icon="pencil")
        self._b_reject = w.Button(description="Reject", button_style="danger", icon="times")
        self._b_skip = w.Button(description="Skip", icon="forward")
        self._b_back = w.Button(description="Back", icon="backward")
        self._b_undo = w.Button(description="Undo", icon="undo")
        self._w_add_type = w.Dropdown(options=list(schema.EVENT_TYPES), description="Type")
        self._w_add_sentence = w.Textarea(description="Words", rows=2,
                                          placeholder="the words in the story")  # fmt: skip
        self._w_add_date = w.DatePicker(description="Date")
        self._w_add_places = w.Text(description="Places", placeholder="comma-separated")
        self._b_add = w.Button(description="Add missed event", icon="plus")

        self._b_accept.on_click(self._safely(self.accept))
        self._b_save.on_click(self._safely(self.save_edits))
        self._b_reject.on_click(self._safely(self.reject))
        self._b_skip.on_click(self._safely(self.skip))
        self._b_back.on_click(self._safely(self.back))
        self._b_undo.on_click(self._safely(self.undo))
        self._b_add.on_click(self._safely(self.add_missed))
        for f in (self._w_story, self._w_status, self._w_type, self._w_side, self._w_outlet):
            f.observe(lambda _: self._safely(self.refresh)(), names="value")
        self._layout = self._build_layout()
        self.refresh()

    # ---- public ---------------------------------------------------------------------------
    @property
    def layout(self) -> w.Widget:
        return self._layout

    @property
    def value(self) -> dict[str, Any] | None:
        """The event on screen (merged with its tag), or None when the queue is done."""
        if not self._queue or self._pos >= len(self._queue):
            return None
        event_id = self._queue[self._pos]
        if event_id in self._fresh:
            return dict(self._fresh[event_id])
        return dict(self._frame.loc[event_id])

    @property
    def queue(self) -> list[str]:
        """The event ids the current filters select, in story order."""
        return list(self._queue)

    def refresh(self) -> None:
        """Re-read the workbook and apply the filters; start at the first event."""
        self._frame = self._wb.events().set_index("event_id", drop=False)
        self._fresh = {}
        self._counts = self._wb.counts()
        frame = self._frame
        picks = {
            "article_id": self._w_story.value, "event_type": self._w_type.value,
            "claimant_side": self._w_side.value,
        }  # fmt: skip
        for column, wanted in picks.items():
            if wanted not in (None, _ALL):
                frame = frame[frame[column] == wanted]
        status = self._w_status.value
        if status == "needs review":
            frame = frame[frame["needs_review"].fillna(False).astype(bool)]
        elif status != _ALL:
            frame = frame[frame["status"] == status]
        if self._w_outlet.value != _ALL:
            frame = frame[frame["outlet"] == self._w_outlet.value]
        self._queue = list(frame.index)
        self._pos = 0
        self._show()

    def accept(self) -> None:
        """Confirm the suggestion as it stands (notes and key flag kept)."""
        self._tag("confirmed", **self._extras())

    def save_edits(self) -> None:
        """Save the edited fields (status edited; confirmed when nothing changed)."""
        changes = self._edits()
        self._tag("edited" if changes else "confirmed", **changes, **self._extras())

    def reject(self) -> None:
        """Reject the suggestion."""
        self._tag("rejected", **self._extras())

    def skip(self) -> None:
        """Move on without saving anything."""
        self._move(+1)

    def back(self) -> None:
        """Go back one event."""
        self._move(-1)

    def undo(self) -> None:
        """Undo this tagger's last tag and show that event again."""
        event_id = self._wb.undo(self._tagger())
        if event_id is None:
            self._say("Nothing to undo.")
            return
        self._reload(event_id)
        self._counts = self._wb.counts()
        if event_id not in self._queue:
            self._queue.insert(self._pos, event_id)
        self._pos = self._queue.index(event_id)
        self._show()

    def add_missed(self) -> None:
        """Add an event the extractor missed, in the story on screen."""
        current = self.value
        if current is None:
            raise ValueError("no story on screen to add an event to")
        fields: dict[str, Any] = {"event_type": self._w_add_type.value}
        if self._w_add_date.value:
            fields["event_date"] = self._w_add_date.value.isoformat()
        places = _split(self._w_add_places.value)
        if places:
            fields["places"] = places
        sentence = str(self._w_add_sentence.value).strip()
        event_id = self._wb.add_event(
            current["article_id"], tagger=self._tagger(), sentence=sentence, **fields
        )
        self._reload(event_id)
        self._counts["confirmed"] += 1
        self._w_add_sentence.value = ""
        self._w_add_places.value = ""
        self._say(f"Added {self._w_add_type.value} event {event_id}.")
        self._show()

    # ---- internals ------------------------------------------------------------------------
    def _tagger(self) -> str:
        name = str(self._w_tagger.value).strip()
        if not name:
            raise ValueError("type your name in Tagger first")
        return name

    def _tag(self, status: str, **fields: Any) -> None:
        current = self.value
        if current is None:
            raise ValueError("no event on screen")
        event_id = current["event_id"]
        self._wb.tag(event_id, status=status, tagger=self._tagger(), **fields)  # saved first
        self._counts[current["status"]] -= 1
        self._counts[status] += 1
        self._reload(event_id)
        self._move(+1)

    def _reload(self, event_id: str) -> None:
        # One row re-read from the store; the big frame is left alone so a click stays cheap.
        self._fresh[event_id] = self._wb.events(event_id=event_id).iloc[0].to_dict()

    def _move(self, step: int) -> None:
        self._pos = min(max(0, self._pos + step), len(self._queue))
        self._show()

    def _extras(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self._w_notes.value.strip():
            out["notes"] = self._w_notes.value.strip()
        if self._w_key.value:
            out["key"] = True
        return out

    def _edits(self) -> dict[str, Any]:
        cur = self.value or {}
        shown = {
            "event_type": self._w_event_type.value,
            "actor": self._w_actor.value.strip() or None,
            "target": self._w_target.value.strip() or None,
            "claimant": self._w_claimant.value.strip() or None,
            "claimant_side": self._w_side_edit.value,
            "event_date": self._w_date.value.isoformat() if self._w_date.value else None,
            "date_precision": self._w_precision.value or None,
            "places": _split(self._w_places.value),
            "quantity": _number(self._w_quantity.value),
            "verified": _VERIFIED_VALUE[self._w_verified.value],
        }
        before = {k: _field(cur, k) for k in shown}
        return {k: v for k, v in shown.items() if v != before[k]}

    def _show(self) -> None:
        done = sum(self._counts[s] for s in STATUSES)
        total = sum(self._counts.values())
        n = len(self._queue)
        where = f"{min(self._pos + 1, n)} of {n}" if n else "0 of 0"
        self._w_progress.value = (
            f"<b>Event {where}</b> in this view · {done} of {total} tagged: "
            + " · ".join(f"{k} {v}" for k, v in self._counts.items())
        )
        cur = self.value
        if cur is None:
            self._w_text.value = (
                "<p><i>Nothing left in this view. Change the filters to see more.</i></p>"
            )
            self._w_evidence.value = ""
            return
        text = self._text(cur["article_id"])
        self._w_text.value = story_html(text, int(cur["char_start"]), int(cur["char_end"]),
                                        self._context)  # fmt: skip
        self._w_evidence.value = evidence_html(cur["evidence"]) + (
            "<p><b>Suggestion changed since it was tagged: please review.</b></p>"
            if _truthy(cur.get("needs_review")) else ""
        )  # fmt: skip
        self._w_event_type.value = cur["event_type"]
        self._w_actor.value = _text(cur["actor"])
        self._w_target.value = _text(cur["target"])
        self._w_claimant.value = _text(cur["claimant"])
        side = cur["claimant_side"] if isinstance(cur["claimant_side"], str) else OTHER
        if side not in self._w_side_edit.options:  # a side tagged since the tagger opened
            self._w_side_edit.options = [*self._w_side_edit.options, side]
        self._w_side_edit.value = side
        self._w_date.value = None if pd.isna(cur["event_date"]) else cur["event_date"].date()
        self._w_precision.value = (
            cur["date_precision"] if isinstance(cur["date_precision"], str) else ""
        )
        self._w_places.value = ", ".join(cur["places"])
        self._w_quantity.value = "" if pd.isna(cur["quantity"]) else f"{cur['quantity']:g}"
        self._w_verified.value = (
            "unknown" if pd.isna(cur["verified"]) else "yes" if cur["verified"] else "no"
        )
        self._w_notes.value = _text(cur.get("notes"))
        self._w_key.value = _truthy(cur.get("key"))

    def _text(self, article_id: str) -> str:
        if article_id not in self._texts:
            arts = self._wb.articles(article_id=article_id)
            self._texts[article_id] = arts.loc[0, "text"] if len(arts) else ""
        return self._texts[article_id]

    def _build_layout(self) -> w.Widget:
        filters = w.HBox([self._w_story, self._w_status, self._w_type, self._w_side,
                          self._w_outlet], layout=w.Layout(flex_flow="row wrap"))  # fmt: skip
        fields = w.VBox([
            w.HBox([self._w_event_type, self._w_side_edit, self._w_verified]),
            w.HBox([self._w_actor, self._w_target, self._w_claimant]),
            w.HBox([self._w_date, self._w_precision, self._w_quantity]),
            w.HBox([self._w_places, self._w_key]),
            self._w_notes,
        ])  # fmt: skip
        buttons = w.HBox([self._b_accept, self._b_save, self._b_reject, self._b_skip,
                          self._b_back, self._b_undo])  # fmt: skip
        add = w.Accordion(children=[w.VBox([
            w.HBox([self._w_add_type, self._w_add_date]), self._w_add_sentence,
            self._w_add_places, self._b_add,
        ])], titles=("Add an event the suggestions missed",))  # fmt: skip
        return w.VBox([
            w.HBox([self._w_tagger]), filters, self._w_progress, self._w_text,
            w.HTML("<b>Why it was suggested</b>"), self._w_evidence, fields, buttons, add,
            self._out,
        ])  # fmt: skip


class StoryCollector(_Widget):
    """Paste URLs or story text, upload saved pages, set a date; stories go into the workbook.

    A batch loads in the background so that Stop can end it: URLs not fetched by then become
    `cancelled` rows in the failures table, and what arrived is stored.

    Args:
        workbook: where the stories go.
        uploads: folder for uploaded files (default `data/uploads/`).
        load_options: more `load_stories` arguments, e.g. `{"allow_private": True}` for an
            intranet, `{"deadline": 120}`.
    """

    def __init__(self, workbook: Workbook, *, uploads: Path | None = None,
                 load_options: Mapping[str, Any] | None = None) -> None:  # fmt: skip
        self._wb = workbook
        self._uploads = uploads or config.DATA_DIR / "uploads"
        self._options = dict(load_options or {})
        self._cancel = threading.Event()
        self._worker: threading.Thread | None = None
        self._out = w.Output()
        self._last: pd.DataFrame = schema.empty("articles")
        self._w_sources = w.Textarea(
            description="Sources", rows=5, layout=w.Layout(width="90%"),
            placeholder="One URL per line, or paste a whole story",
        )  # fmt: skip
        self._w_upload = w.FileUpload(accept=".html,.htm,.txt,.json,.xml,.gz", multiple=True,
                                      description="Upload files")  # fmt: skip
        self._w_date = w.DatePicker(description="Story date")
        self._b_add = w.Button(description="Add stories", button_style="primary", icon="download")
        self._b_stop = w.Button(description="Stop", button_style="warning", icon="stop",
                                disabled=True, tooltip="End the batch")  # fmt: skip
        self._w_state = w.HTML()
        self._w_stories = w.HTML()
        self._w_failures = w.HTML()
        self._w_undated = w.Dropdown(description="Undated")
        self._w_set_date = w.DatePicker(description="Its date")
        self._b_set_date = w.Button(description="Set date", icon="calendar")
        self._b_add.on_click(self._safely(self.add))
        self._b_stop.on_click(self._safely(self.stop))
        self._b_set_date.on_click(self._safely(self.set_date))
        self._layout = w.VBox([
            self._w_sources,
            w.HBox([self._w_upload, self._w_date, self._b_add, self._b_stop]),
            self._w_state, self._out,
            w.HTML("<b>Stories in the workbook</b>"), self._w_stories,
            w.HTML("<b>Inputs that could not be used</b>"), self._w_failures,
            w.HBox([self._w_undated, self._w_set_date, self._b_set_date]),
        ])  # fmt: skip
        self._show(self._wb)

    @property
    def layout(self) -> w.Widget:
        return self._layout

    @property
    def value(self) -> pd.DataFrame:
        """The articles frame of the last batch added (failures included)."""
        return self._last

    @property
    def busy(self) -> bool:
        """True while a batch is loading."""
        return self._worker is not None and self._worker.is_alive()

    def add(self) -> None:
        """Start loading what was pasted and uploaded; it is stored and shown when it ends."""
        if self.busy:
            raise ValueError("a batch is still loading: wait for it, or press Stop")
        sources: list[Any] = _sources(self._w_sources.value)
        sources += self._saved_uploads()
        if not sources:
            raise ValueError("paste URLs or a story, or upload files first")
        when = self._w_date.value
        self._cancel = threading.Event()
        self._set_busy(True, f"Loading {len(sources)} sources; Stop ends the batch and keeps "
                             "what has arrived.")  # fmt: skip
        self._worker = threading.Thread(target=self._load, args=(sources, when),
                                        name="wiredesk-collector", daemon=True)  # fmt: skip
        self._worker.start()

    def stop(self) -> None:
        """End the loading batch: sources not fetched yet become `cancelled` rows."""
        if self.busy:
            self._cancel.set()
            self._w_state.value = "Stopping…"

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the loading batch has ended (or `timeout` s passed); True if it has."""
        if self._worker is not None:
            self._worker.join(timeout)
        return not self.busy

    def set_date(self) -> None:
        """Give the chosen undated story its date; its relative dates resolve."""
        if not self._w_undated.value or not self._w_set_date.value:
            raise ValueError("pick an undated story and a date")
        self._wb.set_story_date(self._w_undated.value, self._w_set_date.value.isoformat())
        self._show(self._wb)

    def _load(self, sources: list[Any], when: Any) -> None:
        """The batch, in the background thread: load, store, show; errors reach the Output."""
        try:
            day = when.isoformat() if when else None
            articles = load_stories(sources, story_date=day, progress=False,
                                    cancel=self._cancel, **self._options)  # fmt: skip
            # The notebook may use the workbook meanwhile: this thread has its own connection.
            with Workbook(self._wb.path) as book:
                counts = book.add_stories(articles)
                self._last = articles
                self._w_sources.value = ""
                self._w_date.value = None  # a date is for one batch: never carried on silently
                stopped = int((articles["status"] == "cancelled").sum())
                tail = f" Stopped: {stopped} sources not read (below)." if stopped else ""
                self._say(f"{counts['stories']} stories stored, {counts['new']} new suggested "
                          f"events.{tail}")  # fmt: skip
                self._show(book)
        except Exception as exc:  # noqa: BLE001 - every failure must reach the analyst
            self._say(f"Not done: {exc}")
        finally:
            self._set_busy(False, "")

    def _set_busy(self, busy: bool, state: str) -> None:
        self._b_add.disabled = self._w_sources.disabled = busy
        self._b_stop.disabled = not busy
        self._w_state.value = html.escape(state)

    def _saved_uploads(self) -> list[Path]:
        files = []
        self._uploads.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=self._uploads))
        for item in self._w_upload.value:
            stem, _, suffix = item["name"].rpartition(".")
            path = folder / safe_filename(stem or item["name"], f".{suffix}" if stem else "")
            path.write_bytes(bytes(item["content"]))
            files.append(path)
        self._w_upload.value = ()
        return files

    def _show(self, book: Workbook) -> None:
        articles = book.articles()
        self._w_stories.value = story_table(articles).to_html(index=False, escape=True) if len(
            articles) else "<i>No stories yet.</i>"  # fmt: skip
        failed = failure_table(self._last)
        self._w_failures.value = (
            failed.to_html(index=False, escape=True) if len(failed) else "<i>None.</i>"
        )
        undated = articles[articles["published"].isna()]
        titles = undated["title"].fillna(undated["text"].str.slice(0, 60))
        self._w_undated.options = list(zip(titles, undated["article_id"], strict=True))


def _sources(text: str) -> list[str]:
    """URLs one per line, or else the whole text as one pasted story."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if lines and all(line.lower().startswith(("http://", "https://")) for line in lines):
        return lines
    return [text.strip()] if text.strip() else []


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", "")) if text.strip() else None
    except ValueError:
        raise ValueError(f"quantity {text!r} is not a number") from None


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _truthy(value: Any) -> bool:
    return (
        False if value is None or (not isinstance(value, bool) and pd.isna(value)) else bool(value)
    )


def _field(row: dict[str, Any], key: str) -> Any:
    value = row.get(key)
    if key == "event_date":
        return None if value is None or pd.isna(value) else value.date().isoformat()
    if key == "places":
        return list(value) if isinstance(value, list) else []
    if key == "verified":
        return None if value is None or pd.isna(value) else bool(value)
    if key == "quantity":
        return None if value is None or pd.isna(value) else float(value)
    if key == "date_precision":
        return value if isinstance(value, str) else None
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


class ChartExplorer(_Widget):
    """Filters over the workbook's events (dates, type, side, outlet, status, verified) that
    redraw the charts in place."""

    def __init__(self, workbook: Workbook, charts: tuple[str, ...] = ("timeline", "events_per_day")
                 ) -> None:  # fmt: skip
        from helpers import charts as chart_module

        self._wb = workbook
        self._out = w.Output()
        self._profile = workbook.profile
        self._events = workbook.events()
        self._makers = {name: getattr(chart_module, name) for name in charts}
        dated = self._events["event_date"].dropna()
        first = dated.min().date() if len(dated) else None
        last = dated.max().date() if len(dated) else None
        self._w_type = self._pick("event_type", "Type", 6)
        self._w_side = w.SelectMultiple(options=workbook.side_names(), description="Side", rows=5)
        self._w_side.value = tuple(self._w_side.options)
        self._w_outlet = self._pick("outlet", "Outlet", 6)
        self._w_from = w.DatePicker(description="From", value=first)
        self._w_to = w.DatePicker(description="To", value=last)
        self._w_status = w.SelectMultiple(options=["suggested", *STATUSES],
                                          value=("suggested", "confirmed", "edited"),
                                          description="Status", rows=4)  # fmt: skip
        self._w_verified = w.Dropdown(options=[("any", "any"), ("not verified", "no"),
                                               ("verified or not said", "yes")],
                                      value="any", description="Verified")  # fmt: skip
        import plotly.graph_objects as go

        self._figures = {
            name: go.FigureWidget(make(self.value, profile=self._profile)
                                  .update_layout(height=_HEIGHT))
            for name, make in self._makers.items()
        }  # fmt: skip
        for control in (self._w_from, self._w_to, self._w_type, self._w_side, self._w_outlet,
                        self._w_status, self._w_verified):  # fmt: skip
            control.observe(lambda _: self._safely(self.update)(), names="value")
        controls = w.HBox([
            w.VBox([self._w_from, self._w_to, self._w_verified]), self._w_type, self._w_side,
            self._w_outlet, self._w_status,
        ], layout=w.Layout(flex_flow="row wrap"))  # fmt: skip
        self._layout = w.VBox([controls, self._out, *self._figures.values()])

    @property
    def layout(self) -> w.Widget:
        return self._layout

    @property
    def value(self) -> pd.DataFrame:
        """The events the filters select."""
        ev = self._events
        keep = (
            ev["event_type"].isin(self._w_type.value)
            & ev["claimant_side"].isin(self._w_side.value)
            & ev["outlet"].isin(self._w_outlet.value)
            & ev["status"].isin(self._w_status.value)
        )
        day = ev["event_date"].dt.date
        if self._w_from.value:
            keep &= ~(day < self._w_from.value).fillna(False)
        if self._w_to.value:
            keep &= ~(day > self._w_to.value).fillna(False)
        doubted = (ev["verified"] == False).fillna(False)  # noqa: E712 - nullable column
        if self._w_verified.value == "no":
            keep &= doubted
        elif self._w_verified.value == "yes":
            keep &= ~doubted
        return ev[keep]

    def _pick(self, column: str, label: str, rows: int) -> w.SelectMultiple:
        options = sorted(self._events[column].dropna().unique())
        return w.SelectMultiple(options=options, value=tuple(options), description=label,
                                rows=rows)  # fmt: skip

    @property
    def figures(self) -> dict[str, Any]:
        """The live figures, by chart name."""
        return dict(self._figures)

    def update(self) -> None:
        """Redraw every chart from the filtered events, in place."""
        frame = self.value
        for name, figure in self._figures.items():
            fresh = self._makers[name](frame, profile=self._profile).update_layout(height=_HEIGHT)
            with figure.batch_update():
                figure.data = []
                figure.add_traces(list(fresh.data))
                figure.layout = fresh.layout


class BriefingBuilder(_Widget):
    """Pick charts and filters, edit titles and takeaways, export the briefing with a progress bar
    and get links to the files."""

    def __init__(self, workbook: Workbook, *, folder: Path | None = None,
                 links_from: Path | None = None) -> None:  # fmt: skip
        from helpers.briefing import deck_title, default_slides

        self._wb = workbook
        self._out = w.Output()
        self._links_from = links_from or config.ROOT / "notebooks"
        self._profile = workbook.profile
        self._events = workbook.events()
        self._slides = default_slides(self._events, profile=self._profile)
        self._w_use = [w.Checkbox(value=True, description="", indent=False,
                                  layout=w.Layout(width="2em")) for _ in self._slides]  # fmt: skip
        self._w_titles = [w.Text(value=s.title, layout=w.Layout(width="22em"))
                          for s in self._slides]  # fmt: skip
        self._w_takeaways = [w.Text(value=s.takeaway, layout=w.Layout(width="40em"))
                             for s in self._slides]  # fmt: skip
        self._w_status = w.SelectMultiple(options=["suggested", *STATUSES],
                                          value=("suggested", "confirmed", "edited"),
                                          description="Status", rows=4)  # fmt: skip
        sides = workbook.side_names()
        self._w_side = w.SelectMultiple(options=sides, value=tuple(sides), description="Side",
                                        rows=5)  # fmt: skip
        self._w_deck_title = w.Text(value=deck_title(self._profile), description="Deck title",
                                    layout=w.Layout(width="40em"))  # fmt: skip
        self._w_author = w.Text(value=default_tagger(), description="Author")
        self._w_folder = w.Text(value=str(folder or config.ROOT / "reports" / "briefing"),
                                description="Folder", layout=w.Layout(width="40em"))  # fmt: skip
        self._w_overwrite = w.Checkbox(value=False, description="replace earlier files")
        self._w_progress = w.IntProgress(min=0, max=1, description="Export")
        self._w_links = w.HTML()
        self._b_export = w.Button(description="Export briefing", button_style="primary",
                                  icon="file-powerpoint-o")  # fmt: skip
        self._b_export.on_click(self._safely(self.export))
        rows = [w.HBox([u, t, k]) for u, t, k in
                zip(self._w_use, self._w_titles, self._w_takeaways, strict=True)]  # fmt: skip
        self._layout = w.VBox([
            w.HTML("<b>Charts</b> (tick, title, one-line takeaway)"), *rows,
            w.HBox([self._w_status, self._w_side]),
            self._w_deck_title, w.HBox([self._w_author, self._w_overwrite]), self._w_folder,
            w.HBox([self._b_export, self._w_progress]), self._out, self._w_links,
        ])  # fmt: skip

    @property
    def layout(self) -> w.Widget:
        return self._layout

    @property
    def value(self) -> list[Path]:
        """The files of the last export."""
        return list(getattr(self, "_written", []))

    def export(self) -> None:
        """Write the chosen charts (PNG/SVG/PDF), the deck and the standalone HTML."""
        from helpers.briefing import (
            Slide,
            build_deck,
            default_slides,
            export_chart,
            standalone_html,
        )

        events = self._events[self._events["status"].isin(self._w_status.value)
                              & self._events["claimant_side"].isin(self._w_side.value)]  # fmt: skip
        fresh = default_slides(events, profile=self._profile)
        chosen = [
            Slide(fresh[i].fig, self._w_titles[i].value, self._w_takeaways[i].value,
                  fresh[i].events)
            for i, use in enumerate(self._w_use) if use.value
        ]  # fmt: skip
        if not chosen:
            raise ValueError("tick at least one chart")
        folder = Path(self._w_folder.value).expanduser()
        overwrite = bool(self._w_overwrite.value)
        self._w_progress.max = len(chosen) + 2
        self._w_progress.value = 0
        written: list[Path] = []
        for slide in chosen:
            slide.fig.update_layout(title={"text": f"<b>{html.escape(slide.title)}</b>"})
            written += export_chart(slide.fig, slide.title, folder=folder, overwrite=overwrite)
            self._w_progress.value += 1
        title, author = str(self._w_deck_title.value), str(self._w_author.value)
        deck = build_deck(chosen, folder / "briefing.pptx", overwrite=overwrite, title=title,
                          author=author, profile=self._profile)  # fmt: skip
        written.append(deck)
        self._w_progress.value += 1
        page = standalone_html([s.fig for s in chosen], folder / "briefing.html", title=title,
                               overwrite=overwrite)  # fmt: skip
        written.append(page)
        self._w_progress.value += 1
        self._written = written
        self._w_links.value = "<ul>" + "".join(
            f"<li><a href='{html.escape(_relative(p, self._links_from))}' target='_blank'>"
            f"{html.escape(p.name)}</a></li>" for p in written) + "</ul>"  # fmt: skip
        self._say(f"Wrote {len(written)} files to {folder}.")


def _relative(path: Path, start: Path) -> str:
    import os

    try:
        return os.path.relpath(path, start)
    except ValueError:
        return str(path)
