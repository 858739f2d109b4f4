"""Turn any Python object into a mimebundle (mimetype -> str), the form every cell output takes.

Priority (docs/spec.md §3): known library types first (they would otherwise render through their own,
notebook-specific machinery), then `_mime_()`, `_repr_mimebundle_()`, `_repr_html_`,
`_repr_markdown_`, `_repr_svg_`, `_repr_png_`, `_repr_jpeg_`, `_repr_latex_`, `_repr_json_`, and
finally `repr()` as `text/plain`. The first representation found wins; `text/plain` is added as
a fallback. Binary data is base64-encoded. Formatting never raises: a failing repr becomes a
`text/plain` message naming the error.
"""
from __future__ import annotations

import base64
import importlib.util
import io
import json
import re
from typing import Any, Callable, Mapping

from ._escape import escape
from .._runtime.context import current
from .markdown import md
from .render import render_data
from .tables import is_records, read_table, render_table

__all__ = ["DEFAULT_LIMIT", "format_output", "truncate_bundle"]

Bundle = dict[str, str]

DEFAULT_LIMIT = 5_000_000

_PLAIN_LIMIT = 100_000  # characters of repr() kept as a fallback next to a rich representation

_REPR_METHODS: tuple[tuple[str, str], ...] = (
    ("_repr_html_", "text/html"),
    ("_repr_markdown_", "text/markdown"),
    ("_repr_svg_", "image/svg+xml"),
    ("_repr_png_", "image/png"),
    ("_repr_jpeg_", "image/jpeg"),
    ("_repr_latex_", "text/latex"),
    ("_repr_json_", "application/json"),
)


class _FormatError(Exception):
    """A representation method of the displayed object raised."""

    def __init__(self, where: str, error: BaseException) -> None:
        super().__init__(where)
        self.where = where
        self.error = error


def format_output(obj: object, limit: int | None = DEFAULT_LIMIT) -> Bundle | None:
    """The mimebundle displaying `obj`, or None for None. Bundles larger than `limit` characters
    are replaced by a notice (see `truncate_bundle`); `limit=None` disables that."""
    if obj is None:
        return None
    try:
        bundle = _format(obj)
    except _FormatError as exc:
        bundle = {"text/plain": _error_text(obj, exc.where, exc.error)}
    except Exception as exc:  # noqa: BLE001 - displaying must never crash the kernel
        bundle = {"text/plain": _error_text(obj, "formatting", exc)}
    return bundle if limit is None else truncate_bundle(bundle, limit)


def truncate_bundle(bundle: Bundle | None, limit: int = DEFAULT_LIMIT) -> Bundle | None:
    """`bundle` itself, or, if its total size (UTF-8 bytes) exceeds `limit`, a `text/plain` and
    `text/html` notice saying so: an output is never dropped silently."""
    if not bundle:
        return bundle
    size = 0
    for value in bundle.values():
        # len() is a lower bound of the UTF-8 size and is free; encode only near the limit.
        size += len(value) if len(value) * 4 <= limit else len(value.encode("utf-8", "replace"))
    if size <= limit:
        return bundle
    message = (
        f"Output too large ({size / 1e6:.1f} MB > {_mb(limit)} limit); not shown"
    )
    return {
        "text/plain": message,
        "text/html": f'<div class="cove-output-too-large" role="alert">{escape(message)}</div>',
    }


def _mb(limit: int) -> str:
    return f"{limit / 1e6:g} MB"


def _error_text(obj: object, where: str, error: BaseException) -> str:
    name = type(obj).__qualname__
    return f"<{name} object: {where} raised {type(error).__name__}: {error}>"


def _plain(obj: object) -> str:
    try:
        text = repr(obj)
    except Exception as exc:  # noqa: BLE001
        raise _FormatError("__repr__", exc) from exc
    return text


def _format(obj: object) -> Bundle:
    if isinstance(obj, type):
        # Representation methods looked up on a class are unbound: show the class plainly.
        return {"text/plain": _plain(obj)}
    known = _format_known(obj)
    if known is not None:
        return _with_plain(known, obj)
    rich = _format_protocol(obj)
    if rich is not None:
        return _with_plain(rich, obj)
    return {"text/plain": _plain(obj)}


def _with_plain(bundle: Bundle, obj: object) -> Bundle:
    if "text/plain" not in bundle:
        try:
            text = repr(obj)
        except Exception:  # noqa: BLE001 - the rich output is there; the fallback is optional
            return bundle
        if len(text) <= _PLAIN_LIMIT:
            bundle["text/plain"] = text
    return bundle


# -- protocol methods ------------------------------------------------------------------------


def _method(obj: object, name: str) -> Callable[..., Any] | None:
    try:
        method = getattr(obj, name, None)
    except Exception:  # noqa: BLE001 - a raising __getattr__ means "no such method"
        return None
    return method if callable(method) else None


