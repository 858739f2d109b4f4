"""Choice elements: `dropdown`, `multiselect`, `radio`.

Options are a list (each option is its own key, shown as `str(option)`) or a dict mapping the
displayed keys to values. The front end only ever sees and sends keys; `.value` maps them.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from .._output._escape import escape
from ._base import UIElement, flag

__all__ = ["dropdown", "multiselect", "normalize_options", "radio"]


def normalize_options(options: Sequence[Any] | Mapping[Any, Any], what: str) -> dict[str, Any]:
    """Options as an ordered dict of key (str) -> value."""
    if isinstance(options, Mapping):
        return {str(key): value for key, value in options.items()}
    if isinstance(options, (str, bytes)):
        raise ValueError(f"{what}: options must be a list or a dict, not a string")
    return {str(option): option for option in options}


class _Choice(UIElement):
    """Options and key checks shared by the choice elements."""

    _options: dict[str, Any]

    def _key(self, key: Any) -> str:
        if not isinstance(key, str) or key not in self._options:
            shown = list(self._options)[:10]
            raise ValueError(f"{self._what()}: {key!r} is not one of the options {shown}")
        return key

    def _option_tags(self, selected: Sequence[str]) -> str:
        return "".join(
            f'<option value="{escape(key)}"{flag("selected", key in selected)}>{escape(key)}</option>'
            for key in self._options
        )


class dropdown(_Choice):  # noqa: N801 - marimo's name
    """A drop-down menu; `.value` is the selected option's value (None if nothing is selected).
    The front-end value is the list of selected keys (`[]` or `[key]`)."""

    _kind = "dropdown"

    def __init__(
        self,
        options: Sequence[Any] | Mapping[Any, Any],
        value: str | None = None,
        allow_select_none: bool | None = None,
        searchable: bool = False,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        self._options = normalize_options(options, "cove.ui.dropdown")
        self._disabled = disabled
        if allow_select_none is None:
            allow_select_none = value is None
        if value is None and not allow_select_none and self._options:
            value = next(iter(self._options))
        self._allow_none = allow_select_none or not self._options
        self._searchable = searchable
        self._full_width = full_width
        super().__init__([] if value is None else [str(value)], label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[str]:
        if raw is None or raw == "":
            raw = []
        elif isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, (list, tuple)) or len(raw) > 1:
            raise ValueError(f"{self._what()}: expected [] or [key], got {raw!r}")
        if not raw and not self._allow_none:
            raise ValueError(f"{self._what()}: an option must be selected (allow_select_none=False)")
        return [self._key(key) for key in raw]

    def _convert(self, raw: list[str]) -> Any:
        return self._options[raw[0]] if raw else None

    def _choices(self, limit: int) -> list[Any] | None:
        values = ([[]] if self._allow_none else []) + [[key] for key in self._options]
        return values if len(values) <= limit else None

    @property
    def options(self) -> dict[str, Any]:
        """The options, key -> value."""
        return dict(self._options)

    @property
    def selected_key(self) -> str | None:
        """The selected key, or None."""
        return self._raw[0] if self._raw else None

    def _props(self) -> dict[str, Any]:
        return {
            "options": list(self._options),
            "allow_select_none": self._allow_none,
            "searchable": self._searchable,
            "full_width": self._full_width,
            "disabled": self._disabled,
        }

    def _control_html(self) -> str:
        none = ""
        if self._allow_none:
            none = f'<option value="" data-cove-none{flag("selected", not self._raw)}>--</option>'
        return self._labelled(f"<select{flag('disabled', self._disabled)}>{none}{self._option_tags(self._raw)}</select>")


class multiselect(_Choice):  # noqa: N801 - marimo's name
    """A multiple-choice list; `.value` is the list of selected values, the front-end value the
    list of selected keys."""

    _kind = "multiselect"

    def __init__(
        self,
        options: Sequence[Any] | Mapping[Any, Any],
        value: Sequence[str] | None = None,
        *,
        label: str = "",
        on_change: Callable[[list[Any]], None] | None = None,
        full_width: bool = False,
        max_selections: int | None = None,
        disabled: bool = False,
    ) -> None:
        self._options = normalize_options(options, "cove.ui.multiselect")
        self._disabled = disabled
        self._full_width = full_width
        self._max = max_selections
        super().__init__([str(v) for v in value or []], label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[str]:
        if raw is None:
            raw = []
        elif isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, (list, tuple)):
            raise ValueError(f"{self._what()}: expected a list of keys, got {raw!r}")
        keys = list(dict.fromkeys(self._key(key) for key in raw))
        if self._max is not None and len(keys) > self._max:
            raise ValueError(f"{self._what()}: at most {self._max} options may be selected")
        return keys

    def _convert(self, raw: list[str]) -> list[Any]:
        return [self._options[key] for key in raw]

    @property
    def options(self) -> dict[str, Any]:
        """The options, key -> value."""
        return dict(self._options)

    def _props(self) -> dict[str, Any]:
        return {
            "options": list(self._options),
            "max_selections": self._max,
            "full_width": self._full_width,
            "disabled": self._disabled,
        }

    def _control_html(self) -> str:
        size = min(max(len(self._options), 2), 8)
        return self._labelled(
            f'<select multiple size="{size}"{flag("disabled", self._disabled)}>{self._option_tags(self._raw)}</select>'
        )


class radio(_Choice):  # noqa: N801 - marimo's name
    """Radio buttons; `.value` is the chosen option's value (None if none), the front-end value
    the chosen key (or null)."""

    _kind = "radio"

    def __init__(
        self,
        options: Sequence[Any] | Mapping[Any, Any],
        value: str | None = None,
        inline: bool = False,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
        disabled: bool = False,
    ) -> None:
        self._options = normalize_options(options, "cove.ui.radio")
        self._inline_layout = inline
        self._disabled = disabled
        super().__init__(None if value is None else str(value), label=label, on_change=on_change)

    def _validate(self, raw: Any) -> str | None:
        if isinstance(raw, (list, tuple)) and len(raw) <= 1:
            raw = raw[0] if raw else None
        return None if raw is None else self._key(raw)

    def _convert(self, raw: str | None) -> Any:
        return None if raw is None else self._options[raw]

    def _choices(self, limit: int) -> list[Any] | None:
        # A reader cannot clear a radio group: None only while nothing was ever chosen.
        values = ([None] if self._raw is None else []) + list(self._options)
        return values if len(values) <= limit else None

    @property
    def options(self) -> dict[str, Any]:
        """The options, key -> value."""
        return dict(self._options)

    def _props(self) -> dict[str, Any]:
        return {"options": list(self._options), "inline": self._inline_layout, "disabled": self._disabled}

    def _control_html(self) -> str:
        name = escape(f"cove-radio-{self._id}")
        off = flag("disabled", self._disabled)
        choices = "".join(
            f'<label class="cove-radio-option"><input type="radio" name="{name}" '
            f'value="{escape(key)}"{flag("checked", key == self._raw)}{off}>{escape(key)}</label>'
            for key in self._options
        )
        layout = "inline" if self._inline_layout else "stacked"
        return (
            f'<span class="cove-radio-group" role="radiogroup" data-layout="{layout}"'
            f"{self._aria_label()}>{self._label_html()}{choices}</span>"
        )
