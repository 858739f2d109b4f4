"""Which output HTML may run code, and the sandboxed frame that shows it. Decided here only: the
engine renders every output (render.py), in CPython for a prerender and in the page's worker for
the live page, so both make the same choice; the page only sizes the frames (web/src/guard/sandbox.ts).

"Active" means an element that runs or loads code or documents (script, iframe, object, base,
meta, ...), an event handler attribute (on...=), or a javascript:/vbscript: URL in an attribute
that holds a URL (href, action, src, ...).
The check may call inert HTML active (it then shows in a frame), never the reverse: a scan of the
raw text finds every candidate; a tokenizer following the HTML spec's tag and attribute states
then decides, except where tokenizing needs the tree builder (raw-text elements, comments,
SVG/MathML), where a candidate counts as active.
"""
from __future__ import annotations

import re
from typing import Callable

from ._escape import escape

__all__ = ["frame_document", "guard_html", "is_active_html"]

_DANGEROUS = (
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link",
    "portal", "fencedframe", "animate", "set", "animatemotion", "animatetransform", "handler", "listener",
)
_DANGEROUS_SET = frozenset(_DANGEROUS)
_RAW_TAG = re.compile(f"</?(?:{'|'.join(_DANGEROUS)})(?![a-z0-9-])")
_RAW_HANDLER = re.compile(r"[\t\n\f\r /\"']on[a-z]+[\t\n\f\r ]*=")
_SPECIAL = re.compile(
    r"<(?:style|textarea|title|xmp|iframe|noembed|noframes|noscript|script|plaintext|svg|math)(?![a-z0-9-])"
    r"|<[!?]|</(?![a-z>])"
)
_ENTITY = re.compile(r"&#(?:x([0-9a-f]+)|([0-9]+));?|&(colon|tab|newline);?")
_BAD_SCHEME = re.compile(r"javascript:|vbscript:")
# Attributes whose URL a browser may navigate to or run (elsewhere a javascript: URL is text).
_URL_ATTRIBUTES = frozenset({
    "href", "xlink:href", "action", "formaction", "src", "data", "srcdoc", "poster", "background", "values", "to",
    "from", "by",
})
_WS = frozenset("\t\n\f\r ")
_NAME_END = _WS | {"/", ">"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_HANDLER_NAME = re.compile(r"on[a-z]+")

SANDBOX_FLAGS = "allow-scripts allow-popups allow-popups-to-escape-sandbox allow-forms"
HEIGHT_MESSAGE = "cove:frame-height"
_RESIZE_SCRIPT = (
    "<script>(function(){var last=-1;function send(){var h=Math.ceil(document.documentElement.getBoundingClientRect().height);"
    f'if(h!==last){{last=h;parent.postMessage({{type:"{HEIGHT_MESSAGE}",height:h}},"*")}}}}'
    'if(window.ResizeObserver)new ResizeObserver(send).observe(document.documentElement);addEventListener("DOMContentLoaded",send);addEventListener("load",send)})()</script>'
)


def _entity(m: re.Match[str]) -> str:
    hexa, dec, name = m.group(1), m.group(2), m.group(3)
    if name is not None:
        return ":" if name == "colon" else ""
    digits = hexa if hexa is not None else dec
    code = -1 if len(digits) > 7 else int(digits, 16 if hexa is not None else 10)
    if 0 <= code <= 0x20:
        return ""
    return chr(code) if 0x20 < code < 0x7F else "\ufffd"


# What a URL parser drops: tabs, newlines, spaces and controls (one `translate`, not a loop per
# character: a big table's HTML is scanned on every output, in the page's worker too).
_DROPPED = dict.fromkeys(range(0x21))


def _url_text(lowered: str) -> str:
    return _ENTITY.sub(_entity, lowered).translate(_DROPPED)


def _bad_url(lowered: str) -> bool:
    if ":" not in lowered and "&" not in lowered:
        return False
    return _BAD_SCHEME.search(_url_text(lowered)) is not None


def is_active_html(html: str) -> bool:
    """Whether `html` may run code or load documents when inserted into the page."""
    s = html.translate(_ASCII_LOWER)
    if _RAW_TAG.search(s):
        return True
    if not _RAW_HANDLER.search(s) and not _bad_url(s):
        return False
    if _SPECIAL.search(s):
        return True
    return _tokens_active(s)


def _tokens_active(s: str) -> bool:
    n = len(s)
    i = 0
    while True:
        lt = s.find("<", i)
        if lt < 0:
            return False
        j = lt + 1
        if j < n and s[j] == "/":
            j += 1
        if not (j < n and "a" <= s[j] <= "z"):
            i = j
            continue
        start = j
        while j < n and s[j] not in _NAME_END:
            j += 1
        if s[start:j] in _DANGEROUS_SET:
            return True
        while True:
            while j < n and (s[j] in _WS or s[j] == "/"):
                j += 1
            if j >= n:
                return False
            if s[j] == ">":
                j += 1
                break
            name_start = j
            j += 1
            while j < n and s[j] not in _NAME_END and s[j] != "=":
                j += 1
            name = s[name_start:j]
            while j < n and s[j] in _WS:
                j += 1
            if j >= n or s[j] != "=":
                continue
            j += 1
            while j < n and s[j] in _WS:
                j += 1
            quote = s[j] if j < n else ""
            if quote in ('"', "'"):
                end = s.find(quote, j + 1)
                value = s[j + 1 : n if end < 0 else end]
                j = n if end < 0 else end + 1
            else:
                vs = j
                while j < n and s[j] not in _WS and s[j] != ">":
                    j += 1
                value = s[vs:j]
            if _HANDLER_NAME.fullmatch(name) or (name in _URL_ATTRIBUTES and _bad_url(value)):
                return True
        i = j


def frame_document(html: str) -> str:
    """The sandboxed frame's whole document for some output HTML."""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><base target="_blank">'
        "<style>html,body{margin:0;background:transparent}</style>"
        + _RESIZE_SCRIPT
        + "</head><body>"
        + html
        + "</body></html>"
    )


def guard_html(html: str, wrap: Callable[[str], str] = lambda inert: inert) -> str:
    """The markup for output HTML: as it is when inert, in a sandboxed frame when active."""
    if not is_active_html(html):
        return wrap(html)
    return (
        f'<iframe class="cove-sandbox" sandbox="{SANDBOX_FLAGS}" title="Output (isolated)" '
        f'referrerpolicy="no-referrer" srcdoc="{escape(frame_document(html))}"></iframe>'
    )
