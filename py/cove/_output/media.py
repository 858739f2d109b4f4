"""`cove.image`: an `<img>` from bytes, a file path, a URL, a file-like object or a PIL image."""
from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import PurePath
from typing import Any

from ._escape import escape
from .html import Html
from .markdown import render_inline
from .mime import pil_png

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
    vmin: float | None = None,
    vmax: float | None = None,
) -> Html:
    """Display an image. `width`/`height` are pixels (int) or CSS lengths (str). An array
    (numpy, 2-D grey or 3-D RGB) is scaled from [`vmin`, `vmax`] (default: its own range)."""
    if hasattr(src, "__array_interface__") or type(src).__module__ == "numpy":
        src = _array_png(src, vmin, vmax)
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
        return Html(f'<figure class="cove-figure">{img}<figcaption>{render_inline(caption)}</figcaption></figure>')
    return Html(img)


def _array_png(array: Any, vmin: float | None, vmax: float | None) -> bytes:
    """A numpy array (H×W grey, H×W×3 RGB or H×W×4 RGBA) as PNG bytes, values scaled from
    [vmin, vmax] to 0..255 (PNG written with zlib: no imaging library needed)."""
    import struct
    import zlib

    import numpy as np

    data = np.asarray(array, dtype=float)
    if data.ndim not in (2, 3) or (data.ndim == 3 and data.shape[2] not in (3, 4)):
        raise ValueError(f"cove.image: an array must be H×W, H×W×3 or H×W×4, not {data.shape}")
    low = float(np.nanmin(data)) if vmin is None else float(vmin)
    high = float(np.nanmax(data)) if vmax is None else float(vmax)
    scaled = np.clip((data - low) / ((high - low) or 1.0), 0, 1) * 255
    pixels = np.nan_to_num(scaled).astype(np.uint8)
    height, width = pixels.shape[:2]
    color = 0 if pixels.ndim == 2 else 2 if pixels.shape[2] == 3 else 6  # grey, RGB, RGBA
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))

    header = struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
