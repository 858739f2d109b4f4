"""Wheels for a notebook's PEP 723 dependencies, for the Pyodide the site ships.

Two sources, merged: PyPI first (pure-Python and `pyemscripten` wheels, via `pip download` run
with Pyodide's markers), then a Pyodide distribution for whatever PyPI has no wheel for (numpy,
pandas, rpds-py under altair, ...). The distribution is, by default, the official release that
matches the vendored Pyodide: its lock ships with the npm package (so we know its packages and
their sha256 offline) and its files are downloaded from the official URL only when needed.
`--pyodide-dist DIR|URL` or $COVE_PYODIDE_DIST name another one; "none" turns it off.
Everything is cached by content, so a warm export needs no network.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .._atomic import atomic_write_text
from .._errors import CoveError
from .lock import (PYODIDE_INFO, ResolvedWheel, marker_applies, normalize, pip_target_args,
                   platform_tag, python_version, read_wheel, sha256_file, target_environment,
                   unsupported_tags)
from .progress import Progress, transfer

try:
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
except ImportError:  # pragma: no cover - pip vendors it
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement  # type: ignore
    from pip._vendor.packaging.specifiers import InvalidSpecifier, SpecifierSet  # type: ignore

__all__ = ["DependencyError", "ResolvedWheel", "check_requires_python", "default_cache_dir",
           "default_dist_url", "dist_location", "load_core_lock", "resolve_wheels"]

# The build copies the core's own lock here, renamed so nobody takes it for the site's lock.
CORE_LOCK = Path(__file__).resolve().parents[1] / "_static" / "pyodide" / "pyodide-lock.dist.json"
BUILD_INFO = Path(__file__).resolve().parents[1] / "_static" / "build-info.json"
# Where the Pyodide project publishes each release's packages (what Pyodide's own loader uses).
OFFICIAL_DIST = "https://cdn.jsdelivr.net/pyodide/v{version}/full/"
DIST_ENV = "COVE_PYODIDE_DIST"
# pip runs again after each package it could not find on PyPI is taken from the distribution;
# a notebook needing more distribution-only packages than this is resolved in that many rounds.
_MAX_ROUNDS = 24
_MANIFEST_VERSION = 1
# pip judges Requires-Dist markers with default_environment() of the Python running it, i.e. this
# machine (linux, 3.11): `; sys_platform == "emscripten"` deps would be dropped and
# `; python_version >= "3.12"` ones missed. pip has no flag for this, so the child process swaps
# in the browser's marker values before pip starts (plain pip if its internals ever move).
_PIP = """import json, sys
try:
    from pip._vendor.packaging import markers
    _env = json.loads(sys.argv[1])
    markers.default_environment = lambda: dict(_env)
except Exception:
    pass
from pip._internal.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


class DependencyError(CoveError):
    """A dependency that can't be satisfied for Pyodide; one line naming it and where we looked."""

    def __init__(self, message: str, package: str | None = None, detail: str = ""):
        self.package = package
        self.detail = detail  # pip's full output, for debugging; never printed by the CLI
        super().__init__(message)


def default_cache_dir() -> Path:
    """$COVE_CACHE_DIR if set, else ~/.cache/cove/wheels (XDG_CACHE_HOME respected)."""
    if env := os.environ.get("COVE_CACHE_DIR"):
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cove" / "wheels"


def load_core_lock(path: Path | None = None) -> dict[str, Any]:
    """The lock of the Pyodide core the site ships (its `info` is the target; its package names
    tell which packages only a distribution provides). The built-in 314 info if it's absent."""
    path = path or CORE_LOCK
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return {"info": dict(PYODIDE_INFO), "packages": {}}


def check_requires_python(spec: str | None, info: Mapping[str, str] = PYODIDE_INFO) -> None:
    """Fail when the header's `requires-python` excludes the Python that Pyodide runs."""
    if not spec:
        return
    try:
        ok = SpecifierSet(spec).contains(info["python"], prereleases=True)
    except InvalidSpecifier:
        raise DependencyError(f"requires-python {spec!r} is not a version specifier") from None
    if not ok:
        raise DependencyError(f"the notebook requires Python {spec}, but the exported site runs "
                              f"Pyodide's Python {info['python']}")


