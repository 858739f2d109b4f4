"""`table`: a table of rows the reader can select; `.value` is the selected rows."""
from __future__ import annotations

from typing import Any, Callable, Literal, Mapping, Sequence

from .._output.tables import MAX_ROWS, TableData, frame_kind, read_table, render_table
from ._base import UIElement

__all__ = ["table"]


def _select_rows(data: Any, indices: list[int]) -> Any:
    """The rows of `data` at `indices`, in the same format as `data`."""
    kind = frame_kind(data)
    if kind == "pandas":
        return data.iloc[indices]
    if kind == "polars":
        return data[indices]
    if kind == "narwhals":
        return data[indices]
    if isinstance(data, Mapping):
        columns = {key: list(col) for key, col in data.items()}
        return {key: [col[i] for i in indices if i < len(col)] for key, col in columns.items()}
    return [data[i] for i in indices]


def _apply_formats(table: TableData, mapping: Mapping[str, Any] | None) -> TableData:
    """Format cells with `format_mapping`: column -> format string ("{:.2f}") or callable."""
    if not mapping:
        return table
    formats = [mapping.get(col) for col in table.columns]

    def fmt(value: Any, how: Any) -> Any:
        if how is None:
            return value
        return how(value) if callable(how) else str(how).format(value)

    rows = [[fmt(v, how) for v, how in zip(row, formats)] for row in table.rows]
    return TableData(table.columns, rows, table.total)


class table(UIElement):  # noqa: N801 - marimo's name
    """A table of `data` (list of dicts, dict of lists, list of values, pandas/polars frame).

    `.value` is the selected rows in the format of `data` (a list for lists, a dict of lists for
    a dict, a frame for a frame); with `selection=None`, it is `data` itself. The front-end
    value is the list of selected row indices (0-based, into the full data). Only the first
    1000 rows are rendered; the front end paginates them by `page_size`.
    """

    _kind = "table"
    _inline = False

    def __init__(
        self,
        data: Any,
        pagination: bool | None = None,
        selection: Literal["single", "multi"] | None = "multi",
        page_size: int = 10,
        show_column_summaries: bool | None = None,
        format_mapping: Mapping[str, Any] | None = None,
        freeze_columns_left: Sequence[str] | None = None,
        freeze_columns_right: Sequence[str] | None = None,
        show_download: bool = True,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
        initial_selection: Sequence[int] | None = None,
    ) -> None:
        if selection not in ("single", "multi", None):
            raise ValueError(f"cove.ui.table: selection must be 'single', 'multi' or None, not {selection!r}")
        self._data = data
        self._table = read_table(data, MAX_ROWS)
        self._selection = selection
        self._page_size = page_size
        self._pagination = pagination
        self._summaries = show_column_summaries
        self._format_mapping = format_mapping
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
        rows: list[int] = []
        for item in raw:
            try:
                index = int(item)
            except (TypeError, ValueError):
                raise ValueError(f"{self._what()}: {item!r} is not a row index") from None
            if isinstance(item, bool) or not 0 <= index < self._table.total:
                raise ValueError(f"{self._what()}: row {item!r} is outside 0..{self._table.total - 1}")
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
        return _select_rows(self._data, raw)

    def _props(self) -> dict[str, Any]:
        return {
            "selection": self._selection,
            "page_size": self._page_size,
            "pagination": self._pagination,
            "columns": self._table.columns,
            "total_rows": self._table.total,
            "shown_rows": len(self._table.rows),
            "show_column_summaries": self._summaries,
            "freeze_columns_left": self._freeze[0],
            "freeze_columns_right": self._freeze[1],
            "show_download": self._show_download,
        }

    def _control_html(self) -> str:
        label = self._label_html()
        caption = f'<div class="cove-table-label">{label}</div>' if label else ""
        return caption + render_table(
            _apply_formats(self._table, self._format_mapping),
            selection=self._selection,
            selected=self._raw,
            name=f"cove-table-{self._id}",
        )
