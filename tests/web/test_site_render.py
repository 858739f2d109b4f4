"""cove._site.render.render_page: the document around the cells (config, toolbar, assets)."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from cove._site.render import render_cells_html, render_page

MANIFEST = {"main.js": "main-AAA.js", "worker.js": "worker-BBB.js"}
NB = '''import cove

app = cove.App(app_title="My </script> notes", width="full")


@app.cell
def _():
    s = "</script><!-- & \\u2028"
    s
    return (s,)
'''


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.config: str | None = None
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and ("id", "cove-config") in attrs

    def handle_data(self, data):
        if self._in:
            self.config = data

    def handle_endtag(self, tag):
        self._in = False


def config_of(html: str) -> dict:
    p = _Scripts()
    p.feed(html)
    assert p.config is not None
    return json.loads(p.config)


def test_config_survives_any_notebook_text() -> None:
    config = {"mode": "edit", "filename": "nb.py", "code": NB, "snapshot": None, "save": None}
    html = render_page(config, "", MANIFEST)
    assert html.count("</script>") == html.count("<script")  # nothing in the data closes a tag
    got = config_of(html)
    assert got["code"] == NB
    assert got["worker"] == "web/worker-BBB.js"
    assert got["base"] == "./"


def test_assets_title_width_and_hooks() -> None:
    events = [{"type": "notebook", "mode": "lazy", "filename": "nb.py", "cells": [],
               "app_options": {"app_title": "Notes", "width": "full"}}]
    html = render_page({"mode": "edit", "filename": "nb.py", "code": "", "snapshot": events,
                        "base": "site"}, "", MANIFEST)
    assert '<script type="module" src="site/web/main-AAA.js">' in html
    assert '<link rel="stylesheet" href="site/web/cove.css">' in html
    assert "<title>Notes</title>" in html
    assert 'data-width="full"' in html
    assert 'data-cove-kernel="loading"' in html
    assert 'performance.mark("cove:prerendered")' in html
    actions = re.findall(r'data-cove-action="([a-z-]+)"', html)
    assert actions == ["run-all", "run-stale", "stop", "restart", "mode", "add-cell", "save", "download", "share"]
    assert 'data-cove-action="mode" title="Autorun: dependents re-run (click for lazy)" aria-pressed="true" disabled>Lazy' in html


def test_run_mode_toolbar_is_small() -> None:
    html = render_page({"mode": "run", "filename": "nb.py", "code": ""}, "", MANIFEST)
    assert re.findall(r'data-cove-action="([a-z-]+)"', html) == ["run-all", "stop", "restart", "download"]


def test_first_open_paints_the_code_without_running() -> None:
    html = render_page({"mode": "edit", "filename": "nb.py", "code": NB}, "", MANIFEST)
    assert html.count('class="cove-cell"') == 1
    assert "&lt;/script&gt;" in html  # the cell's code, escaped
    assert '<div class="cove-output"></div>' in html


def test_a_broken_manifest_is_reported() -> None:
    with pytest.raises(ValueError, match="worker.js"):
        render_page({"mode": "edit", "code": ""}, "", {"main.js": "m.js"})


def test_cells_html_hooks() -> None:
    events = [
        {"type": "notebook", "mode": "autorun", "filename": "nb.py", "app_options": {}, "cells": [
            {"id": "c0", "name": "_", "code": "1/0", "kind": "cell", "hide_code": False, "disabled": False, "defs": [], "refs": []},
            {"id": "c1", "name": "f", "code": "def f(): pass", "kind": "function", "hide_code": False, "disabled": True, "defs": ["f"], "refs": []},
        ]},
        {"type": "cell_view", "id": "c0", "status": "error", "run_id": 1, "outputs": [], "console": [],
         "error": {"kind": "exception", "message": "ZeroDivisionError", "traceback": "tb"}},
    ]
    html = render_cells_html(events)
    assert re.findall(r'data-cell-index="(\d)"', html) == ["0", "1"]
    assert re.findall(r'data-status="(\w+)"', html) == ["error", "disabled"]
    assert html.count('class="cove-output"') == 2 and html.count('class="cove-console"') == 2
    assert '<pre class="cove-traceback">tb</pre>' in html
