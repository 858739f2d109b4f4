"""Every UI element kind of docs/spec.md §3 drives its dependents from a real browser: the page sends
the front-end value each kind defines (py/cove/ui/_base.py) and Python's `.value` follows."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.web.site import READY, make_site, output_text, static_ready, wait_output, wait_ready

NB = '''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    cb = mo.ui.checkbox(label="cb")
    sw = mo.ui.switch(label="sw")
    dd = mo.ui.dropdown(["a", "b", "c"], value="a", label="dd")
    ms = mo.ui.multiselect(["x", "y", "z"], label="ms")
    rd = mo.ui.radio(["r1", "r2"], value="r1", label="rd")
    tx = mo.ui.text(value="hi", label="tx")
    num = mo.ui.number(0, 100, value=5, label="num")
    btn = mo.ui.button(value=0, on_click=lambda v: v + 1, label="btn")
    rs = mo.ui.range_slider(0, 10, value=[2, 8], label="rs")
    dt = mo.ui.date(value="2024-01-02", label="dt")
    st = mo.ui.slider(steps=[1, 10, 100], label="st")
    mo.vstack([cb, sw, dd, ms, rd, tx, num, btn, rs, dt, st])
    return btn, cb, dd, dt, ms, num, rd, rs, st, sw, tx


@app.cell
def _(btn, cb, dd, dt, ms, num, rd, rs, st, sw, tx):
    values = dict(cb=cb.value, sw=sw.value, dd=dd.value, ms=ms.value, rd=rd.value, tx=tx.value,
                  num=num.value, btn=btn.value, rs=rs.value, dt=str(dt.value), st=st.value)
    values
    return (values,)


@app.cell
def _(mo):
    f = mo.ui.text(label="name").form()
    f
    return (f,)


@app.cell
def _(f):
    submitted = f"form: {f.value!r}"
    submitted
    return (submitted,)


@app.cell
def _(mo):
    t = mo.ui.tabs({"One": "first", "Two": "second"})
    t
    return (t,)


@app.cell
def _(t):
    tab = f"tab: {t.value}"
    tab
    return (tab,)
'''


@pytest.fixture
def ui_page(tmp_path: Path, static_server, page):
    reason = static_ready()
    if reason:
        pytest.skip(reason)
    make_site(tmp_path, NB)
    page.goto(static_server(tmp_path) + "index.html")
    wait_ready(page)
    wait_output(page, 2, "'cb': False")
    return page


def ui(page, kind: str, nth: int = 0):
    return page.locator(f'[data-cove-ui="{kind}"]').nth(nth)


def settle(page, text: str, index: int = 2) -> None:
    wait_output(page, index, text)
    page.wait_for_function(READY)


def test_choice_and_toggle_elements(ui_page) -> None:
    page = ui_page
    ui(page, "checkbox").locator("input").check()
    settle(page, "'cb': True")
    ui(page, "switch").locator("input").press("Space")
    settle(page, "'sw': True")
    ui(page, "dropdown").locator("select").select_option("c")
    settle(page, "'dd': 'c'")
    ui(page, "multiselect").locator("select").select_option(["x", "z"])
    settle(page, "'ms': ['x', 'z']")
    ui(page, "radio").get_by_label("r2").check()
    settle(page, "'rd': 'r2'")


def test_text_number_date_and_button(ui_page) -> None:
    page = ui_page
    text = ui(page, "text").locator("input")
    text.fill("hello world")
    text.press("Enter")  # debounced text sends on commit
    settle(page, "'tx': 'hello world'")
    number = ui(page, "number").locator("input")
    number.fill("42")
    number.press("Tab")
    settle(page, "'num': 42")
    ui(page, "date").locator("input").fill("2025-03-04")
    settle(page, "'dt': '2025-03-04'")
    button = ui(page, "button").locator("button")
    button.click()
    settle(page, "'btn': 1")
    button.click()
    button.click()
    settle(page, "'btn': 3")


def test_range_slider_and_stepped_slider(ui_page) -> None:
    page = ui_page
    ui(page, "range_slider").locator("input.cove-range-low").fill("4")
    settle(page, "'rs': [4, 8]")
    stepped = ui(page, "slider").locator("input[type=range]")
    stepped.focus()
    page.keyboard.press("ArrowRight")
    settle(page, "'st': 10")
    page.keyboard.press("ArrowRight")
    settle(page, "'st': 100")


def test_form_sends_only_on_submit(ui_page) -> None:
    page = ui_page
    wait_output(page, 4, "form: None")
    field = ui(page, "form").locator("input[type=text]")
    field.fill("Ada")
    field.press("Tab")
    page.wait_for_function(READY)
    assert "form: None" in output_text(page, 4)
    ui(page, "form").locator("button[type=submit]").click()
    settle(page, "form: 'Ada'", 4)


def test_tabs_value_follows_the_selected_tab(ui_page) -> None:
    page = ui_page
    wait_output(page, 6, "tab: One")
    ui(page, "tabs").locator("label.cove-tab-label", has_text="Two").click()
    settle(page, "tab: Two", 6)


def test_controls_are_labelled_for_assistive_tech(ui_page) -> None:
    page = ui_page
    # (A <select> inside its <label> is named "dd a": the label text plus the selected option.)
    for label in ("cb", "sw", "dd", "ms", "tx", "num", "dt"):
        assert page.get_by_label(label).count() >= 1, label
    for role in ("checkbox", "switch", "combobox", "listbox", "radio", "textbox", "spinbutton", "slider"):
        for el in page.get_by_role(role).all():
            if el.is_visible() and el.evaluate("e => !!e.closest('[data-cove-ui]')"):
                name = el.evaluate("e => e.labels?.[0]?.textContent || e.getAttribute('aria-label') || ''")
                assert name.strip(), f"an unlabelled {role}"
