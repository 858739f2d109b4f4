"""format_output: docs/spec.md §3 priority order, known library types (faked), errors, truncation."""
from __future__ import annotations

import base64
import json
import types

import pytest

from cove._output.html import Html, as_html
from cove._output.mime import format_output, truncate_bundle
from cove._output.render import render_bundle


def test_none_has_no_output():
    assert format_output(None) is None


def test_plain_values_use_repr():
    assert format_output(9) == {"text/plain": "9"}
    assert format_output("hi") == {"text/plain": "'hi'"}
    assert format_output([1, 2]) == {"text/plain": "[1, 2]"}


def test_classes_are_shown_plainly_even_with_repr_methods():
    class WithHtml:
        def _repr_html_(self):
            return "<b>x</b>"

    assert format_output(WithHtml)["text/plain"].startswith("<class")


class Everything:
    """Has every representation; each test deletes the ones that should win before."""

    def _mime_(self):
        return ("text/html", "<i>mime</i>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": "<i>bundle</i>", "text/plain": "bundle"}

    def _repr_html_(self):
        return "<i>html</i>"

    def _repr_markdown_(self):
        return "**md**"

    def _repr_svg_(self):
        return "<svg></svg>"

    def _repr_png_(self):
        return b"\x89PNG\r\n"

    def _repr_jpeg_(self):
        return b"\xff\xd8\xff"

    def _repr_latex_(self):
        return "$x^2$"

    def _repr_json_(self):
        return {"a": 1}

    def __repr__(self):
        return "Everything()"


ORDER = [
    "_mime_",
    "_repr_mimebundle_",
    "_repr_html_",
    "_repr_markdown_",
    "_repr_svg_",
    "_repr_png_",
    "_repr_jpeg_",
    "_repr_latex_",
    "_repr_json_",
]


def _with_methods_from(index: int) -> object:
    """An object whose class has only the methods ORDER[index:]."""
    namespace = {name: getattr(Everything, name) for name in ORDER[index:]}
    namespace["__repr__"] = Everything.__repr__
    return type("Partial", (), namespace)()


@pytest.mark.parametrize(
    "index, check",
    [
        (0, lambda b: b["text/html"] == "<i>mime</i>"),
        (1, lambda b: b["text/html"] == "<i>bundle</i>" and b["text/plain"] == "bundle"),
        (2, lambda b: b["text/html"] == "<i>html</i>"),
        (3, lambda b: b["text/markdown"] == "**md**" and "<strong>md</strong>" in b["text/html"]),
        (4, lambda b: b["image/svg+xml"] == "<svg></svg>"),
        (5, lambda b: base64.b64decode(b["image/png"]) == b"\x89PNG\r\n"),
        (6, lambda b: base64.b64decode(b["image/jpeg"]) == b"\xff\xd8\xff"),
        (7, lambda b: b["text/latex"] == "$x^2$" and 'class="cove-math"' in b["text/html"]),
        (8, lambda b: json.loads(b["application/json"]) == {"a": 1}),
    ],
)
def test_priority_order(index, check):
    bundle = format_output(_with_methods_from(index))
    assert check(bundle), bundle
    assert bundle["text/plain"] in ("Everything()", "bundle")


def test_repr_method_returning_none_falls_through():
    class Maybe:
        def _repr_html_(self):
            return None

        def _repr_markdown_(self):
            return "# Title"

    bundle = format_output(Maybe())
    assert "<h1>Title</h1>" in bundle["text/html"]


def test_mimebundle_tuple_and_metadata():
    class Tup:
        def _repr_mimebundle_(self, include=None, exclude=None):
            return ({"image/png": b"\x89PNG"}, {"image/png": {"width": 3}})

    bundle = format_output(Tup())
    assert base64.b64decode(bundle["image/png"]) == b"\x89PNG"


