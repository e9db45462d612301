"""Roots that only forward: meta refresh, a script, frames, a one-link "moved" page; a home never forwards."""
from __future__ import annotations

import pytest

from audit.extract.forward import forward_target

BASE = "http://t.edu.vn/"


@pytest.mark.parametrize("html, target", [
    ('<html><head><meta http-equiv="refresh" content="0; url=/vi/"></head><body></body></html>', BASE + "vi/"),
    ("<html><head><META HTTP-EQUIV='Refresh' CONTENT='2;URL=Default.aspx'></head></html>", BASE + "Default.aspx"),
    ("<html><body><script>window.location.href = '/Default.aspx';</script></body></html>", BASE + "Default.aspx"),
    ('<html><body><script>location.replace("/home.html")</script>Đang chuyển…</body></html>', BASE + "home.html"),
    ('<frameset rows="80,*"><frame name="top" src="/top.htm"><frame name="main" src="/trang-chu.htm"></frameset>',
     BASE + "trang-chu.htm"),
    ('<html><body style="margin:0"><iframe src="/portal/index.html" width="100%"></iframe></body></html>',
     BASE + "portal/index.html"),
    ('<html><body><h3>Trang đã chuyển</h3><a href="https://thcs-a.edu.vn/">Bấm vào đây</a></body></html>',
     "https://thcs-a.edu.vn/"),
])
def test_forwarding_roots(html: str, target: str) -> None:
    assert forward_target(html, BASE) == target


def test_a_home_with_a_menu_never_forwards() -> None:
    menu = "".join(f'<li><a href="/c{i}">Mục {i}</a></li>' for i in range(8))
    html = f'<html><head><meta http-equiv="refresh" content="300"></head><body><ul>{menu}</ul></body></html>'
    assert forward_target(html, BASE) is None
    assert forward_target('<meta http-equiv="refresh" content="0; url=/">', BASE) is None   # to itself


def test_a_one_link_menu_is_no_moved_page() -> None:
    assert forward_target('<html><body><a href="/tin-tuc/">Tin tức</a></body></html>', BASE) is None
