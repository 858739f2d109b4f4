"""Tests for `cove._file.parse.parse`: hand-written, marimo-written and broken notebook files."""
from __future__ import annotations

import time

import pytest

from cove._errors import NotebookError
from cove._file.model import CellConfig, CellSource, NotebookFile
from cove._file.parse import parse
from cove._file.serialize import serialize

HEAD = 'import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n\n\n'
MAIN = '\n\nif __name__ == "__main__":\n    app.run()\n'


def nb_of(body: str) -> NotebookFile:
    return parse(HEAD + body + MAIN, "nb.py")


def codes(nb: NotebookFile) -> list[str]:
    return [c.code for c in nb.cells]


# -- cells ------------------------------------------------------------------------------------


def test_wrong_signature_and_return_are_ignored() -> None:
    nb = nb_of("@app.cell\ndef _(unused, wrong):\n    y = x + 1\n    return (z, w)\n")
    assert codes(nb) == ["y = x + 1"]
    # ... and recomputed when written
    assert "def _(x):\n    y = x + 1\n    return (y,)" in serialize(nb)


@pytest.mark.parametrize("ret", ["return", "return None", "return x", "return (x,)",
                                 "return x, y", "return (x, y)", "return (\n        x,\n    )"])
def test_final_return_forms_are_dropped(ret: str) -> None:
    assert codes(nb_of(f"@app.cell\ndef _():\n    x = 1\n    {ret}\n")) == ["x = 1"]


@pytest.mark.parametrize("ret", ["return x + 1", "return f(x)", "return [x]"])
def test_other_final_returns_are_code(ret: str) -> None:
    assert codes(nb_of(f"@app.cell\ndef _():\n    x = 1\n    {ret}\n")) == [f"x = 1\n{ret}"]


def test_only_the_last_return_is_dropped() -> None:
    nb = nb_of("@app.cell\ndef _():\n    if a:\n        return\n    return\n")
    assert codes(nb) == ["if a:\n    return"]


def test_body_without_return() -> None:
    assert codes(nb_of("@app.cell\ndef _():\n    x = 1\n")) == ["x = 1"]


def test_body_only_return_is_empty_code() -> None:
    assert codes(nb_of("@app.cell\ndef _():\n    return\n")) == [""]


def test_comments_and_blank_lines_survive() -> None:
    body = "@app.cell\ndef _():\n    # first\n\n    x = 1  # why\n\n    # last\n    return (x,)\n"
    assert codes(nb_of(body)) == ["# first\n\nx = 1  # why\n\n# last"]


def test_comments_after_the_return_are_kept() -> None:
    nb = nb_of("@app.cell\ndef _():\n    x = 1\n    return (x,)\n    # after\n")
    assert codes(nb) == ["x = 1\n# after"]


def test_return_on_the_same_line_as_code() -> None:
    assert codes(nb_of("@app.cell\ndef _():\n    x = 1; return x\n")) == ["x = 1"]
    assert codes(nb_of("@app.cell\ndef _(): return\n")) == [""]
    assert codes(nb_of("@app.cell\ndef _(): x = 1\n")) == ["x = 1"]


def test_multiline_signature() -> None:
    nb = nb_of("@app.cell\ndef _(\n    a,  # note: why\n    b,\n):\n    # c\n    c = a + b\n    return\n")
    assert codes(nb) == ["# c\nc = a + b"]
    assert nb.cells[0].lineno == HEAD.count("\n") + 6


def test_tab_indented_cell() -> None:
    nb = nb_of("@app.cell\ndef _():\n\tif x:\n\t\ty = 1\n\treturn (y,)\n")
    assert codes(nb) == ["if x:\n\ty = 1"]


def test_multiline_string_lines_at_column_0_are_kept() -> None:
    nb = nb_of('@app.cell\ndef _():\n    s = """\nleft\n    in\n"""\n    return (s,)\n')
    assert codes(nb) == ['s = """\nleft\nin\n"""']


def test_cell_options_and_names() -> None:
    nb = nb_of(
        "@app.cell(hide_code=True, disabled=True, column=2)\ndef first():\n    return\n\n\n"
        "@app.cell()\nasync def _():\n    await x()\n    return\n\n\n"
        '@app.cell(name="custom")\ndef _():\n    return\n'
    )
    a, b, c = nb.cells
    assert (a.name, a.config) == ("first", CellConfig(hide_code=True, disabled=True))
    assert (b.is_async, b.config, b.code) == (True, CellConfig(), "await x()")
    assert c.name == "custom"


def test_linenos() -> None:
    text = HEAD + "@app.cell\ndef _():\n    x = 1\n    return (x,)\n" + MAIN
    nb = parse(text)
    assert text.split("\n")[nb.cells[0].lineno - 1] == "    x = 1"


# -- other blocks -----------------------------------------------------------------------------


