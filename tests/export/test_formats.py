"""`cove export nb.py --to ipynb|html|script|md -o FILE` and the round trip through `cove convert`."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cove
from cove._errors import CoveError, NotebookError
from cove._export.formats import export_file
from cove.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

RICH = f'''\
# /// script
# requires-python = ">=3.11"
# ///
import cove

__generated_with = "0.1.0"
app = cove.App(width="full", app_title="Rich outputs")

with app.setup:
    import base64


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell(hide_code=True)
def _(mo):
    mo.md(r"""
    # Report

    Some **bold** text.
    """)
    return


@app.cell
def _(mo):
    print("to the console")
    mo.Html("<table><tr><td>html cell</td></tr></table>")
    return


@app.cell
def _():
    class Dot:
        def _repr_png_(self):
            return base64.b64decode("{PNG}")
    Dot()
    return


@app.cell
def _():
    class Data:
        def _repr_json_(self):
            return {{"answer": 42}}
    Data()
    return


@app.cell(name="broken")
def _():
    1 / 0
    return


@app.cell(disabled=True)
def _():
    never = "disabled"
    return (never,)


if __name__ == "__main__":
    app.run()
'''


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    path = tmp_path / "rich.py"
    path.write_text(RICH)
    return path


# -- ipynb ----------------------------------------------------------------------------------------

_ID = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")
_MIME = re.compile(r"^[a-z]+/[a-zA-Z0-9.+_-]+$")


def _is_multiline(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(s, str) for s in value))


def validate_nbformat(doc: dict[str, Any]) -> None:
    """The essentials of the nbformat v4.5 JSON schema, by hand (no nbformat dependency)."""
    assert set(doc) == {"cells", "metadata", "nbformat", "nbformat_minor"}
    assert doc["nbformat"] == 4 and doc["nbformat_minor"] >= 5
    meta = doc["metadata"]
    assert set(meta["kernelspec"]) >= {"name", "display_name"} and meta["kernelspec"]["name"] == "python3"
    assert meta["language_info"]["name"] == "python"
    ids = [c["id"] for c in doc["cells"]]
    assert len(set(ids)) == len(ids) and all(_ID.match(i) for i in ids)
    for cell in doc["cells"]:
        assert isinstance(cell["metadata"], dict)
        assert isinstance(cell["source"], list) and all(isinstance(s, str) for s in cell["source"])
        assert all(s.endswith("\n") for s in cell["source"][:-1])
        if cell["cell_type"] == "markdown":
            assert set(cell) <= {"cell_type", "id", "metadata", "source", "attachments"}
            continue
        assert cell["cell_type"] == "code"
        assert set(cell) == {"cell_type", "id", "metadata", "source", "outputs", "execution_count"}
        assert cell["execution_count"] is None or isinstance(cell["execution_count"], int)
        hidden = cell["metadata"].get("jupyter", {}).get("source_hidden", False)
        assert isinstance(hidden, bool)
        for out in cell["outputs"]:
            kind = out["output_type"]
            if kind == "stream":
                assert set(out) == {"output_type", "name", "text"}
                assert out["name"] in ("stdout", "stderr") and _is_multiline(out["text"])
            elif kind in ("execute_result", "display_data"):
                keys = {"output_type", "data", "metadata"}
                assert set(out) == (keys | {"execution_count"} if kind == "execute_result" else keys)
                assert "text/plain" in out["data"]
                for mime, value in out["data"].items():
                    assert _MIME.match(mime)
                    assert mime.endswith("json") or _is_multiline(value)
            else:
                assert kind == "error"
                assert set(out) == {"output_type", "ename", "evalue", "traceback"}
                assert isinstance(out["ename"], str) and isinstance(out["evalue"], str)
                assert all(isinstance(line, str) for line in out["traceback"])


def test_ipynb_has_outputs_in_nbformat_shape(rich: Path, tmp_path: Path) -> None:
    out = export_file(rich, tmp_path / "deep" / "er" / "rich.ipynb", "ipynb")  # parents created
    doc = json.loads(out.read_text(encoding="utf-8"))
    validate_nbformat(doc)
    cells = doc["cells"]
    setup, imp, md, html, png, data, broken, disabled = cells
    assert setup["source"] == ["import base64"] and setup["metadata"]["cove"] == {"setup": True}
    assert md["cell_type"] == "markdown" and md["source"] == ["# Report\n", "\n", "Some **bold** text."]
    assert md["metadata"]["cove"]["hide_code"] is True
    stream, result = html["outputs"]
    assert stream == {"output_type": "stream", "name": "stdout", "text": ["to the console\n"]}
    assert result["output_type"] == "execute_result" and result["execution_count"] == html["execution_count"]
    assert result["data"]["text/html"] == ["<table><tr><td>html cell</td></tr></table>"]
    assert png["outputs"][0]["data"]["image/png"] == PNG  # base64 as is
    assert data["outputs"][0]["data"]["application/json"] == {"answer": 42}  # parsed
    error = broken["outputs"][-1]
    assert (error["ename"], error["evalue"]) == ("ZeroDivisionError", "division by zero")
    assert error["traceback"][0].startswith("Traceback") and broken["metadata"]["cove"]["name"] == "broken"
    assert disabled["outputs"] == [] and disabled["execution_count"] is None
    assert disabled["metadata"]["cove"] == {"disabled": True}
    counts = [c["execution_count"] for c in cells if c["cell_type"] == "code"]
    assert counts == [None, 1, 2, 3, 4, 5, None]
    assert doc["metadata"]["title"] == "Rich outputs"


def test_hidden_code_cell_is_marked_source_hidden(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text("import cove\napp = cove.App()\n\n@app.cell(hide_code=True)\ndef _():\n    x = 1\n")
    doc = json.loads(export_file(nb, tmp_path / "nb.ipynb", "ipynb").read_text())
    assert doc["cells"][0]["metadata"]["jupyter"] == {"source_hidden": True}


def test_no_prerender_writes_code_without_outputs(rich: Path, tmp_path: Path) -> None:
    doc = json.loads(export_file(rich, tmp_path / "r.ipynb", "ipynb", prerender=False).read_text())
    validate_nbformat(doc)
    assert all(c.get("outputs", []) == [] for c in doc["cells"])
    assert all(c.get("execution_count") is None for c in doc["cells"])


def test_round_trip_through_convert_gives_back_every_cell(rich: Path, tmp_path: Path) -> None:
    ipynb = export_file(rich, tmp_path / "rich.ipynb", "ipynb")
    assert main(["convert", str(ipynb), "-o", str(tmp_path / "back.py")]) == 0
    before, after = cove.load(rich), cove.load(tmp_path / "back.py")
    assert after.setup is not None and before.setup is not None
    assert after.setup.code == before.setup.code
    assert [(c.code, c.name, c.config) for c in after.cells] == [
        (c.code, c.name, c.config) for c in before.cells]
    assert after.file.header == before.file.header and after.app_options == before.app_options


def test_round_trip_keeps_edited_markdown(rich: Path, tmp_path: Path) -> None:
    ipynb = export_file(rich, tmp_path / "rich.ipynb", "ipynb")
    doc = json.loads(ipynb.read_text())
    doc["cells"][2]["source"] = ["# Edited in Jupyter"]
    ipynb.write_text(json.dumps(doc))
    assert main(["convert", str(ipynb), "-o", str(tmp_path / "back.py")]) == 0
    assert cove.load(tmp_path / "back.py").cells[1].code == 'mo.md(r"""\n# Edited in Jupyter\n""")'


