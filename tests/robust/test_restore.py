"""The engine's side of a restart: `restore` brings a fresh kernel to the page's state (the
page's cells and ids, a full run that skips the cells a Stop or a crash ended, then the UI
values the reader had set), so a Stop that had to restart the worker loses nothing."""
from __future__ import annotations

import json
from typing import Any

from cove._runtime.session import Session

FILE = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=3)
    n
    return (n,)


@app.cell
def _(n):
    y = n.value * 10
    y
    return (y,)
'''


def _session() -> tuple[Session, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []
    return Session.from_text(FILE, "nb.py", lambda e: events.append(json.loads(e))), events


def _spec(cell_id: str, code: str) -> dict[str, Any]:
    return {"id": cell_id, "code": code, "name": "_", "kind": "cell", "hide_code": False, "disabled": False}


PAGE_CELLS = [
    _spec("a", "import cove as mo"),
    _spec("b", "n = mo.ui.slider(1, 10, value=3)\nn"),
    _spec("new1", "z = n.value + 1000\nz"),  # added on the page, never serialized
    _spec("loop", "y = n.value\nwhile True:\n    pass"),  # the cell Stop ended
    _spec("d", "w = y * 2\nw"),  # a descendant of the stopped cell
]


def test_restore_takes_the_pages_cells_and_skips_the_stopped_one() -> None:
    s, events = _session()
    s.handle({
        "type": "restore", "cells": PAGE_CELLS, "stopped": ["loop"], "reason": "stopped by Stop",
        "ui_values": [{"element_id": "b-0", "value": 7}, {"element_id": "gone-0", "value": 1}],
        "run": True,
    })
    k = s.kernel
    assert [c.id for c in k.cells] == ["a", "b", "new1", "loop", "d"]
    assert [c.code for c in k.cells] == [c["code"] for c in PAGE_CELLS]
    assert k.cell("loop").status == "error" and k.cell("loop").error_info.kind == "interrupted"
    assert "stopped by Stop" in k.cell("loop").error
    assert k.cell("d").error_info.kind == "ancestor"
    # the UI value the reader had chosen is applied again; the vanished element is skipped
    assert k.globals["n"].value == 7
    assert k.cell("new1").output["text/plain"] == "1007"
    assert not [e for e in events if e["type"] == "command_error"]
    # the first event of the restore is the page's notebook, ids kept
    notebooks = [e for e in events if e["type"] == "notebook"]
    assert [c["id"] for c in notebooks[-1]["cells"]] == ["a", "b", "new1", "loop", "d"]
    # the hold lasts one command: running the cell again is the reader's choice
    s.handle({"type": "run_cells", "cells": [{"id": "loop", "code": "y = n.value"}]})
    assert k.cell("loop").status == "idle" and k.cell("d").output["text/plain"] == "14"


def test_restore_without_run_runs_nothing() -> None:
    s, events = _session()
    s.handle({"type": "restore", "cells": PAGE_CELLS, "stopped": [], "reason": "", "ui_values": [], "run": False})
    assert all(c.status == "idle" for c in s.kernel.cells)
    assert not [e for e in events if e["type"] == "cell_status"]


def test_restore_keeps_the_code_in_the_saved_file() -> None:
    s, events = _session()
    s.handle({"type": "restore", "cells": PAGE_CELLS, "stopped": ["loop"], "reason": "", "ui_values": [], "run": False})
    s.handle({"type": "serialize"})
    text = [e for e in events if e["type"] == "notebook_text"][-1]["text"]
    for c in PAGE_CELLS:
        for line in c["code"].splitlines():
            assert line in text


def test_restore_rejects_duplicate_ids_cleanly() -> None:
    s, events = _session()
    s.handle({"type": "restore", "cells": [PAGE_CELLS[0], PAGE_CELLS[0]], "stopped": [], "reason": "", "ui_values": [], "run": True})
    assert [e for e in events if e["type"] == "command_error"]
