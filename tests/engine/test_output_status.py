"""cove.output and cove.status against a fake RunContext."""
from __future__ import annotations

import json

import pytest

from cove._output import status as status_module
from cove._output.output import output
from cove._output.status import PROGRESS_MIME, progress_bar, spinner, status
from cove._runtime.context import set_current


class FakeContext:
    """Records what the kernel would be asked."""

    def __init__(self, cell_id: str = "c1") -> None:
        self.cell_id = cell_id
        self.count = 0
        self.elements: list = []
        self.outputs: list = []

    def next_element_id(self) -> str:
        self.count += 1
        return f"{self.cell_id}-{self.count - 1}"

    def register_element(self, element) -> None:
        self.elements.append(element)

    def emit_output(self, bundle, mode) -> None:
        self.outputs.append((bundle, mode))

    def request_rerun(self, names, source) -> None:
        pass


@pytest.fixture
def ctx():
    fake = FakeContext()
    previous = set_current(fake)
    yield fake
    set_current(previous)


def test_output_outside_kernel_is_a_noop():
    output.replace(1)
    output.append(2)
    output.clear()


def test_output_modes(ctx):
    output.replace(1)
    output.append("x")
    output.append(None)
    output.replace(None)
    output.clear()
    assert ctx.outputs == [
        ({"text/plain": "1"}, "replace"),
        ({"text/plain": "'x'"}, "append"),
        (None, "replace"),
        (None, "clear"),
    ]


def _states(ctx):
    return [json.loads(bundle[PROGRESS_MIME]) for bundle, mode in ctx.outputs if mode == "progress"]


def test_progress_bar_iterates_and_reports(ctx, monkeypatch):
    monkeypatch.setattr(status_module, "MIN_INTERVAL", 0.0)
    items = list(progress_bar(range(3), title="Loading", completion_title="Done"))
    assert items == [0, 1, 2]
    states = _states(ctx)
    assert all(mode == "progress" for _, mode in ctx.outputs)
    assert len({s["id"] for s in states}) == 1
    assert [s["current"] for s in states] == [0, 1, 2, 3, 3]
    assert states[0]["total"] == 3 and states[0]["kind"] == "progress"
    assert states[-1]["done"] is True and states[-1]["title"] == "Done"
    assert states[-1]["remove"] is False
    bundle = ctx.outputs[-1][0]
    assert '<progress max="3" value="3">' in bundle["text/html"]
    assert bundle["text/plain"] == "Done: 3/3"


def test_progress_updates_are_throttled(ctx):
    for _ in progress_bar(range(1000)):
        pass
    states = _states(ctx)
    assert len(states) < 10  # first, a few throttled ones, the last; not 1000
    assert states[-1]["current"] == 1000 and states[-1]["done"]


def test_progress_bar_context_manager_and_remove_on_exit(ctx):
    with progress_bar(total=2, title="t", remove_on_exit=True) as bar:
        bar.update()
        bar.update(subtitle="almost")
    states = _states(ctx)
    assert states[-1]["remove"] is True
    assert ctx.outputs[-1][0]["text/html"] == ""
    assert any(s["subtitle"] == "almost" for s in states)


def test_progress_bar_unknown_total_is_indeterminate(ctx):
    for _ in progress_bar(iter([1, 2])):
        pass
    html = ctx.outputs[0][0]["text/html"]
    assert "<progress></progress>" in html
    assert _states(ctx)[-1]["total"] is None


def test_progress_bar_disabled_and_outside_kernel(ctx):
    list(progress_bar(range(3), disabled=True))
    assert ctx.outputs == []
    set_current(None)
    assert list(progress_bar(range(2))) == [0, 1]


def test_spinner(ctx):
    with spinner(title="Wait") as s:
        s.update(title="Still waiting")
    states = _states(ctx)
    assert states[0]["kind"] == "spinner" and states[0]["title"] == "Wait"
    assert states[-1]["remove"] is True
    assert 'class="cove-spinner"' in ctx.outputs[0][0]["text/html"]


def test_spinner_kept_on_exit(ctx):
    with spinner(title="Wait", remove_on_exit=False):
        pass
    assert _states(ctx)[-1] == {**_states(ctx)[-1], "done": True, "remove": False}


def test_status_namespace():
    assert status.progress_bar is progress_bar and status.spinner is spinner
