"""The messages between a page and a kernel: commands in, events out. Declared once, here.

Every message is a JSON object with a `"type"` tag. The browser worker passes commands from the
page to `cove._runtime.session.Session.handle` and posts every event it emits back, unchanged;
`web/src/protocol.ts` is generated from this module (`python -m cove.protocol --typescript`) and
checked by the tests, so the two sides cannot drift.

Ordering rules the page relies on:
- Each cell run has a `run_id`, increasing per kernel. Events of an older run for a cell than the
  newest one seen are ignored by the page (a run that was overtaken never lands in the DOM).
- `cell_status` with status "running" starts a run: the page clears the cell's console then.
- A cell's output is replaced by each `cell_output` with mode "replace"; "append" adds to it;
  "clear" empties it.
"""
from __future__ import annotations

import dataclasses
import functools
import sys
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal, Union

# Messages are plain dataclasses, treated as values (nothing mutates one after it is made), not
# frozen ones: in Pyodide 314, frozen=True made importing this module 3x slower (~300 ms against
# ~90 ms under load, measured by exec'ing both variants in one interpreter), and the worker
# imports it on every boot.
CellStatus = Literal["idle", "queued", "running", "stale", "error", "disabled"]
KernelState = Literal["loading", "ready", "busy", "error"]
Mode = Literal["autorun", "lazy"]
Mimebundle = dict[str, str]
ErrorKind = Literal[
    "exception",  # the cell raised; `traceback` has the cell's own line numbers
    "ancestor",  # a cell it depends on failed or was stopped; it did not run
    "multiple-definitions",
    "cycle",
    "import-star",
    "syntax",
    "setup-refs",  # the setup cell references names defined by cells
    "interrupted",
]


# ---------------------------------------------------------------------------------- commands


@dataclass
class CellCode:
    id: str
    code: str


@dataclass
class RunCells:
    """Set these cells' code and run them (then their descendants in autorun mode)."""

    cells: list[CellCode]
    type: Literal["run_cells"] = "run_cells"


@dataclass
class RunAll:
    type: Literal["run_all"] = "run_all"


@dataclass
class RunStale:
    type: Literal["run_stale"] = "run_stale"


@dataclass
class EditCell:
    """The code changed in the editor but the user did not run it: the kernel keeps the text
    (for saving) and reports the cell stale."""

    id: str
    code: str
    type: Literal["edit_cell"] = "edit_cell"


@dataclass
class AddCell:
    """Insert a cell; the page chooses the id so no reply is needed."""

    id: str
    index: int
    code: str = ""
    type: Literal["add_cell"] = "add_cell"


@dataclass
class DeleteCell:
    id: str
    type: Literal["delete_cell"] = "delete_cell"


@dataclass
class MoveCell:
    id: str
    index: int
    type: Literal["move_cell"] = "move_cell"


@dataclass
class SetCellConfig:
    id: str
    hide_code: bool | None = None
    disabled: bool | None = None
    type: Literal["set_cell_config"] = "set_cell_config"


@dataclass
class UIValue:
    element_id: str
    value: Any


@dataclass
class SetUIValues:
    """Values the reader gave UI elements. The page coalesces bursts (one batch in flight, the
    last value per element wins: web/src/ui-outbox.ts); the kernel applies the batch, then
    re-runs the affected cells once."""

    updates: list[UIValue]
    type: Literal["set_ui_values"] = "set_ui_values"


@dataclass
class SendUIMessage:
    """A message from the page to one UI element that re-runs nothing by itself: a table asking
    for rows (sorted, searched, a page of them), an anywidget's `model.send`. The element may
    answer with `ui_message` events."""

    element_id: str
    message: Any
    type: Literal["send_ui_message"] = "send_ui_message"


@dataclass
class SetMode:
    mode: Mode
    type: Literal["set_mode"] = "set_mode"


@dataclass
class Serialize:
    """Ask for the notebook file text (for save / download); answered by the `notebook_text`
    that carries the same `seq` (the page's number for this request, docs/spec.md §7)."""

    seq: int = 0
    type: Literal["serialize"] = "serialize"


@dataclass
class InstallModules:
    """These modules are now importable: record them in the notebook's PEP 723 header and re-run
    the cells that failed to import them. The page sends it after the worker's answer to its own
    install request (the packages are loaded by then; web/src/wire.ts, docs/spec.md §7)."""

    modules: list[str]
    type: Literal["install_modules"] = "install_modules"


