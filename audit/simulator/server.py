"""Serving a world: one ThreadingHTTPServer per portal on 127.0.0.1, in daemon threads."""
from __future__ import annotations

import hashlib
import random
import socket
import sys
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Callable, Mapping
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


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print a traceback when a client drops its connection."""
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connections reset or cut by the client are normal (a crawler closing its pool, a killed worker)."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class RequestLog:
    """Every request the portals answered, in arrival order: (monotonic time, server "address:port", host,
    method, path, status); what a benchmark measures politeness from (one list, appended by the handlers)."""

    def __init__(self) -> None:
        self.entries: list[tuple[float, str, str, str, str, int]] = []

    def record(self, at: float, server: str, host: str, method: str, path: str, status: int) -> None:
        """One answered request."""
        self.entries.append((at, server, host, method, path, status))

    def since(self, start: int) -> list[tuple[float, str, str, str, str, int]]:
        """The entries from index `start` on (mark with len(log.entries))."""
        return self.entries[start:]


Lookup = Callable[[str], "tuple[Site, FaultState] | None"]


def handler_for(site: Site, log: RequestLog | None = None) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to one portal's site and fault state."""
    found = (site, FaultState())
    return _handler(lambda host: found, log)


def vhost_handler(portals: dict[str, tuple[Site, FaultState]], log: RequestLog | None) -> type[BaseHTTPRequestHandler]:
    """A handler serving several portals on one server, chosen by the Host header's name (404 for others)."""
    return _handler(lambda host: portals.get(host.rsplit(":", 1)[0].lower().rstrip(".")), log)


