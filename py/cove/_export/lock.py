"""pyodide-lock.json for the wheels a site ships: target tags and markers, wheel metadata, entries.

Stdlib only (plus `packaging`, or the copy pip vendors), because build.py imports it too.

Format: exactly the shape of Pyodide 314's own lock (node_modules/pyodide/pyodide-lock.json):
`info` is the core's block copied verbatim, each package has name, version, file_name,
install_dir, sha256, package_type, imports, depends, unvendored_tests and `tool: {}`; the root has
`tool: {}` too. Pyodide 314 dropped `shared_library` (pyodide-lock >= 0.1 no longer writes it).

How Pyodide 314 finds a wheel (pyodide.asm.mjs, PackageManager.downloadPackage): an absolute
`file_name` (`scheme://...` or `/...`) is used as is; a relative one is resolved with
`new URL(file_name, packageBaseUrl)`. `packageBaseUrl` defaults to the folder of the lock file's
URL (`lockFileURL`, itself defaulting to `indexURL + "pyodide-lock.json"`), NOT to indexURL. So
`wheels/x.whl` is relative to the folder holding pyodide-lock.json; pass `packageBaseUrl` to
loadPyodide when handing it `lockFileContents` instead of a URL. Under Node, `packageCacheDir`
wins over packageBaseUrl. The sha256 becomes the fetch's SRI `integrity`, so it must be exact.
"""
from __future__ import annotations

from .._atomic import atomic_write_text

import email.parser
import hashlib
import json
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:  # a dependency of nearly everything; pip (always there for an export) vendors it anyway
    from packaging import markers as _markers, utils as _putils
except ImportError:  # pragma: no cover
    from pip._vendor.packaging import markers as _markers, utils as _putils  # type: ignore

__all__ = [
    "PYODIDE_INFO", "ResolvedWheel", "WheelMetadata", "check_lock", "lock_entry", "make_lock",
    "marker_applies", "missing_dependencies", "normalize", "pip_target_args",
    "platform_tag", "python_version", "read_wheel", "sha256_file", "target_environment",
    "unsupported_tags",
    "write_lock",
]

Lock = dict[str, Any]

# `info` of the core Cove vendors (npm pyodide@314.0.7). Callers pass the block read from the
# core's own lock; this is the fallback when that file is not at hand.
PYODIDE_INFO: dict[str, str] = {
    "abi_version": "2026_0", "arch": "wasm32", "platform": "emscripten_5_0_3", "python": "3.14.2",
}
ENTRY_KEYS = frozenset({"name", "version", "file_name", "install_dir", "sha256", "package_type",
                        "imports", "depends", "unvendored_tests", "tool"})


