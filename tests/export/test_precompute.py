"""Precomputed UI states (cove/_export/precompute.py): every table entry, in a group's file and in
an element's slice, is what the live kernel shows for the same values; independent elements cost
the sum of their domains; cells that are not a function of the elements' values are left out;
states are stored once, most as pieces of their cell's first."""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import textwrap
from typing import Any

from cove._export.precompute import Precomputed, precompute_notebook, read_file
from cove._runtime.session import Session
from cove._site.render import page_event


def nb(*cells: str) -> str:
    parts = ["import cove\n\napp = cove.App()\n"]
    for code in cells:
        parts.append(f"\n\n@app.cell\ndef _():\n{textwrap.indent(textwrap.dedent(code).strip(), '    ')}\n    return\n")
    return "".join(parts)


# Two sliders and a dropdown; one cell depends on both sliders.
THREE = nb(
    "import cove as mo",
    'a = mo.ui.slider(0, 4, value=2, label="a")\nb = mo.ui.slider(1, 3, label="b")\nletter = mo.ui.dropdown(["x", "y", "z"], value="y")\nmo.hstack([a, b, letter])',
    'print("sum", a.value + b.value)\nf"{a.value} + {b.value} = {a.value + b.value}"',
    "mo.md(f'**{letter.value.upper()}**')",
    "a.value * 10",
)


def bodies(result: Precomputed) -> dict[str, str]:
    """Every table file's text, those that went inside the page config included."""
    inline = {p: json.dumps(d, separators=(",", ":"), ensure_ascii=False) for p, d in result.config.get("inline", {}).items()}
    return {**result.files, **inline}


def groups(result: Precomputed) -> list[dict[str, Any]]:
    """The groups' files, each state rebuilt as its events (what the page does)."""
    return [read_file(body) for body in bodies(result).values() if not json.loads(body)["fixed"]]


def slices(result: Precomputed) -> dict[str, dict[str, Any]]:
    """Element id → its slice (the elements alone in their group have none of their own)."""
    files = {path: read_file(body) for path, body in bodies(result).items()}
    return {e: files[info["slice"]] for e, info in result.config["elements"].items() if info.get("slice") != info["file"]}


def live(text: str, values: dict[str, Any]) -> Session:
    """A fresh kernel, run, then the reader's values, as the page would send them."""
    session = Session.from_text(text, "nb.py", lambda _e: None)
    session.handle({"type": "run_all"})
    session.handle({"type": "set_ui_values", "updates": [{"element_id": k, "value": v} for k, v in values.items()]})
    return session


def shown(session: Session, cell_id: str) -> list[dict[str, Any]]:
    """What the page gets to show `cell_id` as it is: its drawing, the bundle's plain text."""
    view = page_event(session.cell_snapshot(cell_id))
    return [{k: v for k, v in view.items() if k not in ("id", "run_id")}]


def every_state(group: dict[str, Any]) -> list[dict[str, Any]]:
    elements = group["elements"]
    return [
        {e["id"]: e["values"][i] for e, i in zip(elements, state)}
        for state in itertools.product(*(range(len(e["values"])) for e in elements))
    ]


def from_table(group: dict[str, Any], cell: dict[str, Any], values: dict[str, Any]) -> Any:
    """What the page does: the cell's entry for these values (mixed radix over its deps)."""
    index = 0
    for i in cell["deps"]:
        e = group["elements"][i]
        index = index * len(e["values"]) + e["values"].index(values[e["id"]])
    entry = cell["table"][index]
    return None if entry < 0 else group["shown"][entry]


