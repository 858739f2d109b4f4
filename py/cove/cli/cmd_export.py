"""`cove export nb.py -o DIR`: a static site (or, with --to, an ipynb/html/script/md file)."""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .._errors import CoveError

NAME = "export"
HELP = "export a notebook as a self-contained static site (or ipynb, html, script, md)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook file (.py)")
    parser.add_argument("-o", "--output", required=True, help="output folder (site) or file (--to)")
    parser.add_argument("--to", choices=("site", "ipynb", "html", "script", "md"), default="site",
                        help="what to write (default: the static site)")
    parser.add_argument("--mode", choices=("run", "edit"), default="run",
                        help="run: the app view; edit: the editor, saving in the reader's browser")
    parser.add_argument("--show-code", action="store_true", help="show cells' code (folded) in run mode")
    parser.add_argument("--single-file", action="store_true",
                        help="write one .html file that works opened from disk (file://)")
    parser.add_argument("--no-prerender", action="store_true",
                        help="do not run the notebook at export time (the page shows outputs once it runs)")
    pre = parser.add_mutually_exclusive_group()
    pre.add_argument("--precompute", type=int, metavar="N",
                     help="run at most N UI states at export so controls answer before Python boots "
                          "(default 2000)")
    pre.add_argument("--no-precompute", action="store_true", help="precompute no UI states")
    parser.add_argument("--pyodide-dist", metavar="DIR|URL",
                        help="where packages PyPI has no Pyodide wheel for come from (numpy, pandas, "
                             "...): a Pyodide release folder or URL, or 'none' (default: "
                             "$COVE_PYODIDE_DIST, else the official release of the bundled Pyodide)")
    parser.add_argument("--package-index", metavar="URL",
                        help="the package index the page installs missing packages from with "
                             "micropip (PEP 503/691 simple API; default: PyPI)")
    parser.add_argument("--strict", action="store_true",
                        help="fail when a cell cannot be prerendered (instead of a warning)")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="also publish these files of the notebook's folder (repeatable; "
                             "public/, the header's [tool.cove] files and paths the code names go anyway)")
    parser.add_argument("--cache-dir", type=Path, help="where downloaded wheels are cached")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.to != "site":
        from .._export.formats import export_file

        out = export_file(args.notebook, args.output, args.to, prerender=not args.no_prerender)
        _say(args, f"wrote {out} ({os.path.getsize(out):,} bytes)")
        return 0
    from .._export.site import ExportOptions, export_site

    options = ExportOptions(
        mode=args.mode, show_code=args.show_code, prerender=not args.no_prerender,
        pyodide_dist=args.pyodide_dist, cache_dir=args.cache_dir, quiet=args.quiet,
        strict=args.strict, package_index=args.package_index,
        precompute=0 if args.no_precompute else args.precompute,
        include=tuple(args.include),
    )
    if args.single_file:
        from .._export.single_file import export_single_file

        out = export_single_file(args.notebook, args.output, options)
        _say(args, f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB, one file) in {time.perf_counter() - started:.1f}s")
        return 0
    result = export_site(args.notebook, args.output, options)
    _say(
        args,
        f"exported {args.notebook} → {result.folder} ({result.files} files, {result.bytes / 1e6:.1f} MB) "
        f"in {time.perf_counter() - started:.1f}s; preview: cove serve {result.folder}",
    )
    return 0


def _say(args: argparse.Namespace, text: str) -> None:
    if not args.quiet:
        print(text, file=sys.stderr)


__all__ = ["NAME", "HELP", "add_arguments", "run", "CoveError"]
