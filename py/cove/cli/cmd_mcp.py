"""`cove mcp nb.py`: a Model Context Protocol server over stdio for one notebook (docs/agents.md)."""
from __future__ import annotations

import argparse
import sys

NAME = "mcp"
HELP = "serve a notebook to coding agents over the Model Context Protocol (stdio)"

INSTALL_HINT = (
    "cove mcp needs the MCP Python SDK (version 2): pip install 'cove[agents]' "
    "(or pip install 'mcp>=2,<3')"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", help="the notebook file (.py); code changes are saved to it")
    parser.add_argument("--mode", choices=("autorun", "lazy"), default="autorun")
    parser.epilog = "Nothing runs until an agent asks. " + INSTALL_HINT.replace("cove mcp needs", "Needs")


def run(args: argparse.Namespace) -> int:
    try:
        import mcp.server.mcpserver  # noqa: F401 - probe: the SDK is optional (cove[agents])
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    from .._agents.mainthread import MainThread
    from .._agents.mcp_server import serve
    from .._agents.session import AgentError, AgentSession
    from .._runtime.marimo_alias import install_marimo_alias

    install_marimo_alias()
    main = MainThread()
    try:
        session = AgentSession(args.notebook, args.mode)
    except AgentError as e:
        print(f"cove mcp: {e}", file=sys.stderr)
        return 1
    serve(session, main)
    return 0
