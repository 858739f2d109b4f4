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
from ._charts import altair_chart, matplotlib, plotly
from ._data import batch, data_editor, data_explorer, dataframe, experimental_data_editor, matrix
from ._dates import date_range, datetime
from ._files import file_browser
from ._widgets import chat, code_editor, microphone, panel, refresh

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
