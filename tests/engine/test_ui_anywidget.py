"""cove.ui.anywidget with the real `anywidget` package: ESM as code, data: URL or file; values
from the page re-run dependents; trait changes made by Python and custom messages reach the page."""
from __future__ import annotations

import re

import pytest

from tests.engine.helpers import run_notebook

pytest.importorskip("anywidget")

COUNTER = '''
import anywidget, traitlets, cove

class Counter(anywidget.AnyWidget):
    _esm = {esm!r}
    value = traitlets.Int(0).tag(sync=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.on_msg(self._got)

    def _got(self, widget, content, buffers):
        if content == "reset":
            self.value = 0

w = cove.ui.anywidget(Counter(value=1))
w
'''
ESM = "export default { render({ model, el }) { el.textContent = model.get('value'); } }"


def element_id(k, cell=0) -> str:
    return re.search(r'data-cove-ui="anywidget" data-cove-id="([^"]+)"', k.cells[cell].output["text/html"]).group(1)


def ui_messages(k):
    return [(e.element_id, e.message) for e in k.events if e.type == "ui_message"]


@pytest.mark.parametrize("esm", [ESM, "data:text/javascript," + ESM])
def test_counter_value_reruns_dependents(esm: str) -> None:
    k = run_notebook(COUNTER.format(esm=esm), "doubled = w.value['value'] * 2")
    assert k.globals["doubled"] == 2
    assert esm.replace("'", "&#39;") in k.cells[0].output["text/html"] or "data:" in esm
    k.set_ui_values([(element_id(k), {"value": 5})])
    assert k.globals["doubled"] == 10 and k.globals["w"].widget.value == 5


def test_python_trait_changes_and_custom_messages_reach_the_page() -> None:
    k = run_notebook(
        COUNTER.format(esm=ESM),
        "doubled = w.value['value'] * 2",
        "n = cove.ui.slider(0, 100)\nn",
        "if n.value:\n    w.widget.value = 40 + n.value\n    w.widget.send({'hello': n.value})",
    )
    wid = element_id(k)
    n = re.search(r'data-cove-ui="slider" data-cove-id="([^"]+)"', k.cells[2].output["text/html"]).group(1)
    k.set_ui_values([(n, 1)])
    assert ui_messages(k)[-2:] == [
        (wid, {"type": "state", "state": {"value": 41}}),
        (wid, {"type": "custom", "content": {"hello": 1}}),
    ]


def test_custom_message_from_the_page_reaches_on_msg_handlers() -> None:
    # model.send("reset"): the widget's on_msg handler changes a trait, and the cells that use
    # the element re-run.
    k = run_notebook(COUNTER.format(esm=ESM), "doubled = w.value['value'] * 2")
    k.send_ui_message(element_id(k), {"type": "custom", "content": "reset"})
    assert k.globals["w"].widget.value == 0 and k.globals["doubled"] == 0


def test_esm_from_a_file(tmp_path) -> None:
    js = tmp_path / "counter.js"
    js.write_text(ESM)
    k = run_notebook(COUNTER.replace("_esm = {esm!r}", f"_esm = __import__('pathlib').Path({str(js)!r})"))
    assert "model.get(&#39;value&#39;)" in k.cells[0].output["text/html"] or "model.get(" in k.cells[0].output["text/html"]


def test_third_party_widget_from_pypi() -> None:
    pytest.importorskip("wigglystuff")
    k = run_notebook(
        "import cove\nfrom wigglystuff import TangleChoice\n"
        "c = cove.ui.anywidget(TangleChoice(choices=['small', 'large']))\nc",
        "size = c.value['choice']",
    )
    assert k.globals["size"] == "small"
    html = k.cells[0].output["text/html"]
    assert "cycleChoice" in html  # the module bundled in the wheel, read from its file
    k.set_ui_values([(element_id(k), {"choice": "large"})])
    assert k.globals["size"] == "large"
