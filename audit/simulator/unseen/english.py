"""English copies of some posts under /en/: not separate posts; each points back with hreflang="vi"."""
from __future__ import annotations

from audit.simulator.unseen.fmt import english, esc
from audit.simulator.unseen.pages import Pages
from audit.simulator.unseen.spec import Post

NEWS_PATH = "/en/news.html"


def copies(pages: Pages) -> list[Post]:
    """Posts with an English copy, newest first."""
    return [p for p in pages.spec.news() if p.english]


def _frame(pages: Pages, title: str, main: str, head: str = "") -> str:
    """The English page frame (a small separate layout)."""
    spec = pages.spec
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} - {esc(spec.name_en)}'
            f'</title>{head}</head><body><div class="en-top"><a href="/en/">{esc(spec.name_en)}</a> | '
            f'<a href="{NEWS_PATH}">News</a> | <a href="{pages.urls.home()}" hreflang="vi">Tiếng Việt</a></div>'
            f'<div class="en-main">{main}</div></body></html>')


def _list(pages: Pages, posts: list[Post]) -> str:
    """English items with English dates."""
    return "<ul class=\"en-news\">" + "".join(
        f'<li><a href="{pages.urls.en_post(p)}">{esc(p.title_en)}</a> <span class="date">{english(p.at)}</span></li>'
        for p in posts) + "</ul>"


def en_home(pages: Pages, path: str) -> str:
    """/en/: a welcome and the latest English news."""
    posts = copies(pages)
    return _frame(pages, "Home", f"<h1>Welcome to {esc(pages.spec.name_en)}</h1><h2>Latest news</h2>"
                  + _list(pages, posts[:10]) + f'<p><a href="{NEWS_PATH}">All news</a></p>')


def en_news(pages: Pages, path: str) -> str:
    """/en/news.html: every English copy."""
    return _frame(pages, "News", "<h1>News</h1>" + _list(pages, copies(pages)))


def en_post(pages: Pages, post: Post, path: str) -> str:
    """An English copy: hreflang alternates to the Vietnamese post, an English date."""
    vi = esc(pages.absu(pages.urls.primary(post)))
    own = pages.absu(pages.urls.en_post(post))
    head = (f'<link rel="alternate" hreflang="vi" href="{vi}"><link rel="alternate" hreflang="en" href="{own}">'
            f'<link rel="canonical" href="{own}">')
    others = [p for p in copies(pages) if p.id != post.id][:5]
    main = (f"<h1>{esc(post.title_en)}</h1><p class=\"posted\">Posted on {english(post.at)}</p>"
            f"<p>{esc(pages.spec.name_en)} reports: {esc(post.title_en.lower())}.</p><h3>Other news</h3>"
            + _list(pages, others))
    return _frame(pages, post.title_en, main, head)
