"""Malformed notebooks never crash Cove and never lose code: every hostile file either raises a
clean `cove.NotebookError` (one line naming the file) or loads, with broken cells kept as
unparsable cells, and saving it keeps every cell's code byte for byte. No RecursionError, no
MemoryError, no traceback from inside Cove, whatever the file holds."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

import cove
from cove._file.read import decode_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import CORPUS, big_files, files  # noqa: E402

hypothesis = pytest.importorskip("hypothesis")
st = hypothesis.strategies

# Files whose content is not a notebook at all: loading them must say so.
NOT_NOTEBOOKS = {
    "binary.py", "binary_after_header.py", "png_renamed.py", "nul_in_cell.py", "latin1.py", "utf16.py",
    "utf8_surrogate_bytes.py", "empty.py", "whitespace_only.py", "no_app.py", "plain_script.py",
}


def check(path: Path) -> cove.Notebook | None:
    """The promise for one file: a clean NotebookError, or a notebook that saves losslessly."""
    try:
        nb = cove.load(path)
    except cove.NotebookError as e:
        message = str(e)
        assert str(path) in message or path.name in message, message
        assert "\n" not in message.strip(), f"one line, not a traceback: {message!r}"
        return None
    codes = [c.code for c in nb.cells]
    text = nb.dumps()
    again = cove.loads(text, path.name)
    assert [c.code for c in again.cells] == codes, "every cell's code survives a save"
    assert again.dumps() == text, "saving is stable"
    if nb.setup is not None:
        assert again.setup is not None and again.setup.code == nb.setup.code
    # the kernel reads it too: analysis and the graph of every cell, nothing run
    kernel = cove.Kernel(again)
    kernel.graph  # noqa: B018 - builds the dependency graph (errors are data)
    return again


def test_the_corpus_is_what_the_script_writes() -> None:
    on_disk = {p.name: p.read_bytes() for p in CORPUS.glob("*.py")}
    assert on_disk == files(), "regenerate: python tests/robust/make_corpus.py"


@pytest.mark.parametrize("name", sorted(files()))
def test_hostile_file(name: str) -> None:
    nb = check(CORPUS / name)
    if name in NOT_NOTEBOOKS:
        assert nb is None, f"{name} should be refused with a NotebookError"
    elif nb is None:
        pass  # a clean refusal is allowed for the rest as well
    else:
        for c in nb.cells:
            assert c.kind in ("cell", "function", "class", "unparsable")


def test_broken_cells_are_marked_and_the_others_kept() -> None:
    nb = cove.load(CORPUS / "unterminated_string.py")
    assert any(c.kind == "unparsable" for c in nb.cells)
    nb = cove.load(CORPUS / "parens_1000.py")
    assert [c.kind for c in nb.cells] == ["unparsable", "cell"] and nb.cells[1].code == "y = 2"
    nb = cove.load(CORPUS / "crlf.py")
    assert [c.code for c in nb.cells] == ["a = 1\na", "b = a + 1\nb"]
    nb = cove.load(CORPUS / "bom.py")
    assert [c.code for c in nb.cells] == ["a = 1\na", "b = a + 1\nb"]


def test_code_too_deep_to_compile_is_an_error_on_its_cell() -> None:
    nb = cove.load(CORPUS / "sum_2000.py")
    k = cove.Kernel(nb)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default (another test may have raised it)
    try:
        k.run_all()
    finally:
        sys.setrecursionlimit(limit)
    assert k.cells[0].status == "error" and k.cells[1].status == "idle"
    assert k.cells[0].error_info.kind == "syntax", k.cells[0].error_info
    assert "RecursionError" not in (k.cells[0].error or ""), k.cells[0].error


@pytest.mark.parametrize("name", sorted(big_files()))
def test_big_hostile_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(big_files()[name])
    started = time.monotonic()
    nb = check(path)
    assert time.monotonic() - started < 120, "loading and saving stay usable on huge files"
    if name == "cells_10000.py":
        assert nb is not None and len(nb.cells) == 10_000
    if name == "size_50mb.py":
        assert nb is not None and len(nb.cells[1].code) > 50_000_000


# -- fuzzing ---------------------------------------------------------------------------------------

HEAD = "import cove\n\napp = cove.App()\n\n\n"
# Pieces that hurt parsers: quotes, brackets, decorators, indentation, escapes, line separators.
PIECES = [
    '"""', "'''", '"', "'", "\\", "(", ")", "[", "]", "{", "}", ":", "\n", "\r\n", "\r", "\t", "    ",
    "@app.cell", "def _():", "return", "app._unparsable_cell(", 'r"""', "async ", "with app.setup:",
    "#", "\x00", "\u2028", "\x0c", "\ufeff", "import cove", "app = cove.App()", "x = 1", "if x:", "=",
]


def _loads_cleanly(text: str) -> None:
    try:
        nb = cove.loads(text, "fuzz.py")
    except cove.NotebookError as e:
        assert "\n" not in str(e).strip()
        return
    codes = [c.code for c in nb.cells]
    again = cove.loads(nb.dumps(), "fuzz.py")
    assert [c.code for c in again.cells] == codes


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(st.text())
def test_fuzz_any_text(text: str) -> None:
    _loads_cleanly(text)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40))
def test_fuzz_notebook_shaped_text(pieces: list[str]) -> None:
    _loads_cleanly(HEAD + "".join(pieces))


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(st.binary(max_size=400))
def test_fuzz_bytes(data: bytes) -> None:
    try:
        text = decode_notebook(HEAD.encode() + data, "fuzz.py")
    except cove.NotebookError:
        return
    _loads_cleanly(text)


CELL_CHARS = [*'ab1 =()[]{}:"\'\\\n\t#@', '"""', "'''"]


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(st.lists(st.lists(st.sampled_from(CELL_CHARS), max_size=30).map("".join), min_size=1, max_size=5))
def test_fuzz_cells_keep_their_code(codes: list[str]) -> None:
    """Whatever the reader types into cells, saving and loading gives each cell back."""
    k = cove.Kernel(cove.loads(HEAD, "fuzz.py"))
    for code in codes:
        k.add(code)
    text = k.dumps()
    nb = cove.loads(text, "fuzz.py")
    assert [c.code for c in nb.cells] == [c.code for c in k.cells]
