"""Politeness per server: the limiter's key by address, registered domain or host, against real loopback servers."""
from __future__ import annotations

import ipaddress
import threading
import time
import uuid
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator

import pytest
import redis

from audit.config import Settings, load_settings
from audit.fetch import Fetcher
from audit.fetch.limiter import HostLimiter, LocalHostLimiter
from audit.fetch.netguard import parse_resolve
from audit.fetch.politeness import interleave, registered_domain, server_key, url_server_key
from audit.fetch.redis_limiter import RedisHostLimiter
from audit.simulator import build_world
from audit.simulator.server import serve, shared_hosts

REDIS = "redis://127.0.0.1:6379/0"
ADDRESS = "127.0.0.2"            # another loopback address: "the shared server" of the schools below
NAMES = ("a.hcm.edu.vn", "b.hcm.edu.vn")
DELAY = 0.3


class Shared:
    """One HTTP server on ADDRESS answering every Host; records (arrival time, Host) of each request."""

    def __init__(self) -> None:
        self.hits: list[tuple[float, str]] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                hits.append((time.monotonic(), self.headers.get("Host", "")))
                body = "<html><body>Trường</body></html>".encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer((ADDRESS, 0), Handler)
        self.httpd.daemon_threads = True
        self.port = int(self.httpd.server_address[1])
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def url(self, name: str, path: str = "/") -> str:
        return f"http://{name}:{self.port}{path}"

    def gaps(self) -> list[float]:
        starts = sorted(t for t, _ in self.hits)
        return [b - a for a, b in zip(starts, starts[1:])]


@pytest.fixture
def shared() -> Iterator[Shared]:
    srv = Shared()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


def settings(tmp: Path, mode: str) -> Settings:
    """Loopback allowed, the two names resolved to ADDRESS by AUDIT_RESOLVE (no DNS)."""
    env = {"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_POLITENESS_KEY": mode, "AUDIT_DATA_DIR": str(tmp),
           "AUDIT_RESOLVE": ",".join(f"{name}:{ADDRESS}" for name in NAMES)}
    return replace(load_settings(env=env), crawl_delay=DELAY, connect_timeout=2.0, read_timeout=2.0)


class Recording:
    """A limiter around another, keeping each key it was asked for and when the request was let start."""

    def __init__(self, inner: HostLimiter | None = None, starts: list[tuple[str, float]] | None = None) -> None:
        self.inner = inner or LocalHostLimiter(1)
        self.starts = starts if starts is not None else []

    @property
    def keys(self) -> list[str]:
        return [key for key, _ in self.starts]

    def acquire(self, host: str, delay: float) -> None:
        self.inner.acquire(host, delay)
        self.starts.append((host, time.monotonic()))

    def release(self, host: str) -> None:
        self.inner.release(host)

    def gaps(self) -> list[float]:
        times = sorted(t for _, t in self.starts)
        return [b - a for a, b in zip(times, times[1:])]


def test_keys_of_each_mode() -> None:
    url, address = "http://thcs-a.pgd3.hcm.edu.vn:8080/tin-tuc", ipaddress.ip_address("10.1.2.3")
    assert server_key("ip", url, address) == "10.1.2.3:8080"
    assert server_key("domain", url, address) == "hcm.edu.vn:8080"
    assert server_key("host", url, address) == "thcs-a.pgd3.hcm.edu.vn:8080"
    assert server_key("ip", "https://x.edu.vn/", ipaddress.ip_address("2001:db8::1")) == "[2001:db8::1]:443"
    assert server_key("ip", "https://x.edu.vn/", None) == "x.edu.vn:443"   # not resolved here: the host
    assert registered_domain("c2lequydon.tptdm.edu.vn") == "tptdm.edu.vn"
    assert registered_domain("127.0.0.2") == "127.0.0.2" and registered_domain("localhost") == "localhost"


def test_resolve_pairs_are_parsed_and_malformed_ones_refused() -> None:
    pins = parse_resolve(("A.hcm.edu.vn:127.0.0.2", "v6.edu.vn:[::1]"))
    assert pins == {"a.hcm.edu.vn": ipaddress.ip_address("127.0.0.2"), "v6.edu.vn": ipaddress.ip_address("::1")}
    assert url_server_key("ip", "a.hcm.edu.vn", pins) == "127.0.0.2:443"
    with pytest.raises(ValueError):
        parse_resolve(("no-address",))


@pytest.mark.parametrize("mode,shared_key", [("ip", True), ("domain", True), ("host", False)])
def test_two_names_on_one_address(shared: Shared, tmp_path: Path, mode: str, shared_key: bool) -> None:
    """Two school names on one server: one key (and its spacing) under ip and domain, two under host."""
    limiter = Recording()
    f = Fetcher(settings(tmp_path, mode), limiter=limiter, obey_robots=False)
    for name in NAMES:
        assert f.get(shared.url(name)).status == 200
    f.close()
    assert [host for _, host in shared.hits] == [f"{name}:{shared.port}" for name in NAMES]  # names kept
    assert (limiter.keys[0] == limiter.keys[1]) is shared_key
    expected = {"ip": f"{ADDRESS}:{shared.port}", "domain": f"hcm.edu.vn:{shared.port}",
                "host": f"a.hcm.edu.vn:{shared.port}"}[mode]
    assert limiter.keys[0] == expected
    gap = limiter.gaps()[0]            # between the starts the limiter allowed (the server's arrivals jitter)
    assert gap >= DELAY - 0.01 if shared_key else gap < DELAY / 2


