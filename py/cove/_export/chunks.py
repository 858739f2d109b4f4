"""Which of the page's lazy chunks an exported site ships.

build.py splits the libraries that only some outputs need into lazy chunks in web/ (plotly.js
4.8 MB, Vega 0.9 MB, KaTeX with its stylesheet and fonts 0.6 MB, the interactive table view, and
the editor, 0.4 MB). A page loads a chunk only when it needs it, so a site that never does can
leave it out: the folder shrinks by up to 6.5 MB and 26 files.

A chunk ships when any output the export computed (the prerender and the precomputed states)
carries its marker, or when the notebook's source names what makes such outputs (a live run can
produce an output the export never saw: a cell that failed at export, a branch a control opens).
In edit mode every chunk ships: the reader may write any code.
"""
from __future__ import annotations

import re
from typing import Iterable

__all__ = ["CHUNKS", "web_files"]

# chunk file prefix → (marker in rendered outputs, words in the source that can make one)
CHUNKS: dict[str, tuple[str, str]] = {
    "lib-plotly-": (r"cove-plotly|vnd\.plotly", r"plotly"),
    "lib-vega-": (r"cove-vega|vnd\.vega", r"altair|vega"),
    "lib-katex-": (r"cove-math", r"\$|\\\(|\\\[|latex|katex"),
    "table-view-": (r'data-cove-ui="table"|cove-table', r"table|dataframe|pandas|polars|pyarrow|\[\s*\{"),
}
# The editor (CodeMirror, web/src/editor-view.ts): only an edit-mode page loads it.
EDIT_ONLY = ("editor-view-",)
# Files that belong to a chunk without carrying its prefix: KaTeX's stylesheet and fonts.
_COMPANIONS = {"katex-": "lib-katex-", "KaTeX_": "lib-katex-"}


def web_files(names: Iterable[str], mode: str, source: str, outputs: Iterable[str]) -> list[str]:
    """The files of web/ to copy: `names` minus the chunks nothing here can use. `outputs` are
    texts holding rendered outputs (the page's cells HTML, the precomputed files)."""
    names = list(names)
    if mode == "edit":
        return names
    names = [n for n in names if not n.startswith(EDIT_ONLY)]
    text = "\n".join(outputs)
    wanted = {
        prefix for prefix, (marker, words) in CHUNKS.items()
        if re.search(marker, text) or re.search(words, source, re.IGNORECASE)
    }
    return [n for n in names if _chunk_of(n) in wanted or _chunk_of(n) is None]


def _chunk_of(name: str) -> str | None:
    for prefix in CHUNKS:
        if name.startswith(prefix):
            return prefix
    for prefix, chunk in _COMPANIONS.items():
        if name.startswith(prefix):
            return chunk
    return None
