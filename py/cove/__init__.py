"""Cove: a reactive Python notebook that runs in any browser, with no server.

The public names are resolved lazily (PEP 562) so that `import cove` stays cheap: a notebook run
as a script, or booting in Pyodide, pays only for what it uses.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    "App": "cove._app",
    "load": "cove._notebook",
    "loads": "cove._notebook",
    "Notebook": "cove._notebook",
    "Kernel": "cove._runtime.kernel",
    "NotebookError": "cove._errors",
    "CoveError": "cove._errors",
    "Html": "cove._output.html",
    "as_html": "cove._output.html",
    "md": "cove._output.markdown",
    "hstack": "cove._output.layout",
    "vstack": "cove._output.layout",
    "tabs": "cove._output.layout",
    "accordion": "cove._output.layout",
    "callout": "cove._output.layout",
    "image": "cove._output.media",
    "stop": "cove._runtime.api",
    "state": "cove._runtime.api",
    "running_in_notebook": "cove._runtime.api",
    "cli_args": "cove._runtime.api",
    "notebook_location": "cove._runtime.api",
    "output": "cove._output.output",
    "status": "cove._output.status",
    "ui": "cove.ui",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'cove' has no attribute {name!r}")
    module = importlib.import_module(module_name)
    value = module if module_name == f"cove.{name}" else getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
