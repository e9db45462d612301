"""Logging in and out, and the session check every other page goes through."""
from __future__ import annotations

import time
import unicodedata
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from flask import Blueprint, Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from audit.review.desk import Desk
from audit.review.passwords import fingerprint, hash_password, needs_rehash, verify_password

bp = Blueprint("auth", __name__)
LOGIN_ERROR = "Sai tên đăng nhập hoặc mật khẩu (sau nhiều lần sai, tài khoản bị tạm khoá ít phút)"
PUBLIC_ENDPOINTS = frozenset({"auth.login", "static"})
API_PREFIX = "/api/"   # the API checks its own bearer tokens and answers 401 in JSON (audit/review/api.py)


def desk() -> Desk:
    """The app's desk."""
    value: Desk = current_app.extensions["review_desk"]
    return value


def normalise_username(name: str) -> str:
    """Usernames are compared trimmed and lower-case."""
    return name.strip().lower()


def authenticate(d: Desk, username: str, password: str) -> dict[str, Any] | None:
    """The active, unlocked user with this password, or None; unknown names and locked accounts cost one
    hash check too. Too many failures in a row lock the account for a while (guessing stops there)."""
    user = d.store.user(username) if username else None
    if user is None or _locked(user):
        verify_password(d.dummy_hash, password)
        return None
    ok = verify_password(user["password_hash"], password)
    d.store.record_login(username, ok, d.settings.login_max_failures,
                         timedelta(minutes=d.settings.login_lock_minutes))
    if not ok or not user["active"]:
        return None
    if needs_rehash(user["password_hash"]):
        user["password_hash"] = hash_password(password)
        d.store.set_password(user["username"], user["password_hash"])
    return user


def _locked(user: Mapping[str, Any]) -> bool:
    until = user.get("locked_until")
    return until is not None and until > datetime.now(timezone.utc)


def session_user(d: Desk, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The user of a session that is still valid: known, active, same password, not logged out since, not
    older than the lifetime."""
    name, started = data.get("user"), data.get("login_at")
    if not isinstance(name, str) or not isinstance(started, (int, float)):
        return None
    if time.time() - started > d.settings.session_hours * 3600:
        return None
    user = d.store.user(name)
    if user is None or not user["active"] or data.get("pw") != fingerprint(user["password_hash"]):
        return None
    if data.get("sv") != user["session_version"]:  # logged out since: this cookie (and its copies) ended
        return None
    return user


NEXT_MAX = 2000
_UNQUOTE_ROUNDS = 4


def _unsafe_char(c: str) -> bool:
    """Control, format, separator and whitespace characters: browsers drop or reinterpret them in a Location."""
    return c.isspace() or unicodedata.category(c)[0] in "CZ"


def same_site_path(target: str) -> bool:
    """Whether `target` is a path of this site, also once percent-decoded (up to a few times): one leading "/",
    never "//", no backslash, no scheme or host, no control or whitespace character."""
    if not target or len(target) > NEXT_MAX:
        return False
    seen = target
    for _ in range(_UNQUOTE_ROUNDS):
        if not seen.startswith("/") or seen.startswith("//") or "\\" in seen or any(map(_unsafe_char, seen)):
            return False
        parts = urlsplit(seen)
        if parts.scheme or parts.netloc:
            return False
        decoded = unquote(seen)
        if decoded == seen:
            return True
        seen = decoded
    return False   # still encoded after so many rounds: nothing a link of this site makes


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path of this site only, else the index."""
    if target and same_site_path(target):
        return target
    return url_for("pages.index")


def load_user() -> BaseResponse | None:
    """Before each request: g.user from the session; no session → /login for GET, 401 for anything else (the
    API's requests are left to its own token check)."""
    if request.path.startswith(API_PREFIX):
        g.user = None
        return None
    g.user = session_user(desk(), session)
    if g.user is None and session.get("user"):
        session.clear()
    if g.user is not None or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(401)


def _start_session(user: Mapping[str, Any]) -> None:
    """A fresh session (nothing carried over from before the login: no fixation)."""
    session.clear()
    session.permanent = True
    session["user"] = user["username"]
    session["pw"] = fingerprint(user["password_hash"])
    session["login_at"] = time.time()
    session["sv"] = user["session_version"]


@bp.route("/login", methods=["GET", "POST"])
def login() -> BaseResponse | str:
    """The login form; on success a new session and back to where the user was going."""
    if g.user is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")))
    error = None
    if request.method == "POST":
        user = authenticate(desk(), normalise_username(request.form.get("username", "")),
                            request.form.get("password", ""))
        if user is not None:
            _start_session(user)
            return redirect(safe_next(request.form.get("next")))
        error = LOGIN_ERROR
    return render_template("login.html", error=error, next=request.values.get("next", ""),
                           username=request.form.get("username", ""))


@bp.post("/logout")
def logout() -> BaseResponse:
    """End the session, and with it every copy of its cookie (the account's sessions all end)."""
    if g.user is not None:
        desk().store.end_sessions(g.user["username"])
    session.clear()
    return redirect(url_for("auth.login"))


def install(app: Flask) -> None:
    """The session check runs before everything else (before the CSRF check: no session → 401 first)."""
    app.before_request(load_user)
    app.register_blueprint(bp)
