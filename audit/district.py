"""District sheets' integration-share criterion, from their schools' results (pure: rubrics and rows given)."""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence
from urllib.parse import urlsplit

from audit import labels as L
from audit.detect.integration import integration_share
from audit.findings import Finding
from audit.rubric import Rubric
from audit.schoolyear import parse_school_year
from audit.scoring import score
from audit.text import fold, nfc


def text(value: Any) -> str:
    """A value as NFC text ("" for None)."""
    return nfc(str(value)) if value is not None else ""


def share_findings(rubric: Rubric, results: list[dict[str, Any]]) -> dict[str, Finding]:
    """District sheets: the integration share computed from the schools' results."""
    domain = rubric.check_param("integration_share", "domain")
    return {"integration_share": integration_share(results, str(domain))} if domain else {}


def _share_rubrics(rubrics: Iterable[Rubric]) -> list[tuple[Rubric, str, str]]:
    """District rubrics scored on their schools' integration share: (rubric, criterion id, domain)."""
    out = []
    for rubric in rubrics:
        for c in rubric.criteria:
            for k in c.checks:
                if k.kind == "integration_share":
                    out.append((rubric, c.id, str(k.params["domain"])))
    return out


def _under(url: Any, domain: str) -> bool:
    host = urlsplit(text(url)).hostname or ""
    return host == domain or host.endswith("." + domain)


def _relevant(row: Mapping[str, Any], rubric: Rubric, domain: str) -> bool:
    """A row that makes a district rubric's share worth showing: the district's sheet, or a school under its domain."""
    school = row.get("school") or {}
    return text(school.get("rubric")) == rubric.id or _under(school.get("url"), domain)


def district_scores(rows: Sequence[Mapping[str, Any]], rubrics: Iterable[Rubric]) -> list[dict[str, Any]]:
    """Each district's score on a district rubric's integration-share criterion (000 4.2), from its schools' results.

    Computed for the districts with a row on that rubric or a school portal under its domain; others are omitted.
    """
    out = []
    for rubric, cid, domain in _share_rubrics(rubrics):
        by_district: dict[str, list[Mapping[str, Any]]] = {}
        for r in rows:
            by_district.setdefault(text((r.get("school") or {}).get("district")) or L.NO_DISTRICT, []).append(r)
        for district, members in sorted(by_district.items(), key=lambda kv: fold(kv[0])):
            if not any(_relevant(r, rubric, domain) for r in members):
                continue
            results = [dict(r["result"]) for r in members
                       if r.get("result") and text((r.get("school") or {}).get("rubric")) != rubric.id]
            year = next((text(r.get("school_year")) for r in results), "") or text(members[0].get("year"))
            findings = share_findings(rubric, results)
            card = score(rubric, findings, {}, parse_school_year(year))
            verdict = next(x for x in card.results if x.criterion.id == cid)
            finding = findings.get("integration_share")
            out.append({"district": district, "rubric": rubric.id, "rubric_title": text(rubric.title),
                        "criterion": cid, "criterion_title": text(verdict.criterion.title), "domain": domain,
                        "schools": len(results), "integrated": finding.get("integrated") if finding else None,
                        "share": finding.get("share") if finding else None, "max": verdict.criterion.max,
                        "proposed": verdict.proposed, "reason": text(verdict.reason)})
    return out
