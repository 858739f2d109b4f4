"""Leaf UI elements: defaults, front-end values, on_change, validation, HTML hooks (docs/spec.md §6)."""
from __future__ import annotations

import base64
import datetime as dt
import html as htmllib
import json
import re

import pytest

from cove import ui
from .helpers import ctx  # noqa: F401 - a fixture, used by name


def attrs(element) -> dict:
    """The data-cove-* attributes of an element's wrapper, decoded."""
    start = element.text[: element.text.index(">") + 1]
    found = dict(re.findall(r'(data-cove-[a-z]+)="([^"]*)"', start))
    return {k: htmllib.unescape(v) for k, v in found.items()}


def check_contract(element, control_pattern: str) -> None:
    """The wrapper carries the hooks and the native control is inside it."""
    a = attrs(element)
    assert a["data-cove-ui"] == element._kind
    assert a["data-cove-id"] == element._id
    assert json.loads(a["data-cove-props"]) == json.loads(json.dumps(element._describe()["props"]))
    assert re.search(control_pattern, element.text), element.text
    assert str(element) == f"{element}" == element.text
    assert element._mime_() == ("text/html", element.text)
    d = element._describe()
    assert set(d) == {"id", "kind", "label", "props", "value"}
    json.dumps(d)  # JSON-able


def recorder():
    calls = []
    return calls, calls.append


def test_ids_come_from_the_context_and_elements_register(ctx):
    a = ui.slider(0, 10)
    b = ui.text()
    assert (a._id, b._id) == ("c1-0", "c1-1")
    assert ctx.elements == [a, b]
    assert hash(a) != hash(b) and a != b and a == a
    assert {a: 1}[a] == 1


def test_ids_outside_a_kernel():
    assert ui.checkbox()._id.startswith("ui-")


def test_slider(ctx):
    calls, on_change = recorder()
    s = ui.slider(1, 10, value=3, label="n", on_change=on_change, show_value=True)
    assert s.value == 3 and isinstance(s.value, int)
    check_contract(s, r'<input type="range" min="1" max="10" step="1" value="3">')
    assert '<output class="cove-value">3</output>' in s.text
    assert "<label" in s.text and ">n<" in s.text
    assert s._set_frontend_value(7) is s
    assert s.value == 7 and calls == [7] and s._describe()["value"] == 7
    assert 'value="7"' in s.text
    assert s._set_frontend_value("8").value == 8
    assert s._set_frontend_value(9.0).value == 9 and isinstance(s.value, int)
    for bad in (11, 0, 2.5, "x", None, True, [1]):
        with pytest.raises(ValueError):
            s._set_frontend_value(bad)
    assert s.value == 9 and calls == [7, 8, 9]
    with pytest.raises(AttributeError):
        s.value = 3


def test_slider_defaults_floats_and_steps(ctx):
    assert ui.slider(0, 10).value == 0
    f = ui.slider(0.0, 1.0)
    assert f._describe()["props"]["step"] == pytest.approx(0.01)
    assert f._set_frontend_value(0.25).value == 0.25
    st = ui.slider(steps=[1, 10, 100], value=10)
    assert '<input type="range" min="0" max="2" step="1" value="1">' in st.text
    assert st._set_frontend_value(100).value == 100
    with pytest.raises(ValueError):
        st._set_frontend_value(50)
    with pytest.raises(ValueError):
        ui.slider(0, 10, value=20)
    with pytest.raises(ValueError):
        ui.slider()
    with pytest.raises(ValueError):
        ui.slider(0, 10, steps=[1])


def test_range_slider(ctx):
    r = ui.range_slider(0, 100, value=[10, 20], label="range", show_value=True)
    assert r.value == [10, 20]
    check_contract(r, r'<input type="range" min="0" max="100" step="1" value="10"')
    assert r.text.count('type="range"') == 2
    assert r._set_frontend_value([5, 50]).value == [5, 50]
    for bad in ([50, 5], [1], "x", [0, 200]):
        with pytest.raises(ValueError):
            r._set_frontend_value(bad)
    assert ui.range_slider(0, 5).value == [0, 5]


