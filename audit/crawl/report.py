"""From a crawl outcome to findings and the contract's `crawl` section (pure)."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from audit.crawl.outcome import CrawlOutcome
from audit.findings import Finding, not_tested
from audit.posts.identity import Post, merge, url_key
from audit.posts.metrics import post_metrics


def crawl_section(out: CrawlOutcome) -> dict[str, Any]:
    """The contract's `crawl` object."""
    status = "failed" if out.failed else ("partial" if out.errors else "ok")
    return {"status": status, "pages_fetched": len(out.pages), "robots_blocked": out.robots_blocked,
            "errors": [{"url": u, "error": e} for u, e in out.errors],
            "started_at": out.started_at, "finished_at": out.finished_at,
            "final_url": out.final_url or None, "verify_tls": out.verify_tls}


def posts_finding(out: CrawlOutcome, window: tuple[date, date], weekly_target: float | None) -> Finding:
    """The `posts` finding: counted news posts, or not_tested with the reason."""
    if out.failed:
        return not_tested(f"không thu thập được cổng thông tin: {out.failure}")
    if out.listing_pages == 0:
        why = "bị chặn bởi robots.txt" if out.robots_blocked else "không tìm thấy hoặc không đọc được chuyên mục tin tức"
        feed = _feed_reaches(out, window[0])
        if not feed:
            return not_tested(f"không đếm được tin bài: {why}" + _feed_note(out))
    posts = merge(out.news + out.remembered)
    seen = {url_key(c.url) for c in out.news}
    dated = sorted((p for p in posts if p.published), key=lambda p: (p.published, p.url))
    undated = [p for p in posts if not p.published]
    m = post_metrics([p.published for p in dated if p.published], *window, weekly_target=weekly_target)
    partial = bool(undated or out.undated or out.errors)
    values = {
        "status": "partial" if partial else "ok", **m.__dict__,
        "items": [_item(p, seen, out.deleted, out.complete) for p in dated],
        "undated": [p.url for p in undated] + out.undated,
        "other_items": [_item(p) for p in merge(out.other) if p.published],
    }
    proof = tuple(dict.fromkeys(r.url for r in out.pages if r.kind == "listing"))[:20]
    return Finding(values=values, evidence=proof)


def _feed_dates(out: CrawlOutcome) -> list[date]:
    return [c.published for c in out.news if c.date_source == "feed" and c.published]


def _feed_reaches(out: CrawlOutcome, start: date) -> bool:
    """True when the feed alone goes back to the window's start (a feed lists only the latest posts)."""
    dates = _feed_dates(out)
    return bool(dates) and min(dates) <= start


def _feed_note(out: CrawlOutcome) -> str:
    dates = _feed_dates(out)
    if not dates:
        return ""
    return f"; nguồn RSS chỉ có tin từ {min(dates):%d/%m/%Y}, không bao phủ cả năm học"


def _item(p: Post, seen: set[str] | None = None, deleted: frozenset[str] = frozenset(),
          complete: bool = False) -> dict[str, Any]:
    """A post of the result; one known from earlier runs but not read tonight is marked "remembered", and
    "deleted" when it is gone from the site (flagged before, or missing from a complete reading now)."""
    assert p.published is not None
    item: dict[str, Any] = {"url": p.url, "title": p.title, "published": p.published.isoformat(),
                            "date_source": p.date_source, "urls": list(p.urls)}
    if seen is not None and not any(url_key(u) in seen for u in p.urls):
        item["remembered"] = True
        if complete or p.url in deleted or any(u in deleted for u in p.urls):
            item["deleted"] = True
    return item


def integration_finding(out: CrawlOutcome, listed: bool | None = None) -> Finding:
    """Where the portal is served, and whether the parent's directory lists it (None: not checked)."""
    if out.failed:
        return not_tested(f"không thu thập được cổng thông tin: {out.failure}")
    host = urlsplit(out.final_url or out.start_url).hostname or ""
    return Finding(values={"host": host, "listed": listed}, evidence=(out.final_url,))
