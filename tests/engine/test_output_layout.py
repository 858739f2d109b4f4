"""Html helpers, layouts and images."""
from __future__ import annotations

import base64

import pytest

from cove._output.html import Html
from cove._output.layout import accordion, callout, hstack, tabs, vstack
from cove._output.media import image
from cove.ui import slider


def test_html_basics():
    h = Html("<b>x</b>")
    assert str(h) == h.text == f"{h}" == "<b>x</b>"
    assert h._mime_() == ("text/html", "<b>x</b>")
    assert "justify-content:center" in h.center().text and h.text in h.center().text
    assert "flex-end" in h.right().text and "flex-start" in h.left().text
    assert 'class="cove-callout cove-callout-warn"' in h.callout("warn").text
    assert 'style="background-color:red"' in h.style(background_color="red").text


def test_hstack_contains_children_and_styles():
    s = slider(0, 5)
    html = hstack([Html("<i>a</i>"), "b<", s], justify="center", align="end", wrap=True, gap=1).text
    assert html.startswith('<div class="cove-hstack" style="display:flex;flex-direction:row;')
    assert "justify-content:center" in html and "align-items:flex-end" in html
    assert "flex-wrap:wrap" in html and "gap:1rem" in html
    assert "<i>a</i>" in html and "b&lt;" in html and s.text in html
    assert html.count('class="cove-stack-item"') == 3


def test_hstack_widths_and_bad_arguments():
    html = hstack([1, 2], widths=[0, 1]).text
    assert "flex:0 0 auto" in html and "flex:1 1 0" in html
    assert hstack([1, 2], widths="equal").text.count("flex:1 1 0") == 2
    with pytest.raises(ValueError, match="justify"):
        hstack([1], justify="middle")
    with pytest.raises(ValueError, match="widths"):
        hstack([1, 2], widths=[1])


def test_vstack():
    html = vstack([Html("<p>1</p>"), Html("<p>2</p>")], align="stretch", gap=0).text
    assert "flex-direction:column" in html and "align-items:stretch" in html and "gap:0rem" in html
    assert html.index("<p>1</p>") < html.index("<p>2</p>")


def test_tabs_work_without_js():
    s = slider(0, 5)
    html = tabs({"First *tab*": Html("<p>one</p>"), "Second": s}).text
    assert "<style>" in html and "cove-tab-radio" in html
    assert html.count('type="radio"') == 2 and html.count(" checked") == 1
    assert "<em>tab</em>" in html and "<p>one</p>" in html and s.text in html
    assert html.count("<label") >= 2
    second = tabs({"A": 1, "B": 2}, value="B").text
    assert second.index(" checked") > second.index('value="B"')
    with pytest.raises(ValueError):
        tabs({"A": 1}, value="Z")


def test_tab_group_names_are_deterministic():
    assert tabs({"A": 1}).text == tabs({"A": 1}).text


def test_accordion():
    html = accordion({"One": Html("<p>1</p>"), "Two": "2"}).text
    assert html.count("<details") == 2 and "<summary>One</summary>" in html
    assert ' name="cove-accordion-' in html
    assert " name=" not in accordion({"One": 1}, multiple=True).text


def test_callout_kinds():
    for kind in ("neutral", "info", "warn", "danger", "success"):
        assert f'data-kind="{kind}"' in callout("x", kind=kind).text
    with pytest.raises(ValueError, match="kind"):
        callout("x", kind="purple")


def test_image_from_bytes_path_url(tmp_path):
    png = b"\x89PNG\r\n\x1a\nrest"
    html = image(png, alt='a "pic"', width=100, height="2em").text
    assert 'src="data:image/png;base64,' + base64.b64encode(png).decode() + '"' in html
    assert 'alt="a &quot;pic&quot;"' in html and "width:100px;height:2em" in html
    path = tmp_path / "x.jpg"
    path.write_bytes(b"\xff\xd8\xffdata")
    assert "data:image/jpeg;base64," in image(path).text
    assert "data:image/jpeg;base64," in image(str(path)).text
    assert 'src="https://example.org/a.png"' in image("https://example.org/a.png").text
    assert "<figcaption>Cap</figcaption>" in image(png, caption="Cap").text
    with pytest.raises(TypeError):
        image(12)


def test_image_from_fake_pil():
    class Image:
        def save(self, buffer, format):
            buffer.write(b"\x89PNGpil")

    Image.__module__ = "PIL.Image"
    assert base64.b64encode(b"\x89PNGpil").decode() in image(Image()).text
