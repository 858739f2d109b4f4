"""The public API of marimo (or of Cove standing in for it) as JSON: every public name of the
top-level module and of its `ui`, with the parameters of each callable.

Run as a script in an interpreter that has marimo (`python marimo_api.py marimo`), or call
`describe(module)` in-process on `cove`. Only the standard library: it runs in a bare venv.
"""
from __future__ import annotations

import importlib
import inspect
import json
import sys
from types import ModuleType
from typing import Any

__all__ = ["describe", "compare", "coverage"]


def _parameters(obj: Any) -> dict[str, Any] | None:
    """Positional parameters in order, keyword-only ones as a sorted list (their order means
    nothing to a caller), and whether *args / **kwargs are accepted. None: no signature."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    kinds = inspect.Parameter
    params = list(sig.parameters.values())
    return {
        "positional": [p.name for p in params if p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD)],
        "keyword_only": sorted(p.name for p in params if p.kind is kinds.KEYWORD_ONLY),
        "var_positional": any(p.kind is kinds.VAR_POSITIONAL for p in params),
        "var_keyword": any(p.kind is kinds.VAR_KEYWORD for p in params),
    }


def describe(module: ModuleType) -> dict[str, Any]:
    """`{"marimo.<name>" | "marimo.ui.<name>": {"kind", "parameters"}}` for `module` and
    `module.ui` (keys always say `marimo`, so Cove's and marimo's descriptions compare)."""
    out: dict[str, Any] = {}
    for prefix, mod in (("marimo", module), ("marimo.ui", module.ui)):
        for name in dir(mod):
            if name.startswith("_"):
                continue
            obj = getattr(mod, name)
            kind = "module" if isinstance(obj, ModuleType) else "class" if inspect.isclass(obj) else (
                "callable" if callable(obj) else "value"
            )
            out[f"{prefix}.{name}"] = {
                "kind": kind,
                "parameters": _parameters(obj) if kind in ("class", "callable") else None,
            }
    return out


def compare(reference: dict[str, Any], ours: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    """Names of `reference` missing from `ours`, and for names both have, a one-line description
    of each parameter difference."""
    missing = sorted(n for n in reference if n not in ours)
    differ: dict[str, str] = {}
    for name, ref in reference.items():
        mine = ours.get(name)
        if mine is None or ref["parameters"] == mine["parameters"]:
            continue
        differ[name] = f"marimo {ref['parameters']} | cove {mine['parameters']}"
    return missing, differ


def coverage(reference: dict[str, Any], ours: dict[str, Any]) -> str:
    missing, differ = compare(reference, ours)
    present = len(reference) - len(missing)
    return (
        f"{present}/{len(reference)} names present; "
        f"{present - len(differ)}/{len(reference)} with marimo's parameters"
    )


if __name__ == "__main__":
    if sys.argv[1:] == ["--coverage"]:  # python marimo_api.py --coverage < marimo.json
        import cove

        print(coverage(json.load(sys.stdin), describe(cove)))
    else:
        print(json.dumps(describe(importlib.import_module(sys.argv[1])), indent=1, sort_keys=True))
