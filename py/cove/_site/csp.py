"""The Content-Security-Policy of Cove's pages, as a `<meta>` in the page itself (static hosts such
as GitHub Pages cannot send headers).

What it is for: defense in depth behind the output guard (sandbox.py). Output HTML is written
into the page with innerHTML, where `<script>` never runs but inline event handlers and
javascript: URLs would; the guard sends such HTML to a sandboxed frame, and this policy makes
sure that, if something slipped past it, the browser still refuses to run it: script-src allows
the page's own files, the exact inline scripts the page was built with (by hash), and modules
that running code imports (blob: and data: anywidget modules, https: libraries a widget loads),
never 'unsafe-inline': inline event handlers and javascript: URLs never run. The kernel
worker is loaded from the site and gets its own policy (none) from its response, so Pyodide is
unaffected.

`with_csp(html)` hashes the inline scripts of a finished document, so whoever adds an inline
script to the page (render.py's head snippet, the prerender mark) needs to do nothing else.
"""
from __future__ import annotations

import base64
import hashlib
import re

__all__ = ["policy", "with_csp", "without_csp"]

_META = re.compile(r'<meta http-equiv="Content-Security-Policy" data-cove-csp content="[^"]*">\n?')
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
_JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_CHARSET = '<meta charset="utf-8">'


def policy(script_hashes: list[str]) -> str:
    hashes = " ".join(f"'sha256-{h}'" for h in script_hashes)
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval' blob: data: https: {hashes}".rstrip(),
        # CodeMirror and KaTeX add <style> elements; UI elements and layouts use style attributes.
        "style-src 'self' 'unsafe-inline' https:",
        "img-src 'self' data: blob: https: http:",
        "font-src 'self' data: https:",
        "media-src 'self' data: blob: https:",
        "connect-src 'self' data: blob: https: http:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data: https:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _inline_script_hashes(html: str) -> list[str]:
    # Only the page's own scripts: the notebook's outputs (inside <main class="cove-notebook">)
    # never get a hash, whatever they hold (the guard keeps their scripts in sandboxed frames).
    start, end = html.find('<main class="cove-notebook"'), html.rfind("</main>")
    if 0 <= start < end:
        html = html[:start] + html[end:]
    hashes: list[str] = []
    for m in _SCRIPT.finditer(html):
        attrs, body = m.group(1), m.group(2)
        t = _TYPE.search(attrs)
        kind = next((g for g in t.groups() if g is not None), "") if t else ""
        if _SRC.search(attrs) or kind.strip().lower() not in _JS_TYPES:
            continue  # a file (allowed by 'self') or a data block (never run)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        if digest not in hashes:
            hashes.append(digest)
    return hashes


def without_csp(html: str) -> str:
    return _META.sub("", html)


def with_csp(html: str) -> str:
    """`html` with Cove's policy, allowing exactly its inline scripts, after `<meta charset>`
    (before any script); replaces a policy added earlier."""
    html = without_csp(html)
    meta = f'<meta http-equiv="Content-Security-Policy" data-cove-csp content="{policy(_inline_script_hashes(html))}">\n'
    at = html.find(_CHARSET)
    if at < 0:
        raise ValueError("the page has no <meta charset>: a policy must come before any script")
    at += len(_CHARSET)
    if html.startswith("\n", at):
        at += 1
    return html[:at] + meta + html[at:]