@dataclass
class CellSpec:
    """A cell as the page holds it: its id, its code as the reader last typed it, its options."""

    id: str
    code: str
    name: str
    kind: Literal["cell", "function", "class", "unparsable"]
    hide_code: bool
    disabled: bool


@dataclass
class Restore:
    """Bring a fresh kernel to the page's state: after a restart (Stop on a page that cannot
    interrupt, a crashed runtime) or a reload from a copy autosaved in the browser. The page's
    cells replace the ones the kernel read from its boot text (the page's code is newer than any
    text the kernel serialized). Then, when `run`: every cell runs except the `stopped` ones,
    which show `reason` (their descendants show that an ancestor failed), and then the UI values
    the reader had set are applied, those whose elements exist again."""

    cells: list[CellSpec]
    stopped: list[str]
    reason: str
    ui_values: list[UIValue]
    run: bool
    type: Literal["restore"] = "restore"


@dataclass
class Resume:
    """Instead of run_all, on a page that shows the export's prerendered outputs of `cells` (ids
    and code, from its snapshot): run only what the live page needs — the cells that created UI
    elements (`ui_cells`), the cells whose prerendered output is not final (`pending`), and every
    cell a later re-run reads globals from; the others keep what the page shows (the rule:
    cove/_runtime/resume.py). Live run ids start after `after_run_id`, the prerender's highest.
    When `cells` are not the kernel's (edits were sent first), this is a plain run_all.
    `ui_values`: what the reader set before the kernel was ready; each element takes its value as
    it is created, and the cells that read it run with it."""

    cells: list[CellCode]
    ui_cells: list[str]
    pending: list[str]
    after_run_id: int
    ui_values: list[UIValue] = field(default_factory=list)
    type: Literal["resume"] = "resume"


@dataclass
class Warm:
    """Sent by a resumed page once it is interactive and idle: run, without a word to the page,
    the cells that resume skipped and a reader's change would run, so that the first change does
    not pay for their first run (imports, compiling). See cove/_runtime/resume.py."""

    type: Literal["warm"] = "warm"


Command = Union[
    RunCells, RunAll, RunStale, EditCell, AddCell, DeleteCell, MoveCell, SetCellConfig,
    SetUIValues, SendUIMessage, SetMode, Serialize, InstallModules, Restore, Resume, Warm,
]


# ------------------------------------------------------------------------------------ events


@dataclass
class CellInfo:
    id: str
    name: str
    code: str
    kind: Literal["cell", "function", "class", "unparsable"]
    hide_code: bool
    disabled: bool
    defs: list[str]
    refs: list[str]


@dataclass
class NotebookState:
    """The whole notebook as the kernel sees it: sent after loading."""

    cells: list[CellInfo]
    mode: Mode
    app_options: dict[str, Any]
    filename: str
    type: Literal["notebook"] = "notebook"


@dataclass
class CellAnalysisEvent:
    """A cell's code was (re)analysed: its definitions and references changed."""

    id: str
    defs: list[str]
    refs: list[str]
    type: Literal["cell_analysis"] = "cell_analysis"


@dataclass
class CellStatusEvent:
    id: str
    status: CellStatus
    run_id: int
    type: Literal["cell_status"] = "cell_status"


@dataclass
class CellOutputEvent:
    id: str
    output: Mimebundle | None
    # "progress": a progress bar / spinner bundle (application/vnd.cove.progress+json with an
    # `id`): the first with an id is appended below the output, later ones replace it in place.
    mode: Literal["replace", "append", "clear", "progress"]
    run_id: int
    # `output` drawn by the engine's output registry (cove/_output/render.py), which the page
    # inserts as it is: the page renders no bundle itself. Filled where events leave for a page
    # (Session); "" without an output, and in events for agents, which read the bundle.
    html: str = ""
    type: Literal["cell_output"] = "cell_output"


@dataclass
class CellConsoleEvent:
    id: str
    stream: Literal["stdout", "stderr"]
    text: str
    run_id: int
    type: Literal["cell_console"] = "cell_console"


@dataclass
class ErrorInfo:
    kind: ErrorKind
    message: str
    traceback: str | None = None


@dataclass
class CellErrorEvent:
    id: str
    error: ErrorInfo
    run_id: int
    # The error drawn by the engine (cove/_output/render.py), as for CellOutputEvent.html.
    html: str = ""
    type: Literal["cell_error"] = "cell_error"


