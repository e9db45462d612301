"""The command line: the imperative shell around the core (nothing under audit/ outside this package imports
it). `audit.cli:main` is the console script."""
from __future__ import annotations

from audit.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
