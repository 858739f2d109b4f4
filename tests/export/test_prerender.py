"""The prerender (issue 10): which cells it leaves for the page and how it says so, --strict, the
check of what this interpreter has, and the isolated environment's cache."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cove._export import prerender_env as pe
from cove._export.prerender import prerender, prerender_here

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOK = '''import cove

app = cove.App()


@app.cell
def _():
    import cove_not_installed_anywhere
    return (cove_not_installed_anywhere,)


@app.cell
def _(cove_not_installed_anywhere):
    cove_not_installed_anywhere.x
    return


@app.cell
def _():
    1 / 0
    return


@app.cell
def _():
    "fine 123"
    return


@app.cell
def _():
    open("here.txt").read()
    return
'''


def test_cells_that_cannot_run_are_left_for_the_page(tmp_path: Path) -> None:
    (tmp_path / "here.txt").write_text("read from the notebook's folder")
    result = prerender_here(NOTEBOOK, "nb.py", tmp_path)
    lines = [s.warning("nb.py") for s in result.skipped]
    assert lines == [
        "warning: nb.py:8: cell 0 is not prerendered (needs cove_not_installed_anywhere, not installed "
        "for the prerender); it runs when the page loads (with 1 cell below it)",
        "warning: nb.py:20: cell 2 is not prerendered (ZeroDivisionError: division by zero); it runs "
        "when the page loads",
    ]
    views = {e["id"]: e for e in result.events if e["type"] == "cell_view"}
    ids = [c["id"] for c in result.events[0]["cells"]]
    assert [views[i]["status"] for i in ids] == ["queued", "queued", "queued", "idle", "idle"]
    assert [views[i]["pending"] for i in ids] == [True, True, True, False, False]
    assert [len(views[i]["outputs"]) for i in ids] == [0, 0, 0, 1, 1]
    assert "fine 123" in views[ids[3]]["outputs"][0]["bundle"]["text/plain"]
    assert "read from the notebook's folder" in views[ids[4]]["outputs"][0]["bundle"]["text/plain"]  # cwd = its folder
    assert set(ids[:3]) <= set(result.resume["pending"])  # the page's kernel runs them at boot


def test_the_page_says_where_a_cell_will_run(tmp_path: Path) -> None:
    from cove._site.render import PENDING_NOTE, render_cells_html

    (tmp_path / "here.txt").write_text("x")
    html = render_cells_html(prerender_here(NOTEBOOK, "nb.py", tmp_path).events, "run")
    assert html.count(PENDING_NOTE) == 3 and "ZeroDivisionError" not in html


def test_documents_keep_exceptions(tmp_path: Path) -> None:
    """--to ipynb/html: no page kernel runs the cells later, so the error is the output."""
    result = prerender_here(NOTEBOOK, "nb.py", tmp_path, for_page=False)
    assert [s.index for s in result.skipped] == [0]
    assert any(e["type"] == "cell_view" and e["error"] and "ZeroDivisionError" in json.dumps(e["error"]) for e in result.events)


def test_export_warns_and_strict_fails(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK.replace('    open("here.txt").read()\n', '    "no file"\n'))
    cmd = [sys.executable, "-m", "cove", "export", str(nb), "-q"]
    ok = subprocess.run([*cmd, "-o", str(tmp_path / "site")], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert [x.split(":")[1] for x in ok.stderr.splitlines() if x.startswith("warning:")] == [" nb.py"] * 2
    assert "Runs when the page loads." in (tmp_path / "site" / "index.html").read_text()
    strict = subprocess.run([*cmd, "-o", str(tmp_path / "strict"), "--strict"], capture_output=True, text=True, cwd=ROOT)
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()
    assert strict.stderr.count("\n") == 1 and "2 cell(s) could not be prerendered (--strict)" in strict.stderr


def test_what_this_interpreter_has() -> None:
    assert pe.missing_requirements(["pytest", "pytest>=1", 'nothing-xyz; sys_platform == "win32"']) == []
    assert pe.missing_requirements(["pytest<1", "cove-not-installed-anywhere"]) == [
        "pytest<1", "cove-not-installed-anywhere"]


def test_here_when_everything_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pe, "ensure_env", lambda *a, **k: pytest.fail("no environment needed"))
    assert prerender('import cove\n\napp = cove.App()\n', "nb.py", ["pytest"], notebook_dir=tmp_path).where == "this Python"


def test_isolated_environment_is_built_once_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment is built (here with its installs faked: the real pip path runs in the
    offline site test) and found again by its key; an unfinished one is never used."""
    calls: list[list[str]] = []

    def fake_install(python, requirements, note):
        calls.append(list(requirements))
        return [r for r in requirements if r != "only-in-pyodide"], ["only-in-pyodide"]
    monkeypatch.setattr(pe, "_install", fake_install)
    env = pe.ensure_env(["humanize", "only-in-pyodide"], cache_dir=tmp_path)
    assert env.python.exists() and env.left_out == ("only-in-pyodide",)
    again = pe.ensure_env(["only-in-pyodide", "humanize"], cache_dir=tmp_path)
    assert again == env and len(calls) == 1
    (env.python.parents[1] / "cove-env.json").unlink()  # as if a build was cut short
    assert pe._read(env.python.parents[1]) is None
