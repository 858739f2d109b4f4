"""Make `import marimo` resolve to Cove where marimo itself is not installed (docs/spec.md §1)."""
from __future__ import annotations

import importlib.util
import sys


def install_marimo_alias() -> bool:
    """Alias `marimo` → `cove` unless a real marimo is importable. Returns True if aliased."""
    if "marimo" in sys.modules:
        return sys.modules["marimo"] is sys.modules.get("cove")
    try:
        real = importlib.util.find_spec("marimo")
    except (ImportError, ValueError):
        real = None
    if real is not None:
        return False
    import cove
    from .. import _marimo_finder  # noqa: F401 - installs the finder: `marimo.ui` is `cove.ui`

    sys.modules["marimo"] = cove
    return True
