"""Assess one school: from what its crawl found, its evidence documents, the rubric and its self-scores to the
contract's result document (pure). `audit school`, the batch pipeline and `audit score` all call `assess`: it is
the only path from findings to a result."""
from __future__ import annotations

from typing import Any, Mapping

from audit.errors import ContractError
from audit.evidence.match import match_documents
from audit.findings import Finding
from audit.result import build_result, schema_errors
from audit.rubric import Rubric
from audit.schoolyear import SchoolYear
from audit.scoring import score


def assess(rubric: Rubric, year: SchoolYear, school: Mapping[str, Any], crawl: Mapping[str, Any],
           findings: Mapping[str, Finding], self_scores: Mapping[str, float | None],
           documents: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The result document: documents (None: no evidence was given) matched to the rubric's document checks, each
    marked with the criteria it serves; every criterion scored; totals; checked against the contract."""
    found = dict(findings)
    docs = None if documents is None else [{**d, "flags": list(d.get("flags", []))} for d in documents]
    if docs is not None:
        doc_findings, used = match_documents(docs, rubric, year)
        found.update(doc_findings)
        for doc in docs:
            doc["criteria"] = used.get(doc["file"], [])
    card = score(rubric, found, self_scores, year, crawl_failed=crawl.get("status") == "failed")
    document = build_result(card, school, found, crawl, docs)
    problems = schema_errors(document)
    if problems:
        raise ContractError("result breaks the contract: " + "; ".join(problems[:3]))
    return document
