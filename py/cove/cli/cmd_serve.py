"""`cove serve DIR`: preview a static folder (an exported site) with the right MIME types and gzip."""
from __future__ import annotations

import argparse
import os
import threading
from pathlib import Path

from .._errors import CoveError

NAME = "serve"
HELP = "serve a static folder (an exported site) on 127.0.0.1 with correct MIME types and gzip"


def port_number(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port out of range (0-65535): {port}")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", metavar="DIR", help="the folder to serve")
    parser.add_argument("--port", type=port_number, default=0, help="port (default: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    parser.add_argument(
        "--isolated",
        action="store_true",
        help="send COOP/COEP headers (cross-origin isolation: SharedArrayBuffer, interrupting cells)",
    )


def bind_error(host: str, port: int, e: OSError) -> CoveError:
    return CoveError(f"cannot listen on {host}:{port}: {e.strerror or e}")


def run(args: argparse.Namespace) -> int:
    from .._server.run import serve_until_interrupted
    from .._server.static import make_static_server

    root = Path(args.dir)
    if not root.is_dir():
        what = "does not exist" if not root.exists() else "is not a folder"
        raise CoveError(f"{os.fspath(root)}: {what}")
    try:
        server = make_static_server(root, args.host, args.port, isolated=args.isolated)
    except OSError as e:
        raise bind_error(args.host, args.port, e) from None
    server.quiet = False
    threading.Thread(target=server.precompress, daemon=True).start()
    extra = " (cross-origin isolated)" if args.isolated else ""
    print(f"Serving {os.fspath(root)}{extra} at {server.url()}", flush=True)
    print("Press Ctrl+C to stop.", flush=True)
    return serve_until_interrupted(server)
