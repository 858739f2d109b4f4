"""`cove edit` in real Chromium: the page boots from the server, saves to disk, and the server
refuses a wrong token and an overwrite of an outside edit."""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

from cove._server.edit import EditServer, make_edit_server
from cove.cli.cmd_new import starter_notebook

from .helpers import running

READY = "['ready', 'error'].includes(document.documentElement.dataset.coveKernel)"


@pytest.fixture
def live_server(tmp_path: Path, built_static: Path) -> Iterator[EditServer]:
    render = pytest.importorskip("cove._site.render")
    nb = tmp_path / "nb.py"
    nb.write_text(starter_notebook())
    with running(make_edit_server(nb, built_static, render)) as server:
        server.quiet = True
        threading.Thread(target=server.precompress, daemon=True).start()
        yield server


def open_editor(page: Any, server: EditServer) -> None:
    page.goto(server.page_url)
    page.wait_for_function(READY, timeout=90_000)
    assert page.evaluate("document.documentElement.dataset.coveKernel") == "ready"


def test_save_round_trip_in_browser(page: Any, live_server: EditServer) -> None:
    nb = live_server.store.path
    open_editor(page, live_server)
    page.click('[data-cove-action="save"]')
    page.wait_for_function("document.documentElement.dataset.coveSaved", timeout=10_000)
    assert nb.read_text() == starter_notebook()
    cache = json.loads((nb.parent / "__cove__" / "nb.outputs.json").read_text())
    assert cache["events"] and cache["events"][0]["type"] == "notebook"
    # Reopened, the page carries the outputs it saved.
    page.reload()
    page.wait_for_function(READY, timeout=90_000)
    assert page.evaluate("JSON.parse(document.getElementById('cove-config').textContent).snapshot") == cache["events"]


def test_wrong_token_refused_in_browser(page: Any, live_server: EditServer) -> None:
    open_editor(page, live_server)
    status = page.evaluate(
        """async () => (await fetch('api/save', {method: 'POST', headers: {'X-Cove-Token': 'nope'},
                                                body: JSON.stringify({code: 'x', base_hash: null})})).status"""
    )
    assert status == 403
    assert live_server.store.path.read_text() == starter_notebook()


def test_outside_edit_not_overwritten(page: Any, live_server: EditServer) -> None:
    nb = live_server.store.path
    open_editor(page, live_server)
    outside = starter_notebook() + "\n# edited elsewhere\n"
    nb.write_text(outside)
    page.click('[data-cove-action="save"]')
    page.wait_for_function("document.querySelector('.cove-banners').innerText.includes('changed on disk')",
                           timeout=10_000)
    assert nb.read_text() == outside
