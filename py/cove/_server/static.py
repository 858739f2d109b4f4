"""Serve a folder over HTTP: MIME types, cached gzip, revalidation, optional cross-origin isolation.

`make_static_server` is what `cove serve` runs, and what tests and benchmarks start on port 0.
`StaticHandler` is also the base of the `cove edit` handler, which adds its routes on top.
"""
from __future__ import annotations

import html
import os
import shutil
import socket
import socketserver
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable

from .gzipcache import GzipCache, accepts_gzip
from .guard import host_allowed, is_loopback

__all__ = ["MIME_TYPES", "StaticHandler", "StaticServer", "content_type", "make_static_server"]

# Browsers refuse `WebAssembly.instantiateStreaming` and module scripts served with the wrong type,
# so these are fixed here rather than left to the host's `mimetypes` database.
MIME_TYPES: dict[str, str] = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".whl": "application/octet-stream",
    ".zip": "application/octet-stream",
    ".tar": "application/x-tar",
    ".gz": "application/gzip",
    ".py": "text/x-python; charset=utf-8",
    ".ipynb": "application/x-ipynb+json",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}

# Types worth gzipping; archives (.whl, .zip) and images are compressed already.
_COMPRESSIBLE = {
    "application/json", "application/manifest+json", "application/wasm", "application/x-tar",
    "application/x-ipynb+json", "application/xml", "image/svg+xml",
}

# Files are re-validated on every load (ETag, 304): a preview folder is re-exported in place, and
# a stale cached bundle next to a fresh page is a confusing bug. On localhost a 304 costs ~1 ms.
CACHE_CONTROL = "no-cache"

ISOLATION_HEADERS = (
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Cross-Origin-Embedder-Policy", "require-corp"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
)


def content_type(path: str | os.PathLike[str]) -> str:
    """The Content-Type header for a file name."""
    return MIME_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def is_compressible(ctype: str) -> bool:
    base = ctype.split(";", 1)[0].strip()
    return base.startswith("text/") or base in _COMPRESSIBLE


def resolve_url_path(root: Path, url_path: str) -> Path | None:
    """The file under `root` that a URL path names, or None when it would leave `root`.

    The check is on the path's segments, after percent-decoding: any `..`, hidden (dot) name,
    backslash, drive or NUL is refused. Symlinks the folder's owner placed inside are followed.
    """
    parts = urllib.parse.unquote(url_path, errors="strict").split("/")
    safe: list[str] = []
    for part in parts:
        if part == "":
            continue
        if part.startswith(".") or "\\" in part or "\0" in part or ":" in part:
            return None
        safe.append(part)
    return root.joinpath(*safe)


class StaticServer(ThreadingHTTPServer):
    """A threaded HTTP server that knows its root folder and its header policy."""

    # Handler threads must not keep the process alive after Ctrl+C.
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        root: str | os.PathLike[str],
        isolated: bool = False,
    ) -> None:
        self.root = Path(os.path.abspath(root))
        self.isolated = isolated
        self.gzip_cache = GzipCache()
        self.quiet = True
        host = address[0]
        if ":" in host:
            self.address_family = socket.AF_INET6
        # DNS rebinding lets a web page read a loopback server through a host name it controls;
        # refusing foreign Host headers closes that. A server bound to a LAN address is reached
        # by whatever name the LAN uses, so the check only applies to loopback binds.
        self.check_host = is_loopback(host)
        self.extra_hosts = {host.lower()}
        super().__init__(address, handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), which can stall for seconds on a machine
        # with slow DNS; the name is never used here.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def url(self, path: str = "/") -> str:
        """The URL to print for a browser (a wildcard bind is shown as loopback)."""
        host = str(self.server_address[0])
        if host in ("0.0.0.0", ""):
            host = "127.0.0.1"
        elif host == "::":
            host = "::1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}{path}"

    def precompress(self, limit_bytes: int = 256 << 20, limit_files: int = 5000) -> None:
        """Gzip the compressible files under root into the cache (run it in a thread).

        Compressing Pyodide's 9.6 MB wasm takes ~0.4 s; doing it before the first request keeps
        the first page load fast. The limits keep `cove serve ~` from walking a whole disk.
        """
        done = 0
        for count, path in enumerate(_walk_files(self.root)):
            if count >= limit_files:
                return
            ctype = content_type(path)
            if not is_compressible(ctype):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if done + st.st_size > limit_bytes:
                return
            done += st.st_size
            self.gzip_cache.get(path, st)


def _walk_files(root: Path) -> Iterable[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath, name)


