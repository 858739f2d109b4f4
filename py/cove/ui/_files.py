"""`file_browser`: pick files and folders from the file system the notebook runs on (the disk in
CPython; in the browser, Pyodide's in-memory file system, where the page's data files live)."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Literal, Sequence

from .._output._escape import escape
from ._base import UIElement, flag

__all__ = ["FileBrowserFileInfo", "file_browser"]


@dataclass(frozen=True)
class FileBrowserFileInfo:
    """One selected entry."""

    id: str
    path: Path
    name: str
    is_directory: bool


class file_browser(UIElement):  # noqa: N801 - marimo's name
    """The entries under `initial_path` (recursively, up to `limit`), as a list to select from;
    `.value` is a list of `FileBrowserFileInfo`. `selection_mode` "file" lists files, "directory"
    folders; `filetypes` (".csv", ...) and `filter` narrow the files. Use `.path(i)` for a
    selected path."""

    _kind = "file_browser"
    _inline = False

    def __init__(
        self,
        initial_path: str | Path = "",
        filetypes: Sequence[str] | None = None,
        selection_mode: Literal["file", "directory"] = "file",
        multiple: bool = True,
        restrict_navigation: bool = True,
        value: Sequence[str | Path] | None = None,
        *,
        filter: Callable[[Path], bool] | None = None,  # noqa: A002 - marimo's name
        limit: int | None = None,
        label: str = "",
        on_change: Callable[[list[FileBrowserFileInfo]], None] | None = None,
        ignore_empty_dirs: bool = False,
    ) -> None:
        del restrict_navigation
        if selection_mode not in ("file", "directory"):
            raise ValueError(f"selection_mode must be 'file' or 'directory', not {selection_mode!r}")
        self._root = Path(initial_path or os.getcwd()).resolve()
        self._multiple = multiple
        want_dirs = selection_mode == "directory"
        suffixes = tuple(t.lower() for t in filetypes or ())
        entries: list[Path] = []
        for folder, dirs, files in os.walk(self._root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            names = dirs if want_dirs else sorted(files)
            for name in names:
                path = Path(folder) / name
                if suffixes and not want_dirs and not name.lower().endswith(suffixes):
                    continue
                if filter is not None and not filter(path):
                    continue
                if ignore_empty_dirs and want_dirs and not any(path.iterdir()):
                    continue
                entries.append(path)
            if limit is not None and len(entries) >= limit:
                break
        self._entries = {str(p.relative_to(self._root)): p for p in entries[: limit or None]}
        initial = [str(Path(v).resolve().relative_to(self._root)) for v in value or []]
        super().__init__(initial, label=label, on_change=on_change)

    def _validate(self, raw: Any) -> list[str]:
        keys = [raw] if isinstance(raw, str) else list(raw or [])
        unknown = [k for k in keys if k not in self._entries]
        if unknown:
            raise ValueError(f"{self._what()}: not listed: {unknown}")
        if not self._multiple and len(keys) > 1:
            raise ValueError(f"{self._what()}: one entry only (multiple=False)")
        return keys

    def _convert(self, raw: list[str]) -> list[FileBrowserFileInfo]:
        return [FileBrowserFileInfo(k, self._entries[k], self._entries[k].name, self._entries[k].is_dir()) for k in raw]

    def path(self, index: int = 0) -> Path | None:
        """The path of the `index`-th selected entry, or None."""
        return self._value[index].path if index < len(self._value) else None

    def name(self, index: int = 0) -> str | None:
        return self._value[index].name if index < len(self._value) else None

    def _props(self) -> dict[str, Any]:
        return {"root": str(self._root), "multiple": self._multiple}

    def _control_html(self) -> str:
        chosen = set(self._raw)
        options = "".join(f'<option value="{escape(k)}"{flag("selected", k in chosen)}>{escape(k)}</option>'
                          for k in self._entries)
        size = min(max(len(self._entries), 2), 10)
        return self._labelled(f'<select{flag("multiple", self._multiple)} size="{size}">{options}</select>')
