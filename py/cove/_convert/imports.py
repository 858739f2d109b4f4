"""The same import in several cells (`import numpy as np` in every other Jupyter cell): keep the
first, turn the others into comments, so that one cell defines the name and the rest use it.

Only when it cannot change a result: every cell that defines the name does so with one identical
top-level import statement that binds nothing else and stands alone on its lines, so each of them
bound the very same module object.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass

from .._analysis import analyze

__all__ = ["DuplicateImport", "dedupe_imports"]

NOTE = "  (imported in an earlier cell)"


@dataclass(frozen=True)
class DuplicateImport:
    name: str
    kept: int  # the cell whose import stays
    removed: tuple[int, ...]  # the cells whose import became a comment


def dedupe_imports(codes: list[str]) -> tuple[list[str], list[DuplicateImport]]:
    codes = list(codes)
    definers: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        for name in analyze(code).defs:
            definers.setdefault(name, []).append(i)
    found: list[DuplicateImport] = []
    for name, cells in sorted(definers.items(), key=lambda item: (item[1][0], item[0])):
        if len(cells) < 2:
            continue
        found_imports = [_sole_import(codes[i], name) for i in cells]
        imports = [imp for imp in found_imports if imp is not None]
        if len(imports) != len(cells) or len({imp[0] for imp in imports}) != 1:
            continue
        rewritten: dict[int, str] = {}
        for i, imp in zip(cells[1:], imports[1:]):
            lines = codes[i].split("\n")
            first, last = imp[1], imp[2]
            lines[first:last] = ["# " + line + (NOTE if k == last - first - 1 else "")
                                 for k, line in enumerate(lines[first:last])]
            new = "\n".join(lines)
            if name in analyze(new).defs or analyze(new).syntax_error:
                break
            rewritten[i] = new
        else:
            for i, new in rewritten.items():
                codes[i] = new
            found.append(DuplicateImport(name, cells[0], tuple(cells[1:])))
    return codes, found


def _sole_import(code: str, name: str) -> tuple[str, int, int] | None:
    """(the import statement's text, its first line index, end line index) when `name` is bound
    in `code` only by one top-level import statement of one name, alone on its lines."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    statements = [s for s in tree.body if isinstance(s, (ast.Import, ast.ImportFrom))
                  and any(_binds(a) == name for a in s.names)]
    if len(statements) != 1 or len(statements[0].names) != 1:
        return None
    stmt = statements[0]
    lines = code.split("\n")
    segment = ast.get_source_segment(code, stmt)
    span = "\n".join(lines[stmt.lineno - 1: stmt.end_lineno])
    if segment is None or span.strip() != segment.strip() or "#" in span:
        return None  # shares its line with other code (`import x; y = 1`) or carries a comment
    return ast.dump(stmt), stmt.lineno - 1, stmt.end_lineno or stmt.lineno


def _binds(alias: ast.alias) -> str:
    return alias.asname or alias.name.split(".")[0]
