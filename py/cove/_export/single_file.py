"""`cove export nb.py --single-file -o nb.html`: the whole site in one HTML file that works opened
from disk (file://), with no server and no network.

The site is exported as usual into a temporary folder, then every file of it goes into the page as
a base64 block (gzip-compressed when that pays):
    <script type="application/octet-stream" data-cove-file="pyodide/pyodide.asm.wasm"
            data-type="application/wasm" data-encoding="gzip">…</script>
web/src/single/single-file.ts, inlined after them, turns the blocks back into Blob URLs at load,
starts the kernel worker from one and serves it the rest (web/src/single/assets.ts). Stylesheets
are inlined. The prerendered cells come before the blocks, so a reader sees them at once.
Whatever files the site exporter writes are carried along, so the two cannot drift apart.
"""
from __future__ import annotations

import base64
import gzip
import html
import json
import os
import posixpath
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .._atomic import atomic_write
from .._site.csp import without_csp
from .site import ExportError, ExportOptions, export_site, static_dir

__all__ = ["export_single_file", "single_page"]

MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".css": "text/css",
    ".py": "text/x-python",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".png": "image/png",
}
# Files of the site a single page does not need: the page itself, GitHub Pages' marker, the
# script for host pages, and build.py's table of hashed names (the config names the files).
LEAVE_OUT = frozenset({"index.html", ".nojekyll", "cove-embed.js", "web/manifest.json"})
# gzip only what it shrinks by a tenth at least (wheels and the stdlib zip are compressed already).
GZIP_LEVEL = 6
GZIP_GAIN = 0.9

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">\n?')
_MODULE = re.compile(r'<script type="module" src="([^"]+)"></script>\n?')
_HINT = re.compile(r'<link rel="(?:modulepreload|preload|prefetch)"[^>]*>\n?')
_CONFIG = re.compile(r'<script type="application/json" id="cove-config">(.*?)</script>', re.S)
_SOURCE_MAP = re.compile(rb"\n//# sourceMappingURL=[^\n]*\s*$")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


@dataclass(frozen=True)
class Asset:
    name: str  # path inside the site, "/"-separated
    data: bytes

    @property
    def type(self) -> str:
        return MIME_TYPES.get(posixpath.splitext(self.name)[1].lower(), "application/octet-stream")


def export_single_file(notebook: str | os.PathLike[str], output: str | os.PathLike[str], options: ExportOptions) -> Path:
    """Write the one-file site for `notebook` to `output` (a .html path, or an existing folder to
    write <notebook stem>.html into) in one rename; return the file's path."""
    out = _target(Path(notebook), Path(output))
    loader = _loader_script()
    with tempfile.TemporaryDirectory(prefix="cove-single-") as tmp:
        site = export_site(notebook, Path(tmp) / "site", options).folder
        page = single_page(site, loader)
    _write_atomically(out, page.encode("utf-8"))
    return out


def single_page(site: Path, loader: str) -> str:
    """The one-file page for an exported site folder; `loader` is single-file.js's text."""
    # No meta CSP in a file:// page: its scripts come from blob: URLs made from the page itself,
    # and 'self' means little there. (Output isolation does not depend on it: cove._site.csp.)
    page = without_csp((site / "index.html").read_text(encoding="utf-8"))
    base = _page_base(page)

    inlined: set[str] = set()

    def inline_css(m: re.Match[str]) -> str:
        name = _site_name(base, m.group(1))
        inlined.add(name)
        return f"<style>{_style_text(_css_with_data_urls(site, name))}</style>\n"

    page = _STYLESHEET.sub(inline_css, page)
    module = _MODULE.search(page)
    if module is None:
        raise ExportError(f"{site / 'index.html'}: no page script to inline (rebuild with `python build.py`)")
    main = _site_name(base, module.group(1))
    page = page[: module.start()] + page[module.end():]
    page = _HINT.sub("", page)  # preload hints would point at files that are now inside the page
    blocks = "".join(_block(a, main) for a in _assets(site) if a.name not in inlined)
    tail = f"{blocks}<script type=\"module\">{_script_text(loader)}</script>\n"
    head, sep, rest = page.rpartition("</body>")
    if not sep:
        raise ExportError(f"{site / 'index.html'}: no </body>")
    return head + tail + sep + rest


