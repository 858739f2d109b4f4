"""A Jupyter notebook's code cells made to run reactively, each change reported in one line.

In this order: repeated imports kept once (`imports.dedupe_imports`), imports put in cells of
their own (`imports.split_imports`), names read inside pandas strings made explicit
(`strings`), reassigned names given one version per defining cell (`rename`). Each step keeps
the guarantee that the notebook, run in file order as a plain script, does what the original
did; together they make every edge of the dependency graph point forward, so Cove's run order
is the file order.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .._analysis import analyze
from .._file.model import CellSource
from .imports import dedupe_imports, split_imports
from .rename import Renamed, resolve_redefinitions
from .strings import explicit_string_refs, pandas_aliases

__all__ = ["Reactive", "make_reactive"]


@dataclass
class Reactive:
    cells: list[CellSource]
    # for each cell, the index of the Jupyter cell it came from (None: added by convert)
    origins: list[int | None]
    # one line per change or problem, naming cells by their index in `cells`
    notes: list[str] = field(default_factory=list)


def make_reactive(cells: list[CellSource], origins: list[int | None]) -> Reactive:
    out = Reactive(list(cells), list(origins))
    plain = [i for i, c in enumerate(out.cells) if c.kind == "cell"]
    codes, duplicates = dedupe_imports([out.cells[i].code for i in plain])
    for i, code in zip(plain, codes):
        out.cells[i] = replace(out.cells[i], code=code)
    kept_origin = {i: out.origins[i] for i in plain}
    duplicate_notes = [(d.name, plain[d.kept], [plain[r] for r in d.removed]) for d in duplicates]

    _split(out)
    first_of = {}  # a Jupyter cell -> its first cell now
    for i, origin in enumerate(out.origins):
        first_of.setdefault(origin, i)
    for name, kept, removed in duplicate_notes:
        again = ", ".join(str(first_of[kept_origin[r]]) for r in removed)
        out.notes.append(f"`{name}` was imported again in cell{'s' if len(removed) > 1 else ''} "
                         f"{again}: kept the import of cell {first_of[kept_origin[kept]]}, "
                         "the others are comments")

    plain = [i for i, c in enumerate(out.cells) if c.kind == "cell"]
    hidden = _explicit_strings(out, plain)
    codes, renamed, unresolved = resolve_redefinitions([out.cells[i].code for i in plain], hidden)
    for i, code in zip(plain, codes):
        out.cells[i] = replace(out.cells[i], code=code)
    out.notes += [_describe(r, plain) for r in renamed]
    for u in unresolved:
        cells_text = ", ".join(str(plain[i]) for i in u.cells)
        out.notes.append(f"`{u.name}` left as is (cell{'s' if len(u.cells) > 1 else ''} "
                         f"{cells_text}: {u.reason}): give each definition its own name")
    return out


def _describe(r: Renamed, plain: list[int]) -> str:
    cells = ", ".join(str(plain[i]) for i, _ in r.versions)
    if r.versions[0][1].startswith("_"):
        return (f"`{r.name}` was defined in cells {cells}: renamed to `{r.versions[0][1]}` in each "
                "(no other cell uses it)")
    versions = ", ".join(f"`{v}` in cell {plain[i]}" for i, v in r.versions)
    carried = "".join(f"; cell {plain[i]} starts with `{v} = {p}`" for i, v, p in r.carried)
    return (f"`{r.name}` is defined in cells {cells}: one name per version ({versions}), "
            f"each later cell reads the newest{carried}")


def _split(out: Reactive) -> None:
    cells: list[CellSource] = []
    origins: list[int | None] = []
    for cell, origin in zip(out.cells, out.origins):
        pieces = split_imports(cell.code) if cell.kind == "cell" else [cell.code]
        if len(pieces) > 1:
            out.notes.append(f"cell {len(cells)}: imports put in cells of their own (cells "
                             f"{len(cells)}-{len(cells) + len(pieces) - 1}): what they import "
                             "stays defined when a later line of that Jupyter cell fails")
        cells += [replace(cell, code=p) for p in pieces]
        origins += [origin] * len(pieces)
    out.cells, out.origins = cells, origins


def _explicit_strings(out: Reactive, plain: list[int]) -> dict[str, list[int]]:
    """Make pandas' string lookups explicit; return the names read in strings that could not be
    (each with the indices in `plain` of the cells reading them)."""
    pandas = pandas_aliases([out.cells[i].code for i in plain])
    known: set[str] = set()
    hidden: dict[str, list[int]] = {}
    for k, i in enumerate(plain):
        code = out.cells[i].code
        known |= analyze(code).defs
        new, changed, left, dynamic = explicit_string_refs(code, known, pandas)
        if new != code:
            out.cells[i] = replace(out.cells[i], code=new)
        for c in changed:
            out.notes.append(f"cell {i}, line {c.line}: `{c.call}` reads {_names(c.names)} inside "
                             "a string: passed explicitly as local_dict, so that Cove sees the "
                             "dependency")
        for c in left:
            out.notes.append(f"cell {i}, line {c.line}: `{c.call}` reads {_names(c.names)} inside "
                             "a string, not at the cell's top level: left as is, check it by hand")
            for name in c.names:
                hidden.setdefault(name, []).append(k)
        for d in dynamic:
            out.notes.append(f"cell {i}, line {d.line}: `{d.call}` looks names up at run time: "
                             "Cove cannot see which, check that cell's inputs by hand")
    return hidden


def _names(names: tuple[str, ...]) -> str:
    return ", ".join(f"`{n}`" for n in names)
