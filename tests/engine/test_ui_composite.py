"""Composite and data elements: array, dictionary, form, table, tabs, anywidget."""
from __future__ import annotations

import pytest

from cove import ui
from .helpers import ctx  # noqa: F401 - a fixture, used by name
from cove.ui._composite import SUBMIT


def by_id(ctx, element_id):
    return next(e for e in ctx.elements if e._id == element_id)


def test_array_holds_registered_clones_and_routes_to_root(ctx):
    changes = []
    s, t = ui.slider(0, 10, value=1), ui.text(value="a")
    arr = ui.array([s, t], label="both", on_change=changes.append)
    assert arr.value == [1, "a"] and arr._describe()["value"] == [1, "a"]
    assert len(arr) == 2 and arr[0] is not s and arr[0]._id not in (s._id, t._id)
    child_ids = arr._describe()["props"]["children"]
    assert child_ids == [arr[0]._id, arr[1]._id]
    assert all(by_id(ctx, i) is arr[n] for n, i in enumerate(child_ids))
    # The page changes the slider inside the array: the array is what re-runs.
    assert by_id(ctx, child_ids[0])._set_frontend_value(5) is arr
    assert arr.value == [5, "a"] and changes == [[5, "a"]]
    assert s.value == 1  # the original is untouched
    assert arr[0].text in arr.text and 'data-cove-ui="array"' in arr.text
    assert arr._set_frontend_value([2, "b"]) is arr and arr.value == [2, "b"]
    assert arr[1].value == "b"
    with pytest.raises(ValueError):
        arr._set_frontend_value([2])
    with pytest.raises(ValueError):
        arr._set_frontend_value([99, "b"])
    assert arr.value == [2, "b"]
    with pytest.raises(TypeError):
        ui.array([1])


def test_dictionary_and_nesting(ctx):
    inner = ui.array([ui.checkbox()])
    d = ui.dictionary({"n": ui.number(value=1), "flags": inner})
    assert d.value == {"n": 1, "flags": [False]}
    assert list(d) == ["n", "flags"] and "n" in d and set(d.keys()) == {"n", "flags"}
    flag = d["flags"][0]
    assert flag._set_frontend_value(True) is d  # routed through the inner array to the root
    assert d.value == {"n": 1, "flags": [True]}
    assert d._set_frontend_value({"n": 3}) is d and d.value == {"n": 3, "flags": [True]}
    with pytest.raises(ValueError, match="unknown"):
        d._set_frontend_value({"zzz": 1})
    assert 'data-cove-ui="dictionary"' in d.text and d["n"].text in d.text


def test_same_element_in_two_containers(ctx):
    s = ui.slider(0, 5)
    a, b = ui.array([s]), ui.array([s])
    a[0]._set_frontend_value(3)
    assert a.value == [3] and b.value == [0]


def test_form_updates_on_submit_only(ctx):
    changes = []
    f = ui.form(ui.text(label="name"), on_change=changes.append)
    assert f.value is None and f._describe()["value"] is None
    child = f.element
    assert f._describe()["props"]["element"] == child._id
    # Typing in the form's field re-runs nothing (the child is bound to no global).
    assert child._set_frontend_value("Ada") is child
    assert f.value is None and changes == []
    assert f._set_frontend_value(SUBMIT) is f
    assert f.value == "Ada" and changes == ["Ada"]
    assert f._set_frontend_value("Bob").value == "Bob" and child.value == "Bob"
    with pytest.raises(ValueError):
        f._set_frontend_value(3)
    html = f.text
    assert 'data-cove-ui="form"' in html and '<form class="cove-form" method="dialog"' in html
    assert '<button type="submit"' in html and child.text in html


def test_form_validate_and_clear(ctx):
    f = ui.form(
        ui.number(value=1),
        validate=lambda raw: "too big" if raw > 5 else None,
        clear_on_submit=True,
    )
    with pytest.raises(ValueError, match="too big"):
        f._set_frontend_value(9)
    assert f.value is None
    f._set_frontend_value(4)
    assert f.value == 4 and f.element.value == 1  # cleared after submit


