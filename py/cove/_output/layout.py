"""Layouts: `hstack`, `vstack`, `tabs`, `accordion`, `callout` (marimo's signatures and meanings).

Every layout is plain HTML that works without JavaScript: flexbox with inline styles for stacks,
`<details>` for accordions, and radio buttons plus a small stylesheet for tabs. Children are
embedded through `as_html`, so UI elements inside a layout keep their `data-cove-*` hooks and
hydrate like any other.
"""
from __future__ import annotations

import hashlib
from typing import Literal, Mapping, Sequence

from ._escape import escape
from .html import Html, as_html
from .markdown import render_inline

__all__ = [
    "CALLOUT_KINDS",
    "TABS_CSS",
    "accordion",
    "callout",
    "hstack",
    "tabs",
    "tabs_html",
    "vstack",
]

CALLOUT_KINDS = ("neutral", "info", "warn", "danger", "success")

_JUSTIFY = {
    "start": "flex-start",
    "center": "center",
    "end": "flex-end",
    "space-between": "space-between",
    "space-around": "space-around",
}
_ALIGN = {"start": "flex-start", "end": "flex-end", "center": "center", "stretch": "stretch"}

# Tabs without JavaScript: each tab is a visually hidden radio button, its label and its panel,
# siblings in a wrapping flex row; `order` lifts the labels above the panels and only the panel
# after the checked radio is shown. Without this stylesheet every panel shows, one after another.
TABS_CSS = (
    ".cove-tabs{display:flex;flex-wrap:wrap;align-items:flex-end}"
    ".cove-tabs>.cove-tab-radio{position:absolute;opacity:0;width:1px;height:1px;margin:0}"
    ".cove-tabs>.cove-tab-label{order:0;padding:.25rem .75rem;cursor:pointer;"
    "border-bottom:2px solid transparent}"
    ".cove-tabs>.cove-tab-panel{order:1;flex-basis:100%;min-width:0;display:none;padding-top:.5rem}"
    ".cove-tabs>.cove-tab-radio:checked+.cove-tab-label{border-bottom-color:currentColor;"
    "font-weight:600}"
    ".cove-tabs>.cove-tab-radio:focus-visible+.cove-tab-label{outline:2px solid Highlight}"
    ".cove-tabs>.cove-tab-radio:checked+.cove-tab-label+.cove-tab-panel{display:block}"
)


def _lookup(table: Mapping[str, str], value: str, what: str) -> str:
    if value not in table:
        raise ValueError(f"{what} must be one of {', '.join(map(repr, table))}, not {value!r}")
    return table[value]


def _flex_sizes(sizes: Literal["equal"] | Sequence[float] | None, count: int, what: str) -> list[str]:
    if sizes is None:
        return [""] * count
    if sizes == "equal":
        return ["flex:1 1 0;min-width:0"] * count
    sizes = list(sizes)  # type: ignore[arg-type]
    if len(sizes) != count:
        raise ValueError(f"{what} has {len(sizes)} entries but there are {count} items")
    return [f"flex:{float(s):g} 1 0;min-width:0" if s else "flex:0 0 auto" for s in sizes]


def _style_attr(css: str) -> str:
    return f' style="{css}"' if css else ""


def _stack(
    cls: str,
    direction: str,
    items: Sequence[object],
    justify: str,
    align: str | None,
    wrap: bool,
    gap: float,
    sizes: list[str],
) -> Html:
    style = f"display:flex;flex-direction:{direction};justify-content:{justify};gap:{float(gap):g}rem"
    if align is not None:
        style += f";align-items:{align}"
    if wrap:
        style += ";flex-wrap:wrap"
    children = "".join(
        f'<div class="cove-stack-item"{_style_attr(size)}>{as_html(item).text}</div>'
        for item, size in zip(items, sizes)
    )
    return Html(f'<div class="{cls}" style="{style}">{children}</div>')


def hstack(
    items: Sequence[object],
    *,
    justify: Literal["start", "center", "end", "space-between", "space-around"] = "space-between",
    align: Literal["start", "end", "center", "stretch"] | None = None,
    wrap: bool = False,
    gap: float = 0.5,
    widths: Literal["equal"] | Sequence[float] | None = None,
) -> Html:
    """Stack items horizontally, in a row; `gap` is in rem."""
    items = list(items)
    return _stack(
        "cove-hstack",
        "row",
        items,
        _lookup(_JUSTIFY, justify, "justify"),
        None if align is None else _lookup(_ALIGN, align, "align"),
        wrap,
        gap,
        _flex_sizes(widths, len(items), "widths"),
    )


