"""What changed between two results of the same school ("Kiểm tra lại"): posts, totals, criteria (pure)."""
from __future__ import annotations

from typing import Any, Mapping

TOTALS = ("self", "proposed", "discrepancies", "needs_review")
NEW_POSTS_MAX = 20


def _number(value: Any) -> float | None:
    """A count or score as a number (None when absent or not a number)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _pair(before: Any, after: Any) -> dict[str, Any]:
    """{"before", "after", "difference" (None unless both are numbers), "changed"}."""
    b, a = _number(before), _number(after)
    difference = a - b if a is not None and b is not None else None
    return {"before": before, "after": after, "difference": difference, "changed": before != after}


def posts_counted(result: Mapping[str, Any]) -> int | None:
    """The posts counted in the window (None when the posts were not checked)."""
    posts = result.get("posts") or {}
    if posts.get("status") == "not_tested":
        return None
    value = _number(posts.get("total_in_window"))
    return int(value) if value is not None else None


def _urls(post: Mapping[str, Any]) -> set[str]:
    """Every address a post was seen at (a post filed under two sections has two)."""
    return {str(u) for u in [post.get("url"), *(post.get("urls") or [])] if u}


def _in_window(post: Mapping[str, Any], window: Mapping[str, Any]) -> bool:
    """The post's day is within the result's counting window (a post without a day is not)."""
    day = str(post.get("published") or "")[:10]
    return bool(day) and str(window.get("start") or "") <= day <= str(window.get("end") or "9999")


def new_posts(old: Mapping[str, Any], new: Mapping[str, Any], limit: int = NEW_POSTS_MAX) -> list[dict[str, Any]]:
    """The posts of the new result's window not seen in the old result at any of their addresses, newest first:
    title, url, published."""
    seen: set[str] = set()
    for post in (old.get("posts") or {}).get("items") or []:
        seen |= _urls(post)
    window = new.get("window") or {}
    fresh = [{"title": p.get("title") or p.get("url", ""), "url": p.get("url", ""), "published": p.get("published")}
             for p in (new.get("posts") or {}).get("items") or [] if _in_window(p, window) and not _urls(p) & seen]
    return sorted(fresh, key=lambda p: p["published"] or "", reverse=True)[:limit]


def criteria_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each criterion whose status or proposed score changed (or that is in one result only), in the new
    result's order: id, title, status and proposed before and after."""
    before = {c.get("id"): c for c in old.get("criteria") or []}
    after = {c.get("id"): c for c in new.get("criteria") or []}
    out = []
    for cid in [*after, *(k for k in before if k not in after)]:
        b, a = before.get(cid) or {}, after.get(cid) or {}
        if cid in before and cid in after and b.get("status") == a.get("status") \
                and b.get("proposed") == a.get("proposed"):
            continue
        out.append({"id": cid, "title": a.get("title") or b.get("title") or "",
                    "status_before": b.get("status"), "status_after": a.get("status"),
                    "proposed": _pair(b.get("proposed"), a.get("proposed"))})
    return out


def changes(old_result: Mapping[str, Any], new_result: Mapping[str, Any]) -> dict[str, Any]:
    """The differences from the old result to the new one: {"posts", "documents", "crawl", "totals",
    "criteria", "new_posts", "changed"} (pairs are {"before", "after", "difference", "changed"})."""
    old_totals, new_totals = old_result.get("totals") or {}, new_result.get("totals") or {}
    out: dict[str, Any] = {
        "posts": _pair(posts_counted(old_result), posts_counted(new_result)),
        "documents": _pair(len(old_result.get("evidence") or []), len(new_result.get("evidence") or [])),
        "crawl": _pair((old_result.get("crawl") or {}).get("status"), (new_result.get("crawl") or {}).get("status")),
        "totals": {key: _pair(old_totals.get(key), new_totals.get(key)) for key in TOTALS},
        "criteria": criteria_changes(old_result, new_result),
        "new_posts": new_posts(old_result, new_result)}
    out["changed"] = bool(out["criteria"] or out["new_posts"]) or any(
        p["changed"] for p in (out["posts"], out["documents"], out["crawl"], *out["totals"].values()))
    return out
