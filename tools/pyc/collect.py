"""Which standard-library modules a Cove boot imports, measured inside Pyodide under Node
(`tools/stdlib_trim.py modules` runs it with the site's wheels installed from its lock).

Does what the worker does (web/src/worker.ts: find the notebook's imports, start a Session, run
it, resume it from a prerender, apply UI values), then imports the modules notebooks use most
(EXTRAS, passed as arguments after `--`). Prints one JSON line: {"boot": [...], "extras": [...],
"frozen": [...], "site": [...]}: the modules in sys.modules after the notebooks, those the extras
added, the frozen ones (built into the interpreter), and those the notebooks imported from the
installed wheels (the engine and its dependencies)."""
from __future__ import annotations

import json
import sys


def exercise(path: str) -> None:
    from pyodide.code import find_imports

    import cove._deferred  # noqa: F401 - the worker registers the engine's dependencies with it (boot/deferred.ts)
    from cove._runtime.session import Session

    with open("/host" + path) as f:
        text = f.read()
    find_imports(text)
    events: list[str] = []
    session = Session.from_text(text, path.rsplit("/", 1)[-1], events.append)
    session.handle_json('{"type": "run_all"}')
    # The same notebook booted the way an exported page boots it (py/cove/_runtime/resume.py).
    try:
        from cove._runtime.resume import resume_info
    except ImportError:  # an engine without it
        pass
    else:
        cells = [{"id": c.id, "code": c.code} for c in session.kernel.cells]
        again = Session.from_text(text, path.rsplit("/", 1)[-1], events.append)
        again.handle({"type": "resume", "cells": cells, **resume_info(session.kernel)})
        assert not [e for e in events if '"command_error"' in e], events
    for element_id in list(session.kernel._runner.elements):
        element = session.kernel._runner.elements[element_id]
        value = element._html_value()
        session.handle({"type": "set_ui_values", "updates": [{"element_id": element_id, "value": value}]})
    session.handle_json('{"type": "serialize"}')


def main() -> None:
    args = sys.argv[1:]
    split = args.index("--") if "--" in args else len(args)
    for path in args[:split]:
        exercise(path)
    boot = sorted(sys.modules)
    site = sorted(n for n, m in list(sys.modules.items()) if "/site-packages/" in (getattr(m, "__file__", None) or ""))
    for name in args[split + 1:]:
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - a module this Pyodide lacks (unvendored): skip it
            pass
    # Frozen modules (importlib's bootstrap, os, codecs, ...) are never read from the zip.
    frozen = sorted(n for n, m in list(sys.modules.items()) if getattr(getattr(m, "__spec__", None), "origin", None) == "frozen")
    print(json.dumps({"boot": boot, "extras": sorted(set(sys.modules) - set(boot)), "frozen": frozen, "site": site}))


if __name__ == "__main__":
    main()
