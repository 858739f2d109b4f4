"""Tables: read rows out of data frames, lists of dicts and dicts of lists, and render HTML tables."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ._escape import escape

__all__ = ["MAX_ROWS", "TableData", "frame_kind", "is_records", "read_table", "render_table"]

MAX_ROWS = 1000
_MAX_CELL_CHARS = 500


@dataclass(frozen=True)
class TableData:
    """Up to `limit` rows of some tabular data, as plain Python values."""

    columns: list[str]
    rows: list[list[Any]]
    total: int


def frame_kind(obj: object) -> str | None:
    """"pandas", "polars" or "narwhals" if `obj` is one of their DataFrames, without importing them."""
    for cls in type(obj).__mro__:
        root = (cls.__module__ or "").split(".", 1)[0]
        if cls.__name__ == "DataFrame" and root in ("pandas", "polars", "narwhals"):
            return root
    return None


def is_records(obj: object) -> bool:
    """True for a non-empty list of dicts (displayed as a table)."""
    return isinstance(obj, list) and bool(obj) and all(isinstance(row, dict) for row in obj)


def read_table(data: Any, limit: int = MAX_ROWS) -> TableData:
    """Columns and the first `limit` rows of `data`: a data frame, a list of dicts, a dict of
    lists, or a list of plain values (one column named "value")."""
    kind = frame_kind(data)
    if kind is not None:
        return _read_frame(data, kind, limit)
    if isinstance(data, dict):
        columns = [str(key) for key in data]
        cols = [list(values) for values in data.values()]
        total = max((len(col) for col in cols), default=0)
        rows = [
            [col[i] if i < len(col) else None for col in cols] for i in range(min(total, limit))
        ]
        return TableData(columns, rows, total)
    if isinstance(data, (list, tuple)):
        if all(isinstance(row, dict) for row in data):
            columns: list[str] = []
            seen: set[str] = set()
            for row in data[:limit]:
                for key in row:
                    if str(key) not in seen:
                        seen.add(str(key))
                        columns.append(str(key))
            rows = [[_get(row, col) for col in columns] for row in data[:limit]]
            return TableData(columns, rows, len(data))
        return TableData(["value"], [[value] for value in data[:limit]], len(data))
    raise TypeError(
        f"cannot display {type(data).__name__} as a table: pass a list of dicts, a dict of "
        "lists, a list of values, or a pandas/polars DataFrame"
    )


def _get(row: dict[Any, Any], column: str) -> Any:
    if column in row:
        return row[column]
    for key, value in row.items():
        if str(key) == column:
            return value
    return None


def _read_frame(data: Any, kind: str, limit: int) -> TableData:
    try:
        import narwhals.stable.v1 as nw  # type: ignore[import-not-found]
    except ImportError:
        nw = None
    if nw is not None:
        frame = nw.from_native(data, eager_only=True)
        head = frame.head(limit)
        return TableData([str(c) for c in frame.columns], [list(r) for r in head.rows()], len(frame))
    if kind == "pandas":
        head = data.head(limit)
        rows = [list(r) for r in head.itertuples(index=False, name=None)]
        return TableData([str(c) for c in data.columns], rows, len(data))
    if kind == "polars":
        return TableData(
            [str(c) for c in data.columns], [list(r) for r in data.head(limit).rows()], len(data)
        )
    native = data.to_native()
    return _read_frame(native, frame_kind(native) or "pandas", limit)


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    if len(text) > _MAX_CELL_CHARS:
        text = text[: _MAX_CELL_CHARS - 1] + "…"
    return escape(text)


def render_table(
    table: TableData,
    *,
    selection: str | None = None,
    selected: Iterable[int] = (),
    name: str = "",
) -> str:
    """An HTML `<table class="cove-table">` with a row-count notice below it.

    With `selection` ("single" or "multi"), each row starts with a radio button or checkbox whose
    `value` is the row index (0-based, in the full data) and which is checked if selected.
    """
    chosen = set(selected)
    control = {"single": "radio", "multi": "checkbox"}.get(selection or "")
    head = "".join(f'<th scope="col">{escape(col)}</th>' for col in table.columns)
    if control:
        head = '<th class="cove-select-col"><span class="cove-sr-only">Select</span></th>' + head
    body: list[str] = []
    for index, row in enumerate(table.rows):
        cells = "".join(f"<td>{_cell(value)}</td>" for value in row)
        if control:
            checked = " checked" if index in chosen else ""
            cells = (
                f'<td class="cove-select-col"><input type="{control}" name="{escape(name)}" '
                f'value="{index}" aria-label="Select row {index + 1}"{checked}></td>' + cells
            )
        body.append(f'<tr data-row="{index}">{cells}</tr>')
    return (
        f'<div class="cove-table-wrap"><table class="cove-table"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table>'
        f'<div class="cove-table-notice">{_notice(table)}</div></div>'
    )


def _notice(table: TableData) -> str:
    total = table.total
    text = f"{total:,} row" + ("" if total == 1 else "s")
    if len(table.rows) < total:
        text += f" (showing the first {len(table.rows):,})"
    return text
