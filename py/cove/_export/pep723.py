"""PEP 723 inline script metadata: read the `# /// script` block of a notebook header, and rewrite
its `dependencies` (when the page installs a package and records it) leaving the rest verbatim."""
from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from .._errors import NotebookError

__all__ = ["find_script_block", "read_script_metadata", "write_dependencies"]

# The reference regex of PEP 723 (https://peps.python.org/pep-0723/#reference-implementation).
REGEX = r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$"
_OPEN = re.compile(r"(?m)^# /// script[ \t]*$")
_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_WIDTH = 100  # longer dependency lists are written one per line


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def find_script_block(header: str, filename: str | None = None) -> re.Match[str] | None:
    """The regex match of the one `# /// script` block, None when there is none.
    An opening line with no proper closing `# ///`, or two blocks, is an error."""
    # A final block line without its newline would not match `$\s`; the header is usually
    # followed by `import cove`, but a header read alone may end right at `# ///`.
    text = header if header.endswith("\n") else header + "\n"
    found = list(re.finditer(REGEX, text))
    blocks = [m for m in found if m.group("type") == "script"]
    if len(blocks) > 1:
        raise NotebookError("more than one `# /// script` metadata block (PEP 723 allows one)",
                            filename, _line_of(text, blocks[1].start()))
    opening = _OPEN.search(text)
    # (The regex is greedy: a block runs to the last `# ///` line, and an opening line inside
    # another block's span is that block's content, as in the reference implementation.)
    if not blocks and opening and not any(m.start() <= opening.start() < m.end() for m in found):
        line = _line_of(text, opening.start())
        # Say which line breaks the block: the first that is not a `#` comment line.
        for i, raw in enumerate(text[opening.end():].splitlines()[1:], start=line + 1):
            if raw == "# ///":
                break
            if not (raw == "#" or raw.startswith("# ")):
                raise NotebookError(
                    f"line {i} inside the `# /// script` block (opened on line {line}) does not "
                    "start with `# `; every line up to the closing `# ///` must", filename, i)
        raise NotebookError("`# /// script` block is never closed by a `# ///` line",
                            filename, line)
    return blocks[0] if blocks else None


def _toml(match: re.Match[str]) -> str:
    return "".join(line[2:] if line.startswith("# ") else line[1:]
                   for line in match.group("content").splitlines(keepends=True))


def read_script_metadata(header_text: str, filename: str | None = None) -> dict[str, Any]:
    """The `# /// script` table: always `dependencies` (list of PEP 508 strings, [] when absent)
    and `requires-python` (str or None), plus any other keys (`tool`, ...) as written."""
    header_text = header_text.replace("\r\n", "\n")  # the PEP's regex wants bare \n lines
    match = find_script_block(header_text, filename)
    if match is None:
        return {"dependencies": [], "requires-python": None}
    first = _line_of(header_text, match.start()) + 1  # the first TOML line's line number
    try:
        data = tomllib.loads(_toml(match))
    except tomllib.TOMLDecodeError as e:
        at = _TOML_LINE.search(str(e))
        last = first + match.group("content").count("\n") - 1  # "at end of document"
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(e))
        raise NotebookError(f"invalid TOML in the `# /// script` block: {message}", filename,
                            first + int(at.group(1)) - 1 if at else last) from None

    def line_with(needle: str) -> int:
        index = match.group("content").find(needle)
        return first + match.group("content").count("\n", 0, index) if index >= 0 else first - 1

    deps = data.setdefault("dependencies", [])
    if not isinstance(deps, list) or not all(isinstance(d, str) for d in deps):
        raise NotebookError("`dependencies` in the `# /// script` block must be a list of "
                            "strings", filename, line_with("dependencies"))
    for dep in deps:
        if problem := _requirement_problem(dep):
            raise NotebookError(f"dependency {dep!r} is not a valid requirement: {problem}",
                                filename, line_with(dep))
    python = data.setdefault("requires-python", None)
    if python is not None and not isinstance(python, str):
        raise NotebookError("`requires-python` in the `# /// script` block must be a string "
                            "like \">=3.12\"", filename, line_with("requires-python"))
    return data


def _requirement_problem(text: str) -> str | None:
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # pragma: no cover - pip vendors it
        from pip._vendor.packaging.requirements import (  # type: ignore
            InvalidRequirement, Requirement)
    try:
        Requirement(text)
    except InvalidRequirement as e:
        return str(e).splitlines()[0]
    return None


def _render(deps: list[str], multiline: bool, newline: str) -> list[str]:
    items = [json.dumps(d) for d in deps]  # a JSON string is a valid TOML basic string
    one = f"# dependencies = [{', '.join(items)}]"
    if not multiline and len(one) <= _WIDTH:
        return [one + newline]
    rows = [f"#     {item},{newline}" for item in items]
    return [f"# dependencies = [{newline}", *rows, f"# ]{newline}"]


def _dependencies_span(lines: list[str]) -> tuple[int, int] | None:
    """[start, end) of the top-level `dependencies = ...` lines among the block's content lines
    (each still with its `# `), or None. Stops at the first table header: keys after it belong
    to that table."""
    for i, line in enumerate(lines):
        body = line[2:] if line.startswith("# ") else line[1:]
        if body.lstrip().startswith("["):
            return None
        if re.match(r"\s*(dependencies|\"dependencies\"|'dependencies')\s*=", body):
            for j in range(i + 1, len(lines) + 1):  # the shortest run of lines that parses
                chunk = "".join(x[2:] if x.startswith("# ") else x[1:] for x in lines[i:j])
                try:
                    tomllib.loads(chunk)
                    return i, j
                except tomllib.TOMLDecodeError:
                    continue
            return None
    return None


def write_dependencies(header_text: str, deps: list[str], filename: str | None = None) -> str:
    """`header_text` with its `# /// script` block's `dependencies` set to `deps`; the block is
    created (after any shebang / coding line) when missing. Everything else stays byte for byte."""
    if "\r\n" in header_text:  # edit with \n lines, give back the file's own line endings
        text = write_dependencies(header_text.replace("\r\n", "\n"), deps, filename)
        return text.replace("\n", "\r\n")
    match = find_script_block(header_text, filename)
    newline = "\n"
    if match is None:
        lines = header_text.splitlines(keepends=True)
        at = 0
        while at < len(lines) and at < 2 and re.match(r"#!|#.*coding[:=]", lines[at]):
            at += 1
        if at and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += newline
        block = [f"# /// script{newline}", *_render(deps, False, newline), f"# ///{newline}"]
        return "".join(lines[:at] + block + lines[at:])
    start, end = match.start("content"), match.end("content")
    content = header_text[start:end].splitlines(keepends=True)
    span = _dependencies_span(content)
    if span is None:  # add the key at the top of the block, after requires-python if it leads
        at = 1 if content and re.match(r"#\s*requires-python\s*=", content[0]) else 0
        content[at:at] = _render(deps, False, newline)
    else:
        i, j = span
        content[i:j] = _render(deps, j - i > 1, newline)
    result = header_text[:start] + "".join(content) + header_text[end:]
    # The block must still parse to exactly `deps` (guards against a hand-written block this
    # simple line editing would get wrong).
    if read_script_metadata(result, filename)["dependencies"] != list(deps):
        raise NotebookError("could not update `dependencies` in the `# /// script` block: edit it "
                            "by hand", filename, _line_of(header_text, match.start()))
    return result
