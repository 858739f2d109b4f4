"""Tables as HTML: the static table of a data frame or list of dicts, and the markup of the
interactive `cove.ui.table` (web/src/ui/table.ts adopts it: search box, sortable headers, pager or
scrolling viewport). Rows come from `table_source`, which reads every supported kind of data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal

from ._escape import escape
from .table_source import frame_kind, table_source

__all__ = [
    "MAX_ROWS", "TableChrome", "TableData", "cell_text", "frame_kind", "is_records", "read_table",
    "render_table",
]

MAX_ROWS = 1000  # rows of a static table (no kernel to ask for more)
_MAX_CELL_CHARS = 500


@dataclass(frozen=True)
class TableData:
    """Some rows of tabular data, as plain Python values; `ids[i]` is the index of `rows[i]` in
    the full data (its position when `ids` is None); `total` counts all rows."""

    columns: list[str]
    rows: list[list[Any]]
    total: int
    ids: list[int] | None = None


@dataclass(frozen=True)
class TableChrome:
    """The controls of an interactive table around its rows: `mode` "pages" shows `page_size`
    rows and a pager, "scroll" a viewport `page_size` rows high that scrolls through all rows."""

    mode: Literal["pages", "scroll"]
    page_size: int


def is_records(obj: object) -> bool:
    """True for a non-empty list of dicts (displayed as a table)."""
    return isinstance(obj, list) and bool(obj) and all(isinstance(row, dict) for row in obj)


def read_table(data: Any, limit: int = MAX_ROWS) -> TableData:
    """Columns and the first `limit` rows of `data`: a data frame, a list of dicts, a dict of
    lists, or a list of plain values (one column named "value")."""
    source = table_source(data)
    page = source.head(limit)
    return TableData(source.columns, page.rows, source.total, page.ids)


def cell_text(value: Any) -> str:
    """How a value shows in a table cell (plain text; the page and this module both use it)."""
    text = "" if value is None else str(value)
    if len(text) > _MAX_CELL_CHARS:
        text = text[: _MAX_CELL_CHARS - 1] + "…"
    return text


def render_table(
    table: TableData,
    *,
    selection: str | None = None,
    selected: Iterable[int] = (),
    name: str = "",
    chrome: TableChrome | None = None,
) -> str:
    """An HTML `<table class="cove-table">` with a row-count notice below it; with `chrome`, the
    controls of the interactive table too (disabled until the page's script enables them).

    With `selection` ("single" or "multi"), each row starts with a radio button or checkbox whose
    `value` is the row index (0-based, in the full data) and which is checked if selected.
    """
    chosen = set(selected)
    control = {"single": "radio", "multi": "checkbox"}.get(selection or "")
    sortable = chrome is not None
    head = "".join(_header(col, sortable) for col in table.columns)
    if control:
        head = '<th class="cove-select-col"><span class="cove-sr-only">Select</span></th>' + head
    ids = table.ids if table.ids is not None else range(len(table.rows))
    body: list[str] = []
    for index, row in zip(ids, table.rows):
        cells = "".join(f"<td>{escape(cell_text(value))}</td>" for value in row)
        if control:
            checked = " checked" if index in chosen else ""
            cells = (
                f'<td class="cove-select-col"><input type="{control}" name="{escape(name)}" '
                f'value="{index}" aria-label="Select row {index + 1}"{checked}></td>' + cells
            )
        body.append(f'<tr data-row="{index}">{cells}</tr>')
    grid = (
        f'<table class="cove-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table>'
    )
    if chrome is None:
        return f'<div class="cove-table-wrap">{grid}<div class="cove-table-notice">{_notice(table)}</div></div>'
    return (
        f'<div class="cove-table-wrap" data-mode="{chrome.mode}">'
        '<div class="cove-table-tools"><input type="search" class="cove-table-search" '
        'placeholder="Search" aria-label="Search the table" disabled></div>'
        f'<div class="cove-table-scroll" style="--cove-rows:{chrome.page_size}">{grid}</div>'
        f'<div class="cove-table-footer"><span class="cove-table-notice">{_notice(table)}</span>'
        f"{_pager(table, chrome)}</div></div>"
    )


def _header(column: str, sortable: bool) -> str:
    if not sortable:
        return f'<th scope="col">{escape(column)}</th>'
    return (
        f'<th scope="col" data-column="{escape(column)}" aria-sort="none">'
        f'<button type="button" class="cove-table-sort" disabled>{escape(column)}</button></th>'
    )


def _pager(table: TableData, chrome: TableChrome) -> str:
    if chrome.mode != "pages":
        return ""
    pages = max(1, -(-table.total // max(chrome.page_size, 1)))
    hidden = " hidden" if pages <= 1 else ""
    return (
        f'<span class="cove-table-pager"{hidden}>'
        '<button type="button" data-page="prev" aria-label="Previous page" disabled>‹</button>'
        f'<span class="cove-table-page">Page 1 of {pages:,}</span>'
        '<button type="button" data-page="next" aria-label="Next page" disabled>›</button></span>'
    )


def _notice(table: TableData) -> str:
    total = table.total
    text = f"{total:,} row" + ("" if total == 1 else "s")
    if len(table.rows) < total:
        text += f" (showing the first {len(table.rows):,})"
    return text
