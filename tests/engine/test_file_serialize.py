"""Tests for `cove._file.serialize.serialize`, and the round-trip properties of the file format."""
from __future__ import annotations

import ast
import keyword
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cove._analysis import analyze
from cove._errors import NotebookError
from cove._file.model import CellConfig, CellSource, NotebookFile
from cove._file.parse import parse
from cove._file.serialize import serialize


def one(code: str, **kw) -> str:
    """The block a single cell is written as."""
    text = serialize(NotebookFile(cells=(CellSource(code, **kw),)))
    return text.split("\n\n\n")[1]


def test_new_notebook_layout() -> None:
    assert serialize(NotebookFile()) == (
        'import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n\n\n'
        'if __name__ == "__main__":\n    app.run()\n'
    )


def test_cell_blocks() -> None:
    assert one("x = 1") == "@app.cell\ndef _():\n    x = 1\n    return (x,)"
    assert one("y = x + z\nw = 2") == "@app.cell\ndef _(x, z):\n    y = x + z\n    w = 2\n    return w, y"
    assert one("print(x)") == "@app.cell\ndef _(x):\n    print(x)\n    return"
    assert one("") == "@app.cell\ndef _():\n    return"
    assert one("_private = 1\nx += 1") == "@app.cell\ndef _():\n    _private = 1\n    x += 1\n    return (x,)"


def test_blank_lines_stay_empty() -> None:
    assert one("a = 1\n\nb = 2") == "@app.cell\ndef _():\n    a = 1\n\n    b = 2\n    return a, b"


def test_options_name_and_async() -> None:
    cfg = CellConfig(hide_code=True, disabled=True)
    assert one("pass", config=cfg, name="f").startswith("@app.cell(disabled=True, hide_code=True)\ndef f():")
    assert one("pass", name="my cell").startswith('@app.cell(name="my cell")\ndef _():')
    assert one("pass", name="class").startswith('@app.cell(name="class")\ndef _():')
    assert one("await f()").startswith("@app.cell\nasync def _(f):")
    assert one("pass", is_async=True).startswith("@app.cell\nasync def _():")
    assert one("async def g(): await h()").startswith("@app.cell\ndef _(h):")


def test_long_signature_and_return_wrap_like_marimo() -> None:
    names = [f"a_long_variable_name_{i}" for i in range(4)]
    block = one("\n".join(f"{n} = other_long_reference_{i}" for i, n in enumerate(names)))
    assert block.startswith("@app.cell\ndef _(\n    other_long_reference_0,\n")
    assert "\n):\n" in block
    assert block.endswith("    return (\n" + "".join(f"        {n},\n" for n in names) + "    )")


def test_module_names_are_not_parameters() -> None:
    nb = NotebookFile(setup=CellSource("import math"), cells=(
        CellSource("def area(r):\n    return math.pi * r * r", kind="function"),
        CellSource("a = area(r) + math.tau"),
    ))
    text = serialize(nb)
    assert "@app.function\ndef area(r):\n    return math.pi * r * r\n" in text
    assert "def _(r):\n    a = area(r) + math.tau\n    return (a,)" in text


def test_function_cell_edited_into_something_else() -> None:
    assert one("def f(): pass\nx = 1", kind="function").startswith("@app.cell\ndef _():")
    assert one("x = 1", kind="class").startswith("@app.cell\ndef _():")
    assert one("class K: pass", kind="function") == "@app.class_definition\nclass K: pass"
    # a column-0 comment after the def would be read back as another cell
    assert one("def f(): pass\n# end", kind="function").startswith("@app.cell\n")