# -- script ---------------------------------------------------------------------------------------

SCRIPT_NB = '''\
# /// script
# dependencies = []
# ///
import cove

app = cove.App()

with app.setup:
    import asyncio


@app.cell
def _(r):
    print("area", round(3.14159 * r * r, 2))
    return


@app.cell(name="radius")
def _():
    r = 2
    print("radius", r)
    return (r,)


@app.function
def double(x):
    return 2 * x


@app.cell
def _(r):
    await asyncio.sleep(0)
    doubled = double(r)
    return (doubled,)


@app.cell
def _(doubled):
    print("doubled", doubled)
    return


@app.cell(disabled=True)
def _():
    skipped = print("never")
    return (skipped,)


@app.cell
def _(skipped):
    print("never either", skipped)
    return


app._unparsable_cell(r"""
x = = 1
""", name="_")


if __name__ == "__main__":
    app.run()
'''


def test_script_runs_like_cove_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(SCRIPT_NB)
    script = export_file(nb, tmp_path / "out.py", "script")
    text = script.read_text()
    assert text.startswith("# /// script\n# dependencies = []\n# ///\n# setup\nimport asyncio\n")
    assert "if __name__" not in text
    assert text.index("# cell 1 (radius)") < text.index("# cell 0\n")  # topological order
    assert "# cell 5: not run (disabled)\n# skipped = print(\"never\")" in text
    assert "# cell 6: not run (needs cell 5, which does not run)" in text
    assert "# cell 7: not run (does not parse)\n# x = = 1" in text
    env = {**os.environ, "PYTHONPATH": str(ROOT / "py")}
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=60)
    assert ran.returncode == 0, ran.stderr
    capsys.readouterr()
    main(["run", str(nb)])  # exit 1: the unparsable cell
    assert ran.stdout == capsys.readouterr().out == "radius 2\narea 12.57\ndoubled 4\n"