def test_number(ctx):
    calls, on_change = recorder()
    n = ui.number(0, 10, step=2, value=4, label="k", on_change=on_change)
    assert n.value == 4
    check_contract(n, r'<input type="number" min="0" max="10" step="2" value="4">')
    assert n._set_frontend_value("6").value == 6 and calls == [6]
    assert n._set_frontend_value(None).value is None
    assert 'value=""' in n.text
    for bad in (12, -1, "abc", float("nan")):
        with pytest.raises(ValueError):
            n._set_frontend_value(bad)
    free = ui.number()
    assert free.value == 0 and 'step="any"' in free.text
    assert free._set_frontend_value(2.5).value == 2.5


def test_text_and_text_area(ctx):
    calls, on_change = recorder()
    t = ui.text(value='a"b<', placeholder="name", label="Name", on_change=on_change)
    assert t.value == 'a"b<'
    check_contract(t, r'<input type="text" value="a&quot;b&lt;" placeholder="name">')
    assert t._set_frontend_value("hello").value == "hello" and calls == ["hello"]
    with pytest.raises(ValueError):
        t._set_frontend_value(3)
    limited = ui.text(max_length=2)
    with pytest.raises(ValueError, match="max_length"):
        limited._set_frontend_value("abc")
    assert '<input type="password"' in ui.text(kind="password").text
    area = ui.text_area(value="line1\nline2", rows=3)
    check_contract(area, r'<textarea rows="3">line1&#10;line2</textarea>')
    assert area._set_frontend_value("x\ny").value == "x\ny"


def test_checkbox_and_switch(ctx):
    calls, on_change = recorder()
    c = ui.checkbox(label="ok", on_change=on_change)
    assert c.value is False
    check_contract(c, r'<input type="checkbox">')
    assert c._set_frontend_value(True).value is True and calls == [True]
    assert '<input type="checkbox" checked>' in c.text
    with pytest.raises(ValueError):
        c._set_frontend_value("maybe")
    s = ui.switch(value=True)
    check_contract(s, r'<input type="checkbox" role="switch" checked>')
    assert s._set_frontend_value(False).value is False


def test_dropdown(ctx):
    calls, on_change = recorder()
    d = ui.dropdown({"One": 1, "Two": 2}, value="One", label="pick", on_change=on_change)
    assert d.value == 1 and d._describe()["value"] == ["One"]
    check_contract(d, r'<select><option value="One" selected>One</option><option value="Two">Two</option></select>')
    assert d._set_frontend_value(["Two"]).value == 2 and calls == [2]
    assert d._set_frontend_value("One").value == 1
    assert d.selected_key == "One"
    with pytest.raises(ValueError):
        d._set_frontend_value(["Three"])
    with pytest.raises(ValueError, match="must be selected"):
        d._set_frontend_value([])
    with pytest.raises(ValueError):
        ui.dropdown(["a"], value="z")
    none = ui.dropdown(["a", "b"])
    assert none.value is None and none._describe()["value"] == []
    assert '<option value="" data-cove-none selected>--</option>' in none.text
    assert none._set_frontend_value(["b"]).value == "b"
    assert none._set_frontend_value([]).value is None


def test_dropdown_escapes_options(ctx):
    d = ui.dropdown(['<b>"x"</b>'], label="<i>label</i>")
    assert "<b>" not in d.text and "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in d.text
    assert "&lt;i&gt;label&lt;/i&gt;" in d.text


