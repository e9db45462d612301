"""Stored copies of the proof pages beside a report, made inert for viewing (no scripts, nothing fetched)."""
from __future__ import annotations

import codecs
import html
import json
import shutil
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

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


def _as_html_bytes(content: bytes) -> tuple[bytes, str] | None:
    """(bytes, charset label) of a page that looks like HTML; None for PDFs, images and the like."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        content = content.decode("utf-16", "replace").encode("utf-8")
    body = content.removeprefix(codecs.BOM_UTF8)
    head = body[:2048].lstrip().lower()
    if not head.startswith(b"<") or b"\x00" in head:
        return None
    return body, choose(body, None)[0]


def inert_copy(content: bytes, url: str, fetched_at: str) -> bytes | None:
    """The page's raw bytes behind a Content-Security-Policy that blocks scripts and every request, with a banner."""
    page = _as_html_bytes(content)
    if page is None:
        return None
    body, codec = page
    banner = html.escape(SNAPSHOT_BANNER.format(url=text(url), at=vn_time(fetched_at)))
    prefix = f'<meta charset="{codec}">' + \
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><meta name="referrer" content="no-referrer">' + \
        f'<div style="{_BANNER_STYLE}" lang="vi">{banner}</div>\n'
    return prefix.encode("ascii", "xmlcharrefreplace") + body


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
        if source.resolve() != target.resolve():
            (target / FOLDER).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(origin, target / FOLDER / name)
        hrefs[str(url)] = f"{FOLDER}/{name}"
    if hrefs and source.resolve() != target.resolve():
        (target / FOLDER / INDEX).write_text(json.dumps(hrefs, ensure_ascii=False, indent=1), encoding="utf-8")
    return hrefs
