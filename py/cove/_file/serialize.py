"""Write a `NotebookFile` as a notebook `.py` file: the exact inverse of `parse` for its own output.

Layout (the same bytes marimo writes, so marimo files round-trip without diffs): the header
verbatim, `import cove`, a blank line, `__generated_with`, `app = cove.App(...)`, then blocks
separated by two blank lines, then the `__main__` guard. A cell is an `@app.cell` function whose
signature lists the cell's sorted references and whose final `return` lists its sorted
definitions; long signatures and returns wrap at 80 columns like marimo's.

Cell code is written byte for byte: every non-empty line gets four spaces in front (whitespace-only
lines too, so that reading back is exact), empty lines stay empty. Code that cannot be written as
a function body (it does not parse, or holds a character the reader would change, such as `\\r`)
becomes `app._unparsable_cell(...)` with a string literal chosen so that any text survives.
"""
from __future__ import annotations

import ast
import keyword
import re
import warnings
from typing import Any, Literal

from .. import __version__
from .._analysis import analyze
from .model import CellConfig, CellSource, NotebookFile
from .parse import decode_unparsable

__all__ = ["serialize"]

INDENT = "    "
# marimo wraps a signature, a return tuple or `App(...)` that would reach this many columns.
MAX_LINE = 80
MAIN_GUARD = 'if __name__ == "__main__":\n    app.run()'

