"""The fallback for notebook files that do not parse as a whole: cut the file at its block
lines, parse each piece alone, and keep the pieces that fail as unparsable cells (code is never
lost, and a broken cell cannot swallow the cells after it)."""
from __future__ import annotations

import ast
import re

from .._errors import NotebookError
from .model import CellConfig, CellKind, CellSource
from .parse import _PARSE_ERRORS, _Claim, _config, _dedent_line, dedent_lines


# -- the fallback for files that do not parse as a whole ------------------------------------------

# Column-0 lines where the fallback cuts the file: they start a block in any notebook file.
_STRONG = re.compile(r"(@app\.(cell|function|class_definition)\b|(async[ \t]+)?with[ \t]+app\.setup\b"
                     r"|app\._unparsable_cell\(|if[ \t]+__name__[ \t]*==)")
_DEF = re.compile(r"(async[ \t]+)?(def|class)[ \t]+(\w+)")
_TOKEN = re.compile(r"""#|'''|\"\"\"|'|"|[(\[{]|[)\]}]|\\$""")
_STRING_END = {q: re.compile(r"\\.|\\$|" + re.escape(q)) for q in ("'''", '"""', "'", '"')}
_IN_BRACKET, _IN_STRING = 1, 2
# How many following regions a failing region may be merged with (a string holding block lines).
_MAX_MERGE = 8
_NAME = r"[^\W\d]\w*"
_RETURN = re.compile(rf"return(\s+None|\s*\(?\s*{_NAME}(\s*,\s*{_NAME})*\s*,?\s*\)?)?\s*(#.*)?")


def _split_broken_file(lines: list[str], filename: str) -> tuple[list[ast.stmt], list[_Claim]]:
    """Cut the file at every column-0 line that starts a block (`@app.cell`, `with app.setup`,
    ...) and parse each region alone. A region that fails may end inside a string whose text
    has such a line: merged with the next few regions it parses, and is taken whole. Otherwise
    it is cut into statements, and the statements that fail become broken claims. A broken
    region can thus never swallow the blocks after it."""
    nodes: list[ast.stmt] = []
    broken: list[_Claim] = []
    cuts = [0] + [i for i in range(1, len(lines)) if _STRONG.match(lines[i])] + [len(lines)]
    k = 0
    while k < len(cuts) - 1:
        start = cuts[k]
        merged = next((m for m in range(k + 1, min(k + 1 + _MAX_MERGE, len(cuts)))
                       if _parse_chunk(lines, start, cuts[m], nodes)), None)
        if merged is not None:
            k = merged
            continue
        pos, end = start, cuts[k + 1]
        while pos < end:
            stop, states = _scan_chunk(lines, pos, end)
            first = next((i for i in range(pos, stop) if lines[i].strip()), stop)
            if first < stop and not _parse_chunk(lines, pos, stop, nodes):
                in_string = {pos + j for j, state in enumerate(states) if state == _IN_STRING}
                broken.append(_broken_claim(lines, in_string, first, stop - 1, filename))
            pos = stop
        k += 1
    return nodes, broken


def _scan_chunk(lines: list[str], start: int, limit: int) -> tuple[int, list[int]]:
    """From line `start` (before `limit`): the index of the next line that starts a top-level
    statement, and for each line up to it whether it begins inside a string, inside a bracket
    (or after a backslash), or at top level (0)."""
    states: list[int] = []
    depth, quote, joined = 0, "", False
    decorators = lines[start][:1] == "@"
    for i in range(start, limit):
        line = lines[i]
        state = _IN_STRING if quote else _IN_BRACKET if depth or joined else 0
        if i > start and not state and line and line[0] not in " \t\f#":
            if not (decorators and (line[0] == "@" or _DEF.match(line))):
                return i, states
            decorators = line[0] == "@"  # still the same decorated def
        states.append(state)
        depth, quote, joined = _scan_line(line, depth, quote)
    return limit, states


def _scan_line(line: str, depth: int, quote: str) -> tuple[int, str, bool]:
    """Bracket depth, open string quote and backslash continuation after one line."""
    pos = 0
    while True:
        if quote:
            end = _STRING_END[quote]
            while (m := end.search(line, pos)) is not None and m.group() != quote:
                if m.group() == "\\":  # a backslash at the end of the line: the string goes on
                    return depth, quote, True
                pos = m.end()
            if m is None:  # still open; an unterminated one-line string ends with its line
                return depth, quote if len(quote) == 3 else "", False
            pos, quote = m.end(), ""
        m = _TOKEN.search(line, pos)
        if m is None or m.group() == "#":
            return depth, "", False
        tok, pos = m.group(), m.end()
        if tok == "\\":
            return depth, "", True
        if tok in "([{":
            depth += 1
        elif tok in ")]}":
            depth = max(depth - 1, 0)
        else:
            quote = tok


