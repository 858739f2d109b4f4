"""`cove run nb.py [-- args]`: run a notebook as a script in CPython, in topological order."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Sequence

NAME = "run"
HELP = "run a notebook as a script (exit status 1 if a cell fails)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook file (.py)")
    parser.epilog = "Arguments after `--` are passed to the notebook (see cove.cli_args())."


def run(args: argparse.Namespace) -> int:
    return run_notebook_file(args.notebook, args.extra)


def run_notebook_file(
    path: str | os.PathLike[str], argv: Sequence[str], setup_namespace: dict[str, Any] | None = None
) -> int:
    """Load and run a notebook; print a one-line summary per failed cell on stderr; return the
    exit status. Shared by `cove run` and `python nb.py` (App.run)."""
    from .._errors import NotebookError
    from .._notebook import load
    from .._runtime.kernel import Kernel
    from .._runtime.marimo_alias import install_marimo_alias

    install_marimo_alias()
    try:
        nb = load(path)
    except NotebookError as e:
        print(f"cove run: {e}", file=sys.stderr)
        return 1
    kernel = Kernel(
        nb,
        in_notebook=False,
        capture=False,
        argv=list(argv),
        setup_namespace=setup_namespace,
        location=Path(path).resolve().parent,
    )
    kernel.run_all()
    failed = [
        (i, c) for i, c in enumerate(kernel.cells) if c.status == "error" and c.error_info
    ]
    if kernel.setup is not None and kernel.setup.status == "error":
        failed.insert(0, (-1, kernel.setup))
    root_failures = [(i, c) for i, c in failed if c.error_info and c.error_info.kind != "ancestor"]
    for i, c in root_failures:
        where = "the setup cell" if i < 0 else f"cell {i}" + (f" ({c.name})" if c.name != "_" else "")
        assert c.error_info is not None
        line = f"{os.fspath(path)}:{c.lineno or 1}: {where} failed: {c.error_info.message}"
        print(line, file=sys.stderr)
        if c.error_info.traceback:
            print(c.error_info.traceback.rstrip("\n"), file=sys.stderr)
    skipped = len(failed) - len(root_failures)
    if skipped:
        print(f"{os.fspath(path)}: {skipped} cell(s) did not run because an ancestor failed", file=sys.stderr)
    return 1 if failed else 0
