"""Pure crawl decisions: which sections to read, which block is the listing, when to stop."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from audit.extract.discovery import Section
from audit.extract.listing import ListingBlock
from audit.posts.identity import url_shape

COUNTED_KINDS = ("news",)
OTHER_DATED_KINDS = ("documents", "resources")
DOCUMENT_SHARE = 0.5   # a listing with at least this share of document-like items lists documents
CONTENT_LISTING_ITEMS = 6   # a page listing at least this many posts, half of them known news, is a news listing
SIDEBAR = "sidebar"   # the date source of a post dated only in another block of a listing page (a weak date)
FILE_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".jpg", ".jpeg",
                 ".png", ".gif", ".mp4", ".mp3", ".xml", ".rss", ".css", ".js")


@dataclass(frozen=True)
class Limits:
    """Bounds that keep one school's crawl finite."""
    max_sections: int = 24
    max_listing_pages: int = 150
    max_articles: int = 4000
    max_other_sections: int = 6
    max_filed_sections: int = 40   # sections found on article pages (breadcrumbs) read as listings
    max_content_sections: int = 40  # unlabelled menu entries opened to see whether they list news
    max_link_pages: int = 2000     # linked pages the second channel may open to find unlisted posts
    link_sample: int = 12          # articles of dated listings opened for their links
    max_page_links: int | None = None   # links read from one page (None: the settings', AUDIT_MAX_PAGE_LINKS)
    max_sitemap_urls: int = 50_000      # sitemap entries read, all sitemaps together


MAX_PAGE_LINKS = 5000   # links read from one page unless the settings say otherwise
_LINK_TAG = re.compile(rb"<a[\s>]", re.I)


def links_cut(html: bytes, limit: int) -> int | None:
    """Where a page must be cut to hold `limit` links (the offset of the next `<a` tag), or None when it
    holds no more; one scan of the bytes, before any parsing."""
    for n, m in enumerate(_LINK_TAG.finditer(html)):
        if n == limit:
            return m.start()
    return None


POST_TITLE_WORDS = 4  # a link shaped like the listing's posts with this many words is a post, not a section
HEADLINE_WORDS = 7   # a link this long to an article-like URL is a post's headline (a "Tin nổi bật" block)
_ARTICLE_URL = re.compile(r"(?:[-_/]\d+)?\.html?$|/\d{3,}/?$|[?&](?:id|p)=\d+")


def headline(section: Section) -> bool:
    """True for a post's headline met among section links: a long title leading to an article-like URL."""
    words = [w for w in section.label.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= HEADLINE_WORDS and bool(_ARTICLE_URL.search(section.url))


def pick_sections(found: list[Section], kinds: tuple[str, ...], known: set[str], room: int) -> list[Section]:
    """Sections of these kinds not yet queued (headlines left out), at most `room` of them."""
    picked = [s for s in found if s.kind in kinds and s.url not in known and not headline(s)]
    return picked[:max(0, room)]


def main_block(blocks: list[ListingBlock], previous: set[tuple[str, ...]],
               menu: frozenset[str] = frozenset(), listing: str = "") -> ListingBlock | None:
    """The page's listing: the largest block that did not stand unchanged on the previous page
    and is not a menu (a block whose links are mostly the portal's section links); on a
    following page, a single post left alone on the last page (dated, or in the item boxes of
    the previous page's listing, whose signature is `listing`)."""
    fresh = [b for b in blocks if _urls(b) not in previous and not _menu_like(b, menu)]
    main = max((b for b in fresh if len(b.items) >= 2), key=lambda b: (len(b.items), b.dated_share), default=None)
    if main is None and previous:  # a listing's last page may hold a single post
        main = next((b for b in fresh if len(b.items) == 1
                     and (b.dated_share == 1 or (listing and b.signature == listing))), None)
    return main


def _menu_like(block: ListingBlock, menu: frozenset[str]) -> bool:
    return sum(1 for i in block.items if i.url in menu) * 2 >= len(block.items)


def _urls(block: ListingBlock) -> tuple[str, ...]:
    return tuple(i.url for i in block.items)


def post_like(section: Section, listing: ListingBlock) -> bool:
    """True for a link shaped like the listing's posts (same URL shape) with a title of a few words:
    a post met among a listing page's links ("Kế hoạch tháng 6/2023"), not a sub-section."""
    shapes = [url_shape(i.url) for i in listing.items]
    common = max(set(shapes), key=shapes.count) if shapes else None
    words = [w for w in section.label.split() if any(ch.isalpha() for ch in w)]
    return len(words) >= POST_TITLE_WORDS and url_shape(section.url) == common


def block_keys(blocks: list[ListingBlock]) -> set[tuple[str, ...]]:
    """Identity of every block of a page, to spot chrome and repeated pages on the next one."""
    return {_urls(b) for b in blocks}


def older_than(block: ListingBlock, start: date) -> bool:
    """True when every dated item of a listing page is before the window (newest-first lists)."""
    dated = [i.published for i in block.items if i.published]
    return bool(dated) and len(dated) * 2 >= len(block.items) and max(dated) < start


def next_listing_page(candidates: list[str], visited: set[str], section_url: str) -> str | None:
    """The first next-page candidate on the same host that was not read yet."""
    host = urlsplit(section_url).netloc
    return next((u for u in candidates if u not in visited and urlsplit(u).netloc == host), None)


def same_site(url: str, base: str) -> bool:
    """True when a URL is on the portal's own host (www. or not)."""
    return _host(url) == _host(base)


def _host(url: str) -> str:
    return (urlsplit(url).netloc or "").lower().removeprefix("www.")


def under_sections(url: str, section_urls: list[str]) -> bool:
    """True when a URL shares its first path segment with one of the news sections."""
    first = _first_segment(url)
    return bool(first) and any(_first_segment(s) == first for s in section_urls)


def _first_segment(url: str) -> str:
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return parts[0].rsplit(".", 1)[0] if parts else ""
