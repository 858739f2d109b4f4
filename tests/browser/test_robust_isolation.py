"""Outputs cannot reach the page around them: output HTML that runs code (a <script>, an onerror
handler) runs in a sandboxed frame with an opaque origin, where it cannot read the page's storage
(the autosaved code), its cove-config (the save token) or its DOM, and cannot set anything on
the page; inert HTML is written inline; and the page's Content-Security-Policy refuses inline
handlers even if one reached the page."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.web.site import make_site, static_ready, wait_ready

SECRET_TOKEN = "tok-SECRET-6f1e"
STORED = "stored-code-SECRET"

# Tries everything an attacker would, and reports to the parent (the one thing it may do).
PROBE = (
    "var r={ran:true};"
    "try{r.storage=String(localStorage.getItem('cove-test'))}catch(e){r.storage='blocked'}"
    "try{r.config=parent.document.getElementById('cove-config').textContent}catch(e){r.config='blocked'}"
    "try{r.dom=parent.document.body.innerHTML.length}catch(e){r.dom='blocked'}"
    "try{parent.leaked=1;r.set='done'}catch(e){r.set='blocked'}"
    "try{r.cookie=document.cookie}catch(e){r.cookie='blocked'}"
    "parent.postMessage({type:'probe',via:VIA,r:r},'*');"
)

NB = f'''import cove

app = cove.App()


@app.cell
def _():
    import cove as mo
    return (mo,)


@app.cell
def _(mo):
    mo.Html("<script>{PROBE.replace("VIA", "'script'")}</script><div style='height:300px'>tall</div>")
    return


@app.cell
def _(mo):
    mo.Html("<img src=x onerror=\\"{PROBE.replace("VIA", "'onerror'").replace("'", "&#39;")}\\">")
    return


@app.cell
def _(mo):
    mo.Html("<b id='inert-output'>inline</b>")
    return
'''


@pytest.fixture(autouse=True)
def _built() -> None:
    reason = static_ready()
    if reason:
        pytest.skip(reason)


def _open(page: Any, static_server: Any, tmp_path: Path, prerender: bool) -> None:
    make_site(tmp_path, NB, prerender=prerender, save={"url": "api/save", "token": SECRET_TOKEN})
    page.add_init_script(
        f"try {{ localStorage.setItem('cove-test', {json.dumps(STORED)}); }} catch (e) {{}}"
        "window.__probes = []; addEventListener('message', (e) => { if (e.data && e.data.type === 'probe') window.__probes.push(e.data); });"
    )
    page.goto(static_server(tmp_path) + "index.html")


@pytest.mark.parametrize("prerender", [False, True], ids=["live", "prerendered"])
def test_output_scripts_run_sandboxed_and_reach_nothing(tmp_path: Path, static_server, page, prerender: bool) -> None:
    _open(page, static_server, tmp_path, prerender)
    wait_ready(page)
    page.wait_for_function("window.__probes.length >= 2", timeout=30_000)
    probes = {p["via"]: p["r"] for p in page.evaluate("window.__probes")}
    assert set(probes) == {"script", "onerror"}, probes
    for via, r in probes.items():
        assert r["ran"] is True
        assert r["storage"] == "blocked", (via, r)
        assert r["config"] == "blocked", (via, r)
        assert r["dom"] == "blocked", (via, r)
        assert r["set"] == "blocked", (via, r)
        assert SECRET_TOKEN not in json.dumps(r) and STORED not in json.dumps(r)
    assert page.evaluate("window.leaked") is None
    # inert HTML is part of the page; the active ones are frames sized to their content
    assert page.locator("#inert-output").inner_text() == "inline"
    frames = page.locator("iframe.cove-sandbox")
    assert frames.count() == 2
    assert all("allow-same-origin" not in (frames.nth(i).get_attribute("sandbox") or "") for i in range(2))
    page.wait_for_function(
        "document.querySelector('.cove-cell[data-cell-index=\"1\"] iframe.cove-sandbox').getBoundingClientRect().height >= 300"
    )


def test_the_page_policy_refuses_inline_handlers(tmp_path: Path, static_server, page) -> None:
    _open(page, static_server, tmp_path, prerender=False)
    wait_ready(page)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    page.evaluate(
        """() => { const d = document.createElement('div');
                   d.innerHTML = '<img src=x onerror="window.__inline_ran = 1">';
                   document.body.append(d); }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("window.__inline_ran") is None
