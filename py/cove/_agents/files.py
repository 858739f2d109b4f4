"""The notebook file an agent session edits, saved under the rules of `cove edit`.

The session remembers the hash of the bytes it loaded or last wrote. A change is refused, before
it touches the kernel, when the file on disk no longer has that hash: another program (an editor,
the user, git) changed it, and the agent must `reload` rather than overwrite that work. Saves go
through `NotebookStore.save` (atomic replace, line endings and BOM kept, hash checked again under
the store's lock); a cell whose code does not parse is kept as `app._unparsable_cell`, so code is
never lost.
"""
from __future__ import annotations

import os

from .._server.store import NotebookStore, SaveConflict

__all__ = ["FileChanged", "NotebookOnDisk"]


class FileChanged(Exception):
    """The file on disk is not the one this session loaded or last wrote."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path} changed on disk since this session read or wrote it; the change was not "
            "made. Reload the notebook (the `reload` tool or command) to continue from the file."
        )


class NotebookOnDisk:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.store = NotebookStore(path)
        self.path = self.store.display_name
        self.hash: str | None = None
        self.text = ""

    def read(self) -> str:
        """The notebook text; from now on, changes are checked against these bytes."""
        loaded = self.store.read()
        self.hash, self.text = loaded.hash, loaded.text
        return loaded.text

    def check_unchanged(self) -> None:
        """Raise FileChanged if another program changed the file (cheap: re-hashes only when the
        file's stat changed)."""
        if self.store.current_hash() != self.hash:
            raise FileChanged(self.path)

    def save(self, text: str) -> bool:
        """Write `text` if it differs from what the session last wrote; True when written."""
        if text == self.text:
            return False
        try:
            result = self.store.save(text, self.hash)
        except SaveConflict:
            raise FileChanged(self.path) from None
        self.hash, self.text = result.hash, text
        return True