def _parse_chunk(lines: list[str], start: int, stop: int, nodes: list[ast.stmt]) -> bool:
    try:
        tree = ast.parse("\n".join(lines[start:stop]))
    except _PARSE_ERRORS:
        return False
    ast.increment_lineno(tree, start)
    nodes.extend(tree.body)
    return True


def _broken_claim(lines: list[str], in_string: set[int], s: int, e: int, filename: str) -> _Claim:
    """A chunk (lines s..e) that does not parse: keep its code as a cell, `unparsable` unless the
    code itself parses (the breakage was in the `def` line or the decorator)."""
    first = lines[s]
    if re.match(r"app\s*=", first):
        raise NotebookError("the `app = ...App(...)` statement does not parse", filename, s + 1)
    head = s  # the def/class line of a decorated block
    if first[0] == "@":
        head = next((i for i in range(s, e + 1) if i not in in_string and _DEF.match(lines[i])), s)
    # The block ends at its last indented line (or line inside a string); column-0 comments
    # after it are left to the gap. Brackets are not trusted: an unclosed one is the likeliest
    # reason the chunk does not parse.
    last = max([head] + [i for i in range(head + 1, e + 1) if lines[i].strip()
                         and (i in in_string or lines[i][0] in " \t\f")])
    match = _DEF.match(lines[head])
    setup = bool(re.match(r"(async[ \t]+)?with[ \t]+app\.setup\b", first))
    if setup or (first.startswith("@app.cell") and head > s):
        hdr = next((i for i in range(head, last + 1) if _code_part(lines[i]).endswith(":")), head)
        body = lines[hdr + 1:last + 1]
        prefix = _indent_of(body)
        if not setup:
            body = _strip_return(body, prefix)
        code = "\n".join(_dedent_line(line, prefix) for line in body)
        config, name = _deco_config(first if setup else "\n".join(lines[s:head]))
        name = "setup" if setup else name or (match.group(3) if match else "_")
        cell = CellSource(code, name=name, kind="cell" if _parses(code) else "unparsable",
                          config=config, is_async=bool(match and match.group(1)), lineno=hdr + 2)
        return _Claim(s, last, cell, is_setup=setup)
    if re.match(r"@app\.(function|class_definition)\b", first) and match and head > s:
        skip = s + 1  # past the decorator, which may spread over lines
        if first.count("(") > first.count(")"):
            while skip < head and ")" not in lines[skip - 1]:
                skip += 1
        code = "\n".join(lines[skip:last + 1])
        kind: CellKind = "unparsable"
        if _parses(code):
            kind = "class" if match.group(2) == "class" else "function"
        config, _ = _deco_config(first)
        return _Claim(s, last, CellSource(code, name=match.group(3), kind=kind, config=config,
                                          lineno=skip + 1))
    code = "\n".join(dedent_lines(lines[s:last + 1]))
    return _Claim(s, last, CellSource(code, kind="cell" if _parses(code) else "unparsable",
                                      lineno=s + 1))


def _strip_return(body: list[str], prefix: str) -> list[str]:
    """Drop the cell's final `return ...` line(s), found by their text: the body does not parse."""
    j = len(body) - 1
    while j >= 0 and not body[j].strip():
        j -= 1
    if j < 0:
        return []
    if body[j].strip() == ")":  # a wrapped `return (\n    a,\n    b,\n)`
        k = j - 1
        while k >= 0 and re.fullmatch(rf"\s*{_NAME}\s*,?\s*", body[k]):
            k -= 1
        if k >= 0 and body[k].startswith(prefix) and re.fullmatch(r"return\s*\(\s*",
                                                                 body[k][len(prefix):]):
            return body[:k]
    elif body[j].startswith(prefix) and _RETURN.fullmatch(body[j][len(prefix):]):
        return body[:j]
    return body[:j + 1]


def _deco_config(text: str) -> tuple[CellConfig, str | None]:
    try:
        node = ast.parse(text + "\ndef _(): pass").body[0]
        assert isinstance(node, ast.FunctionDef)
        return _config(node.decorator_list[0])
    except (*_PARSE_ERRORS, AssertionError, IndexError):
        return CellConfig(hide_code="hide_code=True" in text,
                          disabled="disabled=True" in text), None


def _indent_of(body: list[str]) -> str:
    """Indentation of the first code line (comments may sit at any indentation)."""
    candidates = [ln for ln in body if ln.strip() and not ln.lstrip().startswith("#")] or \
        [ln for ln in body if ln.strip()]
    if not candidates:
        return ""
    return candidates[0][:len(candidates[0]) - len(candidates[0].lstrip())]


def _code_part(line: str) -> str:
    """The line without its comment, right-stripped (quotes respected)."""
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = ""
        elif c in "\"'":
            quote = c
        elif c == "#":
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except _PARSE_ERRORS:
        return False
    return True
