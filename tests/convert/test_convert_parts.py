"""The pieces of `cove convert`: IPython lines, Markdown cells, safe renaming."""
from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cove._convert.imports import dedupe_imports
from cove._convert.magics import pip_packages, strip_magics
from cove._convert.markdown import markdown_of, md_cell_code, module_aliases
from cove._convert.rename import rename_in_code, resolve_redefinitions


@pytest.mark.parametrize(
    ("code", "expected", "magics"),
    [
        ("x = 1", "x = 1", []),
        ("x = (a\n     % b)", "x = (a\n     % b)", []),  # parses: a `%` continuation is Python
        ("%matplotlib inline\nimport math", "# %matplotlib inline\nimport math", ["%matplotlib inline"]),
        ("files = !ls\nfiles", "# files = !ls\nfiles", ["files = !ls"]),
        ("len?", "# len?", ["len?"]),
        ("??len", "# ??len", ["??len"]),
        ("if True:\n    %time f()", "if True:\n    pass  # %time f()", ["%time f()"]),
        ("%%timeit -n 1\nsum(range(9))", "# %%timeit -n 1\nsum(range(9))", ["%%timeit -n 1"]),
        ("%%html\n<b>x</b>", "# %%html\n# <b>x</b>", ["%%html"]),
        ("x = = 1", "x = = 1", []),  # a plain syntax error is not a magic: left for E001
    ],
)
def test_strip_magics(code: str, expected: str, magics: list[str]) -> None:
    result = strip_magics(code)
    assert (result.code, result.magics) == (expected, magics)


@pytest.mark.parametrize(
    ("line", "packages"),
    [
        ("!pip install numpy", ["numpy"]),
        ("%pip install -q 'pandas>=2' polars", ["pandas>=2", "polars"]),
        ("!pip3 install -r requirements.txt attrs", ["attrs"]),
        ("!python -m pip install --index-url https://x.org/simple rich", ["rich"]),
        ("!uv pip install httpx[http2]", ["httpx[http2]"]),
        ("!pip install {pkg} ./local git+https://g.com/x.git", []),
    ],
)
def test_pip_install_lines_give_requirements(line: str, packages: list[str]) -> None:
    assert strip_magics(line).packages == packages


def test_pip_packages_skips_bad_quoting() -> None:
    assert pip_packages("'unterminated") == []


@pytest.mark.parametrize(
    "text",
    ["plain", 'three """ quotes', "three ''' quotes", 'both """ and \'\'\'', "ends with \\",
     "a \\\" b", "$x^2$ and `code`", "    indented code block\nnext", "unicode é ∑"],
)
def test_md_cell_code_gives_back_the_text(text: str) -> None:
    code = md_cell_code(text)
    assert ast.parse(code)  # valid Python
    assert markdown_of(code, {"mo"}) == __import__("textwrap").dedent(text).strip("\n").rstrip()


@pytest.mark.parametrize(
    "code",
    ['mo.md(f"{x}")', 'mo.md("a", x=1)', 'mo.md("a")\nx = 1',
     'mo.md("a")  # note', 'other.md("a")', "mo.md(text)"],
)
def test_only_a_single_literal_md_call_is_markdown(code: str) -> None:
    assert markdown_of(code, {"mo"}) is None


def test_module_aliases() -> None:
    assert module_aliases(["import cove as mo", "import marimo", "import os as cove", "x ="]) == {
        "mo", "marimo"}


@pytest.mark.parametrize(
    ("name", "code", "expected"),
    [
        ("os", "import os\nos.getcwd()", "import os as _os\n_os.getcwd()"),
        ("np", "import numpy as np\nnp", "import numpy as _np\n_np"),
        ("pi", "from math import pi\npi", "from math import pi as _pi\n_pi"),
        ("x", "def x():\n    return x\nx()", "def _x():\n    return _x\n_x()"),
        ("x", "x = 1\nf'{x!r:>{x}}'", "_x = 1\nf'{_x!r:>{_x}}'"),
        ("x", "é = 1; x = é\n[x for _ in 'ab']", "é = 1; _x = é\n[_x for _ in 'ab']"),
        # a parameter, a function's local, a comprehension's variable: other variables
        ("x", "def f(x):\n    return x\nx = f(1)", "def f(x):\n    return x\n_x = f(1)"),
        ("x", "def f():\n    x = 2\n    return x\nx = f()", "def f():\n    x = 2\n    return x\n_x = f()"),
        ("x", "x = [1]\ny = [x for x in x]", "_x = [1]\ny = [x for x in _x]"),
        ("x", "x = 1\ndef f(a=x):\n    return lambda x: x + a", "_x = 1\ndef f(a=_x):\n    return lambda x: x + a"),
        ("x", "x = 1\nobj.x = x\nf(x=x)", "_x = 1\nobj.x = _x\nf(x=_x)"),  # attribute, keyword stay
    ],
)
def test_rename(name: str, code: str, expected: str) -> None:
    assert rename_in_code(code, name, "_" + name) == expected


