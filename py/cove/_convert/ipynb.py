"""Read a Jupyter notebook (nbformat 4 JSON) into plain cells; bad files get a one-line error."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from .._errors import NotebookError

__all__ = ["IpynbCell", "IpynbNotebook", "read_ipynb"]

CellType = Literal["code", "markdown", "raw"]


@dataclass(frozen=True)
class IpynbCell:
    cell_type: CellType
    source: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def cove(self) -> dict[str, Any]:
        """The `cove` metadata a Cove export wrote (name, setup, config, original code)."""
        meta = self.metadata.get("cove")
        return meta if isinstance(meta, dict) else {}

    @property
    def hide_code(self) -> bool:
        jupyter = self.metadata.get("jupyter")
        tags = self.metadata.get("tags")
        return bool(
            (isinstance(jupyter, dict) and jupyter.get("source_hidden"))
            or self.cove.get("hide_code")
            or (isinstance(tags, list) and ("hide-input" in tags or "hide_input" in tags))
        )


@dataclass(frozen=True)
class IpynbNotebook:
    cells: list[IpynbCell]
    metadata: dict[str, Any]

    @property
    def cove(self) -> dict[str, Any]:
        meta = self.metadata.get("cove")
        return meta if isinstance(meta, dict) else {}


def read_ipynb(data: bytes, filename: str) -> IpynbNotebook:
    """Parse `.ipynb` bytes. Raises `NotebookError` naming the file (and line, for bad JSON)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise NotebookError("not a Jupyter notebook: the file is not UTF-8 text", filename,
                            line) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise NotebookError(f"not a Jupyter notebook: invalid JSON ({e.msg}, column {e.colno})",
                            filename, e.lineno) from None
    except RecursionError:
        raise NotebookError("not a Jupyter notebook: JSON nested too deeply", filename) from None
    if not isinstance(doc, dict) or "cells" not in doc and "worksheets" not in doc:
        raise NotebookError("not a Jupyter notebook: expected a JSON object with `cells`", filename)
    version = doc.get("nbformat")
    if version != 4:
        shown = "missing" if version is None else repr(version)
        raise NotebookError(
            f"unsupported nbformat ({shown}): Cove reads nbformat 4; open and save the notebook "
            "in a recent Jupyter to upgrade it", filename)
    metadata = doc.get("metadata") if isinstance(doc.get("metadata"), dict) else {}
    language = _language(metadata)
    if language and language.lower() not in ("python", "python3", "ipython", "ipython3"):
        raise NotebookError(f"a {language} notebook: Cove converts Python notebooks only", filename)
    raw_cells = doc.get("cells")
    if not isinstance(raw_cells, list):
        raise NotebookError("not a Jupyter notebook: `cells` is not a list", filename)
    return IpynbNotebook([_cell(c, i, filename) for i, c in enumerate(raw_cells)], metadata)


def _cell(raw: Any, index: int, filename: str) -> IpynbCell:
    if not isinstance(raw, dict):
        raise NotebookError(f"cell {index}: not a JSON object", filename)
    cell_type = raw.get("cell_type")
    if cell_type not in ("code", "markdown", "raw"):
        raise NotebookError(f"cell {index}: unknown cell_type {cell_type!r}", filename)
    source = raw.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        source = "".join(source)
    if not isinstance(source, str):
        raise NotebookError(f"cell {index}: `source` must be a string or a list of strings",
                            filename)
    metadata = raw.get("metadata")
    # Jupyter writes \n; a notebook edited on Windows may carry \r\n, which cells never hold.
    source = source.replace("\r\n", "\n").replace("\r", "\n")
    return IpynbCell(cell_type, source, metadata if isinstance(metadata, dict) else {})


def _language(metadata: dict[str, Any]) -> str | None:
    for key, field_name in (("language_info", "name"), ("kernelspec", "language")):
        table = metadata.get(key)
        if isinstance(table, dict) and isinstance(table.get(field_name), str):
            return str(table[field_name])
    return None
