"""Starting audits from the desk (Flask test client): the form offers only the user's schools and districts, a
school or audit of another district is 404 (never saying which), bad input shows the form again with 400 and
creates nothing, the form's uploads may exceed the app's small request limit (only there), a finished audit goes
to its school's page, and "Kiểm tra lại" runs the school again and shows what changed."""
from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from audit.pipeline import audit_inline
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store
from tests.test_jobs import sheet_bytes
from tests.test_review_app import BATCH, DI_AN, PASSWORD, RUBRIC, YEAR, copy_site, login, token

PDF = b"%PDF-1.4\n% a test file, never read here\n"


class Desk:
    """A desk over a private copy of the review site; started audits are recorded (or run here when `run`)."""

    def __init__(self, settings: Any, ids: dict[str, str], run: bool = False) -> None:
        self.settings, self.ids, self.run = settings, ids, run
        self.refuse: str | None = None   # the dispatcher fails with this reason (no broker answering)
        self.store = Store(settings)
        self.started: list[tuple[str, str, str]] = []
        self.app = create_app(settings, self.store, self.dispatch)

    def dispatch(self, audit_id: str, school_id: str, year: str) -> None:
        if self.refuse:
            raise ConnectionError(self.refuse)
        self.started.append((audit_id, school_id, year))
        if self.run:
            audit_inline(self.store, self.settings, school_id, year, audit_id)

    def client(self, username: str) -> FlaskClient:
        client = self.app.test_client()
        assert login(client, username).status_code == 302
        return client


@pytest.fixture
def desk(sim: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Desk]:
    _, manifest, _ = sim
    settings, ids = copy_site(tmp_path_factory.getbasetemp(), tmp_path / "site", manifest)
    d = Desk(replace(settings, upload_max_files=5), ids)
    yield d
    d.store.close()


def start(client: FlaskClient, fields: dict[str, str], sheet: tuple[bytes, str] | None = None,
          evidence: list[tuple[bytes, str]] | None = None) -> TestResponse:
    """Post the form with these fields and files (empty file inputs when none)."""
    page = client.get("/audits/new")
    data: dict[str, Any] = {"csrf_token": token(page.text), "year": YEAR, **fields}
    data["self_scores"] = (io.BytesIO(sheet[0]), sheet[1]) if sheet else (io.BytesIO(b""), "")
    data["evidence"] = [(io.BytesIO(b), n) for b, n in evidence or []] or [(io.BytesIO(b""), "")]
    return client.post("/audits/new", data=data, content_type="multipart/form-data")


def counts(store: Store) -> tuple[int, int]:
    """(batches, schools) in the store."""
    return len(store.batches()), len(store.schools())


def options(html: str, select: str) -> list[str]:
    """The option values of a select."""
    found = re.search(rf'<select id="{select}".*?</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', found.group(0)) if found else []


def test_the_form_offers_the_users_schools_and_districts(desk: Desk) -> None:
    ids = desk.ids
    index = desk.client("di-an").get("/")
    assert 'href="/audits/new">Kiểm tra một trường</a>' in index.text
    page = desk.client("di-an").get("/audits/new")
    assert page.status_code == 200 and "Bắt đầu kiểm tra" in page.text and 'enctype="multipart/form-data"' in page.text
    assert sorted(options(page.text, "school_id")) == sorted(["", ids["a"], ids["b"]])
    assert options(page.text, "district") == [DI_AN]
    assert RUBRIC in options(page.text, "rubric") and 'name="evidence" type="file" multiple' in page.text
    admin = desk.client("quan-tri").get("/audits/new")
    assert sorted(options(admin.text, "school_id")) == sorted(["", *ids.values()])
    assert '<input id="district" name="district" type="text"' in admin.text


def test_a_reviewer_starts_an_audit_and_sees_its_progress(desk: Desk) -> None:
    client = desk.client("di-an")
    school = desk.ids["a"]
    answer = start(client, {"school_id": school}, (sheet_bytes(), "tự chấm.csv"),
                   [(PDF, f"ke-hoach-{i}.pdf") for i in range(3)])
    assert answer.status_code == 303, answer.text
    audit_id = answer.headers["Location"].rsplit("/", 1)[-1]
    assert desk.started == [(audit_id, school, YEAR)]
    audit = desk.store.audit(audit_id)
    assert audit is not None and audit["kind"] == "desk" and audit["created_by"] == "di-an"
    assert sorted(u["role"] for u in audit["uploads"]) == ["evidence"] * 3 + ["self_scores"]
    page = client.get(f"/audits/{audit_id}")
    assert page.status_code == 200 and '<meta http-equiv="refresh" content="2">' in page.text
    for element in ("progress-status", "progress-pages", "progress-posts", "progress-documents", "progress-section"):
        assert f'id="{element}"' in page.text
    for label in ("Trang đã đọc", "Tin bài tìm thấy", "Minh chứng đã đọc", "Đang chờ", "ke-hoach-2.pdf", "tự chấm.csv"):
        assert label in page.text

    run_id = desk.store.start_run(school, YEAR, audit_id, batch_id=audit_id)
    desk.store.set_progress(run_id, {"stage": "crawl", "pages": 17, "posts": 5, "section": "Tin tức"})
    page = client.get(f"/audits/{audit_id}")
    assert re.search(r'id="progress-pages">17<', page.text) and "Tin tức" in page.text and "Đang chạy" in page.text
    desk.store.finish_run(run_id, "done")
    done = client.get(f"/audits/{audit_id}")
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/batch/{audit_id}/school/{school}")


