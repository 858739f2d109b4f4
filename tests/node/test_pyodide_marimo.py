"""marimo semantics inside real Pyodide: a state setter called from an asyncio task after the run
(the browser's event loop) re-runs the readers; `cove.Thread` runs where threads cannot start."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.pyodide


def test_setter_from_an_asyncio_task_reruns_readers_in_pyodide(run_in_pyodide) -> None:
    result = run_in_pyodide(
        "import asyncio, cove\n"
        "k = cove.Kernel(cove.loads('''import cove\n"
        "app = cove.App()\n\n"
        "@app.cell\n"
        "def _():\n"
        "    import asyncio\n"
        "    import cove\n"
        "    get_x, set_x = cove.state(0)\n"
        "    return\n\n"
        "@app.cell\n"
        "def _():\n"
        "    async def _later():\n"
        "        await asyncio.sleep(0.05)\n"
        "        set_x(9)\n"
        "    task = asyncio.ensure_future(_later())\n"
        "    _t = cove.Thread(target=lambda: set_x(3))\n"
        "    _t.start()\n"
        "    _t.join()\n"
        "    return\n\n"
        "@app.cell\n"
        "def _():\n"
        "    seen = get_x()\n"
        "    return\n"
        "''', 'nb.py'))\n"
        "k.run_all()\n"
        "after_run = k.globals['seen']\n"
        "await asyncio.sleep(0.3)\n"
        "{'after_run': after_run, 'later': k.globals['seen'], 'errors': [c.error for c in k.cells]}"
    )
    assert result["errors"] == [None, None, None]
    assert result["after_run"] == 3  # the thread ran inline; its cell's readers re-ran after it
    assert result["later"] == 9  # the task set the state after the run: readers re-ran
