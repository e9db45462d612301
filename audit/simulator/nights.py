"""Changes between two nights: a school publishes news, or deletes a post (for incremental recrawls)."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from audit.simulator import content
from audit.simulator.base import Site
from audit.simulator.model import NEWS, VN, Post
from audit.simulator.vnfmt import slugify


def next_news_day(site: Site) -> date:
    """The day after the portal's newest news post."""
    newest = max((p.published for p in site.portal.posts if p.kind == NEWS), default=datetime(2023, 5, 1, tzinfo=VN))
    return newest.date() + timedelta(days=1)


def new_post(site: Site, on: date, rng: random.Random) -> Post:
    """A news post of this portal published on a day, with a fresh id and a unique slug."""
    num = max((p.num for p in site.portal.posts), default=100) + rng.randint(1, 9)
    title = f"Nhà trường tổ chức {rng.choice(content.ACTIVITIES)} (tin số {num})"
    cats = [c.slug for c in site.news_cats()][:1]
    moment = datetime(on.year, on.month, on.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=VN)
    return Post(id=str(num), title=title, published=moment, categories=cats, kind=NEWS, slug=slugify(title, 60),
                views=rng.randint(5, 200), body=content.body(rng, title, site.portal.name),
                author=rng.choice(content.AUTHORS))


def publish_news(site: Site, on: date | None, rng: random.Random) -> Post:
    """Publish one news post (on a given day, else the day after the newest); returns it."""
    post = new_post(site, on or next_news_day(site), rng)
    site.publish(post)
    return post
