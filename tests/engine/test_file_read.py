"""Tests for `cove._file.read`: bytes on disk to a parsed notebook, and clear errors for the rest."""
from __future__ import annotations

from pathlib import Path

import pytest

from cove._errors import NotebookError
from cove._file.read import decode_notebook, looks_like_notebook, read_notebook
from cove._file.serialize import serialize

NB = ('import cove\n\n__generated_with = "0.1.0"\napp = cove.App()\n\n\n'
      '@app.cell\ndef _():\n\tx = "tab\tinside"\n\treturn (x,)\n\n\n'
      'if __name__ == "__main__":\n    app.run()\n')


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "nb.py"
    path.write_bytes(data)
    return path


def test_reads_a_notebook(tmp_path: Path) -> None:
    text, nb = read_notebook(write(tmp_path, NB.encode()))
    assert text == NB
    assert nb.cells[0].code == 'x = "tab\tinside"'


def test_bom_and_crlf(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + NB.replace("\n", "\r\n").encode()
    text, nb = read_notebook(write(tmp_path, data))
    assert text == NB
    _, plain = read_notebook(write(tmp_path, NB.encode()))
    assert nb == plain
    # saving writes LF line endings
    assert "\r" not in serialize(nb)


def test_lone_cr_line_endings() -> None:
    assert decode_notebook(b"a\rb\r\nc\n") == "a\nb\nc\n"


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"import cove\n\x89PNG\x00\x00")
    with pytest.raises(NotebookError) as e:
        read_notebook(path)
    assert str(e.value) == f"{path}:2: not a text file: byte 0x00 at line 2 (a binary file?)"
    assert "\n" not in str(e.value)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = write(tmp_path, "import cove\n# caf\u00e9\n".encode("latin-1"))
    with pytest.raises(NotebookError) as e:
        read_notebook(path)
    assert str(e.value) == (f"{path}:2: not a text file: byte 0xe9 at line 2 is not valid UTF-8 "
                            "(notebooks are UTF-8 text)")
    assert e.value.lineno == 2 and e.value.filename == str(path)


def test_utf16_file(tmp_path: Path) -> None:
    with pytest.raises(NotebookError, match="UTF-16"):
        read_notebook(write(tmp_path, NB.encode("utf-16")))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotebookError, match="cannot read the file"):
        read_notebook(tmp_path / "nope.py")


def test_plain_python_file(tmp_path: Path) -> None:
    with pytest.raises(NotebookError) as e:
        read_notebook(write(tmp_path, b"print('hello')\n"))
    assert "not a Cove notebook" in str(e.value)


def test_looks_like_notebook() -> None:
    assert looks_like_notebook(NB)
    assert looks_like_notebook("\ufeff" + NB.replace("\n", "\r\n"))
    assert looks_like_notebook(NB.replace("cove", "marimo"))
    assert not looks_like_notebook("import cove\nprint(cove)\n")
    assert not looks_like_notebook("app = cove.App()\n")
    assert not looks_like_notebook("")
