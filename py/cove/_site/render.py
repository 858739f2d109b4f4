"""The page HTML in Python: cells prerendered from the engine's snapshot, and the document around
them that `cove edit` serves and `cove export` writes.

The cell chrome comes from cove/_output/chrome.py (the page's web/src/render/chrome.ts is
generated from it), the outputs are drawn by the same registry the engine uses for the live page
(cove/_output/render.py): the page adopts these
elements as they are, so nothing jumps when the kernel takes over, and a reader with JavaScript
off still sees every output. A snapshot carries each cell's view (protocol.CellView) whole, as
the kernel holds it: nothing here replays a run's events.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any, Iterable, Literal, Mapping

from .._output._escape import escape
from .._output.chrome import cell_bar, code_block
from .._output.render import render_bundle, render_console, render_error
from ..protocol import CellView, ProtocolError, view_from_json
from .csp import with_csp

__all__ = ["CellState", "page_event", "snapshot_cells", "render_cells_html", "render_page", "render_toolbar"]

PageMode = Literal["edit", "run"]


@dataclass
class CellState:
    """A cell as a snapshot shows it: the notebook's word on it (code, name, flags) and its
    results as the kernel handed them over (protocol.CellView), unchanged."""

    id: str
    code: str = ""
    name: str = "_"
    kind: str = "cell"
    hide_code: bool = False
    disabled: bool = False
    view: CellView | None = None

    @property
    def status(self) -> str:
        if self.view is not None:
            return self.view.status
        return "disabled" if self.disabled else "idle"

    @property
    def run_id(self) -> int:
        return self.view.run_id if self.view is not None else -1

    @property
    def pending(self) -> bool:
        """The prerender could not run it (cove/_export/prerender.py): the page's kernel will."""
        return self.view is not None and self.view.pending

    @property
    def outputs(self) -> list[dict[str, str]]:
        return [o.bundle for o in self.view.outputs] if self.view else []

    @property
    def console(self) -> list[tuple[str, str]]:
        return [(c.stream, c.text) for c in self.view.console] if self.view else []

    @property
    def error(self) -> dict[str, Any] | None:
        return dataclasses.asdict(self.view.error) if self.view and self.view.error else None


def page_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """An event as a page's config or a precomputed table carries it: an output keeps its drawing
    (`html`, which the page inserts) and, of its bundle, only the plain text, so an image's or a
    table's bytes are not sent twice. The page needs no more: it renders no bundle, a `cove edit`
    save sends the page's own state, and ipynb/Markdown exports read the engine's snapshot."""
    if event.get("type") == "cell_view":
        return {**event, "outputs": [_page_output(o) for o in event.get("outputs") or ()]}
    if event.get("type") == "cell_output" and event.get("html") and event.get("output"):
        return {**event, "output": _plain_text(event["output"])}
    return dict(event)


def _page_output(output: Mapping[str, Any]) -> dict[str, Any]:
    return {**output, "bundle": _plain_text(output["bundle"])} if output.get("html") else dict(output)


def _plain_text(bundle: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in bundle.items() if k == "text/plain"}


def snapshot_cells(snapshot: Iterable[Mapping[str, Any]]) -> list[CellState]:
    """The cells, in order, of a snapshot (Session.snapshot(), or a page's save): its `notebook`
    event, then each cell's `cell_view`. Anything else in it is not a snapshot's and is skipped."""
    cells: list[CellState] = []
    by_id: dict[str, CellState] = {}
    for item in snapshot:
        kind = item.get("type")
        if kind == "notebook":
            cells = [
                CellState(
                    id=info["id"], code=info.get("code", ""), name=info.get("name", "_"),
                    kind=info.get("kind", "cell"), hide_code=bool(info.get("hide_code")),
                    disabled=bool(info.get("disabled")),
                )
                for info in item.get("cells", [])
            ]
            by_id = {c.id: c for c in cells}
        elif kind == "cell_view" and item.get("id") in by_id:
            try:
                by_id[item["id"]].view = view_from_json(item)
            except ProtocolError:
                continue  # a damaged view: the cell shows as not run
    return cells


# -- cells ---------------------------------------------------------------------------------------

# Adopted by the page like any output; web/src/render/cells.ts repaints it on the first live run.
PENDING_NOTE = '<p class="cove-pending">Runs when the page loads.</p>'


