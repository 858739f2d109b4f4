"""marimo's media helpers: `audio`, `video`, `pdf`, `image_compare`, `mermaid`, `latex`, `icon`
(same signatures as marimo 0.25.2). Sources may be URLs, paths, bytes or binary file objects;
local data is embedded as a `data:` URL so the page needs no server.
"""
from __future__ import annotations

import base64
import io
import json
import mimetypes
import os
import wave
from pathlib import PurePath
from typing import Any, Literal

from ._output._escape import escape
from ._output.html import Html
from ._output.media import image

__all__ = ["audio", "icon", "image_compare", "latex", "mermaid", "pdf", "video"]

_URLS = ("http://", "https://", "data:", "blob:", "//")


def _src(src: Any, default_mime: str) -> str:
    """A URL for `src`: URLs pass through, paths, bytes and file objects become `data:` URLs."""
    if isinstance(src, str) and (src.startswith(_URLS) or not os.path.isfile(src)):
        return src
    mime = default_mime
    if isinstance(src, (str, PurePath)):
        mime = mimetypes.guess_type(str(src))[0] or default_mime
        with open(src, "rb") as handle:
            src = handle.read()
    elif hasattr(src, "read"):
        src = src.read()
    if not isinstance(src, (bytes, bytearray, memoryview)):
        raise TypeError(f"expected a URL, a path, bytes or a binary file object, not {type(src).__name__}")
    return f"data:{mime};base64,{base64.b64encode(bytes(src)).decode('ascii')}"


def _size(value: int | str | None) -> str:
    return "" if value is None else f"{value}px" if isinstance(value, (int, float)) else str(value)


def audio(src: Any, rate: int | None = None, normalize: bool = True) -> Html:
    """An audio player. `src` is a URL, path, bytes or file; a numpy array (1-D mono or 2-D
    channels × samples) with its sample `rate` becomes a WAV, scaled to full range when
    `normalize`."""
    if hasattr(src, "__array_interface__") or type(src).__module__ == "numpy":
        if rate is None:
            raise ValueError("cove.audio: an array needs its sample rate (rate=...)")
        src = _wav(src, rate, normalize)
    return Html(f'<audio class="cove-audio" controls src="{escape(_src(src, "audio/wav"))}"></audio>')


def _wav(samples: Any, rate: int, normalize: bool) -> bytes:
    import numpy as np

    data = np.asarray(samples, dtype=float)
    data = data[None, :] if data.ndim == 1 else data
    peak = float(np.max(np.abs(data))) if data.size else 0.0
    scale = (1 / peak if peak else 1.0) if normalize else 1.0
    pcm = (np.clip(data * scale, -1, 1) * 32767).astype("<i2").T.tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(data.shape[0])
        w.setsampwidth(2)
        w.setframerate(int(rate))
        w.writeframes(pcm)
    return out.getvalue()


def video(
    src: Any,
    controls: bool = True,
    muted: bool = False,
    autoplay: bool = False,
    loop: bool = False,
    width: int | str | None = None,
    height: int | str | None = None,
    rounded: bool = False,
) -> Html:
    """A video player for a URL, path, bytes or binary file."""
    flags = "".join(f" {n}" for n, on in (("controls", controls), ("muted", muted),
                                           ("autoplay", autoplay), ("loop", loop)) if on)
    css = ";".join(f"{k}:{v}" for k, v in (("width", _size(width)), ("height", _size(height)),
                                          ("border-radius", "4px" if rounded else "")) if v)
    return Html(f'<video class="cove-video" src="{escape(_src(src, "video/mp4"))}"{flags}'
                f'{f" style={chr(34)}{css}{chr(34)}" if css else ""}></video>')


