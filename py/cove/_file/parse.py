"""Parse a notebook `.py` file into a `NotebookFile`; code is never lost, even in broken files.

The file is parsed once with `ast`; each top-level statement is recognised by its form
(`import cove`, `app = cove.App(...)`, `with app.setup:`, `@app.cell`, `@app.function`,
`@app.class_definition`, `app._unparsable_cell(...)`, the `__main__` guard). A cell's code is
sliced from the file's lines by the nodes' line numbers (linear in the file size), never
unparsed, so comments and blank lines survive byte for byte. Lines no form claims (stray
statements, comments between blocks) become ordinary cells rather than being dropped.

When the whole file does not parse (a hand-edited cell with a syntax error), a fallback cuts it
by lines at the column-0 lines that start blocks and parses each region alone; a block that
still fails becomes an `unparsable` cell holding its dedented body, and the others load as usual.

Line endings are normalised: `\\r\\n` and lone `\\r` become `\\n` before anything else (Python's
own tokenizer reads them the same way). A leading UTF-8 BOM is dropped.
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from dataclasses import dataclass
from typing import Any

from .._errors import NotebookError
from .model import CellConfig, CellSource, NotebookFile

__all__ = ["parse", "decode_unparsable"]

_PARSE_ERRORS = (SyntaxError, ValueError, RecursionError, MemoryError)


def parse(text: str, filename: str = "<notebook>") -> NotebookFile:
    """Parse notebook source text. Raises `NotebookError` only for text that is not a notebook."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # Python 3.12+ warns about things like invalid escapes in the user's code: not ours to say.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        try:
            nodes = ast.parse(text, filename).body
            broken: list[_Claim] = []
        except _PARSE_ERRORS:
            nodes, broken = _split()(lines, filename)
        return _Builder(lines, filename).build(nodes, broken)


@dataclass
class _Claim:
    """Lines [first, last] (0-based, inclusive) that one recognised block owns."""

    first: int
    last: int
    cell: CellSource | None = None  # None: claimed but not a cell (app line, main guard)
    is_setup: bool = False


