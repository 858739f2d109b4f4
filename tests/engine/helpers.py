"""Small helpers that keep engine tests to a few lines."""
from __future__ import annotations

from typing import Any, Iterator

import pytest

from cove._file.model import CellConfig, CellSource, NotebookFile
from cove._notebook import Notebook
from cove._runtime.context import set_current
from cove._runtime.kernel import Kernel


def notebook(*codes: str, setup: str | None = None, disabled: tuple[int, ...] = ()) -> Notebook:
    cells = tuple(
        CellSource(code, config=CellConfig(disabled=i in disabled)) for i, code in enumerate(codes)
    )
    nbfile = NotebookFile(cells=cells, setup=CellSource(setup) if setup is not None else None)
    return Notebook.from_file(nbfile, "test_nb.py")


def run_notebook(*codes: str, mode: str = "autorun", **kw: Any) -> Kernel:
    """Build a kernel over `codes` (one string per cell), run everything, return it."""
    events: list[Any] = []
    k = Kernel(notebook(*codes, **kw), mode, listener=events.append)  # type: ignore[arg-type]
    k.events = events  # type: ignore[attr-defined]
    k.run_all()
    return k


def statuses(k: Kernel) -> list[str]:
    return [c.status for c in k.cells]


def text(k: Kernel, i: int) -> str | None:
    out = k.cells[i].output
    return None if out is None else out.get("text/plain")


class FakeContext:
    """A RunContext for UI tests without a kernel: deterministic ids, elements recorded."""

    def __init__(self, cell_id: str = "c1") -> None:
        self.cell_id = cell_id
        self.count = 0
        self.elements: list = []

    def next_element_id(self) -> str:
        self.count += 1
        return f"{self.cell_id}-{self.count - 1}"

    def register_element(self, element) -> None:
        self.elements.append(element)

    def emit_output(self, bundle, mode) -> None:
        pass

    def request_rerun(self, names, source) -> None:
        pass

    def rerun_detached(self, source) -> None:
        pass


@pytest.fixture
def ctx() -> Iterator[FakeContext]:
    fake = FakeContext()
    previous = set_current(fake)  # type: ignore[arg-type]
    yield fake
    set_current(previous)
