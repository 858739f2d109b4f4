"""Imports in Jupyter cells, made fit for a reactive notebook.

- The same import in several cells (`import numpy as np` in every other cell): keep the first,
  turn the others into comments, so that one cell defines the name and the rest use it. Only
  when it cannot change a result: every cell that defines the name does so with one identical
  top-level import statement that binds nothing else and stands alone on its lines, so each of
  them bound the very same module object.
- A cell's imports in cells of their own: Jupyter keeps `np` when the import after it fails (a
  package that is not installed), and so does a cell that only imports numpy. Cutting a cell at
  top-level statement boundaries changes nothing for a plain script (the code and its order stay
  the same).
"""
from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

from .._analysis import analyze

__all__ = ["DuplicateImport", "dedupe_imports", "split_imports"]

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


def split_imports(code: str) -> list[str]:
    """`code` as consecutive pieces: each import of a module outside the standard library in a
    piece of its own, standard-library imports that follow each other together, other code
    together. `[code]` when there is nothing to split. Comment lines go with the code below them;
    statements sharing a line are never separated; a piece never ends with a bare expression
    (it would become that piece's output, which Jupyter did not show)."""
    try:
        body = ast.parse(code).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [code]
    if len(body) < 2 or not any(_kind(s) != "code" for s in body):
        return [code]
    groups: list[list[ast.stmt]] = [[body[0]]]
    for stmt in body[1:]:
        last = groups[-1][-1]
        kind = _kind(stmt)
        joined = (stmt.lineno == last.end_lineno or isinstance(last, ast.Expr)
                  or (kind == _kind(last) and kind != "import"))
        if joined:
            groups[-1].append(stmt)
        else:
            groups.append([stmt])
    if len(groups) == 1:
        return [code]
    lines = code.split("\n")
    starts = [1] + [_first_line(g[0]) for g in groups[1:]] + [len(lines) + 1]
    pieces = ["\n".join(lines[a - 1:b - 1]).strip("\n") for a, b in zip(starts, starts[1:])]
    return [p for p in pieces if p.strip()]


def _kind(stmt: ast.stmt) -> str:
    """"stdlib" (an import of standard-library modules only), "import" (any other), "code"."""
    if isinstance(stmt, ast.ImportFrom):
        if stmt.level or stmt.module == "__future__":
            return "code"  # relative imports and __future__ stay with their code
        modules = [stmt.module or ""]
    elif isinstance(stmt, ast.Import):
        modules = [a.name for a in stmt.names]
    else:
        return "code"
    stdlib = all(m.split(".")[0] in sys.stdlib_module_names for m in modules)
    return "stdlib" if stdlib else "import"


def _first_line(stmt: ast.stmt) -> int:
    decorators = getattr(stmt, "decorator_list", [])
    return min([stmt.lineno] + [d.lineno for d in decorators])
