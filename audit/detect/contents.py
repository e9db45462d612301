"""Portal contents (TT 37/2020, TT 53/2012; the Long Biên sheet): which sections exist, where."""
from __future__ import annotations

from audit.detect import Page
from audit.detect.links import headings
from audit.extract.discovery import Section, classify
from audit.findings import Finding
from audit.vocabulary import PORTAL_SECTIONS, SECTION_KIND_TO_CONTENT


def detect_contents(sections: list[Section], answered: set[str], intro_pages: list[Page]) -> Finding:
    """Present sections with the URL proving each: a menu link whose page answered (or that
    robots.txt kept us from reading), or a heading of the introduction page ("Ban Giám hiệu",
    "Liên hệ") where there is no page of its own."""
    present: dict[str, str] = {}
    for s in sections:
        key = SECTION_KIND_TO_CONTENT.get(s.kind)
        if key and key not in present and s.url in answered:
            present[key] = s.url
    for page in intro_pages:
        for heading in headings(page.html):
            key = SECTION_KIND_TO_CONTENT.get(classify(heading) or "")
            if key and key not in present:
                present[key] = page.url
    ordered = [k for k in PORTAL_SECTIONS if k in present]
    missing = [k for k in PORTAL_SECTIONS if k not in present]
    return Finding(values={"present": ordered, "missing": missing, "urls": {k: present[k] for k in ordered}},
                   evidence=tuple(present[k] for k in ordered))
