"""Where a portal's root page forwards to, when it is no home page of its own (pure).

Real roots often only forward: a `<meta http-equiv="refresh">`, a script setting
`location`, a frameset or a page that is one big iframe, or a near-empty "moved" page with
one link. A page with a menu of its own is a home page and never forwards, whatever it holds
(a real home may refresh itself every few minutes).
"""
from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.etree import _Element

from audit.extract.discovery import classify
from audit.extract.listing import drop_scripts, parse_html
from audit.text import clean

_REFRESH_URL = re.compile(r"^\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['\"]?([^'\"]*)['\"]?\s*$", re.I)
_SCRIPT_LOCATION = re.compile(
    r"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]"""
    r"""|location\.(?:replace|assign)\(\s*['"]([^'"]+)['"]\s*\)""", re.I)
_MAX_REFRESH_DELAY = 10.0
_THIN_LINKS = 4          # a page with more same-site links than this has a menu: it is a home page
_THIN_TEXT = 600         # characters of visible text a forwarding page stays under
_FRAME_NAMES = ("main", "content", "noidung", "body", "center", "mainframe")


def forward_target(html: str | bytes, url: str) -> str | None:
    """The URL a thin root page forwards to (absolute, not the page itself), else None."""
    tree = parse_html(html, keep_scripts=True)
    return None if tree is None else forward_in(tree, url)


def forward_in(tree: _Element, url: str) -> str | None:
    """`forward_target` of a parsed page (scripts kept; they are dropped from the tree here)."""
    found = _meta_refresh(tree, url) or _frame(tree, url)
    scripts = " ".join(s.text or "" for s in tree.iter("script"))
    drop_scripts(tree)
    if not _thin(tree, url):
        return None
    found = found or _script_location(scripts, url) or _single_link(tree, url)
    return found if found and not _same_page(found, url) else None


def _meta_refresh(tree: _Element, url: str) -> str | None:
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        m = _REFRESH_URL.match(meta.get("content") or "")
        if m and m.group(2).strip() and float(m.group(1) or 0) <= _MAX_REFRESH_DELAY:
            return _absolute(url, m.group(2))
    return None


def _frame(tree: _Element, url: str) -> str | None:
    """The main frame of a frameset, or the iframe a page is wrapped around."""
    frames = [f for f in tree.iter("frame", "iframe") if (f.get("src") or "").strip()]
    if not frames:
        return None
    if any(f.tag == "frame" for f in frames):
        named = [f for f in frames if (f.get("name") or f.get("id") or "").lower() in _FRAME_NAMES]
        return _absolute(url, (named or frames[-1:])[0].get("src") or "")
    same_site = [f for f in frames if urlsplit(_absolute(url, f.get("src") or "")).netloc == urlsplit(url).netloc]
    return _absolute(url, same_site[0].get("src") or "") if len(same_site) == 1 else None


def _script_location(scripts: str, url: str) -> str | None:
    m = _SCRIPT_LOCATION.search(scripts)
    return _absolute(url, m.group(1) or m.group(2)) if m else None


def _single_link(tree: _Element, url: str) -> str | None:
    """The one link of a near-empty "moved" page (any host: a school may move its portal); a link
    labelled as a section ("Tin tức") is a tiny menu, not a forward."""
    anchors = {_absolute(url, a.get("href") or ""): clean(a.text_content()) for a in tree.iter("a")
               if (a.get("href") or "").strip() and not (a.get("href") or "").strip().lower().startswith(
                   ("mailto:", "tel:", "javascript:", "#"))}
    if len(anchors) != 1:
        return None
    target, label = anchors.popitem()
    return None if classify(label) else target


def _thin(tree: _Element, url: str) -> bool:
    """True for a page with no menu and little text: it cannot be a portal's home page."""
    host = urlsplit(url).netloc
    links = {_absolute(url, a.get("href") or "") for a in tree.iter("a") if (a.get("href") or "").strip()}
    same_site = [u for u in links if urlsplit(u).netloc == host]
    text = clean(tree.text_content())
    return len(same_site) <= _THIN_LINKS and len(text) <= _THIN_TEXT


def _absolute(base: str, href: str) -> str:
    return urldefrag(urljoin(base, href.strip()))[0]


def _same_page(target: str, url: str) -> bool:
    a, b = urlsplit(target), urlsplit(url)
    return (a.netloc, a.path.rstrip("/"), a.query) == (b.netloc, b.path.rstrip("/"), b.query)
