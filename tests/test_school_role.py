"""School accounts on the desk: a school sees only its own school, never decides, keeps its own checks to itself
until it submits one; a submission is frozen, seen by its district's reviewers only, and submitted once.

The site of tests/test_review_app.py (schools a and b of Dĩ An, c and down of Thủ Dầu Một, audited by the real
pipeline) with school accounts of a and c; a school's own check is made here from its registry result."""
from __future__ import annotations

import hashlib
import io
import re
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest

from audit.cli import main
from audit.config import Settings, load_settings
from audit.pipeline import score_step
from audit.review.passwords import hash_password
from audit.store import Store
from audit.review import access
from audit.store.submissions import FrozenRun
from audit.store.types import utcnow
from tests.test_review_app import BATCH, PASSWORD, YEAR, Site, copy_site, token

OWN_PDF = b"%PDF-1.4\n% ke hoach rieng cua truong\n%%EOF\n"
MARK = "Lý do của bản tự kiểm tra"


@pytest.fixture
def desk(sim: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Site]:
    """A desk over a private copy of the reviewers' site."""
    _, manifest, _ = sim
    settings, ids = copy_site(tmp_path_factory.getbasetemp(), tmp_path / "site", manifest)
    made = Site(settings, ids)
    yield made
    made.store.close()


def _accounts(site: Site) -> None:
    site.store.add_user("truong-a", hash_password(PASSWORD), "school", [], site.ids["a"])
    site.store.add_user("truong-c", hash_password(PASSWORD), "school", [], site.ids["c"])


def self_check(site: Site, school_id: str, audit_id: str, folder: Path, status: str = "done") -> int:
    """A school's own check (a batch of kind "self" and its audit) with a finished result and one evidence file
    of its own; its run id."""
    store = site.store
    store.create_batch(audit_id, YEAR, [school_id], new=True, kind="self")
    store.create_audit(audit_id, {"school_id": school_id, "year": YEAR, "kind": "self", "created_by": "truong-a",
                                  "self_scores": None, "evidence": str(folder), "previous_run_id": None,
                                  "uploads": [{"name": "tu-cham.csv", "sha256": "cd" * 32, "size": 12,
                                               "role": "self_scores"},
                                              {"name": "ke-hoach.pdf", "sha256": hashlib.sha256(OWN_PDF).hexdigest(),
                                               "size": len(OWN_PDF), "role": "evidence"}]})
    run_id = store.start_run(school_id, YEAR, audit_id, batch_id=audit_id)
    result = store.last_result(school_id, YEAR)
    assert result is not None
    result["criteria"][0]["reason"] = f"{MARK} {audit_id}"
    store.save_result(run_id, result)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ke-hoach.pdf").write_bytes(OWN_PDF)
    doc = {"file": str(folder / "ke-hoach.pdf"), "sha256": hashlib.sha256(OWN_PDF).hexdigest(), "status": "parsed",
           "flags": []}
    store.save_documents(run_id, [doc])
    assert store.keep_document_files([doc]) == 1
    if status != "running":
        store.finish_run(run_id, status)
    return run_id


def _submit(client: Any, audit_id: str, school_id: str) -> Any:
    page = client.get(f"/batch/{audit_id}/school/{school_id}")
    return client.post(f"/batch/{audit_id}/school/{school_id}/submit", data={"csrf_token": token(page.text)})


def _own_document(client: Any) -> int:
    return int(client.get(f"/document/{hashlib.sha256(OWN_PDF).hexdigest()}/ke-hoach.pdf").status_code)


