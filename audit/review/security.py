"""Cookie flags, security headers on every response, and the pages shown for refused requests."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from audit.config import Settings

PAGE_CSP = ("default-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'none'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SNAPSHOT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
HEADERS = {"Content-Security-Policy": PAGE_CSP, "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
           "X-Content-Type-Options": "nosniff", "Cross-Origin-Opener-Policy": "same-origin",
           "Permissions-Policy": "camera=(), microphone=(), geolocation=()", "Cache-Control": "no-store"}
ERRORS = {400: "Yêu cầu không hợp lệ.", 401: "Cần đăng nhập.", 403: "Không được phép.",
          404: "Không tìm thấy trang này.", 405: "Phương thức không được hỗ trợ.", 413: "Dữ liệu gửi lên quá lớn.",
          500: "Có lỗi ở máy chủ."}
CSRF_MESSAGE = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại."


def config(settings: Settings, key: str) -> dict[str, Any]:
    """Flask settings: signed session cookie (HttpOnly, SameSite=Lax, Secure when asked), lifetime, CSRF."""
    return {"SECRET_KEY": key, "SESSION_COOKIE_NAME": "audit_session", "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax", "SESSION_COOKIE_SECURE": settings.cookie_secure,
            "PERMANENT_SESSION_LIFETIME": timedelta(hours=settings.session_hours),
            "SESSION_REFRESH_EACH_REQUEST": False, "WTF_CSRF_TIME_LIMIT": None,
            "MAX_CONTENT_LENGTH": 256 * 1024, "TEMPLATES_AUTO_RELOAD": False}


def add_headers(response: Response) -> Response:
    """The security headers, unless the view set its own (the snapshot's sandbox CSP)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _error_page(message: str, status: int) -> tuple[str, int]:
    return render_template("error.html", message=message, status=status), status


def csrf_error(_error: CSRFError) -> tuple[str, int]:
    """A forged or stale form: 400 with a Vietnamese explanation, nothing done."""
    return _error_page(CSRF_MESSAGE, 400)


def http_error(error: HTTPException) -> tuple[str | Response, int] | HTTPException:
    """Error pages in Vietnamese (redirects and other non-errors pass through); under /api/ JSON instead."""
    code = error.code or 500
    if code < 400:
        return error
    message = ERRORS.get(code, error.description or "Lỗi.")
    if request.path.startswith("/api/"):
        return jsonify(error=message), code
    return _error_page(message, code)


def add_hsts(response: Response) -> Response:
    """Behind HTTPS: browsers keep to HTTPS for a year."""
    response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def install(app: Flask, https: bool = False) -> None:
    """Register the headers (HSTS too when the cookie is HTTPS-only) and the error pages on the app."""
    app.after_request(add_headers)
    if https:
        app.after_request(add_hsts)
    app.register_error_handler(CSRFError, csrf_error)
    app.register_error_handler(HTTPException, http_error)
