"""Behaviour of the names added for marimo parity (their parameters are checked against marimo
itself in test_marimo_parity.py)."""
from __future__ import annotations

import base64
import datetime as dt
import io

import pytest

import cove
from cove._unavailable import NotAvailableError

from cove._runtime.kernel import Kernel
from cove.protocol import QueryParamsEvent

from .helpers import notebook, run_notebook, text


# -- memoizing ----------------------------------------------------------------------------------

def test_cache_computes_once_per_argument() -> None:
    calls = []

    @cove.cache
    def square(x):
        calls.append(x)
        return x * x

    assert [square(3), square(3), square(4)] == [9, 9, 16]
    assert calls == [3, 4] and square.hits == 1


def test_lru_cache_evicts_the_least_recently_used() -> None:
    calls = []

    @cove.lru_cache(maxsize=1)
    def f(x):
        calls.append(x)
        return x

    f(1), f(2), f(1)
    assert calls == [1, 2, 1]


def test_persistent_cache_survives_a_new_process_state(tmp_path) -> None:
    calls = []

    def slow(x):
        calls.append(x)
        return {"x": x}

    first = cove.persistent_cache(save_path=str(tmp_path))(slow)
    assert first(2) == {"x": 2}
    again = cove.persistent_cache(save_path=str(tmp_path))(slow)  # a fresh memo: only the disk
    assert again(2) == {"x": 2} and calls == [2]
    assert list(tmp_path.glob("*.pickle"))


def test_persistent_cache_of_an_edited_function_recomputes(tmp_path) -> None:
    first = cove.persistent_cache(save_path=str(tmp_path))(eval("lambda x: x + 1"))
    edited = cove.persistent_cache(save_path=str(tmp_path))(eval("lambda x: x + 2"))
    assert (first(1), edited(1)) == (2, 3)


