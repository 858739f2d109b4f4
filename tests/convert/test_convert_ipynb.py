"""`cove convert nb.ipynb -o nb.py`: cells, Markdown, magics, dependencies, redefinitions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import cove
from cove._export.pep723 import read_script_metadata
from cove.cli.main import main

from .helpers import code, ipynb, markdown, write_ipynb

STREAM = {"output_type": "stream", "name": "stdout", "text": ["OUTPUT_TO_DROP\n"]}


@pytest.fixture
def jupyter(tmp_path: Path) -> Path:
    """A typical notebook: Markdown, magics, `!pip`, a name reused as a temporary, outputs."""
    return write_ipynb(tmp_path / "analysis.ipynb", ipynb(
        markdown("# Analysis\n\nThe *mean* of some numbers."),
        code("%matplotlib inline\n!pip install -q 'attrs>=22' --upgrade\nimport statistics",
             [STREAM]),
        code("data = [1, 2, 3, 4]\ntmp = sum(data)\nprint('sum', tmp)", [STREAM]),
        code("tmp = statistics.mean(data)\nprint('mean', tmp)"),
        code("%%time\nresult = max(data)\nresult"),
        code("for i in range(1):\n    !echo looping\nprint('result', result)"),
        code(""),  # Jupyter's trailing empty cell
    ))


def test_converted_notebook_parses_passes_check_and_runs(
    jupyter: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "analysis.py"
    assert main(["convert", str(jupyter), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    nb = cove.load(out)
    codes = [c.code for c in nb.cells]
    assert codes[0] == "import cove as mo"
    assert codes[1] == 'mo.md(r"""\n# Analysis\n\nThe *mean* of some numbers.\n""")'
    assert nb.cells[1].config.hide_code
    assert codes[2].startswith("# %matplotlib inline\n# !pip install -q 'attrs>=22' --upgrade\n")
    # `tmp` was a temporary of each cell: renamed, so each keeps its own
    assert "_tmp = sum(data)" in codes[3] and "_tmp = statistics.mean(data)" in codes[4]
    assert codes[5] == "# %%time\nresult = max(data)\nresult"
    assert "    pass  # !echo looping" in codes[6]
    assert len(codes) == 7  # the empty cell is gone
    assert "OUTPUT_TO_DROP" not in out.read_text()
    assert read_script_metadata(nb.file.header)["dependencies"] == ["attrs>=22"]
    # warnings: every IPython line, the dependency, the renamed name with its cell numbers
    for magic in ("%matplotlib inline", "!pip install -q 'attrs>=22' --upgrade", "%%time",
                  "!echo looping"):
        assert magic in err
    assert "added to the PEP 723 dependencies: attrs>=22" in err
    assert "`tmp` was defined in cells 3, 4: renamed to `_tmp`" in err
    assert "finding" not in err

    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    assert main(["run", str(out)]) == 0
    assert capsys.readouterr().out == "sum 10\nmean 2.5\nresult 4\n"


def test_reassigned_names_get_one_version_per_cell_and_imports_their_own_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("df = [3, 1, 2]"), code("df = sorted(df)"), code("print(df)"),
        code("x = 1\nx"), code("x = 2\nx"),
        code("import math\nmath.pi"), code("import math\nprint(math.floor(2.5))"),
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert ("`df` is defined in cells 0, 1: one name per version (`df` in cell 0, `df_2` in "
            "cell 1), each later cell reads the newest") in err
    assert "`x` was defined in cells 3, 4: renamed to `_x`" in err
    assert "cell 5: imports put in cells of their own (cells 5-6)" in err
    assert "`math` was imported again in cell 7: kept the import of cell 5" in err
    assert "finding" not in err
    assert [c.code for c in cove.load(out).cells] == [
        "df = [3, 1, 2]", "df_2 = sorted(df)", "print(df_2)", "_x = 1\n_x", "_x = 2\n_x",
        "import math", "math.pi", "# import math  (imported in an earlier cell)\nprint(math.floor(2.5))"]
    assert main(["run", str(out)]) == 0
    assert capsys.readouterr().out == "[1, 2, 3]\n2\n"


