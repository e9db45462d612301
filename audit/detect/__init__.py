"""Pure detectors over fetched pages: disclosure, forms, portal contents, visits, integration."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """A fetched page as the detectors see it: where it was, what kind, its HTML."""
    url: str
    kind: str
    html: bytes
    fetched_at: str = ""
