"""Sitemap indexes are followed: posts listed only in a child sitemap are found and dated."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest

from audit.config import load_settings
from audit.crawl.crawler import crawl_school
from audit.crawl.report import posts_finding
from audit.fetch import Fetcher

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
PAGES = {
    "/robots.txt": "User-agent: *\nDisallow:\nSitemap: {base}/sitemap-index.xml\n",
    "/sitemap-index.xml": f'<?xml version="1.0"?><sitemapindex {NS}><sitemap><loc>{{base}}/sitemap-posts.xml</loc>'
                          "</sitemap></sitemapindex>",
    "/sitemap-posts.xml": f'<?xml version="1.0"?><urlset {NS}>' + "".join(
        f"<url><loc>{{base}}/tin-tuc/bai-{n}.html</loc></url>" for n in (1, 2)) + "</urlset>",
    "/": '<html><body><ul class="menu"><li><a href="/tin-tuc/">Tin tức</a></li></ul></body></html>',
    "/tin-tuc/": "<html><body><h1>Tin tức</h1><p>Chưa có bài.</p></body></html>",
    "/tin-tuc/bai-1.html": "<html><body><h1>Hội nghị cán bộ viên chức</h1><p>Đăng lúc: 05/10/2021</p></body></html>",
    "/tin-tuc/bai-2.html": "<html><body><h1>Khai giảng năm học mới</h1><p>Đăng lúc: 06/09/2021</p></body></html>",
}


@pytest.fixture
def site() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            body = PAGES.get(self.path)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/xml; charset=utf-8" if self.path.endswith(".xml")
                             else "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "").replace("{base}", base).encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_posts_only_in_a_child_sitemap_are_counted(site: str) -> None:
    settings = replace(load_settings(env={"AUDIT_ALLOW_NETWORKS": "127.0.0.0/8"}), crawl_delay=0.0)
    window = (date(2021, 9, 1), date(2022, 5, 31))
    fetcher = Fetcher(settings)
    try:
        outcome = crawl_school(site, fetcher, window)
    finally:
        fetcher.close()
    finding = posts_finding(outcome, window, None)
    assert finding.values["total_in_window"] == 2
    assert sorted(i["published"] for i in finding.values["items"]) == ["2021-09-06", "2021-10-05"]
