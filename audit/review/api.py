"""The API for the province's own systems: start an audit of one school, then poll it (JSON only).

Authentication is by an account's bearer token (`audit users token NAME`), never by the desk's session: the
blueprint is exempt from the CSRF check and from the login redirect, and answers 401 itself. A token sees what
its account sees on the pages: another district's school or audit answers 404, as an unknown one does.
"""
from __future__ import annotations

import unicodedata
from dataclasses import replace
from typing import Any, Mapping

from flask import Blueprint, Response, g, jsonify, request, url_for
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from audit.errors import InputError
from audit.jobs import AuditRequest, Upload, api_view, check_request, find_school_by_url, resolve_school, \
    start_audit
from audit.review import access
from audit.review.auth import desk
from audit.review.desk import Desk
from audit.school import normalise_url
from audit.schoolyear import parse_school_year
from audit.store.tokens import token_hash
from audit.text import district_key

bp = Blueprint("api", __name__, url_prefix="/api")
FORM_SLACK = 1024 * 1024   # room for the form's fields and multipart boundaries beyond the files themselves
NO_TOKEN = "cần token API hợp lệ: Authorization: Bearer <token> (tạo bằng: audit users token TÊN_ĐĂNG_NHẬP)"
NOT_FOUND = "không tìm thấy (hoặc không thuộc quận/huyện của tài khoản này)"
ERRORS = {400: "yêu cầu không hợp lệ", 401: NO_TOKEN, 403: "không được phép", 404: NOT_FOUND,
          405: "phương thức không được hỗ trợ", 413: "dữ liệu gửi lên quá lớn", 500: "có lỗi ở máy chủ"}


class ApiError(Exception):
    """An answer other than success: its HTTP status and one Vietnamese line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def json_error(status: int, message: str) -> Response:
    """`{"error": message}` with the status (and the bearer challenge on a 401)."""
    response = jsonify(error=message)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="audit"'
    return response


# authentication and access
def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer …` header, else None."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def token_user(d: Desk, token: str | None) -> dict[str, Any] | None:
    """The active account of a token that is not revoked, else None."""
    if not token or len(token) > 200:
        return None
    name = d.store.token_owner(token_hash(token))
    user = d.store.user(name) if name else None
    return user if user is not None and user["active"] else None


@bp.before_request
def authenticate() -> Response | None:
    """Every API request carries a valid token; g.user is its account."""
    g.user = token_user(desk(), bearer_token())
    return json_error(401, NO_TOKEN) if g.user is None else None


@bp.after_request
def no_store(response: Response) -> Response:
    """API answers are never cached."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    """An ApiError as JSON."""
    return json_error(error.status, error.message)


@bp.errorhandler(InputError)
def input_error(error: InputError) -> Response:
    """Bad input: 400 with its one Vietnamese line."""
    return json_error(400, str(error))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> Response:
    """A body larger than the uploads may be: 413 naming the limit."""
    limit = desk().settings.upload_max_total // (1024 * 1024)
    return json_error(413, f"dữ liệu gửi lên quá lớn (tối đa {limit} MB cho một lần kiểm tra)")


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> Response:
    """Any other HTTP error as JSON."""
    code = error.code or 500
    return json_error(code, ERRORS.get(code, "lỗi"))


# the request
def _text(name: str) -> str:
    """A form field, NFC, spaces collapsed ("" when absent)."""
    return " ".join(unicodedata.normalize("NFC", request.form.get(name, "")).split())


def _upload(storage: FileStorage) -> Upload | None:
    """A sent file as an Upload (None for an empty file field with no name)."""
    data = storage.read()
    if not storage.filename and not data:
        return None
    return Upload(storage.filename or "", data)


def audit_request(kind: str) -> AuditRequest:
    """The form as an AuditRequest of this kind; InputError for a missing or malformed year (the rest is checked
    when the audit is started)."""
    year = _text("year")
    if not year:
        raise InputError("năm học", "thiếu năm học (dạng 2021-2022)")
    try:
        parse_school_year(year)
    except ValueError as exc:
        raise InputError("năm học", str(exc)) from None
    sheets = [u for u in map(_upload, request.files.getlist("self_scores")) if u is not None]
    if len(sheets) > 1:
        raise InputError("self_scores", "chỉ gửi một bảng tự chấm")
    evidence = tuple(u for u in map(_upload, request.files.getlist("evidence")) if u is not None)
    return AuditRequest(year=year, school_id=_text("school_id") or None, url=_text("url") or None,
                        name=_text("name") or None, district=_text("district") or None,
                        rubric=_text("rubric") or None, sheet=sheets[0] if sheets else None,
                        evidence=evidence, kind=kind)


def own_school(d: Desk, user: Mapping[str, Any], req: AuditRequest) -> dict[str, Any]:
    """A school account's own school; 404 when the request names another one."""
    try:
        school = d.store.school(str(user.get("school_id") or ""))
    except KeyError:
        raise ApiError(404, NOT_FOUND) from None
    if req.school_id and req.school_id != school["id"]:
        raise ApiError(404, NOT_FOUND)
    if req.url and (find_school_by_url(d.store, normalise_url(req.url)[0]) or {}).get("id") != school["id"]:
        raise ApiError(404, NOT_FOUND)
    return school


