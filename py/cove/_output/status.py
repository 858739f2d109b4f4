"""`cove.status`: progress bars and spinners shown in the running cell's output while it runs.

Protocol with the kernel: each indicator has a stable id and reports itself with
`emit_output(bundle, "progress")`, where `bundle` holds

- `application/vnd.cove.progress+json`: JSON `{"id", "kind": "progress"|"spinner", "title",
  "subtitle", "current", "total", "rate", "eta", "done", "remove"}` (`total`, `rate`, `eta` may
  be null; `rate` in items/s, `eta` in seconds),
- `text/html` (a `<progress>` element or a spinner) and `text/plain`.

The kernel keeps the indicator in the cell's output list: the first bundle with a given id is
appended, later ones replace it in place, and one with `"remove": true` removes it. Updates are
throttled to at most 20 per second; the first and the final state are always sent. Outside a
kernel nothing is emitted.
"""
from __future__ import annotations

import itertools
import json
import time
from typing import Any, Iterable, Iterator, TypeVar

from .._runtime.context import RunContext, current
from ._escape import escape

__all__ = ["PROGRESS_MIME", "progress_bar", "spinner", "status"]

PROGRESS_MIME = "application/vnd.cove.progress+json"
MIN_INTERVAL = 0.05  # seconds between two emitted updates (20 per second)

T = TypeVar("T")
_ids = itertools.count()


class _Indicator:
    """What progress bars and spinners share: an id, a title, throttled emission."""

    _kind = "indicator"

    def __init__(
        self, title: str | None, subtitle: str | None, remove_on_exit: bool, disabled: bool
    ) -> None:
        self._id = f"cove-progress-{next(_ids)}"
        self._ctx: RunContext | None = None if disabled else current()
        self.title = title
        self.subtitle = subtitle
        self._remove_on_exit = remove_on_exit
        self._done = False
        self._last_emit = float("-inf")
        self._started = time.monotonic()

    def _state(self) -> dict[str, Any]:
        return {
            "id": self._id,
            "kind": self._kind,
            "title": self.title,
            "subtitle": self.subtitle,
            "current": None,
            "total": None,
            "rate": None,
            "eta": None,
            "done": self._done,
            "remove": False,
        }

    def _html(self, state: dict[str, Any]) -> str:
        raise NotImplementedError

    def _plain(self, state: dict[str, Any]) -> str:
        raise NotImplementedError

    def _heading(self) -> str:
        parts = []
        if self.title:
            parts.append(f'<div class="cove-progress-title">{escape(self.title)}</div>')
        if self.subtitle:
            parts.append(f'<div class="cove-progress-subtitle">{escape(self.subtitle)}</div>')
        return "".join(parts)

    def _emit(self, force: bool = False, remove: bool = False) -> None:
        ctx = self._ctx
        if ctx is None:
            return
        now = time.monotonic()
        if not force and now - self._last_emit < MIN_INTERVAL:
            return
        self._last_emit = now
        state = self._state()
        state["remove"] = remove
        bundle = {
            PROGRESS_MIME: json.dumps(state),
            "text/html": "" if remove else self._html(state),
            "text/plain": self._plain(state),
        }
        ctx.emit_output(bundle, "progress")

    def _finish(self) -> None:
        if self._done:
            return
        self._done = True
        self._emit(force=True, remove=self._remove_on_exit)


