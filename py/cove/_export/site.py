"""`cove export nb.py -o DIR`: the static site, built in a temporary folder and moved into place.

Order matters for "a failed export leaves nothing behind": read the notebook, resolve every
dependency (the step that can fail for reasons outside the notebook), prerender, and only then
write files, into a temporary sibling of DIR that replaces DIR in one rename.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .._errors import CoveError
from . import chunks
from .datafiles import collect_data_files, copy_data_files, files_config
from .lock import ResolvedWheel, lock_entry, write_lock
from .precompute import Precomputed
from .progress import Progress

STATIC = Path(__file__).resolve().parent.parent / "_static"
# The files of Pyodide's core a page needs are listed by the build (build.py writes
# _static/pyodide/site-files.json: the loader, the wasm, python_stdlib.zip and stdlib-boot.zip, the
# trimmed standard library a page boots from); the distribution's own lock stays out.
SITE_FILES = STATIC / "pyodide" / "site-files.json"


def pyodide_files() -> tuple[str, ...]:
    try:
        return tuple(json.loads(SITE_FILES.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        raise ExportError(f"Cove's web build is missing ({SITE_FILES.relative_to(STATIC)}): "
                          "run `python build.py`") from None
# Bundles the page itself does not load: cove-embed.js (for host pages) goes to the site's root,
# single-file.js only into `--single-file` pages (single_file.py).
NOT_IN_WEB = ("cove-embed-", "single-file-", "cove-docs-")
# Read by the exporter and `cove edit` (bundle names), never by a page: not copied into a site.
BUILD_ONLY = ("manifest.json",)


class ExportError(CoveError):
    pass


@dataclass(frozen=True)
class ExportOptions:
    mode: str = "run"  # "run" (app view) or "edit" (the editor, saving in the browser)
    show_code: bool = False
    prerender: bool = True
    pyodide_dist: str | None = None
    cache_dir: Path | None = None
    quiet: bool = False
    strict: bool = False  # a cell that cannot be prerendered fails the export
    # Where the page's micropip installs packages the site does not bundle (None: PyPI).
    package_index: str | None = None
    # States the export may run to answer controls before Python boots (precompute.py); 0: none,
    # None: precompute.DEFAULT_BUDGET.
    precompute: int | None = None
    include: tuple[str, ...] = ()  # --include GLOB: more files of the notebook's folder (datafiles.py)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    files: int
    bytes: int
    wheels: list[str]
    data_files: list[str] = field(default_factory=list)


def static_dir() -> Path:
    """The build output (`python build.py`); a clear error when it is missing."""
    needed = [STATIC / "web" / "manifest.json", STATIC / "pyodide-lock.json"] + [
        STATIC / "pyodide" / f for f in pyodide_files()
    ]
    missing = [str(p.relative_to(STATIC)) for p in needed if not p.exists()]
    if missing:
        raise ExportError(f"Cove's web build is missing ({', '.join(missing)}): run `python build.py`")
    return STATIC


def core_info() -> dict[str, Any]:
    lock = json.loads((static_dir() / "pyodide" / "pyodide-lock.dist.json").read_text())
    return dict(lock["info"])


def engine_wheels() -> list[Path]:
    """The engine wheel and its dependencies, as the build bundled them."""
    lock = json.loads((static_dir() / "pyodide-lock.json").read_text())
    return [static_dir() / e["file_name"] for e in lock["packages"].values()]


def prerender(text: str, filename: str, folder: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Run the notebook in this interpreter with the same engine (in `folder`, the notebook's, as
    in the page); the events that rebuild its document (cells it cannot run here are left blank:
    prerender.py)."""
    from .prerender import prerender_here

    return prerender_here(text, filename, folder, for_page=False).events


