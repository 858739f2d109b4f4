"""Run a server in the foreground until Ctrl+C (or SIGTERM), then stop it cleanly."""
from __future__ import annotations

import signal
import threading
import webbrowser
from contextlib import contextmanager
from socketserver import BaseServer
from types import FrameType
from typing import Callable, Iterator

__all__ = ["open_browser", "serve_until_interrupted"]


def open_browser(url: str) -> None:
    # webbrowser.open can block for a while (it may start the browser); serve meanwhile.
    threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    # `kill PID` should stop the server the way Ctrl+C does, through the same cleanup.
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGTERM"):
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serve_until_interrupted(server: BaseServer, before_exit: Callable[[], None] | None = None) -> int:
    """serve_forever() until interrupted; `before_exit` runs after (e.g. waits for a save). Returns 0."""
    try:
        with _sigterm_as_interrupt():
            try:
                server.serve_forever(poll_interval=0.5)
            except KeyboardInterrupt:
                pass
            # The listening socket closes first: no new request starts while we finish up.
            server.server_close()
            if before_exit is not None:
                before_exit()
    finally:
        server.server_close()
    return 0
