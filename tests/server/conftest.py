"""Fixtures for server tests: a static root like the build's, a notebook, a running edit server."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from cove._server.edit import EditServer, make_edit_server

from .helpers import NOTEBOOK, FakeRenderer, make_static_root, running


@pytest.fixture
def static_root(tmp_path: Path) -> Path:
    return make_static_root(tmp_path / "static")


@pytest.fixture
def notebook(tmp_path: Path) -> Path:
    nb = tmp_path / "work" / "nb.py"
    nb.parent.mkdir()
    nb.write_text(NOTEBOOK, encoding="utf-8")
    return nb


@pytest.fixture
def edit_server(notebook: Path, static_root: Path) -> Iterator[EditServer]:
    server = make_edit_server(notebook, static_root, FakeRenderer())
    server.quiet = True
    with running(server):
        yield server
