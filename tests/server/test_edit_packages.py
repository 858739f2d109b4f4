"""`cove edit`'s packages (cove/_server/packages.py): the page's lock is the engine's plus the
notebook's resolved dependencies, wheels are served only when resolved, and /api/install resolves
with the export's resolver from a package index (a loopback PEP 503 tree: nothing leaves the
machine), or says in one line why it cannot."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from cove._export.lock import PYODIDE_INFO
from cove._server.edit import TOKEN_HEADER, EditServer, make_edit_server
from cove._server.packages import PackageService

from .helpers import FakeRenderer, make_static_root, request, running

FIXTURES = Path(__file__).resolve().parents[1] / "export" / "fixtures"


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"cove_{name}_srv", FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


fake, local_index = _load("fake_dist"), _load("local_index")

HEADER = '# /// script\n# dependencies = ["cove-greeting"]\n# ///\n'
BODY = 'import cove\n\napp = cove.App()\n\n\n@app.cell\ndef _():\n    import cove_greeting\n    return (cove_greeting,)\n'


@pytest.fixture
def index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    wheels = [fake.make_wheel(tmp_path / "w", "cove-greeting", "1.0", {"cove_greeting/__init__.py": ""}),
              fake.make_wheel(tmp_path / "w", "cove-other", "2.0", {"cove_other/__init__.py": ""},
                              requires=["cove-greeting>=1"])]
    server, url = local_index.serve_index(local_index.make_index(tmp_path / "index", wheels))
    monkeypatch.setenv("PIP_INDEX_URL", url)  # pip (run by the resolver) reads it
    monkeypatch.setenv("COVE_PYODIDE_DIST", "none")
    yield url
    server.shutdown()
    server.server_close()


def _static(tmp_path: Path) -> Path:
    root = make_static_root(tmp_path / "static")
    lock = {"info": dict(PYODIDE_INFO), "packages": {}}
    (root / "pyodide-lock.json").write_text(json.dumps(lock))
    return root


@pytest.fixture
def server(tmp_path: Path, index: str) -> Iterator[EditServer]:
    nb = tmp_path / "nb.py"
    nb.write_text(HEADER + BODY)
    root = _static(tmp_path)
    packages = PackageService(nb, root, cache_dir=tmp_path / "cache")
    packages.start()
    srv = make_edit_server(nb, root, FakeRenderer(), packages=packages)
    srv.quiet = True
    with running(srv):
        yield srv


def test_lock_lists_the_notebooks_dependencies_and_serves_only_them(server: EditServer) -> None:
    lock = request(server, "/pyodide-lock.json", timeout=300).json()
    entry = lock["packages"]["cove-greeting"]
    assert entry["file_name"].startswith("packages/") and entry["imports"] == ["cove_greeting"]
    wheel = request(server, "/" + entry["file_name"])
    assert wheel.status == 200 and wheel.body[:2] == b"PK"
    sha, name = entry["file_name"].split("/")[1:]
    assert request(server, f"/packages/{'0' * 64}/{name}").status == 404
    assert request(server, f"/packages/{sha}/../../nb.py").status in (400, 404)


def test_install_resolves_with_dependencies(server: EditServer) -> None:
    headers = {TOKEN_HEADER: server.token, "Content-Type": "application/json"}
    assert request(server, "/api/install", "POST", {}, b'{"modules": ["cove_other"]}').status == 403
    r = request(server, "/api/install", "POST", headers, b'{"modules": ["cove_other"]}', timeout=300)
    assert r.status == 200, r.body
    got = r.json()
    assert got["requirements"] == ["cove-other"]
    assert {p["name"] for p in got["packages"]} >= {"cove_other", "cove_greeting"} or \
        {p["name"] for p in got["packages"]} >= {"cove-other", "cove-greeting"}
    assert "cove-other" in request(server, "/pyodide-lock.json").json()["packages"]
    bad = request(server, "/api/install", "POST", headers, b'{"modules": ["cove_nowhere_xyz"]}', timeout=300).json()
    assert bad["error"].startswith("cove-nowhere-xyz: no wheel for Pyodide") and "\n" not in bad["error"]
    assert request(server, "/api/install", "POST", headers, b'{"modules": []}').status == 400


def test_without_a_package_service_there_is_no_install_api(tmp_path: Path) -> None:
    nb = tmp_path / "nb.py"
    nb.write_text(BODY)
    srv = make_edit_server(nb, _static(tmp_path), FakeRenderer())
    srv.quiet = True
    with running(srv):
        r = request(srv, "/api/install", "POST", {TOKEN_HEADER: srv.token}, b'{"modules": ["x"]}')
        assert r.status == 404
