"""A school's budget holds against slow and unwilling servers (issue 14, item 1), on real local
HTTP servers: a page that trickles one byte a second is cut at the request's deadline (in the
headers as in the body); a 503 asking to wait an hour is given up at once and recorded; failed
requests (retries, robots.txt) count against the request budget; `audit school` against a portal
whose pages trickle writes a partial result within its budget; and the crawl watchdog stops,
then gives up, a crawl that runs past its hard limit, whatever the worker pool."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from audit.crawl import watchdog
from audit.crawl.budget import Budget
from audit.crawl.crawler import crawl_school
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.report import crawl_section
from audit.fetch import Fetcher, TransientFetchError
from audit.fetch.errors import R_TIMEOUT, BudgetSpent
from audit.school import crawl_first_reachable, limited_crawl
from tests import test_fetch
from tests.test_fetch import FakeTime, Server, first, make_settings, page, send

ROOT = Path(__file__).resolve().parents[1]
WINDOW = (date(2021, 9, 1), date(2022, 5, 31))
HOUR_WAIT = "máy chủ yêu cầu chờ 3600 s, vượt ngân sách thời gian"
tls_server = test_fetch.tls_server   # the fixtures of the fetcher's tests: its server, and behind TLS
server = test_fetch.server


def trickle_body(h: Any, seconds: int = 40) -> None:
    """200 with a long body sent one byte a second (until the client goes, or `seconds` pass)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html; charset=utf-8")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    _drip(h, seconds)


def trickle_headers(h: Any, seconds: int = 40) -> None:
    """A status line, then a header that never ends: one byte a second."""
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Cham: ")
    _drip(h, seconds)


def _drip(h: Any, seconds: int) -> None:
    for _ in range(seconds):
        try:
            h.wfile.write(b"a")
            h.wfile.flush()
        except OSError:
            return
        time.sleep(1.0)


def menu(*paths: str) -> bytes:
    items = "".join(f'<li><a href="{p}">Tin tức {i}</a></li>' for i, p in enumerate(paths))
    return f'<html><body><ul class="menu">{items}</ul><p>Trường THCS Nguyễn Du</p></body></html>'.encode()


# -- (a) one byte a second cannot hold a request past its deadline ----------------------------------
@pytest.mark.parametrize("route", [trickle_body, trickle_headers], ids=["body", "headers"])
def test_a_trickling_page_is_cut_at_the_request_deadline(server: Server, tmp_path: Path, route: Any) -> None:
    server.routes["/cham"] = route
    f = Fetcher(make_settings(tmp_path, total_timeout=3.0, read_timeout=2.0), obey_robots=False)
    start = time.monotonic()
    with pytest.raises(TransientFetchError) as info:
        f.get(server.url("/cham"))
    elapsed = time.monotonic() - start
    f.close()
    assert info.value.reason == R_TIMEOUT and elapsed < 3.0 + 2, elapsed
    assert server.paths() == ["/cham"]   # a deadline is no reason to try again


def test_over_tls_a_reused_connection_is_cut_too(tls_server: Server, tmp_path: Path) -> None:
    tls_server.httpd.RequestHandlerClass.protocol_version = "HTTP/1.1"   # keep-alive: the second request reuses
    ports: list[int] = []
    tls_server.routes["/"] = first(lambda h: ports.append(h.client_address[1]), page())
    tls_server.routes["/cham"] = first(lambda h: ports.append(h.client_address[1]), trickle_body)
    f = Fetcher(make_settings(tmp_path, total_timeout=3.0, read_timeout=2.0), verify_tls=False, obey_robots=False)
    assert f.get(tls_server.url("/")).status == 200
    start = time.monotonic()
    with pytest.raises(TransientFetchError) as info:
        f.get(tls_server.url("/cham"))
    elapsed = time.monotonic() - start
    f.close()
    assert info.value.reason == R_TIMEOUT and elapsed < 3.0 + 2, elapsed
    assert len(ports) == 2 and ports[0] == ports[1]


def test_a_trickling_page_is_cut_when_the_school_budget_ends(server: Server, tmp_path: Path) -> None:
    server.routes["/cham"] = trickle_body
    f = Fetcher(make_settings(tmp_path, read_timeout=2.0), obey_robots=False, budget=Budget(seconds=3.0))
    start = time.monotonic()
    with pytest.raises(BudgetSpent) as info:
        f.get(server.url("/cham"))   # total_timeout is 120 s: the budget's 3 s come first
    elapsed = time.monotonic() - start
    f.close()
    assert "hết thời gian cho phép (3 giây)" in info.value.reason and elapsed < 3.0 + 2, elapsed


