"""Forms and administrative procedures: leave and re-marking requests, admission information."""
from __future__ import annotations

import re
from typing import Any

from audit.detect import Page
from audit.detect.links import links
from audit.findings import Finding
from audit.text import fold
from audit.vocabulary import FORM_EXCLUDE, FORM_FILE_SUFFIXES, FORM_RULES


def classify_form(text: str) -> str | None:
    """The form kind a link text, file name or heading names; None for anything else."""
    folded = fold(re.sub(r"[-_.]+", " ", text))
    for kind, groups in FORM_RULES.items():
        if all(any(w in folded for w in group) for group in groups) \
                and not any(w in folded for w in FORM_EXCLUDE[kind]):
            return kind
    return None


def detect_forms(pages: list[Page], titled: list[tuple[str, str]], menu: frozenset[str] = frozenset()) -> Finding:
    """The `forms` finding: the first link (file or page) or post of each kind, with its URL.

    Menu links and page headings name sections ("Thủ tục hành chính", "Tuyển sinh"), not the
    forms themselves, so they prove nothing; the items inside those sections do.
    """
    found: dict[str, dict[str, Any]] = {}

    def add(kind: str | None, url: str, title: str, how: str) -> None:
        if kind and kind not in found:
            found[kind] = {"kind": kind, "url": url, "title": title, "as": how}

    for page in pages:
        for link in links(page.html, page.url):
            if link.url in menu:
                continue
            how = "file" if link.url.lower().endswith(FORM_FILE_SUFFIXES) else "page"
            add(classify_form(link.folded), link.url, link.text, how)
    for title, url in titled:
        add(classify_form(title), url, title, "post")
    items = sorted(found.values(), key=lambda i: list(FORM_RULES).index(i["kind"]))
    return Finding(values={"found": [i["kind"] for i in items], "items": items},
                   evidence=tuple(i["url"] for i in items))