def _format_protocol(obj: object) -> Bundle | None:
    # An object answering every attribute (a mock, a proxy) would claim every representation.
    if _method(obj, "_cove_canary_method_that_does_not_exist_") is not None:
        return None
    mime = _method(obj, "_mime_")
    if mime is not None:
        result = _call(mime, "_mime_")
        if result is not None:
            mimetype, data = result
            return {str(mimetype): _encode(str(mimetype), data)}
    bundle_method = _method(obj, "_repr_mimebundle_")
    if bundle_method is not None:
        try:
            result = bundle_method(include=None, exclude=None)
        except TypeError:
            result = _call(bundle_method, "_repr_mimebundle_")
        except Exception as exc:  # noqa: BLE001
            raise _FormatError("_repr_mimebundle_", exc) from exc
        if isinstance(result, tuple):
            result = result[0] if result else None
        if isinstance(result, Mapping) and result:
            return {str(k): _encode(str(k), v) for k, v in result.items() if v is not None}
    for name, mimetype in _REPR_METHODS:
        method = _method(obj, name)
        if method is None:
            continue
        data = _call(method, name)
        if isinstance(data, tuple):  # (data, metadata)
            data = data[0] if data else None
        if data is None:
            continue
        return _finish(mimetype, _encode(mimetype, data))
    return None


def _call(method: Callable[[], Any], name: str) -> Any:
    try:
        return method()
    except Exception as exc:  # noqa: BLE001
        raise _FormatError(name, exc) from exc


def _is_text(mimetype: str) -> bool:
    return (
        mimetype.startswith("text/")
        or mimetype == "image/svg+xml"
        or mimetype.endswith("json")
        or mimetype.endswith("+xml")
        or mimetype == "application/javascript"
    )


def _encode(mimetype: str, data: Any) -> str:
    """`data` as the string a bundle carries: text as is, JSON encoded, binary base64."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if _is_text(mimetype):
            return raw.decode("utf-8", "replace")
        return base64.b64encode(raw).decode("ascii")
    if isinstance(data, str):
        return data
    if mimetype.endswith("json"):
        return json.dumps(data, default=str)
    return str(data)


def _finish(mimetype: str, data: str) -> Bundle:
    """Add an HTML rendering next to representations the front end may not render itself."""
    if mimetype == "text/markdown":
        return {"text/markdown": data, "text/html": md(data).text}
    if mimetype == "text/latex":
        tex = data.strip()
        display = "inline" if tex.startswith("$") and not tex.startswith("$$") else "block"
        body = escape(tex.strip("$").strip())
        tag = "span" if display == "inline" else "div"
        return {
            "text/latex": data,
            "text/html": f'<{tag} class="cove-math" data-display="{display}">{body}</{tag}>',
        }
    return {mimetype: data}


# -- known library types, detected without importing the libraries ---------------------------


def _kind(obj: object) -> str | None:
    for cls in type(obj).__mro__:
        module = cls.__module__ or ""
        root = module.split(".", 1)[0]
        name = cls.__name__
        if root == "plotly" and name in ("BaseFigure", "Figure", "FigureWidget"):
            return "plotly"
        if root == "altair" and (name == "TopLevelMixin" or name.endswith("Chart")):
            return "altair"
        if root == "matplotlib":
            if name in ("Figure", "SubFigure", "FigureBase"):
                return "mpl-figure"
            if name in ("Axes", "_AxesBase"):
                return "mpl-axes"
        if root == "PIL" and name == "Image":
            return "pil"
        if name == "DataFrame" and root in ("pandas", "polars", "narwhals"):
            return "frame"
    return None


def _format_known(obj: object) -> Bundle | None:
    kind = _kind(obj)
    if kind is None:
        return _table(obj) if is_records(obj) else None
    if kind == "frame" and importlib.util.find_spec("narwhals") is None:
        return None  # frames are read through narwhals; without it, the frame's own _repr_html_
    try:
        if kind == "plotly":
            to_json = _method(obj, "to_json")
            spec = to_json() if to_json else json.dumps(obj.to_plotly_json(), default=str)  # type: ignore[attr-defined]
            return _chart("application/vnd.plotly.v1+json", spec)
        if kind == "altair":
            spec_dict = obj.to_dict()  # type: ignore[attr-defined]
            match = re.search(r"/v(\d+)[./]", str(spec_dict.get("$schema", "")))
            version = match.group(1) if match else "5"
            return _chart(f"application/vnd.vegalite.v{version}+json", json.dumps(spec_dict, default=str))
        if kind in ("mpl-figure", "mpl-axes"):
            figure = obj.figure if kind == "mpl-axes" else obj  # type: ignore[attr-defined]
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", bbox_inches="tight")
            return {"image/svg+xml": buffer.getvalue()}
        if kind == "pil":
            return {"image/png": base64.b64encode(pil_png(obj)).decode("ascii")}
        return _table(obj)
    except _FormatError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _FormatError(f"rendering the {kind} object", exc) from exc


def _chart(mimetype: str, spec: str) -> Bundle:
    """A chart spec plus the `text/html` placeholder that carries it, for front ends that know
    only HTML (Jupyter, the docs); Cove's registry draws it the same."""
    return {mimetype: spec, "text/html": render_data({mimetype: spec})}


def pil_png(image: Any) -> bytes:
    """PNG bytes of a PIL image (converted to RGBA when its mode cannot be saved as PNG)."""
    buffer = io.BytesIO()
    try:
        image.save(buffer, format="PNG")
    except (OSError, ValueError):
        buffer = io.BytesIO()
        image.convert("RGBA").save(buffer, format="PNG")
    return buffer.getvalue()


def _table(obj: object) -> Bundle:
    """Inside a running kernel, a data frame or list of dicts shows as a `cove.ui.table`
    without selection (sortable, searchable, paged by asking the kernel for rows); elsewhere
    (exports, scripts) as a static table of its first rows."""
    if current() is not None:
        from ..ui._table import table  # the one way up into cove.ui, only inside a kernel

        return {"text/html": table(obj, selection=None).text}
    return {"text/html": render_table(read_table(obj))}
