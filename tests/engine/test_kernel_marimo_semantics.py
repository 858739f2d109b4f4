"""Engine semantics marimo has: a state setter called when no cell runs (a headless script
between runs, a thread, a timer) re-runs the readers; `__file__` is the notebook's path;
`refs()`/`defs()` answer for the running cell."""
from __future__ import annotations

import os
import threading
import time

from cove._runtime.kernel import Kernel

from .helpers import notebook, run_notebook, text


def test_setter_called_between_runs_reruns_readers() -> None:
    k = run_notebook("import cove\nget_x, set_x = cove.state(1)", "get_x() * 10")
    assert text(k, 1) == "10"
    k.globals["set_x"](7)
    assert text(k, 1) == "70"
    k.globals["set_x"](lambda old: old + 1)
    assert text(k, 1) == "80"


def test_setter_from_a_thread_after_the_run_reruns_readers() -> None:
    k = run_notebook(
        "import cove, threading\nget_x, set_x = cove.state(0)",
        "t = threading.Timer(0.05, lambda: set_x(5))\nt.start()",
        "seen = get_x()\nseen",
    )
    assert k.globals["seen"] == 0  # the timer fires after the run has finished
    k.globals["t"].join(5)
    assert k.globals["seen"] == 5 and text(k, 2) == "5"


def test_setter_from_a_thread_while_a_cell_runs_reruns_after_it() -> None:
    k = run_notebook(
        "import cove, threading\nget_x, set_x = cove.state(0)",
        "_t = cove.Thread(target=lambda: set_x(3))\n_t.start()\n_t.join()",
        "seen = get_x()",
    )
    assert k.globals["seen"] == 3


def test_many_threads_setting_state_lose_no_update() -> None:
    k = run_notebook("import cove\nget_n, set_n = cove.state(0)", "total = get_n()")
    setter = k.globals["set_n"]
    threads = [threading.Thread(target=lambda: setter(lambda n: n + 1)) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert k.globals["total"] == 20


def test_cells_see_the_notebook_path_as_file(tmp_path) -> None:
    k = Kernel(notebook("here = __file__"), location=tmp_path)
    k.run_all()
    assert k.globals["here"] == os.path.join(str(tmp_path), "test_nb.py")


def test_refs_and_defs_answer_for_the_running_cell() -> None:
    k = run_notebook("import cove\na = 1", "b = a + 1\nr, d = cove.refs(), cove.defs()")
    assert k.globals["r"] == ("a", "cove")
    assert k.globals["d"] == ("b", "d", "r")


def test_thread_should_exit_when_its_cell_runs_again() -> None:
    k = run_notebook("import cove", "th = cove.Thread(target=lambda: time.sleep(0))\nimport time")
    th = k.globals["th"]
    assert th.should_exit is False
    k.run(1)
    assert th.should_exit is True
    time.sleep(0)
