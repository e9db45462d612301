"""The API of the README on a real port with no broker: a token from `audit users token`, an audit started with
a sheet and PDFs, polled until done, its result valid; 401 without a good token, 404 for another district."""
from __future__ import annotations

import hashlib
import io
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
import requests
from sqlalchemy import text
from werkzeug.serving import make_server

from audit.cli import main
from audit.config import Settings
from audit.jobs import ThreadDispatcher
from audit.result import schema_errors
from audit.review import create_app
from audit.store import Store
from audit.store.tokens import new_token, token_hash
from tests.test_jobs import RUBRIC, YEAR, desk_settings, pdfs, sheet_bytes

PASSWORD = "mat-khau-cua-api-1"


class Api:
    """The desk served on 127.0.0.1 (a free port) in a thread, and the command line over the same store."""

    def __init__(self, settings: Settings, store: Store, base: str, monkeypatch: pytest.MonkeyPatch,
                 capsys: pytest.CaptureFixture[str]) -> None:
        self.settings, self.store, self.base = settings, store, base
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def cli(self, *args: str, stdin: str = "") -> tuple[int, str]:
        """Run `audit ARGS` (exit code, stdout)."""
        self.capsys.readouterr()
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        return code, self.capsys.readouterr().out

    def account(self, name: str, district: str) -> str:
        """A reviewer of one district and a new token of theirs (as the README makes them)."""
        assert self.cli("users", "add", name, "--role", "reviewer", "--district", district, "--password-stdin",
                        stdin=PASSWORD + "\n")[0] == 0
        code, out = self.cli("users", "token", name)
        assert code == 0
        return out.strip()

    def get(self, path: str, token: str | None) -> requests.Response:
        """GET with the token (none: no Authorization header)."""
        return requests.get(self.base + path, headers=auth(token), timeout=30)

    def post(self, token: str | None, fields: dict[str, str], files: list[tuple[str, tuple[str, bytes]]]
             ) -> requests.Response:
        """POST /api/audits as multipart (curl -F)."""
        return requests.post(self.base + "/api/audits", headers=auth(token), data=fields, files=files, timeout=60)


def auth(token: str | None) -> dict[str, str]:
    """The bearer header of a token."""
    return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
