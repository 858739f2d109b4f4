"""`extensions = ["cove.sphinx"]`: Cove notebooks in Sphinx pages (see cove/_docs/sphinx_ext.py)."""
from ._docs.sphinx_ext import setup

__all__ = ["setup"]
