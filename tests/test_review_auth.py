"""Logging in to the desk, sessions, CSRF, cookie flags and headers; who may see what (pure)."""
from __future__ import annotations

import os
import re
import stat
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from audit.config import Settings, load_settings
from audit.review import access, create_app
from audit.review.auth import LOGIN_ERROR, same_site_path
from audit.review.passwords import hash_password, needs_rehash, password_problem, verify_password
from audit.review.secret import secret_key
from audit.store import Store

PASSWORD = "mot-mat-khau-dai"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(load_settings(env={}), data_dir=tmp_path / "var",
                   database_url=f"sqlite:///{(tmp_path / 'audit.sqlite3').as_posix()}")


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with Store(settings) as st:
        st.add_user("an", hash_password(PASSWORD), "reviewer", ["Dĩ An"])
        st.add_user("binh", hash_password(PASSWORD), "admin", [])
        yield st


@pytest.fixture
def app(settings: Settings, store: Store) -> Flask:
    return create_app(settings, store)


def _token(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _login(client: FlaskClient, username: str, password: str = PASSWORD, **extra: str) -> tuple[int, str]:
    page = client.get("/login")
    done = client.post("/login", data={"csrf_token": _token(page.text), "username": username, "password": password,
                                       **extra})
    return done.status_code, done.headers.get("Location", done.text)


def _logged_in(client: FlaskClient) -> bool:
    return client.get("/").status_code == 200


def test_login_ok_sets_a_fresh_session_with_safe_cookie_flags(app: Flask) -> None:
    client = app.test_client()
    before = client.get("/login")
    pre_login = client.get_cookie("audit_session")
    assert before.status_code == 200 and pre_login is not None
    page = client.post("/login", data={"csrf_token": _token(before.text), "username": " AN ", "password": PASSWORD})
    assert page.status_code == 302 and page.headers["Location"] == "/"
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie and "Expires=" in cookie
    assert _logged_in(client)
    stale = app.test_client()  # the cookie from before the login grants nothing (no fixation)
    stale.set_cookie("audit_session", pre_login.value)
    assert stale.get("/").status_code == 302


def test_secure_cookie_when_configured(settings: Settings, store: Store) -> None:
    app = create_app(replace(settings, cookie_secure=True), store)
    client = app.test_client()
    page = client.get("/login", base_url="https://localhost")
    done = client.post("/login", base_url="https://localhost", headers={"Referer": "https://localhost/login"},
                       data={"csrf_token": _token(page.text), "username": "an", "password": PASSWORD})
    assert done.status_code == 302 and "; Secure" in done.headers["Set-Cookie"]
    assert done.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_bad_password_and_unknown_user_get_the_same_answer(app: Flask) -> None:
    client = app.test_client()
    bad = client.post("/login", data={"csrf_token": _token(client.get("/login").text), "username": "an",
                                      "password": "sai-mat-khau-roi"})
    unknown = client.post("/login", data={"csrf_token": _token(client.get("/login").text), "username": "ai-do",
                                          "password": "sai-mat-khau-roi"})
    assert bad.status_code == unknown.status_code == 200
    assert LOGIN_ERROR in bad.text and LOGIN_ERROR in unknown.text
    assert not _logged_in(client)


def test_disabled_user_cannot_log_in_and_loses_open_sessions(app: Flask, store: Store) -> None:
    open_session = app.test_client()
    assert _login(open_session, "an") == (302, "/")
    store.set_active("an", False)
    assert open_session.get("/").status_code == 302
    client = app.test_client()
    status, body = _login(client, "an")
    assert status == 200 and LOGIN_ERROR in body
    store.set_active("an", True)
    assert _login(client, "an") == (302, "/")


def test_a_password_change_ends_open_sessions(app: Flask, store: Store) -> None:
    client = app.test_client()
    _login(client, "an")
    store.set_password("an", hash_password("mat-khau-moi-hon"))
    assert not _logged_in(client)


def test_the_session_lifetime_is_enforced(app: Flask) -> None:
    client = app.test_client()
    _login(client, "an")
    with client.session_transaction() as session:
        session["login_at"] -= 9 * 3600
    assert client.get("/").headers["Location"].startswith("/login")


def test_without_session_get_redirects_and_post_is_401(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/batch/b1?x=1")
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/batch/b1?x%3D1"
    assert client.post("/batch/b1/school/s1/decide", data={"action": "accept"}).status_code == 401
    assert client.post("/logout").status_code == 401
    assert client.get("/snapshot/" + "a" * 64).status_code == 302
    assert client.get("/batch/b1/export.csv").status_code == 302


def test_login_goes_back_to_where_the_user_was_going_but_only_on_this_site(app: Flask) -> None:
    assert _login(app.test_client(), "an", next="/batch/b1") == (302, "/batch/b1")
    assert _login(app.test_client(), "an", next="//evil.example/x") == (302, "/")
    assert _login(app.test_client(), "an", next="https://evil.example/") == (302, "/")


HOSTILE_NEXT = ["/%09/evil.example/", "/%0a/evil.example", "/%0d%0aSet-Cookie:%20x=1", "/%00", "//evil.example",
                "///evil.example", "/\\evil.example", "/%5Cevil.example", "\\\\evil.example", "https://evil.example",
                "http:/evil.example", "/%2F%2Fevil.example", "/%252F%252Fevil.example", "%2F%2Fevil.example",
                "javascript:alert(1)", "/%E3%80%80/evil.example", "/%C2%A0/evil.example", "%20/batch/b1",
                "/batch/%E2%80%AE/x", "evil.example", "/" + "a" * 3000]


@pytest.mark.parametrize("raw", HOSTILE_NEXT)
def test_next_is_only_ever_a_path_of_this_site(app: Flask, raw: str) -> None:
    """Issue 14 item 7: an off-site, control-character or encoded `next` ends at the index, never a 500."""
    client = app.test_client()
    page = client.get(f"/login?next={raw}")
    assert page.status_code == 200
    done = client.post("/login", data={"csrf_token": _token(page.text), "username": "an", "password": PASSWORD,
                                       "next": unquote(raw)})
    assert (done.status_code, done.headers["Location"]) == (302, "/")
    again = client.get(f"/login?next={raw}")   # logged in already: straight on, the same way
    assert (again.status_code, again.headers["Location"]) == (302, "/")


@pytest.mark.parametrize("good", ["/batch/b1", "/batch/b1?x=1", "/batch/moi-nhat-2022-2023/school/Trường-A",
                                  "/batch/b1/school/a%2Fb"])
def test_a_path_of_this_site_is_kept_as_next(app: Flask, good: str) -> None:
    assert same_site_path(good)
    client = app.test_client()
    _login(client, "an")
    assert unquote(client.get("/login", query_string={"next": good}).headers["Location"]) == unquote(good)


def test_login_and_logout_need_the_csrf_token(app: Flask) -> None:
    client = app.test_client()
    client.get("/login")
    no_token = client.post("/login", data={"username": "an", "password": PASSWORD})
    assert no_token.status_code == 400 and "Biểu mẫu đã hết hạn" in no_token.text
    wrong = client.post("/login", data={"csrf_token": "abc", "username": "an", "password": PASSWORD})
    assert wrong.status_code == 400 and not _logged_in(client)
    _login(client, "an")
    assert client.post("/logout").status_code == 400 and _logged_in(client)
    out = client.post("/logout", data={"csrf_token": _token(client.get("/").text)})
    assert out.status_code == 302 and out.headers["Location"] == "/login" and not _logged_in(client)


def test_security_headers_on_every_response(app: Flask) -> None:
    client = app.test_client()
    for response in (client.get("/login"), client.get("/nowhere"), client.get("/")):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert '<html lang="vi">' in client.get("/login").text


def test_an_old_hash_is_upgraded_on_login(app: Flask, store: Store) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    store.add_user("cu", weak, "reviewer", ["Dĩ An"])
    assert needs_rehash(weak)
    assert _login(app.test_client(), "cu") == (302, "/")
    upgraded = store.user("cu")
    assert upgraded is not None and upgraded["password_hash"] != weak
    assert not needs_rehash(upgraded["password_hash"]) and verify_password(upgraded["password_hash"], PASSWORD)


def test_the_secret_key_is_generated_once_with_private_permissions(settings: Settings) -> None:
    key = secret_key(settings)
    path = settings.data_dir / "secret_key"
    assert len(key) >= 64 and secret_key(settings) == key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert secret_key(replace(settings, secret_key="x" * 40)) == "x" * 40


def test_password_rules() -> None:
    assert password_problem("ngan") is not None
    assert password_problem(" " * 12) is not None
    assert password_problem("nguyen-van-an", "Nguyen-Van-An") is not None
    assert password_problem("du-muoi-ky-tu") is None


REVIEWER = {"username": "an", "role": "reviewer", "districts": ["Dĩ An", "Thuận An"], "active": True}
ADMIN = {"username": "binh", "role": "admin", "districts": [], "active": True}


def test_access_reviewer_sees_only_their_districts() -> None:
    assert access.can_see(REVIEWER, "Dĩ An") and access.can_see(REVIEWER, "  dĩ   an ")
    assert access.can_see(REVIEWER, "Di\u0303 An")  # decomposed (NFD) spelling of the same name
    assert not access.can_see(REVIEWER, "Thủ Dầu Một") and not access.can_see(REVIEWER, None)
    assert not access.can_see({**REVIEWER, "active": False}, "Dĩ An")
    assert not access.can_see({**REVIEWER, "role": "guest"}, "Dĩ An") and not access.can_see(None, "Dĩ An")


def test_access_admin_sees_everything_while_active() -> None:
    assert access.can_see(ADMIN, "Thủ Dầu Một") and access.can_see(ADMIN, None)
    assert not access.can_see({**ADMIN, "active": False}, "Thủ Dầu Một")


def test_access_filters_rows_and_counts() -> None:
    rows: list[dict[str, Any]] = [{"school": {"id": "a", "district": "Dĩ An"}},
                                  {"school": {"id": "b", "district": "Thủ Dầu Một"}},
                                  {"school": {"id": "c", "district": None}}]
    assert [r["school"]["id"] for r in access.visible_rows(REVIEWER, rows)] == ["a"]
    assert len(access.visible_rows(ADMIN, rows)) == 3
    statuses = {"a": "done", "b": "failed", "c": "running", "d": "pending"}
    districts = {"a": "Dĩ An", "b": "Dĩ An", "c": "Thuận An", "d": "Bến Cát"}
    mine = access.visible_statuses(REVIEWER, statuses, districts)
    assert mine == {"a": "done", "b": "failed", "c": "running"}
    assert access.status_counts(mine) == {"done": 1, "failed": 1, "pending": 1, "total": 3}
    assert access.any_visible(REVIEWER, ["Bến Cát", "Thuận An"]) and not access.any_visible(REVIEWER, [None])


def test_too_many_failures_lock_the_account_for_a_while(settings: Settings, store: Store) -> None:
    app = create_app(replace(settings, login_max_failures=3, login_lock_minutes=15), store)
    client = app.test_client()
    for _ in range(3):
        assert _login(client, "an", "sai-mat-khau-roi")[0] == 200
    status, body = _login(client, "an")  # the right password, but the account is locked now
    assert status == 200 and LOGIN_ERROR in body and not _logged_in(client)
    assert _login(client, "binh") == (302, "/")  # other accounts are not affected
    store.record_login("an", True, 3, timedelta(0))  # (an admin's reset, or the lock running out)
    with store.engine.begin() as db:
        db.execute(text("update users set locked_until = NULL where username = 'an'"))
    assert _login(app.test_client(), "an") == (302, "/")


def test_a_good_login_resets_the_count(settings: Settings, store: Store) -> None:
    app = create_app(replace(settings, login_max_failures=3), store)
    client = app.test_client()
    for _ in range(2):
        _login(client, "an", "sai-mat-khau-roi")
    assert _login(client, "an") == (302, "/")
    for _ in range(2):
        _login(app.test_client(), "an", "sai-mat-khau-roi")
    assert _login(app.test_client(), "an") == (302, "/")


def test_logging_out_ends_every_copy_of_the_session(app: Flask) -> None:
    client = app.test_client()
    assert _login(client, "an") == (302, "/")
    copied = app.test_client()  # somebody copied the cookie
    cookie = client.get_cookie("audit_session")
    assert cookie is not None
    copied.set_cookie("audit_session", cookie.value)
    assert _logged_in(copied)
    page = client.get("/")
    client.post("/logout", data={"csrf_token": _token(page.text)})
    assert not _logged_in(client) and not _logged_in(copied)
    assert _login(app.test_client(), "an") == (302, "/")  # logging in again works
