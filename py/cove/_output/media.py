"""`cove.image`: an `<img>` from bytes, a file path, a URL, a file-like object or a PIL image."""
from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import PurePath
from typing import Any

from ._escape import escape
from .html import Html

__all__ = ["image", "sniff_image_type"]

_URL_PREFIXES = ("http://", "https://", "data:", "blob:", "//")


def sniff_image_type(data: bytes) -> str:
    """The image mimetype of `data` from its first bytes (PNG when unknown)."""
    head = data[:64].lstrip()
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"BM"):
        return "image/bmp"
    if head.startswith((b"<svg", b"<?xml")):
        return "image/svg+xml"
    return "image/png"


def _data_url(data: bytes, mimetype: str | None = None) -> str:
    mimetype = mimetype or sniff_image_type(data)
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


def _source(src: Any) -> str:
    """The `src` attribute for `src`."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        return _data_url(bytes(src))
    if isinstance(src, PurePath):
        with open(src, "rb") as handle:
            return _data_url(handle.read(), mimetypes.guess_type(str(src))[0])
    if isinstance(src, str):
        if src.startswith(_URL_PREFIXES):
            return src
        if os.path.isfile(src):
            with open(src, "rb") as handle:
                return _data_url(handle.read(), mimetypes.guess_type(src)[0])
        return src  # a relative URL
    if any(c.__module__.split(".", 1)[0] == "PIL" and c.__name__ == "Image" for c in type(src).__mro__):
        from .mime import pil_png

        return _data_url(pil_png(src), "image/png")
    read = getattr(src, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, (bytes, bytearray)):
            return _data_url(bytes(data))
    raise TypeError(
        f"cove.image cannot display {type(src).__name__}: pass bytes, a path, a URL, a binary "
        "file object or a PIL image"
    )


def _size(value: int | str | None) -> str:
    if value is None:
        return ""
    return f"{value}px" if isinstance(value, (int, float)) else str(value)


def image(
    src: Any,
    alt: str | None = None,
    width: int | str | None = None,
    height: int | str | None = None,
    rounded: bool = False,
    style: dict[str, Any] | None = None,
    caption: str | None = None,
) -> Html:
    """Display an image. `width`/`height` are pixels (int) or CSS lengths (str)."""
    css = {k.replace("_", "-"): v for k, v in (style or {}).items()}
    if width is not None:
        css["width"] = _size(width)
    if height is not None:
        css["height"] = _size(height)
    if rounded:
        css["border-radius"] = "4px"
    style_attr = f' style="{escape(";".join(f"{k}:{v}" for k, v in css.items()))}"' if css else ""
    img = f'<img class="cove-image" src="{escape(_source(src))}" alt="{escape(alt or "")}"{style_attr}>'
    if caption:
        from .markdown import render_inline

        return Html(f'<figure class="cove-figure">{img}<figcaption>{render_inline(caption)}</figcaption></figure>')
    return Html(img)