def test_the_connection_goes_to_the_checked_address(tmp_path: Path) -> None:
    """A name pinned by AUDIT_RESOLVE is reached at its address, not looked up again (it has no DNS)."""
    f = Fetcher(settings(tmp_path, "ip"), obey_robots=False)
    srv = Shared()
    try:
        assert f.get(srv.url("b.hcm.edu.vn")).status == 200
        assert f._pins == {"b.hcm.edu.vn": ADDRESS}
    finally:
        f.close()
        srv.httpd.shutdown()
        srv.httpd.server_close()


def test_tls_to_a_pinned_name_still_names_the_host(tmp_path: Path) -> None:
    """Connected to the pinned address, the TLS handshake still sends the name (SNI) and the Host header it."""
    import ssl
    import subprocess
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=a.hcm.edu.vn", "-addext", "subjectAltName=DNS:a.hcm.edu.vn"],
                   check=True, capture_output=True)
    context, names = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), list[str]()
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    srv = Shared()
    srv.httpd.socket = context.wrap_socket(srv.httpd.socket, server_side=True)
    f = Fetcher(settings(tmp_path, "ip"), verify_tls=False, obey_robots=False)
    try:
        assert f.get(f"https://a.hcm.edu.vn:{srv.port}/").status == 200
    finally:
        f.close()
        srv.httpd.shutdown()
        srv.httpd.server_close()
    assert names == ["a.hcm.edu.vn"] and srv.hits[0][1] == f"a.hcm.edu.vn:{srv.port}"


@pytest.fixture
def prefix() -> Iterator[str]:
    """A Redis key prefix of this test alone; its keys are deleted afterwards."""
    conn = redis.Redis.from_url(REDIS)
    conn.ping()
    name = f"test:politeness:{uuid.uuid4().hex}:"
    yield name
    keys = list(conn.scan_iter(f"{name}*"))
    if keys:
        conn.delete(*keys)
    conn.close()


def test_spacing_holds_across_fetchers_sharing_redis(shared: Shared, tmp_path: Path, prefix: str) -> None:
    """Two fetchers (as two workers: each its own Redis limiter) crawling two names of one server at once:
    every request to the server starts DELAY after the previous one, whichever name and fetcher."""
    starts: list[tuple[str, float]] = []

    def crawl(name: str) -> None:
        limiter = Recording(RedisHostLimiter(REDIS, 1, key_prefix=prefix), starts)
        f = Fetcher(settings(tmp_path, "ip"), limiter=limiter, obey_robots=False)
        for i in range(3):
            f.get(shared.url(name, f"/{i}"))
        f.close()
    threads = [threading.Thread(target=crawl, args=(name,)) for name in NAMES]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(shared.hits) == 6 and {host for _, host in shared.hits} == {f"{n}:{shared.port}" for n in NAMES}
    assert {key for key, _ in starts} == {f"{ADDRESS}:{shared.port}"}
    assert min(Recording(starts=starts).gaps()) >= DELAY - 0.1   # Redis' clock books the starts; wake-up jitter


def test_the_simulator_serves_many_names_per_address_and_logs_requests(tmp_path: Path) -> None:
    """The simulator's shared servers: portals as virtual hosts of a few loopback addresses, each request logged."""
    world = build_world(seed=3, n_portals=16)
    hosts = shared_hosts(world, 2)
    answering = {"wrong_charset", "broken_html", "robots_disallow", "slow"}   # their home page answers 200
    healthy = [pid for address in ("127.0.0.2", "127.0.0.3")
               for pid in [p.id for p in world.portals if set(p.faults) <= answering and hosts[p.id][1] == address][:2]]
    with serve(world, hosts=hosts, record=True) as running:
        env = {"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_RESOLVE": running.resolve_pairs()}
        f = Fetcher(replace(load_settings(env=env), crawl_delay=0.0), obey_robots=False)
        for pid in healthy:
            assert f.get(running.url(pid)).status == 200
        f.close()
        assert running.log is not None
        servers = {server for _, server, _, _, _, _ in running.log.entries}
        names = [host.split(":")[0] for _, _, host, _, _, _ in running.log.entries]
    assert len(servers) == 2 and {s.split(":")[0] for s in servers} == {"127.0.0.2", "127.0.0.3"}
    assert names == [hosts[pid][0] for pid in healthy]


def test_enqueue_order_takes_servers_in_turn() -> None:
    pins = parse_resolve(("a.x.edu.vn:127.0.0.2", "b.x.edu.vn:127.0.0.2", "c.y.edu.vn:127.0.0.3"))
    urls = {"a": "http://a.x.edu.vn/", "b": "http://b.x.edu.vn/", "c": "http://c.y.edu.vn/"}
    plan = [("a", 0), ("b", 0), ("c", 0)]
    keys = {sid: url_server_key("ip", urls[sid], pins) for sid, _ in plan}
    assert interleave(plan, lambda item: keys[item[0]]) == [("a", 0), ("c", 0), ("b", 0)]
    keys = {sid: url_server_key("host", urls[sid], pins) for sid, _ in plan}
    assert interleave(plan, lambda item: keys[item[0]]) == plan
