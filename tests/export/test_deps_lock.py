"""pyodide-lock.json written for an export: Pyodide 314's format, every file present with its
sha256, a closed dependency graph; wheel tags and metadata read from the files. Offline."""
from __future__ import annotations

import copy
import importlib.util
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cove._export import lock as lk
from cove._export.resolve import resolve_wheels

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORE_LOCK = ROOT / "node_modules" / "pyodide" / "pyodide-lock.json"
_spec = importlib.util.spec_from_file_location("cove_fake_dist", FIXTURES / "fake_dist.py")
fake = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake)  # type: ignore[union-attr]
INFO = fake.INFO


@pytest.mark.parametrize("name, ok", [
    ("a-1.0-py3-none-any.whl", True),
    ("a-1.0-py2.py3-none-any.whl", True),
    ("pydantic-1.0-py36.py37.py38-none-any.whl", True),  # pip takes it for 3.14 too
    ("a-1.0-py3-none-pyemscripten_2026_0_wasm32.whl", True),
    ("a-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl", True),
    ("a-1.0-cp39-abi3-pyemscripten_2026_0_wasm32.whl", True),
    ("a-1.0-cp314-none-any.whl", True),
    ("a-1.0-cp313-cp313-pyemscripten_2026_0_wasm32.whl", False),
    ("a-1.0-cp314-cp314-pyemscripten_2025_0_wasm32.whl", False),
    ("a-1.0-cp312-cp312-emscripten_3_1_58_wasm32.whl", False),
    ("a-1.0-cp314-cp314-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", False),
    ("a-1.0-py315-none-any.whl", False),
    ("a-1.0-py2-none-any.whl", False),
    ("libopenblas-0.3.31.zip", True),  # not a wheel: a distribution's shared library
])
def test_which_wheels_pyodide_loads(name: str, ok: bool) -> None:
    reason = lk.unsupported_tags(name, INFO)
    assert (reason is None) == ok
    if not ok:
        assert reason.startswith(name) and "pyemscripten_2026_0_wasm32" in reason


def test_manylinux_message_is_clear() -> None:
    reason = lk.unsupported_tags("numpy-2.0-cp314-cp314-manylinux_2_17_x86_64.whl", INFO)
    assert reason == ("numpy-2.0-cp314-cp314-manylinux_2_17_x86_64.whl: built for "
                      "cp314-cp314-manylinux_2_17_x86_64, which Pyodide (Python 3.14, "
                      "pyemscripten_2026_0_wasm32) cannot load; only py3-none-any and "
                      "pyemscripten_2026_0_wasm32 wheels work in the browser")


def test_pip_flags_and_markers_target_pyodide() -> None:
    assert lk.pip_target_args(INFO) == [
        "--only-binary=:all:", "--platform", "pyemscripten_2026_0_wasm32", "--platform", "any",
        "--python-version", "3.14", "--implementation", "cp", "--abi", "cp314", "--abi", "none"]
    env = lk.target_environment(INFO)
    assert lk.marker_applies('sys_platform == "emscripten" and python_version >= "3.13"', env)
    assert not lk.marker_applies('platform_system == "Windows"', env)
    assert not lk.marker_applies('extra == "test"', env)
    assert lk.marker_applies('extra == "test"', env, ["test"])


def test_read_wheel_metadata_and_imports(tmp_path: Path) -> None:
    # No top_level.txt (flit/hatch style): top-level packages, modules and namespace folders.
    path = fake.make_wheel(tmp_path, "Odd.Name", "2.0", {
        "odd/__init__.py": "", "odd_helpers.py": "", "nsroot/sub/mod.py": "",
        "_speedups.cpython-314-wasm32-emscripten.so": "", "odd-2.0.data/scripts/x": ""},
        requires=["mdurl>=0.1", "colorama; platform_system == 'Windows'"])
    meta = lk.read_wheel(path)
    assert (meta.name, meta.version) == ("Odd.Name", "2.0")
    assert meta.requires == ("mdurl>=0.1", "colorama; platform_system == 'Windows'")
    assert meta.imports == ("_speedups", "nsroot", "odd", "odd_helpers")
    # top_level.txt wins when present.
    path = fake.make_wheel(tmp_path, "other", "1", {"x/__init__.py": ""}, top_level=["y"])
    assert lk.read_wheel(path).imports == ("y",)
    bad = tmp_path / "bad-1-py3-none-any.whl"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="bad-1-py3-none-any.whl: not a readable wheel"):
        lk.read_wheel(bad)


def test_lock_entry_for_build_py(tmp_path: Path) -> None:
    """The API build.py uses (was tools/pyodide_lock.py): markers judged for Pyodide."""
    path = fake.make_wheel(tmp_path, "thing", "1.0", {"thing.py": ""}, requires=[
        "Mdurl_X>=1", "colorama; platform_system == 'Windows'",
        "pyodide-http; sys_platform == 'emscripten'", "pytest; extra == 'test'"])
    entry = lk.lock_entry(path, f"wheels/{path.name}", INFO)
    assert entry == {
        "name": "thing", "version": "1.0", "file_name": f"wheels/{path.name}",
        "install_dir": "site", "sha256": fake.sha256(path), "package_type": "package",
        "imports": ["thing"], "depends": ["mdurl-x", "pyodide-http"],
        "unvendored_tests": False, "tool": {}}
    lock = lk.make_lock(INFO, [entry])
    assert lk.missing_dependencies(lock) == {"thing": ["mdurl-x", "pyodide-http"]}


