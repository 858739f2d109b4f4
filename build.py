"""Build Cove's browser side into py/cove/_static/: the engine wheel and its dependency wheels for
Pyodide with their pyodide-lock.json, the vendored Pyodide core, and the bundled page and worker.

Run from a fresh clone after `npm ci`:  python build.py [wheels] [pyodide] [web] [options]
(no step named = all). Python 3.11+, stdlib only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "py"))
from cove._export import lock as pyodide_lock  # noqa: E402  (one lock writer: the exporter's)
from tools.wheel import Project, build_wheel  # noqa: E402
from tools import stdlib_trim  # noqa: E402

ROOT = Path(__file__).resolve().parent
PACKAGE = ROOT / "py" / "cove"
STATIC = PACKAGE / "_static"
NODE_MODULES = ROOT / "node_modules"
WEB_ENTRIES = ("main", "worker", "cove-embed", "cove-docs", "single/single-file")  # web/src/<name>.ts, each bundled when it exists
WEB_ASSETS = ("katex.css",)  # web/src/<name>: stylesheets (and fonts) that lazy chunks link
SPLIT_ENTRIES = ("main", "cove-docs")  # entries whose dynamic imports become lazy chunks (KaTeX, plotly.js, Vega)
# Not part of a site's page: the exporter writes cove-embed.js at the site's root and inlines
# single-file.js into `--single-file` pages, and leaves both out of web/.
# Files of the npm pyodide package that a page needs; the lock is renamed so that nobody takes the
# distribution's lock (wheels we do not ship) for ours (py/cove/_static/pyodide-lock.json).
PYODIDE_FILES = {
    "pyodide.mjs": "pyodide.mjs",
    "pyodide.asm.mjs": "pyodide.asm.mjs",
    "pyodide.asm.wasm": "pyodide.asm.wasm",
    "python_stdlib.zip": "python_stdlib.zip",
    "pyodide-lock.json": "pyodide-lock.dist.json",
}
STEPS = ("wheels", "pyodide", "web")
# py/cove/_static/pyodide/<this>: the files of that folder a site ships (read by the exporter).
SITE_FILES = "site-files.json"
# In every site's lock but loaded only when used: micropip installs what a site does not bundle
# (cove/_runtime/install.py) and serves `await micropip.install(...)` in cells.
ON_DEMAND = ("micropip",)


class BuildError(Exception):
    """A problem the user can fix; printed as one line, no traceback."""


def log(message: str) -> None:
    print(f"build: {message}", flush=True)


def _kb(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KB"


def _run(cmd: list[str], what: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=ROOT, text=True, capture_output=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
        shown = " ".join([Path(cmd[0]).name, *cmd[1:3]])
        raise BuildError(f"{what} failed (exit {proc.returncode}): {shown} ...")
    return proc


def _replace_dir(tmp: Path, target: Path) -> None:
    """Swap a fully built folder in, so an interrupted build never leaves a half-written one."""
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)


def _fresh_tmp(name: str) -> Path:
    tmp = STATIC / f".{name}.tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    return tmp


# -- inputs ----------------------------------------------------------------------------------------

def read_project() -> Project:
    project = Project.from_pyproject(tomllib.loads((ROOT / "pyproject.toml").read_text()))
    # __version__ is written by hand in cove/__init__.py; a mismatch would ship a wheel whose
    # file name and cove.__version__ disagree.
    init = (PACKAGE / "__init__.py").read_text()
    found = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', init, re.M)
    if found and found.group(1) != project.version:
        raise BuildError(
            f"py/cove/__init__.py has __version__ {found.group(1)!r} but pyproject.toml says "
            f"{project.version!r}: make them equal")
    return project


def pyodide_dir() -> Path:
    """node_modules/pyodide, checked against the one pin in package.json."""
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    installed = NODE_MODULES / "pyodide" / "package.json"
    if not installed.exists():
        raise BuildError("node_modules/pyodide missing: run `npm ci` first")
    version = json.loads(installed.read_text())["version"]
    if version != pinned:
        raise BuildError(f"node_modules/pyodide is {version} but package.json pins {pinned}: run `npm ci`")
    return installed.parent


def pyodide_info() -> dict[str, str]:
    """The `info` block of the distribution's lock: Python version, ABI and platform of Pyodide."""
    return json.loads((pyodide_dir() / "pyodide-lock.json").read_text())["info"]


