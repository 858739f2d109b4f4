"""The boot standard library (tools/stdlib_trim.py) in real Pyodide under Node: Python starts from
it with precompiled modules, and every standard-library module it lacks still imports (the rest
zip, stdlib-rest.zip, is fetched on the first miss), as in stock Pyodide; names outside the
standard library fail at once without fetching anything."""
from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "py" / "cove" / "_static"
BOOT = STATIC / "pyodide" / "stdlib-boot.zip"
REST = STATIC / "pyodide" / "stdlib-rest.zip"
FULL = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


def run_python(tmp_path: Path, code: str, *, rest: Path | str = REST, lock: bool = False) -> dict:
    if shutil.which("node") is None or not FULL.exists():
        pytest.skip("node or node_modules/pyodide missing (npm ci)")
    if not BOOT.exists() or not REST.exists():
        pytest.skip("py/cove/_static/pyodide/stdlib-{boot,rest}.zip missing: run `python build.py`")
    script = tmp_path / "snippet.py"
    script.write_text(code)
    cmd = ["node", str(ROOT / "tools" / "pyc" / "pyodide.mjs"), "--stdlib", str(BOOT), "--env", f"COVE_STDLIB_REST={rest}"]
    if lock:
        cmd += ["--lock", str(STATIC / "pyodide-lock.json")]
    proc = subprocess.run([*cmd, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


STATE = """
import json, os, sys
def origin(name):
    return getattr(sys.modules.get(name), "__file__", None)
"""


def test_the_boot_modules_are_precompiled_and_nothing_else_was_fetched(tmp_path: Path) -> None:
    out = run_python(tmp_path, STATE + """
import asyncio, json as _j
print(json.dumps({"asyncio": origin("asyncio"), "path": sys.path,
                  "rest": [m for m, mod in list(sys.modules.items()) if "-rest.zip" in (getattr(mod, "__file__", "") or "")]}))
""")
    assert out["asyncio"] == "/lib/python314.zip/asyncio/__init__.pyc"
    assert out["rest"] == []
    assert "/lib/python314-rest.zip" not in out["path"]


def test_the_two_zips_hold_the_whole_standard_library_once() -> None:
    if not BOOT.exists() or not REST.exists() or not FULL.exists():
        pytest.skip("run `npm ci` and `python build.py`")
    with zipfile.ZipFile(BOOT) as b, zipfile.ZipFile(REST) as r, zipfile.ZipFile(FULL) as f:
        boot = {n[:-1] if n.endswith(".pyc") else n for n in b.namelist()} - {"sitecustomize.py"}
        rest, full = set(r.namelist()), {n for n in f.namelist() if not n.endswith("/")}
    assert not boot & rest
    assert boot | rest == full


def test_a_module_the_trimmed_zip_lacks_imports_from_the_rest(tmp_path: Path) -> None:
    with zipfile.ZipFile(BOOT) as z:
        names = set(z.namelist())
    assert "xml/dom/minidom.pyc" not in names and "xml/dom/minidom.py" not in names
    out = run_python(tmp_path, STATE + """
import xml.dom.minidom
doc = xml.dom.minidom.parseString("<a><b>hi</b></a>")
import email.mime.text                       # email (a boot module) gets its missing submodules
msg = email.mime.text.MIMEText("body")
import wave, json.tool                       # a top-level module, a submodule of a boot package
import statistics                            # once in the boot zip (EXTRAS), now in the rest
print(json.dumps({"mean": statistics.mean([1, 2, 3]), "statistics": origin("statistics"), "text": doc.documentElement.firstChild.firstChild.data, "minidom": origin("xml.dom.minidom"),
                  "email": origin("email"), "mime": origin("email.mime.text"), "ctype": msg["Content-Type"],
                  "wave": origin("wave"), "tool": origin("json.tool")}))
""")
    assert out["text"] == "hi"
    assert out["mean"] == 2 and out["statistics"] == "/lib/python314-rest.zip/statistics.py"
    assert out["minidom"] == "/lib/python314-rest.zip/xml/dom/minidom.py"
    assert out["email"] == "/lib/python314.zip/email/__init__.pyc"
    assert out["mime"] == "/lib/python314-rest.zip/email/mime/text.py"
    assert out["ctype"].startswith("text/plain")
    assert out["wave"] == "/lib/python314-rest.zip/wave.py"
    assert out["tool"] == "/lib/python314-rest.zip/json/tool.py"


def test_names_outside_the_standard_library_fail_without_fetching(tmp_path: Path) -> None:
    out = run_python(tmp_path, STATE + """
errors = []
for name in ("numpy", "not_a_module_at_all", "json.not_there"):
    try:
        __import__(name)
    except ModuleNotFoundError as e:
        errors.append(e.name)
print(json.dumps({"errors": errors, "mounted": "/lib/python314-rest.zip" in sys.path}))
""", rest="/nonexistent/stdlib-rest.zip")
    assert out == {"errors": ["numpy", "not_a_module_at_all", "json.not_there"], "mounted": False}


def test_a_failed_fetch_says_what_failed(tmp_path: Path) -> None:
    out = run_python(tmp_path, STATE + """
try:
    import wave
except ImportError as e:
    print(json.dumps({"type": type(e).__name__, "message": str(e)}))
""", rest="/nonexistent/stdlib-rest.zip")
    assert out["type"] == "ImportError"
    assert "'wave' is part of Python's standard library" in out["message"]
    assert "/nonexistent/stdlib-rest.zip" in out["message"]


def test_a_notebook_runs_on_it_with_the_precompiled_engine(tmp_path: Path) -> None:
    out = run_python(tmp_path, STATE + """
from cove._runtime.session import Session
events = []
s = Session.from_text(open("/host" + %r).read(), "slider.py", events.append)
s.handle({"type": "run_all"})
fetched_for_boot = "/lib/python314-rest.zip" in sys.path
s.handle({"type": "run_cells", "cells": [{"id": "c3", "code": "import textwrap, wave\\n1 / 0"}]})
errors = [json.loads(e) for e in events if '"cell_error"' in e]
print(json.dumps({"fetched_for_boot": fetched_for_boot, "kernel": origin("cove._runtime.kernel"), "cached": os.path.exists(sys.modules["cove._runtime.kernel"].__cached__), "traceback": errors[-1]["error"]["traceback"]}))
""" % str(ROOT / "bench" / "examples" / "slider.py"), lock=True)
    # A whole boot (Pyodide's, the engine's, a run of the notebook) needs nothing from the rest
    # zip: tools/pyc/stdlib-boot.txt is current (else: python tools/stdlib_trim.py modules).
    assert out["fetched_for_boot"] is False
    assert out["kernel"].endswith("/site-packages/cove/_runtime/kernel.py")
    assert out["cached"] is True  # its .pyc came in the wheel (Pyodide writes none)
    # The cell's own source is in its traceback (cells are compiled from source at run time).
    assert "1 / 0" in out["traceback"] and "ZeroDivisionError" in out["traceback"]
