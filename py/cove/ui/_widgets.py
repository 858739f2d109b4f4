"""`code_editor`, `refresh`, `microphone`, `chat` and `panel`: marimo's remaining single-control
elements, each one native control that the page's generic machinery drives."""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from .._output._escape import escape
from .._output.html import as_html
from ._base import UIElement, attr, flag

__all__ = ["ChatMessage", "chat", "code_editor", "microphone", "panel", "refresh"]


class code_editor(UIElement):  # noqa: N801 - marimo's name
    """A code editor (a monospace `<textarea>`); `.value` is the code."""

    _kind = "code_editor"

    def __init__(
        self,
        value: str = "",
        language: str = "python",
        placeholder: str = "",
        theme: str | None = None,
        disabled: bool = False,
        min_height: int | None = None,
        max_height: int | None = None,
        show_copy_button: bool = True,
        debounce: bool | int = False,
        *,
        label: str = "",
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        del theme, show_copy_button
        self._language, self._placeholder, self._disabled = language, placeholder, disabled
        self._heights = (min_height, max_height)
        self._debounce = debounce
        super().__init__(value, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError(f"{self._what()}: expected a string, got {raw!r}")
        return raw

    def _props(self) -> dict[str, Any]:
        return {"language": self._language, "debounce": self._debounce, "disabled": self._disabled}

    def _control_html(self) -> str:
        low, high = self._heights
        css = "font-family:monospace;width:100%" + (f";min-height:{low}px" if low else "") + (
            f";max-height:{high}px" if high else "")
        return self._labelled(
            f'<textarea class="cove-code-editor" spellcheck="false" data-language="{escape(self._language)}"'
            f'{attr("placeholder", self._placeholder or None)} style="{css}"'
            f'{flag("disabled", self._disabled)}>{escape(self._raw)}</textarea>'
        )


_INTERVALS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _seconds(option: str | int | float) -> float:
    if isinstance(option, (int, float)):
        return float(option)
    text = str(option).strip()
    if text and text[-1] in _INTERVALS:
        return float(text[:-1]) * _INTERVALS[text[-1]]
    return float(text)


class refresh(UIElement):  # noqa: N801 - marimo's name
    """A refresh button, and with `options` an interval picker: the page ticks every interval
    (and on each click); `.value` is the number of ticks so far. Cells that read it re-run on
    each tick."""

    _kind = "refresh"

    def __init__(
        self,
        options: Sequence[str | int | float] | None = None,
        default_interval: str | int | float | None = None,
        *,
        label: str = "",
        on_change: Callable[[int], None] | None = None,
    ) -> None:
        self._options = [str(o) if isinstance(o, str) else f"{o}s" for o in options or []]
        if default_interval is not None:
            default = default_interval if isinstance(default_interval, str) else f"{default_interval}s"
            if default not in self._options:
                self._options.insert(0, default)
        self._default = None if default_interval is None else self._options[self._options.index(default)]
        for o in self._options:
            _seconds(o)  # a bad interval fails here, naming itself
        super().__init__(0, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> int:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise ValueError(f"{self._what()}: expected a tick count, got {raw!r}")
        return int(raw)

    def _props(self) -> dict[str, Any]:
        return {"intervals": {o: _seconds(o) for o in self._options}, "default": self._default}

    def _control_html(self) -> str:
        picker = ""
        if self._options:
            opts = "".join(f'<option value="{escape(o)}"{flag("selected", o == self._default)}>{escape(o)}</option>'
                           for o in self._options)
            picker = f'<select class="cove-refresh-interval"><option value="">off</option>{opts}</select>'
        return f'{self._label_html()}<button type="button" class="cove-refresh">↻</button>{picker}'


class microphone(UIElement):  # noqa: N801 - marimo's name
    """A recorder: the page's audio capture (`<input type=file accept=audio/* capture>`, which
    phones and browsers open as a recorder or a file picker). `.value` is an `io.BytesIO` of the
    recording (empty before one)."""

    _kind = "microphone"

    def __init__(self, *, label: str = "", on_change: Callable[[io.BytesIO], None] | None = None) -> None:
        super().__init__([], label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[dict[str, str]]:
        if not isinstance(raw, list) or not all(isinstance(f, dict) and "contents" in f for f in raw):
            raise ValueError(f"{self._what()}: expected [{{name, contents}}], got {raw!r}")
        return [{"name": str(f.get("name", "")), "contents": str(f["contents"])} for f in raw[:1]]

    def _convert(self, raw: list[dict[str, str]]) -> io.BytesIO:
        return io.BytesIO(base64.b64decode(raw[0]["contents"]) if raw else b"")

    def _html_value(self) -> Any:
        return [{"name": f["name"]} for f in self._raw]

    def _control_html(self) -> str:
        return self._labelled('<input type="file" accept="audio/*" capture="user">')


@dataclass
class ChatMessage:
    """One message of a `chat`: `role` is "user", "assistant" or "system"."""

    role: str
    content: Any
    attachments: list[Any] | None = field(default=None)


class chat(UIElement):  # noqa: N801 - marimo's name
    """A chat box. Each message the reader sends is added to the conversation, then
    `model(messages, config)` is called and its reply added; `.value` is the list of
    `ChatMessage`s. Cells that read `.value` show the conversation."""

    _kind = "chat"
    _inline = False

    def __init__(
        self,
        model: Callable[..., Any],
        *,
        prompts: list[str] | None = None,
        on_message: Callable[[list[ChatMessage]], None] | None = None,
        show_configuration_controls: bool = False,
        config: dict[str, Any] | None = None,
        allow_attachments: bool | list[str] = False,
        max_height: int | None = None,
        disabled: bool = False,
    ) -> None:
        del show_configuration_controls, allow_attachments, max_height
        self._model = model
        self._config = dict(config or {"max_tokens": 4096, "temperature": 0.5, "top_p": 1, "top_k": 40,
                                       "frequency_penalty": 0, "presence_penalty": 0})
        self._prompts = list(prompts or [])
        self._disabled = disabled
        self._messages: list[ChatMessage] = []
        super().__init__("", on_change=on_message)

    def _validate(self, raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValueError(f"{self._what()}: expected the message text, got {raw!r}")
        return raw

    def _convert(self, raw: str) -> list[ChatMessage]:
        return list(self._messages)

    def _update(self, raw: str) -> None:
        if raw.strip():
            self._messages.append(ChatMessage("user", raw))
            reply = self._model(list(self._messages), self._config)
            self._messages.append(ChatMessage("assistant", reply))
            # the page's chat box shows the conversation (as text)
            self._send_message({"messages": [{"role": m.role, "text": str(m.content)} for m in self._messages]})
        super()._update(raw)

    def _props(self) -> dict[str, Any]:
        return {"debounce": True, "prompts": self._prompts}

    def _control_html(self) -> str:
        history = "".join(f'<div class="cove-chat-{m.role}">{as_html(m.content).text}</div>' for m in self._messages)
        return (f'<div class="cove-chat-history">{history}</div>'
                f'<input type="text" class="cove-chat-input" placeholder="Message (Enter sends)"'
                f'{flag("disabled", self._disabled)}>')


class panel(UIElement):  # noqa: N801 - marimo's name
    """A HoloViz Panel object, shown through its rich display; its value is the object."""

    _kind = "panel"
    _inline = False

    def __init__(self, obj: Any) -> None:
        self._obj = obj
        super().__init__(None)

    def _convert(self, raw: Any) -> Any:
        return self._obj

    def _control_html(self) -> str:
        return as_html(self._obj).text
