"""Buttons: `button` (a value updated by `on_click`) and `run_button` (True right after a click).

The front-end value of both is the click count: the page sends the incremented count on each
click. Every click re-runs the cells that reference the button, even if its value is unchanged.
"""
from __future__ import annotations

from typing import Any, Callable, Literal

from .._output._escape import escape
from .._output.markdown import render_inline
from ._base import UIElement, attr, flag

__all__ = ["button", "run_button"]

ButtonKind = Literal["neutral", "success", "warn", "danger"]
_KINDS = ("neutral", "success", "warn", "danger")


class _ButtonBase(UIElement):
    """A `<button>` whose front-end value counts clicks."""

    _button_label = "click here"

    def _setup(
        self,
        kind: str,
        disabled: bool,
        tooltip: str | None,
        full_width: bool,
        keyboard_shortcut: str | None,
    ) -> None:
        if kind not in _KINDS:
            raise ValueError(f"cove.ui.{self._kind}: kind must be one of {', '.join(_KINDS)}")
        self._button_kind = kind
        self._disabled = disabled
        self._tooltip = tooltip
        self._full_width = full_width
        self._keyboard_shortcut = keyboard_shortcut

    def _validate(self, raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw < 0:
            raise ValueError(f"{self._what()}: expected a click count (an integer >= 0), got {raw!r}")
        return int(raw)

    def _props(self) -> dict[str, Any]:
        return {
            "kind": self._button_kind,
            "disabled": self._disabled,
            "tooltip": self._tooltip,
            "full_width": self._full_width,
            "keyboard_shortcut": self._keyboard_shortcut,
        }

    def _control_html(self) -> str:
        text = render_inline(self._label) if self._label else escape(self._button_label)
        return (
            f'<button type="button" class="cove-button" data-kind="{self._button_kind}"'
            f'{attr("title", self._tooltip)}{attr("aria-keyshortcuts", self._keyboard_shortcut)}'
            f'{flag("disabled", self._disabled)}>{text}</button>'
        )


class button(_ButtonBase):  # noqa: N801 - marimo's name
    """A button. Its `.value` starts as `value`; each click sets it to `on_click(value)` (or leaves
    it unchanged without `on_click`) and re-runs the cells that reference the button."""

    _kind = "button"

    def __init__(
        self,
        on_click: Callable[[Any], Any] | None = None,
        value: Any = None,
        kind: ButtonKind = "neutral",
        disabled: bool = False,
        tooltip: str | None = None,
        *,
        label: str = "click here",
        on_change: Callable[[Any], None] | None = None,
        full_width: bool = False,
        keyboard_shortcut: str | None = None,
    ) -> None:
        self._on_click = on_click
        self._initial = value
        self._setup(kind, disabled, tooltip, full_width, keyboard_shortcut)
        super().__init__(0, label=label, on_change=on_change)

    def _convert(self, raw: int) -> Any:
        return self._initial

    def _update(self, raw: int) -> None:
        # A click: the count is the front end's, the value is whatever on_click makes of it.
        self._raw = raw
        if self._on_click is not None:
            self._value = self._on_click(self._value)


class run_button(_ButtonBase):  # noqa: N801 - marimo's name
    """A button whose `.value` is True after a click, until the cells it triggered have run
    (the kernel then calls `_on_update_completion()`, which resets it to False)."""

    _kind = "run_button"
    _button_label = "click to run"

    def __init__(
        self,
        kind: ButtonKind = "neutral",
        disabled: bool = False,
        tooltip: str | None = None,
        *,
        label: str = "click to run",
        on_change: Callable[[bool], None] | None = None,
        full_width: bool = False,
        keyboard_shortcut: str | None = None,
    ) -> None:
        self._setup(kind, disabled, tooltip, full_width, keyboard_shortcut)
        super().__init__(0, label=label, on_change=on_change)

    def _convert(self, raw: int) -> bool:
        return False

    def _update(self, raw: int) -> None:
        self._raw = raw
        self._value = True

    def _on_update_completion(self) -> bool:
        changed = self._value is not False
        self._value = False
        return changed
