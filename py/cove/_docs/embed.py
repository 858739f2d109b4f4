"""One notebook inside a docs page: its options, its prerendered outputs, its HTML fragment.

The fragment is what an exported page's body holds (the same cell markup from the same events,
py/cove/_site/render.py), inside a `.cove-embed` element with the notebook's config; the page's
one script (web/src/cove-docs.ts) starts all embeds of a page on one shared worker. A reader
without JavaScript sees the outputs as they were at build time and no dead buttons.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Literal

from .._errors import CoveError
from .._export.pep723 import read_script_metadata
from .._file.parse import parse
from .._file.model import CellSource, NotebookFile
from .._file.serialize import serialize
from .._output._escape import escape
from .._site.render import _script_json, page_event, render_cells_html, render_toolbar
from .runtime import Runtime

__all__ = ["DocsError", "Embed", "EmbedOptions", "notebook_from_code", "parse_cells", "parse_options", "prerendered"]

CodeDisplay = Literal["fold", "show", "hide"]
# A fenced block holds one cell, or several separated by `# %%` lines (the percent format).
_CELL_SEPARATOR = re.compile(r"^# ?%%.*$", re.M)


class DocsError(CoveError):
    pass


@dataclass(frozen=True)
class EmbedOptions:
    code: CodeDisplay = "fold"  # hide-code / show-code; "fold": a "Code" disclosure per cell
    editable: bool = False  # code editors the reader can change and run
    cells: tuple[int, ...] | None = None  # which cells to show (1-based); all run regardless


def parse_cells(spec: str, source: str = "cells") -> tuple[int, ...]:
    """"1,3-4" -> (1, 3, 4); the positions a reader sees (first cell = 1)."""
    found: list[int] = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise DocsError(f"{source}: {part!r} is not a cell number or range like 2 or 2-4 (first cell = 1)")
        found += range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1)
    return tuple(dict.fromkeys(found))


def parse_options(words: list[str], source: str) -> EmbedOptions:
    """`hide-code`, `show-code`, `editable`, `cells=1,3-4` (as a Markdown block or a Sphinx
    directive writes them) -> EmbedOptions; anything else is an error naming `source`."""
    code: CodeDisplay = "fold"
    editable = False
    cells = None
    for word in words:
        name, _, value = word.partition("=")
        if name in ("hide-code", "show-code") and not value:
            code = "hide" if name == "hide-code" else "show"
        elif name == "editable" and not value:
            editable = True
        elif name == "cells" and value:
            cells = parse_cells(value.strip("\"'"), source)
        else:
            raise DocsError(f"{source}: unknown Cove option {word!r} (hide-code, show-code, editable, cells=1,3-4)")
    return EmbedOptions(code, editable, cells)


def notebook_from_code(code: str) -> str:
    """The notebook file for a fenced code block: one cell per `# %%` section."""
    parts = [p.strip("\n") for p in _CELL_SEPARATOR.split(code)]
    cells = tuple(CellSource(p) for p in parts if p.strip())
    return serialize(NotebookFile(cells=cells or (CellSource(""),)))


_prerendered: dict[tuple[str, str], tuple[list[dict[str, Any]], dict[str, Any] | None]] = {}


def prerendered(text: str, filename: str) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """The notebook's events after a run in CPython with the same engine, and what the page's
    kernel needs to resume behind them (the exporter's own prerender); remembered per text, so
    `mkdocs serve` reruns only the notebooks that changed."""
    key = (text, filename)
    if key not in _prerendered:
        from .._export.prerender import prerender

        # Where the building Python lacks the notebook's packages, the prerender runs in the
        # isolated environment an export would use (cove/_export/prerender.py).
        result = prerender(text, filename, _dependencies(text, filename))
        _prerendered[key] = (result.events, result.resume)
    return _prerendered[key]


def _dependencies(text: str, filename: str) -> list[str]:
    from .._errors import CoveError
    from .._export.pep723 import read_script_metadata
    from .._file.parse import parse

    try:
        meta = read_script_metadata(parse(text, filename).header, filename) or {}
    except CoveError:
        return []  # the page reports a broken notebook; its prerender runs here as before
    return [str(d) for d in meta.get("dependencies") or []]


@dataclass(frozen=True)
class Embed:
    """A notebook placed in a page; `html(runtime, url)` is its fragment."""

    id: str  # unique within its page
    text: str
    filename: str
    options: EmbedOptions
    # The toolbar's title when the notebook has no app_title: the file's name; none for a
    # fenced block, whose file name was made up.
    title: str = ""

    @classmethod
    def make(cls, text: str, filename: str, options: EmbedOptions, index: int, title: str = "") -> "Embed":
        digest = hashlib.sha256(f"{filename}\0{text}".encode()).hexdigest()[:8]
        return cls(f"nb{index}-{digest}", text, filename, options, title)

    def dependencies(self) -> list[str]:
        """The notebook's PEP 723 dependencies."""
        header = parse(self.text, self.filename).header
        return list((read_script_metadata(header, self.filename) or {}).get("dependencies") or [])

    def html(self, runtime: Runtime, runtime_url: str, lazy: bool = False) -> str:
        """The fragment; `runtime_url` is the runtime folder as the page reaches it ("../_cove/…/").
        `lazy`: nothing starts until the reader presses "Run this page"."""
        events, resume = prerendered(self.text, self.filename)
        mode = "edit" if self.options.editable else "run"
        base = runtime_url if runtime_url.endswith("/") else runtime_url + "/"
        config = {
            "id": self.id, "filename": self.filename, "code": self.text, "snapshot": [page_event(e) for e in events], "resume": resume,
            "editable": self.options.editable, "showCode": self.options.code == "show", "lazy": lazy,
            "runtime": {"base": base, "worker": runtime.worker, "pyodide": "pyodide/", "lock": "pyodide-lock.json"},
        }
        app = next((e.get("app_options") or {} for e in events if e.get("type") == "notebook"), {})
        title = str(app.get("app_title") or self.title)
        return (
            f'<link rel="stylesheet" href="{escape(base + runtime.stylesheet)}">'
            f'<script type="module" src="{escape(base + runtime.script)}"></script>\n'
            f'<div class="cove-embed" id="cove-{self.id}" data-cove-embed="{self.id}" data-cove-kernel="loading"'
            f' data-cove-mode="{mode}" data-code="{self.options.code}">'
            f'<script type="application/json" class="cove-embed-config">{_script_json(config)}</script>'
            f"{self._cell_filter()}"
            # Without JavaScript the outputs stay, and the buttons that could never work go.
            f"<noscript><style>#cove-{self.id} .cove-toolbar{{display:none}}</style></noscript>"
            f"{render_toolbar(title, 'run')}"
            '<div class="cove-banners" aria-live="polite"></div>'
            f'<div class="cove-notebook" data-width="{escape(str(app.get("width") or "medium"))}">'
            f"{render_cells_html(events, mode)}</div></div>\n"
        )

    def _cell_filter(self) -> str:
        if self.options.cells is None:
            return ""
        shown = "".join(f':not([data-cell-index="{n - 1}"])' for n in self.options.cells)
        return f"<style>#cove-{self.id} .cove-cell{shown}{{display:none}}</style>"

