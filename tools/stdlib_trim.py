"""Cove's boot standard library: Pyodide's python_stdlib.zip trimmed to the modules a Cove boot
imports and precompiled to .pyc by Pyodide's own Python, with the rest fetched on first import.

Stock Pyodide compiles every module it imports from source: in a Cove boot that is ~160 modules
and more than half of the time to interactive. `build.py pyodide` calls `build_boot_stdlib`,
which writes `pyodide/stdlib-boot.zip` (the worker passes it to loadPyodide as `stdLibURL`):
- the modules a Cove boot imports (tools/pyc/stdlib-boot.txt, measured by
  `python tools/stdlib_trim.py modules`), as unchecked-hash .pyc files without their source,
  compiled inside Pyodide under Node (tools/pyc/compile.py), so the magic number and marshal
  format are Pyodide's;
- optionally (`--extras source|pyc`; off by default, see bench/README.md's levers) the modules
  notebooks use most (EXTRAS and what they import, tools/pyc/stdlib-extra.txt);
- `sitecustomize.pyc` (tools/pyc/stdlib_finder.py): a finder, last on sys.meta_path, that fetches
  `pyodide/stdlib-rest.zip` the first time a module the trimmed zip lacks is imported, so a reader
  never gets a ModuleNotFoundError stock Pyodide would not give.
`build_rest_stdlib` writes that rest: every member of python_stdlib.zip the boot zip lacks, as
source (a site ships it instead of the whole 2.5 MB python_stdlib.zip, which would repeat the boot
zip's modules).
`precompile_wheels` does the same for the engine's wheels: the modules a boot imports from them
(tools/pyc/wheel-modules.txt) get a __pycache__ .pyc next to their source inside the wheel.

Source lines in tracebacks: cells are compiled from their source at run time (the kernel keeps it
in linecache); frames in a precompiled standard-library module show file and line, no text.

    python tools/stdlib_trim.py modules   # measure the boot's modules -> tools/pyc/stdlib-*.txt
    python tools/stdlib_trim.py build OUT.zip [--extras pyc|source|none] [--boot pyc|source]
                                      [--optimize N] [--no-docstrings]   # variants, by hand
    python tools/stdlib_trim.py rest BOOT.zip OUT.zip   # what BOOT.zip lacks
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYC = ROOT / "tools" / "pyc"
BOOT_LIST = PYC / "stdlib-boot.txt"
EXTRA_LIST = PYC / "stdlib-extra.txt"
WHEEL_LIST = PYC / "wheel-modules.txt"
# Resolved: node_modules may be a symlink, which Pyodide under Node (seeing the host at /host) cannot follow.
FULL_ZIP = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").resolve()
BOOT_ZIP_NAME = "stdlib-boot.zip"
REST_ZIP_NAME = "stdlib-rest.zip"
# Standard-library modules notebooks import most (and what numpy and pandas import at start-up,
# measured in CPython): with `--extras source|pyc`, kept in the trimmed zip with everything they
# import, so that such a notebook does not fetch the rest zip. Off by default (Variant.extras).
EXTRAS = (
    "abc", "argparse", "array", "ast", "asyncio", "base64", "bisect", "calendar", "cmath",
    "collections", "colorsys", "contextlib", "copy", "csv", "ctypes", "dataclasses", "datetime",
    "decimal", "difflib", "enum", "fnmatch", "fractions", "functools", "gzip", "hashlib", "heapq",
    "hmac", "html", "html.parser", "importlib.resources", "inspect", "io", "itertools", "json",
    "locale", "logging", "math", "numbers", "operator", "pathlib", "pickle", "platform", "pprint",
    "queue", "random", "re", "secrets", "shlex", "statistics", "string", "struct", "sysconfig",
    "textwrap", "time", "timeit", "tomllib", "typing", "unicodedata", "urllib.parse", "uuid",
    "warnings", "weakref", "zoneinfo", "pyodide.http", "pyodide.ffi.wrappers", "pyodide.console",
    "_strptime", "encodings.ascii", "encodings.latin_1", "encodings.utf_16", "encodings.utf_32",
    "encodings.idna", "encodings.cp1252", "encodings.unicode_escape", "encodings.raw_unicode_escape",
)
# Notebooks the boot is measured on (`modules`): the benchmark's and the README's examples.
NOTEBOOKS = (ROOT / "bench" / "examples" / "slider.py", ROOT / "examples" / "intro.py")


class TrimError(Exception):
    """A problem with the inputs (no Node, no Pyodide, no build): one line for the user."""


def node_python(script: Path, args: list[str], lock: Path | None = None) -> str:
    """Run `script` in Pyodide under Node (tools/pyc/pyodide.mjs); its stdout."""
    node = shutil.which("node")
    if node is None:
        raise TrimError("node is not on PATH: the .pyc files are compiled by Pyodide under Node")
    if not FULL_ZIP.exists():
        raise TrimError("node_modules/pyodide/python_stdlib.zip missing: run `npm ci`")
    cmd = [node, str(PYC / "pyodide.mjs"), *(["--lock", str(lock)] if lock else []), str(script), *args]
    with tempfile.TemporaryDirectory() as cwd:  # Pyodide under Node may cache packages in cwd
        proc = subprocess.run(cmd, cwd=cwd, text=True, capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-4000:])
        raise TrimError(f"{script.name} failed in Pyodide under Node (exit {proc.returncode})")
    return proc.stdout


def runtime_paths(python: str) -> tuple[str, str]:
    """(the stdlib zip, site-packages) where Pyodide puts them for Python `python` ("3.14.2")."""
    major, minor = python.split(".")[:2]
    return f"/lib/python{major}{minor}.zip", f"/lib/python{major}.{minor}/site-packages"


# -- which modules -------------------------------------------------------------------------------

def module_member(name: str, members: set[str]) -> str | None:
    """The zip member holding module `name` (a package's __init__.py), or None (built in, frozen
    only, or not in the standard library)."""
    base = name.replace(".", "/")
    for candidate in (f"{base}/__init__.py", f"{base}.py"):
        if candidate in members:
            return candidate
    return None


def collect_modules(lock: Path, notebooks: tuple[Path, ...] = NOTEBOOKS) -> tuple[list[str], list[str], list[str]]:
    """The standard-library files (zip members) a Cove boot imports, with every module of
    Pyodide's own packages (`pyodide`, `_pyodide`: small, imported lazily by its API); the files
    EXTRAS import on top of those; and the modules the boot imports from the engine's wheels."""
    out = node_python(PYC / "collect.py", [str(p) for p in notebooks] + ["--", *EXTRAS], lock=lock)
    found = json.loads(out.strip().splitlines()[-1])
    with zipfile.ZipFile(FULL_ZIP) as z:
        members = set(z.namelist())
    frozen = set(found["frozen"])
    boot = {m for name in found["boot"] if name not in frozen and (m := module_member(name, members))}
    boot |= {m for m in members if m.endswith(".py") and m.startswith(("pyodide/", "_pyodide/"))}
    extras = {m for name in found["extras"] if name not in frozen and (m := module_member(name, members))} - boot
    return sorted(boot), sorted(extras), sorted(found["site"])


