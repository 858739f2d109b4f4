"""Jupyter's display habits in every cell: `;` hides the value; pyplot figures are the output
and are closed after each cell (py/cove/_runtime/jupyter_display.py)."""
from __future__ import annotations

import pytest

from .helpers import run_notebook, statuses, text

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("1 + 1;", None),
        ("1 + 1;  # a comment after it", None),
        ("x = [1,\n     2];", None),
        ("1 + 1", "2"),
        ("s = 'a;'\ns", "'a;'"),  # a `;` inside a string is not the last token
        ("for i in range(2):\n    i;", None),  # the last token still: IPython hides it too
    ],
)
def test_a_trailing_semicolon_hides_the_value(code: str, shown: str | None) -> None:
    k = run_notebook(code)
    assert statuses(k) == ["idle"]
    assert text(k, 0) == shown


def test_a_cell_that_draws_shows_its_figure_and_closes_it() -> None:
    k = run_notebook(
        "import matplotlib.pyplot as plt",
        "plt.plot([1, 2, 3])",  # returns [Line2D]: the figure, not that repr
        "plt.plot([3, 2, 1]);",  # `;`: the figure still shows
        "plt.figure()\nplt.bar([0, 1], [2, 3])\nplt.show()",  # returns None
        "fig, ax = plt.subplots()\nax.set_title('t')",  # Text(...): the figure
        "total = 41 + 1\nplt.figure()\ntotal",  # another value: shown above the figure
        "len(plt.get_fignums())",  # nothing leaked from the cells before
        "ax.plot([1, 2])",  # fig is closed: no figure is shown, only the value (as Jupyter)
        "fig",  # a closed figure shown as the value: still the figure
    )
    assert statuses(k) == ["idle"] * 9
    for i in (1, 2, 3, 4, 8):
        assert list(k.cells[i].output) == ["image/svg+xml", "text/plain"], i
    html = k.cells[5].output["text/html"]
    assert "42" in html and html.count('<div class="cove-svg">') == 1
    assert text(k, 6) == "0"
    assert text(k, 7).startswith("[<matplotlib.lines.Line2D")
    assert plt.get_fignums() == []


def test_a_failing_cell_does_not_leak_its_figure() -> None:
    k = run_notebook("import matplotlib.pyplot as plt", "plt.plot([1])\n1 / 0", "len(plt.get_fignums())")
    assert statuses(k) == ["idle", "error", "idle"]
    assert text(k, 2) == "0"
