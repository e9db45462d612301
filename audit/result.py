"""The contract's result document (school-audit/2) built from a score card, its validation, and the upgrade of
results stored under school-audit/1.

school-audit/2 differs from /1 in meaning in two places: a criterion may be `needs_review` (a proposal resting on
doubtful evidence), and `totals.proposed` is the sum of the criteria's proposals (in /1 it counted the self-score
where nothing was checked: that sum is now `totals.estimate`). It adds the verified / review / unverified totals,
`totals.basis` and `criteria[].review`.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from audit.errors import InputError
from audit.findings import Finding
from audit.rubric import Rubric
from audit.scoring.engine import CriterionResult, ScoreCard
from audit.scoring.totals import totals

SCHEMA_ID = "school-audit/2"
OLD_SCHEMA_ID = "school-audit/1"
_SCHEMA_FILES = {SCHEMA_ID: "school-audit.schema.json", OLD_SCHEMA_ID: "school-audit-1.schema.json"}
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
    item = {"id": c.id, "title": c.title, "max": c.max, "self": r.self, "proposed": r.proposed,
            "difference": r.difference, "status": r.status, "reason": r.reason,
            "evidence": list(r.evidence), "group": c.group, "check": c.check_kind, "bonus": c.bonus}
    if r.doubts:
        item["review"] = [{"file": file, "flags": list(flags)} for file, flags in r.doubts]
    return item


def upgrade(result: dict[str, Any], rubric: Rubric | None = None) -> dict[str, Any]:
    """A stored result in the current schema: a school-audit/1 result gets the totals of /2, recomputed from its
    criteria with its rubric (looked up by id when not given; its criteria hold no needs_review: /1 had none)."""
    if result.get("schema") != OLD_SCHEMA_ID:
        return result
    if rubric is None:
        rubric = _rubric_or_none(str((result.get("rubric") or {}).get("id")))
    upgraded = {**result, "schema": SCHEMA_ID}
    by_id = {c.id: c for c in rubric.criteria} if rubric is not None else {}
    if rubric is None or any(c.get("id") not in by_id for c in result.get("criteria", [])):
        old = dict(result.get("totals", {}))
        upgraded["totals"] = {**_EMPTY_TOTALS, **old, "estimate": old.get("proposed"), "proposed_grade": None,
                              "basis": "kết quả cũ, không còn tiêu chí tương ứng để tính lại"}
        return upgraded
    results = [CriterionResult(by_id[c["id"]], c.get("self"), c.get("proposed"), c["status"], c.get("reason", ""))
               for c in result["criteria"]]
    failed = result.get("crawl", {}).get("status") == "failed"
    upgraded["totals"] = totals(rubric, results, failed).__dict__.copy()
    return upgraded


def _rubric_or_none(rubric_id: str) -> Rubric | None:
    from audit.rubric import find_rubric
    try:
        return find_rubric(rubric_id)
    except (KeyError, OSError, ValueError, InputError):
        return None


_EMPTY_TOTALS: dict[str, Any] = {"verified_max": 0.0, "verified_self": None, "verified_proposed": 0.0,
                                 "review_max": 0.0, "review_self": None, "review_proposed": 0.0, "needs_review": 0,
                                 "unverified_max": 0.0, "unverified_self": None}


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
    required = card.rubric.check_param("forms", "required")
    return tuple(required) if required else _MAIN_FORMS


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
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    schemas = {}
    for name in (*_SCHEMA_FILES.values(), "evidence.schema.json"):
        text = resources.files("audit.data").joinpath("schemas", name).read_text(encoding="utf-8")
        schemas[name] = json.loads(text)
    evidence = Resource.from_contents(schemas["evidence.schema.json"])
    # The result schema's "$ref": "evidence/1#…" resolves against its own id "school-audit/2"
    # (RFC 3986) to "school-audit/evidence/1": register the evidence schema under both names.
    registry: Registry = Registry().with_resources(
        [(s["$id"], Resource.from_contents(s)) for s in schemas.values()] + [("school-audit/evidence/1", evidence)])
    validators = {version: Draft202012Validator(schemas[name], registry=registry)
                  for version, name in _SCHEMA_FILES.items()}
    return {**validators, "evidence": Draft202012Validator(schemas["evidence.schema.json"], registry=registry)}


def schema_errors(document: Any, which: str = "result") -> list[str]:
    """Contract violations of a result (of the current schema, or of /1 when it says so), or, with
    which='evidence', of an evidence list."""
    validators = _validators()
    if which == "evidence":
        validator = validators["evidence"]
    else:
        declared = document.get("schema") if isinstance(document, dict) else None
        validator = validators[declared if declared in _SCHEMA_FILES else SCHEMA_ID]
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))]