def write_module_lists(lock: Path) -> tuple[list[str], list[str]]:
    boot, extras, site = collect_modules(lock)
    WHEEL_LIST.write_text("# Modules of the engine's wheels a Cove boot imports (tools/stdlib_trim.py): precompiled.\n# "
                          "Regenerate: python build.py wheels && python tools/stdlib_trim.py modules\n" + "\n".join(site) + "\n")
    how = "Regenerate: python build.py wheels && python tools/stdlib_trim.py modules\n"
    BOOT_LIST.write_text("# Standard-library files a Cove boot imports (tools/stdlib_trim.py): precompiled.\n# "
                         + how + "\n".join(boot) + "\n")
    EXTRA_LIST.write_text("# Standard-library files the EXTRAS of tools/stdlib_trim.py import on top of a boot.\n# "
                          + how + "\n".join(extras) + "\n")
    return boot, extras


def read_list(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines() if line and not line.startswith("#")]


def all_module_names(members: list[str]) -> list[str]:
    """Every importable name in a standard-library zip: `a/b.py` -> a.b, `a/__init__.py` -> a."""
    names = set()
    for m in members:
        if not m.endswith(".py"):
            continue
        parts = m[:-3].split("/")
        if parts[-1] == "__init__":
            parts.pop()
        if parts and all(p.isidentifier() for p in parts):
            names.add(".".join(parts))
    return sorted(names)


