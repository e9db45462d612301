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


# Generic script pagers: page links call a function (onclick="loadPage(2)") whose body asks an
# endpoint for the page's items with jQuery ($.post/$.get/$.ajax/.load) or fetch().
_CALL = re.compile(r"""^\s*(?:return\s+)?([A-Za-z_$][\w$.]*)\(\s*['"]?(\d{1,4})['"]?\s*\)""")
_OBJECT_PAIR = re.compile(r"""['"]?([A-Za-z_$][\w$]*)['"]?\s*:\s*('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|[A-Za-z_$][\w$]*)""")
_JQ = re.compile(r"""\$\.(post|get)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(\{[^}]*\}))?""")
_AJAX = re.compile(r"""\$\.ajax\(\s*\{(.*?)\}\s*\)""", re.S)
_FETCH = re.compile(r"""(?:fetch|\.load)\(\s*(['"])([^'"]*)\1\s*\+\s*(\w+)""")
_FETCH_TEMPLATE = re.compile(r"""(?:fetch|\.load)\(\s*`([^`$]*)\$\{\s*(\w+)\s*\}([^`]*)`""")


def _function_body(scripts: str, name: str) -> tuple[str, str] | None:
    """(argument, body) of `function name(arg) {...}` or `name = function(arg) {...}`."""
    short = re.escape(name.rsplit(".", 1)[-1])
    m = re.search(rf"function\s+{short}\s*\(\s*(\w+)\s*\)\s*\{{(.*?)\}}\s*(?:$|\n|function|;|<)", scripts, re.S) or \
        re.search(rf"{short}\s*=\s*function\s*\(\s*(\w+)\s*\)\s*\{{(.*?)\}}\s*(?:$|\n|;|<)", scripts, re.S)
    return (m.group(1), m.group(2)) if m else None


def _object(text: str, arg: str) -> dict[str, str] | None:
    """A JavaScript object literal's pairs, the page argument as "{page}"; None if a value is unknown."""
    out = {}
    for key, raw in _OBJECT_PAIR.findall(text):
        if raw == arg:
            out[key] = "{page}"
        elif raw[0] in "'\"":
            out[key] = raw[1:-1]
        elif re.fullmatch(r"-?\d+(?:\.\d+)?", raw):
            out[key] = raw
        else:
            return None
    return out


def _endpoint(body: str, arg: str) -> tuple[str, str, dict[str, str]] | None:
    """(method, URL template, form template) of the request a pager function makes."""
    m = _JQ.search(body)
    if m:
        data = _object(m.group(4) or "{}", arg)
        return (m.group(1).upper(), m.group(3), data) if data is not None else None
    m = _AJAX.search(body)
    if m:
        pairs = _object(re.sub(r"data\s*:\s*\{", "", m.group(1)), arg) or {}
        url = pairs.pop("url", "")
        method = (pairs.pop("type", "") or pairs.pop("method", "") or "GET").upper()
        return (method, url, pairs) if url else None
    m = _FETCH.search(body)
    if m and m.group(3) == arg:           # fetch('/api/news?page=' + n)
        return "GET", m.group(2) + "{page}", {}
    m = _FETCH_TEMPLATE.search(body)
    if m and m.group(2) == arg:           # fetch(`/api/news?page=${n}`)
        return "GET", m.group(1) + "{page}" + m.group(3), {}
    return None


def script_pages(html: str, page_url: str, limit: int, announced: int | None = None) -> list[tuple[str, str, dict[str, str]]]:
    """(method, URL, form) of each further page of a listing paged by a script; [] when none is readable."""
    calls = [_CALL.match(v) for v in re.findall(r"""onclick\s*=\s*["']([^"']+)["']""", html)]
    numbers = [(m.group(1), int(m.group(2))) for m in calls if m]
    if not numbers:
        return []
    name = numbers[0][0]
    scripts = " ".join(re.findall(r"<script[^>]*>(.*?)</script>", html, re.S | re.I))
    found = _function_body(scripts, name)
    request = _endpoint(found[1], found[0]) if found else None
    if request is None:
        return []
    method, template, form = request
    last = min(max([n for fn, n in numbers if fn == name] + [announced or 0]), limit)
    return [(method, urljoin(page_url, template.replace("{page}", str(n))),
             {k: v.replace("{page}", str(n)) for k, v in form.items()}) for n in range(2, last + 1)]