def test_setup_forms() -> None:
    nb = nb_of("with app.setup:\n    import math\n    # done\n")
    assert nb.setup == CellSource("import math\n# done", name="setup", lineno=8)
    nb = nb_of("with app.setup(hide_code=True):\n    import math\n")
    assert nb.setup is not None and nb.setup.config.hide_code


@pytest.mark.parametrize("code", ["", "pass", "# only a comment", "pass\npass", "x = 1\npass"])
def test_setup_pass_round_trip(code: str) -> None:
    nb = NotebookFile(setup=CellSource(code, name="setup"))
    text = serialize(nb)
    assert parse(text).setup.code == code  # type: ignore[union-attr]
    assert serialize(parse(text)) == text


def test_function_and_class_cells() -> None:
    nb = nb_of(
        "@app.function\n@functools.cache\ndef f(x):\n    return x\n\n\n"
        "@app.function(hide_code=True)\nasync def g():\n    pass\n\n\n"
        "@app.class_definition\nclass K:\n    a = 1\n"
    )
    f, g, k = nb.cells
    assert (f.kind, f.name, f.code) == ("function", "f", "@functools.cache\ndef f(x):\n    return x")
    assert (g.kind, g.config.hide_code, g.code) == ("function", True, "async def g():\n    pass")
    assert (k.kind, k.name, k.code) == ("class", "K", "class K:\n    a = 1")


def test_marimo_unparsable_forms() -> None:
    nb = nb_of(
        'app._unparsable_cell(\n    r"""\n    x = = 1\n    s = "\\"\n    """,\n    name="_"\n)\n\n\n'
        'app._unparsable_cell(\n    r"""\n    y = (\n    """,\n    column=None, disabled=False, hide_code=True,'
        ' name="named"\n)\n\n\n'
        'app._unparsable_cell("""one line""")\n'
    )
    a, b, c = nb.cells
    assert (a.kind, a.code) == ("unparsable", 'x = = 1\ns = ""')
    assert (b.code, b.name, b.config) == ("y = (", "named", CellConfig(hide_code=True))
    assert (c.code, c.name) == ("one line", "_")


def test_header_is_verbatim_and_main_guard_is_dropped() -> None:
    header = '#!/usr/bin/env python\n"""Doc."""\n# /// script\n# dependencies = []\n# ///\n\n'
    nb = parse(header + HEAD + MAIN)
    assert nb.header == header and nb.cells == ()


def test_stray_statements_become_cells() -> None:
    text = (HEAD.replace("app = cove.App()", "import os\napp = cove.App()")
            + "x = 1\n\n# about y\ny = 2\n\n\n@app.cell\ndef _():\n    return\n\n\n# the end\n"
            + MAIN + "\nprint('after')\n")
    nb = parse(text)
    assert codes(nb) == ["import os", "x = 1\n\n# about y\ny = 2", "", "# the end", "print('after')"]
    again = parse(serialize(nb))
    assert codes(again) == codes(nb)
    assert serialize(again) == serialize(nb)


def test_richer_main_guard_is_kept_as_a_cell() -> None:
    nb = parse(HEAD + 'if __name__ == "__main__":\n    app.run()\n    print("done")\n')
    assert codes(nb) == ['if __name__ == "__main__":\n    app.run()\n    print("done")']


def test_marimo_app_options_and_multiline_app() -> None:
    nb = parse('import marimo\n\napp = marimo.App(\n    width="full",\n    css_file="a.css",\n)\n')
    assert nb.import_name == "marimo" and nb.generated_with is None
    assert nb.app_options == {"width": "full", "css_file": "a.css"}


# -- errors and broken files ------------------------------------------------------------------


def test_not_a_notebook() -> None:
    with pytest.raises(NotebookError) as e:
        parse("print('hello')\n", "plain.py")
    assert str(e.value).startswith("plain.py:1: not a Cove notebook")
    with pytest.raises(NotebookError) as e:
        parse("import cove\n\nx = 1\n", "half.py")
    assert str(e.value) == ("half.py:1: not a Cove notebook: no `app = cove.App(...)` found "
                            "after `import cove`")
    with pytest.raises(NotebookError, match="not a Cove notebook"):
        parse("def broken(:\n", "x.py")


def test_non_literal_app_option() -> None:
    with pytest.raises(NotebookError) as e:
        parse("import cove\n\nW = 3\napp = cove.App(width=W)\n", "nb.py")
    assert str(e.value).startswith("nb.py:4: `App(...)` option `width` must be a literal")


BROKEN = HEAD + """\
@app.cell
def _():
    x = 1
    return (x,)


@app.cell(hide_code=True)
def _(x):
    y = = x
    # keep me

    return (y,)


app._unparsable_cell(r\"\"\"
@app.cell
z = (
\"\"\", name="_")


@app.cell
def named(y):
    s = \"\"\"unterminated
    return


@app.function
def f(:
    pass


# a stray comment
@app.cell
def _():
    w = (
    return (w,)


with app.setup:
    import math
    oops(


@app.cell
def _():
    fine = 1
    return (fine,)
""" + MAIN


