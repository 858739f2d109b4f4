"""`anywidget`: wrap an `anywidget.AnyWidget` (or any traitlets widget with `_esm`) as an element.

Python side only: the element reads the widget's ES module (`_esm`), stylesheet (`_css`) and
synced traits. `.value` is the dict of synced trait values (read fresh each time); the page
sends a dict of changed traits, which are set on the widget (traitlets validate them).
"""
from __future__ import annotations

from pathlib import PurePath
from typing import Any, Callable

from ._base import UIElement

__all__ = ["anywidget"]

# Traits every ipywidgets widget syncs that are not the widget's own state.
_FRAMEWORK_TRAITS = frozenset({"layout", "tabbable", "tooltip", "comm", "keys", "log"})


def _source(value: Any) -> str | None:
    """`_esm`/`_css` as text: a string of code, a path to a file, or a file-contents object."""
    if value is None:
        return None
    if isinstance(value, PurePath):
        return open(value, encoding="utf-8").read()
    return str(value)


def _state_names(widget: Any) -> list[str]:
    traits = getattr(widget, "traits", None)
    if callable(traits):
        names = list(traits(sync=True))
    else:  # not a traitlets object: its public attributes
        names = [n for n in vars(widget) if not n.startswith("_")]
    return [n for n in names if not n.startswith("_") and n not in _FRAMEWORK_TRAITS]


class anywidget(UIElement):  # noqa: N801 - marimo's name
    """An anywidget; `.value` and the front-end value are the dict of its synced traits.

    `props` carries `esm` (the module source) and `css`. Binary buffers and messages from
    Python to the page (`widget.send`) are not supported yet.
    """

    _kind = "anywidget"
    _inline = False

    def __init__(
        self,
        widget: Any,
        *,
        label: str = "",
        on_change: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        if not hasattr(widget, "_esm"):
            raise TypeError(
                f"cove.ui.anywidget: expected an anywidget.AnyWidget (with _esm), got "
                f"{type(widget).__name__}"
            )
        self.widget = widget
        self._names = _state_names(widget)
        super().__init__(self._state(), label=label, on_change=on_change)

    def _state(self) -> dict[str, Any]:
        return {name: getattr(self.widget, name) for name in self._names}

    @property
    def value(self) -> dict[str, Any]:
        """The widget's synced traits, read now."""
        return self._state()

    def _validate(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, dict):
            raise ValueError(f"{self._what()}: expected an object of trait values, got {raw!r}")
        unknown = [key for key in raw if key not in self._names]
        if unknown:
            raise ValueError(f"{self._what()}: {unknown} are not synced traits of the widget")
        return dict(raw)

    def _update(self, raw: dict[str, Any]) -> None:
        for name, value in raw.items():
            if getattr(self.widget, name) != value:
                try:
                    setattr(self.widget, name, value)
                except Exception as exc:  # noqa: BLE001 - traitlets' TraitError and friends
                    raise ValueError(f"{self._what()}: cannot set {name}={value!r}: {exc}") from exc
        self._raw = self._value = self._state()

    def _describe(self) -> dict[str, Any]:
        description = super()._describe()
        description["value"] = self._state()
        return description

    def _html_value(self) -> Any:
        return self._state()

    def _props(self) -> dict[str, Any]:
        return {"esm": _source(self.widget._esm), "css": _source(getattr(self.widget, "_css", None))}

    def _control_html(self) -> str:
        return (
            f'{self._label_html()}<div class="cove-anywidget-root">'
            '<span class="cove-placeholder">Interactive widget (needs JavaScript)</span></div>'
        )