def test_element_form_method_and_form_in_array(ctx):
    f = ui.slider(0, 9).form(submit_button_label="Go")
    assert isinstance(f, ui.form) and ">Go</button>" in f.text
    arr = ui.array([f])
    inner_form = arr[0]
    inner_form.element._set_frontend_value(4)
    assert arr.value == [None]
    assert inner_form._set_frontend_value(SUBMIT) is arr and arr.value == [4]


def test_run_button_inside_array_resets(ctx):
    arr = ui.array([ui.run_button()])
    assert arr[0]._set_frontend_value(1) is arr and arr.value == [True]
    assert arr._on_update_completion() is True and arr.value == [False]


def test_table_list_of_dicts(ctx):
    rows = [{"name": "a", "x": 1}, {"name": "b", "x": 2}, {"name": "<c>", "x": 3}]
    t = ui.table(rows, label="T")
    assert t.value == [] and t._describe()["value"] == []
    assert 'data-cove-ui="table"' in t.text and t.text.count('type="checkbox"') == 3
    assert "&lt;c&gt;" in t.text
    assert t._set_frontend_value([2, "0"]).value == [rows[2], rows[0]]
    assert t.text.count(" checked") == 2
    for bad in ([3], ["x"], 5, [True]):
        with pytest.raises(ValueError):
            t._set_frontend_value(bad)


def test_table_dict_of_lists_single_and_none(ctx):
    data = {"a": [1, 2, 3], "b": ["x", "y", "z"]}
    t = ui.table(data, selection="single", initial_selection=[1])
    assert t.value == {"a": [2], "b": ["y"]}
    assert t.text.count('type="radio"') == 3
    with pytest.raises(ValueError, match="single"):
        t._set_frontend_value([0, 1])
    plain = ui.table([1, 2], selection=None)
    assert plain.value == [1, 2] and 'type="checkbox"' not in plain.text
    assert ui.table([1, 2], format_mapping={"value": "{:.1f}"}).text.count("<td>1.0</td>") == 1


def test_tabs_element(ctx):
    s = ui.slider(0, 3)
    t = ui.tabs({"A": s, "B": "text"}, value="B")
    assert t.value == "B"
    assert 'data-cove-ui="tabs"' in t.text and s.text in t.text
    assert t._set_frontend_value("A").value == "A"
    with pytest.raises(ValueError):
        t._set_frontend_value("C")


class FakeWidget:
    """Quacks like an anywidget.AnyWidget (traitlets' `traits(sync=True)`)."""

    _esm = "export default { render({ model, el }) {} }"
    _css = ".x { color: red }"

    def __init__(self) -> None:
        self.count = 0
        self.label = "hi"
        self._model_name = "AnyModel"

    def traits(self, sync=False):
        return {"count": None, "label": None, "_model_name": None, "layout": None}


def test_anywidget(ctx):
    w = FakeWidget()
    el = ui.anywidget(w)
    assert el.value == {"count": 0, "label": "hi"}
    props = el._describe()["props"]
    assert props["esm"] == FakeWidget._esm and props["css"] == FakeWidget._css
    assert el._set_frontend_value({"count": 5}) is el
    assert w.count == 5 and el.value == {"count": 5, "label": "hi"}
    w.label = "changed in Python"
    assert el.value["label"] == "changed in Python"
    with pytest.raises(ValueError):
        el._set_frontend_value({"nope": 1})
    assert 'data-cove-ui="anywidget"' in el.text
    with pytest.raises(TypeError):
        ui.anywidget(object())


def test_public_api():
    import cove

    assert cove.ui is ui
    for name in ui.__all__:
        assert hasattr(ui, name)
    for name in ("Html", "as_html", "md", "hstack", "vstack", "tabs", "accordion", "callout", "image"):
        assert callable(getattr(cove, name))
    assert callable(cove.output.replace) and callable(cove.status.progress_bar)
