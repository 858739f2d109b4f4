"""The packages `cove edit` gives its page: the notebook's PEP 723 dependencies, resolved at launch
with the export's resolver (so the editor loads exactly what an export would ship; cached, and
offline from the cache), and anything the reader installs later.

The page's pyodide-lock.json is the engine's lock plus these wheels, served from the resolver's
cache under `packages/<sha256>/<file>`; only files this service resolved are ever served.
"""
from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .._errors import CoveError
from ..protocol import InstallAnswer

__all__ = ["PackageService"]

_PREFIX = "packages"
_LAUNCH_WAIT = 300.0  # seconds the page's lock request waits for the launch resolution


class PackageService:
    def __init__(self, notebook: Path, static_root: Path, *, cache_dir: Path | None = None,
                 pyodide_dist: str | None = None, log: Any = None) -> None:
        self.notebook = notebook
        self.static_root = static_root
        self.cache_dir = cache_dir
        self.pyodide_dist = pyodide_dist
        self._log = log or (lambda message: None)
        self._lock = threading.Lock()
        self._wheels: dict[str, Any] = {}  # key -> ResolvedWheel
        self._requirements: list[str] = []
        self._ready = threading.Event()
        self.launch_error: str | None = None
        # The engine's lock never changes while the server runs: read once, lazily.
        self._static_lock: dict[str, Any] | None = None
        self._imports: dict[str, str] | None = None

    # -- launch ----------------------------------------------------------------------------

    def start(self) -> None:
        """Resolve the notebook's dependencies in the background (the page waits for them)."""
        threading.Thread(target=self._resolve_launch, name="cove-packages", daemon=True).start()

    def _resolve_launch(self) -> None:
        try:
            deps = self._header_dependencies()
            if deps:
                self._log(f"resolving the notebook's dependencies: {', '.join(deps)}")
                self._add(deps)
        except CoveError as e:
            self.launch_error = str(e)
            self._log(f"warning: {e}")
        finally:
            self._ready.set()

    def _header_dependencies(self) -> list[str]:
        from .._export.pep723 import read_script_metadata
        from .._file.read import read_notebook

        try:
            _text, nbfile = read_notebook(self.notebook)
        except (OSError, CoveError):
            return []  # the page reports an unreadable notebook
        meta = read_script_metadata(nbfile.header, os.fspath(self.notebook)) or {}
        return [str(d) for d in meta.get("dependencies") or []]

    # -- resolution ------------------------------------------------------------------------

    def _static(self) -> dict[str, Any]:
        if self._static_lock is None:
            self._static_lock = json.loads((self.static_root / "pyodide-lock.json").read_text(encoding="utf-8"))
        return self._static_lock

    def _engine_entries(self) -> list[Mapping[str, Any]]:
        return list(self._static()["packages"].values())

    def _add(self, requirements: Sequence[str]) -> list[Any]:
        """Resolve what the notebook has plus `requirements`; return the wheels that are new."""
        from .._export.resolve import resolve_wheels

        with self._lock:
            wanted = list(dict.fromkeys([*self._requirements, *requirements]))
            wheels = resolve_wheels(wanted, pyodide_dist=self.pyodide_dist, cache_dir=self.cache_dir,
                                    provided=self._engine_entries())
            new = [w for w in wheels if w.key not in self._wheels]
            self._wheels.update({w.key: w for w in wheels})
            self._requirements = wanted
            return new

    def install(self, modules: Sequence[str]) -> InstallAnswer:
        """For POST /api/install: resolve packages for `modules`; the lock entries of every wheel
        the page needs now (file names relative to the lock), or an error in one line."""
        from .._export.resolve import DependencyError
        from .._runtime.install import requirement_for

        self._ready.wait(_LAUNCH_WAIT)
        by_import = self._distribution_imports()
        requirements = [by_import.get(m.split(".")[0], requirement_for(m)) for m in modules]
        try:
            self._add(requirements)
        except DependencyError as e:
            return InstallAnswer(error=f"{e} (cannot be had for Pyodide)" if e.package else str(e))
        except CoveError as e:
            return InstallAnswer(error=str(e))
        with self._lock:
            entries = [self._entry(w) for w in self._wheels.values()]
        return InstallAnswer(packages=entries, requirements=requirements)

    def _distribution_imports(self) -> dict[str, str]:
        """import name -> package, from the Pyodide distribution's lock (sklearn -> scikit-learn);
        read once."""
        from .._export.resolve import load_core_lock

        if self._imports is None:
            out: dict[str, str] = {}
            for key, entry in load_core_lock().get("packages", {}).items():
                for module in entry.get("imports", []) if isinstance(entry, Mapping) else []:
                    out.setdefault(str(module), str(entry.get("name", key)))
            self._imports = out
        return self._imports

    # -- what the page fetches -------------------------------------------------------------

    def _entry(self, wheel: Any) -> dict[str, Any]:
        entry: dict[str, Any] = wheel.entry(f"{_PREFIX}/{wheel.sha256}/{wheel.path.name}")
        return entry

    def lock_json(self) -> bytes:
        """The page's pyodide-lock.json: the engine's and the resolved dependencies' wheels."""
        from .._export.lock import make_lock

        self._ready.wait(_LAUNCH_WAIT)
        static = self._static()
        with self._lock:
            entries = [*static["packages"].values(), *(self._entry(w) for w in self._wheels.values())]
        lock = make_lock(static["info"], entries)
        known = set(lock["packages"])
        for entry in lock["packages"].values():
            entry["depends"] = sorted(set(entry["depends"]) & known)
        return json.dumps(lock).encode("utf-8")

    def file_for(self, url_path: str) -> Path | None:
        """The cached wheel behind `/packages/<sha256>/<file>`, only if this service resolved it."""
        parts = url_path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != _PREFIX:
            return None
        with self._lock:
            for wheel in self._wheels.values():
                if wheel.sha256 == parts[1] and wheel.path.name == parts[2]:
                    return Path(wheel.path)
        return None
