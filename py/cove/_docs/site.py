"""The build-time API the MkDocs plugin and the Sphinx extension share.

A docs build goes in three steps, because a page's HTML must name its runtime folder and that
folder's name (a hash of its content) depends on every notebook of the site:
1. while pages are read, `add_file` / `add_code` prerender each notebook and return its Embed;
   the page keeps a placeholder (`slot(embed)`) where the notebook goes;
2. once all pages are read, `plan()` resolves the notebooks' packages into runtime folders;
3. each page's placeholders become fragments (`fill(html, page_url)`), and `write(site_dir)`
   writes the folders.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import Callable

from .._errors import CoveError
from .._file.read import read_notebook
from .embed import DocsError, Embed, EmbedOptions, notebook_from_code, prerendered
from .runtime import Runtime, plan_runtimes, runtimes_of, write_runtime

__all__ = ["DocsSite", "relative_url"]

_SLOT = re.compile(r'<div data-cove-slot="([\w-]+)"></div>')


def relative_url(page_url: str, target: str) -> str:
    """`target` (a folder path from the site's root) as a page at `page_url` (from the root,
    "lesson/" or "lesson.html") reaches it; ends in "/"."""
    page_dir = posixpath.dirname("/" + page_url.lstrip("/"))
    return posixpath.relpath("/" + target.strip("/"), page_dir) + "/"


class DocsSite:
    def __init__(self, *, pyodide_dist: str | None = None, cache_dir: Path | None = None,
                 log: Callable[[str], None] = lambda _m: None, lazy: bool = False) -> None:
        """`lazy`: pages start no Python until the reader presses "Run this page"."""
        self.lazy = lazy
        self._pyodide_dist = pyodide_dist
        self._cache_dir = cache_dir
        self._log = log
        self.embeds: dict[str, list[Embed]] = {}  # page -> its notebooks, in page order
        self.sources: set[Path] = set()  # notebook files the pages name (`mkdocs serve` watches them)
        self._plan: dict[str, Runtime] | None = None

    def add_file(self, page: str, path: str | os.PathLike[str], options: EmbedOptions) -> Embed:
        file = Path(path)
        try:
            text, _nb = read_notebook(file)
        except CoveError as e:  # one line naming the file and the problem; we add the page
            raise DocsError(f"{page}: {e}") from None
        self.sources.add(file.resolve())
        return self._add(page, text, file.name, options, title=file.name)

    def add_code(self, page: str, code: str, options: EmbedOptions) -> Embed:
        index = len(self.embeds.get(page, []))
        stem = re.sub(r"\W+", "_", posixpath.splitext(page)[0]).strip("_") or "page"
        return self._add(page, notebook_from_code(code), f"{stem}_{index + 1}.py", options)

    def _add(self, page: str, text: str, filename: str, options: EmbedOptions, title: str = "") -> Embed:
        embeds = self.embeds.setdefault(page, [])
        embed = Embed.make(text, filename, options, len(embeds), title)
        prerendered(text, filename)  # now: a notebook the engine cannot read names its page
        embeds.append(embed)
        self._plan = None
        return embed

    def keep(self, page: str, embed: Embed) -> None:
        """Know `embed` (read by an earlier build, its page not read again in this one)."""
        if embed not in self.embeds.get(page, []):
            prerendered(embed.text, embed.filename)
            self.embeds.setdefault(page, []).append(embed)
            self._plan = None

    def forget(self, page: str) -> None:
        """The page is read again (Sphinx's incremental builds, `mkdocs serve`)."""
        self.embeds.pop(page, None)
        self._plan = None

    @staticmethod
    def slot(embed: Embed) -> str:
        """What a page holds where the notebook goes until `fill`: a block Markdown keeps as is."""
        return f'<div data-cove-slot="{embed.id}"></div>'

    def plan(self) -> dict[str, Runtime]:
        if self._plan is None:
            keys = {f"{page}#{e.id}": e for page, embeds in self.embeds.items() for e in embeds}
            self._plan = plan_runtimes(
                {k: e.dependencies() for k, e in keys.items()}, pyodide_dist=self._pyodide_dist,
                cache_dir=self._cache_dir, log=self._log,
            ) if keys else {}
        return self._plan

    def fragment(self, page: str, page_url: str, embed_id: str) -> str:
        embed = next((e for e in self.embeds.get(page, []) if e.id == embed_id), None)
        if embed is None:
            raise DocsError(f"{page}: no Cove notebook {embed_id} (was the page read?)")
        runtime = self.plan()[f"{page}#{embed_id}"]
        return embed.html(runtime, relative_url(page_url, runtime.name), self.lazy)

    def fill(self, html: str, page: str, page_url: str) -> str:
        """The page's HTML with each placeholder replaced by its notebook's fragment."""
        return _SLOT.sub(lambda m: self.fragment(page, page_url, m.group(1)), html)

    def write(self, site_dir: str | os.PathLike[str]) -> list[Path]:
        return [write_runtime(r, site_dir) for r in runtimes_of(self.plan())]
