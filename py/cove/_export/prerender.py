"""Prerendering: run the notebook at export time with the same engine, so the page shows every
output before Python starts in the browser.

Where it runs must not depend on who exports. When this interpreter has every package the
notebook's PEP 723 header asks for, the notebook runs here. Otherwise it runs in an isolated
environment built from the header (prerender_env.py, cached per dependency set), in a child
process whose working directory is the notebook's folder.

A cell that cannot be prerendered (a package only Pyodide builds, an exception) is left blank,
with its descendants, and marked to run when the page loads; each such cell is named in one
warning line. Static problems (a syntax error, a cycle, a name defined twice) are the notebook's
own and are prerendered as they are: they look the same in every Python.
"""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

from .._errors import CoveError
from .precompute import Precomputed, precompute_notebook

__all__ = ["PENDING", "Prerender", "Skipped", "prerender", "prerender_here"]

# The events' marker for a cell whose output comes only from the page's kernel (render.py
# paints "Runs when the page loads" there; the resume plan runs it at boot).
PENDING = "pending"
# Errors computed by running code (they may differ in the browser); the other kinds come from
# the notebook's text and are shown as they are.
_RUNTIME_ERRORS = ("exception",)


@dataclass(frozen=True)
class Skipped:
    """A cell the prerender left for the page: which, where, and why (one line)."""
    index: int
    name: str
    line: int
    reason: str
    dependents: int = 0

    def warning(self, filename: str) -> str:
        label = f"cell {self.index}" + (f" ({self.name})" if self.name not in ("_", "") else "")
        more = f" (with {self.dependents} cell{'s' if self.dependents != 1 else ''} below it)" \
            if self.dependents else ""
        return (f"warning: {filename}:{self.line}: {label} is not prerendered ({self.reason}); "
                f"it runs when the page loads{more}")


@dataclass
class Prerender:
    events: list[dict[str, Any]]
    resume: dict[str, Any] | None
    skipped: list[Skipped] = field(default_factory=list)
    where: str = "this Python"
    tables: Precomputed = field(default_factory=Precomputed)  # precompute.py's UI state tables


def prerender_here(text: str, filename: str, notebook_dir: str | os.PathLike[str] | None = None, *,
                   for_page: bool = True, precompute_budget: int = 0) -> Prerender:
    """Run the notebook in this interpreter (working directory: `notebook_dir` if given).
    `for_page=False` (a document: ipynb, html, md) keeps exceptions as outputs: no page kernel
    will run those cells later. `precompute_budget` > 0 also computes the UI state tables, here,
    where the notebook's packages are."""
    from .._runtime.location import page_paths, working_in

    if notebook_dir is None:
        return _compute(text, filename, None, for_page, precompute_budget)
    with working_in(notebook_dir):
        result = _compute(text, filename, os.fspath(notebook_dir), for_page, precompute_budget)
    # No path of the exporting machine in the page: the folder is the page's folder there.
    result.events = page_paths(result.events, notebook_dir)
    real = os.fspath(Path(notebook_dir).resolve())
    for name, body in result.tables.files.items():  # the precomputed outputs are page text too
        if real in body:
            result.tables.files[name] = json.dumps(page_paths([json.loads(body)], notebook_dir)[0],
                                                   separators=(",", ":"), ensure_ascii=False)
    return result


def _compute(text: str, filename: str, folder: str | None, for_page: bool, precompute_budget: int) -> Prerender:
    result = _run(text, filename, folder, for_page)
    if precompute_budget > 0:
        result.tables = _without(precompute_notebook(text, filename, precompute_budget),
                                 set(result.resume["pending"]) if result.resume else set())
    return result


def _without(tables: Precomputed, pending: set[str]) -> Precomputed:
    """Cells left for the page are not answered from a table (what runs there may differ)."""
    elements = tables.config.get("elements")
    if not pending or not isinstance(elements, dict):
        return tables
    for entry in elements.values():
        if isinstance(entry, dict) and isinstance(entry.get("cells"), list):
            entry["cells"] = [c for c in entry["cells"] if c not in pending]
    return tables