# Characters the reader would alter (`\r` becomes a line break) or that cannot sit raw in a
# UTF-8 file (lone surrogates): code holding one is written as an escaped string.
_CELL_UNSAFE = re.compile("[\r\ud800-\udfff]")
# In an unparsable cell's string literal, also escape every other control character and line
# separator, so that the file stays plain text for every tool.
_UNSAFE_CHAR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Leading whitespace other than spaces and tabs (form feed resets Python's indentation count).
_ODD_INDENT = re.compile(r"^[ \t]*[^\S\n \t]", re.MULTILINE)

Form = Literal["cell", "function", "class", "unparsable"]


def serialize(nb: NotebookFile) -> str:
    """The file text for `nb`. `parse(serialize(nb))` gives back every cell's code exactly."""
    # Python 3.12+ warns about things like invalid escapes in the user's code: not ours to say.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return _serialize(nb)


def _serialize(nb: NotebookFile) -> str:
    module = nb.import_name if nb.import_name in ("cove", "marimo") else "cove"
    forms = [_cached_form(cell) for cell in nb.cells]
    blocks: list[str] = []
    # Names that are module globals in the file (setup definitions, `@app.function` names) are
    # not parameters of the cells that use them, as in marimo.
    module_names: set[str] = set()
    if nb.setup is not None:
        block, setup_defs = _setup_block(nb.setup)
        blocks.append(block)
        module_names |= setup_defs
    for cell, form in zip(nb.cells, forms):
        if form in ("function", "class"):
            module_names.add(_toplevel_name(cell.code))
    frozen_names = frozenset(module_names)
    for cell, form in zip(nb.cells, forms):
        if form == "unparsable":
            blocks.append(_unparsable_block(cell.code, cell.name, cell.config))
        elif form == "cell":
            blocks.append(_cached_cell_block(cell, frozen_names))
        else:
            deco = "@app.function" if form == "function" else "@app.class_definition"
            blocks.append(_call(deco, _config_args(cell.config), bare=True) + "\n" + cell.code)

    # (a name that is not a keyword argument cannot be written; a parsed file has none)
    options = [f"{k}={_literal(v)}" for k, v in nb.app_options.items() if _is_name(k)]
    generated = nb.generated_with if nb.generated_with is not None else __version__
    prelude = (f"import {module}\n\n__generated_with = {_literal(generated)}\n"
               + _call(f"app = {module}.App", options, bare=False))
    header = nb.header if not nb.header or nb.header.endswith("\n") else nb.header + "\n"
    return header + "\n\n\n".join([prelude, *blocks, MAIN_GUARD]) + "\n"


def _form(cell: CellSource) -> Form:
    """How a cell is written, decided from its code (the kind only picks def/class form)."""
    code = cell.code
    if _CELL_UNSAFE.search(code) or _ODD_INDENT.search(code) or analyze(code).syntax_error:
        return "unparsable"
    if cell.kind in ("function", "class"):
        node = _single_toplevel(code)
        if node is not None:
            return "class" if isinstance(node, ast.ClassDef) else "function"
    if "\t" in code and not _parses(_wrap_in_def(code)):
        return "unparsable"  # tabs in indentation that clash with the added four spaces
    return "cell"


def _single_toplevel(code: str) -> ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None:
    """The one top-level def/class the code consists of, if the reader would give back exactly
    this code from `@app.function` + code: lines after the def must be blank or indented (a
    column-0 comment there would be read as a separate cell)."""
    try:
        body = ast.parse(code).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(body) != 1 or not isinstance(body[0], (ast.FunctionDef, ast.AsyncFunctionDef,
                                                   ast.ClassDef)):
        return None
    node = body[0]
    after = code.split("\n")[node.end_lineno:]  # type: ignore[misc]
    if any(line.strip() and line[0] not in " \t" for line in after):
        return None
    return node


def _toplevel_name(code: str) -> str:
    node = _single_toplevel(code)
    return node.name if node is not None else ""


# Each cell's block by (cell, module names): a kernel that saves after every edit (`cove mcp`,
# `cove kernel`) writes one changed cell anew, not the whole notebook (1,000 cells: 11 -> 2 ms).
_BLOCKS: dict[tuple[CellSource, frozenset[str]], str] = {}


_FORMS: dict[CellSource, Form] = {}


def _cached_cell_block(cell: CellSource, module_names: frozenset[str]) -> str:
    key = (cell, module_names)
    block = _BLOCKS.get(key)
    if block is None:
        if len(_BLOCKS) >= 20_000:
            _BLOCKS.clear()
        block = _BLOCKS[key] = _cell_block(cell, module_names)
    return block


def _cached_form(cell: CellSource) -> Form:
    form = _FORMS.get(cell)
    if form is None:
        if len(_FORMS) >= 20_000:
            _FORMS.clear()
        form = _FORMS[cell] = _form(cell)
    return form


def _cell_block(cell: CellSource, module_names: set[str] | frozenset[str]) -> str:
    analysis = analyze(cell.code)
    refs = sorted(analysis.refs - analysis.defs - module_names)
    defs = sorted(analysis.defs)
    name, args = cell.name, _config_args(cell.config)
    if not _is_name(name):
        args.append(f"name={_literal(name)}")
        name = "_"
    prefix = "async " if cell.is_async or analysis.has_top_level_await else ""
    lines = [_call("@app.cell", args, bare=True),
             _wrapped(f"{prefix}def {name}(", refs, "):", indent="")]
    if cell.code:
        lines.append(_indent(cell.code))
    if not defs:
        lines.append(INDENT + "return")
    elif len(defs) == 1:
        lines.append(_wrapped(INDENT + "return (", defs, ",)", indent=INDENT))
    else:
        lines.append(_wrapped(INDENT + "return ", defs, "", indent=INDENT))
    return "\n".join(lines)


def _setup_block(setup: CellSource) -> tuple[str, set[str]]:
    code = setup.code
    if _form(setup) == "unparsable" or not _parses(_wrap_in_def(code)):
        return _unparsable_block(code, "setup", setup.config), set()
    head = _call("with app.setup", _config_args(setup.config), bare=True) + ":"
    lines = code.split("\n") if code else []
    # A `with` needs a statement; `parse` drops this `pass` again exactly when every statement
    # of the body is a `pass` (a setup of comments only, or of `pass` itself).
    if all(isinstance(stmt, ast.Pass) for stmt in ast.parse(code).body):
        lines.append("pass")
    return head + "\n" + _indent("\n".join(lines)), set(analyze(code).defs)


def _unparsable_block(code: str, name: str, config: CellConfig) -> str:
    args = [f"name={_literal(name)}", *_config_args(config)]
    return f"app._unparsable_cell({_code_literal(code)}, {', '.join(args)})"


def _code_literal(code: str) -> str:
    """A string literal `parse` decodes back to exactly `code`.

    Readable first: `r\"\"\"` at column 0, with `""` written `"\\"` as marimo does (decoding
    undoes it, so code already holding `"\\"` cannot use this form). Otherwise an escaped
    non-raw string, which can hold anything.
    """
    if not _UNSAFE_CHAR.search(code) and '"\\"' not in code:
        literal = 'r"""\n' + code.replace('""', '"\\"') + '\n"""'
        try:
            if decode_unparsable(ast.literal_eval(literal), raw=True) == code:
                return literal
        except (SyntaxError, ValueError):
            pass
    escaped = _UNSAFE_CHAR.sub(_escape_char, code.replace("\\", "\\\\").replace('"', '\\"'))
    return '"""\n' + escaped + '\n"""'


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# -- small formatting helpers -------------------------------------------------------------------


def _is_name(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)


def _indent(code: str) -> str:
    return "\n".join(INDENT + line if line else line for line in code.split("\n"))


def _wrap_in_def(code: str) -> str:
    return "def _():\n" + _indent(code) + "\n" + INDENT + "return\n"


def _parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _wrapped(head: str, items: list[str], tail: str, indent: str) -> str:
    """`head` + items joined by ", " + `tail`, or one item per line when that reaches 80
    columns (marimo's rule: `(` ... `)` around the items, each followed by a comma)."""
    one_line = head + ", ".join(items) + tail
    if not items or len(one_line) < MAX_LINE:
        return one_line
    opener = head if head.endswith("(") else head + "("
    closer = tail[1:] if tail.startswith(",") else tail
    closer = closer if closer.startswith(")") else ")" + closer
    body = "".join(f"{indent}{INDENT}{item},\n" for item in items)
    return f"{opener}\n{body}{indent}{closer}"


def _call(head: str, args: list[str], bare: bool) -> str:
    """`head(a, b)`; `head` alone when there are no args and `bare` is allowed."""
    if not args and bare:
        return head
    return _wrapped(head + "(", args, ")", indent="")


def _config_args(config: CellConfig) -> list[str]:
    # Sorted, as marimo writes them: `disabled` before `hide_code`.
    return [f"{key}=True" for key in sorted(config.non_default())]


def _literal(value: Any) -> str:
    """Python source for a literal, with double-quoted strings (marimo's style)."""
    if isinstance(value, str):
        if '"' not in value and "\\" not in value and value.isprintable():
            return f'"{value}"'
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)
