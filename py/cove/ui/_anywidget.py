"""`anywidget`: host an `anywidget.AnyWidget` (or any traitlets widget with `_esm`) as an element.

The element reads the widget's ES module (`_esm`: code, a URL such as a `data:` URL, or a file
path) and stylesheet (`_css`), and its synced traits. `.value` is the dict of synced trait values
(read fresh each time). The page sends changed traits as the element's value (cells that use
the element re-run); traits Python changes later (in any cell) go to the page as a `ui_message`
`{"type": "state", "state": {...}}`. Custom messages travel both ways as `{"type": "custom",
"content": ...}`: `model.send(content)` in the page reaches the widget's `on_msg` handlers, and
`widget.send(content)` reaches the page's `model.on("msg:custom", ...)` listeners.
"""
from __future__ import annotations

import weakref
from pathlib import PurePath
from typing import Any, Callable

from .._runtime.context import current
from ._base import UIElement

__all__ = ["anywidget"]

# Traits every ipywidgets widget syncs that are not the widget's own state.
_FRAMEWORK_TRAITS = frozenset({"layout", "tabbable", "tooltip", "comm", "keys", "log"})


def _source(value: Any) -> str | None:
    """`_esm`/`_css` as text: a string of code or a URL, a path to a file, or a file-contents
    object (anywidget's FileContents, whose str() is the text)."""
    if value is None:
        return None
    if isinstance(value, PurePath):
        with open(value, encoding="utf-8") as f:
            return f.read()
    return str(value)


def _state_names(widget: Any) -> list[str]:
    traits = getattr(widget, "traits", None)
    if callable(traits):
        names = list(traits(sync=True))
    else:  # not a traitlets object: its public attributes
        names = [n for n in vars(widget) if not n.startswith("_")]
    return [n for n in names if not n.startswith("_") and n not in _FRAMEWORK_TRAITS]


def _hook_send(widget: Any) -> weakref.WeakSet[anywidget]:
    """The elements showing `widget`; the first call makes `widget.send(content)` reach them
    (outside Jupyter, ipywidgets' own comm goes nowhere)."""
    hosts: weakref.WeakSet[anywidget] | None = widget.__dict__.get("_cove_hosts")
    if hosts is None:
        hosts = weakref.WeakSet()
        widget.__dict__["_cove_hosts"] = hosts
        original = getattr(widget, "send", None)

        def send(content: Any, buffers: Any = None) -> None:
            for host in list(hosts):
                host._send_message({"type": "custom", "content": content})
            if callable(original):
                try:
                    original(content, buffers)
                except Exception:  # noqa: BLE001 - no Jupyter comm here; the page got it
                    pass

        widget.__dict__["send"] = send
    return hosts


class anywidget(UIElement):  # noqa: N801 - marimo's name
    """An anywidget; `.value` and the front-end value are the dict of its synced traits.

    `props` carries `esm` (the module source or URL) and `css`. Binary buffers are not supported.
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
        self._applying = False
        super().__init__(self._state(), label=label, on_change=on_change)
        self._watch()

    def _watch(self) -> None:
        """Send trait changes made by Python to the page; hold the element weakly so a widget
        that outlives its cell's run does not keep old elements alive."""
        _hook_send(self.widget).add(self)
        observe = getattr(self.widget, "observe", None)
        if not callable(observe) or not self._names:
            return
        ref = weakref.ref(self)

        def changed(change: Any) -> None:
            element = ref()
            if element is None:
                self_widget = change.get("owner") if isinstance(change, dict) else None
                if self_widget is not None:
                    self_widget.unobserve(changed, names=names)
                return
            element._python_changed(change["name"], change["new"])

        names = list(self._names)
        observe(changed, names=names)

    def _python_changed(self, name: str, value: Any) -> None:
        if self._applying:
            return  # the page's own change coming back
        self._raw = self._value = self._state()
        self._send_message({"type": "state", "state": {name: value}})

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
        self._applying = True
        try:
            for name, value in raw.items():
                if getattr(self.widget, name) != value:
                    try:
                        setattr(self.widget, name, value)
                    except Exception as exc:  # noqa: BLE001 - traitlets' TraitError and friends
                        raise ValueError(f"{self._what()}: cannot set {name}={value!r}: {exc}") from exc
        finally:
            self._applying = False
        self._raw = self._value = self._state()

    def _on_message(self, message: Any) -> None:
        """`model.send(content)` from the page: the widget's `on_msg` handlers get it; if they
        change synced traits, the cells using the element re-run."""
        if not isinstance(message, dict) or message.get("type") != "custom":
            return
        handle = getattr(self.widget, "_handle_custom_msg", None)
        if not callable(handle):
            return
        before = self._state()
        handle(message.get("content"), [])
        if self._state() != before:
            self._raw = self._value = self._state()
            ctx = current()
            if ctx is not None:
                ctx.request_rerun(None, self._propagate())

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
