"""A cell's chrome, declared once: the edit-mode bar, the code block, the console's stderr mark.

The prerender (cove/_site/render.py) draws cells with it; the page draws the cells it makes itself
(an added cell, a share link, `<cove-notebook>`) with `web/src/render/chrome.ts`, which is
generated from this module (`python -m cove._output.chrome --typescript`) and checked by the
tests, so a prerendered cell and a live one cannot drift apart. The page needs its own copy at
all because it makes cells before any Python runs.
"""
from __future__ import annotations

import json
import sys

from ._escape import escape

__all__ = ["CELL_ACTIONS", "cell_bar", "code_block", "console_html", "typescript"]

# (data-cell-action, label, title): the buttons of a cell in edit mode (docs/spec.md §6).
CELL_ACTIONS = (
    ("run", "▶", "Run cell (Shift+Enter)"),
    ("up", "↑", "Move cell up"),
    ("down", "↓", "Move cell down"),
    ("add-below", "+", "Add a cell below"),
    ("delete", "✕", "Delete cell"),
)
# Markup around escaped text: (before, after).
CODE_STATIC = ('<pre class="cove-code-static"><code>', "</code></pre>")
CODE_FOLD = ('<details class="cove-code-fold"><summary>Code</summary>', "</details>")
STDERR = ('<span class="cove-stderr">', "</span>")


def cell_bar() -> str:
    buttons = "".join(
        f'<button type="button" data-cell-action="{action}" title="{title}" aria-label="{title}">{label}</button>'
        for action, label, title in CELL_ACTIONS
    )
    return f'<div class="cove-cell-bar"><span class="cove-status"></span><span class="cove-cell-actions">{buttons}</span></div>'


def code_block(code: str, hide_code: bool, mode: str) -> str:
    """The static code of a cell: as it is in edit mode (an editor mounts there), folded in a run
    page, absent when the cell hides its code there."""
    pre = f"{CODE_STATIC[0]}{escape(code)}{CODE_STATIC[1]}"
    if mode == "edit":
        return pre
    return "" if hide_code else f"{CODE_FOLD[0]}{pre}{CODE_FOLD[1]}"


def console_html(chunks: list[tuple[str, str]]) -> str:
    """A cell's console (`(stream, text)` chunks), stderr marked."""
    return "".join(f"{STDERR[0]}{escape(text)}{STDERR[1]}" if stream == "stderr" else escape(text) for stream, text in chunks)


def typescript() -> str:
    constants = {"CELL_BAR_HTML": cell_bar(), "CODE_STATIC": CODE_STATIC, "CODE_FOLD": CODE_FOLD, "STDERR": STDERR}
    lines = [
        "// Generated from py/cove/_output/chrome.py (python -m cove._output.chrome --typescript): a cell's",
        "// chrome, the same markup as the prerender's. Do not edit by hand; tests check it is current.",
    ]
    for name, value in constants.items():
        text = json.dumps(value, ensure_ascii=False)
        lines.append(f"export const {name} = {text}{' as const' if isinstance(value, tuple) else ''};")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--typescript"]:
        sys.exit("usage: python -m cove._output.chrome --typescript > web/src/render/chrome.ts")
    sys.stdout.write(typescript())
