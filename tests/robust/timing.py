"""How long the page's main thread works without a break, measured so that a loaded test
machine does not count: Chrome's trace gives each main-thread task's thread (CPU) time, which
does not grow when the OS lets another process run. (The Long Tasks API measures wall time.)"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CATEGORIES = ["toplevel", "devtools.timeline", "disabled-by-default-devtools.timeline"]


@contextmanager
def main_thread_tasks(browser: Any, page: Any) -> Iterator[list[float]]:
    """Yields a list that, after the block, holds the CPU time (ms) of every task that ran on a
    renderer's main thread during the block."""
    tasks: list[float] = []
    browser.start_tracing(page=page, categories=CATEGORIES)
    try:
        yield tasks
    finally:
        trace = json.loads(browser.stop_tracing())
        events = trace["traceEvents"] if isinstance(trace, dict) else trace
        main = {
            (e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name" and e.get("args", {}).get("name") == "CrRendererMain"
        }
        tasks.extend(
            e["tdur"] / 1000 for e in events
            if e.get("name") == "RunTask" and e.get("ph") == "X" and "tdur" in e and (e["pid"], e["tid"]) in main
        )