def test_mime_with_bytes_is_base64_and_text_decoded():
    class Png:
        def _mime_(self):
            return ("image/png", b"\x00\x01")

    class Svg:
        def _mime_(self):
            return ("image/svg+xml", b"<svg/>")

    assert format_output(Png())["image/png"] == base64.b64encode(b"\x00\x01").decode()
    assert format_output(Svg())["image/svg+xml"] == "<svg/>"


def test_raising_repr_becomes_error_text():
    class Bad:
        def __repr__(self):
            raise ValueError("boom")

    bundle = format_output(Bad())
    assert list(bundle) == ["text/plain"]
    assert "ValueError: boom" in bundle["text/plain"]


def test_raising_rich_repr_becomes_error_text():
    class BadHtml:
        def _repr_html_(self):
            raise RuntimeError("no html")

    text = format_output(BadHtml())["text/plain"]
    assert "_repr_html_" in text and "RuntimeError: no html" in text


def test_objects_answering_every_attribute_are_not_trusted():
    class Anything:
        def __getattr__(self, name):
            return lambda *a, **k: "<b>surprise</b>"

        def __repr__(self):
            return "Anything()"

    assert format_output(Anything()) == {"text/plain": "Anything()"}


def test_html_objects():
    bundle = format_output(Html("<b>x</b>"))
    assert bundle["text/html"] == "<b>x</b>"


def test_list_of_dicts_is_a_table():
    bundle = format_output([{"a": 1, "b": "<x>"}, {"a": 2}])
    html = bundle["text/html"]
    assert "<table" in html and "<th scope=\"col\">a</th>" in html
    assert "&lt;x&gt;" in html and "2 rows" in html
    assert format_output([{"a": 1}, 2]) == {"text/plain": "[{'a': 1}, 2]"}


def test_big_list_of_dicts_shows_first_rows_with_notice():
    rows = [{"i": i} for i in range(1500)]
    html = format_output(rows)["text/html"]
    assert html.count("<tr data-row=") == 1000
    assert "1,500 rows (showing the first 1,000)" in html


def _fake_class(module: str, name: str, **methods):
    cls = type(name, (), methods)
    cls.__module__ = module
    return cls


def test_plotly_figure_without_plotly():
    Figure = _fake_class(
        "plotly.graph_objs._figure",
        "Figure",
        to_json=lambda self: '{"data": [], "layout": {}}',
        _repr_html_=lambda self: "<script>should not be used</script>",
    )
    bundle = format_output(Figure())
    assert json.loads(bundle["application/vnd.plotly.v1+json"]) == {"data": [], "layout": {}}
    # Its own _repr_html_ is not used; the HTML is a placeholder carrying the spec.
    assert bundle["text/html"].startswith('<div class="cove-plotly" data-mime=')
    assert "&quot;layout&quot;" in bundle["text/html"]


def test_altair_chart_without_altair():
    Base = _fake_class("altair.vegalite.v5.api", "TopLevelMixin")
    Chart = type("Chart", (Base,), {"to_dict": lambda self: {"$schema": "https://vega.github.io/schema/vega-lite/v5.20.1.json", "mark": "bar"}})
    Chart.__module__ = "altair.vegalite.v5.api"
    bundle = format_output(Chart())
    assert json.loads(bundle["application/vnd.vegalite.v5+json"])["mark"] == "bar"
    assert 'class="cove-vega"' in bundle["text/html"]


def test_matplotlib_figure_and_axes_without_matplotlib():
    def savefig(self, buffer, format, bbox_inches=None):
        assert format == "svg"
        buffer.write("<svg>plot</svg>")

    Figure = _fake_class("matplotlib.figure", "Figure", savefig=savefig)
    fig = Figure()
    Axes = _fake_class("matplotlib.axes._axes", "Axes")
    axes = Axes()
    axes.figure = fig
    assert format_output(fig)["image/svg+xml"] == "<svg>plot</svg>"
    assert format_output(axes)["image/svg+xml"] == "<svg>plot</svg>"


