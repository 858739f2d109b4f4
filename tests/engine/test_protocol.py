"""The message protocol: one declaration in Python, the TypeScript copy generated from it."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cove import protocol as p
from cove._runtime.session import Session

from .helpers import notebook

ROOT = Path(__file__).resolve().parents[2]


def test_typescript_types_are_generated_from_python() -> None:
    generated = (ROOT / "web" / "src" / "protocol.ts").read_text()
    assert generated == p.typescript(), "run: python -m cove.protocol --typescript > web/src/protocol.ts"


def test_every_command_parses_from_json() -> None:
    samples = [
        {"type": "run_cells", "cells": [{"id": "c0", "code": "x = 1"}]},
        {"type": "run_all"},
        {"type": "run_stale"},
        {"type": "edit_cell", "id": "c0", "code": "x"},
        {"type": "add_cell", "id": "n1", "index": 0},
        {"type": "delete_cell", "id": "c0"},
        {"type": "move_cell", "id": "c0", "index": 1},
        {"type": "set_cell_config", "id": "c0", "disabled": True},
        {"type": "set_ui_values", "updates": [{"element_id": "c1-0", "value": 3}]},
        {"type": "send_ui_message", "element_id": "c1-0", "message": {"type": "rows", "offset": 0}},
        {"type": "set_mode", "mode": "lazy"},
        {"type": "serialize"},
        {"type": "install_modules", "modules": ["plotly"]},
        {"type": "restore", "cells": [], "stopped": [], "reason": "", "ui_values": [], "run": False},
        {"type": "resume", "cells": [{"id": "c0", "code": "x = 1"}], "ui_cells": [], "pending": [], "after_run_id": 1},
        {"type": "warm"},
    ]
    assert {s["type"] for s in samples} == set(p.COMMANDS)
    for s in samples:
        command = p.command_from_json(s)
        assert p.to_json(command)["type"] == s["type"]
    parsed = p.command_from_json(samples[0])
    assert isinstance(parsed.cells[0], p.CellCode)


@pytest.mark.parametrize("bad", [[], {"type": "nope"}, {"type": "move_cell"}, "x"])
def test_malformed_commands_are_reported_not_raised(bad: object) -> None:
    with pytest.raises(p.ProtocolError):
        p.command_from_json(bad)


def test_session_reports_bad_commands_as_events() -> None:
    out: list[str] = []
    nb = notebook("x = 1")
    from cove._runtime.kernel import Kernel

    s = Session(lambda listener: Kernel(nb, listener=listener), out.append)
    s.handle_json("{not json")
    s.handle({"type": "delete_cell", "id": "missing"})
    errors = [json.loads(e) for e in out if json.loads(e)["type"] == "command_error"]
    assert len(errors) == 2 and "missing" in errors[1]["message"]


def test_snapshot_reproduces_outputs() -> None:
    out: list[str] = []
    from cove._runtime.kernel import Kernel

    nb = notebook("x = 2", "print('hi')\nx * 3")
    s = Session(lambda listener: Kernel(nb, listener=listener), out.append)
    s.handle({"type": "run_all"})
    snap = s.snapshot()
    assert snap[0]["type"] == "notebook"
    first, second = snap[1:]
    assert (first["type"], first["status"], first["outputs"]) == ("cell_view", "idle", [])
    assert second["outputs"][0]["bundle"]["text/plain"] == "6"
    assert second["outputs"][0]["html"] == '<div class="cove-out" data-mime="text/plain"><pre class="cove-text">6</pre></div>'
    assert second["console"] == [{"stream": "stdout", "text": "hi\n"}]