def api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Api]:
    settings = desk_settings(tmp_path)
    monkeypatch.setenv("AUDIT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("AUDIT_DATABASE_URL", settings.database_url)
    store = Store(settings)
    dispatch = ThreadDispatcher(store, settings)
    httpd = make_server("127.0.0.1", 0, create_app(settings, store, dispatch), threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Api(settings, store, f"http://127.0.0.1:{httpd.server_port}", monkeypatch, capsys)
    finally:
        httpd.shutdown()
        thread.join(timeout=10)
        dispatch.close()
        store.close()


def poll(api: Api, audit_id: str, token: str, timeout: float = 240) -> dict[str, Any]:
    """GET /api/audits/<id> until it is done or failed (the README's loop); every answer well-formed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = api.get(f"/api/audits/{audit_id}", token)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
        body = answer.json()
        assert body["id"] == audit_id and body["status"] in ("queued", "running", "done", "failed")
        assert isinstance(body["progress"], dict)
        if body["status"] in ("done", "failed"):
            return dict(body)
        time.sleep(0.5)
    raise AssertionError(f"audit {audit_id} not finished after {timeout} s")


def portal(sim: Any) -> str:
    """The URL of a simulated school that crawls cleanly."""
    _, manifest, crawled = sim
    return str(next(manifest[p]["url"] for p in manifest if not crawled[p].failed and not manifest[p]["faults"]))


def test_the_readme_sequence_start_poll_result(sim: Any, api: Api, tmp_path: Path) -> None:
    token = api.account("api-di-an", "Dĩ An")
    other = api.account("api-thuan-an", "Thuận An")
    files = [("self_scores", ("tu-cham.csv", sheet_bytes()))]
    files += [("evidence", (u.name, u.data)) for u in pdfs(tmp_path / "pdf", n=2)]
    fields = {"url": portal(sim), "name": "THCS thử API", "district": "Dĩ An", "rubric": RUBRIC, "year": YEAR}

    started = api.post(token, fields, files)
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["status"] == "queued" and body["id"].startswith("api-")
    assert started.headers["Location"].endswith(f"/api/audits/{body['id']}")
    assert (api.store.audit(body["id"]) or {}).get("kind") == "api"

    done = poll(api, body["id"], token)
    assert done["status"] == "done", done.get("error")
    result = done["result"]
    assert schema_errors(result) == []
    assert len(result["evidence"]) == 2 and any(c["self"] is not None for c in result["criteria"])
    assert done["progress"]["pages"] > 1 and done["school"] == body["school"] and done["year"] == YEAR

    # another district's token: the audit and the school do not exist for it
    assert api.get(f"/api/audits/{body['id']}", other).status_code == 404
    again = api.post(other, {"school_id": body["school"], "year": YEAR}, [])
    assert again.status_code == 404 and again.json()["error"]
    # no token, a wrong one, a revoked one
    assert api.get(f"/api/audits/{body['id']}", None).status_code == 401
    assert api.get(f"/api/audits/{body['id']}", "sa_khong-phai-token").status_code == 401
    code, out = api.cli("users", "revoke-tokens", "api-di-an")
    assert code == 0 and "1 token" in out
    refused = api.get(f"/api/audits/{body['id']}", token)
    assert refused.status_code == 401 and refused.json()["error"].startswith("cần token API")
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_bad_input_and_scoping_answer_json(api: Api) -> None:
    token = api.account("api-di-an", "Dĩ An")
    base = {"url": "http://127.0.0.1:9/", "district": "Dĩ An", "rubric": RUBRIC}
    bad_year = api.post(token, {**base, "year": "2021-2023"}, [])
    assert bad_year.status_code == 400
    assert bad_year.json() == {"error": "năm học: năm học '2021-2023' không hợp lệ (dạng 2021-2022)"}
    assert "năm học" in bad_year.text   # readable UTF-8, not \u escapes
    assert api.store.school_districts() == {}   # nothing registered for a refused request
    no_year = api.post(token, base, [])
    assert no_year.status_code == 400 and "thiếu năm học" in no_year.json()["error"]
    bad_sheet = api.post(token, {**base, "year": YEAR}, [("self_scores", ("bang.pdf", b"%PDF-1.4"))])
    assert bad_sheet.status_code == 400 and ".xlsx, .docx hoặc .csv" in bad_sheet.json()["error"]
    elsewhere = api.post(token, {**base, "district": "Thuận An", "year": YEAR}, [])
    assert elsewhere.status_code == 403 and "Thuận An" in elsewhere.json()["error"]
    assert api.post(token, {"school_id": "khong-co", "year": YEAR}, []).status_code == 404
    unknown = api.get("/api/audits/api-khong-co", token)
    assert unknown.status_code == 404 and unknown.headers["Content-Type"] == "application/json"
    assert api.get("/api/khong-co", token).json()["error"]
    assert requests.delete(api.base + "/api/audits", timeout=30).status_code == 405
    # no token: 401 in JSON, never the login page; a disabled account's token is refused too
    anonymous = requests.post(api.base + "/api/audits", data={"year": YEAR}, allow_redirects=False, timeout=30)
    assert anonymous.status_code == 401 and anonymous.json()["error"]
    assert api.cli("users", "disable", "api-di-an")[0] == 0
    assert api.post(token, {**base, "year": YEAR}, []).status_code == 401


def test_uploads_may_be_larger_than_a_form_but_not_than_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    settings = desk_settings(tmp_path, upload_max_total=3 * 1024 * 1024)
    with Store(settings) as store:
        store.add_user("an", "h", "reviewer", ["Dĩ An"])
        token = new_token()
        store.add_token("an", token_hash(token))
        client = create_app(settings, store, dispatch=lambda *_: None).test_client()
        big = {"year": "sai", "evidence": (io.BytesIO(b"x" * 600_000), "a.pdf")}
        answer = client.post("/api/audits", data=big, headers=auth(token))
        assert answer.status_code == 400 and "năm học" in (answer.json or {})["error"]   # past the pages' 256 KB
        huge = {"year": YEAR, "evidence": (io.BytesIO(b"x" * (5 * 1024 * 1024)), "a.pdf")}
        answer = client.post("/api/audits", data=huge, headers=auth(token))
        assert answer.status_code == 413 and "tối đa 3 MB" in (answer.json or {})["error"]
        page = client.post("/login", data={"x": "y" * 300_000})
        assert page.status_code == 413 and "text/html" in page.headers["Content-Type"]


def test_a_token_is_printed_once_and_only_its_hash_is_kept(api: Api) -> None:
    token = api.account("api-di-an", "Dĩ An")
    assert token.startswith("sa_") and len(token) > 40 and "\n" not in token
    with api.store.engine.connect() as conn:
        rows = conn.execute(text("SELECT username, token_hash, revoked_at FROM api_tokens")).all()
    assert rows == [("api-di-an", hashlib.sha256(token.encode()).hexdigest(), None)]
    database = Path(api.settings.database_url.removeprefix("sqlite:///"))
    assert token.encode() not in database.read_bytes()
    second = api.cli("users", "token", "api-di-an")[1].strip()
    assert second != token
    code, out = api.cli("users", "list")
    assert code == 0 and out.split("\n")[0].split("\t")[-1] == "2 token"
    code, out = api.cli("users", "revoke-tokens", "api-di-an")
    assert code == 0 and "Đã thu hồi 2 token" in out
    assert api.cli("users", "list")[1].split("\n")[0].split("\t")[-1] == "0 token"


def test_a_school_account_audits_only_its_own_school_and_its_checks_stay_its_own(tmp_path: Path) -> None:
    settings = desk_settings(tmp_path)
    with Store(settings) as store:
        for sid in ("thcs-a", "thcs-b"):
            store.upsert_school(sid, sid.upper(), f"http://{sid}.example.vn/", RUBRIC, "Dĩ An")
        store.add_user("truong-a", "h", "school", [], "thcs-a")
        store.add_user("an", "h", "reviewer", ["Dĩ An"])
        school, reviewer = new_token(), new_token()
        store.add_token("truong-a", token_hash(school))
        store.add_token("an", token_hash(reviewer))
        client = create_app(settings, store, dispatch=lambda *_: None).test_client()

        own = client.post("/api/audits", data={"year": YEAR}, headers=auth(school))
        assert own.status_code == 202 and (own.json or {})["school"] == "thcs-a"
        own_id = (own.json or {})["id"]
        assert (store.audit(own_id) or {}).get("kind") == "self"   # private until the school submits it
        for other in ({"school_id": "thcs-b"}, {"url": "http://thcs-b.example.vn/"},
                      {"url": "http://moi.example.vn/", "district": "Dĩ An", "rubric": RUBRIC}):
            assert client.post("/api/audits", data={**other, "year": YEAR}, headers=auth(school)).status_code == 404
        assert client.get(f"/api/audits/{own_id}", headers=auth(school)).status_code == 200
        assert client.get(f"/api/audits/{own_id}", headers=auth(reviewer)).status_code == 404

        theirs = client.post("/api/audits", data={"school_id": "thcs-b", "year": YEAR}, headers=auth(reviewer))
        assert theirs.status_code == 202
        theirs_id = (theirs.json or {})["id"]
        assert (store.audit(theirs_id) or {}).get("kind") == "api"
        assert client.get(f"/api/audits/{theirs_id}", headers=auth(reviewer)).json == {
            "id": theirs_id, "status": "queued", "progress": {}, "school": "thcs-b", "year": YEAR}
        assert client.get(f"/api/audits/{theirs_id}", headers=auth(school)).status_code == 404
