"""`audit serve`: the desk on werkzeug's threaded server (production: gunicorn 'audit.review.app:wsgi_app()')."""
from __future__ import annotations

import argparse
import sys

from werkzeug.serving import run_simple

from audit.cli.parser import Subparsers, command
from audit.config import Settings
from audit.review.app import create_app
from audit.store import Store


def add(sub: Subparsers) -> None:
    """The sub-command's arguments."""
    serve = command(sub, "serve", "bàn kiểm tra: ứng dụng web cho người đánh giá, chạy trên máy này")
    serve.add_argument("--host", metavar="ĐỊA_CHỈ", help="địa chỉ lắng nghe (mặc định: AUDIT_SERVE_HOST, 127.0.0.1)")
    serve.add_argument("--port", type=int, metavar="SỐ_CỔNG", help="số cổng (mặc định: AUDIT_SERVE_PORT, 8080)")
    serve.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the sub-command."""
    return serve_command(args.host, args.port, settings)


def serve_command(host: str | None, port: int | None, settings: Settings) -> int:
    """Serve until interrupted."""
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
