"""marimo's display helpers that arrange or present values: `plain`, `plain_text`, `json`, `tree`,
`stat`, `center`/`left`/`right`, `carousel`, `nav_menu`, `sidebar`, `style`, `lazy`, `iframe`,
`download`. Each returns `Html` that reads without JavaScript (same signatures as marimo 0.25.2).
"""
from __future__ import annotations

import base64
import json as _json
import mimetypes
from typing import Any, Callable, Literal, Mapping, Sequence

from ._output._escape import escape
from ._output.html import Html, as_html
from ._output.markdown import md

__all__ = [
    "carousel", "center", "download", "iframe", "json", "lazy", "left", "nav_menu", "plain",
    "plain_text", "right", "sidebar", "stat", "style", "tree",
]


def plain(value: Any) -> Html:
    """`value` shown by its plain `repr`, without rich formatting (a frame is not a table)."""
    return Html(f'<pre class="cove-text">{escape(repr(value))}</pre>')


def plain_text(text: str) -> Html:
    """`text` shown as is, in a monospace block (spaces and newlines kept)."""
    return Html(f'<pre class="cove-text">{escape(text)}</pre>')


def json(data: Any, label: str | None = None) -> Html:
    """`data` (JSON-able, or a JSON string) as an indented, collapsible JSON view."""
    if isinstance(data, (str, bytes)):
        data = _json.loads(data)
    body = f'<pre class="cove-json">{escape(_json.dumps(data, indent=2, default=repr))}</pre>'
    return _titled("cove-json-view", label, body)


def tree(items: list[Any] | tuple[Any, ...] | dict[Any, Any], label: str | None = None) -> Html:
    """Nested lists, tuples and dicts as an expandable tree (`<details>`); leaves go through
    `as_html`, so they may be elements or any displayable value."""
    if not isinstance(items, (list, tuple, dict)):
        raise TypeError(f"cove.tree expects a list, tuple or dict, not {type(items).__name__}")
    return _titled("cove-tree", label, _tree_node(items))


def _tree_node(value: Any) -> str:
    if isinstance(value, dict):
        rows = "".join(f"<li><details open><summary>{escape(k)}</summary>{_tree_node(v)}</details></li>"
                       if isinstance(v, (list, tuple, dict)) else
                       f"<li><span class=\"cove-tree-key\">{escape(k)}</span>: {as_html(v).text}</li>"
                       for k, v in value.items())
        return f"<ul>{rows}</ul>"
    if isinstance(value, (list, tuple)):
        return "<ul>" + "".join(f"<li>{_tree_node(v)}</li>" for v in value) + "</ul>"
    return as_html(value).text


def _titled(cls: str, label: str | None, body: str) -> Html:
    title = f'<div class="cove-label-text">{md(label).text}</div>' if label else ""
    return Html(f'<div class="{cls}">{title}{body}</div>')


def stat(
    value: str | int | float,
    label: str | None = None,
    caption: str | None = None,
    direction: Literal["increase", "decrease"] | None = None,
    bordered: bool = False,
    target_direction: Literal["increase", "decrease"] = "increase",
    slot: Any = None,
) -> Html:
    """A statistic card: a big `value`, its `label`, and a `caption` with an arrow for
    `direction`, green when it goes the `target_direction`, red otherwise."""
    arrow = {"increase": "▲", "decrease": "▼"}.get(direction or "", "")
    good = direction is None or direction == target_direction
    tone = "" if direction is None else (" cove-stat-good" if good else " cove-stat-bad")
    color = "" if direction is None else f' style="color:{"#15803d" if good else "#b91c1c"}"'
    parts = [f'<div class="cove-stat-label">{escape(label)}</div>' if label else "",
             f'<div class="cove-stat-value" style="font-size:1.5em;font-weight:600">{escape(value)}</div>',
             f'<div class="cove-stat-caption{tone}"{color}>{arrow} {escape(caption or "")}</div>'
             if caption or arrow else "",
             as_html(slot).text if slot is not None else ""]
    border = ";border:1px solid #d4d4d8;border-radius:8px" if bordered else ""
    return Html(f'<div class="cove-stat" style="padding:.5rem 1rem{border}">{"".join(parts)}</div>')


def _justified(item: Any, justify: str) -> Html:
    return as_html(item)._justify(justify)


def center(item: Any) -> Html:
    """`item`, centered horizontally."""
    return _justified(item, "center")


def left(item: Any) -> Html:
    """`item`, left-justified."""
    return _justified(item, "flex-start")


def right(item: Any) -> Html:
    """`item`, right-justified."""
    return _justified(item, "flex-end")


