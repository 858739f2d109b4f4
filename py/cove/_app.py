"""`cove.App`: the object a notebook file builds at import time.

Importing a notebook (`from nb import area`) only defines things: `@app.cell` functions are
recorded, `@app.function`/`@app.class_definition` return the real function/class so they are
importable, and `with app.setup:` runs its body in the module. `app.run()` (the `__main__`
block) runs the whole notebook as a script through the same kernel as the editor.
"""
from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["App"]


class _Setup:
    """`with app.setup:` and `with app.setup(hide_code=True):` both work."""

    def __call__(self, **_options: Any) -> "_Setup":
        return self

    def __enter__(self) -> "_Setup":
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        return None


class Cell:
    """marimo's type for what `@app.cell` returns. In Cove `@app.cell` returns the function
    itself (run a notebook with `cove.Kernel`); this class exists for code that names the type."""

    def __init__(self, name: str, code: str = "") -> None:
        self.name = name
        self.code = code


class App:
    def __init__(self, **kwargs: Any) -> None:
        self._options = kwargs
        self._cell_functions: list[Callable[..., Any]] = []
        self.setup = _Setup()

    def cell(self, fn: F | None = None, **_config: Any) -> Any:
        """`@app.cell` or `@app.cell(hide_code=True, ...)`: records the cell function."""
        if fn is None:
            return lambda f: self.cell(f)
        self._cell_functions.append(fn)
        return fn

    def function(self, fn: F | None = None, **_config: Any) -> Any:
        """`@app.function`: a top-level function, importable from the notebook module."""
        if fn is None:
            return lambda f: f
        return fn

    def class_definition(self, cls: Any = None, **_config: Any) -> Any:
        if cls is None:
            return lambda c: c
        return cls

    def _unparsable_cell(self, code: str, **_config: Any) -> None:
        """A cell whose code does not parse: kept in the file, never run."""

    def run(self) -> None:
        """Run the notebook as a script (`python nb.py [args]`): topological order, prints go
        to the terminal, exit status 1 naming the failing cell."""
        frame = sys._getframe(1)
        module_globals = frame.f_globals
        path = module_globals.get("__file__")
        if not path:
            raise RuntimeError("app.run() needs the notebook's file (no __file__ in its module)")
        from .cli.cmd_run import run_notebook_file

        code = run_notebook_file(path, sys.argv[1:], setup_namespace=module_globals)
        if code:
            sys.exit(code)
