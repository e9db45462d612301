"""Baseline: a plain Scrapy CrawlSpider that follows every same-site link and dates each page with htmldate.

Usage: .venv/bin/python bench/scrapy_baseline.py START_URL --delay SECONDS [--max-requests N] [--timeout SECONDS]
           --out results.json
       .venv/bin/python bench/scrapy_baseline.py --selftest
`run_baseline(...)` runs the script in a subprocess (a Twisted reactor cannot be restarted) and returns its JSON.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from htmldate import find_date
from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.http import HtmlResponse, Response
from scrapy.link import Link
from scrapy.linkextractors import IGNORED_EXTENSIONS, LinkExtractor
from scrapy.settings import default_settings
from scrapy.spiders import CrawlSpider, Rule

USER_AGENT = "school-audit-bench/1.0"
# Newer Scrapy replaced RANDOMIZE_DOWNLOAD_DELAY (now deprecated) with DOWNLOAD_DELAY_JITTER.
NO_JITTER = ({"DOWNLOAD_DELAY_JITTER": 0} if hasattr(default_settings, "DOWNLOAD_DELAY_JITTER")
             else {"RANDOMIZE_DOWNLOAD_DELAY": False})
DENY_EXTENSIONS = sorted(set(IGNORED_EXTENSIONS) | {"pdf", "doc", "docx", "xls", "xlsx", "zip", "rar", "jpg", "jpeg",
                                                     "png", "gif", "mp4", "mp3"})


class BaselineSpider(CrawlSpider):
    """Follow every <a href> on the start URL's netloc; date every HTML page."""

    name = "baseline"

    def __init__(self, start_url: str, **kwargs: Any) -> None:
        self.netloc = urlsplit(start_url).netloc.lower()
        self.start_urls = [start_url]
        self.allowed_domains = [urlsplit(start_url).hostname or ""]  # the offsite filter matches hosts, not ports
        # LinkExtractor's allow_domains matches the netloc (port included) or its subdomains; same_netloc drops those.
        self.rules = (Rule(LinkExtractor(allow_domains=[self.netloc], deny_extensions=DENY_EXTENSIONS),
                           callback="parse_page", follow=True, process_links="same_netloc"),)
        self.pages: list[dict[str, str | None]] = []
        self.opened = self.closed_at = 0.0
        super().__init__(**kwargs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> BaselineSpider:
        """Hook the open/close signals that bound the wall time."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_opened, signal=signals.spider_opened)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider  # type: ignore[return-value]

    def on_opened(self) -> None:
        """Start the clock."""
        self.opened = time.monotonic()

    def on_closed(self) -> None:
        """Stop the clock."""
        self.closed_at = time.monotonic()

    def same_netloc(self, links: Iterable[Link]) -> list[Link]:
        """Keep links whose netloc (host and port) equals the start URL's."""
        return [link for link in links if urlsplit(link.url).netloc.lower() == self.netloc]

    def parse_start_url(self, response: Response, **kwargs: Any) -> None:
        """Date the start page too."""
        self.parse_page(response)

    def parse_page(self, response: Response) -> None:
        """Record the URL, htmldate's date and the title of an HTML page."""
        if not isinstance(response, HtmlResponse):
            return
        try:
            date = find_date(response.text, original_date=True, outputformat="%Y-%m-%d")
        except Exception:
            date = None
        title = response.css('meta[property="og:title"]::attr(content)').get() or response.css("title::text").get()
        self.pages.append({"url": response.url, "date": date, "title": title.strip() if title else None})


def crawl(start_url: str, delay: float, max_requests: int | None, timeout: float | None) -> dict[str, Any]:
    """Run the spider in this process (once per process) and return the results."""
    process = CrawlerProcess({
        "USER_AGENT": USER_AGENT, "DOWNLOAD_DELAY": delay, **NO_JITTER,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "ROBOTSTXT_OBEY": True, "AUTOTHROTTLE_ENABLED": False,
        "CLOSESPIDER_PAGECOUNT": max_requests or 0, "CLOSESPIDER_TIMEOUT": timeout or 0, "DEPTH_LIMIT": 0,
        "LOG_LEVEL": "WARNING", "COOKIES_ENABLED": False, "DOWNLOAD_TIMEOUT": 30, "RETRY_TIMES": 2,
        "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
        # One request handed to the downloader at a time, so CLOSESPIDER_PAGECOUNT stops the crawl within a request or
        # two (with the default 16 the queued requests still go out after the limit: 80 asked gave 96 made).
        "CONCURRENT_REQUESTS": 1,
        # Twisted's default reactor: under the asyncio reactor Scrapy 2.19 spends ~75 ms a request on the
        # simulator at delay 0 (7 ms under this one); at delays above ~0.1 s the two crawl alike.
        "TWISTED_REACTOR": None,
    })
    crawler = process.create_crawler(BaselineSpider)
    process.crawl(crawler, start_url=start_url)
    process.start()
    spider: BaselineSpider = crawler.spider  # type: ignore[assignment]
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {"start_url": start_url, "delay": delay, "requests": stats.get("downloader/request_count", 0),
            "responses": stats.get("downloader/response_count", 0),
            "wall_seconds": round(spider.closed_at - spider.opened, 3), "pages": spider.pages}


def run_baseline(start_url: str, delay: float, max_requests: int | None = None,
                 timeout: float | None = None) -> dict[str, Any]:
    """Crawl in a child process (the reactor cannot restart) and return its parsed JSON."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "results.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), start_url, "--delay", str(delay), "--out", str(out)]
        if max_requests is not None:
            cmd += ["--max-requests", str(max_requests)]
        if timeout is not None:
            cmd += ["--timeout", str(timeout)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode or not out.exists():
            raise RuntimeError(f"baseline crawl failed ({done.returncode}): {done.stderr[-2000:]}")
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def _norm(url: str) -> str:
    """A URL without its fragment or trailing slash, for comparing fetched and expected URLs."""
    return urldefrag(url)[0].rstrip("/")


def selftest() -> None:
    """Crawl three healthy simulated portals at delay 0; print requests, wall time, news recall and date accuracy."""
    from audit.simulator import build_world, serve

    # In the 8-portal world of seed 7 every portal carries a fault, so take healthy ones from the 24-portal world.
    world = build_world(seed=7, n_portals=24)
    with serve(world) as running:
        manifest = running.manifest()
        healthy, templates = [], set()
        for pid, entry in manifest.items():
            if not entry.get("faults") and entry["template"] not in templates and len(healthy) < 3:
                healthy.append(pid)
                templates.add(entry["template"])
        for pid in healthy:
            started = time.monotonic()
            result = run_baseline(running.url(pid), delay=0)
            fetched = {_norm(page["url"]): page["date"] for page in result["pages"]}
            news = [post for post in manifest[pid]["posts"] if post["kind"] == "news"]
            found = [(post, next(fetched[u] for u in map(_norm, post["urls"]) if u in fetched)) for post in news
                     if any(_norm(u) in fetched for u in post["urls"])]
            right = sum(date == post["published"] for post, date in found)
            print(f"{pid:14} requests {result['requests']:5}  pages {len(result['pages']):5}  "
                  f"wall {result['wall_seconds']:6.1f}s (run {time.monotonic() - started:5.1f}s)  "
                  f"news recall {len(found)}/{len(news)} = {len(found) / max(len(news), 1):.0%}  "
                  f"date accuracy {right}/{len(found)} = {right / max(len(found), 1):.0%}")


def main() -> None:
    """Command line: crawl one start URL and write JSON, or run the self-check."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("start_url", nargs="?")
    parser.add_argument("--delay", type=float)
    parser.add_argument("--max-requests", type=int)
    parser.add_argument("--timeout", type=float)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--selftest", action="store_true")
    args = parser.parse_args()
    if args.selftest:
        selftest()
        return
    if not args.start_url or args.delay is None or args.out is None:
        parser.error("START_URL, --delay and --out are required (or --selftest)")
    result = crawl(args.start_url, args.delay, args.max_requests, args.timeout)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
