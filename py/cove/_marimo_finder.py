"""`import marimo` answered by Cove where no real marimo is installed (SPEC §1), for any program:
`python nb.py` on a marimo notebook, a test importing one, a REPL.

Cove's install puts `cove-marimo.pth` in site-packages; Python runs its one line at start-up,
which imports this module and puts `MarimoFinder` first on `sys.meta_path`. The finder answers
`marimo` only when no other finder can (a real marimo always wins), and then `marimo.<sub>` as
`cove.<sub>`, so `marimo.ui` is `cove.ui` (one module object, never a second copy).
Cheap: it imports nothing until `import marimo` is asked for.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # no typing import at start-up: this module loads in every Python process
    from types import ModuleType
    from typing import Any, Sequence

__all__ = ["MarimoFinder", "install"]


class _Alias:
    """A loader whose module is another, already importable one."""

    def __init__(self, target: str) -> None:
        self.target = target

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(self.target)

    def exec_module(self, module: ModuleType) -> None:
        pass  # the target module ran when it was imported


class MarimoFinder:
    """A meta path finder (the protocol, without importlib.abc: see TYPE_CHECKING)."""

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if fullname == "marimo":
            if _real_marimo_exists():
                return None
            return importlib.machinery.ModuleSpec("marimo", _Alias("cove"))
        if fullname.startswith("marimo.") and sys.modules.get("marimo") is sys.modules.get("cove"):
            return importlib.machinery.ModuleSpec(fullname, _Alias("cove" + fullname[len("marimo"):]))
        return None


def _real_marimo_exists() -> bool:
    """Whether a finder after this one (the path finder: site-packages, PYTHONPATH) has marimo."""
    for finder in sys.meta_path:
        if isinstance(finder, MarimoFinder):
            continue
        find = getattr(finder, "find_spec", None)
        if find is not None and find("marimo", None) is not None:
            return True
    return False


def install() -> None:
    if not any(isinstance(f, MarimoFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, MarimoFinder())


install()
