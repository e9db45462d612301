"""serve_unseen: one ThreadingHTTPServer per unseen portal on 127.0.0.1, with a request log."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Iterable
from urllib.parse import parse_qsl

from audit.simulator.unseen.site import Answer, Site
from audit.simulator.unseen.spec import PortalSpec
from audit.simulator.unseen.truth import build_truth


class Portal:
    """One served portal: its site (made once the port is known) and its request log."""

    def __init__(self, spec: PortalSpec) -> None:
        self.spec = spec
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.site = Site(spec, self.url)
        self.lock = threading.Lock()
        self.entries: list[dict[str, Any]] = []
        self._truth: dict[str, Any] | None = None
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True, name=f"sim-{spec.id}").start()

    def record(self, method: str, path: str, status: int) -> None:
        """Log one request."""
        with self.lock:
            self.entries.append({"t": time.monotonic(), "method": method, "path": path, "status": status})

    def truth(self) -> dict[str, Any]:
        """The truth, computed once."""
        if self._truth is None:
            self._truth = build_truth(self.site)
        return self._truth


def handler_for(portal: Portal) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one portal."""

    class Handler(BaseHTTPRequestHandler):
        """GET, HEAD and POST; answers come from the portal's Site."""
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            """GET."""
            self.answer("GET")

        def do_HEAD(self) -> None:
            """HEAD: headers only."""
            self.answer("HEAD")

        def do_POST(self) -> None:
            """POST (JS endpoints, ASP.NET postbacks)."""
            self.answer("POST")

        def answer(self, method: str) -> None:
            """Answer and log one request."""
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            try:
                ans = portal.site.handle(method, self.path, dict(parse_qsl(raw)))
            except Exception as exc:  # a simulator bug must still answer (and show in the log)
                ans = Answer(500, f"<h1>500</h1><pre>{type(exc).__name__}: {exc}</pre>".encode())
            portal.record(method, self.path, ans.status)
            try:
                self.write(ans, method)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True    # the client went away

        def write(self, ans: Answer, method: str) -> None:
            """Status line, headers and (unless HEAD) the body."""
            self.send_response(ans.status)
            for name, value in {**portal.site.headers, **ans.headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Type", ans.ctype)
            self.send_header("Content-Length", str(len(ans.body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(ans.body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return Handler


class RunningUnseen:
    """Served unseen portals; a context manager that shuts every server down on exit."""

    def __init__(self, specs: Iterable[PortalSpec]) -> None:
        self.portals: dict[str, Portal] = {}
        for spec in specs:
            self.portals[spec.id] = Portal(spec)

    def url(self, pid: str) -> str:
        """The base URL of a portal: http://127.0.0.1:PORT/."""
        return self.portals[pid].url

    def truth(self, pid: str) -> dict[str, Any]:
        """The JSON-able ground truth of a portal (absolute URLs)."""
        return self.portals[pid].truth()

    def log(self, pid: str) -> list[dict[str, Any]]:
        """Every request the portal received: t (monotonic), method, path (with query), status."""
        portal = self.portals[pid]
        with portal.lock:
            return list(portal.entries)

    def reset_log(self, pid: str) -> None:
        """Forget the portal's requests so far."""
        portal = self.portals[pid]
        with portal.lock:
            portal.entries.clear()

    def close(self) -> None:
        """Stop every server."""
        for portal in self.portals.values():
            portal.server.shutdown()
            portal.server.server_close()

    def __enter__(self) -> RunningUnseen:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def serve_unseen(specs: Iterable[PortalSpec]) -> RunningUnseen:
    """Serve each portal on its own loopback port; use as `with serve_unseen(specs) as running:`."""
    return RunningUnseen(specs)
