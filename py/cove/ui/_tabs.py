"""`tabs`: marimo's `mo.ui.tabs`, a tab set whose value is the title of the selected tab."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from .._output.html import as_html
from .._output.layout import tabs_html
from ._base import UIElement

__all__ = ["tabs"]


class tabs(UIElement):  # noqa: N801 - marimo's name
    """Tabs; `.value` and the front-end value are the selected tab's title. The page sends the
    `value` of the checked `input[type=radio].cove-tab-radio`. Works without JS (radio + CSS)."""

    _kind = "tabs"
    _inline = False

    def __init__(
        self,
        tabs: Mapping[str, object],
        value: str | None = None,
        lazy: bool = False,
        *,
        orientation: str = "horizontal",
        label: str = "",
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        del orientation  # tabs are always drawn in a row
        self._tabs = {str(key): content for key, content in tabs.items()}
        self._lazy = lazy
        first = next(iter(self._tabs), "")
        super().__init__(first if value is None else value, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> str:
        if not isinstance(raw, str) or (self._tabs and raw not in self._tabs):
            raise ValueError(f"{self._what()}: {raw!r} is not one of the tabs {list(self._tabs)}")
        return raw

    def _props(self) -> dict[str, Any]:
        return {"tabs": list(self._tabs), "lazy": self._lazy}

    def _control_html(self) -> str:
        panels = {key: as_html(content).text for key, content in self._tabs.items()}
        return self._label_html() + tabs_html(panels, self._raw, f"cove-tabs-{self._id}")
