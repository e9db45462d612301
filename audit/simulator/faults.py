"""Faults layered over a template: errors, slowness, redirects, broken markup, charset."""
from __future__ import annotations

import re
import threading
import time
import zlib

from audit.simulator.base import Request, Response, Site

SLOW_SECONDS = 3.0
REDIRECT_TO = {"vhv": "/trang-chu.html", "generic": "/Default.aspx", "hcm": "/Home/Index"}
_ERROR = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lỗi máy chủ</title></head>'
          "<body><h1>500 - Internal server error.</h1><p>Đã xảy ra lỗi, vui lòng thử lại sau.</p>"
          "</body></html>")


class FaultState:
    """Per-server memory: which flaky pages have already failed once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.failed: set[str] = set()

    def first_time(self, key: str) -> bool:
        """True the first time a key is seen."""
        with self.lock:
            if key in self.failed:
                return False
            self.failed.add(key)
            return True


def redirect_target(site: Site) -> str:
    """Where the redirect fault sends the home page."""
    return REDIRECT_TO.get(site.portal.template, "/trang-chu/")


def is_flaky(key: str) -> bool:
    """Home and about a third of the other pages fail on their first request."""
    return key == "/" or zlib.crc32(key.encode()) % 3 == 0


def respond(site: Site, req: Request, state: FaultState) -> Response:
    """The template's answer with the portal's faults applied."""
    faults = site.portal.faults
    key = req.path + ("?" + "&".join(f"{k}={v}" for k, v in req.query.items()) if req.query else "")
    if "http500" in faults or ("flaky500" in faults and is_flaky(key) and state.first_time(key)):
        return after(site, Response(_ERROR, status=500))
    if "slow" in faults and key == site.main_listing(2):
        time.sleep(SLOW_SECONDS)
    if "redirect" in faults:
        if req.path == "/" and not req.query and req.method in ("GET", "HEAD"):
            location = f"http://{req.host}{redirect_target(site)}"
            return Response("", status=301, headers={"Location": location})
        if req.path == redirect_target(site):
            req.path = "/"
    return after(site, site.handle(req))


def after(site: Site, resp: Response) -> Response:
    """Break markup and lie about the charset where the portal says so."""
    faults = site.portal.faults
    if "broken_html" in faults and resp.ctype.startswith("text/html") and isinstance(resp.body, str):
        resp.body = break_html(resp.body)
    if "wrong_charset" in faults and "charset=" in resp.ctype:
        resp.ctype = re.sub(r"charset=[\w-]+", "charset=iso-8859-1", resp.ctype)
    return resp


def break_html(page: str) -> str:
    """Unclosed tags, stray closing tags and a missing </html>, as old editors leave them."""
    page = page.replace("</li>", "").replace("</p>", "").replace("</html>", "")
    page = page.replace("<body>", '<body></div><div class="wrapper"><center>', 1)
    page = re.sub(r"</h(\d)>", r"</h\1></div>", page, count=3)
    return page.replace("</ul>", "</ul><b><font color=red>", 2)
