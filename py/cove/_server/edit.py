"""The `cove edit` server: the editor page for one notebook, its static assets, and the save API.

Routes (every request: Host must be loopback, Origin absent or this server's own):
  GET  /?key=KEY       the editor page (the key is in the URL `cove edit` prints)
  GET  /api/notebook   {"code", "hash"}                       header X-Cove-Token
  GET  /api/status     {"hash"}                               header X-Cove-Token
  POST /api/save       {"code", "base_hash", "snapshot"?, "force"?} -> {"hash", "outputs_saved"}
  POST /api/install    InstallRequest -> InstallAnswer (cove/protocol.py)
  GET  /pyodide-lock.json  the engine's lock plus the notebook's resolved dependencies
  GET  /packages/<sha256>/<file>  a wheel resolved for this notebook (packages.py)
  GET  /<anything>     files of the static root (web/, pyodide/, wheels/, pyodide-lock.json), else
                       the notebook folder's files, read-only, for the page's kernel and outputs
                       (cookie set with the page, or the token header; never outside the folder)
"""
from __future__ import annotations

import importlib
import json
import os
import secrets
import sys
import traceback
import urllib.parse
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any, Protocol

from .._errors import CoveError, NotebookError
from .._export.datafiles import files_config, folder_files
from .gzipcache import accepts_gzip, gzip_bytes
from ..protocol import to_json
from .packages import PackageService
from .guard import origin_allowed, token_matches
from .static import StaticHandler, StaticServer, resolve_url_path
from .store import NotebookStore, SaveConflict

__all__ = ["EditServer", "PageRenderer", "TOKEN_HEADER", "load_renderer", "make_edit_server"]

TOKEN_HEADER = "X-Cove-Token"
# The notebook folder's files go to whoever holds this cookie, which the page (behind the launch
# key) sets: the worker's fetches and an output's <img src="public/x.png"> carry it, another
# user of this machine does not. Named after the port: cookies do not tell ports apart.
FILES_COOKIE = "cove-files-{port}"
MAX_BODY = 50 << 20  # a save carries the code and the outputs snapshot; plots can be large
_JSON = "application/json"


class PageRenderer(Protocol):
    """What `cove._site.render` provides (tests pass a small fake)."""

    def render_page(self, config: dict[str, Any], cells_html: str, manifest: dict[str, Any]) -> str: ...

    def render_cells_html(self, snapshot_events: list[Any]) -> str: ...


def load_renderer() -> PageRenderer:
    try:
        module: PageRenderer = importlib.import_module("cove._site.render")
        return module
    except ModuleNotFoundError as e:
        raise CoveError(f"this Cove install has no page renderer ({e.name})") from None


def check_notebook(text: str, filename: str) -> dict[str, Any]:
    """The notebook's `App(...)` options; raises NotebookError (file:line: problem) if it won't parse."""
    try:
        from .._file.parse import parse
    except ModuleNotFoundError:  # the parser is not part of this build yet
        return {}
    return dict(parse(text, filename).app_options)


def app_options(text: str, filename: str) -> dict[str, Any]:
    """`App(...)` options for the page title and width; {} if the file no longer parses.

    A file that stopped parsing after an outside edit still gets a page: the kernel in the page
    reports the problem there.
    """
    try:
        return check_notebook(text, filename)
    except NotebookError:
        return {}


class EditServer(StaticServer):
    """A StaticServer for the bundled assets plus one notebook, a launch key and a save token."""

    def __init__(
        self,
        address: tuple[str, int],
        store: NotebookStore,
        static_root: str | os.PathLike[str],
        renderer: PageRenderer,
        isolated: bool = False,
        packages: PackageService | None = None,
    ) -> None:
        self.store = store
        self.renderer = renderer
        self.packages = packages
        # `key` opens the page (it is in the printed URL); `token` authorizes the API (it is only
        # inside the page). Without the key, another user of this machine could fetch the page
        # from 127.0.0.1 and read the token out of it.
        self.key = secrets.token_urlsafe(16)
        self.token = secrets.token_urlsafe(32)
        super().__init__(address, EditHandler, static_root, isolated=isolated)
        self.quiet = False

    @property
    def page_url(self) -> str:
        return self.url(f"/?key={self.key}")

    def page_config(self, text: str, code_hash: str, snapshot: list[Any] | None) -> dict[str, Any]:
        name = Path(self.store.display_name).name
        options = app_options(text, name)
        return {
            "title": options.get("app_title") or Path(name).stem,
            "app": options,
            "mode": "edit",
            "filename": name,
            "code": text,
            "snapshot": snapshot,
            "files": files_config(folder_files(self.store.path.parent)),
            "save": {
                "url": "api/save",
                "token": self.token,
                "header": TOKEN_HEADER,
                "hash": code_hash,
                "notebook_url": "api/notebook",
                "status_url": "api/status",
            },
            # Where a missing package is installed from: this server resolves it (packages.py).
            "install": {"url": "api/install"} if self.packages is not None else None,
        }

    def manifest(self) -> dict[str, Any]:
        path = self.root / "web" / "manifest.json"
        try:
            manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return manifest
        except (OSError, ValueError) as e:
            raise CoveError(f"{path}: the web bundle is missing or broken ({e}); run `python build.py`")


