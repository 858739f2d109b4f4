"""Gzip for static files, compressed once per file version and kept in memory."""
from __future__ import annotations

import gzip
import os
import threading
from collections import OrderedDict
from pathlib import Path

__all__ = ["GzipCache", "accepts_gzip", "gzip_bytes"]

# Smaller responses are not worth the CPU, and gzip's 20-byte framing can make them larger.
MIN_SIZE = 1024
# Above this the file is streamed as is rather than held in memory.
MAX_SIZE = 128 << 20


def accepts_gzip(header: str | None) -> bool:
    """Whether an Accept-Encoding header allows gzip (honouring `gzip;q=0`)."""
    if not header:
        return False
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() not in ("gzip", "*"):
            continue
        q = params.strip().lower()
        if q.startswith("q="):
            try:
                return float(q[2:]) > 0
            except ValueError:
                return False
        return True
    return False


def gzip_bytes(data: bytes) -> bytes:
    # mtime=0: the same input gives the same bytes, so ETags and tests are stable.
    return gzip.compress(data, compresslevel=6, mtime=0)


class GzipCache:
    """Compressed bytes per file, keyed by path and (mtime, size); least recently used goes first."""

    def __init__(self, max_bytes: int = 256 << 20) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[tuple[int, int], bytes | None]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        # One lock per path: two requests for the same new file compress it once, while other
        # files are served in parallel.
        self._path_locks: dict[str, threading.Lock] = {}

    def get(self, path: Path, st: os.stat_result) -> bytes | None:
        """The gzipped file, or None when compressing it is not worthwhile."""
        if st.st_size < MIN_SIZE or st.st_size > MAX_SIZE:
            return None
        key = os.fspath(path)
        version = (st.st_mtime_ns, st.st_size)
        with self._lock:
            path_lock = self._path_locks.setdefault(key, threading.Lock())
        with path_lock:
            hit = self._lookup(key, version)
            if hit is not None:
                return hit[0]
            try:
                data = path.read_bytes()
            except OSError:
                return None
            if len(data) != st.st_size:
                return None  # changed while reading; serve it uncompressed this time
            packed: bytes | None = gzip_bytes(data)
            # Keep gzip only when it pays: some "text" files are tiny or already dense.
            if packed is not None and len(packed) > 0.9 * len(data):
                packed = None
            self._store(key, version, packed)
            return packed

    def _lookup(self, key: str, version: tuple[int, int]) -> tuple[bytes | None] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != version:
                return None
            self._entries.move_to_end(key)
            return (entry[1],)

    def _store(self, key: str, version: tuple[int, int], packed: bytes | None) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None and old[1] is not None:
                self._size -= len(old[1])
            self._entries[key] = (version, packed)
            self._size += len(packed or b"")
            while self._size > self.max_bytes and len(self._entries) > 1:
                _, (_, dropped) = self._entries.popitem(last=False)
                self._size -= len(dropped or b"")