def test_a_new_portal_is_registered_in_the_reviewers_district(desk: Desk) -> None:
    answer = start(desk.client("di-an"), {"url": "http://127.0.0.1:9/", "name": "Trường THCS Mới",
                                          "district": DI_AN, "rubric": RUBRIC})
    assert answer.status_code == 303
    school = desk.store.school(desk.started[0][1])
    assert school["district"] == DI_AN and school["name"] == "Trường THCS Mới" and school["rubric"] == RUBRIC


def test_another_districts_school_or_audit_is_not_found(desk: Desk) -> None:
    ids, before = desk.ids, counts(desk.store)
    di_an = desk.client("di-an")
    for fields in ({"school_id": ids["c"]}, {"school_id": "khong-co-truong-nay"},
                   {"url": desk.store.school(ids["c"])["url"], "district": DI_AN, "rubric": RUBRIC}):
        answer = start(di_an, fields, (sheet_bytes(), "tu-cham.csv"))
        assert answer.status_code == 404 and "Không tìm thấy trang này." in answer.text
        assert ids["c"] not in answer.text
    assert counts(desk.store) == before and desk.started == []

    answer = start(desk.client("tdm"), {"school_id": ids["c"]})
    audit_id = answer.headers["Location"].rsplit("/", 1)[-1]
    assert di_an.get(f"/audits/{audit_id}").status_code == 404
    assert di_an.get("/audits/khong-co").status_code == 404
    assert desk.client("quan-tri").get(f"/audits/{audit_id}").status_code == 200
    shown = di_an.get(f"/batch/{BATCH}/school/{ids['a']}")
    again = di_an.post(f"/schools/{ids['c']}/again?year={YEAR}", data={"csrf_token": token(shown.text)})
    assert again.status_code == 404 and len(desk.started) == 1


@pytest.mark.parametrize("fields, sheet, evidence, message", [
    ({"year": "2021"}, None, [], "năm học"),
    ({}, (b"khong,phai\nbang,tu cham\n", "tu-cham.csv"), [], "tu-cham.csv"),
    ({}, (PDF, "bang.pdf"), [], ".xlsx, .docx hoặc .csv"),
    ({}, None, [(PDF, f"{i}.pdf") for i in range(6)], "quá nhiều tệp"),
    ({}, None, [(b"", "rong.pdf")], "tệp rỗng"),
])
def test_bad_input_shows_the_form_again_and_creates_nothing(desk: Desk, fields: dict[str, str],
                                                            sheet: tuple[bytes, str] | None,
                                                            evidence: list[tuple[bytes, str]],
                                                            message: str) -> None:
    before = counts(desk.store)
    answer = start(desk.client("di-an"), {"school_id": desk.ids["a"], **fields}, sheet, evidence)
    assert answer.status_code == 400 and message in answer.text and "Chưa bắt đầu được" in answer.text
    assert f'<option value="{desk.ids["a"]}" selected>' in answer.text   # what was chosen is kept
    assert counts(desk.store) == before and desk.started == []


@pytest.mark.parametrize("fields, message", [
    ({"url": "http://127.0.0.1:9/", "district": "Thủ Dầu Một", "rubric": RUBRIC}, "quận/huyện mình phụ trách"),
    ({"url": "http://127.0.0.1:9/", "district": DI_AN}, "bộ tiêu chí"),
    ({"url": "http://", "district": DI_AN, "rubric": RUBRIC}, "không hợp lệ"),
    ({}, "hãy chọn một trường"),
])
def test_a_bad_new_portal_is_not_registered(desk: Desk, fields: dict[str, str], message: str) -> None:
    before = counts(desk.store)
    answer = start(desk.client("di-an"), fields, (b"khong,phai\nbang\n", "tu-cham.csv"))
    assert answer.status_code == 400 and message in answer.text
    assert counts(desk.store) == before and desk.started == []


