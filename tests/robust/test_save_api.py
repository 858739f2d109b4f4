"""The `cove edit` save API can only write the one notebook it was launched for, only for the page
it served: bound to 127.0.0.1, a fresh token per launch, no path anywhere in a request. (Host and
Origin checks, the token and 409 on outside changes: tests/server/test_edit_api.py.)"""
from __future__ import annotations

import json
from pathlib import Path

from cove._server.edit import make_edit_server

from tests.server.helpers import NOTEBOOK, FakeRenderer, make_static_root, request, running


def test_bound_to_loopback_with_a_token_per_launch(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(NOTEBOOK)
    static = make_static_root(tmp_path / "static")
    first = make_edit_server(nb, static, FakeRenderer())
    second = make_edit_server(nb, static, FakeRenderer())
    try:
        assert first.server_address[0] == "127.0.0.1"
        assert first.token != second.token and first.key != second.key
        assert len(first.token) >= 32
    finally:
        first.server_close()
        second.server_close()


def test_no_request_can_name_another_file(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    nb = work / "nb.py"
    nb.write_text(NOTEBOOK)
    server = make_edit_server(nb, make_static_root(tmp_path / "static"), FakeRenderer())
    server.quiet = True
    headers = {"X-Cove-Token": server.token, "Content-Type": "application/json"}
    body = json.dumps({"code": "x = 1\n", "base_hash": None, "force": True, "path": "../evil.py"}).encode()
    with running(server):
        for path in ("/api/save?path=../evil.py", "/api/save/../../evil.py", "/api/%2e%2e/evil.py", "/../evil.py"):
            request(server, path, "POST", headers=headers, body=body)
    assert not (tmp_path / "evil.py").exists() and not (work / "evil.py").exists()
    assert sorted(p.name for p in work.iterdir() if not p.name.startswith(".")) == ["nb.py"]