def test_a_school_account_sees_only_its_own_school(desk: Site) -> None:
    site = desk
    _accounts(site)
    a, b, c = site.ids["a"], site.ids["b"], site.ids["c"]
    client = site.client("truong-a")
    index = client.get("/")
    assert index.status_code == 200 and BATCH in index.text and "truong-a · Trường" in index.text
    row = re.search(rf"{re.escape(BATCH)}</a>.*?</tr>", index.text, re.S)
    assert row and re.findall(r'class="n">(\d+)', row.group(0))[:2] == ["1", "1"]   # its school only
    batch = client.get(f"/batch/{BATCH}")
    assert batch.status_code == 200 and f"/school/{a}" in batch.text
    assert b not in batch.text and c not in batch.text
    assert client.get(f"/batch/moi-nhat-{YEAR}").text.count("/school/") == 1
    page = client.get(f"/batch/{BATCH}/school/{a}")
    assert page.status_code == 200 and "Điểm cuối cùng" in page.text and "Minh chứng:" in page.text
    for hidden in ("Lưu quyết định", "Lịch sử quyết định", "Cho điểm khác", "/decide", "Nộp kết quả"):
        assert hidden not in page.text
    for other in (b, c):
        assert client.get(f"/batch/{BATCH}/school/{other}").status_code == 404
        assert client.get(f"/batch/moi-nhat-{YEAR}/school/{other}").status_code == 404
    runs = {r["school"]["id"]: r["run_id"] for r in site.store.batch_results(BATCH)}
    mine = {p["sha256"] for p in site.store.pages(runs[a])}
    theirs = next(p["sha256"] for p in site.store.pages(runs[c]) if p["sha256"] not in mine)
    assert client.get(f"/snapshot/{sorted(mine)[0]}").status_code == 200
    assert client.get(f"/snapshot/{theirs}").status_code == 404
    exported = client.get(f"/batch/{BATCH}/export.csv").data
    assert a.encode() in exported and b.encode() not in exported and c.encode() not in exported
    assert site.client("truong-c").get(f"/batch/{BATCH}/school/{a}").status_code == 404


def test_a_school_account_cannot_decide(desk: Site) -> None:
    site = desk
    _accounts(site)
    a = site.ids["a"]
    client = site.client("truong-a")
    page = client.get(f"/batch/{BATCH}/school/{a}")
    posted = client.post(f"/batch/{BATCH}/school/{a}/decide",
                         data={"csrf_token": token(page.text), "criterion_id": "3.1", "action": "set", "score": "1"})
    assert posted.status_code == 403 and site.store.decisions(a, YEAR) == []
    site.store.add_decision(a, YEAR, "3.1", "set", 0.5, "ghi chú nội bộ của phòng", "di-an", "Dĩ An")
    page = client.get(f"/batch/{BATCH}/school/{a}")
    assert "ghi chú nội bộ của phòng" not in page.text and "di-an" not in page.text


