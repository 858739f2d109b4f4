"""marimo names with no meaning in a static page: they exist, and using them raises
`NotAvailableError` saying why (never an AttributeError, so `import marimo as mo` code fails
at the call, with a reason, not at attribute lookup).

Also `sql` (over duckdb where it is installed) and `mpl` (whose `interactive` shows the figure).
"""
from __future__ import annotations

import re
import sys
import types
from typing import Any, NoReturn

from ._errors import CoveError
from ._output.html import Html, as_html
from ._output.output import output as _output

__all__ = [
    "MarimoIslandGenerator", "NotAvailableError", "ai", "create_asgi_app", "islands", "mpl",
    "routes", "sql", "watch",
]


class NotAvailableError(CoveError, NotImplementedError):
    """A marimo feature that needs a server, an editor or a service that a Cove page has not."""


def _refuse(what: str, why: str) -> NoReturn:
    raise NotAvailableError(f"{what} is not available in Cove: {why}")


_NO_SERVER = "a Cove notebook is a static page with no server to mount apps on"


def create_asgi_app(
    *,
    quiet: bool = False,
    include_code: bool = False,
    token: str | None = None,
    skew_protection: bool = False,
    session_ttl: int = 120,
    asset_url: str | None = None,
    redirect_console_to_browser: bool = False,
    show_tracebacks: bool = False,
    html_head: str | None = None,
    execute_opengraph_generators: bool = False,
) -> NoReturn:
    """marimo's ASGI server for many notebooks. Raises: `cove export` makes a static site
    instead."""
    _refuse("create_asgi_app", _NO_SERVER + "; publish notebooks with `cove export`")


class routes:  # noqa: N801 - marimo's name
    """marimo's multi-page routing. Raises: link separate exported notebooks instead."""

    def __init__(self, routes: dict[str, Any]) -> None:
        _refuse("routes", "it needs marimo's page router; export each page and link them with nav_menu")


class MarimoIslandGenerator:
    """marimo's islands (notebook cells embedded in other pages). Raises: embed a Cove export
    with `<cove-notebook src=...>` or an iframe instead."""

    def __init__(self, app_id: str = "main") -> None:
        _refuse("MarimoIslandGenerator", "Cove embeds whole notebooks with <cove-notebook> or an iframe")


class _Refusing(types.ModuleType):
    """A namespace whose every public attribute raises NotAvailableError with `why`."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"cove.{name}")
        self._why = why

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        _refuse(f"{self.__name__.replace('cove.', 'mo.')}.{attr}", self._why)


ai = _Refusing("ai", "its chat models call marimo's AI server; call your model's API from a cell")
islands = _Refusing("islands", "Cove embeds whole notebooks with <cove-notebook> or an iframe")
watch = _Refusing(
    "watch", "a static page has no file system to watch; in a script, re-run the notebook instead"
)


class _Mpl(types.ModuleType):
    """`mo.mpl`: `interactive(figure)` shows the figure (as a static image)."""

    def interactive(self, figure: Any) -> Html:
        return as_html(figure)

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        _refuse(f"mo.mpl.{attr}", "only mo.mpl.interactive exists in Cove")


mpl = _Mpl("cove.mpl")


def sql(query: str, *, output: bool = True, engine: Any = None) -> Any:
    """Run SQL with duckdb (or `engine`, a duckdb connection) over the notebook's frames;
    returns the result as a pandas frame (polars if pandas is missing)."""
    if engine is None:
        try:
            import duckdb  # type: ignore[import-not-found]
        except ImportError:
            _refuse("mo.sql", "it runs on duckdb, which is not installed here (add it to the notebook's dependencies)")
        engine = duckdb.connect()
    # duckdb finds Python frames only in its caller's frame (this function): register the
    # calling cell's frames that the query names.
    scope = sys._getframe(1).f_globals
    for name in set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", query)):
        value = scope.get(name)
        if value is not None and type(value).__module__.split(".")[0] in ("pandas", "polars", "pyarrow"):
            engine.register(name, value)
    relation = engine.sql(query)
    if relation is None:
        return None
    try:
        result = relation.df()
    except Exception:  # noqa: BLE001 - pandas missing: fall back to polars
        result = relation.pl()
    if output:
        _output.replace(result)
    return result
