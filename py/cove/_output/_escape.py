"""Escaping helpers shared by every HTML producer: text, attributes, JSON attributes, Markdown safety."""
from __future__ import annotations

import html
import json
import re
from typing import Any

__all__ = ["escape", "json_attr", "json_dumps", "protect_from_markdown"]

# Characters that markdown-it (with our plugins) could interpret inside the text of an HTML
# fragment that is embedded in `cove.md(f"...")`: emphasis, code spans, links, math,
# strikethrough, backslash escapes. A numeric character reference displays the same character
# but is never a Markdown delimiter. Newlines become references too, so an element's HTML is one
# line and cannot start an indented code block or end a paragraph.
_MD_ACTIVE = {
    "*": "&#42;",
    "_": "&#95;",
    "`": "&#96;",
    "$": "&#36;",
    "~": "&#126;",
    "[": "&#91;",
    "]": "&#93;",
    "\\": "&#92;",
    "\n": "&#10;",
}
_RAW_TEXT_OR_TAG_OR_ACTIVE = re.compile(
    r"(<(script|style)\b[^>]*>.*?</\2\s*>|<[^>]*>)|([*_`$~\[\]\\\n])", re.DOTALL | re.IGNORECASE
)


def escape(text: Any) -> str:
    """HTML-escape `text` (quotes too) for element content or a quoted attribute; byte for byte
    like the page's escapeHtml (web/src/render/escape.ts: `&#39;`, not Python's `&#x27;`), so
    Python and TypeScript draw the same markup. The one escape of Cove's Python side.
    Five `str.replace` passes (C loops; `&` first): every output is drawn through this, in the
    page's worker too, and a regex with a callback per character is many times slower."""
    return (
        str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def json_dumps(value: Any) -> str:
    """Compact JSON; objects JSON cannot encode are written as their `str()`."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


def json_attr(value: Any) -> str:
    """JSON of `value`, escaped for a double-quoted HTML attribute (the DOM gives back the JSON)."""
    return html.escape(json_dumps(value), quote=True)


def protect_from_markdown(fragment: str) -> str:
    """Make an HTML fragment survive Markdown processing: outside tags, replace characters that
    Markdown would interpret by character references (the browser shows the same text).

    Tags and the content of `<script>`/`<style>` (where references are not decoded) are left
    alone; markdown-it passes a whole tag through untouched. Attribute values must not contain a
    raw `>`: `escape()` guarantees that. Text in `<pre>` and `<textarea>` is safe: references are
    decoded there.
    """

    def repl(match: re.Match[str]) -> str:
        kept = match.group(1)
        return kept if kept is not None else _MD_ACTIVE[match.group(3)]

    return _RAW_TEXT_OR_TAG_OR_ACTIVE.sub(repl, fragment)