@dataclass
class Output:
    """An output as a page shows it: the bundle and its drawing by the engine's output registry
    (cove/_output/render.py), which the page inserts as it is."""

    bundle: Mimebundle
    html: str = ""


@dataclass
class ConsoleChunk:
    stream: Literal["stdout", "stderr"]
    text: str


@dataclass
class CellView:
    """One cell's results, whole: what the kernel holds for it (Cell.view()) and what every path
    that shows a cell without replaying its run carries as it is: snapshots (the prerender, a
    `cove edit` save, the docs embed), precomputed tables and resume. The page applies it like
    any event: it replaces the cell's status, outputs, console and error at once."""

    id: str
    status: CellStatus
    run_id: int
    outputs: list[Output] = field(default_factory=list)
    console: list[ConsoleChunk] = field(default_factory=list)
    error: ErrorInfo | None = None
    error_html: str = ""  # the error drawn by the engine, as Output.html
    # The prerender could not run it (a package only the browser has, an exception there): it
    # shows as queued until the page's kernel runs it (cove/_export/prerender.py).
    pending: bool = False
    type: Literal["cell_view"] = "cell_view"


@dataclass
class UIMessageEvent:
    """A message from a UI element to its copies on the page: the rows a table was asked for,
    an anywidget's state that Python changed or its custom message (`widget.send`)."""

    element_id: str
    message: Any
    type: Literal["ui_message"] = "ui_message"


@dataclass
class QueryParamsEvent:
    """The notebook changed `query_params()`: the page shows them as its URL's query."""

    params: dict[str, Any]
    type: Literal["query_params"] = "query_params"


@dataclass
class KernelStatusEvent:
    state: KernelState
    message: str = ""
    type: Literal["kernel_status"] = "kernel_status"


@dataclass
class MissingModulesEvent:
    """Cells failed importing modules that are not installed: the page may offer to install."""

    id: str
    modules: list[str]
    type: Literal["missing_modules"] = "missing_modules"


@dataclass
class PackagesInstalledEvent:
    """Modules were installed for the notebook; `requirements` are the ones its PEP 723 header
    gained (`cove edit` then saves the file)."""

    modules: list[str]
    requirements: list[str]
    type: Literal["packages_installed"] = "packages_installed"


@dataclass
class NotebookTextEvent:
    text: str
    seq: int = 0  # the `serialize` this answers
    type: Literal["notebook_text"] = "notebook_text"


@dataclass
class CommandErrorEvent:
    """A command could not be applied (unknown cell id, malformed message)."""

    message: str
    type: Literal["command_error"] = "command_error"


Event = Union[
    NotebookState, CellAnalysisEvent, CellStatusEvent, CellOutputEvent, CellConsoleEvent,
    CellErrorEvent, CellView, UIMessageEvent, KernelStatusEvent, MissingModulesEvent, NotebookTextEvent,
    PackagesInstalledEvent, CommandErrorEvent, QueryParamsEvent,
]


# ----------------------------------------------------------------- cove edit's install endpoint


@dataclass
class InstallRequest:
    """POST /api/install from the page's worker: the modules the reader agreed to install."""

    modules: list[str]


@dataclass
class InstallAnswer:
    """Its answer: the pyodide-lock.json entries of every wheel the page needs now (file names
    relative to the lock) and the PEP 723 requirements they satisfy; or `error`, one line."""

    packages: list[dict[str, Any]] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    error: str | None = None


# Declared here for the TypeScript side too, outside the two unions: not page <-> kernel messages.
HTTP = (InstallRequest, InstallAnswer)

# Keyed by each message's `type` default (its class attribute): resolving the annotations with
# typing.get_type_hints here cost ~40% of this module's import, on every page boot.
COMMANDS: dict[str, type] = {c.type: c for c in typing.get_args(Command)}
EVENTS: dict[str, type] = {e.type: e for e in typing.get_args(Event)}


class ProtocolError(ValueError):
    pass


def to_json(message: Any) -> dict[str, Any]:
    """A message dataclass as a JSON-ready dict (nested dataclasses included)."""
    return dataclasses.asdict(message)


