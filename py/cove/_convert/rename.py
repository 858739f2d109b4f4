"""Names defined in several cells, renamed so that each cell defines its own (SSA form).

Jupyter notebooks reassign freely (`x`, `df`, `fig` in many cells); a reactive notebook gives a
name one defining cell. Walking the cells in file order, each reassignment gets a version of its
own (`x`, `x_2`, `x_3`, ...) and every later read points at the newest version, so the cells form
a graph whose edges all point forward: run in dependency order they run in file order, and run
as a plain script they do what the original did. A cell that reads the previous version and then
rebinds the name starts with `x_2 = x`, unless its first binding is a plain `x = <uses x>`
(rewritten `x_2 = <uses x>`). A name that no cell reads from another becomes `_x`, private to
each cell.

Left alone, and reported: a name a function reads when called (a global in its body) while a
later cell reassigns it (which version the call sees depends on when it runs), and any cell where
the name's meaning is uncertain (see `scopes.occurrences`). Every rewrite is checked by analysing
the result: the cell must define and read exactly the versions intended.
"""
from __future__ import annotations

import ast
import builtins
import re
from dataclasses import dataclass
from typing import Callable

from .._analysis import CellAnalysis, analyze
from .scopes import Edits, Occurrence, occurrences

__all__ = ["Renamed", "Unresolved", "rename_in_code", "resolve_redefinitions"]

_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class Renamed:
    """One name given a version per defining cell (cell indices of the given code list)."""

    name: str
    versions: tuple[tuple[int, str], ...]  # (defining cell, the name it defines now)
    readers: tuple[int, ...]  # cells reading another cell's version
    carried: tuple[tuple[int, str, str], ...]  # cells that now start with `new = previous`


@dataclass(frozen=True)
class Unresolved:
    name: str
    cells: tuple[int, ...]
    reason: str


def resolve_redefinitions(codes: list[str], hidden: dict[str, list[int]] | None = None) -> tuple[
        list[str], list[Renamed], list[Unresolved]]:
    """`codes` with every name defined in several cells renamed per version where that is
    certainly safe; what was renamed and what was not (and why). `hidden`: names read where
    no rename can reach (inside strings), with the cells reading them: left alone."""
    codes = list(codes)
    analyses = [analyze(code) for code in codes]
    definers: dict[str, list[int]] = {}
    for i, a in enumerate(analyses):
        for name in a.defs:
            definers.setdefault(name, []).append(i)
    renamed: list[Renamed] = []
    unresolved: list[Unresolved] = []
    for name, cells in sorted(definers.items(), key=lambda item: (item[1][0], item[0])):
        early_builtin = name in _BUILTINS and any(
            name in analyses[i].builtin_refs for i in range(cells[0]))
        if len(cells) < 2 and not early_builtin:
            continue
        if hidden and name in hidden:
            unresolved.append(Unresolved(name, tuple(hidden[name]), "read by name inside a string"))
            continue
        plan = _plan(name, cells, codes, analyses)
        if isinstance(plan, Unresolved):
            unresolved.append(plan)
            continue
        rewritten, result = plan
        for i, code in rewritten.items():
            codes[i] = code
            analyses[i] = analyze(code)
        renamed.append(result)
    return codes, renamed, unresolved


def _plan(name: str, cells: list[int], codes: list[str], analyses: list[CellAnalysis]) -> (
        tuple[dict[int, str], Renamed] | Unresolved):
    trees = {i: _parse(codes[i]) for i in range(len(codes))
             if name in analyses[i].defs | analyses[i].refs | analyses[i].builtin_refs}
    found = {i: occurrences(tree, name) if tree is not None else None for i, tree in trees.items()}
    uncertain = tuple(i for i, occ in found.items() if occ is None)
    if uncertain:
        return Unresolved(name, uncertain, "its meaning there depends on how the cell runs")
    mentions = {i: occ for i, occ in found.items() if occ}
    reads = {i for i in mentions if name in analyses[i].refs
             or (name in analyses[i].builtin_refs and i > cells[0])}  # a builtin, before: not ours
    readers = tuple(i for i in mentions if i in reads and i not in cells)
    late = [i for i, occ in mentions.items() if any(o.lazy and not o.store for o in occ)
            and any(d > i for d in cells)]
    if late:
        return Unresolved(name, tuple(late), "a function reads it when called, and a later cell "
                          "reassigns it")
    # A name no other cell reads: each definition is private to its cell.
    if not reads and not name.startswith("_"):
        private = _free_name("_" + name, codes, set())
        if private is not None:
            rewritten = {i: rename_in_code(codes[i], name, private) for i in cells}
            if all(code is not None for code in rewritten.values()):
                return ({i: c for i, c in rewritten.items() if c is not None},
                        Renamed(name, tuple((i, private) for i in cells), (), ()))
    # Versions: the first definition keeps the name (a builtin's is renamed too, so that cells
    # reading the builtin before it keep reading the builtin).
    taken: set[str] = set()
    versions: dict[int, str] = {}
    for k, cell in enumerate(cells):
        if k == 0 and name not in _BUILTINS:
            versions[cell] = name
            continue
        version = _free_name(f"{name}_{k + 1}", codes, taken)
        if version is None:
            return Unresolved(name, tuple(cells), "no free name for its versions")
        versions[cell] = version
        taken.add(version)
    rewritten: dict[int, str] = {}
    carried: list[tuple[int, str, str]] = []
    for i in sorted(mentions):
        before = [versions[d] for d in cells if d < i]
        previous = before[-1] if before else None
        if i not in versions and previous is None:
            continue  # reads it before any cell defines it (a builtin, or a NameError in Jupyter)
        done = _rewrite(codes[i], name, mentions[i], previous, versions.get(i), analyses[i])
        if done is None:
            return Unresolved(name, (i,), "the cell could not be rewritten safely")
        code, carry = done
        if carry:
            carried.append((i, versions[i], previous or name))
        if code != codes[i]:
            rewritten[i] = code
    return rewritten, Renamed(name, tuple((i, versions[i]) for i in cells), readers, tuple(carried))


