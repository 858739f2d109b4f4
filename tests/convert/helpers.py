"""Small builders for Jupyter notebooks in convert tests."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def code(source: str, outputs: list[dict[str, Any]] | None = None, **metadata: Any) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": 1, "id": f"id{abs(hash(source)) % 10**8}",
            "metadata": metadata, "outputs": outputs or [], "source": source.splitlines(True)}


def markdown(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": source.splitlines(True)}


def ipynb(*cells: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            **metadata}
    return {"cells": list(cells), "metadata": meta, "nbformat": 4, "nbformat_minor": 5}


def write_ipynb(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
