"""The command line talks while it works: progress events from the crawl, drawn only on a terminal;
exit 3 says why on stderr; `audit batch` says when no worker listens (issue 15, point 4)."""
from __future__ import annotations

import io
import json
import os
import re
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from audit.cli import progress as cli_progress
from audit.crawl.crawler import crawl_school
from audit.crawl.progress import CrawlProgress, listening
from audit.fetch import Fetcher
from audit.school import crawl_and_check
from audit.rubric import find_rubric
from audit.simulator import Running

from tests.conftest import SIM_SETTINGS
from tests.service import RedisServer, audit_cli

WINDOW = (date(2021, 9, 1), date(2022, 5, 31))
PROGRESS_LIKE = re.compile(r"\x1b\[|\r|trang ·|tin bài ·|đang đọc")


def _healthy(manifest: dict[str, Any]) -> str:
    return next(p for p, v in manifest.items() if "crawl" not in v["expected"] and not v["faults"])


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", "AUDIT_CRAWL_DELAY": "0",
            "AUDIT_DATA_DIR": str(tmp_path / "var"), "AUDIT_DATABASE_URL": f"sqlite:///{tmp_path / 'a.sqlite3'}",
            **extra}


def test_the_hook_hears_every_page_of_a_simulated_crawl(sim: tuple[Running, dict[str, Any], Any]) -> None:
    _, manifest, _ = sim
    url = manifest[_healthy(manifest)]["url"]
    events: list[CrawlProgress] = []
    fetcher = Fetcher(SIM_SETTINGS)
    try:
        out = crawl_school(url, fetcher, WINDOW, progress=events.append)
    finally:
        fetcher.close()
    assert not out.failed and events
    assert [e.pages for e in events] == list(range(1, len(out.pages) + 1))   # one event per page read
    assert events[0].section == "trang chủ" and events[0].url == out.pages[0].url
    posts = [e.posts for e in events]
    assert posts == sorted(posts) and posts[-1] > 0   # posts found so far only grow
    labels = {s.label for s in out.sections if s.label}
    assert labels & {e.section for e in events}   # a section's label while its listing is read


def test_a_listening_block_reaches_the_crawl_thread_and_a_broken_hook_never_stops_it(
        sim: tuple[Running, dict[str, Any], Any]) -> None:
    """The inline batch's path: no hook passed down, one set around it; the crawl runs in the watchdog's thread."""
    _, manifest, _ = sim
    url = manifest[_healthy(manifest)]["url"]
    events: list[CrawlProgress] = []
    rubric = find_rubric("tdm-2021-2022-school")
    fetcher = Fetcher(SIM_SETTINGS)
    try:
        with listening(events.append):
            out, _ = crawl_and_check([url], fetcher, rubric, WINDOW, [])

        def broken(_event: CrawlProgress) -> None:
            raise RuntimeError("display gone")
        fresh = Fetcher(SIM_SETTINGS)
        try:
            again = crawl_school(url, fresh, WINDOW, progress=broken)
        finally:
            fresh.close()
    finally:
        fetcher.close()
    assert not out.failed and len(events) == len(out.pages)
    assert not again.failed and len(again.pages) == len(out.pages)


def test_displays_draw_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    event = CrawlProgress(42, 130, "Tin tức", "http://x/tin-tuc")
    assert cli_progress.describe(event) == "42 trang · 130 tin bài · đang đọc: Tin tức"
    monkeypatch.setattr("sys.stderr", io.StringIO())   # not a terminal
    with cli_progress.crawl_display("x") as hook:
        assert hook is None
    with cli_progress.batch_display(2) as display, display.school(1, 2, "A") as hook:
        assert hook is None

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    with cli_progress.batch_display(2) as display:
        for n in (1, 2):
            with display.school(n, 2, f"Trường {n}") as hook:
                assert hook is not None
                hook(event)
    with cli_progress.crawl_display("x.edu.vn") as hook:
        assert hook is not None
        hook(event)
    assert screen.getvalue()   # drawn (and cleared: the display is transient)


def test_school_without_a_terminal_prints_only_the_summary(sim: tuple[Running, dict[str, Any], Any],
                                                           tmp_path: Path) -> None:
    _, manifest, _ = sim
    pid = _healthy(manifest)
    done = audit_cli(_env(tmp_path), "school", manifest[pid]["url"], "--rubric", "tdm-2021-2022-school",
                     "--year", "2021-2022", "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert not PROGRESS_LIKE.search(done.stderr), done.stderr
    assert not PROGRESS_LIKE.search(done.stdout.replace("Báo cáo:", ""))
    assert "3.3" in done.stdout and done.stdout.splitlines()[-1].startswith("Báo cáo: ")
    piped = audit_cli(_env(tmp_path), "school", manifest[pid]["url"], "--rubric", "tdm-2021-2022-school",
                      "--year", "2021-2022", "--out", str(tmp_path / "out2"), "--json", "-")
    assert piped.returncode == 0 and json.loads(piped.stdout)["school"]["url"]   # stdout is the JSON alone
    assert not PROGRESS_LIKE.search(piped.stderr)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_exit_3_says_why_on_stderr(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    done = audit_cli(_env(tmp_path), "school", url, "--rubric", "tdm-2021-2022-school", "--year", "2021-2022",
                     "--out", str(tmp_path / "out"))
    assert done.returncode == 3
    reason = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))["crawl"]["reason"]
    lines = done.stderr.strip().splitlines()
    assert lines == [f"audit: school: không thu thập được cổng thông tin {url}: {reason}"], done.stderr
    assert reason


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "truong.yaml"
    schools = [{"id": "a", "name": "Trường A", "url": "http://127.0.0.1:9/", "rubric": "tdm-2021-2022-school"}]
    path.write_text(yaml.safe_dump({"schools": schools}, allow_unicode=True), encoding="utf-8")
    return path


def test_batch_with_no_worker_listening_says_so_and_queues(tmp_path: Path, registry: Path) -> None:
    redis = RedisServer(tmp_path)
    try:
        env = _env(tmp_path, AUDIT_BROKER_URL=redis.url)
        done = audit_cli(env, "batch", str(registry), "--year", "2021-2022")
    finally:
        redis.stop()
    assert done.returncode == 0, done.stderr
    assert "không có worker nào đang nghe hàng đợi" in done.stderr
    assert "celery -A workers.app worker -Q crawl,evidence,score" in done.stderr
    assert done.stdout.strip().startswith("2021-2022-")   # queued all the same: the batch id


def test_batch_with_no_broker_at_all_is_refused_before_anything_is_registered(tmp_path: Path,
                                                                            registry: Path) -> None:
    env = _env(tmp_path, AUDIT_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    done = audit_cli(env, "batch", str(registry), "--year", "2021-2022")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("audit: batch: không kết nối được hàng đợi (broker)"), done.stderr
    assert "--inline" in done.stderr

