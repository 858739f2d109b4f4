"""The agent operations in process: context, errors as data, nothing run before asked."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cove._agents.session import AgentError, AgentSession

from .helpers import child_env, write_notebook


def test_context_holds_exactly_the_ancestors_in_dependency_order(tmp_path: Path) -> None:
    # written out of order on purpose: topological order is not file order
    path = write_notebook(tmp_path, '''import cove

app = cove.App()

with app.setup:
    import math


@app.cell
def _(base):
    total = base + helper(2)
    return (total,)


@app.cell
def _():
    unrelated = 99
    return (unrelated,)


@app.cell
def _(unrelated):
    also_unrelated = unrelated + 1
    return (also_unrelated,)


@app.cell
def _():
    def helper(x):
        return x * 2
    return (helper,)


@app.cell
def _(helper):
    base = helper(10) + math.floor(0.5)
    return (base,)


@app.cell
def _(math, total):
    result = math.sqrt(total)
    return (result,)
''')
    s = AgentSession(str(path))
    ctx = s.context("c5")
    assert ctx["values"] == {
        "math": {"missing": "its cell has not run (or failed)"},
        "total": {"missing": "its cell has not run (or failed)"},
    }
    assert not s.run(["c5"])["errors"]
    ctx = s.context("c5")
    assert [a["id"] for a in ctx["ancestors"]] == ["setup", "c3", "c4", "c0"]
    assert ctx["ancestors"][1]["code"].startswith("def helper(x):")
    assert ctx["values"]["total"] == {"type": "int", "kind": "scalar", "value": "24"}
    assert ctx["values"]["math"]["kind"] == "module"
    # unrelated branches never ran: only what c5 needed did
    assert [c["ran"] for c in s.list_cells()["cells"]] == [True, False, False, True, True, True]


def test_errors_are_data_and_caller_mistakes_are_refusals(tmp_path: Path) -> None:
    s = AgentSession(str(write_notebook(tmp_path)))
    report = s.edit("c2", "c = b * 10\n\nraise ValueError('bad ' * 5000)")
    (error,) = report["errors"]
    assert error["line"] == 3 and error["kind"] == "exception"
    assert [b["id"] for b in error["blocked"]] == ["c5"]
    assert len(error["error"]) < 8_100 and error["error"].endswith("more characters]")
    for bad in (lambda: s.read_cell("c99"), lambda: s.read_cell(42), lambda: s.move("c1", 7),
                lambda: s.describe("nothing"), lambda: s.delete("setup")):
        try:
            bad()
        except AgentError:
            pass
        else:
            raise AssertionError("not refused")
    assert s.read_cell(2)["error"]["line"] == 3


def test_cove_mcp_says_how_to_install_the_sdk(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    code = (
        "import sys; sys.modules['mcp'] = None\n"  # as if the SDK were not installed
        "from cove.cli.main import main; sys.exit(main(['mcp', sys.argv[1]]))"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                          env=child_env(), timeout=60)
    assert done.returncode == 1
    assert "pip install 'cove[agents]'" in done.stderr


def test_lazy_mode_marks_dependents_stale_until_run_stale(tmp_path: Path) -> None:
    s = AgentSession(str(write_notebook(tmp_path)), mode="lazy")
    s.run(["c2"])
    report = s.edit("c1", "b = a + 5\nb")
    assert {c["id"]: c["status"] for c in report["cells"]} == {"c1": "idle", "c2": "stale", "c5": "stale"}
    ran = s.run_stale()
    assert {c["id"]: c["output"] for c in ran["cells"]} == {"c2": "60", "c5": "61"}


def test_outputs_and_consoles_sent_to_the_agent_are_cut(tmp_path: Path) -> None:
    s = AgentSession(str(write_notebook(tmp_path)))
    report = s.edit("c3", "z = 'y' * 100_000\nprint(z)\nz")
    cell = report["cells"][0]
    assert cell["id"] == "c3" and len(cell["output"]) < 8_100 and cell["output"].endswith("more characters]")
    assert len(cell["console"]) < 8_100 and cell["console"].endswith("more characters]")
    assert s.describe("z")["length"] == 100_000
