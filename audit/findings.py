"""Findings: what the crawler, detectors and evidence matcher measured, as plain data.

The scoring engine reads findings and never fetches anything. A finding that could not be
measured carries status `not_tested` and a Vietnamese reason; it never pretends to be a zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from audit.status import Check

OK = Check.OK
NOT_TESTED = Check.NOT_TESTED


@dataclass(frozen=True)
class Finding:
    """One measurement with the proof behind it (URLs, snapshots, files)."""
    status: str = OK
    values: Mapping[str, Any] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    reason: str = ""

    @property
    def tested(self) -> bool:
        """True when the measurement ran."""
        return self.status == OK

    def get(self, key: str, default: Any = None) -> Any:
        """A measured value."""
        return self.values.get(key, default)


def not_tested(reason: str) -> Finding:
    """A finding for a check that could not run, with its reason."""
    return Finding(status=NOT_TESTED, reason=reason)


def document_key(criterion_id: str, check_name: str) -> str:
    """Key of a documents finding: one per criterion and check."""
    return f"documents:{criterion_id}:{check_name}"


def findings_from_json(data: Mapping[str, Any]) -> dict[str, Finding]:
    """Findings from their JSON form: {key: {status, values, evidence, reason}}."""
    result = {}
    for key, raw in data.items():
        result[key] = Finding(status=raw.get("status", OK), values=raw.get("values", {}),
                              evidence=tuple(raw.get("evidence", ())), reason=raw.get("reason", ""))
    return result
