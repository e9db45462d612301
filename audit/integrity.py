"""Integrity findings from the history the store keeps: flags with their proof, never a score.

What a reviewer cannot see by eye on the portal, read from every post the crawler ever saw (when it
first and last saw it, and when it went missing) and every crawl of the school (when, and whether it
read every listing through):

- backdated: posts dated long before a complete crawl that did not see them. A crawl that read every
  listing back to its window's start, started at least GRACE_DAYS after a post's date and finished
  before the post was first seen, should have seen it: the post was put up later with an old date
  (typically a year's worth of posts appearing in the week before the evaluation). A school's first
  crawl, and posts only ever seen after incomplete crawls, can never be flagged: nothing proves they
  were absent. A post whose title and date match a post seen earlier under another address moved (a
  new address, a new portal) and is not flagged. Flagged from BACKDATED_MIN posts, or from
  BACKDATED_SHARE_MIN posts making BACKDATED_SHARE of the year's posts.
- padding: posts whose normalised titles are identical or nearly so (difflib ratio >= SIMILAR),
  published within DUPLICATE_DAYS of each other, both on the site at once: the same news twice (or one
  post at two addresses). Titles that differ only in their numbers ("Thực đơn tuần 12" / "Thực đơn
  tuần 13", "Lịch công tác tuần 5", "Hình ảnh hội thi (phần 2)") and identical titles further apart
  ("Lịch công tác tuần" each week) are recurring series: counted and shown as "series", never as
  padding. Flagged from PADDING_MIN extra copies. The store keeps no post bodies, so empty posts are
  not judged.
- deleted_after: posts of the year's window on the site at the evaluation that a later complete crawl
  found gone (a post that moved to another address is not deleted). Flagged from one post.

The core (`findings`) is pure: plain dicts in, plain dicts out, dates as ISO strings. The shell
(`integrity_findings`) reads the store.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from audit import labels as L
from audit.text import clean, modern_tones

if TYPE_CHECKING:
    from audit.store import Store

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GRACE_DAYS = 7              # a post may appear a few days after its date (drafts approved late, time zones)
BACKDATED_MIN = 5           # backdated posts flagged whatever the school's volume
BACKDATED_SHARE = 0.2       # ... or this share of the year's posts,
BACKDATED_SHARE_MIN = 3     # ... counting at least this many (one or two late posts are anecdotes)
SIMILAR = 0.9               # difflib ratio of two normalised titles that are "nearly identical"
DUPLICATE_DAYS = 3          # two near-identical posts this close in date are one news posted twice
PADDING_MIN = 3             # extra copies before padding is flagged (one double post is an accident)
SERIES_MIN = 3              # posts of one title pattern shown as a recurring series
PROOF_MAX = 200             # proof rows kept per finding (the count says how many there are)

KINDS, NOTHING = L.INTEGRITY_KINDS, L.INTEGRITY_NOTHING   # words for people: audit/labels.py

_NON_WORD = re.compile(r"[\W_]+")
_DIGITS = re.compile(r"\d+")


def normalise_title(title: str) -> str:
    """Lower case, modern tone marks, punctuation to spaces: "Thực đơn tuần 12!" → "thực đơn tuần 12"."""
    return _NON_WORD.sub(" ", modern_tones(clean(title)).lower()).strip()


def skeleton(normalised: str) -> str:
    """The title with its numbers blanked: every week of a series has the same skeleton."""
    return _DIGITS.sub("#", normalised)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _time(value: Any) -> datetime | None:
    """An aware UTC datetime (naive taken as UTC), or None."""
    if isinstance(value, datetime):
        moment = value
    elif value:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    else:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _local_day(moment: datetime) -> date:
    return moment.astimezone(VN).date()


@dataclass(frozen=True)
class _Post:
    url: str
    title: str
    norm: str
    published: date
    first_seen: datetime
    last_seen: datetime | None
    first_run: int | None
    last_run: int | None
    missing_since: datetime | None

    def live_at(self, moment: datetime) -> bool:
        return self.first_seen <= moment and (self.missing_since is None or self.missing_since > moment)

    def brief(self) -> dict[str, Any]:
        return {"url": self.url, "title": self.title, "published": self.published.isoformat()}


@dataclass(frozen=True)
class _Crawl:
    run_id: int
    started: datetime
    finished: datetime
    covers_from: date | None


def _posts(rows: Iterable[Mapping[str, Any]]) -> list[_Post]:
    out = []
    for r in rows:
        published, first_seen = _day(r.get("published")), _time(r.get("first_seen"))
        if published is None or first_seen is None or not r.get("url"):
            continue
        title = str(r.get("title") or "")
        out.append(_Post(str(r["url"]), title, normalise_title(title), published, first_seen,
                         _time(r.get("last_seen")), r.get("first_run_id"), r.get("last_run_id"),
                         _time(r.get("missing_since"))))
    return sorted(out, key=lambda p: (p.published, p.url))


def _complete_crawls(rows: Iterable[Mapping[str, Any]]) -> list[_Crawl]:
    """Crawls that read every listing through, with both times known, oldest first."""
    out = []
    for r in rows:
        started, finished = _time(r.get("crawl_started_at")), _time(r.get("crawl_finished_at"))
        if r.get("complete") and started and finished and r.get("run_id") is not None:
            out.append(_Crawl(int(r["run_id"]), started, finished, _day(r.get("covers_from"))))
    return sorted(out, key=lambda c: (c.finished, c.run_id))


def _first_sighting(post: _Post, crawl_starts: Mapping[int, datetime]) -> datetime:
    """When the crawl that first saw the post started (the post's first_seen when that run is unknown)."""
    return crawl_starts.get(post.first_run, post.first_seen) if post.first_run is not None else post.first_seen


def _moved(post: _Post, others: Sequence[_Post], earlier: bool) -> bool:
    """Another address of the same post: the same title and date (seen earlier, or still on the site)."""
    if not post.norm:
        return False
    for other in others:
        if other.url == post.url or other.norm != post.norm or other.published != post.published:
            continue
        if (earlier and other.first_seen < post.first_seen) or (not earlier and other.missing_since is None):
            return True
    return False


def _backdated(posts: list[_Post], crawls: list[_Crawl], crawl_starts: Mapping[int, datetime],
               by_key: Mapping[tuple[str, date], list[_Post]]) -> list[dict[str, Any]]:
    """Each backdated post with the complete crawl that did not see it (the newest such crawl)."""
    out = []
    for post in posts:
        seen = _first_sighting(post, crawl_starts)
        missed = [c for c in crawls
                  if c.run_id not in (post.first_run, post.last_run) and c.finished <= seen
                  and (c.covers_from is None or c.covers_from <= post.published)
                  and (_local_day(c.started) - post.published).days >= GRACE_DAYS]
        if not missed or _moved(post, by_key.get((post.norm, post.published), []), earlier=True):
            continue
        crawl = missed[-1]
        out.append({**post.brief(), "first_seen": seen.isoformat(), "first_run_id": post.first_run,
                    "days_late": (_local_day(seen) - post.published).days,
                    "missed_by": {"run_id": crawl.run_id, "crawl_started_at": crawl.started.isoformat(),
                                  "crawl_finished_at": crawl.finished.isoformat()}})
    return out


def _backdated_finding(rows: list[dict[str, Any]], total: int) -> dict[str, Any] | None:
    n = len(rows)
    if n < BACKDATED_MIN and not (n >= BACKDATED_SHARE_MIN and total and n / total >= BACKDATED_SHARE):
        return None
    nights: dict[str, int] = defaultdict(int)
    for r in rows:
        seen = _time(r["first_seen"])
        nights[_local_day(seen).isoformat() if seen else ""] += 1
    busiest = sorted(nights.items(), key=lambda kv: (-kv[1], kv[0]))
    label = (f"{n}/{total} tin của năm học mang ngày đăng cũ nhưng chỉ xuất hiện sau một lần thu thập đầy đủ "
             f"đã không thấy chúng (đăng bù, ghi lùi ngày?)")
    return {"kind": "backdated", "flag": True, "label": label, "count": n, "total": total,
            "nights": [{"night": night, "count": k} for night, k in busiest[:5]], "proof": rows[:PROOF_MAX]}


def _similar(a: _Post, b: _Post) -> float:
    """1.0 for identical normalised titles; the difflib ratio for near-identical ones; 0 when the titles
    differ only in numbers (a series) or not nearly at all."""
    if a.norm == b.norm:
        return 1.0
    if skeleton(a.norm) == skeleton(b.norm):
        return 0.0
    matcher = SequenceMatcher(None, a.norm, b.norm)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILAR else 0.0


def _padding(posts: list[_Post]) -> tuple[dict[str, Any] | None, set[str]]:
    """Groups of near-identical posts close in date, and the URLs in them."""
    parent = {p.url: p.url for p in posts}
    best: dict[str, float] = {}

    def root(url: str) -> str:
        while parent[url] != url:
            parent[url] = parent[parent[url]]
            url = parent[url]
        return url

    for i, a in enumerate(posts):          # sorted by date: only the next few days are compared
        if not a.norm:
            continue
        for b in posts[i + 1:]:
            if (b.published - a.published).days > DUPLICATE_DAYS:
                break
            ratio = _similar(a, b) if b.norm else 0.0
            if ratio:
                ra, rb = root(a.url), root(b.url)
                parent[rb] = ra
                best[ra] = min(best.get(ra, 1.0), best.get(rb, 1.0), ratio)
    groups: dict[str, list[_Post]] = defaultdict(list)
    for p in posts:
        groups[root(p.url)].append(p)
    found = [g for g in groups.values() if len(g) > 1]
    copies = sum(len(g) - 1 for g in found)
    urls = {p.url for g in found for p in g}
    if copies < PADDING_MIN:
        return None, urls
    proof = [{"title": g[0].title, "similarity": round(best.get(root(g[0].url), 1.0), 2),
              "posts": [p.brief() for p in g]} for g in sorted(found, key=lambda g: (g[0].published, g[0].url))]
    label = (f"{copies} tin trùng hoặc gần trùng tiêu đề với một tin khác đăng cách nhau không quá "
             f"{DUPLICATE_DAYS} ngày ({len(found)} nhóm): đăng lặp để tăng số tin, hoặc một tin ở hai địa chỉ")
    return {"kind": "padding", "flag": True, "label": label, "count": copies, "proof": proof[:PROOF_MAX]}, urls


def _series(posts: list[_Post], padded: set[str]) -> dict[str, Any] | None:
    """Recurring title patterns (numbers blanked), outside the padding groups: context, not a flag."""
    by_pattern: dict[str, list[_Post]] = defaultdict(list)
    for p in posts:
        if p.norm and p.url not in padded:
            by_pattern[skeleton(p.norm)].append(p)
    series = [g for g in by_pattern.values() if len(g) >= SERIES_MIN]
    if not series:
        return None
    series.sort(key=lambda g: (-len(g), g[0].published))
    n = sum(len(g) for g in series)
    proof = [{"title": g[0].title, "count": len(g), "first": g[0].published.isoformat(),
              "last": g[-1].published.isoformat(), "posts": [p.brief() for p in g]} for g in series]
    label = (f"{n} tin thuộc {len(series)} chuỗi tin định kỳ (cùng tiêu đề, chỉ khác số tuần, tháng, ngày): "
             f"vẫn được đếm, không coi là tin đệm")
    return {"kind": "series", "flag": False, "label": label, "count": n, "proof": proof[:PROOF_MAX]}


def _deleted_after(posts: list[_Post], evaluated_at: datetime,
                   by_key: Mapping[tuple[str, date], list[_Post]]) -> dict[str, Any] | None:
    rows = [{**p.brief(), "last_seen": _iso(p.last_seen), "missing_since": _iso(p.missing_since)}
            for p in posts
            if p.missing_since is not None and not _moved(p, by_key.get((p.norm, p.published), []), earlier=False)]
    if not rows:
        return None
    label = (f"{len(rows)} tin đã được tính khi chấm ngày {_local_day(evaluated_at):%d/%m/%Y} "
             f"nhưng sau đó bị gỡ khỏi cổng thông tin")
    return {"kind": "deleted_after", "flag": True, "label": label, "count": len(rows),
            "evaluated_at": evaluated_at.isoformat(), "proof": rows[:PROOF_MAX]}


def findings(posts: Iterable[Mapping[str, Any]], crawls: Iterable[Mapping[str, Any]], window: tuple[date, date],
             evaluated_at: datetime | str | None = None) -> list[dict[str, Any]]:
    """The integrity findings of one school's year (pure).

    posts: every post ever seen ({"url", "title", "published", "first_seen", "last_seen", "first_run_id",
    "last_run_id", "missing_since"}); crawls: every run ({"run_id", "complete", "crawl_started_at",
    "crawl_finished_at", "covers_from": the first day its listings were read back to}); window: the year's
    counting window; evaluated_at: when the evaluation's crawl counted the posts (default now).
    Returns [{"kind", "flag", "label", "count", "proof", ...}]: flags first; [] when nothing stands out.
    """
    moment = _time(evaluated_at) or datetime.now(timezone.utc)
    everything = _posts(posts)
    crawl_rows = list(crawls)
    starts = {int(r["run_id"]): t for r in crawl_rows
              if r.get("run_id") is not None and (t := _time(r.get("crawl_started_at")))}
    by_key: dict[tuple[str, date], list[_Post]] = defaultdict(list)
    for p in everything:
        by_key[(p.norm, p.published)].append(p)
    year = [p for p in everything if window[0] <= p.published <= window[1]]
    counted = [p for p in year if p.live_at(moment)]
    out: list[dict[str, Any] | None] = [
        _backdated_finding(_backdated(counted, _complete_crawls(crawl_rows), starts, by_key), len(counted))]
    padding, padded = _padding(counted)
    out += [padding, _deleted_after(counted, moment, by_key), _series(counted, padded)]
    return [f for f in out if f is not None]


# The shell: read the store.

def _windows(store: Store, school_id: str) -> Callable[[str], tuple[date, date] | None]:
    """year → the counting window of the school's rubric (1 September – 31 August without one)."""
    from audit.rubric import find_rubric
    from audit.schoolyear import parse_school_year
    try:
        window = find_rubric(str(store.school(school_id).get("rubric") or "")).window
    except (KeyError, ValueError, OSError):
        window = None

    def of(year: str) -> tuple[date, date] | None:
        try:
            sy = parse_school_year(year)
        except ValueError:
            return None
        return sy.resolve(window) if window is not None else (date(sy.first, 9, 1), date(sy.first + 1, 8, 31))
    return of


def integrity_findings(store: Store, school_id: str, year: str, run_id: int | None = None,
                       evaluated_at: datetime | str | None = None) -> list[dict[str, Any]]:
    """The school's integrity findings for the year, from the store's post and crawl history.

    The evaluation is run `run_id`'s (when it finished; now while it is still running), or `evaluated_at`.
    """
    history = store.post_history(school_id)
    window_of = _windows(store, school_id)
    crawls = []
    for row in history["crawls"]:
        covers = window_of(str(row.get("year") or ""))
        crawls.append({**row, "covers_from": covers[0].isoformat() if covers else None})
        if evaluated_at is None and row.get("run_id") == run_id and row.get("status") != "running":
            evaluated_at = row.get("run_finished_at")
    window = window_of(year)
    if window is None:
        raise ValueError(f"năm học '{year}' không hợp lệ (dạng 2021-2022)")
    return findings(history["posts"], crawls, window, evaluated_at)
