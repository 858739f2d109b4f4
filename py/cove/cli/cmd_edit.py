"""`cove edit nb.py`: serve the editor for one notebook on 127.0.0.1; saves go back to the file."""
from __future__ import annotations

import argparse
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .._errors import CoveError
from .cmd_serve import bind_error, port_number

if TYPE_CHECKING:
    from .._server.store import NotebookStore

NAME = "edit"
HELP = "edit a notebook in the browser (local server on 127.0.0.1; saves go back to the file)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook (.py); created from a starter if missing")
    parser.add_argument("--port", type=port_number, default=0, help="port (default: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument("--no-browser", action="store_true", help="don't open a browser")
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="send COOP/COEP headers (lets Stop interrupt a cell instead of restarting the worker)",
    )
    parser.add_argument("--pyodide-dist", metavar="DIR|URL",
                        help="where packages PyPI has no Pyodide wheel for come from (as for export)")
    parser.add_argument("--cache-dir", type=Path, help="where downloaded wheels are cached")
    # For development and tests: serve assets from another build folder.
    parser.add_argument("--static", help=argparse.SUPPRESS)


def default_static_root() -> Path:
    return Path(__file__).resolve().parent.parent / "_static"


def starter_for(path: Path) -> str:
    """The text a missing notebook will be created with; raises when it can't be created there."""
    name = os.fspath(path)
    if path.suffix != ".py":
        raise CoveError(f"{name}: does not exist (a new notebook must be a .py file)")
    if not path.parent.is_dir():
        raise CoveError(f"{name}: does not exist, and neither does its folder")
    try:
        from .cmd_new import starter_notebook
    except ImportError:
        raise CoveError(f"{name}: does not exist") from None
    return starter_notebook()


def create_notebook(path: Path, text: str) -> None:
    name = os.fspath(path)
    try:
        # "x": never clobber a file that appeared in the meantime.
        with open(path, "x", encoding="utf-8", newline="") as f:
            f.write(text)
    except OSError as e:
        raise CoveError(f"{name}: cannot create it: {e.strerror or e}") from None
    print(f"Created {name} from the starter notebook.", flush=True)


def open_notebook(path: Path) -> "NotebookStore":
    """The store for an existing notebook; one-line errors for what the page could not open."""
    from .._server.edit import check_notebook
    from .._server.store import NotebookStore

    name = os.fspath(path)
    if path.is_dir():
        raise CoveError(f"{name}: is a folder, not a notebook")
    store = NotebookStore(path)
    try:
        check_notebook(store.read().text, name)  # unreadable, binary, non-UTF-8, not a notebook
    except OSError as e:
        raise CoveError(f"{name}: cannot read it: {e.strerror or e}") from None
    return store


def run(args: argparse.Namespace) -> int:
    from .._server.edit import EditServer, load_renderer
    from .._server.guard import is_loopback
    from .._server.run import open_browser, serve_until_interrupted

    path = Path(args.notebook)
    name = os.fspath(path)
    # Problems with the user's file come first; a missing one is created last, once the rest is
    # known to work, so a failed start leaves nothing behind.
    store = open_notebook(path) if path.exists() else None
    starter = starter_for(path) if store is None else ""
    static_root = Path(args.static) if args.static else default_static_root()
    manifest = static_root / "web" / "manifest.json"
    if not manifest.is_file():
        raise CoveError(f"the web bundle is not built ({manifest} is missing): run `python build.py`")
    renderer = load_renderer()
    if store is None:
        create_notebook(path, starter)
        store = open_notebook(path)
    from .._server.packages import PackageService

    packages = PackageService(path, static_root, cache_dir=args.cache_dir, pyodide_dist=args.pyodide_dist,
                              log=lambda m: print(m, flush=True))
    try:
        server = EditServer((args.host, args.port), store, static_root, renderer, args.isolated, packages)
    except OSError as e:
        raise bind_error(args.host, args.port, e) from None

    if not is_loopback(args.host):
        print(f"Warning: listening on {args.host}: other machines can reach this server "
              "(the page needs the key in the URL; saves need the token).", flush=True)
    url = server.page_url
    print(f"Editing {name} at {url}", flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    if not args.no_browser:
        open_browser(url)
    threading.Thread(target=server.precompress, daemon=True).start()
    packages.start()

    def wait_for_save() -> None:
        # A save in flight finishes before the process exits (it would be atomic anyway).
        if store.lock.acquire(timeout=10):
            store.lock.release()

    return serve_until_interrupted(server, before_exit=wait_for_save)
