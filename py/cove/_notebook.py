"""A loaded notebook: the parsed file plus each cell's static analysis (`cove.load`/`cove.loads`)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

from ._analysis import CellAnalysis, analyze
from ._file.model import CellConfig, CellKind, CellSource, NotebookFile

__all__ = ["Notebook", "NotebookCell", "load", "loads"]


@dataclass
class NotebookCell:
    code: str
    name: str = "_"
    kind: CellKind = "cell"
    config: CellConfig = field(default_factory=CellConfig)
    is_async: bool = False
    lineno: int = 0
    analysis: CellAnalysis = field(init=False)

    def __post_init__(self) -> None:
        self.analysis = analyze(self.code)

    @property
    def defs(self) -> frozenset[str]:
        return self.analysis.defs

    @property
    def refs(self) -> frozenset[str]:
        return self.analysis.refs

    @classmethod
    def from_source(cls, src: CellSource) -> "NotebookCell":
        return cls(src.code, src.name, src.kind, src.config, src.is_async, src.lineno)

    def to_source(self) -> CellSource:
        return CellSource(self.code, self.name, self.kind, self.config, self.is_async, self.lineno)


@dataclass
class Notebook:
    file: NotebookFile
    filename: str = "<notebook>"
    cells: list[NotebookCell] = field(default_factory=list)
    setup: NotebookCell | None = None

    @classmethod
    def from_file(cls, nbfile: NotebookFile, filename: str) -> "Notebook":
        return cls(
            file=nbfile,
            filename=filename,
            cells=[NotebookCell.from_source(c) for c in nbfile.cells],
            setup=NotebookCell.from_source(nbfile.setup) if nbfile.setup is not None else None,
        )

    @property
    def app_options(self) -> dict[str, Any]:
        return dict(self.file.app_options)

    def to_file(self) -> NotebookFile:
        return replace(
            self.file,
            setup=self.setup.to_source() if self.setup is not None else None,
            cells=tuple(c.to_source() for c in self.cells),
        )

    def dumps(self) -> str:
        from ._file.serialize import serialize

        return serialize(self.to_file())


def loads(text: str, filename: str = "<notebook>") -> Notebook:
    """Parse notebook text; raises `cove.NotebookError` (file:line: problem) on bad input."""
    from ._file.parse import parse

    return Notebook.from_file(parse(text, filename), filename)


def load(path: str | os.PathLike[str]) -> Notebook:
    from ._file.read import read_notebook

    _text, nbfile = read_notebook(path)
    return Notebook.from_file(nbfile, os.fspath(path))