@pytest.mark.parametrize(
    "code",
    [
        "x = x + 1",  # reads the previous cell's x
        "x = 1\nclass A:\n    x = x",  # a class attribute
        "x = 1\ndef f():\n    global x\n    x = 2",
        "try:\n    x = 1\nexcept E as x:\n    pass",
        "import x.y\nx",  # binds the package `x`
    ],
)
def test_rename_refuses_what_could_change_meaning(code: str) -> None:
    assert rename_in_code(code, "x", "_x") is None


def test_resolve_redefinitions_gives_each_definition_a_version() -> None:
    codes, renamed, unresolved = resolve_redefinitions([
        "a = 1\nb = 1",  # 0
        "a = 2\nprint(a)",  # 1: reads its own a
        "b = b + 1",  # 2: `b_2 = b + 1`
        "print(a, b)",  # 3: the newest versions
        "for i in range(2):\n    b += i",  # 4: reads b_2 in a loop: starts from it
        "_a = 0\na = a * 3",  # 5
        "print(a, b)",  # 6
    ])
    assert codes == [
        "a = 1\nb = 1", "a_2 = 2\nprint(a_2)", "b_2 = b + 1", "print(a_2, b_2)",
        "b_3 = b_2\nfor i in range(2):\n    b_3 += i", "_a = 0\na_3 = a_2 * 3", "print(a_3, b_3)"]
    assert [(r.name, r.versions, r.carried) for r in renamed] == [
        ("a", ((0, "a"), (1, "a_2"), (5, "a_3")), ()),
        ("b", ((0, "b"), (2, "b_2"), (4, "b_3")), ((4, "b_3", "b_2"),))]
    assert unresolved == []
    codes, renamed, _ = resolve_redefinitions(["a = 1", "a = 2\na"])
    assert codes == ["_a = 1", "_a = 2\n_a"] and renamed[0].versions == ((0, "_a"), (1, "_a"))


def test_resolve_redefinitions_runs_like_the_original_in_file_order() -> None:
    cells = ["x = [1]", "y = len(x)", "x = x + [2]", "x.append(3)\nz = sum(x)",
             "def total(v):\n    return sum(v) + y", "x = x * 2\nprint(total(x), z, x)",
             "print(max(z, 1))", "max = 0", "max = max + 1", "print(max)"]
    codes, _, unresolved = resolve_redefinitions(cells)
    assert unresolved == [] and codes[5] == "x_3 = x_2 * 2\nprint(total(x_3), z, x_3)"
    # a builtin's first definition is renamed too: the cell before it keeps the builtin
    assert codes[6:] == ["print(max(z, 1))", "max_1 = 0", "max_2 = max_1 + 1", "print(max_2)"]
    for before, after in ((cells, codes),):
        outs = []
        for program in (before, after):
            namespace: dict = {}
            printed: list = []
            namespace["print"] = lambda *a: printed.append(a)
            for code in program:
                exec(code, namespace)
            outs.append(printed)
        assert outs[0] == outs[1] == [(13, 6, [1, 2, 3, 1, 2, 3]), (6,), (1,)]
    analyses = [__import__("cove")._analysis.analyze(c) for c in codes]
    defined = [name for a in analyses for name in a.defs]
    assert len(defined) == len(set(defined))  # one defining cell per name


def test_dedupe_imports_keeps_the_first_identical_import() -> None:
    codes, found = dedupe_imports([
        "import numpy as np\nx = np.zeros(2)",
        "import numpy as np\ny = np.ones(2)",
        "from numpy import (\n    ones,\n)",
        "from numpy import (\n    ones,\n)\nones(1)",
        "import pandas as pd", "import polars as pd",  # not the same module: left alone
        "import os; import json", "import json",  # shares its line: left alone
    ])
    assert codes[1] == "# import numpy as np  (imported in an earlier cell)\ny = np.ones(2)"
    assert codes[3] == "# from numpy import (\n#     ones,\n# )  (imported in an earlier cell)\nones(1)"
    assert codes[4:] == ["import pandas as pd", "import polars as pd", "import os; import json", "import json"]
    assert [(d.name, d.kept, d.removed) for d in found] == [("np", 0, (1,)), ("ones", 2, (3,))]


@given(st.text(alphabet=st.sampled_from(list("ab \n\"'\\#{}$`\t\r\x00é")), max_size=40))
def test_md_cell_code_literal_holds_any_text(text: str) -> None:
    call = ast.parse(md_cell_code(text)).body[0].value  # type: ignore[attr-defined]
    assert ast.literal_eval(call.args[0]) == "\n" + text.strip("\n") + "\n"
