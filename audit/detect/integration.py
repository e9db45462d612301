"""Integration in a parent portal: served under its domain, listed in its school directory."""
from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import urlsplit

from audit.detect.links import links
from audit.findings import Finding, not_tested


def _host(url: str) -> str:
    return (urlsplit(url).netloc or "").lower().removeprefix("www.")


def listed_in(directory_html: bytes | str, directory_url: str, school_url: str) -> bool:
    """True when the directory page links to the school's host."""
    host = _host(school_url)
    return any(_host(link.url) == host for link in links(directory_html, directory_url))


def integration_share(results: Iterable[dict[str, Any]], domain: str) -> Finding:
    """District sheets (000 4.2): the share of the district's schools served under the domain."""
    hosts = [urlsplit(r["school"]["url"]).hostname or "" for r in results]
    if not hosts:
        return not_tested("chưa có kết quả của trường nào trong quận/huyện")
    inside = [h for h in hosts if h == domain or h.endswith("." + domain)]
    return Finding(values={"share": round(100 * len(inside) / len(hosts), 2), "integrated": len(inside),
                           "schools": len(hosts)})
