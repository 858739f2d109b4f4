"""The command line: `cove new/run/check`, `python nb.py`, importing from a notebook."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cove.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "py"))

SCRIPT_NB = textwrap.dedent(
    '''\
    import cove

    app = cove.App()

    with app.setup:
        import math


    @app.cell
    def _(total):
        print("total", total)
        return


    @app.cell
    def _():
        import cove as mo
        args = mo.cli_args()
        in_nb = mo.running_in_notebook()
        print("in notebook:", in_nb)
        return (args,)


    @app.cell
    def _(args):
        total = int(args.get("n", 2)) * 10
        return (total,)


    @app.function
    def area(r):
        return math.pi * r * r


    if __name__ == "__main__":
        app.run()
    '''
)

FAILING_NB = textwrap.dedent(
    '''\
    import cove

    app = cove.App()


    @app.cell
    def _():
        x = 1
        return (x,)


    @app.cell
    def boom(x):
        y = x / 0
        return (y,)


    @app.cell
    def _(y):
        z = y
        return (z,)


    if __name__ == "__main__":
        app.run()
    '''
)


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=120)


def test_python_nb_py_runs_in_topological_order_with_args(tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(SCRIPT_NB)
    proc = _python("nb.py", "--n", "4", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["in notebook: False", "total 40"]


def test_cove_run_passes_args_after_double_dash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "nb.py").write_text(SCRIPT_NB)
    assert main(["run", str(tmp_path / "nb.py"), "--", "--n", "5"]) == 0
    assert "total 50" in capsys.readouterr().out


def test_functions_are_importable_from_a_notebook(tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(SCRIPT_NB)
    proc = _python("-c", "from nb import area; print(round(area(2), 4))", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "12.5664"


def test_failing_cell_exits_1_naming_the_cell(tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(FAILING_NB)
    proc = _python("nb.py", cwd=tmp_path)
    assert proc.returncode == 1
    first = proc.stderr.splitlines()[0]
    assert "nb.py:" in first and "cell 1 (boom)" in first and "ZeroDivisionError" in first
    assert "1 cell(s) did not run" in proc.stderr


def test_check_json_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = tmp_path / "bad.py"
    nb.write_text(
        textwrap.dedent(
            '''\
            import cove

            app = cove.App()


            @app.cell
            def _():
                x = 1
                return (x,)


            @app.cell
            def _():
                x = 2
                return (x,)


            @app.cell
            def _():
                from os.path import *
                return


            app._unparsable_cell(
                r"""
                y = = 2
                """,
                name="_"
            )
            '''
        )
    )
    assert main(["check", str(nb), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    codes = sorted(f["code"] for f in findings)
    assert codes == ["E001", "E002", "E002", "E005"]
    for f in findings:
        assert set(f) == {"file", "line", "code", "message"} and f["file"] == str(nb) and f["line"] > 1
    e005 = next(f for f in findings if f["code"] == "E005")
    assert nb.read_text().splitlines()[e005["line"] - 1].strip() == "from os.path import *"


def test_check_clean_notebook_exits_0(tmp_path: Path) -> None:
    (tmp_path / "nb.py").write_text(SCRIPT_NB)
    assert main(["check", str(tmp_path / "nb.py")]) == 0


def test_check_reports_cycles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    nb = tmp_path / "cyc.py"
    nb.write_text(
        "import cove\n\napp = cove.App()\n\n\n@app.cell\ndef _(b):\n    a = b\n    return (a,)\n\n\n"
        "@app.cell\ndef _(a):\n    b = a\n    return (b,)\n"
    )
    assert main(["check", str(nb), "--format", "json"]) == 1
    assert [f["code"] for f in json.loads(capsys.readouterr().out)] == ["E003", "E003"]


def test_new_writes_a_starter_that_runs_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "fresh.py"
    assert main(["new", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    assert main(["run", str(path)]) == 0
    assert main(["new", str(path)]) == 1  # refuses to overwrite


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x00\x01\x02binary", "not a text file"),
        ("x = 1\nprint(x)\n".encode(), "not a Cove notebook"),
        ("caf\xe9".encode("latin-1"), "UTF-8"),
    ],
)
def test_bad_files_give_one_line_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "bad.py"
    path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-c", "from cove.cli.main import console_main; console_main()", "run", str(path)],
        env=ENV, capture_output=True, text=True,
    )
    assert proc.returncode in (1, 2)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0] and expected.lower() in lines[0].lower()
    assert "Traceback" not in proc.stderr


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for cmd in ("new", "run", "check"):
        with pytest.raises(SystemExit) as exc:
            main([cmd, "--help"])
        assert exc.value.code == 0
    assert "usage" in capsys.readouterr().out


MARIMO_NB = textwrap.dedent(
    '''\
    import marimo

    __generated_with = "0.9.0"
    app = marimo.App(width="medium")


    @app.cell
    def __():
        import marimo as mo
        return (mo,)


    @app.cell
    def __(mo):
        s = mo.ui.slider(1, 5, value=2)
        print("value", s.value)
        mo.md(f"slider {s}")
        return (s,)


    if __name__ == "__main__":
        app.run()
    '''
)


def test_marimo_file_runs_unchanged_with_cove_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.util

    spec = importlib.util.find_spec("marimo")
    if spec is not None and spec.name == "marimo":
        pytest.skip("a real marimo is installed here: `import marimo` is marimo's")
    (tmp_path / "mnb.py").write_text(MARIMO_NB)
    assert main(["run", str(tmp_path / "mnb.py")]) == 0
    assert "value 2" in capsys.readouterr().out
    assert main(["check", str(tmp_path / "mnb.py")]) == 0
