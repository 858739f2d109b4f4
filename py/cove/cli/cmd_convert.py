"""`cove convert nb.ipynb -o nb.py`: import a Jupyter notebook (or a marimo file) as a Cove notebook."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

NAME = "convert"
HELP = "convert a Jupyter notebook (.ipynb) or a marimo notebook (.py) to a Cove notebook"

_EPILOG = """\
Jupyter: code cells become cells, Markdown cells become mo.md(...) cells, outputs are dropped.
IPython magics and shell escapes (%matplotlib, %%time, !ls) are kept as comments, with a
warning; `!pip install x` also adds x to the PEP 723 dependencies. A name defined in several
cells (Cove allows one defining cell per name): the same import repeated is kept in its first
cell only; a name used only inside the cells that define it is renamed to `_name` (local to
each cell); any other is reported, as are all `cove check` findings of the result.
Cell numbers in messages are those of the written file (0-based, as `cove check`).
marimo: the file is rewritten with `import cove` / `cove.App`; its cells stay as they are."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook to convert (.ipynb, or a marimo .py)")
    parser.add_argument("-o", "--output",
                        help="the Cove notebook to write (default: the input's name with .py)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite an existing output file")
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = _EPILOG


def run(args: argparse.Namespace) -> int:
    from .._convert.convert import convert_file
    from .._errors import CoveError
    from .._export.formats_io import write_text_atomic

    source = Path(args.notebook)
    output = Path(args.output) if args.output else source.with_suffix(".py")
    if not args.force and output.exists():
        same = output.resolve() == source.resolve()
        raise CoveError(f"{output}: exists already{' (it is the input)' if same else ''}; "
                        "pass --force to overwrite it")
    result = convert_file(source, output_name=os.fspath(output))
    for line in result.warnings:
        print(f"cove convert: {line}", file=sys.stderr)
    write_text_atomic(output, result.text, overwrite=args.force)
    print(f"cove convert: wrote {output} ({result.cells} cells)", file=sys.stderr)
    if result.findings:
        print(f"cove convert: {output} has {len(result.findings)} finding(s) (`cove check`):",
              file=sys.stderr)
        for finding in result.findings:
            print(finding, file=sys.stderr)
    return 0
