"""`audit serve`: the desk on werkzeug's threaded server (production: gunicorn 'audit.review.app:wsgi_app()')."""
from __future__ import annotations

import sys

from werkzeug.serving import run_simple

from audit.config import load_settings
from audit.review.app import create_app
from audit.store import Store


def serve_command(host: str | None, port: int | None) -> int:
    """Serve until interrupted."""
    settings = load_settings()
    store = Store(settings)
    app = create_app(settings, store)
    host, port = host or settings.serve_host, port if port is not None else settings.serve_port
    if not store.users():
        print("Chưa có tài khoản nào: tạo bằng `audit users add TÊN --role admin`", file=sys.stderr)
    print(f"Bàn kiểm tra: http://{host}:{port}/  (Ctrl+C để dừng)", file=sys.stderr)
    try:
        run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=False)
    finally:
        store.close()
    return 0