# -- step: wheels ----------------------------------------------------------------------------------

def cache_root() -> Path:
    if env := os.environ.get("COVE_WHEEL_CACHE"):
        return Path(env)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "cove" / "wheels"


def dependency_wheels(requirements: list[str], info: dict[str, str], offline: bool) -> list[Path]:
    """Wheels for `requirements` and their dependencies, for this Pyodide. Downloaded once with pip
    into a cache folder keyed by the requirements and target, so later builds are offline."""
    if not requirements:
        return []
    target = pyodide_lock.pip_target_args(info)
    key = hashlib.sha256(json.dumps([sorted(requirements), target]).encode()).hexdigest()[:16]
    folder = cache_root() / key
    if not (folder / ".complete").exists():
        if offline:
            raise BuildError(f"dependency wheels not cached in {folder}: run once without --offline")
        partial = folder.with_name(key + ".part")
        shutil.rmtree(partial, ignore_errors=True)
        cmd = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "--no-input",
               "-q", *target, "-d", str(partial), *requirements]
        _run(cmd, "pip download of the engine's dependencies")
        (partial / ".complete").write_text("\n".join(requirements) + "\n")
        shutil.rmtree(folder, ignore_errors=True)
        partial.rename(folder)
    wheels = sorted(folder.glob("*.whl"))
    if not wheels:
        raise BuildError(f"no wheels in {folder}: delete it and build again")
    return wheels


