"""The UI elements added for marimo parity, each driven once in Chromium: the reader uses the
control, the value reaches Python, and the cell that reads it shows it on the page."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.site import READY, make_site, output_text, static_ready, wait_output, wait_ready

NB = '''import cove

app = cove.App()


@app.cell
def _():
    import json
    import os

    import cove as mo

    os.makedirs("data/sub", exist_ok=True)
    for _name in ("data/a.csv", "data/sub/b.csv", "data/c.txt"):
        with open(_name, "w") as _f:
            _f.write("x")

    class Fig:  # a Plotly figure as the page receives it
        def _repr_mimebundle_(self, include=None, exclude=None):
            return {"application/vnd.plotly.v1+json": {
                "data": [{"type": "scatter", "mode": "markers", "x": [1, 5, 9], "y": [1, 5, 9]}],
                "layout": {"dragmode": "select", "width": 400, "height": 300,
                           "margin": {"l": 40, "r": 10, "t": 10, "b": 40}}}}

    class Chart:  # an Altair chart as the page receives it: its data and its Vega-Lite spec
        data = [{"x": 1, "y": 1}, {"x": 5, "y": 5}, {"x": 9, "y": 9}]

        def _repr_mimebundle_(self, include=None, exclude=None):
            return {"application/vnd.vegalite.v5+json": {
                "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
                "data": {"values": self.data}, "mark": "point", "width": 300, "height": 200,
                "params": [{"name": "brush", "select": "interval"}],
                "encoding": {"x": {"field": "x", "type": "quantitative", "scale": {"domain": [0, 10]}},
                             "y": {"field": "y", "type": "quantitative", "scale": {"domain": [0, 10]}}}}}

    class Axes:  # what ui.matplotlib reads of a matplotlib Axes (no matplotlib in this page)
        class figure:
            @staticmethod
            def savefig(buffer, format):
                buffer.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
                             b'<rect x="40" y="60" width="320" height="180" fill="#eee"/></svg>')

        def get_position(self):
            from types import SimpleNamespace
            return SimpleNamespace(x0=0.1, y0=0.2, x1=0.9, y1=0.8)

        def get_xlim(self):
            return (0.0, 10.0)

        def get_ylim(self):
            return (0.0, 10.0)
    return Axes, Chart, Fig, json, mo


@app.cell
def _(Axes, Chart, Fig, mo):
    dtm = mo.ui.datetime(value="2024-01-02T03:04", label="dtm")
    dr = mo.ui.date_range(value=("2024-01-01", "2024-01-31"), label="dr")
    mx = mo.ui.matrix([[1, 2], [3, 4]], label="mx")
    bt = mo.ui.batch(mo.md("pick {a}"), {"a": mo.ui.slider(1, 9, value=1, label="bta")})
    ce = mo.ui.code_editor("x = 1", label="ce")
    rf = mo.ui.refresh(options=["1s"], label="rf")
    ch = mo.ui.chat(lambda messages, config: "echo " + messages[-1].content)
    mic = mo.ui.microphone(label="mic")
    fb = mo.ui.file_browser("data", filetypes=[".csv"], label="fb")
    ed = mo.ui.data_editor([{"n": 1, "name": "a"}, {"n": 2, "name": "b"}], label="ed")
    ex = mo.ui.data_explorer({"a": [1], "b": [2]})
    df = mo.ui.dataframe([{"k": i} for i in range(12)], page_size=5)
    pl = mo.ui.plotly(Fig())
    al = mo.ui.altair_chart(Chart())
    mp = mo.ui.matplotlib(Axes())
    mo.vstack([dtm, dr, mx, bt, ce, rf, ch, mic, fb, ed, ex, df, pl, al, mp])
    return al, bt, ce, ch, df, dr, dtm, ed, ex, fb, mic, mp, mx, pl, rf


@app.cell
def _(al, bt, ce, ch, dr, dtm, ed, ex, fb, json, mic, mp, mx, pl, rf):
    values = json.dumps(dict(
        dtm=str(dtm.value), dr=[str(d) for d in dr.value], mx=mx.value, bt=bt.value, ce=ce.value,
        rf=rf.value, ch=[m.content for m in ch.value], mic=len(mic.value.getvalue()),
        fb=[f.name for f in fb.value], ed=ed.value, ex=ex.value["x"],
        pl=[p["x"] for p in pl.value], al=[r["x"] for r in al.value],
        mp=None if mp.value is None else [round(v) for v in (mp.value.x_min, mp.value.x_max, mp.value.y_min, mp.value.y_max)],
    ), sort_keys=True)
    values
    return (values,)
'''


@pytest.fixture
def ui_page(tmp_path: Path, static_server, page):
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    wait_output(page, 2, '"rf": 0')
    return page


def ui(page, kind: str, nth: int = 0):
    return page.locator(f'[data-cove-ui="{kind}"]').nth(nth)


def settle(page, text: str) -> None:
    wait_output(page, 2, text)
    page.wait_for_function(READY)


def test_inputs_reach_python(ui_page, tmp_path: Path) -> None:
    page = ui_page
    ui(page, "datetime").locator("input").fill("2025-05-06T07:08")
    settle(page, '"dtm": "2025-05-06 07:08:00"')
    ui(page, "date_range").locator("input[type=date]").nth(1).fill("2024-02-29")
    settle(page, '"dr": ["2024-01-01", "2024-02-29"]')
    cell = ui(page, "matrix").locator("input[type=number]").nth(3)
    cell.fill("7")
    cell.press("Tab")
    settle(page, '"mx": [[1.0, 2.0], [3.0, 7.0]]')
    ui(page, "batch").locator("input[type=range]").fill("6")
    settle(page, '"bt": {"a": 6}')
    ui(page, "code_editor").locator("textarea").fill("y = 2")
    settle(page, '"ce": "y = 2"')
    chat = ui(page, "chat").locator("input")
    chat.fill("hello")
    chat.press("Enter")
    settle(page, '"ch": ["hello", "echo hello"]')
    assert ui(page, "chat").locator(".cove-chat-assistant").inner_text() == "echo hello"
    recording = tmp_path / "rec.webm"
    recording.write_bytes(b"12345")
    ui(page, "microphone").locator("input[type=file]").set_input_files(str(recording))
    settle(page, '"mic": 5')
    ui(page, "file_browser").locator("select").select_option(["a.csv", "sub/b.csv"])
    settle(page, '"fb": ["a.csv", "b.csv"]')
    assert "c.txt" not in ui(page, "file_browser").inner_text()
    field = ui(page, "data_editor").locator("input[type=text]").first
    field.fill("10")
    field.press("Enter")
    settle(page, '"ed": [{"n": 10, "name": "a"}, {"n": 2, "name": "b"}]')
    ui(page, "data_explorer").locator("select").first.select_option("b")
    settle(page, '"ex": "b"')


def test_refresh_ticks_on_click_and_on_its_interval(ui_page) -> None:
    page = ui_page
    ui(page, "refresh").locator("button").click()
    settle(page, '"rf": 1')
    ui(page, "refresh").locator("select").select_option("1s")
    settle(page, '"rf": 3')  # two ticks of the timer, with no click


def test_dataframe_pages_from_python(ui_page) -> None:
    page = ui_page
    frame = ui(page, "table")
    assert "11" not in frame.locator("tbody").inner_text()
    frame.get_by_role("button", name="Next").click()
    page.wait_for_function(
        "() => document.querySelector('[data-cove-ui=table] tbody')?.innerText.includes('9')"
    )


def test_chart_selections_reach_python(ui_page) -> None:
    page = ui_page
    plot = ui(page, "plotly")
    page.wait_for_function("() => document.querySelector('[data-cove-ui=plotly] .cove-plotly')?.dataset.chart === 'ready'",
                           timeout=60_000)
    plot.scroll_into_view_if_needed()  # the mouse reaches only what is in the viewport
    box = plot.locator(".nsewdrag").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.35, box["y"] + box["height"] * 0.35)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.65, box["y"] + box["height"] * 0.65, steps=5)
    page.mouse.up()
    settle(page, '"pl": [5]')
    page.wait_for_function("() => document.querySelector('[data-cove-ui=altair_chart] .cove-vega')?.dataset.chart === 'ready'",
                           timeout=60_000)
    ui(page, "altair_chart").scroll_into_view_if_needed()
    canvas = ui(page, "altair_chart").locator("canvas, svg").first.bounding_box()
    assert output_text(page, 2).count('"al": [1, 5, 9]') == 1  # nothing selected: all rows
    x0, x1 = canvas["x"] + canvas["width"] * 0.45, canvas["x"] + canvas["width"] * 0.62
    page.mouse.move(x0, canvas["y"] + 10)
    page.mouse.down()
    page.mouse.move(x1, canvas["y"] + canvas["height"] * 0.5, steps=5)
    page.mouse.move(x1, canvas["y"] + canvas["height"] - 40, steps=5)
    page.mouse.up()
    settle(page, '"al": [5]')


def test_matplotlib_box_selection_reaches_python(ui_page) -> None:
    page = ui_page
    img = ui(page, "matplotlib").locator("img.cove-mpl")
    img.scroll_into_view_if_needed()
    box = img.bounding_box()
    # the axes span 10%..90% of the width and 20%..80% of the height (from the bottom), 0..10
    at = lambda fx, fy: (box["x"] + box["width"] * fx, box["y"] + box["height"] * (1 - fy))  # noqa: E731
    page.mouse.move(*at(0.1 + 0.8 * 0.2, 0.2 + 0.6 * 0.7))
    page.mouse.down()
    page.mouse.move(*at(0.1 + 0.8 * 0.6, 0.2 + 0.6 * 0.3), steps=5)
    page.mouse.up()
    settle(page, '"mp": [2, 6, 3, 7]')
    page.mouse.click(*at(0.5, 0.5))  # a click without a drag clears the selection
    settle(page, '"mp": null')


QUERY_NB = """import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    qp = mo.query_params()
    return mo, qp


