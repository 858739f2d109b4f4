"""`cove serve`'s static server: MIME types, gzip, headers, traversal, HEAD, revalidation, Host."""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator

import pytest

from cove._server.static import StaticServer, make_static_server

from .helpers import request, running

TEXT = "let x = 1;\n" * 500  # compressible, over the 1 KB threshold


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "list").mkdir()
    (root / "index.html").write_text("<!doctype html><title>home</title>")
    (root / "app.js").write_text(TEXT)
    (root / "mod.mjs").write_text("export {};")
    (root / "app.js.map").write_text('{"version": 3}')
    (root / "data.json").write_text("{}")
    (root / "core.wasm").write_bytes(b"\0asm" + bytes(5000))
    (root / "pkg-1.0-py3-none-any.whl").write_bytes(bytes(5000))
    (root / "stdlib.zip").write_bytes(bytes(5000))
    (root / "nb.py").write_text("import cove\n")
    (root / "sub" / "index.html").write_text("<p>sub</p>")
    (root / "list" / "a.txt").write_text("a")
    (root / ".env").write_text("SECRET=1")
    (tmp_path / "secret.txt").write_text("outside")
    return root


@pytest.fixture
def server(site: Path) -> Iterator[StaticServer]:
    with running(make_static_server(site)) as s:
        yield s


@pytest.mark.parametrize(
    "path, ctype",
    [
        ("/core.wasm", "application/wasm"),
        ("/app.js", "text/javascript"),
        ("/mod.mjs", "text/javascript"),
        ("/data.json", "application/json"),
        ("/app.js.map", "application/json"),
        ("/pkg-1.0-py3-none-any.whl", "application/octet-stream"),
        ("/stdlib.zip", "application/octet-stream"),
        ("/nb.py", "text/x-python; charset=utf-8"),
        ("/index.html", "text/html; charset=utf-8"),
    ],
)
def test_mime_types(server: StaticServer, path: str, ctype: str) -> None:
    r = request(server, path)
    assert r.status == 200
    assert r.headers["Content-Type"] == ctype
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_gzip_when_accepted_and_cached(server: StaticServer, site: Path) -> None:
    r = request(server, "/app.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Vary"] == "Accept-Encoding"
    assert int(r.headers["Content-Length"]) == len(r.body) < len(TEXT)
    assert gzip.decompress(r.body).decode() == TEXT
    # The second request is served from the in-memory cache, byte for byte the same.
    assert request(server, "/app.js", headers={"Accept-Encoding": "gzip"}).body == r.body
    assert server.gzip_cache._entries  # noqa: SLF001 (the cache is what makes gzip cheap)


def test_wasm_is_gzipped(server: StaticServer) -> None:
    r = request(server, "/core.wasm", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.headers["Content-Type"] == "application/wasm"
    assert gzip.decompress(r.body) == b"\0asm" + bytes(5000)


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0", "br"])
def test_no_gzip_unless_accepted(server: StaticServer, accept: str | None) -> None:
    headers = {"Accept-Encoding": accept} if accept else {}
    r = request(server, "/app.js", headers=headers)
    assert "Content-Encoding" not in r.headers
    assert r.body.decode() == TEXT


def test_archives_are_not_recompressed(server: StaticServer) -> None:
    r = request(server, "/pkg-1.0-py3-none-any.whl", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in r.headers
    assert r.body == bytes(5000)


def test_cache_control_and_revalidation(server: StaticServer) -> None:
    r = request(server, "/app.js")
    assert r.headers["Cache-Control"] == "no-cache"
    etag = r.headers["ETag"]
    again = request(server, "/app.js", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    gz = request(server, "/app.js", headers={"Accept-Encoding": "gzip"})
    assert gz.headers["ETag"] != etag  # each encoding has its own validator


def test_isolated_headers(site: Path) -> None:
    with running(make_static_server(site, isolated=True)) as s:
        r = request(s, "/index.html")
    assert r.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert r.headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    assert r.headers["Cross-Origin-Resource-Policy"] == "same-origin"


def test_not_isolated_by_default(server: StaticServer) -> None:
    r = request(server, "/index.html")
    assert "Cross-Origin-Opener-Policy" not in r.headers
    assert "Cross-Origin-Embedder-Policy" not in r.headers


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/sub/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/.env",
        "/%2eenv",
        "//etc/passwd",
        "/%00",
    ],
)
def test_traversal_refused(server: StaticServer, path: str) -> None:
    r = request(server, path)
    assert r.status in (403, 404)
    assert b"outside" not in r.body and b"SECRET" not in r.body and b"root:" not in r.body


def test_head_has_headers_without_body(server: StaticServer) -> None:
    get = request(server, "/app.js", headers={"Accept-Encoding": "gzip"})
    head = request(server, "/app.js", "HEAD", headers={"Accept-Encoding": "gzip"})
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert head.headers["Content-Encoding"] == "gzip"


def test_directories(server: StaticServer) -> None:
    assert request(server, "/").body.startswith(b"<!doctype html><title>home")
    r = request(server, "/sub?x=1")
    assert r.status == 301 and r.headers["Location"] == "/sub/?x=1"
    assert request(server, "/sub/").body == b"<p>sub</p>"
    listing = request(server, "/list/")
    assert listing.status == 200 and b'href="a.txt"' in listing.body


def test_missing_file_404(server: StaticServer) -> None:
    assert request(server, "/nope.js").status == 404


def test_foreign_host_refused_on_loopback(server: StaticServer) -> None:
    # DNS rebinding: the browser thinks it talks to evil.example, the bytes reach 127.0.0.1.
    assert request(server, "/index.html", headers={"Host": f"evil.example:{server.port}"}).status == 403
    for ok in (f"localhost:{server.port}", f"127.0.0.1:{server.port}", "localhost:9000"):
        assert request(server, "/index.html", headers={"Host": ok}).status == 200


def test_precompress_fills_cache(site: Path) -> None:
    server = make_static_server(site)
    try:
        server.precompress()
        keys = {Path(k).name for k in server.gzip_cache._entries}  # noqa: SLF001
        assert {"app.js", "core.wasm"} <= keys and "stdlib.zip" not in keys
    finally:
        server.server_close()


def test_keep_alive_serves_several_requests(server: StaticServer) -> None:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        for path in ("/app.js", "/data.json", "/nope", "/core.wasm"):
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert r.status in (200, 404)
    finally:
        conn.close()
