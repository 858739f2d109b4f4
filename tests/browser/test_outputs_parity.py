"""One notebook with every kind of output (tests/browser/every_output.py), exported for real: the
HTML the prerender wrote for each cell is exactly the HTML the live page inserts when its kernel
runs the cell in the browser, and an output nested in hstack/vstack is the same markup as at top
level. Both are drawn by the engine's one registry (cove/_output/render.py), in CPython for the
prerender and in the page's worker for the live page."""
from __future__ import annotations

import re
from pathlib import Path

from cove._output._escape import escape
from tests.browser.every_output import KINDS, notebook
from tests.browser.outputs_site import BOOT_TIMEOUT, export
from tests.browser.test_page_site import share_hash

# Every string the page writes into a cell's `.cove-output`, the last one per cell index: what
# the page inserted, before charts, KaTeX or the frame host change the DOM.
SPY = """(() => {
  const inner = Object.getOwnPropertyDescriptor(Element.prototype, "innerHTML");
  window.__coveWrites = {};
  Object.defineProperty(Element.prototype, "innerHTML", {
    ...inner,
    set(value) {
      const cell = this.classList?.contains("cove-output") ? this.closest(".cove-cell") : null;
      if (cell) window.__coveWrites[cell.dataset.cellIndex] = String(value);
      inner.set.call(this, value);
    },
  });
})()"""
CELL = re.compile(
    r'<div class="cove-cell" data-cell-index="(\d+)"[^>]*>.*?<div class="cove-output">(.*?)</div>'
    r'<pre class="cove-console">(.*?)</pre></div>',
    re.S,
)
# A UI element's id is new each time the element is made: the nested copy is another element.
UI_ID = re.compile(r'data-cove-id="[^"]*"')


def test_prerender_and_live_page_draw_every_output_the_same(tmp_path: Path, static_server, page) -> None:
    text, where = notebook()
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "every_output.py"
    source.write_text(text)
    (tmp_path / "out").mkdir()
    site = export(source, tmp_path / "out")
    prerendered = {int(i): (out, console) for i, out, console in CELL.findall((site / "index.html").read_text())}
    last = max(prerendered)
    assert len(prerendered) == 2 * len(KINDS) + 4

    # The same code from a share link: the page shows nothing until Run, then the kernel runs
    # every cell in the browser and the page inserts what it sends.
    page.add_init_script(SPY)
    page.goto(static_server(site) + "index.html" + share_hash(text))
    page.wait_for_function("document.documentElement.dataset.coveKernel === 'ready'", timeout=BOOT_TIMEOUT)
    page.locator('.cove-banner[data-banner="shared"]').get_by_role("button", name="Run").click()
    page.wait_for_function(
        """n => document.querySelectorAll('.cove-cell[data-status="idle"], .cove-cell[data-status="error"]').length === n
              && document.documentElement.dataset.coveKernel === 'ready'""",
        arg=last + 1,
        timeout=120_000,
    )
    written: dict[str, str] = page.evaluate("window.__coveWrites")

    differ = [i for i in range(1, last + 1) if written.get(str(i), "") != prerendered[i][0]]
    assert not differ, [(i, prerendered[i][0][:300], (written.get(str(i)) or "")[:300]) for i in differ[:3]]
    assert 'data-error-kind="multiple-definitions"' in written[str(last)]

    # Nested in hstack/vstack, an output is the same markup as at top level (escaped inside the
    # sandboxed frame that holds a layout with active content).
    for kind, (top, nested) in where.items():
        alone, inside = UI_ID.sub("", written[str(top)]), UI_ID.sub("", written[str(nested)])
        assert alone.startswith('<div class="cove-out" data-mime='), kind
        assert alone in inside or escape(alone) in inside, kind
    assert '<iframe class="cove-sandbox"' in written[str(where["html-active"][0])]
    assert page.evaluate("document.body.dataset.ran") is None, "active HTML ran in the page"

    # The console (drawn by the page as it streams) matches the prerender's, stderr marked.
    console = prerendered[last - 2][1]
    assert '<span class="cove-stderr">to stderr\n</span>' in console
    live, parsed = page.evaluate(
        """([i, html]) => {
            const t = document.createElement("template");
            t.innerHTML = html;
            return [document.querySelector(`.cove-cell[data-cell-index="${i}"] .cove-console`).innerHTML, t.innerHTML];
        }""",
        [last - 2, console],
    )
    assert live == parsed