@app.cell
def _(qp):
    shown = f"page={qp.get('page')}"
    shown
    return


@app.cell
def _(mo, qp):
    go = mo.ui.button(label="next", on_click=lambda _: qp.set("page", str(int(qp.get("page", "1")) + 1)))
    go
    return (go,)
"""


def test_query_params_read_and_write_the_page_url(tmp_path: Path, static_server, page) -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    make_site(tmp_path, QUERY_NB)
    page.goto(static_server(tmp_path) + "index.html?page=3#x=1")
    wait_ready(page)
    wait_output(page, 1, "page=3")
    ui(page, "button").locator("button").click()
    settle_at(page, 1, "page=4")
    assert page.evaluate("location.search + location.hash") == "?page=4#x=1"


def settle_at(page, index: int, text: str) -> None:
    wait_output(page, index, text)
    page.wait_for_function(READY)


PERSIST_NB = """import cove

app = cove.App()


@app.cell
def _():
    import random

    import cove as mo

    @mo.persistent_cache
    def draw(seed):
        return random.random()
    return (draw,)


@app.cell
def _(draw):
    f"drawn {draw(1)!r}"
    return
"""


def test_persistent_cache_survives_a_reload(tmp_path: Path, static_server, page) -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    make_site(tmp_path, PERSIST_NB)
    url = static_server(tmp_path) + "index.html"
    page.goto(url)
    wait_ready(page)
    wait_output(page, 1, "drawn 0.")
    first = output_text(page, 1)
    page.wait_for_timeout(1500)  # the worker writes the folder back to IndexedDB when quiet
    page.goto(url)
    wait_ready(page)
    wait_output(page, 1, "drawn 0.")
    assert output_text(page, 1) == first  # read back, not drawn again
