"""Write a file so that a crash at any moment leaves the old bytes or the new, never half of each.

The one atomic writer of Cove (saves of `cove edit`, exported files, locks, cache manifests): a
temp file in the same folder, fsync, one rename over the target, fsync of the folder."""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["TEMP_SUFFIX", "atomic_write", "atomic_write_text", "remove_stale_temps"]

TEMP_SUFFIX = ".cove-tmp"

# The umask is read once at import (reading it means setting it, which is not thread-safe later).
_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename over, fsync folder.

    The rename is atomic because the temp file is on the same file system. An existing file's
    permission bits are kept; a new file gets the usual 0o666 minus umask (mkstemp would give 0o600).
    """
    path = Path(path)
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_UMASK
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(f.fileno(), mode)
            os.fsync(f.fileno())
        if not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """`atomic_write` of UTF-8 text with `\n` line endings (as written, never translated)."""
    atomic_write(path, text.encode("utf-8"))


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable (POSIX); Windows can't open folders, and that is fine there.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale_temps(path: str | os.PathLike[str]) -> None:
    """Delete temp files a killed writer of `path` left behind (they are never the only copy)."""
    path = Path(path)
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{_glob_escape(path.name)}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
