"""Composite elements: `array`, `dictionary` and `form`, which hold other elements.

A container holds *clones* of the elements it is given (fresh ids, registered with the kernel),
as marimo does, so the same element can be put in several containers. The page addresses each
child by its own id; a child's `_set_frontend_value` updates the child, then its container
(`_child_changed`), and returns the root container, whose global bindings re-run. Inside a
`form`, a child's change returns the child itself (bound to no global: nothing re-runs); the
form's value changes only on submit.
"""
from __future__ import annotations

import copy
from typing import Any, Callable, Iterator, Mapping, Sequence

from .._output._escape import escape
from ._base import UIElement, attr, flag

__all__ = ["SUBMIT", "array", "dictionary", "form"]

# What the page sends as the form's value on submit: "take the children's current values".
SUBMIT = {"cove:submit": True}


def _adopt(parent: UIElement, element: Any, what: str) -> UIElement:
    if not isinstance(element, UIElement):
        raise TypeError(f"{what}: expected cove.ui elements, got {type(element).__name__}")
    child = element._clone()
    child._parent = parent
    return child


class _Container(UIElement):
    """Children, kept in sync: the container's raw value and value are built from theirs."""

    _inline = False

    def _children(self) -> list[UIElement]:
        raise NotImplementedError

    def _sync(self) -> None:
        raise NotImplementedError

    def _child_changed(self, child: UIElement) -> UIElement:
        self._sync()
        self._changed()
        return self._propagate()

    def _on_update_completion(self) -> bool:
        changed = [child._on_update_completion() for child in self._children()]
        if any(changed):
            self._sync()
            return True
        return False


class array(_Container):  # noqa: N801 - marimo's name
    """A list of elements; `.value` is the list of their values, the front-end value the list of
    their front-end values."""

    _kind = "array"

    def __init__(
        self,
        elements: Sequence[UIElement],
        *,
        label: str = "",
        on_change: Callable[[list[Any]], None] | None = None,
    ) -> None:
        self._elements = [_adopt(self, e, "cove.ui.array") for e in elements]
        super().__init__([e._raw for e in self._elements], label=label, on_change=on_change)

    def _children(self) -> list[UIElement]:
        return self._elements

    def _validate(self, raw: Any) -> list[Any]:
        if not isinstance(raw, (list, tuple)) or len(raw) != len(self._elements):
            raise ValueError(f"{self._what()}: expected a list of {len(self._elements)} values")
        return [child._validate(r) for child, r in zip(self._elements, raw)]

    def _convert(self, raw: list[Any]) -> list[Any]:
        return [child._value for child in self._elements]

    def _update(self, raw: list[Any]) -> None:
        for child, r in zip(self._elements, raw):
            if r != child._raw:
                child._update(r)
        self._sync()

    def _sync(self) -> None:
        self._raw = [child._raw for child in self._elements]
        self._value = [child._value for child in self._elements]

    def _clone(self) -> array:
        twin = super()._clone()
        twin._elements = [_adopt(twin, child, "cove.ui.array") for child in self._elements]
        twin._sync()
        return twin

    def __getitem__(self, index: int) -> UIElement:
        return self._elements[index]

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self) -> Iterator[UIElement]:
        return iter(self._elements)

    def _props(self) -> dict[str, Any]:
        return {"children": [child._id for child in self._elements]}

    def _control_html(self) -> str:
        items = "".join(f'<div class="cove-array-item">{child.text}</div>' for child in self._elements)
        return f'{self._label_html()}<div class="cove-array">{items}</div>'


