"""A tiny terminal progress bar for wheel downloads and copies: one `\\r`-updated line on a TTY,
one line per file otherwise (CI logs), nothing when quiet. Always on stderr: stdout is data."""
from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import TextIO

__all__ = ["Progress", "human_size", "transfer"]

_BAR = 24
_EVERY = 0.1  # seconds between redraws: a fast copy would otherwise spend its time printing


def human_size(n: float) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return f"{n:,.1f} GB"  # pragma: no cover


class Progress:
    """`start(name, total)`, `advance(nbytes)` as bytes arrive, `done(note)`; `note(text)` for a
    line of its own. `total` may be None (unknown length: no bar, just the byte count)."""

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False,
                 tty: bool | None = None, prefix: str = "cove: ") -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.prefix = prefix
        self.name = ""
        self.total: int | None = None
        self.done_bytes = 0
        self._drawn = 0.0
        self._width = 0  # length of the line on screen, to blank a longer previous one

    def start(self, name: str, total: int | None = None) -> None:
        self.name, self.total, self.done_bytes, self._drawn = name, total, 0, 0.0
        if self.tty and not self.quiet:
            self._draw()

    def advance(self, nbytes: int) -> None:
        self.done_bytes += nbytes
        if self.tty and not self.quiet and time.monotonic() - self._drawn >= _EVERY:
            self._draw()

    def done(self, note: str = "") -> None:
        if self.quiet:
            return
        size = human_size(self.done_bytes if self.done_bytes else (self.total or 0))
        line = f"{self.prefix}{self.name} {size}" + (f" ({note})" if note else "")
        self._line(line)

    def note(self, text: str) -> None:
        if not self.quiet:
            self._line(self.prefix + text)

    def _line(self, text: str) -> None:
        if self.tty:  # blank the bar line, then leave the finished line on screen
            text = "\r" + " " * self._width + "\r" + text
            self._width = 0
        self.stream.write(text + "\n")
        self.stream.flush()

    def _draw(self) -> None:
        self._drawn = time.monotonic()
        if self.total:
            filled = int(_BAR * min(self.done_bytes / self.total, 1.0))
            bar = "[" + "#" * filled + "." * (_BAR - filled) + "] "
            amount = f"{human_size(self.done_bytes)} / {human_size(self.total)}"
        else:
            bar, amount = "", human_size(self.done_bytes)
        text = f"{self.prefix}{bar}{amount} {self.name}"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)


def transfer(src: str, dest: Path, progress: Progress, label: str, sha256: str | None = None,
             note: str = "") -> str:
    """Copy a local file or download a URL to `dest` with a progress bar; return its sha256.
    `dest` appears complete or not at all. OSError when the source can't be read, ValueError
    ("<file>: sha256 X does not match Y") when `sha256` is given and differs."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, part = tempfile.mkstemp(dir=dest.parent, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            if "://" in src:
                try:
                    source = urllib.request.urlopen(src, timeout=60)
                except urllib.error.URLError as e:  # HTTPError included; OSError for callers
                    raise OSError(getattr(e, "reason", e)) from None
                total = int(source.headers.get("Content-Length") or 0) or None
            else:
                source, total = open(src, "rb"), os.path.getsize(src)
            progress.start(label, total)
            with source:
                for chunk in iter(lambda: source.read(1 << 18), b""):
                    digest.update(chunk)
                    out.write(chunk)
                    progress.advance(len(chunk))
        if sha256 and digest.hexdigest() != sha256:
            raise ValueError(f"{label}: sha256 {digest.hexdigest()} does not match {sha256}")
        os.replace(part, dest)
    finally:
        if os.path.exists(part):
            os.unlink(part)
    progress.done(note)
    return digest.hexdigest()
