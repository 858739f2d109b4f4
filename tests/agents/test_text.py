"""Outputs as text for an agent: Markdown and HTML as text, table heads, images by kind and size."""
from __future__ import annotations

import base64
import struct

import cove
from cove._agents.text import OUTPUT_LIMIT, TABLE_ROWS, bundle_text, limit
from cove._output.mime import format_output


def png(width: int, height: int) -> str:
    header = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    return base64.b64encode(header + b"\x08\x02\x00\x00\x00" + b"\0" * 100).decode()


def test_markdown_and_plain_text() -> None:
    assert bundle_text(None) is None
    assert bundle_text(format_output(42)) == "42"
    source = (
        "# Title $x^2$\n\nSome *words*, **bold**, `code` and [a link](https://example.org).\n\n"
        "$$\nE = mc^2\n$$\n\n- one\n- two\n\n```python\ndef f():\n    return 1\n```\n\n> quoted\n"
    )
    # rendered Markdown reads back as Markdown
    assert bundle_text(format_output(cove.md(source))) == (
        "# Title $x^2$\nSome *words*, **bold**, `code` and [a link](https://example.org).\n"
        "$$E = mc^2$$\n- one\n- two\n```\ndef f():\n    return 1\n```\n> quoted"
    )
    assert bundle_text({"text/markdown": "**raw**", "text/plain": "x"}) == "**raw**"


def test_a_table_shows_its_header_and_first_rows() -> None:
    text = bundle_text(format_output([{"a": i, "b": i * i} for i in range(100)]))
    assert text is not None
    lines = text.splitlines()
    assert lines[:3] == ["a | b", "0 | 0", "1 | 1"]
    assert len(lines) == 1 + TABLE_ROWS + 2 and lines[-2] == f"… {100 - TABLE_ROWS} more rows"


def test_images_and_charts_are_described() -> None:
    assert bundle_text({"image/png": png(640, 480), "text/plain": "<Figure>"}) == "[image: png, 640×480 px, 129 bytes]"
    html = f'<div><img src="data:image/png;base64,{png(3, 2)}"></div>'
    assert bundle_text({"text/html": html}) == "[image: png, 3×2 px, 129 bytes]"
    assert bundle_text({"application/vnd.plotly.v1+json": "{}", "text/html": "<div></div>"}) == "[chart: application/vnd.plotly.v1+json]"


def test_long_text_is_cut_at_the_documented_size() -> None:
    text = bundle_text({"text/plain": "y" * (OUTPUT_LIMIT * 3)})
    assert text is not None and text.startswith("y" * OUTPUT_LIMIT)
    assert text.endswith(f"[cut: {OUTPUT_LIMIT * 2:,} more characters]")
    assert limit("short") == "short"