def _cell_html(cell: CellState, index: int, mode: PageMode) -> str:
    attrs = (
        f' data-cell-index="{index}" data-cell-id="{escape(cell.id)}" data-status="{escape(cell.status)}"'
        f' data-kind="{escape(cell.kind)}"'
        + (' data-hide-code=""' if cell.hide_code else "")
        + (' data-disabled=""' if cell.disabled else "")
        + f' aria-label="Cell {index + 1}" role="group"'
    )
    hidden = " hidden" if mode == "run" and cell.hide_code else ""
    output = _output_area(cell.view) if cell.view else ""
    if cell.pending and not output:
        output = PENDING_NOTE
    return (
        f'<div class="cove-cell"{attrs}>'
        + (cell_bar() if mode == "edit" else "")
        + f'<div class="cove-code"{hidden}>{code_block(cell.code, cell.hide_code, mode)}</div>'
        + f'<div class="cove-output">{output}</div>'
        + f'<pre class="cove-console">{render_console(cell.console)}</pre>'
        + "</div>"
    )


def _output_area(view: CellView) -> str:
    """The cell's output area: the engine's drawing, as the page inserts it (a view from an
    older save without one is drawn here by the same registry)."""
    if view.error is not None:
        return view.error_html or render_error(dataclasses.asdict(view.error))
    return "".join(o.html or render_bundle(o.bundle) for o in view.outputs)


def render_cells_html(snapshot: Iterable[Mapping[str, Any]], mode: PageMode = "edit") -> str:
    """The cells' HTML from a snapshot (Session.snapshot()); "" for an empty one."""
    return "".join(_cell_html(c, i, mode) for i, c in enumerate(snapshot_cells(snapshot)))


# -- the page ------------------------------------------------------------------------------------

_EDIT_ACTIONS = (
    ("run-all", "Run all", "Run every cell"),
    ("run-stale", "Run stale", "Run the cells marked stale"),
    ("stop", "Stop", "Stop the running cell"),
    ("restart", "Restart", "Restart the Python kernel"),
    ("mode", "Autorun", "Autorun: dependents re-run (click for lazy)"),
    ("add-cell", "Add cell", "Add a cell at the end"),
    ("save", "Save", "Save (Ctrl+S): to the file, or in this browser for a static page"),
    ("download", "Download", "Download the notebook as a .py file"),
    ("share", "Share", "Copy a link that carries the code"),
)
_RUN_ACTIONS = ("run-all", "stop", "restart", "download")


def render_toolbar(title: str, mode: PageMode, kernel_mode: str = "autorun") -> str:
    buttons = []
    for action, label, tip in _EDIT_ACTIONS:
        if mode == "run" and action not in _RUN_ACTIONS:
            continue
        extra = ""
        if action == "mode":
            lazy = kernel_mode == "lazy"
            label = "Lazy" if lazy else label
            extra = f' aria-pressed="{"true" if lazy else "false"}"'
        buttons.append(
            f'<button type="button" data-cove-action="{action}" title="{escape(tip)}"{extra} disabled>{label}</button>'
        )
    return (
        '<header class="cove-toolbar" role="toolbar" aria-label="Notebook">'
        f'<span class="cove-title">{escape(title)}</span>'
        '<span class="cove-kernel-state" role="status" aria-live="polite" data-state="loading">Loading…</span>'
        f'<span class="cove-actions">{"".join(buttons)}</span></header>'
    )


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no `</script>`, no `<!--`, whatever the notebook contains."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _snapshot_notebook(config: Mapping[str, Any]) -> Mapping[str, Any]:
    """The `notebook` event of the config's snapshot ({} without one)."""
    for ev in config.get("snapshot") or ():
        if isinstance(ev, Mapping) and ev.get("type") == "notebook":
            return ev
    return {}


def code_only_events(text: str, filename: str) -> list[dict[str, Any]]:
    """The `notebook` event for `text` without running anything (the cells' code, no outputs),
    or [] when the engine cannot read it: enough to paint the code before the kernel boots."""
    from .._runtime.session import Session

    events: list[str] = []
    try:
        Session.from_text(text, filename, events.append)
    except Exception:  # noqa: BLE001 - the live kernel reports what is wrong with the file
        return []
    return [e for e in map(json.loads, events) if e.get("type") == "notebook"]


# Inside another page's iframe (`?embed=1`, web/src/embed.ts) the toolbar and notices other than
# errors and a share link's Run are hidden before the first paint, so the frame does not jump;
# with `?notebook=URL` the published cells stay hidden until that notebook's cells replace them.
_EMBED_HEAD = (
    "<script>(function(){var q=new URLSearchParams(location.search),d=document.documentElement.dataset;"
    'if(q.get("embed")==="1")d.coveEmbed="";if(q.has("notebook"))d.coveLinked=""})()</script>'
    "<style>html[data-cove-embed] .cove-toolbar,html[data-cove-embed] .cove-banner:not([data-kind=error]):not([data-banner=shared])"
    "{display:none}html[data-cove-linked] .cove-notebook{visibility:hidden}</style>"
)