def _handler(lookup: Lookup, log: RequestLog | None) -> type[BaseHTTPRequestHandler]:
    """The handler class: the portal for the request's Host, its faults, its answer."""

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
            self.arrived, host = time.monotonic(), self.headers.get("Host", "127.0.0.1")
            parts = urlsplit(self.path)
            form: dict[str, str] = {}
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                form = dict(parse_qsl(self.rfile.read(length).decode("utf-8", "replace")))
            found = lookup(host)
            if found is None:
                self.unknown(method)
            else:
                site, state = found
                req = Request(method, parts.path or "/", dict(parse_qsl(parts.query)), form, host)
                self.write(site, respond(site, req, state), method)

        def status(self, code: int, method: str) -> None:
            """Log the request (before answering: a client may look at the log as soon as it has the answer)
            and send the status line."""
            if log is not None:
                bound: Any = self.server.server_address
                log.record(self.arrived, f"{bound[0]}:{bound[1]}", self.headers.get("Host", ""), method,
                           self.path, code)
            self.send_response(code)

        def unknown(self, method: str) -> None:
            """No portal of that name on this server."""
            body = b"unknown host"
            self.status(404, method)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def write(self, site: Site, resp: Response, method: str) -> None:
            """Status, headers and (unless HEAD or 304) the body; an ETag where the template sends one."""
            body = resp.body.encode("utf-8") if isinstance(resp.body, str) else resp.body
            headers = {**SERVER_HEADERS[site.portal.template], **resp.headers}
            if resp.status == 200 and method != "POST" and site.portal.template in ETAG_TEMPLATES:
                headers["ETag"] = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                if self.headers.get("If-None-Match") == headers["ETag"]:
                    self.status(304, method)
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    return
            self.status(resp.status, method)
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
    listen on port, port + 1, … in order and the district directory on the port after the last; else on free ports.

    With `hosts` (portal id -> (host name, loopback address), see `shared_hosts`), portals sharing an address
    are served by one server there (virtual hosts, chosen by the Host header), on `port` or a free one, and
    their URLs use the names: reach them with `AUDIT_RESOLVE=<resolve_pairs()>`. With `record`, every
    answered request is kept in `log` (a RequestLog).
    """

    def __init__(self, world: World, port: int = 0, hosts: Mapping[str, tuple[str, str]] | None = None,
                 record: bool = False) -> None:
        self.world = world
        self.next_port = port
        self.servers: list[ThreadingHTTPServer] = []
        self.reserved: list[socket.socket] = []
        self.urls: dict[str, str] = {}
        self.sites: dict[str, Site] = {}
        self.details: dict[str, dict[str, str]] = {}
        self.hosts = dict(hosts or {})
        self.log: RequestLog | None = RequestLog() if record else None
        if self.hosts:
            self._start_shared(port)
        else:
            for portal in world.portals:
                self.urls[portal.id] = self._start(portal)
        self.district = self._listen(directory.handler(world, self.urls), "sim-district")

    def _port(self) -> int:
        """The port to bind next (0: a free one)."""
        port = self.next_port
        self.next_port += 1 if port else 0
        return port

    def _listen(self, handler: type[BaseHTTPRequestHandler], name: str, address: str = "127.0.0.1",
                port: int | None = None) -> str:
        """Serve a handler on a loopback port in a daemon thread; return its base URL."""
        server = QuietServer((address, self._port() if port is None else port), handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True, name=name).start()
        self.servers.append(server)
        return f"http://{address}:{server.server_address[1]}/"

    def _site(self, portal: PortalSpec) -> Site:
        site = SITES[portal.template](portal, lambda: self.world.day)
        self.sites[portal.id] = site
        self.details[portal.id] = self._details(site)
        return site

    def _start(self, portal: PortalSpec) -> str:
        """Start one portal (or reserve a closed port for "down") and return its URL."""
        site = self._site(portal)
        if "down" in portal.faults:
            return f"http://127.0.0.1:{self._closed_port('127.0.0.1', self._port())}/"
        return self._listen(handler_for(site, self.log), f"sim-{portal.id}")

    def _closed_port(self, address: str, port: int) -> int:
        """A port bound, never listening: connection refused."""
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((address, port))
        self.reserved.append(sock)
        return int(sock.getsockname()[1])

    def _start_shared(self, port: int) -> None:
        """One virtual-host server per address for the portals named there; "down" ones on a closed port."""
        by_address: dict[str, dict[str, tuple[Site, FaultState]]] = {}
        for portal in self.world.portals:
            name, address = self.hosts[portal.id]
            site = self._site(portal)
            if "down" in portal.faults:
                self.urls[portal.id] = f"http://{name}:{self._closed_port(address, 0)}/"
                continue
            by_address.setdefault(address, {})[name.lower()] = (site, FaultState())
        for address, portals in by_address.items():
            base = self._listen(vhost_handler(portals, self.log), f"sim-{address}", address, port)
            server_port = urlsplit(base).port
            for portal in self.world.portals:
                name, at = self.hosts[portal.id]
                if at == address and portal.id not in self.urls:
                    self.urls[portal.id] = f"http://{name}:{server_port}/"

    def resolve_pairs(self) -> str:
        """The served names and their addresses as `AUDIT_RESOLVE` wants them ("name:address,...")."""
        return ",".join(f"{name}:{address}" for name, address in self.hosts.values())

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


def shared_hosts(world: World, servers: int, first: int = 2) -> dict[str, tuple[str, str]]:
    """Portals spread round-robin over `servers` loopback addresses 127.0.0.<first>…, each portal named
    "<id>.pgd<k>.edu.vn" after its server k (so its registered domain is its server's too)."""
    out = {}
    for i, portal in enumerate(world.portals):
        k = i % max(1, servers)
        out[portal.id] = (f"{portal.id}.pgd{k + 1}.edu.vn", f"127.0.0.{first + k}")
    return out


def serve(world: World, port: int = 0, hosts: Mapping[str, tuple[str, str]] | None = None,
          record: bool = False) -> Running:
    """Start every portal of the world (from `port` on, else on free ports); use as `with serve(world) as running:`.
    `hosts` serves them as virtual hosts of shared servers, `record` keeps a request log (see Running)."""
    return Running(world, port, hosts, record)
