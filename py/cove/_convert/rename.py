"""Names defined in several cells: rename the safe ones to `_name` (cell-local), report the rest.

Jupyter notebooks reuse names freely (`x`, `fig`, `tmp` in every other cell); in a reactive
notebook a name has one defining cell. The only rewrite done here is one that cannot change what
the notebook computes: a name is renamed to `_name` when every cell that mentions it as a global
defines it before reading it, so each cell's value was private to that cell all along. Renaming
works on the syntax tree (exact positions of names, imports and def/class names) and gives up on
a cell whenever a form could mean something else (a parameter or `global` of that name, a class
body, an `except ... as` target): such names are reported, never guessed.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .._analysis import analyze

__all__ = ["Redefinition", "rename_in_code", "resolve_redefinitions"]


@dataclass(frozen=True)
class Redefinition:
    """One name defined by several cells (indices in the output notebook)."""

    name: str
    cells: tuple[int, ...]
    # Cells that read the name without defining it first (empty when renaming was possible).
    readers: tuple[int, ...]
    renamed_to: str | None


def resolve_redefinitions(codes: list[str]) -> tuple[list[str], list[Redefinition]]:
    """`codes` with every safely renamable multiply-defined name renamed; and what was found."""
    codes = list(codes)
    analyses = [analyze(code) for code in codes]
    definers: dict[str, list[int]] = {}
    for i, a in enumerate(analyses):
        for name in a.defs:
            definers.setdefault(name, []).append(i)
    found: list[Redefinition] = []
    for name, cells in sorted(definers.items(), key=lambda item: (item[1][0], item[0])):
        if len(cells) < 2:
            continue
        readers = tuple(i for i, a in enumerate(analyses) if name in a.refs)
        new = _free_name(name, [codes[i] for i in cells])
        renamed = None
        if not readers and not name.startswith("_") and new is not None:
            attempt = {i: rename_in_code(codes[i], name, new) for i in cells}
            if all(code is not None for code in attempt.values()):
                for i, code in attempt.items():
                    codes[i] = code  # type: ignore[assignment]
                    analyses[i] = analyze(codes[i])
                renamed = new
        found.append(Redefinition(name, tuple(cells), readers, renamed))
    return codes, found


def _free_name(name: str, codes: list[str]) -> str | None:
    """`_name`, unless that identifier already appears in one of the cells."""
    new = "_" + name
    pattern = re.compile(rf"(?<![\w.]){re.escape(new)}(?!\w)")
    return None if any(pattern.search(code) for code in codes) else new


def rename_in_code(code: str, old: str, new: str) -> str | None:
    """`code` with the global `old` renamed to `new`, or None when that is not certainly safe."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    edits = _Edits(code.split("\n"))
    for node in ast.walk(tree):
        if _ambiguous(node, old):
            return None
        ok = True
        if isinstance(node, ast.Name) and node.id == old:
            ok = edits.replace(node.lineno, node.col_offset, old, new)
        elif isinstance(node, ast.alias) and old in (node.asname, node.name.split(".")[0]):
            ok = _rename_alias(node, old, new, edits)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == old:
            line = edits.lines[node.lineno - 1].encode("utf-8")
            pattern = rb"(?:async\s+)?(?:def|class)\s+(" + re.escape(old.encode()) + rb")\b"
            match = re.compile(pattern).match(line, node.col_offset)
            ok = match is not None and edits.replace(node.lineno, match.start(1), old, new)
        if not ok:
            return None
    result = edits.apply()
    before, after = analyze(code), analyze(result)
    # The rewrite must change exactly one thing: `old` is no longer a global of the cell.
    if after.syntax_error or after.defs != before.defs - {old} or after.refs != before.refs:
        return None
    return result


def _ambiguous(node: ast.AST, old: str) -> bool:
    """Forms where `old` may not be the global: renaming there could change the meaning."""
    if isinstance(node, ast.ClassDef):
        return _mentions(node.body, old)  # in a class body the name is a class attribute
    if isinstance(node, ast.arg):
        return node.arg == old
    if isinstance(node, (ast.Global, ast.Nonlocal)):
        return old in node.names
    if isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)):
        return node.name == old
    if isinstance(node, ast.MatchMapping):
        return node.rest == old
    return False


class _Edits:
    """Replacements at (line, UTF-8 byte column) positions as `ast` reports them."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self._edits: list[tuple[int, int, int, str]] = []

    def replace(self, lineno: int, start: int, expected: str, text: str) -> bool:
        raw = self.lines[lineno - 1].encode("utf-8")
        end = start + len(expected.encode("utf-8"))
        if raw[start:end] != expected.encode("utf-8"):
            return False  # a position the parser reported differently (f-string internals, say)
        self._edits.append((lineno - 1, start, end, text))
        return True

    def apply(self) -> str:
        lines = list(self.lines)
        for index, start, end, text in sorted(set(self._edits), reverse=True):
            raw = lines[index].encode("utf-8")
            lines[index] = (raw[:start] + text.encode("utf-8") + raw[end:]).decode("utf-8")
        return "\n".join(lines)


def _rename_alias(node: ast.alias, old: str, new: str, edits: _Edits) -> bool:
    """`import x as old` → `as new`; `import old` / `from m import old` → `old as new`.
    `import old.sub` binds `old` to the package and cannot be renamed without changing it."""
    end = node.end_col_offset or 0
    if node.asname == old:
        return edits.replace(node.end_lineno or node.lineno, end - len(old.encode()), old, new)
    if node.asname is None and node.name == old:
        return edits.replace(node.lineno, node.col_offset, old, f"{old} as {new}")
    return node.asname is not None  # `import old.sub as y` does not bind `old`


def _mentions(body: list[ast.stmt], name: str) -> bool:
    return any(isinstance(n, ast.Name) and n.id == name for stmt in body for n in ast.walk(stmt))