def test_a_name_a_function_reads_and_a_later_cell_reassigns_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("def scale(v):\n    return v * factor"), code("factor = 10"), code("scale(2)"),
        code("factor = 100"), code("scale(2)"),
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    # which `factor` a call sees depends on when it runs: renaming could change a result
    assert ("`factor` left as is (cell 0: a function reads it when called, and a later cell "
            "reassigns it)") in err
    assert "E002 `factor` is defined by more than one cell" in err
    assert [c.code for c in cove.load(out).cells][1::2] == ["factor = 10", "factor = 100"]


def test_names_inside_pandas_strings_are_made_explicit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("import pandas as pd\ndf = pd.DataFrame({'a': [1, 5]})"), code("x = 2"),
        code('df.query("a > @x")'), code("x = 4"), code('df.query("a > @x and a < `b c`",)'),
        code('pd.eval("df + 1")'), code("eval('x + 1')"),
        code("y = 1"), code("def g():\n    return df.query('a > @y')"), code("y = 2"),
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    codes = [c.code for c in cove.load(out).cells]
    assert codes[:2] == ["import pandas as pd", "df = pd.DataFrame({'a': [1, 5]})"]
    assert codes[3] == 'df.query("a > @x", local_dict={"x": x})'
    assert codes[5] == 'df.query("a > @x and a < `b c`", local_dict={"x": x_2})'  # trailing comma
    assert codes[6] == 'pd.eval("df + 1", local_dict={"df": df})'
    assert "cell 3, line 1: `df.query(...)` reads `x` inside a string: passed explicitly" in err
    assert "cell 6, line 1: `pd.eval(...)` reads `df` inside a string" in err
    assert "cell 7, line 1: `eval(...)` looks names up at run time" in err
    # in a function the frame is not the notebook's: left, and `y` is not renamed under it
    assert codes[9] == "def g():\n    return df.query('a > @y')"
    assert ("cell 9, line 2: `df.query(...)` reads `y` inside a string, not at the cell's top "
            "level: left as is") in err
    assert "`y` left as is (cell 9: read by name inside a string)" in err


def test_markdown_with_quotes_and_backslashes_survives(tmp_path: Path) -> None:
    text = 'Quotes """ and \'\'\' and a backslash at the end \\'
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(markdown(text)))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    k = cove.Kernel(cove.load(out))
    k.run_all()
    assert k.cells[1].status == "idle"
    assert k.cells[1].output["text/html"] == cove.md(text).text  # the very same Markdown


def test_notebook_using_mo_for_something_else_gets_cove_md(tmp_path: Path) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(code("mo = 5"), markdown("Hello")))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert [c.code for c in cove.load(out).cells] == [
        "import cove", "mo = 5", 'cove.md(r"""\nHello\n""")']


def test_raw_cells_and_non_python_cell_magics_become_comments(tmp_path: Path) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        {"cell_type": "raw", "metadata": {}, "source": ["..raw:: latex"]},
        code("%%bash\necho hi\nls"),
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert [c.code for c in cove.load(out).cells] == ["# ..raw:: latex", "# %%bash\n# echo hi\n# ls"]


