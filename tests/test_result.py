"""The result document honours the contract (school-audit/2, evolved from the published /1; evidence/1)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from audit.cli import main
from audit.config import load_settings
from audit.result import schema_errors
from audit.review import create_app
from audit.store import Store
from tests.conftest import ROOT, SHARED


def test_bundled_schemas_are_the_published_ones() -> None:
    """The published versions (school-audit/1, evidence/1) are bundled unchanged, equal to ../shared/contract where
    it exists (CI); school-audit/2 only adds to /1: every property of /1 is still there."""
    contract = SHARED / "contract"
    schemas = ROOT / "audit" / "data" / "schemas"
    for ours, published, schema_id in (("school-audit-1.schema.json", "school-audit.schema.json", "school-audit/1"),
                                       ("evidence.schema.json", "evidence.schema.json", "evidence/1")):
        bundled = json.loads((schemas / ours).read_text(encoding="utf-8"))
        assert bundled["$id"] == schema_id
        if contract.is_dir():
            assert bundled == json.loads((contract / published).read_text(encoding="utf-8")), ours
    old = json.loads((schemas / "school-audit-1.schema.json").read_text(encoding="utf-8"))
    new = json.loads((schemas / "school-audit.schema.json").read_text(encoding="utf-8"))
    assert new["$id"] == "school-audit/2" and set(old["required"]) <= set(new["required"])
    for name, prop in old["properties"].items():
        assert set(prop.get("properties", {})) <= set(new["properties"][name].get("properties", {})), name
    criterion = new["properties"]["criteria"]["items"]["properties"]
    assert set(old["properties"]["criteria"]["items"]["properties"]) <= set(criterion)
    assert "needs_review" in criterion["status"]["enum"]


def test_demo_crawls_the_sample_portal_and_writes_a_valid_result(tmp_path: Path, capsys) -> None:
    """The demo audits a simulated school with its self-scores and generated evidence PDFs (every kind of check in
    the first report), keeps the result in a store of its own and ends with how to open the desk on it."""
    assert main(["demo", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert schema_errors(result) == [] and result["crawl"]["status"] == "ok"
    truth = re.search(r"năm học 2021-2022: (\d+); máy đếm được: (\d+)", out)
    assert truth and truth.group(1) == truth.group(2) == str(result["posts"]["total_in_window"])
    assert "Xếp loại" in out

    # evidence: generated PDFs read through the evidence path, serving the document checks (4.1-4.5 among them)
    docs = result["evidence"]
    assert len(docs) == len(list((tmp_path / "minh-chung").glob("*.pdf"))) >= 6
    assert all(d["status"] == "parsed" for d in docs)
    by_id = {c["id"]: c for c in result["criteria"]}
    for cid in ("1.2", "2.1", "2.3", "4.1", "4.2", "4.4", "4.5"):
        assert by_id[cid]["status"] == "confirmed" and by_id[cid]["evidence"], cid
    borrowed = [d for d in docs if "issuer_not_this_school" in d["flags"]]
    assert len(borrowed) == 1 and "1.4" in borrowed[0]["criteria"]
    assert by_id["1.4"]["status"] == "needs_review" and by_id["2.4"]["status"] == "contradicted"
    kinds = {c["check"] for c in result["criteria"] if c["status"] != "unverifiable"}
    assert {"documents", "posts_per_year", "disclosure", "forms", "portal_sections", "integration"} <= kinds

    # the output ends with the desk: the command and the demo account
    tail = out.rstrip().splitlines()[-3:]
    command = re.fullmatch(r"  AUDIT_DATA_DIR=(\S+) (\S+) serve", tail[1])
    login = re.search(r"tài khoản demo, mật khẩu (\S+) \(", tail[2])
    assert tail[0].startswith("Mở bàn kiểm tra") and command and login
    assert Path(command.group(1)).resolve() == (tmp_path / "var").resolve()
    assert command.group(2) in ("audit", ".venv/bin/audit") or command.group(2).endswith("/bin/audit")

    # the desk, opened on those settings, shows the demo's batch to the demo account
    settings = load_settings(env={"AUDIT_DATA_DIR": command.group(1)})
    with Store(settings) as store:
        assert [b["id"] for b in store.batches()] == ["demo"]
        [row] = store.batch_results("demo")
        assert row["status"] == "done" and row["result"]["totals"] == result["totals"]
        assert len(store.documents(row["run_id"])) == len(docs)
        account = store.user("demo")
        assert account is not None and account["role"] == "reviewer" and account["active"]
        client = create_app(settings, store).test_client()
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token
        client.post("/login", data={"csrf_token": token.group(1), "username": "demo", "password": login.group(1)})
        school = client.get(f"/batch/demo/school/{row['school']['id']}")
        assert school.status_code == 200 and Path(borrowed[0]["file"]).name in school.text


def test_score_bundled_findings(tmp_path: Path) -> None:
    data = ROOT / "audit" / "data" / "demo"
    target = tmp_path / "r.json"
    assert main(["score", "--rubric", "tdm-2021-2022-school", "--year", "2021-2022", "--findings",
                 str(data / "findings.json"), "--self-scores", str(data / "self-scores.csv"), "--json", str(target)]) == 0
    result = json.loads(target.read_text(encoding="utf-8"))
    assert schema_errors(result) == []
    by_id = {c["id"]: c for c in result["criteria"]}
    assert by_id["3.3"]["status"] == "contradicted" and by_id["3.3"]["proposed"] == 0
    assert "34 tin bài" in by_id["3.3"]["reason"] and by_id["3.3"]["evidence"]
    assert by_id["2.3"]["status"] == "not_tested" and by_id["2.3"]["proposed"] is None
    assert by_id["1.1"]["status"] == "unverifiable" and by_id["1.1"]["proposed"] is None
    assert by_id["2.2"]["self"] is None
    assert result["posts"]["total_in_window"] == len(result["posts"]["items"]) == 34
    assert result["forms"]["missing"] == ["regrade_request"] and result["forms"]["status"] == "partial"
    assert result["totals"]["discrepancies"] == sum(c["status"] == "contradicted" for c in result["criteria"])


def test_score_without_findings_is_not_tested_not_zero(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    assert main(["score", "--rubric", "tdm-2021-2022-school", "--year", "2021-2022", "--json", str(target)]) == 0
    result = json.loads(target.read_text(encoding="utf-8"))
    assert schema_errors(result) == []
    assert result["crawl"]["status"] == "failed" and result["posts"]["status"] == "not_tested"
    assert {c["status"] for c in result["criteria"]} == {"not_tested", "unverifiable"}
    assert all(c["proposed"] is None for c in result["criteria"])
    assert result["totals"]["self"] is None and result["totals"]["proposed"] is None


def test_every_rubric_scores_into_a_valid_document(capsys) -> None:
    for rubric_id in ("hcm-phong", "vinhphuc-2016-2017-school", "vinhphuc-2016-2017-phong",
                      "longbien-2021-eschool", "thachbanb-2023-2024-it-staff"):
        assert main(["score", "--rubric", rubric_id, "--year", "2023-2024", "--json", "-"]) == 0
        assert schema_errors(json.loads(capsys.readouterr().out)) == []


@pytest.mark.parametrize("year", ["2021", "2021-2023", "abc"])
def test_bad_year_is_bad_input(year: str, capsys) -> None:
    assert main(["score", "--rubric", "tdm-2021-2022-school", "--year", year]) == 2
    assert "năm học" in capsys.readouterr().err


def test_schema_rejects_an_invented_zero_shape() -> None:
    bad = {"schema": "school-audit/1", "criteria": [{"id": "1", "title": "x", "max": 5, "self": None,
                                                     "proposed": 0, "status": "maybe", "reason": ""}]}
    assert any("maybe" in e for e in schema_errors(bad))


def test_district_integration_share_from_school_results(tmp_path: Path) -> None:
    urls = ["http://thcs-a.hcm.edu.vn/", "http://thcs-b.hcm.edu.vn/", "http://thcs-c.hcm.edu.vn/",
            "http://thcs-d.hcm.edu.vn/", "http://thcs-e.hcm.edu.vn/", "http://thcs-f.hcm.edu.vn/",
            "http://thcs-g.hcm.edu.vn/", "http://thcs-h.hcm.edu.vn/", "http://thcs-i.hcm.edu.vn/", "http://thcs-j.com/"]
    for n, url in enumerate(urls):
        folder = tmp_path / "schools" / str(n)
        folder.mkdir(parents=True)
        (folder / "result.json").write_text(json.dumps({"school": {"url": url}}), encoding="utf-8")
    target = tmp_path / "district.json"
    assert main(["score", "--rubric", "hcm-phong", "--year", "2021-2022", "--school-results",
                 str(tmp_path / "schools"), "--json", str(target)]) == 0
    result = json.loads(target.read_text(encoding="utf-8"))
    c42 = next(c for c in result["criteria"] if c["id"] == "4.2")
    assert c42["proposed"] == 10 and "90%" in c42["reason"] and "9/10" in c42["reason"]  # ≥ 90% → 10


def test_evidence_documents_inside_a_result_are_validated(tmp_path: Path) -> None:
    assert main(["score", "--rubric", "tdm-2021-2022-school", "--year", "2021-2022", "--json", str(tmp_path / "r.json")]) == 0
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    good = {"file": "a.pdf", "sha256": "0" * 64, "status": "parsed", "doc_type": "KH", "number": "1/KH-A",
            "issued_on": "2021-09-20", "issuer": "TRƯỜNG A", "title": "Kế hoạch", "signer": "Nguyễn Văn A",
            "text_source": "text", "flags": []}
    assert schema_errors({**result, "evidence": [good]}) == []
    assert schema_errors({**result, "evidence": [{**good, "issued_on": "20/09/2021"}]})


def test_a_stored_v1_result_is_upgraded_to_v2_totals() -> None:
    from audit.cli.score import score_once
    from audit.result import upgrade
    data = ROOT / "audit" / "data" / "demo"
    v2 = score_once("tdm-2021-2022-school", str(data / "findings.json"), str(data / "self-scores.csv"), "2021-2022")
    t = v2["totals"]
    v1 = {**v2, "schema": "school-audit/1",
          "totals": {"max": t["max"], "self": t["self"], "proposed": t["estimate"], "self_grade": t["self_grade"],
                     "proposed_grade": "Khá", "discrepancies": t["discrepancies"]}}
    for c in v1["criteria"]:
        c.pop("review", None)
    assert schema_errors(v1) == []            # validated against the published /1
    upgraded = upgrade(v1)
    assert upgraded["schema"] == "school-audit/2" and schema_errors(upgraded) == []
    assert upgraded["totals"] == t            # the same totals as a fresh /2 result
