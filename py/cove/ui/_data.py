"""Data elements over any table `table_source` reads (lists of dicts, dicts of lists, and every
frame narwhals reads): `dataframe`, `data_explorer`, `data_editor` (and marimo's old name
`experimental_data_editor`), `matrix` and `batch`.

Each is a composite of existing elements (the page already drives those): an editor is an array
of text fields, an explorer a dictionary of dropdowns, a matrix an array of numbers.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Mapping, Sequence

from .._output._escape import escape
from .._output.html import Html, as_html
from .._output.table_source import frame_kind, table_source
from ._base import UIElement
from ._choices import dropdown
from ._composite import array, dictionary
from ._inputs import text
from ._numeric import number
from ._table import table

__all__ = ["batch", "data_editor", "data_explorer", "dataframe", "experimental_data_editor", "matrix"]


class dataframe(table):  # noqa: N801 - marimo's name
    """A frame shown as a paged, sortable table; `.value` is the frame. (marimo's transform
    panel — filter, group, aggregate — is not drawn: transform the frame in a cell.)"""

    _kind = "table"  # the page drives it as a table: pages, sorting, search

    def __init__(
        self,
        df: Any,
        on_change: Callable[[Any], None] | None = None,
        page_size: int | None = 5,
        limit: int | None = None,
        show_download: bool = True,
        *,
        format_mapping: Mapping[str, Any] | None = None,
        download_csv_encoding: str | None = None,
        download_csv_separator: str | None = None,
        download_json_ensure_ascii: bool = True,
        lazy: bool | None = None,
    ) -> None:
        del limit, download_csv_encoding, download_csv_separator, download_json_ensure_ascii, lazy
        self._frame = df
        super().__init__(df, selection=None, page_size=page_size or 5, format_mapping=format_mapping,
                         show_download=show_download, on_change=on_change)

    def _convert(self, raw: Any) -> Any:
        return self._frame


def _columns(data: Any) -> list[str]:
    return list(table_source(data).columns)


class data_explorer(dictionary):  # noqa: N801 - marimo's name
    """Pick the columns of a chart: `.value` is `{"x", "y", "row", "column", "color", "size",
    "shape"}` → a column name or None, each a dropdown over the frame's columns."""

    _kind = "data_explorer"

    def __init__(
        self,
        df: Any,
        on_change: Callable[[dict[str, Any]], None] | None = None,
        x: str | None = None,
        y: str | None = None,
        row: str | None = None,
        column: str | None = None,
        color: str | None = None,
        size: str | None = None,
        shape: str | None = None,
    ) -> None:
        self._frame = df
        names = _columns(df)
        chosen = {"x": x, "y": y, "row": row, "column": column, "color": color, "size": size, "shape": shape}
        pickers = {key: dropdown(names, value=value, allow_select_none=True, label=key) for key, value in chosen.items()}
        super().__init__(pickers, on_change=on_change)


def _typed(value: str, like: Any) -> Any:
    """An edited cell's text as the type of the value it replaces (int, float, bool, str)."""
    if isinstance(like, bool):
        return value.strip().lower() in ("true", "1", "yes")
    for kind in (int, float):
        if isinstance(like, kind):
            try:
                return kind(value)
            except ValueError:
                return value
    return value


class data_editor(array):  # noqa: N801 - marimo's name
    """An editable table: one text field per cell of `editable_columns` ("all" or a list).
    `.value` is the edited data, in the input's format (list of dicts, dict of lists, or a
    frame of the same library); edited text takes the type of the value it replaces."""

    _kind = "data_editor"

    def __init__(
        self,
        data: Any,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
        editable_columns: Sequence[str] | str = "all",
        column_sizing_mode: str | None = None,
        pagination: bool | None = None,
        page_size: int | None = None,
    ) -> None:
        del column_sizing_mode, pagination, page_size
        source = table_source(data)
        self._data = data
        self._names = list(source.columns)
        self._rows = source.head(source.total).rows
        editable = self._names if editable_columns == "all" else list(editable_columns)
        self._cells = [(r, c) for r in range(len(self._rows)) for c, n in enumerate(self._names) if n in editable]
        fields = [text(str(self._rows[r][c])) for r, c in self._cells]
        super().__init__(fields, label=label, on_change=on_change)

    def _edited_rows(self) -> list[list[Any]]:
        rows = [list(r) for r in self._rows]
        for (r, c), child in zip(self._cells, self._elements):
            if child._value != str(self._rows[r][c]):
                rows[r][c] = _typed(child._value, self._rows[r][c])
        return rows

    def _convert(self, raw: Any) -> Any:
        rows = self._edited_rows()
        columns = {n: [row[i] for row in rows] for i, n in enumerate(self._names)}
        if isinstance(self._data, Mapping):
            return columns
        if frame_kind(self._data) is None:
            return [dict(zip(self._names, row)) for row in rows]
        import narwhals as nw

        native = nw.get_native_namespace(nw.from_native(self._data, eager_only=True))
        return nw.from_dict(columns, backend=native).to_native()

    def _sync(self) -> None:
        super()._sync()
        self._value = self._convert(self._raw)

    def _control_html(self) -> str:
        fields = iter(self._elements)
        editable = set(self._cells)
        head = "".join(f"<th>{escape(n)}</th>" for n in self._names)
        body = "".join(
            "<tr>" + "".join(
                f"<td>{next(fields).text if (r, c) in editable else escape(v)}</td>" for c, v in enumerate(row)
            ) + "</tr>"
            for r, row in enumerate(self._rows)
        )
        return f'{self._label_html()}<table class="cove-data-editor"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def experimental_data_editor(*args: Any, **kwargs: Any) -> data_editor:
    """marimo's former name of `data_editor`."""
    return data_editor(*args, **kwargs)


