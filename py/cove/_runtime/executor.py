"""Compile and execute one cell's code in the notebook's globals.

The last top-level expression is compiled separately so its value becomes the cell's output
(like marimo and Jupyter). Every cell's source is registered with `linecache` under its own
filename, so tracebacks show the cell's lines with the cell's own line numbers.
"""
from __future__ import annotations

import ast
import inspect
import linecache
import traceback
from dataclasses import dataclass
from types import CodeType, TracebackType
from typing import Any, Callable

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


def cell_filename(cell_id: str) -> str:
    return f"<cell {cell_id}>"


@dataclass(frozen=True)
class CompiledCell:
    filename: str
    body: CodeType | None
    last_expr: CodeType | None
    is_async: bool


_cache: dict[tuple[str, str], CompiledCell] = {}


def compile_cell(code: str, cell_id: str) -> CompiledCell:
    """Compile `code` (raises SyntaxError). Cached: re-running an unchanged cell (a slider drag)
    skips parsing and compiling."""
    filename = cell_filename(cell_id)
    key = (filename, code)
    hit = _cache.get(key)
    if hit is not None:
        _register_source(filename, code)
        return hit
    try:
        tree = ast.parse(code, filename=filename, mode="exec")
        last: ast.Expression | None = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            expr = tree.body.pop()
            last = ast.Expression(body=expr.value)  # type: ignore[attr-defined]
            ast.copy_location(last, expr)
        body = compile(tree, filename, "exec", flags=_FLAGS, dont_inherit=True) if tree.body else None
        last_code = compile(last, filename, "eval", flags=_FLAGS, dont_inherit=True) if last else None
    except (RecursionError, MemoryError):
        # Code nested deeper than CPython's compiler goes (a 2000-term expression, 1000 nested
        # brackets): a syntax problem of this cell, not a crash of the kernel.
        raise SyntaxError("the code is nested too deeply for Python to compile", (filename, 1, 1, None)) from None
    is_async = any(
        c is not None and c.co_flags & inspect.CO_COROUTINE for c in (body, last_code)
    )
    compiled = CompiledCell(filename, body, last_code, bool(is_async))
    if len(_cache) > 4096:
        _cache.clear()
    _cache[key] = compiled
    _register_source(filename, code)
    return compiled


def _register_source(filename: str, code: str) -> None:
    lines = code.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(code), None, lines, filename)


def execute(
    compiled: CompiledCell, glbls: dict[str, Any], run_coroutine: Callable[[Any], Any]
) -> Any:
    """Run the cell; return the value of its last expression (None when there is none)."""
    if compiled.body is not None:
        result = eval(compiled.body, glbls)
        if inspect.iscoroutine(result):
            run_coroutine(result)
    if compiled.last_expr is None:
        return None
    value = eval(compiled.last_expr, glbls)
    if compiled.is_async and inspect.iscoroutine(value) and compiled.last_expr.co_flags & inspect.CO_COROUTINE:
        value = run_coroutine(value)
    return value


def format_cell_traceback(exc: BaseException, filename: str) -> str:
    """The traceback from the cell's first frame on: Cove's own frames are dropped."""
    tb: TracebackType | None = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    if tb is None:  # raised before reaching the cell (e.g. a SyntaxError at compile)
        return "".join(traceback.format_exception_only(type(exc), exc))
    return "".join(traceback.format_exception(type(exc), exc, tb))