def test_unparsable_forms() -> None:
    assert one("x = = 1") == 'app._unparsable_cell(r"""\nx = = 1\n""", name="_")'
    assert one("x = = 1", kind="cell", config=CellConfig(hide_code=True), name="n") == \
        'app._unparsable_cell(r"""\nx = = 1\n""", name="n", hide_code=True)'
    assert one('s = """ = ') == 'app._unparsable_cell(r"""\ns = "\\"" = \n""", name="_")'
    assert one('s = "\\"" = ') == 'app._unparsable_cell("""\ns = \\"\\\\\\"\\" = \n""", name="_")'
    assert one("x = 1\r") .startswith('app._unparsable_cell("""\nx = 1\\x0d\n""",')
    # code that parses is written as a cell, whatever its kind says
    assert one("x = 1", kind="unparsable").startswith("@app.cell\n")


def test_setup_blocks() -> None:
    def setup_block(code: str, **kw) -> str:
        return serialize(NotebookFile(setup=CellSource(code, **kw))).split("\n\n\n")[1]

    assert setup_block("import math") == "with app.setup:\n    import math"
    assert setup_block("") == "with app.setup:\n    pass"
    assert setup_block("# c") == "with app.setup:\n    # c\n    pass"
    assert setup_block("import x", config=CellConfig(hide_code=True)) == \
        "with app.setup(hide_code=True):\n    import x"
    assert setup_block("import = 1") == 'app._unparsable_cell(r"""\nimport = 1\n""", name="setup")'


def test_app_options_and_header() -> None:
    nb = NotebookFile(header="# hi", import_name="marimo", generated_with="0.9.1",
                      app_options={"width": "full", "n": 3, "flag": True, "files": ["a", "b"],
                                   "quote": 'say "hi"', "t": ("x",), "d": {"k": None}})
    text = serialize(nb)
    assert text.startswith('# hi\nimport marimo\n\n__generated_with = "0.9.1"\napp = marimo.App(\n'
                           '    width="full",\n    n=3,\n    flag=True,\n    files=["a", "b"],\n')
    assert parse(text).app_options == nb.app_options


# -- properties -------------------------------------------------------------------------------

FRAGMENTS = [
    "x = 1", "y = x + 1", "# comment", "", "   ", "\t", "    # indented comment",
    's = """a\n\nb"""', 's = """\nleft at column 0\n    """', "t = '''\"\"\"'''", 's = "\\\\"',
    'p = r"C:\\temp\\new"', "if x:\n    y = 2\nelse:\n\ty = 3", "def f():\n    return 1",
    "class K:\n    a = 1", "x = = 1", "  indented = 1", "return x", "# return (x,)",
    "await foo()", 's = "\t"', "x = 1 \\", "x = 1 + \\\n    2", "\\", '"""', "'''", '"\\"',
    '""', "r'''", "async for a in b: pass", "\f", "x\r", "\x00", "z = 1  # trailing", "pass",
    "return", "@decorator", "import os", "from m import *", "lambda: (yield)", "é = 'ü'",
    "\u2028", "\x85", "s = '\ud800'", "if __name__ == '__main__':", "app._unparsable_cell(r'''",
    "@app.cell", "def _():", "with app.setup:", "__generated_with = '1'", "import cove",
    "\n\n", " ", "x = (\n1,\n)", "match x:\n    case 1:\n        pass",
]

code_st = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=6).map("\n".join),
    st.text(max_size=40),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=8)), max_size=5).map("\n".join),
)

DEFS = ["def f():\n    return 1", "async def g(x):\n    await x", "@deco\ndef h(): pass",
        "# lead\n\ndef f():\n    pass\n    # inner", "class K:\n    a = 1", "def f(): pass\n",
        "def f():\n    pass\n\n\n", "\ndef f(): pass", "def f(): pass\n# col0", "def f():\n  pass\n  "]

config_st = st.builds(CellConfig, hide_code=st.booleans(), disabled=st.booleans())
name_st = st.sampled_from(["_", "_", "cell_name", "my cell", "class", "__", "é"])


