"""What the desk's pages show, built from stored rows, results and final scores (pure)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from audit.finals import ACTION_LABELS
from audit.report.fmt import safe_href
from audit.report.html import flag_label
from audit.report.standing import crawl_notice, grade_line, parts, usable
from audit.review import access, labels
from audit.rubric import Rubric


@dataclass(frozen=True)
class Entry:
    """One school of a batch as the desk sees it: its run, result, newest decisions and final scores."""
    school: dict[str, Any]
    year: str
    run_id: int | None
    status: str
    result: dict[str, Any] | None = None
    finals: dict[str, Any] | None = None
    decisions: dict[str, dict[str, Any]] = field(default_factory=dict)


def page_index(pages: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """URL → sha256 of the run's stored page (the first fetch of that URL)."""
    index: dict[str, str] = {}
    for page in pages:
        index.setdefault(str(page["url"]), str(page["sha256"]))
    return index


def evidence_links(urls: Iterable[str], pages: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each proof URL with its link (None when not http/https) and its stored snapshot (sha256 or None)."""
    return [{"text": u, "href": safe_href(u), "snapshot": pages.get(u)} for u in urls]


def is_discrepancy(criterion: Mapping[str, Any]) -> bool:
    """The self-score and the verified score disagree."""
    return criterion.get("status") == "contradicted"


def summary(entry: Entry) -> dict[str, Any]:
    """A school's line of the batch table."""
    result, finals = entry.result, entry.finals
    totals = result.get("totals", {}) if result else {}
    crawl = (result.get("crawl") or {}).get("status") if result else None
    return {"id": entry.school["id"], "name": entry.school.get("name") or entry.school["id"],
            "district": entry.school.get("district"), "collect": labels.run_label(entry.status, crawl),
            "status": entry.status, "has_result": result is not None,
            "self": totals.get("self"), "proposed": totals.get("proposed"),
            "discrepancies": totals.get("discrepancies"), "needs_review": totals.get("needs_review") or 0,
            "verified": totals.get("verified_max"), "notice": crawl_notice(result) if result else None,
            "usable": usable(result), "parts": parts(totals) if result else [],
            "grade_line": grade_line(result) if result else "",
            "final": finals["total"] if finals else None, "grade": finals["grade"] if finals else None,
            "pending": finals["pending"] if finals else None, "decided": finals["decided"] if finals else None}


def criterion_view(c: Mapping[str, Any], final: Mapping[str, Any], pages: Mapping[str, str]) -> dict[str, Any]:
    """One criterion's card: scores, verdict, proof, final score and its source."""
    return {"id": c["id"], "title": c.get("title", ""), "max": c["max"], "self": c.get("self"),
            "proposed": c.get("proposed"), "difference": c.get("difference"), "status": c.get("status"),
            "status_label": labels.CRITERION_STATUS.get(str(c.get("status")), str(c.get("status"))),
            "reason": c.get("reason", ""), "evidence": evidence_links(c.get("evidence") or [], pages),
            "discrepancy": is_discrepancy(c), "final": final.get("final"), "source": final.get("source"),
            "source_label": labels.SOURCE.get(str(final.get("source")), ""), "decision": final.get("decision"),
            "changed": bool(final.get("changed")),
            "bonus": bool(c.get("bonus")),
            "doubts": [{"file": str(r.get("file")), "flags": [flag_label(f) for f in r.get("flags") or []]}
                       for r in c.get("review") or [] if isinstance(r, Mapping)]}


def group_titles(rubric: Rubric | None) -> dict[str, str]:
    """Group id → title, from the rubric."""
    return {g.id: g.title for g in rubric.all_groups()} if rubric is not None else {}


def grouped_criteria(result: Mapping[str, Any], finals: Mapping[str, Any], rubric: Rubric | None,
                     pages: Mapping[str, str]) -> list[dict[str, Any]]:
    """The criteria in sheet order, grouped as on the sheet: [{"id", "title", "criteria"}]."""
    titles = group_titles(rubric)
    groups: dict[str, dict[str, Any]] = {}
    for c in result.get("criteria", []):
        gid = str(c.get("group") or "")
        group = groups.setdefault(gid, {"id": gid, "title": titles.get(gid, f"Nhóm {gid}" if gid else "Tiêu chí"),
                                        "criteria": []})
        group["criteria"].append(criterion_view(c, finals["criteria"].get(c["id"], {}), pages))
    return list(groups.values())


def find_criterion(result: Mapping[str, Any] | None, criterion_id: str) -> dict[str, Any] | None:
    """The result's criterion with this id."""
    for c in (result or {}).get("criteria", []):
        if c.get("id") == criterion_id:
            return dict(c)
    return None


def post_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The posts the crawl saw, newest first, with a safe link."""
    items = (result.get("posts") or {}).get("items") or []
    rows = [{"title": p.get("title") or p.get("url", ""), "href": safe_href(p.get("url")), "url": p.get("url", ""),
             "published": p.get("published")} for p in items]
    return sorted(rows, key=lambda r: r["published"] or "", reverse=True)


def document_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The evidence documents of the result, as a summary."""
    return [{"file": d.get("file", ""), "name": Path(str(d.get("file", ""))).name, "sha256": d.get("sha256"),
             "status": labels.DOC_STATUS.get(str(d.get("status")), d.get("status")),
             "type": d.get("doc_type"), "number": d.get("number"), "issued_on": d.get("issued_on"),
             "issuer": d.get("issuer"), "title": d.get("title"), "signer": d.get("signer"),
             "flags": [flag_label(f) for f in d.get("flags") or []], "criteria": list(d.get("criteria") or [])}
            for d in (result.get("evidence") or [])]


def history_rows(history: Iterable[Mapping[str, Any]], titles: Mapping[str, str]) -> list[dict[str, Any]]:
    """The decision history, newest first, with the action in words."""
    return [{**d, "action_label": ACTION_LABELS.get(str(d["action"]), str(d["action"])),
             "title": titles.get(str(d["criterion_id"]), "")} for d in reversed(list(history))]


def own_check(user: Mapping[str, Any], batch: Mapping[str, Any] | None, entry: Entry) -> dict[str, Any] | None:
    """What the school page says of a school's own check (None for any other batch): its kind, label, the
    submission once submitted, and whether this user may submit it now (its school's account, finished)."""
    if batch is None or batch.get("kind") not in labels.OWN_KINDS:
        return None
    ready = entry.status == "done" and entry.result is not None
    return {"kind": batch["kind"], "label": batch.get("label"), "submission": batch.get("submission"),
            "can_submit": access.is_school(user) and batch["kind"] == "self" and ready}
