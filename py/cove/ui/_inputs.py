"""Input elements: `text`, `text_area`, `checkbox`, `switch`, `date`, `file`."""
from __future__ import annotations

import base64
import binascii
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Literal, Sequence

from .._output._escape import escape
from ._base import UIElement, attr, flag

__all__ = ["FileUploadResults", "checkbox", "date", "file", "switch", "text", "text_area"]


class _TextBase(UIElement):
    """What `text` and `text_area` share: a string value with an optional maximum length."""

    _max_length: int | None = None

    def _validate(self, raw: Any) -> str:
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            raise ValueError(f"{self._what()}: expected a string, got {type(raw).__name__} {raw!r}")
        if self._max_length is not None and len(raw) > self._max_length:
            raise ValueError(
                f"{self._what()}: {len(raw)} characters is more than max_length={self._max_length}"
            )
        return raw


class text(_TextBase):  # noqa: N801 - marimo's name
    """A one-line text field; `.value` is the string."""

    _kind = "text"

    def __init__(
        self,
        value: str = "",
        placeholder: str = "",
        kind: Literal["text", "password", "email", "url"] = "text",
        max_length: int | None = None,
        disabled: bool = False,
        debounce: bool | int = True,
        *,
        label: str = "",
        on_change: Callable[[str], None] | None = None,
        full_width: bool = False,
    ) -> None:
        if kind not in ("text", "password", "email", "url"):
            raise ValueError(f"cove.ui.text: kind must be text, password, email or url, not {kind!r}")
        self._placeholder = placeholder
        self._input_kind = kind
        self._max_length = max_length
        self._disabled = disabled
        self._debounce = debounce
        self._full_width = full_width
        super().__init__(value, label=label, on_change=on_change)

    def _props(self) -> dict[str, Any]:
        return {
            "placeholder": self._placeholder,
            "kind": self._input_kind,
            "max_length": self._max_length,
            "disabled": self._disabled,
            "debounce": self._debounce,
            "full_width": self._full_width,
        }

    def _control_html(self) -> str:
        return self._labelled(
            f'<input type="{self._input_kind}" value="{escape(self._raw)}"'
            f'{attr("placeholder", self._placeholder or None)}{attr("maxlength", self._max_length)}'
            f'{flag("disabled", self._disabled)}>'
        )


class text_area(_TextBase):  # noqa: N801 - marimo's name
    """A multi-line text field; `.value` is the string."""

    _kind = "text_area"

    def __init__(
        self,
        value: str = "",
        placeholder: str = "",
        max_length: int | None = None,
        disabled: bool = False,
        debounce: bool | int = True,
        rows: int | None = None,
        *,
        label: str = "",
        on_change: Callable[[str], None] | None = None,
        full_width: bool = False,
    ) -> None:
        self._placeholder = placeholder
        self._max_length = max_length
        self._disabled = disabled
        self._debounce = debounce
        self._rows = rows
        self._full_width = full_width
        super().__init__(value, label=label, on_change=on_change)

    def _props(self) -> dict[str, Any]:
        return {
            "placeholder": self._placeholder,
            "max_length": self._max_length,
            "disabled": self._disabled,
            "debounce": self._debounce,
            "rows": self._rows,
            "full_width": self._full_width,
        }

    def _control_html(self) -> str:
        # Newlines in the content become character references (see protect_from_markdown),
        # which a <textarea> decodes back to newlines.
        return self._labelled(
            f'<textarea{attr("rows", self._rows)}{attr("placeholder", self._placeholder or None)}'
            f'{attr("maxlength", self._max_length)}{flag("disabled", self._disabled)}>'
            f"{escape(self._raw)}</textarea>"
        )


