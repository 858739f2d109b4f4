"""Names that pandas looks up inside strings, made visible to static analysis.

`pd.eval("df1 + df2")` reads `df1` and `df2`, and `df.query("a > @x")` reads `x`, from the
calling frame at run time: no `ast` sees them, so the graph would not order those cells, and
renaming `x` would leave the string pointing at the old version. At a cell's top level the
frame's variables are the notebook's globals, so passing them explicitly,
`df.query("a > @x", local_dict={"x": x})`, computes the very same thing, and the names become
ordinary reads. Only names that some cell up to this one defines are passed (others are pandas'
own functions, columns, or errors either way). Other run-time lookups (`eval`, `exec`,
`globals()`, `locals()`, `vars()`) cannot be made explicit: they are only reported.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from .scopes import Edits

__all__ = ["DynamicLookup", "StringRefs", "explicit_string_refs", "pandas_aliases"]

_AT_NAME = re.compile(r"@([A-Za-z_]\w*)")
_QUOTED = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"")
_DYNAMIC = {"eval", "exec", "globals", "locals", "vars"}
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
           ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class StringRefs:
    line: int  # in the cell, 1-based
    call: str  # e.g. `df.query(...)`
    names: tuple[str, ...]


@dataclass(frozen=True)
class DynamicLookup:
    line: int
    call: str


def pandas_aliases(codes: list[str]) -> set[str]:
    """Names bound to the pandas module by `import pandas [as pd]` in any cell."""
    names: set[str] = set()
    for code in codes:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(a.asname or a.name for a in node.names if a.name == "pandas")
    return names


def explicit_string_refs(code: str, known: set[str], pandas: set[str]) -> tuple[
        str, list[StringRefs], list[StringRefs], list[DynamicLookup]]:
    """`code` with the names read inside pandas expression strings passed as `local_dict`, if
    they are in `known`; the calls changed; those left (in a function, or with their own
    `local_dict`); and other run-time lookups."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return code, [], [], []
    edits = Edits(code)
    changed: list[StringRefs] = []
    hidden: list[StringRefs] = []  # found, but not at the top level: not made explicit
    dynamic: list[DynamicLookup] = []
    for node, top_level in _calls(tree):
        func = node.func
        if isinstance(func, ast.Name) and func.id in _DYNAMIC:
            dynamic.append(DynamicLookup(node.lineno, f"{func.id}(...)"))
            continue
        names = _string_names(node, pandas)
        names = tuple(n for n in dict.fromkeys(names) if n in known)
        if not names:
            continue
        found = StringRefs(node.lineno, f"{ast.unparse(func)}(...)", names)
        if top_level and not any(k.arg in (None, "local_dict", "level", "resolvers")
                                 for k in node.keywords) and _insert_local_dict(node, names, edits):
            changed.append(found)
        else:
            hidden.append(found)
    return (edits.apply() if changed else code), changed, hidden, dynamic


def _calls(tree: ast.Module) -> list[tuple[ast.Call, bool]]:
    """Every call, and whether it runs at the cell's top level (not in a function, class or
    comprehension, where the frame's variables are not the notebook's globals)."""
    found: list[tuple[ast.Call, bool]] = []
    stack: list[tuple[ast.AST, bool]] = [(tree, True)]
    while stack:
        node, top = stack.pop()
        if isinstance(node, ast.Call):
            found.append((node, top))
        inner = top and not isinstance(node, _SCOPES)
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return sorted(found, key=lambda item: (item[0].lineno, item[0].col_offset))


def _string_names(call: ast.Call, pandas: set[str]) -> list[str]:
    """The variables a pandas expression string in `call` reads."""
    func = call.func
    if not (isinstance(func, ast.Attribute) and func.attr in ("eval", "query") and call.args
            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
        return []
    text = call.args[0].value
    if isinstance(func.value, ast.Name) and func.value.id in pandas and func.attr == "eval":
        # `pd.eval`: every bare name is a variable.
        try:
            expr = ast.parse(_QUOTED.sub("0", text).replace("\n", " ").strip())
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return []
        return [n.id for n in ast.walk(expr) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)]
    # `DataFrame.query` / `.eval`: bare names are columns; `@name` is a variable.
    return _AT_NAME.findall(_QUOTED.sub("''", text))


def _insert_local_dict(call: ast.Call, names: tuple[str, ...], edits: Edits) -> bool:
    """Add `local_dict={...}` before the call's closing parenthesis."""
    line, col = call.end_lineno or call.lineno, (call.end_col_offset or 1) - 1
    raw = edits.lines[line - 1].encode("utf-8")
    if raw[col:col + 1] != b")":
        return False
    before = b"\n".join(l.encode("utf-8") for l in edits.lines[:line - 1]) + raw[:col]
    comma = " " if before.rstrip().endswith(b",") else ", "
    entries = ", ".join(f'"{n}": {n}' for n in names)
    return edits.replace(line, col, "", f"{comma}local_dict={{{entries}}}")
