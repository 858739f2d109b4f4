"""A short, JSON-ready summary of a live value, for an agent that cannot see the value itself.

`describe(value)` says what a value is (its type) and how big it is (length, shape, dtype, schema)
and shows a few sample items. Data frames and series of any library narwhals supports (pandas,
polars, pyarrow, ...) go through narwhals when it is installed; arrays (anything with `shape` and
`dtype`: numpy, torch, jax) give shape and dtype. Every text in the summary is cut at `TEXT_LIMIT`
characters and at most `SAMPLE_ITEMS` items are shown, so describing a 10 GB frame costs the same
as describing a small one.
"""
from __future__ import annotations

import inspect
import itertools
import math
import reprlib
import types
from collections.abc import Mapping, Set
from typing import Any

from ..ui._base import UIElement

__all__ = ["SAMPLE_ITEMS", "TEXT_LIMIT", "cut", "describe"]

SAMPLE_ITEMS = 5
TEXT_LIMIT = 200


def cut(text: str, limit: int) -> str:
    """`text`, or its first `limit` characters and a note saying how much was left out."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"… [cut: {len(text) - limit:,} more characters]"


def _short_repr(limit: int) -> reprlib.Repr:
    # reprlib shortens strings and containers while it builds the text: the repr of a
    # 100-million-item list or a 1 GB string is never built just to be cut.
    r = reprlib.Repr()
    r.maxstring = r.maxother = limit
    r.maxlist = r.maxtuple = r.maxset = r.maxfrozenset = r.maxdeque = r.maxarray = SAMPLE_ITEMS
    r.maxdict = SAMPLE_ITEMS
    r.maxlevel = 3
    return r


_REPRS = {limit: _short_repr(limit) for limit in (60, TEXT_LIMIT)}


def _repr(value: Any, limit: int = TEXT_LIMIT) -> str:
    try:
        text = _REPRS.get(limit, _REPRS[TEXT_LIMIT]).repr(value)
    except Exception as e:  # noqa: BLE001 - a broken __repr__ is the value's problem, not ours
        text = f"<{type(value).__qualname__} object: repr raised {type(e).__name__}>"
    return cut(text, limit)


def _type_name(value: Any) -> str:
    t = type(value)
    module = t.__module__
    return t.__qualname__ if module in ("builtins", "__main__") else f"{module}.{t.__qualname__}"


def describe(value: Any) -> dict[str, Any]:
    """What `value` is: {"type", "kind", ...} with sizes and samples; see the module docstring."""
    out: dict[str, Any] = {"type": _type_name(value)}
    for summarize in (_ui, _frame, _array, _scalar, _text, _mapping, _collection, _callable, _module):
        found = summarize(value)
        if found is not None:
            out.update(found)
            return out
    out["kind"] = "object"
    out["repr"] = _repr(value)
    return out


def _ui(value: Any) -> dict[str, Any] | None:
    """A UI element (`cove.ui.*`): its label and the description of its current value."""
    if not isinstance(value, UIElement):
        return None
    out: dict[str, Any] = {"kind": "ui"}
    if value.label:
        out["label"] = cut(value.label, TEXT_LIMIT)
    out["value"] = describe(value.value)
    return out


def _frame(value: Any) -> dict[str, Any] | None:
    """Data frames and series through narwhals (only if the value's library is loaded already:
    narwhals never imports pandas or polars to check)."""
    try:
        import narwhals.stable.v1 as nw
    except ImportError:
        return None
    try:
        frame = nw.from_native(value, eager_only=True)
    except (TypeError, ValueError):
        frame = None
    if frame is not None:
        rows, columns = frame.shape
        head = frame.head(SAMPLE_ITEMS).rows(named=True)
        return {
            "kind": "frame",
            "shape": [rows, columns],
            "schema": {str(k): str(v) for k, v in list(frame.schema.items())[:100]},
            "head": [{str(k): _repr(v, 60) for k, v in row.items()} for row in head],
        }
    try:
        series = nw.from_native(value, series_only=True)
    except (TypeError, ValueError):
        return None
    return {
        "kind": "series",
        "name": _repr(series.name, 60),
        "length": len(series),
        "dtype": str(series.dtype),
        "head": [_repr(v, 60) for v in series.head(SAMPLE_ITEMS).to_list()],
    }


def _array(value: Any) -> dict[str, Any] | None:
    shape = getattr(value, "shape", None)
    dtype = getattr(value, "dtype", None)
    if isinstance(value, type) or dtype is None or not isinstance(shape, tuple):
        return None
    out: dict[str, Any] = {"kind": "array", "shape": [int(n) for n in shape], "dtype": str(dtype)}
    try:
        flat = value.reshape(-1)[:SAMPLE_ITEMS]
        out["sample"] = [_repr(v.item() if hasattr(v, "item") else v, 60) for v in flat]
    except Exception:  # noqa: BLE001 - a sample is a nicety; shape and dtype are the point
        pass
    return out


def _scalar(value: Any) -> dict[str, Any] | None:
    if value is None or isinstance(value, (bool, int, complex)):
        return {"kind": "scalar", "value": _repr(value)}
    if isinstance(value, float):
        return {"kind": "scalar", "value": repr(value) if math.isfinite(value) else str(value)}
    return None


def _text(value: Any) -> dict[str, Any] | None:
    if isinstance(value, (str, bytes, bytearray)):
        shown = repr(value[:TEXT_LIMIT])
        if len(value) > TEXT_LIMIT:
            shown += f"… [cut: {len(value) - TEXT_LIMIT:,} more characters]"
        return {"kind": "text", "length": len(value), "value": shown}
    return None


def _mapping(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    items = []
    for i, (k, v) in enumerate(value.items()):
        if i == SAMPLE_ITEMS:
            break
        items.append([_repr(k, 60), _repr(v, 60)])
    return {"kind": "mapping", "length": len(value), "sample": items}


def _collection(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, (list, tuple, Set, range)):
        return None
    sample = list(itertools.islice(value, SAMPLE_ITEMS))
    # the item types of the first thousand items: a sample that stays cheap for huge lists
    kinds = sorted({type(v).__qualname__ for v in itertools.islice(value, 1000)})
    return {
        "kind": "sequence" if not isinstance(value, Set) else "set",
        "length": len(value),
        "item_types": kinds[:10],
        "sample": [_repr(v, 60) for v in sample],
    }


def _callable(value: Any) -> dict[str, Any] | None:
    if not (inspect.isfunction(value) or inspect.isclass(value) or inspect.isbuiltin(value)):
        return None
    try:
        signature = str(inspect.signature(value))
    except (TypeError, ValueError):
        signature = "(...)"
    doc = (inspect.getdoc(value) or "").strip().split("\n", 1)[0]
    kind = "class" if inspect.isclass(value) else "function"
    out = {"kind": kind, "signature": cut(f"{getattr(value, '__name__', '?')}{signature}", TEXT_LIMIT)}
    if doc:
        out["doc"] = cut(doc, TEXT_LIMIT)
    return out


def _module(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, types.ModuleType):
        return None
    return {"kind": "module", "name": value.__name__, "version": str(getattr(value, "__version__", ""))}
