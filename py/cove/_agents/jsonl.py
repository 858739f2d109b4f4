"""`cove kernel nb.py`: the kernel as JSON lines over stdin/stdout, in the editor's protocol.

Each line in is one command of `cove.protocol` (`{"type": "run_cells", ...}`); each line out is
one event. Two commands belong to this transport and not to the protocol: `{"type": "stop"}`
interrupts the running cell (read while a command runs, see mainthread.py), and
`{"type": "reload"}` drops the kernel and reads the file again. Commands that change code
(run_cells, edit_cell, add_cell, ...) are refused with a `command_error` when the file changed on
disk, and otherwise saved to the file (files.py): the code of `run_cells` before its cells run,
every other change when it is done. A cell output larger than
`OUTPUT_LIMIT` bytes is replaced by a notice; a cell's console is cut at 1,000,000 characters per
run (capture.py). Nothing runs until a command asks.

stdout carries only the protocol: fd 1 is pointed at stderr while the kernel runs, so what a
cell or a library writes to fd 1 (a C extension, a subprocess) cannot tear a line.
"""
from __future__ import annotations

import json
import os
import queue
import sys
import threading
from dataclasses import replace
from typing import Any, BinaryIO, Callable

from .. import protocol as p
from .._file.serialize import serialize
from .._output.mime import truncate_bundle
from .._runtime.session import Session
from .files import FileChanged
from .mainthread import MainThread
from .session import AgentError, AgentSession

__all__ = ["OUTPUT_LIMIT", "JsonLinesKernel", "serve"]

OUTPUT_LIMIT = 1_000_000

# Commands after which the notebook text may differ: checked against the disk before, saved after.
CHANGES_CODE = frozenset({
    "run_cells", "edit_cell", "add_cell", "delete_cell", "move_cell", "set_cell_config",
    "install_modules", "restore",
})


def _line(event: p.Event) -> str:
    data = p.to_json(event)
    # `html` is a page's drawing of an output or error (a Session fills it in); agents read the
    # bundle and the error itself, so their lines stay as docs/agents.md shows them.
    data.pop("html", None)
    return json.dumps(data, default=repr)


_READY = _line(p.KernelStatusEvent("ready"))


class JsonLinesKernel:
    """Protocol commands in (dicts), event lines out (`emit`); runs on the main thread."""

    def __init__(self, path: str, emit: Callable[[str], None], mode: p.Mode = "autorun") -> None:
        self._emit = emit
        # While a command that changes code runs, the session's closing "ready" waits here until
        # the file is saved: a client that sees "ready" may read the file.
        self._held: list[str] | None = None
        self.agent = AgentSession(path, mode, listener=self._on_event)
        self._session = self._new_session()

    def _new_session(self) -> Session:
        session = Session(lambda _listener: self.agent.kernel, self._session_emit)
        self._on_event(self.agent.kernel.state_event())
        self._on_event(p.KernelStatusEvent("ready"))
        return session

    def _session_emit(self, line: str) -> None:
        if self._held is not None and line == _READY:
            self._held.append(line)
        else:
            self._emit(line)

    def _on_event(self, event: p.Event) -> None:
        if isinstance(event, p.CellOutputEvent) and event.output:
            event = p.CellOutputEvent(event.id, truncate_bundle(event.output, OUTPUT_LIMIT), event.mode, event.run_id)
        self._emit(_line(event))

    def error(self, message: str) -> None:
        self._on_event(p.CommandErrorEvent(message))

    def handle(self, data: Any) -> None:
        kind = data.get("type") if isinstance(data, dict) else None
        if kind == "reload":
            try:
                self.agent.reload()
            except AgentError as e:
                self.error(f"reload: {e}")
                return
            self._session = self._new_session()
            return
        if kind not in CHANGES_CODE:
            self._session.handle(data)
            return
        try:
            self.agent.file.check_unchanged()
        except FileChanged as e:
            self.error(f"{kind}: refused: {e}")
            return
        self._held = []
        try:
            if kind == "run_cells":
                self._save_before_running(data)
            self._session.handle(data)
            self.agent.file.save(self.agent.kernel.dumps())
        except FileChanged as e:
            self.error(f"{kind}: not saved: {e}")
        finally:
            held, self._held = self._held, None
            for line in held:
                self._emit(line)


    def _save_before_running(self, data: dict[str, Any]) -> None:
        """Write the code a run_cells command sets before its cells run (a run that never ends
        must not keep the file behind); the save after the command then has nothing to write."""
        try:
            codes = {c["id"]: c["code"] for c in data["cells"]}
        except (KeyError, TypeError):
            return  # malformed: the session reports it
        k = self.agent.kernel
        nbfile = k.to_file()
        if not codes.keys() <= {c.id for c in k.cells}:
            return  # unknown cells: the session reports it
        cells = tuple(
            replace(src, code=codes[c.id]) if c.id in codes else src for c, src in zip(k.cells, nbfile.cells)
        )
        self.agent.file.save(serialize(replace(nbfile, cells=cells)))


def serve(path: str, mode: p.Mode = "autorun") -> int:
    """Run the JSON-lines kernel on this process's stdin/stdout until stdin closes."""
    stdin, wire = _claim_stdio()
    lines: queue.SimpleQueue[str | None] = queue.SimpleQueue()
    writer = threading.Thread(target=_write_lines, args=(lines, wire), name="cove-kernel-writer", daemon=True)
    writer.start()
    main = MainThread()
    try:
        kernel = JsonLinesKernel(path, lines.put, mode)
    except AgentError as e:
        print(f"cove kernel: {e}", file=sys.stderr)
        return 1
    reader = threading.Thread(target=_read_commands, args=(stdin, main, kernel), name="cove-kernel-reader", daemon=True)
    reader.start()
    main.serve()
    lines.put(None)
    writer.join()
    return 0


def _read_commands(stdin: BinaryIO, main: MainThread, kernel: JsonLinesKernel) -> None:
    """The reader thread: commands go to the main thread in order; `stop` is handled here, at
    once, since the main thread is busy with the command it interrupts."""
    try:
        for raw in stdin:
            text = raw.decode("utf-8", "replace").strip()
            if not text:
                continue
            try:
                data = json.loads(text)
            except json.JSONDecodeError as e:
                kernel.error(f"not JSON: {e}")
                continue
            if isinstance(data, dict) and data.get("type") == "stop":
                result = main.stop()
                if not result["stopped"]:
                    kernel.error(f"stop: {result['message']}")
                continue
            main.submit(lambda data=data: kernel.handle(data))
    finally:
        main.shutdown()


def _claim_stdio() -> tuple[BinaryIO, BinaryIO]:
    """Private copies of stdin and stdout for the protocol. Then fd 0 reads the null device (a
    cell calling `input()` gets EOF instead of the next command) and fd 1 writes to stderr."""
    sys.stdout.flush()
    wire_in = os.fdopen(os.dup(0), "rb")
    wire_out = os.fdopen(os.dup(1), "wb")
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(2, 1)
    return wire_in, wire_out


def _write_lines(lines: "queue.SimpleQueue[str | None]", wire: BinaryIO) -> None:
    while True:
        line = lines.get()
        if line is None:
            wire.flush()
            return
        wire.write(line.encode("utf-8") + b"\n")
        if lines.empty():
            wire.flush()
