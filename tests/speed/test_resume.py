"""Booting behind a prerendered page (cove/_runtime/resume.py): only the cells the live page needs
run; the others keep their prerendered outputs; and whatever the reader does next gives exactly
what a kernel that ran everything would give."""
from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from cove._runtime.resume import boot_plan, resume_info
from cove._runtime.session import Session
from cove.protocol import CellCode


def nb(*cells: str, setup: str | None = None) -> str:
    parts = ["import cove\n\napp = cove.App()\n"]
    if setup is not None:
        parts.append(f"\nwith app.setup:\n{textwrap.indent(setup, '    ')}\n")
    for code in cells:
        parts.append(f"\n\n@app.cell\ndef _():\n{textwrap.indent(textwrap.dedent(code).strip(), '    ')}\n    return\n")
    return "".join(parts)


class Page:
    """A Session and the events it emitted (parsed)."""

    def __init__(self, text: str) -> None:
        self.events: list[dict[str, Any]] = []
        self.session = Session.from_text(text, "nb.py", lambda e: self.events.append(json.loads(e)))
        self.kernel = self.session.kernel

    def send(self, command: dict[str, Any]) -> list[dict[str, Any]]:
        start = len(self.events)
        self.session.handle(command)
        errors = [e for e in self.events[start:] if e["type"] == "command_error"]
        assert not errors, errors
        return self.events[start:]

    def outputs(self) -> dict[str, Any]:
        return {c.id: (c.output, c.console, c.error_info, c.status) for c in self.kernel.cells}

    def ran(self, events: list[dict[str, Any]]) -> set[str]:
        return {e["id"] for e in events if e["type"] == "cell_status" and e["status"] == "running"}


