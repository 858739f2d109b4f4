"""Plain data for a notebook file: what the parser produces and the serializer consumes."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CellKind = Literal["cell", "function", "class", "unparsable"]


@dataclass(frozen=True)
class CellConfig:
    """Options written in `@app.cell(...)`; defaults are left out of the file."""

    hide_code: bool = False
    disabled: bool = False

    def non_default(self) -> dict[str, bool]:
        return {k: v for k, v in (("hide_code", self.hide_code), ("disabled", self.disabled)) if v}


@dataclass(frozen=True)
class CellSource:
    """One cell as written in the file.

    `code` is the cell body as the user wrote it (dedented, without the function header and the
    final `return`); for `function`/`class` cells it is the whole top-level def/class including
    any extra decorators; for `unparsable` cells it is the raw string the file carried.
    """

    code: str
    name: str = "_"
    kind: CellKind = "cell"
    config: CellConfig = field(default_factory=CellConfig)
    is_async: bool = False
    # 1-based line in the file where the cell's code starts (0 when the cell is not from a file).
    lineno: int = 0


@dataclass(frozen=True)
class NotebookFile:
    """A whole notebook file."""

    # Everything before the `import cove` / `import marimo` line, verbatim (comments, the PEP 723
    # `# /// script` block, docstrings, blank lines).
    header: str = ""
    # "cove" or "marimo": which module the file imports; the serializer keeps it.
    import_name: str = "cove"
    generated_with: str | None = None
    # Keyword arguments of `App(...)`, literal values only, in file order.
    app_options: dict[str, Any] = field(default_factory=dict)
    setup: CellSource | None = None
    cells: tuple[CellSource, ...] = ()