def test_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(code("x = 1")))
    out = tmp_path / "nb.py"
    out.write_text("keep me")
    assert main(["convert", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"cove convert: {out}: exists already; pass --force to overwrite it"
    assert out.read_text() == "keep me"
    assert main(["convert", str(src), "-o", str(out), "--force"]) == 0
    assert cove.load(out).cells[0].code == "x = 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nb.ipynb", "nb.py"]  # no temp files


def test_default_output_is_next_to_the_input(tmp_path: Path) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(code("x = 1")))
    assert main(["convert", str(src)]) == 0
    assert cove.load(tmp_path / "nb.py").cells[0].code == "x = 1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json at all", "bad.ipynb:1: not a Jupyter notebook: invalid JSON"),
        ('{\n  "cells": [],\n  "nbformat": 4,,\n}', "bad.ipynb:3: not a Jupyter notebook: invalid JSON"),
        ("[1, 2]", "bad.ipynb: not a Jupyter notebook: expected a JSON object with `cells`"),
        ('{"nbformat": 3, "worksheets": []}', "bad.ipynb: unsupported nbformat (3): Cove reads nbformat 4"),
        ('{"cells": []}', "bad.ipynb: unsupported nbformat (missing)"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 5}]}',
         "bad.ipynb: cell 0: `source` must be a string or a list of strings"),
        ('{"nbformat": 4, "cells": [], "metadata": {"kernelspec": {"language": "R"}}}',
         "bad.ipynb: a R notebook: Cove converts Python notebooks only"),
    ],
)
def test_bad_ipynb_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    src = tmp_path / "bad.ipynb"
    src.write_text(content)
    assert main(["convert", str(src), "-o", str(tmp_path / "out.py")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("cove convert: ")
    assert message.replace("bad.ipynb", str(src)) in err
    assert not (tmp_path / "out.py").exists()


def test_help_describes_the_conversion(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["convert", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--force" in out and "magics" in out and ".ipynb" in out


def test_cove_metadata_restores_setup_names_and_config(tmp_path: Path) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("import math", cove={"setup": True}),
        code("r = 2", cove={"name": "radius", "disabled": True}, jupyter={"source_hidden": True}),
        code("area = math.pi * r ** 2"),
        cove={"header": "# /// script\n# requires-python = \">=3.11\"\n# ///\n",
              "app": {"width": "full", "app_title": "Circle"}},
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    nb = cove.load(out)
    assert nb.setup is not None and nb.setup.code == "import math"
    assert (nb.cells[0].name, nb.cells[0].config.disabled, nb.cells[0].config.hide_code) == (
        "radius", True, True)
    assert nb.app_options == {"width": "full", "app_title": "Circle"}
    assert nb.file.header.startswith("# /// script\n# requires-python")


def test_header_metadata_that_is_not_comments_is_ignored(tmp_path: Path) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("x = 1"), cove={"header": "import os\nos.system('echo hacked')\n"}))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert "hacked" not in out.read_text()
    json.loads(src.read_text())  # the input is untouched


def test_check_runs_the_result_and_says_how_many_cells_ran(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("import math\nimport not_a_real_package_xyz"), code("r = math.sqrt(4)\nprint(r)"),
        code("not_a_real_package_xyz.f()"), code("r = r + 1\nr"),
    ))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out), "--check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == (f"{out}:15: cell 1 failed: ModuleNotFoundError: No module named "
                       "'not_a_real_package_xyz'")
    assert err[-1] == ("cove convert: --check: 3 of 5 cells ran (1 not run because a cell they "
                       "read failed)")
    assert "2.0" not in "\n".join(err)  # the notebook's own output is captured, not printed
    good = write_ipynb(tmp_path / "good.ipynb", ipynb(code("x = 1"), code("x = x + 1\nx")))
    assert main(["convert", str(good), "-o", str(tmp_path / "good.py"), "--check"]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "cove convert: --check: 2 of 2 cells ran"


def test_a_magic_is_reported_in_the_cell_that_holds_it_after_a_split(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_ipynb(tmp_path / "nb.ipynb", ipynb(
        code("import math\nimport json\nimport not_a_real_package_xyz\n%timeit math.sqrt(2)")))
    out = tmp_path / "nb.py"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert [c.code for c in cove.load(out).cells] == [
        "import math\nimport json", "import not_a_real_package_xyz\n# %timeit math.sqrt(2)"]
    assert "cell 1: IPython syntax kept as a comment: %timeit math.sqrt(2)" in err
