"""Which posts each page shows: listing pages, JS-only pages, home blocks, sidebars, related links.

Rendering and the truth both read this, so the pages and the reachability they report agree.
"""
from __future__ import annotations

import random

from audit.simulator.unseen.spec import DOCUMENT, NEWS, PortalSpec, Post, Section

DOC_PER_PAGE = 15


def _chunks(posts: list[Post], size: int) -> list[list[Post]]:
    """Consecutive pages of `size` posts (at least one, maybe empty, page)."""
    return [posts[i:i + size] for i in range(0, len(posts), size)] or [[]]


class Structure:
    """The link structure of one portal."""

    def __init__(self, spec: PortalSpec) -> None:
        self.spec = spec
        lay = spec.layout
        self.by_id = {p.id: p for p in spec.posts}
        self.members: dict[str, list[Post]] = {
            s.key: [p for p in spec.posts if s.key in p.sections and not p.orphan] for s in spec.sections}
        self.full: dict[str, list[list[Post]]] = {}
        self.plain: dict[str, list[list[Post]]] = {}
        for sec in spec.sections:
            self._paginate(sec)
        self.news = [p for p in spec.news() if not p.orphan]
        self.home_latest = self.news[:8]
        self.home_blocks = [(s, self.members[s.key][:4]) for s in spec.sections if s.kind == NEWS]
        self.side = {"Tin mới": self.news[:5], "Tin xem nhiều": [self.by_id[i] for i in spec.popular],
                     "Tin nổi bật": [self.by_id[i] for i in spec.featured]}
        self.side = {k: v for k, v in self.side.items() if k in lay.sidebars}
        self._index = {key: {p.id: i for i, p in enumerate(posts)} for key, posts in self.members.items()}

    def _paginate(self, sec: Section) -> None:
        """Full pages of a section and the pages reachable without JavaScript."""
        lay, posts = self.spec.layout, self.members[sec.key]
        if sec.kind == DOCUMENT:
            self.full[sec.key] = self.plain[sec.key] = _chunks(posts, DOC_PER_PAGE)
            return
        full = _chunks(posts, lay.per_page)
        self.full[sec.key] = full
        if lay.pager == "none":
            self.plain[sec.key] = [posts[:lay.listing_cap or 10]]
        elif lay.pager.startswith("js_"):
            self.plain[sec.key] = full[:1]
        else:
            self.plain[sec.key] = full[:lay.listing_cap] if lay.listing_cap else full

    def js_pages(self, key: str) -> list[list[Post]]:
        """Pages a working JS endpoint answers (all pages), else none."""
        return self.full[key] if self.spec.layout.pager == "js_ok" and key in self.full else []

    def _older(self, post: Post, k: int) -> list[Post]:
        """The next older posts in each of the post's sections (k in all, at least one per section).

        Every section's newest post is listed, so following these links reaches all its posts.
        """
        picked: list[Post] = []
        for n, key in enumerate(post.sections):
            i = self._index[key].get(post.id)
            if i is not None:
                want = k - (len(post.sections) - 1) if n == 0 else 1
                picked += [p for p in self.members[key][i + 1:i + 1 + want] if p.id not in {q.id for q in picked}]
        return picked

    def related(self, post: Post) -> list[Post]:
        """The related block: older neighbours, the newest, or random posts of the primary section."""
        lay, members = self.spec.layout, self.members[post.sections[0]]
        k = lay.related_count
        if lay.related_mode == "random" and len(members) > k + 1:
            others = [p for p in members if p.id != post.id]
            return random.Random(f"{self.spec.seed}:{post.id}").sample(others, k)
        older = self._older(post, k) if lay.related_mode == "older" else []
        taken = {p.id for p in older} | {post.id}
        return older + [p for p in members[:2 * k + 1] if p.id not in taken][:k - len(older)]

    def prevnext(self, post: Post) -> tuple[Post | None, Post | None]:
        """(older, newer) neighbours in the primary section, when the portal shows them."""
        key = post.sections[0]
        if not self.spec.layout.prevnext or post.id not in self._index[key]:
            return None, None
        i, posts = self._index[key][post.id], self.members[key]
        return (posts[i + 1] if i + 1 < len(posts) else None), (posts[i - 1] if i > 0 else None)

    def article_links(self, post: Post) -> list[Post]:
        """Posts linked from an article's own blocks (related and previous/next)."""
        older, newer = self.prevnext(post)
        return self.related(post) + [p for p in (older, newer) if p]