class _Builder:
    """Walks the top-level statements once and turns each recognised form into a claim."""

    def __init__(self, lines: list[str], filename: str) -> None:
        self.lines = lines
        self.filename = filename

    def build(self, nodes: list[ast.stmt], broken: list[_Claim]) -> NotebookFile:
        imp = next((n for n in nodes if _import_name(n)), None)
        if imp is None:
            raise NotebookError(
                "not a Cove notebook: no `import cove` (or `import marimo`) line found",
                self.filename, 1)
        import_name = _import_name(imp)
        header_end = imp.lineno - 1  # index of the import line
        header = "".join(line + "\n" for line in self.lines[:header_end])

        generated_with: str | None = None
        app_options: dict[str, Any] | None = None
        claims: list[_Claim] = [_Claim(header_end, imp.end_lineno - 1)]  # type: ignore[operator]
        for node in nodes:
            if node.lineno - 1 <= header_end:
                continue
            if generated_with is None and (gen := _generated_with(node)) is not None:
                generated_with = gen
                claims.append(_Claim(node.lineno - 1, node.end_lineno - 1))  # type: ignore[operator]
            elif app_options is None and _is_app_assign(node):
                app_options = self._app_options(node)  # type: ignore[arg-type]
                claims.append(_Claim(node.lineno - 1, node.end_lineno - 1))  # type: ignore[operator]
            else:
                claim = self._claim(node)
                if claim is not None:
                    claims.append(claim)
        if app_options is None:
            raise NotebookError(
                f"not a Cove notebook: no `app = {import_name}.App(...)` found after "
                f"`import {import_name}`", self.filename, imp.lineno)
        claims.extend(c for c in broken if c.first > header_end)
        claims.sort(key=lambda c: c.first)

        setup: CellSource | None = None
        cells: list[CellSource] = []
        pos = header_end
        for claim in claims:
            if claim.first > pos:
                cells.extend(self._stray(pos, claim.first - 1))
            pos = max(pos, claim.last + 1)
            if claim.cell is None:
                continue
            # An unparsable block named "setup" is the setup cell when it comes first.
            if claim.is_setup or (claim.cell.name == "setup" and claim.cell.kind == "unparsable"
                                  and setup is None and not cells):
                if setup is None:
                    setup = claim.cell
                    continue
            cells.append(claim.cell)
        cells.extend(self._stray(pos, len(self.lines) - 1))
        return NotebookFile(header=header, import_name=import_name, generated_with=generated_with,
                            app_options=app_options, setup=setup, cells=tuple(cells))

    # -- recognising top-level forms ---------------------------------------------------------

    def _claim(self, node: ast.stmt) -> _Claim | None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return self._decorated(node)
        if isinstance(node, (ast.With, ast.AsyncWith)) and len(node.items) == 1:
            call = _app_call(node.items[0].context_expr, "setup")
            if call is not None:
                return self._setup(node, call)
        if isinstance(node, ast.Expr):
            call = _app_call(node.value, "_unparsable_cell")
            if isinstance(call, ast.Call):
                return self._unparsable(node, call)
        if isinstance(node, ast.If) and _is_main_guard(node):
            return _Claim(node.lineno - 1, self._extend(node.end_lineno - 1))  # type: ignore[operator]
        return None

    def _decorated(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> _Claim | None:
        for deco in node.decorator_list:
            for kind in ("cell", "function", "class_definition"):
                call = _app_call(deco, kind)
                if call is None:
                    continue
                first = min(d.lineno for d in node.decorator_list) - 1
                config, name = _config(call)
                if kind == "cell" and not isinstance(node, ast.ClassDef):
                    return self._cell(node, first, config, name)
                return self._toplevel(node, deco, first, config)
        return None

    def _cell(self, node: ast.FunctionDef | ast.AsyncFunctionDef, first: int,
              config: CellConfig, name: str | None) -> _Claim:
        last = self._extend(node.end_lineno - 1)  # type: ignore[operator]
        start, prefix = self._body_start(node)
        ret = node.body[-1]
        if _is_cell_return(ret):
            code_lines = self._slice(start, ret.lineno - 1, ret, prefix)
            code_lines += self._trailing(ret.end_lineno, last, prefix)  # type: ignore[arg-type]
        else:
            code_lines = self._slice(start, last + 1, None, prefix)
        cell = CellSource(code="\n".join(code_lines), name=name or node.name, kind="cell",
                          config=config, is_async=isinstance(node, ast.AsyncFunctionDef),
                          lineno=start[0] + 1)
        return _Claim(first, last, cell)

    def _toplevel(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef,
                  deco: ast.expr, first: int, config: CellConfig) -> _Claim:
        last = self._extend(node.end_lineno - 1)  # type: ignore[operator]
        last += self._extra_blanks(last)
        skip = range(deco.lineno - 1, deco.end_lineno)  # type: ignore[arg-type]
        keep = [i for i in range(first, last + 1) if i not in skip]
        kind = "class" if isinstance(node, ast.ClassDef) else "function"
        cell = CellSource(code="\n".join(self.lines[i] for i in keep), name=node.name, kind=kind,
                          config=config, lineno=(keep[0] + 1) if keep else 0)
        return _Claim(first, last, cell)

    def _setup(self, node: ast.With | ast.AsyncWith, call: ast.expr) -> _Claim:
        last = self._extend(node.end_lineno - 1)  # type: ignore[operator]
        start, prefix = self._body_start(node)
        end = last + 1
        # The serializer writes `pass` after a setup made only of comments or `pass`es (an
        # empty `with` body is not Python); drop exactly that one line again.
        if (all(isinstance(stmt, ast.Pass) for stmt in node.body) and start[1] == 0
                and node.body[-1].lineno - 1 == last and self.lines[last] == prefix + "pass"):
            end = last
        else:
            last += self._extra_blanks(last)
            end = last + 1
        code_lines = self._slice(start, end, None, prefix)
        config, _ = _config(call)
        cell = CellSource(code="\n".join(code_lines), name="setup", config=config,
                          lineno=start[0] + 1)
        return _Claim(node.lineno - 1, last, cell, is_setup=True)

    def _unparsable(self, node: ast.Expr, call: ast.Call) -> _Claim | None:
        arg = call.args[0] if call.args else next(
            (k.value for k in call.keywords if k.arg == "code"), None)
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            return None
        first_line = self.lines[arg.lineno - 1]
        raw = _string_prefix(first_line, arg.col_offset)
        code = decode_unparsable(arg.value, raw="r" in raw.lower())
        config, name = _config(call)
        lineno = arg.lineno + (1 if arg.value.startswith("\n") else 0)
        cell = CellSource(code=code, name=name or "_", kind="unparsable", config=config,
                          lineno=lineno)
        return _Claim(node.lineno - 1, node.end_lineno - 1, cell)  # type: ignore[operator]

    def _app_options(self, node: ast.Assign) -> dict[str, Any]:
        call = node.value
        assert isinstance(call, ast.Call)
        if call.args:
            raise NotebookError("`App(...)` takes keyword arguments only", self.filename,
                                node.lineno)
        options: dict[str, Any] = {}
        for kw in call.keywords:
            try:
                if kw.arg is None:
                    raise ValueError
                options[kw.arg] = ast.literal_eval(kw.value)
            except (ValueError, TypeError, SyntaxError, RecursionError):
                what = f"option `{kw.arg}`" if kw.arg else "`**` argument"
                raise NotebookError(f"`App(...)` {what} must be a literal value "
                                    "(a string, number, bool, None, list or dict)",
                                    self.filename, kw.value.lineno) from None
        return options

    # -- slicing lines -----------------------------------------------------------------------

    def _body_start(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.With | ast.AsyncWith
                    ) -> tuple[tuple[int, int], str]:
        """Where the body's code starts, as (line index, column in bytes), and the indentation
        to strip from every body line."""
        first_stmt = node.body[0]
        hdr = _header_end(self.lines, node)
        if hdr < first_stmt.lineno - 1:
            line = self.lines[first_stmt.lineno - 1]
            return (hdr + 1, 0), line[:len(line) - len(line.lstrip())]
        # `def _(): x = 1` -- the body shares the header line.
        later = [s for s in node.body if s.lineno - 1 > hdr]
        prefix = ""
        if later:
            line = self.lines[later[0].lineno - 1]
            prefix = line[:len(line) - len(line.lstrip())]
        return (hdr, first_stmt.col_offset), prefix

    def _slice(self, start: tuple[int, int], stop: int, cut: ast.stmt | None,
               prefix: str) -> list[str]:
        """Dedented lines from `start` up to line index `stop` (exclusive). When `cut` (the final
        return) shares its line with earlier code (`x = 1; return x`), that code is kept."""
        row, col = start
        out = [_bytes_from(self.lines[i], col) if i == row and col else
               _dedent_line(self.lines[i], prefix) for i in range(row, stop)]
        if cut is not None:
            i = cut.lineno - 1
            lo = col if i == row else 0
            raw = self.lines[i].encode("utf-8", "surrogatepass")[lo:cut.col_offset]
            piece = raw.decode("utf-8", "surrogatepass")
            if piece.strip():
                piece = piece.rstrip().rstrip(";").rstrip()
                out.append(piece if lo else _dedent_line(piece, prefix))
        return out

    def _trailing(self, after: int, last: int, prefix: str) -> list[str]:
        """Comment lines a hand-written cell has after its final return: kept, not dropped."""
        return [_dedent_line(self.lines[i], prefix) for i in range(after, last + 1)]

    def _extend(self, last: int) -> int:
        """Grow a block over the indented comment lines that follow it (they belong to it),
        without its trailing blank lines."""
        lines, j = self.lines, last + 1
        while j < len(lines) and (not lines[j] or lines[j][0] in " \t\f"):
            j += 1
        while j - 1 > last and not lines[j - 1].strip():
            j -= 1
        return j - 1

    def _extra_blanks(self, last: int) -> int:
        """How many blank lines after a block belong to it: blocks are separated by exactly two,
        so more means the code of a setup or `@app.function` block ends with blank lines."""
        j = last + 1
        while j < len(self.lines) and not self.lines[j].strip():
            j += 1
        return max(0, j - last - 3) if j < len(self.lines) else 0

    def _stray(self, first: int, last: int) -> list[CellSource]:
        """Unclaimed lines (stray statements, comments between blocks) become one cell."""
        lines = self.lines
        while first <= last and not lines[first].strip():
            first += 1
        while last >= first and not lines[last].strip():
            last -= 1
        if first > last:
            return []
        chunk = lines[first:last + 1]
        return [CellSource(code="\n".join(dedent_lines(chunk)), lineno=first + 1)]


# -- helpers on nodes --------------------------------------------------------------------------


def _import_name(node: ast.stmt) -> str:
    if isinstance(node, ast.Import) and len(node.names) == 1:
        alias = node.names[0]
        if alias.asname is None and alias.name in ("cove", "marimo"):
            return alias.name
    return ""


def _generated_with(node: ast.stmt) -> str | None:
    if (isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "__generated_with"
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
        return node.value.value
    return None


def _is_app_assign(node: ast.stmt) -> bool:
    if not (isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "app"):
        return False
    call = node.value
    return (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "App" and isinstance(call.func.value, ast.Name)
            and call.func.value.id in ("cove", "marimo"))


def _app_call(expr: ast.expr, attr: str) -> ast.expr | None:
    """`app.<attr>` or `app.<attr>(...)`: returns the expression, else None."""
    target = expr.func if isinstance(expr, ast.Call) else expr
    if (isinstance(target, ast.Attribute) and target.attr == attr
            and isinstance(target.value, ast.Name) and target.value.id == "app"):
        return expr
    return None


def _config(call: ast.expr) -> tuple[CellConfig, str | None]:
    """hide_code / disabled / name from a decorator call; other keywords (marimo's `column=`)
    are accepted and ignored."""
    values: dict[str, Any] = {}
    if isinstance(call, ast.Call):
        for kw in call.keywords:
            if kw.arg in ("hide_code", "disabled", "name"):
                try:
                    values[kw.arg] = ast.literal_eval(kw.value)
                except (ValueError, TypeError, SyntaxError, RecursionError):
                    pass
    name = values.get("name")
    config = CellConfig(hide_code=bool(values.get("hide_code", False)),
                        disabled=bool(values.get("disabled", False)))
    return config, (name if isinstance(name, str) and name else None)


def _is_cell_return(stmt: ast.stmt) -> bool:
    """The `return` the serializer writes: bare, None, a name, or a tuple of names."""
    if not isinstance(stmt, ast.Return):
        return False
    value = stmt.value
    if value is None or isinstance(value, ast.Name):
        return True
    if isinstance(value, ast.Constant):
        return value.value is None
    return isinstance(value, ast.Tuple) and all(isinstance(e, ast.Name) for e in value.elts)


def _is_main_guard(node: ast.If) -> bool:
    test = node.test
    if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Name)
            and test.left.id == "__name__" and len(test.comparators) == 1
            and isinstance(test.comparators[0], ast.Constant)
            and test.comparators[0].value == "__main__"):
        return False
    # Only the guard the serializer writes is dropped; anything richer is kept as a cell.
    return not node.orelse and len(node.body) == 1 and isinstance(node.body[0], ast.Expr) \
        and isinstance(node.body[0].value, ast.Call) \
        and _app_call(node.body[0].value, "run") is not None


