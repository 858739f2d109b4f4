"""`table`: a table of rows the reader can sort, search, page through and select; `.value` is the
selected rows.

The element keeps the data; the page shows one page (or one scrolled window) at a time and asks
for the rows it needs with a `send_ui_message` `{"type": "rows", "request", "sort", "search",
"offset", "limit"}`, answered by a `ui_message` `{"type": "rows", "request", "total", "offset",
"ids", "rows"}` (cell texts). Asking for rows re-runs nothing; only a change of selection does.
"""
from __future__ import annotations

from typing import Any, Callable, Literal, Mapping, Sequence

from .._output.table_source import Page, Sort, table_source
from .._output.tables import TableChrome, TableData, cell_text, render_table
from ._base import UIElement

__all__ = ["table"]

SCROLL_BLOCK = 100  # rows a scrolling table shows before the page asks for more
MAX_REQUEST = 1000  # rows one request may ask for


def _formatter(mapping: Mapping[str, Any] | None, columns: list[str]) -> Callable[[list[Any]], list[str]]:
    """Cell texts of a row, with `format_mapping`: column -> format string ("{:.2f}") or callable."""
    formats = [(mapping or {}).get(col) for col in columns]

    def fmt(value: Any, how: Any) -> str:
        if how is None or value is None:
            return cell_text(value)
        try:
            return cell_text(how(value) if callable(how) else str(how).format(value))
        except Exception:  # noqa: BLE001 - a format that does not fit a value shows the value
            return cell_text(value)

    return lambda row: [fmt(v, how) for v, how in zip(row, formats)]


