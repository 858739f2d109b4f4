"""Markdown cells both ways: recognise a cell that is only `mo.md("...")`, and write one."""
from __future__ import annotations

import ast
import io
import re
import textwrap
import tokenize
from typing import Iterable

__all__ = ["md_cell_code", "markdown_of", "module_aliases"]

# Characters a source file cannot hold as they are (`\r` would be read as a line break).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ud800-\udfff]")
# Names a notebook can bind to Cove's module (`import cove as mo`, `import marimo as mo`, ...).
_MODULES = ("cove", "marimo")


def module_aliases(codes: Iterable[str]) -> set[str]:
    """Names that `import cove [as x]` / `import marimo [as x]` bind in any of `codes`."""
    names: set[str] = set()
    for code in codes:
        try:
            tree = ast.parse(code)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(a.asname or a.name for a in node.names if a.name in _MODULES)
    return names


def markdown_of(code: str, aliases: Iterable[str] | None = None) -> str | None:
    """The Markdown text of a cell that is exactly one `alias.md("literal")` call, else None.

    Deliberately narrow, so that turning the cell into a Markdown cell loses nothing: one
    expression statement, a plain string literal (no f-string, no concatenation, no keywords),
    no comments. `aliases=None` accepts any name before `.md` (the caller checks otherwise).
    The text is dedented and stripped the way `cove.md` does before rendering.
    """
    try:
        body = ast.parse(code).body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(body) != 1 or not isinstance(body[0], ast.Expr):
        return None
    call = body[0].value
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "md" and isinstance(call.func.value, ast.Name)
            and len(call.args) == 1 and not call.keywords):
        return None
    if aliases is not None and call.func.value.id not in set(aliases):
        return None
    arg = call.args[0]
    if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)) or _has_comment(code):
        return None
    return textwrap.dedent(arg.value).lstrip("\n").rstrip()


def md_cell_code(text: str, alias: str = "mo") -> str:
    """A cell's code `alias.md(r\"\"\"...\"\"\")` that renders `text`; any text survives.

    The readable raw triple-quoted form when it gives back the text exactly, else an escaped
    string. Every candidate is checked by evaluating it, so quotes and backslashes in the
    Markdown can never end the literal early or change the text."""
    text = text.strip("\n")
    value = "\n" + text + "\n"
    for quote in ('"""', "'''"):
        literal = f"r{quote}{value}{quote}"
        if quote not in text and _evaluates_to(literal, value):
            return f"{alias}.md({literal})"
    escaped = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                           else f"\\u{ord(m.group()):04x}",
                           value.replace("\\", "\\\\").replace('"', '\\"'))
    literal = f'"""{escaped}"""'
    assert _evaluates_to(literal, value)
    return f"{alias}.md({literal})"


def _evaluates_to(literal: str, value: str) -> bool:
    try:
        return ast.literal_eval(literal) == value
    except (SyntaxError, ValueError):
        return False


def _has_comment(code: str) -> bool:
    try:
        return any(tok.type == tokenize.COMMENT
                   for tok in tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):
        return True
