"""Listings whose further pages only a script loads: VHV-CMS's redraw, and generic pager functions."""
from __future__ import annotations

import base64
import json

from audit.crawl.platforms import redraw_requests, script_pages

PAGER = '<a onclick="loadPage(1)">1</a><a onclick="loadPage(2)">2</a><a onclick="loadPage(4)">Cuối »</a>'


def test_jquery_post_pager() -> None:
    html = PAGER + "<script>function loadPage(n) { $.post('/Services/LoadNews.ashx', {catid: 26, pageIndex: n}, show); }</script>"
    assert script_pages(html, "http://x/tin", 100) == [
        ("POST", "http://x/Services/LoadNews.ashx", {"catid": "26", "pageIndex": str(n)}) for n in (2, 3, 4)]


def test_fetch_pagers_and_ajax() -> None:
    concat = PAGER + "<script>function loadPage(n) { fetch('/api/news?cat=74&page=' + n).then(show); }</script>"
    assert script_pages(concat, "http://x/tin", 3)[-1] == ("GET", "http://x/api/news?cat=74&page=3", {})
    template = '<a onclick="go(2)">2</a><script>function go(p) { fetch(`/api/x?page=${p}&c=1`) }</script>'
    assert script_pages(template, "http://x/tin", 9) == [("GET", "http://x/api/x?page=2&c=1", {})]
    ajax = ('<a onclick="trang(2)">2</a><script>function trang(k) { $.ajax({url: "/ajax/list.php", type: "POST", '
            'data: {cat: "tin-tuc", p: k}}); }</script>')
    assert script_pages(ajax, "http://x/tin", 9) == [("POST", "http://x/ajax/list.php", {"cat": "tin-tuc", "p": "2"})]


def test_unreadable_scripts_give_nothing() -> None:
    assert script_pages(PAGER + "<script>function loadPage(n) { magic(n); }</script>", "http://x/t", 9) == []
    assert script_pages('<a href="/t?page=2">2</a>', "http://x/t", 9) == []


def test_vhv_redraw() -> None:
    settings = base64.b64encode(json.dumps({"itemsPerPage": 10, "totalItems": 35, "pageNo": 1}).encode()).decode()
    html = f"<div data-s='{settings}'></div><script>var u = '/?module=Content.Listing&cmd=redraw';</script>"
    pages = redraw_requests(html, "http://x/tin.html", 80)
    assert [form["pageNo"] for _, form in pages] == ["2", "3", "4"]