def _rewrite(code: str, name: str, occs: list[Occurrence], previous: str | None, new: str | None,
             analysis: CellAnalysis) -> tuple[str, bool] | None:
    """The cell with `name` read as `previous` and bound as `new` (None: not defined here),
    and whether it had to start with `new = previous`."""
    # Read before any cell binds it: a builtin (or a NameError, as in Jupyter): left as it is.
    read = previous if previous is not None else name
    prefix = ""
    reads_previous = True
    choose: Callable[[Occurrence], str]
    if new is None:
        choose = lambda o: read  # noqa: E731
    else:
        first = min(o.stmt for o in occs if o.store)
        tree = _parse(code)
        assert tree is not None
        if _binds_for_sure(tree.body[first], name, [o for o in occs if o.stmt <= first]):
            # Reads up to the first binding see the previous version; from there on, the new.
            choose = lambda o: new if o.stmt > first or o.store else read  # noqa: E731
            reads_previous = any(not o.store for o in occs if o.stmt <= first)
        else:
            # A binding that may not happen (under `if`, in a loop, `+=` on the old value, ...):
            # the new version starts as the previous one, so every outcome stays the same.
            prefix = f"{new} = {previous}\n" if previous is not None else ""
            reads_previous = previous is not None
            choose = lambda o: new  # noqa: E731
    edits = Edits(code)
    for occ in occs:
        target = choose(occ)
        if target != name and not edits.rename(occ, name, target):
            return None
    result = prefix + edits.apply()
    after = analyze(result)
    expected_defs = analysis.defs - {name} | ({new} if new is not None else set())
    expected_refs = analysis.refs - {name} | ({read} if reads_previous else set())
    if after.syntax_error or after.defs != expected_defs or (
            after.refs - _BUILTINS != expected_refs - _BUILTINS):
        return None
    return result, bool(prefix)


_BINDERS = (ast.Assign, ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
            ast.ClassDef)


def _binds_for_sure(stmt: ast.stmt, name: str, occs: list[Occurrence]) -> bool:
    """`stmt`, a top-level statement, binds `name` whenever it completes, after any read of the
    name in it: an assignment to it (plain names as targets), an import, a def or class; and
    nothing in it or before it reads the name later (in a function)."""
    if not isinstance(stmt, _BINDERS) or any(o.lazy for o in occs):
        return False
    if isinstance(stmt, ast.Assign):
        targets = [n for t in stmt.targets for n in ([t] if isinstance(t, ast.Name) else
                   getattr(t, "elts", [None]))]
        if not all(isinstance(n, ast.Name) or (isinstance(n, ast.Starred) and isinstance(
                n.value, ast.Name)) for n in targets):
            return False
        # a walrus in the value may bind it under a condition
        return not any(isinstance(n, ast.NamedExpr) for n in ast.walk(stmt.value))
    return True


def rename_in_code(code: str, old: str, new: str) -> str | None:
    """`code` with every occurrence of the global `old` renamed to `new`, or None when that is
    not certainly safe (for private names: the cell must not read `old` before binding it)."""
    tree = _parse(code)
    occs = occurrences(tree, old) if tree is not None else None
    if occs is None:
        return None
    edits = Edits(code)
    if not all(edits.rename(o, old, new) for o in occs):
        return None
    result = edits.apply()
    before, after = analyze(code), analyze(result)
    defs = before.defs - {old} | ({new} if old in before.defs and not new.startswith("_") else set())
    if after.syntax_error or after.defs != defs or after.refs != before.refs - {old}:
        return None
    if old in before.refs:
        return None  # it read the previous cell's value: renaming would cut that link
    return result


def _free_name(candidate: str, codes: list[str], taken: set[str]) -> str | None:
    """`candidate`, or `candidate` with a letter suffix, unless used anywhere in the cells."""
    for suffix in ("", "a", "b", "c"):
        name = candidate + suffix
        pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        if name not in taken and name not in _BUILTINS and not any(pattern.search(c) for c in codes):
            return name
    return None


def _parse(code: str) -> ast.Module | None:
    try:
        return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
