"""Issue 14 item 8: saved page copies are inert — no meta refresh, script, base, frame, form or handler survives,
so a copy opened from disk (report.html's snapshots/) or on the desk stays where it is."""
from __future__ import annotations

import hashlib
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from audit.config import load_settings
from audit.crawl.outcome import CrawlOutcome, PageRecord
from audit.report.snapshots import inert_copy, inert_html, outcome_reader, write_snapshots
from audit.review import create_app
from audit.review.passwords import hash_password
from audit.store import Store
from tests.browser import chromium, chromium_path

URL = "http://thcs-a.edu.vn/cong-khai/"
PASSWORD = "mot-mat-khau-dai"
HOSTILE = """<!DOCTYPE html><html><head>
<meta http-equiv="refresh" content="0;url=https://evil.example/">
<META HTTP-EQUIV="Refresh" CONTENT="1; URL=javascript:window.__pwned=1">
<base href="https://evil.example/"><link rel="prefetch" href="https://evil.example/p">
<title>Công khai</title><script>window.__pwned = 1; location = "https://evil.example/"</script>
<style>h1 { color: #234 } body { background: url(/nen.png) }</style></head>
<body onload="window.__pwned = 2; location = 'https://evil.example/'">
<h1 onclick="window.__pwned=3" style="background:url(/tieu-de.png)">Công khai năm học 2021-2022</h1>
<img src="/logo.png" srcset="/logo-2x.png 2x" alt="Logo trường"><video poster="/p.png" src="/v.mp4"></video>
<p>Kế hoạch số <a href="/van-ban/12-kh.pdf">12/KH-THCS</a> và <a href="java&#x09;script:window.__pwned=4">xem</a>.</p>
<iframe src="https://evil.example/frame"></iframe><frameset><frame src="https://evil.example/f"></frameset>
<object data="https://evil.example/o"></object><embed src="https://evil.example/e">
<form action="https://evil.example/login" method="post"><input name="u" autofocus onfocus="window.__pwned=5">
<button formaction="https://evil.example/b">Gửi ý kiến</button></form>
<img src="x" onerror="window.__pwned=6"><svg><a xlink:href="javascript:window.__pwned=7"><text>svg</text></a>
<style><img src=x onerror="window.__pwned=8"></style><animate attributeName="href" to="javascript:alert(1)"/></svg>
<!-- <script>window.__pwned=9</script> --><noscript><meta http-equiv="refresh" content="0;url=https://evil.example/n">
</noscript></body></html>"""
GONE = ("http-equiv", "refresh", "<script", "<base", "<iframe", "<frame", "<object", "<embed", "<form", "<input",
        "formaction", "onload", "onclick", "onerror", "onfocus", "javascript", "evil.example", "<link", "<!--",
        "<animate", "<noscript", "__pwned")


def _body(copy: bytes) -> str:
    """The page part of a saved copy (after our CSP and banner)."""
    return copy.decode("utf-8").split("</div>\n", 1)[1]


def _write(folder: Path) -> Path:
    content = HOSTILE.encode("utf-8")
    sha = hashlib.sha256(content).hexdigest()
    pages = [PageRecord(URL, "disclosure", 200, "2022-06-05T01:00:00+07:00", sha, content)]
    result = {"school": {"url": "http://thcs-a.edu.vn/"}, "crawl": {"final_url": "http://thcs-a.edu.vn/"},
              "criteria": [{"id": "1.1", "evidence": [URL]}]}
    hrefs = write_snapshots(folder, result, pages, outcome_reader(pages))
    return folder / hrefs[URL]


def test_the_saved_copy_keeps_nothing_that_moves_or_runs(tmp_path: Path) -> None:
    saved = _write(tmp_path)
    data = saved.read_bytes()
    assert data.startswith(b'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')
    assert b"B&#7843;n l&#432;u c&#7911;a m&#225;y thu th&#7853;p" in data   # the banner stays
    body = _body(data).lower()
    for word in GONE:
        assert word.lower() not in body, word
    page = _body(data)
    assert "Công khai năm học 2021-2022" in page and "Gửi ý kiến" in page and "<style>h1 { color: #234 }" in page
    assert '<a href="http://thcs-a.edu.vn/van-ban/12-kh.pdf">12/KH-THCS</a>' in page   # links readable, absolute
    assert re.search(r"<a>xem</a>", page) and '<img alt="Logo trường">' in page   # images: their alt text


