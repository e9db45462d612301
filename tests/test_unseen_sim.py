"""The unseen-portal simulator (audit.simulator.unseen), checked with plain requests + lxml.

Only TUNING_SEEDS are used here: the benchmark seeds (BENCH_SEEDS) are never looked at while
developing, so that a crawler measured on them was not tuned to their pages.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
import pytest
import requests

from audit.simulator.unseen import BENCH_SEEDS, TUNING_SEEDS, build_portal, serve_unseen
from audit.simulator.unseen.fmt import english, show
from audit.simulator.unseen.server import RunningUnseen
from audit.simulator.unseen.spec import PortalSpec

SKIP = (".pdf", ".doc", ".docx", ".pptx", ".jpg", ".gif", ".css", ".xml")
EXPECTED_OPTIONS: dict[str, set[Any]] = {
    "url_scheme": {"slug_section", "slug_cat_id", "slug_id", "aspnet", "wordpress", "joomla", "botble"},
    "pager": {"numbered", "windowed", "next_only", "page_of", "js_ok", "js_broken", "none"},
    "pager_param": {"page", "p", "path_page", "trang", "PageIndex"},
    "next_label": {"Trang sau", "»", "Xem thêm"},
    "js_method": {"GET", "POST"}, "js_total": {"data-total", "text"}, "broken_status": {500, 404},
    "related_only": {True, False}, "related_mode": {"older", "newest", "random"}, "prevnext": {True, False},
    "listing_dates": {"before", "after", "column", "meta", "absent"},
    "meta_label": {"Ngày đăng:", "Cập nhật:", "Đăng lúc"},
    "listing_format": {"dmy", "dmy_nopad", "dmy_short", "dash", "dot", "time_dmy", "weekday", "written",
                       "month_name", "time_tag"},
    "article_meta": {True, False}, "canonical": {True, False},
    "container": {"div", "li", "article", "tr"}, "title_tag": {"h2", "h3", "h4", "a", "strong"},
    "thumb": {"none", "empty", "alt"}, "excerpt": {"none", "plain", "trap"},
    "class_style": {"random", "abbrev", "meaningful"}, "depth": {1, 2, 3, 4}, "shell": {"div", "table"},
    "forwarding": {"none", "meta", "js", "click", "frameset", "iframe", "302"},
    "home_path": {"/", "/vi/", "/home.html", "/Default.aspx"},
    "language_copies": {True, False}, "size": {"normal", "large"},
    "thong_bao": {"news_top", "doc_child", "absent"}, "news_menu": {"flat", "nested_hash", "nested_link"},
    "docs_table": {True, False}, "disclosure": {"none", "Công khai", "Ba công khai", "Thông tin công khai"},
    "sitemap": {"none", "complete", "latest50"}, "rss": {True, False}, "orphans": {True, False},
}


@pytest.fixture(scope="module")
def specs() -> dict[str, PortalSpec]:
    return {spec.id: spec for spec in (build_portal(seed) for seed in TUNING_SEEDS)}


@pytest.fixture(scope="module")
def running(specs: dict[str, PortalSpec]) -> Iterator[RunningUnseen]:
    with serve_unseen(specs.values()) as served:
        yield served


@pytest.fixture(scope="module")
def truths(running: RunningUnseen, specs: dict[str, PortalSpec]) -> dict[str, dict[str, Any]]:
    return {pid: running.truth(pid) for pid in specs}


def news(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in truth["posts"] if p["kind"] == "news"]


def links(url: str, content: bytes) -> list[str]:
    """Absolute hrefs of a page's <a>, <frame> and <iframe>, without fragments."""
    doc = lxml.html.fromstring(content)
    return [urldefrag(urljoin(url, el.get("href") or el.get("src")))[0]
            for el in doc.xpath("//a[@href] | //frame[@src] | //iframe[@src]")]