def _target(info: Mapping[str, str]) -> str:
    return f"Pyodide ({platform_tag(info)}, Python {python_version(info)})"


# -- files: the content-addressed store, copies and downloads ----------------------------------

def _store(cache: Path, sha256: str, file_name: str) -> Path:
    """Where the cache keeps a file: by content, under its own name (Pyodide needs that name)."""
    return cache / "files" / sha256 / Path(file_name).name


class _Dist:
    """A Pyodide release folder or URL: its pyodide-lock.json and the files it lists."""

    def __init__(self, location: str, info: Mapping[str, str],
                 lock: Mapping[str, Any] | None = None, label: str | None = None):
        self.location = location
        self.is_url = location.startswith(("http://", "https://"))
        self.base = location.rstrip("/") + "/" if self.is_url else str(Path(location).resolve())
        self.label = label or f"--pyodide-dist {location}"
        try:
            if lock is None:
                if self.is_url:
                    with urllib.request.urlopen(self.base + "pyodide-lock.json", timeout=60) as r:
                        raw = r.read()
                else:
                    raw = (Path(self.base) / "pyodide-lock.json").read_bytes()
                lock = json.loads(raw)
            self.packages = {normalize(k): v for k, v in lock["packages"].items()}
            abi = lock["info"].get("abi_version")
        except (OSError, urllib.error.URLError, ValueError, KeyError, TypeError) as e:
            raise DependencyError(f"{self.label}: no readable pyodide-lock.json "
                                  f"there ({getattr(e, 'reason', e)})") from None
        if abi != info["abi_version"]:
            raise DependencyError(f"{self.label} is built for Pyodide ABI {abi}, "
                                  f"but the site ships Pyodide ABI {info['abi_version']}: use "
                                  f"the matching Pyodide release")
        self.where = f"the Pyodide distribution's pyodide-lock.json ({location})"

    def closure(self, roots: Iterable[str], skip: Iterable[str] = ()) -> list[str]:
        """`roots` and, transitively, the `depends` the lock lists for them."""
        seen, todo, skip = set(), list(roots), set(skip)
        while todo:
            key = normalize(todo.pop())
            if key in seen or key in skip:
                continue
            if key not in self.packages:
                raise DependencyError(f"{key}: listed as a dependency in {self.where} but not "
                                      "a package of it", key)
            seen.add(key)
            todo += self.packages[key].get("depends", [])
        return sorted(seen)

    def fetch(self, key: str, cache: Path, info: Mapping[str, str],
              progress: Progress) -> ResolvedWheel:
        entry = self.packages[key]
        file_name, sha = entry["file_name"], entry["sha256"]
        if reason := unsupported_tags(Path(file_name).name, info):
            raise DependencyError(f"{reason} (from {self.label})", key)
        dest = _store(cache, sha, file_name)
        if not (dest.is_file() and sha256_file(dest) == sha):
            if "://" in file_name or self.is_url:
                src = urllib.request.urljoin(self.base, file_name)
            else:
                src = str(Path(self.base) / file_name)
            try:
                transfer(src, dest, progress, Path(file_name).name, sha, "Pyodide distribution")
            except ValueError as e:  # the sha256 differs
                raise DependencyError(f"{e} listed in {self.where}", key) from None
            except OSError as e:
                raise DependencyError(f"{key}: {self.where} lists {file_name}, but reading "
                                      f"{src} failed ({e.strerror or e})", key) from None
        return ResolvedWheel(
            entry["name"], entry["version"], dest, sha,
            tuple(sorted({normalize(d) for d in entry.get("depends", [])})),
            tuple(entry.get("imports", [])), "pyodide-dist",
            entry.get("package_type", "package"), entry.get("install_dir", "site"))


