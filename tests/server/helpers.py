"""Helpers for server tests: run a server in a thread, make raw HTTP requests, a fake page renderer."""
from __future__ import annotations

import http.client
import json
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from cove._server.static import StaticServer


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@contextmanager
def running(server: StaticServer) -> Iterator[StaticServer]:
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def request(
    server: StaticServer,
    path: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    timeout: float = 10,
) -> Response:
    """One raw request (the path is sent as is, so `..` reaches the server)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, r.headers, r.read())
    finally:
        conn.close()


class FakeRenderer:
    """Stands in for cove._site.render: the config as JSON in a script tag, then the cells."""

    def __init__(self) -> None:
        self.calls: list[tuple[dict[str, Any], str, dict[str, Any]]] = []

    def render_cells_html(self, snapshot_events: list[Any]) -> str:
        return f'<main data-events="{len(snapshot_events)}"></main>'

    def render_page(self, config: dict[str, Any], cells_html: str, manifest: dict[str, Any]) -> str:
        self.calls.append((config, cells_html, manifest))
        blob = json.dumps(config).replace("</", "<\\/")
        return f'<!doctype html><script id="cove-config" type="application/json">{blob}</script>{cells_html}'


def page_config(body: bytes) -> dict[str, Any]:
    m = re.search(rb'<script id="cove-config" type="application/json">(.*?)</script>', body, re.S)
    assert m, body[:200]
    return json.loads(m.group(1).replace(b"<\\/", b"</"))


NOTEBOOK = '''import cove

__generated_with = "0.1.0"
app = cove.App(app_title="Demo")


@app.cell
def _():
    x = 1
    return (x,)


if __name__ == "__main__":
    app.run()
'''


def make_static_root(folder: Path) -> Path:
    (folder / "web").mkdir(parents=True)
    (folder / "web" / "manifest.json").write_text('{"entry": "web/app.js"}')
    (folder / "web" / "app.js").write_text("console.log('cove');\n" * 100)
    (folder / "pyodide").mkdir()
    (folder / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm" + b"\1\0\0\0" * 1000)
    return folder