class checkbox(UIElement):  # noqa: N801 - marimo's name
    """A checkbox; `.value` is a bool."""

    _kind = "checkbox"
    _role = ""

    def __init__(
        self,
        value: bool = False,
        *,
        label: str = "",
        on_change: Callable[[bool], None] | None = None,
        disabled: bool = False,
    ) -> None:
        self._disabled = disabled
        super().__init__(value, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if raw in (0, 1) and not isinstance(raw, float):
            return bool(raw)
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        raise ValueError(f"{self._what()}: expected true or false, got {raw!r}")

    def _choices(self, limit: int) -> list[Any] | None:
        return [False, True] if limit >= 2 else None

    def _props(self) -> dict[str, Any]:
        return {"disabled": self._disabled}

    def _control_html(self) -> str:
        return self._labelled(
            f'<input type="checkbox"{self._role}{flag("checked", self._raw)}'
            f'{flag("disabled", self._disabled)}>',
            after=True,
        )


class switch(checkbox):  # noqa: N801 - marimo's name
    """A toggle switch (a checkbox with `role="switch"`); `.value` is a bool."""

    _kind = "switch"
    _role = ' role="switch"'


def _to_date(value: Any, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise ValueError(f"{what}: expected a date as YYYY-MM-DD, got {value!r}")


class date(UIElement):  # noqa: N801 - marimo's name
    """A date picker; `.value` is a `datetime.date`, the front-end value its ISO string."""

    _kind = "date"

    def __init__(
        self,
        start: dt.date | str | None = None,
        stop: dt.date | str | None = None,
        value: dt.date | str | None = None,
        *,
        label: str = "",
        on_change: Callable[[dt.date], None] | None = None,
        full_width: bool = False,
        disabled: bool = False,
    ) -> None:
        self._start = None if start is None else _to_date(start, "cove.ui.date start")
        self._stop = None if stop is None else _to_date(stop, "cove.ui.date stop")
        if self._start and self._stop and self._start > self._stop:
            raise ValueError(f"cove.ui.date: start ({self._start}) is after stop ({self._stop})")
        self._full_width = full_width
        self._disabled = disabled
        if value is None:
            today = dt.date.today()
            if self._start and today < self._start:
                today = self._start
            if self._stop and today > self._stop:
                today = self._stop
            value = today
        super().__init__(value, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> str:
        day = _to_date(raw, self._what())
        if self._start and day < self._start:
            raise ValueError(f"{self._what()}: {day} is before {self._start}")
        if self._stop and day > self._stop:
            raise ValueError(f"{self._what()}: {day} is after {self._stop}")
        return day.isoformat()

    def _convert(self, raw: str) -> dt.date:
        return dt.date.fromisoformat(raw)

    def _props(self) -> dict[str, Any]:
        return {
            "start": self._start.isoformat() if self._start else None,
            "stop": self._stop.isoformat() if self._stop else None,
            "full_width": self._full_width,
            "disabled": self._disabled,
        }

    def _control_html(self) -> str:
        p = self._props()
        return self._labelled(
            f'<input type="date" value="{self._raw}"{attr("min", p["start"])}{attr("max", p["stop"])}'
            f'{flag("disabled", self._disabled)}>'
        )


@dataclass(frozen=True)
class FileUploadResults:
    """One uploaded file."""

    name: str
    contents: bytes


class file(UIElement):  # noqa: N801 - marimo's name
    """A file upload; `.value` is a list of `FileUploadResults(name, contents)`.

    The front-end value is a list of `{"name": str, "contents": base64 str}` (a `data:` URL is
    accepted as contents too); `data-cove-value` lists only the names.
    """

    _kind = "file"

    def __init__(
        self,
        filetypes: Sequence[str] | None = None,
        multiple: bool = False,
        kind: Literal["button", "area"] = "button",
        *,
        label: str = "",
        on_change: Callable[[list[FileUploadResults]], None] | None = None,
        max_size: int = 100_000_000,
    ) -> None:
        self._filetypes = list(filetypes or [])
        self._multiple = multiple
        self._button_kind = kind
        self._max_size = max_size
        super().__init__([], label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[dict[str, str]]:
        if raw is None:
            return []
        if isinstance(raw, dict):
            raw = [raw]
        if not isinstance(raw, (list, tuple)):
            raise ValueError(f"{self._what()}: expected a list of files, got {raw!r}")
        if len(raw) > 1 and not self._multiple:
            raise ValueError(f"{self._what()}: only one file may be uploaded (multiple=False)")
        files = []
        for item in raw:
            if isinstance(item, dict) and "name" in item and "contents" in item:
                name, contents = item["name"], item["contents"]
            elif isinstance(item, (list, tuple)) and len(item) == 2:
                name, contents = item
            else:
                raise ValueError(f"{self._what()}: expected {{name, contents}} per file, got {item!r}")
            if isinstance(contents, (bytes, bytearray)):
                data = bytes(contents)
            elif isinstance(contents, str):
                encoded = contents.split(",", 1)[1] if contents.startswith("data:") else contents
                try:
                    data = base64.b64decode(encoded, validate=True)
                except (binascii.Error, ValueError):
                    raise ValueError(f"{self._what()}: contents of {name!r} are not base64") from None
            else:
                raise ValueError(f"{self._what()}: contents of {name!r} must be base64 text")
            if len(data) > self._max_size:
                raise ValueError(
                    f"{self._what()}: {name!r} is {len(data):,} bytes, over max_size={self._max_size:,}"
                )
            files.append({"name": str(name), "contents": base64.b64encode(data).decode("ascii")})
        return files

    def _convert(self, raw: list[dict[str, str]]) -> list[FileUploadResults]:
        return [FileUploadResults(f["name"], base64.b64decode(f["contents"])) for f in raw]

    def name(self, index: int = 0) -> str | None:
        """The name of the `index`-th uploaded file, or None."""
        return self._value[index].name if index < len(self._value) else None

    def contents(self, index: int = 0) -> bytes | None:
        """The bytes of the `index`-th uploaded file, or None."""
        return self._value[index].contents if index < len(self._value) else None

    def _props(self) -> dict[str, Any]:
        return {
            "filetypes": self._filetypes,
            "multiple": self._multiple,
            "kind": self._button_kind,
            "max_size": self._max_size,
        }

    def _html_value(self) -> Any:
        return [{"name": f["name"]} for f in self._raw]

    def _control_html(self) -> str:
        accept = ",".join(self._filetypes) or None
        names = ", ".join(f["name"] for f in self._raw)
        aria = "" if self._label else ' aria-label="Upload a file"'
        control = self._labelled(
            f'<input type="file"{attr("accept", accept)}{flag("multiple", self._multiple)}{aria}>'
        )
        return control + f'<span class="cove-files">{escape(names)}</span>'
