"""The one notebook file `cove edit` serves: read with its hash, save safely, keep the last outputs.

The hash is sha256 of the file's bytes on disk: the page sends back the hash of what it loaded,
and a save is refused (409) when the disk no longer matches it, so another program's edit is never
overwritten silently.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._errors import NotebookError
from .._atomic import atomic_write, remove_stale_temps

__all__ = [
    "CACHE_DIR", "Loaded", "NotebookStore", "SaveConflict", "SaveResult",
    "decode_notebook", "outputs_path", "read_outputs", "sha256",
]

CACHE_DIR = "__cove__"
# 2: a snapshot of cell views (protocol.CellView); 1 held raw events and is read as no outputs.
OUTPUTS_FORMAT = 2
_BOM = "\ufeff"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_notebook(data: bytes, filename: str) -> str:
    """The text of a notebook file, or a one-line NotebookError for binary / non-UTF-8 bytes."""
    if b"\0" in data:
        line = data[: data.index(b"\0")].count(b"\n") + 1
        raise NotebookError("binary data (NUL byte), not a notebook", filename, line)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise NotebookError(
            f"not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start})", filename, line
        ) from None


def outputs_path(notebook: str | os.PathLike[str]) -> Path:
    """Where the last run's outputs of a notebook are kept: `__cove__/<stem>.outputs.json`."""
    nb = Path(notebook)
    return nb.parent / CACHE_DIR / f"{nb.stem}.outputs.json"


def read_outputs(notebook: str | os.PathLike[str], code_hash: str) -> list[Any] | None:
    """The cached events for exactly this file content, else None (missing, stale, or corrupt)."""
    try:
        doc = json.loads(outputs_path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (
        not isinstance(doc, dict)
        or doc.get("format") != OUTPUTS_FORMAT
        or doc.get("code_hash") != code_hash
        or not isinstance(doc.get("events"), list)
    ):
        return None
    events: list[Any] = doc["events"]
    return events


def write_outputs(notebook: str | os.PathLike[str], code_hash: str, events: list[Any]) -> None:
    target = outputs_path(notebook)
    target.parent.mkdir(exist_ok=True)
    doc = {"format": OUTPUTS_FORMAT, "code_hash": code_hash, "events": events}
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    atomic_write(target, data)


@dataclass(frozen=True)
class Loaded:
    """The notebook as read now: its text (without a BOM) and the hash of its bytes."""

    text: str
    hash: str


@dataclass(frozen=True)
class SaveResult:
    hash: str
    # None: no snapshot was sent; False: the notebook was saved but its outputs could not be.
    outputs_saved: bool | None


class SaveConflict(Exception):
    """The file on disk is not the one the page loaded; `current` is its hash (None if deleted)."""

    def __init__(self, current: str | None) -> None:
        super().__init__(current)
        self.current = current


class NotebookStore:
    """Reads and writes one notebook path; the path is fixed here, never taken from a request."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.display_name = os.fspath(path)
        # Writing through a symlink must replace its target, not the link.
        self.path = Path(os.path.realpath(path))
        # Serializes saves (check-then-write) and lets shutdown wait for one in flight.
        self.lock = threading.Lock()
        self._stat_key: tuple[int, int, int, int] | None = None
        self._stat_hash: str | None = None
        # How the file on disk ends its lines and whether it starts with a BOM: an editor in the
        # browser sends "\n" and no BOM, and a save should not rewrite every line of the file.
        self._crlf = False
        self._bom = False
        remove_stale_temps(self.path)

    def read(self) -> Loaded:
        """The current file; FileNotFoundError if it is gone, NotebookError if it is not text."""
        data = self.path.read_bytes()
        text = decode_notebook(data, self.display_name)
        self._bom = text.startswith(_BOM)
        text = text.removeprefix(_BOM)
        self._crlf = "\r\n" in text
        return Loaded(text, sha256(data))

    def current_hash(self) -> str | None:
        """The hash of the file on disk (None if missing), re-hashed only when its stat changes.

        The page polls this every few seconds; a 50 MB notebook should not be hashed each time.
        """
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        key = (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)
        if key != self._stat_key:
            self._stat_hash = self._hash_now()
            self._stat_key = key
        return self._stat_hash

    def _hash_now(self) -> str | None:
        try:
            return sha256(self.path.read_bytes())
        except FileNotFoundError:
            return None

    def encode(self, code: str) -> bytes:
        if self._crlf and "\r" not in code:
            code = code.replace("\n", "\r\n")
        if self._bom and not code.startswith(_BOM):
            code = _BOM + code
        return code.encode("utf-8")

    def save(
        self,
        code: str,
        base_hash: str | None,
        force: bool = False,
        snapshot: list[Any] | None = None,
    ) -> SaveResult:
        """Write `code` if the disk still holds `base_hash` (or `force`); raises SaveConflict."""
        with self.lock:
            # Hash the bytes, not the stat cache: this check is what protects the user's work.
            current = self._hash_now()
            if not force and current != base_hash:
                raise SaveConflict(current)
            data = self.encode(code)
            new = sha256(data)
            if new != current:  # unchanged code: leave the file (and its mtime) alone
                atomic_write(self.path, data)
            outputs_saved: bool | None = None
            if snapshot is not None:
                try:
                    write_outputs(self.path, new, snapshot)
                    outputs_saved = True
                except OSError:
                    # The code is safe on disk; losing the outputs cache only costs a re-run.
                    outputs_saved = False
            return SaveResult(new, outputs_saved)

    def outputs(self, code_hash: str) -> list[Any] | None:
        return read_outputs(self.path, code_hash)
