"""Lint findings of a notebook (`cove check`, `cove mcp`'s check tool, convert's report): parse
errors, multiple definitions, cycles, setup references and `import *`, with file lines."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._runtime.kernel import Kernel

__all__ = ["CODES", "Finding", "check_file", "kernel_findings"]

# finding codes (docs/spec.md §3)
CODES = {
    "syntax": "E001",
    "multiple-definitions": "E002",
    "cycle": "E003",
    "setup-refs": "E004",
    "import-star": "E005",
}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    code: str
    message: str


def check_file(path: str) -> list[Finding]:
    """Findings for one notebook; a file that is not a readable notebook is one E001 finding."""
    from ._errors import NotebookError
    from ._notebook import load
    from ._runtime.kernel import Kernel

    try:
        nb = load(path)
    except NotebookError as e:
        return [Finding(path, e.lineno or 1, "E001", e.message)]
    except OSError as e:
        return [Finding(path, 1, "E001", f"cannot read: {e.strerror or e}")]
    return kernel_findings(Kernel(nb, in_notebook=False), path)


def kernel_findings(kernel: "Kernel", path: str) -> list[Finding]:
    """The findings of a loaded notebook (also `cove mcp`'s `check` tool, on the live cells).
    Lines are file lines: each cell's `lineno` must match the file."""
    findings: list[Finding] = []
    cells = ([kernel.setup] if kernel.setup is not None else []) + kernel.cells
    for c in cells:
        error = kernel.graph.errors.get(c.id)
        if error is None:
            continue
        line = c.lineno or 1
        if c.analysis.syntax_error is not None:
            line = (c.lineno or 1) + c.analysis.syntax_error[0] - 1
        elif c.analysis.import_star and c.analysis.import_star_line:
            line = (c.lineno or 1) + c.analysis.import_star_line - 1
        findings.append(Finding(path, line, CODES.get(error.kind, "E000"), error.message))
    return sorted(findings, key=lambda f: (f.file, f.line, f.code))