# -- Markdown and HTML ----------------------------------------------------------------------------


def test_markdown_has_text_code_and_outputs(rich: Path, tmp_path: Path) -> None:
    md = export_file(rich, tmp_path / "rich.md", "md").read_text()
    assert "# Report\n\nSome **bold** text.\n\n```python\nprint(\"to the console\")" in md
    assert "mo.md" not in md  # a Markdown cell is its text
    assert "```text\nto the console\n```" in md
    assert "<table><tr><td>html cell</td></tr></table>" in md  # HTML kept raw
    assert f"![](data:image/png;base64,{PNG})" in md
    assert '```json\n{\n  "answer": 42\n}\n```' in md
    assert "ZeroDivisionError: division by zero\n```" in md


def test_html_is_a_standalone_page_without_scripts(rich: Path, tmp_path: Path) -> None:
    page = export_file(rich, tmp_path / "rich.html", "html").read_text()
    assert page.startswith("<!doctype html>") and "<script" not in page.lower()
    assert "<title>Rich outputs</title>" in page and 'data-width="full"' in page
    assert ".cove-cell" in page.split("</style>")[0]  # the stylesheet inline
    assert "src=" not in page.replace(f'src="data:image/png;base64,{PNG}"', "")  # nothing fetched
    assert "<h1>Report</h1>" in page and "<td>html cell</td>" in page and "to the console" in page
    assert "ZeroDivisionError" in page and page.count('class="cove-cell"') == 7


# -- CLI and errors -------------------------------------------------------------------------------


@pytest.mark.parametrize("to", ["ipynb", "html", "script", "md"])
def test_cli_writes_each_format(rich: Path, tmp_path: Path, to: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sub" / f"out.{to}"
    assert main(["export", str(rich), "--to", to, "-o", str(out), "--no-prerender"]) == 0
    assert out.is_file() and f"wrote {out}" in capsys.readouterr().err
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left


def test_bad_notebook_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("print('not a notebook')\n")
    with pytest.raises(NotebookError):
        export_file(bad, tmp_path / "out.ipynb", "ipynb")
    assert main(["export", str(bad), "--to", "md", "-o", str(tmp_path / "out.md")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(bad) in err and not (tmp_path / "out.md").exists()
    assert main(["export", str(tmp_path / "missing.py"), "--to", "md", "-o", str(tmp_path / "o.md")]) == 1
    assert "cannot read the file" in capsys.readouterr().err


def test_refuses_to_write_over_the_notebook_or_into_a_folder(rich: Path, tmp_path: Path) -> None:
    with pytest.raises(CoveError, match="is the notebook itself"):
        export_file(rich, rich, "script")
    with pytest.raises(CoveError, match="is a folder"):
        export_file(rich, tmp_path, "md")
    assert rich.read_text() == RICH