def command_from_json(data: Any) -> Command:
    """Parse a command dict from the page; raises ProtocolError with a readable message."""
    if not isinstance(data, dict) or "type" not in data:
        raise ProtocolError(f"a command must be an object with a 'type', got {data!r:.80}")
    cls = COMMANDS.get(data["type"])
    if cls is None:
        raise ProtocolError(f"unknown command type {data['type']!r}")
    try:
        return _build(cls, data)
    except (TypeError, KeyError) as e:
        raise ProtocolError(f"malformed {data['type']!r} command: {e}") from None


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def view_from_json(data: Any) -> CellView:
    """A `cell_view` dict (a snapshot's, a page's save) as a CellView; raises ProtocolError."""
    if not isinstance(data, dict) or data.get("type") != "cell_view":
        raise ProtocolError(f"not a cell view: {data!r:.80}")
    try:
        return _build(CellView, data)
    except (TypeError, KeyError) as e:
        raise ProtocolError(f"malformed cell view: {e}") from None


def _build(cls: type, data: dict[str, Any]) -> Any:
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        hint = hints[f.name]
        if typing.get_origin(hint) is list:
            (item,) = typing.get_args(hint)
            if dataclasses.is_dataclass(item):
                value = [_build(item, v) for v in value]
        elif isinstance(value, dict):
            # `X | None` with X a message (CellView.error): the dict is an X.
            (item, *_) = [a for a in typing.get_args(hint) if a is not type(None)] or [None]
            if isinstance(item, type) and dataclasses.is_dataclass(item):
                value = _build(item, value)
        kwargs[f.name] = value
    return cls(**kwargs)


# ------------------------------------------------------------------- TypeScript generation


# Named literal types, exported under these names and referenced by name in the interfaces.
_ALIASES: dict[str, Any] = {
    "CellStatus": CellStatus, "KernelState": KernelState, "Mode": Mode, "ErrorKind": ErrorKind,
}


def _ts_type(hint: Any, use_aliases: bool = True) -> str:
    if use_aliases:
        for alias, value in _ALIASES.items():
            if hint == value:
                return alias
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is str:
        return "string"
    if hint in (int, float):
        return "number"
    if hint is bool:
        return "boolean"
    if hint is type(None):
        return "null"
    if hint is Any:
        return "unknown"
    if origin is Literal:
        return " | ".join(f'"{a}"' for a in args)
    if origin is Union or origin is types.UnionType:
        return " | ".join(_ts_type(a) for a in args)
    if origin is list:
        return f"{_ts_type(args[0])}[]"
    if origin is dict:
        return f"Record<{_ts_type(args[0])}, {_ts_type(args[1])}>"
    if dataclasses.is_dataclass(hint):
        return hint.__name__
    raise TypeError(f"no TypeScript for {hint!r}")


def typescript() -> str:
    """`web/src/protocol.ts`: the same messages as TypeScript types."""
    seen: list[type] = []

    def collect(cls: type) -> None:
        for hint in typing.get_type_hints(cls).values():
            for t in (hint, *typing.get_args(hint), *[a for h in typing.get_args(hint) for a in typing.get_args(h)]):
                if dataclasses.is_dataclass(t) and t not in seen:
                    collect(t)
        if cls not in seen:
            seen.append(cls)

    for cls in (*typing.get_args(Command), *typing.get_args(Event), *HTTP):
        collect(cls)
    out = [
        "// Generated by `python -m cove.protocol --typescript` from py/cove/protocol.py.",
        "// Do not edit: change the Python dataclasses and regenerate (a test checks this file).",
        "",
    ]
    for alias, value in _ALIASES.items():
        out.append(f"export type {alias} = {_ts_type(value, use_aliases=False)};")
    out.append("")
    for cls in seen:
        hints = typing.get_type_hints(cls)
        out.append(f"export interface {cls.__name__} {{")
        for f in dataclasses.fields(cls):
            optional = f.default is not dataclasses.MISSING and f.name != "type"
            out.append(f"  {f.name}{'?' if optional else ''}: {_ts_type(hints[f.name])};")
        out.append("}")
        out.append("")
    out.append("export type Command = " + " | ".join(c.__name__ for c in typing.get_args(Command)) + ";")
    out.append("export type Event = " + " | ".join(e.__name__ for e in typing.get_args(Event)) + ";")
    out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1:] == ["--typescript"]:
        sys.stdout.write(typescript())
    else:
        print("usage: python -m cove.protocol --typescript", file=sys.stderr)
        sys.exit(2)
