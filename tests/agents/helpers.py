"""Notebooks and subprocess settings shared by the agent tests."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# c0 -> c1 -> c2 -> c5 (c5 also reads a); c3 -> c4 is an unrelated branch; c6 sleeps on request.
BRANCHING = '''import cove

app = cove.App()


@app.cell
def _():
    a = 1
    return (a,)


@app.cell
def _(a):
    b = a + 1
    b
    return (b,)


@app.cell
def _(b):
    c = b * 10
    print("c is", c)
    c
    return (c,)


@app.cell
def _():
    z = [5, 6, 7]
    return (z,)


@app.cell
def _(z):
    w = len(z)
    return (w,)


@app.cell
def _(a, c):
    d = c + a
    d
    return (d,)


@app.cell
def _():
    import time
    return (time,)


if __name__ == "__main__":
    app.run()
'''


def write_notebook(folder: Path, text: str = BRANCHING, name: str = "nb.py") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def cove_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cove", *args]


def child_env() -> dict[str, str]:
    """This checkout's `cove` first on the child's path (the venv may hold another checkout)."""
    paths = [str(ROOT / "py"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
