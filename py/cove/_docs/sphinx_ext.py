"""The Sphinx extension (`extensions = ["cove.sphinx"]` in conf.py):

    .. cove::                           a live cell group (one cell per `# %%` section)
       :hide-code:

       import cove as mo

    .. cove-file:: notebooks/intro.py   a whole notebook file, relative to the document
       :cells: 2-3
       :show-code:

Options: hide-code, show-code, editable, cells. Each directive prerenders its notebook while the
document is read and leaves a node holding it (pickled with the doctree, so incremental builds
keep it); the HTML writer turns the node into the fragment, by then the site's runtime folders
are planned, and they are written when the build finishes. Other builders show nothing for it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import Directive, directives
from sphinx.util import logging

from .._errors import CoveError
from .embed import Embed, parse_options
from .site import DocsSite

__all__ = ["setup"]

logger = logging.getLogger(__name__)

_OPTIONS = {"hide-code": directives.flag, "show-code": directives.flag, "editable": directives.flag,
            "cells": directives.unchanged_required}


class cove_embed(nodes.General, nodes.Element):  # noqa: N801 - docutils names nodes in lower case
    pass


def _site(app: Any) -> DocsSite:
    if getattr(app, "cove_site", None) is None:
        app.cove_site = DocsSite(pyodide_dist=app.config.cove_pyodide_dist, log=logger.info, lazy=app.config.cove_lazy)
    return app.cove_site  # type: ignore[no-any-return]


class _CoveDirective(Directive):
    option_spec = _OPTIONS

    def _node(self, add: Any) -> list[nodes.Node]:
        env = self.state.document.settings.env
        where = f"{env.docname}:{self.lineno}"
        words = [k if v is None else f"{k}={v}" for k, v in self.options.items()]
        try:
            embed = add(env.docname, parse_options(words, where))
        except CoveError as e:
            raise self.error(str(e)) from None
        node = cove_embed()
        node["embed"] = embed
        return [node]


class CoveCode(_CoveDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        site = _site(self.state.document.settings.env.app)
        return self._node(lambda page, opts: site.add_code(page, "\n".join(self.content), opts))


class CoveFile(_CoveDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        site = _site(env.app)
        rel, path = env.relfn2path(self.arguments[0])
        env.note_dependency(rel)  # the page is rebuilt when the notebook changes
        return self._node(lambda page, opts: site.add_file(page, Path(path), opts))


def _visit_html(self: Any, node: cove_embed) -> None:
    site = _site(self.builder.app)
    docname = self.builder.current_docname
    embed: Embed = node["embed"]
    site.keep(docname, embed)  # a document read by an earlier build of an incremental one
    self.body.append(site.fragment(docname, self.builder.get_target_uri(docname), embed.id))
    raise nodes.SkipNode


def _skip(self: Any, node: cove_embed) -> None:
    raise nodes.SkipNode


def _purge(app: Any, env: Any, docname: str) -> None:
    _site(app).forget(docname)


def _finished(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and getattr(app, "cove_site", None):
        for folder in app.cove_site.write(app.outdir):
            logger.info(f"cove: runtime folder {folder}")


def setup(app: Any) -> dict[str, Any]:
    app.add_config_value("cove_pyodide_dist", None, "env")
    app.add_config_value("cove_lazy", False, "html")  # "Run this page" before any Python starts
    app.add_node(cove_embed, html=(_visit_html, None), latex=(_skip, None), text=(_skip, None),
                 man=(_skip, None), texinfo=(_skip, None))
    app.add_directive("cove", CoveCode)
    app.add_directive("cove-file", CoveFile)
    app.connect("env-purge-doc", _purge)
    app.connect("build-finished", _finished)
    return {"version": "0.1", "parallel_read_safe": False, "parallel_write_safe": False, "env_version": 1}
