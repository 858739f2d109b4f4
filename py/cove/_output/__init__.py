"""Rich output: mimebundles, HTML building blocks, Markdown, layouts, media, output and status.

Nothing is imported here on purpose: `cove/__init__.py` resolves the public names lazily, so a
notebook that never displays a chart never pays for the modules that format one.
"""
from __future__ import annotations

__all__: list[str] = []