def test_multiselect(ctx):
    calls, on_change = recorder()
    m = ui.multiselect({"a": 1, "b": 2, "c": 3}, value=["a"], on_change=on_change, max_selections=2)
    assert m.value == [1]
    check_contract(m, r'<select multiple size="3"><option value="a" selected>a</option>')
    assert m._set_frontend_value(["c", "b"]).value == [3, 2] and calls == [[3, 2]]
    assert m._set_frontend_value([]).value == []
    for bad in (["z"], ["a", "b", "c"], 5):
        with pytest.raises(ValueError):
            m._set_frontend_value(bad)


def test_radio(ctx):
    r = ui.radio(["x", "y"], value="y", label="axis")
    assert r.value == "y"
    check_contract(r, r'<input type="radio" name="cove-radio-c1-0" value="y" checked>')
    assert r.text.count('type="radio"') == 2
    assert r._set_frontend_value("x").value == "x"
    assert r._set_frontend_value(None).value is None
    with pytest.raises(ValueError):
        r._set_frontend_value("z")


def test_button(ctx):
    calls, on_change = recorder()
    b = ui.button(on_click=lambda v: v + 1, value=0, label="Add", on_change=on_change)
    assert b.value == 0 and b._describe()["value"] == 0
    check_contract(b, r'<button type="button" class="cove-button" data-kind="neutral">Add</button>')
    assert b._set_frontend_value(1) is b
    assert b.value == 1 and calls == [1]
    b._set_frontend_value(2)
    assert b.value == 2 and b._describe()["value"] == 2
    with pytest.raises(ValueError):
        b._set_frontend_value(-1)
    plain = ui.button()
    assert plain.value is None and ">click here</button>" in plain.text
    assert plain._set_frontend_value(1).value is None


def test_run_button(ctx):
    r = ui.run_button()
    assert r.value is False
    check_contract(r, r"<button[^>]*>click to run</button>")
    assert r._set_frontend_value(1).value is True
    assert r._on_update_completion() is True and r.value is False
    assert r._on_update_completion() is False


def test_date(ctx):
    calls, on_change = recorder()
    d = ui.date(start="2024-01-01", stop="2024-12-31", value="2024-01-31", on_change=on_change)
    assert d.value == dt.date(2024, 1, 31) and d._describe()["value"] == "2024-01-31"
    check_contract(d, r'<input type="date" value="2024-01-31" min="2024-01-01" max="2024-12-31">')
    assert d._set_frontend_value("2024-02-29").value == dt.date(2024, 2, 29)
    assert calls == [dt.date(2024, 2, 29)]
    for bad in ("2023-12-31", "2024-13-01", "soon", 5):
        with pytest.raises(ValueError):
            d._set_frontend_value(bad)
    assert ui.date().value == dt.date.today()


def test_file(ctx):
    f = ui.file(filetypes=[".csv"], label="data")
    assert f.value == [] and f.name() is None and f.contents() is None
    check_contract(f, r'<input type="file" accept=".csv">')
    payload = [{"name": "a.csv", "contents": base64.b64encode(b"x,y\n1,2").decode()}]
    f._set_frontend_value(payload)
    assert f.value == [ui.FileUploadResults("a.csv", b"x,y\n1,2")]
    assert f.name() == "a.csv" and f.contents() == b"x,y\n1,2"
    assert json.loads(attrs(f)["data-cove-value"]) == [{"name": "a.csv"}]
    with pytest.raises(ValueError, match="only one"):
        f._set_frontend_value(payload * 2)
    with pytest.raises(ValueError, match="base64"):
        f._set_frontend_value([{"name": "b", "contents": "***"}])
    many = ui.file(multiple=True)
    assert " multiple" in many.text
    many._set_frontend_value([["a", "data:text/plain;base64,aGk="], ["b", b"raw"]])
    assert [x.contents for x in many.value] == [b"hi", b"raw"]


def test_labels_are_markdown_lite_and_escaped(ctx):
    s = ui.slider(0, 1, label="**Bold** <script>x</script>")
    assert "<strong>Bold</strong>" in s.text and "<script>" not in s.text


def test_repr():
    assert repr(ui.slider(0, 3)).startswith("<cove.ui.slider id=")
