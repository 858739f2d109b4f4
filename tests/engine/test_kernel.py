"""The reactive kernel: runs, modes, errors, deletion, stop, state, consoles."""
from __future__ import annotations

import pytest

from cove._runtime.kernel import Kernel

from .helpers import notebook, run_notebook, statuses, text


def test_runs_in_topological_order_not_file_order():
    k = run_notebook("z = y * 2\nz", "y = x + 1", "x = 1")
    assert text(k, 0) == "4"
    assert statuses(k) == ["idle", "idle", "idle"]


def test_autorun_reruns_descendants_once():
    k = run_notebook("x = 1", "y = x + 1", "z = x + y\nz", "import itertools\ncount = 0")
    k.globals["runs"] = []
    k.run_cells({k.cells[2].id: "z = x + y\nruns.append(1)\nz"})
    k.globals["runs"].clear()
    k.run_cells({k.cells[0].id: "x = 10"})
    assert text(k, 2) == "21"
    assert k.globals["runs"] == [1]  # z's cell ran once, after both its parents


def test_last_expression_is_the_output_and_none_means_no_output():
    k = run_notebook("1 + 1", "x = 3", "None", "print('a')")
    assert text(k, 0) == "2"
    assert k.cells[1].output is None
    assert k.cells[2].output is None
    assert k.cells[3].output is None and k.cells[3].console == "a\n"


def test_lazy_mode_marks_descendants_stale_and_runs_stale_ancestors_first():
    k = run_notebook("x = 1", "y = x + 1", "z = y + 1\nz", mode="lazy")
    assert text(k, 2) == "3"
    k.run_cells({k.cells[0].id: "x = 10"})
    assert statuses(k) == ["idle", "stale", "stale"]
    assert k.globals["y"] == 2  # not recomputed yet
    k.run(2)  # runs its stale ancestor (y) first
    assert statuses(k) == ["idle", "idle", "idle"]
    assert text(k, 2) == "12"


def test_run_stale():
    k = run_notebook("x = 1", "y = x + 1\ny", mode="lazy")
    k.run_cells({k.cells[0].id: "x = 5"})
    k.run_stale()
    assert text(k, 1) == "6" and statuses(k) == ["idle", "idle"]


def test_globals_of_a_rerun_cell_are_deleted_first():
    k = run_notebook("a = 1\nb = 2", "c = 3")
    assert k.globals["b"] == 2
    k.run_cells({k.cells[0].id: "a = 1"})
    assert "b" not in k.globals  # no hidden state


def test_renaming_a_definition_reruns_former_dependents_with_an_error():
    k = run_notebook("x = 1", "y = x + 1")
    k.run_cells({k.cells[0].id: "w = 1"})
    assert k.cells[1].status == "error"
    assert "no cell defines `x`" in k.cells[1].error
    assert "x" not in k.globals


def test_delete_cell_deletes_globals_and_dependents_show_error():
    k = run_notebook("x = 1", "y = x + 1", "q = 5")
    k.delete(0)
    assert "x" not in k.globals
    assert k.cells[0].status == "error"
    assert "NameError" in k.cells[0].error and "no cell defines `x`" in k.cells[0].error
    assert k.cells[1].status == "idle"


def test_multiple_definitions_stop_both_cells_and_their_dependents():
    k = run_notebook("x = 1", "x = 2", "y = x", "ok = 1")
    assert statuses(k) == ["error", "error", "error", "idle"]
    assert k.cells[0].error_info.kind == "multiple-definitions"
    assert "`x`" in k.cells[0].error
    assert k.cells[2].error_info.kind == "ancestor"
    # fixing one of them lets the others run again
    k.run_cells({k.cells[1].id: "x2 = 2"})
    assert statuses(k) == ["idle", "idle", "idle", "idle"]
    assert k.globals["y"] == 1


def test_cycle_is_an_error_value_and_the_rest_runs():
    k = run_notebook("a = b + 1", "b = a + 1", "c = 3\nc")
    assert statuses(k) == ["error", "error", "idle"]
    assert k.cells[0].error_info.kind == "cycle"
    assert text(k, 2) == "3"


def test_import_star_is_refused():
    k = run_notebook("from os.path import *", "x = 1")
    assert statuses(k) == ["error", "idle"]
    assert k.cells[0].error_info.kind == "import-star"