def crawl(session: requests.Session, start: list[str], seen: set[str] | None = None) -> set[str]:
    """Every same-host page reachable by plain links from `start` (files and /en/ skipped)."""
    host = urlsplit(start[0]).netloc
    seen = set(start) if seen is None else seen | set(start)
    queue = deque(start)
    while queue:
        url = queue.popleft()
        resp = session.get(url, allow_redirects=False, timeout=10)
        if resp.status_code != 200 or "html" not in resp.headers["Content-Type"]:
            continue
        for href in links(url, resp.content):
            parts = urlsplit(href)
            if parts.netloc == host and not parts.path.endswith(SKIP) and not parts.path.startswith("/en/") \
                    and href not in seen:
                seen.add(href)
                queue.append(href)
    return seen


def fill(params: dict[str, str], page: int) -> dict[str, str]:
    return {k: v.replace("{page}", str(page)) for k, v in params.items()}


def call(session: requests.Session, endpoint: dict[str, Any], page: int) -> requests.Response:
    """One page of a documented JS endpoint."""
    params = fill(endpoint["params"], page)
    if endpoint["method"] == "GET":
        return session.get(endpoint["url"], params=params, timeout=10)
    return session.post(endpoint["url"], data=params, timeout=10)


# -- building ------------------------------------------------------------------------------------

def test_seed_sets() -> None:
    assert TUNING_SEEDS == tuple(range(1, 21))
    assert BENCH_SEEDS == tuple(range(9001, 9061)) and not set(TUNING_SEEDS) & set(BENCH_SEEDS)


def test_build_is_deterministic(specs: dict[str, PortalSpec]) -> None:
    for seed in (2, 11):
        assert asdict(build_portal(seed)) == asdict(specs[f"unseen-{seed}"])
    assert asdict(specs["unseen-2"].layout) != asdict(specs["unseen-3"].layout)


def test_every_option_occurs_across_tuning_seeds(specs: dict[str, PortalSpec]) -> None:
    layouts = [asdict(spec.layout) for spec in specs.values()]
    for key, options in EXPECTED_OPTIONS.items():
        seen = {lay[key] for lay in layouts}
        assert options <= seen, f"{key}: missing {options - seen}"
    for form in ("leave_request", "regrade_request", "admission_info"):
        assert {lay["forms"][form] for lay in layouts} == {True, False}
    for fmt in EXPECTED_OPTIONS["listing_format"]:
        assert any(lay["article_format"] == fmt for lay in layouts)
    for forwarded in ("/vi/", "/home.html"):
        assert any(lay["forwarding"] == "302" and lay["home_path"] == forwarded for lay in layouts)


def test_post_features_occur(specs: dict[str, PortalSpec]) -> None:
    posts = [p for spec in specs.values() for p in spec.posts]
    assert any(len(p.sections) == 2 for p in posts)
    assert any(p.friendly for p in posts) and any(p.english for p in posts) and any(p.orphan for p in posts)
    edges = {(p.at.month, p.at.day) for p in posts}
    assert {(8, 31), (9, 1), (5, 31), (6, 1)} <= edges
    assert min(p.at for p in posts).date() >= date(2020, 6, 1) and max(p.at for p in posts).date() <= date(2025, 6, 30)
    sizes = [len([p for p in spec.posts if p.kind == "news"]) for spec in specs.values()]
    assert all(120 <= n <= 400 or 1000 <= n <= 2000 for n in sizes) and max(sizes) >= 1000
    for spec in specs.values():
        text = json.dumps([p.title + p.excerpt + p.body for p in spec.posts], ensure_ascii=False)
        assert unicodedata.is_normalized("NFC", text)


# -- truth -------------------------------------------------------------------------------------------