def test_fallback_splitter_keeps_every_cell() -> None:
    nb = parse(BROKEN, "broken.py")
    assert nb.setup == CellSource("import math\noops(", name="setup", kind="unparsable",
                                  lineno=BROKEN.split("\n").index("    import math") + 1)
    assert [(c.kind, c.code) for c in nb.cells] == [
        ("cell", "x = 1"),
        ("unparsable", "y = = x\n# keep me\n"),
        ("unparsable", "@app.cell\nz = ("),
        ("unparsable", 's = """unterminated'),
        ("unparsable", "def f(:\n    pass"),
        ("cell", "# a stray comment"),
        ("unparsable", "w = ("),
        ("cell", "fine = 1"),
    ]
    assert nb.cells[1].config.hide_code
    assert nb.cells[3].name == "named"
    lines = BROKEN.split("\n")
    for cell in nb.cells:
        assert lines[cell.lineno - 1].strip() == cell.code.split("\n")[0].strip()


def test_fallback_output_is_valid_and_stable() -> None:
    import ast

    text = serialize(parse(BROKEN))
    ast.parse(text)  # broken cells are now unparsable cells: the file is Python again
    nb = parse(text)
    assert serialize(nb) == text
    assert codes(nb) == codes(parse(BROKEN))
    assert nb.setup is not None and nb.setup.code == "import math\noops("


def test_broken_signature_with_good_body() -> None:
    nb = nb_of("@app.cell\ndef _(a b):\n    x = 1\n    return (x,)\n")
    assert [(c.kind, c.code) for c in nb.cells] == [("cell", "x = 1")]


def test_broken_app_line() -> None:
    with pytest.raises(NotebookError) as e:
        parse("import cove\n\napp = cove.App(width=)\n", "nb.py")
    assert str(e.value).startswith("nb.py:3: ")


def test_fallback_keeps_marimo_wrapped_return() -> None:
    nb = nb_of("@app.cell\ndef _():\n    a = = 1\n    return (\n        a,\n        b,\n    )\n")
    assert codes(nb) == ["a = = 1"]


# -- line endings, BOM ------------------------------------------------------------------------


def test_crlf_and_bom_are_normalised() -> None:
    text = HEAD + "@app.cell\ndef _():\n    x = 1\n\n    return (x,)\n" + MAIN
    nb = parse("\ufeff" + text.replace("\n", "\r\n"))
    assert nb == parse(text)
    assert codes(nb) == ["x = 1\n"]


# -- size -------------------------------------------------------------------------------------


def big_notebook(n: int) -> str:
    """What the serializer writes for n three-line cells (checked in the tests below)."""
    cell = ("@app.cell\ndef _(x{p}):\n    x{i} = x{p} + 1\n    # comment {i}\n    print(x{i})\n"
            "    return (x{i},)\n\n\n")
    return HEAD + "".join(cell.format(i=i, p=i - 1) for i in range(1, n + 1)) + MAIN[2:]


def best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def test_1000_cells_round_trip() -> None:
    """Speed is measured by bench/engine.py (not a timed test: this machine's load would make it
    flaky); that parsing stays linear is checked below by counting the work."""
    text = big_notebook(1000)
    assert serialize(parse(text)) == text


class _ParseCounter:
    """Counts the characters handed to `ast.parse`: parsing stays linear in the file's size
    (no per-cell re-parse of the whole file), checked without timing anything."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import ast

        self.chars = 0
        real = ast.parse

        def counting(source, *args, **kwargs):  # type: ignore[no-untyped-def]
            self.chars += len(source)
            return real(source, *args, **kwargs)

        monkeypatch.setattr(ast, "parse", counting)


def test_10000_cells_parse_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    large = big_notebook(10000)
    counter = _ParseCounter(monkeypatch)
    nb = parse(large)
    assert len(nb.cells) == 10000 and nb.cells[-1].code == "x10000 = x9999 + 1\n# comment 10000\nprint(x10000)"
    assert counter.chars <= 2 * len(large)


def test_broken_10000_cells_parse_in_linear_work(monkeypatch: pytest.MonkeyPatch) -> None:
    text = big_notebook(10000).replace("x5000 = x4999 + 1", "x5000 = = 1")
    counter = _ParseCounter(monkeypatch)
    nb = parse(text)
    assert len(nb.cells) == 10000 and nb.cells[4999].kind == "unparsable"
    assert nb.cells[4999].code == "x5000 = = 1\n# comment 5000\nprint(x5000)"
    assert all(c.kind == "cell" for i, c in enumerate(nb.cells) if i != 4999)
    # the whole file once, then each piece alone: a small multiple of the size, never n²
    assert counter.chars <= 12 * len(text)


def test_no_syntax_warnings_for_user_code(recwarn: pytest.WarningsRecorder) -> None:
    nb = nb_of('@app.cell\ndef _():\n    p = "C:\\d"\n    return (p,)\n')
    serialize(nb)
    assert not [w for w in recwarn if issubclass(w.category, SyntaxWarning)]