class EditHandler(StaticHandler):
    server: EditServer

    def refuse_reason(self) -> str | None:
        reason = super().refuse_reason()
        if reason is None and not origin_allowed(self.headers.get("Origin"), self.headers.get("Host")):
            reason = "Forbidden: requests from other origins are refused."
        return reason

    # ---- routing ------------------------------------------------------------------------

    def do_GET(self) -> None:
        self.route_get(head=False)

    def do_HEAD(self) -> None:
        self.route_get(head=True)

    def route_get(self, head: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        if split.path in ("/", "/index.html"):
            self.send_page(urllib.parse.parse_qs(split.query).get("key", [None])[0], head)
        elif split.path == "/api/notebook":
            if self.check_token():
                self.send_notebook()
        elif split.path == "/api/status":
            if self.check_token():
                self.send_json(200, {"hash": self.server.store.current_hash()})
        elif split.path.startswith("/api/"):
            self.send_json(404, {"error": f"no such API: {split.path}"})
        elif (packages := self.server.packages) is not None and split.path == "/pyodide-lock.json":
            self.send_bytes(200, packages.lock_json(), _JSON, [("Cache-Control", "no-store")], head=head)
        elif packages is not None and split.path.startswith("/packages/"):
            found = packages.file_for(split.path)
            if found is None or not found.is_file():
                self.send_text(404, "Not found", head)
            else:
                self.send_file(found, found.stat(), head)
        elif self.static_file(split.path) is not None or not self.has_files_cookie():
            self.serve_static(head)
        else:
            self.serve_notebook_file(split.path, head)

    def static_file(self, url_path: str) -> Path | None:
        try:
            path = resolve_url_path(self.server.root, url_path)
        except UnicodeDecodeError:
            return None
        return path if path is not None and path.exists() else None

    def has_files_cookie(self) -> bool:
        cookies = SimpleCookie()
        try:
            cookies.load(self.headers.get("Cookie") or "")
        except CookieError:
            return False
        morsel = cookies.get(FILES_COOKIE.format(port=self.server.port))
        return token_matches(morsel.value if morsel else None, self.server.token) or token_matches(
            self.headers.get(TOKEN_HEADER), self.server.token)

    def serve_notebook_file(self, url_path: str, head: bool) -> None:
        """A file of the notebook's folder: no listing, nothing hidden, nothing a symlink takes
        out of the folder, never a write."""
        folder = self.server.store.path.parent
        try:
            path = resolve_url_path(folder, url_path)
        except UnicodeDecodeError:
            path = None
        real = Path(os.path.realpath(path)) if path is not None else None
        if real is None or folder not in real.parents or not real.is_file():
            self.send_text(404, "Not found.", head=head)
            return
        self.send_file(real, real.stat(), head)

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path not in ("/api/save", "/api/install") or (path == "/api/install" and self.server.packages is None):
            self.close_connection = True
            self.send_json(404, {"error": "not found"})
        elif self.check_token():
            self.handle_save() if path == "/api/save" else self.handle_install()

    def do_OPTIONS(self) -> None:
        # No CORS here: a preflight from another origin gets no Access-Control-* headers.
        self.close_connection = True
        self.send_text(403, "Forbidden: cross-origin requests are refused.")

    def check_token(self) -> bool:
        if token_matches(self.headers.get(TOKEN_HEADER), self.server.token):
            return True
        self.close_connection = True  # a POST body stays unread
        self.send_json(403, {"error": f"missing or wrong {TOKEN_HEADER} header"})
        return False

    # ---- the page and the notebook ------------------------------------------------------

    def send_page(self, key: str | None, head: bool) -> None:
        server = self.server
        if key is None or not token_matches(key, server.key):
            self.send_text(403, "Forbidden: open the URL that `cove edit` printed (it carries the key).")
            return
        try:
            loaded = server.store.read()
            snapshot = server.store.outputs(loaded.hash)
            config = server.page_config(loaded.text, loaded.hash, snapshot)
            page = server.renderer.render_page(
                config, server.renderer.render_cells_html(snapshot or []), server.manifest()
            )
        except FileNotFoundError:
            self.send_text(404, f"{server.store.display_name} no longer exists.", head)
            return
        except CoveError as e:
            self.send_text(500, str(e), head)
            return
        except Exception as e:
            # A broken build or renderer: say it in the browser, keep the details in the terminal.
            traceback.print_exc(file=sys.stderr)
            self.send_text(500, f"Could not render the editor page: {e}", head)
            return
        body = page.encode("utf-8")
        cookie = f"{FILES_COOKIE.format(port=server.port)}={server.token}; Path=/; HttpOnly; SameSite=Strict"
        headers = [
            ("Set-Cookie", cookie),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),
            ("X-Frame-Options", "DENY"),
            ("Vary", "Accept-Encoding"),
        ]
        if len(body) > 1024 and accepts_gzip(self.headers.get("Accept-Encoding")):
            body = gzip_bytes(body)
            headers.append(("Content-Encoding", "gzip"))
        self.send_bytes(200, body, "text/html; charset=utf-8", headers, head=head)

    def send_notebook(self) -> None:
        store = self.server.store
        try:
            loaded = store.read()
        except FileNotFoundError:
            self.send_json(404, {"error": f"{store.display_name} no longer exists", "hash": None})
            return
        except NotebookError as e:
            self.send_json(422, {"error": str(e), "hash": store.current_hash()})
            return
        self.send_json(200, {"code": loaded.text, "hash": loaded.hash})

    def handle_save(self) -> None:
        body = self.read_json_body()
        if body is None:
            return
        problem = _save_request_problem(body)
        if problem:
            self.send_json(400, {"error": problem})
            return
        store = self.server.store
        try:
            result = store.save(
                body["code"], body.get("base_hash"), bool(body.get("force", False)), body.get("snapshot")
            )
        except SaveConflict as e:
            self.send_json(409, {
                "error": f"{store.display_name} changed on disk since it was loaded",
                "hash": e.current,
            })
            return
        except OSError as e:
            self.send_json(500, {"error": f"could not write {store.display_name}: {e.strerror or e}"})
            return
        self.send_json(200, {"hash": result.hash, "outputs_saved": result.outputs_saved})

    def handle_install(self) -> None:
        body = self.read_json_body()
        if body is None:
            return
        modules = body.get("modules") if isinstance(body, dict) else None
        if not isinstance(modules, list) or not modules or not all(isinstance(m, str) and m for m in modules):
            self.send_json(400, {"error": '"modules" must be a non-empty list of module names'})
            return
        assert self.server.packages is not None
        result = self.server.packages.install(modules)
        if not self.server.quiet:
            print(f"install {', '.join(modules)}: {result.error or ', '.join(result.requirements)}",
                  file=sys.stderr, flush=True)
        self.send_json(200, to_json(result))

    # ---- bodies -------------------------------------------------------------------------

    def read_json_body(self) -> Any | None:
        """The parsed JSON body, or None after an error response has been sent."""
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self.send_json(411, {"error": "send a Content-Length (chunked bodies are not accepted)"})
            return None
        try:
            length = int(self.headers.get("Content-Length", ""))
            if length < 0:
                raise ValueError
        except ValueError:
            self.close_connection = True
            self.send_json(411, {"error": "missing or invalid Content-Length"})
            return None
        if length > MAX_BODY:
            self.close_connection = True
            self.send_json(413, {"error": f"request body over {MAX_BODY >> 20} MB"})
            return None
        data = self.rfile.read(length)
        if len(data) < length:
            self.close_connection = True
            return None  # the client went away mid-body; nothing to answer
        try:
            return json.loads(data)
        except ValueError as e:
            self.send_json(400, {"error": f"body is not JSON: {e}"})
            return None

    def send_json(self, status: int, obj: Any) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_bytes(status, body, _JSON, [("Cache-Control", "no-store")], head=self.command == "HEAD")


def _save_request_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "body must be a JSON object"
    if not isinstance(body.get("code"), str):
        return '"code" must be a string'
    if not isinstance(body.get("base_hash"), (str, type(None))):
        return '"base_hash" must be a string or null'
    if not isinstance(body.get("force", False), bool):
        return '"force" must be true or false'
    if not isinstance(body.get("snapshot"), (list, type(None))):
        return '"snapshot" must be a list of events or null'
    return None


def make_edit_server(
    notebook: str | os.PathLike[str],
    static_root: str | os.PathLike[str],
    renderer: PageRenderer,
    host: str = "127.0.0.1",
    port: int = 0,
    isolated: bool = False,
    packages: PackageService | None = None,
) -> EditServer:
    """A bound, listening edit server for an existing notebook; call serve_forever()."""
    return EditServer((host, port), NotebookStore(notebook), static_root, renderer, isolated, packages)