def _header_end(lines: list[str],
                node: ast.FunctionDef | ast.AsyncFunctionDef | ast.With | ast.AsyncWith) -> int:
    """Index of the line holding the `:` that ends a def/with header (which may span lines)."""
    body_line = node.body[0].lineno - 1
    if isinstance(node, (ast.With, ast.AsyncWith)):
        parts: list[Any] = [item.context_expr for item in node.items]
    else:
        a = node.args
        parts = [*a.posonlyargs, *a.args, a.vararg, *a.kwonlyargs, a.kwarg, *a.defaults,
                 *a.kw_defaults, node.returns, *getattr(node, "type_params", ())]
    low = max([node.lineno - 1] + [p.end_lineno - 1 for p in parts if p is not None])
    line = lines[low]
    if low < body_line and "#" not in line and line.rstrip().endswith(":"):
        return low  # the common case: `def _(a, b):` on one line
    try:
        depth = 0
        source = "\n".join(lines[low:body_line + 1]) + "\n"
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.OP:
                if tok.string in "([{":
                    depth += 1
                elif tok.string in ")]}":
                    depth -= 1
                elif tok.string == ":" and depth <= 0:
                    return low + tok.start[0] - 1
    except (tokenize.TokenError, SyntaxError):
        pass
    return max(body_line - 1, node.lineno - 1)


