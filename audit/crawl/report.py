"""From a crawl outcome to findings and the contract's `crawl` section (pure)."""
from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from audit.crawl.checks import check_findings
from audit.crawl.completeness import completeness, limit_reasons
from audit.crawl.outcome import CrawlOutcome
from audit.findings import Finding, not_tested
from audit.posts.identity import Post, merge, url_key
from audit.posts.metrics import post_metrics
from audit.rubric import Rubric


def crawl_section(out: CrawlOutcome) -> dict[str, Any]:
    """The contract's `crawl` object (with where the root forwarded and why the crawl stopped early)."""
    return {"status": out.status, "pages_fetched": len(out.pages), "robots_blocked": out.robots_blocked,
            "errors": [{"url": u, "error": e} for u, e in out.errors],
            "started_at": out.started_at, "finished_at": out.finished_at,
            "final_url": out.final_url or None, "verify_tls": out.verify_tls,
            "forwarded_from": list(out.forwarded), "budget_spent": out.budget_spent or None,
            "limits_reached": limit_reasons(out), "reason": crawl_reason(out),
            "pages_not_modified": out.not_modified, "pages_reused": out.reused}


def crawl_reason(out: CrawlOutcome) -> str | None:
    """Why a crawl failed or read only part of the portal, in words (None for a full crawl)."""
    if out.failed:
        return out.failure
    if out.budget_spent:
        return f"dừng giữa chừng: {out.budget_spent}"
    parts = []
    if out.errors:
        url, error = out.errors[0]
        more = f" và {len(out.errors) - 1} trang khác" if len(out.errors) > 1 else ""
        parts.append(f"có trang không tải được: {url} ({error}){more}")
    if limits := limit_reasons(out):
        parts.append("dừng ở giới hạn thu thập: " + "; ".join(limits))
    return "; ".join(parts) or None


def posts_finding(out: CrawlOutcome, window: tuple[date, date], weekly_target: float | None) -> Finding:
    """The `posts` finding: counted news posts, or not_tested with the reason.

    A count with anything unread (a listing not read through, a section skipped, a budget reached,
    posts without a date, posts the listings do not show) is `partial`: a lower bound, with the
    reasons in `completeness`.
    """
    if out.failed:
        return not_tested(f"không thu thập được cổng thông tin: {out.failure}")
    if out.listing_pages == 0:
        why = "bị chặn bởi robots.txt" if out.robots_blocked else "không tìm thấy hoặc không đọc được chuyên mục tin tức"
        if out.budget_spent:
            why = f"dừng trước khi đọc chuyên mục tin tức: {out.budget_spent}"
        feed = _feed_reaches(out, window[0])
        if not feed:
            return not_tested(f"không đếm được tin bài: {why}" + _feed_note(out))
    posts = merge(out.news + out.remembered)
    seen = {url_key(c.url) for c in out.news}
    dated = sorted((p for p in posts if p.published), key=lambda p: (p.published, p.url))
    undated = [p for p in posts if not p.published]
    m = post_metrics([p.published for p in dated if p.published], *window, weekly_target=weekly_target)
    complete = completeness(out, posts, window)
    values = {
        "status": "ok" if complete["complete"] else "partial", **m.__dict__,
        "lower_bound": not complete["complete"],
        "completeness": complete,
        "items": [_item(p, seen, out.deleted, out.complete) for p in dated],
        "undated": [p.url for p in undated] + out.undated,
        "other_items": [_item(p) for p in merge(out.other) if p.published] + _offsite_items(out),
    }
    proof = tuple(dict.fromkeys(r.url for r in out.pages if r.kind == "listing"))[:20]
    return Finding(values=values, evidence=proof)


def _offsite_items(out: CrawlOutcome) -> list[dict[str, Any]]:
    """Items of the feeds and sitemaps, and posts, that lead to another site: listed apart with the reason,
    never counted."""
    items: dict[str, dict[str, Any]] = {}
    for cand in out.offsite:
        item = items.setdefault(cand.url, {
            "url": cand.url, "title": cand.title, "published": cand.published.isoformat() if cand.published else None,
            "date_source": cand.date_source or None, "urls": [cand.url], "found_by": [],
            "offsite": urlsplit(cand.url).hostname or "",
            "reason": f"liên kết tới trang khác: {urlsplit(cand.url).hostname or cand.url}"})
        if cand.via and cand.via not in item["found_by"]:
            item["found_by"].append(cand.via)
        item["title"] = item["title"] or cand.title
    return list(items.values())


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


# Date sources the contract names: a date read in a listing's side block is still a listing's date.
_SOURCE_NAMES = {"sidebar": "listing"}


def _item(p: Post, seen: set[str] | None = None, deleted: frozenset[str] = frozenset(),
          complete: bool = False) -> dict[str, Any]:
    """A post of the result; one known from earlier runs but not read tonight is marked "remembered", and
    "deleted" when it is gone from the site (flagged before, or missing from a complete reading now)."""
    assert p.published is not None
    item: dict[str, Any] = {"url": p.url, "title": p.title, "published": p.published.isoformat(),
                            "date_source": _SOURCE_NAMES.get(p.date_source, p.date_source), "urls": list(p.urls),
                            "found_by": sorted(p.via)}
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


def web_findings(out: CrawlOutcome, window: tuple[date, date], rubric: Rubric, readings: list[dict[str, Any]],
                 listed: bool | None) -> dict[str, Finding]:
    """Every finding a crawl gives the rubric's web checks: posts, integration (with the directory's listing),
    disclosure, forms, sections, visits."""
    weekly = rubric.check_param("posts_per_week", "min_avg")
    return {"posts": posts_finding(out, window, float(weekly) if weekly is not None else None),
            "integration": integration_finding(out, listed), **check_findings(out, readings)}
