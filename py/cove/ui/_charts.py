"""Reactive charts: `altair_chart`, `plotly` and `matplotlib`. The chart is drawn as any output
of its library is; `.value` is the reader's selection, which the page sends as plain JSON:

- altair: `{selection name: {field: [values]}}` (a point selection) or `{field: [low, high]}`
  (an interval); `.value` is the chart's data filtered by it (all of it when nothing is
  selected, as in marimo);
- plotly: `{"points": [...], "range": ...}`; `.value` is the list of selected points;
- matplotlib: `{"x": [x0, x1], "y": [y0, y1]}` in data coordinates, or None; `.value` is a
  `BoxSelection` (or None) whose `get_mask(x, y)` says which points fall in the box.
"""
from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .._output.html import as_html
from .._output.table_source import frame_kind
from ._base import UIElement

__all__ = ["BoxSelection", "altair_chart", "matplotlib", "plotly"]


class _Chart(UIElement):
    _inline = False

    def _chart_html(self) -> str:
        raise NotImplementedError

    def _control_html(self) -> str:
        return f'{self._label_html()}<div class="cove-chart">{self._chart_html()}</div>'


def _filter_rows(rows: list[dict[str, Any]], selection: Mapping[str, Any]) -> list[dict[str, Any]]:
    def keep(row: dict[str, Any]) -> bool:
        for condition in selection.values():
            for field, allowed in (condition or {}).items():
                if field not in row:
                    continue
                value = row[field]
                numeric = len(allowed) == 2 and all(isinstance(a, (int, float)) for a in allowed)
                if numeric and isinstance(value, (int, float)) and not isinstance(value, bool):
                    if not allowed[0] <= value <= allowed[1]:
                        return False
                elif value not in allowed:
                    return False
        return True

    return [r for r in rows if keep(r)]


class altair_chart(_Chart):  # noqa: N801 - marimo's name
    """An Altair chart whose selection is `.value` (see the module docstring)."""

    _kind = "altair_chart"

    def __init__(
        self,
        chart: Any,
        chart_selection: bool | str = True,
        legend_selection: bool | list[str] = True,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
    ) -> None:
        self._chart = chart
        self._selectable = (chart_selection, legend_selection)
        super().__init__({}, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> dict[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, Mapping) or not all(isinstance(v, Mapping) or v is None for v in raw.values()):
            raise ValueError(f"{self._what()}: expected {{selection: {{field: values}}}}, got {raw!r}")
        return {str(k): dict(v or {}) for k, v in raw.items()}

    def _convert(self, raw: dict[str, Any]) -> Any:
        data = getattr(self._chart, "data", None)
        if not raw or data is None:
            return data
        if frame_kind(data) == "pandas":
            rows = _filter_rows(data.to_dict("records"), raw)
            return type(data)(rows, columns=list(data.columns))
        if frame_kind(data) is not None:
            import narwhals as nw

            frame = nw.from_native(data, eager_only=True)
            rows = _filter_rows(frame.rows(named=True), raw)
            columns = {c: [r[c] for r in rows] for c in frame.columns}
            return nw.from_dict(columns, backend=nw.get_native_namespace(frame)).to_native()
        return _filter_rows(list(data), raw)

    def _props(self) -> dict[str, Any]:
        return {"chart_selection": self._selectable[0], "legend_selection": self._selectable[1]}

    def _chart_html(self) -> str:
        return as_html(self._chart).text


class plotly(_Chart):  # noqa: N801 - marimo's name
    """A Plotly figure whose selected points are `.value` (a list of dicts)."""

    _kind = "plotly"

    def __init__(
        self,
        figure: Any,
        config: dict[str, Any] | None = None,
        renderer_name: str | None = None,
        *,
        label: str = "",
        on_change: Callable[[Any], None] | None = None,
    ) -> None:
        del renderer_name
        self._figure = figure
        self._config = dict(config or {})
        super().__init__({"points": []}, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> dict[str, Any]:
        if isinstance(raw, list):
            raw = {"points": raw}
        if not isinstance(raw, Mapping) or not isinstance(raw.get("points", []), list):
            raise ValueError(f"{self._what()}: expected {{'points': [...]}}, got {raw!r}")
        return {"points": list(raw.get("points", [])), **({"range": raw["range"]} if "range" in raw else {})}

    def _convert(self, raw: dict[str, Any]) -> list[dict[str, Any]]:
        return list(raw["points"])

    @property
    def ranges(self) -> dict[str, Any]:
        """The selected box or lasso range, {} when none."""
        return dict(self._raw.get("range") or {})

    def _props(self) -> dict[str, Any]:
        return {"config": self._config}

    def _chart_html(self) -> str:
        return as_html(self._figure).text


@dataclass(frozen=True)
class BoxSelection:
    """A rectangle in data coordinates."""

    x_min: float
    x_max: float
    y_min: float
    y_max: float

    def get_mask(self, x: Any, y: Any) -> Any:
        """True where (x, y) is inside the box (numpy arrays in, a boolean array out)."""
        import numpy as np

        x, y = np.asarray(x), np.asarray(y)
        return (x >= self.x_min) & (x <= self.x_max) & (y >= self.y_min) & (y <= self.y_max)


class matplotlib(_Chart):  # noqa: N801 - marimo's name
    """A matplotlib Axes (its figure drawn as an image) whose box selection is `.value`: the
    reader drags a box over the axes; a click without a drag clears it."""

    _kind = "matplotlib"

    def __init__(self, axes: Any, value: Any = None, *, debounce: bool = False) -> None:
        self._axes = axes
        self._debounce = debounce
        super().__init__(value)

    def _validate(self, raw: Any) -> dict[str, list[float]] | None:
        if raw is None or isinstance(raw, BoxSelection):
            return None if raw is None else {"x": [raw.x_min, raw.x_max], "y": [raw.y_min, raw.y_max]}
        try:
            (x0, x1), (y0, y1) = raw["x"], raw["y"]
            return {"x": sorted([float(x0), float(x1)]), "y": sorted([float(y0), float(y1)])}
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{self._what()}: expected {{'x': [x0, x1], 'y': [y0, y1]}}, got {raw!r}") from None

    def _convert(self, raw: dict[str, list[float]] | None) -> BoxSelection | None:
        return None if raw is None else BoxSelection(raw["x"][0], raw["x"][1], raw["y"][0], raw["y"][1])

    def _props(self) -> dict[str, Any]:
        """What the page needs to turn a dragged box into data coordinates: the axes' box in
        figure fractions (`box`: x0, y0, x1, y1 from the bottom left) and their limits
        (linear scales)."""
        box = self._axes.get_position()
        return {
            "debounce": self._debounce,
            "box": [float(box.x0), float(box.y0), float(box.x1), float(box.y1)],
            "xlim": [float(v) for v in self._axes.get_xlim()],
            "ylim": [float(v) for v in self._axes.get_ylim()],
        }

    def _chart_html(self) -> str:
        # The whole figure, uncropped (no bbox_inches="tight"), so that the axes' figure
        # fractions are fractions of the image.
        buffer = io.BytesIO()
        self._axes.figure.savefig(buffer, format="svg")
        data = base64.b64encode(buffer.getvalue()).decode("ascii")
        return f'<img class="cove-mpl" draggable="false" src="data:image/svg+xml;base64,{data}" alt="">'
