"""Where a cell mentions one global name: each occurrence that means the module-level binding.

Python's scoping rules decide: a function's parameter or local of that name is another variable
(left alone), a free name in a function body is the global (read when the function is called:
`lazy`), defaults, decorators and a comprehension's first iterable belong to the enclosing scope.
Forms where the answer depends on run time or would need more than renaming one token (a
`global`/`nonlocal` declaration, a class body binding the name, `except ... as name`, match
captures, `import name.sub`) make the answer None: callers then leave the name alone.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Edits", "Occurrence", "occurrences"]

Kind = Literal["name", "import", "import-as", "def"]

_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


@dataclass(frozen=True)
class Occurrence:
    line: int  # 1-based
    col: int  # UTF-8 byte offset of the name, as `ast` reports it
    kind: Kind  # a name; `import name` (becomes `name as new`); `... as name`; def/class name
    store: bool  # binds the name (assignment target, import, def, del)
    lazy: bool  # inside a function, lambda or generator: runs later than the cell
    stmt: int  # index of the cell's top-level statement holding it


class _Refuse(Exception):
    pass


def occurrences(tree: ast.Module, name: str) -> list[Occurrence] | None:
    """Every occurrence of the global `name` in `tree`, or None when that is uncertain."""
    walker = _Walker(name)
    try:
        for index, stmt in enumerate(tree.body):
            walker.stmt = index
            walker.walk(stmt, shadowed=False, lazy=False, in_class=False)
    except (_Refuse, RecursionError):
        return None
    return walker.found


class _Walker:
    def __init__(self, name: str) -> None:
        self.name = name
        self.stmt = 0
        self.found: list[Occurrence] = []

    def add(self, node: ast.AST, kind: Kind, store: bool, lazy: bool, col: int | None = None) -> None:
        line = node.end_lineno if kind == "import-as" else node.lineno  # type: ignore[attr-defined]
        self.found.append(Occurrence(line or 1, node.col_offset if col is None else col,  # type: ignore[attr-defined]
                                     kind, store, lazy, self.stmt))

    def walk(self, node: ast.AST, shadowed: bool, lazy: bool, in_class: bool) -> None:
        name = self.name
        if isinstance(node, _FUNCTIONS):
            self._function(node, shadowed, lazy, in_class)
        elif isinstance(node, ast.ClassDef):
            for child in node.decorator_list + node.bases + [k.value for k in node.keywords]:
                self.walk(child, shadowed, lazy, in_class)
            if node.name == name:
                self._definition(node, shadowed, lazy, in_class)
            if not shadowed and _binding(node.body, name) is not None:
                raise _Refuse  # a class attribute of that name: reads before it mean the global
            for stmt in node.body:
                self.walk(stmt, shadowed, lazy, in_class=True)
        elif isinstance(node, _COMPREHENSIONS):
            generators = node.generators
            self.walk(generators[0].iter, shadowed, lazy, in_class)
            local = any(name in _target_names(g.target) for g in generators)
            inner_lazy = lazy or isinstance(node, ast.GeneratorExp)
            rest: list[ast.AST] = [g.iter for g in generators[1:]]
            rest += [cond for g in generators for cond in g.ifs]
            rest += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]  # type: ignore[attr-defined]
            for child in rest:
                self.walk(child, shadowed or local, inner_lazy, in_class=False)
        elif isinstance(node, ast.Name):
            if node.id == name and not shadowed:
                self.add(node, "name", not isinstance(node.ctx, ast.Load), lazy)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            if name in node.names:
                raise _Refuse
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if _alias_binds(alias) == name and not shadowed:
                    if in_class or (alias.asname is None and "." in alias.name):
                        raise _Refuse  # `import name.sub` binds the package, not `name.sub`
                    kind: Kind = "import-as" if alias.asname else "import"
                    self.add(alias, kind, True, lazy,
                             col=(alias.end_col_offset or 0) - len(name.encode()) if alias.asname else None)
        elif isinstance(node, ast.ExceptHandler) and node.name == name and not shadowed:
            raise _Refuse
        elif isinstance(node, (ast.MatchAs, ast.MatchStar)) and node.name == name and not shadowed:
            raise _Refuse
        elif isinstance(node, ast.MatchMapping) and node.rest == name and not shadowed:
            raise _Refuse
        else:
            for child in ast.iter_child_nodes(node):
                self.walk(child, shadowed, lazy, in_class)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda, shadowed: bool,
                  lazy: bool, in_class: bool) -> None:
        name = self.name
        if getattr(node, "type_params", None):
            raise _Refuse  # PEP 695 scopes: rare in notebooks, not worth guessing
        args = node.args
        # Evaluated where the function is defined, not when it is called.
        outer: list[ast.AST | None] = [*args.defaults, *args.kw_defaults]
        if not isinstance(node, ast.Lambda):
            outer += [*node.decorator_list, node.returns]
            outer += [a.annotation for a in _all_args(args)]
        for child in outer:
            if child is not None:
                self.walk(child, shadowed, lazy, in_class)
        if not isinstance(node, ast.Lambda) and node.name == name:
            self._definition(node, shadowed, lazy, in_class)
        params = {a.arg for a in _all_args(args)}
        body = [node.body] if isinstance(node, ast.Lambda) else node.body
        binding = "local" if name in params else _binding(body, name)
        if binding == "global" and not shadowed:
            raise _Refuse
        for stmt in body:
            self.walk(stmt, shadowed or binding is not None, lazy=True, in_class=False)

    def _definition(self, node: ast.AST, shadowed: bool, lazy: bool, in_class: bool) -> None:
        if shadowed:
            return
        if in_class:
            raise _Refuse
        self.add(node, "def", True, lazy)


def _all_args(args: ast.arguments) -> list[ast.arg]:
    extra = [a for a in (args.vararg, args.kwarg) if a is not None]
    return [*args.posonlyargs, *args.args, *args.kwonlyargs, *extra]


def _alias_binds(alias: ast.alias) -> str:
    return alias.asname or alias.name.split(".")[0]


def _target_names(target: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}


def _binding(body: list[ast.AST] | list[ast.stmt], name: str) -> str | None:
    """How the scope whose statements are `body` binds `name`: "global" (declared so),
    "local" (assigned, imported, a parameter, declared nonlocal), or None. Nested functions
    and classes are other scopes (only their own name binds here); a comprehension's targets
    are its own, but a walrus inside it binds here."""
    stack: list[ast.AST] = list(body)
    found: str | None = None
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Global) and name in node.names:
            return "global"
        if isinstance(node, ast.Nonlocal) and name in node.names:
            found = "local"
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found = "local" if node.name == name else found
            stack += node.decorator_list
            continue
        elif isinstance(node, ast.Lambda):
            continue
        elif isinstance(node, _COMPREHENSIONS):
            for g in node.generators:
                stack += [g.iter, *g.ifs]
            stack += [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]  # type: ignore[attr-defined]
            continue
        elif isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            found = "local"
        elif isinstance(node, ast.alias) and _alias_binds(node) == name:
            found = "local"
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name == name:
            found = "local"
        elif isinstance(node, ast.MatchMapping) and node.rest == name:
            found = "local"
        stack.extend(ast.iter_child_nodes(node))
    return found


class Edits:
    """Replacements at (line, UTF-8 byte column) positions as `ast` reports them, each checked
    against the text it expects to find there."""

    def __init__(self, code: str) -> None:
        self.lines = code.split("\n")
        self._edits: list[tuple[int, int, int, str]] = []

    def replace(self, line: int, start: int, expected: str, text: str) -> bool:
        raw = self.lines[line - 1].encode("utf-8")
        end = start + len(expected.encode("utf-8"))
        if raw[start:end] != expected.encode("utf-8"):
            return False  # a position the parser reported differently (f-string internals, say)
        self._edits.append((line - 1, start, end, text))
        return True

    def rename(self, occ: Occurrence, old: str, new: str) -> bool:
        """Rename one occurrence of `old` to `new`."""
        if occ.kind == "import":
            return self.replace(occ.line, occ.col, old, f"{old} as {new}")
        if occ.kind == "def":
            raw = self.lines[occ.line - 1].encode("utf-8")
            pattern = rb"(?:async\s+)?(?:def|class)\s+(" + re.escape(old.encode()) + rb")\b"
            match = re.compile(pattern).match(raw, occ.col)
            return match is not None and self.replace(occ.line, match.start(1), old, new)
        return self.replace(occ.line, occ.col, old, new)

    def apply(self) -> str:
        lines = list(self.lines)
        for index, start, end, text in sorted(set(self._edits), reverse=True):
            raw = lines[index].encode("utf-8")
            lines[index] = (raw[:start] + text.encode("utf-8") + raw[end:]).decode("utf-8")
        return "\n".join(lines)