@st.composite
def cell_st(draw) -> CellSource:
    kind = draw(st.sampled_from(["cell", "cell", "function", "class", "unparsable"]))
    code = draw(st.one_of(code_st, st.sampled_from(DEFS)) if kind in ("function", "class")
                else code_st)
    return CellSource(code, name=draw(name_st), kind=kind, config=draw(config_st),
                      is_async=draw(st.booleans()))


literal_st = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10),
              st.floats(allow_nan=False, allow_infinity=False)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=5,
)

notebook_st = st.builds(
    NotebookFile,
    header=st.sampled_from(["", "# comment\n", '"""Doc."""\n\n', "# /// script\n# ///\n", "#!x\n\n\n"]),
    import_name=st.sampled_from(["cove", "marimo"]),
    generated_with=st.one_of(st.none(), st.sampled_from(["0.1.0", "0.10.6"])),
    app_options=st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True).filter(
        lambda k: not keyword.iskeyword(k)), literal_st, max_size=3),
    setup=st.one_of(st.none(), st.builds(CellSource, code_st, name=st.just("setup"), config=config_st)),
    cells=st.lists(cell_st(), max_size=5).map(tuple),
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notebook_st)
def test_round_trip_keeps_every_cell(nb: NotebookFile) -> None:
    # "setup" is the setup cell's reserved name (as in marimo)
    assume(nb.setup is not None or not nb.cells or nb.cells[0].name != "setup")
    text = serialize(nb)
    ast.parse(text)  # the file is always valid Python
    back = parse(text, "nb.py")
    assert serialize(back) == text
    assert (back.header, back.import_name, back.app_options) == (
        nb.header, nb.import_name, nb.app_options)
    assert back.generated_with == (nb.generated_with or "0.1.0")
    assert len(back.cells) == len(nb.cells)
    if nb.setup is None:
        assert back.setup is None
    else:
        assert back.setup is not None and back.setup.code == nb.setup.code
        assert back.setup.config.hide_code == nb.setup.config.hide_code
    lines = text.split("\n")
    for old, new in zip(nb.cells, back.cells):
        assert new.code == old.code
        assert new.config == old.config
        if new.kind in ("function", "class"):
            assert old.kind in ("function", "class")
            continue
        assert new.name == old.name
        parses = analyze(old.code).syntax_error is None
        assert (new.kind == "unparsable") == (not parses or new.kind == "unparsable")
        if new.kind == "cell":
            assert new.is_async == (old.is_async or analyze(old.code).has_top_level_await)
        if new.kind == "cell" and old.code:
            first = old.code.split("\n")[0]
            assert lines[new.lineno - 1] == ("    " + first if first else "")


@settings(max_examples=300, deadline=None)
@given(st.lists(code_st, min_size=1, max_size=4))
def test_cells_that_parse_stay_cells(codes: list[str]) -> None:
    nb = NotebookFile(cells=tuple(CellSource(c) for c in codes))
    back = parse(serialize(nb))
    for code, cell in zip(codes, back.cells):
        # `\r` and lone surrogates cannot sit raw in the file; leading whitespace other than
        # spaces and tabs breaks the indentation the cell gets in the file
        if analyze(code).syntax_error is None and not re.search("[\r\ud800-\udfff]", code) \
                and not re.search(r"^[ \t]*[^\S\n \t]", code, re.MULTILINE):
            assert cell.kind == "cell", code


SAMPLE = serialize(NotebookFile(
    header="# h\n",
    setup=CellSource("import math"),
    cells=(CellSource("x = 1\n# c"), CellSource("def f():\n    return x", kind="function"),
           CellSource("y = = 2"), CellSource('s = """\ntext\n"""\nprint(s)', config=CellConfig(True))),
))


