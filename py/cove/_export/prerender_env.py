"""The isolated environment a prerender runs in when the exporting interpreter lacks some of the
notebook's packages: a virtual environment built from the PEP 723 dependencies (with uv where it
is installed, else venv + pip), cached per dependency set, so a warm export builds nothing.

Packages pip cannot install for this interpreter (one only Pyodide builds) are left out, not
fatal: the cells that import them are not prerendered (prerender.py says which).
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .._errors import CoveError

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # pragma: no cover - pip vendors it
    from pip._vendor.packaging.requirements import InvalidRequirement, Requirement  # type: ignore

__all__ = ["PrerenderEnv", "ensure_env", "missing_requirements"]

_VERSION = 1  # bump when the layout of an environment changes: old ones are rebuilt
_MARKER = "cove-env.json"


@dataclass(frozen=True)
class PrerenderEnv:
    python: Path
    installed: tuple[str, ...]
    left_out: tuple[str, ...]  # requirements pip could not install here


def missing_requirements(requirements: Iterable[str]) -> list[str]:
    """The requirements (that apply to this interpreter) it does not satisfy."""
    missing = []
    for text in requirements:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            missing.append(text)  # the resolver reports it; the environment can't help
            continue
        if req.marker is not None and not req.marker.evaluate():
            continue
        try:
            version = importlib.metadata.version(req.name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(text)
            continue
        if not req.specifier.contains(version, prereleases=True):
            missing.append(text)
    return missing


def _engine_requirements() -> list[str]:
    """Cove's own runtime dependencies (the child imports Cove from this checkout/install)."""
    try:
        reqs = importlib.metadata.requires("cove") or []
    except importlib.metadata.PackageNotFoundError:
        reqs = []
    found = [r for r in reqs if "extra ==" not in r]
    return found or ["markdown-it-py>=3", "mdit-py-plugins>=0.4"]


def _python_of(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def env_key(requirements: Sequence[str]) -> str:
    key = [_VERSION, sorted(requirements), sorted(_engine_requirements()), list(sys.version_info[:2]),
           sys.implementation.name]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()[:16]


def ensure_env(requirements: Sequence[str], *, cache_dir: Path | None = None,
               note: Callable[[str], None] = lambda _m: None) -> PrerenderEnv:
    """The environment for `requirements`, built once per set (cache: <cache>/envs/<key>)."""
    from .resolve import default_cache_dir

    root = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) / "envs"
    target = root / env_key(requirements)
    if (found := _read(target)) is not None:
        return found
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=root))
    try:
        note(f"building the prerender environment ({', '.join(requirements)}); cached after")
        _create(tmp)
        installed, left_out = _install(_python_of(tmp), [*_engine_requirements(), *requirements], note)
        left_out = [r for r in left_out if r in requirements]
        (tmp / _MARKER).write_text(json.dumps({"installed": installed, "left_out": left_out}))
        try:
            tmp.rename(target)
        except OSError:  # another export built it meanwhile: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    found = _read(target)
    if found is None:  # pragma: no cover - only if the folder vanished under us
        raise CoveError(f"{target}: the prerender environment disappeared while it was built")
    return found


def _read(target: Path) -> PrerenderEnv | None:
    """A complete environment (its marker is written last), or None."""
    try:
        data = json.loads((target / _MARKER).read_text())
    except (OSError, ValueError):
        return None
    python = _python_of(target)
    if not python.exists():
        return None
    return PrerenderEnv(python, tuple(data.get("installed", ())), tuple(data.get("left_out", ())))


def _create(venv: Path) -> None:
    uv = shutil.which("uv")
    cmd = [uv, "venv", "--quiet", "--allow-existing", "--python", sys.executable, str(venv)] if uv \
        else [sys.executable, "-m", "venv", str(venv)]
    _check(subprocess.run(cmd, capture_output=True, text=True), "creating a virtual environment")


def _install(python: Path, requirements: list[str],
             note: Callable[[str], None]) -> tuple[list[str], list[str]]:
    """Install all at once; if that fails, one by one, leaving out what cannot be had here."""
    if _pip(python, requirements).returncode == 0:
        return requirements, []
    installed, left_out = [], []
    for req in requirements:
        if _pip(python, [req]).returncode == 0:
            installed.append(req)
        else:
            left_out.append(req)
            note(f"{req}: not installable in this Python; cells that need it run only in the page")
    return installed, left_out


def _pip(python: Path, requirements: list[str]) -> subprocess.CompletedProcess[str]:
    uv = shutil.which("uv")
    cmd = [uv, "pip", "install", "--quiet", "--python", str(python), *requirements] if uv else \
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-input", *requirements]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(cmd, capture_output=True, text=True, env=env)


def _check(proc: subprocess.CompletedProcess[str], what: str) -> None:
    if proc.returncode != 0:
        last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise CoveError(f"the prerender environment: {what} failed: {last[0]}")
