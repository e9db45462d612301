"""One assessment: `audit school` (in process) and the batch pipeline (crawl, evidence, score steps) audit the same
simulated school, with the same self-scores and evidence folder, to identical criteria and totals."""
from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import Any

from audit.config import load_settings
from audit.docgen import make_corpus, render_pdf
from audit.evidence.match import issuer_flags
from audit.evidence.run import named_within, parse_files
from audit.pipeline import audit_inline
from audit.rubric import find_rubric
from audit.school import normalise_url, run_audit
from audit.schoolyear import parse_school_year
from audit.selfscore import read_self_scores
from audit.store import Store

RUBRIC, YEAR = "tdm-2021-2022-school", "2021-2022"


def _self_scores(path: Path) -> Path:
    """Every criterion self-scored at its maximum (the sheet a school sends)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["STT", "NỘI DUNG", "Điểm chuẩn", "Tự chấm"])
        for c in find_rubric(RUBRIC).criteria:
            writer.writerow([c.id, c.title, c.max, c.max])
    return path


def _evidence(folder: Path) -> Path:
    for spec in make_corpus(seed=3, n=6):
        render_pdf(spec, folder)
    return folder


def _criteria(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["id"], c["self"], c["proposed"], c["status"], c["reason"], tuple(c["evidence"]), str(c.get("review")))
            for c in result["criteria"]]


def test_batch_and_in_process_audits_agree(sim: Any, tmp_path: Path) -> None:
    _, manifest, crawled = sim
    pid = next(p for p in manifest if not crawled[p].failed and not manifest[p]["faults"])
    url, name = manifest[pid]["url"], manifest[pid].get("name") or pid
    sheet, folder = _self_scores(tmp_path / "tu-cham.csv"), _evidence(tmp_path / "minh-chung")
    env = {"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_DATA_DIR": str(tmp_path / "var"),
           "AUDIT_DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}"}
    settings = replace(load_settings(env=env), crawl_delay=0.0, max_retries=1, retry_backoff=0.05)
    rubric = find_rubric(RUBRIC)

    documents = named_within(parse_files([str(folder)], settings), folder)
    issuer_flags(documents, name)
    alone, _ = run_audit(normalise_url(url), rubric, parse_school_year(YEAR), read_self_scores(str(sheet), rubric),
                         settings, documents=documents, school={"id": pid, "name": name})

    with Store(settings) as store:
        store.upsert_school(pid, name, url, RUBRIC, self_scores=str(sheet), evidence=str(folder))
        store.create_batch("so-sanh", YEAR, [pid])
        audit_inline(store, settings, pid, YEAR, "so-sanh")
        batched = store.last_result(pid, YEAR)
    assert batched is not None
    assert _criteria(batched) == _criteria(alone)
    assert batched["totals"] == alone["totals"]
    assert [d["criteria"] for d in batched["evidence"]] == [d["criteria"] for d in alone["evidence"]]
    assert any(c["check"] == "integration" and c["status"] != "not_tested" for c in alone["criteria"])
    assert any(d["criteria"] for d in alone["evidence"])   # the evidence served criteria on both paths
