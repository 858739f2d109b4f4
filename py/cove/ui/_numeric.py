"""Numeric elements: `slider`, `range_slider`, `number`."""
from __future__ import annotations

import math
import numbers
from typing import Any, Callable, Literal, Sequence

from .._output._escape import escape
from ._base import UIElement, attr, flag

__all__ = ["number", "range_slider", "slider", "to_number"]

Numeric = int | float


def to_number(raw: Any, what: str) -> Numeric:
    """`raw` (a number or a numeric string) as an int or a finite float, or ValueError."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError(f"{what}: expected a number, got {raw!r}")
    if isinstance(raw, numbers.Integral):
        return int(raw)
    if isinstance(raw, numbers.Real):
        x: Numeric = float(raw)
    elif isinstance(raw, str):
        try:
            x = int(raw.strip())
        except ValueError:
            try:
                x = float(raw.strip())
            except ValueError:
                raise ValueError(f"{what}: expected a number, got {raw!r}") from None
    else:
        raise ValueError(f"{what}: expected a number, got {type(raw).__name__} {raw!r}")
    if isinstance(x, float) and not math.isfinite(x):
        raise ValueError(f"{what}: expected a finite number, got {raw!r}")
    return x


def _fmt(x: Numeric | None) -> str:
    return "" if x is None else repr(x)


def grid(start: Numeric, stop: Numeric, step: Numeric, limit: int) -> list[Numeric] | None:
    """start, start + step, ... up to stop, as a browser's range or number input steps through
    them (decimal arithmetic: 0.1 * 3 is 0.3, not 0.30000000000000004); None past `limit`."""
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > limit:
        return None
    if all(isinstance(x, int) for x in (start, stop, step)):
        return [start + k * step for k in range(count)]  # type: ignore[operator]
    # Imported here: only the export calls this, and a page's boot must not load `decimal`.
    from decimal import Decimal

    s, d = Decimal(repr(start)), Decimal(repr(step))
    return [float(s + k * d) for k in range(count)]


def with_value(values: list[Numeric] | None, value: Any, limit: int) -> list[Numeric] | None:
    """`values` plus `value` when it is not one of them (an initial value off the grid)."""
    if values is None or value is None or any(math.isclose(value, v, rel_tol=1e-9, abs_tol=1e-12) for v in values):
        return values
    return sorted([*values, value]) if len(values) < limit else None


class _Bounded:
    """The numeric domain of a slider: [start, stop] with a step, or an explicit list of steps."""

    def __init__(
        self,
        kind: str,
        start: Numeric | None,
        stop: Numeric | None,
        step: Numeric | None,
        steps: Sequence[Numeric] | None,
        extra: Sequence[Any] = (),
    ) -> None:
        self.kind = kind
        if steps is not None:
            if start is not None or stop is not None or step is not None:
                raise ValueError(f"{kind}: pass either steps or start/stop/step, not both")
            self.steps: list[Numeric] | None = [to_number(s, f"{kind} steps") for s in steps]
            if not self.steps:
                raise ValueError(f"{kind}: steps must not be empty")
            self.start, self.stop = min(self.steps), max(self.steps)
            self.step: Numeric | None = None
        else:
            if start is None or stop is None:
                raise ValueError(f"{kind}: start and stop are required (or pass steps)")
            self.steps = None
            self.start, self.stop = to_number(start, f"{kind} start"), to_number(stop, f"{kind} stop")
            if self.start > self.stop:
                raise ValueError(f"{kind}: start ({start}) must not exceed stop ({stop})")
            if step is None:
                ints = isinstance(self.start, int) and isinstance(self.stop, int)
                step = 1 if ints else (self.stop - self.start) / 100 or 1.0
            self.step = to_number(step, f"{kind} step")
            if self.step <= 0:
                raise ValueError(f"{kind}: step must be positive, got {step}")
        values = [self.start, self.stop, self.step, *(self.steps or ()), *extra]
        self.integral = all(isinstance(v, int) for v in values if v is not None)

    def check(self, raw: Any, what: str) -> Numeric:
        x = to_number(raw, what)
        if self.integral and isinstance(x, float):
            if not x.is_integer():
                raise ValueError(f"{what}: expected an integer, got {raw!r}")
            x = int(x)
        if self.steps is not None:
            for s in self.steps:
                if math.isclose(x, s, rel_tol=1e-9, abs_tol=1e-12):
                    return s
            raise ValueError(f"{what}: {x!r} is not one of the steps {self.steps}")
        tolerance = 1e-9 * max(1.0, abs(self.stop - self.start))
        if not self.start - tolerance <= x <= self.stop + tolerance:
            raise ValueError(f"{what}: {x!r} is outside [{self.start}, {self.stop}]")
        return x

    def props(self) -> dict[str, Any]:
        return {"start": self.start, "stop": self.stop, "step": self.step, "steps": self.steps}

    def range_input(self, value: Numeric, extra: str = "") -> str:
        """An `<input type=range>`; with explicit steps it ranges over their indices."""
        if self.steps is not None:
            index = self.steps.index(value)
            bounds = f' min="0" max="{len(self.steps) - 1}" step="1" value="{index}"'
        else:
            bounds = (
                f' min="{_fmt(self.start)}" max="{_fmt(self.stop)}" step="{_fmt(self.step)}"'
                f' value="{_fmt(value)}"'
            )
        return f'<input type="range"{bounds}{extra}>'


class slider(UIElement):  # noqa: N801 - marimo's name
    """A numeric slider over [start, stop]; `.value` is the number (int when the bounds and step
    are ints). The front-end value is the number itself (with `steps`, the range input runs over
    step indices but the front end still sends the number)."""

    _kind = "slider"

    def __init__(
        self,
        start: Numeric | None = None,
        stop: Numeric | None = None,
        step: Numeric | None = None,
        value: Numeric | None = None,
        debounce: bool = False,
        disabled: bool = False,
        orientation: Literal["horizontal", "vertical"] = "horizontal",
        show_value: bool = False,
        include_input: bool = False,
        steps: Sequence[Numeric] | None = None,
        *,
        label: str = "",
        on_change: Callable[[Numeric], None] | None = None,
        full_width: bool = False,
    ) -> None:
        self._domain = _Bounded("slider", start, stop, step, steps, () if value is None else (value,))
        self._debounce = debounce
        self._disabled = disabled
        self._orientation = orientation
        self._show_value = show_value
        self._include_input = include_input
        self._full_width = full_width
        initial = self._domain.start if value is None else value
        if steps is not None and value is None:
            initial = self._domain.steps[0]  # type: ignore[index]
        super().__init__(initial, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> Numeric:
        return self._domain.check(raw, self._what())

    def _choices(self, limit: int) -> list[Any] | None:
        d = self._domain
        values = list(d.steps) if d.steps is not None else grid(d.start, d.stop, d.step, limit)  # type: ignore[arg-type]
        if values is not None and len(values) > limit:
            values = None
        return with_value(values, self._raw, limit)

    def _props(self) -> dict[str, Any]:
        return {
            **self._domain.props(),
            "debounce": self._debounce,
            "disabled": self._disabled,
            "orientation": self._orientation,
            "show_value": self._show_value,
            "include_input": self._include_input,
            "full_width": self._full_width,
        }

    def _control_html(self) -> str:
        vertical = ' aria-orientation="vertical"' if self._orientation == "vertical" else ""
        control = self._labelled(
            self._domain.range_input(self._raw, vertical + flag("disabled", self._disabled))
        )
        if self._show_value:
            control += f'<output class="cove-value">{escape(_fmt(self._raw))}</output>'
        if self._include_input:
            d = self._domain
            control += (
                f'<input type="number" class="cove-slider-input"{attr("min", _fmt(d.start))}'
                f'{attr("max", _fmt(d.stop))}{attr("step", _fmt(d.step) or "any")}'
                f' value="{_fmt(self._raw)}"{self._aria_label()}{flag("disabled", self._disabled)}>'
            )
        return control


class range_slider(UIElement):  # noqa: N801 - marimo's name
    """A slider with two handles; `.value` and the front-end value are `[low, high]`."""

    _kind = "range_slider"

    def __init__(
        self,
        start: Numeric | None = None,
        stop: Numeric | None = None,
        step: Numeric | None = None,
        value: Sequence[Numeric] | None = None,
        debounce: bool = False,
        orientation: Literal["horizontal", "vertical"] = "horizontal",
        show_value: bool = False,
        steps: Sequence[Numeric] | None = None,
        *,
        label: str = "",
        on_change: Callable[[Sequence[Numeric]], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        self._domain = _Bounded("range_slider", start, stop, step, steps, tuple(value or ()))
        self._debounce = debounce
        self._orientation = orientation
        self._show_value = show_value
        self._full_width = full_width
        self._disabled = disabled
        initial = list(value) if value is not None else [self._domain.start, self._domain.stop]
        super().__init__(initial, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[Numeric]:
        what = self._what()
        if not isinstance(raw, (list, tuple)) or len(raw) != 2:
            raise ValueError(f"{what}: expected [low, high], got {raw!r}")
        low, high = (self._domain.check(x, what) for x in raw)
        if low > high:
            raise ValueError(f"{what}: low ({low}) must not exceed high ({high})")
        return [low, high]

    def _convert(self, raw: list[Numeric]) -> list[Numeric]:
        return list(raw)

    def _props(self) -> dict[str, Any]:
        return {
            **self._domain.props(),
            "debounce": self._debounce,
            "orientation": self._orientation,
            "show_value": self._show_value,
            "full_width": self._full_width,
            "disabled": self._disabled,
        }

    def _control_html(self) -> str:
        low, high = self._raw
        name = escape(self._label) + " " if self._label else ""
        off = flag("disabled", self._disabled)
        controls = self._domain.range_input(
            low, f' class="cove-range-low" aria-label="{name}minimum"{off}'
        ) + self._domain.range_input(high, f' class="cove-range-high" aria-label="{name}maximum"{off}')
        html = f'<span class="cove-range" role="group"{self._aria_label()}>{self._label_html()}{controls}</span>'
        if self._show_value:
            html += f'<output class="cove-value">{escape(_fmt(low))} – {escape(_fmt(high))}</output>'
        return html


class number(UIElement):  # noqa: N801 - marimo's name
    """A number field; `.value` is an int or a float (None when the field is emptied)."""

    _kind = "number"

    def __init__(
        self,
        start: Numeric | None = None,
        stop: Numeric | None = None,
        step: Numeric | None = None,
        value: Numeric | None = None,
        debounce: bool = True,
        *,
        label: str = "",
        on_change: Callable[[Numeric | None], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        self._start = None if start is None else to_number(start, "number start")
        self._stop = None if stop is None else to_number(stop, "number stop")
        self._step = None if step is None else to_number(step, "number step")
        if self._start is not None and self._stop is not None and self._start > self._stop:
            raise ValueError(f"number: start ({start}) must not exceed stop ({stop})")
        if self._step is not None and self._step <= 0:
            raise ValueError(f"number: step must be positive, got {step}")
        given = [v for v in (self._start, self._stop, self._step, value) if v is not None]
        self._integral = all(isinstance(v, int) and not isinstance(v, bool) for v in given)
        self._debounce = debounce
        self._disabled = disabled
        self._full_width = full_width
        initial = value if value is not None else (self._start if self._start is not None else 0)
        super().__init__(initial, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> Numeric | None:
        what = self._what()
        if raw is None or raw == "":
            return None
        x = to_number(raw, what)
        if self._integral and isinstance(x, float) and x.is_integer():
            x = int(x)
        if self._start is not None and x < self._start:
            raise ValueError(f"{what}: {x!r} is below the minimum {self._start}")
        if self._stop is not None and x > self._stop:
            raise ValueError(f"{what}: {x!r} is above the maximum {self._stop}")
        return x

    def _choices(self, limit: int) -> list[Any] | None:
        if self._start is None or self._stop is None or self._step is None:
            return None
        return with_value(grid(self._start, self._stop, self._step, limit), self._raw, limit)

    def _props(self) -> dict[str, Any]:
        return {
            "start": self._start,
            "stop": self._stop,
            "step": self._step,
            "debounce": self._debounce,
            "disabled": self._disabled,
            "full_width": self._full_width,
        }

    def _control_html(self) -> str:
        return self._labelled(
            f'<input type="number"{attr("min", _fmt(self._start) or None)}'
            f'{attr("max", _fmt(self._stop) or None)} step="{_fmt(self._step) or "any"}"'
            f' value="{_fmt(self._raw)}"{flag("disabled", self._disabled)}>'
        )
