"""`cove convert marimo_nb.py -o nb.py`: re-serialized as a Cove file; cells unchanged."""
from __future__ import annotations

from pathlib import Path

import pytest

import cove
from cove.cli.main import main

MARIMO = '''\
# /// script
# dependencies = ["marimo"]
# ///
import marimo

__generated_with = "0.9.14"
app = marimo.App(width="medium")


@app.cell
def __():
    import marimo as mo
    return (mo,)


@app.cell(hide_code=True)
def __(mo):
    mo.md("""# Title""")
    return


@app.cell
def total(mo):
    n = mo.ui.slider(1, 10, value=4)
    print("total", sum(range(n.value)))
    return (n,)


if __name__ == "__main__":
    app.run()
'''


def test_marimo_file_becomes_a_cove_file_that_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "marimo_nb.py"
    src.write_text(MARIMO)
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    text = out.read_text()
    assert "\nimport cove\n" in text and 'app = cove.App(width="medium")' in text
    assert "marimo.App" not in text and "0.9.14" not in text
    assert text.startswith('# /// script\n# dependencies = ["marimo"]\n# ///\n')
    before, after = cove.loads(MARIMO), cove.load(out)
    assert [c.code for c in after.cells] == [c.code for c in before.cells]
    assert [c.config for c in after.cells] == [c.config for c in before.cells]
    assert [c.name for c in after.cells] == ["_", "_", "total"]  # marimo's `__` is anonymous
    capsys.readouterr()
    assert main(["run", str(out)]) == 0
    assert capsys.readouterr().out == "total 6\n"


def test_refuses_to_overwrite_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "nb.py"
    src.write_text(MARIMO)
    assert main(["convert", str(src)]) == 1
    assert "(it is the input); pass --force" in capsys.readouterr().err
    assert main(["convert", str(src), "--force"]) == 0
    assert "import cove\n" in src.read_text()


def test_a_python_file_that_is_not_a_notebook_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "script.py"
    src.write_text("print('hello')\n")
    assert main(["convert", str(src), "-o", str(tmp_path / "out.py")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a Cove notebook" in err
