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
IPython magics and shell escapes (%matplotlib, %%time, !ls) are kept as comments;
`!pip install x` also adds x to the PEP 723 dependencies. Then the code is made reactive, so
that the cells run as they did in Jupyter, top to bottom:
  - a name defined in several cells (Cove allows one defining cell per name) gets one name per
    version, in file order (df, df_2, ...), and each later cell reads the newest; a name no
    other cell reads becomes _name (private to each cell); the same import repeated is kept in
    its first cell only;
  - imports go in cells of their own, so that a failing import or a failing line after them
    does not take the imported names down (Jupyter keeps them);
  - names pandas reads inside strings (pd.eval("a + b"), df.query("x > @t")) are passed
    explicitly (local_dict=...), so that Cove sees them.
Run in file order as a plain script, the result does what the original did. What could not be
done (a name a function reads when called and a later cell reassigns, eval/globals() lookups)
is reported. Each change is one line on stderr, then the `cove check` findings of the result.
Cell numbers are those of the written file (0-based, as `cove check`). A notebook that
`cove export --to ipynb` wrote comes back exactly as it was.
--check runs the written notebook headless (matplotlib on Agg) and says how many cells ran.
marimo: the file is rewritten with `import cove` / `cove.App`; its cells stay as they are."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook to convert (.ipynb, or a marimo .py)")
    parser.add_argument("-o", "--output",
                        help="the Cove notebook to write (default: the input's name with .py)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument("--check", action="store_true",
                        help="then run the result headless and report the cells that do not run "
                             "(exit status 1 if any)")
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
    return _check(output) if args.check else 0


def _check(path: Path) -> int:
    """Run the written notebook as `cove run` would, its output captured; one line per cell
    that failed by itself, then the count."""
    from .._notebook import load
    from .._runtime.kernel import Kernel
    from .._runtime.marimo_alias import install_marimo_alias

    os.environ.setdefault("MPLBACKEND", "Agg")  # headless: never open a plot window
    install_marimo_alias()
    kernel = Kernel(load(path), in_notebook=False, location=path.resolve().parent)
    kernel.run_all()
    cells = kernel.cells
    ran = sum(c.status == "idle" for c in cells)
    for i, c in enumerate(cells):
        if c.status == "error" and c.error_info is not None and c.error_info.kind != "ancestor":
            print(f"{path}:{c.lineno or 1}: cell {i} failed: {c.error_info.message}", file=sys.stderr)
    blocked = sum(c.error_info is not None and c.error_info.kind == "ancestor" for c in cells)
    print(f"cove convert: --check: {ran} of {len(cells)} cells ran"
          + (f" ({blocked} not run because a cell they read failed)" if blocked else ""),
          file=sys.stderr)
    return 0 if ran == len(cells) else 1
