"""Serving a world: one ThreadingHTTPServer per portal on 127.0.0.1, in daemon threads."""
from __future__ import annotations

import hashlib
import random
import socket
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from audit.simulator import directory
from audit.simulator.base import Request, Response, Site
from audit.simulator.checks import directory_path
from audit.simulator.faults import SLOW_SECONDS, FaultState, redirect_target, respond
from audit.simulator.manifest import build_manifest
from audit.simulator.model import PortalSpec, Post, World
from audit.simulator.nights import publish_news
from audit.simulator.sites import SITES

SERVER_HEADERS = {"vhv": {"Server": "nginx"},
                  "hcm": {"Server": "Microsoft-IIS/10.0", "X-Powered-By": "ASP.NET"},
                  "nukeviet": {"Server": "Apache", "X-Powered-By": "PHP/7.4.33"},
                  "wordpress": {"Server": "Apache", "Link": '</wp-json/>; rel="https://api.w.org/"'},
                  "generic": {"Server": "Microsoft-IIS/8.5"}}
# Templates whose server sends an ETag and answers If-None-Match with 304 (the others send no validators).
ETAG_TEMPLATES = ("vhv", "nukeviet")


def handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one portal's site and fault state."""
    state = FaultState()

    class PortalHandler(BaseHTTPRequestHandler):
        """Translates HTTP requests into Request objects for the site."""
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            """GET."""
            self.answer("GET")

        def do_HEAD(self) -> None:
            """HEAD: headers only."""
            self.answer("HEAD")

        def do_POST(self) -> None:
            """POST (VHV redraw)."""
            self.answer("POST")

        def answer(self, method: str) -> None:
            """Build the Request, apply faults, write the Response."""
            parts = urlsplit(self.path)
            form: dict[str, str] = {}
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))
            req = Request(method, parts.path or "/", dict(parse_qsl(parts.query)), form,
                          self.headers.get("Host", "127.0.0.1"))
            self.write(respond(site, req, state), method)

        def write(self, resp: Response, method: str) -> None:
            """Status, headers and (unless HEAD or 304) the body; an ETag where the template sends one."""
            body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
            headers = {**SERVER_HEADERS[site.portal.template], **resp.headers}
            if resp.status == 200 and method != "POST" and site.portal.template in ETAG_TEMPLATES:
                headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                if self.headers.get("If-None-Match") == headers["ETag"]:
                    self.send_response(304)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    return
            self.send_response(resp.status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Type", resp.ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    return PortalHandler


class Running:
    """The served world; a context manager that shuts every server down on exit. With a first `port`, the portals
    listen on port, port + 1, … in order and the district directory on the port after the last; else on free ports."""

    def __init__(self, world: World, port: int = 0) -> None:
        self.world = world
        self.next_port = port
        self.servers: list[ThreadingHTTPServer] = []
        self.reserved: list[socket.socket] = []
        self.urls: dict[str, str] = {}
        self.sites: dict[str, Site] = {}
        self.details: dict[str, dict[str, str]] = {}
        for portal in world.portals:
            self.urls[portal.id] = self._start(portal)
        self.district = self._listen(directory.handler(world, self.urls), "sim-district")

    def _port(self) -> int:
        """The port to bind next (0: a free one)."""
        port = self.next_port
        self.next_port += 1 if port else 0
        return port

    def _listen(self, handler: type[BaseHTTPRequestHandler], name: str) -> str:
        """Serve a handler on a loopback port in a daemon thread; return its base URL."""
        server = ThreadingHTTPServer(("127.0.0.1", self._port()), handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True, name=name).start()
        self.servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    def _start(self, portal: PortalSpec) -> str:
        """Start one portal (or reserve a closed port for "down") and return its URL."""
        site = SITES[portal.template](portal, lambda: self.world.day)
        self.sites[portal.id] = site
        if "down" in portal.faults:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", self._port()))   # bound, never listening: connection refused
            self.reserved.append(sock)
            port = sock.getsockname()[1]
        else:
            url = self._listen(handler_for(site), f"sim-{portal.id}")
            self.details[portal.id] = self._details(site)
            return url
        self.details[portal.id] = self._details(site)
        return f"http://127.0.0.1:{port}/"

    def _details(self, site: Site) -> dict[str, str]:
        """Fault specifics a test or benchmark needs (which URL is slow, where / redirects)."""
        faults, out = site.portal.faults, {}
        if "slow" in faults:
            out["slow_path"], out["slow_seconds"] = site.main_listing(2), str(SLOW_SECONDS)
        if "redirect" in faults:
            out["redirect_to"] = redirect_target(site)
        if "flaky500" in faults:
            out["flaky"] = "first request of / and of about a third of the pages answers 500"
        return out

    def url(self, portal_id: str) -> str:
        """The base URL of a portal, e.g. http://127.0.0.1:PORT/."""
        return self.urls[portal_id]

    def directory_url(self) -> str:
        """The district portal's school directory (lists the portals marked listed)."""
        return self.district.rstrip("/") + directory_path(self.world)

    def advance_days(self, n: int = 1) -> None:
        """Move the simulated day on: counters grow by per_day a day."""
        self.world.day += n

    def publish_news(self, on: date | None = None) -> dict[str, Post]:
        """Every portal publishes one news post (on a day, else the day after its newest); the posts by portal."""
        rng = random.Random(f"{self.world.seed}-{self.world.day}-{on}")
        return {pid: publish_news(site, on, rng) for pid, site in self.sites.items()}

    def remove_post(self, portal_id: str, post_id: str) -> None:
        """A school deletes a post."""
        self.sites[portal_id].remove(post_id)

    def manifest(self) -> dict[str, Any]:
        """JSON-able ground truth with absolute URLs."""
        return build_manifest(self.world, self.urls, self.details)

    def close(self) -> None:
        """Stop every server and release reserved ports."""
        for server in self.servers:
            server.shutdown()
            server.server_close()
        for sock in self.reserved:
            sock.close()
        self.servers, self.reserved = [], []

    def __enter__(self) -> Running:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def serve(world: World, port: int = 0) -> Running:
    """Start every portal of the world (from `port` on, else on free ports); use as `with serve(world) as running:`."""
    return Running(world, port)
