"""bench/browser.py --profile: added to a copy of python_stdlib.zip, so Python imports it while it
starts (site.py), before Pyodide's own bootstrap. It records, on time.perf_counter:

- every first-time import (what `-X importtime` measures, but including the ~150 modules Pyodide's
  bootstrap imports, whose importtime lines never reach the page): `imports`, as
  (name, depth, start, end, succeeded), appended when each import finishes;
- each wheel Pyodide unpacks (`pyodide._package_loader.unpack_buffer`): `installs`;
- `importlib.invalidate_caches()` (Pyodide calls it after installing packages): `calls`.

CPython calls `_frozen_importlib._find_and_load` by name for every module not yet in
sys.modules, so replacing that attribute sees all of them.
"""
import sys
import time

_clock = time.perf_counter
_bootstrap = sys.modules["_frozen_importlib"]
_find_and_load = _bootstrap._find_and_load

imports = []
installs = []
calls = []
_depth = 0


def _timed(label, orig, into):
    def timed(*args, **kwargs):
        start = _clock()
        try:
            return orig(*args, **kwargs)
        finally:
            name = label(args, kwargs) if callable(label) else label
            into.append((name, start, _clock()))

    return timed


def _patch_package_loader(module):
    def filename(args, kwargs):
        return str(kwargs.get("filename") or (args[1] if len(args) > 1 else "?"))

    module.unpack_buffer = _timed(filename, module.unpack_buffer, installs)


def _patch_importlib(module):
    module.invalidate_caches = _timed("importlib.invalidate_caches", module.invalidate_caches, calls)


_AFTER = {"pyodide._package_loader": _patch_package_loader, "importlib": _patch_importlib}
for _name in list(_AFTER):
    if _name in sys.modules:
        _AFTER.pop(_name)(sys.modules[_name])


def _timed_find_and_load(name, import_):
    global _depth
    start = _clock()
    _depth += 1
    ok = False
    try:
        module = _find_and_load(name, import_)
        ok = True
    finally:
        _depth -= 1
        imports.append((name, _depth, start, _clock(), ok))
    hook = _AFTER.pop(name, None)
    if hook is not None:
        hook(module)
    return module


_bootstrap._find_and_load = _timed_find_and_load