class dictionary(_Container):  # noqa: N801 - marimo's name
    """A dict of elements; `.value` is the dict of their values, the front-end value the dict of
    their front-end values."""

    _kind = "dictionary"

    def __init__(
        self,
        elements: Mapping[str, UIElement],
        *,
        label: str = "",
        on_change: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._elements = {
            str(key): _adopt(self, e, "cove.ui.dictionary") for key, e in elements.items()
        }
        super().__init__(
            {key: e._raw for key, e in self._elements.items()}, label=label, on_change=on_change
        )

    def _children(self) -> list[UIElement]:
        return list(self._elements.values())

    def _validate(self, raw: Any) -> dict[str, Any]:
        if not isinstance(raw, Mapping):
            raise ValueError(f"{self._what()}: expected an object of values, got {raw!r}")
        unknown = set(raw) - set(self._elements)
        if unknown:
            raise ValueError(f"{self._what()}: unknown keys {sorted(map(str, unknown))}")
        # Keys left out keep their current value.
        return {
            key: child._validate(raw[key]) if key in raw else child._raw
            for key, child in self._elements.items()
        }

    def _convert(self, raw: dict[str, Any]) -> dict[str, Any]:
        return {key: child._value for key, child in self._elements.items()}

    def _update(self, raw: dict[str, Any]) -> None:
        for key, child in self._elements.items():
            if raw[key] != child._raw:
                child._update(raw[key])
        self._sync()

    def _sync(self) -> None:
        self._raw = {key: child._raw for key, child in self._elements.items()}
        self._value = {key: child._value for key, child in self._elements.items()}

    def _clone(self) -> dictionary:
        twin = super()._clone()
        twin._elements = {
            key: _adopt(twin, child, "cove.ui.dictionary") for key, child in self._elements.items()
        }
        twin._sync()
        return twin

    def __getitem__(self, key: str) -> UIElement:
        return self._elements[key]

    def __len__(self) -> int:
        return len(self._elements)

    def __iter__(self) -> Iterator[str]:
        return iter(self._elements)

    def __contains__(self, key: object) -> bool:
        return key in self._elements

    def keys(self) -> Any:
        return self._elements.keys()

    def values(self) -> Any:
        return self._elements.values()

    def items(self) -> Any:
        return self._elements.items()

    def _props(self) -> dict[str, Any]:
        return {"children": {key: child._id for key, child in self._elements.items()}}

    def _control_html(self) -> str:
        items = "".join(
            f'<div class="cove-dict-item"><span class="cove-dict-key">{escape(key)}</span>'
            f"{child.text}</div>"
            for key, child in self._elements.items()
        )
        return f'{self._label_html()}<div class="cove-dictionary">{items}</div>'


class form(UIElement):  # noqa: N801 - marimo's name
    """An element whose value is sent only when the reader submits: `.value` is None until the
    first submit, then the wrapped element's value at the last submit.

    Front-end value: null before any submit, then the wrapped element's front-end value as
    submitted. The page submits by sending `{"cove:submit": true}` (take the child's current
    value, which the page has kept up to date by sending the child's own changes) or the
    child's front-end value itself. `validate(raw)` may return an error message, which rejects
    the submit with a ValueError.
    """

    _kind = "form"
    _inline = False

    def __init__(
        self,
        element: UIElement,
        *,
        bordered: bool = True,
        loading: bool = False,
        submit_button_label: str = "Submit",
        submit_button_tooltip: str | None = None,
        submit_button_disabled: bool = False,
        clear_on_submit: bool = False,
        show_clear_button: bool = False,
        clear_button_label: str = "Clear",
        clear_button_tooltip: str | None = None,
        validate: Callable[[Any], str | None] | None = None,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
    ) -> None:
        self._element = _adopt(self, element, "cove.ui.form")
        self._initial = copy.deepcopy(self._element._raw)
        self._settings = {
            "bordered": bordered,
            "loading": loading,
            "submit_button_label": submit_button_label,
            "submit_button_tooltip": submit_button_tooltip,
            "submit_button_disabled": submit_button_disabled,
            "clear_on_submit": clear_on_submit,
            "show_clear_button": show_clear_button,
            "clear_button_label": clear_button_label,
            "clear_button_tooltip": clear_button_tooltip,
        }
        self._validate_fn = validate
        super().__init__(None, label=label, on_change=on_change)

    @property
    def element(self) -> UIElement:
        """The wrapped element (a clone of the one given)."""
        return self._element

    def _validate(self, raw: Any) -> Any:
        if raw is None:
            return None
        if isinstance(raw, Mapping) and dict(raw) == SUBMIT:
            return copy.deepcopy(self._element._raw)
        return self._element._validate(raw)

    def _convert(self, raw: Any) -> Any:
        return None if raw is None else self._element._value

    def _update(self, raw: Any) -> None:
        if raw is None:
            self._raw = self._value = None
            return
        child = self._element
        if raw != child._raw:
            child._update(raw)
        if self._validate_fn is not None:
            message = self._validate_fn(raw)
            if message:
                raise ValueError(f"{self._what()}: {message}")
        self._raw = copy.deepcopy(raw)
        self._value = child._value
        if self._settings["clear_on_submit"]:
            child._update(copy.deepcopy(self._initial))

    def _child_changed(self, child: UIElement) -> UIElement:
        return child  # editing inside a form re-runs nothing

    def _clone(self) -> form:
        twin = super()._clone()
        twin._element = _adopt(twin, self._element, "cove.ui.form")
        return twin

    def _props(self) -> dict[str, Any]:
        return {"element": self._element._id, **self._settings}

    def _control_html(self) -> str:
        s = self._settings
        clear = ""
        if s["show_clear_button"]:
            clear = (
                f'<button type="reset" class="cove-button cove-form-clear"'
                f'{attr("title", s["clear_button_tooltip"])}>{escape(s["clear_button_label"])}</button>'
            )
        submit = (
            f'<button type="submit" class="cove-button cove-form-submit"'
            f'{attr("title", s["submit_button_tooltip"])}{flag("disabled", s["submit_button_disabled"])}>'
            f'{escape(s["submit_button_label"])}</button>'
        )
        # method="dialog" outside a <dialog>: submitting never navigates, even without JS.
        return (
            f'<form class="cove-form" method="dialog" data-bordered="{str(s["bordered"]).lower()}">'
            f"{self._label_html()}{self._element.text}"
            f'<div class="cove-form-actions">{clear}{submit}</div></form>'
        )
