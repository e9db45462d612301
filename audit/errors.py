"""Error classes shared by the core: bad input is reported once, clearly, with its place."""
from __future__ import annotations


class InputError(Exception):
    """Bad input from a user (a sheet, a registry, a URL): one line naming the file and row."""

    def __init__(self, source: str, message: str, row: int | str | None = None):
        where = f"{source}:{row}" if row is not None else source
        super().__init__(f"{where}: {message}")
        self.source, self.row, self.message = source, row, message


class ContractError(RuntimeError):
    """A document the service built breaks its published contract (a defect, never the user's input)."""