# -- building ------------------------------------------------------------------------------------

def finder_source(full_names: list[str]) -> str:
    text = (PYC / "stdlib_finder.py").read_text()
    if '"__NAMES__"' not in text:
        raise TrimError("tools/pyc/stdlib_finder.py lost its __NAMES__ placeholder")
    return text.replace('"__NAMES__"', repr(" ".join(full_names)))


@dataclass(frozen=True)
class Variant:
    """How the boot zip is made (the benchmark compares these; build.py uses DEFAULT)."""

    # The EXTRAS' files: "pyc", "source" (compiled on import) or "none" (left to the rest zip:
    # 253 KB less on every first visit; a notebook importing one fetches the rest zip, 1.7 MB).
    extras: str = "none"
    optimize: int = 0  # compile()'s optimize (2 also drops asserts): 0 keeps stock semantics
    docstrings: bool = True  # False: docstrings become None, as with -OO (asserts stay)
    boot: str = "pyc"  # the boot's own files: "pyc", or "source" (trimming alone)


DEFAULT = Variant()


def build_boot_stdlib(out: Path, python: str, variant: Variant = DEFAULT, cache: Path | None = None) -> dict:
    """Write the trimmed stdlib zip to `out`; returns a summary. With `cache` (a folder), an
    identical earlier build is copied instead of compiled again."""
    zip_root, _ = runtime_paths(python)
    with zipfile.ZipFile(FULL_ZIP) as z:
        members = z.namelist()
    boot, extras = read_list(BOOT_LIST), read_list(EXTRA_LIST)
    missing = sorted(set(boot + extras) - set(members))
    if missing:
        raise TrimError(f"{BOOT_LIST.parent.relative_to(ROOT)}/stdlib-*.txt name files not in "
                        f"{FULL_ZIP.name}: {', '.join(missing[:5])}: regenerate them (python tools/stdlib_trim.py modules)")
    compiled = (boot if variant.boot == "pyc" else []) + (extras if variant.extras == "pyc" else [])
    kept = (boot if variant.boot == "source" else []) + (extras if variant.extras == "source" else [])
    finder = finder_source(all_module_names(members))
    key = hashlib.sha256(json.dumps([
        hashlib.sha256(FULL_ZIP.read_bytes()).hexdigest(), compiled, kept, finder, zip_root,
        variant.optimize, variant.docstrings, (PYC / "compile.py").read_text(),
    ]).encode()).hexdigest()[:16]
    cached = cache / f"stdlib-boot-{key}.zip" if cache else None
    summary = {"modules": len(compiled) + len(kept), "compiled": len(compiled)}
    if cached and cached.exists():
        shutil.copy2(cached, out)
        return {**summary, "bytes": out.stat().st_size, "cached": True}
    job = {"optimize": variant.optimize, "docstrings": variant.docstrings, "archives": [{
        "in": str(FULL_ZIP), "out": str(out.resolve()), "root": zip_root, "layout": "sourceless",
        "select": compiled + kept, "compile": compiled, "extra": {"sitecustomize.py": finder},
    }]}
    _compile(job)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(out, cached)
    return {**summary, "bytes": out.stat().st_size, "cached": False}


def build_rest_stdlib(boot_zip: Path, out: Path) -> dict:
    """Write to `out` every file of python_stdlib.zip that `boot_zip` lacks (a member `a/b.py`
    counts as present when the boot zip has `a/b.py` or `a/b.pyc`), as the full zip has it. The
    finder mounts it after the boot zip, so the two together hold the whole standard library."""
    with zipfile.ZipFile(boot_zip) as z:
        present = {name[:-1] if name.endswith(".pyc") else name for name in z.namelist()}
    kept = 0
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(FULL_ZIP) as zin, zipfile.ZipFile(partial, "w") as zout:
        for info in zin.infolist():
            if info.is_dir() or info.filename in present:
                continue
            entry = zipfile.ZipInfo(info.filename, (1980, 1, 1, 0, 0, 0))  # reproducible
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zout.writestr(entry, zin.read(info), compresslevel=9)
            kept += 1
    partial.replace(out)
    return {"modules": kept, "bytes": out.stat().st_size}