def export(text: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """What `cove export` puts in the page: the snapshot and the resume info."""
    page = Page(text)
    page.send({"type": "run_all"})
    return page.session.snapshot(), resume_info(page.kernel)


def resumed(text: str, prerendered: bool = True) -> tuple[Page, list[dict[str, Any]]]:
    """A fresh kernel booted as the exported page boots it; returns it and the boot's events."""
    snapshot, info = export(text)
    page = Page(text)
    cells = [{"id": c["id"], "code": c["code"]} for c in snapshot[0]["cells"]]
    if prerendered:  # the kernel also takes the skipped cells' outputs (tests compare states)
        start = len(page.events)
        page.kernel.resume([CellCode(**c) for c in cells], info["ui_cells"], info["pending"],
                           info["after_run_id"], prerendered=snapshot)
        return page, page.events[start:]
    return page, page.send({"type": "resume", "cells": cells, **info})


def full(text: str) -> Page:
    page = Page(text)
    page.send({"type": "run_all"})
    return page


def slider_value(page: Page, element_id: str, value: Any) -> dict[str, Any]:
    page.send({"type": "set_ui_values", "updates": [{"element_id": element_id, "value": value}]})
    return page.outputs()


SLIDER = nb(
    "import cove as mo",
    "n = mo.ui.slider(0, 1000, value=10)\nn",
    "formatted = f'n = {n.value:,}'\nformatted",
    "items = [i * i for i in range(n.value % 12)]\nitems",
    "mo.md(f'**{n.value}**')",
    "unrelated = sum(range(100))\nunrelated",
    "print('hello')\nunrelated + 1",
)


def test_the_plan_is_the_elements_and_what_their_dependents_read() -> None:
    page = Page(SLIDER)
    g = page.kernel.graph
    assert boot_plan(g, ["c1"]) == {"c0", "c1"}
    assert boot_plan(g, []) == set()
    assert boot_plan(g, ["c1"], pending=["c5"]) == {"c0", "c1", "c5", "c6"}
    assert boot_plan(g, ["nope"]) == set()


def test_skipped_cells_keep_their_prerendered_outputs() -> None:
    page, events = resumed(SLIDER, prerendered=False)
    assert page.ran(events) == {"c0", "c1"}
    # Nothing at all is said about the skipped cells: the page keeps what it shows.
    assert {e.get("id") for e in events if "id" in e} == {"c0", "c1"}
    assert page.kernel.unrun == {"c2", "c3", "c4", "c5", "c6"}
    # With the prerendered events, the kernel's own state equals a full run's.
    page, _ = resumed(SLIDER)
    assert page.outputs() == full(SLIDER).outputs()


def test_resume_is_a_kernel_operation_that_returns_its_plan() -> None:
    snapshot, info = export(SLIDER)
    page = Page(SLIDER)
    cells = [CellCode(c["id"], c["code"]) for c in snapshot[0]["cells"]]
    boot = page.kernel.resume(cells, info["ui_cells"], info["pending"], info["after_run_id"])
    assert boot.ids == ["c0", "c1"]
    assert boot.joined == frozenset()
    # the page sent edits before the kernel booted: every cell runs
    edited = [CellCode(c.id, c.code + "\n") if c.id == "c3" else c for c in cells]
    assert Page(SLIDER).kernel.resume(edited, info["ui_cells"]).ids == [f"c{i}" for i in range(7)]


def test_live_run_ids_start_after_the_prerendered_ones() -> None:
    snapshot, info = export(SLIDER)
    highest = max(e["run_id"] for e in snapshot if "run_id" in e)
    assert info["after_run_id"] == highest
    _, events = resumed(SLIDER, prerendered=False)
    assert min(e["run_id"] for e in events if "run_id" in e) > highest


@pytest.mark.parametrize("values", [[5], [5, 5], [11, 0, 999], [3, 4, 3]])
def test_a_slider_change_after_resume_gives_what_a_full_run_gives(values: list[int]) -> None:
    page, _ = resumed(SLIDER)
    reference = full(SLIDER)
    for v in values:
        assert slider_value(page, "c1-0", v) == slider_value(reference, "c1-0", v)
    assert page.kernel.unrun == {"c5", "c6"}


TWO_SLIDERS = nb(
    "import cove as mo",
    "a = mo.ui.slider(0, 10, value=1)\na",
    "b = mo.ui.slider(0, 10, value=2)\nb",
    "base = 100",
    "fa = a.value * base\nfa",           # reads a and base
    "gb = b.value + 1\ngb",              # reads b
    "h = fa + b.value\nh",               # reads fa (from a) and b: the case that needs A
    "both = mo.hstack([a, b])\nboth",    # shows both elements again
    "side = base * 2\nside",             # depends on nothing the reader changes
    "print('side effect', side)",
)


@pytest.mark.parametrize("steps", [
    [("c1-0", 5)], [("c2-0", 7)], [("c2-0", 7), ("c1-0", 3)], [("c1-0", 3), ("c2-0", 0), ("c1-0", 9)],
])
def test_several_sliders(steps: list[tuple[str, int]]) -> None:
    page, events = resumed(TWO_SLIDERS)
    # U = {c1, c2}; D = {c4, c5, c6, c7}; A adds their ancestors c0, c3 (base) and c4 (fa, which
    # h reads when b changes); c8 and c9 keep their prerendered outputs.
    assert page.ran(events) == {"c0", "c1", "c2", "c3", "c4"}
    reference = full(TWO_SLIDERS)
    for element_id, value in steps:
        assert slider_value(page, element_id, value) == slider_value(reference, element_id, value)


def test_a_changed_slider_reruns_a_dependent_whose_other_input_was_skipped() -> None:
    # Changing b re-runs h, which reads fa: fa's cell ran at boot because h is in D.
    page, _ = resumed(TWO_SLIDERS)
    events_before = len(page.events)
    slider_value(page, "c2-0", 4)
    ran = page.ran(page.events[events_before:])
    assert {"c5", "c6", "c7"} <= ran and "c4" not in ran
    assert page.kernel.cell("c6").output == {"text/plain": "104"}


def test_editing_a_skipped_cell_runs_its_skipped_ancestors_first() -> None:
    page, _ = resumed(TWO_SLIDERS, prerendered=False)
    start = len(page.events)
    page.send({"type": "run_cells", "cells": [{"id": "c9", "code": "print('edited', side)"}]})
    assert page.ran(page.events[start:]) == {"c8", "c9"}
    assert page.kernel.cell("c9").console == "edited 200\n"
    assert page.kernel.cell("c9").status == "idle"
    assert "c8" not in page.kernel.unrun


def test_run_all_after_resume_runs_everything() -> None:
    page, _ = resumed(TWO_SLIDERS, prerendered=False)
    start = len(page.events)
    page.send({"type": "run_all"})
    assert page.ran(page.events[start:]) == {c.id for c in page.kernel.cells}
    assert page.kernel.unrun == set()


def test_a_state_setter_reaching_outside_the_plan_runs_that_cells_ancestors() -> None:
    text = nb(
        "import cove as mo",
        "get_v, set_v = mo.state(0)",
        "n = mo.ui.slider(0, 10, value=1)\nn",
        "offset = 1000",
        "set_v(n.value)",                   # in D: runs when n changes, sets the state
        "shown = get_v() + offset\nshown",  # not in D; reads offset (skipped at boot)
    )
    page, events = resumed(text)
    assert page.ran(events) == {"c0", "c1", "c2"}
    reference = full(text)
    for v in (4, 7):
        assert slider_value(page, "c2-0", v) == slider_value(reference, "c2-0", v)
    assert page.kernel.cell("c5").output == {"text/plain": "1007"}


def test_cells_that_could_not_run_at_export_run_at_boot() -> None:
    snapshot, info = export(SLIDER)
    info = {**info, "pending": ["c5"]}
    page = Page(SLIDER)
    cells = [{"id": c["id"], "code": c["code"]} for c in snapshot[0]["cells"]]
    events = page.send({"type": "resume", "cells": cells, **info})
    assert page.ran(events) == {"c0", "c1", "c5", "c6"}


def test_an_element_shown_by_another_cell() -> None:
    text = nb(
        "import cove as mo",
        "n = mo.ui.slider(0, 10, value=1)",   # created here, not shown
        "mo.hstack([n, 'shown here'])",       # shown here
        "n.value * 3",
    )
    page, events = resumed(text)
    assert page.ran(events) == {"c0", "c1"}
    reference = full(text)
    assert slider_value(page, "c1-0", 6) == slider_value(reference, "c1-0", 6)


def test_the_setup_cell_runs_at_boot() -> None:
    text = nb("n = mo.ui.slider(0, 10, value=1)\nn", "n.value + k", setup="import cove as mo\nk = 5")
    page, events = resumed(text)
    assert page.ran(events) == {"setup", "c0"}
    reference = full(text)
    assert slider_value(page, "c0-0", 2) == slider_value(reference, "c0-0", 2)


def test_other_code_than_the_prerendered_falls_back_to_a_full_run() -> None:
    snapshot, info = export(SLIDER)
    page = Page(SLIDER)
    page.send({"type": "edit_cell", "id": "c5", "code": "unrelated = 7\nunrelated"})
    cells = [{"id": c["id"], "code": c["code"]} for c in snapshot[0]["cells"]]
    events = page.send({"type": "resume", "cells": cells, **info})
    assert page.ran(events) == {c.id for c in page.kernel.cells}
    assert page.kernel.unrun == set()


def test_no_ui_elements_means_nothing_runs() -> None:
    text = nb("x = 1\nx", "x + 1")
    page, events = resumed(text, prerendered=False)
    assert page.ran(events) == set()
    assert page.kernel.unrun == {"c0", "c1"}
    start = len(page.events)
    page.send({"type": "run_cells", "cells": [{"id": "c1", "code": "x + 2"}]})
    assert page.ran(page.events[start:]) == {"c0", "c1"}
    assert page.kernel.cell("c1").output == {"text/plain": "3"}


def test_a_cell_that_failed_in_the_prerender_fails_again_when_needed() -> None:
    text = nb(
        "import cove as mo",
        "n = mo.ui.slider(0, 10, value=1)\nn",
        "bad = 1 / 0",
        "n.value + bad",
    )
    page, events = resumed(text)
    assert page.ran(events) == {"c0", "c1", "c2"}
    reference = full(text)
    assert page.outputs() == reference.outputs()
    assert slider_value(page, "c1-0", 3) == slider_value(reference, "c1-0", 3)
