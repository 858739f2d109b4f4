"""The MkDocs plugin (`plugins: [cove]` in mkdocs.yml; entry point `mkdocs.plugins: cove`).

Pages use the Markdown forms of cove/_docs/markdown.py. MkDocs reads every page before it
renders any (on_env comes between), which is when the site's runtime folders are planned; each
rendered page then gets its notebooks' fragments, and the folders are written after the build.
`mkdocs serve` also watches the notebook files the pages name.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .._errors import CoveError
from .markdown import replace_blocks
from .site import DocsSite

log = logging.getLogger("mkdocs.plugins.cove")


class CoveConfig(base.Config):
    # A Pyodide release folder or URL, for dependencies only Pyodide builds (numpy, pandas…).
    pyodide_dist = c.Optional(c.Type(str))
    cache_dir = c.Optional(c.Type(str))
    # Pages start no Python until the reader presses "Run this page".
    lazy = c.Type(bool, default=False)


class CovePlugin(BasePlugin[CoveConfig]):
    def __init__(self) -> None:
        self.site: DocsSite | None = None

    def on_pre_build(self, *, config: Any) -> None:
        cache = self.config.cache_dir
        self.site = DocsSite(pyodide_dist=self.config.pyodide_dist, cache_dir=Path(cache) if cache else None,
                             log=log.info, lazy=self.config.lazy)

    def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
        site = self._site()
        key = page.file.src_uri
        site.forget(key)
        base_dir = Path(page.file.abs_src_path).parent
        try:
            return replace_blocks(markdown, key, base_dir,
                                  lambda code, opts: site.add_code(key, code, opts),
                                  lambda path, opts: site.add_file(key, path, opts), site.slot)
        except CoveError as e:
            raise PluginError(str(e)) from None

    def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
        try:
            self._site().plan()
        except CoveError as e:
            raise PluginError(str(e)) from None
        return env

    def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
        return self._site().fill(output, page.file.src_uri, page.url)

    def on_post_build(self, *, config: Any) -> None:
        for folder in self._site().write(config["site_dir"]):
            log.info(f"cove: runtime folder {folder}")

    def on_serve(self, server: Any, /, *, config: Any, builder: Any) -> Any:
        for path in sorted(self._site().sources):
            server.watch(str(path))
        return server

    def _site(self) -> DocsSite:
        if self.site is None:
            self.on_pre_build(config=None)
        assert self.site is not None
        return self.site