@settings(max_examples=500, deadline=None)
@given(st.data())
def test_mangled_files_never_crash_and_settle(data: st.DataObject) -> None:
    lines = SAMPLE.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        op = data.draw(st.sampled_from(["delete", "insert", "edit", "dedent"]))
        if op == "delete":
            del lines[i]
        elif op == "insert":
            lines.insert(i, data.draw(st.sampled_from(FRAGMENTS + ["    oops(", ")", "@app.cell"])))
        elif op == "edit":
            line = lines[i]
            j = data.draw(st.integers(0, len(line)))
            lines[i] = line[:j] + data.draw(st.sampled_from(["(", '"""', "'", ":", "=", "#", ""])) + line[j:]
        else:
            lines[i] = lines[i].lstrip()
    text = "\n".join(lines)
    try:
        nb = parse(text)
    except NotebookError:
        return
    once = serialize(nb)
    try:
        ast.parse(nb.header)
    except (SyntaxError, ValueError):
        pass  # the header is kept verbatim, broken or not
    else:
        ast.parse(once)
    again = parse(once)
    assert [c.code for c in again.cells] == [c.code for c in nb.cells]
    assert serialize(again) == once


@pytest.mark.parametrize("code", [
    "", "\n", "\n\n", "x = 1\n", "x = 1\n\n", "   ", "x = 1\n   ", "\tx", "# only", "pass",
    'a = """\n\n"""', "x = 1 \\", "'''", 'r"""', "\\", "\r", "\x00", "a\r\nb", "\ud800",
])
@pytest.mark.parametrize("kind", ["cell", "function", "class", "unparsable"])
def test_edge_codes(code: str, kind: str) -> None:
    nb = NotebookFile(setup=CellSource(code), cells=(CellSource(code, kind=kind),))  # type: ignore[arg-type]
    text = serialize(nb)
    back = parse(text)
    assert back.cells[0].code == code
    assert back.setup is not None and back.setup.code == code
    assert serialize(back) == text


PARSING_FRAGMENTS = [f for f in FRAGMENTS
                     if analyze(f).syntax_error is None and not re.search("[\r\ud800-\udfff\f]", f)]
BREAKAGES = ["x = = 1", "oops(", 's = """never closed', "'", "]", "def f(:", "@app.cell"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.lists(st.sampled_from(PARSING_FRAGMENTS), max_size=4).map("\n".join),
                          st.sampled_from(["x = = 1\n@app.cell", "s = '@app.cell'"])),
                min_size=1, max_size=5),
       st.data())
def test_one_hand_broken_cell_keeps_the_others(codes: list[str], data: st.DataObject) -> None:
    # no blank lines in the code, so that the file splits into blocks on blank-line pairs
    assume(all(c == "" or "" not in c.split("\n") for c in codes))
    nb = NotebookFile(setup=CellSource("import math"), cells=tuple(CellSource(c) for c in codes))
    text = serialize(nb)
    blocks = text.split("\n\n\n")
    # pick a regular cell block and put a broken line into its body
    candidates = [i for i, b in enumerate(blocks) if b.startswith("@app.cell")]
    assume(candidates)
    k = data.draw(st.sampled_from(candidates))
    cell_index = k - 2  # prelude and setup come first
    body = blocks[k].split("\n")
    at = data.draw(st.integers(2, len(body) - 1))  # after the def line, before the return
    bad = data.draw(st.sampled_from(BREAKAGES))
    blocks[k] = "\n".join(body[:at] + ["    " + bad] + body[at:])
    broken_text = "\n\n\n".join(blocks)
    back = parse(broken_text)
    assert back.setup is not None and back.setup.code == "import math"
    assert len(back.cells) == len(codes)
    for i, (code, cell) in enumerate(zip(codes, back.cells)):
        if i != cell_index:
            assert cell.code == code
    lines = codes[cell_index].split("\n") if codes[cell_index] else []
    lines.insert(at - 2, bad)
    assert back.cells[cell_index].code == "\n".join(lines)
    # and the next save is a valid file that keeps all of it
    again = serialize(back)
    ast.parse(again)
    assert [c.code for c in parse(again).cells] == [c.code for c in back.cells]
