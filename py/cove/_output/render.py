"""The output registry: mimebundle -> HTML, and the cell chrome around outputs (error, console).

The one place an output becomes markup (docs/spec.md §3). The engine draws every output it sends
to a page (cove/_runtime/session.py: `html` on output and error events), in CPython for a
prerender or `--to html` and in the page's worker for the live page, and `as_html` draws an output
nested in a layout; so an output looks the same wherever it is drawn, and the page only inserts
the HTML (and draws charts, typesets math, sizes sandboxed frames)."""
from __future__ import annotations

import json
import math
import re
from typing import Any, Callable, Mapping

__all__ = [
    "MIMETYPES",
    "render_bundle",
    "render_data",
    "render_console",
    "render_error",
    "render_json_text",
    "render_outputs",
]

from ._escape import escape
from .chrome import console_html as render_console  # a cell's console is chrome (chrome.py)
from .sandbox import guard_html


# -- JSON tree -----------------------------------------------------------------------------------

# Deeper levels start folded so a big document does not flood the page.
_OPEN_DEPTH = 1
_MAX_ITEMS = 1000


def _js_number(x: int | float) -> str:
    """A number as JavaScript's JSON.stringify writes it (1.0 -> "1", 1e-07 -> "1e-7")."""
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int):
        return str(x)
    if not math.isfinite(x):
        return "null"
    if x.is_integer() and abs(x) < 1e21:
        return str(int(x))
    text = repr(x)
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    sign = "-" if exponent.startswith("-") else "+"
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


def _js_string(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _primitive(value: Any) -> str:
    if value is None:
        return '<span class="cove-json-null">null</span>'
    if isinstance(value, bool):
        return f'<span class="cove-json-boolean">{"true" if value else "false"}</span>'
    if isinstance(value, str):
        return f'<span class="cove-json-string">{escape(_js_string(value))}</span>'
    if isinstance(value, (int, float)):
        return f'<span class="cove-json-number">{escape(_js_number(value))}</span>'
    return f'<span class="cove-json-null">{escape(str(value))}</span>'


def _node(value: Any, depth: int) -> str:
    if isinstance(value, list):
        entries = [(str(i), v) for i, v in enumerate(value)]
        summary, empty = f"Array({len(entries)})", "[]"
    elif isinstance(value, dict):
        entries = [(str(k), v) for k, v in value.items()]
        summary, empty = f"Object({len(entries)})", "{}"
    else:
        return _primitive(value)
    if not entries:
        return f'<span class="cove-json-empty">{empty}</span>'
    items = [
        f'<li><span class="cove-json-key">{escape(k)}</span>: {_node(v, depth + 1)}</li>'
        for k, v in entries[:_MAX_ITEMS]
    ]
    if len(entries) > _MAX_ITEMS:
        items.append(f'<li class="cove-json-more">… {len(entries) - _MAX_ITEMS} more</li>')
    is_open = " open" if depth < _OPEN_DEPTH else ""
    return f'<details class="cove-json"{is_open}><summary>{summary}</summary><ul>{"".join(items)}</ul></details>'


def render_json_text(text: str) -> str:
    """application/json as a tree of `<details>`: it folds and unfolds with no script at all,
    so it works in a prerendered page with JavaScript off. Not JSON: shown as text."""
    try:
        value = json.loads(text)
    except ValueError:
        return f'<pre class="cove-text">{escape(text)}</pre>'
    return f'<div class="cove-json-root">{_node(value, 0)}</div>'


# -- registry ------------------------------------------------------------------------------------


_SPACE = re.compile(r"\s+")


def _image(mime: str) -> Callable[[str], str]:
    def render(data: str) -> str:
        src = data if data.startswith("data:") else f"data:{mime};base64,{_SPACE.sub('', data)}"
        return f'<img class="cove-image" alt="" src="{escape(src)}">'

    return render


def _text(data: str) -> str:
    return f'<pre class="cove-text">{escape(data)}</pre>'


def _chart(cls: str, mime: str, what: str) -> tuple[str, Callable[[str], str]]:
    """A chart spec becomes an element the page draws a live chart into (web/src/render/charts.ts
    reads `data-spec` and `data-mime`); with JavaScript off it says what it is."""

    def render(data: str) -> str:
        return (
            f'<div class="{cls}" data-mime="{mime}" data-spec="{escape(data)}">'
            f'<span class="cove-placeholder">{what}</span></div>'
        )

    return (mime, render)


def _guarded_svg(data: str) -> str:
    return guard_html(data, lambda svg: f'<div class="cove-svg">{svg}</div>')


_RENDERERS: tuple[tuple[str, Callable[[str], str]], ...] = (
    # HTML that could run code goes into a sandboxed frame (sandbox.py), the rest inline.
    ("text/html", guard_html),
    _chart("cove-plotly", "application/vnd.plotly.v1+json", "Plotly chart"),
    *(_chart("cove-vega", f"application/vnd.vegalite.{v}+json", "Vega-Lite chart") for v in ("v6", "v5", "v4", "v3")),
    *(_chart("cove-vega", f"application/vnd.vega.{v}+json", "Vega chart") for v in ("v6", "v5")),
    # Markdown is converted to HTML by format_output (markdown-it-py), which puts text/html next
    # to it; a bundle with only Markdown shows the source as text rather than guessing at it.
    ("text/markdown", lambda data: f'<div class="cove-markdown-source">{escape(data)}</div>'),
    ("image/svg+xml", _guarded_svg),
    ("image/png", _image("image/png")),
    ("image/jpeg", _image("image/jpeg")),
    ("image/gif", _image("image/gif")),
    ("application/json", render_json_text),
    ("text/latex", _text),
    ("text/plain", _text),
)

# Order = preference when a bundle offers several representations.
MIMETYPES: tuple[str, ...] = tuple(m for m, _ in _RENDERERS)


def _pick(bundle: Mapping[str, str]) -> tuple[str, str] | None:
    for mime, render in _RENDERERS:
        data = bundle.get(mime)
        if data is not None:
            return mime, render(data)
    return None


def render_data(bundle: Mapping[str, str]) -> str:
    """The HTML of the bundle's preferred representation alone (no output element): what
    format_output puts as `text/html` next to a chart spec, for front ends that know only HTML."""
    picked = _pick(bundle)
    return picked[1] if picked else ""


def render_bundle(bundle: Mapping[str, str]) -> str:
    """One output's element: `<div class="cove-out" data-mime=...>` around the HTML of the
    bundle's preferred representation."""
    picked = _pick(bundle)
    if picked:
        return f'<div class="cove-out" data-mime="{picked[0]}">{picked[1]}</div>'
    kinds = ", ".join(bundle) or "nothing"
    return f'<div class="cove-out" data-mime=""><pre class="cove-text">[no renderer for {escape(kinds)}]</pre></div>'


def render_outputs(bundles: list[Mapping[str, str]]) -> str:
    return "".join(render_bundle(b) for b in bundles)


def render_error(error: Mapping[str, Any]) -> str:
    """A cell's error, shown instead of its outputs."""
    tb = error.get("traceback")
    tb_html = f'<pre class="cove-traceback">{escape(tb)}</pre>' if tb else ""
    return (
        f'<div class="cove-error" role="alert" data-error-kind="{escape(str(error.get("kind", "")))}">'
        f'<div class="cove-error-message">{escape(str(error.get("message", "")))}</div>{tb_html}</div>'
    )


