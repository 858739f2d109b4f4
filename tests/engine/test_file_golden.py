"""Golden notebook files (tests/engine/golden/*.py): each must round-trip byte for byte."""
from __future__ import annotations

from pathlib import Path

import pytest

from cove._file.model import CellConfig
from cove._file.parse import parse
from cove._file.read import read_notebook
from cove._file.serialize import serialize

GOLDEN = Path(__file__).parent / "golden"
FILES = sorted(GOLDEN.glob("*.py"))


def load(name: str):
    return parse((GOLDEN / name).read_text(encoding="utf-8"), name)


def test_there_are_golden_files() -> None:
    assert len(FILES) >= 4


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_golden_round_trip(path: Path) -> None:
    text, nb = read_notebook(path)
    assert serialize(nb) == text
    assert serialize(parse(serialize(nb))) == text


def test_canonical() -> None:
    nb = load("canonical.py")
    assert nb.header.startswith("# /// script\n") and nb.header.endswith("# ///\n")
    assert nb.import_name == "cove"
    assert nb.generated_with == "0.1.0"
    assert nb.app_options == {"width": "medium", "app_title": "Intro"}
    assert list(nb.app_options) == ["width", "app_title"]
    assert nb.setup is not None and nb.setup.code == "import math"
    assert [c.kind for c in nb.cells] == ["cell", "cell", "cell", "function", "unparsable"]
    assert nb.cells[0].code == "import cove as mo"
    assert nb.cells[1].config == CellConfig(hide_code=True)
    assert nb.cells[1].code == 'n = mo.ui.slider(1, 10, value=3, label="n")\nn'
    assert nb.cells[3].name == "area"
    assert nb.cells[3].code == "def area(r):\n    return math.pi * r * r"
    assert nb.cells[4].code == "x = = 1"


def test_canonical_linenos_point_at_the_code() -> None:
    text = (GOLDEN / "canonical.py").read_text()
    lines = text.split("\n")
    nb = parse(text)
    for cell in [nb.setup, *nb.cells]:
        assert cell is not None
        first_code_line = cell.code.split("\n")[0]
        assert lines[cell.lineno - 1].strip() == first_code_line.strip()


def test_marimo_file() -> None:
    nb = load("marimo_medium.py")
    assert nb.import_name == "marimo"
    assert nb.generated_with == "0.10.6"
    assert nb.app_options == {"width": "medium"}
    first = nb.cells[0]
    assert first.config.hide_code
    # marimo indents markdown with the code: dedenting gives the string back as marimo sees it
    assert first.code.startswith('mo.md(\n    r"""\n    # Sliders\n')
    hidden_disabled = nb.cells[3]
    assert hidden_disabled.config == CellConfig(hide_code=True, disabled=True)
    assert hidden_disabled.code == (
        "# a comment before the code\n\n"
        "values = np.arange(slider.value)  # trailing comment\n"
        "total, count = values.sum(), len(values)\n\n"
    )
    assert nb.cells[-1].name == "named_cell"


def test_unparsable_file() -> None:
    nb = load("unparsable.py")
    assert nb.header == '"""A notebook with cells that do not parse: their code is kept as strings."""\n\n'
    codes = [c.code for c in nb.cells]
    assert [c.kind for c in nb.cells] == ["cell"] + ["unparsable"] * 4
    assert codes[1] == "x = = 1"
    assert codes[2].startswith('def broken(:\n    empty = ""  # marimo')
    assert 'path = "C:\\temp\\new"' in codes[2]
    assert nb.cells[2].name == "broken_cell" and nb.cells[2].config.hide_code
    assert codes[3] == 'quote = "\\"" + = 1\ns = """triple-quoted text"""\nends with a backslash \\'
    assert codes[4] == '  indented = "code that starts indented"'


def test_async_file() -> None:
    nb = load("async_cell.py")
    assert nb.app_options == {"app_title": "Async", "layout_file": None, "auto_download": ["html"]}
    assert nb.setup is not None and nb.setup.config.hide_code
    assert nb.setup.code == "import asyncio\n\nDELAY = 0.01"
    assert [c.is_async for c in nb.cells] == [True, True, False, False, False]
    assert [c.kind for c in nb.cells] == ["cell", "cell", "function", "class", "cell"]
    assert nb.cells[2].code.startswith("async def fetch(value):")
    assert nb.cells[3].code.endswith("\n\n    # a comment at the end of the class body")
