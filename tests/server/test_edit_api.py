"""`cove edit`'s server: the page behind its key, the token-protected API, and safe saves."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest

import cove._server.edit as edit_mod
from cove._server.edit import EditServer, make_edit_server
from cove._server.store import outputs_path

from .helpers import NOTEBOOK, FakeRenderer, Response, page_config, request, running


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def origin(server: EditServer) -> str:
    return f"http://127.0.0.1:{server.port}"


def save(server: EditServer, payload: Any, token: str | None = None, **headers: str) -> Response:
    body = json.dumps(payload).encode()
    h = {"Content-Type": "application/json", "Origin": origin(server)}
    tok = server.token if token is None else token
    if tok:
        h["X-Cove-Token"] = tok
    h.update(headers)
    return request(server, "/api/save", "POST", headers=h, body=body)


def api_get(server: EditServer, path: str, **headers: str) -> Response:
    return request(server, path, headers={"X-Cove-Token": server.token, **headers})


# ---- the page -------------------------------------------------------------------------------


def test_page_needs_the_key(edit_server: EditServer) -> None:
    assert request(edit_server, "/").status == 403
    assert request(edit_server, "/?key=wrong").status == 403
    r = request(edit_server, f"/?key={edit_server.key}")
    assert r.status == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Cache-Control"] == "no-store"
    assert r.headers["Referrer-Policy"] == "no-referrer"


def test_page_config(edit_server: EditServer, notebook: Path) -> None:
    config = page_config(request(edit_server, f"/?key={edit_server.key}").body)
    assert config["mode"] == "edit"
    assert config["code"] == NOTEBOOK
    assert config["filename"] == "nb.py"
    assert config["title"] == "Demo"
    assert config["snapshot"] is None
    assert config["save"] == {
        "url": "api/save",
        "token": edit_server.token,
        "header": "X-Cove-Token",
        "hash": sha(NOTEBOOK),
        "notebook_url": "api/notebook",
        "status_url": "api/status",
    }
    assert edit_server.token not in edit_server.page_url  # only the key travels in the URL


def test_page_gzipped(edit_server: EditServer, notebook: Path) -> None:
    big = NOTEBOOK + "# a comment\n" * 200
    notebook.write_text(big)
    r = request(edit_server, f"/?key={edit_server.key}", headers={"Accept-Encoding": "gzip"})
    assert r.headers["Content-Encoding"] == "gzip"
    assert page_config(gzip.decompress(r.body))["code"] == big


def test_static_assets_served(edit_server: EditServer) -> None:
    r = request(edit_server, "/pyodide/pyodide.asm.wasm")
    assert r.status == 200 and r.headers["Content-Type"] == "application/wasm"
    assert request(edit_server, "/web/manifest.json").status == 200
    assert request(edit_server, "/../work/nb.py").status == 404


# ---- request gate ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/api/status", "/web/app.js", "/api/save"])
def test_foreign_host_refused_everywhere(edit_server: EditServer, path: str) -> None:
    method = "POST" if path == "/api/save" else "GET"
    r = request(
        edit_server, f"{path}?key={edit_server.key}", method,
        headers={"Host": f"rebound.example:{edit_server.port}", "X-Cove-Token": edit_server.token},
        body=b"{}" if method == "POST" else None,
    )
    assert r.status == 403


def test_localhost_host_accepted(edit_server: EditServer) -> None:
    r = api_get(edit_server, "/api/status", Host=f"localhost:{edit_server.port}")
    assert r.status == 200


def test_foreign_origin_refused(edit_server: EditServer, notebook: Path) -> None:
    payload = {"code": "x", "base_hash": sha(NOTEBOOK)}
    for bad in ("https://evil.example", "null", f"http://127.0.0.1:{edit_server.port + 1}",
                f"https://127.0.0.1:{edit_server.port}"):
        assert save(edit_server, payload, Origin=bad).status == 403, bad
    assert api_get(edit_server, "/api/notebook", Origin="https://evil.example").status == 403
    assert notebook.read_text() == NOTEBOOK


def test_localhost_origin_matches_localhost_host(edit_server: EditServer, notebook: Path) -> None:
    port = edit_server.port
    r = save(edit_server, {"code": "y", "base_hash": sha(NOTEBOOK)},
             Origin=f"http://localhost:{port}", Host=f"localhost:{port}")
    assert r.status == 200


def test_token_required(edit_server: EditServer, notebook: Path) -> None:
    payload = {"code": "x = 2\n", "base_hash": sha(NOTEBOOK)}
    assert save(edit_server, payload, token="").status == 403
    assert save(edit_server, payload, token="wrong").status == 403
    assert request(edit_server, "/api/notebook").status == 403
    assert request(edit_server, "/api/status").status == 403
    assert notebook.read_text() == NOTEBOOK


def test_preflight_refused(edit_server: EditServer) -> None:
    r = request(edit_server, "/api/save", "OPTIONS", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert r.status == 403 and "Access-Control-Allow-Origin" not in r.headers


# ---- saving ---------------------------------------------------------------------------------


def test_save_round_trip(edit_server: EditServer, notebook: Path) -> None:
    mode = 0o640
    os.chmod(notebook, mode)
    config = page_config(request(edit_server, f"/?key={edit_server.key}").body)
    new_code = NOTEBOOK.replace("x = 1", "x = 2")
    r = save(edit_server, {"code": new_code, "base_hash": config["save"]["hash"], "snapshot": None})
    assert r.status == 200, r.body
    assert r.json() == {"hash": sha(new_code), "outputs_saved": None}
    assert notebook.read_text() == new_code
    assert os.stat(notebook).st_mode & 0o777 == mode
    assert [p.name for p in notebook.parent.iterdir()] == ["nb.py"]  # no temp file, no cache
    assert api_get(edit_server, "/api/status").json() == {"hash": sha(new_code)}
    assert api_get(edit_server, "/api/notebook").json() == {"code": new_code, "hash": sha(new_code)}
    # The next save starts from the hash the last one returned.
    r2 = save(edit_server, {"code": NOTEBOOK, "base_hash": r.json()["hash"]})
    assert r2.status == 200 and notebook.read_text() == NOTEBOOK


def test_outside_change_conflicts_then_force(edit_server: EditServer, notebook: Path) -> None:
    base = sha(NOTEBOOK)
    outside = NOTEBOOK + "\n# edited in vim\n"
    notebook.write_text(outside)
    assert api_get(edit_server, "/api/status").json() == {"hash": sha(outside)}
    r = save(edit_server, {"code": "mine", "base_hash": base})
    assert r.status == 409
    assert r.json()["hash"] == sha(outside)
    assert notebook.read_text() == outside  # never overwritten silently
    forced = save(edit_server, {"code": "mine", "base_hash": base, "force": True})
    assert forced.status == 200 and notebook.read_text() == "mine"


def test_deleted_file_conflicts(edit_server: EditServer, notebook: Path) -> None:
    notebook.unlink()
    assert api_get(edit_server, "/api/status").json() == {"hash": None}
    assert api_get(edit_server, "/api/notebook").status == 404
    r = save(edit_server, {"code": "again", "base_hash": sha(NOTEBOOK)})
    assert r.status == 409 and r.json()["hash"] is None
    assert save(edit_server, {"code": "again", "base_hash": None}).status == 200
    assert notebook.read_text() == "again"


def test_crash_mid_write_keeps_old_file(edit_server: EditServer, notebook: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(src: Any, dst: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    r = save(edit_server, {"code": "half", "base_hash": sha(NOTEBOOK)})
    assert r.status == 500 and "No space left" in r.json()["error"]
    assert notebook.read_text() == NOTEBOOK
    assert [p.name for p in notebook.parent.iterdir()] == ["nb.py"]


@pytest.mark.parametrize(
    "payload",
    [[], {"base_hash": "x"}, {"code": 1, "base_hash": "x"}, {"code": "", "base_hash": 3},
     {"code": "", "base_hash": "x", "force": "yes"}, {"code": "", "base_hash": "x", "snapshot": {}}],
)
def test_bad_request_400(edit_server: EditServer, payload: Any) -> None:
    assert save(edit_server, payload).status == 400


def test_not_json_400(edit_server: EditServer) -> None:
    r = request(edit_server, "/api/save", "POST", body=b"{nope",
                headers={"X-Cove-Token": edit_server.token})
    assert r.status == 400


def test_body_limit_413(edit_server: EditServer, notebook: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(edit_mod, "MAX_BODY", 1000)
    r = save(edit_server, {"code": "x" * 2000, "base_hash": sha(NOTEBOOK)})
    assert r.status == 413
    assert notebook.read_text() == NOTEBOOK


def test_default_body_limit_is_50_mb() -> None:
    assert edit_mod.MAX_BODY == 50 << 20


def test_crlf_and_bom_kept(tmp_path: Path, static_root: Path) -> None:
    nb = tmp_path / "win.py"
    nb.write_bytes(b"\xef\xbb\xbf" + NOTEBOOK.replace("\n", "\r\n").encode())
    with running(make_edit_server(nb, static_root, FakeRenderer())) as server:
        server.quiet = True
        loaded = api_get(server, "/api/notebook").json()
        assert loaded["hash"] == hashlib.sha256(nb.read_bytes()).hexdigest()
        code = loaded["code"].replace("\r\n", "\n").replace("x = 1", "x = 3")  # as CodeMirror sends
        assert save(server, {"code": code, "base_hash": loaded["hash"]}).status == 200
    assert nb.read_bytes() == b"\xef\xbb\xbf" + code.replace("\n", "\r\n").encode()


def test_symlinked_notebook_writes_target(tmp_path: Path, static_root: Path, notebook: Path) -> None:
    link = tmp_path / "link.py"
    link.symlink_to(notebook)
    with running(make_edit_server(link, static_root, FakeRenderer())) as server:
        assert save(server, {"code": "via link", "base_hash": sha(NOTEBOOK)}).status == 200
    assert link.is_symlink() and notebook.read_text() == "via link"


# ---- last outputs ---------------------------------------------------------------------------


def test_outputs_cached_and_embedded_on_reopen(notebook: Path, static_root: Path) -> None:
    events = [{"type": "output", "cell": 0, "data": {"text/plain": "1</script>"}}]
    renderer = FakeRenderer()
    with running(make_edit_server(notebook, static_root, renderer)) as server:
        r = save(server, {"code": NOTEBOOK, "base_hash": sha(NOTEBOOK), "snapshot": events})
        assert r.json() == {"hash": sha(NOTEBOOK), "outputs_saved": True}
    cache = json.loads(outputs_path(notebook).read_text())
    assert cache == {"format": 2, "code_hash": sha(NOTEBOOK), "events": events}
    assert outputs_path(notebook) == notebook.parent / "__cove__" / "nb.outputs.json"

    reopened = FakeRenderer()
    with running(make_edit_server(notebook, static_root, reopened)) as server:
        body = request(server, f"/?key={server.key}").body
        assert page_config(body)["snapshot"] == events
        assert b'data-events="1"' in body  # prerendered cells come from the same events
        # Changed on disk by someone else: the cached outputs no longer describe it.
        notebook.write_text(NOTEBOOK + "\n")
        assert page_config(request(server, f"/?key={server.key}").body)["snapshot"] is None


def test_outputs_failure_does_not_fail_the_save(edit_server: EditServer, notebook: Path) -> None:
    (notebook.parent / "__cove__").write_text("a file where the folder should be")
    r = save(edit_server, {"code": "z", "base_hash": sha(NOTEBOOK), "snapshot": []})
    assert r.status == 200 and r.json()["outputs_saved"] is False
    assert notebook.read_text() == "z"


def test_unknown_api_404(edit_server: EditServer) -> None:
    assert api_get(edit_server, "/api/nope").status == 404
    r = request(edit_server, "/api/other", "POST", body=b"{}",
                headers={"X-Cove-Token": edit_server.token})
    assert r.status == 404
