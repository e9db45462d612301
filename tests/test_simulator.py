"""The portal simulator: deterministic world, realistic templates, faults and ground truth."""
from __future__ import annotations

import base64
import json
import re
import signal
import subprocess
import sys
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.robotparser import RobotFileParser

import feedparser
import pytest
import requests
from bs4 import BeautifulSoup

from audit.simulator import FAULTS, TEMPLATES, World, build_manifest, build_world, serve
from audit.simulator.server import Running

SEED = 7


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(seed=SEED, n_portals=24)


@pytest.fixture(scope="module")
def running(world: World) -> Iterator[Running]:
    with serve(world) as served:
        yield served


@pytest.fixture(scope="module")
def manifest(running: Running) -> dict[str, Any]:
    return running.manifest()


def with_fault(world: World, fault: str) -> str:
    return next(p.id for p in world.portals if fault in p.faults)


def healthy(world: World, template: str) -> str:
    return next(p.id for p in world.portals if p.template == template and not p.faults)


def get(url: str, **kwargs: Any) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)


# -- the world ---------------------------------------------------------------------------

def test_same_seed_same_manifest_other_seed_differs() -> None:
    first = build_manifest(build_world(seed=SEED, n_portals=24))
    assert first == build_manifest(build_world(seed=SEED, n_portals=24))
    assert first != build_manifest(build_world(seed=SEED + 1, n_portals=24))
    json.dumps(first)                                      # JSON-able


def test_every_template_and_fault_is_represented(world: World) -> None:
    assert {p.template for p in world.portals} == set(TEMPLATES)
    assert {f for p in world.portals for f in p.faults} == set(FAULTS)
    assert len({p.id for p in world.portals}) == 24
    assert world.portal("vhv-01").template == "vhv"
    assert {p.variant for p in world.portals if p.template == "generic"} == {"table", "list"}


def test_posts_are_realistic(world: World) -> None:
    for portal in world.portals:
        assert unicodedata.is_normalized("NFC", portal.name)
        for post in portal.posts:
            assert str(post.published.tzinfo) == "Asia/Ho_Chi_Minh"
            assert date(2020, 9, 1) <= post.published.date() <= date(2023, 6, 30)
            assert post.kind in ("news", "document", "resource") and post.urls
            assert not post.title.startswith(("Bảng ba công khai", "Thông báo tuyển sinh"))
            assert unicodedata.is_normalized("NFC", post.title)
        kinds = {p.kind for p in portal.posts}
        assert kinds == {"news", "document", "resource"}
        days = {(p.published.month, p.published.day) for p in portal.posts if p.kind == "news"}
        assert (8, 31) in days and (6, 1) in days            # just outside the window
        assert any(p.published.hour == 0 for p in portal.posts)
        assert any(len(p.categories) == 2 for p in portal.posts)


def test_rates_per_school_year(manifest: dict[str, Any]) -> None:
    counts = [y["news_in_window"] for e in manifest.values() for y in e["counts"].values()]
    assert all(30 <= c <= 75 for c in counts)
    assert any(c < 40 for c in counts) and any(c > 55 for c in counts)


def test_manifest_counts_equal_a_recount(manifest: dict[str, Any]) -> None:
    for entry in manifest.values():
        for year, counted in entry["counts"].items():
            start, end = (date.fromisoformat(d) for d in counted["window"])
            assert (start, end) == (date(int(year[:4]), 9, 1), date(int(year[:4]) + 1, 5, 31))
            recount = sum(1 for p in entry["posts"] if p["kind"] == "news"
                          and start <= date.fromisoformat(p["published"]) <= end)
            assert counted["news_in_window"] == recount == sum(counted["per_week"].values())
        if set(entry["faults"]) & {"down", "http500", "robots_disallow"}:
            assert entry["expected"]["crawl"] == "failed"
        else:
            assert entry["expected"] == entry["counts"]


# -- serving -----------------------------------------------------------------------------

def test_home_pages_answer(world: World, running: Running) -> None:
    for portal in world.portals:
        if set(portal.faults) & {"down", "http500", "flaky500"}:
            continue
        response = get(running.url(portal.id))
        assert response.status_code == 200, portal.id
        assert "utf-8" in response.content.decode("utf-8").lower()


def test_articles_answer_under_every_url(world: World, manifest: dict[str, Any]) -> None:
    session = requests.Session()
    for portal in world.portals:
        if portal.faults:
            continue
        posts = manifest[portal.id]["posts"]
        sample = posts[::25] + [p for p in posts if len(p["categories"]) == 2][:2]
        for post in sample:
            for url in post["urls"]:
                response = session.get(url, timeout=10)
                assert response.status_code == 200, url
                if "html" in response.headers["Content-Type"]:
                    assert post["title"] in BeautifulSoup(response.text, "lxml").get_text()


