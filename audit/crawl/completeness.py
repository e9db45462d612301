"""How complete a count is, and why (pure): listing pages read against pages announced, requests
that failed, sections not read, budgets reached, posts without a date, and what the second
channel (links among articles) found that the listings did not.

A count with anything missing is a lower bound, and says so in Vietnamese.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from audit.crawl.outcome import CrawlOutcome, ListingRun
from audit.posts.identity import Post, url_key

_MIN_SAMPLE = 5          # posts the second channel must reach before an estimate of the total is given
_LISTED_NAMES = 3        # sections named in a reason before "…"


@dataclass(frozen=True)
class Channels:
    """How the posts of the window were reached: listings, links among articles, both."""
    listings: int
    links: int
    both: int
    only_links: int
    feeds: int
    sitemaps: int

    def estimate(self) -> dict[str, Any] | None:
        """Chapman's capture–recapture estimate of the window's true total (listings vs links)."""
        n1, n2, m = self.listings, self.links, self.both
        if n2 < _MIN_SAMPLE:
            return None
        total = (n1 + 1) * (n2 + 1) / (m + 1) - 1
        var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
        half = 1.96 * math.sqrt(var)
        return {"method": "chapman", "total": round(total), "low": max(n1 + n2 - m, round(total - half)),
                "high": round(total + half)}


# Channels that show a post in a section's list: a listing read now, or the memory of earlier runs (incremental
# reading only starts after a complete crawl, which listed every post of its window; tonight's listings are read
# only down to the known posts, so a known post that tonight only the sitemap or feed mentions is still listed).
LISTED = frozenset({"listing", "memory"})


def channels(posts: list[Post], window: tuple[date, date], linked: frozenset[str]) -> Channels:
    """Per channel, the posts of the window it reached (a post linked from an opened article counts for links)."""
    start, end = window
    inside = [p for p in posts if p.published and start <= p.published <= end]
    listed = [p for p in inside if p.via & LISTED]
    by_link = [p for p in inside if "link" in p.via or any(url_key(u) in linked for u in p.urls)]
    both = sum(1 for p in by_link if p.via & LISTED)
    return Channels(len(listed), len(by_link), both, len(by_link) - both,
                    sum(1 for p in inside if "feed" in p.via), sum(1 for p in inside if "sitemap" in p.via))


def completeness(out: CrawlOutcome, posts: list[Post], window: tuple[date, date]) -> dict[str, Any]:
    """The `posts.completeness` object: complete or not, the reasons, and the evidence."""
    ways = channels(posts, window, out.links.linked)
    undated = sum(1 for p in posts if not p.published) + len(out.undated)
    reasons = [r for run in out.listings if (r := listing_reason(run))]
    if out.sections_skipped:
        reasons.append(_skipped_reason(out))
    reasons += [cap.reason for cap in out.caps if cap.posts]
    if undated:
        reasons.append(f"{undated} bài chưa xác định được ngày đăng")
    if out.budget_spent:
        reasons.append(f"dừng sớm: {out.budget_spent}")
    later = _only_linked_since(posts, window[0])
    unlisted = sum(1 for p in posts if p.published and window[0] <= p.published <= window[1]
                   and p.via & {"sitemap", "feed"} and not p.via & (LISTED | {"link"}))
    if unlisted:
        reasons.append(f"{unlisted} tin bài trong năm học chỉ có trong sơ đồ trang (sitemap) hoặc RSS, "
                       "không có trong danh sách của chuyên mục nào")
    if ways.only_links:
        reasons.append(f"{ways.only_links} tin bài trong năm học chỉ tìm thấy qua liên kết giữa các bài, "
                       "không có trong danh sách của chuyên mục nào")
    elif later:
        reasons.append(f"danh sách các chuyên mục không hiển thị hết tin bài: {later} tin bài đăng từ "
                       f"{window[0]:%d/%m/%Y} về sau chỉ tìm thấy qua liên kết giữa các bài")
    if out.links.left:
        reasons.append(_links_left_reason(out))
    estimate = ways.estimate()
    return {
        "complete": not reasons,
        "reasons": reasons,
        "listings": [_run_json(run) for run in out.listings],
        "sections_not_read": [{"url": s.url, "label": s.label} for s in out.sections_skipped],
        "failed_requests": len(out.errors),
        "limits_reached": limit_reasons(out),
        "offsite": len({c.url for c in out.offsite}),
        "budget": out.budget_spent or None,
        "undated": undated,
        "channels": ways.__dict__,
        "estimate": estimate,
        "links": {"articles_sampled": out.links.articles_sampled, "pages_followed": out.links.pages_followed,
                  "not_posts": out.links.not_posts, "left": out.links.left, "copies_opened": out.links.copies_opened},
    }


def limit_reasons(out: CrawlOutcome) -> list[str]:
    """Every bound the crawl reached, in words: listings stopped at their page cap, news sections not
    read, linked pages left unopened, and the other caps (links per page, sitemaps, articles…)."""
    reasons = [listing_reason(run) for run in out.listings if run.stop == "cap"]
    if out.sections_skipped:
        reasons.append(_skipped_reason(out))
    if out.links.left:
        reasons.append(_links_left_reason(out))
    return reasons + [cap.reason for cap in out.caps]


def _skipped_reason(out: CrawlOutcome) -> str:
    names = ", ".join(f"“{s.label}”" for s in out.sections_skipped[:_LISTED_NAMES])
    more = "…" if len(out.sections_skipped) > _LISTED_NAMES else ""
    return f"{len(out.sections_skipped)} chuyên mục tin tức chưa được đọc (vượt giới hạn): {names}{more}"


def _links_left_reason(out: CrawlOutcome) -> str:
    return f"còn {out.links.left} liên kết giữa các bài chưa mở"


def _only_linked_since(posts: list[Post], start: date) -> int:
    """Posts dated from the window's start on that only the links reached (the listings did not show them)."""
    return sum(1 for p in posts if p.published and p.published >= start and not p.via & LISTED
               and p.via & {"link", "sitemap"})


def listing_reason(run: ListingRun) -> str:
    """Why a listing was not read through (in Vietnamese), or "" when it was."""
    if run.complete:
        return ""
    read = f"{run.pages_read}/{run.announced}" if run.announced else str(run.pages_read)
    name = f"chuyên mục “{run.label}”"
    return {
        "cap": f"{name}: mới đọc {read} trang (đạt giới hạn số trang)",
        "error": f"{name}: không tải được trang danh sách thứ {run.pages_read + 1}",
        "script": f"{name}: phân trang bằng JavaScript, không đọc được các trang sau (đọc {read} trang)",
        "script_failed": f"{name}: máy chủ trả lỗi khi tải các trang sau bằng JavaScript (đọc {read} trang)",
        "budget": f"{name}: dừng khi hết ngân sách thu thập (đọc {read} trang)",
    }.get(run.stop, f"{name}: chỉ đọc được {read} trang mà phân trang công bố")


def _run_json(run: ListingRun) -> dict[str, Any]:
    return {"url": run.url, "label": run.label, "pages_read": run.pages_read, "pages_announced": run.announced,
            "stop": run.stop, "complete": run.complete, "failed": run.failed, "documents": run.documents,
            "found_on_articles": run.filed}
