"""Jupyter's display habits, for every cell: a trailing `;` hides the value, and pyplot shows.

- A cell whose code ends with `;` (comments aside) shows nothing, though its last expression
  still runs (`plt.plot(x);`).
- pyplot figures still open when a cell ends are that cell's output: a cell that draws and
  returns nothing shows its figure; a cell whose value is what a pyplot call returned
  (`[<Line2D ...>]`, `Text(...)`, `(fig, ax)`) shows the figure instead of that repr; any other
  value is shown above the figures. Then every pyplot figure is closed, so one cell's plot never
  leaks into the next (Jupyter's inline backend does the same).

Always on, not only in notebooks that `cove convert` marked. Why: a converted notebook is edited
afterwards, and a new cell that draws must behave like the converted ones; a marker would be a
file-format change that marimo files do not carry; and the habits are what users of Jupyter and
marimo expect anyway (marimo adopted the `;` rule too, marimo-team/marimo#3726).
What it costs a notebook written for Cove: an object drawn into with pyplot in one cell and
shown in another must be shown through its figure (`fig`, `ax`), never through pyplot's current
figure, which each cell starts without. A notebook that never imports pyplot pays one dict
lookup per cell.
"""
from __future__ import annotations

import io
import sys
import tokenize
from functools import lru_cache
from typing import Any

__all__ = ["cell_output", "close_figures"]


def cell_output(code: str, value: Any) -> Any:
    """What a cell that ran `code` and whose last expression gave `value` shows."""
    if value is not None and _hides_value(code):
        value = None
    plt = sys.modules.get("matplotlib.pyplot")
    figures = [m.canvas.figure for m in _managers(plt)] if plt is not None else []
    if not figures:
        return value
    close_figures()
    shown = figures if value is None or _from_pyplot(value) else [value, *figures]
    if len(shown) == 1:
        return shown[0]
    from .._output.layout import vstack

    return vstack(shown)


def close_figures() -> None:
    """Close every pyplot figure (a no-op unless pyplot was imported)."""
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is not None and plt.get_fignums():
        plt.close("all")


def _managers(plt: Any) -> list[Any]:
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    return helpers.Gcf.get_all_fig_managers() if helpers is not None else []


def _from_pyplot(value: Any) -> bool:
    """A matplotlib object, or a list/tuple holding one (what `plt.plot`, `plt.hist`, ... return)."""
    def matplotlib(v: Any) -> bool:
        return type(v).__module__.split(".", 1)[0] == "matplotlib"

    return matplotlib(value) or (isinstance(value, (list, tuple)) and any(map(matplotlib, value)))


@lru_cache(maxsize=1024)
def _hides_value(code: str) -> bool:
    """The last token of `code`, comments and line ends aside, is `;` (IPython's rule)."""
    last = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                                  tokenize.DEDENT, tokenize.ENDMARKER):
                last = token
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"
