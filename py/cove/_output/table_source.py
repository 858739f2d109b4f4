"""Rows of tabular data on demand: sorted, searched and sliced where the data lives (Python), so a
table of 100,000 rows ships only the rows the reader looks at.

`table_source(data)` reads a list of dicts, a dict of lists, a list of plain values, or a data
frame of any library narwhals supports (pandas, polars, ...), through narwhals rather than one
adapter per library. A *view* is a sort order plus a search text; the row order of the last view
asked for is cached, so paging through it costs only the rows of each page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

__all__ = ["Page", "Sort", "TableSource", "frame_kind", "table_source"]

Sort = tuple[tuple[str, bool], ...]  # (column, descending) pairs, most significant first


@dataclass(frozen=True)
class Page:
    """`rows[i]` is the row whose index in the full data is `ids[i]`; `total` counts the rows
    of the view (those matching the search)."""

    total: int
    offset: int
    ids: list[int]
    rows: list[list[Any]]


def frame_kind(obj: object) -> str | None:
    """The library of a data frame ("pandas", "polars", "narwhals", ...) or None, without
    importing any library: only classes named DataFrame from a known root module count."""
    for cls in type(obj).__mro__:
        root = (cls.__module__ or "").split(".", 1)[0]
        if cls.__name__ == "DataFrame" and root in ("pandas", "polars", "narwhals", "pyarrow", "modin", "cudf"):
            return root
        if cls.__name__ == "Table" and root == "pyarrow":
            return root
    return None


class TableSource:
    """The common interface; see `table_source`."""

    columns: list[str]
    total: int

    def page(self, sort: Sort, search: str, offset: int, limit: int) -> Page:
        raise NotImplementedError

    def head(self, limit: int) -> Page:
        return self.page((), "", 0, limit)

    def select(self, ids: Sequence[int]) -> Any:
        """The rows at `ids` (indices into the full data), in the format of the data."""
        raise NotImplementedError


def table_source(data: Any) -> TableSource:
    if frame_kind(data) is not None:
        return _FrameSource(data)
    if isinstance(data, Mapping):
        return _ColumnsSource.from_dict(data)
    if isinstance(data, (list, tuple)):
        return _ColumnsSource.from_records(data)
    raise TypeError(
        f"cannot display {type(data).__name__} as a table: pass a list of dicts, a dict of "
        "lists, a list of values, or a data frame (pandas, polars, ... through narwhals)"
    )


# -- plain Python data ---------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _natural_key(value: Any) -> tuple[int, Any]:
    """Sort key for mixed columns: numbers (NaN last among them), then other values as text."""
    if _is_number(value) or isinstance(value, bool):
        return (1, 0) if isinstance(value, float) and math.isnan(value) else (0, value)
    return (2, str(value))


class _ColumnsSource(TableSource):
    """A list of dicts, a dict of lists or a list of values, held as one list per column."""

    def __init__(self, data: Any, columns: list[str], cols: list[list[Any]], kind: str) -> None:
        self._data = data
        self._kind = kind
        self.columns = columns
        self._cols = cols
        self.total = max((len(c) for c in cols), default=0)
        self._view: tuple[tuple[Sort, str], list[int] | None] = (((), ""), None)
        self._text: list[list[str]] | None = None  # lower-cased cell text, built on first search

    @classmethod
    def from_dict(cls, data: Mapping[Any, Any]) -> _ColumnsSource:
        cols = [list(values) for values in data.values()]
        return cls(data, [str(k) for k in data], cols, "dict")

    @classmethod
    def from_records(cls, data: Sequence[Any]) -> _ColumnsSource:
        if data and all(isinstance(row, Mapping) for row in data):
            keys: dict[Any, None] = {}
            for row in data:
                for key in row:
                    keys.setdefault(key, None)
            cols = [[row.get(key) for row in data] for key in keys]
            return cls(data, [str(k) for k in keys], cols, "records")
        return cls(data, ["value"], [list(data)], "values")

    def _cell(self, col: int, row: int) -> Any:
        column = self._cols[col]
        return column[row] if row < len(column) else None

    def _order(self, sort: Sort, search: str) -> list[int] | None:
        """Row ids in view order (None: all rows in data order)."""
        key = (sort, search)
        if self._view[0] == key:
            return self._view[1]
        ids: list[int] | None = None
        if search:
            needle = search.lower()
            text = self._search_text()
            ids = [i for i in range(self.total) if any(needle in col[i] for col in text)]
        for column, descending in reversed(sort):  # stable sorts, least significant first
            index = self.columns.index(column)
            ids = list(range(self.total)) if ids is None else ids
            present = [i for i in ids if self._cell(index, i) is not None]
            missing = [i for i in ids if self._cell(index, i) is None]
            try:
                present.sort(key=lambda i: self._cell(index, i), reverse=descending)
            except TypeError:  # values that do not compare (mixed types)
                present.sort(key=lambda i: _natural_key(self._cell(index, i)), reverse=descending)
            ids = present + missing  # missing values last either way
        self._view = (key, ids)
        return ids

    def _search_text(self) -> list[list[str]]:
        if self._text is None:
            self._text = [
                ["" if self._cell(c, i) is None else str(self._cell(c, i)).lower() for i in range(self.total)]
                for c in range(len(self.columns))
            ]
        return self._text

    def page(self, sort: Sort, search: str, offset: int, limit: int) -> Page:
        order = self._order(sort, search)
        total = self.total if order is None else len(order)
        ids = list(range(offset, min(offset + limit, total))) if order is None else order[offset : offset + limit]
        rows = [[self._cell(c, i) for c in range(len(self.columns))] for i in ids]
        return Page(total, offset, ids, rows)

    def select(self, ids: Sequence[int]) -> Any:
        if self._kind == "dict":
            return {key: [col[i] for i in ids if i < len(col)] for key, col in zip(self._data, self._cols)}
        return [self._data[i] for i in ids]


# -- data frames, through narwhals ---------------------------------------------------------------

_ROW = "__cove_row__"


def _narwhals() -> Any:
    try:
        import narwhals as nw  # type: ignore[import-not-found]
    except ImportError:
        # A ModuleNotFoundError naming the module: the page then offers to install it.
        raise ModuleNotFoundError(
            "cove.ui.table needs the narwhals package to show a data frame: add narwhals to the "
            "notebook's dependencies (pip install narwhals)",
            name="narwhals",
        ) from None
    return nw


class _FrameSource(TableSource):
    def __init__(self, data: Any) -> None:
        nw = _narwhals()
        self._nw = nw
        self._data = data
        self._frame = nw.from_native(data, eager_only=True)
        self._names = list(self._frame.columns)  # the original column objects
        self.columns = [str(c) for c in self._names]
        self.total = len(self._frame)
        self._view: tuple[tuple[Sort, str], Any] = (((), ""), None)

    def _column(self, name: str) -> Any:
        return self._names[self.columns.index(name)]

    def _ordered(self, sort: Sort, search: str) -> Any:
        """The frame of the view with a row-id column, or None for the data as it is."""
        key = (sort, search)
        if self._view[0] == key:
            return self._view[1]
        nw = self._nw
        frame = None
        if sort or search:
            frame = self._frame.with_row_index(_ROW)
            if search:
                needle = search.lower()
                tests = []
                for name in self._names:
                    tests.append(nw.col(name).cast(nw.String).str.to_lowercase().str.contains(needle, literal=True))
                frame = frame.filter(nw.any_horizontal(*tests, ignore_nulls=True))
            if sort:
                frame = frame.sort(
                    [self._column(c) for c, _ in sort], descending=[d for _, d in sort], nulls_last=True
                )
        self._view = (key, frame)
        return frame

    def page(self, sort: Sort, search: str, offset: int, limit: int) -> Page:
        frame = self._ordered(sort, search)
        if frame is None:
            chunk = self._frame[offset : offset + limit]
            ids = list(range(offset, offset + len(chunk)))
            return Page(self.total, offset, ids, [list(r) for r in chunk.rows()])
        chunk = frame[offset : offset + limit]
        ids = [int(i) for i in chunk[_ROW].to_list()]
        rows = [list(r) for r in chunk.drop(_ROW).rows()]
        return Page(len(frame), offset, ids, rows)

    def select(self, ids: Sequence[int]) -> Any:
        return self._frame[list(ids)].to_native()
