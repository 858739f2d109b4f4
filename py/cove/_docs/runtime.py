"""The shared runtime folders of a docs site: `_cove/<hash>/`, one for the whole site unless
notebooks' packages conflict.

A folder holds what an exported site holds besides its page (Pyodide's core, the engine and
dependency wheels with their pyodide-lock.json, the page and worker bundles) plus a stylesheet
scoped to `.cove-embed`. Its name is a hash of every file in it, so its URLs never change while
its content does not: a host may cache them for good, and a reader moving between pages (or
coming back after a rebuild that changed no notebook's packages) fetches nothing again. A new
content is a new folder; old ones are left for pages a browser still has open.

Notebooks whose wheels disagree (two versions of one package) cannot share an interpreter: they
get a folder of their own, and the build log says which and why.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .._export.lock import ResolvedWheel, lock_entry, write_lock
from .._export.resolve import resolve_wheels
from .._export.site import core_info, engine_wheels, pyodide_files, static_dir
from .css import scoped_stylesheet

__all__ = ["RUNTIME_DIR", "Runtime", "plan_runtimes", "runtimes_of", "write_runtime"]

RUNTIME_DIR = "_cove"
HASH_CHARS = 16
# A docs page loads cove-docs.js, not the one-notebook page's bundle nor the host-page and
# single-file scripts.
NOT_IN_RUNTIME = ("main-", "cove-embed-", "single-file-", "cove.css")
DOCS_CSS = "cove-docs.css"

Log = Callable[[str], None]


@dataclass(frozen=True)
class Runtime:
    """One runtime folder: files copied (path inside the folder -> source) and generated."""

    name: str  # "_cove/<hash>", relative to the site's root
    files: dict[str, Path] = field(repr=False)
    generated: dict[str, bytes] = field(repr=False)
    manifest: dict[str, str] = field(repr=False)  # build.py's web/manifest.json

    @property
    def worker(self) -> str:
        return f"web/{self.manifest['worker.js']}"

    @property
    def script(self) -> str:
        return f"web/{self.manifest['cove-docs.js']}"

    @property
    def stylesheet(self) -> str:
        return f"web/{DOCS_CSS}"


def plan_runtimes(
    requirements: dict[str, list[str]], *, pyodide_dist: str | None = None,
    cache_dir: Path | None = None, log: Log = lambda _m: None,
) -> dict[str, Runtime]:
    """The runtime folder of each notebook (keyed as in `requirements`: notebook key -> its PEP 723
    dependencies). Notebooks share one folder unless their wheels conflict."""
    static = static_dir()
    if "cove-docs.js" not in _manifest(static):
        from .._export.site import ExportError
        raise ExportError("Cove's web build has no cove-docs.js: run `python build.py web`")
    info = core_info()
    engine = engine_wheels()
    provided = [lock_entry(w, f"wheels/{w.name}", info) for w in engine]
    resolved: dict[tuple[str, ...], list[ResolvedWheel]] = {}
    groups: list[dict[str, ResolvedWheel]] = []
    members: list[list[str]] = []
    placed: dict[str, int] = {}
    # Notebooks with the most dependencies first: the others then join their group if they can.
    for key in sorted(requirements, key=lambda k: (-len(requirements[k]), k)):
        deps = tuple(sorted(set(requirements[key])))
        if deps not in resolved:
            resolved[deps] = resolve_wheels(list(deps), pyodide_dist=pyodide_dist, cache_dir=cache_dir,
                                            provided=provided) if deps else []
        wheels = {w.name: w for w in resolved[deps]}
        for i, group in enumerate(groups):
            if all(group.get(n, w).path.name == w.path.name for n, w in wheels.items()):
                group.update(wheels)
                members[i].append(key)
                placed[key] = i
                break
        else:
            if groups:
                clash = sorted(n for n, w in wheels.items() if any(g.get(n, w).path.name != w.path.name for g in groups))
                log(f"cove: {key} gets a Python runtime of its own: its {', '.join(clash)} differ from other notebooks'")
            groups.append(dict(wheels))
            members.append([key])
            placed[key] = len(groups) - 1
    runtimes = [_runtime(static, engine, sorted(g.values(), key=lambda w: w.name), info, provided) for g in groups]
    return {key: runtimes[i] for key, i in placed.items()}


def _manifest(static: Path) -> dict[str, str]:
    return dict(json.loads((static / "web" / "manifest.json").read_text()))


def _runtime(static: Path, engine: list[Path], wheels: list[ResolvedWheel], info: dict[str, str],
             provided: list[dict[str, object]]) -> Runtime:
    files = {f"pyodide/{n}": static / "pyodide" / n for n in pyodide_files()}
    for f in sorted((static / "web").iterdir()):
        if f.is_file() and not f.name.endswith(".map") and not f.name.startswith(NOT_IN_RUNTIME):
            files[f"web/{f.name}"] = f
    for w in engine:
        files[f"wheels/{w.name}"] = w
    for w in wheels:
        files[f"wheels/{w.path.name}"] = w.path
    with tempfile.TemporaryDirectory(prefix="cove-lock-") as tmp:
        lock = Path(tmp) / "pyodide-lock.json"
        write_lock(wheels, info, lock, extra_entries=provided)
        generated = {"pyodide-lock.json": lock.read_bytes()}
    generated[f"web/{DOCS_CSS}"] = scoped_stylesheet((static / "web" / "cove.css").read_text()).encode()
    digest = hashlib.sha256()
    for name in sorted([*files, *generated]):
        digest.update(name.encode() + b"\0")
        digest.update(bytes.fromhex(_sha256(files[name])) if name in files else hashlib.sha256(generated[name]).digest())
    return Runtime(f"{RUNTIME_DIR}/{digest.hexdigest()[:HASH_CHARS]}", files, generated, _manifest(static))


_hashes: dict[tuple[str, int, int], str] = {}


def _sha256(path: Path) -> str:
    """A file's hash, remembered by path, size and mtime (`mkdocs serve` rebuilds often)."""
    st = path.stat()
    key = (os.fspath(path), st.st_size, st.st_mtime_ns)
    if key not in _hashes:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        _hashes[key] = h.hexdigest()
    return _hashes[key]


def write_runtime(runtime: Runtime, site_dir: str | os.PathLike[str]) -> Path:
    """Write the folder under `site_dir` (nothing to do when it is there: its name is its
    content); written aside and renamed, so a reader never gets half of it."""
    dest = Path(site_dir) / runtime.name
    if dest.is_dir():
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    tmp.chmod(0o755)
    try:
        for name, src in runtime.files.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, tmp / name)
        for name, data in runtime.generated.items():
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp / name).write_bytes(data)
        tmp.rename(dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return dest


def runtimes_of(plan: dict[str, Runtime]) -> Iterable[Runtime]:
    """Each distinct runtime of a plan once."""
    return {r.name: r for r in plan.values()}.values()
