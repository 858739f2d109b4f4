"""`cove edit` with the real page renderer (cove._site.render): the config the page reads."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from cove._server.edit import make_edit_server

from .helpers import NOTEBOOK, request, running

render = pytest.importorskip("cove._site.render")


def config_of(body: bytes) -> dict:
    m = re.search(rb'<script type="application/json" id="cove-config">(.*?)</script>', body, re.S)
    assert m, body[:300]
    return json.loads(m.group(1))


def test_real_page(tmp_path: Path, notebook: Path) -> None:
    static = tmp_path / "static"
    (static / "web").mkdir(parents=True)
    (static / "web" / "manifest.json").write_text('{"main.js": "main-X.js", "worker.js": "worker-X.js"}')
    events = [
        {"type": "notebook", "cells": [{"id": "c0", "code": "x = 1"}]},
        {"type": "cell_view", "id": "c0", "status": "idle", "run_id": 1,
         "outputs": [{"bundle": {"text/plain": "</script>1"}, "html": ""}], "console": [], "error": None},
    ]
    nb_hash = hashlib.sha256(notebook.read_bytes()).hexdigest()
    with running(make_edit_server(notebook, static, render)) as server:
        server.quiet = True
        # The page saves its outputs, then is reloaded.
        server.store.save(NOTEBOOK, nb_hash, snapshot=events)
        r = request(server, f"/?key={server.key}")
    assert r.status == 200, r.body
    config = config_of(r.body)
    assert config["mode"] == "edit" and config["code"] == NOTEBOOK
    assert config["save"]["token"] == server.token and config["save"]["hash"] == nb_hash
    assert config["snapshot"] == events
    assert config["worker"] == "web/worker-X.js"
    assert b'data-cell-index="0"' in r.body and b"&lt;/script&gt;1" in r.body