def test_self_checks_are_private_until_submitted_then_seen_by_their_district(desk: Site, tmp_path: Path) -> None:
    site = desk
    _accounts(site)
    a = site.ids["a"]
    audit_id = "tu-kiem-2021-2022-1"
    before = utcnow()
    run_id = self_check(site, a, audit_id, tmp_path / "own")
    assert a in site.store.stale_schools(YEAR, before)    # a private check does not put off the nightly audit
    school = site.client("truong-a")
    reviewer, other, admin = site.client("di-an"), site.client("tdm"), site.client("quan-tri")
    index = school.get("/").text
    assert audit_id in index and "Chưa nộp" in index
    page = school.get(f"/batch/{audit_id}/school/{a}")
    assert page.status_code == 200 and "Nộp kết quả" in page.text and MARK in page.text
    assert _own_document(school) == 200
    for client in (reviewer, other, admin):
        assert audit_id not in client.get("/").text
        assert client.get(f"/batch/{audit_id}").status_code == 404
        assert client.get(f"/batch/{audit_id}/school/{a}").status_code == 404
        assert client.get(f"/batch/{audit_id}/export.csv").status_code == 404
        assert _own_document(client) == 404
        assert MARK not in client.get(f"/batch/moi-nhat-{YEAR}/school/{a}").text   # not the newest result
    assert site.client("truong-c").get(f"/batch/{audit_id}/school/{a}").status_code == 404
    assert _submit(site.client("truong-c"), audit_id, a).status_code == 404
    assert reviewer.post(f"/batch/{audit_id}/school/{a}/submit",
                         data={"csrf_token": token(reviewer.get("/").text)}).status_code == 403

    sent = _submit(school, audit_id, a)
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/batch/{audit_id}/school/{a}")
    submission = site.store.submission(audit_id, with_data=True)
    assert submission is not None and submission["run_id"] == run_id and submission["district"] == "Dĩ An"
    assert submission["submitted_by"] == "truong-a" and a not in site.store.stale_schools(YEAR, before)
    data = submission["data"]
    assert data["result"]["criteria"][0]["reason"].startswith(MARK)
    assert [u["name"] for u in data["uploads"]] == ["tu-cham.csv", "ke-hoach.pdf"]
    assert data["sheet"]["sha256"] == "cd" * 32 and set(data["sheet"]["scores"]) == \
        {c["id"] for c in data["result"]["criteria"]}
    after = school.get(f"/batch/{audit_id}/school/{a}").text
    assert "Đã nộp kết quả lúc" in after and "Bài nộp của trường" in after and "Nộp kết quả</button>" not in after

    listed = reviewer.get("/").text
    assert "Bài nộp của" in listed and f"/batch/{audit_id}" in listed
    assert reviewer.get(f"/batch/{audit_id}").status_code == 200
    seen = reviewer.get(f"/batch/{audit_id}/school/{a}")
    assert seen.status_code == 200 and MARK in seen.text and "Bài nộp của trường" in seen.text
    assert "Lưu quyết định" in seen.text and _own_document(reviewer) == 200
    assert MARK in reviewer.get(f"/batch/moi-nhat-{YEAR}/school/{a}").text   # now the school's newest result
    assert admin.get(f"/batch/{audit_id}").status_code == 200
    for client in (other, site.client("ben-cat")):
        assert audit_id not in client.get("/").text and "Bài nộp của" not in client.get("/").text
        assert client.get(f"/batch/{audit_id}/school/{a}").status_code == 404 and _own_document(client) == 404


