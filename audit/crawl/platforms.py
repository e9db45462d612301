"""Platform fast paths (pure): listings whose further pages need more than a link.

VHV-CMS paginates in JavaScript: page links are not in the HTML; the list's settings are
embedded as base64 JSON (itemsPerPage, totalItems, pageNo) and further pages come from a POST
to a `cmd=redraw` URL with `pageNo`. Generic discovery still runs for every other site.
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Any
from urllib.parse import urljoin

_B64 = re.compile(r"[A-Za-z0-9+/]{40,}={0,2}")
_REDRAW = re.compile(r"""['"]([^'"\s]*cmd=redraw[^'"\s]*)['"]""")


def _settings(html: str) -> tuple[str, dict[str, Any]] | None:
    for m in _B64.finditer(html):
        try:
            data = json.loads(base64.b64decode(m.group(0), validate=True))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and "itemsPerPage" in data and "totalItems" in data:
            return m.group(0), data
    return None


def redraw_requests(html: str, page_url: str, limit: int) -> list[tuple[str, dict[str, str]]]:
    """(URL, form) of each further page of a VHV listing, at most `limit`; [] for other sites."""
    found = _settings(html)
    redraw = _REDRAW.search(html)
    if not found or not redraw:
        return []
    encoded, data = found
    try:
        pages = math.ceil(int(data["totalItems"]) / max(1, int(data["itemsPerPage"])))
    except (TypeError, ValueError):
        return []
    url = urljoin(page_url, redraw.group(1))
    return [(url, {"settings": encoded, "pageNo": str(n)}) for n in range(2, min(pages, limit) + 1)]
