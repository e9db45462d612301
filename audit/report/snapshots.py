"""Stored copies of the proof pages beside a report, made inert for viewing (no scripts, nothing fetched, no
navigation of their own).

A meta CSP cannot stop a page opened from disk from moving (a meta refresh, a frame, a form), so the copy is
rewritten, not only fenced: parsed with lxml, it loses scripts, meta elements (refresh), base, links, frames,
objects and embeds, forms and their controls, event-handler attributes, javascript:/vbscript:/data: URLs and
comments; its text and links (made absolute against the page's URL) stay readable."""
from __future__ import annotations

import codecs
import html
import json
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import lxml.html
from lxml import etree

from audit.fetch.charset import choose
from audit.report.fmt import safe_href, text, vn_time
from audit.labels import SNAPSHOT_BANNER

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
PAGE_KINDS = ("home", "listing")  # always kept: the home page and the listing pages that were counted
FOLDER = "snapshots"
INDEX = "index.json"
_BANNER_STYLE = ("all:initial;display:block;font:14px/1.4 sans-serif;background:#fff3cd;color:#222;"
                 "padding:6px 10px;border-bottom:2px solid #c69500")


def _field(page: Any, name: str) -> Any:
    """A page's field, from a PageRecord or a stored page dict."""
    return page.get(name) if isinstance(page, Mapping) else getattr(page, name, None)


def proof_urls(result: Mapping[str, Any]) -> set[str]:
    """URLs a reviewer may want to see as the crawler saw them: criteria proof and the web checks' pages."""
    urls: set[str] = set()
    for c in result.get("criteria", []):
        urls.update(u for u in c.get("evidence") or [] if safe_href(u))
    disclosure = result.get("disclosure") or {}
    urls.add(text(disclosure.get("url")))
    urls.update(text(i.get("url")) for i in disclosure.get("items") or [] if isinstance(i, Mapping))
    urls.update(text(f.get("url")) for f in (result.get("forms") or {}).get("found") or [])
    urls.update(text(u) for u in ((result.get("contents") or {}).get("urls") or {}).values())
    readings = (result.get("visits") or {}).get("readings") or []
    urls.update(text(r.get("url")) for r in readings if isinstance(r, Mapping))
    urls.add(text((result.get("crawl") or {}).get("final_url")))
    urls.add(text((result.get("school") or {}).get("url")))
    return {u for u in urls if safe_href(u)}


def proof_pages(result: Mapping[str, Any], pages: Iterable[Any]) -> list[Any]:
    """The fetched pages worth a stored copy, one per URL (the first fetch)."""
    wanted = proof_urls(result)
    chosen: dict[str, Any] = {}
    for page in pages:
        url = text(_field(page, "url"))
        if url not in chosen and _field(page, "sha256") and (url in wanted or _field(page, "kind") in PAGE_KINDS):
            chosen[url] = page
    return list(chosen.values())


# elements removed with everything in them: they run code, load or embed something, navigate, or are parsed one
# way by lxml and another by a browser
_KILL = frozenset({
    "script", "noscript", "template", "iframe", "frameset", "object", "applet", "portal", "fencedframe", "select",
    "textarea", "datalist", "xmp", "noembed", "noframes", "plaintext", "animate", "set", "animatemotion",
    "animatetransform", "handler", "listener", "foreignobject"})
# empty in a browser, but lxml may nest what follows inside them (an <embed> swallows the rest of the page): the
# element goes, anything lxml put inside stays (and is cleaned like the rest)
_KILL_VOID = frozenset({"embed", "param", "keygen", "source", "track", "frame", "base", "meta", "link", "input",
                        "isindex"})
_UNWRAP = frozenset({"form", "button"})   # the element goes, its text stays
_DROP_ATTRS = frozenset({"srcdoc", "formaction", "action", "http-equiv", "ping", "autofocus", "form", "popovertarget",
                         "xmlns", "manifest",
                         # what loads something by itself (a browser may ask before reading the CSP): images show
                         # their alt text instead
                         "src", "srcset", "imagesrcset", "poster", "background", "lowsrc", "dynsrc", "longdesc",
                         "codebase", "archive", "icon"})
_LINKS = frozenset({"a", "area"})   # the only elements that keep an href: followed only when clicked
_BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:", "mocha:", "data:", "file:", "filesystem:", "blob:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_NAME = re.compile(r"[a-z_][a-z0-9_.:-]*")   # a tag or attribute name read the same by lxml and a browser
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_CSS_FETCH = re.compile(r"url\s*\([^)]*\)|(?:-webkit-)?image-set\s*\([^)]*\)|@import[^;]*;?", re.I)
_CSS_LEFT = re.compile(r"url\s*\(|image-set|@import|\\|<", re.I)   # what a style must not hold after scrubbing


def _local(name: str) -> str:
    """"svg:script" → "script"; lower case."""
    return name.rsplit(":", 1)[-1].lower()


def _bad_value(value: str) -> bool:
    """An attribute value that is a script, data or local URL (whitespace and controls inside ignored)."""
    return _URL_NOISE.sub("", value).lower().startswith(_BAD_SCHEMES)


def inert_css(css: str) -> str | None:
    """Style without anything it would fetch (url(), image-set(), @import); None when something is left that could
    hide one (a CSS escape) or break out of a <style> ("<")."""
    scrubbed = _CSS_FETCH.sub("none", css)
    return None if _CSS_LEFT.search(scrubbed) else scrubbed


def _killed(el: Any) -> bool:
    tag = _local(el.tag)
    return tag in _KILL or tag in _KILL_VOID