def pyodide_version() -> str | None:
    """The vendored Pyodide's release (package.json pins it; the build records it)."""
    try:
        return str(json.loads(BUILD_INFO.read_text(encoding="utf-8"))["pyodide"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def default_dist_url(version: str | None = None) -> str | None:
    """The official distribution URL of the vendored Pyodide release (None if unknown)."""
    version = version or pyodide_version()
    return OFFICIAL_DIST.format(version=version) if version else None


def dist_location(option: str | None) -> str | None:
    """Which distribution to use: the option, else $COVE_PYODIDE_DIST, else the official one
    (returned as None: `_open_dist` then uses the core lock we already have). "none" = off."""
    return option or os.environ.get(DIST_ENV) or None


def _open_dist(option: str | None, core: Mapping[str, Any], info: Mapping[str, str]) -> _Dist | None:
    location = dist_location(option)
    if location is not None:
        return None if location.strip().lower() == "none" else _Dist(location, info)
    url = default_dist_url()
    packages = core.get("packages") or {}
    if url is None or not any(isinstance(e, Mapping) and e.get("file_name") for e in packages.values()):
        return None  # no build info / no core lock: only PyPI (the error says how to add one)
    return _Dist(url, info, lock=core, label=f"the Pyodide {pyodide_version()} distribution ({url})")


# -- pip ----------------------------------------------------------------------------------------

# The build tag of stub wheels: how a downloaded stub is told from a real wheel of the same name.
_STUB_BUILD = "0cove"


def _write_stubs(pinned: Mapping[str, Mapping[str, Any]],
                 offered: Mapping[str, Mapping[str, Any]], folder: Path) -> Path:
    """Metadata-only wheels standing for packages pip must not download itself, in a folder
    pip reads as an extra index. `pinned` (the engine's, and distribution packages PyPI lacks)
    are also fixed by a constraints file. `offered` (the distribution's compiled builds) are
    only candidates: a Pyodide wheel PyPI has for the same version outranks a stub (its
    platform tag beats py3-none-any), so pip takes the distribution's build only where PyPI has
    none, and never backtracks to ancient versions to avoid a package it could not find."""
    folder.mkdir(parents=True)
    for key, entry in {**offered, **pinned}.items():
        name, version = key.replace("-", "_"), entry["version"]
        meta = ["Metadata-Version: 2.1", f"Name: {key}", f"Version: {version}"]
        meta += [f"Requires-Dist: {normalize(d)}" for d in entry.get("depends", [])]
        with zipfile.ZipFile(folder / f"{name}-{version}-{_STUB_BUILD}-py3-none-any.whl", "w") as zf:
            info = f"{name}-{version}.dist-info"
            zf.writestr(f"{info}/METADATA", "\n".join(meta) + "\n")
            zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nTag: py3-none-any\n")
            zf.writestr(f"{info}/RECORD", "")
    constraints = folder / "constraints.txt"
    constraints.write_text("".join(f"{k}=={e['version']}\n" for k, e in pinned.items()))
    return constraints


def _is_stub(path: Path) -> bool:
    return f"-{_STUB_BUILD}-" in path.name


def _compiled(packages: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """The distribution's packages built for the platform (what PyPI rarely has for Pyodide)."""
    return {k: e for k, e in packages.items() if e.get("package_type", "package") == "package"
            and str(e.get("file_name", "")).endswith(".whl")
            and not str(e.get("file_name", "")).endswith("-none-any.whl")}


def _pip_download(reqs: list[str], dest: Path, info: Mapping[str, str], stubs: Path | None,
                  progress: Progress) -> tuple[int, str]:
    """Run `pip download` for the target; (exit code, its merged stdout and stderr)."""
    cmd = [sys.executable, "-c", _PIP, json.dumps(target_environment(info)), "download",
           "--no-input", "--disable-pip-version-check", "--progress-bar", "off",
           "-d", str(dest), *pip_target_args(info)]
    if stubs is not None:
        cmd += ["--find-links", str(stubs.parent), "--constraint", str(stubs)]
    progress.note(f"resolving {', '.join(reqs)} for {_target(info)} with pip")
    proc = subprocess.Popen([*cmd, *reqs], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace")
    lines = []
    for line in proc.stdout or ():
        lines.append(line.rstrip())
        if found := re.match(r"\s*Downloading (\S+) \(([^)]*)\)", line):
            progress.note(f"{found.group(1)} {found.group(2)} (package index)")
        elif (found := re.match(r"Processing (\S+\.whl)", line)) and (
                stubs is None or not found.group(1).startswith(str(stubs.parent))):
            progress.note(f"{Path(found.group(1)).name} (local index)")
    return proc.wait(), "\n".join(lines)


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;(@]", requirement.strip(), maxsplit=1)[0]


def _pip_failure(text: str, info: Mapping[str, str] = PYODIDE_INFO
                 ) -> tuple[str | None, str | None, str]:
    """What pip's output says went wrong: (package with no usable wheel, who needs it, message
    for any other failure). pip's own text and traceback are never shown to the user."""
    if "No module named 'pip'" in text:  # uv-made venvs have none
        return None, None, (f"fetching wheels from PyPI needs pip in this Python "
                            f"({sys.executable}): run `{sys.executable} -m ensurepip`")
    if found := re.search(r"ERROR: (\S+\.whl) is not a supported wheel", text):
        wheel = Path(found.group(1)).name
        return None, None, unsupported_tags(wheel, info) or f"{wheel}: not loadable by Pyodide"
    if "The conflict is caused by:" in text:
        block = text.split("The conflict is caused by:", 1)[1].strip().split("\n\n")[0]
        causes = [c.strip() for c in block.splitlines() if c.strip()]
        needed = [m.groups() for c in causes if (m := re.match(r"(\S+) \S+ depends on (\S+)", c))]
        # Every version of the parents needs one package that has no wheel (numpy for patsy).
        wanted = {normalize(_name(d)) for _, d in needed}
        if needed and len(needed) == len(causes) and len(wanted) == 1:
            parents = ", ".join(sorted({normalize(p) for p, _ in needed}))
            return _name(needed[0][1]), parents, ""
        return None, None, "conflicting requirements: " + "; ".join(causes)
    if found := re.search(r"No matching distribution found for (\S+)", text):
        name = _name(found.group(1))
        parent = re.search(rf"Collecting {re.escape(name)}\b.*\(from ([^),\s=<>!~]+)", text)
        return name, parent.group(1) if parent else None, ""
    errors = [x for x in text.splitlines() if x.startswith("ERROR:")] or ["ERROR: pip failed"]
    return None, None, f"pip could not resolve the requirements: {errors[-1][7:]}"


# -- the resolution -----------------------------------------------------------------------------

def _parse(requirements: Iterable[str], env: Mapping[str, str]) -> list[Requirement]:
    out = []
    for text in requirements:
        try:
            req = Requirement(text)
        except InvalidRequirement as e:
            raise DependencyError(f"{text!r} is not a valid requirement: "
                                  f"{str(e).splitlines()[0]}", text) from None
        if req.marker is None or marker_applies(str(req.marker), env):
            out.append(req)
    return out


def _cache_key(reqs: list[Requirement], info: Mapping[str, str], dist: str | None,
               pinned: Mapping[str, Any]) -> str:
    if dist and "://" not in dist:  # a local folder: its lock's content, so a rebuilt dist counts
        lock = Path(dist) / "pyodide-lock.json"
        dist = f"{Path(dist).resolve()}#{sha256_file(lock) if lock.is_file() else ''}"
    key = [_MANIFEST_VERSION, sorted(str(r) for r in reqs), dict(info), dist,
           sorted(f"{k}=={e['version']}" for k, e in pinned.items())]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:24]


def _load_manifest(path: Path, cache: Path) -> list[ResolvedWheel] | None:
    """The cached resolution, if every file is still there intact; else None (resolve again)."""
    try:
        rows = json.loads(path.read_text())["wheels"]
        wheels = [ResolvedWheel(**{**r, "path": cache / r["path"], "depends": tuple(r["depends"]),
                                   "imports": tuple(r["imports"])}) for r in rows]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if all(w.path.is_file() and sha256_file(w.path) == w.sha256 for w in wheels):
        return wheels
    return None


def _save_manifest(path: Path, wheels: list[ResolvedWheel], cache: Path) -> None:
    rows = [{**w.__dict__, "path": w.path.relative_to(cache).as_posix(), "depends":
             list(w.depends), "imports": list(w.imports)} for w in wheels]
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, json.dumps({"wheels": rows}, indent=1))


def _depends(metas: Mapping[str, Any], reqs: list[Requirement], env: Mapping[str, str],
             names: set[str]) -> dict[str, tuple[str, ...]]:
    """Each PyPI wheel's dependencies among `names`, with the extras asked of it anywhere."""
    extras: dict[str, set[str]] = {normalize(r.name): set(r.extras) for r in reqs}
    parsed = {k: [r for line in m.requires if (r := _try_req(line))] for k, m in metas.items()}
    changed = True
    while changed:  # an extra may enable a requirement that asks for another extra
        changed = False
        for key, rs in parsed.items():
            for r in rs:
                if r.marker is None or marker_applies(str(r.marker), env, extras.get(key, ())):
                    new = set(r.extras) - extras.setdefault(normalize(r.name), set())
                    changed |= bool(new)
                    extras[normalize(r.name)] |= new
    return {key: tuple(sorted({normalize(r.name) for r in rs if r.marker is None or
                               marker_applies(str(r.marker), env, extras.get(key, ()))}
                              & names - {key})) for key, rs in parsed.items()}


def _try_req(line: str) -> Requirement | None:
    try:
        return Requirement(line)
    except InvalidRequirement:
        return None


def resolve_wheels(requirements: list[str], *, pyodide_dist: str | None = None,
                   cache_dir: Path | None = None, progress: Progress | None = None,
                   core_lock: Mapping[str, Any] | None = None,
                   provided: Iterable[Mapping[str, Any]] = ()) -> list[ResolvedWheel]:
    """The wheels (sorted by name) that make `requirements` importable in Pyodide.

    `pyodide_dist`: a Pyodide release folder or http(s) URL, "none", or None for
    $COVE_PYODIDE_DIST / the official release; packages PyPI has no Pyodide wheel for come from
    it (with their `depends`), also when a PyPI package needs them. `core_lock`: the lock of the
    Pyodide core the site ships (default: the one the build vendored). `provided`: lock entries
    of packages the site already has (the engine's): pinned for pip, never returned.
    """
    progress = progress or Progress(quiet=True)
    core = core_lock if core_lock is not None else load_core_lock()
    info = core["info"]
    env = target_environment(info)
    reqs = _parse(requirements, env)
    if not reqs:
        return []
    cache = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    given = {normalize(e["name"]): e for e in provided}
    where = dist_location(pyodide_dist) or default_dist_url()
    manifest = cache / "resolutions" / f"{_cache_key(reqs, info, where, given)}.json"
    if (cached := _load_manifest(manifest, cache)) is not None:
        return cached

    dist = _open_dist(pyodide_dist, core, info)
    to_pip = []
    for req in reqs:
        key = normalize(req.name)
        if key in given:
            version = given[key]["version"]
            if not req.specifier.contains(version, prereleases=True):
                raise DependencyError(f"{req}: the site's engine has {key} {version}, which does "
                                      "not satisfy it", key)
        else:
            to_pip.append(str(req))

    metas: dict[str, Any] = {}
    files: dict[str, tuple[Path, str]] = {}
    # Distribution packages pip must take as given: each round adds the one pip could not find
    # on PyPI (with what it depends on), so PyPI wins wherever it has a wheel.
    from_dist: set[str] = set()
    offered = {k: e for k, e in _compiled(dist.packages).items() if k not in given} if dist else {}
    if to_pip:
        for _round in range(_MAX_ROUNDS):
            pinned = {**({k: dist.packages[k] for k in dist.closure(from_dist, given)}
                         if dist and from_dist else {}), **given}
            with tempfile.TemporaryDirectory(prefix="cove-pip-") as tmp:
                stubs = _write_stubs(pinned, offered, Path(tmp) / "stubs") \
                    if pinned or offered else None
                code, output = _pip_download(to_pip, Path(tmp) / "dl", info, stubs, progress)
                if code:
                    if (missing := _from_dist_instead(output, dist, from_dist, info)) is None:
                        raise _pip_error(output, to_pip, dist, core, info)
                    _check_dist_version(missing, reqs, dist)  # type: ignore[arg-type]
                    progress.note(f"{missing}: no Pyodide wheel on PyPI; from {dist.label}")  # type: ignore[union-attr]
                    from_dist.add(missing)
                    continue
                for path in sorted((Path(tmp) / "dl").iterdir()):
                    key = normalize(path.name.split("-")[0])
                    if key in given:
                        continue
                    if _is_stub(path):  # the distribution's file is used
                        from_dist.add(key)
                        continue
                    if reason := unsupported_tags(path.name, info):
                        raise DependencyError(reason, key)
                    try:
                        meta = read_wheel(path)
                    except ValueError as e:
                        raise DependencyError(str(e), key) from None
                    sha = sha256_file(path)
                    dest = _store(cache, sha, path.name)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.move(str(path), dest)
                    metas[normalize(meta.name)], files[normalize(meta.name)] = meta, (dest, sha)
                break
        else:
            raise DependencyError(f"{', '.join(to_pip)}: more than {_MAX_ROUNDS} packages had "
                                  "to come from the Pyodide distribution; list them explicitly")

    wheels = [dist.fetch(k, cache, info, progress) for k in dist.closure(from_dist, given)] \
        if dist and from_dist else []
    names = set(metas) | {w.key for w in wheels} | set(given)
    for key, deps in _depends(metas, reqs, env, names).items():
        m, (path, sha) = metas[key], files[key]
        wheels.append(ResolvedWheel(m.name, m.version, path, sha, deps, m.imports, "pypi"))
    wheels.sort(key=lambda w: w.key)
    _save_manifest(manifest, wheels, cache)
    return wheels


def _from_dist_instead(output: str, dist: _Dist | None, taken: set[str],
                       info: Mapping[str, str]) -> str | None:
    """The package pip found no Pyodide wheel for on PyPI, when the distribution has it."""
    if dist is None or _NETWORK.search(output):
        return None
    name, _parent, _message = _pip_failure(output, info)
    key = normalize(name) if name else None
    return key if key and key in dist.packages and key not in taken else None


def _check_dist_version(key: str, reqs: list[Requirement], dist: _Dist) -> None:
    version = dist.packages[key]["version"]
    for req in reqs:
        if normalize(req.name) == key and not req.specifier.contains(version, prereleases=True):
            raise DependencyError(f"{req}: the Pyodide distribution has {key} {version}, which "
                                  "does not satisfy it", key)


_NETWORK = re.compile(r"NewConnectionError|Max retries exceeded|Temporary failure in name")


def _pip_error(output: str, reqs: list[str], dist: _Dist | None, core: Mapping[str, Any],
               info: Mapping[str, str]) -> DependencyError:
    """One line saying which package failed, where we looked, and what would fix it."""
    name, parent, message = _pip_failure(output, info)
    if name is None:
        prefix = f"{', '.join(reqs)}: " if message.startswith("pip could not") else ""
        err = DependencyError(prefix + message, detail=output)
    elif _NETWORK.search(output):
        err = DependencyError(f"{name}: could not reach the package index (PyPI) to look for it;"
                              " check the network (a cached export needs none)", name, output)
    else:
        who = name + (f" (needed by {parent})" if parent else "")
        where = f"no wheel for {_target(info)} on PyPI"
        if dist is not None:
            err = DependencyError(f"{who}: {where} nor in {dist.label}", name, output)
        elif normalize(name) in {normalize(k) for k in core.get("packages", {})}:
            err = DependencyError(f"{who}: {where} and no --pyodide-dist given; {name} is built "
                                  "by the Pyodide distribution: pass --pyodide-dist DIR|URL",
                                  name, output)
        else:
            err = DependencyError(f"{who}: {where} and no --pyodide-dist given", name, output)
    return err
