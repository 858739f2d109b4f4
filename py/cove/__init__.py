"""Cove: a reactive Python notebook that runs in any browser, with no server.

The public names are resolved lazily (PEP 562) so that `import cove` stays cheap: a notebook run
as a script, or booting in Pyodide, pays only for what it uses.
"""
from __future__ import annotations

import importlib

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` costs start-up time; the .pth hook imports this package everywhere
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
    # marimo 0.25.2's other public names (tests/engine/test_marimo_parity.py)
    "carousel": "cove._display",
    "center": "cove._display",
    "download": "cove._display",
    "iframe": "cove._display",
    "json": "cove._display",
    "lazy": "cove._display",
    "left": "cove._display",
    "nav_menu": "cove._display",
    "plain": "cove._display",
    "plain_text": "cove._display",
    "right": "cove._display",
    "sidebar": "cove._display",
    "stat": "cove._display",
    "style": "cove._display",
    "tree": "cove._display",
    "audio": "cove._media",
    "icon": "cove._media",
    "image_compare": "cove._media",
    "latex": "cove._media",
    "mermaid": "cove._media",
    "pdf": "cove._media",
    "video": "cove._media",
    "AppMeta": "cove._introspect",
    "app_meta": "cove._introspect",
    "defs": "cove._introspect",
    "doc": "cove._introspect",
    "inspect": "cove._introspect",
    "notebook_dir": "cove._introspect",
    "outline": "cove._introspect",
    "query_params": "cove._introspect",
    "refs": "cove._introspect",
    "show_code": "cove._introspect",
    "cache": "cove._cache",
    "lru_cache": "cove._cache",
    "persistent_cache": "cove._cache",
    "Thread": "cove._threads",
    "capture_stderr": "cove._threads",
    "capture_stdout": "cove._threads",
    "current_thread": "cove._threads",
    "redirect_stderr": "cove._threads",
    "redirect_stdout": "cove._threads",
    "MarimoIslandGenerator": "cove._unavailable",
    "NotAvailableError": "cove._unavailable",
    "ai": "cove._unavailable",
    "create_asgi_app": "cove._unavailable",
    "islands": "cove._unavailable",
    "mpl": "cove._unavailable",
    "routes": "cove._unavailable",
    "sql": "cove._unavailable",
    "watch": "cove._unavailable",
    "Cell": "cove._app",
    "MarimoStopError": "cove._runtime.api",
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
