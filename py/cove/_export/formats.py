"""`cove export nb.py --to ipynb|html|script|md -o FILE`: the notebook as one file of another format.

Every format but `script` runs the notebook first (the same prerender as the static site, so a
cell that fails only for a package missing here stays blank rather than showing an ImportError);
`--no-prerender` writes code without outputs. The file is written atomically.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable

from .._errors import CoveError
from .._notebook import Notebook
from .formats_io import write_text_atomic

__all__ = ["FORMATS", "export_file", "render_format"]

FORMATS = ("ipynb", "html", "script", "md")
_PACKAGE = Path(__file__).resolve().parent.parent
# The built stylesheet first (what the site ships), then the source one in a checkout.
_CSS_CANDIDATES = (_PACKAGE / "_static" / "web" / "cove.css",
                   _PACKAGE.parent.parent / "public" / "cove.css")


def export_file(notebook: str | os.PathLike[str], output: str | os.PathLike[str], to: str,
                prerender: bool = True) -> Path:
    """Write `notebook` as `to` (ipynb, html, script, md) to `output`; returns the path written.

    Raises `NotebookError` for a notebook that cannot be read, `CoveError` for a bad format or
    output path. Missing parent folders of `output` are created."""
    if to not in FORMATS:
        raise CoveError(f"unknown format {to!r}: choose one of {', '.join(FORMATS)}")
    from .._file.read import read_notebook

    source, out = Path(notebook), Path(output)
    if out.exists() and source.exists() and out.resolve() == source.resolve():
        raise CoveError(f"{out}: is the notebook itself; choose another output file")
    text, nbfile = read_notebook(source)
    nb = Notebook.from_file(nbfile, os.fspath(source))
    return write_text_atomic(out, render_format(nb, text, to, prerender))


def render_format(nb: Notebook, text: str, to: str, prerender: bool = True) -> str:
    """The file text of `nb` (whose file text is `text`) in format `to`."""
    from .formats_text import to_script

    if to == "script":
        return to_script(nb)
    name = os.path.basename(nb.filename)
    # A notebook read from disk runs in its folder, as in the site (cove/_runtime/location.py).
    folder = Path(nb.filename).resolve().parent if os.path.isfile(nb.filename) else None
    events = _events(text, name, prerender, folder)
    renderers: dict[str, Callable[[Notebook, list[dict[str, Any]]], str]] = {
        "ipynb": _ipynb, "html": to_html, "md": _markdown,
    }
    return renderers[to](nb, events)


def _events(text: str, name: str, prerender: bool, folder: Path | None) -> list[dict[str, Any]]:
    from .site import notebook_state_only, prerender as run

    return run(text, name, folder) if prerender else notebook_state_only(text, name)


def _ipynb(nb: Notebook, events: list[dict[str, Any]]) -> str:
    from .formats_ipynb import to_ipynb

    return to_ipynb(nb, events)


def _markdown(nb: Notebook, events: list[dict[str, Any]]) -> str:
    from .formats_text import to_markdown

    return to_markdown(nb, events)


def to_html(nb: Notebook, events: list[dict[str, Any]]) -> str:
    """One standalone page: the prerendered cells (the site's markup in run mode) and the
    stylesheet inline; no scripts, so it reads the same offline and with JavaScript off."""
    from .._output._escape import escape
    from .._site.render import render_cells_html

    options = nb.app_options
    title = str(options.get("app_title") or os.path.basename(nb.filename) or "Cove notebook")
    width = escape(str(options.get("width") or "medium"))
    # `</style` inside the stylesheet would end the element early; `<\/` means `</` in CSS.
    css = _stylesheet().replace("</", "<\\/")
    return (
        "<!doctype html>\n"
        '<html lang="en" data-cove-mode="run" data-cove-export="html">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        f'<meta name="generator" content="Cove">\n<title>{escape(title)}</title>\n'
        f"<style>\n{css}\n</style>\n</head>\n<body>\n"
        f'<main class="cove-notebook" data-width="{width}">{render_cells_html(events, "run")}</main>\n'
        "</body>\n</html>\n"
    )


def _stylesheet() -> str:
    """Cove's CSS (plus the bundle's own, when the build has one); "" when neither is found,
    and the page is still readable unstyled."""
    parts: list[str] = []
    web = _PACKAGE / "_static" / "web"
    try:
        manifest = json.loads((web / "manifest.json").read_text(encoding="utf-8"))
        if "main.css" in manifest:
            parts.append((web / manifest["main.css"]).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    for candidate in _CSS_CANDIDATES:
        if candidate.is_file():
            parts.append(candidate.read_text(encoding="utf-8"))
            break
    return "\n".join(parts)