def test_syntax_error_is_isolated_to_its_cell():
    k = run_notebook("x = = 1", "y = 2\ny")
    assert statuses(k) == ["error", "idle"]
    assert k.cells[0].error_info.kind == "syntax"
    assert text(k, 1) == "2"


def test_exception_traceback_uses_the_cells_own_line_numbers():
    k = run_notebook("x = 1", "a = 1\nb = 2\nraise ValueError('boom')", "z = b + 1")
    err = k.cells[1].error
    assert "line 3" in err and "ValueError: boom" in err
    assert "raise ValueError('boom')" in err  # the source line is shown
    assert "kernel.py" not in err and "runner.py" not in err  # Cove's frames are dropped
    assert k.cells[2].status == "error" and k.cells[2].error_info.kind == "ancestor"
    assert "b" not in k.globals  # a failed cell leaves nothing half-defined


def test_descendant_of_failed_cell_blocks_on_later_runs_too():
    k = run_notebook("x = 1/0", "y = x")
    k.run(1)
    assert k.cells[1].error_info.kind == "ancestor"


def test_stop_skips_descendants_quietly():
    k = run_notebook(
        "import cove\nflag = True",
        "cove.stop(flag, 'stopped here')\nv = 1",
        "w = v + 1\nw",
    )
    assert k.cells[1].status == "idle"
    assert text(k, 1) == "'stopped here'"
    assert k.cells[2].status == "idle" and k.cells[2].output is None
    k.run_cells({k.cells[0].id: "import cove\nflag = False"})
    assert text(k, 2) == "2"


def test_state_setter_reruns_readers_but_not_the_caller():
    k = run_notebook(
        "import cove\nget, set_ = cove.state(0)",
        "value = get()\nvalue",
        "calls = []",
        "calls.append(1)\nset_(5)",
    )
    assert text(k, 1) == "5"
    assert k.globals["calls"] == [1]


def test_state_allow_self_loops_is_bounded_by_the_user():
    k = run_notebook(
        "import cove\nget, set_ = cove.state(0, allow_self_loops=True)",
        "if get() < 3:\n    set_(get() + 1)\nget()",
    )
    assert text(k, 1) == "3"


def test_an_endless_state_loop_stops_after_the_round_limit(capsys):
    # The kernel's loop plans each round's re-runs in turn (it used to recurse per round and hit
    # Python's recursion limit long before its own).
    k = run_notebook(
        "import cove\nget, set_ = cove.state(0, allow_self_loops=True)",
        "set_(get() + 1)\nget()",
    )
    assert statuses(k) == ["idle", "idle"]
    assert text(k, 1) == "1001"  # the first run, then 1000 rounds
    assert "stopped after 1000 rounds of state updates" in capsys.readouterr().err


def test_disabled_cell_and_its_descendants_do_not_run():
    k = run_notebook("x = 1", "y = x + 1", "z = y + 1", disabled=(1,))
    assert statuses(k) == ["idle", "disabled", "disabled"]
    assert "y" not in k.globals
    k.set_config(1, disabled=False)
    assert statuses(k) == ["idle", "idle", "idle"]
    assert k.globals["z"] == 3


def test_top_level_await():
    k = run_notebook("import asyncio\nawait asyncio.sleep(0)\nx = 2", "async def f():\n    return x * 2", "await f()")
    assert statuses(k) == ["idle", "idle", "idle"]
    assert text(k, 2) == "4"


def test_stdout_and_stderr_are_captured_in_order_per_cell():
    k = run_notebook("import sys\nprint('out')\nprint('err', file=sys.stderr)\nprint('out2')", "print('other')")
    assert k.cells[0].console == "out\nerr\nout2\n"
    assert k.cells[1].console == "other\n"
    assert k.cells[0].console_chunks == [("stdout", "out\n"), ("stderr", "err\n"), ("stdout", "out2\n")]


