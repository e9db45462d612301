"""The contract's result document (school-audit/1) built from a score card, and its validation."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from audit.findings import Finding
from audit.scoring.engine import CriterionResult, ScoreCard

SCHEMA_ID = "school-audit/1"
_MAIN_FORMS = ("leave_request", "regrade_request", "admission_info")


def build_result(card: ScoreCard, school: Mapping[str, Any], findings: Mapping[str, Finding],
                 crawl: Mapping[str, Any], evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The full result JSON for one school."""
    start, end = card.window
    return {
        "schema": SCHEMA_ID,
        "school": {"url": school["url"], "id": school.get("id"), "name": school.get("name")},
        "rubric": {"id": card.rubric.id, "title": card.rubric.title},
        "school_year": str(card.year),
        "window": {"start": start.isoformat(), "end": end.isoformat()},
        "crawl": dict(crawl),
        "posts": _posts(findings.get("posts")),
        "disclosure": _disclosure(findings.get("disclosure")),
        "forms": _forms(findings.get("forms"), _required_forms(card)),
        "contents": _plain(findings.get("portal_sections"), ("present", "missing", "urls")),
        "visits": _plain(findings.get("visits"), ("per_day", "readings", "days")),
        "evidence": list(evidence or []),
        "criteria": [_criterion(r) for r in card.results],
        "totals": card.totals.__dict__.copy(),
    }


def _criterion(r: CriterionResult) -> dict[str, Any]:
    c = r.criterion
    return {"id": c.id, "title": c.title, "max": c.max, "self": r.self, "proposed": r.proposed,
            "difference": r.difference, "status": r.status, "reason": r.reason,
            "evidence": list(r.evidence), "group": c.group, "check": c.check_kind, "bonus": c.bonus}


def _posts(f: Finding | None) -> dict[str, Any]:
    if f is None or not f.tested:
        return {"status": "not_tested", "total_in_window": 0, "per_week_average": 0, "items": [],
                "reason": f.reason if f else "chưa thu thập tin bài"}
    keys = ("total_in_window", "per_week_average", "weeks_in_window", "weeks_meeting_target",
            "by_month", "longest_gap_days", "longest_gap", "items", "undated", "other_items")
    body = {k: f.values[k] for k in keys if f.values.get(k) is not None}
    return {"status": f.get("status", "ok"), "total_in_window": 0, "per_week_average": 0, "items": [], **body}


def _plain(f: Finding | None, keys: tuple[str, ...]) -> dict[str, Any]:
    """An extra section: status ok with the finding's values, or not_tested with the reason."""
    if f is None or not f.tested:
        readings = f.get("readings", []) if f else []
        return {"status": "not_tested", "reason": f.reason if f else "chưa kiểm tra", "readings": readings}
    return {"status": "ok", **{k: f.values[k] for k in keys if k in f.values}}


def _disclosure(f: Finding | None) -> dict[str, Any]:
    if f is None or not f.tested:
        return {"status": "not_tested", "years": [], "url": None,
                "reason": f.reason if f else "chưa kiểm tra chuyên mục công khai"}
    years = sorted(f.get("years", []))
    found = f.get("found", bool(years))
    return {"status": "found" if found else "missing", "url": f.get("url"), "years": years,
            "items": list(f.get("items", [])), "groups": list(f.get("groups", []))}


def _required_forms(card: ScoreCard) -> tuple[str, ...]:
    for c in card.rubric.criteria:
        for k in c.checks:
            if k.kind == "forms":
                return tuple(k.params["required"])
    return _MAIN_FORMS


def _forms(f: Finding | None, required: tuple[str, ...]) -> dict[str, Any]:
    if f is None or not f.tested:
        return {"status": "not_tested", "found": [], "missing": list(required),
                "reason": f.reason if f else "chưa kiểm tra biểu mẫu"}
    found = [dict(x) for x in f.get("items", [])] or [{"kind": k, "url": ""} for k in f.get("found", [])]
    kinds = {x["kind"] for x in found}
    missing = [k for k in required if k not in kinds]
    status = "ok" if not missing else ("missing" if len(missing) == len(required) else "partial")
    return {"status": status, "found": found, "missing": missing}


@lru_cache(maxsize=1)
def _validators() -> tuple[Any, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    schemas = {}
    for name in ("school-audit.schema.json", "evidence.schema.json"):
        text = resources.files("audit.data").joinpath("schemas", name).read_text(encoding="utf-8")
        schemas[name] = json.loads(text)
    evidence = Resource.from_contents(schemas["evidence.schema.json"])
    # The result schema's "$ref": "evidence/1#…" resolves against its own id "school-audit/1"
    # (RFC 3986) to "school-audit/evidence/1": register the evidence schema under both names.
    registry: Registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in schemas.values()] + [("school-audit/evidence/1", evidence)])
    return (Draft202012Validator(schemas["school-audit.schema.json"], registry=registry),
            Draft202012Validator(schemas["evidence.schema.json"], registry=registry))


def schema_errors(document: Any, which: str = "result") -> list[str]:
    """Contract violations of a result (or, with which='evidence', an evidence list)."""
    validator = _validators()[0 if which == "result" else 1]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]
