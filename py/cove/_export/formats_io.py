"""Write an output file atomically: a temp file beside it, then one rename (never half a file)."""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .._errors import CoveError

__all__ = ["write_text_atomic"]


def write_text_atomic(path: str | os.PathLike[str], text: str, *, overwrite: bool = True) -> Path:
    """Write `text` (UTF-8, `\\n` line endings) to `path`, creating missing parent folders.

    The data goes to a temp file in the same folder (so the rename cannot cross file systems),
    is flushed to disk, and replaces `path` in one `os.replace`: readers see the old file or the
    new one. `overwrite=False` refuses an existing file (checked again just before the rename).
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
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    except OSError as e:
        raise CoveError(f"{out}: cannot write here: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        # mkstemp makes the file private (0o600); an exported file is for others to read.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if not overwrite and out.exists():
            raise CoveError(f"{out}: exists already; pass --force to overwrite it")
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out