def test_persistent_cache_uses_the_browser_folder_when_the_page_gives_one(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("COVE_PERSISTENT_DIR", str(tmp_path))
    cove.persistent_cache(lambda x: x)(5)
    assert list((tmp_path / "cache").glob("*.pickle"))


def test_cache_as_a_block_runs_the_block() -> None:
    with cove.cache("block") as c:
        ran = True
    assert ran and c.name == "block"


# -- display ------------------------------------------------------------------------------------

def test_display_helpers_render_their_content() -> None:
    assert "repr" not in cove.plain([1, 2]).text and "[1, 2]" in cove.plain([1, 2]).text
    assert "&lt;b&gt;" in cove.plain_text("<b>").text
    assert "&quot;a&quot;: 1" in cove.json({"a": 1}).text
    tree = cove.tree({"fruits": ["apple", "pear"]}).text
    assert "fruits" in tree and "apple" in tree and "<details" in tree
    stat = cove.stat(42, label="Answer", caption="+2", direction="increase").text
    assert "42" in stat and "Answer" in stat and "▲" in stat and "#15803d" in stat
    assert "justify-content:center" in cove.center("x").text
    assert cove.callout("body", kind="warn", title="Careful").text.count("Careful") == 1
    assert "Careful" in cove.md("x").callout(kind="info", title="Careful").text
    link = cove.download(b"abc", filename="a.txt").text
    assert 'download="a.txt"' in link and base64.b64encode(b"abc").decode() in link
    assert "srcdoc" in cove.iframe("<p>hi</p>").text
    assert cove.carousel(["a", "b"]).text.count("cove-slide") == 2
    assert 'href="/b"' in cove.nav_menu({"A": "/a", "More": {"B": "/b"}}).text
    assert "cove-sidebar" in cove.sidebar(["a"], footer="f").text
    assert "color:red" in cove.style("x", {"color": "red"}).text
    assert "lazy value" in cove.lazy(lambda: "lazy value").text
    assert "graph TD" in cove.mermaid("graph TD; A-->B").text
    assert 'data-icon="lucide:leaf"' in cove.icon("lucide:leaf", size=20).text
    assert "<audio" in cove.audio(b"RIFF....WAVE") .text and "<video" in cove.video("v.mp4").text
    assert "#page=2" in cove.pdf("doc.pdf", initial_page=2).text
    assert cove.latex(r"\frac{1}{2}").text


def test_doc_and_inspect_describe_an_object() -> None:
    def f(a, b=2):
        """Adds things."""

    assert "f(a, b=2)" in cove.doc(f).text and "Adds things" in cove.doc(f).text
    card = cove.inspect([1, 2], methods=True).text
    assert "list" in card and "append" in card


def test_show_code_and_streams_in_a_kernel() -> None:
    k = run_notebook(
        "import cove",
        "cove.show_code(cove.md('shown'))",
        "with cove.capture_stdout() as _buf:\n    print('caught')\ncaught = _buf.getvalue()",
        "with cove.redirect_stdout():\n    print('to output')",
    )
    html = k.cells[1].output["text/html"]
    assert "cove.show_code" in html and "shown" in html
    assert k.globals["caught"] == "caught\n" and k.cells[2].console == ""
    assert "to output" in k.cells[3].output["text/html"]


def test_query_params_set_reruns_readers() -> None:
    k = run_notebook("import cove\nqp = cove.query_params()", "page = qp.get('page', '1')",
                     "qp['page'] = '2'" )
    assert k.globals["page"] == "2" and k.globals["qp"].to_dict() == {"page": "2"}
    assert QueryParamsEvent({"page": "2"}) in k.events  # the page's URL follows


def test_query_params_read_the_page_query() -> None:
    events: list = []
    k = Kernel(notebook("import cove\nqp = cove.query_params()", "tags = qp.get('tag')"),
               listener=events.append, query="?tag=a&tag=b&page=3")
    k.run_all()
    assert k.globals["tags"] == ["a", "b"] and k.globals["qp"]["page"] == "3"


def test_app_meta_and_notebook_dir() -> None:
    k = run_notebook("import cove\nmode = cove.app_meta().mode")
    assert k.globals["mode"] == "run"
    assert cove.notebook_dir() == cove.notebook_location()


# -- names with no meaning in a static page -----------------------------------------------------

@pytest.mark.parametrize("call", [
    lambda: cove.create_asgi_app(),
    lambda: cove.routes({}),
    lambda: cove.MarimoIslandGenerator(),
    lambda: cove.ai.llm,
    lambda: cove.islands.MarimoIslandGenerator,
    lambda: cove.watch.file("x"),
])
def test_unavailable_names_say_why(call) -> None:
    with pytest.raises(NotAvailableError, match="not available in Cove: "):
        call()


def test_unavailable_error_is_not_an_attribute_error() -> None:
    assert not issubclass(NotAvailableError, AttributeError)
    assert not hasattr(cove.ai, "__wrapped__")  # dunder lookups still behave


def test_sql_without_duckdb_says_so() -> None:
    pytest.importorskip  # duckdb is not a dependency of the test suite
    try:
        import duckdb  # noqa: F401
    except ImportError:
        with pytest.raises(NotAvailableError, match="duckdb"):
            cove.sql("select 1")
    else:
        assert cove.sql("select 42 as x", output=False)["x"][0] == 42


def test_stop_error_is_marimos_name() -> None:
    k = run_notebook("import cove\nraise cove.MarimoStopError('quiet')")
    assert k.cells[0].status == "idle" and text(k, 0) == "'quiet'"


# -- ui elements: values from the page to Python ------------------------------------------------

def _one(*codes: str):
    return run_notebook("import cove", *codes)


def test_datetime_and_date_range_values() -> None:
    k = _one("when = cove.ui.datetime(value='2024-01-02T03:04')", "w = when.value",
             "span = cove.ui.date_range(value=('2024-01-01', '2024-01-31'))", "s = span.value")
    assert k.globals["w"] == dt.datetime(2024, 1, 2, 3, 4)
    k.set_value("when", "2025-05-06T07:08")
    assert k.globals["w"] == dt.datetime(2025, 5, 6, 7, 8)
    assert k.globals["s"] == (dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    child = k.globals["span"][1]
    k.set_ui_values([(child._id, "2024-02-29")])
    assert k.globals["s"] == (dt.date(2024, 1, 1), dt.date(2024, 2, 29))
    k.set_ui_values([(k.globals["span"][0]._id, "2024-03-01")])  # past the stop: the ends swap
    assert k.globals["s"] == (dt.date(2024, 2, 29), dt.date(2024, 3, 1))


def test_matrix_batch_and_data_elements() -> None:
    k = _one("m = cove.ui.matrix([[1, 2], [2, 1]], symmetric=True)", "mv = m.value",
             "b = cove.ui.batch(cove.md('{a} and {c}'), {'a': cove.ui.slider(1, 5), 'c': cove.ui.checkbox()})\nb",
             "bv = b.value",
             "ed = cove.ui.data_editor([{'n': 1, 'name': 'a'}, {'n': 2, 'name': 'b'}])", "ev = ed.value",
             "ex = cove.ui.data_explorer({'a': [1], 'b': [2]}, x='a')", "xv = ex.value")
    k.set_ui_values([(k.globals["m"][1]._id, 5)])
    assert k.globals["mv"] == [[1.0, 5.0], [5.0, 1.0]]
    assert "and" in k.cells[3].output["text/html"] and "cove-ui-slider" in k.cells[3].output["text/html"]
    k.set_ui_values([(k.globals["b"]["a"]._id, 4)])
    assert k.globals["bv"] == {"a": 4, "c": False}
    form = cove.md("{who}").batch(who=cove.ui.text()).form()
    assert form.value is None and "cove-ui-text" in form.text
    k.set_ui_values([(k.globals["ed"][0]._id, "10")])
    assert k.globals["ev"] == [{"n": 10, "name": "a"}, {"n": 2, "name": "b"}]
    assert k.globals["xv"]["x"] == "a"
    k.set_ui_values([(k.globals["ex"]["y"]._id, ["b"])])
    assert k.globals["xv"]["y"] == "b"


def test_refresh_code_editor_chat_microphone() -> None:
    k = _one("r = cove.ui.refresh(options=['1s', '5m'])", "ticks = r.value",
             "ce = cove.ui.code_editor('x = 1')", "code = ce.value",
             "ch = cove.ui.chat(lambda messages, config: f'echo {messages[-1].content}')",
             "conv = [(m.role, m.content) for m in ch.value]",
             "mic = cove.ui.microphone()", "size = len(mic.value.getvalue())")
    k.set_value("r", 3)
    assert k.globals["ticks"] == 3
    k.set_value("ce", "y = 2")
    assert k.globals["code"] == "y = 2"
    k.set_value("ch", "hi")
    assert k.globals["conv"] == [("user", "hi"), ("assistant", "echo hi")]
    k.set_value("mic", [{"name": "rec.webm", "contents": base64.b64encode(b"abcd").decode()}])
    assert k.globals["size"] == 4


def test_file_browser_lists_and_selects(tmp_path) -> None:
    (tmp_path / "a.csv").write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.csv").write_text("y")
    (tmp_path / "c.txt").write_text("z")
    k = _one(f"fb = cove.ui.file_browser({str(tmp_path)!r}, filetypes=['.csv'])\nfb", "picked = [f.name for f in fb.value]")
    assert "c.txt" not in k.cells[1].output["text/html"]
    k.set_value("fb", ["sub/b.csv", "a.csv"])
    assert k.globals["picked"] == ["b.csv", "a.csv"]
    with pytest.raises(ValueError):
        k.set_value("fb", ["c.txt"])


def test_chart_selections() -> None:
    class Chart:  # what altair_chart reads: `.data`, and any rich display
        data = [{"x": 1, "c": "a"}, {"x": 5, "c": "b"}, {"x": 9, "c": "a"}]

        def _repr_html_(self):
            return "<svg></svg>"

    k = _one("import numpy as np", "", "")
    k.globals["Chart"] = Chart
    k.edit(1, "ch = cove.ui.altair_chart(Chart())")
    k.edit(2, "rows = ch.value")
    k.run_all()
    assert k.globals["rows"] == Chart.data  # nothing selected: all of it
    k.set_value("ch", {"brush": {"x": [2, 10]}})
    assert k.globals["rows"] == Chart.data[1:]
    k.set_value("ch", {"legend": {"c": ["a"]}})
    assert k.globals["rows"] == [Chart.data[0], Chart.data[2]]
    p = cove.ui.plotly({"data": []})
    p._set_frontend_value({"points": [{"x": 1, "y": 2}], "range": {"x": [0, 2]}})
    assert p.value == [{"x": 1, "y": 2}] and p.ranges == {"x": [0, 2]}
    import numpy as np

    m = cove.ui.matplotlib(FakeAxes())
    assert m.value is None and "data:image/svg+xml;base64," in m.text
    assert m._props()["box"] == [0.1, 0.2, 0.9, 0.8]  # where the axes sit in the image
    m._set_frontend_value({"x": [0, 2], "y": [0, 2]})
    assert m.value.get_mask(np.array([1, 3]), np.array([1, 1])).tolist() == [True, False]


class FakeAxes:
    """What ui.matplotlib reads of a matplotlib Axes."""

    class figure:  # noqa: N801
        @staticmethod
        def savefig(buffer, format):  # noqa: A002
            buffer.write(b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"></svg>')

    def get_position(self):
        from types import SimpleNamespace

        return SimpleNamespace(x0=0.1, y0=0.2, x1=0.9, y1=0.8)

    def get_xlim(self):
        return (0.0, 10.0)

    def get_ylim(self):
        return (0.0, 10.0)


def test_data_elements_over_a_pandas_frame() -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    frame = pd.DataFrame({"n": [1, 2], "name": ["a", "b"]})
    editor = cove.ui.data_editor(frame)
    editor._elements[0]._set_frontend_value("10")
    edited = editor.value
    assert isinstance(edited, pd.DataFrame) and edited["n"].tolist() == [10, 2]
    explorer = cove.ui.data_explorer(frame)
    assert set(explorer["x"].options) == {"n", "name"}
    assert cove.ui.dataframe(frame).value is frame

    class Chart:
        data = frame

    chart = cove.ui.altair_chart(Chart())
    chart._set_frontend_value({"pick": {"name": ["b"]}})
    assert isinstance(chart.value, pd.DataFrame) and chart.value["n"].tolist() == [2]


def test_matplotlib_element_over_a_real_figure() -> None:
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 10], [0, 5])
    element = cove.ui.matplotlib(ax)
    props = element._props()
    assert props["xlim"][0] < 0 < 10 < props["xlim"][1]  # matplotlib's margins around the data
    assert 0 < props["box"][0] < props["box"][2] < 1
    assert "data:image/svg+xml;base64," in element.text
    element._set_frontend_value({"x": [4, 6], "y": [1, 4]})
    assert element.value.get_mask([5, 9], [2, 2]).tolist() == [True, False]
    plt.close(fig)
