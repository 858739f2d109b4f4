"""A cell's output as text an agent can read: the one view of a mimebundle without a browser.

Rendered Markdown and other HTML read back as Markdown (headings, lists, quotes, emphasis, code
blocks, links, math), a table becomes its header and first `TABLE_ROWS` rows with cells separated by " | ", an image
becomes "[image: png, 640×480 px, 23,104 bytes]", a chart its kind. Every text sent to an
agent is cut at `OUTPUT_LIMIT` characters (with a note saying how much was left out), so one
runaway print cannot flood the agent's context.
"""
from __future__ import annotations

import base64
import binascii
import struct
from html.parser import HTMLParser
from typing import Any

from .describe import cut

__all__ = ["OUTPUT_LIMIT", "TABLE_ROWS", "bundle_text", "limit"]

OUTPUT_LIMIT = 8_000
TABLE_ROWS = 10

_BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "table", "hr", "blockquote"}
_SKIP = {"script", "style", "template"}


def limit(text: str | None) -> str | None:
    """Cut a text for the agent at OUTPUT_LIMIT characters."""
    return None if text is None else cut(text, OUTPUT_LIMIT)


def bundle_text(bundle: dict[str, Any] | None) -> str | None:
    """The best text view of an output bundle (None when the cell has no output)."""
    if not bundle:
        return None
    for mime, value in bundle.items():
        if mime.startswith("image/") and mime != "image/svg+xml":
            return image_text(mime, value)
    if "text/markdown" in bundle:
        return limit(bundle["text/markdown"])
    if any(m.startswith(("application/vnd.plotly", "application/vnd.vegalite", "application/vnd.vega")) for m in bundle):
        kind = next(m for m in bundle if m.startswith("application/vnd."))
        return f"[chart: {kind}]"
    if "text/html" in bundle:
        text = html_text(bundle["text/html"])
        if text.strip():
            return limit(text)
    if "image/svg+xml" in bundle:
        return f"[image: svg, {len(bundle['image/svg+xml']):,} characters]"
    if "text/plain" in bundle:
        return limit(bundle["text/plain"])
    if "text/latex" in bundle:
        return limit(bundle["text/latex"])
    return f"[output: {', '.join(bundle)}]"


def image_text(mime: str, data: str) -> str:
    kind = mime.split("/", 1)[1]
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return f"[image: {kind}]"
    size = _image_size(raw)
    dims = f", {size[0]}×{size[1]} px" if size else ""
    return f"[image: {kind}{dims}, {len(raw):,} bytes]"


def _image_size(raw: bytes) -> tuple[int, int] | None:
    """Width and height from the header of a PNG or GIF (the formats whose header is fixed)."""
    if raw[:8] == b"\x89PNG\r\n\x1a\n" and len(raw) >= 24:
        w, h = struct.unpack(">II", raw[16:24])
        return int(w), int(h)
    if raw[:6] in (b"GIF87a", b"GIF89a") and len(raw) >= 10:
        w, h = struct.unpack("<HH", raw[6:10])
        return int(w), int(h)
    return None


def html_text(html: str) -> str:
    """HTML as Markdown-like text: what `cove.md` rendered reads back as (roughly) its source."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


# inline tags and the Markdown marks around their text
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`", "del": "~~", "s": "~~"}


class _TextParser(HTMLParser):
    """HTML to lines of Markdown-like text: headings, lists, quotes, code blocks, inline marks,
    links and math; tables as " | "-separated rows, cut after TABLE_ROWS rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._line: list[str] = []
        self._prefix = ""  # of the line being built: "# ", "- ", "> "
        self._quote = 0
        self._skip = 0
        self._pre: list[str] | None = None
        self._ends: list[str] = []  # closing marks of the open inline tags, innermost last
        self._links: list[str] = []
        self._rows = 0  # rows of the current table
        self._hidden_rows = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in _SKIP:
            self._skip += 1
        elif tag == "pre":
            self._newline()
            self._pre = []
        elif self._pre is not None:
            return
        elif tag == "table":
            self._newline()
            self._rows, self._hidden_rows = 0, 0
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "img":
            src = a.get("src") or ""
            if src.startswith("data:image/") and ";base64," in src:
                head, data = src.split(";base64,", 1)
                self._add(image_text(head[5:], data))
            else:
                self._add(f"[image: {a.get('alt') or src[:100]}]")
        elif "cove-math" in (a.get("class") or ""):
            mark = "$$" if a.get("data-display") == "block" else "$"
            if mark == "$$":
                self._newline()
            self._add(mark)
            self._ends.append(mark)
        elif tag in _MARKS:
            self._add(_MARKS[tag])
            self._ends.append(_MARKS[tag])
        elif tag == "a":
            self._add("[")
            self._links.append(a.get("href") or "")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._newline()
            self._prefix = "#" * int(tag[1]) + " "
        elif tag == "li":
            self._newline()
            self._prefix = "- "
        elif tag == "blockquote":
            self._newline()
            self._quote += 1
        elif tag in ("span", "div"):  # balanced with their end tags, like the math above
            if tag == "div":
                self._newline()
            self._ends.append("")
        elif tag in _BLOCKS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "pre" and self._pre is not None:
            code = "".join(self._pre).rstrip("\n")
            self._lines.extend(["```", *code.split("\n"), "```"])
            self._pre = None
        elif self._pre is not None:
            return
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._rows <= TABLE_ROWS:  # the header row plus TABLE_ROWS rows
                self._lines.append(" | ".join(self._row))
            else:
                self._hidden_rows += 1
            self._rows += 1
            self._row = None
        elif tag == "table":
            if self._hidden_rows:
                self._lines.append(f"… {self._hidden_rows:,} more rows")
        elif tag == "a" and self._links:
            self._add(f"]({self._links.pop()})")
        elif tag in _MARKS or tag in ("span", "div"):
            mark = self._ends.pop() if self._ends else ""
            self._add(mark)
            if mark == "$$" or tag == "div":
                self._newline()
        elif tag == "blockquote":
            self._newline()
            self._quote = max(0, self._quote - 1)
        elif tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._pre is not None:
            self._pre.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._row is None:
            self._add(data)

    def _add(self, text: str) -> None:
        if self._cell is not None:
            self._cell.append(text)
        else:
            self._line.append(text)

    def _newline(self) -> None:
        text = " ".join("".join(self._line).split())
        if text:
            self._lines.append("> " * self._quote + self._prefix + text)
        self._line = []
        self._prefix = ""

    def text(self) -> str:
        self._newline()
        return "\n".join(self._lines)
