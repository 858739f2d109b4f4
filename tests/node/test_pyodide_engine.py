"""The engine wheel and its dependencies install and import inside real Pyodide (Node)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "py" / "cove" / "_static"


def test_cove_imports_in_pyodide(run_in_pyodide) -> None:
    info = json.loads((STATIC / "build-info.json").read_text())
    result = run_in_pyodide(
        "import sys, cove, markdown_it, mdit_py_plugins\n"
        "import importlib.metadata as md\n"
        "{'python': sys.version_info[:2], 'platform': sys.platform,\n"
        " 'cove': cove.__version__, 'dist': md.version('cove'),\n"
        " 'file': cove.__file__}"
    )
    assert result["python"] == [3, 14]
    assert result["platform"] == "emscripten"
    assert result["cove"] == result["dist"] == info["cove"]
    assert Path(info["engine_wheel"]).name.startswith(f"cove-{info['cove']}-")
    assert result["file"].startswith("/lib/python3.14/site-packages/cove/")


def test_markdown_renders_in_pyodide(run_in_pyodide) -> None:
    html = run_in_pyodide("from markdown_it import MarkdownIt\nMarkdownIt().render('# hi')")
    assert html.strip() == "<h1>hi</h1>"


def test_snippet_errors_and_output(run_in_pyodide) -> None:
    answer = run_in_pyodide.run("print('out')\nimport asyncio\nawait asyncio.sleep(0)\n6 * 7")
    assert (answer["ok"], answer["value"], answer["stdout"]) == (True, 42, "out")
    with pytest.raises(run_in_pyodide.Error, match=r'File "<snippet>", line 2[\s\S]*ZeroDivisionError'):
        run_in_pyodide("x = 1\nx / 0")
    # Each snippet has its own globals: `x` from the failed snippet is gone.
    assert run_in_pyodide("'x' in globals()") is False