def test_a_bad_sheet_for_a_new_portal_registers_nothing(desk: Desk) -> None:
    before = counts(desk.store)
    answer = start(desk.client("di-an"), {"url": "http://127.0.0.1:9/", "district": DI_AN, "rubric": RUBRIC},
                   (b"khong,phai\nbang,tu cham\n", "tu-cham.csv"))
    assert answer.status_code == 400 and "tu-cham.csv" in answer.text and str(desk.settings.data_dir) not in answer.text
    assert counts(desk.store) == before


def test_only_the_form_takes_large_uploads(desk: Desk) -> None:
    client = desk.client("di-an")
    big = b"%PDF-1.4\n" + b"0" * (600 * 1024)   # beyond the app's 256 KB, within the uploads' limit
    assert start(client, {"school_id": desk.ids["a"]}, None, [(big, "lon.pdf")]).status_code == 303
    page = client.get(f"/batch/{BATCH}/school/{desk.ids['a']}")
    elsewhere = client.post(f"/batch/{BATCH}/school/{desk.ids['a']}/decide",
                            data={"csrf_token": token(page.text), "note": "x" * (300 * 1024)})
    assert elsewhere.status_code == 413
    small = Desk(replace(desk.settings, upload_max_total=512 * 1024), desk.ids)
    try:
        too_big = b"0" * (2 * 1024 * 1024)
        answer = start(small.client("di-an"), {"school_id": desk.ids["a"]}, None, [(too_big, "qua-lon.pdf")])
        assert answer.status_code == 413 and "Dữ liệu gửi lên quá lớn." in answer.text and small.started == []
    finally:
        small.store.close()


def test_again_runs_the_school_and_shows_the_changes(desk: Desk) -> None:
    desk.run = True
    school = desk.ids["a"]
    client = desk.client("di-an")
    page = client.get(f"/batch/{BATCH}/school/{school}")
    shown = re.search(r'action="(/schools/[^"]+/again\?year=[^"]+)".*?name="run_id" value="(\d+)"', page.text, re.S)
    assert shown and ">Kiểm tra lại</button>" in page.text and "Thay đổi so với lần kiểm tra trước" not in page.text
    answer = client.post(shown.group(1).replace("&amp;", "&"),
                         data={"csrf_token": token(page.text), "run_id": shown.group(2)})
    assert answer.status_code == 303
    audit_id = answer.headers["Location"].rsplit("/", 1)[-1]
    audit = desk.store.audit(audit_id)
    assert audit is not None and audit["status"] == "done" and audit["previous_run_id"] == int(shown.group(2))
    assert audit["self_scores"] == desk.store.school(school)["self_scores"]   # the registry's sheet again
    result = client.get(f"/audits/{audit_id}")
    assert result.status_code == 303 and result.headers["Location"].endswith(f"/batch/{audit_id}/school/{school}")
    page = client.get(f"/batch/{audit_id}/school/{school}")
    assert "Thay đổi so với lần kiểm tra trước" in page.text and 'id="changes-posts"' in page.text
    assert desk.client("tdm").get(f"/batch/{audit_id}/school/{school}").status_code == 404
    latest = client.get(f"/batch/moi-nhat-{YEAR}/school/{school}")
    assert "Thay đổi so với lần kiểm tra trước" in latest.text


def test_a_school_account_audits_only_its_own_school(desk: Desk) -> None:
    ids = desk.ids
    desk.store.add_user("truong-a", hash_password(PASSWORD), "school", [], school_id=ids["a"])
    own = desk.client("truong-a")
    page = own.get("/audits/new")
    assert page.status_code == 200 and 'name="school_id"' not in page.text and 'name="url"' not in page.text
    assert 'name="district"' not in page.text and desk.store.school(ids["a"])["name"] in page.text
    answer = start(own, {"school_id": ids["c"], "url": "http://127.0.0.1:9/", "district": "Thủ Dầu Một"})
    assert answer.status_code == 303 and desk.started[-1][1] == ids["a"]   # always its own school
    audit_id = answer.headers["Location"].rsplit("/", 1)[-1]
    audit = desk.store.audit(audit_id)
    assert audit is not None and audit["kind"] == "self"
    assert own.get(f"/audits/{audit_id}").status_code == 200
    assert desk.client("di-an").get(f"/audits/{audit_id}").status_code == 404   # its own check, not submitted
    other = start(desk.client("tdm"), {"school_id": ids["c"]}).headers["Location"].rsplit("/", 1)[-1]
    assert own.get(f"/audits/{other}").status_code == 404
    page = own.get("/audits/new")
    assert own.post(f"/schools/{ids['c']}/again?year={YEAR}",
                    data={"csrf_token": token(page.text)}).status_code == 404


def test_an_audit_that_could_not_be_sent_says_why(desk: Desk) -> None:
    desk.refuse = "không kết nối được Redis"
    client = desk.client("di-an")
    answer = start(client, {"school_id": desk.ids["a"]})
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200 and "Không chạy được" in page.text and "không kết nối được Redis" in page.text
    assert 'http-equiv="refresh"' not in page.text
