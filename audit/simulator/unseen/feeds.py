"""robots.txt, sitemap.xml (complete or the latest 50 posts) and the RSS feed (latest 20 news)."""
from __future__ import annotations

from typing import Callable

from audit.simulator.unseen.fmt import esc, rfc822
from audit.simulator.unseen.spec import PortalSpec
from audit.simulator.unseen.urls import Urls

SITEMAP_PATH = "/sitemap.xml"


def robots(spec: PortalSpec, absu: Callable[[str], str]) -> str:
    """Allow everything except /admin; name the sitemap when there is one."""
    text = "User-agent: *\nDisallow: /admin\n"
    return text + (f"\nSitemap: {absu(SITEMAP_PATH)}\n" if spec.layout.sitemap != "none" else "")


def sitemap(spec: PortalSpec, urls: Urls, absu: Callable[[str], str]) -> str:
    """Every post's primary URL with lastmod (or only the latest 50)."""
    posts = spec.posts if spec.layout.sitemap == "complete" else spec.posts[:50]
    rows = "".join(f"<url><loc>{esc(absu(urls.primary(p)))}</loc><lastmod>{p.at.isoformat(timespec='seconds')}"
                   "</lastmod></url>" for p in posts)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{esc(absu(urls.home()))}</loc></url>{rows}</urlset>")


def rss(spec: PortalSpec, urls: Urls, absu: Callable[[str], str]) -> str:
    """RSS 2.0 with the latest 20 news items, dates in +0700."""
    items = "".join(f"<item><title>{esc(p.title)}</title><link>{esc(absu(urls.primary(p)))}</link>"
                    f"<guid>{esc(absu(urls.primary(p)))}</guid><pubDate>{rfc822(p.at)}</pubDate>"
                    f"<description>{esc(p.excerpt)}</description></item>" for p in spec.news()[:20])
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{esc(spec.name)}</title><link>{esc(absu(urls.home()))}</link>"
            f"<description>Tin tức {esc(spec.name)}</description><language>vi</language>{items}</channel></rss>")
