"""Cove's page stylesheet (public/cove.css) made to style only `.cove-embed` elements, so that a
docs theme's own page (its fonts, background, buttons) is left alone.

Written from the one stylesheet rather than kept as a second copy: `:root`, `html` and `body`
rules become the embed's own, every other selector is prefixed with `.cove-embed`, and
at-rules (`@media`, `@keyframes`) are kept with their insides treated the same way.
"""
from __future__ import annotations

import re

__all__ = ["SCOPE", "scoped_stylesheet"]

SCOPE = ".cove-embed"
_COMMENT = re.compile(r"/\*.*?\*/", re.S)
# html[data-cove-mode="edit"] -> .cove-embed[data-cove-mode="edit"]: the embed carries the mode.
_ROOTISH = re.compile(r"^(?::root|html|body)(?![\w-])")


# An embed is a box in someone else's page: a frame, no sticky toolbar over their header, no
# page-sized padding; code shown in full when the author asked (data-code="show"), none when
# hidden; an editable notebook offers only "run" on its cells.
EMBED_RULES = """
.cove-embed{display:block;margin:1.2em 0;border:1px solid var(--border);border-radius:8px;overflow:hidden;font-size:14px}
.cove-embed .cove-toolbar{position:static;padding:0.25rem 0.6rem}
.cove-embed .cove-notebook{padding:0.75rem 0.75rem 0.25rem;max-width:none;margin:0}
.cove-embed .cove-banners{max-width:none}
.cove-embed .cove-banners:empty{display:none}
.cove-embed[data-code="hide"] .cove-code{display:none}
.cove-embed[data-code="show"] .cove-code-fold>summary{display:none}
.cove-embed .cove-cell-actions button:not([data-cell-action="run"]){display:none}
.cove-embed pre{margin:0}
.cove-embed details.cove-code-fold{margin:0;padding:0;border:0;border-radius:0;box-shadow:none;background:none;font-size:inherit;overflow:visible}
.cove-embed details.cove-code-fold>summary{margin:0;padding:0.15rem 0.5rem;border:0;background:none;font-weight:normal}
.cove-embed details.cove-code-fold>summary::before,.cove-embed details.cove-code-fold>summary::after{display:none}
"""
# (The last three undo themes that style every <details> as a callout: Material for MkDocs.)


def scoped_stylesheet(css: str) -> str:
    return _rules(_COMMENT.sub("", css)) + EMBED_RULES


def _rules(css: str) -> str:
    out: list[str] = []
    i = 0
    while True:
        start = css.find("{", i)
        if start < 0:
            break
        end = _closing(css, start)
        head, body = css[i:start].strip(), css[start + 1 : end]
        if head.startswith("@keyframes") or head.startswith("@font-face"):
            out.append(f"{head}{{{body}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{_rules(body)}}}")
        else:
            out.append(f"{_selectors(head)}{{{body.strip()}}}")
        i = end + 1
    return "\n".join(out) + "\n"


def _closing(css: str, start: int) -> int:
    depth = 0
    for j in range(start, len(css)):
        if css[j] == "{":
            depth += 1
        elif css[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError("unbalanced braces in cove.css")


def _selectors(head: str) -> str:
    scoped = []
    for sel in (s.strip() for s in head.split(",")):
        if _ROOTISH.match(sel):
            scoped.append(_ROOTISH.sub(SCOPE, sel, count=1))
        else:
            scoped.append(f"{SCOPE} {sel}")
    return ",".join(scoped)
