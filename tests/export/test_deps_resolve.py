"""Resolving a notebook's dependencies to wheels for Pyodide: from a (fake) Pyodide distribution
folder or URL, from PyPI via pip (network tests, few, sharing one cache per session), the
cache, and errors that name the package and where we looked."""
from __future__ import annotations

import functools
import http.server
import importlib.util
import io
import json
import os
import shutil
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from cove._errors import CoveError
from cove._export import resolve as rs
from cove._export.lock import PYODIDE_INFO, read_wheel, sha256_file
from cove._export.progress import Progress
from cove._export.resolve import DependencyError, resolve_wheels

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DIST = FIXTURES / "fake-pyodide-dist"
_spec = importlib.util.spec_from_file_location("cove_fake_dist", FIXTURES / "fake_dist.py")
fake = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fake)  # type: ignore[union-attr]
# The core's lock as the export sees it: numpy is one of the packages only a distribution has.
CORE = {"info": dict(PYODIDE_INFO), "packages": {"numpy": {}, "pandas": {}}}


def resolve(reqs: list[str], cache: Path, dist: Path | str | None = None, **kw) -> list:
    return resolve_wheels(reqs, pyodide_dist=str(dist) if dist else None, cache_dir=cache,
                          core_lock=kw.pop("core_lock", CORE), **kw)


