"""The ground truth of a served unseen portal: posts, how each can be reached, counts per school year."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any, Iterable

from audit.simulator.unseen.layout import YEARS
from audit.simulator.unseen.site import Site
from audit.simulator.unseen.spec import NEWS, Post
from audit.simulator.unseen.statics import FORM_FILES
from audit.simulator.unseen.structure import Structure


def _closure(st: Structure, start: Iterable[int]) -> set[int]:
    """Post ids reachable from `start` through articles' related and previous/next links."""
    seen, todo = set(start), list(start)
    while todo:
        for other in st.article_links(st.by_id[todo.pop()]):
            if other.id not in seen:
                seen.add(other.id)
                todo.append(other.id)
    return seen


def reach(st: Structure) -> dict[int, str]:
    """Per post: "listing", "links" (only via other pages' links), "endpoint" (JS endpoint) or "none"."""
    listed = {p.id for pages in st.plain.values() for page in pages for p in page}
    listed |= {p.id for p in st.home_latest} | {p.id for _, posts in st.home_blocks for p in posts}
    side = {p.id for posts in st.side.values() for p in posts}
    by_links = _closure(st, listed | side)
    fragments = {p.id for key in st.full for page in st.js_pages(key) for p in page}
    by_js = _closure(st, by_links | fragments)
    return {pid: "listing" if pid in listed else "links" if pid in by_links else "endpoint" if pid in by_js
            else "none" for pid in st.by_id}


def years(posts: list[Post]) -> dict[str, dict[str, Any]]:
    """News posts per school year window (1 September to 31 May, both included)."""
    out = {}
    for year in YEARS:
        start, end = date(int(year[:4]), 9, 1), date(int(year[5:]), 5, 31)
        count = sum(1 for p in posts if p.kind == NEWS and start <= p.at.date() <= end)
        out[year] = {"window": [start.isoformat(), end.isoformat()], "count": count}
    return out


def _post(site: Site, post: Post, how: str) -> dict[str, Any]:
    """One post's truth."""
    spec, urls = site.spec, site.urls
    return {"id": post.id, "title": post.title, "date": post.day, "kind": post.kind,
            "urls": [site.absu(u) for u in urls.all_urls(post)], "listed": how == "listing",
            "reach": how, "related_only": how == "links",
            "sections": [spec.section(k).label for k in post.sections],
            "translations": [site.absu(urls.en_post(post))] if post.english else []}


def _sections(site: Site) -> list[dict[str, Any]]:
    """Sections with their listing URL and JS endpoint (working or not)."""
    out = []
    for sec in site.spec.sections:
        ep = site.urls.endpoint(sec)
        out.append({"label": sec.label, "kind": sec.kind, "url": site.absu(site.urls.listing(sec)),
                    "endpoint": None if ep is None else {
                        "method": ep.method, "url": site.absu(ep.path), "params": ep.params,
                        "working": site.spec.layout.pager == "js_ok", "pages": len(site.st.full[sec.key])}})
    return out


def build_truth(site: Site) -> dict[str, Any]:
    """The JSON-able truth of a served portal (absolute URLs)."""
    spec, urls, lay = site.spec, site.urls, site.spec.layout
    how = reach(site.st)
    news = [p for p in spec.posts if p.kind == NEWS]
    feed = urls.feed()
    return {
        "id": spec.id, "seed": spec.seed, "name": spec.name, "layout": asdict(lay),
        "home": site.absu(urls.home()), "root": site.absu("/"),
        "posts": [_post(site, p, how[p.id]) for p in spec.posts],
        "sections": _sections(site), "years": years(spec.posts),
        "complete_possible": all(how[p.id] != "none" for p in news),
        "complete_by_links": all(how[p.id] in ("listing", "links") for p in news),
        "disclosure": {"found": lay.disclosure != "none",
                       "url": site.absu(urls.static("cong-khai")) if lay.disclosure != "none" else None,
                       "years": list(lay.disclosure_years) if lay.disclosure != "none" else []},
        "forms": {**{k: site.absu(urls.file(name)) if lay.forms[k] else None for k, (_, name) in FORM_FILES.items()},
                  "admission_info": site.absu(urls.static("tuyen-sinh")) if lay.forms["admission_info"] else None},
        "sitemap": site.absu("/sitemap.xml") if lay.sitemap != "none" else None,
        "feed": site.absu(feed) if feed else None,
    }