def precompile_wheels(wheels: list[Path], python: str, cache: Path | None = None) -> int:
    """Add to these wheels (in place) `__pycache__/<module>.cpython-3XY.pyc` for each module a
    Cove boot imports (tools/pyc/wheel-modules.txt). Pyodide unpacks them into site-packages, and
    its Python loads the .pyc instead of compiling the source; the source stays (tracebacks show
    it, and the wheel still works in any other Python, which ignores another version's .pyc).
    Returns the number of modules compiled."""
    if not wheels:
        return 0
    _, site = runtime_paths(python)
    modules = read_list(WHEEL_LIST)
    archives, total = [], 0
    for w in wheels:
        with zipfile.ZipFile(w) as z:
            members = set(z.namelist())
        chosen = sorted({m for name in modules if (m := module_member(name, members))})
        total += len(chosen)
        key = hashlib.sha256(json.dumps([hashlib.sha256(w.read_bytes()).hexdigest(), chosen, site, "cache",
                                         (PYC / "compile.py").read_text()]).encode()).hexdigest()[:16]
        cached = cache / f"{w.stem}-{key}.whl" if cache else None
        if cached and cached.exists():
            shutil.copy2(cached, w)
        elif chosen:
            archives.append((w, cached, {"in": str(w.resolve()), "root": site, "layout": "cache",
                                         "select": None, "compile": chosen}))
    if archives:
        with tempfile.TemporaryDirectory() as tmp:
            for w, _, a in archives:
                a["out"] = str(Path(tmp) / w.name)
            _compile({"optimize": 0, "archives": [a for _, _, a in archives]})
            for w, cached, _ in archives:
                shutil.move(str(Path(tmp) / w.name), w)
                if cached:
                    cached.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(w, cached)
    return total


def _compile(job: dict) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(job, f)
    try:
        out = node_python(PYC / "compile.py", [f.name])
    finally:
        Path(f.name).unlink()
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    mods = sub.add_parser("modules", help="measure the boot's modules into tools/pyc/stdlib-*.txt")
    mods.add_argument("--lock", type=Path, default=ROOT / "py" / "cove" / "_static" / "pyodide-lock.json")
    build = sub.add_parser("build", help="write the trimmed stdlib zip")
    build.add_argument("out", type=Path)
    build.add_argument("--extras", choices=("pyc", "source", "none"), default=DEFAULT.extras)
    build.add_argument("--boot", choices=("pyc", "source"), default=DEFAULT.boot)
    build.add_argument("--optimize", type=int, default=DEFAULT.optimize)
    build.add_argument("--no-docstrings", action="store_true")
    rest = sub.add_parser("rest", help="write the rest zip: what a boot zip lacks")
    rest.add_argument("boot", type=Path)
    rest.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    python = json.loads(FULL_ZIP.with_name("pyodide-lock.json").read_text())["info"]["python"]
    try:
        if args.command == "modules":
            boot, extras = write_module_lists(args.lock)
            print(f"{len(boot)} boot files, {len(extras)} extra files -> {BOOT_LIST.parent.relative_to(ROOT)}/")
        elif args.command == "rest":
            summary = build_rest_stdlib(args.boot, args.out)
            print(f"{summary['modules']} files, {summary['bytes']:,} bytes -> {args.out}")
        else:
            variant = Variant(args.extras, args.optimize, not args.no_docstrings, args.boot)
            summary = build_boot_stdlib(args.out, python, variant)
            print(f"{summary['modules']} modules ({summary['compiled']} compiled), {summary['bytes']:,} bytes -> {args.out}")
    except TrimError as exc:
        print(f"stdlib_trim: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
