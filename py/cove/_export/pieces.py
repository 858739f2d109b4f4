"""Text stored as pieces of another text: how the precomputed tables (precompute.py) keep their
shown states small. A stored text is a string (whole), or a list of pieces, each a string or
[index, offset, length]: that part of the text stored whole at `index` of the same list.
web/src/boot/precomputed.ts rebuilds them the same way (`text`).
"""
from __future__ import annotations

import json
from typing import Any, Sequence

__all__ = ["kgrams", "encode", "rebuild"]

# A state is most often its cell's reference state with a few numbers changed: stored as the
# pieces of the reference it shares (runs of at least MIN_COPY characters) and the text between
# them, it takes a fifth of the room (the intro example: 0.9 MB in one piece, 0.2 MB so).
KGRAM = 8
MIN_COPY = 16  # a copy, [index, offset, length], costs about as many characters as this
CANDIDATES = 8  # positions of the reference kept per k-gram


def kgrams(ref: str) -> dict[str, list[int]]:
    """Where each KGRAM-character run of `ref` starts (the first CANDIDATES places)."""
    index: dict[str, list[int]] = {}
    for p in range(len(ref) - KGRAM + 1):
        at = index.setdefault(ref[p:p + KGRAM], [])
        if len(at) < CANDIDATES:
            at.append(p)
    return index


def encode(ref_index: int, ref: str, index: dict[str, list[int]], text: str) -> str | list[Any]:
    """`text` as [piece, ...]: a string, or [ref_index, offset, length] (that part of `ref`);
    `text` itself when that is no shorter. `index` is kgrams(ref). Greedy: at each position the
    longest match among the reference's positions that start with the same k-gram."""
    parts: list[Any] = []
    literal = i = 0
    while i <= len(text) - MIN_COPY:
        best_at, best = 0, 0
        for a in index.get(text[i:i + KGRAM], ()):
            n = common(ref, a, text, i)
            if n > best:
                best_at, best = a, n
        if best < MIN_COPY:
            i += 1
            continue
        if literal < i:
            parts.append(text[literal:i])
        parts.append([ref_index, best_at, best])
        i = literal = i + best
    if literal < len(text):
        parts.append(text[literal:])
    return parts if len(json.dumps(parts, ensure_ascii=False)) < len(json.dumps(text, ensure_ascii=False)) else text


def common(a: str, i: int, b: str, j: int) -> int:
    """Length of the common prefix of a[i:] and b[j:] (compared in blocks: slices run in C)."""
    n, step = 0, 64
    while step:
        if i + n + step <= len(a) and j + n + step <= len(b) and a[i + n:i + n + step] == b[j + n:j + n + step]:
            n += step
        else:
            step //= 2
    return n


def rebuild(stored: Sequence[Any], index: int) -> str:
    """The text at `index` of a list of stored texts."""
    s = stored[index]
    if isinstance(s, str):
        return s
    return "".join(p if isinstance(p, str) else stored[p[0]][p[1]:p[1] + p[2]] for p in s)