def test_vhv_pages_only_through_the_redraw_post(world: World, running: Running) -> None:
    base = running.url(healthy(world, "vhv")).rstrip("/")
    listing = base + "/tin-tuc-thong-bao/hoat-dong.html"
    page1, ignored = get(listing).text, get(listing + "?page=2").text
    assert page1 == ignored
    soup = BeautifulSoup(page1, "lxml")
    items = soup.select("div.news-listType10 h2 > a")
    assert len(items) == 10
    assert re.fullmatch(r"\d\d/\d\d/\d\d", soup.select("span.time-news")[0].get_text())
    settings = str(soup.select("[data-settings]")[0]["data-settings"])
    assert json.loads(base64.b64decode(settings))["orderBy"] == "publishTime DESC"
    found = re.search(r"'url': '([^']+cmd=redraw[^']*)'", page1)
    assert found
    url = found.group(1)
    page2 = requests.post(base + url, data={"settings": settings, "pageNo": "2"}, timeout=10)
    titles2 = [a.get_text() for a in BeautifulSoup(page2.text, "lxml").select("h2 > a")]
    assert len(titles2) == 10 and not set(titles2) & {a.get_text() for a in items}
    article = get(base + str(items[0]["href"])).text
    assert re.search(r'property="article:published_time" itemprop="datePublished" '
                     r'content="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0700"', article)


def test_hcm_sitemap_robots_and_variants(world: World, running: Running,
                                         manifest: dict[str, Any]) -> None:
    portal_id = healthy(world, "hcm")
    base = running.url(portal_id).rstrip("/")
    robots = get(base + "/robots.txt").text
    assert "Disallow: /Timkiem" in robots and "Sitemap: http://" in robots
    tree = ET.fromstring(get(base + "/sitemap.xml").content)
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(ns + "loc") or "" for u in tree.iter(ns + "url")]
    assert len(tree.findall(f".//{ns}lastmod")) == len(locs)
    assert sorted(loc.rsplit("/", 1)[1] for loc in locs) == sorted(p.id for p in world.portal(portal_id).posts)
    post = manifest[portal_id]["posts"][30]
    variants = {u.split("/")[-3] for u in post["urls"]}
    assert variants == {"ct", "ctmb", "ctfull"}
    detail = get(post["urls"][0]).text
    assert re.search(r"Thứ .+?, \d{1,2}/\d{1,2}/\d{4}, \d\d:\d\d , Lượt đọc : \d+", detail)
    assert "qicontentdetail" in detail and "Tin cùng chuyên mục" in detail


def test_nukeviet_rss_has_the_midnight_utc_trap(world: World, running: Running) -> None:
    portal = world.portal(healthy(world, "nukeviet"))
    feed = feedparser.parse(get(running.url(portal.id) + "news/rss/").content)
    assert not feed.bozo and len(feed.entries) == sum(p.kind == "news" for p in portal.posts)
    early = [e for e in feed.entries if re.search(r" 00:\d\d:\d\d \+0700$", e.published)]
    assert early
    year, month, day = early[0].published_parsed[:3]
    utc_day = date(year, month, day)
    local_day = datetime.strptime(early[0].published[5:16], "%d %b %Y").date()
    assert utc_day != local_day                              # converting to UTC moves the day


def test_nukeviet_listing_and_pages(world: World, running: Running) -> None:
    base = running.url(healthy(world, "nukeviet")).rstrip("/")
    soup = BeautifulSoup(get(base + "/tin-tuc/page-2").text, "lxml")
    columns = soup.select("div.news_column")
    assert columns and columns[0].select_one("h3 > a")
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d", columns[0].select("li")[0].get_text())


def test_wordpress_pagination_and_feed(world: World, running: Running) -> None:
    base = running.url(healthy(world, "wordpress")).rstrip("/")
    page = get(base + "/category/tin-tuc/page/2/").text
    assert '<link rel="next" href="/category/tin-tuc/page/3/">' in page and "Trang sau" in page
    feed = feedparser.parse(get(base + "/feed/").content)
    assert len(feed.entries) == 10 and feed.entries[0].published.endswith("+0000")


def test_generic_numbered_pagination(world: World, running: Running) -> None:
    for variant, pattern in (("table", r"Ngày đăng: \d\d/\d\d/\d{4}"), ("list", r"\d\d:\d\d \d\d/\d\d/\d{4}")):
        portal = next(p for p in world.portals if p.variant == variant and not p.faults
                      and "listing_nodate" not in p.traits)
        page = get(running.url(portal.id) + "tin-tuc?p=2").text
        assert '<a href="/tin-tuc?p=1">1</a>' in page and "<b>2</b>" in page
        assert re.search(pattern, page) and "»" in page


# -- web checks: disclosure, forms, sections, counter, directory -----------------------------