def test_abort_cuts_a_request_in_flight(server: Server, tmp_path: Path) -> None:
    server.routes["/cham"] = trickle_body
    budget = Budget(seconds=100.0)
    f = Fetcher(make_settings(tmp_path, read_timeout=2.0), obey_robots=False, budget=budget)
    def stop() -> None:
        budget.stop("dừng thử")
        f.abort()
    timer = threading.Timer(1.0, stop)
    timer.start()
    start = time.monotonic()
    with pytest.raises(BudgetSpent) as info:
        f.get(server.url("/cham"))
    assert info.value.reason == "dừng thử" and time.monotonic() - start < 3.0
    with pytest.raises(BudgetSpent):   # and nothing starts after
        f.get(server.url("/"))
    f.close()
    assert server.paths() == ["/cham"]


# -- (b) Retry-After beyond the budget or the cap: given up at once, recorded -----------------------------
def test_503_asking_for_an_hour_is_given_up_at_once(server: Server, tmp_path: Path) -> None:
    server.routes["/"] = page("bảo trì", 503, **{"Retry-After": "3600"})
    fake = FakeTime()
    f = Fetcher(make_settings(tmp_path), sleep=fake.sleep, clock=fake.clock,
                budget=Budget(seconds=600.0, clock=fake.clock))
    with pytest.raises(TransientFetchError) as info:
        f.get(server.url("/"))
    assert info.value.reason == HOUR_WAIT and info.value.status == 503
    assert server.paths().count("/") == 1 and not [s for s in fake.sleeps if s >= 1]
    plain = Fetcher(make_settings(tmp_path), sleep=fake.sleep, clock=fake.clock)   # no budget: the 60 s cap
    with pytest.raises(TransientFetchError) as info:
        plain.get(server.url("/"))
    assert info.value.reason == "máy chủ yêu cầu chờ 3600 s, quá mức chờ cho phép (60 s)"
    assert not [s for s in fake.sleeps if s >= 1]
    f.close()
    plain.close()


def test_a_crawl_records_the_503_it_would_have_waited_an_hour_for(server: Server, tmp_path: Path) -> None:
    server.routes["/"] = lambda h: send(h, 200, menu("/tin-tuc/"))
    server.routes["/tin-tuc/"] = page("bảo trì", 503, **{"Retry-After": "3600"})
    f = Fetcher(make_settings(tmp_path, retry_backoff=0.01))
    start = time.monotonic()
    out = crawl_school(server.url("/"), f, WINDOW, budget=Budget(seconds=600.0))
    f.close()
    assert time.monotonic() - start < 5
    assert (server.url("/tin-tuc/"), HOUR_WAIT) in out.errors
    section = crawl_section(out)
    assert section["status"] == "partial" and HOUR_WAIT in section["reason"]


# -- (c) failed requests count against the request budget ---------------------------------------------------
def test_failed_fetches_count_against_the_request_budget(server: Server, tmp_path: Path) -> None:
    paths = [f"/tin-tuc-{i}/" for i in range(20)]
    server.routes["/"] = lambda h: send(h, 200, menu(*paths))
    for p in paths[::2]:   # the others answer 404; these 503, retried
        server.routes[p] = page("lỗi", 503)
    settings = make_settings(tmp_path, school_budget=0.0, school_max_requests=10, retry_backoff=0.01)
    f = Fetcher(settings)
    out = crawl_first_reachable([server.url("/")], f, WINDOW)
    f.close()
    assert len(server.hits) == 10, server.paths()   # robots.txt, the home page, the pages and their retries
    assert not out.failed and out.status == "partial"
    assert out.budget_spent == "đã dùng hết số yêu cầu cho phép (10 yêu cầu)"
    assert crawl_section(out)["reason"] == "dừng giữa chừng: " + out.budget_spent


# -- (d) audit school, end to end, against a portal whose pages trickle ------------------------------------
def test_audit_school_against_trickling_pages_writes_a_partial_result_within_its_budget(
        server: Server, tmp_path: Path) -> None:
    slow = [f"/tin-tuc-{i}/" for i in range(5)]
    server.routes["/"] = lambda h: send(h, 200, menu(*slow))
    for p in slow:
        server.routes[p] = lambda h: trickle_body(h, seconds=600)
    budget = 15
    env = {**os.environ, "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_SCHOOL_BUDGET": str(budget),
           "AUDIT_DATA_DIR": str(tmp_path / "var")}
    env.pop("AUDIT_CONFIG", None)
    out = tmp_path / "out"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "audit.cli", "school", server.url("/"), "--rubric",
                           "tdm-2021-2022-school", "--year", "2021-2022", "--out", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=budget + 30)
    elapsed = time.monotonic() - start
    assert proc.returncode in (0, 3), proc.stderr[-2000:]
    crawl = json.loads((out / "result.json").read_text(encoding="utf-8"))["crawl"]
    assert crawl["status"] in ("partial", "failed") and crawl["reason"], crawl
    assert "hết thời gian cho phép (15 giây)" in crawl["reason"], crawl
    assert elapsed < budget + 30, elapsed
    assert server.paths().count("/") == 1 and server.paths()[2] in slow


