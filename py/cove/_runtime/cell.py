"""One cell inside a running kernel: its code, its analysis and its live state (`k.cells[i]`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .._analysis import CellAnalysis, analyze
from .._file.model import CellConfig, CellKind, CellSource
from ..protocol import CellInfo, CellStatus, CellView, ConsoleChunk, ErrorInfo, Mimebundle, Output
from .graph import Node


@dataclass(eq=False)
class Cell:
    id: str
    code: str
    name: str = "_"
    kind: CellKind = "cell"
    config: CellConfig = field(default_factory=CellConfig)
    is_async: bool = False
    lineno: int = 0
    analysis: CellAnalysis = field(init=False)

    status: CellStatus = "idle"
    output: Mimebundle | None = None
    console: str = ""  # stdout and stderr as printed, together (docs/spec.md §3: `cell.console`)
    # the same text as (stream, text) chunks, consecutive writes to one stream joined: what a
    # snapshot sends, so stderr stays stderr in a prerendered page
    console_chunks: list[tuple[str, str]] = field(default_factory=list)
    error_info: ErrorInfo | None = None
    run_id: int = 0
    # globals this cell bound when it last ran: deleted before it runs again (no hidden state)
    bound: frozenset[str] = frozenset()
    # ids of the UI elements its last run created
    element_ids: list[str] = field(default_factory=list)
    # top-level modules its last run failed to import (the page may offer to install them)
    missing_modules: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.analysis = analyze(self.code)

    def add_console(self, stream: str, text: str) -> None:
        self.console += text
        if self.console_chunks and self.console_chunks[-1][0] == stream:
            self.console_chunks[-1] = (stream, self.console_chunks[-1][1] + text)
        else:
            self.console_chunks.append((stream, text))

    def view(self) -> CellView:
        """This cell's results whole (protocol.CellView). Its outputs are not drawn yet: the
        session draws them on the way to a page (the output layer sits above the runtime)."""
        return CellView(
            self.id, self.status, self.run_id,
            outputs=[Output(self.output)] if self.output is not None else [],
            console=[ConsoleChunk(stream, text) for stream, text in self.console_chunks],  # type: ignore[arg-type]
            error=self.error_info,
        )

    def adopt(self, view: CellView) -> None:
        """Take `view`'s results as this cell's own, without running it (a prerendered cell that
        resume skips). The kernel holds one output per cell: the view's first."""
        self.status = view.status
        self.run_id = max(self.run_id, view.run_id)
        self.output = view.outputs[0].bundle if view.outputs else None
        self.console, self.console_chunks = "", []
        for chunk in view.console:
            self.add_console(chunk.stream, chunk.text)
        self.error_info = view.error

    @property
    def defs(self) -> frozenset[str]:
        return self.analysis.defs

    @property
    def refs(self) -> frozenset[str]:
        return self.analysis.refs

    @property
    def error(self) -> str | None:
        """The error text shown on the cell (a traceback or a message), or None."""
        if self.error_info is None:
            return None
        return self.error_info.traceback or self.error_info.message

    def set_code(self, code: str) -> None:
        if code != self.code:
            self.code = code
            self.analysis = analyze(code)

    def node(self) -> Node:
        a = self.analysis
        error: ErrorInfo | None = None
        if a.syntax_error is not None:
            line, message = a.syntax_error
            error = ErrorInfo("syntax", f"line {line}: {message}")
        elif a.import_star:
            error = ErrorInfo(
                "import-star",
                "`from ... import *` is not allowed: Cove could not know which names the cell "
                "defines; import the names you use",
            )
        return Node(self.id, a.defs, a.refs, getattr(a, "builtin_refs", frozenset()), error)

    def info(self) -> CellInfo:
        return CellInfo(
            id=self.id,
            name=self.name,
            code=self.code,
            kind=self.kind,
            hide_code=self.config.hide_code,
            disabled=self.config.disabled,
            defs=sorted(self.defs),
            refs=sorted(self.refs),
        )

    def to_source(self) -> CellSource:
        return CellSource(self.code, self.name, self.kind, self.config, self.is_async, self.lineno)

    @classmethod
    def from_source(cls, cell_id: str, src: Any) -> "Cell":
        return cls(cell_id, src.code, src.name, src.kind, src.config, src.is_async, src.lineno)
