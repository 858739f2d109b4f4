"""`cove.ui`: interactive elements (marimo's `mo.ui.*`). See `_base.UIElement` for the protocol."""
from __future__ import annotations

from ._anywidget import anywidget
from ._base import UIElement
from ._buttons import button, run_button
from ._choices import dropdown, multiselect, radio
from ._composite import array, dictionary, form
from ._inputs import FileUploadResults, checkbox, date, file, switch, text, text_area
from ._numeric import number, range_slider, slider
from ._table import table
from ._tabs import tabs

# Elements few notebooks use are imported on first access (PEP 562): every page boot imports
# cove.ui, and these five modules cost ~150 ms of it in Pyodide (measured with
# `bench/browser.py --profile`), plus their bytes if they were precompiled for the boot.
_LAZY = {
    "_charts": ("altair_chart", "matplotlib", "plotly"),
    "_data": ("batch", "data_editor", "data_explorer", "dataframe", "experimental_data_editor", "matrix"),
    "_dates": ("date_range", "datetime"),
    "_files": ("file_browser",),
    "_widgets": ("chat", "code_editor", "microphone", "panel", "refresh"),
}
_LAZY_HOME = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str) -> object:
    module = _LAZY_HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'cove.ui' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY_HOME})

__all__ = [
    "altair_chart", "batch", "chat", "code_editor", "data_editor", "data_explorer", "dataframe",
    "date_range", "datetime", "experimental_data_editor", "file_browser", "matplotlib", "matrix",
    "microphone", "panel", "plotly", "refresh",
    "FileUploadResults",
    "UIElement",
    "anywidget",
    "array",
    "button",
    "checkbox",
    "date",
    "dictionary",
    "dropdown",
    "file",
    "form",
    "multiselect",
    "number",
    "radio",
    "range_slider",
    "run_button",
    "slider",
    "switch",
    "table",
    "tabs",
    "text",
    "text_area",
]