def test_truth_shape_and_counts(running: RunningUnseen, truths: dict[str, dict[str, Any]]) -> None:
    for pid, truth in truths.items():
        base = running.url(pid)
        json.dumps(truth)
        assert truth["id"] == pid and truth["home"].startswith(base) and truth["seed"] == int(pid[7:])
        assert {"url_scheme", "pager", "listing_dates", "forwarding", "language_copies", "size"} <= set(truth["layout"])
        for post in truth["posts"]:
            assert post["kind"] in ("news", "document") and post["urls"] and post["sections"]
            assert all(u.startswith(base) for u in post["urls"] + post["translations"])
            assert len(set(post["urls"])) == len(post["urls"])
            assert post["listed"] == (post["reach"] == "listing")
            assert post["related_only"] == (post["reach"] == "links")
        for year, row in truth["years"].items():
            start, end = date(int(year[:4]), 9, 1), date(int(year[5:]), 5, 31)
            assert row["window"] == [start.isoformat(), end.isoformat()]
            assert row["count"] == sum(start <= date.fromisoformat(p["date"]) <= end for p in news(truth))
        assert truth["complete_possible"] == all(p["reach"] != "none" for p in news(truth))
        urls = [u for p in truth["posts"] for u in p["urls"]]
        assert len(urls) == len(set(urls)), "a URL shows two posts"
    assert all(t["years"][year]["count"] > 0 for t in truths.values() for year in t["years"])


def test_related_only_portals(truths: dict[str, dict[str, Any]]) -> None:
    for truth in truths.values():
        lay, reach = truth["layout"], {p["reach"] for p in news(truth)}
        if lay["pager"] in ("js_broken", "none"):
            assert lay["related_only"] and "links" in reach
            assert sum(p["related_only"] for p in news(truth)) > len(news(truth)) / 3
        if not lay["orphans"]:
            assert truth["complete_possible"]
    assert sum(not t["complete_possible"] for t in truths.values()) == 1


# -- serving -----------------------------------------------------------------------------------------

