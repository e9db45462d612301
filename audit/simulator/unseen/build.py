"""build_portal(seed): an unseen portal's sections and posts, deterministic from the seed."""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from audit.simulator.unseen import content, vocab
from audit.simulator.unseen.fmt import VN_TZ, slugify
from audit.simulator.unseen.layout import Layout, draw_layout
from audit.simulator.unseen.spec import DOCUMENT, NEWS, PortalSpec, Post, Section

FIRST_DAY, LAST_DAY = date(2020, 6, 1), date(2025, 6, 30)
EDGES = ((8, 31), (9, 1), (5, 31), (6, 1))


def _sections(rng: random.Random, lay: Layout) -> list[Section]:
    """News sections (2-5, one of them maybe a top-level Thông báo) and document sections."""
    nums = rng.sample(range(2, 99), 12)
    tabs = rng.sample(range(50, 199), 12)
    wanted = rng.randint(2, 5) - (lay.thong_bao == "news_top")
    labels = [(label, NEWS, "news") for label in rng.sample(vocab.NEWS_LABELS, max(1, wanted))]
    if lay.thong_bao == "news_top":
        labels.append(("Thông báo", NEWS, "notice"))
    docs = rng.sample(vocab.DOC_CHILDREN, rng.randint(1, 3))
    labels += [(label, DOCUMENT, "docs") for label in docs]
    if lay.thong_bao == "doc_child":
        labels.insert(len(labels) - len(docs) + rng.randint(0, len(docs)), ("Thông báo", DOCUMENT, "docs"))
    return [Section(slugify(label), label, kind, nums[i], tabs[i], group)
            for i, (label, kind, group) in enumerate(labels)]


def _days(rng: random.Random, n: int, first: date, last: date) -> list[date]:
    """n publication days, sparser in summer and on Sundays, plus a few on school-year edges."""
    span = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    weights = [(0.3 if d.month in (6, 7, 8) else 1.0) * (0.3 if d.weekday() == 6 else 1.0) for d in span]
    edges = [date(y, m, d) for y in range(2020, 2026) for m, d in EDGES if first <= date(y, m, d) <= last]
    picked = rng.sample(edges, min(len(edges), rng.randint(4, 8)))
    return picked + rng.choices(span, weights, k=n - len(picked))


def _moment(rng: random.Random, day: date) -> datetime:
    """A publication time on a day (a few just after midnight, local time)."""
    hour = 0 if rng.random() < 0.03 else rng.choice((7, 8, 9, 10, 11, 14, 15, 16, 17, 20, 21))
    return datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59), tzinfo=VN_TZ)


def _news_post(rng: random.Random, spec_name: str, lay: Layout, news: list[Section], at: datetime) -> Post:
    """One news post: sections (primary first, sometimes a second), titles, text."""
    primary = rng.choices(news, [3.0] + [1.0] * (len(news) - 1))[0]
    keys = [primary.key]
    if len(news) > 1 and rng.random() < lay.two_section_share:
        keys.append(rng.choice([s.key for s in news if s.key != primary.key]))
    title, title_en = content.news_titles(rng, at, primary.group == "notice")
    author = rng.choice(vocab.AUTHORS)
    lead = content.excerpt(rng, at, spec_name, title, lay.excerpt == "trap")
    return Post(0, NEWS, title, "", at, tuple(keys), lead, content.body(rng, lead, author), author,
                rng.randint(40, 4000), at + timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 9)),
                title_en, slugify(title_en), lay.language_copies and rng.random() < 0.2,
                lay.url_scheme == "aspnet" and rng.random() < lay.friendly_share)


def _document(rng: random.Random, docs: list[Section], at: datetime) -> Post:
    """One document (Số hiệu, trích yếu, issuer, signer) in one document section."""
    section = rng.choice(docs)
    title, number, issuer, signer = content.document(rng, at, section.label == "Thông báo")
    return Post(0, DOCUMENT, title, "", at, (section.key,), "", "", "", rng.randint(10, 900), None,
                number=number, issuer=issuer, signer=signer)


def _unique(slug: str, taken: set[str]) -> str:
    """The slug, or slug-2, slug-3… when taken (WordPress style); remembered as taken."""
    n, out = 1, slug
    while out in taken:
        n += 1
        out = f"{slug}-{n}"
    taken.add(out)
    return out


def _finish(rng: random.Random, posts: list[Post]) -> list[Post]:
    """Sort newest first, give ascending ids, unique slugs and unique (title, day) pairs."""
    posts.sort(key=lambda p: p.at)
    next_id, seen, slugs = rng.randint(200, 6000), set(), set[str]()
    for post in posts:
        post.id, next_id = next_id, next_id + rng.randint(1, 3)
        if (post.title, post.day) in seen:
            post.title = f"{post.title} (tiếp theo)"
        seen.add((post.title, post.day))
        post.slug = _unique(slugify(post.title), slugs)
    posts.reverse()
    return posts


def _orphans(rng: random.Random, news: list[Post]) -> None:
    """Make 1-3 older news posts linked from nowhere (pages still answer)."""
    for post in rng.sample(news[len(news) // 2:], rng.randint(1, 3)):
        post.orphan = True


def build_portal(seed: int) -> PortalSpec:
    """The unseen portal of `seed` (id "unseen-<seed>")."""
    lay = draw_layout(seed)
    rng = random.Random(f"unseen-content-{seed}")
    level, level_en, grade = rng.choice(vocab.LEVELS)
    name = rng.choice(vocab.NAMES)
    place = rng.choice(vocab.PLACES)
    school = f"{level} {name}"
    sections = _sections(rng, lay)
    news_secs = [s for s in sections if s.kind == NEWS]
    doc_secs = [s for s in sections if s.kind == DOCUMENT]
    first = FIRST_DAY + timedelta(days=rng.randint(0, 60))
    last = LAST_DAY - timedelta(days=rng.randint(0, 20))
    posts = [_news_post(rng, school, lay, news_secs, _moment(rng, d)) for d in _days(rng, lay.n_news, first, last)]
    posts += [_document(rng, doc_secs, _moment(rng, d)) for d in _days(rng, rng.randint(15, 60), first, last)]
    posts = _finish(rng, posts)
    news = [p for p in posts if p.kind == NEWS]
    if lay.orphans:
        _orphans(rng, news)
    linked = [p for p in news if not p.orphan]
    return PortalSpec(seed, f"unseen-{seed}", school, f"{name} {level_en}", grade,
                      f"Số {rng.randint(1, 300)} đường {rng.choice(vocab.STREETS)}, {place}", lay, sections, posts,
                      popular=[p.id for p in rng.sample(linked, 5)],
                      featured=[p.id for p in rng.sample(linked[:60], 4)])
