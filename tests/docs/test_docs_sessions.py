"""What a shared runtime relies on in the engine: several Sessions in one interpreter are
independent (globals, graph, UI elements with the same ids, outputs), as the docs page's worker
hosts them (web/src/docs/hub-worker.ts)."""
from __future__ import annotations

import json

from cove._runtime.session import Session
from tests.docs.sites import DOUBLED, SQUARES
from cove._docs import notebook_from_code


def _open(text: str, name: str) -> tuple[Session, list[dict]]:
    events: list[dict] = []
    session = Session.from_text(text, name, lambda e: events.append(json.loads(e)))
    session.handle({"type": "run_all"})
    return session, events


def _outputs(events: list[dict]) -> list[str]:
    return [e["output"].get("text/plain", "") for e in events if e["type"] == "cell_output" and e.get("output")]


def test_two_sessions_in_one_interpreter_do_not_touch_each_other() -> None:
    a, a_events = _open(notebook_from_code(SQUARES), "a.py")
    b, b_events = _open(DOUBLED, "b.py")
    # The same element id on both sides (cells are c0, c1, ... in each): each its own element.
    assert "c1-0" in a.kernel._runner.elements and "c1-0" in b.kernel._runner.elements
    assert a.kernel._runner.elements["c1-0"] is not b.kernel._runner.elements["c1-0"]
    a_events.clear()
    b_events.clear()
    a.handle({"type": "set_ui_values", "updates": [{"element_id": "c1-0", "value": 5}]})
    assert any("A squares [0, 1, 4, 9, 16]" in o for o in _outputs(a_events))
    assert not b_events, "the other notebook heard nothing"
    assert "n" in a.kernel.globals and "n" not in b.kernel.globals
    b.handle({"type": "set_ui_values", "updates": [{"element_id": "c1-0", "value": 7}]})
    assert any("B doubled 14" in o for o in _outputs(b_events))
    assert a.kernel.globals["n"].value == 5 and b.kernel.globals["m"].value == 7


def test_a_docs_embed_prerenders_where_its_packages_are(monkeypatch) -> None:
    """The docs prerender goes through the exporter's (issue 10): with the notebook's PEP 723
    dependencies, so a building Python that lacks them uses the isolated environment."""
    import cove._export.prerender as pre
    from cove._docs import embed

    seen = []

    def fake(text, filename, deps, **_kw):
        seen.append(list(deps))
        return pre.Prerender([], None)
    monkeypatch.setattr(pre, "prerender", fake)
    text = '# /// script\n# dependencies = ["humanize>=4"]\n# ///\nimport cove\n\napp = cove.App()\n'
    assert embed.prerendered(text, "docs-deps-test.py") == ([], None)
    assert seen == [["humanize>=4"]]