def _string_prefix(line: str, col: int) -> str:
    """The letters before the opening quote of the string literal at byte column `col`."""
    rest = _bytes_from(line, col)
    match = re.match(r"[A-Za-z]*", rest)
    return match.group() if match else ""


def decode_unparsable(value: str, raw: bool) -> str:
    """The cell code an `app._unparsable_cell(...)` string literal carries.

    Cove writes `"\\n" + code + "\\n"` at column 0; marimo writes it indented, with the closing
    quotes indented too, and escapes `""` as `"\\"` inside its raw strings. Cove's serializer
    only picks the raw form when undoing that escape is a no-op on the code.
    """
    if raw:
        value = value.replace('"\\"', '""')
    if value.startswith("\n"):
        value = value[1:]
    lines = value.split("\n")
    if len(lines) > 1 and not lines[-1].strip():
        prefix = lines.pop()
        if prefix:
            lines = [_dedent_line(line, prefix) for line in lines]
    return "\n".join(lines)


# -- helpers on text ---------------------------------------------------------------------------


def _dedent_line(line: str, prefix: str) -> str:
    # Lines without the prefix (string contents, odd comments) are kept as they are: exactness
    # for files we wrote, and no loss for hand-written ones.
    return line[len(prefix):] if line.startswith(prefix) else line


def dedent_lines(lines: list[str]) -> list[str]:
    """Remove the whitespace prefix common to the non-blank lines (blank lines kept as is)."""
    prefixes = [ln[:len(ln) - len(ln.lstrip())] for ln in lines if ln.strip()]
    if not prefixes:
        return list(lines)
    common = prefixes[0]
    for p in prefixes[1:]:
        while not p.startswith(common):
            common = common[:-1]
    return [_dedent_line(ln, common) for ln in lines] if common else list(lines)


def _bytes_from(line: str, col: int) -> str:
    """`line` from UTF-8 byte offset `col` (ast columns count bytes)."""
    return line.encode("utf-8", "surrogatepass")[col:].decode("utf-8", "surrogatepass")


def _split():  # type: ignore[no-untyped-def]
    """The fallback splitter (its own module; imported only for broken files)."""
    from .split import _split_broken_file

    return _split_broken_file