def _target(notebook: Path, output: Path) -> Path:
    if output.is_dir():
        return output / f"{notebook.stem}.html"
    if output.suffix.lower() not in (".html", ".htm"):
        raise ExportError(f"{output}: --single-file writes one .html file; give -o NAME.html")
    return output


def _loader_script() -> str:
    web = static_dir() / "web"
    name = json.loads((web / "manifest.json").read_text()).get("single-file.js")
    if not name or not (web / name).exists():
        raise ExportError("Cove's web build has no single-file.js: run `python build.py`")
    return (web / name).read_text(encoding="utf-8")


def _page_base(page: str) -> str:
    found = _CONFIG.search(page)
    config = json.loads(found.group(1)) if found else {}
    return str(config.get("base") or "./")


def _site_name(base: str, href: str) -> str:
    """"./web/cove.css" (an href in the page) -> "web/cove.css" (a path in the site)."""
    name = posixpath.normpath(posixpath.join(base, html.unescape(href).split("?")[0]))
    if name.startswith("../") or name.startswith("/") or "://" in name:
        raise ExportError(f"the page refers to {href}, which is outside the site")
    return name


def _assets(site: Path) -> list[Asset]:
    """The site's files as the page carries them; files a stylesheet took in as data: URLs
    (fonts) are not carried twice."""
    names = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file()]
    names = [n for n in names if n not in LEAVE_OUT and not n.endswith(".map")]
    taken: set[str] = set()
    styles = {n: _css_with_data_urls(site, n, taken).encode("utf-8") for n in names if n.endswith(".css")}
    found = []
    for name in names:
        if name in taken:
            continue
        data = styles.get(name) or (site / name).read_bytes()
        if name.endswith((".js", ".mjs")):  # the maps are not carried along
            data = _SOURCE_MAP.sub(b"", data)
        found.append(Asset(name, data))
    return found


def _block(asset: Asset, main: str) -> str:
    data, encoding = asset.data, ""
    packed = gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)
    if len(packed) < GZIP_GAIN * len(data):
        data, encoding = packed, ' data-encoding="gzip"'
    role = ' data-role="main"' if asset.name == main else ""
    return (
        f'<script type="application/octet-stream" data-cove-file="{html.escape(asset.name)}"'
        f' data-type="{asset.type}"{encoding}{role}>{base64.b64encode(data).decode("ascii")}</script>\n'
    )


def _css_with_data_urls(site: Path, name: str, taken: set[str] | None = None) -> str:
    """The stylesheet with url(…) of files in the site made data: URLs (fonts, images); the
    names of those files are added to `taken`."""
    css = (site / name).read_text(encoding="utf-8")
    folder = posixpath.dirname(name)

    def inline(m: re.Match[str]) -> str:
        ref = m.group(2).strip()
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", ref, re.I):
            return m.group(0)  # data:, https:, fragment, absolute: left alone
        target = site / posixpath.normpath(posixpath.join(folder, ref.split("?")[0].split("#")[0]))
        if not target.is_file():
            return m.group(0)
        asset = Asset(target.relative_to(site).as_posix(), target.read_bytes())
        if taken is not None:
            taken.add(asset.name)
        return f'url("data:{asset.type};base64,{base64.b64encode(asset.data).decode("ascii")}")'

    return _CSS_URL.sub(inline, css)


def _style_text(css: str) -> str:
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.I)


def _script_text(js: str) -> str:
    """JavaScript safe inside an inline <script>: no `</script` and no `<!--` to end or confuse it."""
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I).replace("<!--", "<\\!--")


def _write_atomically(out: Path, data: bytes) -> None:
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(out, data)