class matrix(array):  # noqa: N801 - marimo's name
    """A grid of numbers; `.value` is the list of rows (lists of floats). With `symmetric`,
    entry (i, j) follows (j, i) when it is edited."""

    _kind = "matrix"

    def __init__(
        self,
        value: Sequence[Sequence[float]] | Any,
        *,
        min_value: float | None = None,
        max_value: float | None = None,
        step: float = 1.0,
        disabled: bool = False,
        symmetric: bool = False,
        scientific: bool = False,
        precision: int | None = None,
        row_labels: Sequence[str] | None = None,
        column_labels: Sequence[str] | None = None,
        debounce: bool = False,
        label: str = "",
    ) -> None:
        del scientific, precision
        rows = [[float(x) for x in row] for row in (value.tolist() if hasattr(value, "tolist") else value)]
        if not rows or any(len(r) != len(rows[0]) for r in rows):
            raise ValueError("cove.ui.matrix: value must be a non-empty list of rows of equal length")
        self._shape = (len(rows), len(rows[0]))
        self._symmetric = symmetric
        self._labels = (list(row_labels or []), list(column_labels or []))
        cells = [number(min_value, max_value, step, x, debounce=debounce, disabled=disabled) for r in rows for x in r]
        super().__init__(cells, label=label)

    def _convert(self, raw: Any) -> list[list[float]]:
        flat = [float(child._value) for child in self._elements]
        width = self._shape[1]
        return [flat[i * width:(i + 1) * width] for i in range(self._shape[0])]

    def _child_changed(self, child: UIElement) -> UIElement:
        if self._symmetric:
            i = next(k for k, c in enumerate(self._elements) if c is child)
            r, c = divmod(i, self._shape[1])
            if c < self._shape[0] and r < self._shape[1]:
                self._elements[c * self._shape[1] + r]._update(child._raw)
        return super()._child_changed(child)

    def _sync(self) -> None:
        super()._sync()
        self._value = self._convert(self._raw)

    def _control_html(self) -> str:
        rows_l, cols_l = self._labels
        head = ("<tr><th></th>" + "".join(f"<th>{escape(c)}</th>" for c in cols_l) + "</tr>") if cols_l else ""
        width = self._shape[1]
        body = "".join(
            "<tr>" + (f"<th>{escape(rows_l[r])}</th>" if r < len(rows_l) else ("<th></th>" if cols_l else ""))
            + "".join(f"<td>{self._elements[r * width + c].text}</td>" for c in range(width)) + "</tr>"
            for r in range(self._shape[0])
        )
        return f'{self._label_html()}<table class="cove-matrix">{head}{body}</table>'


class batch(dictionary):  # noqa: N801 - marimo's name
    """Elements placed in your own HTML: `{name}` in `html` (e.g. `cove.md("{x} and {y}")`) is
    replaced by `elements[name]`. `.value` is the dict of their values."""

    _kind = "batch"

    def __init__(
        self,
        html: Html | str,
        elements: Mapping[str, UIElement],
        on_change: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self._template = as_html(html).text if isinstance(html, Html) else str(html)
        super().__init__(elements, on_change=on_change)

    def _control_html(self) -> str:
        return re.sub(r"\{(\w+)\}",
                      lambda m: self._elements[m.group(1)].text if m.group(1) in self._elements else m.group(0),
                      self._template)