class StaticHandler(BaseHTTPRequestHandler):
    """GET/HEAD for files under `server.root`; subclasses add routes by overriding do_GET."""

    server: StaticServer
    # Keep-alive: a page load is dozens of requests.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, a keep-alive client waits ~40 ms
    # (delayed ACK) for each small response.
    disable_nagle_algorithm = True
    server_version = "Cove"

    def version_string(self) -> str:
        return self.server_version  # no Python version in the Server header

    # ---- request gate -------------------------------------------------------------------

    def parse_request(self) -> bool:
        # Runs before every do_* method, so the Host check cannot be forgotten by a route.
        if not super().parse_request():
            return False
        problem = self.refuse_reason()
        if problem:
            # The body (if any) is left unread, so the connection cannot be reused.
            self.close_connection = True
            self.send_text(403, problem)
            return False
        return True

    def refuse_reason(self) -> str | None:
        """Why this request is refused (403), or None. Subclasses add checks."""
        if self.server.check_host and not host_allowed(
            self.headers.get("Host"), self.server.extra_hosts
        ):
            return "Forbidden: this server only answers requests addressed to localhost."
        return None

    # ---- GET / HEAD ---------------------------------------------------------------------

    def do_GET(self) -> None:
        self.serve_static(head=False)

    def do_HEAD(self) -> None:
        self.serve_static(head=True)

    def serve_static(self, head: bool) -> None:
        split = urllib.parse.urlsplit(self.path)
        try:
            path = resolve_url_path(self.server.root, split.path)
        except UnicodeDecodeError:
            path = None
        if path is None:
            self.send_text(404, "Not found.", head=head)
            return
        if path.is_dir():
            if not split.path.endswith("/"):
                # Relative URLs inside index.html resolve against the folder only with the slash.
                location = urllib.parse.urlunsplit(("", "", split.path + "/", split.query, ""))
                self.send_bytes(301, b"", "text/plain", [("Location", location)], head=True)
                return
            index = path / "index.html"
            if not index.is_file():
                self.send_listing(path, split.path, head)
                return
            path = index
        try:
            st = path.stat()
        except OSError:
            st = None
        if st is None or not path.is_file():
            self.send_text(404, "Not found.", head=head)
            return
        self.send_file(path, st, head)

    def send_file(self, path: Path, st: os.stat_result, head: bool) -> None:
        ctype = content_type(path)
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        compress = is_compressible(ctype) and accepts_gzip(self.headers.get("Accept-Encoding"))
        headers = [("Cache-Control", CACHE_CONTROL)]
        if is_compressible(ctype):
            headers.append(("Vary", "Accept-Encoding"))
        body: bytes | None = None
        if compress:
            body = self.server.gzip_cache.get(path, st)
            if body is not None:
                etag = etag[:-1] + '-gz"'
                headers.append(("Content-Encoding", "gzip"))
        headers.append(("ETag", etag))
        if _etag_matches(self.headers.get("If-None-Match"), etag):
            self.send_bytes(304, b"", None, headers, head=True)
            return
        if body is not None:
            self.send_bytes(200, body, ctype, headers, head=head)
            return
        try:
            f = open(path, "rb")
        except OSError:
            self.send_text(404, "Not found.", head=head)
            return
        with f:
            size = os.fstat(f.fileno()).st_size
            self.start_response(200, ctype, size, headers)
            if not head:
                shutil.copyfileobj(f, self.wfile, 1 << 20)

    def send_listing(self, folder: Path, url_path: str, head: bool) -> None:
        items = sorted(
            p.name + ("/" if p.is_dir() else "")
            for p in folder.iterdir()
            if not p.name.startswith(".")
        )
        rows = "".join(
            f'<li><a href="{urllib.parse.quote(n)}">{html.escape(n)}</a></li>' for n in items
        )
        title = html.escape(urllib.parse.unquote(url_path))
        page = f"<!doctype html><meta charset=utf-8><title>{title}</title><h1>{title}</h1><ul>{rows}</ul>"
        self.send_bytes(200, page.encode(), "text/html; charset=utf-8", [], head=head)

    # ---- response helpers ---------------------------------------------------------------

    def common_headers(self) -> list[tuple[str, str]]:
        headers = [("X-Content-Type-Options", "nosniff")]
        if self.server.isolated:
            headers.extend(ISOLATION_HEADERS)
        return headers

    def start_response(
        self, status: int, ctype: str | None, length: int, headers: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        for name, value in [*self.common_headers(), *headers]:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def send_bytes(
        self,
        status: int,
        body: bytes,
        ctype: str | None,
        headers: Iterable[tuple[str, str]] = (),
        head: bool = False,
    ) -> None:
        self.start_response(status, ctype, len(body), headers)
        if not head and body:
            self.wfile.write(body)

    def send_text(self, status: int, text: str, head: bool = False) -> None:
        self.send_bytes(
            status, (text + "\n").encode(), "text/plain; charset=utf-8",
            [("Cache-Control", "no-store")], head=head or self.command == "HEAD",
        )

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        # Quiet by default: only problems are worth a line in the terminal.
        status = int(code) if str(code).isdigit() else 0
        if not self.server.quiet and status >= 400 and not self.path.endswith("/favicon.ico"):
            super().log_request(code, size)

    def log_error(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_error(format, *args)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    return any(t.strip().removeprefix("W/") == etag for t in header.split(","))


def make_static_server(
    root: str | os.PathLike[str],
    host: str = "127.0.0.1",
    port: int = 0,
    isolated: bool = False,
) -> StaticServer:
    """A server for `root`, bound and listening (port 0 picks a free port); call serve_forever()."""
    return StaticServer((host, port), StaticHandler, root, isolated=isolated)
