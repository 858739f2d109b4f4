"""`datetime` and `date_range`: marimo's date-time picker and start/stop date pair."""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable, Literal

from ._base import UIElement, attr, flag
from ._composite import array
from ._inputs import date

__all__ = ["date_range", "datetime"]

_FORMATS = {"hour": "%Y-%m-%dT%H:00", "minute": "%Y-%m-%dT%H:%M", "second": "%Y-%m-%dT%H:%M:%S"}


def _to_datetime(value: Any, what: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what}: expected a datetime or an ISO string, got {value!r}")


class datetime(UIElement):  # noqa: N801 - marimo's name
    """A date-and-time picker (`<input type=datetime-local>`); `.value` is a `datetime.datetime`,
    the front-end value its ISO string at `precision` ("hour", "minute" or "second")."""

    _kind = "datetime"

    def __init__(
        self,
        start: dt.datetime | str | None = None,
        stop: dt.datetime | str | None = None,
        value: dt.datetime | str | None = None,
        *,
        precision: Literal["hour", "minute", "second"] = "minute",
        label: str | None = None,
        on_change: Callable[[dt.datetime], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        if precision not in _FORMATS:
            raise ValueError(f"cove.ui.datetime: precision must be hour, minute or second, not {precision!r}")
        self._format = _FORMATS[precision]
        self._start = None if start is None else _to_datetime(start, "cove.ui.datetime start")
        self._stop = None if stop is None else _to_datetime(stop, "cove.ui.datetime stop")
        self._full_width = full_width
        self._disabled = disabled
        if value is None:
            value = self._start or dt.datetime.now().replace(microsecond=0)
        super().__init__(value, label=label or "", on_change=on_change)

    def _iso(self, moment: dt.datetime) -> str:
        return moment.strftime(self._format)

    def _validate(self, raw: Any) -> str:
        moment = _to_datetime(raw, self._what())
        if self._start and moment < self._start:
            raise ValueError(f"{self._what()}: {moment} is before {self._start}")
        if self._stop and moment > self._stop:
            raise ValueError(f"{self._what()}: {moment} is after {self._stop}")
        return self._iso(moment)

    def _convert(self, raw: str) -> dt.datetime:
        return dt.datetime.fromisoformat(raw)

    def _props(self) -> dict[str, Any]:
        return {
            "start": self._iso(self._start) if self._start else None,
            "stop": self._iso(self._stop) if self._stop else None,
            "full_width": self._full_width,
            "disabled": self._disabled,
        }

    def _control_html(self) -> str:
        p = self._props()
        step = ' step="1"' if self._format.endswith("%S") else ""
        return self._labelled(
            f'<input type="datetime-local" value="{self._raw}"{attr("min", p["start"])}'
            f'{attr("max", p["stop"])}{step}{flag("disabled", self._disabled)}>'
        )


class date_range(array):  # noqa: N801 - marimo's name
    """Two date pickers; `.value` is the `(start, stop)` pair of `datetime.date`, the front-end
    value the pair of ISO strings. Each picker is a `cove.ui.date` child; when the reader moves
    one end past the other, the pair is given in order."""

    _kind = "date_range"

    def __init__(
        self,
        start: dt.date | str | None = None,
        stop: dt.date | str | None = None,
        value: tuple[dt.date, dt.date] | tuple[str, str] | None = None,
        *,
        label: str | None = None,
        on_change: Callable[[tuple[dt.date, dt.date]], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        first, last = value if value is not None else (start or dt.date.today(), stop or start or dt.date.today())
        ends = [date(start, stop, v, full_width=full_width, disabled=disabled) for v in (first, last)]
        super().__init__(ends, label=label or "", on_change=on_change)  # type: ignore[arg-type]

    def _validate(self, raw: Any) -> list[Any]:
        checked = super()._validate(raw)
        if checked[0] > checked[1]:
            raise ValueError(f"{self._what()}: the start {checked[0]} is after the stop {checked[1]}")
        return checked

    def _convert(self, raw: list[Any]) -> tuple[dt.date, dt.date]:  # type: ignore[override]
        first, last = self._elements[0]._value, self._elements[1]._value
        return (first, last) if first <= last else (last, first)

    def _sync(self) -> None:
        super()._sync()
        self._value = self._convert(self._raw)
