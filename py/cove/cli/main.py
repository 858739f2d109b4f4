"""`cove` entry point: builds the argument parser from the subcommand modules and dispatches.

`main(argv)` is a plain function that tests call; `console_main` only wraps it for the console
script. Every subcommand module defines `NAME`, `HELP`, `add_arguments(parser)` and
`run(args) -> int`; errors Cove raises on purpose (CoveError) become one line on stderr.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from .._errors import CoveError

SUBCOMMANDS = ("new", "edit", "run", "check", "export", "convert", "serve", "kernel", "mcp")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="cove",
        description="Cove: reactive Python notebooks that run in any browser, with no server.",
    )
    parser.add_argument("--version", action="version", version=f"cove {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f".cmd_{name}", __package__)
        except ModuleNotFoundError as e:
            if e.name != f"{__package__}.cmd_{name}":
                raise
            continue  # subcommand not built yet
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `cove run nb.py -- a b`: everything after `--` belongs to the notebook.
    extra: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1 :]
    parser = build_parser()
    args = parser.parse_args(argv)
    args.extra = extra
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except CoveError as e:
        print(f"cove {args.command}: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"cove {args.command}: interrupted", file=sys.stderr)
        return 130


def console_main() -> None:
    sys.exit(main())
if __name__ == "__main__":
    console_main()
