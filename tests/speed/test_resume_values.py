"""Resume with the values the reader set before the kernel was ready (the page answered them
from precomputed tables): the kernel adopts them as its elements are created, so no output of the
boot shows the export's values, and it ends where a full run plus those changes ends."""
from __future__ import annotations

from typing import Any

import pytest

from tests.speed.test_resume import Page, TWO_SLIDERS, export, full


def resume_with(text: str, values: dict[str, Any]) -> tuple[Page, list[dict[str, Any]]]:
    snapshot, info = export(text)
    page = Page(text)
    cells = [{"id": c["id"], "code": c["code"]} for c in snapshot[0]["cells"]]
    updates = [{"element_id": k, "value": v} for k, v in values.items()]
    return page, page.send({"type": "resume", "cells": cells, **info, "ui_values": updates})


def reference(text: str, values: dict[str, Any]) -> Page:
    page = full(text)
    page.send({"type": "set_ui_values", "updates": [{"element_id": k, "value": v} for k, v in values.items()]})
    return page


@pytest.mark.parametrize("values", [{"c1-0": 7}, {"c2-0": 9}, {"c1-0": 3, "c2-0": 0}])
def test_resume_adopts_the_readers_values(values: dict[str, Any]) -> None:
    page, events = resume_with(TWO_SLIDERS, values)
    want = reference(TWO_SLIDERS, values)
    changed = {e["id"] for e in events if e["type"] == "cell_output"}
    shows_elements = {"c1", "c2", "c7"}
    for cell in page.kernel.cells:
        if cell.id in changed - shows_elements:  # every output the boot sent is for the reader's values
            assert cell.output == want.kernel.cell(cell.id).output, cell.id
    # A re-created element shows the reader's value, never the export's (no jump back).
    for element_id, value in values.items():
        assert f'data-cove-id="{element_id}"' in page.kernel.cell(element_id.split("-")[0]).output["text/html"]
        assert f'data-cove-value="{value}"' in page.kernel.cell(element_id.split("-")[0]).output["text/html"]
    # Every cell that reads a changed element ran (the page may show it as computing).
    readers = {"c1-0": {"c4", "c6", "c7"}, "c2-0": {"c5", "c6", "c7"}}
    assert set().union(*(readers[k] for k in values)) <= page.ran(events)
    # The elements hold the values; what the reader does next matches a full run's kernel.
    for element_id, value in values.items():
        assert page.kernel.element(element_id)._raw == value
    page.send({"type": "set_ui_values", "updates": [{"element_id": "c1-0", "value": 5}]})
    want.send({"type": "set_ui_values", "updates": [{"element_id": "c1-0", "value": 5}]})
    same = [c.id for c in page.kernel.cells if c.id not in page.kernel.unrun | shows_elements]
    assert {i: page.kernel.cell(i).output for i in same} == {i: want.kernel.cell(i).output for i in same}
    assert {i: page.kernel.globals.get(n) for i in same for n in page.kernel.cell(i).defs} == {
        i: want.kernel.globals.get(n) for i in same for n in want.kernel.cell(i).defs}


def test_without_values_resume_runs_what_it_ran_before() -> None:
    snapshot, info = export(TWO_SLIDERS)
    cells = [{"id": c["id"], "code": c["code"]} for c in snapshot[0]["cells"]]
    a, b = Page(TWO_SLIDERS), Page(TWO_SLIDERS)
    assert a.ran(a.send({"type": "resume", "cells": cells, **info})) == b.ran(
        b.send({"type": "resume", "cells": cells, **info, "ui_values": []}))


def test_a_value_the_element_refuses_is_dropped() -> None:
    page, _ = resume_with(TWO_SLIDERS, {"c1-0": 999})
    assert page.kernel.element("c1-0")._raw == 1


def test_warm_runs_the_skipped_dependents_silently() -> None:
    from tests.speed.test_resume import SLIDER, resumed, slider_value

    page, _ = resumed(SLIDER)
    assert page.kernel.unrun == {"c2", "c3", "c4", "c5", "c6"}
    events = page.send({"type": "warm"})
    assert not [e for e in events if e.get("id")], "the page hears nothing about warmed cells"
    assert page.kernel.unrun == {"c5", "c6"}  # the slider's dependents ran; unrelated cells still not
    # The next change behaves as before.
    assert slider_value(page, "c1-0", 7) == slider_value(full(SLIDER), "c1-0", 7)