def test_a_snapshot_keeps_stderr_apart_and_the_prerender_shows_it():
    """Issue 13: the snapshot used to send both streams as stdout."""
    from cove._runtime.session import Session
    from cove._site.render import render_cells_html

    session = Session.from_text("import cove\napp = cove.App()\n\n@app.cell\ndef _():\n    import sys\n"
                                "    print('a')\n    print('b', file=sys.stderr)\n    return\n", "nb.py", lambda _e: None)
    session.handle({"type": "run_all"})
    (view,) = [e for e in session.snapshot() if e["type"] == "cell_view"]
    assert view["console"] == [{"stream": "stdout", "text": "a\n"}, {"stream": "stderr", "text": "b\n"}]
    assert '<span class="cove-stderr">b\n</span>' in render_cells_html(session.snapshot(), "run")


def test_infinite_output_is_cut_with_a_notice():
    from cove._runtime import capture

    k = run_notebook(f"for i in range({capture.CONSOLE_LIMIT // 5}):\n    print('xxxxxxxxx')")
    console = k.cells[0].console
    assert len(console) < capture.CONSOLE_LIMIT + 200
    assert "output cut" in console


def test_setup_cell_runs_first_and_is_visible_everywhere():
    k = run_notebook("r = math.sqrt(16)\nr", setup="import math")
    assert text(k, 0) == "4.0"
    assert k.setup.status == "idle"


def test_setup_referencing_cells_is_an_error():
    k = run_notebook("x = 1", setup="y = x")
    assert k.setup.status == "error"
    assert k.setup.error_info.kind == "setup-refs"


def test_edit_marks_stale_without_running():
    k = run_notebook("x = 1")
    k.edit(0, "x = 2")
    assert k.cells[0].status == "stale" and k.globals["x"] == 1
    k.run(0)
    assert k.globals["x"] == 2


def test_add_and_move():
    k = run_notebook("x = 1")
    c = k.add("y = x * 3\ny")
    k.run(c.id)
    assert text(k, 1) == "3"
    k.move(1, 0)
    assert k.cells[0].id == c.id


def test_private_names_are_local_to_their_cell():
    k = run_notebook("_tmp = 1\nx = _tmp", "_tmp = 2\ny = _tmp")
    assert statuses(k) == ["idle", "idle"]  # no multiple definition


def test_events_carry_increasing_run_ids():
    k = run_notebook("x = 1", "y = x")
    k.run_cells({k.cells[0].id: "x = 2"})
    status_events = [e for e in k.events if e.type == "cell_status" and e.id == k.cells[1].id]
    run_ids = [e.run_id for e in status_events]
    assert run_ids == sorted(run_ids) and run_ids[-1] > run_ids[0]


def test_output_too_large_is_cut_with_a_visible_notice():
    k = run_notebook("'x' * 6_000_000")
    out = k.cells[0].output
    assert "too large" in out["text/plain"].lower()


def test_mode_must_be_known():
    with pytest.raises(ValueError):
        Kernel(notebook("x = 1"), "eager")  # type: ignore[arg-type]


def test_missing_module_is_reported_and_recorded_after_install(tmp_path):
    import sys

    k = run_notebook("import cove_fake_pkg_xyz as m\nv = m.VALUE", "w = v + 1\nw")
    assert k.cells[0].status == "error"
    missing = [e for e in k.events if e.type == "missing_modules"]
    assert missing and missing[0].modules == ["cove_fake_pkg_xyz"]
    # the page installed it (here: put it on sys.path); the kernel records it and re-runs
    (tmp_path / "cove_fake_pkg_xyz.py").write_text("VALUE = 41\n")
    sys.path.insert(0, str(tmp_path))
    try:
        k.record_installed(["cove_fake_pkg_xyz"])
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("cove_fake_pkg_xyz", None)
    assert text(k, 1) == "42"
    # the package's normalized name (what pip and the resolver call it)
    assert 'dependencies = ["cove-fake-pkg-xyz"]' in k.dumps()
    assert [e.requirements for e in k.events if e.type == "packages_installed"] == [["cove-fake-pkg-xyz"]]


def test_top_level_await_when_the_caller_already_runs_an_event_loop():
    import asyncio

    async def drive():
        return run_notebook("import asyncio\nawait asyncio.sleep(0)\nx = 2", "await asyncio.sleep(0)\nx * 2")

    # In a thread of its own: in the full suite, Playwright's sync API already runs a loop here.
    import threading

    box: dict = {}
    thread = threading.Thread(target=lambda: box.update(k=asyncio.run(drive())))
    thread.start()
    thread.join()
    k = box["k"]
    assert statuses(k) == ["idle", "idle"] and text(k, 1) == "4"