@pytest.mark.parametrize("markup", [
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<svg><style><img src=x onerror="alert(1)"></style></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<a href=" &#14;javascript:alert(1)">x</a>', '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<div style="x" onmouseover="alert(1)">x</div>', '<isindex action="javascript:alert(1)">',
    '<template><script>alert(1)</script></template>', '<?xml-stylesheet href="https://evil.example/x"?><p>x</p>',
    '<div =onclick=alert(1)>x</div>', '<a\x0conclick=alert(1)>x</a>', '<img/onerror=alert(1) src=x>',
    '<p style="background:u\\72l(https://evil.example/)">x</p>', '<style>@import "https://evil.example/x.css";</style>'])
def test_inert_html_leaves_no_way_to_run_or_move(markup: str) -> None:
    out = inert_html(markup, URL)
    assert out is not None
    for word in ("refresh", "<script", "onerror", "onmouseover", "onclick", "javascript", "data:", "evil.example",
                 "src="):
        assert word not in out.lower(), (word, out)


def test_a_page_that_is_no_html_is_not_copied() -> None:
    assert inert_copy(b"%PDF-1.7 ...", URL, "") is None
    assert inert_copy(b"", URL, "") is None


def test_the_desk_serves_the_copy_inert(tmp_path: Path) -> None:
    settings = replace(load_settings(env={}), data_dir=tmp_path / "var", database_url=f"sqlite:///{tmp_path / 'a.db'}")
    content = HOSTILE.encode("utf-8")
    sha = hashlib.sha256(content).hexdigest()
    with Store(settings) as store:
        store.upsert_school("a", "THCS A", "http://thcs-a.edu.vn/", "tdm-2021-2022-school", district="Dĩ An")
        run = store.start_run("a", "2021-2022", "n1")
        store.save_crawl(run, CrawlOutcome(start_url="http://thcs-a.edu.vn/", final_url="http://thcs-a.edu.vn/",
                                           pages=[PageRecord(URL, "disclosure", 200, "2022-06-05T01:00:00+07:00", sha,
                                                             content)],
                                           errors=[], started_at="2022-06-05T01:00:00+07:00",
                                           finished_at="2022-06-05T01:05:00+07:00"))
        store.add_user("an", hash_password(PASSWORD), "reviewer", ["Dĩ An"])
        client = create_app(settings, store).test_client()
        found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert found
        client.post("/login", data={"csrf_token": found.group(1), "username": "an", "password": PASSWORD})
        shot = client.get(f"/snapshot/{sha}")
        assert shot.status_code == 200 and shot.content_type == "text/html; charset=utf-8"
        assert shot.headers["Content-Security-Policy"].startswith("sandbox")
        body = shot.get_data(as_text=True)
        for word in GONE:
            assert word.lower() not in body.lower(), word
        assert "Công khai năm học 2021-2022" in body and "http://thcs-a.edu.vn/van-ban/12-kh.pdf" in body


def test_the_copy_opened_from_disk_stays_put(tmp_path: Path) -> None:
    if chromium_path() is None:
        pytest.skip("no Chromium installed (scripts/setup.sh installs it)")
    saved = _write(tmp_path)
    requests: list[str] = []
    dialogs: list[str] = []
    with chromium() as browser:
        page: Any = browser.new_page()
        page.on("request", lambda r: requests.append(r.url))
        def dismiss(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto(saved.as_uri())
        page.wait_for_load_state("load")
        deadline = time.monotonic() + 2.5   # a refresh of 0 or 1 s would have fired by then
        while time.monotonic() < deadline:
            assert page.url == saved.as_uri()
            page.wait_for_timeout(250)
        assert page.evaluate("window.__pwned") is None
        assert "Công khai năm học 2021-2022" in page.inner_text("body")
        assert page.evaluate("document.querySelectorAll('iframe, frame, object, embed, form, base').length") == 0
    assert requests == [saved.as_uri()] and dialogs == []
