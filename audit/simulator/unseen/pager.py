"""Pager markup: numbered, windowed, next-only, "Trang 1/12", JavaScript-only, or none."""
from __future__ import annotations

from audit.simulator.unseen.fmt import esc
from audit.simulator.unseen.spec import DOCUMENT, Section
from audit.simulator.unseen.urls import Urls


def _link(urls: Urls, sec: Section, n: int, text: str) -> str:
    """A link to page n (page 1 sometimes linked explicitly as ?page=1)."""
    explicit = n == 1 and urls.lay.page1_explicit and sec.kind != DOCUMENT
    return f'<a href="{esc(urls.page(sec, n, explicit))}">{text}</a>'


def _numbers(urls: Urls, sec: Section, n: int, numbers: list[int | None]) -> str:
    """Page numbers (None is an ellipsis), the current one unlinked."""
    out = []
    for i in numbers:
        out.append("<span>…</span>" if i is None else f'<span class="active">{i}</span>' if i == n
                   else _link(urls, sec, i, str(i)))
    return " ".join(out)


def _window(n: int, total: int) -> list[int | None]:
    """1 … n-2 n-1 n n+1 n+2 … total, at least 1-5 at the start."""
    lo, hi = max(1, min(n - 2, total - 4)), min(total, max(n + 2, 5))
    shown: list[int | None] = [1] if lo > 1 else []
    if lo > 2:
        shown.append(None)
    shown += list(range(lo, hi + 1))
    if hi < total - 1:
        shown.append(None)
    return shown + ([total] if hi < total else [])


def link_pager(urls: Urls, sec: Section, n: int, total: int, kind: str, cls: str) -> str:
    """A pager made of plain links."""
    if total <= 1:
        return ""
    nxt = _link(urls, sec, n + 1, "»") if n < total else ""
    prev = _link(urls, sec, n - 1, "«") if n > 1 else ""
    if kind == "numbered" or sec.kind == DOCUMENT:
        body = f"{prev} {_numbers(urls, sec, n, list(range(1, total + 1)))} {nxt}"
    elif kind == "windowed":
        body = f"{prev} {_numbers(urls, sec, n, _window(n, total))} {nxt}"
    elif kind == "next_only":
        label = urls.lay.next_label or "Trang sau"
        body = _link(urls, sec, n + 1, label) if n < total else ""
    else:
        back = _link(urls, sec, n - 1, "‹ Trang trước") if n > 1 else ""
        ahead = _link(urls, sec, n + 1, "Trang sau ›") if n < total else ""
        body = f"<span>Trang {n}/{total}</span> {back} {ahead}"
    return f'<div class="{cls}">{body}</div>'


def js_pager(urls: Urls, sec: Section, total_pages: int, total_items: int, cls: str) -> str:
    """A JavaScript-only pager: onclick page numbers without hrefs and the loader script."""
    ep = urls.endpoint(sec)
    if ep is None or total_pages <= 1:
        return ""
    numbers = "".join(f'<li><a class="pg-link" onclick="loadPage({i})">{i}</a></li>'
                      for i in range(1, min(total_pages, 10) + 1))
    more = f'<li><a onclick="loadPage({total_pages})">Cuối »</a></li>' if total_pages > 10 else ""
    if ep.method == "GET":
        query = "&".join(f"{k}={v}" for k, v in ep.params.items()).replace("{page}", "' + n + '")
        fetch = f"fetch('{ep.path}?{query}')".replace(" + ''", "")
        call = fetch + ".then(function (r) { return r.text(); }).then(show);"
    else:
        data = ", ".join(f"{k}: {'n' if v == '{page}' else v}" for k, v in ep.params.items())
        call = f"$.post('{ep.path}', {{{data}}}, show);"
    script = ("<script>function show(html) { document.getElementById('news-list').innerHTML = html; }\n"
              f"function loadPage(n) {{ {call} }}</script>")
    count = (f'<div class="tong-so">Tổng số: {total_items} tin</div>' if urls.lay.js_total == "text" else "")
    return f'{count}<ul class="{cls}">{numbers}{more}</ul>{script}'
