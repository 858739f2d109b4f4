"""cove.md: CommonMark + tables, strikethrough, footnotes, math kept as TeX, embedded elements."""
from __future__ import annotations

from cove._output.html import Html
from cove._output.markdown import md, render_inline
from cove.ui import dropdown, slider


def test_wrapped_and_dedented():
    html = md(
        """
        # Title

        Some **bold** text.
        """
    ).text
    assert html.startswith('<div class="cove-md"><h1>Title</h1>')
    assert "<p>Some <strong>bold</strong> text.</p>" in html
    assert "<pre>" not in html  # the indentation did not make a code block


def test_table_and_strikethrough():
    html = md("| a | b |\n|---|---|\n| 1 | ~~2~~ |").text
    assert "<table>" in html and "<th>a</th>" in html and "<s>2</s>" in html


def test_footnote():
    html = md("Claim[^1].\n\n[^1]: Source.").text
    assert 'class="footnote-ref"' in html and "Source." in html and 'class="footnotes"' in html


def test_math_stays_tex():
    html = md(r"Inline $a < b_1$ and $$\frac{1}{2}$$ and:" + "\n\n$$\nE = mc^2\n$$").text
    assert '<span class="cove-math" data-display="inline">a &lt; b_1</span>' in html
    assert '<span class="cove-math" data-display="block">\\frac{1}{2}</span>' in html
    assert '<div class="cove-math" data-display="block">E = mc^2</div>' in html
    assert "<em>" not in html


def test_dollars_as_currency_are_not_math():
    html = md("It costs $5 and $10.").text
    assert "cove-math" not in html and "$5 and $10" in html


def test_code_block_is_escaped():
    html = md("```python\nx = '<b>'\n```").text
    assert '<pre><code class="language-python">x = \'&lt;b&gt;\'\n</code></pre>' in html


def test_raw_html_passes_through():
    assert '<b class="x">hi</b>' in md('A <b class="x">hi</b>').text


def test_embedded_slider_survives_in_a_paragraph():
    s = slider(1, 10, value=3, label="my_*label*", show_value=True)
    html = md(f"Pick {s} now, *please*").text
    # markdown-it decodes the character references the element uses to hide "_" and "*" from
    # it, and writes the characters back literally: same DOM, never emphasis.
    assert '<span class="cove-label-text">my_<em>label</em></span>' in html
    assert html.count("<em>") == 2
    assert html.startswith('<div class="cove-md"><p>Pick <span class="cove-ui cove-ui-slider"')
    assert "<em>please</em>" in html
    assert 'data-cove-ui="slider"' in html and '<input type="range"' in html


def test_embedded_elements_with_markdown_characters_in_options():
    d = dropdown(["$5", "a_b_c", "*x*"], value="$5")
    html = md(f"""
        Choose: {d}

        $y$ after.
        """).text
    start = d.text[: d.text.index(">") + 1]
    assert start in html  # the wrapper tag, with its data-cove-* attributes, is intact
    assert '<option value="$5" selected>$5</option>' in html
    assert ">a_b_c</option>" in html and ">*x*</option>" in html
    assert html.count("cove-math") == 1  # only the real $y$
    assert "<em>" not in html


def test_embedded_html_object_on_its_own_line():
    box = Html('<div class="box">in</div>')
    html = md(f"""
        Before

        {box}

        After *x*
        """).text
    assert '<div class="box">in</div>' in html and "<em>x</em>" in html


def test_nested_md():
    inner = md("**inner**")
    html = md(f"Outer: {inner}").text
    assert "<strong>inner</strong>" in html


def test_render_inline_escapes_html():
    assert render_inline("plain") == "plain"
    assert render_inline("<b>x</b> **y**") == "&lt;b&gt;x&lt;/b&gt; <strong>y</strong>"
    assert 'class="cove-math"' in render_inline("$x$")


def test_parser_is_cached():
    from cove._output.markdown import _parser

    assert _parser(True) is _parser(True)