def step_wheels(args: argparse.Namespace) -> str:
    project = read_project()
    info = pyodide_info()
    tmp = _fresh_tmp("wheels")
    engine = build_wheel(project, [PACKAGE], tmp)
    deps = dependency_wheels([*project.dependencies, *ON_DEMAND], info, args.offline)
    for wheel in deps:
        shutil.copy2(wheel, tmp / wheel.name)
    # The modules a boot imports from these wheels, precompiled (tools/stdlib_trim.py).
    compiled = stdlib_trim.precompile_wheels(sorted(tmp.glob("*.whl")), info["python"],
                                             cache=cache_root().parent / "pyc-wheels")
    _replace_dir(tmp, STATIC / "wheels")

    wheels = sorted((STATIC / "wheels").glob("*.whl"))
    entries = [pyodide_lock.lock_entry(w, f"wheels/{w.name}", info) for w in wheels]
    lock = pyodide_lock.make_lock(info, entries)
    if missing := pyodide_lock.missing_dependencies(lock):
        raise BuildError(f"pyodide-lock.json is not closed, missing dependencies: {missing}")
    (STATIC / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    (STATIC / "build-info.json").write_text(json.dumps({
        "cove": project.version,
        "engine_wheel": f"wheels/{engine.name}",
        "pyodide": json.loads((pyodide_dir() / "package.json").read_text())["version"],
        "python": info["python"],
    }, indent=1) + "\n")
    return (f"{engine.name} ({_kb(STATIC / 'wheels' / engine.name)}) + {len(deps)} dependency wheels, "
            f"{compiled} modules precompiled")


# -- step: pyodide ---------------------------------------------------------------------------------

def step_pyodide(args: argparse.Namespace) -> str:
    source = pyodide_dir()
    target = STATIC / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for src_name, dst_name in PYODIDE_FILES.items():
        src, dst = source / src_name, target / dst_name
        if not src.exists():
            raise BuildError(f"node_modules/pyodide/{src_name} missing: run `npm ci`")
        # copy2 keeps mtimes, so (size, mtime) tells whether the 13 MB of core are already there.
        s = src.stat()
        if dst.exists() and (dst.stat().st_size, dst.stat().st_mtime_ns) == (s.st_size, s.st_mtime_ns):
            continue
        shutil.copy2(src, dst)
        copied += 1
    # The standard library a page boots from: trimmed and precompiled (tools/stdlib_trim.py).
    boot = stdlib_trim.build_boot_stdlib(target / stdlib_trim.BOOT_ZIP_NAME, pyodide_info()["python"],
                                         cache=cache_root().parent / "stdlib")
    # The rest of the standard library, fetched on the first import of a module the boot zip lacks.
    rest = stdlib_trim.build_rest_stdlib(target / stdlib_trim.BOOT_ZIP_NAME, target / stdlib_trim.REST_ZIP_NAME)
    # What a site needs from this folder, said once: the exporter copies exactly these. Not the
    # stock python_stdlib.zip (the boot and rest zips hold all of it; the benchmark's bare Pyodide
    # and tools/levers.py use it) nor the distribution's lock.
    ours = {stdlib_trim.BOOT_ZIP_NAME, stdlib_trim.REST_ZIP_NAME}
    site_files = sorted({*(v for v in PYODIDE_FILES.values() if v not in ("pyodide-lock.dist.json", "python_stdlib.zip")), *ours})
    (target / SITE_FILES).write_text(json.dumps(site_files, indent=1) + "\n")
    for stray in set(p.name for p in target.iterdir()) - {*PYODIDE_FILES.values(), *ours, SITE_FILES}:
        (target / stray).unlink()
    version = json.loads((source / "package.json").read_text())["version"]
    return (f"Pyodide {version} core ({copied} of {len(PYODIDE_FILES)} files copied); "
            f"{stdlib_trim.BOOT_ZIP_NAME}: {boot['modules']} modules, {boot['bytes'] / 1024:,.0f} KB"
            f"{' (cached)' if boot['cached'] else ''}; {stdlib_trim.REST_ZIP_NAME}: {rest['bytes'] / 1024:,.0f} KB")


# -- step: web -------------------------------------------------------------------------------------

def _node_bin(name: str) -> str:
    path = NODE_MODULES / ".bin" / name
    if not path.exists():
        raise BuildError(f"node_modules/.bin/{name} missing: run `npm ci` first")
    return str(path)


def step_web(args: argparse.Namespace) -> str:
    entries = [ROOT / "web" / "src" / f"{n}.ts" for n in WEB_ENTRIES]
    entries = [e for e in entries if e.exists()]
    tmp = _fresh_tmp("web")
    notes = []
    if any((ROOT / "web" / "src").rglob("*.ts")):
        if args.no_typecheck:
            notes.append("tsc skipped")
        else:
            _run([_node_bin("tsc"), "--noEmit", "-p", "."], "type check (tsc --noEmit)")
            notes.append("tsc ok")
    if entries:
        manifest = _bundle(entries, tmp)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        notes.append(", ".join(f"{k} -> {v}" for k, v in sorted(manifest.items())))
    else:
        notes.append("no web/src entry points, nothing bundled")
    public = ROOT / "public"
    if public.is_dir() and any(public.iterdir()):
        shutil.copytree(public, tmp, dirs_exist_ok=True)
        notes.append("public/ copied")
    _replace_dir(tmp, STATIC / "web")
    return "; ".join(notes)


def _bundle(entries: list[Path], out_dir: Path) -> dict[str, str]:
    """esbuild each entry into out_dir with a content hash in its name; return the manifest.
    The worker is built first so the page's bundle can be given its hashed file name as the
    constant COVE_WORKER_FILE (declare it in TS: `declare const COVE_WORKER_FILE: string`);
    likewise each stylesheet of WEB_ASSETS (katex.css -> COVE_KATEX_CSS_FILE). Entries of
    SPLIT_ENTRIES get code splitting: their `import()`s become lazy chunks next to them in web/."""
    manifest = _bundle_assets(out_dir)
    for entry in sorted(entries, key=lambda e: e.stem != "worker"):
        defines = [f"--define:COVE_{Path(name).stem.upper()}_CSS_FILE={json.dumps(manifest[name])}"
                   for name in WEB_ASSETS if name in manifest]
        if entry.stem != "worker" and "worker.js" in manifest:
            defines.append(f"--define:COVE_WORKER_FILE={json.dumps(manifest['worker.js'])}")
        split = ["--splitting", "--chunk-names=[name]-[hash]"] if entry.stem in SPLIT_ENTRIES else []
        meta_path = STATIC / ".esbuild-meta.json"
        _run([_node_bin("esbuild"), str(entry.relative_to(ROOT)), *defines, *split,
              "--bundle", "--minify", "--sourcemap", "--format=esm", "--target=es2022",
              "--entry-names=[name]-[hash]", "--log-level=warning", f"--outdir={out_dir}",
              f"--metafile={meta_path}"], f"esbuild of {entry.relative_to(ROOT)}")
        manifest.update(_manifest(json.loads(meta_path.read_text()), entry))
        meta_path.unlink()
    return manifest


def _bundle_assets(out_dir: Path) -> dict[str, str]:
    """The stylesheets of WEB_ASSETS with their woff2 fonts, hashed, into out_dir. Browsers that
    run the page all take woff2, so the woff/ttf fallbacks are left out (never fetched)."""
    manifest: dict[str, str] = {}
    for name in WEB_ASSETS:
        entry = ROOT / "web" / "src" / name
        if not entry.exists():
            continue
        meta_path = STATIC / ".esbuild-meta.json"
        _run([_node_bin("esbuild"), str(entry.relative_to(ROOT)), "--bundle", "--minify",
              "--loader:.woff2=file", "--external:*.woff", "--external:*.ttf",
              "--entry-names=[name]-[hash]", "--asset-names=[name]-[hash]", "--log-level=warning",
              f"--outdir={out_dir}", f"--metafile={meta_path}"], f"esbuild of {entry.relative_to(ROOT)}")
        manifest.update(_manifest(json.loads(meta_path.read_text()), entry))
        meta_path.unlink()
    return manifest


def _manifest(meta: dict, entry: Path) -> dict[str, str]:
    """{"main.js": "main-HASH.js", "main.css": "main-HASH.css", ...} from esbuild's metafile
    (lazy chunks are left out: the bundle that imports them knows their names)."""
    manifest = {}
    for out_path, out in meta["outputs"].items():
        if out.get("entryPoint") != entry.relative_to(ROOT).as_posix():
            continue
        stem = Path(out["entryPoint"]).stem
        manifest[f"{stem}{Path(out_path).suffix}"] = Path(out_path).name
        if css := out.get("cssBundle"):
            manifest[f"{stem}.css"] = Path(css).name
    return manifest


# -- main ------------------------------------------------------------------------------------------

STEP_FUNCS: dict[str, Callable[[argparse.Namespace], str]] = {
    "wheels": step_wheels, "pyodide": step_pyodide, "web": step_web,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__.split("\n\n")[0],
        epilog="steps: wheels = engine + dependency wheels + pyodide-lock.json; "
               "pyodide = vendored Pyodide core; web = esbuild bundle of web/src + public/")
    # No `choices=`: argparse (3.11) rejects the empty default of nargs="*" against them.
    parser.add_argument("steps", nargs="*", metavar="STEP",
                        help="wheels, pyodide and/or web (default: all)")
    parser.add_argument("--no-typecheck", action="store_true", help="skip `tsc --noEmit`")
    parser.add_argument("--offline", action="store_true",
                        help="never call pip; fail if dependency wheels are not cached")
    args = parser.parse_args(argv)
    if unknown := set(args.steps) - set(STEPS):
        parser.error(f"unknown step {sorted(unknown)[0]!r} (choose from {', '.join(STEPS)})")
    steps = [s for s in STEPS if s in (args.steps or STEPS)]
    start = time.perf_counter()
    try:
        STATIC.mkdir(parents=True, exist_ok=True)
        for step in steps:
            t0 = time.perf_counter()
            summary = STEP_FUNCS[step](args)
            log(f"{step:<8} {summary}  [{time.perf_counter() - t0:.2f}s]")
    except (BuildError, stdlib_trim.TrimError) as exc:
        print(f"build.py: error: {exc}", file=sys.stderr)
        return 1
    finally:
        # Scratch files (.wheels.tmp, .esbuild-meta.json...) must not ship as package data.
        for scratch in STATIC.glob(".*"):
            shutil.rmtree(scratch) if scratch.is_dir() else scratch.unlink()
    log(f"done in {time.perf_counter() - start:.2f}s -> {STATIC.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
