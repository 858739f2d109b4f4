"""The built worker bundle under Node with real Pyodide: it boots from our pyodide-lock.json,
passes strings both ways, runs the notebook, merges a burst of UI values into few runs (the
last value wins), reports worker_done progress, and turns bad commands into command_error."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .site import STATIC, static_ready

ROOT = Path(__file__).resolve().parents[2]
NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    n = mo.ui.slider(1, 10, value=3)
    n
    return (mo, n)


@app.cell
def _(n):
    squares = [i * i for i in range(n.value)]
    squares
    return (squares,)
'''


def run_harness(tmp_path: Path, static: Path = STATIC, notebook: str = NB) -> dict:
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    nb = tmp_path / "nb.py"
    nb.write_text(notebook)
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "web" / "worker_harness.mjs"), str(static), str(nb)],
        # cwd: Pyodide under Node caches packages in a folder named after the lock's file:// URL
        # (a literal "file:" directory); keep that out of the repository.
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_worker_boots_runs_and_merges_bursts(tmp_path: Path) -> None:
    out = run_harness(tmp_path)
    assert "bootError" not in out, out
    assert out["loading"][:2] == ["Loading the Python runtime…", "Installing the Cove engine…"]
    assert {"notebook", "cell_status", "cell_output", "kernel_status", "worker_done"} <= set(out["types"])
    # 51 set_ui_values: the first runs alone, the 50 that waited meanwhile merge into one or a few.
    assert out["burstRuns"] <= 6, out["burstRuns"]
    assert out["burstDone"][-1] == 53
    assert out["lastOutputs"]["c1"] == "[0, 1, 4, 9, 16, 25, 36]"
    assert any("no_such_command" in m for m in out["commandErrors"])


def test_worker_names_a_missing_engine_wheel(tmp_path: Path) -> None:
    broken = tmp_path / "static"
    broken.mkdir()
    for name in ("web", "pyodide"):
        (broken / name).symlink_to(STATIC / name, target_is_directory=True)
    shutil.copy(STATIC / "pyodide-lock.json", broken / "pyodide-lock.json")
    (broken / "wheels").mkdir()
    out = run_harness(tmp_path, broken)
    assert "cove" in out["bootError"] and "404" in out["bootError"], out


# The engine's Markdown wheels are not loaded at boot (web/src/boot/deferred.ts): the first import
# installs them, with what they depend on (mdit-py-plugins needs markdown-it-py, which needs
# mdurl). The imports are hidden from the worker's scan of the notebook's imports, which would
# otherwise load the packages through Pyodide at boot. (The harness moves a slider too.)
MARKDOWN_NB = NB.split("\n\n@app.cell\ndef _(n):")[0] + '''

@app.cell
def _():
    import importlib
    import sys
    before = sorted(m for m in ("markdown_it", "mdit_py_plugins", "mdurl") if m in sys.modules)
    footnote = importlib.import_module("mdit_py_plugins.footnote")
    md = sys.modules["markdown_it"].MarkdownIt().use(footnote.footnote_plugin)
    f"{before} {md.render('**b**').strip()} {sys.modules['mdurl'].__name__}"
    return
'''


def test_the_engine_dependencies_install_on_first_import(tmp_path: Path) -> None:
    out = run_harness(tmp_path, notebook=MARKDOWN_NB)
    assert "bootError" not in out, out
    assert out["lastOutputs"]["c1"] == "'[] <p><strong>b</strong></p> mdurl'", out["lastOutputs"]