def names(wheels: list) -> dict[str, str]:
    return {w.key: w.source for w in wheels}


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything runs pip or opens a URL."""
    def boom(*a, **k):
        raise AssertionError(f"unexpected pip run or download: {a[:1]}")
    monkeypatch.setattr(subprocess, "Popen", boom)
    monkeypatch.setattr(urllib.request, "urlopen", boom)


@pytest.fixture()
def pypi_lacks(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """pip as if PyPI had no Pyodide wheel for anything: a requirement is met only by a stub the
    resolver offers for a distribution package (it is "downloaded" like pip would). Returns
    the pins of each call."""
    calls: list[list[str]] = []

    def fake_pip(reqs, dest, info, stubs, progress):
        calls.append(stubs.read_text().split() if stubs else [])
        offered = {rs.normalize(w.name.split("-")[0]): w for w in stubs.parent.glob("*.whl")} if stubs else {}
        dest.mkdir(parents=True, exist_ok=True)
        for r in reqs:
            stub = offered.get(rs.normalize(rs._name(r)))
            if stub is None or not Requirement(r).specifier.contains(stub.name.split("-")[1]):
                return 1, f"ERROR: No matching distribution found for {r}"
            shutil.copy(stub, dest / stub.name)
        return 0, ""
    monkeypatch.setattr(rs, "_pip_download", fake_pip)
    return calls


# -- the fake distribution: offline --------------------------------------------------------------

def test_committed_fake_dist_is_reproducible(tmp_path: Path) -> None:
    fake.make_fake_dist(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in DIST.iterdir()
                                                               if p.name != "__pycache__")
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (DIST / path.name).read_bytes(), path.name


def test_from_a_distribution_folder_with_its_dependencies(tmp_path: Path, no_network: None, pypi_lacks: list) -> None:
    progress_out = io.StringIO()
    wheels = resolve(["fakenumpy>=1"], tmp_path / "cache", DIST,
                     progress=Progress(progress_out, tty=False))
    assert [(w.name, w.version, w.source) for w in wheels] == [
        ("fake_dep", "0.1", "pyodide-dist"), ("fakenumpy", "1.0.0", "pyodide-dist")]
    numpy = wheels[1]
    assert numpy.depends == ("fake-dep",) and numpy.imports == ("fakenumpy",)
    assert numpy.path.name == "fakenumpy-1.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl"
    assert numpy.path.is_relative_to(tmp_path / "cache")  # copied into the cache
    assert sha256_file(numpy.path) == numpy.sha256
    lines = progress_out.getvalue().splitlines()
    assert lines == ["cove: fake_dep-0.1-py3-none-any.whl 961 B (Pyodide distribution)",
                     "cove: fakenumpy-1.0.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl 1.4 KB "
                     "(Pyodide distribution)"]


def test_tty_progress_redraws_one_line() -> None:
    out = io.StringIO()
    p = Progress(out, tty=True)
    p.start("big.whl", 2048)
    p.advance(2048)
    p.done("PyPI")
    text = out.getvalue()
    assert text.startswith("\rcove: [") and "big.whl" in text and text.endswith("(PyPI)\n")
    quiet = io.StringIO()
    Progress(quiet, quiet=True).note("x")
    assert quiet.getvalue() == ""


@pytest.fixture()
def served_dist(tmp_path: Path) -> Iterator[str]:
    """The fake distribution over HTTP on loopback (a copy, so the test may stop serving it)."""
    root = tmp_path / "www"
    shutil.copytree(DIST, root / "pyodide" / "v314")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/pyodide/v314/"
    server.shutdown()
    server.server_close()


def test_from_a_distribution_url_then_from_cache(tmp_path: Path, served_dist: str,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 pypi_lacks: list) -> None:
    cache = tmp_path / "cache"
    first = resolve(["fakenumpy"], cache, served_dist.rstrip("/"))
    assert names(first) == {"fake-dep": "pyodide-dist", "fakenumpy": "pyodide-dist"}
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: 1 / 0)  # warm: no network
    assert resolve(["fakenumpy"], cache, served_dist.rstrip("/")) == first


def test_sha256_mismatch_names_the_file(tmp_path: Path, pypi_lacks: list) -> None:
    dist = shutil.copytree(DIST, tmp_path / "dist")
    (dist / "fake_dep-0.1-py3-none-any.whl").write_bytes(b"PK tampered")
    with pytest.raises(DependencyError) as info:
        resolve(["fakenumpy"], tmp_path / "cache", dist)
    message = str(info.value)
    assert message.startswith("fake_dep-0.1-py3-none-any.whl: sha256 ")
    assert "does not match dd844142" in message and str(dist) in message
    assert not list((tmp_path / "cache" / "files").rglob("fake_dep*"))  # nothing half-kept


def test_distribution_problems_are_one_line_errors(tmp_path: Path, pypi_lacks: list) -> None:
    cache = tmp_path / "cache"
    bad = fake.make_wheel(tmp_path / "d1", "badpkg", "1.0", {"badpkg.py": ""},
                          tag="cp314-cp314-manylinux_2_17_x86_64")
    libz = tmp_path / "d1" / "libfoo-1.0.zip"
    libz.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: a shared library bundle
    good = fake.make_wheel(tmp_path / "d1", "usesfoo", "1.0", {"usesfoo.py": ""},
                           tag=fake.PLATFORM)
    fake.write_dist(tmp_path / "d1", {
        "badpkg": fake.lock_entry(bad, "badpkg", "1.0"),
        "libfoo": fake.lock_entry(libz, "libfoo", "1.0", package_type="shared_library",
                                  install_dir="dynlib"),
        "usesfoo": fake.lock_entry(good, "usesfoo", "1.0", depends=["libfoo"]),
        "broken": fake.lock_entry(good, "broken", "1.0", depends=["not-there"]),
    })
    with pytest.raises(DependencyError, match=r"^badpkg-1.0-cp314-cp314-manylinux_2_17_x86_64"
                       r"\.whl: built for cp314-cp314-manylinux_2_17_x86_64, which Pyodide"):
        resolve(["badpkg"], cache, tmp_path / "d1")
    lib, uses = resolve(["usesfoo"], cache, tmp_path / "d1")
    assert (lib.name, lib.package_type, lib.install_dir) == ("libfoo", "shared_library", "dynlib")
    assert uses.depends == ("libfoo",)
    with pytest.raises(DependencyError, match="^not-there: listed as a dependency in the Pyodide"):
        resolve(["broken"], cache, tmp_path / "d1")
    with pytest.raises(DependencyError, match=r"^fakenumpy>=2: the Pyodide distribution has "
                                              r"fakenumpy 1.0.0, which does not satisfy it$"):
        resolve(["fakenumpy>=2"], cache, DIST)
    with pytest.raises(DependencyError, match="no readable pyodide-lock.json there"):
        resolve(["x"], cache, tmp_path / "nowhere")
    old = shutil.copytree(DIST, tmp_path / "old")
    lock = json.loads((old / "pyodide-lock.json").read_text())
    lock["info"]["abi_version"] = "2025_0"
    (old / "pyodide-lock.json").write_text(json.dumps(lock))
    with pytest.raises(DependencyError, match="built for Pyodide ABI 2025_0, but the site ships "
                                              "Pyodide ABI 2026_0"):
        resolve(["fakenumpy"], cache, old)
    with pytest.raises(DependencyError, match="^'numpy>>1' is not a valid requirement"):
        resolve(["numpy>>1"], cache)
    assert issubclass(DependencyError, CoveError)


def test_requirements_that_do_not_apply_need_nothing(tmp_path: Path, no_network: None) -> None:
    assert resolve([], tmp_path) == []
    assert resolve(['pywin32; sys_platform == "win32"', 'uvloop; python_version < "3.10"'],
                   tmp_path) == []


def test_a_corrupt_cache_is_refetched(tmp_path: Path, pypi_lacks: list) -> None:
    cache = tmp_path / "cache"
    first = resolve(["fakenumpy"], cache, DIST)
    first[0].path.write_bytes(b"rotten")
    second = resolve(["fakenumpy"], cache, DIST)
    assert second == first and sha256_file(second[0].path) == second[0].sha256


def test_requires_python_and_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rs.check_requires_python(">=3.12")
    rs.check_requires_python(None)
    with pytest.raises(DependencyError, match=r"requires Python <3.13, but the exported site runs "
                                              r"Pyodide's Python 3.14.2"):
        rs.check_requires_python("<3.13")
    monkeypatch.setenv("COVE_CACHE_DIR", str(tmp_path / "c"))
    assert rs.default_cache_dir() == tmp_path / "c"
    monkeypatch.delenv("COVE_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert rs.default_cache_dir() == tmp_path / "x" / "cove" / "wheels"


# -- what pip says, in one line (canned outputs: offline) ----------------------------------------

@pytest.mark.parametrize("output, expected", [
    ("ERROR: Could not find a version that satisfies the requirement numpy (from versions: none)\n"
     "ERROR: No matching distribution found for numpy",
     ("numpy", None, "")),
    ("Collecting numpy>=1.4 (from patsy==1.0)\nERROR: No matching distribution found for numpy>=1.4",
     ("numpy", "patsy", "")),
    ("ERROR: Cannot install patsy==0.5.0 and patsy==1.0.3 because these package versions have "
     "conflicting dependencies.\n\nThe conflict is caused by:\n    patsy 1.0.3 depends on "
     "numpy>=1.4\n    patsy 0.5.0 depends on numpy\n\nTo fix this you could try to:\n1. loosen",
     ("numpy", "patsy", "")),
    ("ERROR: Cannot install a==3 and b==0.1.0 because these package versions have conflicting "
     "dependencies.\n\nThe conflict is caused by:\n    The user requested a==3\n    b 0.1.0 "
     "depends on a~=0.5.7\n\nTo fix this",
     (None, None, "conflicting requirements: The user requested a==3; b 0.1.0 depends on a~=0.5.7")),
    ("ERROR: x-1.0-cp314-cp314-manylinux_2_17_x86_64.whl is not a supported wheel on this platform.",
     (None, None, "x-1.0-cp314-cp314-manylinux_2_17_x86_64.whl: built for cp314-cp314-manylinux"
                  "_2_17_x86_64, which Pyodide (Python 3.14, pyemscripten_2026_0_wasm32) cannot "
                  "load; only py3-none-any and pyemscripten_2026_0_wasm32 wheels work in the "
                  "browser")),
    ("Traceback (most recent call last):\n  ...\nERROR: Exception: boom",
     (None, None, "pip could not resolve the requirements: Exception: boom")),
])
def test_pip_failures_are_understood(output: str, expected: tuple) -> None:
    assert rs._pip_failure(output) == expected
    assert rs._pip_failure("ModuleNotFoundError: No module named 'pip'")[2].endswith(
        "-m ensurepip`")


def test_unreachable_index_is_said_so() -> None:
    out = ("WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError(...)'"
           "\nERROR: No matching distribution found for plotly")
    err = rs._pip_error(out, ["plotly"], None, CORE, PYODIDE_INFO)
    assert str(err).startswith("plotly: could not reach the package index (PyPI)")
    assert err.package == "plotly" and "Traceback" not in str(err) and err.detail == out


# -- PyPI (network): few, one cache for the session ----------------------------------------------

@pytest.fixture(scope="session")
def pypi_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError:
        if os.environ.get("CI"):
            pytest.fail("PyPI is unreachable (CI must provide the network)", pytrace=False)
        pytest.skip("PyPI is unreachable: network tests skipped")
    return tmp_path_factory.mktemp("wheel-cache")


@pytest.mark.parametrize("req, expect", [
    ("markdown-it-py", {"markdown-it-py", "mdurl"}),
    ("pydantic", {"pydantic", "pydantic-core", "annotated-types", "typing-extensions",
                  "typing-inspection"}),
])
def test_pypi_then_cache_without_pip(req: str, expect: set[str], pypi_cache: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    wheels = resolve([req], pypi_cache)
    assert set(names(wheels)) == expect and set(names(wheels).values()) == {"pypi"}
    by = {w.key: w for w in wheels}
    for w in wheels:
        assert read_wheel(w.path).version == w.version and sha256_file(w.path) == w.sha256
    if req == "pydantic":
        core = by["pydantic-core"]
        assert core.path.name.endswith("-cp314-cp314-pyemscripten_2026_0_wasm32.whl")
        assert "pydantic-core" in by["pydantic"].depends and core.imports == ("pydantic_core",)
    else:
        assert by["markdown-it-py"].depends == ("mdurl",)
        assert by["markdown-it-py"].imports == ("markdown_it",)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: 1 / 0)  # warm: no pip at all
    assert resolve([req], pypi_cache) == wheels


def test_pypi_package_needing_a_distribution_package(pypi_cache: Path, tmp_path: Path) -> None:
    """patsy (pure, on PyPI) needs numpy, which only a Pyodide distribution builds: without
    --pyodide-dist that is the error; with one, numpy and its dependency come from it."""
    with pytest.raises(DependencyError) as info:
        resolve(["patsy"], pypi_cache)
    assert str(info.value) == (
        "numpy (needed by patsy): no wheel for Pyodide (pyemscripten_2026_0_wasm32, Python 3.14) "
        "on PyPI and no --pyodide-dist given; numpy is built by the Pyodide distribution: pass "
        "--pyodide-dist DIR|URL")
    assert info.value.package == "numpy"
    dist = tmp_path / "dist"
    numpy = fake.make_wheel(dist, "numpy", "2.4.6", {"numpy/__init__.py": ""}, tag=fake.PLATFORM)
    fake.make_fake_dist(dist)
    lock = json.loads((dist / "pyodide-lock.json").read_text())
    fake.write_dist(dist, {**lock["packages"], "numpy": fake.lock_entry(
        numpy, "numpy", "2.4.6", depends=["fake_dep"], imports=["numpy"])})
    wheels = {w.key: w for w in resolve(["patsy"], pypi_cache, dist)}
    sources = {k: w.source for k, w in wheels.items()}
    assert sources.pop("numpy") == sources.pop("fake-dep") == "pyodide-dist"
    assert sources.pop("patsy") == "pypi" and set(sources.values()) <= {"pypi"}  # + packaging
    assert wheels["numpy"].sha256 == fake.sha256(numpy)
    assert "numpy" in wheels["patsy"].depends


def test_markers_are_judged_for_pyodide_not_this_machine(pypi_cache: Path, tmp_path: Path) -> None:
    """A direct wheel whose deps depend on sys_platform / python_version: pip runs here (linux,
    this Python) but must pick what Pyodide (emscripten, 3.14) needs."""
    wheel = fake.make_wheel(tmp_path / "w", "markerpkg", "1.0", {"markerpkg.py": ""}, requires=[
        "fake-dep; sys_platform == 'emscripten'", "cove-no-such-pkg-xyz; sys_platform == 'linux'",
        "mdurl; python_version >= '3.14'", "colorama; platform_system == 'Windows'",
        "typing-extensions; python_version < '3.12'"])
    wheels = resolve([f"markerpkg @ {wheel.as_uri()}"], pypi_cache, DIST)
    assert names(wheels) == {"markerpkg": "pypi", "fake-dep": "pyodide-dist", "mdurl": "pypi"}
    assert {w.key: w for w in wheels}["markerpkg"].depends == ("fake-dep", "mdurl")


def test_engine_packages_are_pinned_not_returned(pypi_cache: Path) -> None:
    """What the site already ships (the engine's own wheels) constrains pip and is left out."""
    engine = [{"name": "mdurl", "version": "0.1.2", "depends": []}]
    wheels = resolve(["markdown-it-py"], pypi_cache, provided=engine)
    assert names(wheels) == {"markdown-it-py": "pypi"}
    assert wheels[0].depends == ("mdurl",)  # still recorded: write_lock keeps it with the engine's
    with pytest.raises(DependencyError, match=r"^mdurl>=9: the site's engine has mdurl 0.1.2, "
                                              r"which does not satisfy it$"):
        resolve(["mdurl>=9"], pypi_cache, provided=engine)


def test_unsatisfiable_requirements_name_the_package(pypi_cache: Path, tmp_path: Path) -> None:
    with pytest.raises(DependencyError, match=r"^numpy: no wheel for Pyodide \(pyemscripten_2026_0_"
                                              r"wasm32, Python 3.14\) on PyPI and no --pyodide-dist"
                                              r" given; numpy is built by the Pyodide distribution"):
        resolve(["numpy"], pypi_cache)
    with pytest.raises(DependencyError) as info:
        resolve(["cove-no-such-pkg-xyz>=1"], pypi_cache, DIST)
    assert str(info.value) == ("cove-no-such-pkg-xyz: no wheel for Pyodide (pyemscripten_2026_0_"
                               f"wasm32, Python 3.14) on PyPI nor in --pyodide-dist {DIST}")
    linux = fake.make_wheel(tmp_path, "native", "1.0", {"native.py": ""},
                            tag="cp314-cp314-manylinux_2_17_x86_64")
    with pytest.raises(DependencyError, match=r"^native-1.0-cp314-cp314-manylinux_2_17_x86_64"
                                              r".whl: built for .* cannot load"):
        resolve([f"native @ {linux.as_uri()}"], pypi_cache)


# -- the default distribution and the merge of both sources --------------------------------------

def _core_with(dist: Path) -> dict:
    """A core lock as the npm package ships it: every distribution package, none of the files."""
    return {"info": dict(PYODIDE_INFO), "packages": json.loads((dist / "pyodide-lock.json").read_text())["packages"]}


def test_default_distribution_is_the_official_release(tmp_path: Path, served_dist: str,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      pypi_lacks: list) -> None:
    """With no --pyodide-dist, packages PyPI lacks come from the official URL of the vendored
    Pyodide release, checked against the core lock's sha256; $COVE_PYODIDE_DIST overrides it."""
    monkeypatch.delenv(rs.DIST_ENV, raising=False)
    assert rs.default_dist_url("314.0.7") == "https://cdn.jsdelivr.net/pyodide/v314.0.7/full/"
    built = json.loads(rs.BUILD_INFO.read_text())["pyodide"] if rs.BUILD_INFO.exists() else None
    if built:
        assert rs.default_dist_url() == f"https://cdn.jsdelivr.net/pyodide/v{built}/full/"
    # The "official" URL, here served on loopback: the core lock says what it has.
    monkeypatch.setattr(rs, "OFFICIAL_DIST", served_dist)
    monkeypatch.setattr(rs, "pyodide_version", lambda: "314.0.7")
    core = _core_with(DIST)
    wheels = resolve(["fakenumpy"], tmp_path / "c1", core_lock=core)
    assert names(wheels) == {"fake-dep": "pyodide-dist", "fakenumpy": "pyodide-dist"}
    assert all(w.path.is_relative_to(tmp_path / "c1") for w in wheels)
    # A tampered core lock entry: the download is refused, naming the file.
    bad = json.loads(json.dumps(core))
    bad["packages"]["fakenumpy"]["sha256"] = "0" * 64
    with pytest.raises(DependencyError, match="fakenumpy-1.0.0-.*sha256 .* does not match 0000"):
        resolve(["fakenumpy"], tmp_path / "c2", core_lock=bad)
    # The environment variable names another distribution; "none" turns it off.
    monkeypatch.setenv(rs.DIST_ENV, str(DIST))
    assert names(resolve(["fakenumpy"], tmp_path / "c3", core_lock={"info": dict(PYODIDE_INFO),
                                                                      "packages": {}})) == {
        "fake-dep": "pyodide-dist", "fakenumpy": "pyodide-dist"}
    monkeypatch.setenv(rs.DIST_ENV, "none")
    with pytest.raises(DependencyError, match="^fakenumpy: no wheel .* no --pyodide-dist given"):
        resolve(["fakenumpy"], tmp_path / "c4", core_lock=core)


def test_pypi_first_then_the_distribution(pypi_cache: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """altair resolves: altair, jsonschema, referencing... from PyPI; rpds-py and markupsafe
    (compiled, no Pyodide wheel on PyPI) from the distribution, served over HTTP on loopback.
    Pure packages both sources have (typing-extensions, jinja2, ...) come from PyPI."""
    real = rs.load_core_lock()["packages"]
    if not real:
        pytest.skip("py/cove/_static is not built (the core lock lists the distribution)")
    # The real distribution's lock; the files it would serve for what altair needs are fakes.
    dist = tmp_path / "dist"
    entries = dict(real)
    made = {}
    for key, module in (("rpds-py", "rpds"), ("markupsafe", "markupsafe")):
        version = real[key]["version"]
        made[key] = fake.make_wheel(dist, key, version, {f"{module}/__init__.py": ""}, tag=fake.PLATFORM)
        entries[key] = fake.lock_entry(made[key], key, version, imports=[module])
    fake.write_dist(dist, entries)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(dist))
    handler.log_message = lambda *a: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv(rs.DIST_ENV, f"http://127.0.0.1:{server.server_address[1]}/")
        wheels = {w.key: w for w in resolve(["altair"], pypi_cache)}
    finally:
        server.shutdown()
        server.server_close()
    for key, path in made.items():
        assert wheels[key].source == "pyodide-dist" and wheels[key].sha256 == fake.sha256(path)
    assert {wheels[k].source for k in ("altair", "jsonschema", "referencing")} == {"pypi"}
    assert {wheels[k].source for k in ("typing-extensions", "jinja2", "attrs")} == {"pypi"}
    assert "rpds-py" in wheels["referencing"].depends
