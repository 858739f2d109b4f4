"""build.py's outputs: the engine wheel, the dependency wheels with their pyodide-lock.json, the
vendored Pyodide core and the web manifest; plus the pure helpers in tools/."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import io
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tools/ and build.py live at the repo root, outside py/

from cove._export import lock as pyodide_lock  # noqa: E402
from tools.wheel import Project, build_wheel, record_hash  # noqa: E402

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PROJECT = Project.from_pyproject(PYPROJECT)


def _load_build_script():
    # Loaded by path under its own name: `import build` could pick up pypa's `build` package.
    spec = importlib.util.spec_from_file_location("cove_build_script", ROOT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_wheel(path: Path) -> zipfile.ZipFile:
    zf = zipfile.ZipFile(path)
    assert zf.testzip() is None
    names = zf.namelist()
    record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
    rows = list(csv.reader(io.StringIO(zf.read(record_name).decode())))
    assert sorted(r[0] for r in rows) == sorted(names), "RECORD must list exactly the archive"
    for name, digest, size in rows:
        if name == record_name:
            assert (digest, size) == ("", "")
        else:
            data = zf.read(name)
            assert (digest, int(size)) == (record_hash(data), len(data)), name
    return zf


# -- the engine wheel ------------------------------------------------------------------------------

def test_engine_wheel_is_valid_and_reproducible(tmp_path: Path) -> None:
    first = build_wheel(PROJECT, [ROOT / "py" / "cove"], tmp_path / "a")
    second = build_wheel(PROJECT, [ROOT / "py" / "cove"], tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    zf = _check_wheel(first)
    names = zf.namelist()
    assert "cove/__init__.py" in names
    assert not [n for n in names if "/_static/" in n or "__pycache__" in n or n.endswith(".pyc")]
    dist_info = f"cove-{PROJECT.version}.dist-info"
    metadata = zf.read(f"{dist_info}/METADATA").decode()
    requires = [line.split(": ", 1)[1] for line in metadata.splitlines() if line.startswith("Requires-Dist")]
    assert requires == PYPROJECT["project"]["dependencies"]
    assert f"Version: {PROJECT.version}\n" in metadata
    assert "Root-Is-Purelib: true" in zf.read(f"{dist_info}/WHEEL").decode()
    assert zf.read(f"{dist_info}/top_level.txt") == b"cove\n"


def test_built_engine_wheel_installs_with_pip(built_static: Path, tmp_path: Path) -> None:
    wheel = next((built_static / "wheels").glob("cove-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--disable-pip-version-check", "--target", str(tmp_path), str(wheel)], check=True)
    out = subprocess.run([sys.executable, "-S", "-c", "import cove; print(cove.__file__, cove.__version__)"],
                         env={"PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [str(tmp_path / "cove" / "__init__.py"), PROJECT.version]


# -- the lock --------------------------------------------------------------------------------------

def test_lock_lists_exactly_the_wheels_present(built_static: Path) -> None:
    lock = json.loads((built_static / "pyodide-lock.json").read_text())
    dist = json.loads((built_static / "pyodide" / "pyodide-lock.dist.json").read_text())
    wheels = {f"wheels/{w.name}" for w in (built_static / "wheels").glob("*.whl")}
    assert {e["file_name"] for e in lock["packages"].values()} == wheels
    assert lock["info"] == dist["info"]
    dist_keys = set(next(iter(dist["packages"].values())))
    for key, entry in lock["packages"].items():
        assert set(entry) == dist_keys, "same entry format as Pyodide's own lock"
        assert key == pyodide_lock.normalize(entry["name"])
        assert entry["sha256"] == hashlib.sha256((built_static / entry["file_name"]).read_bytes()).hexdigest()
        assert entry["imports"] and entry["install_dir"] == "site"
    assert pyodide_lock.missing_dependencies(lock) == {}
    cove = lock["packages"]["cove"]
    assert cove["version"] == PROJECT.version
    names = {re.match(r"[A-Za-z0-9._-]+", d).group() for d in PROJECT.dependencies}
    assert set(cove["depends"]) == {pyodide_lock.normalize(n) for n in names}


def test_lock_entry_judges_markers_for_pyodide(tmp_path: Path) -> None:
    info = {"python": "3.14.2", "abi_version": "2026_0", "arch": "wasm32", "platform": "emscripten_5_0_3"}
    project = Project(name="Demo.Pkg", version="1.0", dependencies=(
        "always>=1", "Web_Only; sys_platform == 'emscripten'", "native; sys_platform != 'emscripten'",
        "old; python_version < '3.10'", "extra-dep; extra == 'test'"))
    pkg = tmp_path / "src" / "demo"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    wheel = build_wheel(project, [pkg], tmp_path)
    entry = pyodide_lock.lock_entry(wheel, wheel.name, info)
    assert entry["depends"] == ["always", "web-only"]
    assert entry["imports"] == ["demo"]
    lock = pyodide_lock.make_lock(info, [entry])
    assert list(lock["packages"]) == ["demo-pkg"]
    assert pyodide_lock.missing_dependencies(lock) == {"demo-pkg": ["always", "web-only"]}
    assert "pyemscripten_2026_0_wasm32" in pyodide_lock.pip_target_args(info)


# -- Pyodide core and the web bundle ---------------------------------------------------------------

def test_vendored_pyodide_matches_the_pin(built_static: Path) -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    assert "^" not in pinned and "~" not in pinned
    info = json.loads((built_static / "build-info.json").read_text())
    assert info["pyodide"] == pinned
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (built_static / "pyodide" / name).stat().st_size > 0
    assert not (built_static / "pyodide" / "pyodide-lock.json").exists(), "ours is the only lock"


def test_web_manifest_names_the_bundles(built_static: Path) -> None:
    entries = [n for n in ("main", "worker") if (ROOT / "web" / "src" / f"{n}.ts").exists()]
    manifest_path = built_static / "web" / "manifest.json"
    if not entries:
        assert not manifest_path.exists()
        return
    manifest = json.loads(manifest_path.read_text())
    for name in entries:
        hashed = manifest[f"{name}.js"]
        assert hashed.startswith(f"{name}-") and (built_static / "web" / hashed).exists()


def test_missing_node_modules_is_one_clear_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    build = _load_build_script()
    monkeypatch.setattr(build, "NODE_MODULES", tmp_path / "node_modules")
    monkeypatch.setattr(build, "STATIC", tmp_path / "_static")
    assert build.main(["pyodide"]) == 1
    assert capsys.readouterr().err == "build.py: error: node_modules/pyodide missing: run `npm ci` first\n"
