"""`cove export --to ipynb`: nbformat 4.5 JSON with the prerendered outputs, written by hand.

What GitHub's notebook viewer needs is the plain nbformat v4 shape: `cells` with `cell_type`,
`id`, `metadata`, `source` (a list of lines), and `outputs` + `execution_count` on code cells.
Cells that are only `mo.md("literal")` become Markdown cells so they render as text. What
Jupyter has no field for (the setup cell, cell names, `disabled`, the file header, App options,
a Markdown cell's original code) goes into `cove` metadata, which `cove convert` reads back.
"""
from __future__ import annotations

import json
import platform
from typing import Any, Mapping

from .._convert.markdown import markdown_of, module_aliases
from .._notebook import Notebook, NotebookCell
from .._site.render import CellState, snapshot_cells

__all__ = ["to_ipynb"]

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
# Image types nbformat stores as base64 strings (the engine's bundles already hold base64).
_BINARY = ("image/png", "image/jpeg", "image/gif")


def to_ipynb(nb: Notebook, events: list[dict[str, Any]]) -> str:
    """The notebook as `.ipynb` text; `events` are the prerender's (outputs) or the state alone."""
    states = snapshot_cells(events)
    aliases = module_aliases(([nb.setup.code] if nb.setup else []) + [c.code for c in nb.cells])
    cells: list[dict[str, Any]] = []
    if nb.setup is not None:
        cells.append(_code_cell("setup", nb.setup, None, None, {"setup": True}))
    count = 0
    for cell, state in zip(nb.cells, states):
        text = None if cell.config.disabled else markdown_of(cell.code, aliases)
        if text is not None:
            meta = {"cove": {"code": cell.code, "hide_code": cell.config.hide_code}}
            cells.append({"cell_type": "markdown", "id": state.id, "metadata": meta,
                          "source": _lines(text)})
            continue
        # Jupyter numbers the cells that ran: here those that ran or raised (not the ones the
        # engine did not run: disabled, blocked by an error elsewhere, left for the browser).
        ran = state.run_id >= 0 and (state.status == "idle" or (
            state.status == "error" and (state.error or {}).get("kind") == "exception"))
        if ran:
            count += 1
        cells.append(_code_cell(state.id, cell, state, count if ran else None, {}))
    metadata: dict[str, Any] = {
        "kernelspec": KERNELSPEC,
        "language_info": {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "name": "python",
            "nbconvert_exporter": "python",
            "pygments_lexer": "ipython3",
            "version": platform.python_version(),
        },
        "cove": {"header": nb.file.header, "app": nb.app_options},
    }
    title = nb.app_options.get("app_title")
    if isinstance(title, str) and title:
        metadata["title"] = title
    doc = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def _code_cell(cell_id: str, cell: NotebookCell, state: CellState | None, count: int | None,
               cove: dict[str, Any]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    if cell.config.hide_code:
        meta["jupyter"] = {"source_hidden": True}
    cove = dict(cove)
    if cell.name != "_" and not cove.get("setup"):
        cove["name"] = cell.name
    if cell.kind != "cell":
        cove["kind"] = cell.kind
    if cell.config.disabled:
        cove["disabled"] = True
    if cove:
        meta["cove"] = cove
    return {"cell_type": "code", "execution_count": count, "id": cell_id, "metadata": meta,
            "outputs": _outputs(state, count) if state is not None else [],
            "source": _lines(cell.code)}


def _outputs(state: CellState, count: int | None) -> list[dict[str, Any]]:
    """Jupyter's order: what the cell printed, then its displays/result, then its error."""
    outputs: list[dict[str, Any]] = [
        {"name": stream, "output_type": "stream", "text": _lines(text)}
        for stream, text in state.console
    ]
    bundles = [b for b in state.outputs if b]
    for i, bundle in enumerate(bundles):
        data = _data(bundle)
        if i == len(bundles) - 1 and count is not None:
            outputs.append({"data": data, "execution_count": count, "metadata": {},
                            "output_type": "execute_result"})
        else:
            outputs.append({"data": data, "metadata": {}, "output_type": "display_data"})
    if state.error:
        outputs.append(_error(state.error))
    return outputs


def _data(bundle: Mapping[str, Any]) -> dict[str, Any]:
    """A mimebundle in nbformat's shape: JSON types parsed, binary images as base64 strings,
    text as lists of lines; `text/plain` always present (some viewers need a fallback)."""
    data: dict[str, Any] = {}
    for mime, value in bundle.items():
        if mime == "application/json" or mime.endswith("+json"):
            try:
                data[mime] = json.loads(value) if isinstance(value, str) else value
            except ValueError:
                continue
        elif mime in _BINARY:
            data[mime] = "".join(str(value).split())
        elif isinstance(value, str):
            data[mime] = _lines(value)
    if "text/plain" not in data:
        fallback = bundle.get("text/markdown") or f"<{next(iter(bundle), 'empty')} output>"
        data["text/plain"] = _lines(str(fallback))
    return data


def _error(error: Mapping[str, Any]) -> dict[str, Any]:
    message = str(error.get("message", ""))
    kind = str(error.get("kind", "error"))
    if kind == "exception" and ": " in message:
        ename, evalue = message.split(": ", 1)
    elif kind == "exception":
        ename, evalue = message, ""
    else:  # the engine's own reasons (an ancestor failed, a name defined twice, ...)
        ename, evalue = kind, message
    traceback = str(error.get("traceback") or "").rstrip("\n")
    lines = traceback.split("\n") if traceback else [f"{ename}: {evalue}" if evalue else ename]
    return {"ename": ename, "evalue": evalue, "output_type": "error", "traceback": lines}


def _lines(text: str) -> list[str]:
    """nbformat's multiline string: lines keeping their `\\n` (only `\\n` splits, unlike
    `str.splitlines`, so the text joins back exactly)."""
    if not text:
        return []
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