def test_pil_image_without_pil():
    def save(self, buffer, format):
        buffer.write(b"\x89PNGdata")

    Image = _fake_class("PIL.Image", "Image", save=save)
    assert base64.b64decode(format_output(Image())["image/png"]) == b"\x89PNGdata"


def test_frame_without_narwhals_uses_its_own_html(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "narwhals" else real(name, *a))
    Frame = _fake_class("pandas.core.frame", "DataFrame", _repr_html_=lambda self: "<table>own</table>")
    assert format_output(Frame())["text/html"] == "<table>own</table>"


def test_real_frames_are_tables():
    pd = pytest.importorskip("pandas")
    pytest.importorskip("narwhals")
    html = format_output(pd.DataFrame({"x": [1, 2], "y": ["a", "b"]}))["text/html"]
    assert '<th scope="col">x</th>' in html and "<td>b</td>" in html and "2 rows" in html


def test_failing_known_type_is_reported():
    Figure = _fake_class("plotly.graph_objs._figure", "Figure", to_json=lambda self: 1 / 0)
    text = format_output(Figure())["text/plain"]
    assert "ZeroDivisionError" in text


def test_truncation_notice():
    big = {"text/plain": "x" * 12_300_000}
    notice = truncate_bundle(big)
    assert notice["text/plain"] == "Output too large (12.3 MB > 5 MB limit); not shown"
    assert "Output too large" in notice["text/html"]
    small = {"text/plain": "ok"}
    assert truncate_bundle(small) is small
    assert truncate_bundle(None) is None


def test_format_output_truncates_by_default():
    bundle = format_output("x" * 6_000_000)
    assert bundle["text/plain"].startswith("Output too large")
    assert format_output("x" * 10, limit=5)["text/plain"].startswith("Output too large")
    assert len(format_output("x" * 6_000_000, limit=None)["text/plain"]) > 6_000_000


def test_truncation_counts_utf8_bytes():
    bundle = {"text/plain": "é" * 2_000_000}  # 2M characters, 4 MB of UTF-8
    assert truncate_bundle(bundle, limit=3_000_000)["text/plain"].startswith("Output too large")


def test_as_html_conversions():
    """A value nested in a layout is drawn by the output registry: the same markup as the value
    shown as a cell's output (JSON tree, inline SVG, sandboxed active HTML)."""
    assert as_html(Html("<b>x</b>")).text == "<b>x</b>"
    assert as_html("<b>").text == '<span class="cove-text">&lt;b&gt;</span>'
    assert as_html(42).text == '<div class="cove-out" data-mime="text/plain"><pre class="cove-text">42</pre></div>'
    png = _fake_class("x", "P", _repr_png_=lambda self: b"\x89PNG")()
    assert '<img class="cove-image" alt="" src="data:image/png;base64,' in as_html(png).text
    svg = _fake_class("x", "S", _repr_svg_=lambda self: "<svg/>")()
    assert '<div class="cove-svg"><svg/></div>' in as_html(svg).text
    js = _fake_class("x", "J", _repr_json_=lambda self: {"k": [1]})()
    assert '<div class="cove-json-root"><details class="cove-json" open>' in as_html(js).text
    active = _fake_class("x", "A", _repr_html_=lambda self: "<b onclick=x()>hi</b>")()
    assert '<iframe class="cove-sandbox"' in as_html(active).text
    fig = _fake_class("plotly.graph_objs._figure", "Figure", to_json=lambda self: '{"data":[]}')()
    html = as_html(fig).text
    assert 'class="cove-plotly"' in html and 'data-spec="{&quot;data&quot;:[]}"' in html
    for value in (42, png, svg, js, active, fig):
        assert as_html(value).text == render_bundle(format_output(value))
    assert as_html(None).text == ""


def test_as_html_of_namespace_object_is_escaped():
    obj = types.SimpleNamespace(a="<script>")
    assert "&lt;script&gt;" in as_html(obj).text
