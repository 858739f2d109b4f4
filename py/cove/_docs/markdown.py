"""The two Markdown forms of a Cove notebook in a page (the MkDocs plugin reads them):

    ```python {cove hide-code}          a live cell group: the block's code is a notebook,
    import cove as mo                   one cell per `# %%` section
    ```

    {cove-file notebooks/intro.py cells=2-3 show-code}      a whole notebook file, on its own line

Options: hide-code, show-code, editable, cells=1,3-4 (cells shown; all of them run).
Each becomes a placeholder block (DocsSite.slot) that the plugin fills once the site's runtime
folders are known. Code inside other fenced blocks is left alone.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Callable

from .embed import DocsError, Embed, EmbedOptions, parse_options

__all__ = ["replace_blocks"]

_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>.*)$")
_COVE_INFO = re.compile(r"^(?:python|py)?\s*\{\s*cove(?P<opts>(?:\s[^}]*)?)\}\s*$")
_FILE = re.compile(r"^ {0,3}\{cove-file\s+(?P<args>[^}]+)\}\s*$")

AddCode = Callable[[str, EmbedOptions], Embed]
AddFile = Callable[[Path, EmbedOptions], Embed]


def _words(text: str, where: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError as e:
        raise DocsError(f"{where}: {e}") from None


def replace_blocks(markdown: str, page: str, base: Path, add_code: AddCode, add_file: AddFile,
                   slot: Callable[[Embed], str]) -> str:
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        where = f"{page}:{i + 1}"
        if m := _FILE.match(line):
            path, *opts = _words(m.group("args"), where)
            target = Path(path) if Path(path).is_absolute() else base / path
            out += ["", slot(add_file(target, parse_options(opts, where))), ""]
            i += 1
            continue
        m = _OPEN.match(line)
        if not m:
            out.append(line)
            i += 1
            continue
        fence = m.group("fence")
        close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if close.match(lines[j])), len(lines))
        cove = _COVE_INFO.match(m.group("info").strip())
        if cove:
            options = parse_options(_words(cove.group("opts"), where), where)
            code = "\n".join(l[len(m.group("indent")):] if l.startswith(m.group("indent")) else l for l in lines[i + 1 : end])
            out += ["", slot(add_code(code, options)), ""]
        else:
            out += lines[i : end + 1]  # another fenced block: copied untouched, Cove syntax inside included
        i = end + 1
    return "\n".join(out)
