"""The fetcher against real HTTP servers on 127.0.0.1 (no internet)."""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import replace
from datetime import timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from audit.config import Settings
from audit.fetch import Fetcher, PermanentFetchError, TransientFetchError
from audit.fetch.body import retry_after
from audit.fetch.errors import R_CONNECT, R_PRIVATE, R_ROBOTS, R_TIMEOUT, R_TLS, R_TOO_LARGE

VI = "Trường THCS Nguyễn Du – Thông báo tuyển sinh năm học 2023–2024"
Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A ThreadingHTTPServer whose routes each test sets; counts hits and requests in flight."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, float]] = []
        self.in_flight = self.max_in_flight = 0  # counted by routes that call busy()
        self.lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.serve(self)

            do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass
        return Handler

    def serve(self, h: BaseHTTPRequestHandler) -> None:
        with self.lock:
            self.hits.append((h.path, time.monotonic()))
        self.routes.get(h.path, lambda h: send(h, 404, b"not found"))(h)

    def busy(self, seconds: float) -> None:
        """Count this request as in flight while it works (before it answers)."""
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(seconds)
        with self.lock:
            self.in_flight -= 1

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.hits]


def send(h: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
         length: bool = True) -> None:
    h.send_response(status)
    for key, value in (headers or {"Content-Type": "text/html; charset=utf-8"}).items():
        h.send_header(key, value)
    if length:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def page(text: str = VI, status: int = 200, **headers: str) -> Route:
    return lambda h: send(h, status, text.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", **headers})


def first(action: Callable[[BaseHTTPRequestHandler], object], route: Route) -> Route:
    """Run `action` (a delay, a record) before serving `route`."""
    def serve(h: BaseHTTPRequestHandler) -> None:
        action(h)
        route(h)
    return serve


def plain(h: BaseHTTPRequestHandler) -> None:
    send(h, 200)


def sequence(*routes: Route) -> Route:
    """Each call serves the next route; the last one repeats."""
    calls = iter(range(10**6))
    return lambda h: routes[min(next(calls), len(routes) - 1)](h)


class FakeTime:
    """Injected clock/sleep: sleeping advances the clock, nothing really waits."""

    def __init__(self) -> None:
        self.now, self.sleeps = 0.0, list[float]()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def make_settings(tmp: Path, **changes: Any) -> Settings:
    base = Settings(data_dir=tmp, database_url="sqlite://", broker_url="", crawl_delay=0.05, per_host=1,
                    allow_networks=("127.0.0.0/8",), connect_timeout=2.0, read_timeout=2.0)
    return replace(base, **changes)


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    srv.thread.start()
    yield srv
    srv.httpd.shutdown()
    srv.httpd.server_close()


server2 = server


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


@pytest.fixture
def fetcher(tmp_path: Path, fake: FakeTime) -> Iterator[Fetcher]:
    f = Fetcher(make_settings(tmp_path), sleep=fake.sleep, clock=fake.clock)
    yield f
    f.close()


def test_ok_vietnamese(server: Server, fetcher: Fetcher) -> None:
    server.routes["/"] = page()
    res = fetcher.get(server.url("/"))
    assert (res.status, res.text, res.encoding, res.charset) == (200, VI, "header", "utf-8")
    assert res.url == server.url("/") and res.redirects == []
    assert res.fetched_at.tzinfo == timezone.utc and res.verify_tls is True
    assert server.paths() == ["/robots.txt", "/"]


def test_user_agent_identifies_us(server: Server, fetcher: Fetcher) -> None:
    agents: list[str] = []
    server.routes["/"] = first(lambda h: agents.append(h.headers["User-Agent"]), plain)
    fetcher.get(server.url("/"))
    assert agents[0].startswith("school-audit/")


def test_500_then_200_is_retried(server: Server, fetcher: Fetcher, fake: FakeTime) -> None:
    server.routes["/"] = sequence(page("lỗi", 500), page())
    assert fetcher.get(server.url("/")).text == VI
    assert server.paths().count("/") == 2 and 1.0 in fake.sleeps


def test_persistent_503_is_transient(server: Server, fetcher: Fetcher) -> None:
    server.routes["/"] = page("bảo trì", 503)
    with pytest.raises(TransientFetchError) as info:
        fetcher.get(server.url("/"))
    assert info.value.status == 503 and info.value.reason == "máy chủ trả lỗi 503"
    assert info.value.url == server.url("/")
    assert server.paths().count("/") == 3  # first try + 2 retries


def test_429_honours_retry_after(server: Server, fetcher: Fetcher, fake: FakeTime) -> None:
    server.routes["/"] = sequence(page("chậm lại", 429, **{"Retry-After": "2"}), page())
    assert fetcher.get(server.url("/")).status == 200
    assert max(fake.sleeps) >= 2


def test_retry_after_forms() -> None:
    assert retry_after("7") == 7.0
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after("rác") is None and retry_after(None) is None


def test_404_is_permanent(server: Server, fetcher: Fetcher) -> None:
    with pytest.raises(PermanentFetchError) as info:
        fetcher.get(server.url("/khong-co"))
    assert info.value.status == 404 and server.paths().count("/khong-co") == 1


def test_redirect_chain_recorded(server: Server, fetcher: Fetcher) -> None:
    server.routes["/a"] = lambda h: send(h, 301, headers={"Location": "/b"})
    server.routes["/b"] = lambda h: send(h, 302, headers={"Location": server.url("/c")})
    server.routes["/c"] = page()
    res = fetcher.get(server.url("/a"))
    assert res.url == server.url("/c") and res.redirects == [server.url("/a"), server.url("/b")]
    assert res.text == VI


def test_redirect_loop_is_permanent(server: Server, fetcher: Fetcher) -> None:
    server.routes["/loop"] = lambda h: send(h, 302, headers={"Location": "/loop"})
    with pytest.raises(PermanentFetchError, match="chuyển hướng"):
        fetcher.get(server.url("/loop"))


def test_redirect_to_private_address_refused_without_connecting(server: Server, fetcher: Fetcher,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server.routes["/go"] = lambda h: send(h, 302, headers={"Location": "http://10.1.2.3/admin"})
    opened: list[str] = []
    real = fetcher.session.request

    def spy(method: str, url: str, **kwargs: Any) -> Any:
        opened.append(url)
        return real(method, url, **kwargs)
    monkeypatch.setattr(fetcher.session, "request", spy)
    with pytest.raises(PermanentFetchError) as info:
        fetcher.get(server.url("/go"))
    assert info.value.reason == R_PRIVATE and info.value.url == "http://10.1.2.3/admin"
    assert not any("10.1.2.3" in u for u in opened)


def test_loopback_refused_unless_allowed(server: Server, tmp_path: Path, fake: FakeTime) -> None:
    server.routes["/"] = page()
    f = Fetcher(make_settings(tmp_path, allow_networks=()), sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(PermanentFetchError) as info:
        f.get(server.url("/"))
    assert info.value.reason == R_PRIVATE and server.hits == []


def test_unsupported_scheme(fetcher: Fetcher) -> None:
    with pytest.raises(PermanentFetchError):
        fetcher.get("ftp://127.0.0.1/x")


def test_robots_disallow_and_crawl_delay(server: Server, fetcher: Fetcher) -> None:
    robots = "User-agent: *\nDisallow: /rieng\nCrawl-delay: 2\nSitemap: http://127.0.0.1/sitemap.xml\n"
    server.routes["/robots.txt"] = lambda h: send(h, 200, robots.encode(), {"Content-Type": "text/plain"})
    assert fetcher.allowed(server.url("/rieng/x")) is False and fetcher.allowed(server.url("/")) is True
    with pytest.raises(PermanentFetchError) as info:
        fetcher.get(server.url("/rieng/x"))
    assert info.value.reason == R_ROBOTS and "/rieng/x" not in server.paths()
    assert fetcher.crawl_delay(server.url("/")) == 2.0
    assert fetcher.sitemaps(server.url("/")) == ["http://127.0.0.1/sitemap.xml"]
    assert server.paths().count("/robots.txt") == 1  # cached


def test_robots_404_allows_all(server: Server, fetcher: Fetcher) -> None:
    assert fetcher.allowed(server.url("/bat-ky")) is True
    assert fetcher.crawl_delay(server.url("/")) == 0.05


def test_robots_5xx_is_temporary_disallow(server: Server, fetcher: Fetcher) -> None:
    server.routes["/robots.txt"] = page("lỗi", 500)
    server.routes["/"] = page()
    with pytest.raises(TransientFetchError) as info:
        fetcher.get(server.url("/"))
    assert info.value.reason == "không đọc được robots.txt (tạm thời)" and info.value.status == 500
    assert "/" not in server.paths()


@pytest.mark.parametrize("with_length", [True, False])
def test_size_cap(server: Server, tmp_path: Path, fake: FakeTime, with_length: bool) -> None:
    body = b"<p>" + "Trường học ".encode() * 2000
    server.routes["/big"] = lambda h: send(h, 200, body, length=with_length)
    f = Fetcher(make_settings(tmp_path, max_bytes=4096), sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(PermanentFetchError) as info:
        f.get(server.url("/big"))
    assert info.value.reason == R_TOO_LARGE


def test_read_timeout_is_transient(server: Server, tmp_path: Path, fake: FakeTime) -> None:
    server.routes["/slow"] = first(lambda h: time.sleep(1.0), plain)
    f = Fetcher(make_settings(tmp_path, read_timeout=0.3), sleep=fake.sleep, clock=fake.clock)
    start = time.monotonic()
    with pytest.raises(TransientFetchError) as info:
        f.get(server.url("/slow"))
    assert info.value.reason == R_TIMEOUT and time.monotonic() - start < 0.9


def test_connection_refused_is_transient(fetcher: Fetcher, fake: FakeTime) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    with pytest.raises(TransientFetchError) as info:
        fetcher.get(f"http://127.0.0.1:{port}/")
    assert info.value.reason == R_CONNECT  # robots.txt could not be reached: the real cause is kept


def test_connection_refused_without_robots(tmp_path: Path, fake: FakeTime) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    f = Fetcher(make_settings(tmp_path), sleep=fake.sleep, clock=fake.clock, obey_robots=False)
    with pytest.raises(TransientFetchError) as info:
        f.get(f"http://127.0.0.1:{port}/")
    assert info.value.reason == R_CONNECT and [s for s in fake.sleeps if s >= 1] == [1.0, 2.0]


def test_latin1_header_on_utf8_body_with_meta(server: Server, fetcher: Fetcher) -> None:
    html = f'<html><head><meta charset="utf-8"></head><body>{VI}</body></html>'
    server.routes["/"] = lambda h: send(h, 200, html.encode(), {"Content-Type": "text/html; charset=iso-8859-1"})
    res = fetcher.get(server.url("/"))
    assert VI in res.text and res.encoding == "meta"


def test_windows_1258_header(server: Server, fetcher: Fetcher) -> None:
    body = "Trư\u01a1\u0300ng ho\u0323c".encode("cp1258")  # windows-1258 composes tones with combining marks
    server.routes["/"] = lambda h: send(h, 200, body, {"Content-Type": "text/html; charset=windows-1258"})
    res = fetcher.get(server.url("/"))
    assert res.text == "Trường học" and res.encoding == "header"


def test_meta_then_detection(server: Server, fetcher: Fetcher) -> None:
    html = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">' + VI
    server.routes["/m"] = lambda h: send(h, 200, html.encode(), {"Content-Type": "text/html"})
    server.routes["/d"] = lambda h: send(h, 200, VI.encode(), {"Content-Type": "text/html"})
    assert fetcher.get(server.url("/m")).encoding == "meta"
    res = fetcher.get(server.url("/d"))
    assert (res.text, res.encoding) == (VI, "detected")


def test_per_host_spacing_real_time(server: Server, server2: Server, tmp_path: Path) -> None:
    server.routes["/"] = server2.routes["/"] = page()
    f = Fetcher(make_settings(tmp_path, crawl_delay=0.2), obey_robots=False)
    f.get(server.url("/"))
    start = time.monotonic()
    f.get(server2.url("/"))  # another host:port is not held back
    assert time.monotonic() - start < 0.15
    f.get(server.url("/"))
    (_, first), (_, second) = server.hits
    assert second - first >= 0.19


def test_per_host_concurrency(server: Server, tmp_path: Path) -> None:
    server.routes["/"] = first(lambda h: server.busy(0.05), plain)
    f = Fetcher(make_settings(tmp_path, crawl_delay=0.0, per_host=1))
    threads = [threading.Thread(target=f.get, args=(server.url("/"),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.paths().count("/") == 6 and server.max_in_flight == 1


def test_per_host_concurrency_two(server: Server, tmp_path: Path) -> None:
    server.routes["/"] = first(lambda h: server.busy(0.1), plain)
    f = Fetcher(make_settings(tmp_path, crawl_delay=0.0, per_host=2), obey_robots=False)
    threads = [threading.Thread(target=f.get, args=(server.url("/"),)) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.max_in_flight == 2


def test_tls_opt_out_recorded(server: Server, tmp_path: Path) -> None:
    server.routes["/"] = page()
    f = Fetcher(make_settings(tmp_path), verify_tls=False, sleep=lambda s: None)
    assert f.verify_tls is False and f.get(server.url("/")).verify_tls is False


def test_a_rebinding_host_is_refused_at_connect_time(server: Server, tmp_path: Path, fake: FakeTime,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The name looked public when checked, but the connection reached loopback: refused, nothing sent."""
    server.routes["/"] = page()
    monkeypatch.setattr("audit.fetch.fetcher.check_target", lambda *args: None)  # the first DNS answer was public
    f = Fetcher(make_settings(tmp_path, allow_networks=()), sleep=fake.sleep, clock=fake.clock, obey_robots=False)
    with pytest.raises(PermanentFetchError) as info:
        f.get(server.url("/"))
    assert info.value.reason == R_PRIVATE and info.value.url == server.url("/") and server.hits == []
    assert "127.0.0.1" in info.value.detail
    f.close()


@pytest.fixture
def tls_server(server: Server, tmp_path: Path) -> Iterator[Server]:
    """The same server behind TLS with a self-signed certificate for 127.0.0.1."""
    import ssl
    import subprocess
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    server.url = lambda path="/": f"https://127.0.0.1:{server.httpd.server_address[1]}{path}"  # type: ignore
    yield server


def test_https_with_a_self_signed_certificate_is_refused_unless_opted_out(tls_server: Server, tmp_path: Path,
                                                                          fake: FakeTime) -> None:
    tls_server.routes["/"] = page()
    strict = Fetcher(make_settings(tmp_path), sleep=fake.sleep, clock=fake.clock, obey_robots=False)
    with pytest.raises(PermanentFetchError) as info:
        strict.get(tls_server.url("/"))
    assert info.value.reason == R_TLS and not info.value.transient
    lax = Fetcher(make_settings(tmp_path), verify_tls=False, sleep=fake.sleep, clock=fake.clock, obey_robots=False)
    res = lax.get(tls_server.url("/"))
    assert res.status == 200 and res.verify_tls is False and "Trường" in res.text
    strict.close()
    lax.close()


def test_https_connections_are_guarded_too(tls_server: Server, tmp_path: Path, fake: FakeTime,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    tls_server.routes["/"] = page()
    monkeypatch.setattr("audit.fetch.fetcher.check_target", lambda *args: None)
    f = Fetcher(make_settings(tmp_path, allow_networks=()), verify_tls=False, sleep=fake.sleep, clock=fake.clock,
                obey_robots=False)
    with pytest.raises(PermanentFetchError) as info:
        f.get(tls_server.url("/"))
    assert info.value.reason == R_PRIVATE and tls_server.hits == []
    f.close()