def _run(text: str, filename: str, folder: str | None, for_page: bool = True) -> Prerender:
    from .._runtime.resume import resume_info
    from .._runtime.session import Session

    session = Session.from_text(text, filename, lambda _event: None, folder=folder)
    session.handle({"type": "run_all"})
    k = session.kernel
    roots: dict[str, str] = {}
    for c in k.cells:
        if c.missing_modules:
            roots[c.id] = f"needs {', '.join(sorted(c.missing_modules))}, not installed for the prerender"
        elif for_page and c.error_info is not None and c.error_info.kind in _RUNTIME_ERRORS:
            roots[c.id] = _last_line(c.error_info.message)
    blank = k.graph.descendants(set(roots)) | set(roots)
    events = [
        # Left for the page: shown as queued with no results, and the page note (render.py).
        {**e, "status": "queued", "outputs": [], "console": [], "error": None, "error_html": "", PENDING: True}
        if e.get("id") in blank and e["type"] == "cell_view" else e
        for e in session.snapshot()
    ]
    resume = resume_info(k)
    resume["pending"] = sorted(set(resume["pending"]) | blank)
    skipped = []
    for index, c in enumerate(k.cells):
        if c.id in roots:
            below = k.graph.descendants({c.id}) & blank
            skipped.append(Skipped(index, c.name, _line_of(k, index), roots[c.id], len(below)))
    return Prerender(events, resume, skipped)


def _line_of(kernel: Any, index: int) -> int:
    try:
        return int(kernel.to_file().cells[index].lineno) or 1
    except (AttributeError, IndexError, TypeError, ValueError):
        return 1


def _last_line(message: str) -> str:
    lines = [x for x in message.strip().splitlines() if x.strip()]
    return (lines[-1] if lines else message).strip()[:200]


# -- in an isolated environment -------------------------------------------------------------------

# The child: put Cove (only Cove: a folder holding a link to the package) first on sys.path, run
# the notebook, write the result to a file (the notebook's own prints must not mix with it).
_CHILD = """import json, sys
sys.path.insert(0, sys.argv[1])
from cove._export.prerender import _child_main
_child_main(sys.argv[2], sys.argv[3])
"""


def _child_main(request_path: str, result_path: str) -> None:
    request = json.loads(Path(request_path).read_text(encoding="utf-8"))
    result = prerender_here(request["text"], request["filename"], request.get("folder"),
                            precompute_budget=int(request.get("precompute_budget", 0)))
    payload = {"events": result.events, "resume": result.resume,
               "skipped": [asdict(s) for s in result.skipped], "tables": asdict(result.tables)}
    Path(result_path).write_text(json.dumps(payload, default=repr), encoding="utf-8")


def prerender(text: str, filename: str, dependencies: Sequence[str], *,
              notebook_dir: str | os.PathLike[str] | None = None, cache_dir: Path | None = None,
              note: Callable[[str], None] = lambda _m: None, precompute_budget: int = 0) -> Prerender:
    """Prerender here when this interpreter has the dependencies, else in an isolated env."""
    from .prerender_env import ensure_env, missing_requirements

    missing = missing_requirements(dependencies)
    if not missing:
        return prerender_here(text, filename, notebook_dir, precompute_budget=precompute_budget)
    note(f"this Python lacks {', '.join(missing)}: prerendering in an isolated environment")
    env = ensure_env(dependencies, cache_dir=cache_dir, note=note)
    result = _prerender_in(env.python, text, filename, notebook_dir, precompute_budget)
    result.where = "an isolated environment"
    return result


def _prerender_in(python: Path, text: str, filename: str,
                  notebook_dir: str | os.PathLike[str] | None, precompute_budget: int = 0) -> Prerender:
    package = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="cove-prerender-") as tmp:
        shim = Path(tmp) / "path"
        shim.mkdir()
        (shim / "cove").symlink_to(package, target_is_directory=True)
        request, result = Path(tmp) / "request.json", Path(tmp) / "result.json"
        request.write_text(json.dumps({"text": text, "filename": filename, "precompute_budget": precompute_budget,
                                       "folder": os.fspath(notebook_dir) if notebook_dir else None}),
                           encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        proc = subprocess.run(
            [str(python), "-c", _CHILD, str(shim), str(request), str(result)],
            cwd=notebook_dir or None, env=env, stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
        )
        if proc.returncode != 0 or not result.is_file():
            raise CoveError(f"{filename}: the prerender failed in its isolated environment "
                            f"({_last_line(proc.stderr) or f'exit {proc.returncode}'}); "
                            "--no-prerender skips it")
        data = json.loads(result.read_text(encoding="utf-8"))
    return Prerender(data["events"], data["resume"], [Skipped(**s) for s in data["skipped"]],
                     tables=Precomputed(**data["tables"]))

