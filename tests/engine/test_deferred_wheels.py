"""cove/_deferred.py in CPython (the finder is plain Python; the worker test in
tests/web/test_worker_pyodide.py runs it in Pyodide): a registered package installs on the first
import of one of its modules, its dependencies first; a failed fetch fails that import and leaves
the package registered, so a later import tries again."""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest

from cove._deferred import DeferredWheels, Wheel


def wheel_bytes(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return out.getvalue()


@pytest.fixture
def finder(tmp_path: Path):
    site = tmp_path / "site-packages"
    site.mkdir()
    wheels = {
        "u/top.whl": wheel_bytes({"cove_dt_top/__init__.py": "import cove_dt_dep\nVALUE = cove_dt_dep.VALUE + 1\n"}),
        "u/dep.whl": wheel_bytes({"cove_dt_dep.py": "VALUE = 41\n"}),
    }
    fetched: list[str] = []
    broken: set[str] = set()

    def fetch(url: str) -> bytes:
        if url in broken:
            raise OSError("offline")
        fetched.append(url)
        return wheels[url]

    f = DeferredWheels([Wheel("top", ["cove_dt_top"], ["dep"], "u/top.whl"), Wheel("dep", ["cove_dt_dep"], [], "u/dep.whl")],
                       fetch, str(site))
    sys.path.insert(0, str(site))
    sys.meta_path.append(f)
    try:
        yield f, fetched, broken
    finally:
        sys.meta_path.remove(f)
        sys.path.remove(str(site))
        for m in ("cove_dt_top", "cove_dt_dep"):
            sys.modules.pop(m, None)


def test_first_import_installs_the_package_and_its_dependencies(finder) -> None:
    f, fetched, _ = finder
    import cove_dt_top  # type: ignore[import-not-found]

    assert cove_dt_top.VALUE == 42
    assert fetched == ["u/dep.whl", "u/top.whl"]
    assert f.wheels == {} and f.owner == {}


def test_a_failed_fetch_fails_the_import_and_a_later_one_retries(finder) -> None:
    f, fetched, broken = finder
    broken.add("u/top.whl")
    with pytest.raises(ImportError, match="could not install top from u/top.whl: offline"):
        import cove_dt_top  # type: ignore[import-not-found]  # noqa: F401
    assert "top" in f.wheels
    broken.clear()
    import cove_dt_top  # type: ignore[import-not-found]

    assert cove_dt_top.VALUE == 42
    assert fetched == ["u/dep.whl", "u/top.whl"]  # the dependency was not fetched twice