def pdf(
    src: Any,
    initial_page: int | None = None,
    width: int | str = "100%",
    height: int | str = "70vh",
    style: dict[str, Any] | None = None,
) -> Html:
    """A PDF viewer (the browser's own) for a URL, path, bytes or binary file."""
    url = _src(src, "application/pdf") + (f"#page={int(initial_page)}" if initial_page else "")
    css = {"width": _size(width), "height": _size(height), "border": "0", **(style or {})}
    style_attr = ";".join(f"{k}:{v}" for k, v in css.items())
    return Html(f'<iframe class="cove-pdf" src="{escape(url)}" style="{escape(style_attr)}"></iframe>')


def image_compare(
    before_image: Any,
    after_image: Any,
    value: float = 50,
    direction: Literal["horizontal", "vertical"] = "horizontal",
    width: int | str | None = None,
    height: int | str | None = None,
) -> Html:
    """Two images on top of each other, the `after_image` clipped at `value` percent: drag the
    divider (a CSS `resize` handle) to compare them."""
    if direction not in ("horizontal", "vertical"):
        raise ValueError(f"direction must be 'horizontal' or 'vertical', not {direction!r}")
    value = min(max(float(value), 0.0), 100.0)
    box = f"width:{_size(width) or 'auto'};height:{_size(height) or 'auto'}"
    clip = f"width:{value:g}%" if direction == "horizontal" else f"height:{value:g}%"
    resize = "horizontal" if direction == "horizontal" else "vertical"
    return Html(
        f'<div class="cove-image-compare" style="position:relative;display:inline-block;{box}">'
        f'{image(before_image, width="100%").text}'
        f'<div style="position:absolute;inset:0 auto auto 0;{clip};overflow:hidden;resize:{resize};'
        f'border-right:2px solid #fff;max-width:100%;max-height:100%">'
        f'{image(after_image, style={"max-width": "none"}).text}</div></div>'
    )


def mermaid(diagram: str, theme: str | None = None, theme_variables: dict[str, Any] | None = None) -> Html:
    """A Mermaid diagram. The page draws it where the Mermaid library is available; otherwise
    the diagram's source is shown."""
    config = {"theme": theme, "themeVariables": theme_variables}
    return Html(f'<pre class="mermaid cove-mermaid" data-config="{escape(json.dumps(config))}">'
                f"{escape(diagram)}</pre>")


def latex(text: str | None = None, *, filename: str | PurePath | None = None) -> Html:
    """LaTeX math (from `text`, or the file `filename`), typeset like `$$...$$` in `cove.md`."""
    from ._output.markdown import md

    if (text is None) == (filename is None):
        raise ValueError("cove.latex: pass exactly one of text= or filename=")
    if filename is not None:
        with open(filename, encoding="utf-8") as handle:
            text = handle.read()
    body = str(text).strip()
    if not body.startswith("$") and not body.startswith("\\["):
        body = f"$$\n{body}\n$$"
    return md(body)


def icon(
    icon_name: str,
    *,
    size: int | None = None,
    color: str | None = None,
    inline: bool = True,
    flip: Literal["horizontal", "vertical", "both"] | None = None,
    rotate: Literal["90deg", "180deg", "270deg"] | None = None,
    style: dict[str, Any] | None = None,
) -> Html:
    """An Iconify icon (`"lucide:leaf"`). A static page cannot fetch icon sets, so it shows a
    placeholder naming the icon, styled as asked, that the page may replace."""
    css = {"display": "inline-block" if inline else "block", **(style or {})}
    if size:
        css["font-size"] = f"{size}px"
    if color:
        css["color"] = color
    transforms = [f"rotate({rotate})"] if rotate else []
    if flip in ("horizontal", "both"):
        transforms.append("scaleX(-1)")
    if flip in ("vertical", "both"):
        transforms.append("scaleY(-1)")
    if transforms:
        css["transform"] = " ".join(transforms)
    style_attr = ";".join(f"{k}:{v}" for k, v in css.items())
    return Html(f'<span class="cove-icon" data-icon="{escape(icon_name)}" role="img" '
                f'aria-label="{escape(icon_name)}" style="{escape(style_attr)}"></span>')
