"""The reactive kernel behaves the same inside real Pyodide (Python 3.14 under Node)."""
from __future__ import annotations

NOTEBOOK = '''
import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=3, label="n")
    n
    return (n,)


@app.cell
def _(n):
    squares = [i * i for i in range(n.value)]
    print("squares", len(squares))
    squares
    return (squares,)


@app.cell
async def _():
    import asyncio
    await asyncio.sleep(0)
    awaited = "yes"
    return (awaited,)
'''


def test_notebook_runs_and_reacts_to_a_ui_value_in_pyodide(run_in_pyodide) -> None:
    result = run_in_pyodide(
        "import cove, json\n"
        f"nb = cove.loads({NOTEBOOK!r}, 'nb.py')\n"
        "k = cove.Kernel(nb)\n"
        "k.run_all()\n"
        "before = k.cells[2].output['text/plain']\n"
        "html = k.cells[1].output['text/html']\n"
        "k.set_value('n', 5)\n"
        "{'before': before, 'after': k.cells[2].output['text/plain'],\n"
        " 'console': k.cells[2].console, 'statuses': [c.status for c in k.cells],\n"
        " 'slider_html': 'data-cove-ui' in html and 'type=\"range\"' in html,\n"
        " 'awaited': k.globals.get('awaited')}"
    )
    assert result["before"] == "[0, 1, 4]"
    assert result["after"] == "[0, 1, 4, 9, 16]"
    assert result["console"] == "squares 5\n"
    assert result["statuses"] == ["idle", "idle", "idle", "idle"]
    assert result["slider_html"] is True
    assert result["awaited"] == "yes"


def test_session_protocol_in_pyodide(run_in_pyodide) -> None:
    """The worker's path: JSON strings in, JSON strings out."""
    result = run_in_pyodide(
        "import json\n"
        "from cove._runtime.session import Session\n"
        "out = []\n"
        f"s = Session.from_text({NOTEBOOK!r}, 'nb.py', out.append)\n"
        "s.handle_json(json.dumps({'type': 'run_all'}))\n"
        "slider = s.kernel.globals['n']\n"
        "s.handle_json(json.dumps({'type': 'set_ui_values', 'updates': [\n"
        "    {'element_id': slider._id, 'value': 2}, {'element_id': slider._id, 'value': 7}]}))\n"
        "events = [json.loads(e) for e in out]\n"
        "{'types': sorted({e['type'] for e in events}),\n"
        " 'last_output': [e for e in events if e['type'] == 'cell_output'][-1]['output']['text/plain'],\n"
        " 'square_runs': sum(1 for e in events if e['type'] == 'cell_status' and e['status'] == 'running'\n"
        "                    and e['id'] == s.kernel.cells[2].id)}"
    )
    assert {"notebook", "cell_status", "cell_output", "kernel_status"} <= set(result["types"])
    assert result["last_output"] == "[0, 1, 4, 9, 16, 25, 36]"
    # run_all once, then the burst of two values applied as one re-run (the last value wins)
    assert result["square_runs"] == 2
