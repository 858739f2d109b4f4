"""The output guard: HTML that could run code (scripts, event handlers, javascript: URLs, frames,
objects, base/meta) is recognised however it is spelled, and inert HTML (Cove's own UI elements and
Markdown included, with any text in them) is not. The decision is made once, by the engine
(cove/_output/sandbox.py), for the prerender and the live page alike; tests/browser/
test_robust_isolation.py shows the frames hold in a real browser."""
from __future__ import annotations

import cove
from cove._output.sandbox import guard_html, is_active_html

ACTIVE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.leak=localStorage.length">',
    "<img src=x ONERROR=alert(1)>",
    '<img/src="x"/onerror=alert(1)>',
    '<img src="x"onerror=alert(1)>',
    "<img src=x\nonerror\n=\nalert(1)>",
    '<img alt=">" onerror=alert(1) src=x>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a><animate attributeName=href values="javascript:alert(1)"/><text y=20>x</text></a></svg>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  java\tscript:alert(1)">x</a>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="jav&#97script&colon;alert(1)">x</a>',
    '<a href="java&Tab;script:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    "<iframe src=https://example.com></iframe>",
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "<object data=x.swf></object>",
    "<embed src=x>",
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<details open ontoggle=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<style><x a="</style><img src=x onerror=alert(1)>"></style>',
    '<!--><img src=x onerror=alert(1)>-->',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<textarea><img title="</textarea><img src=x onerror=alert(1)>">',
    '<div title="a" onclick=alert(1)>x</div>',
    "<video><source onerror=alert(1)></video>",
    '<a href="vbscript:msgbox(1)">x</a>',
]

INERT = [
    "<b>bold</b>",
    '<div class="cove-md"><p>turn the light on = yes, then onset = 3</p></div>',
    '<p>a <a href="https://example.com/?q=on&amp;x=1">link</a> and <code>x.onclick = f</code></p>',
    '<table><tr><td> onion = 3</td></tr></table>',
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
    '<a href="#section">here</a> <a href="mailto:a@b.c">mail</a>',
    '<span title="a &quot;onerror=x&quot; in a value">t</span>',
    '<input value=" onion = 3, javascript is fun">',
    "<p>javascript: the language</p>",
    "<img/src=x/onerror=alert(1)>",  # one attribute: src is "x/onerror=alert(1)"
    '<select><option value="javascript: b">b</option></select>',
    "",
]


def cove_outputs() -> list[str]:
    """HTML Cove writes itself, with hostile-looking text in every user-controlled place."""
    k = cove.Kernel(cove.loads("import cove\n\napp = cove.App()\n"))
    k.add("import cove as mo")
    k.add(
        "s = mo.ui.slider(1, 10, label='turn on = yes')\n"
        "t = mo.ui.text(value=' onion = 3 ', label='on x = 1')\n"
        "d = mo.ui.dropdown(['onload = a', 'javascript: b'], label='pick')\n"
        "mo.vstack([s, t, d, mo.md('Some **text** where on = off, and `el.onclick = f`')])"
    )
    k.add("mo.md(f'Pick {s} and {t}: on = yes')")
    k.add("mo.ui.tabs({'a': mo.md('tab on = 1'), 'b': s})")
    k.run_all()
    outs = [c.output["text/html"] for c in k.cells if c.output and "text/html" in c.output]
    assert len(outs) == 3, [c.error for c in k.cells]
    return outs


def test_active_html_is_recognised() -> None:
    missed = [h for h in ACTIVE if not is_active_html(h)]
    assert not missed


def test_inert_html_stays_inline() -> None:
    wrongly = [h for h in INERT + cove_outputs() if is_active_html(h)]
    assert not wrongly


def test_active_html_gets_a_sandboxed_frame_without_same_origin() -> None:
    markup = guard_html("<script>alert(1)</script>")
    assert markup.startswith('<iframe class="cove-sandbox" sandbox="allow-scripts ')
    assert "allow-same-origin" not in markup and "allow-top-navigation" not in markup
    assert "<script>alert(1)" not in markup  # only inside srcdoc, escaped
