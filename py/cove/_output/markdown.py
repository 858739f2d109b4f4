"""`cove.md`: Markdown (CommonMark + tables, strikethrough, footnotes, `$`-math) to `Html`.

Math is not typeset here: `$x$` becomes `<span class="cove-math" data-display="inline">x</span>`
and `$$x$$` becomes `<div class="cove-math" data-display="block">x</div>`, with the TeX source
escaped inside, so it stays readable without JavaScript; the front end typesets it. Raw HTML is
passed through, which is what lets UI elements and `Html` objects be interpolated into the text
(`cove.md(f"Pick {slider}")`) and stay live.
"""
from __future__ import annotations

import functools
import hashlib
import html
import textwrap
from typing import TYPE_CHECKING, Any, Sequence

from .html import Html

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["md", "render_inline"]


def md(text: str) -> Html:
    """Render Markdown `text` (dedented, like marimo) to `Html` wrapped in `<div class="cove-md">`."""
    source = _dedent(str(text))
    env: dict[str, Any] = {}
    if "[^" in source:
        # Footnote anchors are ids: make them unique per text so two outputs do not collide.
        env["docId"] = hashlib.blake2s(source.encode(), digest_size=4).hexdigest()
    rendered = _parser(html_enabled=True).render(source, env)
    # Newlines between tags carry no meaning; dropping them keeps the result embeddable in
    # another `md` f-string without breaking its paragraph.
    rendered = rendered.replace(">\n<", "><").strip()
    return Html(f'<div class="cove-md">{rendered}</div>')


def render_inline(text: str) -> str:
    """Inline Markdown (emphasis, code, links, `$math$`) of a short text such as a label, as
    HTML; raw HTML in `text` is escaped, never passed through."""
    text = str(text)
    if not any(ch in text for ch in "*_`$[\\~<&!"):
        return html.escape(text)
    return _parser(html_enabled=False).renderInline(text).strip()


def _dedent(text: str) -> str:
    text = textwrap.dedent(text)
    return text.lstrip("\n").rstrip()


def _math_rule(display: str, tag: str) -> Any:
    """A render rule writing the escaped TeX source in `<tag class="cove-math">`."""

    def render(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        tex = html.escape(tokens[idx].content.strip(), quote=False)
        end = "\n" if tag == "div" else ""
        return f'<{tag} class="cove-math" data-display="{display}">{tex}</{tag}>{end}'

    return render


@functools.lru_cache(maxsize=None)
def _parser(html_enabled: bool) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    parser = MarkdownIt("commonmark", {"html": html_enabled, "typographer": False})
    parser.enable(["table", "strikethrough"])
    parser.use(footnote_plugin)
    # Pandoc's rule: no space just inside the dollars, no digit just outside ("$5 and $10").
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    parser.add_render_rule("math_inline", _math_rule("inline", "span"))
    parser.add_render_rule("math_inline_double", _math_rule("block", "span"))
    parser.add_render_rule("math_block", _math_rule("block", "div"))
    parser.add_render_rule("math_block_label", _math_rule("block", "div"))
    return parser