def normalize(name: str) -> str:
    """PEP 503 name: the keys of pyodide-lock.json (Pyodide normalizes `depends` the same way)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def python_version(info: Mapping[str, str]) -> str:
    """"3.14" from info["python"] == "3.14.2"."""
    return ".".join(info["python"].split(".")[:2])


def platform_tag(info: Mapping[str, str]) -> str:
    """The wheel platform tag this Pyodide loads, e.g. pyemscripten_2026_0_wasm32."""
    return f"pyemscripten_{info['abi_version']}_{info.get('arch', 'wasm32')}"


def pip_target_args(info: Mapping[str, str]) -> list[str]:
    """`pip download` flags that select wheels loadable by this Pyodide: its platform tag and pure
    `any` wheels, for its CPython version and ABI (binary only: nothing can be built for wasm)."""
    short = python_version(info)
    return [
        "--only-binary=:all:", "--platform", platform_tag(info), "--platform", "any",
        "--python-version", short, "--implementation", "cp",
        "--abi", "cp" + short.replace(".", ""), "--abi", "none",
    ]


def target_environment(info: Mapping[str, str]) -> dict[str, str]:
    """PEP 508 marker values inside this Pyodide, so Requires-Dist markers are judged for the
    browser (sys_platform emscripten, Python 3.14), not for the machine running the export."""
    full = info["python"]
    return {
        "implementation_name": "cpython",
        "implementation_version": full,
        "os_name": "posix",
        "platform_machine": info.get("arch", "wasm32"),
        "platform_python_implementation": "CPython",
        "platform_release": info.get("platform", "").removeprefix("emscripten_").replace("_", "."),
        "platform_system": "Emscripten",
        "platform_version": "",
        "python_full_version": full,
        "python_version": python_version(info),
        "sys_platform": "emscripten",
        "extra": "",  # no extras unless asked (marker_applies tries the requested ones)
    }


def marker_applies(marker: str, environment: Mapping[str, str], extras: Iterable[str] = ()) -> bool:
    """Whether a PEP 508 marker holds in `environment` with no extra or any of `extras`."""
    if not marker.strip():
        return True
    parsed = _markers.Marker(marker)
    return any(parsed.evaluate({**environment, "extra": e}) for e in ("", *extras))


def _tag_loads(interpreter: str, abi: str, platform: str, py: tuple[int, int], plat: str) -> bool:
    if platform not in ("any", plat):
        return False
    found = re.fullmatch(r"(py|cp)(\d)(\d*)", interpreter)
    if not found or int(found.group(2)) != py[0]:
        return False
    kind, minor = found.group(1), int(found.group(3)) if found.group(3) else None
    if abi == "none":  # py3, py38, py314, cp314: pure or interpreter-specific source
        return (minor is None or minor <= py[1]) if kind == "py" else minor == py[1]
    if abi == "abi3":  # stable ABI: built for 3.x, loads on any later 3.y
        return kind == "cp" and minor is not None and minor <= py[1]
    return kind == "cp" and abi == f"cp{py[0]}{py[1]}" and minor == py[1]


def unsupported_tags(file_name: str, info: Mapping[str, str]) -> str | None:
    """Why Pyodide can't load this wheel (e.g. a manylinux one), or None when it can.
    Files that are not wheels (the distribution's shared-library zips) are not judged."""
    if not file_name.endswith(".whl"):
        return None
    plat = platform_tag(info)
    major, minor = (int(x) for x in python_version(info).split("."))
    try:
        tags = _putils.parse_wheel_filename(file_name)[3]
    except _putils.InvalidWheelFilename as e:
        return f"{file_name}: not a valid wheel file name ({e})"
    if any(_tag_loads(t.interpreter, t.abi, t.platform, (major, minor), plat) for t in tags):
        return None
    shown = ", ".join(sorted({f"{t.interpreter}-{t.abi}-{t.platform}" for t in tags}))
    return (f"{file_name}: built for {shown}, which Pyodide (Python {major}.{minor}, {plat}) "
            f"cannot load; only py3-none-any and {plat} wheels work in the browser")


@dataclass(frozen=True)
class WheelMetadata:
    """What a lock needs from a wheel file, read from the wheel itself."""

    name: str
    version: str
    requires: tuple[str, ...]  # Requires-Dist lines, markers included
    imports: tuple[str, ...]  # top-level import names


def _imports(names: list[str], dist_info: str, top_level: bytes | None) -> tuple[str, ...]:
    """top_level.txt when there is one (setuptools); else the top-level modules and folders
    holding Python (source or sourceless .pyc) or extension files (flit/hatch wheels, namespace
    packages)."""
    if top_level is not None:
        found = {line.strip().split("/")[0] for line in top_level.decode().splitlines()}
    else:
        found = set()
        for member in names:
            first, sep, _ = member.partition("/")
            if first.endswith((".dist-info", ".data")) or not member.endswith((".py", ".pyc", ".so")):
                continue
            found.add(first if sep else first.split(".")[0])
    return tuple(sorted(n for n in found if n.isidentifier() and n != "__pycache__"))


def read_wheel(path: Path) -> WheelMetadata:
    """Name, version, Requires-Dist and import names from the wheel's .dist-info (ValueError if
    the file is not a readable wheel)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            infos = sorted({n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info")
                            and n.count("/") == 1})
            wanted = normalize(path.name.split("-")[0])
            # A wheel may vendor another project's .dist-info; prefer the one named like the file.
            mine = [d for d in infos if normalize(d.rsplit("-", 1)[0]) == wanted] or infos
            if not mine:
                raise ValueError(f"{path.name}: no .dist-info folder, not a wheel")
            dist_info = mine[0]
            meta = email.parser.BytesParser().parsebytes(zf.read(f"{dist_info}/METADATA"))
            top = f"{dist_info}/top_level.txt"
            top_level = zf.read(top) if top in names else None
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        raise ValueError(f"{path.name}: not a readable wheel ({e})") from None
    if not meta["Name"] or not meta["Version"]:
        raise ValueError(f"{path.name}: METADATA has no Name or Version")
    return WheelMetadata(meta["Name"], meta["Version"], tuple(meta.get_all("Requires-Dist") or ()),
                         _imports(names, dist_info, top_level))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class ResolvedWheel:
    """One file a site ships: a wheel (or a distribution's shared-library zip) in the cache."""

    name: str
    version: str
    path: Path  # local file; its name is the file name Pyodide installs it under
    sha256: str
    depends: tuple[str, ...] = ()  # normalized names, all resolved too
    imports: tuple[str, ...] = ()
    source: str = "pypi"  # "pypi" | "pyodide-dist"
    package_type: str = "package"  # "shared_library" for the distribution's libfoo zips
    install_dir: str = "site"  # "dynlib" for shared libraries

    @property
    def key(self) -> str:
        return normalize(self.name)

    def entry(self, file_name: str) -> dict[str, Any]:
        """Its pyodide-lock.json entry, `file_name` relative to the lock's folder."""
        return {
            "name": self.name, "version": self.version, "file_name": file_name,
            "install_dir": self.install_dir, "sha256": self.sha256,
            "package_type": self.package_type, "imports": list(self.imports),
            "depends": sorted(self.depends), "unvendored_tests": False, "tool": {},
        }


def lock_entry(wheel: Path, file_name: str, info: Mapping[str, str]) -> dict[str, Any]:
    """The entry of one wheel file, its depends judged by the target's markers (extras off).
    (build.py's API: the engine wheel and its dependencies.)"""
    meta = read_wheel(wheel)
    env = target_environment(info)
    depends = set()
    for line in meta.requires:
        spec, _, marker = line.partition(";")
        if marker_applies(marker, env):
            depends.add(normalize(re.split(r"[\s\[<>=!~;(@]", spec.strip(), maxsplit=1)[0]))
    return ResolvedWheel(meta.name, meta.version, wheel, sha256_file(wheel), tuple(depends),
                         meta.imports).entry(file_name)


def make_lock(info: Mapping[str, str], entries: Iterable[Mapping[str, Any]]) -> Lock:
    """A lock with `info` (copied from the Pyodide core's lock) and these packages."""
    packages = {normalize(e["name"]): dict(e) for e in entries}
    return {"info": dict(info), "packages": dict(sorted(packages.items())), "tool": {}}


def missing_dependencies(lock: Lock) -> dict[str, list[str]]:
    """{package: [dependencies the lock has no entry for]}; empty when the lock is closed."""
    known = set(lock["packages"])
    missing = {}
    for key, entry in lock["packages"].items():
        absent = sorted({normalize(d) for d in entry["depends"]} - known)
        if absent:
            missing[key] = absent
    return missing


def check_lock(lock: Lock, folder: Path | None = None) -> list[str]:
    """Problems with a lock (empty list: fine): keys and types of Pyodide 314's format, a closed
    dependency graph and, given the lock's folder, every relative file present with its sha256."""
    problems = [f"{k}: missing" for k in ("info", "packages") if k not in lock]
    for key in ("abi_version", "python", "platform"):
        if key not in lock.get("info", {}):
            problems.append(f"info.{key}: missing")
    for key, entry in lock.get("packages", {}).items():
        if set(entry) != ENTRY_KEYS:
            problems.append(f"{key}: keys {sorted(set(entry) ^ ENTRY_KEYS)} differ from Pyodide's")
            continue
        if key != normalize(entry["name"]):
            problems.append(f"{key}: key is not the normalized name of {entry['name']!r}")
        if not re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]):
            problems.append(f"{key}: sha256 is not 64 hex digits")
        file = entry["file_name"]
        if folder is not None and "://" not in file and not file.startswith("/"):
            path = folder / file
            if not path.is_file():
                problems.append(f"{key}: {file} is not there")
            elif sha256_file(path) != entry["sha256"]:
                problems.append(f"{key}: {file} does not match its sha256")
    problems += [f"{k}: depends on {', '.join(v)}, not in the lock"
                 for k, v in missing_dependencies(lock).items()] if "packages" in lock else []
    return problems


def write_lock(wheels: Iterable[ResolvedWheel], info: Mapping[str, str], path: Path, *,
               subdir: str = "wheels", extra_entries: Iterable[Mapping[str, Any]] = ()) -> Lock:
    """Write `path` (pyodide-lock.json) listing `wheels` as `<subdir>/<file>` next to it, plus
    `extra_entries` (e.g. the engine's own, from the build); return the lock. The caller puts
    the files there. `depends` keeps only names the lock has, so Pyodide never looks elsewhere."""
    prefix = f"{subdir.strip('/')}/" if subdir else ""
    entries = [dict(e) for e in extra_entries]
    entries += [w.entry(prefix + w.path.name) for w in wheels]
    lock = make_lock(info, entries)
    known = set(lock["packages"])
    for entry in lock["packages"].values():
        entry["depends"] = sorted({normalize(d) for d in entry["depends"]} & known)
    atomic_write_text(path, json.dumps(lock, indent=1, sort_keys=True) + "\n")  # never half a lock
    return lock
