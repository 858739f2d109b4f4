"""`Html`, an object that displays as HTML, and `as_html`, which turns any object into one."""
from __future__ import annotations

from typing import Any, Mapping

from ._escape import escape
from .render import render_bundle

__all__ = ["Html", "as_html"]


class Html:
    """A piece of HTML to display: `cove.Html("<b>hi</b>")`.

    `str()` and `format()` give the HTML itself, so an `Html` (and a UI element, which is one)
    can be interpolated into an f-string passed to `cove.md` or to another `Html`.
    """

    def __init__(self, text: str) -> None:
        self._text = str(text)

    @property
    def text(self) -> str:
        """The HTML source."""
        return self._text

    def _mime_(self) -> tuple[str, str]:
        return ("text/html", self.text)

    def __str__(self) -> str:
        return self.text

    def __format__(self, spec: str) -> str:
        return format(self.text, spec)

    def __repr__(self) -> str:
        text = self.text
        if len(text) > 80:
            text = text[:77] + "..."
        return f"Html({text!r})"

    # -- marimo-compatible helpers -------------------------------------------------------------

    def _justify(self, justify: str) -> Html:
        return Html(
            f'<div class="cove-justify" style="display:flex;justify-content:{justify}">'
            f"{self.text}</div>"
        )

    def center(self) -> Html:
        """This HTML, centered horizontally."""
        return self._justify("center")

    def right(self) -> Html:
        """This HTML, right-justified."""
        return self._justify("flex-end")

    def left(self) -> Html:
        """This HTML, left-justified."""
        return self._justify("flex-start")

    def callout(self, kind: str = "neutral", title: str | None = None) -> Html:
        """This HTML inside a callout box (see `cove.callout`)."""
        from .layout import callout  # layout builds on Html: a module-level import would be a cycle

        return callout(self, kind=kind, title=title)  # type: ignore[arg-type]

    def batch(self, **elements: Any) -> Any:
        """This HTML as a `cove.ui.batch`: each `{name}` in it is replaced by `elements[name]`
        and the batch's value is the dict of their values (`cove.md("{x}").batch(x=...)`)."""
        # The result is a UI element, a layer above this module: imported when called, so
        # `cove.ui` (which builds on Html) is not imported by every Html.
        from ..ui._data import batch

        return batch(self, elements)

    def style(self, style: Mapping[str, Any] | str | None = None, **kwargs: Any) -> Html:
        """This HTML wrapped in a `<div>` with inline CSS (a dict, a CSS string, or keywords;
        `background_color=` is written `background-color`)."""
        if isinstance(style, str):
            css = style
        else:
            items = {**(style or {}), **{k.replace("_", "-"): v for k, v in kwargs.items()}}
            css = ";".join(f"{k}:{v}" for k, v in items.items())
        return Html(f'<div style="{escape(css)}">{self.text}</div>')


def as_html(value: object) -> Html:
    """Convert any displayable object to `Html`: `Html` (and UI elements) pass through, strings
    become escaped text, everything else is `format_output`'s bundle drawn by the output registry,
    the same markup as that value shown as a cell's output (sandboxed frame included)."""
    if isinstance(value, Html):
        return value
    if isinstance(value, str):
        return Html(f'<span class="cove-text">{escape(value)}</span>')
    from .mime import format_output  # mime draws through markdown, which builds on Html (a cycle)

    bundle = format_output(value)
    return Html(render_bundle(bundle) if bundle else "")

