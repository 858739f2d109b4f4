"""`cove export --to script|md`: the notebook as a flat Python script, or as Markdown."""
from __future__ import annotations

import json
import re
from typing import Any, Mapping

from .._convert.markdown import markdown_of, module_aliases
from .._notebook import Notebook
from .._site.render import snapshot_cells

__all__ = ["to_markdown", "to_script"]


# -- script ---------------------------------------------------------------------------------------


def to_script(nb: Notebook) -> str:
    """The header, the setup code, then every cell in topological order under a `# cell N`
    comment: `python out.py` runs what `cove run` runs. Cells `cove run` would not run
    (unparsable, disabled, an error in the graph, or downstream of one) stay as comments."""
    from .._runtime.kernel import Kernel

    kernel = Kernel(nb, in_notebook=False)
    graph = kernel.graph
    blocks: list[str] = []
    if kernel.setup is not None:
        blocks.append("# setup\n" + kernel.setup.code)
    skipped: set[str] = set()
    for cell_id in graph.topological([c.id for c in kernel.cells]):
        i = kernel.index(cell_id)
        cell = kernel.cells[i]
        label = f"# cell {i}" + (f" ({cell.name})" if cell.name != "_" else "")
        blocked = sorted(kernel.index(p) for p in graph.parents[cell_id] if p in skipped)
        reason = (
            "does not parse" if cell.kind == "unparsable" or cell.analysis.syntax_error
            else "disabled" if cell.config.disabled
            else graph.errors[cell_id].message if cell_id in graph.errors
            else f"needs cell {', '.join(map(str, blocked))}, which does not run" if blocked
            else None
        )
        if reason is not None:
            skipped.add(cell_id)
            blocks.append(f"{label}: not run ({_one_line(reason)})\n{_comment(cell.code)}")
        elif cell.analysis.has_top_level_await:
            blocks.append(f"{label}\n{_async_cell(i, cell.code, sorted(cell.defs))}")
        else:
            blocks.append(f"{label}\n{cell.code}")
    header = nb.file.header if not nb.file.header or nb.file.header.endswith("\n") else nb.file.header + "\n"
    body = "\n\n\n".join(b.rstrip("\n") for b in blocks)
    return header + (body + "\n" if body else "")


def _async_cell(index: int, code: str, defs: list[str]) -> str:
    """A cell with top-level `await` (valid in a notebook, not in a script) as a coroutine run
    in place; its definitions stay module globals through `global`."""
    name = f"_cove_cell_{index}"
    lines = [f"async def {name}():"]
    if defs:
        lines.append(f"    global {', '.join(defs)}")
    lines += [("    " + line) if line else "" for line in code.split("\n")]
    lines += ["", "", f"__import__('asyncio').run({name}())"]
    return "\n".join(lines)


def _comment(code: str) -> str:
    return "\n".join(f"# {line}" if line else "#" for line in code.split("\n"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


# -- Markdown -------------------------------------------------------------------------------------


def to_markdown(nb: Notebook, events: list[dict[str, Any]]) -> str:
    """Markdown cells as their text; code cells as ```python fences (none when the code is
    hidden) followed by what they printed and their outputs."""
    states = snapshot_cells(events)
    aliases = module_aliases(([nb.setup.code] if nb.setup else []) + [c.code for c in nb.cells])
    blocks: list[str] = []
    if nb.setup is not None and nb.setup.code.strip():
        blocks.append(_fence(nb.setup.code, "python"))
    for cell, state in zip(nb.cells, states):
        text = None if cell.config.disabled else markdown_of(cell.code, aliases)
        if text is not None:
            blocks.append(text)
            continue
        if not cell.config.hide_code and cell.code.strip():
            blocks.append(_fence(cell.code, "python"))
        blocks += [_fence(text, "text") for _stream, text in state.console if text.strip()]
        blocks += [_output(bundle) for bundle in state.outputs if bundle]
        if state.error:
            error = state.error
            blocks.append(_fence(str(error.get("traceback") or error.get("message", "")), "text"))
    return "\n\n".join(b for b in blocks if b) + "\n"


def _output(bundle: Mapping[str, str]) -> str:
    """One output in the richest form Markdown can carry."""
    if "text/markdown" in bundle:
        return bundle["text/markdown"].strip("\n")
    if "text/html" in bundle:
        return _html_block(bundle["text/html"])
    for mime in ("image/png", "image/jpeg", "image/gif"):
        if mime in bundle:
            return f"![](data:{mime};base64,{''.join(bundle[mime].split())})"
    if "image/svg+xml" in bundle:
        return _html_block(bundle["image/svg+xml"])
    if "application/json" in bundle:
        try:
            return _fence(json.dumps(json.loads(bundle["application/json"]), indent=2), "json")
        except ValueError:
            pass
    text = bundle.get("text/plain") or bundle.get("text/latex")
    return _fence(text, "") if text else ""


def _html_block(html: str) -> str:
    """Raw HTML as one Markdown HTML block: such a block ends at a blank line, so blank lines
    inside become an empty comment (invisible, even inside `<pre>`)."""
    return re.sub(r"\n[ \t]*(?=\n)", "\n<!---->", html.strip("\n"))


def _fence(text: str, info: str) -> str:
    """A fenced block longer than any backtick run in `text`, so the text cannot close it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text.rstrip(chr(10))}\n{ticks}"
