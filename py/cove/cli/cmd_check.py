"""`cove check nb.py ... [--format json]`: lint notebooks; exit status 1 on any finding."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass

NAME = "check"
HELP = "check notebooks for parse errors, multiple definitions, cycles and `import *`"

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebooks", nargs="+", help="notebook files (.py)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def check_file(path: str) -> list[Finding]:
    """Findings for one notebook; a file that is not a readable notebook is one E001 finding."""
    from .._errors import NotebookError
    from .._notebook import load
    from .._runtime.kernel import Kernel

    try:
        nb = load(path)
    except NotebookError as e:
        return [Finding(path, e.lineno or 1, "E001", e.message)]
    except OSError as e:
        return [Finding(path, 1, "E001", f"cannot read: {e.strerror or e}")]
    kernel = Kernel(nb, in_notebook=False)
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


def run(args: argparse.Namespace) -> int:
    findings: list[Finding] = []
    for path in args.notebooks:
        findings += check_file(os.fspath(path))
    if args.format == "json":
        print(json.dumps([asdict(f) for f in findings], indent=2))
    else:
        for f in findings:
            print(f"{f.file}:{f.line}: {f.code} {f.message}")
        if not findings:
            print(f"{len(args.notebooks)} notebook(s) checked, no findings", file=sys.stderr)
    return 1 if findings else 0
