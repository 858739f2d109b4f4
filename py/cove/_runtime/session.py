"""A kernel behind the message protocol: commands in as JSON, events out as JSON strings.

The browser worker and the `cove edit` page talk to this class only; it is the whole surface
the JavaScript side sees (see `cove.protocol` for the messages).
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
from typing import Any, Callable

from .. import protocol as p
from .._notebook import loads
from .kernel import Kernel
from . import remote
from .location import enter

Emit = Callable[[str], None]

if sys.platform == "emscripten":
    # In the page's worker there is no screen for matplotlib's default Pyodide backend: figures
    # render through Agg and show as outputs (cove/_runtime/jupyter_display.py).
    os.environ.setdefault("MPLBACKEND", "Agg")


class Session:
    def __init__(self, kernel_factory: Callable[[Callable[[p.Event], None]], Kernel], emit: Emit) -> None:
        self._emit = emit
        self.kernel = kernel_factory(self._on_event)

    @classmethod
    def from_text(
        cls, text: str, filename: str, emit: Emit, mode: p.Mode = "autorun", folder: str | None = None,
        **kernel_options: Any,
    ) -> "Session":
        """Load a notebook (bad files still load: broken cells are kept as unparsable) and emit
        the `notebook` event. With `folder`, the notebook runs there (location.py): it becomes the
        working directory, `__file__` and cove.notebook_location()."""
        nb = loads(text, filename)
        remote.install()  # urlopen through the browser (in the page only)
        if folder is not None:
            enter(folder)
            kernel_options["folder"] = folder
        session = cls(lambda listener: Kernel(nb, mode, listener=listener, **kernel_options), emit)
        session._on_event(session.kernel.state_event())
        session._on_event(p.KernelStatusEvent("ready"))
        return session

    def _on_event(self, event: p.Event) -> None:
        self._emit(json.dumps(p.to_json(_drawn(event)), default=_json_fallback))

    def handle_json(self, text: str) -> None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            self._on_event(p.CommandErrorEvent(f"not JSON: {e}"))
            return
        self.handle(data)

    def handle(self, data: Any) -> None:
        try:
            command = p.command_from_json(data)
        except p.ProtocolError as e:
            self._on_event(p.CommandErrorEvent(str(e)))
            return
        self._on_event(p.KernelStatusEvent("busy"))
        try:
            self._dispatch(command)
        except (KeyError, ValueError, TypeError) as e:
            self._on_event(p.CommandErrorEvent(f"{command.type}: {e}"))
        finally:
            self._on_event(p.KernelStatusEvent("ready"))

    def _dispatch(self, command: p.Command) -> None:
        k = self.kernel
        if isinstance(command, p.RunCells):
            k.run_cells({c.id: c.code for c in command.cells})
        elif isinstance(command, p.RunAll):
            k.run_all()
        elif isinstance(command, p.RunStale):
            k.run_stale()
        elif isinstance(command, p.EditCell):
            k.edit(command.id, command.code)
        elif isinstance(command, p.AddCell):
            k.add(command.code, command.index, cell_id=command.id)
        elif isinstance(command, p.DeleteCell):
            k.delete(command.id)
        elif isinstance(command, p.MoveCell):
            k.move(command.id, command.index)
        elif isinstance(command, p.SetCellConfig):
            k.set_config(command.id, hide_code=command.hide_code, disabled=command.disabled)
        elif isinstance(command, p.SetUIValues):
            k.set_ui_values([(u.element_id, u.value) for u in command.updates])
        elif isinstance(command, p.SendUIMessage):
            k.send_ui_message(command.element_id, command.message)
        elif isinstance(command, p.SetMode):
            k.set_mode(command.mode)
        elif isinstance(command, p.InstallModules):
            k.record_installed(command.modules)
        elif isinstance(command, p.Restore):
            k.restore(
                command.cells, command.stopped, command.reason,
                [(u.element_id, u.value) for u in command.ui_values], command.run,
            )
        elif isinstance(command, p.Resume):
            k.resume(
                command.cells, command.ui_cells, command.pending, command.after_run_id,
                ui_values=[(u.element_id, u.value) for u in command.ui_values],
            )
        elif isinstance(command, p.Warm):
            k.warm()
        elif isinstance(command, p.Serialize):
            self._on_event(p.NotebookTextEvent(k.dumps(), command.seq))
        else:  # pragma: no cover - the protocol's union is closed
            raise TypeError(f"unhandled command {command!r}")

    def snapshot(self) -> list[dict[str, Any]]:
        """The current state for a fresh page (prerendering, output cache): the notebook event,
        then each cell's view (protocol.CellView), drawn."""
        return [_plain(self.kernel.state_event()), *(_plain(c.view()) for c in self.kernel.cells)]

    def cell_snapshot(self, cell_id: str) -> dict[str, Any]:
        """One cell's view as it is now, drawn (its part of snapshot())."""
        return _plain(self.kernel.cell(cell_id).view())


def _drawn(event: p.Event) -> p.Event:
    """An output or error event with its HTML, as a page shows it: the engine draws every output
    (the page renders no bundle), so the prerender and the live page draw it the same way."""
    if isinstance(event, p.CellOutputEvent) and event.output:
        # The output layer sits above the runtime (tests/engine/test_layers.py): imported here,
        # as runner.py imports format_output, once the first output is drawn.
        from .._output.render import render_bundle

        return dataclasses.replace(event, html=render_bundle(event.output))
    if isinstance(event, p.CellErrorEvent):
        from .._output.render import render_error

        return dataclasses.replace(event, html=render_error(dataclasses.asdict(event.error)))
    if isinstance(event, p.CellView):
        from .._output.render import render_bundle, render_error

        return dataclasses.replace(
            event,
            outputs=[p.Output(o.bundle, render_bundle(o.bundle)) for o in event.outputs],
            error_html=render_error(dataclasses.asdict(event.error)) if event.error else "",
        )
    return event


def _plain(event: p.Event) -> dict[str, Any]:
    return json.loads(json.dumps(p.to_json(_drawn(event)), default=_json_fallback))


def _json_fallback(value: Any) -> Any:
    return repr(value)