class carousel(Html):  # noqa: N801 - marimo's name
    """`items` as slides, one after another in a horizontally scrolling strip that snaps to each
    slide (CSS scroll snapping: no script needed)."""

    def __init__(self, items: Sequence[object]) -> None:
        slides = "".join(
            f'<div class="cove-slide" style="flex:0 0 100%;scroll-snap-align:start">{as_html(i).text}</div>'
            for i in items
        )
        super().__init__(
            '<div class="cove-carousel" style="display:flex;overflow-x:auto;'
            f'scroll-snap-type:x mandatory;gap:1rem">{slides}</div>'
        )


def nav_menu(menu: Mapping[str, Any], *, orientation: Literal["horizontal", "vertical"] = "horizontal") -> Html:
    """Links: `menu` maps labels (Markdown) to URLs, or to a nested `{label: url}` for a
    submenu."""
    if orientation not in ("horizontal", "vertical"):
        raise ValueError(f"orientation must be 'horizontal' or 'vertical', not {orientation!r}")

    def items(entries: Mapping[str, Any]) -> str:
        out = []
        for label, target in entries.items():
            text = md(label).text
            if isinstance(target, Mapping):
                out.append(f"<li><details><summary>{text}</summary><ul>{items(target)}</ul></details></li>")
            else:
                out.append(f'<li><a href="{escape(target)}">{text}</a></li>')
        return "".join(out)

    direction = "row" if orientation == "horizontal" else "column"
    return Html(f'<nav class="cove-nav-menu"><ul style="display:flex;flex-direction:{direction};'
                f'gap:1rem;list-style:none;padding:0">{items(menu)}</ul></nav>')


class sidebar(Html):  # noqa: N801 - marimo's name
    """`item` (and a `footer`) in a side column: pinned to the left edge of the page where there
    is room for it (`width`, default 15rem), inline above the cell's output otherwise."""

    def __init__(self, item: Any, footer: Any = None, *, width: str | None = None) -> None:
        items = item if isinstance(item, (list, tuple)) else [item]
        body = "".join(as_html(i).text for i in items)
        foot = f'<div class="cove-sidebar-footer">{as_html(footer).text}</div>' if footer is not None else ""
        super().__init__(
            f'<aside class="cove-sidebar" style="width:{escape(width or "15rem")};max-width:100%">'
            f"{body}{foot}</aside>"
        )


class style(Html):  # noqa: N801 - marimo's name
    """`item` wrapped in a `<div>` with inline CSS: a dict, or keywords (`background_color=`
    is written `background-color`)."""

    def __init__(self, item: Any, style: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(as_html(item).style(style, **kwargs).text)


class lazy(Html):  # noqa: N801 - marimo's name
    """`element` (or the result of calling it, when it is a function) shown when the page
    shows it. A static page has no server to defer work to, so the value is rendered now."""

    def __init__(self, element: Callable[[], object] | object, show_loading_indicator: bool = False) -> None:
        del show_loading_indicator
        value = element() if callable(element) and not isinstance(element, Html) else element
        super().__init__(f'<div class="cove-lazy">{as_html(value).text}</div>')


def iframe(html: str, *, width: str = "100%", height: str = "400px") -> Html:
    """`html` (a whole document) in a sandboxed `<iframe srcdoc>`: its scripts run isolated from
    the notebook's page."""
    return Html(
        f'<iframe class="cove-iframe" sandbox="allow-scripts" srcdoc="{escape(html)}" '
        f'style="width:{escape(width)};height:{escape(height)};border:0"></iframe>'
    )


class download(Html):  # noqa: N801 - marimo's name
    """A download button for `data` (bytes, str, a binary file object, or a function returning
    one of these), saved as `filename` with `mimetype` (guessed from the name if omitted)."""

    def __init__(
        self,
        data: str | bytes | Any,
        filename: str | None = None,
        mimetype: str | None = None,
        disabled: bool = False,
        *,
        label: str = "Download",
    ) -> None:
        if callable(data):
            data = data()
        if hasattr(data, "read"):
            data = data.read()
        raw = data.encode() if isinstance(data, str) else bytes(data)
        name = filename or "download"
        mime = mimetype or mimetypes.guess_type(name)[0] or (
            "text/plain" if isinstance(data, str) else "application/octet-stream"
        )
        href = f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"
        if disabled:
            control = f'<button class="cove-download" disabled>{escape(label)}</button>'
        else:
            control = (f'<a class="cove-download" role="button" href="{escape(href)}" '
                       f'download="{escape(name)}">{escape(label)}</a>')
        super().__init__(control)