# Starts the kernel worker while main.js is still loading (web/src/boot/early.ts): the worker
# begins loading Pyodide ~150 ms sooner, and main.js adopts it. It does nothing on a page that
# does not load main.js from a URL (a single-file page inlines it: the worker's URL is not there).
_EARLY = (
    "<script data-cove-early>(function(){try{"
    "if(!document.querySelector('script[type=\"module\"][src]'))return;"
    "var b=new URL(%s,document.baseURI),r=function(u){return new URL(u,b).href},w=r(%s);"
    "window.coveEarlyWorker={url:w,worker:new Worker(w+\"#pyodide=\"+encodeURIComponent(r(%s))"
    "+\"&lock=\"+encodeURIComponent(r(%s)),{type:\"module\",name:\"cove-kernel\"})}"
    "}catch(e){}})()</script>"
)


def early_worker_script(base: str, config: Mapping[str, Any]) -> str:
    pyodide = str(config.get("pyodide") or "pyodide/")
    pyodide += "" if pyodide.endswith("/") else "/"
    values = (base, str(config["worker"]), pyodide, str(config.get("lock") or "pyodide-lock.json"))
    return _EARLY % tuple(_script_json(v) for v in values)


def table_preloads(base: str, config: Mapping[str, Any]) -> str:
    """Preload links for the precomputed tables' slices that are not in the config
    (web/src/boot/precomputed.ts): the page fetches them when main.js runs, but a reader may move
    a control before that; from the head their fetch starts with the page's first bytes."""
    block = config.get("precompute") or {}
    elements, inline = block.get("elements") or {}, block.get("inline") or {}
    slices = dict.fromkeys(str(e["slice"]) for e in elements.values() if isinstance(e, dict) and e.get("slice") and e["slice"] not in inline)
    # `crossorigin`: the page's fetch() is in cors mode; a preload in another mode is not reused.
    return "".join(f'<link rel="preload" as="fetch" href="{escape(base + f)}" crossorigin>\n' for f in slices)


def render_page(config: dict[str, Any], cells_html: str, manifest: dict[str, Any]) -> str:
    """The whole HTML document. `config` is the page's cove-config (see web/src/config.ts: mode,
    filename, code, base, pyodide, lock, save, snapshot, title); `manifest` is build.py's
    web/manifest.json ({"main.js": "main-HASH.js", "worker.js": ..., ...})."""
    mode: PageMode = "run" if config.get("mode") == "run" else "edit"
    base = str(config.get("base") or "./")
    if not base.endswith("/"):
        base += "/"
    try:
        main_js, worker_js = manifest["main.js"], manifest["worker.js"]
    except KeyError as e:
        raise ValueError(f"web/manifest.json has no {e.args[0]!r}: rebuild with `python build.py`") from None
    page_config = {**config, "base": base, "worker": f"web/{worker_js}"}
    if not cells_html.strip() and isinstance(config.get("code"), str):
        # No outputs to show (first open): still paint the code at once.
        cells_html = render_cells_html(code_only_events(config["code"], str(config.get("filename", ""))), mode)
    notebook = _snapshot_notebook(config)
    app = config.get("app") or notebook.get("app_options") or {}
    title = str(config.get("title") or app.get("app_title") or config.get("filename") or "Cove")
    width = escape(str(app.get("width") or "medium"))
    css = [f"web/{manifest['main.css']}"] if "main.css" in manifest else []
    css.append("web/cove.css")
    links = "".join(f'<link rel="stylesheet" href="{escape(base + href)}">' for href in css)
    toolbar = render_toolbar(title, mode, str(notebook.get("mode", "autorun")))
    return with_csp(  # the page's Content-Security-Policy, hashing its inline scripts (csp.py)
        "<!doctype html>\n"
        f'<html lang="en" data-cove-kernel="loading" data-cove-mode="{mode}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<link rel="icon" href="data:,">\n'
        # Before the stylesheets, which would hold the inline script back until they load.
        f'<script type="module" src="{escape(base + "web/" + main_js)}"></script>\n'
        f"{early_worker_script(base, page_config)}\n"
        f"{table_preloads(base, page_config)}"
        f"{_EMBED_HEAD}\n"
        f"<title>{escape(title)}</title>\n{links}\n"
        f'<script type="application/json" id="cove-config">{_script_json(page_config)}</script>\n'
        "</head>\n<body>\n"
        f"{toolbar}\n"
        '<div class="cove-banners" aria-live="polite"></div>\n'
        f'<main class="cove-notebook" data-width="{width}">{cells_html}</main>\n'
        '<noscript><p class="cove-noscript">This notebook is shown as it last ran. '
        "Turn on JavaScript to run it and use its controls.</p></noscript>\n"
        '<script>performance.mark("cove:prerendered")</script>\n'
        "</body>\n</html>\n"
    )
