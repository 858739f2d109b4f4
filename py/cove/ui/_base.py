"""`UIElement`, the base of every `cove.ui` element: id, value, label, on_change, HTML, protocol.

An element has two values:

- the *front-end value* (`raw`): plain JSON, what the page's control holds and sends back
  (a dropdown's selected keys, a date's ISO string, a button's click count);
- `.value`: what Python code reads (the mapped option values, a `datetime.date`, ...).

The kernel talks to elements through two methods: `_describe()` (a JSON-able description) and
`_set_frontend_value(raw)` (the reader changed the control). HTML contract (docs/spec.md §6): a wrapper
with `data-cove-ui="<kind>"`, `data-cove-id`, `data-cove-props` (JSON) and `data-cove-value`
(JSON of the raw value) around a native control that already shows the current value.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, ClassVar, TypeVar

from .._output._escape import escape, json_attr, protect_from_markdown
from .._output.html import Html
from .._output.markdown import render_inline
from .._runtime.context import current, next_element_id

__all__ = ["UIElement", "attr", "flag"]

E = TypeVar("E", bound="UIElement")


class UIElement(Html):
    """Base class of interactive elements. Subclasses define `_kind`, `_validate`, `_convert`,
    `_props` and `_control_html`."""

    _kind: ClassVar[str] = "element"
    # Leaf controls use an inline `<span>` wrapper so they can sit inside a Markdown paragraph;
    # elements holding block content (tables, composites, forms) use a `<div>`.
    _inline: ClassVar[bool] = True

    def __init__(
        self, raw: Any, *, label: str = "", on_change: Callable[[Any], None] | None = None
    ) -> None:
        self._id: str = next_element_id()
        self._label = "" if label is None else str(label)
        self._on_change = on_change
        self._parent: UIElement | None = None
        self._raw = self._validate(raw)
        self._value = self._convert(self._raw)
        self._register()

    # -- what subclasses provide ---------------------------------------------------------------

    def _validate(self, raw: Any) -> Any:
        """Check a front-end value and return it normalized; raise ValueError if invalid.
        Must not change the element."""
        return raw

    def _convert(self, raw: Any) -> Any:
        """The Python `.value` for a valid front-end value."""
        return raw

    def _props(self) -> dict[str, Any]:
        """JSON-able settings the front end needs (bounds, options, ...)."""
        return {}

    def _choices(self, limit: int) -> list[Any] | None:
        """Every front-end value a reader can give this element, when there are at most `limit`
        of them (the export precomputes each one: cove/_export/precompute.py); else None."""
        return None

    def _control_html(self) -> str:
        """The native control(s), showing the current value, with their label."""
        raise NotImplementedError

    # -- public API ----------------------------------------------------------------------------

    @property
    def value(self) -> Any:
        """The element's current value."""
        return self._value

    @value.setter
    def value(self, _: Any) -> None:
        raise AttributeError(
            f"the value of a cove.ui.{self._kind} cannot be set from Python; it changes when "
            "the reader uses it (create a new element to start from another value)"
        )

    @property
    def label(self) -> str:
        """The label text (Markdown)."""
        return self._label

    @property
    def text(self) -> str:
        """The element's HTML, showing its current value."""
        return self._html()

    def form(self, **kwargs: Any) -> Any:
        """This element inside a `cove.ui.form`: its value updates only on submit."""
        from ._composite import form  # forms are UI elements: a module-level import would be a cycle

        return form(self, **kwargs)

    def __repr__(self) -> str:
        value = repr(self._value)
        if len(value) > 60:
            value = value[:57] + "..."
        return f"<cove.ui.{self._kind} id={self._id!r} value={value}>"

    # Equality and hashing are by identity: elements are dict keys in the kernel's registry.
    __hash__ = object.__hash__

    # -- kernel protocol -----------------------------------------------------------------------

    def _describe(self) -> dict[str, Any]:
        """`{"id", "kind", "label", "props", "value"}`; `value` is the front-end (raw) value."""
        return {
            "id": self._id,
            "kind": self._kind,
            "label": self._label,
            "props": self._props(),
            "value": self._raw,
        }

    def _set_frontend_value(self, raw: Any) -> UIElement:
        """Apply a value sent by the front end: validate (ValueError if invalid, element
        unchanged), update `.value`, call `on_change(value)`, and return the element whose
        global bindings should re-run: this element, or for a child of `array`/`dictionary`
        the root container (updated too). A child of a `form` returns itself: editing inside a
        form re-runs nothing until the form is submitted."""
        raw = self._validate(raw)
        self._update(raw)
        self._changed()
        return self._propagate()

    def _update(self, raw: Any) -> None:
        """Store a validated front-end value and the `.value` it converts to."""
        self._raw = raw
        self._value = self._convert(raw)

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self._value)

    def _propagate(self) -> UIElement:
        parent = self._parent
        return self if parent is None else parent._child_changed(self)

    def _child_changed(self, child: UIElement) -> UIElement:
        """A child's value changed; composites override this."""
        return self

    def _on_message(self, message: Any) -> None:
        """A message from the page for this element (`send_ui_message`): a request that re-runs
        nothing by itself, such as a table asking for rows. Answer with `_send_message`."""

    def _send_message(self, message: Any) -> None:
        """Send a JSON-able message to this element on the page (a `ui_message` event); a no-op
        outside a kernel."""
        ctx = current()
        if ctx is not None:
            ctx.send_ui_message(self._id, message)

    def _on_update_completion(self) -> bool:
        """Called by the kernel once the cells re-run because of this element have finished;
        returns True if the element changed its value (only `run_button` does: back to False)."""
        return False

    def _register(self) -> None:
        ctx = current()
        if ctx is not None:
            ctx.register_element(self)

    def _clone(self: E) -> E:
        """A copy with a fresh id, registered, without parent: what containers hold, so one
        element can be placed in several containers (as in marimo)."""
        twin = copy.copy(self)
        twin._id = next_element_id()
        twin._parent = None
        twin._register()
        return twin

    # -- HTML ----------------------------------------------------------------------------------

    def _html_value(self) -> Any:
        """The raw value as written into `data-cove-value` (elements may abbreviate it)."""
        return self._raw

    def _html(self) -> str:
        tag = "span" if self._inline else "div"
        return protect_from_markdown(
            f'<{tag} class="cove-ui cove-ui-{self._kind}" data-cove-ui="{self._kind}" '
            f'data-cove-id="{escape(self._id)}" data-cove-props="{json_attr(self._props())}" '
            f'data-cove-value="{json_attr(self._html_value())}">{self._control_html()}</{tag}>'
        )

    def _label_html(self) -> str:
        """The label rendered as inline Markdown (HTML in it escaped), or "" if there is none."""
        if not self._label:
            return ""
        return f'<span class="cove-label-text">{render_inline(self._label)}</span>'

    def _labelled(self, control: str, *, after: bool = False) -> str:
        """`control` inside a `<label>` with the label text before it (or after: checkboxes)."""
        text = self._label_html()
        inner = f"{control}{text}" if after else f"{text}{control}"
        return f'<label class="cove-label">{inner}</label>'

    def _what(self) -> str:
        """How error messages name this element: `cove.ui.slider 'n'`."""
        return f"cove.ui.{self._kind}" + (f" {self._label!r}" if self._label else "")

    def _aria_label(self) -> str:
        """` aria-label="..."` with the plain label text, for controls a `<label>` cannot name."""
        return f' aria-label="{escape(self._label)}"' if self._label else ""


def flag(name: str, on: bool) -> str:
    """A boolean HTML attribute: ` disabled` or ""."""
    return f" {name}" if on else ""


def attr(name: str, value: Any) -> str:
    """` name="value"` (escaped), or "" when value is None."""
    return "" if value is None else f' {name}="{escape(value)}"'