def test_a_submission_is_frozen_and_submitted_once(desk: Site, tmp_path: Path) -> None:
    site = desk
    _accounts(site)
    a = site.ids["a"]
    school = site.client("truong-a")
    unfinished = "tu-kiem-2021-2022-chay"
    self_check(site, a, unfinished, tmp_path / "running", status="running")
    refused = _submit(school, unfinished, a)
    assert refused.status_code == 409 and "chưa chạy xong" in refused.text
    assert site.store.submission(unfinished) is None

    audit_id = "tu-kiem-2021-2022-2"
    run_id = self_check(site, a, audit_id, tmp_path / "own")
    assert _submit(school, audit_id, a).status_code == 303
    again = _submit(school, audit_id, a)
    assert again.status_code == 409 and "đã được nộp" in again.text
    assert len(site.store.submissions(a, YEAR)) == 1
    before = site.store.last_result(a, YEAR)
    assert score_step(site.store, site.settings, a, YEAR, audit_id) == {"run_id": run_id, "frozen": True}
    with pytest.raises(FrozenRun):
        site.store.save_result(run_id, {"criteria": []})
    with pytest.raises(FrozenRun):
        site.store.finish_run(run_id, "failed")
    assert site.store.last_result(a, YEAR) == before and site.store.run_status(run_id) == "done"

    newer = "tu-kiem-2021-2022-3"
    self_check(site, a, newer, tmp_path / "newer")
    assert _submit(school, newer, a).status_code == 303
    assert [s["audit_id"] for s in site.store.submissions(a, YEAR)] == [newer, audit_id]
    latest = site.store.latest_results(YEAR, a)[0]
    assert latest["result"]["criteria"][0]["reason"] == f"{MARK} {newer}"


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command line's environment: a private store with one registered school."""
    monkeypatch.setenv("AUDIT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("AUDIT_DATABASE_URL", f"sqlite:///{(tmp_path / 'audit.sqlite3').as_posix()}")
    settings = load_settings()
    with Store(settings) as store:
        store.upsert_school("thcs-a", "THCS A", "http://a.edu.vn/", "tdm-2021-2022-school", "Dĩ An")
    return settings


def _users(monkeypatch: pytest.MonkeyPatch, stdin: str, *args: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["users", *args])


def test_the_command_line_adds_a_school_account(env: Settings, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert _users(monkeypatch, PASSWORD + "\n", "add", "thcs-a", "--role", "school", "--school", "thcs-a",
                  "--password-stdin") == 0
    assert "Đã tạo tài khoản thcs-a (trường: trường thcs-a — THCS A, Dĩ An)" in capsys.readouterr().out
    with Store(env) as store:
        user = store.user("thcs-a")
        assert user is not None and (user["role"], user["school_id"], user["districts"]) == ("school", "thcs-a", [])
    assert _users(monkeypatch, "", "list") == 0
    assert capsys.readouterr().out.split("\t")[:4] == ["thcs-a", "school", "trường thcs-a — THCS A, Dĩ An",
                                                       "hoạt động"]
    for args, message in ((("--school", "khong-co"), "không có trường 'khong-co'"),
                          ((), "cần --school"),
                          (("--school", "thcs-a", "--district", "Dĩ An"), "không nhận --district")):
        assert _users(monkeypatch, PASSWORD + "\n", "add", "moi", "--role", "school", *args, "--password-stdin") == 2
        err = capsys.readouterr().err
        assert message in err and len(err.strip().splitlines()) == 1
    assert _users(monkeypatch, PASSWORD + "\n", "add", "moi", "--role", "reviewer", "--district", "Dĩ An",
                  "--school", "thcs-a", "--password-stdin") == 2
    assert "chỉ tài khoản trường" in capsys.readouterr().err
    with Store(env) as store:
        assert store.user("moi") is None
        with pytest.raises(KeyError):
            store.add_user("x", "h", "school", [], "khong-co")
        with pytest.raises(ValueError):
            store.add_user("y", "h", "school", [])


def test_one_rule_decides_what_each_account_sees() -> None:
    school = {"active": True, "role": "school", "school_id": "a", "districts": []}
    reviewer = {"active": True, "role": "reviewer", "districts": ["Dĩ An"]}
    admin = {"active": True, "role": "admin", "districts": []}
    assert access.can_see_row(school, "a", "Bến Cát") and access.can_see_row(school, "a", None, "self")
    assert not access.can_see_row(school, "b", "Dĩ An") and not access.can_see_row(school, None, None)
    assert not access.can_see_row({**school, "active": False}, "a", "Dĩ An")
    assert not access.can_see_row({**school, "school_id": None}, None, "Dĩ An")
    assert access.can_see_row(reviewer, "b", "Dĩ An") and access.can_see_row(reviewer, "b", "Dĩ An", "submitted")
    assert not access.can_see_row(reviewer, "b", "Dĩ An", "self") and not access.can_see_row(admin, "b", None, "self")
    assert access.can_see_row(admin, "b", None, "registry") and not access.can_see(school, "Dĩ An")
    assert not access.can_decide(school) and access.can_decide(reviewer) and access.can_decide(admin)
    assert access.can_see_kind(school, "self") and not access.can_see_kind(reviewer, "self")
    readers = [{"school_id": "a", "district": "Dĩ An", "kind": "self"}]
    assert access.any_readable(school, readers) and not access.any_readable(reviewer, readers)
    assert access.any_readable(reviewer, [*readers, {"school_id": "a", "district": "Dĩ An", "kind": "registry"}])