class progress_bar(_Indicator):  # noqa: N801 - marimo's name
    """A progress bar: wrap an iterable (`for x in progress_bar(items): ...`) or use it as a
    context manager and call `update()` (`with progress_bar(total=n) as bar: bar.update()`)."""

    _kind = "progress"

    def __init__(
        self,
        collection: Iterable[T] | None = None,
        *,
        title: str | None = None,
        subtitle: str | None = None,
        completion_title: str | None = None,
        completion_subtitle: str | None = None,
        total: int | None = None,
        show_rate: bool = True,
        show_eta: bool = True,
        remove_on_exit: bool = False,
        disabled: bool = False,
    ) -> None:
        super().__init__(title, subtitle, remove_on_exit, disabled)
        if total is None and collection is not None and hasattr(collection, "__len__"):
            total = len(collection)  # type: ignore[arg-type]
        self._collection = collection
        self.total = total
        self.current = 0
        self._completion_title = completion_title
        self._completion_subtitle = completion_subtitle
        self._show_rate = show_rate
        self._show_eta = show_eta
        self._emit(force=True)

    def update(
        self, increment: int = 1, title: str | None = None, subtitle: str | None = None
    ) -> None:
        """Advance by `increment` and optionally change the title or subtitle."""
        self.current += increment
        if title is not None:
            self.title = title
        if subtitle is not None:
            self.subtitle = subtitle
        self._emit(force=self.total is not None and self.current >= self.total)

    def __iter__(self) -> Iterator[Any]:
        if self._collection is None:
            raise TypeError("this progress_bar has no collection to iterate; call update()")
        try:
            for item in self._collection:
                yield item
                self.update()
        finally:
            self.close()

    def __len__(self) -> int:
        if self.total is None:
            raise TypeError("this progress_bar has no known total")
        return self.total

    def __enter__(self) -> progress_bar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Show the completed state (or remove the bar if `remove_on_exit`)."""
        if self._completion_title is not None:
            self.title = self._completion_title
        if self._completion_subtitle is not None:
            self.subtitle = self._completion_subtitle
        self._finish()

    def _state(self) -> dict[str, Any]:
        state = super()._state()
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = self.current / elapsed if self.current else None
        eta = None
        if rate and self.total is not None:
            eta = max(self.total - self.current, 0) / rate
        state.update(
            current=self.current,
            total=self.total,
            rate=round(rate, 3) if rate and self._show_rate else None,
            eta=round(eta, 1) if eta is not None and self._show_eta else None,
        )
        return state

    def _plain(self, state: dict[str, Any]) -> str:
        count = f"{state['current']}/{state['total']}" if state["total"] is not None else str(state["current"])
        return f"{self.title}: {count}" if self.title else count

    def _html(self, state: dict[str, Any]) -> str:
        total = state["total"]
        if total:
            bar = f'<progress max="{total}" value="{min(state["current"], total)}"></progress>'
        else:
            bar = "<progress></progress>"  # indeterminate
        meta = [escape(self._plain({**state, "title": None}))]
        if state["rate"] is not None:
            meta.append(f"{state['rate']:.3g} it/s")
        if state["eta"] is not None and not state["done"]:
            meta.append(f"ETA {_duration(state['eta'])}")
        return (
            f'<div class="cove-progress" data-cove-progress="{self._id}" data-done="{str(state["done"]).lower()}">'
            f"{self._heading()}{bar}"
            f'<span class="cove-progress-meta">{" · ".join(meta)}</span></div>'
        )


class spinner(_Indicator):  # noqa: N801 - marimo's name
    """A spinner shown while a block runs: `with spinner(title="Loading") as s: ...`."""

    _kind = "spinner"

    def __init__(
        self, title: str | None = None, subtitle: str | None = None, remove_on_exit: bool = True
    ) -> None:
        super().__init__(title, subtitle, remove_on_exit, disabled=False)

    def update(self, title: str | None = None, subtitle: str | None = None) -> None:
        """Change the title or subtitle."""
        if title is not None:
            self.title = title
        if subtitle is not None:
            self.subtitle = subtitle
        self._emit()

    def __enter__(self) -> spinner:
        self._emit(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self._finish()

    def _plain(self, state: dict[str, Any]) -> str:
        return self.title or "Loading..."

    def _html(self, state: dict[str, Any]) -> str:
        return (
            f'<div class="cove-spinner" role="status" data-cove-progress="{self._id}">'
            f'<span class="cove-spinner-icon" aria-hidden="true"></span>'
            f"{self._heading() or escape(self._plain(state))}</div>"
        )


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m {seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


class _Status:
    """The `cove.status` namespace."""

    progress_bar = progress_bar
    spinner = spinner

    def __repr__(self) -> str:
        return "<cove.status: progress_bar, spinner>"


status = _Status()
