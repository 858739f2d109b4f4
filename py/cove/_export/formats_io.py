"""Write an output file atomically: a temp file beside it, then one rename (never half a file)."""
from __future__ import annotations

import os
from pathlib import Path

from .._atomic import atomic_write_text
from .._errors import CoveError

__all__ = ["write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = True) -> Path:
    """Write `text` (UTF-8, `\\n` line endings) to `path`, creating missing parent folders.

    Through cove/_atomic.py: readers see the old file or the new one. `overwrite=False` refuses
    an existing file.
    """
    out = Path(path)
    if out.is_dir():
        raise CoveError(f"{out}: is a folder; give a file name for the output")
    if not overwrite and out.exists():
        raise CoveError(f"{out}: exists already; pass --force to overwrite it")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise CoveError(f"{out.parent}: cannot create the folder: {e.strerror or e}") from None
    if not overwrite and out.exists():  # checked again as late as possible
        raise CoveError(f"{out}: exists already; pass --force to overwrite it")
    try:
        atomic_write_text(out, text)
    except OSError as e:
        raise CoveError(f"{out}: cannot write here: {e.strerror or e}") from None
    return out
