"""The one exception hierarchy of Cove: messages written for users, naming file, line and problem."""
from __future__ import annotations


class CoveError(Exception):
    """Base of every error Cove raises on purpose."""


class NotebookError(CoveError):
    """A notebook file that cannot be read or understood.

    `str(err)` is one line: ``path:line: problem`` (line omitted when unknown).
    """

    def __init__(self, message: str, filename: str | None = None, lineno: int | None = None):
        self.message = message
        self.filename = filename
        self.lineno = lineno
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = self.filename or "<notebook>"
        if self.lineno:
            where = f"{where}:{self.lineno}"
        return f"{where}: {self.message}"