def prerender_page(
    text: str, filename: str, folder: str | os.PathLike[str] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """`prerender`, and what the page's kernel needs to boot behind these outputs without
    running them all (cove/_runtime/resume.py: the `resume` command). With `folder` (the
    notebook's), the cells run there as they will in the page (cove/_runtime/location.py)."""
    from .prerender import prerender_here

    result = prerender_here(text, filename, folder)
    return result.events, result.resume or {}


def notebook_state_only(text: str, filename: str) -> list[dict[str, Any]]:
    from .._runtime.session import Session

    return Session.from_text(text, filename, lambda _event: None).snapshot()[:1]


def page_html(
    text: str, filename: str, events: list[dict[str, Any]], options: ExportOptions, app: dict[str, Any],
    resume: dict[str, Any] | None = None, precompute: dict[str, Any] | None = None,
    files: dict[str, int] | None = None,
) -> str:
    from .._site.render import render_cells_html, render_page

    manifest = json.loads((static_dir() / "web" / "manifest.json").read_text())
    config = {
        "mode": options.mode,
        "filename": filename,
        "code": text,
        "save": None,
        "snapshot": events,
        "resume": resume,
        "precompute": precompute or None,
        "app": app,
        "show_code": options.show_code,
        "index": [options.package_index] if options.package_index else None,
        "files": files_config(files or {}),
    }
    return render_page(config, render_cells_html(events, options.mode), manifest)  # type: ignore[arg-type]


def export_site(notebook: str | os.PathLike[str], out: str | os.PathLike[str], options: ExportOptions) -> ExportResult:
    from .._file.read import read_notebook
    from .pep723 import read_script_metadata
    from .resolve import check_requires_python, resolve_wheels

    progress = Progress(quiet=options.quiet)
    path = Path(notebook)
    text, nbfile = read_notebook(path)
    meta = read_script_metadata(nbfile.header, os.fspath(path)) or {}
    static = static_dir()
    info = core_info()
    check_requires_python(meta.get("requires-python"), info)
    engine = engine_wheels()
    provided = [lock_entry(w, f"wheels/{w.name}", info) for w in engine]
    deps = list(meta.get("dependencies") or [])
    resolved: list[ResolvedWheel] = resolve_wheels(
        deps, pyodide_dist=options.pyodide_dist, cache_dir=options.cache_dir, progress=progress,
        provided=provided,
    ) if deps else []
    if deps:
        progress.note(f"{len(deps)} dependenc{'y' if len(deps) == 1 else 'ies'} → {len(resolved)} wheel(s)")
    data = collect_data_files(path, _cell_codes(nbfile), (meta.get("tool") or {}).get("cove", {}).get("files"), options.include)
    for line in data.summary():
        progress.note(line)
    folder = path.resolve().parent
    # The notebook itself is in the site too: `open(__file__)` reads it in the page as at home.
    mounted = {**data.manifest(), path.name: len(text.encode("utf-8"))}
    events, resume, tables = _prerender(text, path, deps, options, progress) if options.prerender \
        else (notebook_state_only(text, path.name), None, Precomputed())

    out_dir = Path(out).resolve()
    _check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    tmp.chmod(0o755)  # mkdtemp makes it private; a static host must read the site
    try:
        _copy_files(static / "pyodide", tmp / "pyodide", pyodide_files())
        web_files = [f.name for f in (static / "web").iterdir() if f.is_file() and not f.name.endswith(".map")
                     and not f.name.startswith(NOT_IN_WEB) and f.name not in BUILD_ONLY]
        html = page_html(text, path.name, events, options, dict(nbfile.app_options), resume, tables.config, mounted)
        web_files = chunks.web_files(web_files, options.mode, text, [html, *tables.files.values()])
        _copy_files(static / "web", tmp / "web", web_files)
        (tmp / "wheels").mkdir()
        for w in engine:
            shutil.copy2(w, tmp / "wheels" / w.name)
        for w in resolved:
            shutil.copy2(w.path, tmp / "wheels" / w.path.name)
        write_lock(resolved, info, tmp / "pyodide-lock.json", extra_entries=provided)
        (tmp / path.name).write_text(text, encoding="utf-8")
        for name, body in tables.files.items():
            (tmp / name).parent.mkdir(exist_ok=True)
            (tmp / name).write_text(body, encoding="utf-8")
        copy_data_files(folder, data, tmp)
        (tmp / "index.html").write_text(html, encoding="utf-8")
        (tmp / ".nojekyll").write_text("")  # GitHub Pages: serve folders starting with "_" too
        _copy_embed_script(static, tmp)
        files, size = _count(tmp)
        _swap_into_place(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportResult(out_dir, files, size, sorted(w.path.name for w in resolved), [f.path for f in data.files])


def _cell_codes(nbfile: Any) -> list[tuple[str, str]]:
    setup = [("the setup cell", nbfile.setup.code)] if nbfile.setup is not None else []
    return setup + [(f"cell {i}", c.code) for i, c in enumerate(nbfile.cells)]


def _prerender(text: str, path: Path, deps: list[str], options: ExportOptions,
               progress: Progress) -> tuple[list[dict[str, Any]], dict[str, Any] | None, Any]:
    """The prerender and the precomputed UI states (precompute.py), wherever the notebook's
    packages are (prerender.py); each cell the prerender could not run is named on stderr, or
    fails the export under --strict."""
    from .precompute import DEFAULT_BUDGET
    from .prerender import prerender

    budget = DEFAULT_BUDGET if options.precompute is None else options.precompute
    result = prerender(text, path.name, deps, notebook_dir=path.resolve().parent,
                       cache_dir=options.cache_dir, note=progress.note, precompute_budget=max(budget, 0))
    warnings = [s.warning(path.name) for s in result.skipped]
    if warnings and options.strict:
        raise ExportError(f"{path.name}: {len(warnings)} cell(s) could not be prerendered "
                          f"(--strict): " + "; ".join(w.split(": ", 2)[-1] for w in warnings))
    for line in warnings:
        print(line, file=sys.stderr, flush=True)
    tables = result.tables
    if tables.states:
        progress.note(f"precomputed {tables.states} UI state(s) in {len(tables.files)} file(s)")
    return result.events, result.resume, tables


def _copy_embed_script(static: Path, site: Path) -> None:
    """cove-embed.js at the site's root under a name that never changes: host pages include it."""
    manifest = json.loads((static / "web" / "manifest.json").read_text())
    if "cove-embed.js" in manifest:
        shutil.copy2(static / "web" / manifest["cove-embed.js"], site / "cove-embed.js")


def _copy_files(src: Path, dest: Path, names: Any) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy2(src / name, dest / name)


def _count(folder: Path) -> tuple[int, int]:
    files = [p for p in _walk(folder) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def _walk(folder: Path) -> Iterator[Path]:
    for root, _dirs, names in os.walk(folder):
        for name in names:
            yield Path(root) / name


def _check_replaceable(out_dir: Path) -> None:
    """Refuse to replace a folder that is not an earlier export (it may be the user's work)."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ExportError(f"{out_dir}: exists and is not a folder")
    if any(out_dir.iterdir()) and not (out_dir / "pyodide-lock.json").exists():
        raise ExportError(f"{out_dir}: exists and is not an earlier Cove export; choose an empty or new folder")


def _swap_into_place(tmp: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        tmp.rename(out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    old.rmdir()
    out_dir.rename(old)
    try:
        tmp.rename(out_dir)
    except BaseException:
        old.rename(out_dir)  # put the previous export back
        raise
    shutil.rmtree(old, ignore_errors=True)