UNREAD = {"down", "http500", "flaky500"}     # flaky500: its first home request must stay a 500


def _readable(manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {pid: e for pid, e in manifest.items() if not set(e["faults"]) & UNREAD}


def test_every_check_case_appears_on_a_readable_portal(manifest: dict[str, Any]) -> None:
    checks = [e["checks"] for e in _readable(manifest).values()]
    hows = {c["disclosure"]["how"] for c in checks}
    assert hows == {"page", "year_pages", "posts", "under_intro", "older_only", "none"}
    assert any(c["disclosure"]["years"] == ["2019-2020", "2020-2021"] for c in checks)
    assert any("finance" not in c["disclosure"]["groups"] and c["disclosure"]["groups"] for c in checks)
    assert any("annual_report" in c["disclosure"]["groups"] for c in checks)
    assert {c["disclosure"]["label"] for c in checks} >= {"Công khai", "Ba công khai", "3 công khai",
                                                          "Thông tin công khai", "CÔNG KHAI"}
    assert any(not c["forms"] for c in checks)
    assert all(any(kind in c["forms"] for c in checks) for kind in
               ("leave_request", "regrade_request", "admission_info", "admin_procedure"))
    urls = [u for c in checks for u in c["forms"].values()]
    assert any(u.endswith((".doc", ".docx", ".pdf")) for u in urls) and any(not u.endswith(("doc", "docx", "pdf"))
                                                                            for u in urls)
    for key in ("photo_album", "qa", "elearning", "organisation", "contact"):
        assert any(key in c["sections"] for c in checks) and any(key not in c["sections"] for c in checks), key
    assert {c["counter"]["format"] for c in checks if c["counter"]} == {"dots", "commas", "spaces", "plain"}
    assert any(c["counter"] is None for c in checks)
    assert {c["listed_in_directory"] for c in checks} == {True, False}
    assert {t for c in checks for t in c["traps"]} == {"Đơn xin nghỉ phép (dành cho giáo viên)",
                                                        "Thông báo kết quả phúc khảo bài thi học kỳ II"}


def test_every_check_url_answers(manifest: dict[str, Any]) -> None:
    session = requests.Session()
    for pid, entry in _readable(manifest).items():
        c = entry["checks"]
        urls = {*c["forms"].values(), *c["sections"].values(), *c["disclosure"]["year_urls"].values()}
        urls |= {c["disclosure"]["url"]} if c["disclosure"]["url"] else set()
        for url in urls:
            status = session.get(url, timeout=10).status_code
            assert status == 200, (pid, url)
        home = _text(entry["url"])
        for key, url in c["sections"].items():              # linked from home (under_intro: from Giới thiệu)
            page = _text(c["sections"]["introduction"]) if key == "disclosure" and \
                c["disclosure"]["how"] == "under_intro" else home
            assert f'href="/{url.split("/", 3)[3]}"' in page, (pid, key)
        assert c["sections"].keys() >= {"introduction", "news", "documents"}
        assert ("disclosure" in c["sections"]) == (c["disclosure"]["how"] != "none")


def test_disclosure_pages_match_the_manifest(manifest: dict[str, Any]) -> None:
    for pid, entry in _readable(manifest).items():
        d = entry["checks"]["disclosure"]
        home = _text(entry["url"])
        if d["how"] in ("page", "year_pages", "older_only"):
            assert f">{d['label']}</a>" in home, pid
        if d["how"] == "under_intro":
            assert "Thông tin công khai" in _text(entry["checks"]["sections"]["introduction"])
        for year, url in d["year_urls"].items():
            assert year in _text(url), (pid, year)
        if d["how"] == "posts":
            post = _text(d["url"])
            assert "Tập tin đính kèm" in post and ".pdf" in post
        if d["how"] == "none":
            assert "công khai" not in BeautifulSoup(home, "lxml").get_text().lower()


def _text(url: str) -> str:
    return get(url).content.decode("utf-8")


def _total(html: str) -> int | None:
    text = BeautifulSoup(html, "lxml").get_text(" ")
    found = re.search(r"(?:Tổng lượt truy cập|Lượt truy cập|Đã truy cập):?\s*([\d.,  ]*\d)", text)
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def test_counter_reads_and_grows_with_days(world: World, running: Running) -> None:
    entries = _readable(running.manifest())
    for pid, entry in entries.items():
        counter = entry["checks"]["counter"]
        assert _total(_text(entry["url"])) == (counter["total"] if counter else None), pid
    before = {pid: e["checks"]["counter"] for pid, e in entries.items() if e["checks"]["counter"]}
    running.advance_days(3)
    try:
        after = running.manifest()
        for pid, counter in before.items():
            assert after[pid]["checks"]["counter"]["total"] == counter["total"] + 3 * counter["per_day"]
            assert _total(_text(after[pid]["url"])) == after[pid]["checks"]["counter"]["total"], pid
        assert any(after[p]["checks"]["counter"]["today"] != c["today"] for p, c in before.items())
    finally:
        running.advance_days(-3)


def test_directory_lists_exactly_the_listed_portals(world: World, running: Running,
                                                   manifest: dict[str, Any]) -> None:
    assert running.directory_url().split("/", 3)[3].startswith("dsdonvi.aspx?codekhoi=th&code=")
    soup = BeautifulSoup(get(running.directory_url()).text, "lxml")
    linked = {str(a["href"]) for a in soup.select("table a")}
    school_urls = {e["url"] for e in manifest.values()}
    listed = {e["url"] for e in manifest.values() if e["checks"]["listed_in_directory"]}
    assert linked & school_urls == listed and 0 < len(listed) < len(school_urls)
    assert running.directory_url() not in school_urls


# -- faults ------------------------------------------------------------------------------

def test_down_refuses_connections(world: World, running: Running) -> None:
    with pytest.raises(requests.ConnectionError):
        get(running.url(with_fault(world, "down")))


def test_http500_everywhere(world: World, running: Running, manifest: dict[str, Any]) -> None:
    portal_id = with_fault(world, "http500")
    for url in (running.url(portal_id), manifest[portal_id]["posts"][0]["urls"][0]):
        assert get(url).status_code == 500


def test_flaky500_fails_once(world: World, running: Running) -> None:
    url = running.url(with_fault(world, "flaky500"))
    assert [get(url).status_code for _ in range(3)] == [500, 200, 200]


def test_slow_listing_page(world: World, running: Running, manifest: dict[str, Any]) -> None:
    portal_id = with_fault(world, "slow")
    started = time.monotonic()
    response = get(running.url(portal_id).rstrip("/") + manifest[portal_id]["details"]["slow_path"])
    assert response.status_code == 200 and time.monotonic() - started >= 3.0


def test_robots_disallow_blocks_news(world: World, running: Running) -> None:
    from audit.simulator.sites import SITES
    portal = world.portal(with_fault(world, "robots_disallow"))
    parser = RobotFileParser()
    parser.parse(get(running.url(portal.id) + "robots.txt").text.splitlines())
    listing = running.url(portal.id).rstrip("/") + SITES[portal.template](portal).main_listing(1)
    assert not parser.can_fetch("school-audit", listing)
    assert parser.can_fetch("school-audit", running.url(portal.id))


def test_redirect_home(world: World, running: Running, manifest: dict[str, Any]) -> None:
    portal_id = with_fault(world, "redirect")
    first = get(running.url(portal_id), allow_redirects=False)
    assert first.status_code == 301
    assert first.headers["Location"] == running.url(portal_id).rstrip("/") + \
        manifest[portal_id]["details"]["redirect_to"]
    assert get(running.url(portal_id)).status_code == 200


def test_broken_html_still_holds_the_posts(world: World, running: Running) -> None:
    portal = world.portal(with_fault(world, "broken_html"))
    page = get(running.url(portal.id) + "tin-tuc").text
    assert "<body></div>" in page and "</html>" not in page
    assert len(BeautifulSoup(page, "lxml").select("a[href$='.htm']")) >= 10


def test_wrong_charset_header_but_utf8_body(world: World, running: Running) -> None:
    response = get(running.url(with_fault(world, "wrong_charset")))
    assert "charset=iso-8859-1" in response.headers["Content-Type"]
    body = response.content.decode("utf-8")
    assert '<meta charset="utf-8">' in body and "Trường" in body
    assert "Trường" not in response.text                    # trusting the header garbles it


# -- lifecycle ---------------------------------------------------------------------------

def test_servers_shut_down_after_the_with_block() -> None:
    small = build_world(seed=3, n_portals=5)
    with serve(small) as served:
        urls = [served.url(p.id) for p in small.portals if "down" not in p.faults]
        assert get(urls[0]).status_code in (200, 500)
    for url in urls:
        with pytest.raises(requests.ConnectionError):
            get(url)


def test_command_line_serves_and_writes_the_manifest(tmp_path: Any) -> None:
    target = tmp_path / "manifest.json"
    proc = subprocess.Popen([sys.executable, "-m", "audit.simulator", "--seed", "5", "--portals", "6",
                             "--manifest", str(target)], stdout=subprocess.PIPE, text=True,
                            # a shell's background job ignores SIGINT, and a child would inherit that
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        lines = [proc.stdout.readline() for _ in range(7)] if proc.stdout else []
        assert lines[-1].startswith("manifest:") and "http://127.0.0.1:" in lines[0]
        assert len(json.loads(target.read_text(encoding="utf-8"))) == 6
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