def _clean_element(el: Any) -> None:
    if _local(el.tag) == "style" and el.text:
        el.text = inert_css(el.text) or ""
    link = _local(el.tag) in _LINKS
    for name in list(el.attrib):
        local, value = _local(name), el.attrib[name]
        if not _NAME.fullmatch(name.lower()) or local.startswith("on") or local in _DROP_ATTRS or (local == "href" and not link) or _bad_value(value):
            del el.attrib[name]
        elif local == "style":
            css = inert_css(value)
            if css is None:
                del el.attrib[name]
            else:
                el.attrib[name] = css


def inert_html(text_: str, url: str = "") -> str | None:
    """The page's markup with nothing left that runs, loads a frame, submits or moves by itself; links absolute
    against `url` (an http(s) URL). None when it does not parse as HTML."""
    text_ = _CONTROL.sub("", _XML_DECLARATION.sub("", text_, count=1)).replace("\x0c", " ")
    try:
        root = lxml.html.document_fromstring(text_)
    except (etree.ParserError, ValueError):
        return None
    for node in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        node.drop_tree()
    for el in [e for e in root.iter(etree.Element) if _killed(e)]:
        if _local(el.tag) in _KILL_VOID:
            el.drop_tag()
        else:
            el.drop_tree()
    if safe_href(url):   # after <base> is gone: lxml would resolve against it whatever it is told
        try:
            root.make_links_absolute(url, resolve_base_href=False, handle_failures="discard")
        except ValueError:
            pass
    for el in list(root.iter(etree.Element)):
        _clean_element(el)
        if el is not root and (_local(el.tag) in _UNWRAP or not _NAME.fullmatch(el.tag.lower())):
            el.drop_tag()
    return str(lxml.html.tostring(root, encoding="unicode", method="html"))


def _as_html_bytes(content: bytes) -> tuple[bytes, str] | None:
    """(bytes, charset label) of a page that looks like HTML; None for PDFs, images and the like."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        content = content.decode("utf-16", "replace").encode("utf-8")
    body = content.removeprefix(codecs.BOM_UTF8)
    head = body[:2048].lstrip().lower()
    if not head.startswith(b"<") or b"\x00" in head:
        return None
    return body, choose(body, None)[0]


def inert_page(content: bytes, url: str = "") -> bytes | None:
    """A fetched page made inert (`inert_html`), in UTF-8; None for PDFs, images and anything else not HTML."""
    page = _as_html_bytes(content)
    if page is None:
        return None
    body, codec = page
    try:
        markup = body.decode(codec, "replace")
    except LookupError:
        markup = body.decode("utf-8", "replace")
    cleaned = inert_html(markup, url)
    return cleaned.encode("utf-8") if cleaned is not None else None


def inert_copy(content: bytes, url: str, fetched_at: str) -> bytes | None:
    """The page made inert (`inert_page`), behind a Content-Security-Policy that blocks scripts and every request
    too, with a banner naming the URL and time."""
    body = inert_page(content, url)
    if body is None:
        return None
    banner = html.escape(SNAPSHOT_BANNER.format(url=text(url), at=vn_time(fetched_at)))
    return _fenced(body, f'<div style="{_BANNER_STYLE}" lang="vi">{banner}</div>\n')


def _fenced(body: bytes, banner: str = "") -> bytes:
    """UTF-8 markup behind the CSP (and the banner, in ASCII whatever the page)."""
    prefix = '<meta charset="utf-8">' + \
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="referrer" content="no-referrer">'
    return (prefix + banner).encode("ascii", "xmlcharrefreplace") + body


def write_snapshots(folder: Path, result: Mapping[str, Any], pages: Iterable[Any],
                    read: Callable[[str], bytes]) -> dict[str, str]:
    """Write folder/snapshots/<sha256>.html for each proof page; URL → href relative to the folder."""
    target = folder / FOLDER
    hrefs: dict[str, str] = {}
    for page in proof_pages(result, pages):
        sha = text(_field(page, "sha256"))
        try:
            data = inert_copy(read(sha), text(_field(page, "url")), text(_field(page, "fetched_at")))
        except (KeyError, ValueError, OSError):
            continue
        if data is None:
            continue
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{sha}.html").write_bytes(data)
        hrefs[text(_field(page, "url"))] = f"{FOLDER}/{sha}.html"
    if hrefs:
        (target / INDEX).write_text(json.dumps(hrefs, ensure_ascii=False, indent=1), encoding="utf-8")
    return hrefs


def outcome_reader(pages: Iterable[Any]) -> Callable[[str], bytes]:
    """Bytes by sha256 from PageRecords that carry their content (KeyError when unknown)."""
    contents = {p.sha256: p.content for p in pages if getattr(p, "content", b"")}
    return contents.__getitem__


def copy_snapshots(source: Path, target: Path) -> dict[str, str]:
    """Snapshots written beside an earlier report (its index.json), copied to the target folder."""
    try:
        index = json.loads((source / FOLDER / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    hrefs: dict[str, str] = {}
    for url, href in index.items() if isinstance(index, dict) else ():
        name = Path(str(href)).name
        origin = source / FOLDER / name
        if not origin.is_file() or not name.endswith(".html"):
            continue
        body = inert_page(origin.read_bytes(), str(url))   # a copy written before copies were made inert is
        if body is None:                                     # made inert now (its banner stays, as page text)
            continue
        (target / FOLDER).mkdir(parents=True, exist_ok=True)
        (target / FOLDER / name).write_bytes(_fenced(body))
        hrefs[str(url)] = f"{FOLDER}/{name}"
    if hrefs and source.resolve() != target.resolve():
        (target / FOLDER / INDEX).write_text(json.dumps(hrefs, ensure_ascii=False, indent=1), encoding="utf-8")
    return hrefs