# -- (e) the worker's hard limit: the watchdog ---------------------------------------------------------------
def test_the_watchdog_stops_a_crawl_past_its_hard_limit() -> None:
    budget = Budget(seconds=0.2)
    stopped: list[str] = []

    def crawl() -> str:   # a crawl that stops when its budget does (as the crawler does)
        while not budget.stopped:
            time.sleep(0.01)
        return "partial: " + budget.spent()

    def stop(reason: str) -> None:
        stopped.append(reason)
        budget.stop(reason)
    start = time.monotonic()
    got = watchdog.run_limited(crawl, budget.seconds, stop, lambda why: "fallback", stop_grace=0.1, abandon_grace=5)
    assert time.monotonic() - start < 1.5
    assert got == "partial: " + stopped[0] and "giới hạn thời gian cứng" in stopped[0]


def test_the_watchdog_gives_up_a_crawl_that_does_not_stop() -> None:
    release = threading.Event()
    start = time.monotonic()
    def stuck() -> str:
        release.wait(30)
        return "done"
    got = watchdog.run_limited(stuck, 0.2, lambda why: None, lambda why: f"failed: {why}",
                               stop_grace=0.1, abandon_grace=0.2)
    release.set()
    assert time.monotonic() - start < 1.5 and got.startswith("failed: ") and "bị bỏ" in got


def test_the_watchdog_passes_results_and_errors_through() -> None:
    assert watchdog.run_limited(lambda: 7, 5, lambda why: None, lambda why: 0) == 7

    def broken() -> int:
        raise ValueError("hỏng")
    with pytest.raises(ValueError, match="hỏng"):
        watchdog.run_limited(broken, 5, lambda why: None, lambda why: 0)


def test_a_stuck_crawl_step_still_writes_a_failed_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The batch's crawl step (what the crawl task runs, on whatever pool): a crawl stuck in its own code
    past budget + graces is given up, and the step records a failed crawl with the reason."""
    from audit import school
    from audit.pipeline import crawl_step
    from audit.store import Store
    release = threading.Event()

    def stuck(*_args: Any, **_kwargs: Any) -> CrawlOutcome:
        release.wait(30)
        raise AssertionError("not reached in time")
    monkeypatch.setattr(school, "crawl_first_reachable", stuck)
    monkeypatch.setattr(watchdog, "STOP_GRACE", 0.1)
    monkeypatch.setattr(watchdog, "ABANDON_GRACE", 0.2)
    settings = make_settings(tmp_path, school_budget=0.3, database_url=f"sqlite:///{tmp_path / 'a.sqlite3'}")
    start = time.monotonic()
    with Store(settings) as store:
        store.upsert_school("s1", "Trường thử", "http://127.0.0.1:9/", "tdm-2021-2022-school")
        store.create_batch("b1", "2021-2022", ["s1"])
        got = crawl_step(store, settings, "s1", "2021-2022", "b1")
    release.set()
    assert time.monotonic() - start < 5
    crawled = json.loads((tmp_path / "runs" / str(got["run_id"]) / "crawl.json").read_text(encoding="utf-8"))
    assert got["crawl"] == crawled["crawl"]["status"] == "failed"
    assert "bị bỏ" in crawled["crawl"]["reason"] and crawled["crawl"]["budget_spent"]


def test_limited_crawl_without_a_time_budget_runs_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import school
    seen: list[str] = []

    def record(*_args: Any, **_kwargs: Any) -> CrawlOutcome:
        seen.append(threading.current_thread().name)
        return CrawlOutcome(start_url="http://x/")
    monkeypatch.setattr(school, "crawl_first_reachable", record)
    f = Fetcher(replace(make_settings(tmp_path), school_budget=0.0))
    assert limited_crawl(["http://x/"], f, WINDOW).start_url == "http://x/"
    assert seen == [threading.current_thread().name] and isinstance(f.budget, Budget)
    f.close()