def new_district(user: Mapping[str, Any], typed: str | None) -> str:
    """The district a new portal is registered in: an admin's as typed, a reviewer's one of their own (as they
    spell it); InputError without one, ApiError 403 for another district."""
    if not typed:
        raise InputError("quận/huyện", "trường mới cần quận/huyện (district)")
    if access.is_admin(user):
        return typed
    own = {district_key(d): d for d in user.get("districts") or []}
    if user.get("role") != "reviewer" or district_key(typed) not in own:
        raise ApiError(403, f"tài khoản này không được thêm trường của quận/huyện '{typed}'")
    return own[district_key(typed)]


def school_for(d: Desk, user: Mapping[str, Any], req: AuditRequest) -> dict[str, Any]:
    """The school the request names, if the account may audit it, as on the pages (a new portal is registered
    only in one of the account's districts, once the rest of the request is known to be good); ApiError
    404/403 or InputError otherwise."""
    if access.is_school(user):
        return own_school(d, user, req)
    if req.school_id:
        try:
            school = d.store.school(req.school_id)
        except KeyError:
            raise ApiError(404, f"không có trường '{req.school_id}'") from None
        if not access.can_see_row(user, school["id"], school["district"]):
            raise ApiError(404, f"không có trường '{req.school_id}'")
        return school
    if not req.url:
        raise InputError("trường", "cần url (cổng thông tin) hoặc school_id")
    known = find_school_by_url(d.store, normalise_url(req.url)[0])
    if known is not None:
        if not access.can_see_row(user, known["id"], known["district"]):
            raise ApiError(404, "cổng này thuộc một trường không nằm trong quận/huyện của tài khoản này")
        return known
    district = new_district(user, req.district)
    check_request(d.settings, req, req.rubric)   # nothing is registered for a request refused anyway
    return resolve_school(d.store, replace(req, district=district))


# the routes
@bp.post("/audits")
def start() -> Response:
    """Start an audit (multipart form): 202 with its id; poll GET /api/audits/<id>."""
    d = desk()
    request.max_content_length = d.settings.upload_max_total + FORM_SLACK   # before the body is read
    req = audit_request(access.PRIVATE if access.is_school(g.user) else "api")   # a school's own check is its own
    school = school_for(d, g.user, req)
    audit_id = start_audit(d.store, d.settings, d.dispatch, school, req, g.user["username"])
    response = jsonify(id=audit_id, status="queued", school=school["id"])
    response.status_code = 202
    response.headers["Location"] = url_for("api.audit", audit_id=audit_id)
    return response


@bp.get("/audits/<audit_id>")
def audit(audit_id: str) -> Response:
    """An audit's status and progress, with the school-audit document once it is finished."""
    d = desk()
    found = d.store.audit(audit_id, with_result=True)
    if found is None or not access.can_see_row(g.user, found["school_id"], audit_district(d, found),
                                               found.get("batch_kind") or found["kind"]):
        raise ApiError(404, f"không có lần kiểm tra '{audit_id}'")
    return jsonify(api_view(found))


def audit_district(d: Desk, found: Mapping[str, Any]) -> str | None:
    """The district that counts for an audit: its run's, or (queued) the one its school had in its batch."""
    if found.get("run_id") is not None:
        district: str | None = found.get("district")
        return district
    try:
        return d.store.batch_districts(found["id"]).get(found["school_id"])
    except KeyError:
        return None