def vstack(
    items: Sequence[object],
    *,
    align: Literal["start", "end", "center", "stretch"] | None = None,
    justify: Literal["start", "center", "end", "space-between", "space-around"] = "start",
    gap: float = 0.5,
    heights: Literal["equal"] | Sequence[float] | None = None,
) -> Html:
    """Stack items vertically, in a column; `gap` is in rem."""
    items = list(items)
    return _stack(
        "cove-vstack",
        "column",
        items,
        _lookup(_JUSTIFY, justify, "justify"),
        None if align is None else _lookup(_ALIGN, align, "align"),
        False,
        gap,
        _flex_sizes(heights, len(items), "heights"),
    )


def _group_name(prefix: str, parts: Sequence[str]) -> str:
    """A deterministic name for a radio or details group, from the content it groups."""
    digest = hashlib.blake2s("\x00".join(parts).encode(), digest_size=6).hexdigest()
    return f"{prefix}-{digest}"


def tabs_html(panels: Mapping[str, str], selected: str | None, name: str) -> str:
    """The HTML of a tab set: `panels` maps tab titles to panel HTML; `name` groups the radios."""
    parts = [f"<style>{TABS_CSS}</style>"]
    keys = list(panels)
    if selected is None and keys:
        selected = keys[0]
    for index, key in enumerate(keys):
        radio_id = f"{name}-{index}"
        checked = " checked" if key == selected else ""
        parts.append(
            f'<input type="radio" class="cove-tab-radio" name="{escape(name)}" '
            f'id="{escape(radio_id)}" value="{escape(key)}"{checked}>'
            f'<label class="cove-tab-label" for="{escape(radio_id)}">{render_inline(key)}</label>'
            f'<div class="cove-tab-panel" role="region" aria-label="{escape(key)}">'
            f"{panels[key]}</div>"
        )
    return f'<div class="cove-tabs">{"".join(parts)}</div>'


def tabs(tabs: Mapping[str, object], value: str | None = None) -> Html:
    """Tabs: `tabs` maps titles (Markdown) to contents; `value` is the title shown first."""
    panels = {str(key): as_html(content).text for key, content in tabs.items()}
    if value is not None and str(value) not in panels:
        raise ValueError(f"value {value!r} is not one of the tab titles {list(panels)}")
    name = _group_name("cove-tabs", [*panels, *panels.values()])
    return Html(tabs_html(panels, None if value is None else str(value), name))


def accordion(
    items: Mapping[str, object], multiple: bool = False, lazy: bool = False, *, expanded: bool = False
) -> Html:
    """Collapsible sections: `items` maps titles (Markdown) to contents. Unless `multiple`,
    opening one section closes the others (`<details name=...>`); `expanded` opens them all
    (with `multiple`) or the first. `lazy` is accepted for compatibility; contents are always
    rendered."""
    del lazy
    bodies = {str(key): as_html(content).text for key, content in items.items()}
    group = "" if multiple else f' name="{_group_name("cove-accordion", [*bodies, *bodies.values()])}"'
    sections = "".join(
        f'<details class="cove-accordion-item"{group}'
        f'{" open" if expanded and (multiple or i == 0) else ""}><summary>{render_inline(key)}</summary>'
        f'<div class="cove-accordion-body">{body}</div></details>'
        for i, (key, body) in enumerate(bodies.items())
    )
    return Html(f'<div class="cove-accordion">{sections}</div>')


def callout(
    value: object,
    kind: Literal["neutral", "info", "warn", "danger", "success"] = "neutral",
    title: str | None = None,
) -> Html:
    """`value` in a box colored by `kind` (neutral, info, warn, danger or success), under an
    optional `title` (Markdown)."""
    if kind not in CALLOUT_KINDS:
        raise ValueError(f"callout kind must be one of {', '.join(CALLOUT_KINDS)}, not {kind!r}")
    heading = ""
    if title:
        heading = f'<div class="cove-callout-title"><strong>{render_inline(title)}</strong></div>'
    return Html(
        f'<div class="cove-callout cove-callout-{kind}" data-kind="{kind}" role="note">'
        f"{heading}{as_html(value).text}</div>"
    )