@pytest.fixture()
def site(tmp_path: Path) -> tuple[Path, dict, list]:
    """A site folder with the fake distribution's wheels copied in and its lock written."""
    wheels = resolve_wheels(["fakenumpy"], pyodide_dist=str(FIXTURES / "fake-pyodide-dist"),
                            cache_dir=tmp_path / "cache", core_lock={"info": INFO, "packages": {}})
    folder = tmp_path / "site"
    (folder / "wheels").mkdir(parents=True)
    for w in wheels:
        shutil.copy(w.path, folder / "wheels" / w.path.name)
    engine = {"name": "cove", "version": "0.1.0", "file_name": "wheels/cove-0.1.0-py3-none-any.whl",
              "install_dir": "site", "sha256": "0" * 64, "package_type": "package",
              "imports": ["cove"], "depends": ["markdown-it-py"], "unvendored_tests": False,
              "tool": {}}
    lock = lk.write_lock(wheels, INFO, folder / "pyodide-lock.json", extra_entries=[engine])
    return folder, lock, wheels


def test_written_lock_matches_the_files(site: tuple[Path, dict, list]) -> None:
    folder, lock, wheels = site
    assert json.loads((folder / "pyodide-lock.json").read_text()) == lock
    assert lock["info"] == INFO and lock["tool"] == {}
    assert sorted(lock["packages"]) == ["cove", "fake-dep", "fakenumpy"]
    numpy = lock["packages"]["fakenumpy"]
    assert numpy["file_name"] == "wheels/fakenumpy-1.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    assert numpy["depends"] == ["fake-dep"]  # normalized: the dist lists it as fake_dep
    assert numpy["imports"] == ["fakenumpy"]
    # Depends outside the lock are dropped (the engine's markdown-it-py is not in this one).
    assert lock["packages"]["cove"]["depends"] == []
    problems = lk.check_lock(lock, folder)
    assert problems == ["cove: wheels/cove-0.1.0-py3-none-any.whl is not there"]
    (folder / "wheels" / wheels[0].path.name).write_bytes(b"tampered")
    assert "fake-dep: wheels/fake_dep-0.1-py3-none-any.whl does not match its sha256" in \
        lk.check_lock(lock, folder)


def test_lock_has_the_shape_of_pyodide_314s_own(site: tuple[Path, dict, list]) -> None:
    _, lock, _ = site
    if CORE_LOCK.exists():  # the real one, from npm
        core = json.loads(CORE_LOCK.read_text())
        assert set(core) == set(lock)
        assert {frozenset(e) for e in core["packages"].values()} == {lk.ENTRY_KEYS}
        assert set(core["info"]) == set(lock["info"])
    assert {frozenset(e) for e in lock["packages"].values()} == {lk.ENTRY_KEYS}


def test_lock_validates_with_the_pyodide_lock_package(site: tuple[Path, dict, list]) -> None:
    pyodide_lock = pytest.importorskip("pyodide_lock")
    _, lock, _ = site
    spec_cls = pyodide_lock.PyodideLockSpec
    # check_wheel_filenames() parses file_name as a bare wheel name; ours sit in wheels/.
    lock = copy.deepcopy(lock)
    for entry in lock["packages"].values():
        entry["file_name"] = entry["file_name"].rsplit("/", 1)[-1]
    if hasattr(spec_cls, "from_dict"):  # pyodide-lock >= 0.2 (Python >= 3.12): 314's format
        spec = spec_cls.from_dict(lock)
        assert spec.to_dict() == lock
    else:  # 0.1.x (pydantic) predates 314: no `tool` keys, and info.version is required
        old = copy.deepcopy(lock)
        old.pop("tool")
        old["info"]["version"] = "314.0.7"
        for entry in old["packages"].values():
            entry.pop("tool")
        spec = spec_cls(**old)
        dumped = spec.model_dump()
        assert {k: {f: v for f, v in e.items()} for k, e in dumped["packages"].items()} == \
            old["packages"]
    spec.check_wheel_filenames()


@pytest.mark.pyodide
def test_pyodide_314_installs_from_the_written_lock(site: tuple[Path, dict, list]) -> None:
    """Real Pyodide under Node, indexURL = node_modules/pyodide and the lock elsewhere: the
    wheels are found relative to the lock's folder and import."""
    folder, lock, _ = site
    node, pyodide = shutil.which("node"), ROOT / "node_modules" / "pyodide" / "pyodide.mjs"
    if not node or not pyodide.exists():
        pytest.skip("needs node and `npm ci` (node_modules/pyodide)")
    del lock["packages"]["cove"]  # no engine wheel in this site
    lk.write_lock([], INFO, folder / "pyodide-lock.json", extra_entries=lock["packages"].values())
    script = folder / "load.mjs"
    script.write_text(f"""
import {{ loadPyodide }} from {json.dumps(pyodide.as_uri())};
const py = await loadPyodide({{ indexURL: {json.dumps(str(pyodide.parent) + "/")},
                               lockFileURL: {json.dumps(str(folder / "pyodide-lock.json"))} }});
await py.loadPackage("fakenumpy", {{ messageCallback: () => {{}} }});
console.log(py.runPython("import fakenumpy; f'{{fakenumpy.total([1, 2])}} {{fakenumpy.answer}}'"));
""")
    out = subprocess.run([node, str(script)], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "3 42"
