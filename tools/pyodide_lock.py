"""Pyodide lock files (pyodide-lock.json) for wheels we ship: entries, merging, closure check, and
the pip flags that fetch wheels for the Pyodide a lock's `info` block describes. Stdlib only."""
from __future__ import annotations

import email.parser
import hashlib
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "lock_entry",
    "make_lock",
    "merge_locks",
    "missing_dependencies",
    "normalize",
    "pip_target_args",
    "target_environment",
]

Lock = dict[str, Any]


def normalize(name: str) -> str:
    """PEP 503 name; pyodide-lock.json keys are these, and Pyodide normalizes `depends` itself."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _python(info: Mapping[str, str]) -> tuple[str, str]:
    """("3.14", "3.14.2") from a lock's info block."""
    full = info["python"]
    return ".".join(full.split(".")[:2]), full


def pip_target_args(info: Mapping[str, str]) -> list[str]:
    """`pip download` flags that select wheels loadable by this Pyodide: its own platform tag
    (pyemscripten_<abi>_<arch>) and pure `any` wheels, for its CPython version."""
    short, _ = _python(info)
    abi = "cp" + short.replace(".", "")
    platform = f"pyemscripten_{info['abi_version']}_{info.get('arch', 'wasm32')}"
    return [
        "--only-binary=:all:", "--platform", platform, "--platform", "any",
        "--python-version", short, "--implementation", "cp", "--abi", abi, "--abi", "none",
    ]


def target_environment(info: Mapping[str, str]) -> dict[str, str]:
    """PEP 508 marker values inside this Pyodide (what `packaging.markers.default_environment()`
    returns there), so Requires-Dist markers are judged for the browser, not for the build host."""
    short, full = _python(info)
    release = info.get("platform", "").removeprefix("emscripten_").replace("_", ".")
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": "posix",
        "platform_machine": info.get("arch", "wasm32"),
        "platform_python_implementation": "CPython",
        "platform_release": release,
        "platform_system": "Emscripten",
        "platform_version": "",
        "python_full_version": full,
        "python_version": short,
        "sys_platform": "emscripten",
        "extra": "",
    }


def _requirement_parts(requirement: str) -> tuple[str, str]:
    """("name", "marker text or ''") of a Requires-Dist line."""
    spec, _, marker = requirement.partition(";")
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
    if not name:
        raise ValueError(f"bad requirement {requirement!r}")
    return name.group(1), marker.strip()


def _marker_applies(marker: str, environment: Mapping[str, str]) -> bool:
    if not marker:
        return True
    try:
        from packaging.markers import Marker
    except ImportError:  # build.py is stdlib-only; pip (always there with it) vendors packaging
        from pip._vendor.packaging.markers import Marker
    return bool(Marker(marker).evaluate(dict(environment)))


def _wheel_metadata(zf: zipfile.ZipFile) -> tuple[str, Any]:
    dist_infos = {n.split("/")[0] for n in zf.namelist() if n.split("/")[0].endswith(".dist-info")}
    if len(dist_infos) != 1:
        raise ValueError(f"{zf.filename}: expected one .dist-info folder, found {sorted(dist_infos)}")
    dist_info = dist_infos.pop()
    metadata = email.parser.BytesParser().parsebytes(zf.read(f"{dist_info}/METADATA"))
    return dist_info, metadata


def _imports(zf: zipfile.ZipFile, dist_info: str) -> list[str]:
    """Top-level import names: top_level.txt when the wheel has one (setuptools), else the
    top-level packages and modules in the archive (flit and hatch wheels have no top_level.txt)."""
    if f"{dist_info}/top_level.txt" in zf.namelist():
        names = zf.read(f"{dist_info}/top_level.txt").decode().split()
    else:
        names = []
        for n in zf.namelist():
            first, _, rest = n.partition("/")
            if first.endswith((".dist-info", ".data")):
                continue
            if rest == "__init__.py" or (not rest and first.endswith(".py")):
                names.append(first.removesuffix(".py"))
    return sorted(set(names))


def lock_entry(wheel: Path, file_name: str, info: Mapping[str, str]) -> dict[str, Any]:
    """The pyodide-lock.json entry of one wheel; `file_name` is its path relative to the lock
    file (Pyodide resolves it against the lock's folder) or an absolute URL."""
    data = wheel.read_bytes()
    with zipfile.ZipFile(wheel) as zf:
        dist_info, metadata = _wheel_metadata(zf)
        imports = _imports(zf, dist_info)
    environment = target_environment(info)
    depends = set()
    for requirement in metadata.get_all("Requires-Dist") or []:
        name, marker = _requirement_parts(requirement)
        if _marker_applies(marker, environment):  # extras are off: "extra" is ""
            depends.add(normalize(name))
    return {
        "name": metadata["Name"],
        "version": metadata["Version"],
        "file_name": file_name,
        "install_dir": "site",
        "sha256": hashlib.sha256(data).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": sorted(depends),
        "unvendored_tests": False,
        # Pyodide 314's own lock (and pyodide-lock 0.2) dropped `shared_library` and added `tool`;
        # same keys as the distribution's entries, so merged locks are uniform.
        "tool": {},
    }


def make_lock(info: Mapping[str, str], entries: Iterable[Mapping[str, Any]]) -> Lock:
    """A lock with `info` (copy it from the Pyodide distribution's lock) and these packages."""
    packages = {normalize(e["name"]): dict(e) for e in entries}
    return {"info": dict(info), "packages": dict(sorted(packages.items())), "tool": {}}


def merge_locks(base: Lock, *others: Lock) -> Lock:
    """`base` plus the packages of `others`; a later entry wins over an earlier one of the same
    name. Pyodide reads a single lock, so an export merges the distribution's and ours."""
    packages = dict(base["packages"])
    for other in others:
        packages.update(other["packages"])
    return {**base, "packages": dict(sorted(packages.items()))}


def missing_dependencies(lock: Lock) -> dict[str, list[str]]:
    """{package: [dependencies the lock has no entry for]}; empty when the lock is closed."""
    known = set(lock["packages"])
    missing = {}
    for key, entry in lock["packages"].items():
        absent = sorted(normalize(d) for d in entry["depends"] if normalize(d) not in known)
        if absent:
            missing[key] = absent
    return missing