def sample(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """A spread of posts: first, last, multi-URL, English, related-only, unreachable, documents."""
    posts = truth["posts"]
    picks = posts[:2] + posts[-2:] + posts[::max(1, len(posts) // 6)]
    for test in (lambda p: len(p["urls"]) > 1, lambda p: p["translations"], lambda p: p["reach"] == "links",
                 lambda p: p["reach"] != "listing" and p["reach"] != "links", lambda p: p["kind"] == "document"):
        picks += [p for p in posts if test(p)][:2]
    return list({p["id"]: p for p in picks}.values())


def test_truth_urls_answer_with_title_and_date(specs: dict[str, PortalSpec],
                                               truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for pid, truth in truths.items():
        spec = specs[pid]
        by_id = {p.id: p for p in spec.posts}
        for post in sample(truth):
            for url in post["urls"]:
                resp = session.get(url, timeout=10)
                assert resp.status_code == 200, url
                assert resp.headers["Content-Type"] == "text/html; charset=utf-8"
                text = resp.content.decode("utf-8")
                assert unicodedata.is_normalized("NFC", text)
                doc = lxml.html.fromstring(resp.content)
                assert post["title"] in doc.xpath("string(//h1)")
                if post["kind"] == "news":
                    assert show(by_id[post["id"]].at, spec.layout.article_format) in text, url


def test_forwarding_roots_forward(running: RunningUnseen, truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for pid, truth in truths.items():
        kind, root, home = truth["layout"]["forwarding"], running.url(pid), truth["home"]
        resp = session.get(root, allow_redirects=False, timeout=10)
        target = urlsplit(home).path
        if kind == "none":
            assert home == root and resp.status_code == 200
            continue
        assert home != root
        if kind == "302":
            assert resp.status_code == 302 and resp.headers["Location"] == home
        else:
            text = resp.text
            assert resp.status_code == 200 and "<nav" not in text and "<ul" not in text
            patterns = {"meta": rf'http-equiv="refresh" content="0; url={target}"',
                        "js": rf"window\.location\.href='{target}'", "click": rf'<a href="{target}">Click here</a>',
                        "frameset": rf'<frameset[^>]*><frame src="{target}"', "iframe": rf'<iframe src="{target}"'}
            assert re.search(patterns[kind], text), (pid, kind)
        page = session.get(home, timeout=10)
        first = truth["sections"][0]["url"]
        assert page.status_code == 200 and first in links(home, page.content)


def reach_portals(truths: dict[str, dict[str, Any]]) -> list[str]:
    """One small portal per pager kind, plus the orphan portal and a related-only link-pager portal."""
    small = {pid: t for pid, t in truths.items() if t["layout"]["size"] == "normal"}
    chosen = {min((p for p, t in small.items() if t["layout"]["pager"] == kind),
                  key=lambda p: len(small[p]["posts"]), default=None) for kind in EXPECTED_OPTIONS["pager"]}
    chosen.add(next((p for p, t in small.items() if t["layout"]["orphans"]), None))
    chosen.add(next((p for p, t in small.items() if t["layout"]["related_only"]
                     and t["layout"]["pager"] in ("numbered", "windowed", "next_only", "page_of")), None))
    return sorted(p for p in chosen if p)


def test_posts_reachable_as_the_truth_says(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    checked = reach_portals(truths)
    assert len(checked) >= 6
    for pid in checked:
        truth = truths[pid]
        seen = crawl(session, [truth["home"]])
        by_links = {p["id"] for p in truth["posts"] if any(u in seen for u in p["urls"])}
        assert by_links == {p["id"] for p in truth["posts"] if p["reach"] in ("listing", "links")}, pid
        found: list[str] = []
        for sec in truth["sections"]:
            ep = sec["endpoint"]
            if ep and ep["working"]:
                for page in range(1, ep["pages"] + 1):
                    resp = call(session, ep, page)
                    found += [u for u in links(ep["url"], b"<div>" + resp.content + b"</div>") if u not in seen]
        seen = crawl(session, found, seen) if found else seen
        by_any = {p["id"] for p in truth["posts"] if any(u in seen for u in p["urls"])}
        assert by_any == {p["id"] for p in truth["posts"] if p["reach"] != "none"}, pid


def test_js_endpoints(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    kinds = set()
    for truth in truths.values():
        lay = truth["layout"]
        for sec in truth["sections"]:
            ep = sec["endpoint"]
            if not ep:
                continue
            kinds.add((lay["pager"], ep["method"]))
            if ep["pages"] < 2:
                continue
            listing = session.get(sec["url"], timeout=10).text
            assert "onclick=\"loadPage(2)\"" in listing and ep["url"].replace(truth["root"][:-1], "") in listing
            total = sum(sec["label"] in p["sections"] for p in news(truth) if p["reach"] != "none")
            assert f'data-total="{total}"' in listing or f"Tổng số: {total} tin" in listing
            if not ep["working"]:
                for page in (1, 2, 3):
                    assert call(session, ep, page).status_code == lay["broken_status"]
                continue
            second = call(session, ep, 2)
            assert second.status_code == 200 and "<html" not in second.text
            post_urls = {u for p in truth["posts"] for u in p["urls"]}
            hrefs = links(ep["url"], b"<div>" + second.content + b"</div>")
            assert hrefs and set(hrefs) <= post_urls
            assert call(session, ep, ep["pages"] + 1).text == ""
    assert {("js_ok", "GET"), ("js_ok", "POST"), ("js_broken", "GET"), ("js_broken", "POST")} <= kinds


def test_english_copies_point_back(specs: dict[str, PortalSpec], truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for pid, truth in truths.items():
        copies = [p for p in truth["posts"] if p["translations"]]
        assert bool(copies) == truth["layout"]["language_copies"]
        by_id = {p.id: p for p in specs[pid].posts}
        for post in copies[:3]:
            en_url = post["translations"][0]
            assert en_url not in {u for p in truth["posts"] for u in p["urls"]}
            resp = session.get(en_url, timeout=10)
            doc = lxml.html.fromstring(resp.content)
            assert resp.status_code == 200 and doc.get("lang") == "en"
            assert doc.xpath('//link[@rel="alternate"][@hreflang="vi"]/@href')[0] in post["urls"]
            assert english(by_id[post["id"]].at) in resp.text
            vi = lxml.html.fromstring(session.get(post["urls"][0], timeout=10).content)
            assert vi.xpath('//link[@rel="alternate"][@hreflang="en"]/@href') == [en_url]


def test_canonical_and_aliases(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for truth in truths.values():
        multi = [p for p in news(truth) if len(p["urls"]) > 1][:2]
        for post in multi:
            pages = [session.get(u, timeout=10) for u in post["urls"]]
            assert all(r.status_code == 200 for r in pages)
            canon = [lxml.html.fromstring(r.content).xpath('//link[@rel="canonical"]/@href') for r in pages]
            assert canon == ([[post["urls"][0]]] * len(pages) if truth["layout"]["canonical"] else [[]] * len(pages))


def test_listing_dates(specs: dict[str, PortalSpec], truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for pid, truth in truths.items():
        lay = specs[pid].layout
        sec = truth["sections"][0]
        first = next(p for p in specs[pid].posts if sec["label"] in [specs[pid].section(k).label for k in p.sections]
                     and not p.orphan)
        text = session.get(sec["url"], timeout=10).text
        assert first.title in text
        if lay.listing_dates != "absent":
            assert show(first.at, lay.listing_format) in text


def test_documents_are_not_news(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for truth in truths.values():
        doc_secs = [s for s in truth["sections"] if s["kind"] == "document"]
        assert doc_secs
        text = session.get(doc_secs[0]["url"], timeout=10).text
        assert "Ngày ban hành" in text and ("Số hiệu" in text)
        labels = {s["label"] for s in truth["sections"]}
        if truth["layout"]["thong_bao"] == "doc_child":
            assert [s["kind"] for s in truth["sections"] if s["label"] == "Thông báo"] == ["document"]
        elif truth["layout"]["thong_bao"] == "news_top":
            assert [s["kind"] for s in truth["sections"] if s["label"] == "Thông báo"] == ["news"]
        else:
            assert "Thông báo" not in labels


def test_robots_sitemap_feed(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for truth in truths.values():
        robots = session.get(truth["root"] + "robots.txt", timeout=10)
        assert robots.status_code == 200 and "Disallow: /admin" in robots.text
        sitemap = session.get(truth["root"] + "sitemap.xml", timeout=10)
        kind = truth["layout"]["sitemap"]
        if kind == "none":
            assert sitemap.status_code == 404 and "Sitemap:" not in robots.text
        else:
            locs = re.findall(r"<loc>", sitemap.text)
            assert len(locs) - 1 == (len(truth["posts"]) if kind == "complete" else 50)
        if truth["feed"]:
            rss = session.get(truth["feed"], timeout=10)
            dates = re.findall(r"<pubDate>([^<]+)</pubDate>", rss.text)
            assert len(dates) == 20 and all(d.endswith("+0700") for d in dates)


def test_disclosure_and_forms(truths: dict[str, dict[str, Any]]) -> None:
    session = requests.Session()
    for truth in truths.values():
        disc = truth["disclosure"]
        if disc["found"]:
            page = session.get(disc["url"], timeout=10)
            assert page.status_code == 200
            for year in disc["years"]:
                assert f"Công khai năm học {year}" in page.text
        for url in truth["forms"].values():
            if url:
                assert session.get(url, timeout=10).status_code == 200


def test_unknown_paths_and_log(running: RunningUnseen, truths: dict[str, dict[str, Any]]) -> None:
    pid = "unseen-1"
    running.reset_log(pid)
    base = running.url(pid)
    missing = requests.get(base + "khong-co-trang-nay.html", timeout=10)
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "text/html; charset=utf-8"
    requests.head(truths[pid]["home"], timeout=10)
    log = running.log(pid)
    assert [(e["method"], e["path"], e["status"]) for e in log] == [
        ("GET", "/khong-co-trang-nay.html", 404), ("HEAD", urlsplit(truths[pid]["home"]).path, 200)]
    assert log[0]["t"] <= log[1]["t"]
    running.reset_log(pid)
    assert running.log(pid) == []


def test_cli_serves_one_portal(tmp_path: Any) -> None:
    out = tmp_path / "truth.json"
    proc = subprocess.Popen([sys.executable, "-m", "audit.simulator.unseen", "--seed", "3", "--truth", str(out)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split()[1]
        assert proc.stdout.readline().strip() == f"truth: {out}"
        truth = json.loads(out.read_text(encoding="utf-8"))
        assert truth["id"] == "unseen-3" and truth["home"].startswith(url)
        assert requests.get(truth["home"], timeout=10).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
