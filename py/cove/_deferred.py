"""The engine's dependencies, installed on their first import (the page's side: web/src/boot/deferred.ts).

A page boots Pyodide with the engine's wheel alone: Markdown's wheels (markdown-it-py,
mdit-py-plugins, mdurl) are needed only when a cell renders Markdown, which a prerendered page
does not do before it is interactive. The worker registers them here; a finder placed right after
the path finder (so that anything installed is found first, and before Pyodide's hook that
reports packages it has not loaded) installs a package's wheel, with the wheels it depends on,
into site-packages the first time one of its modules is imported, then lets the path finder find
it. The fetch is synchronous (a JS function the worker passes in), as an import has to be.
"""
from __future__ import annotations

import io
import json
import sys
import zipfile
from collections.abc import Callable, Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from typing import Any


class Wheel:
    """A lock package the page has not installed yet. (Not a dataclass: this module is imported
    on every boot, and a dataclass compiles its methods at import, ~4 ms each in Pyodide.)"""

    __slots__ = ("name", "imports", "depends", "url")

    def __init__(self, name: str, imports: Sequence[str], depends: Sequence[str], url: str) -> None:
        self.name, self.imports, self.depends, self.url = name, tuple(imports), tuple(depends), url


class DeferredWheels(MetaPathFinder):
    """Installs a registered package on the first import of one of its top-level modules."""

    def __init__(self, wheels: Sequence[Wheel], fetch: Callable[[str], bytes], target: str) -> None:
        self.wheels = {w.name: w for w in wheels}
        self.owner = {module: w.name for w in wheels for module in w.imports}
        self.fetch = fetch
        self.target = target  # site-packages

    def find_spec(self, fullname: str, path: Sequence[str] | None = None, target: Any = None) -> ModuleSpec | None:
        name = self.owner.get(fullname) if path is None else None  # submodules follow their package
        if name is None:
            return None
        self.install(name)
        import importlib

        importlib.invalidate_caches()
        return PathFinder.find_spec(fullname)

    def install(self, name: str, seen: frozenset[str] = frozenset()) -> None:
        wheel = self.wheels.get(name)
        if wheel is None or name in seen:
            return
        for dep in wheel.depends:
            self.install(dep, seen | {name})
        try:
            data = self.fetch(wheel.url)
        except Exception as exc:  # noqa: BLE001 - any failure is reported on the import
            # Still registered: a later import (the network back) tries again.
            raise ImportError(f"could not install {wheel.name} from {wheel.url}: {exc}", name=wheel.imports[0]) from None
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            z.extractall(self.target)
        del self.wheels[name]
        for module in wheel.imports:
            self.owner.pop(module, None)


def register(spec: str, fetch: Any) -> None:
    """Called by the worker: `spec` is the JSON list of deferred packages ({name, imports,
    depends, url}); `fetch` a JS function url -> Uint8Array. Replaces an earlier registration
    (a docs page registers once per notebook)."""
    wheels = [Wheel(p["name"], p["imports"], p["depends"], p["url"]) for p in json.loads(spec)]
    target = next(p for p in sys.path if p.endswith("site-packages"))
    finder = DeferredWheels(wheels, lambda url: fetch(url).to_bytes(), target)
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, DeferredWheels)]
    at = sys.meta_path.index(PathFinder) + 1 if PathFinder in sys.meta_path else len(sys.meta_path)
    sys.meta_path.insert(at, finder)
