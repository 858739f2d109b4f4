"""`cove kernel nb.py`: the notebook's kernel as JSON lines over stdin/stdout (docs/agents.md)."""
from __future__ import annotations

import argparse

NAME = "kernel"
HELP = "run a notebook's kernel as JSON lines over stdin/stdout (the editor's protocol), for tools"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook file (.py); code changes are saved to it")
    parser.add_argument("--mode", choices=("autorun", "lazy"), default="autorun")
    parser.epilog = (
        "One command per line in, one event per line out (see cove/protocol.py); "
        '{"type": "stop"} interrupts the running cell, {"type": "reload"} re-reads the file. '
        "Nothing runs until a command asks."
    )


def run(args: argparse.Namespace) -> int:
    from .._agents.jsonl import serve
    from .._runtime.marimo_alias import install_marimo_alias

    install_marimo_alias()
    return serve(args.notebook, args.mode)
