"""Where a notebook runs: given its folder, the working directory, `__file__` and
`cove.notebook_location()` agree, so `open("data.csv")`, `Path(__file__).parent / "data.csv"` and
`cove.notebook_location() / "data.csv"` name the same file.

In the page (Pyodide), the folder is PAGE_FOLDER of the virtual file system, where the worker
mounts the files that travelled with the notebook at their relative paths (web/src/files.ts). At
export, the prerender runs in the notebook's real folder, and every mention of that folder in its
outputs is rewritten to PAGE_FOLDER: the page shows what the live page computes, and no path of
the author's machine is published.
"""
from __future__ import annotations

import json
import os
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any, Iterator

__all__ = ["PAGE_FOLDER", "enter", "missing_file_note", "notebook_file", "page_paths", "working_in"]

# The notebook's folder in the page's virtual file system (under Pyodide's home folder).
PAGE_FOLDER = "/home/pyodide/notebook"


def notebook_file(folder: str | os.PathLike[str], filename: str) -> str:
    """The notebook's `__file__` for a notebook named `filename` living in `folder`."""
    return os.path.join(os.fspath(folder), os.path.basename(filename) or "notebook.py")


def enter(folder: str | os.PathLike[str]) -> None:
    """Make `folder` the working directory (created when missing: a page with no data files)."""
    os.makedirs(folder, exist_ok=True)
    os.chdir(folder)


@contextmanager
def working_in(folder: str | os.PathLike[str]) -> Iterator[None]:
    """`enter(folder)` for the duration of a block (the prerender shares the exporter's process)."""
    previous = os.getcwd()
    enter(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def page_paths(events: list[dict[str, Any]], folder: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """`events` with the real `folder` (as text, in any output, console or error) replaced by
    PAGE_FOLDER: what the same cells print in the page."""
    real = os.fspath(Path(folder).resolve())
    text = json.dumps(events)
    for form in {real, os.fspath(folder)}:
        if len(form) > 1:  # never rewrite "/" itself
            text = text.replace(json.dumps(form)[1:-1], PAGE_FOLDER)
    result: list[dict[str, Any]] = json.loads(text)
    return result


def missing_file_note(exc: BaseException, folder: str | os.PathLike[str] | None) -> str | None:
    """For a FileNotFoundError of a file in the notebook's `folder`: a note that names the file
    and says how to publish it with the notebook (cove/_export/datafiles.py)."""
    if folder is None or not isinstance(exc, FileNotFoundError) or exc.filename is None:
        return None
    name = os.fsdecode(exc.filename) if isinstance(exc.filename, (str, bytes, os.PathLike)) else str(exc.filename)
    path = PurePosixPath(os.path.normpath(os.path.join(os.getcwd(), name)))
    try:
        rel = path.relative_to(os.fspath(folder)).as_posix()
    except ValueError:
        if os.path.isabs(name):
            return None  # a system path, a temporary file: nothing to do with publishing
        return f"{name} is outside the notebook's folder: only files inside it are published with the notebook."
    return (
        f"{rel} is not among the files published with this notebook. To include it, put it in "
        f"public/ next to the notebook, list it in the notebook's header under [tool.cove] "
        f"files = [\"{rel}\"], or export with --include '{rel}'."
    )
