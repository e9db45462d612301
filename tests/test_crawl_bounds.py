"""Bounded crawls against local servers (issue 14, items 5, 6 and 11).

- Off-site posts never count: feed and sitemap items on another site, and a listed post that
  redirects there, are listed apart ("liên kết tới trang khác: <host>"), never opened when their
  link already says so.
- No silent truncation: a listing that paginates forever stops at the page cap, and the crawl and
  the count say so (partial, with the reason); so do the other caps (sitemaps, articles).
- A huge page (4.9 MB, 40 000 links) is read up to the links cap within seconds, the cap is
  reported, and a report of 20 000 posts renders within seconds.
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterator

import pytest

from audit.config import load_settings
from audit.crawl import plan
from audit.crawl.crawler import crawl_school
from audit.crawl.outcome import CrawlOutcome
from audit.crawl.report import crawl_section, posts_finding
from audit.fetch import Fetcher
from audit.report.html import posts_view, render_school_html

WINDOW = (date(2021, 9, 1), date(2022, 5, 31))
Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str], Answer]   # (path, this server's base URL) → status, headers, body
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml; charset=utf-8"}


class Site:
    """A threaded HTTP server on a loopback address whose answers one function gives; counts hits."""

    def __init__(self, route: Route, host: str = "127.0.0.1") -> None:
        self.hits: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                site.hits.append(self.path)
                status, headers, body = route(self.path, site.base)
                self.send_response(status)
                for key, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://{host}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def page(body: str) -> Answer:
    return 200, HTML, f"<html><body>{body}</body></html>".encode()


def article(title: str, day: date) -> Answer:
    return page(f"<h1>{title}</h1><p class='byline'>Đăng lúc: {day:%d/%m/%Y}</p><p>Nội dung của bài.</p>")


def not_found() -> Answer:
    return 404, HTML, b"not found"


MENU = '<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc/">Tin tức</a></li></ul>'


def listing(items: list[tuple[str, str, date | None]], pager: str = "") -> Answer:
    rows = "".join(f'<li class="item"><a href="{href}">{title}</a>'
                   + (f' <span class="date">{day:%d/%m/%Y}</span>' if day else "") + "</li>"
                   for href, title, day in items)
    return page(f'{MENU}<ul class="news">{rows}</ul><div class="pager">{pager}</div>')


def crawl(url: str, limits: plan.Limits = plan.Limits(), **env: str) -> CrawlOutcome:
    settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8", **env}), crawl_delay=0.0)
    fetcher = Fetcher(settings)
    try:
        return crawl_school(url, fetcher, WINDOW, limits)
    finally:
        fetcher.close()


@pytest.fixture
def sites() -> Iterator[list[Site]]:
    made: list[Site] = []
    yield made
    for site in made:
        site.close()


# -- item 5: off-site items never count ---------------------------------------------------------------
OWN_POSTS = {"/tin-tuc/hoi-nghi-vien-chuc.html": ("Hội nghị cán bộ viên chức năm học", date(2021, 10, 5)),
             "/tin-tuc/khai-giang-nam-hoc.html": ("Khai giảng năm học mới 2021 - 2022", date(2021, 9, 6))}


def test_feed_and_sitemap_items_on_another_site_are_listed_apart_never_counted(sites: list[Site]) -> None:
    other = Site(lambda path, base: article("Bài của một trường khác hoàn toàn", date(2021, 11, 20)), "127.0.0.2")
    sites.append(other)

    def school(path: str, base: str) -> Answer:
        elsewhere = other.base
        if path == "/":
            return page(f'<head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>{MENU}')
        if path == "/tin-tuc/":
            return listing([(u, t, d) for u, (t, d) in OWN_POSTS.items()]
                           + [("/tin-tuc/bai-da-chuyen.html", "Bài đã chuyển sang trang khác", None)])
        if path in OWN_POSTS:
            return article(*OWN_POSTS[path])
        if path == "/tin-tuc/bai-da-chuyen.html":   # a listed post that redirects to another site
            return 302, {"Location": f"{elsewhere}/tin-tuc/bai-chuyen-toi.html"}, b""
        if path == "/rss.xml":
            items = [(f"{base}{u}", t, d) for u, (t, d) in OWN_POSTS.items()] + [
                (f"{elsewhere}/tin-tuc/tin-tu-rss-{n}.html", f"Tin của trang khác số {n}", date(2021, 12, n))
                for n in (1, 2, 3)]
            entries = "".join(f"<item><title>{t}</title><link>{u}</link>"
                              f"<pubDate>{d:%a, %d %b %Y} 08:00:00 +0700</pubDate></item>" for u, t, d in items)
            return 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, \
                f'<?xml version="1.0"?><rss version="2.0"><channel><title>Tin</title>{entries}</channel></rss>'.encode()
        if path == "/sitemap.xml":   # its path is under the news section's: only the host tells it apart
            urls = [f"{base}{u}" for u in OWN_POSTS] + [f"{elsewhere}/tin-tuc/tin-tu-sitemap-{n}.html" for n in (1, 2)]
            locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            return 200, XML, f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' \
                             f'{locs}</urlset>'.encode()
        return not_found()

    site = Site(school)
    sites.append(site)
    out = crawl(site.base + "/")
    finding = posts_finding(out, WINDOW, None)
    values = finding.values
    assert values["total_in_window"] == 2, values["items"]
    assert {i["url"] for i in values["items"]} == {site.base + u for u in OWN_POSTS}
    offsite = [i for i in values["other_items"] if i.get("offsite")]
    host = "127.0.0.2"
    assert {i["url"] for i in offsite} == {f"{other.base}/tin-tuc/tin-tu-rss-{n}.html" for n in (1, 2, 3)} | {
        f"{other.base}/tin-tuc/tin-tu-sitemap-{n}.html" for n in (1, 2)} | {f"{other.base}/tin-tuc/bai-chuyen-toi.html"}
    assert all(i["reason"] == f"liên kết tới trang khác: {host}" for i in offsite)
    by_url = {i["url"]: i for i in offsite}
    assert by_url[f"{other.base}/tin-tuc/tin-tu-rss-1.html"]["found_by"] == ["feed"]
    assert by_url[f"{other.base}/tin-tuc/tin-tu-sitemap-1.html"]["found_by"] == ["sitemap"]
    # items whose link names the other site are never opened; only the redirect reached it
    assert [p for p in other.hits if p != "/robots.txt"] == ["/tin-tuc/bai-chuyen-toi.html"]
    assert values["completeness"]["offsite"] == 6
    # the report lists them apart, with the reason
    view = posts_view({"posts": values, "window": {"start": "2021-09-01", "end": "2022-05-31"}}, None, {})
    assert len(view["offsite"]) == 6 and view["other"] == []
    assert {r["reason"] for r in view["offsite"]} == {f"liên kết tới trang khác: {host}"}


# -- item 6: no silent truncation --------------------------------------------------------------------
def endless(dated: bool) -> Route:
    """A news listing whose every page has ten new posts of the window and a link to the next page."""
    def route(path: str, base: str) -> Answer:
        if path == "/":
            return page(MENU)
        m = re.fullmatch(r"/tin-tuc/(?:\?page=(\d+))?", path)
        if m:
            n = int(m.group(1) or 1)
            day = date(2022, 5, 1) - timedelta(days=n % 200)
            items = [(f"/tin-tuc/bai-{n}-{k}.html", f"Hoạt động ngoại khóa trang {n} số {k}", day if dated else None)
                     for k in range(10)]
            return listing(items, f'<a href="/tin-tuc/?page={n + 1}">Trang sau</a>')
        m = re.fullmatch(r"/tin-tuc/bai-(\d+)-(\d+)\.html", path)
        if m:
            return article(f"Hoạt động ngoại khóa trang {m.group(1)} số {m.group(2)}", date(2022, 4, 1))
        return not_found()
    return route


def test_endless_pagination_stops_at_the_page_cap_and_says_so(sites: list[Site]) -> None:
    site = Site(endless(dated=True))
    sites.append(site)
    started = time.monotonic()
    out = crawl(site.base + "/")
    assert time.monotonic() - started < 60
    run = out.listings[0]
    assert run.stop == "cap" and run.pages_read == plan.Limits().max_listing_pages
    section = crawl_section(out)
    assert section["status"] == "partial"
    assert "đạt giới hạn số trang" in section["reason"] and section["reason"].startswith("dừng ở giới hạn thu thập")
    assert section["limits_reached"] == ["chuyên mục “Tin tức”: mới đọc 150 trang (đạt giới hạn số trang)"]
    finding = posts_finding(out, WINDOW, None)
    assert finding.values["status"] == "partial" and finding.values["lower_bound"] is True
    reasons = finding.values["completeness"]["reasons"]
    assert "chuyên mục “Tin tức”: mới đọc 150 trang (đạt giới hạn số trang)" in reasons
    assert not out.complete


def test_the_article_cap_makes_the_crawl_and_the_count_partial(sites: list[Site]) -> None:
    site = Site(endless(dated=False))   # undated posts: each page must be opened for its date
    sites.append(site)
    out = crawl(site.base + "/", plan.Limits(max_listing_pages=3, max_articles=12))
    reason = "đạt giới hạn 12 trang bài viết được mở: 18 bài chưa mở để xác định ngày đăng"
    assert reason in crawl_section(out)["limits_reached"] and crawl_section(out)["status"] == "partial"
    finding = posts_finding(out, WINDOW, None)
    assert finding.values["status"] == "partial" and reason in finding.values["completeness"]["reasons"]


def test_an_endless_chain_of_sitemaps_stops_at_the_cap_and_says_so(sites: list[Site]) -> None:
    def route(path: str, base: str) -> Answer:
        if path == "/":
            return page(MENU)
        if path == "/tin-tuc/":
            return listing([(u, t, d) for u, (t, d) in OWN_POSTS.items()])
        if path in OWN_POSTS:
            return article(*OWN_POSTS[path])
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, f"User-agent: *\nSitemap: {base}/sitemap-1.xml\n".encode()
        m = re.fullmatch(r"/sitemap-(\d+)\.xml", path)
        if m:   # each index names the next one, forever
            child = f"<sitemap><loc>{base}/sitemap-{int(m.group(1)) + 1}.xml</loc></sitemap>"
            return 200, XML, f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/' \
                             f'sitemap/0.9">{child}</sitemapindex>'.encode()
        return not_found()

    site = Site(route)
    sites.append(site)
    out = crawl(site.base + "/")
    assert sum(1 for p in site.hits if p.startswith("/sitemap-")) == 10
    section = crawl_section(out)
    assert section["status"] == "partial"
    assert "đã đọc 10 sơ đồ trang (sitemap), còn 1 chưa đọc (vượt giới hạn)" in section["limits_reached"]
    finding = posts_finding(out, WINDOW, None)
    assert finding.values["total_in_window"] == 2 and finding.values["status"] == "partial"


def test_a_full_crawl_reaches_no_cap(sites: list[Site]) -> None:
    def route(path: str, base: str) -> Answer:
        if path == "/":
            return page(MENU)
        if path == "/tin-tuc/":
            return listing([(u, t, d) for u, (t, d) in OWN_POSTS.items()])
        return article(*OWN_POSTS[path]) if path in OWN_POSTS else not_found()

    site = Site(route)
    sites.append(site)
    out = crawl(site.base + "/")
    section = crawl_section(out)
    assert section["status"] == "ok" and section["limits_reached"] == [] and section["reason"] is None
    assert posts_finding(out, WINDOW, None).values["status"] == "ok"


# -- item 11: the cost of a huge page ----------------------------------------------------------------
def huge_listing(links: int) -> bytes:
    rows = "".join(f'<li class="item"><a href="/tin-tuc/bai-{n}.html">Hoạt động ngoại khóa số {n}</a> '
                   f'<span>{n % 28 + 1:02d}/10/2021</span></li>' for n in range(links))
    return f'<html><body>{MENU}<ul class="news">{rows}</ul></body></html>'.encode()


def test_a_huge_page_is_read_up_to_the_links_cap_quickly(sites: list[Site]) -> None:
    body = huge_listing(40_000)
    assert 4_000_000 < len(body) < 5 * 1024 * 1024   # under the fetcher's size cap: it is read

    def route(path: str, base: str) -> Answer:
        if path == "/":
            return page(MENU)
        if path == "/tin-tuc/":
            return 200, HTML, body
        m = re.fullmatch(r"/tin-tuc/bai-(\d+)\.html", path)
        return article(f"Hoạt động ngoại khóa số {m.group(1)}", date(2021, 10, 5)) if m else not_found()

    site = Site(route)
    sites.append(site)
    wall, cpu = time.monotonic(), time.process_time()
    out = crawl(site.base + "/")
    finding = posts_finding(out, WINDOW, None)
    wall, cpu = time.monotonic() - wall, time.process_time() - cpu
    assert cpu < 8 and wall < 15, (cpu, wall)    # 77 s of CPU before the cap and the linear extraction
    cap = f"1 trang có hơn 5000 liên kết, chỉ đọc 5000 liên kết đầu (như {site.base}/tin-tuc/)"
    assert crawl_section(out)["status"] == "partial" and cap in crawl_section(out)["limits_reached"]
    assert finding.values["status"] == "partial" and cap in finding.values["completeness"]["reasons"]
    assert 4900 <= finding.values["total_in_window"] < 5000   # the menu's links count among the 5000
    listed = next(r for r in out.pages if r.kind == "listing")
    assert listed.content == body   # the record keeps the page whole


def test_the_links_cap_is_a_setting(sites: list[Site]) -> None:
    body = huge_listing(300)

    def route(path: str, base: str) -> Answer:
        return page(MENU) if path == "/" else (200, HTML, body) if path == "/tin-tuc/" else not_found()

    site = Site(route)
    sites.append(site)
    assert load_settings(env={"AUDIT_MAX_PAGE_LINKS": "120"}).max_page_links == 120
    out = crawl(site.base + "/", AUDIT_MAX_PAGE_LINKS="120")
    assert any(c.key == "page_links" and "chỉ đọc 120 liên kết đầu" in c.reason for c in out.caps)
    assert posts_finding(out, WINDOW, None).values["total_in_window"] < 120
    out = crawl(site.base + "/", plan.Limits(max_page_links=1000))   # limits given win over the settings
    assert not out.caps and posts_finding(out, WINDOW, None).values["total_in_window"] == 300


def test_a_report_of_twenty_thousand_posts_renders_in_seconds() -> None:
    start = date(2021, 9, 1)
    items: list[dict[str, Any]] = [
        {"url": f"http://thcs.example.edu.vn/tin-tuc/bai-{n}.html", "title": f"Hoạt động số {n}",
         "published": (start + timedelta(days=n % 400 - 30)).isoformat(), "date_source": "listing",
         "urls": [f"http://thcs.example.edu.vn/tin-tuc/bai-{n}.html"], "found_by": ["listing"]}
        for n in range(20_000)]
    result = {"school": {"name": "Trường THCS Nguyễn Du", "url": "http://thcs.example.edu.vn/"},
              "window": {"start": "2021-09-01", "end": "2022-05-31"},
              "crawl": {"status": "ok", "pages_fetched": 3, "errors": []},
              "posts": {"status": "ok", "total_in_window": 20_000, "per_week_average": 1, "items": items}}
    cpu = time.process_time()
    view = posts_view(result, None, {})
    html = render_school_html(result)
    cpu = time.process_time() - cpu
    assert cpu < 5, cpu   # quadratic before: ~40 s
    inside = sum(1 for i in items if "2021-09-01" <= i["published"] <= "2022-05-31")
    assert len(view["inside"]) == inside and len(view["outside"]) == 20_000 - inside
    assert html.count("bai-19999.html") >= 1
