"""Read a notebook file from disk: bytes to text (UTF-8, BOM and CRLF handled) to `NotebookFile`.

Line endings: `\\r\\n` and lone `\\r` are normalised to `\\n` when reading; the serializer always
writes `\\n`, so saving a CRLF file converts it to LF (as marimo does).
"""
from __future__ import annotations

import codecs
import os
import re

from .._errors import NotebookError
from .model import NotebookFile
from .parse import parse

__all__ = ["read_notebook", "decode_notebook", "looks_like_notebook"]

_IMPORT = re.compile(r"^import[ \t]+(cove|marimo)[ \t]*(#.*)?$", re.MULTILINE)
_APP = re.compile(r"^app[ \t]*=[ \t]*(cove|marimo)\.App\(", re.MULTILINE)


def read_notebook(path: str | os.PathLike[str]) -> tuple[str, NotebookFile]:
    """The file's text (decoded, BOM dropped, line endings normalised) and its parse.

    Raises `NotebookError` (one line: ``path:line: problem``) for an unreadable, binary or
    non-UTF-8 file, or for text that is not a notebook.
    """
    filename = os.fspath(path)
    text = decode_notebook(read_bytes(filename), filename)
    return text, parse(text, filename)


def read_bytes(filename: str) -> bytes:
    """The file's bytes, or a one-line NotebookError naming it."""
    try:
        with open(filename, "rb") as f:
            return f.read()
    except OSError as e:
        raise NotebookError(f"cannot read the file: {e.strerror or e}", filename) from None


def decode_notebook(data: bytes, filename: str = "<notebook>") -> str:
    """UTF-8 bytes to text with `\\n` line endings; a clear error for anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise NotebookError("not a text file Cove can read: it is UTF-16; save it as UTF-8",
                            filename, 1)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise NotebookError(f"not a text file: byte 0x00 at line {line} (a binary file?)",
                            filename, line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise NotebookError(f"not a text file: byte 0x{data[e.start]:02x} at line {line} is not "
                            "valid UTF-8 (notebooks are UTF-8 text)", filename, line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_notebook(text: str) -> bool:
    """A cheap check (no parsing): an `import cove`/`import marimo` line and an
    `app = cove.App(` line at column 0."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return bool(_IMPORT.search(text)) and bool(_APP.search(text))
