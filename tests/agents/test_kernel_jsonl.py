"""`cove kernel`, driven with JSON lines over stdin/stdout as a tool in any language would."""
from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, Callable

import cove

from .helpers import child_env, cove_command, write_notebook

Event = dict[str, Any]


def run_script(path: Path, commands: list[dict[str, Any]]) -> list[Event]:
    """Send every command, close stdin, and read every event the kernel wrote until it exits."""
    script = "".join(json.dumps(c) + "\n" for c in commands)
    done = subprocess.run(
        cove_command("kernel", str(path)), input=script, capture_output=True, text=True,
        env=child_env(), timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


class Kernel:
    """An interactive `cove kernel` process: send lines, wait for events."""

    def __init__(self, path: Path) -> None:
        self.proc = subprocess.Popen(
            cove_command("kernel", str(path)), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            text=True, env=child_env(),
        )
        self.events: queue.Queue[Event] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.events.put(json.loads(line))

    def send(self, command: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(command) + "\n")
        self.proc.stdin.flush()

    def wait_for(self, match: Callable[[Event], bool], timeout: float = 20) -> Event:
        deadline = time.monotonic() + timeout
        while True:
            event = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if match(event):
                return event

    def idle(self) -> None:
        self.wait_for(lambda e: e == {"type": "kernel_status", "state": "ready", "message": ""})

    def close(self) -> int:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        return self.proc.wait(timeout=20)


def of(events: list[Event], kind: str, cell: str | None = None) -> list[Event]:
    return [e for e in events if e["type"] == kind and (cell is None or e.get("id") == cell)]


def test_a_script_finds_and_fixes_a_bug(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    events = run_script(path, [
        {"type": "run_all"},
        {"type": "run_cells", "cells": [{"id": "c1", "code": "b = a + 1\nb = b / 0\nb"}]},
        {"type": "run_cells", "cells": [{"id": "c1", "code": "b = a + 2\nb"}]},
        {"type": "serialize"},
    ])
    # the notebook first, then nothing runs until asked
    assert events[0]["type"] == "notebook" and [c["id"] for c in events[0]["cells"]] == [f"c{i}" for i in range(7)]
    assert events[1] == {"type": "kernel_status", "state": "ready", "message": ""}
    assert events[2] == {"type": "kernel_status", "state": "busy", "message": ""}
    # the bug: the error on c1 with its line, c2 and c5 blocked
    (bug,) = of(events, "cell_error", "c1")
    assert bug["error"]["kind"] == "exception" and 'File "<cell c1>", line 2' in bug["error"]["traceback"]
    blocked = [e["id"] for e in of(events, "cell_error") if e["error"]["kind"] == "ancestor"]
    assert blocked == ["c2", "c5"]
    # the fix: the dependents ran again
    assert [e["output"] for e in of(events, "cell_output", "c2")] == [{"text/plain": "20"}, {"text/plain": "30"}]
    assert of(events, "cell_output", "c5")[-1]["output"] == {"text/plain": "31"}
    assert all("html" not in e for e in events), "the page's drawing is not sent to agents"
    (text,) = of(events, "notebook_text")
    assert cove.load(path).dumps() == text["text"]
    assert cove.load(path).cells[1].code == "b = a + 2\nb"


def test_stray_writes_to_stdout_do_not_break_the_protocol(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    events = run_script(path, [
        {"type": "run_cells", "cells": [{"id": "c3", "code": "import os\nos.write(1, b'not json\\n')\nz = 1"}]},
        # a cell reading stdin gets EOF, not the commands that follow
        {"type": "run_cells", "cells": [{"id": "c4", "code": "import sys\nw = sys.stdin.read()\nw"}]},
        {"type": "run_cells", "cells": [{"id": "nope", "code": "1"}]},
        {"type": "no_such_command"},
        # an output over the documented size arrives as a notice
        {"type": "run_cells", "cells": [{"id": "c6", "code": "'x' * 2_000_000"}]},
    ])
    (big,) = of(events, "cell_output", "c6")
    assert big["output"]["text/plain"].startswith("Output too large (2.0 MB > 1 MB limit)")
    # every line parsed as JSON (run_script would have failed), and the bad commands are data
    assert of(events, "cell_output", "c4")[-1]["output"] == {"text/plain": "''"}
    assert [e["message"] for e in of(events, "command_error")] == [
        "run_cells: \"no cell with id 'nope'\"", "unknown command type 'no_such_command'",
    ]


def test_a_runaway_cell_is_stopped_within_5_seconds(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    k = Kernel(path)
    try:
        k.idle()
        for runaway in ("while True:\n    pass", "time.sleep(120)", "import asyncio\nawait asyncio.sleep(120)"):
            k.send({"type": "run_cells", "cells": [{"id": "c6", "code": f"import time\n{runaway}"}]})
            k.wait_for(lambda e: e.get("id") == "c6" and e.get("status") == "running")
            assert cove.load(path).cells[6].code == f"import time\n{runaway}"  # saved before it ran
            time.sleep(0.3)
            started = time.monotonic()
            k.send({"type": "stop"})
            error = k.wait_for(lambda e: e["type"] == "cell_error")
            assert time.monotonic() - started < 5
            assert error["id"] == "c6" and error["error"]["kind"] == "interrupted"
            k.idle()
        # usable after: a plain run works
        k.send({"type": "run_cells", "cells": [{"id": "c2", "code": "c = b * 10\nc"}]})
        assert k.wait_for(lambda e: e["type"] == "cell_output" and e["id"] == "c2")["output"] == {"text/plain": "20"}
        k.idle()
        k.send({"type": "stop"})
        assert k.wait_for(lambda e: e["type"] == "command_error")["message"].startswith("stop: nothing was running")
    finally:
        assert k.close() == 0


def test_a_file_changed_on_disk_is_refused(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    k = Kernel(path)
    try:
        k.idle()
        k.send({"type": "edit_cell", "id": "c0", "code": "a = 5"})
        k.idle()
        assert cove.load(path).cells[0].code == "a = 5"  # saved
        theirs = path.read_text().replace("a = 5", "a = 6")
        path.write_text(theirs)
        k.send({"type": "run_cells", "cells": [{"id": "c0", "code": "a = 7"}]})
        refused = k.wait_for(lambda e: e["type"] == "command_error")
        assert refused["message"].startswith("run_cells: refused:") and "changed on disk" in refused["message"]
        k.send({"type": "serialize"})
        assert "a = 5" in k.wait_for(lambda e: e["type"] == "notebook_text")["text"]  # not applied
        assert path.read_text() == theirs
        k.send({"type": "reload"})
        notebook = k.wait_for(lambda e: e["type"] == "notebook")
        assert notebook["cells"][0]["code"] == "a = 6"
        k.idle()
        k.send({"type": "edit_cell", "id": "c0", "code": "a = 8"})
        k.idle()
        assert cove.load(path).cells[0].code == "a = 8"
    finally:
        assert k.close() == 0


def test_a_cell_that_swallows_the_interrupt_is_reported_not_stopped(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    k = Kernel(path)
    try:
        k.idle()
        stubborn = "import time\nwhile True:\n    try:\n        time.sleep(1)\n    except KeyboardInterrupt:\n        pass"
        k.send({"type": "run_cells", "cells": [{"id": "c6", "code": stubborn}]})
        k.wait_for(lambda e: e.get("id") == "c6" and e.get("status") == "running")
        started = time.monotonic()
        k.send({"type": "stop"})
        error = k.wait_for(lambda e: e["type"] == "command_error", timeout=30)
        assert 4.5 < time.monotonic() - started < 15
        assert error["message"].startswith("stop: the cell did not stop within 5 s")
    finally:
        k.proc.kill()
        k.proc.wait(timeout=20)


def test_stop_interrupts_one_cell_and_the_rest_of_the_run_goes_on(tmp_path: Path) -> None:
    path = write_notebook(tmp_path)
    k = Kernel(path)
    try:
        k.idle()
        k.send({"type": "run_cells", "cells": [
            {"id": "c0", "code": "import time as _t\n_t.sleep(120)\na = 1"},
            {"id": "c3", "code": "import time as _t\n_t.sleep(0.5)\nz = [5, 6, 7]\nlen(z)"},
        ]})
        k.wait_for(lambda e: e.get("id") == "c0" and e.get("status") == "running")
        k.send({"type": "stop"})
        assert k.wait_for(lambda e: e["type"] == "cell_error")["id"] == "c0"
        # c3 sleeps while stop settles: it is not interrupted
        assert k.wait_for(lambda e: e["type"] == "cell_output" and e["id"] == "c3")["output"] == {"text/plain": "3"}
        k.idle()
    finally:
        assert k.close() == 0
