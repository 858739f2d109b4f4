"""cove.ui.table: rows on request (sorted, searched, paged) without re-running cells; selection as
`.value`; lists of dicts, dicts of lists, and pandas / polars frames through narwhals."""
from __future__ import annotations

import json
import re

import pytest

from cove._output.table_source import table_source
from tests.engine.helpers import run_notebook

ROWS = [{"name": n, "score": s} for n, s in [("ann", 3), ("bob", 1), ("cy", None), ("dee", 2)]]


def messages(k, element_id=None):
    return [e.message for e in k.events if e.type == "ui_message" and (element_id is None or e.element_id == element_id)]


def element_id(k, cell=0) -> str:
    html = k.cells[cell].output["text/html"]
    return re.search(r'data-cove-ui="table" data-cove-id="([^"]+)"', html).group(1)


def table_nb(data: str, *extra: str, **kwargs: str):
    args = "".join(f", {k}={v}" for k, v in kwargs.items())
    return run_notebook(
        f"import cove\nt = cove.ui.table({data}{args})\nt",
        "runs = globals().get('runs', 0) + 1\nchosen = t.value",
        *extra,
    )


@pytest.mark.parametrize("data", ["ROWS", "{'name': [r['name'] for r in ROWS], 'score': [r['score'] for r in ROWS]}"])
def test_sort_search_and_page_without_rerunning(data: str) -> None:
    k = run_notebook(
        f"import cove\nROWS = {ROWS!r}\nt = cove.ui.table({data}, page_size=2)\nt",
        "seen = len(t.value)",
    )
    tid = element_id(k)
    run_ids = [c.run_id for c in k.cells]
    k.send_ui_message(tid, {"type": "rows", "request": 7, "sort": [["score", True]], "search": "", "offset": 0, "limit": 3})
    reply = messages(k, tid)[-1]
    assert reply["request"] == 7 and reply["total"] == 4
    assert reply["rows"] == [["ann", "3"], ["dee", "2"], ["bob", "1"]] and reply["ids"] == [0, 3, 1]
    k.send_ui_message(tid, {"type": "rows", "request": 8, "sort": [["score", False]], "search": "", "offset": 2, "limit": 5})
    assert messages(k, tid)[-1]["ids"] == [0, 2]  # None sorts last both ways
    k.send_ui_message(tid, {"type": "rows", "request": 9, "sort": [], "search": "E", "offset": 0, "limit": 5})
    assert messages(k, tid)[-1]["ids"] == [3] and messages(k, tid)[-1]["total"] == 1
    assert [c.run_id for c in k.cells] == run_ids, "asking for rows re-ran a cell"


def test_selection_reruns_dependents_and_is_in_the_data_format() -> None:
    k = run_notebook(
        f"import cove\nt = cove.ui.table({ROWS!r})\nt",
        "chosen = t.value",
        "d = cove.ui.table({'a': [1, 2, 3]}, selection='single')\nd",
        "picked = d.value",
    )
    k.set_ui_values([(element_id(k, 0), [3, 0])])
    assert k.globals["chosen"] == [ROWS[3], ROWS[0]]
    k.set_ui_values([(element_id(k, 2), [2])])
    assert k.globals["picked"] == {"a": [3]}


def test_first_page_is_html_and_the_rest_stays_in_python() -> None:
    k = run_notebook("import cove\nt = cove.ui.table([{'i': i} for i in range(100_000)])\nt")
    html = k.cells[0].output["text/html"]
    assert html.count("<tr data-row=") == 10 and "100,000 rows" in html and "Page 1 of 10,000" in html
    props = json.loads(re.search(r'data-cove-props="([^"]+)"', html).group(1).replace("&quot;", '"'))
    assert props["total_rows"] == 100_000 and props["mode"] == "pages"
    scroll = run_notebook("import cove\nt = cove.ui.table(list(range(100_000)), pagination=False, page_size=15)\nt")
    html = scroll.cells[0].output["text/html"]
    assert 'data-mode="scroll"' in html and html.count("<tr data-row=") == 100 and "--cove-rows:15" in html


def test_sorting_100k_rows_sorts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paging a sorted view reuses its order: counted (cells read), not timed (timing flakes
    under load; bench/ measures speed)."""
    source = table_source([{"i": i, "k": (i * 7919) % 100_003} for i in range(100_000)])
    reads = [0]
    real = source._cell
    monkeypatch.setattr(source, "_cell", lambda *a: reads.__setitem__(0, reads[0] + 1) or real(*a))
    page = source.page((("k", True),), "", 500, 20)
    assert page.total == 100_000 and len(page.rows) == 20
    assert reads[0] >= 100_000  # the sort read every row once
    before = reads[0]
    source.page((("k", True),), "", 520, 20)  # the view's order is cached: paging is cheap
    assert reads[0] - before < 1_000


def test_message_for_a_gone_element_is_dropped() -> None:
    k = run_notebook("import cove\nt = cove.ui.table([1, 2])\nt")
    k.send_ui_message("nope-0", {"type": "rows", "offset": 0, "limit": 1})
    assert messages(k) == []


def test_data_frames_through_narwhals() -> None:
    pytest.importorskip("narwhals")
    for lib in ("pandas", "polars"):
        mod = pytest.importorskip(lib)
        frame = mod.DataFrame({"x": [3, 1, 2], "y": ["c", "a", "b"]})
        source = table_source(frame)
        assert source.columns == ["x", "y"] and source.total == 3
        page = source.page((("x", False),), "", 0, 10)
        assert page.ids == [1, 2, 0] and page.rows[0] == [1, "a"]
        assert source.page((), "B", 0, 10).ids == [2]
        picked = source.select([2, 0])
        assert type(picked).__module__.split(".")[0] == lib and len(picked) == 2


def test_frame_output_is_an_interactive_table_in_a_kernel() -> None:
    pytest.importorskip("narwhals")
    pytest.importorskip("pandas")
    k = run_notebook("import pandas as pd\npd.DataFrame({'x': range(50)})")
    html = k.cells[0].output["text/html"]
    assert 'data-cove-ui="table"' in html and html.count("<tr data-row=") == 10 and "50 rows" in html


def test_format_mapping_applies_to_requested_rows() -> None:
    k = run_notebook("import cove\nt = cove.ui.table({'v': [0.5, 0.25]}, format_mapping={'v': '{:.1%}'})\nt")
    tid = element_id(k)
    assert "<td>50.0%</td>" in k.cells[0].output["text/html"]
    k.send_ui_message(tid, {"type": "rows", "request": 1, "sort": [["v", False]], "offset": 0, "limit": 2})
    assert messages(k, tid)[-1]["rows"] == [["25.0%"], ["50.0%"]]