def test_every_precomputed_state_is_what_the_live_kernel_shows() -> None:
    result = precompute_notebook(THREE, "nb.py")
    # The sliders share a cell: 5 × 3 combinations; the dropdown is independent: + 3.
    assert result.states == 5 * 3 + 3
    files = groups(result)
    assert sorted(len(g["elements"]) for g in files) == [1, 2]
    checked = 0
    for group in files:
        for values in every_state(group):
            session = live(THREE, values)
            for cell in group["cells"]:
                assert from_table(group, cell, values) == shown(session, cell["id"]), (cell["id"], values)
                checked += 1
    assert checked == 5 * 3 * 2 + 3  # the sum cell and a * 10 for each slider state; the Markdown cell
    # The page's map: each element names its cells and its group's file.
    elements = result.config["elements"]
    assert elements["c1-0"]["cells"] == ["c2", "c4"] and elements["c1-2"]["cells"] == ["c3"]
    assert elements["c1-0"]["file"] == elements["c1-1"]["file"] != elements["c1-2"]["file"]
    # The dropdown is alone in its group: its group's file is its slice.
    assert elements["c1-2"]["slice"] == elements["c1-2"]["file"]


def test_a_slice_answers_one_element_the_others_at_their_values_at_export() -> None:
    result = precompute_notebook(THREE, "nb.py")
    parts = slices(result)
    assert sorted(parts) == ["c1-0", "c1-1"]
    a, b = parts["c1-0"], parts["c1-1"]
    assert a["fixed"] == [{"id": "c1-1", "value": 1}] and b["fixed"] == [{"id": "c1-0", "value": 2}]
    # A change of b re-runs the sum cell only: a * 10 is not in its slice.
    assert [c["id"] for c in a["cells"]] == ["c2", "c4"] and [c["id"] for c in b["cells"]] == ["c2"]
    for part in (a, b):
        (e,) = part["elements"]
        fixed = {f["id"]: f["value"] for f in part["fixed"]}
        for value in e["values"]:
            session = live(THREE, {**fixed, e["id"]: value})
            for cell in part["cells"]:
                assert cell["deps"] == [0]
                assert from_table(part, cell, {e["id"]: value}) == shown(session, cell["id"]), (cell["id"], value)


def test_a_cell_only_one_slider_feeds_is_tabled_by_that_slider_alone() -> None:
    (pair,) = [g for g in groups(precompute_notebook(THREE, "nb.py")) if len(g["elements"]) == 2]
    times_ten = next(c for c in pair["cells"] if c["id"] == "c4")
    assert times_ten["deps"] == [0] and len(times_ten["table"]) == 5
    assert [json.loads(json.dumps(pair["shown"][i]))[0]["outputs"][0]["bundle"]["text/plain"] for i in times_ten["table"]] == ["0", "10", "20", "30", "40"]


def test_independent_sliders_cost_the_sum_of_their_domains() -> None:
    text = nb(
        "import cove as mo",
        "p = mo.ui.slider(0, 99)\np",
        "q = mo.ui.slider(0, 99)\nq",
        "p.value + 1",
        "q.value + 2",
    )
    result = precompute_notebook(text, "nb.py")
    assert result.states == 200 and len(bodies(result)) == 2


def test_non_deterministic_cells_are_left_out() -> None:
    text = nb(
        "import cove as mo\nimport random",
        "s = mo.ui.slider(0, 5)\ns",
        "s.value * 2",
        "s.value + random.random()",
        # A function of the value and of every earlier run: the same value gives another result.
        "seen = []",
        "seen.append(s.value)\nlen(seen)",
    )
    result = precompute_notebook(text, "nb.py")
    (group,) = groups(result)
    tables = {c["id"]: c["table"] for c in group["cells"]}
    assert min(tables["c2"]) >= 0, "the deterministic cell is in the table"
    assert set(tables["c3"]) == {-1} and set(tables["c5"]) == {-1}
    assert sorted(result.left_out) == ["c3", "c5"]


def test_a_change_that_runs_cells_outside_its_dependents_is_not_precomputed() -> None:
    text = nb(
        "import cove as mo",
        "get, set_ = mo.state(0)",
        "s = mo.ui.slider(0, 3, on_change=lambda v: set_(v))\ns",
        "s.value",
        "get() * 100",
    )
    result = precompute_notebook(text, "nb.py")
    assert result.files == {}
    assert result.config["elements"]["c2-0"] == {"cells": ["c3"], "file": None}


