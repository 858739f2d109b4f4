"""What a notebook can ask about itself and about objects: `refs`, `defs`, `show_code`, `outline`,
`doc`, `inspect`, `app_meta`/`AppMeta`, `notebook_dir`, `query_params` (marimo 0.25.2's names).

The running cell is reached through `context.current()`: the kernel's cell context carries the
cell (`.cell` with `code`, `refs`, `defs`); outside a cell run these answer empty.
"""
from __future__ import annotations

import html as _html
import inspect as _inspect
import re
from pathlib import Path
from typing import Any, Iterator, Literal, MutableMapping

from ._output._escape import escape
from ._output.html import Html, as_html
from ._output.markdown import md
from ._runtime import context
from ._runtime.api import notebook_location

__all__ = ["AppMeta", "app_meta", "defs", "doc", "inspect", "notebook_dir", "outline",
           "query_params", "refs", "show_code"]


def _running_cell() -> Any:
    return getattr(context.current(), "cell", None)


def refs() -> tuple[str, ...]:
    """The globals the running cell reads and does not define (sorted); () outside a cell."""
    cell = _running_cell()
    return tuple(sorted(cell.refs)) if cell is not None else ()


def defs() -> tuple[str, ...]:
    """The globals the running cell defines (sorted); () outside a cell."""
    cell = _running_cell()
    return tuple(sorted(cell.defs)) if cell is not None else ()


def show_code(output: object = None, *, position: Literal["above", "below"] = "below") -> Html:
    """The running cell's code with `output` below (or above) it: for pages shown without
    code."""
    if position not in ("above", "below"):
        raise ValueError(f"position must be 'above' or 'below', not {position!r}")
    cell = _running_cell()
    code = f'<pre class="cove-code"><code class="language-python">{escape(cell.code if cell else "")}</code></pre>'
    shown = as_html(output).text if output is not None else ""
    parts = [code, shown] if position == "below" else [shown, code]
    return Html(f'<div class="cove-show-code">{"".join(parts)}</div>')


_HEADING = re.compile(r"<h([1-6])[^>]*?(?:\sid=\"([^\"]*)\")?[^>]*>(.*?)</h\1>", re.S)


def outline(*, label: str = "") -> Html:
    """A table of contents of the headings in the notebook's outputs so far (links where a
    heading has an id)."""
    runner = getattr(context.current(), "runner", None)
    cells = runner.k.cells if runner is not None else []
    items = []
    for c in cells:
        for level, anchor, text in _HEADING.findall((c.output or {}).get("text/html", "")):
            plain = _html.escape(re.sub(r"<[^>]+>", "", text))
            link = f'<a href="#{escape(anchor)}">{plain}</a>' if anchor else plain
            items.append(f'<li style="margin-left:{int(level) - 1}rem">{link}</li>')
    title = f'<div class="cove-label-text">{md(label).text}</div>' if label else ""
    return Html(f'<nav class="cove-outline">{title}<ul style="list-style:none;padding:0">{"".join(items)}</ul></nav>')


def doc(obj: Any) -> Html:
    """`obj`'s signature and docstring, the docstring rendered as Markdown."""
    name = getattr(obj, "__qualname__", None) or type(obj).__name__
    try:
        signature = f"{name}{_inspect.signature(obj)}"
    except (TypeError, ValueError):
        signature = name
    text = _inspect.getdoc(obj) or ""
    return Html(f'<div class="cove-doc"><pre class="cove-code"><code>{escape(signature)}</code></pre>'
                f"{md(text).text}</div>")


class inspect(Html):  # noqa: N801 - marimo's name
    """A card describing `obj`: its type, value, docstring and (as asked) its attributes and
    methods, public ones unless `private`/`dunder`/`all`."""

    def __init__(
        self,
        obj: object,
        *,
        help: bool = False,  # noqa: A002 - marimo's name
        methods: bool = False,
        docs: bool = True,
        private: bool = False,
        dunder: bool = False,
        sort: bool = True,
        all: bool = False,  # noqa: A002 - marimo's name
        value: bool = True,
    ) -> None:
        parts = [f"<div><strong>{escape(type(obj).__qualname__)}</strong></div>"]
        if value:
            parts.append(f'<pre class="cove-text">{escape(repr(obj)[:2000])}</pre>')
        if docs or help:
            text = _inspect.getdoc(obj) or ""
            parts.append(md(text if help else text.split("\n\n")[0]).text if text else "")
        names = dir(obj)
        if not sort:
            names = list(getattr(obj, "__dict__", {})) + [n for n in names if n not in getattr(obj, "__dict__", {})]
        rows = []
        for n in names:
            if n.startswith("__") and not (dunder or all):
                continue
            if n.startswith("_") and not n.startswith("__") and not (private or all):
                continue
            try:
                attr = getattr(obj, n)
            except Exception:  # noqa: BLE001 - a property that fails is shown as such
                continue
            if callable(attr) and not (methods or all):
                continue
            rows.append(f"<tr><td><code>{escape(n)}</code></td><td>{escape(type(attr).__name__)}</td>"
                        f"<td>{escape(repr(attr)[:80])}</td></tr>")
        if rows:
            parts.append(f'<table class="cove-inspect-attrs">{"".join(rows)}</table>')
        super().__init__(f'<div class="cove-inspect">{"".join(parts)}</div>')


class AppMeta:
    """How the notebook is running: `mode` is "edit" or "run" in a page, "script" as a script;
    `theme` is "light" (a static page cannot ask the reader's); `request` is None (no server)."""

    @property
    def mode(self) -> Literal["edit", "run", "script"]:
        return "run" if context.runtime_info().in_notebook else "script"

    @property
    def theme(self) -> str:
        return "light"

    @property
    def request(self) -> None:
        return None

    def __repr__(self) -> str:
        return f"AppMeta(mode={self.mode!r}, theme={self.theme!r})"


def app_meta() -> AppMeta:
    """Facts about the running app (see `AppMeta`)."""
    return AppMeta()


def notebook_dir() -> Path | None:
    """The folder of the notebook file (None when unknown)."""
    return notebook_location()


class QueryParams(MutableMapping[str, Any]):
    """The page's URL query as a dict of str (or list of str for repeated keys). Setting or
    deleting a key re-runs the cells that read the `query_params()` object."""

    def __init__(self) -> None:
        self._params: dict[str, Any] = dict(context.runtime_info().query)

    def __getitem__(self, key: str) -> Any:
        return self._params[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._params[key] = [str(v) for v in value] if isinstance(value, (list, tuple)) else str(value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        del self._params[key]
        self._changed()

    def __iter__(self) -> Iterator[str]:
        return iter(self._params)

    def __len__(self) -> int:
        return len(self._params)

    def set(self, key: str, value: Any) -> None:
        self[key] = value

    def to_dict(self) -> dict[str, Any]:
        return dict(self._params)

    def _changed(self) -> None:
        info = context.runtime_info()
        info.query = dict(self._params)
        if info.on_query is not None:
            info.on_query(dict(self._params))  # the page's URL follows
        ctx = context.current()
        if ctx is not None:
            ctx.request_rerun(None, self)

    def __repr__(self) -> str:
        return f"QueryParams({self._params!r})"


_query: tuple[Any, QueryParams] | None = None


def query_params() -> QueryParams:
    """The page URL's query parameters: one object per kernel, as in marimo; setting a key
    re-runs the cells that read the object and updates the page's URL."""
    global _query
    info = context.runtime_info()
    if _query is None or _query[0] is not info:
        _query = (info, QueryParams())
    return _query[1]
