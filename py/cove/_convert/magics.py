"""IPython syntax in Jupyter cells (magics, shell escapes, `obj?` help) turned into comments.

Cove cells are plain Python, so these lines cannot run; they are kept as comments (code is never
lost) and reported. `!pip install x` / `%pip install x` also yield `x` for the notebook's PEP 723
dependencies, which is what the reader meant by installing it.
"""
from __future__ import annotations

import ast
import re
import shlex
from dataclasses import dataclass, field

__all__ = ["MagicsResult", "strip_magics"]

# Cell magics whose body is Python: the magic line becomes a comment and the body stays code.
# Any other cell magic (%%bash, %%html, %%writefile, %%sql, ...) turns the whole cell into comments.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "memit", "snakeviz"}

_LINE_MAGIC = re.compile(
    r"""^\s*(?:
        [%!]                                  # %magic, !shell
      | [A-Za-z_][\w.,\s]*=\s*[%!]            # x = !ls, out = %sx ls
      | \?{1,2}\s*[A-Za-z_][\w.]*\s*$         # ?obj
      | [A-Za-z_][\w.]*(?:\(\))?\s*\?{1,2}\s*$  # obj?, obj??
    )""",
    re.VERBOSE,
)
_PIP = re.compile(r"^\s*[%!]\s*(?:pip3?|python3?\s+-m\s+pip|uv\s+pip)\s+install\s+(.*)$")
# pip options that take a value (`-r reqs.txt`): the value is not a package.
_PIP_VALUE_OPTIONS = {
    "-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
    "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
    "--platform", "--python-version", "--implementation", "--abi", "--src", "--upgrade-strategy",
    "--progress-bar", "--cache-dir", "--log", "--proxy", "--retries", "--timeout",
    "--trusted-host", "--config-settings", "-C", "--python",
}


@dataclass
class MagicsResult:
    code: str
    # The IPython lines that were commented out, as written (stripped).
    magics: list[str] = field(default_factory=list)
    # Requirements from `pip install` lines.
    packages: list[str] = field(default_factory=list)


def strip_magics(code: str) -> MagicsResult:
    """`code` with IPython-only lines commented out. Code that already parses is left alone:
    such lines are never valid Python at statement start, so a parsing cell holds none."""
    if _parses(code):
        return MagicsResult(code)
    lines = code.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = lines[first].strip()
        name = magic[2:].split(maxsplit=1)[0] if magic[2:].strip() else ""
        if name not in _PYTHON_CELL_MAGICS:
            # The body is another language: all of it becomes a comment.
            commented = [("# " + line) if line else "#" for line in lines]
            return MagicsResult("\n".join(commented), [magic])
        lines[first] = "# " + magic
        result = _strip_lines(lines[first + 1:])
        result.code = "\n".join(lines[:first + 1] + ([result.code] if result.code else []))
        result.magics.insert(0, magic)
        return result
    return _strip_lines(lines)


def _strip_lines(lines: list[str]) -> MagicsResult:
    out = MagicsResult("")
    kept: list[str] = []
    for line in lines:
        if not _LINE_MAGIC.match(line):
            kept.append(line)
            continue
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        # An indented magic sat in a block (a loop body, say): `pass` keeps the block valid.
        kept.append(f"{indent}pass  # {stripped}" if indent else f"# {stripped}")
        out.magics.append(stripped)
        pip = _PIP.match(line)
        if pip:
            out.packages += pip_packages(pip.group(1))
    out.code = "\n".join(kept)
    return out


def pip_packages(args: str) -> list[str]:
    """The requirements in the arguments of `pip install`; options, files, URLs and IPython
    `{variable}` expansions are skipped (they cannot go into PEP 723 metadata as they are)."""
    try:
        words = shlex.split(args, comments=True)
    except ValueError:
        return []
    packages: list[str] = []
    skip_next = False
    for word in words:
        if skip_next:
            skip_next = False
            continue
        if word.startswith("-"):
            skip_next = word in _PIP_VALUE_OPTIONS
            continue
        if any(ch in word for ch in "{}$/\\") or word.startswith(".") or word.endswith(
                (".whl", ".txt", ".tar.gz", ".zip")):
            continue
        if _valid_requirement(word):
            packages.append(word)
    return packages


def _valid_requirement(text: str) -> bool:
    try:
        from packaging.requirements import InvalidRequirement, Requirement
    except ImportError:  # pragma: no cover - pip vendors it
        from pip._vendor.packaging.requirements import InvalidRequirement, Requirement  # type: ignore
    try:
        Requirement(text)
    except InvalidRequirement:
        return False
    return True


def _parses(code: str) -> bool:
    try:
        ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