def test_the_budget_bounds_the_work_smallest_groups_first() -> None:
    text = nb(
        "import cove as mo",
        "big = mo.ui.slider(0, 99)\nbig",
        "flag = mo.ui.checkbox()\nflag",
        "big.value",
        "flag.value",
    )
    assert precompute_notebook(text, "nb.py", budget=50).states == 2
    assert precompute_notebook(text, "nb.py", budget=102).states == 102
    assert precompute_notebook(text, "nb.py", budget=0) == Precomputed()


def test_float_steps_are_the_values_a_browser_sends() -> None:
    text = nb("import cove as mo", "r = mo.ui.slider(0, 1, step=0.1, value=0.3)\nr", "r.value")
    (group,) = groups(precompute_notebook(text, "nb.py"))
    assert group["elements"][0]["values"] == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
    assert not any(math.isnan(v) for v in group["elements"][0]["values"])


def test_outputs_are_stored_once() -> None:
    text = nb("import cove as mo", "s = mo.ui.slider(0, 99)\ns", "s.value % 2")
    (group,) = groups(precompute_notebook(text, "nb.py"))
    assert len(group["shown"]) == 2 and len(group["cells"][0]["table"]) == 100


def test_states_are_stored_as_pieces_of_their_cells_first() -> None:
    # Long outputs that differ in one number: all but the first are a few pieces of it.
    text = nb("import cove as mo", "s = mo.ui.slider(0, 49)\ns", 'mo.md("lorem ipsum dolor sit amet " * 40 + f"**{s.value}**")')
    result = precompute_notebook(text, "nb.py")
    ((path, body),) = bodies(result).items()
    raw = json.loads(body)
    whole = [s for s in raw["shown"] if isinstance(s, str)]
    assert len(raw["shown"]) == 50 and len(whole) == 1
    assert all(isinstance(p, str) or (p[0] == raw["shown"].index(whole[0]) and p[2] >= 16) for s in raw["shown"] if not isinstance(s, str) for p in s)
    assert len(body) < 50 * 200, "a state takes a fraction of its length"
    # Rebuilt, each is what the live kernel shows; the file is named by its content.
    (group,) = groups(result)
    for value in (0, 17, 49):
        session = live(text, {"c1-0": value})
        assert from_table(group, group["cells"][0], {"c1-0": value}) == shown(session, "c2")
    assert path == f"precomputed/{hashlib.sha256(body.encode()).hexdigest()[:16]}.json"


def test_small_slices_go_inside_the_page_larger_ones_stay_files() -> None:
    small = precompute_notebook(THREE, "nb.py")
    elements, inline = small.config["elements"], small.config["inline"]
    # The three slices (the dropdown's is its group's file) are in the config; the pair's file is not.
    assert sorted(inline) == sorted({e["slice"] for e in elements.values()})
    assert list(small.files) == [elements["c1-0"]["file"]]
    big = precompute_notebook(nb("import cove as mo", "s = mo.ui.slider(0, 999)\ns", 'f"value {s.value} " * 20'), "nb.py")
    assert "inline" not in big.config and list(big.files) == [big.config["elements"]["c1-0"]["slice"]]
    # The page's head preloads the slices that are files, and only those.
    from cove._site.render import table_preloads

    assert table_preloads("./", {"precompute": small.config}) == ""
    (link,) = table_preloads("./", {"precompute": big.config}).splitlines()
    assert link == f'<link rel="preload" as="fetch" href="./{big.config["elements"]["c1-0"]["slice"]}" crossorigin>'


def test_a_group_that_takes_too_long_is_left_out(monkeypatch) -> None:
    import cove._export.precompute as pre

    monkeypatch.setattr(pre, "PASS_SECONDS", 0.05)
    text = nb("import cove as mo\nimport time", "s = mo.ui.slider(0, 20)\ns", "time.sleep(0.01)\ns.value")
    result = precompute_notebook(text, "nb.py")
    assert result.files == {} and result.states == 0 and result.config["elements"]["c1-0"]["file"] is None
