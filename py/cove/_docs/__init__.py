"""Cove notebooks inside documentation sites: the build-time API (DocsSite) that the MkDocs
plugin (mkdocs_plugin.py) and the Sphinx extension (cove.sphinx) share."""
from .embed import DocsError, Embed, EmbedOptions, notebook_from_code, parse_options
from .runtime import Runtime, plan_runtimes, write_runtime
from .site import DocsSite, relative_url

__all__ = ["DocsError", "DocsSite", "Embed", "EmbedOptions", "Runtime", "notebook_from_code",
           "parse_options", "plan_runtimes", "relative_url", "write_runtime"]
