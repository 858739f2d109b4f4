"""`cove new nb.py`: write a starter notebook."""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from .._errors import CoveError

NAME = "new"
HELP = "write a starter notebook"

STARTER = '''\
# /// script
# requires-python = ">=3.11"
# dependencies = []
# ///
import cove

__generated_with = "0.1.0"
app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    mo.md("""
    # Hello, Cove

    Move the slider: every cell that uses `n` runs again.
    """)
    return


@app.cell
def _(mo):
    n = mo.ui.slider(1, 10, value=3, label="n")
    n
    return (n,)


@app.cell
def _(n):
    squares = [i * i for i in range(n.value)]
    squares
    return (squares,)


if __name__ == "__main__":
    app.run()
'''


def starter_notebook() -> str:
    return STARTER


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="path of the new notebook (.py)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    path = Path(args.notebook)
    if path.exists() and not args.force:
        raise CoveError(f"{os.fspath(path)}: already exists (use --force to overwrite)")
    if path.suffix != ".py":
        raise CoveError(f"{os.fspath(path)}: a notebook is a .py file")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STARTER, encoding="utf-8")
    print(f"wrote {os.fspath(path)}; open it with `cove edit {os.fspath(path)}`")
    return 0
