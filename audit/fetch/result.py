"""What one successful fetch returns."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Mapping

from . import charset


@dataclass(frozen=True)
class FetchResult:
    """Final URL, status, headers, raw bytes and (lazily) the decoded text of a response."""

    url: str
    status: int
    headers: Mapping[str, str]
    content: bytes
    fetched_at: datetime
    elapsed: float
    redirects: list[str] = field(default_factory=list)
    verify_tls: bool = True

    @property
    def content_type(self) -> str:
        """Media type without parameters, lower-case ("" if absent)."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @cached_property
    def _decoded(self) -> tuple[str, str, str]:
        return charset.decode(self.content, self.headers.get("Content-Type"))

    @property
    def text(self) -> str:
        """Body decoded (header, meta, then detection) and NFC-normalised."""
        return self._decoded[0]

    @property
    def charset(self) -> str:
        """Python codec used to decode the body."""
        return self._decoded[1]

    @property
    def encoding(self) -> str:
        """How the charset was decided: "header", "meta", "detected" or "bom"."""
        return self._decoded[2]