class table(UIElement):  # noqa: N801 - marimo's name
    """A table of `data`: a list of dicts, a dict of lists, a list of values, or a data frame
    (pandas, polars, ... through narwhals).

    `.value` is the selected rows in the format of `data` (a list for lists, a dict of lists for
    a dict, a frame for a frame); with `selection=None`, it is `data` itself. The front-end
    value is the list of selected row indices (0-based, into the full data). `pagination=False`
    scrolls through all rows instead of paging; either way only the rows in view are sent to the
    page.
    """

    _kind = "table"
    _inline = False

    def __init__(
        self,
        data: Any,
        pagination: bool | None = None,
        selection: Literal["single", "multi"] | None = "multi",
        initial_selection: Sequence[int] | None = None,
        page_size: int | None = None,
        show_column_summaries: bool | None = None,
        show_data_types: bool = True,
        format_mapping: Mapping[str, Any] | None = None,
        freeze_columns_left: Sequence[str] | None = None,
        freeze_columns_right: Sequence[str] | None = None,
        text_justify_columns: Mapping[str, str] | None = None,
        wrapped_columns: Sequence[str] | None = None,
        column_widths: Mapping[str, Any] | None = None,
        hidden_columns: Sequence[str] | None = None,
        visible_columns: Sequence[str] | None = None,
        header_tooltip: Mapping[str, str] | None = None,
        show_download: bool = True,
        max_columns: int | str | None = "inherit",
        *,
        show_search: bool = True,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
        style_cell: Callable[..., Any] | None = None,
        hover_template: str | None = None,
        max_height: int | None = None,
    ) -> None:
        # Accepted for marimo compatibility; the page's table shows every column, plainly:
        # data types, justification, wrapping, widths, tooltips, search and cell styles.
        del show_data_types, text_justify_columns, wrapped_columns, column_widths, header_tooltip
        del max_columns, show_search, style_cell, hover_template, max_height
        del hidden_columns, visible_columns
        if selection not in ("single", "multi", None):
            raise ValueError(f"cove.ui.table: selection must be 'single', 'multi' or None, not {selection!r}")
        if page_size is None:
            page_size = 10  # marimo's default too
        if not isinstance(page_size, int) or page_size < 1:
            raise ValueError(f"cove.ui.table: page_size must be a positive integer, not {page_size!r}")
        self._data = data
        self._source = table_source(data)
        self._selection = selection
        self._page_size = page_size
        self._mode: Literal["pages", "scroll"] = "scroll" if pagination is False else "pages"
        self._pagination = pagination
        self._summaries = show_column_summaries
        self._format = _formatter(format_mapping, self._source.columns)
        self._freeze = (list(freeze_columns_left or []), list(freeze_columns_right or []))
        self._show_download = show_download
        super().__init__(list(initial_selection or []), label=label, on_change=on_change)

    @property
    def data(self) -> Any:
        """The data the table shows."""
        return self._data

    def _validate(self, raw: Any) -> list[int]:
        if raw is None:
            raw = []
        if not isinstance(raw, (list, tuple)):
            raise ValueError(f"{self._what()}: expected a list of row indices, got {raw!r}")
        total = self._source.total
        rows: list[int] = []
        for item in raw:
            try:
                index = int(item)
            except (TypeError, ValueError):
                raise ValueError(f"{self._what()}: {item!r} is not a row index") from None
            if isinstance(item, bool) or not 0 <= index < total:
                raise ValueError(f"{self._what()}: row {item!r} is outside 0..{total - 1}")
            if index not in rows:
                rows.append(index)
        if self._selection is None and rows:
            raise ValueError(f"{self._what()}: rows cannot be selected (selection=None)")
        if self._selection == "single" and len(rows) > 1:
            raise ValueError(f"{self._what()}: only one row may be selected (selection='single')")
        return rows

    def _convert(self, raw: list[int]) -> Any:
        if self._selection is None:
            return self._data
        return self._source.select(raw)

    def _first_rows(self) -> int:
        return self._page_size if self._mode == "pages" else max(SCROLL_BLOCK, self._page_size)

    def _props(self) -> dict[str, Any]:
        return {
            "selection": self._selection,
            "page_size": self._page_size,
            "mode": self._mode,
            "pagination": self._pagination,
            "columns": self._source.columns,
            "total_rows": self._source.total,
            "show_column_summaries": self._summaries,
            "freeze_columns_left": self._freeze[0],
            "freeze_columns_right": self._freeze[1],
            "show_download": self._show_download,
        }

    def _control_html(self) -> str:
        label = self._label_html()
        caption = f'<div class="cove-table-label">{label}</div>' if label else ""
        page = self._source.head(self._first_rows())
        rows = [self._format(row) for row in page.rows]
        return caption + render_table(
            TableData(self._source.columns, rows, self._source.total, page.ids),
            selection=self._selection,
            selected=self._raw,
            name=f"cove-table-{self._id}",
            chrome=TableChrome(self._mode, self._page_size),
        )

    # -- rows on request ---------------------------------------------------------------------

    def _on_message(self, message: Any) -> None:
        if not isinstance(message, dict) or message.get("type") != "rows":
            return
        page = self.rows(
            sort=_read_sort(message.get("sort"), self._source.columns),
            search=str(message.get("search") or ""),
            offset=_int(message.get("offset"), 0),
            limit=min(_int(message.get("limit"), self._page_size), MAX_REQUEST),
        )
        self._send_message({
            "type": "rows",
            "request": message.get("request"),
            "total": page.total,
            "offset": page.offset,
            "ids": page.ids,
            "rows": [self._format(row) for row in page.rows],
        })

    def rows(self, sort: Sort = (), search: str = "", offset: int = 0, limit: int = 10) -> Page:
        """Rows `offset` to `offset + limit` of the table sorted by `sort` ((column, descending)
        pairs) and filtered by `search` (case-insensitive text match in any column)."""
        return self._source.page(tuple(sort), search, max(offset, 0), max(limit, 0))


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _read_sort(raw: Any, columns: list[str]) -> Sort:
    """[[column, descending], ...] from the page; unknown columns are dropped."""
    out: list[tuple[str, bool]] = []
    for item in raw if isinstance(raw, list) else []:
        if isinstance(item, (list, tuple)) and len(item) == 2 and item[0] in columns:
            out.append((str(item[0]), bool(item[1])))
    return tuple(out)
