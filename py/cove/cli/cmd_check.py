"""`cove check nb.py ... [--format json]`: lint notebooks; exit status 1 on any finding."""
from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict

from .._lint import Finding, check_file

NAME = "check"
HELP = "check notebooks for parse errors, multiple definitions, cycles and `import *`"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebooks", nargs="+", help="notebook files (.py)")
    parser.add_argument("--format", choices=("text", "json"), default="text")


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
