"""The error of a rubric file (its own module: the loader and the validator both raise it)."""
from __future__ import annotations


class RubricError(Exception):
    """A problem in a rubric file, located at file:line."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message
